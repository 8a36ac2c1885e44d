"""Two builds of psutil_rs (or psutil and a build), same workloads, interleaved, in thread
CPU time, with the loops' floors: is a change faster, and how far from the floor is it?

    python bench/python/ab.py --a DIR_A --b DIR_B [--procs 1000] [--rounds 40]
    python bench/python/ab.py --a psutil --b DIR --procs 1000 --floors

A side is a directory holding an importable `psutil_rs` package (the sources of
`python/psutil_rs` with the extension built from one commit, e.g.
`target/release/lib_psutil_rs.so` copied in as `_psutil_rs.abi3.so`), or the name of an
importable module (`psutil`). One worker interpreter per side runs the workloads of
bench.py (`process_iter` with the 8 attributes, the oneshot loop, the plain loop); in each
round both workers run every workload (the order of the two alternating between rounds)
and report each call's thread CPU time. With --floors, the `loop_floor` binary (bench.py's
floor and "reads" floor) is timed in the same rounds. With --procs, that many `sleep`
children exist throughout (bench.py's fixture).

A shared machine may gain or lose processes meanwhile (another bench's sleepers): the
pids are listed before and after each round, and a round is left out (and counted) when
more than --tolerance pids came or went since the previous round ended or during it
(new processes cost a new instance each, which a round without churn does not pay), or
when it saw more than --tolerance processes above the fewest any round saw (another
bench's processes were up: the workloads' size changed).

Reported per workload: each side's median over the kept calls, b / a (below 1: B is
faster), and B against each floor.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import (  # noqa: E402
    PLAIN_READS,
    SCAN_ATTRS,
    Sleepers,
    _oneshot_loop,
    _plain_loop,
    _scan,
    find_floor,
)

WORKLOADS = {
    "scan8": _scan(SCAN_ATTRS),
    "oneshot": _oneshot_loop,
    "plain": _plain_loop,
}
# workload -> (floor files, psutil's reads or None), as bench.py's LOOPS and SCAN
FLOORS = {
    "scan8": ("stat,status,cmdline", None),
    "oneshot": ("stat,statm", None),
    "plain": ("stat,statm,status", PLAIN_READS),
}

WORKER = r"""
import importlib, json, sys, time
side, here = sys.argv[1], sys.argv[2]
sys.path.insert(0, here)
if side.startswith("dir:"):
    sys.path.insert(0, side[4:])
    mod = importlib.import_module("psutil_rs")
else:
    mod = importlib.import_module(side[4:])
from ab import WORKLOADS
runs = {n: f(mod) for n, f in WORKLOADS.items()}
for r in runs.values():
    r()  # warm: instances cached, samples taken
print("ready", flush=True)
for line in sys.stdin:
    name, iters = line.split()
    run, out = runs[name], []
    for _ in range(int(iters)):
        t = time.thread_time()
        run()
        out.append(time.thread_time() - t)
    print(json.dumps(out), flush=True)
"""


def worker(side):
    spec = f"dir:{os.path.abspath(side)}" if os.path.isdir(side) else f"mod:{side}"
    p = subprocess.Popen(
        [sys.executable, "-c", WORKER, spec, HERE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if p.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the worker for {side} did not start")
    return p


def ask(p, name, iters):
    p.stdin.write(f"{name} {iters}\n")
    p.stdin.flush()
    return json.loads(p.stdout.readline())


def floor_run(binary, files, iters):
    cmd = [binary, "--files", files, "--budget-ms", "1", "--min-iter", str(iters), "--cpu-time"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=600)
    return [x / 1e6 for x in json.loads(out.stdout)["samples_us"]]


def processes():
    return {int(n) for n in os.listdir("/proc") if n.isdigit()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="side A: a directory holding psutil_rs, or a module name")
    ap.add_argument("--b", required=True, help="side B: the same")
    ap.add_argument("--procs", type=int, default=0, help="extra sleeping processes")
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--iters", type=int, default=5, help="calls per workload per side per round")
    ap.add_argument("--only", default="", help="comma-separated workloads (default: all)")
    ap.add_argument("--floors", action="store_true", help="time the loop_floor binary too")
    ap.add_argument("--floor", help="the loop_floor binary (default: the newest in target/)")
    ap.add_argument("--tolerance", type=int, default=10, help="pids that may come or go per round")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(WORKLOADS)
    binary = find_floor(args.floor) if args.floors else None
    if args.floors and binary is None:
        sys.exit("no loop_floor binary (cargo bench --bench loop_floor --no-run)")
    with Sleepers(args.procs):
        a, b = worker(args.a), worker(args.b)
        rounds = []  # (pids before, after, {(workload, column): samples})
        last = processes()
        try:
            for r in range(args.rounds):
                order = [(0, a), (1, b)] if r % 2 == 0 else [(1, b), (0, a)]
                before, got = processes(), {}
                for n in names:
                    for side, w in order:
                        got[(n, side)] = ask(w, n, args.iters)
                    if binary:
                        for col, files in zip((2, 3), FLOORS[n]):
                            if files:
                                got[(n, col)] = floor_run(binary, files, args.iters)
                after = processes()
                rounds.append((len(before ^ last) + len(after ^ before), len(after), got))
                last = after
        finally:
            for w in (a, b):
                w.stdin.close()
                w.wait(30)
    fewest = min(n for _, n, _ in rounds)
    steady = [(n, got) for churn, n, got in rounds if churn <= args.tolerance and n <= fewest + args.tolerance]
    kept = [got for _, got in steady]
    counts = sorted(n for n, _ in steady)
    print(
        f"{len(kept)} of {len(rounds)} rounds kept (at most {args.tolerance} pids changed; "
        f"{counts[0] if counts else 0}-{counts[-1] if counts else 0} processes); load {os.getloadavg()[0]:.2f}"
    )
    if not kept:
        sys.exit("no round kept: the number of processes kept changing (raise --tolerance?)")
    print("| workload | A median | B median | B / A | floor | B / floor | reads floor | B / reads |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        med = {}
        for col in range(4):
            s = [x for got in kept for x in got.get((n, col), [])]
            med[col] = statistics.median(s) if s else None
        cells = [f"{med[0] * 1e3:.3f} ms", f"{med[1] * 1e3:.3f} ms", f"{med[1] / med[0]:.3f}"]
        for col in (2, 3):
            cells += [f"{med[col] * 1e3:.3f} ms", f"{med[1] / med[col]:.2f}x"] if med[col] else ["", ""]
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
