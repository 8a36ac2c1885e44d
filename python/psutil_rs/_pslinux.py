"""Linux layer of psutil_rs: a thin adapter over the Rust extension ``_psutil_rs``.

Nothing here reads ``/proc`` or ``/sys``. Each function passes the ``PROCFS_PATH`` in
force to the extension, which does the reading and parsing with the GIL released and
returns plain tuples, lists and dicts (which this module only dresses up as psutil's
named tuples and enums) or, for connection rows and ionice, psutil's final objects.
The extension raises psutil_rs's exception classes itself.
"""

import collections
import enum
import errno
import operator
import os
import socket
import warnings

from . import _common
from . import _ntuples as ntp
from . import _psnative
from . import _psutil_rs as cext
from ._common import get_procfs_path

# Extra public names the package exports on Linux.
__extra__all__ = ["PROCFS_PATH"]
__extra__all__ += [f"IOPRIO_CLASS_{c}" for c in ("NONE", "RT", "BE", "IDLE")]
__extra__all__ += [f"CONN_{s}" for s in _common._CONN_STATES if s != "NONE"]

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGESIZE = os.sysconf("SC_PAGE_SIZE")
DISK_SECTOR_SIZE = 512
HAS_PROC_IO_PRIORITY = True
HAS_CPU_AFFINITY = True

# AF_LINK: the link-layer family; on Linux it is AF_PACKET.
AddressFamily = enum.IntEnum("AddressFamily", {"AF_LINK": int(socket.AF_PACKET)})
AF_LINK = AddressFamily.AF_LINK

IOPriority = enum.IntEnum(
    "IOPriority",
    [(f"IOPRIO_CLASS_{c}", i) for i, c in enumerate(("NONE", "RT", "BE", "IDLE"))],
)
IOPriority.__module__ = __name__
globals().update(IOPriority.__members__)

open_binary = _common.open_binary
open_text = _common.open_text


def readlink(path):
    """os.readlink() cut at the first NUL, without a stale ' (deleted)' suffix."""
    target = os.readlink(path).split("\x00", 1)[0]
    suffix = " (deleted)"
    if target.endswith(suffix) and not os.path.exists(target):
        target = target[: -len(suffix)]
    return target


def calculate_avail_vmem(mems):
    """Available memory from a {field: bytes} meminfo dict when MemAvailable is
    missing (the kernel 3.14 estimate); computed in Rust."""
    fields = {(k.decode() if isinstance(k, bytes) else k).rstrip(":"): v for k, v in mems.items()}
    return cext.calculate_avail_vmem(fields, get_procfs_path())


class RootFsDeviceFinder:
    """Resolves the real device behind /dev/root (done in Rust by disk_partitions)."""

    def find(self):
        return cext.root_fs_device(get_procfs_path())


# --- memory ---------------------------------------------------------------------------


def _warn_missing(what):
    warnings.warn(what, RuntimeWarning, stacklevel=3)


def virtual_memory():
    values, missing = cext.virtual_memory(get_procfs_path())
    if missing:
        verb = "was" if len(missing) == 1 else "were"
        _warn_missing(f"{', '.join(missing)} memory stats couldn't be determined and {verb} set to 0")
    return ntp.svmem(*values)


def swap_memory():
    values, missing = cext.swap_memory(get_procfs_path())
    if missing:
        _warn_missing("'sin' and 'sout' swap memory stats couldn't be determined and were set to 0")
    return ntp.sswap(*values)


# --- CPU --------------------------------------------------------------------------------


def _cpu_fields():
    """scputimes' fields on this kernel, decided once at import like psutil 7.x."""
    try:
        count = cext.cpu_times_field_count("/proc")
    except Exception:  # noqa: BLE001 - no /proc at import: psutil's reduced set
        return ["user", "system", "idle"]
    base = ["user", "nice", "system", "idle", "iowait", "irq", "softirq"]
    return base + ["steal", "guest", "guest_nice"][: max(0, count - len(base))]


scputimes = collections.namedtuple("scputimes", _cpu_fields())
ntp.scputimes = scputimes
_NCPUFIELDS = len(scputimes._fields)


def cpu_times():
    return scputimes(*cext.cpu_times(get_procfs_path())[:_NCPUFIELDS])


def per_cpu_times():
    return [scputimes(*row[:_NCPUFIELDS]) for row in cext.per_cpu_times(get_procfs_path())]


# The cheap system calls are the extension's functions themselves (no Python frame).
cpu_count_logical = cext.cpu_count_logical


def cpu_count_cores():
    return cext.cpu_count_cores(get_procfs_path())


def cpu_stats():
    return ntp.scpustats(*cext.cpu_stats(get_procfs_path()))


def cpu_freq():
    return [ntp.scpufreq(*f) for f in cext.cpu_freq(get_procfs_path())]


# psutil's getloadavg is os.getloadavg (one sysinfo(2) in glibc); the extension's is the
# same system call and the same numbers with less call overhead (see its loadavg.rs)
getloadavg = cext.getloadavg


# --- network ------------------------------------------------------------------------


def net_connections(kind="inet"):
    # the extension builds the final sconn rows (enum members, addr tuples)
    return cext.net_connections(kind, get_procfs_path())


def net_io_counters():
    """{nic: raw 8-tuple}; the package wraps and sums them."""
    return cext.net_io_counters(get_procfs_path())


net_if_addrs = cext.net_if_addr_rows  # [(nic, family, address, netmask, broadcast, ptp)]


# the per-NIC calls psutil's net_if_stats makes (its tests patch them)
_NIC_CALLS = ("net_if_mtu", "net_if_flags", "net_if_duplex_speed")
_NATIVE_NIC_CALLS = tuple(getattr(cext, name) for name in _NIC_CALLS)


def net_if_stats():
    if any(getattr(cext, n) is not f for n, f in zip(_NIC_CALLS, _NATIVE_NIC_CALLS)):
        return _net_if_stats_per_nic()
    return {
        nic: ntp.snicstats(isup, _common.NicDuplex(duplex), speed, mtu, flags)
        for nic, (isup, duplex, speed, mtu, flags) in cext.net_if_stats(get_procfs_path()).items()
    }


def _net_if_stats_per_nic():
    # psutil's way, one call per NIC and value: a NIC gone meanwhile (ENODEV) is left out
    stats = {}
    for nic in net_io_counters():
        try:
            mtu = cext.net_if_mtu(nic)
            flags = cext.net_if_flags(nic)
            duplex, speed = cext.net_if_duplex_speed(nic)
        except OSError as err:
            if err.errno != errno.ENODEV:
                raise
            _common.debug(err)
            continue
        stats[nic] = ntp.snicstats("running" in flags, _common.NicDuplex(duplex), speed, mtu, ",".join(flags))
    return stats


# --- disks --------------------------------------------------------------------------


def _whole_disk(name):
    # psutil sums only devices listed in /sys/block (not partitions); /sys is not
    # moved by PROCFS_PATH.
    return os.path.exists("/sys/block/" + name.replace("/", "!"))


def disk_io_counters(perdisk=False):
    """{disk: raw 9-tuple}; whole disks only unless *perdisk*."""
    raw = cext.disk_io_counters(get_procfs_path())
    if perdisk:
        return raw
    return {name: row for name, row in raw.items() if _whole_disk(name)}


_native_disk_partitions = cext.disk_partitions  # returns sdiskpart rows itself


def disk_partitions(all=False):
    read = cext.disk_partitions  # psutil's tests replace it with one returning plain tuples
    rows = read(bool(all), get_procfs_path())
    return rows if read is _native_disk_partitions else [ntp.sdiskpart(*p) for p in rows]


def disk_usage(path):
    if isinstance(path, int) and not isinstance(path, bool):
        fd, path = path, f"/proc/self/fd/{path}"  # statvfs() of an open fd, as os.statvfs allows
        if not os.path.lexists(path):  # no such descriptor: os.statvfs's EBADF
            raise OSError(errno.EBADF, os.strerror(errno.EBADF), fd)
    elif not isinstance(path, (str, bytes, os.PathLike)):
        os.statvfs(path)  # raises the TypeError psutil's os.statvfs() call raises
    return ntp.sdiskusage(*cext.disk_usage(os.fsdecode(path)))


# --- sensors ------------------------------------------------------------------------


def sensors_temperatures():
    """{chip: [(label, current, high, critical), ...]} in Celsius."""
    return cext.sensors_temperatures()


def sensors_fans():
    return {chip: [ntp.sfan(*f) for f in fans] for chip, fans in cext.sensors_fans().items()}


sensors_battery = cext.sensors_battery


# --- misc ---------------------------------------------------------------------------


users = cext.users


def boot_time():
    return cext.boot_time(get_procfs_path())


heap_info = cext.heap_info


def heap_trim():
    cext.heap_trim()


# --- processes ----------------------------------------------------------------------


def pids():
    return cext.pids(get_procfs_path())


def pid_exists(pid):
    return cext.pid_exists(pid, get_procfs_path())


class Process(_psnative.PosixFullProcess):
    """Per-pid adapter (see ``_psnative``): psutil's Linux methods. Each process keeps
    the ``PROCFS_PATH`` in force when it was made."""

    __slots__ = ()
    ntp = ntp

    @staticmethod
    def _root():
        return get_procfs_path()

    def _boot_time(self):
        return boot_time()

    def _get_eligible_cpus(self):
        """psutil's private helper (its tests call it; the Rust setter has its own): the
        first range of ``Cpus_allowed_list:`` in the status file when the list begins
        with one (``0-3,8`` gives 0..3), else every CPU."""
        path = f"{self._procfs_path}/{self.pid}/status"
        try:
            with open(path, "rb") as f:
                data = f.read()
        except (FileNotFoundError, ProcessLookupError):
            raise _common.NoSuchProcess(self.pid, self._name) from None
        except PermissionError:
            raise _common.AccessDenied(self.pid, self._name) from None
        for line in data.splitlines():
            if line.startswith(b"Cpus_allowed_list:\t"):
                first = line.split(b"\t", 1)[1].split(b",", 1)[0].split(b"-")
                if len(first) == 2 and all(n.isdigit() for n in first):
                    return list(range(int(first[0]), int(first[1]) + 1))
                break
        return list(range(len(per_cpu_times())))

    # pionice(IOPriority member, value), built by the extension
    def ionice_get(self):
        return self._h.ionice_get()

    def ionice_set(self, ioclass, value):
        value = 0 if value is None else value
        if value and ioclass in (IOPriority.IOPRIO_CLASS_NONE, IOPriority.IOPRIO_CLASS_IDLE):
            raise ValueError(f"{ioclass!r} ioclass accepts no value")
        if value < 0 or value > 7:
            raise ValueError("value not in 0-7 range")
        ioclass = operator.index(ioclass)  # a str or float is psutil's TypeError
        if ioclass not in IOPriority._value2member_map_:  # the kernel's answer to a bad class
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        self._h.ionice_set(ioclass, value)


_psnative.seal(Process)
