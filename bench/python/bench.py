#!/usr/bin/env python3
"""Time psutil_rs against psutil 7.2.2, interleaved, in one interpreter.

    python bench/python/bench.py                  # everything (~5-8 minutes)
    python bench/python/bench.py --quick          # 5x smaller budgets
    python bench/python/bench.py --only process_iter --json out.json

Both modules must import (the oracle venv of scripts/test-python.sh has both).

Groups:
  system   every module-level function of psutil's Linux API
  process  Process() and Process().as_dict() and each costly Process method (own pid), and
           children() of a shell with two children and of a three-thread process with two
  scan     process_iter() with the 8 usual attrs and with every attr, on the machine as is,
           and the two getter loops of psutil's documentation (see LOOPS)
  sockets  net_connections() with 5,000 extra TCP sockets open (2,500 connected pairs on
           127.0.0.1 held by a helper process)
  procs    the scans, loops and the two children() calls again with 1,000 extra sleeping
           processes

Floors: the loops and the 8-attribute scan are also compared with the least work for the
same kernel data, the `loop_floor` bench of crates/psutil (`cargo bench --bench
loop_floor --no-run` builds it; --floor gives its path, found in target/ by default):
list /proc, then read each process's files (stat+statm for the oneshot loop,
stat+statm+status for the plain loop, stat+status+cmdline for the scan, as the shared
limit probe's scan-read), timed in the same rounds. floor ratio = psutil_rs / floor.
Where psutil's own rules read more files than that floor (the plain loop: comm, stat,
statm, status), a second floor reads exactly those ("reads floor"), so that what is left
above it is user space. (The scan reads its floor's files: memory_info takes statm's
values from the status read.)

Method: each call is timed alone (time.perf_counter, or time.thread_time with --clock
cpu, which leaves out waiting for a CPU on a shared machine). A workload runs in rounds; in a
round each module gets 1/rounds of the workload's time budget (and at least --min-iter
calls), and the order of the two modules alternates between rounds, so that drift of a
busy machine lands on both. Reported: the median and p90 per call, and
speedup = psutil median / psutil_rs median (above 1: psutil_rs is faster).
"""

import argparse
import atexit
import gc
import importlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time

PC = time.perf_counter
CLOCK = PC  # what one call is timed with: wall time, or thread CPU time (--clock cpu)
SCAN_ATTRS = ["pid", "name", "username", "cpu_times", "memory_info", "status", "ppid", "cmdline"]


# ------------------------------------------------------------------------- workloads
# name -> factory(module) -> zero-argument callable


def _scan(attrs):
    return lambda m: lambda: list(m.process_iter(attrs))


# A script's first pass: every instance is new (each one's create_time() adds the boot time).
NEW_ATTRS = ["pid", "name", "create_time"]


def _new_scan(m):
    def run():
        m.process_iter.cache_clear()
        return list(m.process_iter(NEW_ATTRS))

    return run


SYSTEM = [
    ("cpu_times()", lambda m: m.cpu_times),
    ("cpu_times(percpu=True)", lambda m: lambda: m.cpu_times(percpu=True)),
    ("cpu_percent()", lambda m: m.cpu_percent),
    ("cpu_percent(percpu=True)", lambda m: lambda: m.cpu_percent(percpu=True)),
    ("cpu_times_percent()", lambda m: m.cpu_times_percent),
    ("cpu_times_percent(percpu=True)", lambda m: lambda: m.cpu_times_percent(percpu=True)),
    ("cpu_count()", lambda m: m.cpu_count),
    ("cpu_count(logical=False)", lambda m: lambda: m.cpu_count(logical=False)),
    ("cpu_stats()", lambda m: m.cpu_stats),
    ("cpu_freq()", lambda m: m.cpu_freq),
    ("cpu_freq(percpu=True)", lambda m: lambda: m.cpu_freq(percpu=True)),
    ("getloadavg()", lambda m: m.getloadavg),
    ("virtual_memory()", lambda m: m.virtual_memory),
    ("swap_memory()", lambda m: m.swap_memory),
    ("disk_partitions()", lambda m: m.disk_partitions),
    ("disk_partitions(all=True)", lambda m: lambda: m.disk_partitions(all=True)),
    ("disk_usage('/')", lambda m: lambda: m.disk_usage("/")),
    ("disk_io_counters()", lambda m: m.disk_io_counters),
    ("disk_io_counters(perdisk=True)", lambda m: lambda: m.disk_io_counters(perdisk=True)),
    ("net_io_counters()", lambda m: m.net_io_counters),
    ("net_io_counters(pernic=True)", lambda m: lambda: m.net_io_counters(pernic=True)),
    ("net_connections('inet')", lambda m: m.net_connections),
    ("net_connections('all')", lambda m: lambda: m.net_connections("all")),
    ("net_if_addrs()", lambda m: m.net_if_addrs),
    ("net_if_stats()", lambda m: m.net_if_stats),
    ("sensors_temperatures()", lambda m: m.sensors_temperatures),
    ("sensors_fans()", lambda m: m.sensors_fans),
    ("sensors_battery()", lambda m: m.sensors_battery),
    ("boot_time()", lambda m: m.boot_time),
    ("users()", lambda m: m.users),
    ("pids()", lambda m: m.pids),
    ("pid_exists(os.getpid())", lambda m: lambda: m.pid_exists(os.getpid())),
    ("heap_info()", lambda m: m.heap_info),
]


def _own(method, *args):
    return lambda m: (lambda p: lambda: getattr(p, method)(*args))(m.Process())


_PARENTS = {}  # argv -> the parent started by _children_of, at its first use


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _children_of(argv, recursive):
    """children() of the process `argv` starts, once it has two children; it runs in a
    process group of its own, killed at exit."""

    def factory(m):
        if argv not in _PARENTS:
            parent = subprocess.Popen(list(argv), start_new_session=True, stdin=subprocess.DEVNULL)
            atexit.register(_kill_group, parent)
            _PARENTS[argv] = parent
            deadline = time.monotonic() + 30
            while len(m.Process(parent.pid).children()) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
        p = m.Process(_PARENTS[argv].pid)
        return lambda: p.children(recursive)

    return factory


def _shell_children(recursive):
    """children() of a single-threaded shell with two `sleep` children: psutil reads every
    process's stat, psutil_rs the kernel's list of the shell's children."""
    return _children_of(("sh", "-c", "sleep 1800 & sleep 1800 & wait"), recursive)


THREADED_PARENT = r"""
import subprocess, threading
def fork_and_stay():
    subprocess.Popen(["sleep", "1800"], stdin=subprocess.DEVNULL)
    threading.Event().wait()
for _ in range(2):
    threading.Thread(target=fork_and_stay).start()
threading.Event().wait()
"""


def _threaded_children(recursive):
    """children() of a Python process with three threads, two of which have each forked a
    `sleep` and stay alive: the children are on two threads' lists."""
    return _children_of((sys.executable, "-c", THREADED_PARENT), recursive)


def _oneshot_loop(m):
    def run():
        rows = []
        for p in m.process_iter():
            try:
                with p.oneshot():
                    rows.append(
                        (p.pid, p.name(), p.ppid(), p.status(), p.cpu_times(), p.memory_info(), p.create_time())
                    )
            except (m.NoSuchProcess, m.AccessDenied):
                pass
        return rows

    return run


def _plain_loop(m):
    def run():
        rows = []
        for p in m.process_iter():
            try:
                rows.append((p.name(), p.cpu_percent(), p.memory_percent(), p.username()))
            except (m.NoSuchProcess, m.AccessDenied):
                pass
        return rows

    return run


# The loops of psutil's documentation (issue 12), each with the files its floor reads
# and, where psutil's rules read more, the files they read (the "reads" floor): the plain
# loop reads comm for name() (stat for a comm of 15+ characters), stat for cpu_percent(),
# statm and status (psutil also counts the online CPUs on each cpu_percent(), which
# psutil_rs does not need; the passwd database is not read per call while the user-name
# cache holds; see docs/performance.md).
PLAIN_READS = "comm,stat,statm,status"
LOOPS = [
    ("loop: oneshot 6 getters", _oneshot_loop, "stat,statm"),
    ("loop: name cpu% mem% username", _plain_loop, "stat,statm,status", PLAIN_READS),
]


def _oneshot(m):
    p = m.Process()

    def run():
        with p.oneshot():
            p.name(), p.ppid(), p.status(), p.cpu_times(), p.memory_info(), p.create_time()

    return run


PROCESS = [
    ("Process()", lambda m: m.Process),
    ("Process().as_dict()", lambda m: lambda: m.Process().as_dict()),
    ("p.as_dict() (same instance)", _own("as_dict")),
    ("p.name()", _own("name")),
    ("p.cmdline()", _own("cmdline")),
    ("p.memory_info()", _own("memory_info")),
    ("p.memory_full_info()", _own("memory_full_info")),
    ("p.memory_maps()", _own("memory_maps")),
    ("p.memory_maps(grouped=False)", _own("memory_maps", False)),
    ("p.open_files()", _own("open_files")),
    ("p.num_fds()", _own("num_fds")),
    ("p.threads()", _own("threads")),
    ("p.io_counters()", _own("io_counters")),
    ("p.net_connections()", _own("net_connections")),
    ("p.children(recursive=True)", _own("children", True)),
    ("shell.children(), 2 children", _shell_children(False)),
    ("shell.children(recursive=True)", _shell_children(True)),
    ("threaded.children(), 2 children", _threaded_children(False)),
    ("p.oneshot() with 6 getters", _oneshot),
]

# the 8 attributes read what the limit probe's scan-read reads: memory_info takes statm's
# values from the status read (see docs/performance.md)
SCAN = [
    ("process_iter(8 attrs)", _scan(SCAN_ATTRS), "stat,status,cmdline"),
    ("process_iter(all attrs)", _scan([])),
    ("process_iter() no attrs", _scan(None)),
    ("process_iter(pid name create_time), new instances", _new_scan),
] + LOOPS

def sockets_group(n):
    tag = f"+{n:,} sockets"
    return [
        (f"net_connections('all') {tag}", lambda m: lambda: m.net_connections("all")),
        (f"net_connections('inet') {tag}", lambda m: m.net_connections),
        (f"net_connections('tcp4') {tag}", lambda m: lambda: m.net_connections("tcp4")),
    ]


def procs_group(n):
    tag = f"+{n:,} procs"
    return [
        (f"process_iter(8 attrs) {tag}", _scan(SCAN_ATTRS), "stat,status,cmdline"),
        (f"process_iter(all attrs) {tag}", _scan([])),
        (f"process_iter() no attrs {tag}", _scan(None)),
        (f"process_iter(pid name create_time), new instances {tag}", _new_scan),
        (f"pids() {tag}", lambda m: m.pids),
        (f"shell.children(), 2 children {tag}", _shell_children(False)),
        (f"shell.children(recursive=True) {tag}", _shell_children(True)),
        (f"threaded.children(), 2 children {tag}", _threaded_children(False)),
    ] + [(f"{w} {tag}", *rest) for w, *rest in LOOPS]


# --------------------------------------------------------------------------- fixtures

SOCKET_HOLDER = r"""
import os, resource, select, socket, sys
n = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 2 * n + 64), hard))
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1024)
keep = []
for _ in range(n):
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    keep += [c, a]
os.write(1, b"%d\n" % len(keep))
select.select([0], [], [], 1800)   # until the parent closes stdin (or 30 minutes)
"""


class Sockets:
    """A helper process holding *pairs* connected TCP pairs (2 sockets each)."""

    def __init__(self, pairs):
        self.pairs = pairs
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SOCKET_HOLDER, str(self.pairs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.__exit__()
            raise RuntimeError("the socket holder could not open its sockets")
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Sleepers:
    """*n* `sleep 1800` children in one process group, killed on exit."""

    def __init__(self, n):
        self.n = n
        self.procs = []

    def __enter__(self):
        pgid = 0
        try:
            for _ in range(self.n):
                p = subprocess.Popen(["sleep", "1800"], process_group=pgid, stdin=subprocess.DEVNULL)
                pgid = pgid or p.pid
                self.procs.append(p)
        except BaseException:
            self.__exit__()
            raise
        # every child has exec'd sleep before timing starts
        deadline = time.monotonic() + 60
        for p in self.procs:
            while time.monotonic() < deadline:
                try:
                    with open(f"/proc/{p.pid}/comm") as f:
                        if f.read().strip() == "sleep":
                            break
                except OSError:
                    break
                time.sleep(0.01)
        return self

    def __exit__(self, *exc):
        if self.procs:
            try:
                os.killpg(self.procs[0].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            for p in self.procs:
                p.wait()
            self.procs = []


# ------------------------------------------------------------------------ measurement


def find_floor(given):
    """The loop_floor binary: *given*, else the newest one cargo built in target/."""
    if given:
        return given if os.access(given, os.X_OK) else None
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    found = []
    for sub in ("target/release/deps", "target/release"):
        d = os.path.join(root, sub)
        if os.path.isdir(d):
            for n in os.listdir(d):
                path = os.path.join(d, n)
                if n.startswith("loop_floor") and "." not in n and os.access(path, os.X_OK):
                    found.append(path)
    return max(found, key=os.path.getmtime) if found else None


def floor_samples(binary, files, budget, min_iter):
    """One timed run of the floor: per-call seconds (in CPU time with --clock cpu)."""
    cmd = [binary, "--files", files, "--budget-ms", str(max(1, int(budget * 1000))), "--min-iter", str(min_iter)]
    out = subprocess.run(
        cmd + (["--cpu-time"] if CPU_CLOCK[0] else []),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return [x / 1e6 for x in json.loads(out.stdout)["samples_us"]]


FLOOR = [None]  # the loop_floor binary, when found
CPU_CLOCK = [False]  # --clock cpu: every sample in this thread's CPU time


def run_group(label, defs, mods, budget, rounds, min_iter, only):
    wanted = only.split("|") if only else None
    floors = {d[0]: d[2] for d in defs if len(d) > 2 and FLOOR[0]}
    reads = {d[0]: d[3] for d in defs if len(d) > 3 and FLOOR[0]}
    rows = [(d[0], [d[1](m) for m in mods]) for d in defs if not wanted or any(o in d[0] for o in wanted)]
    usable = []
    for w, fns in rows:  # warm-up; a workload a module cannot run is reported, not timed
        try:
            for fn in fns:
                for _ in range(2):
                    fn()
        except Exception as e:  # noqa: BLE001
            print(f"  skipped {w}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        usable.append((w, fns))
    samples = {(w, i): [] for w, _ in usable for i in range(len(mods) + 2)}
    for r in range(rounds):
        order = list(range(len(mods)))
        if r % 2:
            order.reverse()
        for w, fns in usable:
            for i in order:
                gc.collect()
                buf = samples[(w, i)]
                end = PC() + budget / rounds
                k = 0
                while k < max(1, min_iter // rounds) or PC() < end:
                    t0 = CLOCK()
                    fns[i]()
                    buf.append(CLOCK() - t0)
                    k += 1
            if w in floors:
                got = floor_samples(FLOOR[0], floors[w], budget / rounds, max(1, min_iter // rounds))
                samples[(w, len(mods))].extend(got)
            if w in reads:
                got = floor_samples(FLOOR[0], reads[w], budget / rounds, max(1, min_iter // rounds))
                samples[(w, len(mods) + 1)].extend(got)
    out = []
    for w, _ in usable:
        row = {"group": label, "workload": w}
        for i, m in enumerate(mods):
            s = sorted(samples[(w, i)])
            row[m.__name__] = {
                "n": len(s),
                "median_us": statistics.median(s) * 1e6,
                "p90_us": s[min(len(s) - 1, int(len(s) * 0.9))] * 1e6,
            }
        floor = sorted(samples[(w, len(mods))])
        if floor:
            row["floor"] = {"files": floors[w], "n": len(floor), "median_us": statistics.median(floor) * 1e6}
        more = sorted(samples[(w, len(mods) + 1)])
        if more:
            row["reads_floor"] = {"files": reads[w], "n": len(more), "median_us": statistics.median(more) * 1e6}
        out.append(row)
    return out


def fmt_us(x):
    if x >= 100_000:
        return f"{x / 1000:,.0f} ms"
    if x >= 1000:
        return f"{x / 1000:,.2f} ms"
    return f"{x:,.1f} µs"


def print_table(rows, names):
    print(
        f"| group | workload | {names[0]} median (p90) | {names[1]} median (p90) | speedup | floor | vs floor "
        "| reads floor | vs reads |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        a, b = r[names[0]], r[names[1]]
        speed = a["median_us"] / b["median_us"] if b["median_us"] else float("nan")
        fl = r.get("floor")
        floor = f"{fmt_us(fl['median_us'])} | {b['median_us'] / fl['median_us']:.2f}x" if fl else "| "
        rd = r.get("reads_floor")
        reads = f"{fmt_us(rd['median_us'])} | {b['median_us'] / rd['median_us']:.2f}x" if rd else "| "
        print(
            f"| {r['group']} | {r['workload']} | {fmt_us(a['median_us'])} ({fmt_us(a['p90_us'])}) "
            f"| {fmt_us(b['median_us'])} ({fmt_us(b['p90_us'])}) | {speed:.2f}x | {floor} | {reads} |"
        )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modules", default="psutil,psutil_rs", help="baseline,candidate")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds per workload per module")
    # Scans take milliseconds and their cost swings with the machine's state (psutil's
    # median moved 32-63 ms between 6 s runs here): they get longer budgets, in more rounds.
    ap.add_argument("--scan-budget", type=float, default=12.0, help="the same for process scans")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--min-iter", type=int, default=8, help="calls per workload per module, at least")
    ap.add_argument("--groups", default="system,process,scan,sockets,procs")
    ap.add_argument("--sockets", type=int, default=5000)
    ap.add_argument("--procs", type=int, default=1000)
    ap.add_argument("--floor", help="the loop_floor binary (default: the newest in target/)")
    ap.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time each call in wall time or in this thread's CPU time (user + system; leaves out"
        " waiting for a CPU on a shared machine); the floor is timed the same way",
    )
    ap.add_argument("--quick", action="store_true", help="5x smaller budgets")
    ap.add_argument("--only", help="substring filter on workload names ('a|b': either)")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    scale = 5 if args.quick else 1
    names = args.modules.split(",")
    global CLOCK
    if args.clock == "cpu":
        CLOCK, CPU_CLOCK[0] = time.thread_time, True
    FLOOR[0] = find_floor(args.floor)
    if FLOOR[0] is None:
        print("note: no loop_floor binary (cargo bench --bench loop_floor --no-run): no floor columns")
    mods = [importlib.import_module(n) for n in names]
    if getattr(mods[0], "__version__", None) != "7.2.2":
        print(f"warning: the baseline is {names[0]} {getattr(mods[0], '__version__', '?')}, not 7.2.2")
    groups = args.groups.split(",")
    rows = []
    env = {
        "clock": args.clock,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processes": len(mods[0].pids()),
        "load": os.getloadavg(),
    }
    print(f"python {env['python']}, {env['cpus']} CPUs, {env['processes']} processes, load {env['load']}")

    def group(label, defs, budget):
        t = time.monotonic()
        print(f"-- {label} ...", file=sys.stderr, flush=True)
        rows.extend(run_group(label, defs, mods, budget / scale, args.rounds, args.min_iter, args.only))
        print(f"   {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)

    if "system" in groups:
        group("system", SYSTEM, args.budget)
    if "process" in groups:
        group("process", PROCESS, args.budget)
    if "scan" in groups:
        group("scan", SCAN, args.scan_budget)
    if "sockets" in groups:
        with Sockets(args.sockets // 2):
            env["tcp_sockets"] = sum(1 for _ in open("/proc/net/tcp")) - 1
            group("sockets", sockets_group(args.sockets // 2 * 2), args.scan_budget)
    if "procs" in groups:
        with Sleepers(args.procs):
            env["processes_with_sleepers"] = len(mods[0].pids())
            group("procs", procs_group(args.procs), args.scan_budget)
    print()
    print_table(rows, names)
    print()
    print("environment:", json.dumps(env))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"env": env, "modules": names, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    sys.exit(main())
