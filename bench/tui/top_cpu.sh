#!/usr/bin/env bash
# CPU cost of `psutil top` against procps `top -b`, measured in the same run.
#
# Starts EXTRA sleeping processes, then runs side by side for SECONDS seconds:
#   - `psutil top -d DELAY` full-screen in a pseudo-terminal (util-linux `script`,
#     ROWSxCOLS), as a person would run it;
#   - procps `top -b -d DELAY` writing every process to /dev/null;
#   - the floor, bench/tui/floor_reader.c: every /proc/PID/stat read once per DELAY
#     (openat, read, close) after a listing of /proc, and nothing else.
# Each one's CPU time (utime + stime from /proc/PID/stat, read here) is reported in
# seconds and as a percent of one CPU over the run.
#
# Usage: bench/tui/top_cpu.sh [EXTRA=1000] [SECONDS=30] [DELAY=1]
# Env: PSUTIL=path to the psutil binary (default: target/release/psutil, built if absent).
set -euo pipefail
extra=${1:-1000}
seconds=${2:-30}
delay=${3:-1}
rows=${ROWS:-50}
cols=${COLS:-160}
cd "$(dirname "$0")/../.."
psutil=${PSUTIL:-target/release/psutil}
if [ ! -x "$psutil" ]; then
  cargo build --release -p psutil-cli --locked >&2
fi
for tool in script top cc; do
  command -v "$tool" >/dev/null || { echo "top_cpu.sh: needs $tool (util-linux, procps, a C compiler)" >&2; exit 2; }
done

work=$(mktemp -d)
cc -O2 -o "$work/floor_reader" bench/tui/floor_reader.c || { echo "top_cpu.sh: cannot build floor_reader.c" >&2; exit 2; }
sleepers=()
ours_wrapper=""
holder=""
procps=""
floor=""
cleanup() {
  [ -n "$procps" ] && kill "$procps" 2>/dev/null || true
  [ -n "$floor" ] && kill "$floor" 2>/dev/null || true
  if [ -s "$work/ours.pid" ]; then kill "$(cat "$work/ours.pid")" 2>/dev/null || true; fi
  [ -n "$ours_wrapper" ] && kill "$ours_wrapper" 2>/dev/null || true
  [ -n "$holder" ] && kill "$holder" 2>/dev/null || true
  [ ${#sleepers[@]} -gt 0 ] && kill "${sleepers[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for ((i = 0; i < extra; i++)); do
  sleep 100000 &
  sleepers+=($!)
done

# CPU seconds (utime + stime) of a pid, from /proc/PID/stat.
cpu_seconds() {
  local stat rest
  stat=$(cat "/proc/$1/stat")
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  awk -v t="$(( ${12} + ${13} ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# Ours, full-screen in a pty of ROWSxCOLS; `script`'s stdin is a fifo held open by a
# sleep so that it keeps running; the shell records its pid and execs psutil in its place.
mkfifo "$work/in"
sleep $((seconds + 60)) >"$work/in" &
holder=$!
script -qfec "stty rows $rows cols $cols; echo \$\$ > $work/ours.pid; exec $psutil top -d $delay" /dev/null <"$work/in" >/dev/null 2>&1 &
ours_wrapper=$!
top -b -d "$delay" >/dev/null 2>&1 &
procps=$!
"$work/floor_reader" "$delay" &
floor=$!
for _ in $(seq 50); do [ -s "$work/ours.pid" ] && break; sleep 0.1; done
ours=$(cat "$work/ours.pid")
start=$(date +%s.%N)
sleep "$seconds"
ours_cpu=$(cpu_seconds "$ours")
procps_cpu=$(cpu_seconds "$procps")
floor_cpu=$(cpu_seconds "$floor")
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
# The pty screen: make sure ours was drawing, not stopped.
alive=$(tr -d '\0' < "/proc/$ours/cmdline" 2>/dev/null || true)
nprocs=$(ls -d /proc/[0-9]* | wc -l)
pct() { awk -v c="$1" -v w="$wall" 'BEGIN { printf "%.2f", c * 100 / w }'; }
echo "processes on the machine: $nprocs (with $extra extra sleepers); ${seconds} s at -d $delay"
printf '%-28s %8s s CPU  %6s %% of one CPU\n' "psutil top (pty ${rows}x${cols})" "$ours_cpu" "$(pct "$ours_cpu")"
printf '%-28s %8s s CPU  %6s %% of one CPU\n' "procps top -b" "$procps_cpu" "$(pct "$procps_cpu")"
printf '%-28s %8s s CPU  %6s %% of one CPU\n' "floor (every stat once)" "$floor_cpu" "$(pct "$floor_cpu")"
[ -n "$alive" ] || { echo "psutil top was not running at the end" >&2; exit 1; }
