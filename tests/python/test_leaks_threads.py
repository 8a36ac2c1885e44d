"""10,000 calls must not leak, and concurrent calls from threads must be correct."""

import gc
import os
import threading

import pytest


def _rss():
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _calls(pr):
    p = pr.Process()
    return [
        pr.virtual_memory,
        pr.swap_memory,
        pr.cpu_times,
        lambda: pr.cpu_times(percpu=True),
        pr.cpu_stats,
        pr.boot_time,
        pr.pids,
        lambda: pr.disk_io_counters(perdisk=True),
        lambda: pr.net_io_counters(pernic=True),
        pr.net_if_addrs,
        pr.disk_partitions,
        lambda: pr.disk_usage("/"),
        p.name,
        p.cmdline,
        p.status,
        p.cpu_times,
        p.memory_info,
        p.num_threads,
        p.open_files,
        lambda: pr.Process(os.getpid()),
        lambda: p.as_dict(["name", "ppid", "status", "cpu_times", "memory_info"]),
        lambda: _raises(pr, 2**22 + 11),
    ]


def _raises(pr, pid):
    try:
        pr.Process(pid)
    except pr.NoSuchProcess:
        pass


def test_10000_calls_do_not_leak(pr):
    calls = _calls(pr)
    n = 10_000
    # warm up: caches, allocator arenas, lazily imported modules
    for f in calls:
        for _ in range(200):
            f()
    gc.collect()
    before = _rss()
    for i in range(n):
        calls[i % len(calls)]()
    for f in calls[:8]:
        for _ in range(n // 8):
            f()
    gc.collect()
    grown = _rss() - before
    # a leak of even 100 bytes per call over 20,000 calls would show as ~2 MB
    assert grown < 2 * 1024 * 1024, f"RSS grew by {grown} bytes over {2 * n} calls"


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
