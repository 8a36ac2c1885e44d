#!/usr/bin/env bash
# Runs every test of psutil-rs. Each step is one script in scripts/test.d/, run in name
# order from the repository root; a failing step is recorded and the next one still runs.
# Steps install what they need; an install that is refused is reported loudly and the
# step skips only what needed it. The time of each step is printed as it ends and again
# in the summary, so the whole run can be kept well inside CI's limit.
#   bash scripts/test.sh            every step
#   bash scripts/test.sh fmt clippy only the steps whose names contain one of the words
#
# Guards that keep a run finite whatever a step does:
# - each step runs under `timeout` (STEP_LIMIT seconds, default 1500), which kills the
#   step's whole process group when it expires;
# - once the run has used TOTAL_BUDGET seconds (default 3300), the remaining steps are
#   not started and count as failed;
# - after each step, a process the step left behind that still holds this run's output
#   pipe (a reader such as CI waits for that pipe's end) is named and killed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PSUTIL_RS_ROOT=$PWD
STEP_LIMIT=${STEP_LIMIT:-1500}
TOTAL_BUDGET=${TOTAL_BUDGET:-3300}
. scripts/test.d/leftovers.sh.inc

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
  if [ $((SECONDS - start_all)) -ge "$TOTAL_BUDGET" ]; then
    printf '\n!!! %s NOT RUN: the run has used its %d s budget\n' "$name" "$TOTAL_BUDGET" >&2
    failures+=("$name")
    summary+=("$(printf '%-28s %6s    %s' "$name" "-" "NOT RUN (budget used)")")
    continue
  fi
  printf '\n==> %s\n' "$name"
  t0=$SECONDS
  timeout -k 30 "$STEP_LIMIT" bash "$step"
  rc=$?
  dt=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then verdict=ok
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then verdict="FAILED (killed after the ${STEP_LIMIT} s step limit)"
  else verdict="FAILED (exit $rc)"; fi
  [ $rc -eq 0 ] || failures+=("$name")
  left=$(kill_leftover_pipe_holders)
  [ "$left" -gt 0 ] && verdict="$verdict; $left leftover process(es) killed"
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
