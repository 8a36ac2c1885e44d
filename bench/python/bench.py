#!/usr/bin/env python3
"""Benchmark psutil_rs against psutil, interleaved in one process.

    python bench/python/bench.py                 # default budgets (~2-3 minutes)
    python bench/python/bench.py --quick         # ~20 s smoke run
    python bench/python/bench.py --json out.json

Both modules must be importable (e.g. a venv with `pip install psutil==7.2.2 .`).
Every call is timed alone with time.perf_counter. Workloads run in rounds; in each
round every workload gets a slice of its budget, once per module, the module order
alternating between rounds, so machine drift is spread over both modules (the model
is the project's shared harness, pybench.py). Reported per workload and module: calls,
median and p90 in microseconds, and the ratio psutil_rs / psutil (below 1 = faster).
"""

import argparse
import gc
import importlib
import json
import os
import platform
import statistics
import sys
import time

PC = time.perf_counter
SCAN_ATTRS = ["pid", "name", "username", "cpu_times", "memory_info", "status", "ppid", "cmdline"]


def _oneshot(p):
    def run():
        with p.oneshot():
            p.name()
            p.ppid()
            p.status()
            p.cpu_times()
            p.memory_info()
            p.create_time()

    return run


def _as_dict_scan(m):
    def run():
        out = []
        for p in m.process_iter():
            try:
                out.append(p.as_dict())
            except m.NoSuchProcess:
                pass
        return out

    return run


WORKLOADS = [
    ("cpu_times()", lambda m: m.cpu_times),
    ("cpu_times(percpu=True)", lambda m: lambda: m.cpu_times(percpu=True)),
    ("cpu_percent(interval=None)", lambda m: m.cpu_percent),
    ("virtual_memory()", lambda m: m.virtual_memory),
    ("swap_memory()", lambda m: m.swap_memory),
    ("disk_partitions()", lambda m: m.disk_partitions),
    ("disk_usage('/')", lambda m: lambda: m.disk_usage("/")),
    ("disk_io_counters(perdisk=True)", lambda m: lambda: m.disk_io_counters(perdisk=True)),
    ("net_io_counters(pernic=True)", lambda m: lambda: m.net_io_counters(pernic=True)),
    ("net_if_addrs()", lambda m: m.net_if_addrs),
    ("net_if_stats()", lambda m: m.net_if_stats),
    ("net_connections('inet')", lambda m: lambda: m.net_connections("inet")),
    ("users()", lambda m: m.users),
    ("boot_time()", lambda m: m.boot_time),
    ("pids()", lambda m: m.pids),
    ("cpu_count(logical=False)", lambda m: lambda: m.cpu_count(logical=False)),
    ("list(process_iter(8 attrs))", lambda m: lambda: list(m.process_iter(SCAN_ATTRS))),
    ("list(process_iter())", lambda m: lambda: list(m.process_iter())),
    ("as_dict() of every process", _as_dict_scan),
    ("Process().as_dict()", lambda m: lambda: m.Process().as_dict()),
    ("Process().name()", lambda m: m.Process().name),
    ("Process().memory_full_info()", lambda m: m.Process().memory_full_info),
    ("Process().memory_maps()", lambda m: m.Process().memory_maps),
    ("Process().open_files()", lambda m: m.Process().open_files),
    ("Process().threads()", lambda m: m.Process().threads),
    ("oneshot: 6 getters", lambda m: _oneshot(m.Process())),
]


def measure(fn, budget, max_iter):
    samples = []
    deadline = PC() + budget
    while PC() < deadline and len(samples) < max_iter:
        t0 = PC()
        fn()
        samples.append(PC() - t0)
    return samples


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modules", default="psutil,psutil_rs")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds per workload per module")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--max-iter", type=int, default=20000)
    ap.add_argument("--quick", action="store_true", help="10x smaller budgets")
    ap.add_argument("--only", help="substring filter on workload names")
    ap.add_argument("--json", help="write results here")
    args = ap.parse_args()
    budget = args.budget / (10 if args.quick else 1)
    names = args.modules.split(",")
    mods = [importlib.import_module(n) for n in names]
    rows = [(label, [make(m) for m in mods]) for label, make in WORKLOADS if not args.only or args.only in label]
    samples = {(label, n): [] for label, _ in rows for n in names}
    usable = []
    for label, fns in rows:  # warm-up; a workload a module cannot run is reported, not timed
        try:
            for fn in fns:
                for _ in range(3):
                    fn()
        except Exception as e:  # noqa: BLE001
            print(f"skipped {label}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        usable.append((label, fns))
    rows = usable
    for r in range(args.rounds):
        order = list(range(len(mods)))
        if r % 2:
            order.reverse()
        for label, fns in rows:
            for i in order:
                gc.collect()
                samples[(label, names[i])] += measure(fns[i], budget / args.rounds, args.max_iter // args.rounds)
    results = []
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {len(mods[0].pids())} processes")
    hdr = "| workload | " + " | ".join(f"{n} median µs (p90, n)" for n in names) + " | ratio |"
    print(hdr)
    print("|" + "---|" * (len(names) + 2))
    for label, _ in rows:
        cells, meds = [], []
        for n in names:
            s = sorted(samples[(label, n)])
            med = statistics.median(s) * 1e6
            p90 = s[int(len(s) * 0.9) - 1 if len(s) > 1 else 0] * 1e6
            meds.append(med)
            cells.append(f"{med:,.1f} ({p90:,.1f}, {len(s)})")
            results.append({"workload": label, "module": n, "n": len(s), "median_us": med, "p90_us": p90})
        ratio = meds[-1] / meds[0] if meds[0] else float("nan")
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio:.2f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"python": sys.version, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
