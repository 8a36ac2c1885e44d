"""Two builds of psutil_rs, same workload, interleaved: is a change faster?

    python bench/python/ab.py --a DIR_A --b DIR_B [--procs 1000] [--rounds 15]

Each DIR holds an importable `psutil_rs` package (the sources of `python/psutil_rs`
with the extension built from one commit, e.g. `target/release/lib_psutil_rs.so`
copied in as `_psutil_rs.abi3.so`). One worker interpreter per build is started with
that DIR first on `sys.path`; in each round both workers run every workload (the order
of the two alternating between rounds) and report each call's thread CPU time. With
--procs, that many `sleep` children exist throughout (bench.py's fixture).

Reported per workload: the median over all calls of each build, and b / a (below 1:
B is faster).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import SCAN_ATTRS, Sleepers, _oneshot_loop, _plain_loop, _scan  # noqa: E402

WORKLOADS = {
    "scan8": _scan(SCAN_ATTRS),
    "oneshot": _oneshot_loop,
    "plain": _plain_loop,
}

WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
import psutil_rs
from ab import WORKLOADS
runs = {n: f(psutil_rs) for n, f in WORKLOADS.items()}
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


def worker(path):
    here = os.path.dirname(os.path.abspath(__file__))
    p = subprocess.Popen(
        [sys.executable, "-c", WORKER, os.path.abspath(path), here],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if p.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the worker for {path} did not start")
    return p


def ask(p, name, iters):
    p.stdin.write(f"{name} {iters}\n")
    p.stdin.flush()
    return json.loads(p.stdout.readline())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="directory holding build A's psutil_rs")
    ap.add_argument("--b", required=True, help="directory holding build B's psutil_rs")
    ap.add_argument("--procs", type=int, default=0, help="extra sleeping processes")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--iters", type=int, default=5, help="calls per workload per round")
    ap.add_argument("--only", default="", help="comma-separated workloads (default: all)")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(WORKLOADS)
    with Sleepers(args.procs):
        a, b = worker(args.a), worker(args.b)
        samples = {n: ([], []) for n in names}
        try:
            for r in range(args.rounds):
                order = [(0, a), (1, b)] if r % 2 == 0 else [(1, b), (0, a)]
                for n in names:
                    for side, w in order:
                        samples[n][side].extend(ask(w, n, args.iters))
        finally:
            for w in (a, b):
                w.stdin.close()
                w.wait(30)
    print(f"| workload (+{args.procs} procs) | A median | B median | B / A |")
    print("|---|---:|---:|---:|")
    for n in names:
        ma, mb = (statistics.median(s) for s in samples[n])
        print(f"| {n} | {ma * 1e3:.3f} ms | {mb * 1e3:.3f} ms | {mb / ma:.3f} |")


if __name__ == "__main__":
    main()
