#!/usr/bin/env python3
"""Scrape speed: `psutil exporter` vs Debian's prometheus-node-exporter (the same
collectors) and vs prometheus-process-exporter (process groups by comm), at idle and with
1,000 extra processes, on loopback, interleaved in rounds so both see the same machine.

Usage: cargo build --release -p psutil-cli && python3 bench/exporter/bench.py [--rounds 5 --scrapes 20]
Prints a Markdown table (median and p90 scrape latency in ms, response size) for
docs/performance.md. Every server and process started here is killed before it ends.
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "target", "release", "psutil")
# The default collectors both exporters have (node_exporter 1.5 has no kernel_hung).
COLLECTORS = ["arp", "conntrack", "cpu", "cpufreq", "diskstats", "entropy", "filefd", "filesystem", "hwmon",
              "loadavg", "meminfo", "netclass", "netdev", "netstat", "powersupplyclass", "pressure", "sockstat",
              "softnet", "stat", "textfile", "thermal_zone", "time", "timex", "udp_queues", "uname", "vmstat"]
started = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv, port):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started.append(p)
    for _ in range(150):
        try:
            scrape(http.client.HTTPConnection("127.0.0.1", port, timeout=30))
            return p
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{argv[0]} did not come up")


def scrape(conn):
    conn.request("GET", "/metrics")
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"status {r.status}")
    return len(body)


def timed(port, n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out, size = [], 0
    for _ in range(n):
        t0 = time.perf_counter()
        size = scrape(conn)
        out.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return out, size


def compare(label, a_name, a_port, b_name, b_port, rounds, n):
    times = {a_name: [], b_name: []}
    sizes = {}
    for r in range(rounds):
        order = [(a_name, a_port), (b_name, b_port)] if r % 2 == 0 else [(b_name, b_port), (a_name, a_port)]
        for name, port in order:
            t, sizes[name] = timed(port, n)
            times[name] += t
    rows = []
    for name in (a_name, b_name):
        t = sorted(times[name])
        rows.append(f"| {label} | {name} | {statistics.median(t):.2f} | {t[int(0.9 * len(t))]:.2f} | {sizes[name] / 1024:.1f} |")
    ratio = statistics.median(times[b_name]) / statistics.median(times[a_name])
    rows.append(f"| {label} | **{b_name} / {a_name}** | **{ratio:.2f}x** | | |")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scrapes", type=int, default=20)
    ap.add_argument("--extra", type=int, default=1000)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="psutil-exporter-bench-")
    config = os.path.join(work, "all.yml")
    with open(config, "w") as f:
        f.write("process_names:\n  - name: '{{.Comm}}'\n    cmdline: ['.+']\n")
    sleepers = []
    try:
        ports = {k: free_port() for k in ("ne", "ours", "pe", "groups")}
        start(["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{ports['ne']}", "--web.disable-exporter-metrics",
               "--collector.disable-defaults", *[f"--collector.{c}" for c in COLLECTORS]], ports["ne"])
        start([OURS, "exporter", "--listen", f"127.0.0.1:{ports['ours']}", "--collectors", ",".join(COLLECTORS)], ports["ours"])
        start(["prometheus-process-exporter", f"-web.listen-address=127.0.0.1:{ports['pe']}", f"-config.path={config}",
               "-threads=false", "-children=false"], ports["pe"])
        start([OURS, "exporter", "--listen", f"127.0.0.1:{ports['groups']}", "--collectors", "namedprocess",
               "--process-config", config], ports["groups"])
        rows = ["| load | exporter | median ms | p90 ms | KiB |", "|---|---|---:|---:|---:|"]
        for phase in ("idle", f"+{args.extra} processes"):
            if phase != "idle":
                sleepers = [subprocess.Popen(["sleep", "900"]) for _ in range(args.extra)]
                time.sleep(1)
            nprocs = len(os.listdir("/proc")) - len([d for d in os.listdir("/proc") if not d.isdigit()])
            label = f"{phase} ({nprocs} pids)"
            rows += compare(label, "node_exporter 1.5", ports["ne"], "psutil exporter (system)", ports["ours"], args.rounds, args.scrapes)
            rows += compare(label, "process-exporter 0.7.10", ports["pe"], "psutil exporter (namedprocess)", ports["groups"],
                            args.rounds, max(3, args.scrapes // 4))
        print("\n".join(rows))
    finally:
        for p in sleepers + started:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
