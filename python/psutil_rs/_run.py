"""``python -m psutil_rs run ...``: runs an installed application with psutil_rs in
place of psutil (see ``psutil_rs.install()``), without editing it.

    python -m psutil_rs run APP [ARGS...]         a console-script entry point
    python -m psutil_rs run -m MODULE [ARGS...]   a module, as ``python -m MODULE``
    python -m psutil_rs run PATH.py [ARGS...]     a script file

APP is looked up among the console scripts of the environment this interpreter runs
in (``importlib.metadata``), so run it with the interpreter of the application's
environment (``/path/to/venv/bin/python -m psutil_rs run glances ...``).
"""

import importlib.metadata
import os
import runpy
import sys

from ._install import install

USAGE = """usage: python -m psutil_rs run APP [ARGS...]
       python -m psutil_rs run -m MODULE [ARGS...]
       python -m psutil_rs run SCRIPT.py [ARGS...]
Runs APP (a console-script entry point of this Python environment), MODULE or SCRIPT
with every `import psutil` answered by psutil_rs."""


def _console_script(name):
    """The entry point of the console script *name* in this environment, or None."""
    found = importlib.metadata.entry_points(group="console_scripts", name=name)
    return next(iter(found), None)


def run(argv):
    """Runs the application that *argv* (the words after ``run``) names; returns its
    exit status (an int, or what its entry point returned, for ``sys.exit``)."""
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    install()
    if argv[0] == "-m":
        if len(argv) < 2:
            print(USAGE, file=sys.stderr)
            return 2
        sys.argv = [argv[1]] + argv[2:]  # runpy puts the module's path in argv[0]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return 0
    entry = _console_script(argv[0])
    if entry is not None:
        sys.argv = [argv[0]] + argv[1:]
        return entry.load()()
    if os.path.isfile(argv[0]):
        sys.argv = list(argv)
        runpy.run_path(argv[0], run_name="__main__")
        return 0
    print(
        f"psutil_rs run: {argv[0]!r} is neither a console script of this Python "
        f"environment ({sys.prefix}) nor a file",
        file=sys.stderr,
    )
    return 2
