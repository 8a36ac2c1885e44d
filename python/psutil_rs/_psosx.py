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
from . import _psutil_rs as cext

ntp = types.SimpleNamespace(**_ntuples.shapes("macos"))

__extra__all__ = []

# The link-layer address family (sys/socket.h AF_LINK; libc::AF_LINK for apple targets).
AF_LINK = 18

# --- system ---------------------------------------------------------------------------

_system = _psnative.System(ntp)
virtual_memory = _system.virtual_memory
swap_memory = _system.swap_memory
cpu_times = _system.cpu_times
per_cpu_times = _system.per_cpu_times
cpu_count_logical = _system.cpu_count_logical
cpu_count_cores = _system.cpu_count_cores
cpu_stats = _system.cpu_stats
cpu_freq = _system.cpu_freq
disk_usage = _system.disk_usage
disk_io_counters = _system.disk_io_counters
disk_partitions = _system.disk_partitions
net_io_counters = _system.net_io_counters
net_connections = _system.net_connections
net_if_stats = _system.net_if_stats
# [(nic, family, address, netmask, broadcast, ptp)]; the package builds psutil's dict
# natively from the same rows while this is not replaced
net_if_addrs = cext.net_if_addr_rows
boot_time = _system.boot_time
pids = _system.pids
pid_exists = _psposix.pid_exists


def sensors_battery():
    return cext.sensors_battery()


def users():
    return cext.users()


def heap_info():
    return cext.heap_info()


def heap_trim():
    cext.heap_trim()


# --- processes ------------------------------------------------------------------------


class Process(_psnative.Process, _psnative.PosixMethods):
    """Per-pid adapter (see ``_psnative``): psutil's macOS methods."""

    __slots__ = ()
    ntp = ntp


_psnative.seal(Process)
