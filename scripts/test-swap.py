#!/usr/bin/env python3
"""Swap in use, for the tests of swap_memory() and of a process's swap.

A CI machine has no swap, so swap_memory() and `free` agree on zeros, and every process's
swap is 0 in both psutil and psutil_rs. The steps that compare them (40-cargo-test,
60-python) turn swap on for their run and start a holder process whose 16 MiB of private
memory the kernel has written out to it (madvise(2) MADV_PAGEOUT):

    eval "$(python3 scripts/test-swap.py on)"   # exports PSUTIL_RS_TEST_SWAP_PID
    python3 scripts/test-swap.py off

`on` makes a 64 MiB swap file when the machine has no swap (mkswap, swapon), and checks
the holder's `VmSwap:` before it reports the holder. Without root or where the kernel
refuses, it says so on stderr, exports nothing and exits 0. `off` stops the holder and
removes the swap file that `on` made.
"""

import argparse
import mmap
import os
import shlex
import signal
import subprocess
import sys
import time

SWAPFILE = "/var/tmp/psutil-rs-test.swap"
STATE = "/var/tmp/psutil-rs-test-swap.holder"  # the holder's pid
SWAP_MB = 64
HOLD_MB = 16
MADV_PAGEOUT = 21  # linux/mman.h; not every Python build names it (this 3.11 does not)


def note(msg):
    print(f"test-swap: {msg}", file=sys.stderr)


def active_swaps():
    with open("/proc/swaps") as f:
        return [line.split()[0] for line in f.readlines()[1:] if line.strip()]


def make_swapfile():
    """Why swap could not be turned on, or None."""
    subprocess.run(["dd", "if=/dev/zero", f"of={SWAPFILE}", "bs=1M", f"count={SWAP_MB}", "status=none"], check=True)
    os.chmod(SWAPFILE, 0o600)
    for cmd in (["mkswap", SWAPFILE], ["swapon", SWAPFILE]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            os.unlink(SWAPFILE)
            return f"{' '.join(cmd)}: {r.stderr.strip()}"
    return None


def vm_swap_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmSwap:"):
                return int(line.split()[1])
    return 0


def alive(pid):
    """Whether pid is there and not a zombie (the orphaned holder is init's to reap)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def hold(ready_fd):
    """The holder: page out HOLD_MB of written private memory, report, then wait."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    # No inherited descriptor (a test run's output pipe) may outlive the step in here.
    os.closerange(3, ready_fd)
    os.closerange(ready_fd + 1, os.sysconf("SC_OPEN_MAX"))
    area = mmap.mmap(-1, HOLD_MB << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    area.write(os.urandom(1 << 20) * HOLD_MB)
    area.madvise(MADV_PAGEOUT)
    os.write(ready_fd, b"1")
    os.close(ready_fd)
    while True:
        signal.pause()


def turn_on():
    if os.geteuid() != 0:
        note("NOT turning swap on (not root); swap tests compare this machine's swap only")
        return 0
    if not active_swaps():
        why = make_swapfile()
        if why:
            note(f"NOT turning swap on ({why}); swap tests compare zeros")
            return 0
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            hold(w)
        finally:
            os._exit(1)
    os.close(w)
    ready = os.read(r, 1)
    os.close(r)
    with open(STATE, "w") as f:
        f.write(str(pid))
    deadline = time.monotonic() + 10
    while ready and vm_swap_kib(pid) < (HOLD_MB << 10) // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    swapped = vm_swap_kib(pid) if ready else 0
    if swapped < (HOLD_MB << 10) // 2:
        turn_off()
        raise SystemExit(f"test-swap: the holder has {swapped} KiB swapped out, not the {HOLD_MB} MiB it paged out")
    print(f"export PSUTIL_RS_TEST_SWAP_PID={shlex.quote(str(pid))}")
    note(f"swap on ({', '.join(active_swaps())}); holder {pid} has {swapped} KiB swapped out")
    return 0


def turn_off():
    if os.geteuid() != 0:
        return 0
    try:
        with open(STATE) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass
    else:
        deadline = time.monotonic() + 5
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
    if os.path.exists(STATE):
        os.unlink(STATE)
    if SWAPFILE in active_swaps():
        subprocess.run(["swapoff", SWAPFILE], check=False)
    if os.path.exists(SWAPFILE):
        os.unlink(SWAPFILE)
        note(f"swap off, {SWAPFILE} removed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["on", "off"])
    args = ap.parse_args()
    return turn_on() if args.action == "on" else turn_off()


if __name__ == "__main__":
    sys.exit(main())
