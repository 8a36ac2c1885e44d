"""Bad input raises the same exception class (and message) as psutil 7.2.2."""

import os

import pytest

CASES = [
    ("Process('1')", lambda m: m.Process("1")),
    ("Process(1.5)", lambda m: m.Process(1.5)),
    ("Process(-1)", lambda m: m.Process(-1)),
    ("Process(2**31)", lambda m: m.Process(2**31)),
    ("Process(2**64)", lambda m: m.Process(2**64)),
    ("Process(0)", lambda m: m.Process(0)),
    ("pid_exists('1')", lambda m: m.pid_exists("1")),
    ("pid_exists(2**64)", lambda m: m.pid_exists(2**64)),
    ("net_connections('foo')", lambda m: m.net_connections("foo")),
    ("p.net_connections('foo')", lambda m: m.Process().net_connections("foo")),
    ("as_dict('name')", lambda m: m.Process().as_dict("name")),
    ("as_dict(['foo'])", lambda m: m.Process().as_dict(["foo"])),
    ("process_iter(attrs=['foo'])", lambda m: list(m.process_iter(attrs=["foo"]))),
    ("memory_percent('foo')", lambda m: m.Process().memory_percent("foo")),
    ("cpu_percent(-1)", lambda m: m.cpu_percent(-1)),
    ("p.cpu_percent(-1)", lambda m: m.Process().cpu_percent(-1)),
    ("cpu_times_percent(-1)", lambda m: m.cpu_times_percent(-1)),
    ("wait(-1)", lambda m: m.Process().wait(-1)),
    ("wait('x')", lambda m: m.Process().wait("x")),
    ("wait_procs(timeout=-1)", lambda m: m.wait_procs([m.Process()], timeout=-1)),
    ("wait_procs(callback=1)", lambda m: m.wait_procs([m.Process()], callback=1)),
    ("nice('str')", lambda m: m.Process().nice("str")),
    ("ionice(value=3)", lambda m: m.Process().ionice(value=3)),
    ("ionice(IDLE, 1)", lambda m: m.Process().ionice(m.IOPRIO_CLASS_IDLE, 1)),
    ("ionice(BE, 8)", lambda m: m.Process().ionice(m.IOPRIO_CLASS_BE, 8)),
    ("rlimit(NOFILE, (1,))", lambda m: m.Process().rlimit(m.RLIMIT_NOFILE, (1,))),
    ("rlimit(9999)", lambda m: m.Process().rlimit(9999)),
    ("cpu_affinity([9999])", lambda m: m.Process().cpu_affinity([9999])),
    ("cpu_affinity([0, -1])", lambda m: m.Process().cpu_affinity([0, -1])),
    ("cpu_affinity(1)", lambda m: m.Process().cpu_affinity(1)),
    ("disk_usage('/nonexistent')", lambda m: m.disk_usage("/nonexistent-psutil-rs")),
    ("disk_io_counters(perdisk='x') ok", lambda m: type(m.disk_io_counters(perdisk=1))),
    ("memory_percent(None)", lambda m: m.Process().memory_percent(None)),
    ("memory_percent(1)", lambda m: m.Process().memory_percent(1)),
    ("memory_percent('USS')", lambda m: m.Process().memory_percent("USS")),
    ("memory_maps(grouped='x') ok", lambda m: type(m.Process().memory_maps(grouped="x")[0]).__name__),
    ("memory_maps(grouped=0) ok", lambda m: type(m.Process().memory_maps(grouped=0)[0]).__name__),
    ("as_dict(['num_fds', 'foo'])", lambda m: m.Process().as_dict(["num_fds", "foo"])),
    ("as_dict(('num_fds',)) ok", lambda m: sorted(m.Process().as_dict(("num_fds",)))),
    ("as_dict(frozenset) ok", lambda m: sorted(m.Process().as_dict(frozenset(["threads"])))),
    ("process_iter(attrs='name')", lambda m: list(m.process_iter(attrs="name"))),
    ("process_iter(attrs=1)", lambda m: list(m.process_iter(attrs=1))),
    ("net_connections(None)", lambda m: m.net_connections(None)),
    ("p.net_connections(None)", lambda m: m.Process().net_connections(None)),
    ("rlimit('x')", lambda m: m.Process().rlimit("x")),
    ("rlimit(-1)", lambda m: m.Process().rlimit(-1)),
    ("Process(True) ok", lambda m: m.Process(True).pid),
    ("pid_exists(-5)", lambda m: m.pid_exists(-5)),
    ("disk_usage(b'/') ok", lambda m: m.disk_usage(b"/").total > 0),
    ("disk_usage('')", lambda m: m.disk_usage("")),
    ("disk_usage(None)", lambda m: m.disk_usage(None)),
    ("cpu_times_percent('x')", lambda m: m.cpu_times_percent("x")),
    ("cpu_count(logical=None) ok", lambda m: m.cpu_count(logical=None) > 0),
    ("send_signal to pid 0", lambda m: _pid0(m).send_signal(0)),
    ("wait pid 0", lambda m: _pid0(m).wait()),
    # issue 8: wrong types, huge numbers, unknown kinds and signals, absent paths
    ("send_signal('x')", lambda m: m.Process().send_signal("x")),
    ("send_signal(-1)", lambda m: m.Process().send_signal(-1)),
    ("send_signal(9999)", lambda m: m.Process().send_signal(9999)),
    ("send_signal(None)", lambda m: m.Process().send_signal(None)),
    ("send_signal(2**40)", lambda m: m.Process().send_signal(2**40)),
    ("pid_exists(-1)", lambda m: m.pid_exists(-1)),
    ("pid_exists(None)", lambda m: m.pid_exists(None)),
    ("pid_exists(1.5)", lambda m: m.pid_exists(1.5)),
    ("pid_exists(2**31)", lambda m: m.pid_exists(2**31)),
    ("pid_exists(2**32)", lambda m: m.pid_exists(2**32)),
    ("pid_exists(-2**70)", lambda m: m.pid_exists(-(2**70))),
    ("Process(-2**70)", lambda m: m.Process(-(2**70))),
    ("Process(b'1')", lambda m: m.Process(b"1")),
    ("Process([1])", lambda m: m.Process([1])),
    ("Process(None) ok", lambda m: m.Process(None).pid == os.getpid()),
    ("Process(2**22 + 11)", lambda m: m.Process(2**22 + 11)),
    ("wait_procs('x')", lambda m: m.wait_procs("x")),
    ("wait_procs([1])", lambda m: m.wait_procs([1])),
    ("wait_procs(timeout='x')", lambda m: m.wait_procs([m.Process()], timeout="x")),
    ("cpu_percent(interval='x')", lambda m: m.cpu_percent(interval="x")),
    ("cpu_times_percent(interval=-0.5)", lambda m: m.cpu_times_percent(interval=-0.5)),
    ("cpu_percent(interval=nan) ok", lambda m: type(m.cpu_percent(interval=float("nan"))).__name__),
    ("disk_usage(123)", lambda m: m.disk_usage(123)),
    ("disk_usage(b'/nonexistent')", lambda m: m.disk_usage(b"/nonexistent-psutil-rs")),
    ("disk_usage('a\\0b')", lambda m: m.disk_usage("a\0b")),
    ("disk_usage(file) ok", lambda m: m.disk_usage("/etc/passwd").total > 0),
    ("net_connections(123)", lambda m: m.net_connections(123)),
    ("net_connections('')", lambda m: m.net_connections("")),
    ("net_connections(b'inet')", lambda m: m.net_connections(b"inet")),
    ("p.net_connections(123)", lambda m: m.Process().net_connections(123)),
    ("nice(1.5)", lambda m: m.Process().nice(1.5)),
    ("nice(2**40)", lambda m: m.Process().nice(2**40)),
    ("ionice('x')", lambda m: m.Process().ionice("x")),
    ("ionice(-1)", lambda m: m.Process().ionice(-1)),
    ("ionice(BE, -1)", lambda m: m.Process().ionice(m.IOPRIO_CLASS_BE, -1)),
    ("ionice(BE, 'x')", lambda m: m.Process().ionice(m.IOPRIO_CLASS_BE, "x")),
    ("rlimit(NOFILE, (2**70, 2**70))", lambda m: m.Process().rlimit(m.RLIMIT_NOFILE, (2**70, 2**70))),
    ("rlimit(NOFILE, 'x')", lambda m: m.Process().rlimit(m.RLIMIT_NOFILE, "x")),
    ("rlimit(NOFILE, ('a', 'b'))", lambda m: m.Process().rlimit(m.RLIMIT_NOFILE, ("a", "b"))),
    ("rlimit(2**64)", lambda m: m.Process().rlimit(2**64)),
    ("rlimit(None)", lambda m: m.Process().rlimit(None)),
    ("cpu_affinity(['x'])", lambda m: m.Process().cpu_affinity(["x"])),
    ("cpu_affinity([2**64])", lambda m: m.Process().cpu_affinity([2**64])),
    ("cpu_affinity([1.5])", lambda m: m.Process().cpu_affinity([1.5])),
    ("cpu_affinity('01')", lambda m: m.Process().cpu_affinity("01")),
    ("process_iter(attrs=[1])", lambda m: list(m.process_iter(attrs=[1]))),
    ("as_dict([1])", lambda m: m.Process().as_dict([1])),
    ("memory_percent(memtype=1)", lambda m: m.Process().memory_percent(memtype=1)),
    ("wait(timeout=inf) of a child", lambda m: _wait_child(m, float("inf"))),
    ("wait(timeout=1e300) of a child", lambda m: _wait_child(m, 1e300)),
    ("Popen(absent binary)", lambda m: m.Popen(["/nonexistent-psutil-rs-bin"])),
]

# Same class, different message: Python's own conversion message differs from the C
# one psutil's extension hits (the class is psutil's).
CLASS_ONLY = {
    "nice(2**40)",  # pyo3: "out of range integral type conversion attempted"
    "disk_usage(b'/nonexistent')",  # the path in the message is decoded (str, not bytes)
    "wait(timeout=inf) of a child",  # psutil: "cannot convert float infinity to integer"
    "wait(timeout=1e300) of a child",  # psutil: "timestamp too large to convert ..."
}


def _wait_child(m, timeout):
    import subprocess

    child = subprocess.Popen(["sleep", "0.3"])
    try:
        return m.Process(child.pid).wait(timeout)
    finally:
        child.wait()


def _pid0(m):
    p = m.Process()
    p._pid = 0
    return p


def _outcome(f, mod):
    try:
        r = f(mod)
    except Exception as e:  # noqa: BLE001
        return ("raise", type(e).__name__, str(e))
    return ("ok", repr(r) if not hasattr(r, "__next__") else "iter")


@pytest.mark.parametrize("label,f", CASES, ids=[c[0] for c in CASES])
def test_bad_input_matches_psutil(ps, pr, label, f):
    o = _outcome(f, ps)
    m = _outcome(f, pr)
    assert m[:2] == o[:2], (label, o, m)
    if o[0] == "raise" and o[1] not in ("FileNotFoundError",) and label not in CLASS_ONLY:
        assert m[2] == o[2], (label, o, m)


# Where psutil 7.2.2 answers bad input wrongly, psutil_rs answers with a typed error and
# leaves the process unchanged: (label, call, psutil_rs's exception class, why).
DEVIATIONS = [
    ("ionice(99)", lambda m, p: p.ionice(99), OSError,
     "psutil passes class 99 to ioprio_set, whose 3-bit class field makes it IDLE (3): "
     "psutil succeeds and changes the process; psutil_rs refuses with EINVAL"),
    ("rlimit(NOFILE, (-5, -5))", lambda m, p: p.rlimit(m.RLIMIT_NOFILE, (-5, -5)), ValueError,
     "psutil hands -5 to prlimit as 2**64-5 (EPERM for NOFILE, a change for other "
     "resources); psutil_rs accepts only RLIM_INFINITY (-1) or values >= 0"),
    ("wait(timeout=nan)", lambda m, p: p.wait(float("nan")), ValueError,
     "psutil fails an internal assert (AssertionError)"),
]


@pytest.mark.parametrize("label,f,cls,why", DEVIATIONS, ids=[d[0] for d in DEVIATIONS])
def test_bad_input_deviations_are_typed_and_harmless(pr, label, f, cls, why):
    import subprocess

    child = subprocess.Popen(["sleep", "30"])
    try:
        p = pr.Process(child.pid)
        before = (p.ionice(), p.rlimit(pr.RLIMIT_NOFILE), p.status())
        with pytest.raises(cls):
            f(pr, p)
        assert (p.ionice(), p.rlimit(pr.RLIMIT_NOFILE), p.status()) == before, why
    finally:
        child.kill()
        child.wait()


def test_exception_classes_are_psutil_shaped(ps, pr):
    import pickle

    for name in ("Error", "NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired"):
        mine, theirs = getattr(pr, name), getattr(ps, name)
        assert [c.__name__ for c in mine.__mro__] == [c.__name__ for c in theirs.__mro__]
    cases = [
        (lambda m: m.NoSuchProcess(123, "foo")),
        (lambda m: m.NoSuchProcess(0)),
        (lambda m: m.ZombieProcess(123, "foo", 1)),
        (lambda m: m.AccessDenied(123, "foo")),
        (lambda m: m.AccessDenied()),
        (lambda m: m.TimeoutExpired(5, 123, "foo")),
        (lambda m: m.Error()),
    ]
    for c in cases:
        e, o = c(pr), c(ps)
        assert str(e) == str(o)
        assert repr(e).split(".", 1)[1] == repr(o).split(".", 1)[1]
        e2 = pickle.loads(pickle.dumps(e))
        assert type(e2) is type(e) and str(e2) == str(e) and vars(e2) == vars(e)


def test_permission_errors(pr):
    if os.getuid() == 0:
        pytest.skip("running as root: no AccessDenied to provoke (checked for every pid in test_oracle_process)")
    with pytest.raises(pr.AccessDenied):
        pr.Process(1).environ()


def test_process_types_registration_refuses_unknown_attributes(pr):
    # the extension builds prefetched named tuples from classes the package registers;
    # a name that is no attribute, or not a tuple-valued one, is refused
    from psutil_rs import _pslinux

    with pytest.raises(ValueError):
        _pslinux.cext.set_process_types({"bogus": tuple})
    with pytest.raises(ValueError):
        _pslinux.cext.set_process_types({"name": tuple})
    info = pr.Process().as_dict(["cpu_times", "memory_maps"])
    assert type(info["cpu_times"]).__name__ == "pcputimes"
    assert all(type(m).__name__ == "pmmap_grouped" for m in info["memory_maps"])
