"""psutil_rs.Process is a Python subclass of the native ProcessBase (its getters are
native calls). These tests show that it still behaves as a Python class the way psutil
code and psutil's own tests use it: methods patched on the class, subclasses, patched
platform layer, isinstance, pickling, repr, equality and hashing (psutil 7.2.2 as the
oracle where it has an answer)."""

import os
import pickle
import time
from unittest import mock

import pytest


def _burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_process_is_a_native_subclass(pr):
    assert issubclass(pr.Process, pr._psutil_rs.ProcessBase)
    assert type(pr.Process.name).__name__ == "method_descriptor"  # no Python frame


def test_patching_name_on_the_class(pr):
    p = pr.Process()
    real = p.name()
    with mock.patch.object(pr.Process, "name", return_value="patched") as m:
        assert p.name() == "patched"
        assert pr.Process().name() == "patched"
        # as_dict and process_iter(attrs) call the patched getter, not the native one
        assert p.as_dict(["name"]) == {"name": "patched"}
        me = [q for q in pr.process_iter(["name"]) if q.pid == os.getpid()]
        assert me and me[0].info["name"] == "patched"
        assert m.call_count >= 3
    assert p.name() == real
    assert p.as_dict(["name"]) == {"name": real}


def test_patching_a_getter_used_by_another(pr):
    p = pr.Process()
    with mock.patch.object(pr.Process, "cpu_times", side_effect=pr.AccessDenied(p.pid)):
        with pytest.raises(pr.AccessDenied):
            p.cpu_times()
        assert p.as_dict(["cpu_times"], ad_value="denied") == {"cpu_times": "denied"}
    assert p.cpu_times().user >= 0


def test_subclassing(pr, ps):
    class Mine(pr.Process):
        def __init__(self, pid=None, tag="x"):
            super().__init__(pid)
            self.tag = tag

        def name(self):
            return "mine:" + super().name()

        def extra(self):
            return (self.pid, self.ppid())

    p = Mine(tag="t")
    assert isinstance(p, pr.Process) and isinstance(p, Mine)
    assert p.tag == "t"
    assert p.name() == "mine:" + ps.Process().name()
    assert p.extra() == (os.getpid(), os.getppid())
    assert p.as_dict(["name", "pid"]) == {"name": p.name(), "pid": os.getpid()}
    assert p == pr.Process() and hash(p) == hash(pr.Process())
    assert repr(p).startswith("psutil_rs.Mine(") or repr(p).startswith(f"{__name__}.Mine(")
    with p.oneshot():
        assert p.ppid() == os.getppid()


def test_patched_platform_layer_is_called(pr):
    p = pr.Process()
    with mock.patch("psutil_rs._pslinux.Process.cpu_times") as m:
        with p.oneshot():
            p.cpu_times()
            p.cpu_times()
        assert m.call_count == 1  # memoized within one oneshot, as psutil
        p.cpu_times()
        p.cpu_times()
        assert m.call_count == 3
    # restored: native again, and a real value
    assert type(p.cpu_times()).__name__ == "pcputimes"


def test_oneshot_shares_one_read(pr):
    p = pr.Process()
    with p.oneshot():
        first = p.cpu_times()
        _burn(0.05)
        assert p.cpu_times() == first  # the oneshot's stat read, not a new one
        with p.oneshot():  # re-entrant
            assert p.cpu_times() == first
        assert p.cpu_times() == first
    _burn(0.05)
    assert p.cpu_times() != first


def test_results_are_psutils_final_objects(pr, ps):
    p, o = pr.Process(), ps.Process()
    with p.oneshot():
        got = (p.name(), p.ppid(), p.status(), p.uids(), p.gids(), p.create_time(), p.username(), p.exe())
    want = (o.name(), o.ppid(), o.status(), o.uids(), o.gids(), o.create_time(), o.username(), o.exe())
    assert got == want
    for meth in ("cpu_times", "memory_info", "uids", "gids", "num_ctx_switches", "io_counters"):
        value, oracle = getattr(p, meth)(), getattr(o, meth)()
        assert type(value).__name__ == type(oracle).__name__
        assert value._fields == oracle._fields
        assert type(value) is getattr(pr._ntuples, type(oracle).__name__)
    assert type(p.threads()[0]).__name__ == "pthread"
    assert isinstance(p.memory_percent(), float)
    assert p.cpu_percent() == 0.0 or isinstance(p.cpu_percent(), float)


def test_pickling_fails_as_psutils(pr, ps):
    for m in (pr, ps):
        with pytest.raises(TypeError):
            pickle.dumps(m.Process())


def test_repr_equality_hashing_as_psutils(pr, ps):
    p, o = pr.Process(), ps.Process()
    assert repr(p).replace("psutil_rs.", "psutil.", 1) == repr(o)
    assert str(p).replace("psutil_rs.", "psutil.", 1) == str(o)
    assert p == pr.Process(os.getpid())
    assert p != pr.Process(os.getppid())
    assert (p == object()) is False and (p != object()) is True
    assert len({p, pr.Process(), pr.Process(os.getpid())}) == 1
    assert p.pid == o.pid == os.getpid()
