#!/usr/bin/env bash
# Runs every test of psutil-rs. Each step is one script in scripts/test.d/, run in name
# order from the repository root; a failing step is recorded and the next one still runs.
# Steps install what they need; an install that is refused is reported loudly and the
# step skips only what needed it. The time of each step is printed as it ends and again
# in the summary, so the whole run can be kept well inside CI's limit.
#   bash scripts/test.sh            every step
#   bash scripts/test.sh fmt clippy only the steps whose names contain one of the words
set -uo pipefail
cd "$(dirname "$0")/.."
export PSUTIL_RS_ROOT=$PWD

failures=()
summary=()
start_all=$SECONDS
for step in scripts/test.d/*.sh; do
  name=$(basename "$step" .sh)
  if [ $# -gt 0 ]; then
    wanted=0
    for w in "$@"; do [[ $name == *"$w"* ]] && wanted=1; done
    [ $wanted -eq 1 ] || continue
  fi
  printf '\n==> %s\n' "$name"
  t0=$SECONDS
  bash "$step"
  rc=$?
  dt=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then verdict=ok; else verdict="FAILED (exit $rc)"; failures+=("$name"); fi
  printf '<== %s: %s in %d s\n' "$name" "$verdict" "$dt"
  summary+=("$(printf '%-28s %6d s  %s' "$name" "$dt" "$verdict")")
done

printf '\nsteps (total %d s):\n' "$((SECONDS - start_all))"
printf '  %s\n' "${summary[@]}"
if [ ${#failures[@]} -gt 0 ]; then
  printf '\nFAILED steps: %s\n' "${failures[*]}" >&2
  exit 1
fi
printf '\nall test steps passed\n'
