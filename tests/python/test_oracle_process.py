"""Every Process method of psutil_rs compared with real psutil 7.2.2: values field by
field, and, over every pid on the machine, the exception class of every call."""

import os
import signal
import subprocess
import time

import pytest
from conftest import assert_same_shape

EXACT = [
    "name", "exe", "cmdline", "environ", "status", "username", "create_time", "cwd",
    "nice", "uids", "gids", "terminal", "ionice", "cpu_affinity", "num_threads", "ppid",
    "open_files",
]


def _plain(v):
    # Process instances of the two libraries compare by pid
    if hasattr(v, "pid") and hasattr(v, "is_running"):
        return ("Process", v.pid)
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _call(obj, meth, *args):
    try:
        return ("ok", _plain(getattr(obj, meth)(*args)))
    except Exception as e:  # noqa: BLE001
        return ("err", type(e).__name__)


@pytest.mark.parametrize("meth", EXACT)
def test_exact_self(ps, pr, meth):
    o = getattr(ps.Process(), meth)()
    m = getattr(pr.Process(), meth)()
    assert m == o
    if hasattr(o, "_fields"):
        assert_same_shape(m, o)


@pytest.mark.parametrize("meth", EXACT)
def test_exact_child(ps, pr, child, meth):
    o = _call(ps.Process(child.pid), meth)
    m = _call(pr.Process(child.pid), meth)
    assert m == o


def _sleep_on_a_pty(ps):
    """script(1) running sleep in a session of its own whose controlling terminal is a
    pty: (the script Popen, the sleep's pid)."""
    script = subprocess.Popen(
        ["script", "-qfc", "exec sleep 60", "/dev/null"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    sleepers = []
    while not sleepers and time.monotonic() < deadline:
        sleepers = [c for c in ps.Process(script.pid).children(recursive=True) if c.name() == "sleep"]
        time.sleep(0.01)
    if not sleepers:
        script.kill()
        script.wait()
    assert sleepers, "script(1) started no sleep"
    return script, sleepers[0].pid


def test_terminal_of_a_process_on_a_pty(ps, pr):
    # The second pty is opened after both modules have answered for the first. psutil
    # 7.2.2 keeps the /dev map of its first terminal() call and answers None for a pty
    # opened later (gh-2830, fixed in its development branch); psutil_rs finds it.
    started = []
    try:
        for _ in range(2):
            script, pid = _sleep_on_a_pty(ps)
            started.append((script, pid))
            mine, theirs = pr.Process(pid).terminal(), ps.Process(pid).terminal()
            assert mine == os.readlink(f"/proc/{pid}/fd/0") and mine.startswith("/dev/pts/")
            assert theirs in (mine, None)
        assert started[0][1] != started[1][1]
    finally:
        for script, pid in started:
            os.kill(pid, signal.SIGKILL)
            script.kill()
            script.wait()


def test_environ_order(ps, pr, child):
    # dict equality ignores order: compare the item lists too (psutil's dict order is the
    # block's order), from environ() and from as_dict / process_iter prefetching
    for pid in (os.getpid(), child.pid):
        want = list(ps.Process(pid).environ().items())
        assert list(pr.Process(pid).environ().items()) == want
        assert list(pr.Process(pid).as_dict(["environ"])["environ"].items()) == want
    got = {p.pid: p.info["environ"] for p in pr.process_iter(["environ"])}
    assert list(got[child.pid].items()) == list(ps.Process(child.pid).environ().items())


def test_rlimits(ps, pr, child):
    for pid in (os.getpid(), child.pid):
        for name in dir(ps):
            if name.startswith("RLIMIT_"):
                res = getattr(ps, name)
                assert getattr(pr, name) == res
                assert pr.Process(pid).rlimit(res) == ps.Process(pid).rlimit(res), name


def test_counters_bracketed(ps, pr):
    po, pm = ps.Process(), pr.Process()
    for meth in ("cpu_times", "num_ctx_switches", "io_counters"):
        b = getattr(po, meth)()
        m = getattr(pm, meth)()
        a = getattr(po, meth)()
        assert_same_shape(m, b)
        for f in b._fields:
            # our own call adds a little between the two oracle reads
            assert getattr(b, f) - 0.011 <= getattr(m, f) <= getattr(a, f) + 0.011 + 64, (meth, f)


def test_memory(ps, pr):
    po, pm = ps.Process(), pr.Process()
    o, m = po.memory_info(), pm.memory_info()
    assert_same_shape(m, o)
    for f in o._fields:
        assert abs(getattr(m, f) - getattr(o, f)) <= 16 * 1024 * 1024, f
    o, m = po.memory_full_info(), pm.memory_full_info()
    assert_same_shape(m, o)
    for f in o._fields:
        assert abs(getattr(m, f) - getattr(o, f)) <= 16 * 1024 * 1024, f
    for memtype in ("rss", "vms", "uss"):
        assert abs(pm.memory_percent(memtype) - po.memory_percent(memtype)) < 1.0


def test_memory_maps(ps, pr, child):
    for pid in (child.pid,):
        o = ps.Process(pid).memory_maps(grouped=False)
        m = pr.Process(pid).memory_maps(grouped=False)
        assert [(x.addr, x.perms, x.path) for x in m] == [(x.addr, x.perms, x.path) for x in o]
        assert_same_shape(m[0], o[0])
        og = ps.Process(pid).memory_maps()
        mg = pr.Process(pid).memory_maps()
        assert [x.path for x in mg] == [x.path for x in og]
        assert_same_shape(mg[0], og[0])
        assert [x.size for x in mg] == [x.size for x in og]


def test_threads_fds_cpu_num(ps, pr):
    po, pm = ps.Process(), pr.Process()
    assert [t.id for t in pm.threads()] == [t.id for t in po.threads()]
    assert_same_shape(pm.threads()[0], po.threads()[0])
    assert abs(pm.num_fds() - po.num_fds()) <= 1
    assert 0 <= pm.cpu_num() < os.cpu_count()


def test_net_connections_process(ps, pr):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    try:
        for kind in ("inet", "tcp", "all", "unix"):
            assert sorted(pr.Process().net_connections(kind)) == sorted(ps.Process().net_connections(kind))
        c = pr.Process().net_connections("tcp")[0]
        assert type(c).__name__ == "pconn"
    finally:
        s.close()


# A child holding one socket of each shape: TCP listening and connected (IPv4, and IPv6
# when the machine has ::1), UDP, and UNIX (named, non-ASCII, undecodable, abstract,
# unnamed pair).
_SOCKET_CHILD = r"""
import os, socket, sys, time
d = sys.argv[1]
keep = []
for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    try:
        srv = socket.socket(fam)
        srv.bind((host, 0))
    except OSError:
        continue  # no IPv6 here
    srv.listen()
    cli = socket.socket(fam)
    cli.connect(srv.getsockname())
    acc, _ = srv.accept()
    udp = socket.socket(fam, socket.SOCK_DGRAM)
    udp.bind((host, 0))
    keep += [srv, cli, acc, udp]
for path in (os.path.join(d, "plain"), os.path.join(d, "caf\u00e9"),
             os.path.join(d, "raw").encode() + b"\xff", b"\0psutil-rs-test-%d" % os.getpid()):
    u = socket.socket(socket.AF_UNIX)
    u.bind(path)
    u.listen()
    keep.append(u)
keep += socket.socketpair()
os.write(1, b"ready\n")
time.sleep(60)
"""

CONN_KINDS = ["all", "inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix"]


@pytest.fixture
def socket_child(tmp_path):
    import subprocess
    import sys

    p = subprocess.Popen([sys.executable, "-c", _SOCKET_CHILD, str(tmp_path)], stdout=subprocess.PIPE)
    assert p.stdout.readline() == b"ready\n"
    yield p
    p.stdout.close()
    p.kill()
    p.wait()


def _assert_same_rows(mine, theirs):
    """The same rows, field by field with the same types: the enum
    members themselves, addr named tuples (or ()), str paths and statuses."""
    assert len(mine) == len(theirs) > 0
    for m, o in zip(mine, theirs):
        assert type(m).__name__ == type(o).__name__ == "pconn"
        assert m._fields == o._fields
        assert m == o
        assert m.family is o.family and m.type is o.type
        for f in m._fields:
            a, b = getattr(m, f), getattr(o, f)
            if type(b).__module__ == "socket":
                assert type(a) is type(b), f
            else:
                assert type(a).__name__ == type(b).__name__, (f, a, b)
                if hasattr(b, "_fields"):
                    assert a._fields == b._fields


def _by_fd(rows):
    # psutil's row order follows its own dict iteration (it differs between runs)
    return sorted(rows, key=lambda c: (c.fd, c))


@pytest.mark.parametrize("kind", CONN_KINDS)
def test_net_connections_rows_child(ps, pr, socket_child, kind):
    pid = socket_child.pid
    theirs = _by_fd(ps.Process(pid).net_connections(kind))
    if not theirs:
        pytest.skip(f"no {kind} socket on this machine (no IPv6?)")
    _assert_same_rows(_by_fd(pr.Process(pid).net_connections(kind)), theirs)


def test_net_connections_rows_prefetched(ps, pr, socket_child):
    import socket

    pid = socket_child.pid
    theirs = _by_fd(ps.Process(pid).net_connections())
    assert socket.AF_INET in {c.family for c in theirs}
    assert {socket.SOCK_STREAM, socket.SOCK_DGRAM} <= {c.type for c in theirs}
    _assert_same_rows(_by_fd(pr.Process(pid).as_dict(["net_connections"])["net_connections"]), theirs)
    mine = {p.pid: p.info for p in pr.process_iter(["net_connections", "ionice", "cpu_affinity"])}[pid]
    oracle = {p.pid: p.info for p in ps.process_iter(["net_connections", "ionice", "cpu_affinity"])}[pid]
    _assert_same_rows(_by_fd(mine["net_connections"]), _by_fd(oracle["net_connections"]))
    assert mine["cpu_affinity"] == oracle["cpu_affinity"]
    assert mine["ionice"] == oracle["ionice"]
    assert type(mine["ionice"]).__name__ == "pionice"
    assert type(mine["ionice"].ioclass).__name__ == type(oracle["ionice"].ioclass).__name__ == "IOPriority"
    assert mine["ionice"].ioclass.name == oracle["ionice"].ioclass.name


def test_family(ps, pr, child):
    me = pr.Process()
    kids = me.children()
    assert child.pid in [k.pid for k in kids]
    assert sorted(k.pid for k in me.children(recursive=True)) == sorted(
        k.pid for k in ps.Process().children(recursive=True)
    )
    assert pr.Process(child.pid).parent().pid == os.getpid()
    assert [p.pid for p in pr.Process().parents()] == [p.pid for p in ps.Process().parents()]
    assert pr.Process(1).parent() is None


@pytest.mark.parametrize(
    "script",
    [
        "sleep 60 & sleep 60 & wait",  # a single-threaded parent: the kernel's list
        "sleep 0.05 & exec sleep 60",  # its child stays a zombie: nobody reaps it
    ],
)
def test_children_of_a_shell(ps, pr, script):
    sh = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    try:
        # settled: every child has exec'd sleep (a child caught before is named sh), and
        # the sleeps are asleep or, for the short one, exited and never reaped: a zombie
        want = ["sleeping", "sleeping"] if "wait" in script else ["zombie"]
        deadline = time.time() + 10
        while True:
            try:
                kids = ps.Process(sh.pid).children()
                seen = [(k.name(), k.status()) for k in kids]
            except ps.NoSuchProcess:
                seen = []
            if seen == [("sleep", w) for w in want]:
                break
            assert time.time() < deadline, f"the shell's children never settled: {seen}"
            time.sleep(0.01)
        theirs = ps.Process(sh.pid).children(recursive=True)
        ours = pr.Process(sh.pid).children(recursive=True)
        assert [(k.pid, k.status()) for k in ours] == [(k.pid, k.status()) for k in theirs]
        # psutil compares each child's create_time() with its own: repr then shows `started`
        assert [repr(k).split("(", 1)[1] for k in ours] == [repr(k).split("(", 1)[1] for k in theirs]
    finally:
        os.killpg(sh.pid, signal.SIGKILL)
        sh.wait()


def test_cpu_percent_process(pr):
    p = pr.Process()
    assert p.cpu_percent() == 0.0
    t = time.time()
    while time.time() - t < 0.1:
        pass
    v = p.cpu_percent()
    assert 0.0 < v <= 100.0 * (os.cpu_count() or 1) + 5


def test_as_dict_and_oneshot(ps, pr):
    d = pr.Process().as_dict()
    assert set(d) == set(ps.Process().as_dict())
    assert d["pid"] == os.getpid()
    assert d["name"] == ps.Process().name()
    with pr.Process().oneshot():
        pass
    p = pr.Process()
    with p.oneshot():
        a = (p.name(), p.ppid(), p.status(), p.cpu_times(), p.memory_info(), p.create_time())
        with p.oneshot():
            b = (p.name(), p.ppid(), p.status())
    assert a[:3] == b


def test_process_iter(ps, pr):
    attrs = ["pid", "name", "username", "cpu_times", "memory_info", "status", "ppid", "cmdline"]
    mine = {p.pid: p.info for p in pr.process_iter(attrs)}
    theirs = {p.pid: p.info for p in ps.process_iter(attrs)}
    common = set(mine) & set(theirs)
    assert os.getpid() in common and len(common) > 3
    for pid in common:
        assert set(mine[pid]) == set(attrs)
        for k in ("pid", "name", "username", "ppid", "cmdline"):
            if mine[pid][k] != theirs[pid][k] and _changed(ps, pid, k, theirs[pid][k]):
                continue  # it ended, became a zombie or changed (kworker names) in between
            assert mine[pid][k] == theirs[pid][k], (pid, k)
    assert [p.pid for p in pr.process_iter()] == sorted(p.pid for p in pr.process_iter())
    pr.process_iter.cache_clear()
    assert pr._pmap == {}


def _exited(ps, pid):
    try:
        return ps.Process(pid).status() == ps.STATUS_ZOMBIE
    except ps.NoSuchProcess:
        return True


def _changed(ps, pid, attr, seen):
    """True when *pid* is gone or a zombie now, or its *attr* is volatile: the oracle
    reads another value, or (kworker names flip back and forth) both libraries agree on
    a fresh read."""
    import psutil_rs as pr

    for _ in range(5):
        if _exited(ps, pid):
            return True
        try:
            fresh = getattr(ps.Process(pid), attr)()
            if fresh != seen or fresh == getattr(pr.Process(pid), attr)():
                return True
        except (ps.Error, pr.Error):
            return True
    return False


def test_repr_and_identity(pr):
    p = pr.Process()
    assert repr(p).startswith(f"{type(p).__module__}.Process(pid={os.getpid()}, name=")
    assert p == pr.Process()
    assert hash(p) == hash(pr.Process())
    assert p.is_running()


def test_wait_and_signals(pr, child):
    p = pr.Process(child.pid)
    with pytest.raises(pr.TimeoutExpired) as e:
        p.wait(0)
    assert e.value.pid == child.pid and e.value.seconds == 0
    p.suspend()
    deadline = time.time() + 2  # SIGSTOP takes effect asynchronously
    while p.status() != pr.STATUS_STOPPED and time.time() < deadline:
        time.sleep(0.01)
    assert p.status() == pr.STATUS_STOPPED
    p.resume()
    p.terminate()
    code = p.wait(5)
    assert code == -signal.SIGTERM
    assert type(code).__name__ == "Negsignal"
    assert p.wait() == code  # cached
    assert not p.is_running()


def test_wait_exit_code(pr):
    proc = pr.Popen(["sh", "-c", "exit 7"])
    assert proc.wait(5) == 7
    assert proc.returncode == 7


def test_wait_procs(pr):
    import subprocess
    import sys

    procs = [pr.Popen([sys.executable, "-c", "import time; time.sleep(%s)" % d]) for d in (0, 60)]
    gone, alive = pr.wait_procs(procs, timeout=2)
    assert [p.pid for p in gone] == [procs[0].pid]
    assert [p.pid for p in alive] == [procs[1].pid]
    procs[1].kill()
    gone, alive = pr.wait_procs(alive, timeout=5)
    assert alive == [] and gone[0].returncode == -signal.SIGKILL
    del subprocess


# --- errors, class by class, over every pid on the machine ---------------------------

ALL_GETTERS = [
    "name", "exe", "cmdline", "environ", "status", "username", "create_time", "cwd",
    "nice", "uids", "gids", "terminal", "num_fds", "io_counters", "ionice", "cpu_affinity",
    "cpu_num", "num_ctx_switches", "num_threads", "threads", "cpu_times",
    "memory_info", "memory_full_info", "memory_maps", "open_files", "net_connections",
    "ppid", "children", "parent",
]


def test_error_classes_every_pid(ps, pr):
    mismatches = []
    for pid in ps.pids():
        try:
            po = ps.Process(pid)
        except ps.NoSuchProcess:
            continue
        try:
            pm = pr.Process(pid)
        except pr.NoSuchProcess:
            continue
        for meth in ALL_GETTERS:
            o = _call(po, meth)
            m = _call(pm, meth)
            if o[0] == "err" or m[0] == "err":
                # a process that vanished or died in between is not a mismatch
                if o != m and not _exited(ps, pid):
                    mismatches.append((pid, meth, o, m))
    # psutil raises NoSuchProcess for environ() of kernel threads on some kernels
    # (reference §2.7); psutil_rs returns {} or AccessDenied there, which is allowed.
    real = [x for x in mismatches if not (x[1] == "environ" and x[2] == ("err", "NoSuchProcess"))]
    assert real == []


def test_gone_process(ps, pr, gone_pid):
    with pytest.raises(pr.NoSuchProcess) as e:
        pr.Process(gone_pid)
    assert e.value.pid == gone_pid and e.value.msg == "process PID not found"
    assert str(e.value) == str(_err(lambda: ps.Process(gone_pid)))


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return e
    raise AssertionError("no exception")


def test_zombie(ps, pr, zombie):
    po, pm = ps.Process(zombie), pr.Process(zombie)
    assert pm.status() == pr.STATUS_ZOMBIE
    for meth in ALL_GETTERS:
        o, m = _call(po, meth), _call(pm, meth)
        assert o == m or (o[0] == m[0] == "ok" and meth in ("cpu_num",)), (meth, o, m)
    po, pm = ps.Process(zombie), pr.Process(zombie)  # fresh: no name known yet
    e, o = _err(pm.cmdline), _err(po.cmdline)
    assert isinstance(e, pr.ZombieProcess) and isinstance(o, ps.ZombieProcess)
    # psutil's exception carries only what the instance knew: no name yet, no ppid
    assert (e.pid, e.name, e.ppid, e.msg) == (o.pid, o.name, o.ppid, o.msg) == (zombie, None, None, o.msg)
    pm.name(), po.name()
    e, o = _err(pm.environ), _err(po.environ)
    assert (e.pid, e.name, e.ppid, str(e)) == (o.pid, o.name, o.ppid, str(o).replace("psutil.", "psutil_rs."))
    assert pm.is_running()


@pytest.mark.parametrize("cpus", [None, {0}, {os.cpu_count() - 1}])
def test_private_eligible_cpus(ps, pr, cpus):
    """psutil's private `_get_eligible_cpus` (its tests call it): the first range of the
    status file's `Cpus_allowed_list`, else every CPU, as psutil computes it."""
    kid = subprocess.Popen(["sleep", "30"])
    try:
        if cpus is not None:
            os.sched_setaffinity(kid.pid, cpus)
        with open(f"/proc/{kid.pid}/status") as f:
            listed = next(line for line in f if line.startswith("Cpus_allowed_list:"))
        ours = pr.Process(kid.pid)._proc._get_eligible_cpus()
        assert ours == ps.Process(kid.pid)._proc._get_eligible_cpus(), listed
        if "-" not in listed.split(":")[1].split(",")[0]:
            assert ours == list(range(os.cpu_count())), listed
    finally:
        kid.kill()
        kid.wait()
