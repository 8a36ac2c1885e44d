"""Every module-level function of psutil_rs compared with real psutil 7.2.2, field by
field: exact where the value cannot move, bracketed (psutil before <= ours <= psutil
after) for counters, and within a stated tolerance for gauges."""

import os
import socket

import pytest
from conftest import assert_bracketed
from conftest import assert_same_shape


def test_pids_and_pid_exists(ps, pr):
    before = set(ps.pids())
    mine = pr.pids()
    after = set(ps.pids())
    assert mine == sorted(mine)
    assert before & after <= set(mine) <= before | after
    for pid in [os.getpid(), 1, 0, -1, 2**22 + 7]:
        assert pr.pid_exists(pid) == ps.pid_exists(pid), pid


def test_pid_exists_tid_is_false(ps, pr):
    import threading

    ev = threading.Event()
    t = threading.Thread(target=ev.wait)
    t.start()
    try:
        tid = t.native_id
        assert pr.pid_exists(tid) is ps.pid_exists(tid) is False
        assert tid not in pr.pids()
    finally:
        ev.set()
        t.join()


def test_posix_pid_exists_is_kill_0(ps, pr):
    """The private `_psposix.pid_exists` (the public one on macOS and FreeBSD): kill(pid, 0)
    only, so a thread id is found, and an errno other than ESRCH or EPERM is raised."""
    import errno
    import threading
    from unittest import mock

    ev = threading.Event()
    t = threading.Thread(target=ev.wait)
    t.start()
    try:
        for pid in [os.getpid(), 1, 0, 2**22 + 7, t.native_id]:
            assert pr._psposix.pid_exists(pid) is ps._psposix.pid_exists(pid), pid
        assert pr._psposix.pid_exists(t.native_id) is True
    finally:
        ev.set()
        t.join()
    for module in (pr, ps):
        with mock.patch.object(module._psposix.os, "kill", side_effect=OSError(errno.EBADF, "")):
            with pytest.raises(OSError):
                module._psposix.pid_exists(os.getpid())


def test_boot_time(ps, pr):
    assert pr.boot_time() == ps.boot_time()
    assert type(pr.boot_time()) is float


@pytest.mark.parametrize("logical", [True, False])
def test_cpu_count(ps, pr, logical):
    assert pr.cpu_count(logical=logical) == ps.cpu_count(logical=logical)


def test_cpu_times(ps, pr):
    b = ps.cpu_times()
    m = pr.cpu_times()
    a = ps.cpu_times()
    assert_same_shape(m, b)
    assert_bracketed(b, m, a, slack=0.011)


def test_per_cpu_times(ps, pr):
    b = ps.cpu_times(percpu=True)
    m = pr.cpu_times(percpu=True)
    a = ps.cpu_times(percpu=True)
    assert len(m) == len(b)
    for x, y, z in zip(b, m, a):
        assert_same_shape(y, x)
        assert_bracketed(x, y, z, slack=0.011)


def test_cpu_stats(ps, pr):
    b = ps.cpu_stats()
    m = pr.cpu_stats()
    a = ps.cpu_stats()
    assert_same_shape(m, b)
    assert_bracketed(b, m, a)


def test_cpu_percent_shapes(ps, pr):
    assert isinstance(pr.cpu_percent(interval=0.05), float)
    pc = pr.cpu_percent(interval=0.05, percpu=True)
    assert len(pc) == len(ps.cpu_percent(percpu=True))
    for v in pc:
        assert 0.0 <= v <= 100.0
    t = pr.cpu_times_percent(interval=0.05)
    assert_same_shape(t, ps.cpu_times_percent(interval=0.05))
    for v in t:
        assert 0.0 <= v <= 100.0


def test_cpu_freq(ps, pr):
    m, o = pr.cpu_freq(), ps.cpu_freq()
    if o is None:
        assert m is None
        return
    assert_same_shape(m, o)
    assert m.min == o.min and m.max == o.max
    assert abs(m.current - o.current) <= max(o.max, o.current) * 0.5 + 1
    assert len(pr.cpu_freq(percpu=True)) == len(ps.cpu_freq(percpu=True))


def test_getloadavg(ps, pr):
    # The same sysinfo(2) numbers as os.getloadavg (psutil's), to the bit; the kernel
    # updates them every 5 s, so a pair read across an update is read again.
    for _ in range(5):
        before, m, after = ps.getloadavg(), pr.getloadavg(), ps.getloadavg()
        if before == after:
            break
    assert type(m) is tuple and len(m) == 3 and all(type(x) is float for x in m)
    assert m == before == after
    assert pr.getloadavg.__name__ == "getloadavg" and pr.getloadavg.__doc__


def test_virtual_memory(ps, pr):
    o = ps.virtual_memory()
    m = pr.virtual_memory()
    assert_same_shape(m, o)
    assert m.total == o.total
    tol = 64 * 1024 * 1024
    for f in ("available", "used", "free", "active", "inactive", "buffers", "cached", "shared", "slab"):
        assert abs(getattr(m, f) - getattr(o, f)) <= tol, f
    assert abs(m.percent - o.percent) <= 1.0
    assert m.percent == round((m.total - m.available) / m.total * 100, 1)
    assert m.used == m.total - m.available


def test_swap_memory(ps, pr):
    o = ps.swap_memory()
    m = pr.swap_memory()
    assert_same_shape(m, o)
    assert m.total == o.total
    assert abs(m.used - o.used) <= 64 * 1024 * 1024
    b = o
    a = ps.swap_memory()
    assert b.sin <= m.sin <= a.sin
    assert b.sout <= m.sout <= a.sout
    if os.environ.get("PSUTIL_RS_TEST_SWAP_PID"):  # scripts/test-swap.py's holder: 16 MiB out
        assert m.used >= 8 << 20 and m.sout >= 8 << 20 and m.percent > 0.0, m


def test_disk_partitions(ps, pr):
    for all_ in (False, True):
        mine = pr.disk_partitions(all=all_)
        theirs = ps.disk_partitions(all=all_)
        assert sorted(mine) == sorted(theirs)
        for p in mine:
            assert_same_shape(p, theirs[0])


def test_disk_usage(ps, pr):
    for path in ["/", os.getcwd(), "/tmp"]:
        o, m = ps.disk_usage(path), pr.disk_usage(path)
        assert_same_shape(m, o)
        assert m.total == o.total
        assert abs(m.used - o.used) <= 32 * 1024 * 1024
        assert abs(m.free - o.free) <= 32 * 1024 * 1024
        assert abs(m.percent - o.percent) <= 0.5


def _check_io_counters(ps, pr, fun, per_key):
    # per key with nowrap off (raw), then the totals: psutil before <= ours <= after
    b = getattr(ps, fun)(**{per_key: True, "nowrap": False})
    m = getattr(pr, fun)(**{per_key: True, "nowrap": False})
    a = getattr(ps, fun)(**{per_key: True, "nowrap": False})
    assert set(m) == set(b)
    for k in m:
        assert_same_shape(m[k], b[k])
        assert_bracketed(b[k], m[k], a[k])
    bt, mt, at = getattr(ps, fun)(), getattr(pr, fun)(), getattr(ps, fun)()
    if bt is None:
        assert mt is None
    else:
        assert_bracketed(bt, mt, at)


def test_disk_io_counters(ps, pr):
    _check_io_counters(ps, pr, "disk_io_counters", "perdisk")


def test_net_io_counters(ps, pr):
    _check_io_counters(ps, pr, "net_io_counters", "pernic")


def test_net_if_addrs(ps, pr):
    m, o = pr.net_if_addrs(), ps.net_if_addrs()
    assert set(m) == set(o)
    for nic in m:
        assert m[nic] == o[nic], nic
        for x, y in zip(m[nic], o[nic]):
            assert_same_shape(x, y)
            assert type(x.family) is type(y.family)


def test_net_if_stats(ps, pr):
    m, o = pr.net_if_stats(), ps.net_if_stats()
    assert set(m) == set(o)
    for nic in m:
        assert m[nic] == o[nic], nic
        assert_same_shape(m[nic], o[nic])
        assert type(m[nic].duplex).__name__ == type(o[nic].duplex).__name__


def test_net_if_stats_per_nic_calls(ps, pr):
    """The per-NIC calls psutil's net_if_stats makes (its tests patch them) answer as
    psutil's do, and with one of them patched net_if_stats is built from them."""
    import errno
    from unittest import mock

    mine, theirs = pr._psplatform.cext, ps._psplatform.cext
    for nic in ps.net_if_stats():
        assert mine.net_if_mtu(nic) == theirs.net_if_mtu(nic), nic
        assert mine.net_if_flags(nic) == theirs.net_if_flags(nic), nic
        duplex, speed = mine.net_if_duplex_speed(nic)
        assert duplex == ps.net_if_stats()[nic].duplex and speed == theirs.net_if_duplex_speed(nic)[1]
    for module in (mine, theirs):
        with pytest.raises(OSError) as err:
            module.net_if_mtu("no-such-nic")
        assert err.value.errno == errno.ENODEV
    real = mine.net_if_flags
    with mock.patch.object(mine, "net_if_flags", side_effect=real) as m:
        assert pr.net_if_stats() == ps.net_if_stats()
    assert m.called
    with mock.patch.object(mine, "net_if_duplex_speed", side_effect=OSError(errno.EIO, "")):
        with pytest.raises(OSError):
            pr.net_if_stats()


@pytest.mark.skipif(not os.environ.get("PSUTIL_RS_TEST_NIC"), reason="no veth pair (scripts/test-nic.sh)")
def test_the_test_veth_pair(ps, pr):
    # scripts/test-nic.sh's pair: up, MTU 1400, veth's 10000 Mb/s full duplex, a /30 and a /64
    nic, peer = os.environ["PSUTIL_RS_TEST_NIC"], "psrs1"
    mine, theirs = pr.net_if_stats(), ps.net_if_stats()
    for name in (nic, peer):
        assert mine[name] == theirs[name]
        assert (mine[name].isup, mine[name].duplex, mine[name].speed, mine[name].mtu) == (
            True, pr.NIC_DUPLEX_FULL, 10000, 1400,
        )  # fmt: skip
    addrs = pr.net_if_addrs()[nic]
    assert addrs == ps.net_if_addrs()[nic]
    v4 = [(a.address, a.netmask, a.broadcast) for a in addrs if a.family == socket.AF_INET]
    assert v4 == [("198.51.100.1", "255.255.255.252", "198.51.100.3")]
    assert ("2001:db8:5:1::1", "ffff:ffff:ffff:ffff::") in [(a.address, a.netmask) for a in addrs]
    before = ps.net_io_counters(pernic=True)
    counters = pr.net_io_counters(pernic=True)
    after = ps.net_io_counters(pernic=True)
    assert 1 <= before[nic].packets_sent <= counters[nic].packets_sent <= after[nic].packets_sent
    assert 1 <= before[peer].packets_recv <= counters[peer].packets_recv <= after[peer].packets_recv


@pytest.mark.parametrize("kind", ["inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "all"])
def test_net_connections(ps, pr, kind):
    # A listening socket and a UDP socket of our own are stable across both calls.
    s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s1.bind(("127.0.0.1", 0))
    s1.listen()
    s2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s2.bind(("127.0.0.1", 0))
    try:
        o = set(ps.net_connections(kind))
        m = set(pr.net_connections(kind))
        o2 = set(ps.net_connections(kind))
        stable = o & o2
        assert stable <= m, stable - m
        assert m <= o | o2 | m  # type check below
        mine = [c for c in m if c.pid == os.getpid()]
        theirs = [c for c in o if c.pid == os.getpid()]
        assert sorted(mine, key=repr) == sorted(theirs, key=repr)
        for c in m:
            assert type(c).__name__ == "sconn"
            assert isinstance(c.family, socket.AddressFamily)
            assert isinstance(c.type, socket.SocketKind)
    finally:
        s1.close()
        s2.close()


def assert_same_readings(mine, theirs, tolerance):
    # the same chips, labels and limits; each reading drifts between the two calls
    assert list(mine) == list(theirs)
    for chip in mine:
        assert len(mine[chip]) == len(theirs[chip]), chip
        for m, t in zip(mine[chip], theirs[chip]):
            assert type(m).__name__ == type(t).__name__
            assert m._replace(current=t.current) == t, (chip, m, t)
            assert abs(m.current - t.current) <= tolerance(t.current), (chip, m, t)


def test_sensors(ps, pr):
    assert_same_readings(pr.sensors_temperatures(), ps.sensors_temperatures(), lambda _: 3.0)
    assert_same_readings(
        pr.sensors_temperatures(fahrenheit=True), ps.sensors_temperatures(fahrenheit=True), lambda _: 3.0 * 9 / 5
    )
    assert_same_readings(pr.sensors_fans(), ps.sensors_fans(), lambda rpm: max(100, rpm / 10))
    mb, ob = pr.sensors_battery(), ps.sensors_battery()
    if ob is None:
        assert mb is None
    else:
        assert_same_shape(mb, ob)
        assert mb.power_plugged == ob.power_plugged


def test_users(ps, pr):
    mine = pr.users()
    assert mine == ps.users()
    # The records scripts/test-login.py opens for the test step (none without root).
    for record in filter(None, os.environ.get("PSUTIL_RS_TEST_LOGINS", "").split(";")):
        name, terminal, host, pid, started = record.split(",")
        assert (name, terminal, host, float(started), int(pid)) in [tuple(u) for u in mine], record


def test_heap(ps, pr):
    h = pr.heap_info()
    assert_same_shape(h, ps.heap_info())
    assert h.heap_used > 0
    assert pr.heap_trim() is None


def test_nowrap_cache_hooks(pr):
    pr.disk_io_counters()
    pr.net_io_counters()
    cache = pr._common.wrap_numbers.cache_info()[0]
    assert "psutil.disk_io_counters" in cache and "psutil.net_io_counters" in cache
    pr.disk_io_counters.cache_clear()
    assert "psutil.disk_io_counters" not in pr._common.wrap_numbers.cache_info()[0]
    pr.net_io_counters.cache_clear()
    assert "psutil.net_io_counters" not in pr._common.wrap_numbers.cache_info()[0]


def test_procfs_path_is_read_per_call(pr, tmp_path):
    # An empty PROCFS_PATH makes /proc readers fail (psutil raises OSError there).
    old = pr.PROCFS_PATH
    pr.PROCFS_PATH = str(tmp_path)
    try:
        for fun in (pr.virtual_memory, pr.cpu_times, pr.boot_time, pr.net_io_counters):
            with pytest.raises(OSError):
                fun()
        with pytest.raises(pr.NoSuchProcess):
            pr.Process()
    finally:
        pr.PROCFS_PATH = old
    assert pr.virtual_memory().total > 0


def test_private_cpu_time_helpers(ps, pr):
    """`_cpu_tot_time` and `_cpu_busy_time`, psutil's private helpers its tests call, give
    psutil's numbers for the same tuples (guest time counted once, idle and iowait not busy)."""
    rows = [ps.cpu_times(), *ps.cpu_times(percpu=True)]
    made = rows[0]._make(float(i + 1) for i in range(len(rows[0])))
    for t in [*rows, made]:
        assert pr._cpu_tot_time(t) == pytest.approx(ps._cpu_tot_time(t), abs=1e-9), t
        assert pr._cpu_busy_time(t) == pytest.approx(ps._cpu_busy_time(t), abs=1e-9), t
