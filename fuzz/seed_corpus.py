#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the fixture trees (crates/psutil/tests/fixtures) and
from this machine's own /proc and /sys files, read at run time (nothing large is kept in
git). Some targets take a selector byte or a small header before the file's bytes (see
the doc comment of each target); those seeds get it here. Prints the seed count per
target. Usage: seed_corpus.py [CORPUS_DIR]"""

import glob
import hashlib
import os
import re
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "crates", "psutil", "tests", "fixtures")
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
MAX_SEED = 64 * 1024
counts = {}


def add(target, data):
    if data is None:
        return
    data = data[:MAX_SEED]
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        counts[target] = counts.get(target, 0) + 1


def read(path, limit=MAX_SEED):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return None


# Per-pid files: name under /proc/<pid>/ -> target.
PID_FILES = {
    "stat": "pid_stat",
    "status": "pid_status",
    "statm": "pid_statm",
    "cmdline": "pid_cmdline",
    "environ": "pid_environ",
    "smaps": "pid_smaps",
    "smaps_rollup": "pid_smaps_rollup",
    "io": "pid_io",
}
# System files: path below a root -> target.
SYSTEM_FILES = {
    "proc/meminfo": "meminfo",
    "proc/vmstat": "vmstat",
    "proc/zoneinfo": "zoneinfo",
    "proc/stat": "proc_stat",
    "proc/cpuinfo": "cpuinfo",
    "proc/loadavg": "loadavg",
    "proc/diskstats": "diskstats",
    "proc/filesystems": "mounts",
    "proc/self/mounts": "mounts",
    "proc/mounts": "mounts",
    "proc/net/dev": "net_dev",
    "proc/net/unix": "net_unix",
    "sys/devices/system/cpu/online": "cpu_sysfs",
    "sys/devices/system/cpu/possible": "cpu_sysfs",
}
INET = {"tcp": 2, "tcp6": 3, "udp": 0, "udp6": 1}


def seed_tree(root):
    """Every known file below a tree with proc/ and sys/ (a fixture or /)."""
    for rel, target in SYSTEM_FILES.items():
        add(target, read(os.path.join(root, rel)))
    for name, sel in INET.items():
        data = read(os.path.join(root, "proc/net", name))
        if data is not None:
            add("net_inet", bytes([sel]) + data)
    parts = read(os.path.join(root, "proc/partitions"))
    if parts is not None:
        for line in parts.splitlines()[2:6]:
            f = line.split()
            if len(f) == 4 and f[0].isdigit() and f[1].isdigit():
                add("partitions", bytes([int(f[0]) & 255, int(f[1]) & 255]) + parts)
    for pid_dir in sorted(glob.glob(os.path.join(root, "proc/[0-9]*")))[:40]:
        for name, target in PID_FILES.items():
            add(target, read(os.path.join(pid_dir, name)))
        for task in sorted(glob.glob(os.path.join(pid_dir, "task/*/stat")))[:4]:
            add("pid_stat", read(task))
        for fdinfo in sorted(glob.glob(os.path.join(pid_dir, "fdinfo/*")))[:8]:
            add("pid_fdinfo", read(fdinfo))
        for fd in sorted(glob.glob(os.path.join(pid_dir, "fd/*")))[:8]:
            add("fd_link", os.path.basename(fd).encode())
            try:
                add("fd_link", os.fsencode(os.readlink(fd)))
            except OSError:
                pass
    for pattern in ("sys/block/*/stat", "sys/block/*/*/stat"):
        for stat in glob.glob(os.path.join(root, pattern))[:20]:
            add("sys_block_stat", read(stat))
    for uevent in glob.glob(os.path.join(root, "sys/class/block/*/uevent"))[:10]:
        add("partitions", b"\x08\x00" + (read(uevent) or b""))
    cpu = os.path.join(root, "sys/devices/system/cpu")
    for pattern in ("cpufreq/policy*/*_freq", "cpu*/cpufreq/*_freq", "cpu*/topology/*_list", "cpu*/online"):
        for path in glob.glob(os.path.join(cpu, pattern))[:30]:
            add("cpu_sysfs", read(path))
    for pattern in ("sys/class/hwmon/*/*_input", "sys/class/hwmon/*/*_max", "sys/class/hwmon/*/*_crit",
                    "sys/class/hwmon/*/*_label", "sys/class/hwmon/*/device/*_input",
                    "sys/devices/platform/coretemp.*/hwmon/*/temp*", "sys/class/thermal/*/temp",
                    "sys/class/thermal/*/trip_point_*_temp"):
        for path in glob.glob(os.path.join(root, pattern))[:30]:
            add("hwmon", read(path))
    for bat in glob.glob(os.path.join(root, "sys/class/power_supply/*")):
        files = [("energy_now", "charge_now"), ("power_now", "current_now"), ("energy_full", "charge_full"),
                 ("time_to_empty_now",), ("capacity",), None, ("status",)]
        mask, texts = 0, []
        for i, names in enumerate(files):
            if names is None:
                names = ("../AC0/online", "../AC/online")
            text = next((t for t in (read(os.path.join(bat, n)) for n in names) if t is not None), None)
            if text is not None:
                mask |= 1 << i
            texts.append(text or b"")
        add("power_supply", bytes([mask]) + b"\0".join(texts))


def utmp_record(ut_type, pid, line, user, host, sec):
    # glibc x86_64 `struct utmpx`: 384 bytes.
    return struct.pack("<hxxi32s4s32s256shhiii16s20x", ut_type, pid, line, b"ts/0", user, host, 0, 0, 0,
                       sec, 0, b"")


def seed_utmp():
    add("utmp", utmp_record(7, 1234, b"pts/0", b"alice", b"", 1700000000)
        + utmp_record(7, 99, b"tty1", b"root", b":0", 1700000100)
        + utmp_record(8, 5, b"", b"", b"", 0))
    add("utmp", utmp_record(7, -1, b"", b"bob", b"example.org", -5))
    for path in ("/var/run/utmp", "/var/run/utmpx", "/var/log/wtmp"):
        data = read(path, 384 * 16)
        if data:
            add("utmp", data)


def seed_sock_diag():
    """Real dump replies from this machine's kernel (what the library parses), plus a
    hand-built one with a socket of each family."""
    def msg(ty, seq, payload):
        return struct.pack("=IHHII", 16 + len(payload), ty, 2, seq, 0) + payload

    def diag(family, state, lport, laddr, inode):
        p = bytearray(72)
        p[0], p[1] = family, state
        p[4:6] = struct.pack(">H", lport)
        p[8:8 + len(laddr)] = laddr
        p[68:72] = struct.pack("=I", inode)
        return bytes(p)

    built = msg(20, 7, diag(2, 10, 22, bytes([127, 0, 0, 1]), 1234)) \
        + msg(20, 7, diag(10, 1, 443, bytes(15) + b"\x01", 99)) + msg(3, 7, struct.pack("=i", 0))
    add("sock_diag", b"\x01" + built)
    add("sock_diag", b"\x00" + built)
    add("sock_diag", b"\x01" + msg(2, 7, struct.pack("=i", -22)))
    if not hasattr(socket, "AF_NETLINK"):
        return
    for proto, family, tcp in ((6, 2, 1), (6, 10, 1), (17, 2, 0), (17, 10, 0)):
        try:
            s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)  # NETLINK_SOCK_DIAG
        except OSError:
            return
        with s:
            req = struct.pack("=BBBxI", family, proto, 0, 0x1ffe) + bytes(48)
            s.sendto(struct.pack("=IHHII", 16 + len(req), 20, 0x301, 7, 0) + req, (0, 0))
            s.settimeout(2)
            for _ in range(4):
                try:
                    reply = s.recv(65536)
                except OSError:
                    break
                add("sock_diag", bytes([tcp | 2]) + reply)
                if struct.unpack_from("=H", reply, 4)[0] == 3:
                    break


# Inputs that once failed a target (see docs/reliability.md), kept as seeds.
for path in sorted(glob.glob(os.path.join(HERE, "regressions", "*", "*"))):
    add(os.path.basename(os.path.dirname(path)), read(path))
for fixture in sorted(glob.glob(os.path.join(FIXTURES, "*"))):
    seed_tree(fixture)
seed_tree("/")
seed_utmp()
seed_sock_diag()
for target in sorted(counts):
    print(f"{target}: {counts[target]} new seeds")
