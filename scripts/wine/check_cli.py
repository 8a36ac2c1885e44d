#!/usr/bin/env python3
"""Checks the `psutil` CLI built for Windows, run under Wine, against the Linux host:
`free --json` total = host /proc/meminfo MemTotal (within a page), `df --json` C: total =
host `df` of the prefix's drive_c, `ps --json` lists the psutil.exe that printed it with
the command line it was given, `winservices --json` gives each service the state Wine's
`sc.exe query NAME` prints, and each running service's pid is a process of `ps --json`
named as its binpath's executable (ps runs after winservices; services do not exit), and
the table lists the same services. Usage: check_cli.py DIR (free.json, df.json, ps.json,
winservices.json, winservices.txt, df_c.txt written by the step; sc.exe is run here
through `wine`, in the step's WINEPREFIX)."""
import json
import subprocess
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


def sc_state(name):
    """The STATE word of Wine's `sc query NAME`, lower-cased (None if sc cannot open it)."""
    out = subprocess.run(["wine", "sc.exe", "query", name], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=60).stdout
    for line in out.splitlines():
        if line.strip().startswith("STATE"):
            return line.split(":", 1)[1].split()[1].lower()
    return None


def exe_name(binpath):
    return binpath.strip('"').split(".exe")[0].replace("/", "\\").split("\\")[-1].lower() + ".exe"


services = json.loads((d / "winservices.json").read_text())
check(len(services) > 0, f"winservices: {len(services)} services listed")
by_pid = {p["pid"]: p for p in ps}
for s in services:
    state = sc_state(s["name"])
    check(state == s["status"], f"winservices: {s['name']} status {s['status']} = sc query {state}")
    if s["pid"] is not None:
        proc = by_pid.get(s["pid"])
        check(proc is not None and proc["name"].lower() == exe_name(s["binpath"]),
              f"winservices: {s['name']} pid {s['pid']} is {exe_name(s['binpath'])} in ps ({proc and proc['name']})")
check(any(s["pid"] is not None for s in services), "winservices: some service runs (pid checked)")
text = (d / "winservices.txt").read_text()
blocks = [b for b in text.split("\n\n") if b.strip()]
check(len(blocks) == len(services), f"winservices table: {len(blocks)} blocks for {len(services)} services")
check(all(f"'{s['name']}' ('{s['display_name']}')\nstatus: {s['status']}, start: {s['start_type']}" in text
          for s in services), "winservices table: each service's name, display name, status and start type")
sys.exit(1 if failures else 0)
