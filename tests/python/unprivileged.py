"""Running a script of tests/python/hostile/ as the unprivileged user ``nobody``, with
psutil 7.2.2 and psutil_rs importable.

CI runs as root from a fresh clone, where the venv may sit under a 0700 directory
(/root): the two packages are copied to a fresh temporary directory that every user
may read, and the base interpreter (``realpath(sys.executable)``, else a system python3) runs the script with
that directory as ``PYTHONPATH``. What cannot be arranged is a loud skip, never a
silent one: not root, no ``setpriv``/``unshare``, or an interpreter ``nobody`` cannot
run.
"""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

import pytest

import psutil
import psutil_rs

# Interpreters tried after this one, for when nobody cannot run it.
INTERPRETERS = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
HOSTILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")


def _loud_skip(why):
    sys.stderr.write(f"\n!!! SKIPPED hostile-system test: {why}\n")
    pytest.skip(f"!!! {why}")


def _readable_copy(src, dst):
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    for top, dirs, files in os.walk(dst):
        os.chmod(top, 0o755)
        for f in files:
            os.chmod(os.path.join(top, f), 0o755 if f.endswith(".so") else 0o644)


class Nobody:
    """A temporary directory readable by every user holding psutil, psutil_rs and the
    hostile scripts; ``run`` executes one of them as ``nobody``."""

    def __init__(self):
        if os.geteuid() != 0:
            _loud_skip("needs root (to mount procfs and to switch to nobody); CI runs as root")
        if shutil.which("setpriv") is None:
            _loud_skip("setpriv (util-linux) is not installed")
        try:
            self.user = pwd.getpwnam("nobody")
        except KeyError:
            _loud_skip("no user 'nobody' on this machine")
        self.dir = tempfile.mkdtemp(prefix="psutil-rs-nobody-")
        os.chmod(self.dir, 0o755)
        for mod in (psutil, psutil_rs):
            _readable_copy(os.path.dirname(mod.__file__), os.path.join(self.dir, mod.__name__))
        _readable_copy(HOSTILE, os.path.join(self.dir, "hostile"))
        # Both packages are abi3 wheels: any CPython >= 3.9 that nobody may run will do
        # (this one may live under /root, e.g. pyenv's).
        tried = []
        for python in dict.fromkeys([os.path.realpath(sys.executable), *INTERPRETERS]):
            self.python = python
            probe = self._command(["-c", "import psutil, psutil_rs; print(psutil.__version__)"])
            r = subprocess.run(probe, capture_output=True, text=True, cwd=self.dir, timeout=60)
            if r.returncode == 0 and r.stdout.strip() == "7.2.2":
                return
            tried.append(f"{python}: {r.stderr.strip()[-300:]}")
        self.close()
        _loud_skip("no Python interpreter that nobody may run imports the copied packages: " + "; ".join(tried))

    def _command(self, args, prefix=()):
        ids = [f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups"]
        env = ["env", "-i", f"PYTHONPATH={self.dir}", "PATH=/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE=1"]
        return [*prefix, "setpriv", *ids, "--", *env, self.python, "-s", *args]

    def run_json(self, script, args=(), prefix=(), timeout=600):
        """Runs hostile/<script> as nobody (after *prefix*, e.g. an unshare wrapper) and
        returns the JSON object it prints."""
        cmd = self._command([os.path.join(self.dir, "hostile", script), *args], prefix)
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir, timeout=timeout)
        assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stderr[-3000:]}"
        return json.loads(r.stdout)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)
