#!/usr/bin/env bash
# Side-by-side CPU cost of several `psutil top` binaries (say, before and after a change)
# and procps `top -b`, all in the same run, so that a loaded machine weighs on each alike.
#
# Starts EXTRA sleeping processes, then runs for SECONDS each BINARY's `top -d DELAY`
# full-screen in its own pseudo-terminal of 50x160 (util-linux `script`) and procps
# `top -b -d DELAY`, and the floor (bench/tui/floor_reader.c: every /proc/PID/stat read
# once per DELAY, nothing else), each under `perf stat`, which reports the process's user
# and system CPU time from its rusage (microseconds, where /proc/PID/stat counts 10 ms
# ticks). Each binary's total is then given as a ratio to procps top's and to the floor's.
#
# Usage: bench/tui/top_ab.sh BINARY... (env: EXTRA=1000 SECONDS_=30 DELAY=1)
set -uo pipefail
extra=${EXTRA:-1000}
seconds=${SECONDS_:-30}
delay=${DELAY:-1}
[ $# -gt 0 ] || { echo "usage: $0 BINARY..." >&2; exit 2; }
for tool in script top perf cc; do
  command -v "$tool" >/dev/null || { echo "top_ab.sh: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
cc -O2 -o "$work/floor_reader" "$(dirname "$0")/floor_reader.c" || { echo "top_ab.sh: cannot build floor_reader.c" >&2; exit 2; }
sleepers=()
holder=""
procps_perf=""
floor_perf=""
cleanup() {
  # perf's children (procps top, the floor reader) if the run was cut short.
  for parent in $procps_perf $floor_perf; do pkill -INT -P "$parent" 2>/dev/null; done
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  [ ${#sleepers[@]} -gt 0 ] && kill "${sleepers[@]}" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

for ((i = 0; i < extra; i++)); do
  sleep 100000 &
  sleepers+=($!)
done
# Each pty's input is a fifo held open by a sleep, so that `script` keeps running; each
# shell records its pid (then perf's) and execs perf, whose child is the monitor.
mkfifo "$work/in"
sleep $((seconds + 60)) >"$work/in" &
holder=$!
n=0
for bin in "$@"; do
  n=$((n + 1))
  script -qfec "stty rows 50 cols 160; echo \$\$ > $work/$n.pid; exec perf stat -e task-clock -o $work/$n.txt $bin top -d $delay" /dev/null <"$work/in" >/dev/null 2>&1 &
done
perf stat -e task-clock -o "$work/0.txt" top -b -d "$delay" >/dev/null 2>&1 &
procps_perf=$!
perf stat -e task-clock -o "$work/floor.txt" "$work/floor_reader" "$delay" 2>/dev/null &
floor_perf=$!
sleep "$seconds"
# utime + stime from /proc/PID/stat (10 ms ticks) just before the end, as top_cpu.sh reads it.
ticks() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  awk -v t="$(( ${12} + ${13} ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}
for ((i = 1; i <= n; i++)); do
  child=$(pgrep -P "$(cat "$work/$i.pid")")
  ticks "$child" >"$work/$i.ticks"
  kill -TERM "$child" 2>/dev/null
done
kill -INT $(pgrep -P "$procps_perf") $(pgrep -P "$floor_perf") 2>/dev/null
for ((i = 0; i < 50; i++)); do
  done_count=$(grep -l "seconds sys" "$work"/*.txt 2>/dev/null | wc -l)
  [ "$done_count" -gt $((n + 1)) ] && break
  sleep 0.1
done
echo "$(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg), $(ls -d /proc/[0-9]* | wc -l) processes, ${seconds} s at -d $delay"
# "user sys" CPU seconds from a perf stat report.
cpu_of() { awk '/seconds user/ {u = $1} /seconds sys/ {s = $1} END {print u + 0, s + 0}' "$1"; }
show() {
  awk -v name="$1" -v secs="$seconds" -v ticks="${3:-}" -v u="${2% *}" -v s="${2#* }" 'BEGIN {
    printf "%-32s user %6.3f s  sys %6.3f s  total %6.3f s = %5.2f %% of one CPU%s\n", name, u, s, u + s, (u + s) * 100 / secs, ticks == "" ? "" : "  (/proc/PID/stat: " ticks " s)" }'
}
procps_times=$(cpu_of "$work/0.txt")
floor_times=$(cpu_of "$work/floor.txt")
show "procps top -b" "$procps_times"
show "floor (every stat once)" "$floor_times"
n=0
for bin in "$@"; do
  n=$((n + 1))
  t=$(cpu_of "$work/$n.txt")
  show "$bin" "$t" "$(cat "$work/$n.ticks")"
  awk -v name="$bin" -v t="$t" -v p="$procps_times" -v f="$floor_times" 'BEGIN {
    split(t, a, " "); split(p, b, " "); split(f, c, " ")
    total = a[1] + a[2]; procps = b[1] + b[2]; floor = c[1] + c[2]
    printf "%-32s / procps %.2f  / floor %.2f  (above the floor: %.3f s)\n", "  " name, total / procps, total / floor, total - floor }'
done
