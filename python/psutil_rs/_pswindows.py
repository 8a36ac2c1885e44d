"""Windows layer of psutil_rs: psutil 7.2.2's ``_pswindows`` names over the Rust
extension (the library's Windows backend does every read).

Compiled, not run: no Windows CPython is reachable where psutil_rs is built and tested.
The names, values and named tuples here are compared with psutil 7.2.2's own sources
and with windows-sys's definitions by ``tests/python/test_platform_layers.py``, on Linux.

``heap_info`` (with ``heap_count``) and the services (``WindowsService``,
``win_service_iter``, ``win_service_get``) call the library's Windows-only API
(``psutil_rs::os::windows``).
"""

import enum
import os
import signal
import types

from . import _common
from . import _ntuples
from . import _psnative
from . import _psutil_rs as cext  # psutil's name: the package reads _psplatform.cext

ntp = types.SimpleNamespace(**_ntuples.shapes("windows"))

# fmt: off
__extra__all__ = [
    "win_service_iter", "win_service_get",
    # Process priority
    "ABOVE_NORMAL_PRIORITY_CLASS", "BELOW_NORMAL_PRIORITY_CLASS",
    "HIGH_PRIORITY_CLASS", "IDLE_PRIORITY_CLASS", "NORMAL_PRIORITY_CLASS",
    "REALTIME_PRIORITY_CLASS",
    # IO priority
    "IOPRIO_VERYLOW", "IOPRIO_LOW", "IOPRIO_NORMAL", "IOPRIO_HIGH",
    # others
    "CONN_DELETE_TCB", "AF_LINK",
]
# fmt: on

CONN_DELETE_TCB = "DELETE_TCB"

# psutil's pseudo family for MAC addresses on Windows
AddressFamily = enum.IntEnum("AddressFamily", {"AF_LINK": -1})
AF_LINK = AddressFamily.AF_LINK

# The priority classes of SetPriorityClass (winbase.h; windows-sys
# Win32::System::Threading::*_PRIORITY_CLASS).
Priority = enum.IntEnum(
    "Priority",
    [
        ("ABOVE_NORMAL_PRIORITY_CLASS", 0x8000),
        ("BELOW_NORMAL_PRIORITY_CLASS", 0x4000),
        ("HIGH_PRIORITY_CLASS", 0x80),
        ("IDLE_PRIORITY_CLASS", 0x40),
        ("NORMAL_PRIORITY_CLASS", 0x20),
        ("REALTIME_PRIORITY_CLASS", 0x100),
    ],
)
# The I/O priority hints (IO_PRIORITY_HINT: very low, low, normal, high).
IOPriority = enum.IntEnum(
    "IOPriority", [("IOPRIO_VERYLOW", 0), ("IOPRIO_LOW", 1), ("IOPRIO_NORMAL", 2), ("IOPRIO_HIGH", 3)]
)
for _e in (Priority, IOPriority):
    _e.__module__ = __name__
    globals().update(_e.__members__)
del _e


# --- system ---------------------------------------------------------------------------

_system = _psnative.System(ntp)
globals().update(_system.functions())


def disk_usage(path):
    if isinstance(path, bytes):  # psutil decodes bytes paths strictly
        path = path.decode(_common.ENCODING, errors="strict")
    return _system.disk_usage(path)


def getloadavg():
    """psutil's Windows emulation: load averages of the processor queue length, sampled
    by the library."""
    return cext.getloadavg()


def heap_info():
    """This process's heaps: bytes in use by the heaps and by mapped blocks, and the
    number of heaps."""
    return cext.heap_info()


class WindowsService:
    """An installed Windows service (psutil's ``WindowsService``): the name and display
    name are kept; every other method asks the Service Control Manager afresh."""

    def __init__(self, name, display_name):
        self._name = name
        self._display_name = display_name

    def __str__(self):
        details = f"(name={self._name!r}, display_name={self._display_name!r})"
        return f"{self.__class__.__name__}{details}"

    def __repr__(self):
        return f"<{self.__str__()} at {id(self)}>"

    def __eq__(self, other):
        if not isinstance(other, WindowsService):
            return NotImplemented
        return self.name() == other.name()

    def __ne__(self, other):
        return not self == other

    def name(self):
        """The service name, which identifies it."""
        return self._name

    def display_name(self):
        """The name shown to people."""
        return self._display_name

    def binpath(self):
        """The command line that starts the service."""
        return cext.winservice_binpath(self._name)

    def username(self):
        """The account the service runs as."""
        return cext.winservice_username(self._name)

    def start_type(self):
        """"automatic", "manual" or "disabled"."""
        return cext.winservice_start_type(self._name)

    def pid(self):
        """The service's process id, or None when it has none."""
        return cext.winservice_pid(self._name)

    def status(self):
        """"running", "stopped", "paused", "start_pending", ..."""
        return cext.winservice_status(self._name)

    def description(self):
        """The long description ("" when there is none)."""
        return cext.winservice_description(self._name)

    def as_dict(self):
        """Everything above in one dict, keyed as psutil's."""
        return cext.winservice_as_dict(self._name, self._display_name)


def win_service_iter():
    """Every installed Win32 service, as WindowsService instances."""
    for name, display_name in cext.winservice_enumerate():
        yield WindowsService(name, display_name)


def win_service_get(name):
    """The service called *name*; NoSuchProcess when there is none."""
    return WindowsService(name, cext.winservice_display_name(name))


# --- processes ------------------------------------------------------------------------


class Process(
    _psnative.Process,
    _psnative.IoCountersMethod,
    _psnative.AffinityMethods,
    _psnative.MemoryMapsMethod,
):
    """Per-pid adapter (see ``_psnative``): psutil's Windows methods."""

    __slots__ = ()
    ntp = ntp

    def username(self):
        return self._h.username()

    def nice_get(self):
        return Priority(self._h.nice_get())

    def ionice_get(self):
        return self._h.ionice_get()  # an IOPriority member, made by the extension

    def ionice_set(self, ioclass, value):
        if value:
            raise TypeError("value argument not accepted on Windows")
        if ioclass not in IOPriority._value2member_map_:
            raise ValueError(f"{ioclass} is not a valid priority")
        self._h.ionice_set(int(ioclass), 0)

    def num_handles(self):
        return self._h.num_handles()

    def send_signal(self, sig):
        if sig == signal.SIGTERM:
            self._h.kill()
        elif sig in (getattr(signal, "CTRL_C_EVENT", None), getattr(signal, "CTRL_BREAK_EVENT", None)):
            os.kill(self.pid, sig)
        else:
            raise ValueError("only SIGTERM, CTRL_C_EVENT and CTRL_BREAK_EVENT signals are supported on Windows")

    def suspend(self):
        self._h.suspend()

    def resume(self):
        self._h.resume()

    def kill(self):
        self._h.kill()

    def wait(self, timeout=None):
        return self._h.wait(timeout)


_psnative.seal(Process)
