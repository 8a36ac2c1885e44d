"""The public surface of psutil_rs is psutil 7.2.2's (Linux): names, constants, classes."""

import enum
import os
import pickle
import subprocess
import sys

import pytest


def test_all(ps, pr):
    assert sorted(set(pr.__all__)) == sorted(set(ps.__all__))
    for name in ps.__all__:
        assert hasattr(pr, name), name


def test_constants(ps, pr):
    for name in dir(ps):
        if name.isupper() and not name.startswith("_"):
            if name in ("PROCFS_PATH",):
                continue
            assert getattr(pr, name) == getattr(ps, name), name
            assert type(getattr(pr, name)).__name__ == type(getattr(ps, name)).__name__, name
    assert pr.version_info == ps.version_info == (7, 2, 2)
    assert pr.__version__ == "7.2.2"
    assert pr.PROCFS_PATH == "/proc"
    assert isinstance(pr.NIC_DUPLEX_FULL, enum.IntEnum)
    assert isinstance(pr.IOPRIO_CLASS_BE, enum.IntEnum)
    assert pr.AF_LINK == ps.AF_LINK


def test_process_public_names(ps, pr):
    pub = lambda c: sorted(n for n in dir(c) if not n.startswith("_"))  # noqa: E731
    assert pub(pr.Process) == pub(ps.Process)
    assert pub(pr.Popen) == pub(ps.Popen)


def test_process_is_a_plain_subclassable_class(pr):
    class Mine(pr.Process):
        def extra(self):
            return self.pid

    m = Mine()
    assert m.extra() == m.pid and m.name()
    assert issubclass(pr.Popen, pr.Process)
    from unittest import mock

    with mock.patch.object(pr.Process, "name", return_value="patched"):
        assert pr.Process().name() == "patched"
    with mock.patch("psutil_rs.cpu_count", return_value=None):
        assert pr.Process().cpu_percent() == 0.0


def test_namedtuples_are_real_and_pickle(pr):
    values = [
        pr.cpu_times(), pr.virtual_memory(), pr.swap_memory(), pr.cpu_stats(),
        pr.disk_usage("/"), pr.Process().memory_info(), pr.Process().cpu_times(),
        pr.Process().uids(), pr.Process().num_ctx_switches(), pr.Process().ionice(),
    ]
    for v in values:
        assert type(v).__bases__ == (tuple,)
        assert all(isinstance(f, str) for f in v._fields)
        assert pickle.loads(pickle.dumps(v)) == v
    assert pr._ntuples.svmem._fields == (
        "total", "available", "percent", "used", "free", "active", "inactive",
        "buffers", "cached", "shared", "slab",
    )
    assert type(pr.cpu_times()).__module__ == "psutil_rs._pslinux"
    assert type(pr.virtual_memory()).__module__ == "psutil_rs._ntuples"


def test_private_helpers(pr):
    from psutil_rs._common import bytes2human

    assert bytes2human(10000) == "9.8K"
    assert bytes2human(100001221) == "95.4M"
    assert isinstance(pr._common.wrap_numbers.cache_info(), tuple)
    assert callable(pr._common.memoize)
    assert callable(pr._set_debug)
    assert isinstance(pr._pmap, dict)
    assert pr._pslinux.CLOCK_TICKS > 0
    for f in (pr.disk_io_counters, pr.net_io_counters, pr.process_iter):
        assert callable(f.cache_clear)


def test_main_prints_overview():
    out = subprocess.run(
        [sys.executable, "-m", "psutil_rs"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("CPU", "Memory", "Swap", "Load average", "Uptime", "Disks", "Network", "Users"):
        assert word in out, out


def test_main_stops_quietly_when_the_reader_goes_away():
    # `python -m psutil_rs | head -0`: the pipe has no reader when the overview is
    # written; no traceback and success, like the psutil CLI.
    r, w = os.pipe()
    os.close(r)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "psutil_rs"], stdout=w, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(w)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_wait_negsignal_is_intenum(pr):
    p = pr.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    p.kill()
    code = p.wait(5)
    assert isinstance(code, enum.IntEnum) and code == -9 and code.name == "SIGKILL"


@pytest.mark.parametrize("mod", ["psutil_rs._common", "psutil_rs._ntuples", "psutil_rs._psposix", "psutil_rs._pslinux"])
def test_private_modules_import(mod):
    __import__(mod)
