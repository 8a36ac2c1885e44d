#!/usr/bin/env bash
# psutil exporter, live: side by side with Debian's prometheus-node-exporter and
# prometheus-process-exporter, `promtool check metrics`, Python's prometheus-client
# OpenMetrics parser, a real Prometheus server scraping it, and a short load run
# (scripts/exporter/live_check.py; the golden fixture test runs in `cargo test`).
# node_exporter and ours are compared on a machine given swap in use and a veth pair with a
# speed and duplex (machine.sh.inc), not only on a CI VM's zeros.
set -uo pipefail
. scripts/test.d/lib.sh.inc

pkgs=(prometheus prometheus-node-exporter prometheus-process-exporter python3-prometheus-client)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  # Keep the packages' services from starting (no exporter or server left running).
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1; fi
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/psutil-exporter-apt.log 2>&1; then
    loud "apt-get install ${missing[*]} was REFUSED or failed (see /tmp/psutil-exporter-apt.log): the checks that need them are SKIPPED"
  fi
  [ "$added_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

checks=()
if command -v prometheus-node-exporter >/dev/null; then checks+=(node fixture); else loud "no prometheus-node-exporter: side-by-side check SKIPPED"; fi
if command -v promtool >/dev/null; then checks+=(promtool); else loud "no promtool: lint SKIPPED"; fi
if /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then checks+=(openmetrics); else loud "no python3-prometheus-client: OpenMetrics parse check SKIPPED"; fi
if command -v prometheus >/dev/null; then checks+=(prometheus); else loud "no prometheus: server check SKIPPED"; fi
if command -v prometheus-process-exporter >/dev/null; then checks+=(process); else loud "no prometheus-process-exporter: process-group side-by-side SKIPPED"; fi
checks+=(load)

run cargo build -q -p psutil-cli
. scripts/test.d/machine.sh.inc
run timeout 600 /usr/bin/python3 scripts/exporter/live_check.py "${checks[@]}" --load-clients 50 --load-seconds 5
finish
