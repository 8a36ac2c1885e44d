"""macOS layer of psutil_rs: psutil 7.2.2's ``_psosx`` names over the Rust extension
(the library's macOS backend does every read).

Compiled, not run: no macOS CPython is reachable where psutil_rs is built and tested.
The names, values and named tuples here are compared with psutil 7.2.2's own sources
and with the libc crate's definitions by ``tests/python/test_platform_layers.py``, on
Linux.
"""

import types

from . import _ntuples
from . import _psnative
from . import _psposix
from . import _psutil_rs as cext  # psutil's name: the package reads _psplatform.cext

ntp = types.SimpleNamespace(**_ntuples.shapes("macos"))

__extra__all__ = []

# The link-layer address family (sys/socket.h AF_LINK; libc::AF_LINK for apple targets).
AF_LINK = 18

# --- system ---------------------------------------------------------------------------

_system = _psnative.System(ntp)
globals().update(_system.functions())
pid_exists = _psposix.pid_exists  # kill(pid, 0), as psutil on macOS


# --- processes ------------------------------------------------------------------------


class Process(_psnative.Process, _psnative.PosixMethods):
    """Per-pid adapter (see ``_psnative``): psutil's macOS methods."""

    __slots__ = ()
    ntp = ntp


_psnative.seal(Process)
