"""FreeBSD layer of psutil_rs: psutil 7.2.2's ``_psbsd`` names (as on FreeBSD) over the
Rust extension (the library's FreeBSD backend does every read).

Compiled, not run: no FreeBSD CPython is reachable where psutil_rs is built and tested.
The names, values and named tuples here are compared with psutil 7.2.2's own sources
and with the libc crate's definitions by ``tests/python/test_platform_layers.py``, on
Linux.
"""

import types

from . import _ntuples
from . import _psnative
from . import _psposix
from . import _psutil_rs as cext  # psutil's name: the package reads _psplatform.cext

ntp = types.SimpleNamespace(**_ntuples.shapes("freebsd"))

__extra__all__ = []

# The link-layer address family (sys/socket.h AF_LINK; libc::AF_LINK for FreeBSD).
AF_LINK = 18

# psutil's RLIMIT_* constants on FreeBSD (sys/resource.h; libc's FreeBSD values), and
# RLIM_INFINITY (sys/resource.h: (rlim_t)(((__uint64_t)1 << 63) - 1)).
RLIMITS = {
    "RLIMIT_CPU": 0,
    "RLIMIT_FSIZE": 1,
    "RLIMIT_DATA": 2,
    "RLIMIT_STACK": 3,
    "RLIMIT_CORE": 4,
    "RLIMIT_RSS": 5,
    "RLIMIT_MEMLOCK": 6,
    "RLIMIT_NPROC": 7,
    "RLIMIT_NOFILE": 8,
    "RLIMIT_SBSIZE": 9,
    "RLIMIT_AS": 10,
    "RLIMIT_NPTS": 11,
    "RLIMIT_SWAP": 12,
    "RLIM_INFINITY": (1 << 63) - 1,
}

# The library's resource numbers (its portable ``Rlimit``, numbered as Linux numbers
# them) of psutil's FreeBSD resources; SBSIZE, NPTS and SWAP have none yet.
_LIBRARY_RESOURCE = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 7: 6, 8: 7, 6: 8, 10: 9}
# The library's "unlimited"
_LIBRARY_INFINITY = -1

# --- system ---------------------------------------------------------------------------

_system = _psnative.System(ntp)
globals().update(_system.functions())
pid_exists = _psposix.pid_exists  # kill(pid, 0), as psutil on FreeBSD


def sensors_temperatures():
    """{chip: [(label, current, high, critical), ...]} in Celsius."""
    return cext.sensors_temperatures()


# --- processes ------------------------------------------------------------------------


class Process(_psnative.PosixFullProcess):
    """Per-pid adapter (see ``_psnative``): psutil's FreeBSD methods."""

    __slots__ = ()
    ntp = ntp

    def rlimit(self, resource, limits=None):
        # psutil's FreeBSD numbers and RLIM_INFINITY, over the library's portable ones
        infinity = RLIMITS["RLIM_INFINITY"]
        if resource not in _LIBRARY_RESOURCE:
            if resource in [v for k, v in RLIMITS.items() if k.startswith("RLIMIT_")]:
                raise NotImplementedError(f"rlimit resource {resource} is not provided by psutil_rs's library yet")
            raise ValueError("invalid resource specified")
        if limits is not None:
            try:
                limits = tuple(_LIBRARY_INFINITY if v == infinity else v for v in limits)
            except TypeError:
                pass  # the base method raises psutil's ValueError
        got = super().rlimit(_LIBRARY_RESOURCE[resource], limits)
        return None if got is None else tuple(infinity if v == _LIBRARY_INFINITY else v for v in got)


_psnative.seal(Process)
