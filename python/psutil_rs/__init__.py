"""psutil_rs: psutil 7.2's API with the system work done in Rust.

``import psutil_rs as psutil`` and use it as psutil: module functions, ``Process``,
``Popen``, ``process_iter``, ``wait_procs``, exceptions and constants have psutil's
names, arguments, results (real named tuples) and errors. Linux is built, run and
tested; the Windows, macOS and FreeBSD layers (``_pswindows``, ``_psosx``, ``_psbsd``)
are compiled, not run (no CPython of those platforms is reachable where this is tested).

This is the public layer: it checks arguments, keeps the bits of state psutil keeps
in Python (cpu_percent samples, the process_iter table, nowrap counters, per-instance
caches) and shapes results. The platform layer (``_psplatform``: ``_pslinux``, ...)
hands every read to the Rust extension.
``Process`` is a Python subclass of the extension's ``ProcessBase``, whose getters are
native (one call from the caller's frame, psutil's result built in Rust): it can be
subclassed and its methods patched on the class like any Python class. While a method
of the platform layer (``_psplatform.Process``) is replaced, as psutil's tests do, the
native getters run their Python versions here (``_PyGetters``), which call that layer.
"""

import collections
import contextlib
import datetime
import functools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings

from . import _common
from . import _ntuples as _ntp
from ._common import AccessDenied, Error, NoSuchProcess, TimeoutExpired, ZombieProcess
from ._common import wrap_numbers as _unwrap

globals().update({k: v for k, v in vars(_common).items() if k.isupper() and not k.startswith("_")})
for _k in ("ENCODING", "ENCODING_ERRS", "FILE_READ_BUFFER_SIZE", "PSUTIL_DEBUG", "STATUS_WAKE_KILL",
           "STATUS_SUSPENDED", "AF_INET6", "AF_UNIX"):  # fmt: skip
    globals().pop(_k, None)
del _k

if _common.LINUX:
    from . import _pslinux as _psplatform
    from ._pslinux import IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE, IOPRIO_CLASS_NONE, IOPRIO_CLASS_RT  # noqa: F401
elif _common.WINDOWS:
    from . import _pswindows as _psplatform
elif _common.MACOS:
    from . import _psosx as _psplatform
elif _common.FREEBSD:
    from . import _psbsd as _psplatform
else:  # pragma: no cover
    raise NotImplementedError(f"psutil_rs does not support {sys.platform}")

if _common.POSIX:
    import pwd
else:
    pwd = None

_cext = _psplatform.cext
# the platform's constants psutil exports (priority classes, CONN_DELETE_TCB, ...)
globals().update({n: getattr(_psplatform, n) for n in _psplatform.__extra__all__ if hasattr(_psplatform, n)})

__version__ = "7.2.2"
version_info = (7, 2, 2)

# The native module must come from the same build as this package.
if str(getattr(_cext, "version", "")) != __version__.replace(".", ""):
    raise ImportError(
        "version conflict: the native module %r was built for another psutil_rs version "
        "(%s, this package is %s); reinstall psutil_rs"
        % (getattr(_cext, "__file__", _cext.__name__), getattr(_cext, "version", "unknown"), __version__)
    )

if LINUX:
    #: Where /proc is read from. Writable: every call reads it again, and each Process
    #: keeps the value it was created with.
    PROCFS_PATH = "/proc"

    def _root():
        return PROCFS_PATH

else:

    def _root():
        return _psplatform._psnative.DEFAULT_ROOT


AF_LINK = _psplatform.AF_LINK

_RLIMITS = [n for n in dir(_cext) if n.isupper() and n.startswith("RLIM")]
globals().update({n: getattr(_cext, n) for n in _RLIMITS})
globals().update(getattr(_psplatform, "RLIMITS", {}))


def _public_names():
    skip = {"version_info", "PROCFS_PATH"}
    consts = [n for n, v in globals().items() if n.isupper() and not n.startswith("_") and n not in skip]
    funcs = """pid_exists pids process_iter wait_procs virtual_memory swap_memory cpu_times
        cpu_percent cpu_times_percent cpu_count cpu_stats cpu_freq getloadavg
        net_io_counters net_connections net_if_addrs net_if_stats disk_io_counters
        disk_partitions disk_usage sensors_temperatures sensors_fans sensors_battery
        users boot_time heap_info heap_trim""".split()
    # the sensors a platform has (psutil defines only those)
    funcs = [f for f in funcs if not f.startswith("sensors_") or hasattr(_psplatform, f)]
    funcs += [f for f in _psplatform.__extra__all__ if f.islower()]
    kinds = ["Error", "NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired", "Process", "Popen"]
    procfs = ["PROCFS_PATH"] if LINUX else []
    return sorted(set(consts)) + ["version_info", "__version__"] + procfs + kinds + funcs


__all__ = _public_names()

_clock = time.monotonic
_NOT_WAITED = object()
_phymem_total = [None]  # last virtual_memory().total, for memory_percent()
_lowest_pid = [None]  # smallest pid seen by the last pids(), for parent()

# process_iter()'s instances by pid. Read as a module global on every call (code may
# replace it with a new dict). Pids is_running() found reused are dropped next time.
_pmap = {}
_reused_pids = set()


def _require_kind(kind):
    valid = tuple(_common.conn_tmap)
    if kind not in valid:
        raise ValueError("invalid kind argument %r; valid ones are: %s" % (kind, valid))


_ATTR_CONTAINERS = (list, tuple, set, frozenset)


def _checked_attrs(attrs):
    # None, or the attrs as a set after psutil's type and name checks
    if attrs is None:
        return None
    if not isinstance(attrs, _ATTR_CONTAINERS):
        raise TypeError("invalid attrs type %s" % type(attrs))
    wanted = set(attrs)
    bad = wanted - _as_dict_attrnames
    if bad:
        raise ValueError(
            "invalid attr name%s %s" % ("s" if len(bad) > 1 else "", ", ".join(repr(b) for b in bad))
        )
    return wanted


def _blocking(interval):
    """Whether *interval* asks for a blocking measurement; ValueError when negative
    (the comparisons run in psutil's order, so bad types fail alike)."""
    blocking = interval is not None and interval > 0.0
    if interval is not None and interval < 0:
        raise ValueError("interval is not positive (got %r)" % (interval,))
    return blocking


def _forward(meth):
    """The Python version of a getter that returns ``self._proc.<meth>()``."""

    def getter(self):
        return getattr(self._proc, meth)()

    getter.__name__ = getter.__qualname__ = meth
    return getter


def _per_oneshot(fun):
    """Memoizes the Python version of a getter while a oneshot() is open."""

    @functools.wraps(fun)
    def cached(self):
        box = self._oneshot_memo()
        if box is None:
            return fun(self)
        try:
            return box[fun]
        except KeyError:
            ret = box[fun] = fun(self)
            return ret

    return cached


# =====================================================================================
# Process
# =====================================================================================


class Process(_cext.ProcessBase):
    """A process, by pid (default: the calling process). NoSuchProcess if absent.

    Getters do not check whether the pid was recycled since the instance was made;
    parent(), children(), the setters (nice, ionice, rlimit, cpu_affinity) and the
    signal methods do, and is_running() tells whether it still is the same process.
    """

    def __init__(self, pid=None):
        self._init(pid)

    def _init(self, pid, _ignore_nsp=False):
        if pid is None:
            pid = os.getpid()
        elif isinstance(pid, bool):  # psutil looks for /proc/True: no such process
            raise NoSuchProcess(pid, msg="process PID not found")
        elif pid < 0:
            raise ValueError("pid must be a positive integer (got %s)" % pid)
        else:
            try:
                _cext.check_pid_range(pid)
            except OverflowError as exc:
                raise NoSuchProcess(pid, msg="process PID out of range") from exc
        self._ppid = None
        self._vanished = False
        self._hashval = None
        self._exit_status = _NOT_WAITED
        self._proc = _psplatform.Process(pid)
        # the native getters read through the same handle (and reset their caches)
        self._attach(self._proc._h)
        self._ident = (pid, None)
        try:
            self._ident = tuple(self._get_ident())
        except NoSuchProcess as exc:
            if isinstance(exc, ZombieProcess):
                return
            if not _ignore_nsp:
                raise NoSuchProcess(pid, msg="process PID not found") from None
            self._vanished = True
        except AccessDenied:
            pass

    def _get_ident(self):
        # (pid, start time since boot): survives clock changes, differs on pid reuse
        return (self._pid, self._proc.create_time(monotonic=True))

    def __repr__(self):
        info = {"pid": self._pid}
        if self._name:
            info["name"] = self._name
        with self.oneshot():
            if self._reused:
                info["status"] = "terminated + PID reused"
            else:
                try:
                    info.update(name=self.name(), status=self.status())
                except AccessDenied:
                    pass
                except NoSuchProcess as exc:
                    info["status"] = "zombie" if isinstance(exc, ZombieProcess) else "terminated"
            if self._exit_status is not _NOT_WAITED and self._exit_status is not None:
                info["exitcode"] = self._exit_status
            started = self._create_time
            if started is not None:
                fmt = "%H:%M:%S" if time.time() - started < 24 * 3600 else "%Y-%m-%d %H:%M:%S"
                info["started"] = datetime.datetime.fromtimestamp(started).strftime(fmt)
        cls = type(self)
        return "%s.%s(%s)" % (cls.__module__, cls.__name__, ", ".join("%s=%r" % kv for kv in info.items()))

    __str__ = __repr__

    def __eq__(self, other):
        return self._ident == other._ident if isinstance(other, Process) else NotImplemented

    def __ne__(self, other):
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    def __hash__(self):
        if self._hashval is None:
            self._hashval = hash(self._ident)
        return self._hashval

    def _check_reuse(self):
        # Only a known reuse raises; a vanished process is reported by the call itself.
        if self._reused:
            raise NoSuchProcess(self._pid, self._name, "process no longer exists and its PID has been reused")

    # pid, oneshot() and the getters are native (ProcessBase)

    def as_dict(self, attrs=None, ad_value=None):
        """{name: value} for *attrs* (getter names; default all). AccessDenied and
        ZombieProcess give *ad_value*."""
        wanted = _checked_attrs(attrs)
        names = wanted or _as_dict_attrnames
        with self.oneshot():
            fast = _prefetchable(type(self), names)
            return self._collect(self._prefetch(fast) if fast else None, names, bool(wanted), ad_value)

    def _prefetch(self, names):
        # every name in one native call (a single oneshot in Rust), or None
        try:
            raw = self._proc._h.prefetch(names)
        except NotImplementedError:
            raw = None
        return None if raw is None else self._adopt(raw)

    def _adopt(self, got):
        # native {name: (ok, value or exception)}, values already psutil's: update
        # our caches
        status = got.get("status")
        if status is not None and not status[0] and isinstance(status[1], ZombieProcess):
            got["status"] = (True, STATUS_ZOMBIE)
        named = got.get("name")
        if named and named[0]:
            self._name = self._proc._name = named[1]
        created = got.get("create_time")
        if created and created[0]:
            self._create_time = self._create_time or created[1]
        exe = got.get("exe")
        if exe and exe[0]:
            self._exe_cache = self._exe_cache or exe[1]
        return got

    def _collect(self, pre, names, explicit, ad_value):
        out = {}
        with self.oneshot():
            for name in names:
                try:
                    if name == "pid":
                        val = self._pid
                    elif pre and name in pre:
                        ok, val = pre[name]
                        if not ok:
                            raise val
                    else:
                        val = getattr(self, name)()
                except (ZombieProcess, AccessDenied):
                    val = ad_value
                except NotImplementedError:
                    if explicit:
                        raise
                    continue
                out[name] = val
        return out

    # --- relatives --------------------------------------------------------------------

    def parent(self):
        """The parent as a Process, or None (no parent, or its pid was recycled)."""
        if self._pid == (_lowest_pid[0] if _lowest_pid[0] is not None else pids()[0]):
            return None
        ppid = self.ppid()
        started = Process(self._pid).create_time()  # fresh, in case the clock moved
        try:
            candidate = Process(ppid)
            return candidate if candidate.create_time() <= started else None
        except NoSuchProcess:
            return None

    def parents(self):
        """Every ancestor, nearest first."""
        chain = []
        up = self.parent()
        while up is not None:
            chain.append(up)
            up = up.parent()
        return chain

    def children(self, recursive=False):
        """Child processes (every descendant with *recursive*). Processes older
        than this one hold recycled pids and are left out (done in Rust)."""
        self._check_reuse()
        kids = []
        for pid in self._proc.children(bool(recursive)):
            try:
                kid = Process(pid)
                kid.create_time()  # psutil's age check reads it: its repr shows `started`
            except NoSuchProcess:
                continue
            kids.append(kid)
        return kids

    def is_running(self):
        """True while the process exists and this instance still refers to it (its
        pid was not recycled). Zombies are running."""
        if self._vanished or self._reused:
            return False
        try:
            now = Process(self._pid)
        except NoSuchProcess as exc:
            if isinstance(exc, ZombieProcess):
                return True
            self._vanished = True
            return False
        if now._ident != self._ident:
            self._reused = True
            _reused_pids.add(self._pid)
        return not self._reused

    def nice(self, value=None):
        """The niceness; sets it when *value* is given."""
        if value is not None:
            self._check_reuse()
            return self._proc.nice_set(value)
        return self._proc.nice_get()

    if hasattr(_psplatform.Process, "ionice_get"):

        def ionice(self, ioclass=None, value=None):
            """The I/O priority; sets it when *ioclass* (and optional *value*) is given."""
            if ioclass is not None:
                self._check_reuse()
                return self._proc.ionice_set(ioclass, value)
            if value is not None:
                raise ValueError("'ioclass' argument must be specified")
            return self._proc.ionice_get()

    if hasattr(_psplatform.Process, "rlimit"):

        def rlimit(self, resource, limits=None):
            """A RLIMIT_* limit as (soft, hard); sets it when *limits* is given."""
            if limits is not None:
                self._check_reuse()
            return self._proc.rlimit(resource, limits)

    if hasattr(_psplatform.Process, "cpu_affinity_get"):

        def cpu_affinity(self, cpus=None):
            """The CPUs the process may run on; sets them when *cpus* is given ([] means
            every eligible CPU)."""
            if cpus is None:
                return self._proc.cpu_affinity_get()  # sorted, without repeats, by the library
            self._check_reuse()
            # [] reaches Rust as is: it stands for every eligible CPU there
            self._proc.cpu_affinity_set(list(set(cpus)))

    if hasattr(_psplatform.Process, "memory_maps"):

        def memory_maps(self, grouped=True):
            """Mapped regions: per path with numbers summed (*grouped*), else per mapping."""
            return self._proc.memory_maps(grouped=bool(grouped))

    if WINDOWS:

        def num_handles(self):
            """How many handles the process holds."""
            return self._proc.num_handles()

    def net_connections(self, kind="inet"):
        """The process's sockets of *kind* (as for psutil.net_connections)."""
        _require_kind(kind)
        return self._proc.net_connections(kind)

    def connections(self, kind="inet"):
        """Deprecated: use net_connections()."""
        warnings.warn(
            "connections() is deprecated and will be removed; use net_connections() instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.net_connections(kind)

    # --- signals ----------------------------------------------------------------------

    if WINDOWS:

        def send_signal(self, sig):
            """Send *sig*: SIGTERM (the process is terminated), CTRL_C_EVENT or
            CTRL_BREAK_EVENT, as psutil does on Windows."""
            self._check_reuse()
            if sig != signal.SIGTERM and not self.is_running():
                raise NoSuchProcess(self._pid, self._name, msg="process no longer exists")
            self._proc.send_signal(sig)

        def suspend(self):
            """Suspend every thread of the process."""
            self._check_reuse()
            self._proc.suspend()

        def resume(self):
            """Resume every thread of the process."""
            self._check_reuse()
            self._proc.resume()

        def terminate(self):
            """End the process (TerminateProcess, as kill())."""
            self._check_reuse()
            self._proc.kill()

        def kill(self):
            """End the process (TerminateProcess)."""
            self._check_reuse()
            self._proc.kill()

    else:

        def send_signal(self, sig):
            """Send signal *sig*."""
            self._check_reuse()
            if not self._pid:
                raise ValueError(
                    "preventing sending signal to process with PID 0 as it would affect every"
                    " process in the process group of the calling process (os.getpid())"
                    " instead of PID 0"
                )
            try:
                os.kill(self._pid, sig)
            except PermissionError:
                raise AccessDenied(self._pid, self._name) from None
            except ProcessLookupError:
                self._vanished = True
                raise NoSuchProcess(self._pid, self._name) from None

        def suspend(self):
            """Stop the process (SIGSTOP)."""
            self.send_signal(signal.SIGSTOP)

        def resume(self):
            """Let a stopped process continue (SIGCONT)."""
            self.send_signal(signal.SIGCONT)

        def terminate(self):
            """Ask the process to end (SIGTERM)."""
            self.send_signal(signal.SIGTERM)

        def kill(self):
            """Kill the process (SIGKILL)."""
            self.send_signal(signal.SIGKILL)

    def wait(self, timeout=None):
        """Wait until the process ends. Returns its exit code if it is our child (a
        negative Negsignal when a signal killed it), else None; cached. Raises
        TimeoutExpired after *timeout* seconds."""
        if not self._pid:
            raise ValueError("can't wait for PID 0")
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
                raise TypeError("timeout must be an int or float (got %s)" % type(timeout))
            if timeout < 0:
                raise ValueError("timeout must be positive or zero (got %s)" % timeout)
        if self._exit_status is _NOT_WAITED:
            try:
                self._exit_status = self._proc.wait(timeout)
            except TimeoutExpired:
                raise TimeoutExpired(timeout, pid=self._pid, name=self._name) from None
        return self._exit_status


class _PyGetters:
    """The Python versions of ProcessBase's native getters: what each does, in terms of
    the platform layer (``self._proc``). They run while that layer has a replaced
    method (psutil's tests patch it), and for the cases the native code leaves to
    Python (a blocking cpu_percent, memory_percent before any virtual_memory())."""

    @_per_oneshot
    def ppid(self):
        self._check_reuse()
        return self._proc.ppid()

    def name(self):
        name = self._proc.name()
        if not WINDOWS and len(name) >= 15:
            # psutil's rule where the platform layer gives the kernel's 15-byte name: the
            # base name of cmdline[0] when it begins with it (the native name does this)
            try:
                argv = self.cmdline()
            except (AccessDenied, ZombieProcess):
                argv = None
            full = os.path.basename(argv[0]) if argv else ""
            if full.startswith(name):
                name = full
        self._name = name
        return name

    def exe(self):
        if self._exe_cache is None:
            self._exe_cache = self._proc.exe()
        return self._exe_cache

    cmdline = _forward("cmdline")
    cwd = _forward("cwd")
    gids = _forward("gids")
    terminal = _forward("terminal")
    num_fds = _forward("num_fds")
    io_counters = _forward("io_counters")
    cpu_num = _forward("cpu_num")
    environ = _forward("environ")
    num_ctx_switches = _forward("num_ctx_switches")
    num_threads = _forward("num_threads")
    threads = _forward("threads")
    memory_full_info = _forward("memory_full_info")
    open_files = _forward("open_files")
    uids = _per_oneshot(_forward("uids"))
    cpu_times = _per_oneshot(_forward("cpu_times"))
    memory_info = _per_oneshot(_forward("memory_info"))

    def status(self):
        try:
            return self._proc.status()
        except ZombieProcess:
            return STATUS_ZOMBIE

    def username(self):
        if WINDOWS:
            return self._proc.username()
        uid = self.uids().real
        try:
            entry = pwd.getpwuid(uid)
        except KeyError:
            return str(uid)
        return entry.pw_name

    def create_time(self):
        ctime = self._create_time
        if ctime is None:
            ctime = self._create_time = self._proc.create_time()
        return ctime

    def cpu_percent(self, interval=None):
        # psutil's formula, cpu_count() included (psutil's tests patch it): samples are
        # (clock, CPUs, user, system), shared with the native version
        blocking = _blocking(interval)
        cpus = cpu_count() or 1

        def now():
            times = self._proc.cpu_times()
            return (_clock(), cpus, times.user, times.system)

        if blocking:
            first = now()
            time.sleep(interval)
        else:
            first = self._cpu_sample
        second = self._cpu_sample = now()
        if first is None:
            return 0.0
        busy = (second[2] - first[2]) + (second[3] - first[3])
        wall = second[0] * second[1] - first[0] * first[1]
        return round(busy / wall * 100 * cpus, 1) if wall else 0.0

    def memory_percent(self, memtype="rss"):
        fields = _ntp.pfullmem._fields
        if memtype not in fields:
            raise ValueError("invalid memtype %r; valid types are %r" % (memtype, fields))
        info = self.memory_info() if memtype in _ntp.pmem._fields else self.memory_full_info()
        total = _phymem_total[0] or virtual_memory().total
        if total <= 0:
            raise ValueError(
                "can't calculate process memory percent because total physical system"
                " memory is not positive (%r)" % (total,)
            )
        return getattr(info, memtype) * 100.0 / total


_cext.set_process_fallbacks({n: f for n, f in vars(_PyGetters).items() if not n.startswith("_")})

# The getters as_dict() and process_iter(attrs) know.
_as_dict_attrnames = set(n for n in dir(Process) if not n.startswith("_")) - set(
    "send_signal suspend resume terminate kill wait is_running as_dict parent parents "
    "children rlimit connections oneshot".split()
)

# Fetched natively in one call by as_dict()/process_iter(attrs), unless patched.
# cpu_percent and memory_percent keep state here in Python: their methods always run.
# The named tuples of prefetched values are built natively, from these classes
# (net_connections and ionice rows from _ntuples directly, as their getters do).
_cext.set_process_types(
    {
        getter: getattr(_ntp, shape)
        for getter, shape in (
            ("cpu_times", "pcputimes"),
            ("memory_info", "pmem"),
            ("uids", "puids"),
            ("gids", "pgids"),
            ("num_ctx_switches", "pctxsw"),
            ("memory_full_info", "pfullmem"),
            ("io_counters", "pio"),
            ("memory_maps", "pmmap_grouped"),
            ("open_files", "popenfile"),
            ("threads", "pthread"),
        )
        if hasattr(_ntp, shape)  # psutil has no pmmap_grouped on macOS
    }
)
_PREFETCH_ORIGINALS = {
    n: getattr(Process, n)
    for n in (
        "cmdline cpu_affinity cpu_num cpu_times create_time cwd environ exe gids io_counters "
        "ionice memory_full_info memory_info memory_maps name net_connections nice "
        "num_ctx_switches num_fds num_threads open_files ppid status terminal threads uids "
        "username"
    ).split()
    if hasattr(Process, n)
}
_AS_DICT_ORIGINAL = vars(Process)["as_dict"]


if WINDOWS:
    # nice and ionice are Priority and IOPriority members there, made in Python
    for _n in ("nice", "ionice"):
        _PREFETCH_ORIGINALS.pop(_n, None)
    del _n
_PLATFORM_ORIGINALS = {n: vars(_psplatform.Process).get(n) for n in _PREFETCH_ORIGINALS}


def _prefetchable(cls, names):
    """The *names* the Rust side may fetch for a *cls* instance: getters nobody has
    patched or overridden, here or in the platform layer (a patched getter must be
    the one that runs)."""
    return [
        n
        for n in names
        if n in _PREFETCH_ORIGINALS
        and getattr(cls, n, None) is _PREFETCH_ORIGINALS[n]
        and vars(_psplatform.Process).get(n) is _PLATFORM_ORIGINALS[n]
    ]


class Popen(Process):
    """subprocess.Popen and Process in one: starts the command like subprocess.Popen,
    offers every Process method, and passes other attributes (stdin, communicate,
    returncode, ...) to the subprocess.Popen object."""

    def __init__(self, *args, **kwargs):
        self.__child = subprocess.Popen(*args, **kwargs)
        self._init(self.__child.pid, _ignore_nsp=True)

    def __dir__(self):
        return sorted(set(dir(Popen)).union(dir(subprocess.Popen)))

    def __enter__(self):
        enter = getattr(self.__child, "__enter__", None)
        if enter is not None:
            enter()
        return self

    def __exit__(self, *exc_info):
        for pipe in (self.__child.stdin, self.__child.stdout, self.__child.stderr):
            if pipe:
                pipe.close()
        self.wait()

    def __getattribute__(self, attr):
        try:
            return object.__getattribute__(self, attr)
        except AttributeError:
            child = object.__getattribute__(self, "_Popen__child")
            if hasattr(child, attr):
                return getattr(child, attr)
            raise AttributeError(f"{type(self)!r} has no attribute {attr!r}") from None

    def wait(self, timeout=None):
        if self.__child.returncode is None:
            self.__child.returncode = Process.wait(self, timeout)
        return self.__child.returncode


# =====================================================================================
# Processes
# =====================================================================================


def pids():
    """Every pid, sorted."""
    found = _cext.pids(_root())  # sorted by the extension
    _lowest_pid[0] = found[0] if found else None
    return found


def pid_exists(pid):
    """True if *pid* is a process (a thread id is not)."""
    if pid < 0:
        return False
    if 0x7FFFFFFF < pid < 1 << 63:  # beyond pid_t, as psutil's os.kill(pid, 0) reports it
        raise OverflowError("signed integer is greater than maximum")
    return _cext.pid_exists(pid, _root()) if pid else 0 in pids()


def process_iter(attrs=None, ad_value=None):
    """Yield a Process for each process, by pid, reusing instances between calls
    (process_iter.cache_clear() drops them). With *attrs* (getter names; [] = all)
    each one gets an ``info`` dict like as_dict(); the Rust side then reads every
    process's values in a single call."""
    global _pmap
    names = None
    if attrs is not None:
        names = sorted(_checked_attrs(attrs) or _as_dict_attrnames)
    # A pid found reused is dropped and, like psutil, skipped until the next call.
    dropped = set()
    while _reused_pids:
        pid = _reused_pids.pop()
        _common.debug(f"refreshing Process instance for reused PID {pid}")
        dropped.add(pid)
    # the table update and the new instances (made by calling Process as it is now),
    # in one native call
    known, procs, _lowest_pid[0] = _cext.api.process_table(_pmap, dropped, _root(), Process)
    if names is None:
        _pmap = known
        yield from procs
        return
    fast = []
    if vars(Process)["as_dict"] is _AS_DICT_ORIGINAL:
        fast = _prefetchable(Process, names)
    if fast and len(fast) == len(names) - ("pid" in names):
        # every getter native and unpatched: each info dict is built whole in Rust
        mine = [p for p in procs if type(p) is Process]
        found = _cext.scan_infos(mine, names, fast, ad_value)
        if len(mine) == len(procs):
            pairs = zip(procs, found)
        else:
            infos = dict(zip(map(id, mine), found))
            pairs = ((proc, infos.get(id(proc))) for proc in procs)
        try:
            for proc, info in pairs:
                try:
                    if isinstance(info, NoSuchProcess):
                        raise info
                    if info is None and type(proc) is Process:
                        info = proc._collect(None, names, bool(attrs), ad_value)
                    elif info is None:
                        info = proc.as_dict(attrs, ad_value)
                except NoSuchProcess:
                    known.pop(proc.pid, None)
                    continue
                proc.info = info
                yield proc
        finally:
            _pmap = known
        return
    # cpu_percent and memory_percent run after the batch read: holding each process's
    # oneshot across it lets them reuse its stat and statm
    held_for = {"cpu_percent", "memory_percent"}.intersection(names) if fast else ()
    hold = [p for p in procs if type(p) is Process] if held_for else []
    for proc in hold:
        proc._oneshot_enter()
    try:
        batch = [None] * len(procs)
        if fast:
            with contextlib.suppress(NotImplementedError):
                batch = _cext.prefetch_many([p._proc._h for p in procs], fast)
        held = set(map(id, hold))
        for proc, raw in zip(procs, batch):
            try:
                if isinstance(raw, NoSuchProcess):
                    raise raw
                if fast and type(proc) is Process:
                    pre = None if raw is None else proc._adopt(raw)
                    proc.info = proc._collect(pre, names, bool(attrs), ad_value)
                else:
                    proc.info = proc.as_dict(attrs, ad_value)
            except NoSuchProcess:
                known.pop(proc.pid, None)
                continue
            finally:
                if id(proc) in held:
                    held.discard(id(proc))
                    proc._oneshot_exit()
            yield proc
    finally:
        for proc in hold:
            if id(proc) in held:
                proc._oneshot_exit()
        _pmap = known


def _forget_processes():
    """Drop the Process instances process_iter() keeps."""
    _pmap.clear()


process_iter.cache_clear = _forget_processes


def wait_procs(procs, timeout=None, callback=None):
    """Wait for several processes; returns (gone, alive). Each gone one gets a
    ``returncode`` attribute and is passed to *callback*. Never raises
    TimeoutExpired: whatever still runs after *timeout* is in alive."""
    if not (timeout is None or timeout >= 0):
        raise ValueError("timeout must be a positive integer, got %s" % timeout)
    if not (callback is None or callable(callback)):
        raise TypeError("callback %r is not a callable" % (callback,))
    finished, pending = [], list(dict.fromkeys(procs))
    end = None if timeout is None else _clock() + timeout

    def check(proc, wait_for):
        try:
            code = proc.wait(wait_for)
        except (subprocess.TimeoutExpired, TimeoutExpired):
            return False
        if code is None and proc.is_running():
            return False
        proc.returncode = code
        finished.append(proc)
        if callback is not None:
            callback(proc)
        return True

    while pending and (end is None or _clock() < end):
        share = 1.0 / len(pending)  # a full round lasts about a second at most
        still = []
        for proc in pending:
            budget = share if end is None else min(share, end - _clock())
            if budget <= 0 or not check(proc, budget):
                still.append(proc)
        pending = still
    pending = [p for p in pending if not check(p, 0)]
    return finished, pending


# =====================================================================================
# CPU
# =====================================================================================


def cpu_count(logical=True):
    """Online logical CPUs, or physical cores (logical=False); None if unknown."""
    found = _psplatform.cpu_count_logical() if logical else _psplatform.cpu_count_cores()
    return None if found is None or found < 1 else found


_cext.set_cpu_count_originals(cpu_count, _psplatform.cpu_count_logical)  # for Process.cpu_percent


def _cpu_times_py(percpu=False):
    """System CPU times in seconds (a list, one per CPU, with *percpu*)."""
    return _psplatform.per_cpu_times() if percpu else _psplatform.cpu_times()


# Native on Linux while _pslinux.cpu_times and per_cpu_times are unpatched (cpupct.rs)
cpu_times = _cext.api.cpu_times if LINUX else _cpu_times_py


def _spent(deltas):
    # (all, busy): guest time is already inside user/nice; idle and iowait are not busy
    everything = sum(deltas) - getattr(deltas, "guest", 0) - getattr(deltas, "guest_nice", 0)
    return everything, everything - deltas.idle - getattr(deltas, "iowait", 0)


def _cpu_tot_time(times):
    """All the CPU time of a cpu_times() tuple, guest time counted once (psutil's
    private helper, which its tests call)."""
    return _spent(times)[0]


def _cpu_busy_time(times):
    """The busy part of a cpu_times() tuple: not idle, not iowait (psutil's private
    helper, which its tests call)."""
    return _spent(times)[1]


def _diff(before, after):
    return type(after)._make(max(0, b - a) for a, b in zip(before, after))


def _as_busy_percent(before, after):
    everything, busy = _spent(_diff(before, after))
    return round(busy / everything * 100, 1) if everything else 0.0


def _as_field_percents(before, after):
    d = _diff(before, after)
    scale = 100.0 / max(1, _spent(d)[0])
    return type(after)._make(min(100.0, max(0.0, round(x * scale, 1))) for x in d)


# The previous sample per (function, percpu, thread). Seeded at import for the
# importing thread, so its first non-blocking call measures since import.
_samples = {}
with contextlib.suppress(Exception):
    _me = threading.get_ident()
    for _per in (False, True):
        _samples[("busy", _per, _me)] = _samples[("fields", _per, _me)] = cpu_times(_per)
    del _me, _per


def _measure(kind, interval, percpu, compute):
    blocking = _blocking(interval)
    key = (kind, bool(percpu), threading.get_ident())
    if blocking:
        before = cpu_times(percpu)
        time.sleep(interval)
    else:
        before = _samples.get(key) or cpu_times(percpu)
    after = _samples[key] = cpu_times(percpu)
    return [compute(b, a) for b, a in zip(before, after)] if percpu else compute(before, after)


def _cpu_percent_py(interval=None, percpu=False):
    """Busy CPU in percent (system-wide, or a list per CPU), over a blocking
    *interval*, or since this thread's previous call when interval is None or 0."""
    return _measure("busy", interval, percpu, _as_busy_percent)


def _cpu_times_percent_py(interval=None, percpu=False):
    """Each cpu_times() field as a percent of the elapsed CPU time (as cpu_percent)."""
    return _measure("fields", interval, percpu, _as_field_percents)


# Native while interval is None and cpu_times (here and in _pslinux) is unpatched: the
# same samples in _samples, the same arithmetic (crates/psutil-py/src/cpupct.rs); the
# Python versions above otherwise.
if LINUX:
    cpu_percent = _cext.api.cpu_percent
    cpu_times_percent = _cext.api.cpu_times_percent
    _cext.api.set_cpu_readers(cpu_times, _psplatform.cpu_times, _psplatform.per_cpu_times)
else:
    cpu_percent = _cpu_percent_py
    cpu_times_percent = _cpu_times_percent_py


def cpu_stats():
    """Context switches, interrupts, soft interrupts and syscalls since boot."""
    return _psplatform.cpu_stats()


# Current, min and max frequency in MHz (the mean over CPUs unless *percpu*); None
# when unknown. Native: the mean and the named tuples are made in Rust.
cpu_freq = _cext.api.cpu_freq


# load averages over 1, 5 and 15 minutes (psutil: os.getloadavg where the OS has it)
getloadavg = _psplatform.getloadavg if LINUX or WINDOWS else os.getloadavg


# =====================================================================================
# Memory, disks, network, sensors, other
# =====================================================================================


def virtual_memory():
    """System memory statistics in bytes."""
    mem = _psplatform.virtual_memory()
    _phymem_total[0] = mem.total
    _cext.set_phymem_total(mem.total)  # for the native memory_percent()
    return mem


def swap_memory():
    """Swap statistics in bytes."""
    return _psplatform.swap_memory()


def _disk_usage_py(path):
    """disk_usage() for the path kinds the native function hands back (bytes,
    path-likes, file descriptors, wrong types)."""
    return _psplatform.disk_usage(path)


# Total, used and free bytes (and percent used) of the file system at *path*; a str
# path is done natively in one call.
disk_usage = _cext.api.disk_usage


def disk_partitions(all=False):
    """Mounted file systems (every mount when *all*)."""
    return _psplatform.disk_partitions(all)


def _tally(raw, keyed, nowrap, cache_key, shape):
    if not raw:
        return {} if keyed else None
    table = _unwrap(raw, cache_key) if nowrap else raw
    if keyed:
        return {k: shape._make(v) for k, v in table.items()}
    return shape._make(map(sum, zip(*table.values())))


def _disk_io_counters_py(perdisk=False, nowrap=True):
    return _tally(_psplatform.disk_io_counters(perdisk), perdisk, nowrap, "psutil.disk_io_counters", _ntp.sdiskio)


def _net_io_counters_py(pernic=False, nowrap=True):
    return _tally(_psplatform.net_io_counters(), pernic, nowrap, "psutil.net_io_counters", _ntp.snetio)


# The io_counters native path (crates/psutil-py/src/iocount.rs) runs while the readers
# and wrap_numbers below are the ones in place; the _py versions above otherwise.
if LINUX:
    _cext.api.set_io_readers(_psplatform.disk_io_counters, _psplatform.net_io_counters, _unwrap)


def disk_io_counters(perdisk=False, nowrap=True):
    """Disk I/O counters, summed over disks or per disk (*perdisk*). With *nowrap*
    counters never go backwards when the kernel's wrap around."""
    return _io_counters("disk", perdisk, nowrap)


def net_io_counters(pernic=False, nowrap=True):
    """Network I/O counters, summed or per interface (*pernic*); *nowrap* as for
    disk_io_counters()."""
    return _io_counters("net", pernic, nowrap)


def _io_counters_py(which, keyed, nowrap):
    return (_disk_io_counters_py if which == "disk" else _net_io_counters_py)(keyed, nowrap)


# The native paths (cpupct.rs, iocount.rs) know Linux's readers and shapes; the other
# platforms use the Python versions, which read through their platform layer.
_io_counters = _cext.api.io_counters if LINUX else _io_counters_py


for _fn in (disk_io_counters, net_io_counters):
    _fn.cache_clear = functools.partial(_unwrap.cache_clear, "psutil." + _fn.__name__)
    _fn.cache_clear.__doc__ = "Reset the nowrap state of %s()." % _fn.__name__
del _fn


def net_connections(kind="inet"):
    """System-wide sockets of *kind*: inet, inet4, inet6, tcp, tcp4, tcp6, udp,
    udp4, udp6, unix or all."""
    _require_kind(kind)
    return _psplatform.net_connections(kind)


def net_if_addrs():
    """{interface: [snicaddr, ...]}, addresses ordered by family."""
    if _psplatform.net_if_addrs is _cext.net_if_addr_rows:
        return _cext.net_if_addrs()  # the same dict, built in Rust from the same rows
    # _pslinux.net_if_addrs was replaced (psutil's tests mock it): shape its rows
    grouped = collections.defaultdict(list)
    for nic, fam, address, netmask, broadcast, ptp in sorted(_psplatform.net_if_addrs(), key=lambda r: r[1]):
        fam = _common.sockfam_to_enum(fam)
        if fam == AF_LINK and address and address.count(":") < 5:
            address += ":00" * (5 - address.count(":"))
        grouped[nic].append(_ntp.snicaddr(fam, address, netmask, broadcast, ptp))
    return dict(grouped)


def net_if_stats():
    """{interface: snicstats}: running, duplex, speed (Mbit/s), MTU, flags."""
    return _psplatform.net_if_stats()


if hasattr(_psplatform, "sensors_temperatures"):

    def sensors_temperatures(fahrenheit=False):
        """{chip: [shwtemp, ...]} in Celsius, or Fahrenheit."""

        def conv(v):
            return v if v is None or not fahrenheit else v * 9.0 / 5 + 32

        result = {}
        for chip, rows in _psplatform.sensors_temperatures().items():
            for label, cur, high, crit in rows:
                cur, high, crit = conv(cur), conv(high), conv(crit)
                # when only one threshold is known it stands for both
                if not crit:
                    crit = high or crit
                if not high:
                    high = crit or high
                result.setdefault(chip, []).append(_ntp.shwtemp(label, cur, high, crit))
        return result


if hasattr(_psplatform, "sensors_fans"):

    def sensors_fans():
        """{chip: [sfan, ...]}: fan speeds in RPM."""
        return _psplatform.sensors_fans()


sensors_battery = _psplatform.sensors_battery  # charge, seconds left, on AC; None without one


boot_time = _cext.api.boot_time  # when the system booted, in seconds since the epoch


users = _psplatform.users  # users logged in


heap_info = _psplatform.heap_info  # this process's malloc heap: bytes from the heap and mmap


def heap_trim():
    """Return free heap memory to the OS (malloc_trim)."""
    _psplatform.heap_trim()


def _set_debug(value):
    """Turn PSUTIL_DEBUG messages on or off."""
    _common.PSUTIL_DEBUG = bool(value)
    _cext.set_debug(bool(value))


def __getattr__(name):
    # psutil_rs.install() (see _install.py) is psutil_rs's own: it is reached through
    # the module's __getattr__ so that dir() and __all__ stay psutil's (psutil's test
    # suite checks that every public name it lists is in __all__).
    if name == "install":
        from ._install import install

        return install
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
