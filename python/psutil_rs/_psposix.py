"""POSIX helpers of psutil_rs (psutil's ``_psposix``): waiting for a pid.

The wait itself (pidfd_open + poll, with a waitpid polling fallback) runs in Rust with
the GIL released; this module only turns a signal death into psutil's ``Negsignal``.
"""

import enum
import signal

from . import _psutil_rs as cext

__all__ = ['pid_exists', 'wait_pid', 'Negsignal', 'negsig_to_enum']

Negsignal = enum.IntEnum(
    'Negsignal', {x.name: -x.value for x in signal.Signals}
)


def negsig_to_enum(num):
    """Convert a negative signal value to an enum."""
    try:
        return Negsignal(num)
    except ValueError:
        return num


def pid_exists(pid):
    """Check whether pid exists in the current process table (kill(pid, 0))."""
    return cext.posix_pid_exists(pid)


def wait_pid(pid, timeout=None):
    """Wait for a process PID to terminate.

    Returns the exit code of a child that exited, the negated signal (a
    ``Negsignal`` member) of a child killed by a signal, and None for a pid
    that is not a child of this process (after it is gone) or does not exist.
    Raises TimeoutExpired when timeout (seconds, 0 = do not block) expires.
    """
    assert pid > 0
    if timeout is not None:
        assert timeout >= 0
    ret = cext.wait_pid(pid, timeout)
    if ret is not None and ret < 0:
        return negsig_to_enum(ret)
    return ret
