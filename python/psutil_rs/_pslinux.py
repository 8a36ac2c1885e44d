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
from . import _psposix
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


def net_if_stats():
    return {
        nic: ntp.snicstats(isup, _common.NicDuplex(duplex), speed, mtu, flags)
        for nic, (isup, duplex, speed, mtu, flags) in cext.net_if_stats(get_procfs_path()).items()
    }


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


class _Watched(type):
    """Tells the extension whether any attribute of the class differs from the one it
    was defined with: while one does (psutil's tests replace methods here), the
    package's native getters run their Python versions, which call this class."""

    def __setattr__(cls, name, value):
        super().__setattr__(name, value)
        _note_patches(cls)

    def __delattr__(cls, name):
        super().__delattr__(name)
        _note_patches(cls)


def _note_patches(cls):
    defined = cls.__dict__.get("_DEFINED")
    if defined is None:
        return
    now = vars(cls)
    added = set(now).difference(defined, ["_DEFINED"])
    cext.set_platform_patched(bool(added) or any(now.get(k, defined) is not v for k, v in defined.items()))


class Process(metaclass=_Watched):
    """Per-pid adapter: each method forwards to the native handle and shapes the
    result. ``_name``/``_ppid`` live on the handle so its exceptions carry them."""

    __slots__ = ("_ctime", "_h", "_procfs_path", "pid")

    def __init__(self, pid):
        self.pid = pid
        self._procfs_path = get_procfs_path()
        self._h = cext.Proc(pid, self._procfs_path)
        self._ctime = None

    _name = property(
        lambda self: self._h.name_hint,
        lambda self, v: setattr(self._h, "name_hint", v),
    )
    _ppid = property(
        lambda self: self._h.ppid_hint,
        lambda self, v: setattr(self._h, "ppid_hint", v),
    )

    def oneshot_enter(self):
        self._h.oneshot_enter()

    def oneshot_exit(self):
        self._h.oneshot_exit()

    # plain values
    def name(self):
        return self._h.name()

    def exe(self):
        return self._h.exe()

    def cmdline(self):
        return self._h.cmdline()

    def environ(self):
        return self._h.environ()

    def terminal(self):
        return self._h.terminal()

    def cpu_num(self):
        return self._h.cpu_num()

    def create_time(self, monotonic=False):
        # the start time since boot never changes: read once, then (like psutil) the
        # wall-clock value is that plus the current boot time, even once it is gone
        if self._ctime is None:
            # the value read when the handle was made (no second read of stat), else now
            self._ctime = self._h.create_time_at_open
            if self._ctime is None:
                self._ctime = self._h.create_time(True)
        return self._ctime if monotonic else self._ctime + boot_time()

    def cwd(self):
        return self._h.cwd()

    def num_threads(self):
        return self._h.num_threads()

    def nice_get(self):
        return self._h.nice_get()

    def nice_set(self, value):
        self._h.nice_set(value)

    def status(self):
        return self._h.status()

    def num_fds(self):
        return self._h.num_fds()

    def ppid(self):
        return self._h.ppid()

    def cpu_affinity_get(self):
        return self._h.cpu_affinity_get()

    def cpu_affinity_set(self, cpus):
        self._h.cpu_affinity_set(list(cpus))

    def _get_eligible_cpus(self):
        # the Rust setter resolves [] to the eligible CPUs itself; this is only for
        # callers that ask
        return list(range(len(per_cpu_times())))

    def children(self, recursive=False):
        return self._h.children(recursive)

    def wait(self, timeout=None):
        # by pid, as psutil: a pid already reaped gives None (the Process caches codes)
        return _psposix.wait_pid(self.pid, timeout)

    # named tuples
    def io_counters(self):
        return ntp.pio(*self._h.io_counters())

    def cpu_times(self):
        return ntp.pcputimes(*self._h.cpu_times())

    def memory_info(self):
        return ntp.pmem(*self._h.memory_info())

    def memory_full_info(self):
        return ntp.pfullmem(*self._h.memory_full_info())

    def memory_maps(self, grouped=False):
        if grouped:
            return [ntp.pmmap_grouped(*m) for m in self._h.memory_maps(True)]
        return [ntp.pmmap_ext(*m) for m in self._h.memory_maps(False)]

    def num_ctx_switches(self):
        return ntp.pctxsw(*self._h.num_ctx_switches())

    def threads(self):
        return [ntp.pthread(*t) for t in self._h.threads()]

    def uids(self):
        return ntp.puids(*self._h.uids())

    def gids(self):
        return ntp.pgids(*self._h.gids())

    def open_files(self):
        return [ntp.popenfile(*f) for f in self._h.open_files()]

    # pconn rows and pionice(IOPriority member, value), built by the extension
    def net_connections(self, kind="inet"):
        return self._h.net_connections(kind)

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

    def rlimit(self, resource, limits=None):
        if self.pid == 0:
            raise ValueError("can't use prlimit() against PID 0 process")
        if limits is None:
            return self._h.rlimit_get(resource)
        try:
            soft, hard = limits
        except (TypeError, ValueError):
            raise ValueError(
                f"second argument must be a (soft, hard) tuple, got {limits!r}"
            ) from None
        self._h.rlimit_set(resource, soft, hard)


# What the class was defined with (see _Watched); set through type's own setattr.
type.__setattr__(Process, "_DEFINED", dict(vars(Process)))
