#!/usr/bin/env bash
# The long fuzz run recorded in docs/reliability.md: every target, one at a time, to
# RUNS executions (default 10 million) at nice 19, built without a sanitizer (about 6x
# the executions per second of an ASan build; the smoke step runs every target under
# ASan) and with debug assertions (overflow checks) on. Seeds the corpora first.
# With DEADLINE (epoch seconds) set, each target also stops after its share of the time
# left (time left / targets left), so that every target gets a run before the deadline.
# Prints one markdown table row per target; the logs go to fuzz/logs/.
# Usage: fuzz/long_run.sh [TARGET...]   (env RUNS, MAX_LEN, DEADLINE, NICE (default 19);
# NO_BUILD=1 keeps the built binaries)
set -uo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-10000000}
MAX_LEN=${MAX_LEN:-8192}
NICE=${NICE:-19}
python3 seed_corpus.py corpus >/dev/null
[ -n "${NO_BUILD:-}" ] || cargo +nightly fuzz build -O -a -s none --target-dir target/long >/dev/null 2>&1 \
  || { echo "build failed" >&2; exit 1; }
bin=target/long/x86_64-unknown-linux-gnu/release
mkdir -p logs artifacts
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
echo "| target | executions | time (s) | exec/s | corpus (files / bytes) | crashes | OOM | timeouts |"
echo "|---|---|---|---|---|---|---|---|"
left=${#targets[@]}
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$(date +%s)
  budget=()
  if [ -n "${DEADLINE:-}" ]; then
    budget=(-max_total_time=$(( (DEADLINE - start) / left > 10 ? (DEADLINE - start) / left : 10 )))
  fi
  left=$(( left - 1 ))
  nice -n "$NICE" "$bin/$t" "${budget[@]}" -runs="$RUNS" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" "corpus/$t" >"logs/$t.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(grep -m1 -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "logs/$t.log" || echo 0)
  files=$(ls "corpus/$t" | wc -l)
  bytes=$(cat "corpus/$t"/* 2>/dev/null | wc -c)
  crashes=$(ls "artifacts/$t" | grep -c '^crash-')
  ooms=$(ls "artifacts/$t" | grep -c '^oom-')
  timeouts=$(ls "artifacts/$t" | grep -c '^timeout-')
  echo "| $t | $execs | $secs | $(( execs / (secs > 0 ? secs : 1) )) | $files / $bytes | $crashes | $ooms | $timeouts |$( [ $rc -ne 0 ] && echo " exit $rc" )"
done
