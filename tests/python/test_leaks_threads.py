"""10,000 calls of every function and Process method must not grow the RSS (fewer for
the whole-system scans, see FEWER), and concurrent calls from threads must be correct."""

import gc
import os
import threading

import pytest


def _rss():
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


N = 10_000
# Calls that read every process (or every socket) are ~1,000x dearer than the rest;
# they get fewer rounds, still each touching thousands of kernel files.
FEWER = {
    "process_iter(8 attrs)": 300,
    "process_iter(all attrs)": 60,
    "net_connections('all')": 1_000,
    "net_connections('inet')": 1_000,
    "Process.net_connections()": 3_000,
    "Process.children()": 2_000,
    "Process.memory_percent('uss')": 3_000,
    "Process.as_dict()": 2_000,
    "Process.memory_maps()": 2_000,
    "Process.memory_maps(grouped=False)": 2_000,
    "Process.memory_full_info()": 3_000,
    "Process.children(recursive=True)": 2_000,
    "Process.parents()": 3_000,
}
# RSS may grow by half this much in each half of the calls after the warm-up
# (allocator noise); a leak of 100 bytes per call shows as 0.5 MB per 5,000 calls.
BOUND = 1024 * 1024
SCAN = ["pid", "name", "username", "cpu_times", "memory_info", "status", "ppid", "cmdline"]


def _calls(pr):
    p = pr.Process()
    system = {
        "cpu_times()": pr.cpu_times,
        "cpu_times(percpu=True)": lambda: pr.cpu_times(percpu=True),
        "cpu_percent()": pr.cpu_percent,
        "cpu_times_percent(percpu=True)": lambda: pr.cpu_times_percent(percpu=True),
        "cpu_count()": pr.cpu_count,
        "cpu_count(logical=False)": lambda: pr.cpu_count(logical=False),
        "cpu_stats()": pr.cpu_stats,
        "cpu_freq(percpu=True)": lambda: pr.cpu_freq(percpu=True),
        "getloadavg()": pr.getloadavg,
        "virtual_memory()": pr.virtual_memory,
        "swap_memory()": pr.swap_memory,
        "disk_partitions(all=True)": lambda: pr.disk_partitions(all=True),
        "disk_usage('/')": lambda: pr.disk_usage("/"),
        "disk_io_counters(perdisk=True)": lambda: pr.disk_io_counters(perdisk=True),
        "net_io_counters(pernic=True)": lambda: pr.net_io_counters(pernic=True),
        "net_if_addrs()": pr.net_if_addrs,
        "net_if_stats()": pr.net_if_stats,
        "net_connections('inet')": pr.net_connections,
        "net_connections('all')": lambda: pr.net_connections("all"),
        "sensors_temperatures()": pr.sensors_temperatures,
        "sensors_fans()": pr.sensors_fans,
        "sensors_battery()": pr.sensors_battery,
        "boot_time()": pr.boot_time,
        "users()": pr.users,
        "heap_info()": pr.heap_info,
        "pids()": pr.pids,
        "pid_exists(pid)": lambda: pr.pid_exists(os.getpid()),
        "Process() of a missing pid": lambda: _raises(pr, 2**22 + 11),
        "Process(pid)": lambda: pr.Process(os.getpid()),
        "process_iter(8 attrs)": lambda: list(pr.process_iter(SCAN)),
        "process_iter(all attrs)": lambda: list(pr.process_iter([])),
    }
    methods = """name exe cmdline environ status username create_time cwd nice uids gids terminal
        num_fds io_counters ionice cpu_affinity cpu_num num_ctx_switches num_threads threads
        cpu_times cpu_percent memory_info memory_full_info memory_maps memory_percent
        open_files net_connections ppid parent parents children is_running as_dict""".split()
    calls = dict(system)
    for m in methods:
        calls[f"Process.{m}()"] = getattr(p, m)
    calls["Process.memory_maps(grouped=False)"] = lambda: p.memory_maps(grouped=False)
    calls["Process.children(recursive=True)"] = lambda: p.children(recursive=True)
    calls["Process.rlimit(RLIMIT_NOFILE)"] = lambda: p.rlimit(pr.RLIMIT_NOFILE)
    calls["Process.memory_percent('uss')"] = lambda: p.memory_percent("uss")
    calls["Process.oneshot() with 6 getters"] = lambda: _oneshot(p)
    calls["Process.environ() of a zombie-free gone pid"] = lambda: _raises(pr, 2**22 + 13)
    return calls


def _oneshot(p):
    with p.oneshot():
        p.name(), p.ppid(), p.status(), p.cpu_times(), p.memory_info(), p.create_time()


def _raises(pr, pid):
    try:
        pr.Process(pid)
    except pr.NoSuchProcess:
        pass


def _names():
    import psutil_rs

    return list(_calls(psutil_rs))


@pytest.mark.parametrize("name", _names())
def test_10000_calls_do_not_leak(pr, name):
    f = _calls(pr)[name]
    n = FEWER.get(name, N)
    # warm up: caches, allocator arenas, lazily imported modules
    for _ in range(max(50, n // 20)):
        f()
    # Two halves: a leak grows the RSS in both, while a one-off rise of a high-water
    # mark (a reused read buffer meeting a bigger /proc file because the machine
    # opened more sockets meanwhile) shows in one half only.
    # A half during which the machine gained or lost many processes is run again: the
    # scans then keep (or drop) a Process object per pid, which is no leak.
    grown = []
    for _ in range(6):
        gc.collect()
        before, procs_before = _rss(), _nprocs()
        for _ in range(n // 2):
            f()
        gc.collect()
        if abs(_nprocs() - procs_before) <= 20:
            grown.append(_rss() - before)
        if len(grown) == 2:
            break
    assert grown, f"{name}: the process table never held still for {n // 2} calls"
    assert min(grown) < BOUND / 2, f"{name}: RSS grew by {grown} bytes over 2 x {n // 2} calls"


def _nprocs():
    return sum(1 for e in os.listdir("/proc") if e.isdigit())


def test_threads_are_correct(ps, pr):
    errors = []
    expected_boot = ps.boot_time()
    me = os.getpid()

    def work():
        try:
            for _ in range(200):
                assert pr.boot_time() == expected_boot
                assert pr.Process(me).pid == me
                assert me in pr.pids()
                assert pr.virtual_memory().total > 0
                assert pr.Process().name()
                pr.cpu_percent()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_threads_share_processes_and_scans(pr):
    # the same Process instances and scans used from 8 threads at once give what one
    # thread alone gets (static values only)
    me = pr.Process()
    static = ["pid", "name", "exe", "cmdline", "uids", "gids", "username", "create_time", "ppid", "terminal"]
    want = me.as_dict(static)
    want_maps = [m.path for m in me.memory_maps()]
    want_one = {p.pid: p.info["name"] for p in pr.process_iter(["name"]) if p.pid == os.getpid()}
    errors = []
    barrier = threading.Barrier(8)

    def work(i):
        try:
            barrier.wait()
            for _ in range(30):
                assert me.as_dict(static) == want
                assert [m.path for m in me.memory_maps()][:5] == want_maps[:5]
                assert me.num_fds() > 0 and me.io_counters().read_chars > 0
                # ids sort as strings (psutil's order): after the pid counter wraps, a
                # worker's id can sort before the main thread's
                assert os.getpid() in [t.id for t in me.threads()]
                got = {p.pid: p.info["name"] for p in pr.process_iter(["name"]) if p.pid == os.getpid()}
                assert got == want_one
        except Exception as e:  # noqa: BLE001
            errors.append((i, repr(e)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_gil_released_during_reads(pr):
    # While one thread does a slow blocking call in Rust (wait with a timeout), another
    # thread keeps running Python code.
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        counter = [0]
        stop = threading.Event()

        def spin():
            while not stop.is_set():
                counter[0] += 1

        t = threading.Thread(target=spin, daemon=True)
        t.start()
        start = time.monotonic()
        try:
            with pytest.raises(pr.TimeoutExpired):
                pr.Process(child.pid).wait(0.5)
        finally:
            stop.set()
            t.join()
        assert time.monotonic() - start >= 0.45
        assert counter[0] > 1000
    finally:
        child.kill()
        child.wait()
