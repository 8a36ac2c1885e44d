#!/usr/bin/env bash
# A quick run of the live-monitor benchmark (bench/tui/top_cpu.sh) with tiny parameters,
# on the debug binary the cargo-test step built: the script works and reports both tops.
# (The monitors themselves are tested under a pty by crates/psutil-cli/tests/monitor_*.rs
# in the cargo-test step.) The real figures are in docs/performance.md.
set -uo pipefail
. scripts/test.d/lib.sh.inc
missing=()
command -v script >/dev/null || missing+=(bsdutils)
command -v top >/dev/null || missing+=(procps)
if [ ${#missing[@]} -gt 0 ]; then
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || loud "apt-get refused ${missing[*]}: the top benchmark smoke run is SKIPPED"
fi
if command -v script >/dev/null && command -v top >/dev/null; then
  [ -x target/debug/psutil ] || run cargo build -p psutil-cli --locked
  out=$(PSUTIL=target/debug/psutil timeout -k 10 300 bash bench/tui/top_cpu.sh 20 2 0.5 2>&1)
  echo "$out"
  for line in "psutil top (pty" "procps top -b"; do
    grep -q "^$line.* s CPU .* % of one CPU" <<<"$out" || failures+=("top_cpu.sh printed no '$line' figure")
  done
fi
finish
