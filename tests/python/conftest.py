"""Shared fixtures: ``ps`` is real psutil 7.2.2 (the oracle), ``pr`` is psutil_rs."""

import os
import subprocess
import sys
import time

import pytest

import psutil as _ps
import psutil_rs as _pr

assert _ps.__version__ == "7.2.2", "the oracle must be psutil 7.2.2"
assert _ps is not _pr


@pytest.fixture
def ps():
    return _ps


@pytest.fixture
def pr():
    return _pr


@pytest.fixture
def child():
    """A sleeping child process (killed and reaped afterwards)."""
    code = "import os, time; os.write(1, b'ready\\n'); time.sleep(60)"
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert p.stdout.readline() == b"ready\n"  # past its start-up: its memory holds still
    time.sleep(0.05)
    yield p
    p.stdout.close()
    if p.poll() is None:
        p.kill()
    p.wait()


@pytest.fixture
def zombie():
    """The pid of a zombie: a child that exited and is not reaped yet."""
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    deadline = time.time() + 5
    while time.time() < deadline:
        with open(f"/proc/{pid}/stat", "rb") as f:
            if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                break
        time.sleep(0.01)
    yield pid
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


@pytest.fixture
def gone_pid():
    """A pid that existed and is gone."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def assert_same_shape(a, b):
    """Same namedtuple type name, fields and per-field Python types."""
    assert type(a).__name__ == type(b).__name__
    assert a._fields == b._fields
    for f in a._fields:
        va, vb = getattr(a, f), getattr(b, f)
        assert type(va).__name__ == type(vb).__name__ or (va is None or vb is None), (f, type(va), type(vb))


def assert_bracketed(before, mine, after, fields=None, slack=0):
    """For counters: psutil before <= ours <= psutil after, field by field."""
    fields = fields or before._fields
    for f in fields:
        b, m, a = getattr(before, f), getattr(mine, f), getattr(after, f)
        assert b - slack <= m <= a + slack, (f, b, m, a)
