#!/usr/bin/env bash
# Installs the system tools the live tests use as independent oracles (procps, iproute2,
# util-linux, coreutils). Does nothing when they are all present.
set -uo pipefail
need=()
for pair in free:procps vmstat:procps ps:procps pmap:procps ss:iproute2 ip:iproute2 \
            nproc:coreutils df:coreutils who:coreutils lscpu:util-linux prlimit:util-linux \
            taskset:util-linux ionice:util-linux setpriv:util-linux setsid:util-linux mkswap:util-linux \
            swapon:mount script:bsdutils uptime:procps getconf:libc-bin; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[ ${#need[@]} -eq 0 ] && exit 0
pkgs=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
echo "installing: $pkgs"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs
