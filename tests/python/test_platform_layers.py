"""The Windows, macOS and FreeBSD layers (``_pswindows``, ``_psosx``, ``_psbsd``) and the
per-platform named tuples (``_ntuples.shapes``) against psutil 7.2.2's own sources.

No CPython of those platforms is reachable here, so the layers are imported on Linux
(they read nothing at import) and compared, name by name, with what psutil 7.2.2 defines
for each platform: its ``_ntuples.py`` and platform modules are parsed with ``ast`` from
the sdist (``target/python/sdist``, fetched by ``scripts/test-python.sh``), their
``if LINUX / WINDOWS / MACOS / BSD / FREEBSD`` branches taken for the platform. Values
that psutil takes from OS headers through its C extension (priority classes, AF_LINK,
RLIMIT_*) are compared with the definitions of the crates the Rust side is built with
(windows-sys, libc), located with ``cargo metadata``.
"""

import ast
import collections
import importlib
import json
import os
import re
import subprocess
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SDIST = os.environ.get("PSUTIL_RS_SDIST", os.path.join(ROOT, "target", "python", "sdist", "psutil-7.2.2.tar.gz"))

PLATFORMS = ["linux", "windows", "macos", "freebsd"]
LAYERS = {"windows": "psutil_rs._pswindows", "macos": "psutil_rs._psosx", "freebsd": "psutil_rs._psbsd"}


def _flags(platform):
    """psutil's platform booleans as they are on *platform*."""
    return {
        "LINUX": platform == "linux",
        "WINDOWS": platform == "windows",
        "MACOS": platform == "macos",
        "OSX": platform == "macos",
        "FREEBSD": platform == "freebsd",
        "BSD": platform == "freebsd",
        "OPENBSD": False,
        "NETBSD": False,
        "SUNOS": False,
        "AIX": False,
        "POSIX": platform != "windows",
    }


@pytest.fixture(scope="module")
def psutil_source():
    """{file name below psutil-7.2.2/psutil/: text} from the sdist."""
    if not os.path.exists(SDIST):
        pytest.fail(f"psutil 7.2.2's sdist is missing at {SDIST} (scripts/test-python.sh downloads it)")
    out = {}
    with tarfile.open(SDIST) as tar:
        for member in tar.getmembers():
            prefix = "psutil-7.2.2/psutil/"
            if member.isfile() and member.name.startswith(prefix):
                out[member.name[len(prefix) :]] = tar.extractfile(member).read().decode()
    return out


# --- psutil's sources, evaluated for one platform -------------------------------------


def _platform_test(node, flags):
    """The value of an ``if`` test made of platform flags; None when it is something else
    (e.g. a call into psutil's C extension): both branches then count."""
    if isinstance(node, ast.Name) and node.id in flags:
        return flags[node.id]
    if isinstance(node, ast.BoolOp):
        values = [_platform_test(v, flags) for v in node.values]
        if None in values:
            return None
        return any(values) if isinstance(node.op, ast.Or) else all(values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _platform_test(node.operand, flags)
        return None if inner is None else not inner
    return None


def _statements(body, flags):
    """The statements of *body* that run on the platform of *flags* (flattening ifs)."""
    for node in body:
        if isinstance(node, ast.If):
            taken = _platform_test(node.test, flags)
            if taken is None:
                yield from _statements(node.body, flags)
                yield from _statements(node.orelse, flags)
            else:
                yield from _statements(node.body if taken else node.orelse, flags)
        else:
            yield node


def psutil_ntuples(source, platform):
    """{name: (typename, fields) or None}: what psutil's _ntuples.py defines there."""
    env = {}
    for node in _statements(ast.parse(source).body, _flags(platform)):
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        name, value = node.targets[0].id, node.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "nt":
            typename = ast.literal_eval(value.args[0])
            fields = eval(compile(ast.Expression(value.args[1]), "_ntuples.py", "eval"), {"__builtins__": {}}, env)
            env[name] = collections.namedtuple(typename, fields)
        elif isinstance(value, ast.Name):
            env[name] = env[value.id]
        elif isinstance(value, ast.Constant) and value.value is None:
            env[name] = None
    return {k: (None if v is None else (v.__name__, v._fields)) for k, v in env.items()}


def psutil_layer(source, platform):
    """(module-level names, Process method names, {name: node}) of a psutil platform
    module on *platform*."""
    names, methods, nodes = set(), set(), {}
    flags = _flags(platform)
    for node in _statements(ast.parse(source).body, flags):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
            nodes[node.name] = node
            if isinstance(node, ast.ClassDef) and node.name == "Process":
                for item in _statements(node.body, flags):
                    if isinstance(item, ast.FunctionDef):
                        methods.add(item.name)
                    elif isinstance(item, ast.Assign):
                        methods.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names.add(t.id)
                    nodes[t.id] = node.value
    return names, methods, nodes


# --- the crates' definitions (the OS headers' values as Rust sees them) -------------


@pytest.fixture(scope="module")
def crate_dirs():
    """{crate name: its source directory}: the newest locked version of each."""
    meta = subprocess.run(
        ["cargo", "metadata", "--locked", "--format-version", "1"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    best = {}
    for pkg in json.loads(meta.stdout)["packages"]:
        version = tuple(int(x) for x in re.findall(r"\d+", pkg["version"])[:3])
        if pkg["name"] in ("libc", "windows-sys") and version > best.get(pkg["name"], ((),))[0]:
            best[pkg["name"]] = (version, os.path.dirname(pkg["manifest_path"]))
    return {name: path for name, (_, path) in best.items()}


_CONST = re.compile(r"^\s*pub const ([A-Z_][A-Z0-9_]*)\s*:\s*[^=]+=\s*([^;]+);", re.M)


def rust_consts(directory):
    """A lookup of the integer ``pub const`` items in the .rs files below *directory*:
    ``lookup(name)`` evaluates its value (a literal with or without a type suffix, `as`
    casts, shifts, or names of other constants). A name defined there with two different
    values is an error; an absent name is a KeyError."""
    raw = {}
    for base, _dirs, files in os.walk(directory):
        for f in files:
            if f.endswith(".rs"):
                with open(os.path.join(base, f), encoding="utf-8") as fh:
                    for name, expr in _CONST.findall(fh.read()):
                        raw.setdefault(name, set()).add(expr.strip())
    values = {}

    def lookup(name):
        if name not in values:
            got = set()
            for expr in raw[name]:
                text = re.sub(r"\bas\s+[A-Za-z_:0-9]+", "", expr)
                text = re.sub(r"\b(0x[0-9a-fA-F_]+|\d[\d_]*)[iu](?:8|16|32|64|128|size)\b", r"\1", text)
                if re.fullmatch(r"[\s0-9a-fA-Fx_()<>|+-]+", text):
                    text = text.replace("_", "")
                refs = {n: lookup(n) for n in re.findall(r"\b[A-Z][A-Z0-9_]+\b", text) if n in raw}
                got.add(eval(text, {"__builtins__": {}}, refs))
            assert len(got) == 1, f"{name} has several values below {directory}: {got}"
            values[name] = got.pop()
        return values[name]

    lookup.names = raw.keys()
    return lookup


# --- the named tuples -------------------------------------------------------------------


@pytest.mark.parametrize("platform", PLATFORMS)
def test_named_tuples_are_psutils(psutil_source, platform):
    from psutil_rs import _ntuples

    expected = psutil_ntuples(psutil_source["_ntuples.py"], platform)
    ours = {k: (None if v is None else (v.__name__, v._fields)) for k, v in _ntuples.shapes(platform).items()}
    assert sorted(ours) == sorted(expected)
    for name, shape in expected.items():
        assert ours[name] == shape, name
    assert len(expected) >= 25  # the parse saw psutil's whole file


def test_running_platform_module_globals_are_its_shapes():
    from psutil_rs import _ntuples

    for name, cls in _ntuples.shapes("linux").items():
        got = getattr(_ntuples, name)
        if cls is None:
            continue  # scputimes: made by _pslinux from the kernel's field count
        assert got._fields == cls._fields and got.__name__ == cls.__name__


def test_linux_shapes_equal_real_psutil():
    """The AST reading agrees with psutil 7.2.2 itself where it runs (Linux)."""
    import psutil._ntuples as real

    from psutil_rs import _ntuples

    for name, cls in _ntuples.shapes("linux").items():
        if cls is not None:
            assert getattr(real, name)._fields == cls._fields, name


# --- the layers ---------------------------------------------------------------------


PSUTIL_MODULE = {"windows": "_pswindows.py", "macos": "_psosx.py", "freebsd": "_psbsd.py"}

# The optional module functions and Process methods psutil's __init__ looks for with
# hasattr() (they decide psutil's public API on the platform).
OPTIONAL_FUNCTIONS = """cpu_freq getloadavg sensors_temperatures sensors_fans sensors_battery
    heap_info heap_trim win_service_iter win_service_get ppid_map""".split()
OPTIONAL_METHODS = """environ io_counters ionice_get ionice_set rlimit cpu_affinity_get
    cpu_affinity_set cpu_num memory_maps num_handles threads terminal num_fds uids gids
    username suspend resume kill send_signal memory_full_info""".split()
# Not in psutil_rs's layers on purpose: ppid_map (psutil's private helper for children(),
# which the library does itself).
NOT_MIRRORED = {"ppid_map"}


@pytest.mark.parametrize("platform", sorted(LAYERS))
def test_layer_has_psutils_optional_api(psutil_source, platform):
    layer = importlib.import_module(LAYERS[platform])
    names, methods, nodes = psutil_layer(psutil_source[PSUTIL_MODULE[platform]], platform)
    for fn in OPTIONAL_FUNCTIONS:
        if fn in NOT_MIRRORED:
            continue
        assert hasattr(layer, fn) == (fn in names), (platform, fn)
    for meth in OPTIONAL_METHODS:
        # psutil's BSD memory_full_info is an alias kept in the class; ours inherits it
        assert hasattr(layer.Process, meth) == (meth in methods or meth == "memory_full_info"), (platform, meth)
    assert layer.__extra__all__ == ast.literal_eval(nodes["__extra__all__"])


def test_windows_constants(psutil_source, crate_dirs):
    from psutil_rs import _pswindows as win

    names, _, nodes = psutil_layer(psutil_source["_pswindows.py"], "windows")
    assert win.CONN_DELETE_TCB == ast.literal_eval(nodes["CONN_DELETE_TCB"]) == "DELETE_TCB"
    # AddressFamily = enum.IntEnum('AddressFamily', {'AF_LINK': -1})
    family = ast.literal_eval(nodes["AddressFamily"].args[1])
    assert dict(win.AddressFamily.__members__) == family and win.AF_LINK is win.AddressFamily.AF_LINK
    # class IOPriority: literal values in psutil
    io = {t.targets[0].id: ast.literal_eval(t.value) for t in nodes["IOPriority"].body if isinstance(t, ast.Assign)}
    assert {k: int(v) for k, v in win.IOPriority.__members__.items()} == io
    # class Priority: names in psutil, values from its C extension (winbase.h): windows-sys
    prio = [t.targets[0].id for t in nodes["Priority"].body if isinstance(t, ast.Assign)]
    assert list(win.Priority.__members__) == prio
    threading_rs = os.path.join(crate_dirs["windows-sys"], "src", "Windows", "Win32", "System", "Threading")
    const = rust_consts(threading_rs)
    for name in prio:
        assert int(win.Priority[name]) == const(name), name
    # every exported constant is reachable under its name
    for name in win.__extra__all__:
        if name.isupper():
            assert getattr(win, name) is not None, name
    assert int(win.HIGH_PRIORITY_CLASS) == 0x80 and int(win.IOPRIO_HIGH) == 3


@pytest.mark.parametrize("platform", ["macos", "freebsd"])
def test_bsd_family_af_link_and_statuses(psutil_source, crate_dirs, platform):
    import psutil_rs

    layer = importlib.import_module(LAYERS[platform])
    libc_dir = os.path.join(crate_dirs["libc"], "src", "unix", "bsd", "apple" if platform == "macos" else "freebsdlike")
    assert layer.AF_LINK == rust_consts(libc_dir)("AF_LINK")
    _, _, nodes = psutil_layer(psutil_source[PSUTIL_MODULE[platform]], platform)
    # the statuses psutil maps to there are psutil_rs's STATUS_* / CONN_* values
    for table, prefix in (("PROC_STATUSES", "STATUS_"), ("TCP_STATUSES", "CONN_")):
        for value in nodes[table].values:
            assert isinstance(value, ast.Attribute) and value.attr.startswith(prefix)
            assert hasattr(psutil_rs, value.attr), value.attr


def _psutil_freebsd_rlimit_names(init_c):
    """The RLIMIT_* names psutil's C extension adds on FreeBSD (arch/posix/init.c: the
    block for PSUTIL_LINUX or PSUTIL_FREEBSD, each name under its own #ifdef)."""
    block = init_c.split("#if defined(PSUTIL_LINUX) || defined(PSUTIL_FREEBSD)", 1)[1]
    block = block.split("#endif  // defined(PSUTIL_LINUX) || defined(PSUTIL_FREEBSD)", 1)[0]
    return re.findall(r"#ifdef (RLIMIT_[A-Z]+)", block)


def test_freebsd_rlimits(psutil_source, crate_dirs):
    import psutil as real  # psutil 7.2.2 on Linux: the Linux resource numbers

    from psutil_rs import _psbsd

    const = rust_consts(os.path.join(crate_dirs["libc"], "src", "unix", "bsd", "freebsdlike"))
    names = _psutil_freebsd_rlimit_names(psutil_source["arch/posix/init.c"])
    assert len(names) >= 19  # the parse saw the whole block
    # the #ifdefs FreeBSD's headers satisfy: the names libc defines for FreeBSD
    expected = {n: const(n) for n in names if n in const.names}
    expected["RLIM_INFINITY"] = const("RLIM_INFINITY")
    assert _psbsd.RLIMITS == expected
    # the translation to the library's numbering (Linux's): same resource by name
    by_value = {v: k for k, v in expected.items() if k != "RLIM_INFINITY"}
    for freebsd, library in _psbsd._LIBRARY_RESOURCE.items():
        assert getattr(real, by_value[freebsd]) == library, by_value[freebsd]
    # FreeBSD-only resources are the ones without a translation
    untranslated = {by_value[v] for v in by_value if v not in _psbsd._LIBRARY_RESOURCE}
    assert untranslated == {"RLIMIT_SBSIZE", "RLIMIT_NPTS", "RLIMIT_SWAP"}


# --- the adapters' own logic (run here with a recording handle in place of cext.Proc) ---


class _Recorder:
    """Stands for the native handle: records calls, answers from *answers*."""

    def __init__(self, **answers):
        self.calls = []
        self.answers = answers

    def __getattr__(self, name):
        def call(*args):
            self.calls.append((name, *args))
            return self.answers.get(name)

        return call


def _adapter(layer, **answers):
    proc = layer.Process.__new__(layer.Process)
    proc.pid = 4242
    proc._h = _Recorder(**answers)
    return proc


def test_freebsd_rlimit_speaks_freebsd_numbers():
    from psutil_rs import _psbsd

    inf = _psbsd.RLIMITS["RLIM_INFINITY"]
    nofile = _psbsd.RLIMITS["RLIMIT_NOFILE"]
    p = _adapter(_psbsd, rlimit_get=(-1, 4096))
    assert p.rlimit(nofile) == (inf, 4096)
    p.rlimit(nofile, (1024, inf))
    assert p._h.calls == [("rlimit_get", 7), ("rlimit_set", 7, 1024, -1)]
    with pytest.raises(NotImplementedError):
        p.rlimit(_psbsd.RLIMITS["RLIMIT_SWAP"])
    with pytest.raises(ValueError, match="invalid resource specified"):
        p.rlimit(99)
    with pytest.raises(ValueError, match=r"\(soft, hard\) tuple"):
        p.rlimit(nofile, 5)


def test_windows_adapter_follows_psutil(psutil_source):
    import signal

    from psutil_rs import _pswindows as win

    p = _adapter(win, nice_get=0x20)
    assert p.nice_get() is win.Priority.NORMAL_PRIORITY_CLASS
    p.ionice_set(win.IOPRIO_HIGH, None)
    assert p._h.calls[-1] == ("ionice_set", 3, 0)
    # psutil's own messages for the refused cases (the strings of _pswindows.py)
    tree = ast.parse(psutil_source["_pswindows.py"])
    source = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    with pytest.raises(TypeError) as exc:
        p.ionice_set(win.IOPRIO_LOW, 2)
    assert str(exc.value) in source
    with pytest.raises(ValueError, match="is not a valid priority"):
        p.ionice_set(7, None)
    with pytest.raises(ValueError) as exc:
        p.send_signal(signal.SIGINT)
    assert str(exc.value) in source
    p.send_signal(signal.SIGTERM)
    assert p._h.calls[-1] == ("kill",)
    p = _adapter(win, num_handles=12)
    assert p.num_handles() == 12
    # The services: psutil's WindowsService methods, its str and equality; the native
    # calls behind them exist only in Windows builds of the extension.
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "WindowsService")
    theirs = {f.name for f in cls.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")}
    ours = {n for n in vars(win.WindowsService) if not n.startswith("_")}
    assert theirs == ours, (theirs, ours)
    s = win.WindowsService("RpcSs", "Remote Procedure Call (RPC)")
    assert str(s) == "WindowsService(name='RpcSs', display_name='Remote Procedure Call (RPC)')"
    assert s == win.WindowsService("RpcSs", "another display name") and s != win.WindowsService("x", "y")
    assert (s.name(), s.display_name()) == ("RpcSs", "Remote Procedure Call (RPC)")
    for call in (lambda: list(win.win_service_iter()), lambda: win.win_service_get("x"), s.status, s.binpath):
        with pytest.raises(AttributeError, match="winservice_"):
            call()


# --- the public API: psutil_rs.__all__ as psutil's on each platform -----------------------


def psutil_all(psutil_source, platform, crate_dirs):
    """psutil 7.2.2's ``__all__`` on *platform*: its literal list, the platform module's
    ``__extra__all__``, the RLIMIT_* names (FreeBSD), and the names its ``__init__``
    appends under conditions on the platform module (evaluated against that module's
    names as parsed here)."""
    tree = ast.parse(psutil_source["__init__.py"])
    names, _, nodes = psutil_layer(psutil_source[PSUTIL_MODULE[platform]], platform)
    out = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "__all__":
            out += ast.literal_eval(node.value)
    out += ast.literal_eval(nodes["__extra__all__"])
    if platform == "freebsd":
        const = rust_consts(os.path.join(crate_dirs["libc"], "src", "unix", "bsd", "freebsdlike"))
        out += [n for n in _psutil_freebsd_rlimit_names(psutil_source["arch/posix/init.c"]) if n in const.names]
        out.append("RLIM_INFINITY")

    def holds(test):
        if isinstance(test, ast.BoolOp):
            values = [holds(v) for v in test.values]
            return any(values) if isinstance(test.op, ast.Or) else all(values)
        if isinstance(test, ast.Call) and getattr(test.func, "id", None) == "hasattr":
            owner, attr = ast.unparse(test.args[0]), ast.literal_eval(test.args[1])
            if owner == "_psplatform":
                return attr in names
            if owner == "os" and attr == "getloadavg":
                return platform != "windows"
        if isinstance(test, ast.Name):
            return _flags(platform)[test.id]
        raise AssertionError(f"unknown condition in psutil's __init__: {ast.unparse(test)}")

    for node in tree.body:
        if isinstance(node, ast.If):
            # (the RLIMIT_* loop appends a variable: those names are counted above)
            appended = [
                call.args[0].value
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and ast.unparse(call.func) == "__all__.append"
                and isinstance(call.args[0], ast.Constant)
            ]
            if appended and holds(node.test):
                out += appended
    return out


def _all_as_if_on(platform):
    """psutil_rs.__all__ when its package is imported as on *platform*: a subprocess sets
    sys.platform and os.name first, so the package takes that platform's layer (the
    layers read nothing at import)."""
    sys_platform, os_name = {"windows": ("win32", "nt"), "macos": ("darwin", "posix"), "freebsd": ("freebsd14", "posix")}[platform]
    code = (
        "import json, os, sys\n"
        f"sys.platform, os.name = {sys_platform!r}, {os_name!r}\n"
        "import psutil_rs\n"
        "assert psutil_rs._psplatform.__name__ == 'psutil_rs.' + {'win32': '_pswindows', 'darwin': '_psosx'}.get(sys.platform, '_psbsd')\n"
        "print(json.dumps(psutil_rs.__all__))\n"
    )
    import sys

    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd="/")
    assert got.returncode == 0, got.stderr
    return json.loads(got.stdout)


@pytest.mark.parametrize("platform", sorted(LAYERS))
def test_public_names_are_psutils(psutil_source, crate_dirs, platform):
    layer = importlib.import_module(LAYERS[platform])
    # this Linux-built extension carries Linux's RLIMIT_*, which other platforms' builds
    # do not (lib.rs adds them on Linux only): only the layer's own count
    ours = [n for n in _all_as_if_on(platform) if not n.startswith("RLIM") or n in getattr(layer, "RLIMITS", {})]
    expected = psutil_all(psutil_source, platform, crate_dirs)
    assert len(ours) == len(set(ours))
    assert sorted(ours) == sorted(set(expected))
