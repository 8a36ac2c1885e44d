"""The per-pid adapter every platform layer builds its ``Process`` class from.

A platform layer's ``Process`` (``_pslinux.Process``, ``_pswindows.Process``, ...)
forwards each method to the native handle ``cext.Proc`` (one library ``Process``) and
shapes the result with that platform's named tuples. This module holds what the
platforms share: the methods psutil has on every platform (``Process``) and groups of
methods that only some platforms have (the mixins), which each layer combines as psutil
7.2.2 offers them there.

While any attribute of a layer's ``Process`` class differs from the one it was defined
with (psutil's tests replace methods there), the package's native getters run their
Python versions, which call that class (``_Watched``).
"""

import os

from . import _common
from . import _psposix
from . import _psutil_rs as cext

#: The library's default roots. Outside Linux there is no PROCFS_PATH and the library
#: reads nothing below them; they are passed where the extension takes a root.
DEFAULT_ROOT = "/proc"


class _Watched(type):
    """Tells the extension whether any attribute of the class differs from the one it
    was defined with: while one does, the package's native getters run their Python
    versions, which call this class."""

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


def seal(cls):
    """Records what the layer's final ``Process`` class was defined with (see
    ``_Watched``); set through type's own setattr."""
    type.__setattr__(cls, "_DEFINED", dict(vars(cls)))
    return cls


class Process(metaclass=_Watched):
    """Per-pid adapter: the methods psutil's platform layers all have. Each forwards to
    the native handle and shapes the result. ``_name``/``_ppid`` live on the handle so
    its exceptions carry them. A layer supplies ``ntp`` (its named tuples) and may
    override ``_root`` and ``_boot_time``."""

    __slots__ = ("_ctime", "_h", "_procfs_path", "pid")
    ntp = None

    def __init__(self, pid):
        self.pid = pid
        self._procfs_path = self._root()
        self._h = cext.Proc(pid, self._procfs_path)
        self._ctime = None

    @staticmethod
    def _root():
        return DEFAULT_ROOT

    def _boot_time(self):
        return cext.boot_time(self._procfs_path)

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

    def create_time(self, monotonic=False):
        # the start time since boot never changes: read once, then (like psutil) the
        # wall-clock value is that plus the current boot time, even once it is gone
        if self._ctime is None:
            # the value read when the handle was made (no second read), else now
            self._ctime = self._h.create_time_at_open
            if self._ctime is None:
                self._ctime = self._h.create_time(True)
        return self._ctime if monotonic else self._ctime + self._boot_time()

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

    def ppid(self):
        return self._h.ppid()

    def children(self, recursive=False):
        return self._h.children(recursive)

    # named tuples
    def cpu_times(self):
        return self.ntp.pcputimes(*self._h.cpu_times())

    def memory_info(self):
        return self.ntp.pmem(*self._h.memory_info())

    def memory_full_info(self):
        return self.ntp.pfullmem(*self._h.memory_full_info())

    def num_ctx_switches(self):
        return self.ntp.pctxsw(*self._h.num_ctx_switches())

    def threads(self):
        return [self.ntp.pthread(*t) for t in self._h.threads()]

    def open_files(self):
        return [self.ntp.popenfile(*f) for f in self._h.open_files()]

    # pconn rows, built by the extension
    def net_connections(self, kind="inet"):
        return self._h.net_connections(kind)


class PosixMethods:
    """What psutil has on every POSIX platform: ids, terminal, descriptors, and waiting
    by pid."""

    __slots__ = ()

    def terminal(self):
        return self._h.terminal()

    def num_fds(self):
        return self._h.num_fds()

    def uids(self):
        return self.ntp.puids(*self._h.uids())

    def gids(self):
        return self.ntp.pgids(*self._h.gids())

    def wait(self, timeout=None):
        # by pid, as psutil: a pid already reaped gives None (the Process caches codes)
        return _psposix.wait_pid(self.pid, timeout)


class CpuNumMethod:
    """``cpu_num()`` (Linux, FreeBSD)."""

    __slots__ = ()

    def cpu_num(self):
        return self._h.cpu_num()


class IoCountersMethod:
    """``io_counters()`` (Linux, Windows, FreeBSD)."""

    __slots__ = ()

    def io_counters(self):
        return self.ntp.pio(*self._h.io_counters())


class AffinityMethods:
    """``cpu_affinity()`` (Linux, Windows, FreeBSD)."""

    __slots__ = ()

    def cpu_affinity_get(self):
        return self._h.cpu_affinity_get()

    def cpu_affinity_set(self, cpus):
        self._h.cpu_affinity_set(list(cpus))


class MemoryMapsMethod:
    """``memory_maps()`` (Linux, Windows, FreeBSD)."""

    __slots__ = ()

    def memory_maps(self, grouped=False):
        if grouped:
            return [self.ntp.pmmap_grouped(*m) for m in self._h.memory_maps(True)]
        return [self.ntp.pmmap_ext(*m) for m in self._h.memory_maps(False)]


class RlimitMethod:
    """``rlimit()`` (Linux, FreeBSD)."""

    __slots__ = ()

    def rlimit(self, resource, limits=None):
        if self.pid == 0:
            raise ValueError("can't use prlimit() against PID 0 process")
        if limits is None:
            return self._h.rlimit_get(resource)
        try:
            soft, hard = limits
        except (TypeError, ValueError):
            raise ValueError(f"second argument must be a (soft, hard) tuple, got {limits!r}") from None
        self._h.rlimit_set(resource, soft, hard)


class PosixFullProcess(
    Process,
    PosixMethods,
    CpuNumMethod,
    IoCountersMethod,
    AffinityMethods,
    MemoryMapsMethod,
    RlimitMethod,
):
    """The methods Linux and FreeBSD both have (psutil's fullest POSIX set)."""

    __slots__ = ()


class System:
    """The module-level reads of a platform without PROCFS_PATH, shaped with that
    platform's named tuples (*ntp*). ``functions()`` gives a layer the ones every such
    platform has; it binds the others psutil has there itself."""

    #: What every layer but Linux's takes from here as is.
    SHARED = """virtual_memory swap_memory cpu_times per_cpu_times cpu_count_logical
        cpu_count_cores cpu_stats cpu_freq disk_usage disk_io_counters disk_partitions
        net_io_counters net_connections net_if_stats boot_time pids pid_exists users
        sensors_battery heap_info heap_trim""".split()

    def __init__(self, ntp):
        self.ntp = ntp

    def functions(self):
        """{name: function} of ``SHARED``, plus ``net_if_addrs``: the extension's rows
        ``[(nic, family, address, netmask, broadcast, ptp)]``, from which the package
        builds psutil's dict natively while the layer's function is not replaced."""
        table = {name: getattr(self, name) for name in self.SHARED}
        table["net_if_addrs"] = cext.net_if_addr_rows
        return table

    def virtual_memory(self):
        values, _missing = cext.virtual_memory(DEFAULT_ROOT)
        return self.ntp.svmem(*values)

    def swap_memory(self):
        values, _missing = cext.swap_memory(DEFAULT_ROOT)
        return self.ntp.sswap(*values)

    def cpu_times(self):
        return self.ntp.scputimes(*cext.cpu_times(DEFAULT_ROOT))

    def per_cpu_times(self):
        return [self.ntp.scputimes(*row) for row in cext.per_cpu_times(DEFAULT_ROOT)]

    @staticmethod
    def cpu_count_logical():
        return cext.cpu_count_logical()

    @staticmethod
    def cpu_count_cores():
        return cext.cpu_count_cores(DEFAULT_ROOT)

    def cpu_stats(self):
        return self.ntp.scpustats(*cext.cpu_stats(DEFAULT_ROOT))

    def cpu_freq(self):
        return [self.ntp.scpufreq(*f) for f in cext.cpu_freq(DEFAULT_ROOT)]

    @staticmethod
    def disk_io_counters(perdisk=False):
        """{disk: raw counters}; the package wraps and sums them."""
        return cext.disk_io_counters(DEFAULT_ROOT)

    def disk_partitions(self, all=False):
        return [self.ntp.sdiskpart(*p) for p in cext.disk_partitions(bool(all), DEFAULT_ROOT)]

    def disk_usage(self, path):
        if isinstance(path, int) and not isinstance(path, bool):
            raise NotImplementedError("disk_usage() of a file descriptor is Linux-only in psutil_rs")
        # os.fsdecode raises psutil's TypeError for any other kind
        return self.ntp.sdiskusage(*cext.disk_usage(os.fsdecode(path)))

    @staticmethod
    def net_io_counters():
        """{nic: raw 8-tuple}; the package wraps and sums them."""
        return cext.net_io_counters(DEFAULT_ROOT)

    @staticmethod
    def net_connections(kind="inet"):
        return cext.net_connections(kind, DEFAULT_ROOT)

    def net_if_stats(self):
        return {
            nic: self.ntp.snicstats(isup, _common.NicDuplex(duplex), speed, mtu, flags)
            for nic, (isup, duplex, speed, mtu, flags) in cext.net_if_stats(DEFAULT_ROOT).items()
        }

    @staticmethod
    def boot_time():
        return cext.boot_time(DEFAULT_ROOT)

    @staticmethod
    def pids():
        return cext.pids(DEFAULT_ROOT)

    @staticmethod
    def pid_exists(pid):
        return cext.pid_exists(pid, DEFAULT_ROOT)

    @staticmethod
    def users():
        return cext.users()

    @staticmethod
    def sensors_battery():
        return cext.sensors_battery()

    @staticmethod
    def heap_info():
        return cext.heap_info()

    @staticmethod
    def heap_trim():
        cext.heap_trim()
