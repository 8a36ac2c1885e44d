#!/usr/bin/env python3
"""Checks the `psutil` CLI built for Windows, run under Wine, against the Linux host:
`free --json` total = host /proc/meminfo MemTotal (within a page), `df --json` C: total =
host `df` of the prefix's drive_c, `ps --json` lists the psutil.exe that printed it with
the command line it was given. Usage: check_cli.py DIR (free.json, df.json, ps.json,
df_c.txt written by the step)."""
import json
import sys
from pathlib import Path

d = Path(sys.argv[1])
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


free = json.loads((d / "free.json").read_text())
mem_total = next(int(l.split()[1]) * 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
total = free["virtual_memory"]["total"]
check(abs(total - mem_total) <= 4096, f"free: total {total} = host MemTotal {mem_total} (within a page)")
check(free["swap_memory"] is None, "free: swap null under Wine 8 (no paging-file information)")

df = json.loads((d / "df.json").read_text())
host_size = int((d / "df_c.txt").read_text().split()[-2])
c = next((p for p in df if p["mountpoint"] == "C:\\"), None)
check(c is not None and c["total"] == host_size, f"df: C: total {c and c['total']} = host df {host_size}")

ps = json.loads((d / "ps.json").read_text())
me = [p for p in ps if p["name"].lower() == "psutil.exe"]
check(len(me) == 1, f"ps: one psutil.exe row ({len(me)})")
check(bool(me) and me[0]["command"].endswith("psutil.exe ps --json"), f"ps: its command {me and me[0]['command']}")
check(bool(me) and me[0]["status"] == "running" and me[0]["pid"] > 0, "ps: running, pid > 0")
sys.exit(1 if failures else 0)
