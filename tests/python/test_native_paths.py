"""The module functions that run natively while nothing they stand in for is patched
(cpu_times, cpu_percent, cpu_times_percent, disk_io_counters, net_io_counters,
disk_partitions; issue 12): they keep the package's Python-visible state (the
cpu_percent samples, wrap_numbers' tables) exactly as the Python versions keep it, give
the Python versions' answers, and hand over to them once something is patched."""

import random
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest


def _older(sample, rng):
    # a plausible earlier sample: every field a little smaller (never below 0)
    return type(sample)._make(max(0.0, round(v - rng.uniform(0, 50), 2)) for v in sample)


@pytest.mark.parametrize("percpu", [False, True])
@pytest.mark.parametrize("kind,func,python", [
    ("busy", "cpu_percent", "_as_busy_percent"),
    ("fields", "cpu_times_percent", "_as_field_percents"),
])  # fmt: skip
def test_cpu_percents_continue_the_python_samples(pr, kind, func, python, percpu):
    rng = random.Random(12)
    key = (kind, percpu, threading.get_ident())
    for _ in range(20):
        now = pr.cpu_times(percpu)
        before = [_older(s, rng) for s in now] if percpu else _older(now, rng)
        pr._samples[key] = before
        got = getattr(pr, func)(percpu=percpu)
        after = pr._samples[key]  # the native call stored its sample as the Python one does
        assert type(after) is (list if percpu else pr._ntp.scputimes)
        compute = getattr(pr, python)
        want = [compute(b, a) for b, a in zip(before, after)] if percpu else compute(before, after)
        assert got == want
        assert type(got) is type(want)


def test_cpu_percent_first_call_of_a_thread(pr):
    out = {}

    def run():
        out["busy"] = pr.cpu_percent()
        out["key"] = ("busy", False, threading.get_ident()) in pr._samples

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert 0.0 <= out["busy"] <= 100.0 and out["key"]


def test_cpu_times_native_matches_the_python_version(pr):
    for percpu in (False, True):
        a = pr._cpu_times_py(percpu)
        b = pr.cpu_times(percpu)
        c = pr._cpu_times_py(percpu)
        if percpu:
            assert len(a) == len(b) == len(c)
            pairs = list(zip(a, b, c))
        else:
            pairs = [(a, b, c)]
        for x, y, z in pairs:
            assert type(y) is type(x) is pr._ntp.scputimes
            assert all(p <= q <= r for p, q, r in zip(x, y, z))  # read between the two


def test_patched_readers_are_used(pr):
    fake = pr._ntp.scputimes._make(range(len(pr._ntp.scputimes._fields)))
    with mock.patch.object(pr._pslinux, "cpu_times", return_value=fake):
        assert pr.cpu_times() == fake
    with mock.patch.object(pr._pslinux, "per_cpu_times", return_value=[fake]):
        assert pr.cpu_times(percpu=True) == [fake]
        assert len(pr.cpu_percent(percpu=True)) == 1  # the Python version, reading [fake]
    zero = fake._make([0] * len(fake))
    with mock.patch.object(pr, "cpu_times", return_value=zero):
        pr.cpu_times_percent()
        assert pr.cpu_times_percent() == zero._make([0.0] * len(zero))
        assert pr.cpu_percent() == 0.0


@pytest.mark.parametrize("func,name", [
    ("net_io_counters", "psutil.net_io_counters"),
    ("disk_io_counters", "psutil.disk_io_counters"),
])  # fmt: skip
def test_io_counters_keep_the_wrap_numbers_state(pr, func, name):
    call = getattr(pr, func)
    if call() is None:
        pytest.skip(f"no {func} on this machine")
    call.cache_clear()
    last, offsets, owners = pr._common.wrap_numbers.cache_info()
    call(True)  # first call: the Python wrap_numbers sets the tables up
    assert name in last and name in offsets and name in owners
    first = last[name]
    per = call(True)  # native: every (device, field) slot gets its 0 offset
    assert last[name] is not first and set(last[name]) == set(per)
    for dev, row in per.items():
        assert type(row).__name__ == ("snetio" if func.startswith("net") else "sdiskio")
        for i in range(len(row)):
            assert offsets[name][(dev, i)] == 0
        assert all(n >= o for n, o in zip(row, first.get(dev, row)))
    assert not owners[name]


@pytest.mark.parametrize("func,key", [("net_io_counters", "psutil.net_io_counters"),
                                      ("disk_io_counters", "psutil.disk_io_counters")])
def test_io_counters_wrap_correction(pr, func, key):
    """A counter that went down is corrected by the Python wrap_numbers, and the offset
    it leaves is then added by the native path."""
    call = getattr(pr, func)
    per = call(True)
    if not per:
        pytest.skip(f"no {func} on this machine")
    call.cache_clear()
    call(True)
    last, offsets, _ = pr._common.wrap_numbers.cache_info()
    dev = next(iter(last[key]))
    raised = list(last[key][dev])
    raised[0] += 1000  # as if the counter had been 1000 higher: it now looks wrapped
    last[key][dev] = tuple(raised)
    fixed = call(True)
    assert offsets[key][(dev, 0)] == raised[0]
    assert fixed[dev][0] >= raised[0]
    again = call(True)  # the plain case again: the offset is still added
    assert again[dev][0] >= fixed[dev][0] and again[dev][0] - raised[0] == last[key][dev][0]
    call.cache_clear()


def test_io_counters_sum_matches_the_python_version(pr):
    for func in ("net_io_counters", "disk_io_counters"):
        call, python = getattr(pr, func), getattr(pr, "_" + func + "_py")
        if call() is None:
            continue
        for nowrap in (False, True):
            a, b, c = python(False, nowrap), call(False, nowrap), python(False, nowrap)
            assert type(a) is type(b)
            assert all(x <= y <= z for x, y, z in zip(a, b, c)), (func, a, b, c)
            a, b, c = python(True, nowrap), call(True, nowrap), python(True, nowrap)
            assert list(a) == list(b) == list(c)


def test_io_counters_patched_reader(pr):
    with mock.patch.object(pr._pslinux, "net_io_counters", return_value={}) as m:
        assert pr.net_io_counters() is None and pr.net_io_counters(pernic=True) == {}
        assert m.called
    with mock.patch.object(pr._pslinux, "disk_io_counters", return_value={}) as m:
        assert pr.disk_io_counters() is None and pr.disk_io_counters(perdisk=True) == {}
        assert m.called


def test_disk_partitions_rows(pr, ps):
    for all_ in (False, True):
        mine = pr.disk_partitions(all_)
        assert all(type(p) is pr._ntp.sdiskpart for p in mine)
        assert [tuple(p) for p in mine] == [tuple(p) for p in ps.disk_partitions(all_)]
    with mock.patch.object(pr._pslinux.cext, "disk_partitions", return_value=[("/dev/x", "/", "zfs", "rw")]):
        assert pr.disk_partitions() == [pr._ntp.sdiskpart("/dev/x", "/", "zfs", "rw")]


def _process_percent(before, after):
    # psutil's Process.cpu_percent formula on two (clock, CPUs, user, system) samples:
    # each clock reading scaled by its own call's CPU count, the ratio by the second's
    busy = (after[2] - before[2]) + (after[3] - before[3])
    wall = after[0] * after[1] - before[0] * before[1]
    return round(busy / wall * 100 * after[1], 1) if wall else 0.0


def test_process_cpu_percent_native_and_python_share_samples(pr):
    p = pr.Process()
    rng = random.Random(7)
    for _ in range(10):
        assert p.cpu_percent() is not None
        now = p._cpu_sample
        # unpatched, the native version keeps the previous sample's count
        before = (now[0] - rng.uniform(0.5, 5), rng.choice([1.0, 2.0, 8.0]), max(0.0, now[2] - 0.3), now[3])
        p._cpu_sample = before
        got = p.cpu_percent()
        after = p._cpu_sample
        assert after[1] == before[1]
        assert got == _process_percent(before, after)
        # patched cpu_count: the Python version runs, calls it, and stores its count
        with mock.patch.object(pr, "cpu_count", return_value=3) as count:
            got = p.cpu_percent()
            assert count.called
        assert p._cpu_sample[1] == 3
        assert got == _process_percent(after, p._cpu_sample)
        with mock.patch.object(pr, "cpu_count", return_value=None):
            p.cpu_percent()
        assert p._cpu_sample[1] == 1  # psutil's `cpu_count() or 1`


def test_process_cpu_percent_of_a_busy_child_against_psutil(ps, pr):
    child = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        mine, theirs = pr.Process(child.pid), ps.Process(child.pid)
        time.sleep(0.3)
        mine.cpu_percent(), theirs.cpu_percent()
        time.sleep(1.0)
        a, b = mine.cpu_percent(), theirs.cpu_percent()
        assert 40.0 <= a <= 105.0 and abs(a - b) <= 10.0, (a, b)
    finally:
        child.kill()
        child.wait()
