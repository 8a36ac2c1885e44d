"""POSIX helpers: waiting for a pid, and psutil's ``Negsignal`` enum.

The wait itself (pidfd_open + poll, with a waitpid polling fallback) runs in Rust
with the GIL released.
"""

import enum
import os
import signal
import time

from . import _psutil_rs as cext
from ._common import TimeoutExpired

__all__ = ["Negsignal", "negsig_to_enum", "pid_exists", "wait_pid"]

# A child killed by signal N reports -N; as an IntEnum it prints as the signal's name.
Negsignal = enum.IntEnum("Negsignal", [(s.name, -s.value) for s in signal.Signals])


def negsig_to_enum(code):
    """Negsignal member for a negated signal number (unknown numbers pass through)."""
    try:
        return Negsignal(code)
    except ValueError:
        return code


def pid_exists(pid):
    """True if kill(pid, 0) finds the pid (also for a thread id). An error other than
    ESRCH or EPERM is raised, as psutil raises it."""
    if pid == 0:
        # kill(0, sig) means the caller's process group: pid 0 exists where it is asked
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_pid(pid, timeout=None):
    """Wait for *pid* to end. A child's exit code, or the negated signal that killed it
    (a Negsignal); None for a pid that is not our child (once it is gone) or does not
    exist. *timeout* (seconds; 0 = just check) expiring raises TimeoutExpired."""
    if pid <= 0:
        raise ValueError(f"can't wait for PID {pid}")
    started = time.monotonic()
    code = cext.wait_pid(pid, timeout)
    if code is None:
        # Not our child: it has ended, but until its parent (or init) reaps it the pid
        # still exists; like psutil, return only once it is gone.
        _until_gone(pid, timeout, started)
        return None
    return negsig_to_enum(code) if code < 0 else code


def _until_gone(pid, timeout, started):
    pause = 0.0001
    while pid_exists(pid):
        if timeout is not None and time.monotonic() - started >= timeout:
            raise TimeoutExpired(timeout, pid)
        time.sleep(pause)
        pause = min(pause * 2, 0.04)
