"""Process resources (memory detail, maps, files, threads, I/O) and every other getter of
a quiet child, compared with psutil 7.2.2 field by field.

The child is a Python process blocked in ``select`` holding a known set of files, so
what it reports only moves by what the two reads themselves cause: static values must
be equal, counters must be bracketed by two psutil reads, and memory gauges (the kernel
may move a page between reads) are compared within a stated tolerance.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest
from conftest import assert_same_shape

CHILD = textwrap.dedent(
    """
    import os, select, sys, threading
    f1 = open(sys.argv[1], "rb")
    f2 = open(sys.argv[2], "a")
    f2.write("x" * 123)
    f2.flush()
    block = bytearray(8 * 1024 * 1024)          # touched: private anonymous memory
    for i in range(0, len(block), 4096):
        block[i] = 1
    ev = threading.Event()
    t = threading.Thread(target=ev.wait, daemon=True)
    t.start()
    os.write(1, b"ready\\n")
    select.select([0], [], [])                  # until stdin closes
    """
)

# memory pages can move (page cache, khugepaged) between the two libraries' reads
MEM_TOL = 256 * 1024


@pytest.fixture(scope="module")
def quiet():
    d = tempfile.mkdtemp(prefix="psutil-rs-res-")
    a, b = os.path.join(d, "read.bin"), os.path.join(d, "append.txt")
    with open(a, "wb") as f:
        f.write(b"\0" * 1000)
    p = subprocess.Popen(
        [sys.executable, "-c", CHILD, a, b], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert p.stdout.readline() == b"ready\n"
    time.sleep(0.1)
    yield p
    p.stdin.close()
    p.wait(10)
    for x in (a, b):
        os.unlink(x)
    os.rmdir(d)


def _pair(ps, pr, pid):
    return ps.Process(pid), pr.Process(pid)


STATIC = [
    "name", "exe", "cmdline", "environ", "status", "username", "create_time", "cwd",
    "nice", "uids", "gids", "terminal", "ionice", "cpu_affinity", "num_threads", "ppid",
    "open_files", "num_fds", "cpu_num", "io_counters",
]


@pytest.mark.parametrize("meth", STATIC)
def test_static_getters_of_quiet_child(ps, pr, quiet, meth):
    po, pm = _pair(ps, pr, quiet.pid)
    o, m = getattr(po, meth)(), getattr(pm, meth)()
    assert m == o
    assert type(m) is type(o) or type(m).__name__ == type(o).__name__
    if hasattr(o, "_fields"):
        assert_same_shape(m, o)


def test_open_files_fields(ps, pr, quiet):
    po, pm = _pair(ps, pr, quiet.pid)
    o, m = po.open_files(), pm.open_files()
    assert len(m) == 2
    for x, y in zip(m, o):
        assert_same_shape(x, y)
        assert tuple(x) == tuple(y)
    modes = sorted(f.mode for f in m)
    assert modes == ["a", "r"]
    assert [f.position for f in m if f.mode == "a"] == [123]


def test_threads(ps, pr, quiet):
    po, pm = _pair(ps, pr, quiet.pid)
    b, m, a = po.threads(), pm.threads(), po.threads()
    assert len(m) == 2
    assert [t.id for t in m] == [t.id for t in b]
    for x, y, z in zip(b, m, a):
        assert_same_shape(y, x)
        assert x.user_time <= y.user_time <= z.user_time
        assert x.system_time <= y.system_time <= z.system_time


def test_counters_bracketed(ps, pr, quiet):
    po, pm = _pair(ps, pr, quiet.pid)
    for meth in ("cpu_times", "num_ctx_switches"):
        b, m, a = getattr(po, meth)(), getattr(pm, meth)(), getattr(po, meth)()
        assert_same_shape(m, b)
        for f in b._fields:
            assert getattr(b, f) <= getattr(m, f) <= getattr(a, f), (meth, f)


def test_memory_info_and_full(ps, pr, quiet):
    po, pm = _pair(ps, pr, quiet.pid)
    for meth in ("memory_info", "memory_full_info"):
        o, m = getattr(po, meth)(), getattr(pm, meth)()
        assert_same_shape(m, o)
        assert m.vms == o.vms, meth
        for f in o._fields:
            assert abs(getattr(m, f) - getattr(o, f)) <= MEM_TOL, (meth, f, getattr(m, f), getattr(o, f))
    full = pm.memory_full_info()
    assert full.uss >= 8 * 1024 * 1024  # the touched block is private
    assert full.uss <= full.pss <= full.rss


@pytest.mark.skipif(not os.environ.get("PSUTIL_RS_TEST_SWAP_PID"), reason="no swap holder (scripts/test-swap.py)")
def test_memory_full_info_of_a_swapped_out_process(ps, pr):
    pid = int(os.environ["PSUTIL_RS_TEST_SWAP_PID"])
    before = ps.Process(pid).memory_full_info()
    mine = pr.Process(pid).memory_full_info()
    after = ps.Process(pid).memory_full_info()
    assert mine.swap >= 8 << 20, mine
    assert min(before.swap, after.swap) <= mine.swap <= max(before.swap, after.swap)
    for f in ("uss", "pss", "rss"):
        assert abs(getattr(mine, f) - getattr(before, f)) <= MEM_TOL, f
    assert abs(pr.Process(pid).memory_percent("swap") - ps.Process(pid).memory_percent("swap")) <= 0.01


@pytest.mark.parametrize("memtype", ["rss", "vms", "shared", "text", "lib", "data", "dirty", "uss", "pss", "swap"])
def test_memory_percent(ps, pr, quiet, memtype):
    po, pm = _pair(ps, pr, quiet.pid)
    o, m = po.memory_percent(memtype), pm.memory_percent(memtype)
    assert type(m) is float
    total = ps.virtual_memory().total
    assert abs(m - o) <= MEM_TOL * 100.0 / total, memtype


@pytest.mark.parametrize("grouped", [True, False])
def test_memory_maps(ps, pr, quiet, grouped):
    po, pm = _pair(ps, pr, quiet.pid)
    o, m = po.memory_maps(grouped=grouped), pm.memory_maps(grouped=grouped)
    assert len(m) == len(o)
    key = (lambda x: x.path) if grouped else (lambda x: (x.addr, x.perms, x.path))
    assert [key(x) for x in m] == [key(x) for x in o]
    for x, y in zip(m, o):
        assert_same_shape(x, y)
        assert x.size == y.size
        for f in ("rss", "pss", "shared_clean", "shared_dirty", "private_clean", "private_dirty",
                  "referenced", "anonymous", "swap"):  # fmt: skip
            assert abs(getattr(x, f) - getattr(y, f)) <= MEM_TOL, (key(x), f)
    assert type(m[0]).__name__ == ("pmmap_grouped" if grouped else "pmmap_ext")


def test_as_dict_of_quiet_child(ps, pr, quiet):
    po, pm = _pair(ps, pr, quiet.pid)
    o, m = po.as_dict(), pm.as_dict()
    assert set(m) == set(o)
    for k in STATIC + ["pid", "threads", "memory_maps"]:
        if k in ("threads", "memory_maps"):
            assert len(m[k]) == len(o[k]), k
            continue
        assert m[k] == o[k], k
    for k in ("memory_info", "memory_full_info"):
        assert_same_shape(m[k], o[k])
    assert abs(m["memory_percent"] - o["memory_percent"]) < 0.1
    assert m["cpu_percent"] == o["cpu_percent"] == 0.0
    # an explicit list gives exactly those keys; ad_value stands in for nothing here
    some = ["num_fds", "open_files", "io_counters", "threads", "memory_full_info"]
    assert set(pm.as_dict(some, ad_value="x")) == set(some)


def test_process_iter_all_attrs(ps, pr, quiet):
    mine = {p.pid: p.info for p in pr.process_iter([])}
    theirs = {p.pid: p.info for p in ps.process_iter([])}
    assert quiet.pid in mine
    assert set(mine[quiet.pid]) == set(theirs[quiet.pid])
    for k in ("num_fds", "open_files", "io_counters", "name", "cmdline", "num_threads"):
        assert mine[quiet.pid][k] == theirs[quiet.pid][k], k
    # every value has psutil's type: the same named tuple (fields included), or lists of
    # them, for each attribute
    for k, want in theirs[quiet.pid].items():
        got = mine[quiet.pid][k]
        assert type(got).__name__ == type(want).__name__, k
        assert getattr(got, "_fields", None) == getattr(want, "_fields", None), k
        if isinstance(want, list) and want and got:
            assert type(got[0]).__name__ == type(want[0]).__name__, k
            assert getattr(got[0], "_fields", None) == getattr(want[0], "_fields", None), k


def test_patched_getter_still_runs(pr, quiet):
    # as_dict()/process_iter(attrs) fetch natively only what nobody patched
    class Mine(pr.Process):
        def num_fds(self):
            return -7

    assert Mine(quiet.pid).as_dict(["num_fds", "name"])["num_fds"] == -7


def _gone(ps, pr):
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    po, pm = ps.Process(p.pid), pr.Process(p.pid)
    p.wait()
    return po, pm


GETTERS = STATIC + [
    "threads", "cpu_times", "num_ctx_switches", "memory_info", "memory_full_info",
    "memory_maps", "memory_percent", "net_connections", "children", "cpu_percent",
]


@pytest.mark.parametrize("meth", GETTERS)
def test_gone_process_same_exception(ps, pr, meth):
    po, pm = _gone(ps, pr)

    def outcome(p):
        try:
            getattr(p, meth)()
        except Exception as e:  # noqa: BLE001
            return type(e).__name__, getattr(e, "pid", None), getattr(e, "name", None), str(e).split("(")[0]
        return ("ok",)

    assert outcome(pm) == outcome(po)


@pytest.fixture
def funky_child():
    """`sleep` copied under a name and into a directory that are not UTF-8, run there."""
    import shutil

    base = tempfile.mkdtemp(prefix="psutil-rs-")
    where = os.path.join(base, os.fsdecode(b"dir-\xff\xfe"))
    os.mkdir(where)
    exe = os.path.join(where, os.fsdecode(b"sl\xe9ep-\xff"))
    shutil.copy(shutil.which("sleep"), exe)
    p = subprocess.Popen([exe, "60"], cwd=where)
    deadline = time.time() + 10
    while time.time() < deadline:  # until the copy runs, has loaded its libraries and sleeps
        try:
            with open(f"/proc/{p.pid}/status", errors="replace") as f:
                sleeping = "\nState:\tS" in f.read()
            with open(f"/proc/{p.pid}/maps", errors="replace") as f:
                libc = "libc" in f.read()
            if os.readlink(f"/proc/{p.pid}/exe") == exe and sleeping and libc:
                break
        except OSError:
            pass
        time.sleep(0.01)
    time.sleep(0.05)
    yield p, exe, where
    p.kill()
    p.wait()
    shutil.rmtree(base)


def test_undecodable_names_round_trip(ps, pr, funky_child):
    # psutil decodes with surrogateescape: the bytes survive; so must ours
    child, exe, where = funky_child
    po, pm = _pair(ps, pr, child.pid)
    for meth in ("name", "exe", "cwd", "cmdline"):
        assert getattr(pm, meth)() == getattr(po, meth)(), meth
    assert pm.exe() == exe and pm.cwd() == where and os.fsencode(pm.exe()).endswith(b"\xff")
    assert [m.path for m in pm.memory_maps()] == [m.path for m in po.memory_maps()]
    assert exe in [m.path for m in pm.memory_maps(grouped=False)]
    d = pm.as_dict(["name", "exe", "cwd", "cmdline", "memory_maps"])
    assert (d["name"], d["exe"], d["cwd"], d["cmdline"]) == (po.name(), exe, where, po.cmdline())
    assert [m.path for m in d["memory_maps"]] == [m.path for m in po.memory_maps()]


def test_undecodable_long_name_open_file_and_socket(ps, pr, tmp_path):
    # a copied `sleep` whose name is 15+ characters and not UTF-8 (the kernel keeps 15
    # bytes; psutil takes argv[0]'s basename), reading a file whose name is not UTF-8;
    # and a UNIX socket of ours bound at a path that is not UTF-8
    import shutil
    import socket

    exe = os.path.join(str(tmp_path), os.fsdecode(b"sleep-\xff\xfe-long-name"))
    shutil.copy(shutil.which("sleep"), exe)
    data = os.path.join(str(tmp_path), os.fsdecode(b"in-\xfd.txt"))
    with open(data, "w") as f:
        f.write("x")
    sock = socket.socket(socket.AF_UNIX)
    sock_path = os.path.join(str(tmp_path), os.fsdecode(b"s\xff.sock"))
    sock.bind(sock_path)
    with open(data) as stdin:
        child = subprocess.Popen([exe, "60"], stdin=stdin)
    try:
        deadline = time.time() + 10
        while time.time() < deadline and not ps.Process(child.pid).cmdline():
            time.sleep(0.01)
        po, pm = _pair(ps, pr, child.pid)
        assert pm.name() == po.name() == os.path.basename(exe)
        assert pm.cmdline() == po.cmdline() == [exe, "60"]
        assert pm.open_files() == po.open_files()
        assert data in [f.path for f in pm.open_files()]
        got = {p.info["pid"]: p.info for p in pr.process_iter(["pid", "name", "exe", "cmdline"])}
        assert (got[child.pid]["name"], got[child.pid]["exe"]) == (po.name(), exe)
        assert got[child.pid]["cmdline"] == po.cmdline()
        mine = [c for c in pr.Process().net_connections("unix") if c.laddr == sock_path]
        theirs = [c for c in ps.Process().net_connections("unix") if c.laddr == sock_path]
        assert mine == theirs and len(mine) == 1
        sys_mine = [c for c in pr.net_connections("unix") if c.laddr == sock_path]
        assert [c.pid for c in sys_mine] == [os.getpid()]
    finally:
        child.kill()
        child.wait()
        sock.close()
