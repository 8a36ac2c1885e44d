#!/usr/bin/env bash
# A veth pair for the tests of net_if_stats(), net_if_addrs() and net_io_counters().
#
# A CI machine's one NIC is a virtual one with no speed or duplex, so the tests that
# compare those with sysfs and psutil only ever see 0 and "unknown". The steps that compare
# them (40-cargo-test, 60-python) add a veth pair for their run: both ends up with an MTU
# of 1400 (veth reports 10000 Mb/s, full duplex), psrs0 with an IPv4 /30 and an IPv6 /64
# of the documentation ranges, and one datagram sent through it:
#
#     eval "$(bash scripts/test-nic.sh up)"   # exports PSUTIL_RS_TEST_NIC=psrs0
#     bash scripts/test-nic.sh down
#
# Without root, or where the kernel has no veth, it says so on stderr, exports nothing
# and exits 0. `down` deletes the pair (both ends go with either).
set -uo pipefail
NIC=psrs0
PEER=psrs1
note() { echo "test-nic: $*" >&2; }

up() {
  if [ "$(id -u)" -ne 0 ]; then
    note "NOT adding a veth pair (not root); NIC tests compare this machine's NICs only"
    return 0
  fi
  ip link del "$NIC" 2>/dev/null  # a pair left by an interrupted run
  if ! err=$(ip link add "$NIC" mtu 1400 type veth peer name "$PEER" mtu 1400 2>&1); then
    note "NOT adding a veth pair ($err); NIC tests compare this machine's NICs only"
    return 0
  fi
  ip addr add 198.51.100.1/30 broadcast 198.51.100.3 dev "$NIC" &&
    ip addr add 2001:db8:5:1::1/64 dev "$NIC" nodad &&
    ip link set "$PEER" up && ip link set "$NIC" up || { down; echo "test-nic: configuring $NIC failed" >&2; exit 1; }
  for _ in $(seq 100); do
    [ "$(cat /sys/class/net/$NIC/operstate)" = up ] && break
    sleep 0.05
  done
  # To a neighbour that is not there: the ARP request goes out of psrs0 into psrs1.
  echo probe 2>/dev/null > /dev/udp/198.51.100.2/9
  for _ in $(seq 100); do
    [ "$(cat /sys/class/net/$PEER/statistics/rx_packets)" -gt 0 ] && break
    sleep 0.05
  done
  [ "$(cat /sys/class/net/$NIC/operstate)" = up ] && [ "$(cat /sys/class/net/$PEER/statistics/rx_packets)" -gt 0 ] \
    || { down; echo "test-nic: $NIC is not up, or $PEER received nothing" >&2; exit 1; }
  echo "export PSUTIL_RS_TEST_NIC=$NIC"
  note "added $NIC<->$PEER ($(cat /sys/class/net/$NIC/speed) Mb/s, $(cat /sys/class/net/$NIC/duplex) duplex)"
}

down() {
  [ "$(id -u)" -eq 0 ] || return 0
  ip link del "$NIC" 2>/dev/null && note "deleted $NIC<->$PEER"
  return 0
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
