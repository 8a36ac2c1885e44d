"""Checks an installed psutil_rs wheel from outside the source tree (scripts/test.d/58-wheels.sh).

Run with the interpreter of a venv that has only the wheel installed:
  python tests/wheels/check_installed.py
or, for a wheel unpacked into DIR (an interpreter of another architecture under qemu):
  PSUTIL_RS_WHEEL_DIR=DIR PYTHONPATH=DIR python tests/wheels/check_installed.py
It fails (non-zero exit) unless:
  - psutil_rs and its extension load from that venv's site-packages (or DIR), not the
    checkout;
  - heap_info() still uses glibc's mallinfo2 when the wheel was linked for glibc 2.17
    (mallinfo2 appeared in glibc 2.33 and is looked up at run time): a 5 GiB block from
    malloc must show in mmap_used in full, which the int fields of the old mallinfo()
    (the fallback for glibc < 2.33) cannot hold;
  - a few values agree with the kernel's files read here.
"""

import ctypes
import os
import platform
import sys
import sysconfig

import psutil_rs

GIB = 1 << 30


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        check.failed = True


check.failed = False

site = os.path.realpath(os.environ.get("PSUTIL_RS_WHEEL_DIR") or sysconfig.get_paths()["platlib"])
ext = os.path.realpath(psutil_rs._psutil_rs.__file__)
check(os.path.realpath(psutil_rs.__file__).startswith(site + os.sep), f"psutil_rs from {site}")
check(ext.startswith(site + os.sep), f"extension {os.path.basename(ext)} from {site}")

libc_name, libc_version = platform.libc_ver()
if libc_name == "glibc" and tuple(int(x) for x in libc_version.split(".")[:2]) >= (2, 33):
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = psutil_rs.heap_info().mmap_used
    # Above glibc's mmap threshold, so mapped, not touched: costs no memory.
    block = libc.malloc(5 * GIB)
    check(bool(block), "malloc(5 GiB)")
    during = psutil_rs.heap_info().mmap_used
    libc.free(block)
    after = psutil_rs.heap_info().mmap_used
    check(during - before >= 5 * GIB,
          f"heap_info() sees the 5 GiB block through mallinfo2 (mmap_used {before} -> {during} -> {after})")
    check(after < during, "and sees it freed")
else:
    print(f"note: {libc_name} {libc_version} has no mallinfo2; the heap_info check is skipped")

with open("/proc/meminfo") as f:
    fields = dict(line.split(":", 1) for line in f)
mem_total = int(fields["MemTotal"].split()[0]) * 1024
check(psutil_rs.virtual_memory().total == mem_total, f"virtual_memory().total == MemTotal ({mem_total})")
check(psutil_rs.Process().exe() == os.path.realpath(sys.executable),
      "Process().exe() == the interpreter running this")
print(f"note: {platform.machine()}, {libc_name} {libc_version}, psutil_rs from {ext}")
check(psutil_rs.cpu_count() == os.cpu_count(), f"cpu_count() == os.cpu_count() ({os.cpu_count()})")

sys.exit(1 if check.failed else 0)
