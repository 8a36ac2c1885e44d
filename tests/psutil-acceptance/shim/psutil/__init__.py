"""A shim that makes ``import psutil`` give ``psutil_rs`` (acceptance runs only).

``psutil`` and ``psutil_rs`` become the same module object, so tests that set
``psutil.PROCFS_PATH`` or patch ``psutil.Process.*`` / ``psutil.cpu_count`` act on
psutil_rs itself. The private submodules psutil's tests import are aliased too, and the
public classes report ``__module__ == "psutil"`` as psutil's do (their reprs and pickles
then name ``psutil``, which resolves to psutil_rs through this alias).
"""

import importlib
import sys

import psutil_rs

for _sub in ("_common", "_ntuples", "_pslinux", "_psposix", "_psutil_rs"):
    sys.modules["psutil." + _sub] = importlib.import_module("psutil_rs." + _sub)

for _cls in (
    psutil_rs.Error,
    psutil_rs.NoSuchProcess,
    psutil_rs.ZombieProcess,
    psutil_rs.AccessDenied,
    psutil_rs.TimeoutExpired,
    psutil_rs.Process,
    psutil_rs.Popen,
):
    _cls.__module__ = "psutil"

sys.modules["psutil"] = psutil_rs
