#!/usr/bin/env python3
"""For the single calls that stay under 2x psutil: what the kernel costs.

    python bench/python/raw_reads.py [--strace]

Per call: the files psutil_rs opens (found with strace), the system calls per call
(strace -c over N calls, minus an empty run), and the time of a raw read of those same
files (os.open/os.read/os.close from Python: an upper bound of the kernel's share, as it
includes about 0.1 µs of Python per system call) against the median of the call itself,
for psutil_rs and psutil 7.2.2, interleaved. Both modules must import (the oracle venv).
"""

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

PC = time.perf_counter
CALLS = {
    "cpu_times()": "m.cpu_times()",
    "cpu_count()": "m.cpu_count()",
    "cpu_freq()": "m.cpu_freq()",
    "boot_time()": "m.boot_time()",
    "disk_partitions(all=True)": "m.disk_partitions(all=True)",
    "net_if_addrs()": "m.net_if_addrs()",
    "net_connections('inet')": "m.net_connections('inet')",
    "sensors_battery()": "m.sensors_battery()",
    "users()": "m.users()",
    "pids()": "m.pids()",
    "pid_exists(os.getpid())": "m.pid_exists(os.getpid())",
    "process_iter() no attrs": "list(m.process_iter())",
    "heap_info()": "m.heap_info()",
    "getloadavg()": "m.getloadavg()",
    "p.memory_full_info()": "P.memory_full_info()",
}
N = 200


def strace(expr):
    """(system calls per call, files opened per call) of psutil_rs running *expr*."""
    code = (
        "import os, sys, psutil_rs as m\nP = m.Process()\n{e}\n"
        "sys.stderr.write('MARK\\n')\nfor _ in range({n}): {e}\n"
    ).format(e=expr, n=N)
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as out:
        subprocess.run(
            ["strace", "-f", "-qq", "-o", out.name, sys.executable, "-c", code],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        lines = out.read().splitlines()
    start = next(i for i, line in enumerate(lines) if "MARK" in line)
    traced = {line.split()[0] for line in lines if line[:1].isdigit()}
    calls = collections.Counter()
    files = collections.Counter()
    for line in lines[start + 1 :]:
        m = re.match(r"^\d+\s+(\w+)\(", line)
        if not m or m.group(1) in ("exit_group", "rt_sigaction", "munmap", "brk", "mmap"):
            continue
        calls[m.group(1)] += 1
        f = re.search(r'open(?:at)?\([^"]*"([^"]+)"', line)
        if f:
            # the traced interpreter's own /proc entries are read as /proc/self here
            path = re.sub(r"^/proc/(\d+)/", lambda d: "/proc/self/" if d.group(1) in traced else d.group(0), f.group(1))
            files[path] += 1
    per = {k: round(v / N, 2) for k, v in calls.most_common()}
    opened = sorted({f for f, c in files.items() if c >= N})
    return per, opened


def raw_read(paths):
    for p in paths:
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        try:
            while os.read(fd, 65536):
                pass
        except IsADirectoryError:
            os.listdir(fd)  # a directory the call lists
        finally:
            os.close(fd)


def median_us(fn, budget=0.3):
    s = []
    end = PC() + budget
    while len(s) < 20 or PC() < end:
        t = PC()
        fn()
        s.append(PC() - t)
    return statistics.median(s) * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="time in wall time or in this thread's CPU time")
    ap.add_argument("--only", help="substring filter on the calls ('a|b': either)")
    args = ap.parse_args()
    global PC
    if args.clock == "cpu":
        PC = time.thread_time
    import psutil
    import psutil_rs

    print(f"load {os.getloadavg()}, {len(psutil_rs.pids())} processes")
    print("| call | syscalls per call (psutil_rs) | files read | raw read | psutil_rs | psutil | raw / psutil_rs |")
    print("|---|---|---|---:|---:|---:|---:|")
    for label, expr in CALLS.items():
        if args.only and not any(w in label for w in args.only.split("|")):
            continue
        per, files = strace(expr)
        timings = collections.defaultdict(list)
        env = {"os": os}
        for r in range(args.rounds):
            for name, m in (("rs", psutil_rs), ("ps", psutil))[:: 1 if r % 2 else -1]:
                env.update(m=m, P=m.Process())
                f = eval("lambda: " + expr, env)  # noqa: S307 - our own table above
                timings[name].append(median_us(f))
            timings["raw"].append(median_us(lambda: raw_read(files)) if files else 0.0)
        rs, ps, raw = (statistics.median(timings[k]) for k in ("rs", "ps", "raw"))
        calls = ", ".join(f"{k} {v:g}" for k, v in per.items())
        shown = ", ".join(files) if len(files) <= 4 else f"{len(files)} files ({files[0]}, ...)"
        share = f"{raw / rs:.0%}" if files else "—"
        print(f"| `{label}` | {calls} | {shown} | {raw:.1f} µs | {rs:.1f} µs | {ps:.1f} µs | {share} |")


if __name__ == "__main__":
    main()
