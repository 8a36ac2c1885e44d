"""Linux platform layer of psutil_rs.

The counterpart of psutil's ``_pslinux.py``, but without any reading or parsing: every
function here hands ``PROCFS_PATH`` (read when each call is made) to the Rust extension
``_psutil_rs`` and turns the plain tuples, lists and dicts it returns into psutil's named
tuples and enums. The extension raises psutil's exception classes itself.
"""

import collections
import enum
import os
import socket

from . import _common
from . import _ntuples as ntp
from . import _psposix
from . import _psutil_rs as cext
from ._common import NIC_DUPLEX_FULL  # noqa: F401
from ._common import NIC_DUPLEX_HALF  # noqa: F401
from ._common import NIC_DUPLEX_UNKNOWN  # noqa: F401
from ._common import get_procfs_path
from ._common import usage_percent

# fmt: off
__extra__all__ = [
    'PROCFS_PATH',
    # io prio constants
    "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
    "IOPRIO_CLASS_IDLE",
    # connection status constants
    "CONN_ESTABLISHED", "CONN_SYN_SENT", "CONN_SYN_RECV", "CONN_FIN_WAIT1",
    "CONN_FIN_WAIT2", "CONN_TIME_WAIT", "CONN_CLOSE", "CONN_CLOSE_WAIT",
    "CONN_LAST_ACK", "CONN_LISTEN", "CONN_CLOSING",
]
# fmt: on

# =====================================================================
# --- globals
# =====================================================================

POWER_SUPPLY_PATH = "/sys/class/power_supply"
HAS_PROC_SMAPS = os.path.exists(f"/proc/{os.getpid()}/smaps")
HAS_PROC_SMAPS_ROLLUP = os.path.exists(f"/proc/{os.getpid()}/smaps_rollup")
HAS_PROC_IO_PRIORITY = True
HAS_CPU_AFFINITY = True

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGESIZE = os.sysconf("SC_PAGE_SIZE")
DISK_SECTOR_SIZE = 512

AddressFamily = enum.IntEnum(
    'AddressFamily', {'AF_LINK': int(socket.AF_PACKET)}
)
AF_LINK = AddressFamily.AF_LINK


# ioprio_* constants http://linux.die.net/man/2/ioprio_get
class IOPriority(enum.IntEnum):
    IOPRIO_CLASS_NONE = 0
    IOPRIO_CLASS_RT = 1
    IOPRIO_CLASS_BE = 2
    IOPRIO_CLASS_IDLE = 3


globals().update(IOPriority.__members__)

# The state letter of /proc/PID/stat -> psutil's status string (the Rust side already
# returns the string; kept for code that imports the table).
PROC_STATUSES = {
    "R": _common.STATUS_RUNNING,
    "S": _common.STATUS_SLEEPING,
    "D": _common.STATUS_DISK_SLEEP,
    "T": _common.STATUS_STOPPED,
    "t": _common.STATUS_TRACING_STOP,
    "Z": _common.STATUS_ZOMBIE,
    "X": _common.STATUS_DEAD,
    "x": _common.STATUS_DEAD,
    "K": _common.STATUS_WAKE_KILL,
    "W": _common.STATUS_WAKING,
    "I": _common.STATUS_IDLE,
    "P": _common.STATUS_PARKED,
}

TCP_STATUSES = {
    "01": _common.CONN_ESTABLISHED,
    "02": _common.CONN_SYN_SENT,
    "03": _common.CONN_SYN_RECV,
    "04": _common.CONN_FIN_WAIT1,
    "05": _common.CONN_FIN_WAIT2,
    "06": _common.CONN_TIME_WAIT,
    "07": _common.CONN_CLOSE,
    "08": _common.CONN_CLOSE_WAIT,
    "09": _common.CONN_LAST_ACK,
    "0A": _common.CONN_LISTEN,
    "0B": _common.CONN_CLOSING,
}

# Private names psutil's own tests import from psutil._pslinux.
open_binary = _common.open_binary
open_text = _common.open_text


def readlink(path):
    """Wrapper around os.readlink() (psutil's private helper)."""
    path = os.readlink(path)
    path = path.split('\x00')[0]
    if path.endswith(' (deleted)') and not os.path.exists(path):
        path = path[:-10]
    return path


def calculate_avail_vmem(mems):
    """psutil's private fallback for a missing MemAvailable, done in Rust."""
    return cext.calculate_avail_vmem(
        {k.decode() if isinstance(k, bytes) else k: v for k, v in mems.items()},
        get_procfs_path(),
    )


class RootFsDeviceFinder:
    """psutil's private /dev/root resolver; the Rust side does it inside
    disk_partitions(). Kept as a name so psutil's Linux test module imports.
    """

    __slots__ = ['major', 'minor']

    def __init__(self):
        dev = os.stat("/").st_dev
        self.major = os.major(dev)
        self.minor = os.minor(dev)

    def find(self):
        return cext.root_fs_device(get_procfs_path())


# =====================================================================
# --- system memory
# =====================================================================


def virtual_memory():
    return ntp.svmem(*cext.virtual_memory(get_procfs_path()))


def swap_memory():
    return ntp.sswap(*cext.swap_memory(get_procfs_path()))


# =====================================================================
# --- CPU
# =====================================================================


try:
    _n_cpu_fields = cext.cpu_times_field_count("/proc")
except Exception:  # noqa: BLE001
    _n_cpu_fields = 3
if _n_cpu_fields >= 7:
    _cpu_fields = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq']
    for _extra in ('steal', 'guest', 'guest_nice'):
        if _n_cpu_fields > len(_cpu_fields):
            _cpu_fields.append(_extra)
else:
    _cpu_fields = ['user', 'system', 'idle']
scputimes = ntp.scputimes = collections.namedtuple(
    'scputimes', _cpu_fields
)
scputimes.__module__ = __name__
_N_CPU = len(_cpu_fields)


def _to_scputimes(values):
    return scputimes(*values[:_N_CPU])


def cpu_times():
    """Return a named tuple representing the system-wide CPU times."""
    return _to_scputimes(cext.cpu_times(get_procfs_path()))


def per_cpu_times():
    """Return a list of named tuples, one per CPU."""
    return [_to_scputimes(t) for t in cext.per_cpu_times(get_procfs_path())]


def cpu_count_logical():
    """Return the number of logical CPUs in the system."""
    return cext.cpu_count_logical(get_procfs_path())


def cpu_count_cores():
    """Return the number of CPU cores in the system."""
    return cext.cpu_count_cores(get_procfs_path())


def cpu_stats():
    """Return various CPU stats as a named tuple."""
    return ntp.scpustats(*cext.cpu_stats(get_procfs_path()))


if os.path.exists("/sys/devices/system/cpu/cpufreq/policy0") or os.path.exists(
    "/sys/devices/system/cpu/cpu0/cpufreq"
):

    def cpu_freq():
        """Return frequency metrics for all CPUs."""
        return [ntp.scpufreq(*x) for x in cext.cpu_freq(get_procfs_path())]

else:

    def cpu_freq():
        """Alternate implementation using /proc/cpuinfo only."""
        return [ntp.scpufreq(*x) for x in cext.cpu_freq(get_procfs_path())]


getloadavg = os.getloadavg


# =====================================================================
# --- network
# =====================================================================


def _conn_to_ntuple(raw, with_pid):
    fd, fam, type_, laddr, raddr, status, pid = raw
    if fam in {socket.AF_INET, socket.AF_INET6}:
        if laddr:
            laddr = ntp.addr(*laddr)
        if raddr:
            raddr = ntp.addr(*raddr)
    fam = _common.sockfam_to_enum(fam)
    type_ = _common.socktype_to_enum(type_)
    if with_pid:
        return ntp.sconn(fd, fam, type_, laddr, raddr, status, pid)
    return ntp.pconn(fd, fam, type_, laddr, raddr, status)


def net_connections(kind='inet'):
    """Return system-wide open connections."""
    raw = cext.net_connections(kind, get_procfs_path())
    return [_conn_to_ntuple(c, True) for c in raw]


def net_io_counters():
    """Return network I/O statistics for every network interface
    installed on the system as a dict of raw tuples.
    """
    return cext.net_io_counters(get_procfs_path())


def net_if_addrs():
    """Raw (name, family, address, netmask, broadcast, ptp) tuples."""
    return cext.net_if_addrs()


def net_if_stats():
    """Get NIC stats (isup, duplex, speed, mtu)."""
    ret = {}
    for name, (isup, duplex, speed, mtu, flags) in cext.net_if_stats(
        get_procfs_path()
    ).items():
        ret[name] = ntp.snicstats(
            isup, _common.NicDuplex(duplex), speed, mtu, flags
        )
    return ret


# =====================================================================
# --- disks
# =====================================================================


def disk_io_counters(perdisk=False):
    """Return disk I/O statistics for every disk installed on the
    system as a dict of raw tuples.
    """
    return cext.disk_io_counters(bool(perdisk), get_procfs_path())


def disk_partitions(all=False):
    """Return mounted disk partitions as a list of named tuples."""
    return [
        ntp.sdiskpart(*p)
        for p in cext.disk_partitions(bool(all), get_procfs_path())
    ]


def disk_usage(path):
    """Return disk usage associated with path."""
    total, used, free = cext.disk_usage(os.fspath(path))
    percent = usage_percent(used, used + free, round_=1)
    return ntp.sdiskusage(total, used, free, percent)


# =====================================================================
# --- sensors
# =====================================================================


def sensors_temperatures():
    """Return hardware temperatures as {name: [(label, current, high, critical)]}."""
    return cext.sensors_temperatures()


def sensors_fans():
    """Return hardware fans info (RPM)."""
    return {
        name: [ntp.sfan(*e) for e in entries]
        for name, entries in cext.sensors_fans().items()
    }


def sensors_battery():
    """Return battery information, or None."""
    ret = cext.sensors_battery()
    if ret is None:
        return None
    percent, secsleft, plugged = ret
    if secsleft == -2:
        secsleft = _common.POWER_TIME_UNLIMITED
    elif secsleft == -1:
        secsleft = _common.POWER_TIME_UNKNOWN
    return ntp.sbattery(percent, secsleft, plugged)


# =====================================================================
# --- other system functions
# =====================================================================


def users():
    """Return currently connected users as a list of namedtuples."""
    return [ntp.suser(*u) for u in cext.users()]


def boot_time():
    """Return the system boot time expressed in seconds since the epoch."""
    return cext.boot_time(get_procfs_path())


def heap_info():
    return cext.heap_info()


def heap_trim():
    cext.heap_trim()


# =====================================================================
# --- processes
# =====================================================================


def pids():
    """Returns a list of PIDs currently running on the system."""
    return cext.pids(get_procfs_path())


def pid_exists(pid):
    """Check for the existence of a unix PID (TIDs are not PIDs)."""
    return cext.pid_exists(pid, get_procfs_path())


def ppid_map():
    """Obtain a {pid: ppid, ...} dict for all running processes in
    one shot. Used to speed up Process.children().
    """
    return cext.ppid_map(get_procfs_path())


class Process:
    """Linux process implementation: a thin shell over the Rust handle."""

    __slots__ = ["_h", "_procfs_path", "pid"]

    def __init__(self, pid):
        self.pid = pid
        self._procfs_path = get_procfs_path()
        self._h = cext.Proc(pid, self._procfs_path)

    # The name and ppid psutil puts into its exceptions live on the handle.
    @property
    def _name(self):
        return self._h.name_hint

    @_name.setter
    def _name(self, value):
        self._h.name_hint = value

    @property
    def _ppid(self):
        return self._h.ppid_hint

    @_ppid.setter
    def _ppid(self, value):
        self._h.ppid_hint = value

    def oneshot_enter(self):
        self._h.oneshot_enter()

    def oneshot_exit(self):
        self._h.oneshot_exit()

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

    def io_counters(self):
        return ntp.pio(*self._h.io_counters())

    def cpu_times(self):
        return ntp.pcputimes(*self._h.cpu_times())

    def cpu_num(self):
        return self._h.cpu_num()

    def wait(self, timeout=None):
        return _psposix.wait_pid(self.pid, timeout, self._name)

    def create_time(self, monotonic=False):
        return self._h.create_time(bool(monotonic))

    def memory_info(self):
        return ntp.pmem(*self._h.memory_info())

    def memory_full_info(self):
        return ntp.pfullmem(*self._h.memory_full_info())

    def memory_maps(self):
        """Raw per-mapping tuples: (addr, perms, path, rss, size, pss, ...)."""
        return self._h.memory_maps()

    def cwd(self):
        return self._h.cwd()

    def num_ctx_switches(self):
        return ntp.pctxsw(*self._h.num_ctx_switches())

    def num_threads(self):
        return self._h.num_threads()

    def threads(self):
        return [ntp.pthread(*t) for t in self._h.threads()]

    def nice_get(self):
        return self._h.nice_get()

    def nice_set(self, value):
        return self._h.nice_set(value)

    def cpu_affinity_get(self):
        return self._h.cpu_affinity_get()

    def _get_eligible_cpus(self):
        return self._h.eligible_cpus()

    def cpu_affinity_set(self, cpus):
        return self._h.cpu_affinity_set(list(cpus))

    def ionice_get(self):
        ioclass, value = self._h.ionice_get()
        return ntp.pionice(IOPriority(ioclass), value)

    def ionice_set(self, ioclass, value):
        if value is None:
            value = 0
        if value and ioclass in {
            IOPriority.IOPRIO_CLASS_IDLE,
            IOPriority.IOPRIO_CLASS_NONE,
        }:
            msg = f"{ioclass!r} ioclass accepts no value"
            raise ValueError(msg)
        if value < 0 or value > 7:
            msg = "value not in 0-7 range"
            raise ValueError(msg)
        return self._h.ionice_set(int(ioclass), value)

    def rlimit(self, resource_, limits=None):
        if limits is None:
            return self._h.rlimit_get(resource_)
        try:
            if len(limits) != 2:
                msg = f"second argument must be a (soft, hard) tuple, got {limits!r}"
                raise ValueError(msg)
        except TypeError:
            msg = f"second argument must be a (soft, hard) tuple, got {limits!r}"
            raise ValueError(msg) from None
        soft, hard = limits
        return self._h.rlimit_set(resource_, soft, hard)

    def status(self):
        return self._h.status()

    def open_files(self):
        return [ntp.popenfile(*f) for f in self._h.open_files()]

    def net_connections(self, kind='inet'):
        return [
            _conn_to_ntuple(c, False)
            for c in self._h.net_connections(kind)
        ]

    def num_fds(self):
        return self._h.num_fds()

    def ppid(self):
        return self._h.ppid()

    def uids(self):
        return ntp.puids(*self._h.uids())

    def gids(self):
        return ntp.pgids(*self._h.gids())
