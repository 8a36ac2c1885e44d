#!/usr/bin/env python3
"""Two login records in the system's utmp file, for the tests of users().

A CI machine has no logged-in user, so users() and `who` agree on an empty list and a
test comparing them cannot fail. The steps that compare users() with `who` and with
psutil (40-cargo-test, 60-python) open two records for their run, the way login(1) and
a display manager do (glibc's pututxline(3)), and close them at the end:

    eval "$(python3 scripts/test-login.py open --pid $$)"   # exports PSUTIL_RS_TEST_LOGINS
    python3 scripts/test-login.py close

PSUTIL_RS_TEST_LOGINS lists the records as psutil reports them ("name,terminal,host,pid,
started", separated by ";"): the host ":0" of a display login is psutil's "localhost".
`open` checks the records with `who -u` before it reports them. Without root, or on a
machine whose utmp layout this script does not know, it says so on stderr, exports
nothing, and exits 0: the users() tests then compare the machine's own records.
`close` marks the records dead (as logout does) and removes the utmp file if `open`
created it.
"""

import argparse
import ctypes
import ctypes.util
import os
import platform
import shlex
import subprocess
import sys
import time

UTMP = "/var/run/utmp"  # glibc's _PATH_UTMP
CREATED_MARK = "/var/run/psutil-rs-test-login.created"
USER_PROCESS = 7
DEAD_PROCESS = 8
# (ut_id, user, line, host as written, host as psutil reports it)
RECORDS = [
    (b"pr97", "psutil-rs-test", "pts/97", "203.0.113.7", "203.0.113.7"),
    (b"pr98", "psutil-rs-x11", "pts/98", ":0", "localhost"),
]


class ExitStatus(ctypes.Structure):
    _fields_ = [("e_termination", ctypes.c_short), ("e_exit", ctypes.c_short)]


class TimeVal32(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_int32), ("tv_usec", ctypes.c_int32)]


class Utmpx(ctypes.Structure):
    """glibc's struct utmpx on x86_64 (__WORDSIZE_TIME64_COMPAT32: 32-bit session and time)."""

    _fields_ = [
        ("ut_type", ctypes.c_short),
        ("ut_pid", ctypes.c_int32),
        ("ut_line", ctypes.c_char * 32),
        ("ut_id", ctypes.c_char * 4),
        ("ut_user", ctypes.c_char * 32),
        ("ut_host", ctypes.c_char * 256),
        ("ut_exit", ExitStatus),
        ("ut_session", ctypes.c_int32),
        ("ut_tv", TimeVal32),
        ("ut_addr_v6", ctypes.c_int32 * 4),
        ("reserved", ctypes.c_char * 20),
    ]


def note(msg):
    print(f"test-login: {msg}", file=sys.stderr)


def libc():
    lib = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    lib.pututxline.restype = ctypes.POINTER(Utmpx)
    lib.pututxline.argtypes = [ctypes.POINTER(Utmpx)]
    return lib


def usable():
    """Why the records cannot be written here, or None."""
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        return f"the utmp layout of {platform.system()}/{platform.machine()} is not known to this script"
    if ctypes.sizeof(Utmpx) != 384:
        return f"struct utmpx is {ctypes.sizeof(Utmpx)} bytes here, not glibc's 384"
    if os.geteuid() != 0:
        return "not root: cannot write the utmp file"
    return None


def put(lib, record):
    lib.setutxent()
    ok = lib.pututxline(ctypes.byref(record))
    err = ctypes.get_errno()
    lib.endutxent()
    if not ok:
        raise OSError(err, f"pututxline: {os.strerror(err)}")


def who_rows():
    """(name, line, pid, comment) of each row of `who -u`."""
    rows = []
    for line in subprocess.run(["who", "-u"], capture_output=True, text=True, check=True).stdout.splitlines():
        f = line.split()
        if len(f) >= 2:
            rows.append((f[0], f[1], f[-2], f[-1]))
    return rows


def open_records(pid):
    why = usable()
    if why:
        note(f"NOT opening test logins ({why}); users() tests compare this machine's records only")
        return 0
    if not os.path.exists(UTMP):
        fd = os.open(UTMP, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o664)
        os.close(fd)
        os.chmod(UTMP, 0o664)
        with open(CREATED_MARK, "w"):
            pass
    lib = libc()
    now = time.time()
    reported = []
    for ut_id, user, line, host, shown_host in RECORDS:
        r = Utmpx()
        r.ut_type = USER_PROCESS
        r.ut_pid = pid
        r.ut_line = line.encode()
        r.ut_id = ut_id
        r.ut_user = user.encode()
        r.ut_host = host.encode()
        r.ut_session = pid
        r.ut_tv.tv_sec = int(now)
        r.ut_tv.tv_usec = int((now % 1) * 1e6)
        put(lib, r)
        reported.append(f"{user},{line},{shown_host},{pid},{int(now)}")
    rows = who_rows()
    for _, user, line, host, _ in RECORDS:
        if (user, line, str(pid), f"({host})") not in rows:
            close_records()
            raise SystemExit(f"test-login: `who -u` does not show {user} on {line} (pid {pid}): {rows}")
    print(f"export PSUTIL_RS_TEST_LOGINS={shlex.quote(';'.join(reported))}")
    note(f"opened {len(RECORDS)} test logins in {UTMP} for pid {pid}")
    return 0


def close_records():
    if usable():
        return 0
    if os.path.exists(CREATED_MARK):
        for path in (UTMP, CREATED_MARK):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        note(f"removed {UTMP} (made by open)")
        return 0
    if not os.path.exists(UTMP):
        return 0
    lib = libc()
    for ut_id, _, line, _, _ in RECORDS:
        r = Utmpx()
        r.ut_type = DEAD_PROCESS
        r.ut_id = ut_id
        r.ut_line = line.encode()
        r.ut_tv.tv_sec = int(time.time())
        put(lib, r)
    note(f"closed the test logins in {UTMP}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    op = sub.add_parser("open", help="write the records; print the export line for the shell")
    op.add_argument("--pid", type=int, required=True, help="the session's process (alive while the tests run)")
    sub.add_parser("close", help="mark the records dead")
    args = ap.parse_args()
    return open_records(args.pid) if args.cmd == "open" else close_records()


if __name__ == "__main__":
    sys.exit(main())
