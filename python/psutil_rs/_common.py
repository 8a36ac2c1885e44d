"""Shared pieces of psutil_rs: constants, exception classes and small helpers.

Names follow psutil's private ``_common`` module, so that code importing them (and
psutil's own test suite) keeps working.
"""

import collections
import enum
import functools
import inspect
import ipaddress
import os
import socket
import stat
import sys
import threading

__all__ = []

PSUTIL_DEBUG = bool(os.getenv("PSUTIL_DEBUG"))
# The package whose PROCFS_PATH attribute each call reads: "psutil_rs".
_PKG = __name__.rpartition(".")[0] or "psutil_rs"

ENCODING, ENCODING_ERRS = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()

# --- the running OS ------------------------------------------------------------------


def _platform_flags():
    p = sys.platform
    flags = {
        "LINUX": p.startswith("linux"),
        "MACOS": p.startswith("darwin"),
        "FREEBSD": p.startswith(("freebsd", "midnightbsd")),
        "OPENBSD": p.startswith("openbsd"),
        "NETBSD": p.startswith("netbsd"),
        "SUNOS": p.startswith(("sunos", "solaris")),
        "AIX": p.startswith("aix"),
        "WINDOWS": os.name == "nt",
        "POSIX": os.name == "posix",
    }
    flags["OSX"] = flags["MACOS"]
    flags["BSD"] = flags["FREEBSD"] or flags["OPENBSD"] or flags["NETBSD"]
    return flags


globals().update(_platform_flags())

#: The platform layer's name in psutil_rs: "linux", "windows", "macos", "freebsd", or
#: the OS's own name where psutil_rs has no layer.
_PLATFORM = next(
    (name for flag, name in (("LINUX", "linux"), ("WINDOWS", "windows"), ("MACOS", "macos"),
                             ("FREEBSD", "freebsd")) if globals()[flag]),
    sys.platform,
)  # fmt: skip

AF_INET6 = getattr(socket, "AF_INET6", None)
AF_UNIX = getattr(socket, "AF_UNIX", None)

# --- Process.status() strings --------------------------------------------------------

_STATUSES = {
    "RUNNING": "running", "SLEEPING": "sleeping", "DISK_SLEEP": "disk-sleep",
    "STOPPED": "stopped", "TRACING_STOP": "tracing-stop", "ZOMBIE": "zombie",
    "DEAD": "dead", "WAKE_KILL": "wake-kill", "WAKING": "waking", "IDLE": "idle",
    "LOCKED": "locked", "WAITING": "waiting", "SUSPENDED": "suspended",
    "PARKED": "parked",
}  # fmt: skip
globals().update({"STATUS_" + k: v for k, v in _STATUSES.items()})

# --- TCP states: each CONN_X constant is the string "X" ---------------------------

_CONN_STATES = (
    "ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE "
    "CLOSE_WAIT LAST_ACK LISTEN CLOSING NONE"
).split()
globals().update({"CONN_" + s: s for s in _CONN_STATES})

# --- enums -------------------------------------------------------------------------

NicDuplex = enum.IntEnum(
    "NicDuplex", [("NIC_DUPLEX_FULL", 2), ("NIC_DUPLEX_HALF", 1), ("NIC_DUPLEX_UNKNOWN", 0)]
)
BatteryTime = enum.IntEnum(
    "BatteryTime", [("POWER_TIME_UNKNOWN", -1), ("POWER_TIME_UNLIMITED", -2)]
)
for _e in (NicDuplex, BatteryTime):
    _e.__module__ = __name__
    globals().update(_e.__members__)
del _e

# --- net_connections(kind): {kind: (families, socket types)} -------------------------


def _kinds():
    v4, v6, unix = socket.AF_INET, AF_INET6, AF_UNIX
    tcp, udp = [socket.SOCK_STREAM], [socket.SOCK_DGRAM]
    table = {}
    for name, fams in (("", [v4, v6]), ("4", [v4]), ("6", [v6])):
        table["tcp" + name] = (fams, tcp)
        table["udp" + name] = (fams, udp)
        table["inet" + name] = (fams, tcp + udp)
    table["unix"] = ([unix], tcp + udp)
    table["all"] = ([v4, v6, unix], tcp + udp)
    order = ("all", "tcp", "tcp4", "udp", "udp4", "inet", "inet4", "inet6", "tcp6", "udp6", "unix")
    return {k: table[k] for k in order}


conn_tmap = _kinds()

# --- exceptions ----------------------------------------------------------------------


class Error(Exception):
    """Base class of every psutil_rs exception."""

    __module__ = _PKG
    _shown = ("pid", "ppid", "name")
    _listed = ("pid", "ppid", "name", "seconds", "msg")

    def _pairs(self, keys):
        # a field is shown when set; pid 0 is shown too
        out = []
        for key in keys:
            val = getattr(self, key, None)
            if val or (val == 0 and key == "pid"):
                out.append(f"{key}={val!r}")
        return out

    def __str__(self):
        pairs = self._pairs(self._shown)
        text = getattr(self, "msg", "") or ""
        if pairs:
            text = (text + " " if text else "") + "(" + ", ".join(pairs) + ")"
        return text

    def __repr__(self):
        cls = type(self)
        return "{}.{}({})".format(cls.__module__, cls.__name__, ", ".join(self._pairs(self._listed)))


class NoSuchProcess(Error):
    """The process does not exist (any more)."""

    __module__ = _PKG

    def __init__(self, pid, name=None, msg=None):
        super().__init__()
        self.pid, self.name, self.msg = pid, name, (msg or "process no longer exists")

    def __reduce__(self):
        return type(self), (self.pid, self.name, self.msg)


class ZombieProcess(NoSuchProcess):
    """The process exists but is a zombie (some queries fail on it)."""

    __module__ = _PKG

    def __init__(self, pid, name=None, ppid=None, msg=None):
        NoSuchProcess.__init__(self, pid, name, msg or "PID still exists but it's a zombie")
        self.ppid = ppid

    def __reduce__(self):
        return type(self), (self.pid, self.name, self.ppid, self.msg)


class AccessDenied(Error):
    """The OS refused the query (EPERM / EACCES)."""

    __module__ = _PKG

    def __init__(self, pid=None, name=None, msg=None):
        super().__init__()
        self.pid, self.name, self.msg = pid, name, (msg or "")

    def __reduce__(self):
        return type(self), (self.pid, self.name, self.msg)


class TimeoutExpired(Error):
    """Process.wait(timeout) ran out of time with the process still alive."""

    __module__ = _PKG

    def __init__(self, seconds, pid=None, name=None):
        super().__init__()
        self.seconds, self.pid, self.name = seconds, pid, name
        self.msg = "timeout after %s seconds" % (seconds,)

    def __reduce__(self):
        return type(self), (self.seconds, self.pid, self.name)


# --- helpers ------------------------------------------------------------------------


def get_procfs_path():
    """The PROCFS_PATH in force now (a writable attribute of the package)."""
    return getattr(sys.modules[_PKG], "PROCFS_PATH")


def usage_percent(used, total, round_=None):
    """*used* as a percentage of *total* (0.0 when total is 0)."""
    if not total:
        return 0.0
    pct = 100.0 * used / total
    return pct if round_ is None else round(pct, round_)


def memoize(fun):
    """Cache results by arguments; ``fun.cache_clear()`` empties it. Errors are not
    cached."""
    memo = {}

    def lookup(*args, **kwargs):
        k = (args, frozenset(sorted(kwargs.items())))
        try:
            return memo[k]
        except KeyError:
            memo[k] = res = fun(*args, **kwargs)
            return res

    functools.update_wrapper(lookup, fun)
    lookup.cache_clear = memo.clear
    return lookup


def memoize_when_activated(method):
    """Per-instance cache of a no-argument method that only works while the object
    has a ``_cache`` dict: ``method.cache_activate(obj)`` creates it and
    ``method.cache_deactivate(obj)`` drops it (what oneshot() does)."""

    def cached(self):
        box = getattr(self, "_cache", None)
        if box is None:
            return method(self)
        if method not in box:
            box[method] = method(self)
        return box[method]

    def on(obj):
        obj._cache = {}

    def off(obj):
        vars(obj).pop("_cache", None)

    functools.update_wrapper(cached, method)
    cached.cache_activate, cached.cache_deactivate = on, off
    return cached


def _stat_strict(path):
    # None when *path* cannot be stat()ed, except that EPERM/EACCES propagate
    try:
        return os.stat(path)
    except PermissionError:
        raise
    except OSError:
        return None


def isfile_strict(path):
    """os.path.isfile() that raises PermissionError instead of answering False."""
    st = _stat_strict(path)
    return st is not None and stat.S_ISREG(st.st_mode)


def path_exists_strict(path):
    """os.path.exists() that raises PermissionError instead of answering False."""
    return _stat_strict(path) is not None


def supports_ipv6():
    """True if an IPv6 socket can be bound to ::1 here."""
    if AF_INET6 is None or not socket.has_ipv6:
        return False
    sock = None
    try:
        sock = socket.socket(AF_INET6, socket.SOCK_STREAM)
        sock.bind(("::1", 0))
    except OSError:
        ok = False
    else:
        ok = True
    finally:
        if sock is not None:
            sock.close()
    return ok


def parse_environ_block(data):
    """``KEY=VALUE`` entries of a NUL-terminated block, up to the first empty one;
    entries without ``=`` (or with an empty key) are skipped."""
    env = {}
    # the text after the last NUL is an unterminated entry: ignored
    for entry in data.split("\0")[:-1]:
        if not entry:
            break
        key, sep, value = entry.partition("=")
        if sep and key:
            env[key] = value
    return env


def _to_enum(cls, num):
    try:
        return cls(num)
    except ValueError:
        return num


def sockfam_to_enum(num):
    """socket.AddressFamily member for *num* (unknown numbers pass through)."""
    return _to_enum(socket.AddressFamily, num)


def socktype_to_enum(num):
    """socket.SocketKind member for *num* (unknown numbers pass through)."""
    return _to_enum(socket.SocketKind, num)


def broadcast_addr(addr):
    """The broadcast address of a net_if_addrs() IPv4/IPv6 entry, else None."""
    kinds = {socket.AF_INET: ipaddress.IPv4Network, socket.AF_INET6: ipaddress.IPv6Network}
    if addr.address and addr.netmask and addr.family in kinds:
        net = kinds[addr.family](f"{addr.address}/{addr.netmask}", strict=False)
        return str(net.broadcast_address)
    return None


def bytes2human(n, format="%(value).1f%(symbol)s"):
    """Human-readable size with 1024 multiples: ``bytes2human(10000) == '9.8K'``."""
    units = "BKMGTPEZY"
    for power in range(len(units) - 1, 0, -1):
        if abs(n) >= 1 << (10 * power):
            return format % {"value": float(n) / (1 << (10 * power)), "symbol": units[power]}
    return format % {"value": n, "symbol": "B"}


# --- files (psutil's tests read /proc with these) -----------------------------------

FILE_READ_BUFFER_SIZE = 1 << 15
_NO_FALLBACK = object()


def open_binary(fname):
    return open(fname, "rb", buffering=FILE_READ_BUFFER_SIZE)  # noqa: SIM115


def open_text(fname):
    return open(  # noqa: SIM115
        fname, "r", buffering=FILE_READ_BUFFER_SIZE, encoding=ENCODING, errors=ENCODING_ERRS
    )


def cat(fname, fallback=_NO_FALLBACK, _open=open_text):
    """The whole content of *fname*, or *fallback* (when given) on OSError."""
    try:
        fobj = _open(fname)
    except OSError:
        if fallback is _NO_FALLBACK:
            raise
        return fallback
    with fobj:
        try:
            return fobj.read()
        except OSError:
            if fallback is _NO_FALLBACK:
                raise
            return fallback


def bcat(fname, fallback=_NO_FALLBACK):
    """cat() in binary mode."""
    return cat(fname, fallback, _open=open_binary)


def decode(raw):
    return raw.decode(ENCODING, ENCODING_ERRS)


# --- nowrap: counters that wrap around ------------------------------------------


class _Unwrapper:
    """Per caller name: the last raw {key: tuple}, what wrapped so far per
    (key, field index), and which of those belong to each key."""

    def __init__(self):
        self.lock = threading.RLock()
        self.last, self.offsets, self.offset_keys = {}, {}, {}

    def apply(self, current, name):
        if name not in self.last:
            self.last[name] = current
            self.offsets[name] = collections.defaultdict(int)
            self.offset_keys[name] = collections.defaultdict(set)
            return current
        previous = self.last[name]
        offsets, owners = self.offsets[name], self.offset_keys[name]
        for vanished in previous.keys() - current.keys():
            for slot in owners.pop(vanished, ()):
                offsets.pop(slot, None)
        fixed = {}
        for key, values in current.items():
            before = previous.get(key)
            if before is None:
                fixed[key] = values
                continue
            row = []
            for idx, now in enumerate(values):
                slot = (key, idx)
                if now < before[idx]:
                    offsets[slot] += before[idx]
                    owners[key].add(slot)
                row.append(now + offsets[slot])
            fixed[key] = tuple(row)
        self.last[name] = current
        return fixed

    def forget(self, name=None):
        with self.lock:
            tables = (self.last, self.offsets, self.offset_keys)
            if name is None:
                for t in tables:
                    t.clear()
            else:
                for t in tables:
                    t.pop(name, None)

    def snapshot(self):
        with self.lock:
            return self.last, self.offsets, self.offset_keys


_unwrapper = _Unwrapper()


def wrap_numbers(input_dict, name):
    """*input_dict* with counters that wrapped since the last call for *name*
    corrected, so they never go backwards."""
    with _unwrapper.lock:
        return _unwrapper.apply(input_dict, name)


wrap_numbers.cache_clear = _unwrapper.forget
wrap_numbers.cache_info = _unwrapper.snapshot


# --- debugging ----------------------------------------------------------------------


def debug(msg):
    """With PSUTIL_DEBUG set, print *msg* to stderr, prefixed with the caller's
    file and line."""
    if not PSUTIL_DEBUG:
        return
    where = inspect.getframeinfo(inspect.currentframe().f_back)
    if isinstance(msg, Exception):
        msg = "ignoring " + (str(msg) if isinstance(msg, OSError) else repr(msg))
    sys.stderr.write(f"psutil-debug [{where.filename}:{where.lineno}]> {msg}\n")


# --- terminal colours (private helpers psleak and psutil's scripts import) -----------

_ANSI_CODES = {
    None: "29", "darkgrey": "30", "green": "32", "brown": "33", "blue": "34",
    "violet": "35", "lightblue": "36", "grey": "37", "red": "91", "yellow": "93",
}  # fmt: skip


@memoize
def term_supports_colors(file=sys.stdout):
    """True when *file* is a terminal with a descriptor (asked once, then remembered)."""
    try:
        return bool(file.isatty()) and file.fileno() >= 0
    except Exception:  # noqa: BLE001 - any odd stream object means "no colours"
        return False


def hilite(s, color=None, bold=False):
    """*s* wrapped in the ANSI codes of *color* (and bold), or *s* unchanged when the
    terminal does not support colours. An unknown colour is a ValueError."""
    if not term_supports_colors():
        return s
    if color not in _ANSI_CODES:
        raise ValueError(f"invalid color {color!r}; choose amongst {list(_ANSI_CODES)}")
    codes = _ANSI_CODES[color] + (";1" if bold else "")
    return f"\x1b[{codes}m{s}\x1b[0m"


def print_color(s, color=None, bold=False, file=sys.stdout):
    """Prints *s* to *file*, coloured when the terminal supports colours."""
    print(hilite(s, color, bold) if term_supports_colors() else s, file=file)
