#!/usr/bin/env python3
"""Live checks of `psutil exporter` against independent programs, all on loopback:

  node       side by side with Debian's prometheus-node-exporter: scrape it, ours, it
             again; every dashboard metric it exports must be in ours with the same
             labels; constants equal, counters and gauges bracketed (tolerances below)
  promtool   `promtool check metrics` on a live scrape (node_exporter's legacy-name
             exceptions: node_(entropy|memory|netstat|wifi_station)_)
  openmetrics the Python prometheus-client parser reads our OpenMetrics output
  prometheus a real Prometheus server scrapes us every second; its API answers
             node_memory_MemTotal_bytes and rate(node_cpu_seconds_total[1m]) as the
             library (the `psutil` CLI) says, and node_uname_info is this host
  process    side by side with Debian's prometheus-process-exporter for a group of
             processes this script spawns
  load       N concurrent scrapers for S seconds: no failed scrape, memory flat,
             latency recorded

Every server started here is killed (by pid) before the script ends. Prints one
PASS/FAIL line per check and a closing "N passed, N failed" line; exits 1 on a failure.
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DASHBOARD = os.path.join(ROOT, "crates/psutil-cli/tests/exporter/dashboard-metrics.txt")
LEGACY = re.compile(r"^node_(entropy|memory|netstat|wifi_station)_")

results = []
children = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv, port, path="/metrics", wait=15.0):
    # stderr goes to a file: a pipe nobody reads fills up and blocks the writer.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)
    proc.log = log
    children.append(proc)
    deadline = time.time() + wait
    while time.time() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{argv[0]} exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            fetch(port, path)
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{argv[0]} did not answer on port {port}")


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fetch(port, path="/metrics", accept=None, timeout=30):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.read().decode(), r.headers.get("Content-Type", "")


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{name: {labels(frozenset): value}} and {name: type} of a text 0.0.4 scrape."""
    samples, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(None, 3)
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            continue
        labels = frozenset(LABEL.findall(m.group(3) or ""))
        samples.setdefault(m.group(1), {})[labels] = float(m.group(4))
    return samples, types


# Debian's node_exporter reads its textfile collector's files here; ours is pointed there too.
TEXTFILE_DIR = "/var/lib/prometheus/node-exporter"


def ours_cmd(port, *extra):
    argv = [os.path.join(ROOT, "target", os.environ.get("PROFILE", "debug"), "psutil"), "exporter", "--listen", f"127.0.0.1:{port}"]
    if os.path.isdir(TEXTFILE_DIR) and not any(e in ("namedprocess",) for e in extra):
        argv += ["--textfile-directory", TEXTFILE_DIR]
    return argv + list(extra)


# Gauges that move between scrapes by more than the two node_exporter scrapes bracket
# (they follow what this very test does), with the absolute slack allowed and why.
TOLERANCE = {
    "node_procs_running": (4, "runnable tasks change with the scrapes themselves"),
    "node_procs_blocked": (4, "tasks in D state come and go"),
    "node_filefd_allocated": (64, "each exporter's own sockets and files"),
    "node_sockstat_sockets_used": (16, "the scrapes' own sockets"),
    "node_sockstat_TCP_alloc": (16, "the scrapes' own sockets"),
    "node_sockstat_TCP_inuse": (16, "the scrapes' own sockets"),
    "node_sockstat_TCP_tw": (32, "closed scrape connections linger in TIME_WAIT"),
    "node_sockstat_TCP_mem": (64, "socket buffers of the scrapes (pages)"),
    "node_sockstat_TCP_mem_bytes": (64 * 4096, "socket buffers of the scrapes"),
    "node_netstat_Tcp_CurrEstab": (8, "the scrapes' own connections"),
    "node_entropy_available_bits": (256, "the pool is drawn and refilled"),
    "node_timex_maxerror_seconds": (0.01, "grows by 500 ppm between reads"),
    "node_processes_pids": (40, "other builds start and end processes between the scrapes"),
    "node_processes_threads": (400, "other builds start and end threads between the scrapes"),
    "node_processes_state": (40, "processes change state between the scrapes"),
    "node_filesystem_avail_bytes": (256 << 20, "builds and tests on this machine write to the disk meanwhile"),
    "node_filesystem_free_bytes": (256 << 20, "builds and tests on this machine write to the disk meanwhile"),
    "node_filesystem_files_free": (20000, "builds and tests on this machine create and delete files meanwhile"),
    "node_tcp_connection_states": (64 * 1024, "the scrapes' own connections and their queued bytes"),
}
# Counts split by a label value (processes, TCP connections per state): both exporters
# emit only the values they see, so a state seen by node_exporter's scrapes but not during
# ours (a lone running process, 'R', is the usual one) is a count of 0 there, checked
# against the tolerance.
COUNTED_BY_LABEL = {"node_processes_state", "node_tcp_connection_states"}
# Memory gauges: the two scrapes bracket them up to this much of MemTotal, since other
# helpers build and test on this machine at the same time.
MEMORY_SLACK = 0.02


def compare_node(ne_a, ours, ne_c, types, dashboard):
    missing, labels_missing, bad = [], [], []
    memtotal = ne_a.get("node_memory_MemTotal_bytes", {}).get(frozenset(), 0)
    for name in sorted(set(ne_a) & dashboard):
        if name.startswith("node_scrape_collector_duration"):
            continue
        # process_*: each exporter's own process; node_scrape_collector_success: node_exporter
        # counts a missing device class (no /sys/class/hwmon) as a failure, we as empty.
        # Only their label sets are compared.
        labels_only = name.startswith("process_") or name == "node_scrape_collector_success"
        if name not in ours:
            missing.append(name)
            continue
        for labels, a in ne_a[name].items():
            if name == "node_scrape_collector_success" and labels not in ours[name]:
                continue  # collectors we do not have (bcache, xfs, ...): not a dashboard panel
            if labels not in ours[name] and labels not in ne_c.get(name, {}):
                continue  # a transient series (a TCP state, a process state) node_exporter saw once
            if labels not in ours[name] and name not in COUNTED_BY_LABEL:
                labels_missing.append(f"{name}{dict(labels)}")
                continue
            b = ours[name].get(labels, 0.0)
            c = ne_c.get(name, {}).get(labels, a)
            lo, hi = min(a, c), max(a, c)
            kind = types.get(name, "untyped")
            slack = TOLERANCE.get(name, (0, ""))[0]
            if name.startswith("node_memory_") and name.endswith("_bytes") and kind == "gauge":
                slack = max(slack, MEMORY_SLACK * memtotal)
            if name.startswith("node_load"):
                slack = 0.1
            if labels_only:
                continue
            tol = 1e-9 * max(abs(lo), abs(hi), 1.0) + slack
            if not (lo - tol <= b <= hi + tol):
                bad.append(f"{name}{dict(labels)}: node_exporter {a} .. {c}, ours {b}")
    return missing, labels_missing, bad


def check_node(_):
    port_ours = free_port()
    dashboard = set(open(DASHBOARD).read().split())
    port = free_port()
    # The dashboard's default-off collectors are turned on in both exporters.
    extra = ["processes", "interrupts", "tcpstat"]
    ne = start(["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{port}", *[f"--collector.{c}" for c in extra]], port)
    ours = start(ours_cmd(port_ours, "--collectors", ",".join("+" + c for c in extra)), port_ours)
    try:
        text_a, _ = fetch(port)
        text_b, _ = fetch(port_ours)
        text_c, _ = fetch(port)
    finally:
        stop(ne)
        stop(ours)
    (a, types), (b, _), (c, _) = parse(text_a), parse(text_b), parse(text_c)
    present = sorted(set(a) & dashboard)
    missing, labels_missing, bad = compare_node(a, b, c, types, dashboard)
    check("node: node_exporter's dashboard metrics are all in ours", not missing,
          f"{len(present)} dashboard names exported by node_exporter here" + (f"; missing {missing}" if missing else ""))
    check("node: with the same label sets", not labels_missing, "; ".join(labels_missing[:10]))
    check("node: values equal or bracketed by node_exporter's two scrapes", not bad, "; ".join(bad[:10]))
    ours_only = sorted(set(b) & dashboard - set(a))
    print(f"     dashboard names we fill that node_exporter does not here: {ours_only}")


FIXTURE = os.path.join(ROOT, "crates/psutil-cli/tests/fixtures/exporter")
FIXTURE_COLLECTORS = ["arp", "conntrack", "cpu", "cpufreq", "diskstats", "entropy", "filefd", "hwmon", "loadavg", "meminfo",
                      "netclass", "netdev", "netstat", "powersupplyclass", "pressure", "sockstat", "softnet", "stat",
                      "thermal_zone", "udp_queues", "vmstat"]


def check_fixture(_):
    """Both exporters read the same fixture /proc and /sys trees: values must be equal."""
    dashboard = set(open(DASHBOARD).read().split())
    ne_port, our_port = free_port(), free_port()
    roots = [f"--path.procfs={FIXTURE}/proc", f"--path.sysfs={FIXTURE}/sys"]
    ne = start(["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{ne_port}", "--collector.disable-defaults",
                "--web.disable-exporter-metrics", "--no-collector.netdev.netlink",  # netlink would read the host
                *roots, *[f"--collector.{c}" for c in FIXTURE_COLLECTORS]], ne_port)
    ours = start(ours_cmd(our_port, "--procfs", f"{FIXTURE}/proc", "--sysfs", f"{FIXTURE}/sys",
                          "--collectors", ",".join(FIXTURE_COLLECTORS)), our_port)
    try:
        a, _ = parse(fetch(ne_port)[0])
        b, _ = parse(fetch(our_port)[0])
    finally:
        stop(ne)
        stop(ours)
    diffs, compared = [], 0
    # Every dashboard name node_exporter exports, and every other name both export.
    for name in sorted(set(a) & (dashboard | set(b))):
        if name.startswith("node_scrape_collector_duration"):
            continue
        for labels, va in a[name].items():
            vb = b.get(name, {}).get(labels)
            compared += 1
            if vb is None:
                diffs.append(f"{name}{dict(labels)} missing")
            elif not (va == vb or abs(va - vb) <= 1e-9 * max(abs(va), abs(vb))):
                diffs.append(f"{name}{dict(labels)}: node_exporter {va}, ours {vb}")
    check("fixture: on the same fixture trees every dashboard series of node_exporter (and every other series of a name both export) is in ours with an equal value",
          compared > 100 and not diffs, f"{compared} series; " + "; ".join(diffs[:8]))
    others = sorted(set(a) - set(b))
    print(f"     node_exporter names (not on the dashboard) we do not export on the fixture: {others}")


def check_promtool(port_ours):
    text, _ = fetch(port_ours)
    p = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True)
    findings = [line for line in (p.stdout + p.stderr).decode().splitlines() if line.strip() and not LEGACY.match(line)]
    check("promtool check metrics (legacy-name exceptions only)", p.returncode in (0, 3) and not findings, "; ".join(findings[:10]))


def check_openmetrics(port_ours):
    text, ctype = fetch(port_ours, accept="application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
    check("openmetrics: content type negotiated", ctype.startswith("application/openmetrics-text"), ctype)
    try:
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
    except ImportError as e:
        check("openmetrics: python prometheus-client available", False, str(e))
        return
    try:
        families = {f.name: f for f in text_string_to_metric_families(text)}
    except Exception as e:  # the parser's verdict is the point of the check
        check("openmetrics: python prometheus-client parses our output", False, repr(e))
        return
    cpu = families.get("node_cpu_seconds")
    ok = cpu is not None and cpu.type == "counter" and any(s.name == "node_cpu_seconds_total" for s in cpu.samples)
    ok = ok and families.get("node_vmstat_pgfault") is not None and families["node_vmstat_pgfault"].type == "unknown"
    check("openmetrics: python prometheus-client parses our output", ok, f"{len(families)} families")


def psutil_json(*args):
    exe = os.path.join(ROOT, "target", os.environ.get("PROFILE", "debug"), "psutil")
    return json.loads(subprocess.run([exe, *args, "--json"], capture_output=True, check=True).stdout)


def cpu_seconds_by_lib():
    """(wall time, non-idle CPU seconds of all CPUs) from the library, via `psutil cpu --json`."""
    per_cpu = psutil_json("cpu")["times"]
    return time.time(), sum(v for t in per_cpu for k, v in t.items() if k not in ("idle", "guest", "guest_nice"))


def prom_query(port, expr):
    url = f"http://127.0.0.1:{port}/api/v1/query?query={urllib.parse.quote(expr)}"
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.loads(r.read())
    if body.get("status") != "success":
        raise RuntimeError(body)
    return body["data"]["result"]


def check_prometheus(port_ours, seconds):
    import urllib.parse  # noqa: F401  (used by prom_query)
    work = tempfile.mkdtemp(prefix="psutil-exporter-prom-")
    port = free_port()
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                f"scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:{port_ours}']\n")
    if subprocess.run(["promtool", "check", "config", config], capture_output=True).returncode != 0:
        check("prometheus: config valid", False)
        return
    times_before = cpu_seconds_by_lib()
    prom = start(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={work}/data",
                  f"--web.listen-address=127.0.0.1:{port}"], port, path="/-/ready", wait=30)
    try:
        time.sleep(seconds)
        up = prom_query(port, "up")
        check("prometheus: scrapes the exporter (up == 1)", bool(up) and up[0]["value"][1] == "1", json.dumps(up)[:200])
        memtotal = prom_query(port, "node_memory_MemTotal_bytes")
        lib_total = psutil_json("meminfo")["virtual_memory"]["total"] if "virtual_memory" in psutil_json("meminfo") else None
        if lib_total is None:
            lib_total = psutil_json("free", "-b")["mem"]["total"]
        got = float(memtotal[0]["value"][1]) if memtotal else -1
        check("prometheus: node_memory_MemTotal_bytes equals the library's virtual_memory().total", got == float(lib_total), f"{got} vs {lib_total}")
        rate = prom_query(port, "sum by (cpu) (rate(node_cpu_seconds_total[1m]))")
        ncpu = len(psutil_json("cpu")["percpu"]) if "percpu" in psutil_json("cpu") else os.cpu_count()
        per_cpu = [float(r["value"][1]) for r in rate]
        ok = len(per_cpu) == ncpu and all(abs(v - 1.0) < 0.1 for v in per_cpu)
        check("prometheus: rate(node_cpu_seconds_total[1m]) summed per CPU is 1 s/s for each of the library's CPUs", ok, f"{per_cpu} for {ncpu} CPUs")
        busy = prom_query(port, "sum(rate(node_cpu_seconds_total{mode!='idle'}[1m]))")
        times_after = cpu_seconds_by_lib()
        lib_busy = (times_after[1] - times_before[1]) / (times_after[0] - times_before[0])
        prom_busy = float(busy[0]["value"][1]) if busy else -1
        check("prometheus: busy CPU rate over the minute matches the library's cpu_times over it (+-0.25 CPU)",
              abs(prom_busy - lib_busy) < 0.25, f"Prometheus {prom_busy:.3f}, library {lib_busy:.3f} CPU-seconds/s")
        uname = prom_query(port, "node_uname_info")
        nodename = uname[0]["metric"].get("nodename") if uname else None
        check("prometheus: node_uname_info names this host", nodename == socket.gethostname(), f"{nodename} vs {socket.gethostname()}")
    finally:
        stop(prom)
        shutil.rmtree(work, ignore_errors=True)


def check_process(seconds_wait=1.5):
    work = tempfile.mkdtemp(prefix="psutil-exporter-pe-")
    exe = os.path.join(work, "psxgroup")
    shutil.copy(shutil.which("sleep"), exe)
    os.mkdir(os.path.join(work, "sh"))
    shell = os.path.join(work, "sh", "psxgroup")  # a shell also named psxgroup, with 2 `sleep` children
    shutil.copy("/bin/sh", shell)
    config = os.path.join(work, "groups.yml")
    with open(config, "w") as f:
        f.write("process_names:\n  - name: '{{.Comm}}'\n    comm: [psxgroup]\n")
    pe_port, our_port = free_port(), free_port()
    members = []
    try:
        # process-exporter's counters start at 0 when it first sees a process (it reports
        # increases, ours the kernel's lifetime totals): counters are compared as increases
        # from a first pair of scrapes (process-exporter, then ours), gauges as values.
        pe = start(["prometheus-process-exporter", f"-web.listen-address=127.0.0.1:{pe_port}", f"-config.path={config}",
                    "-threads=false"], pe_port)
        members = [subprocess.Popen([exe, "600"]) for _ in range(3)]
        # Both exporters' default: the shell's untracked `sleep` children count in its group.
        members.append(subprocess.Popen([shell, "-c", "sleep 600 & sleep 600 & wait"], start_new_session=True))
        children.extend(members)
        time.sleep(seconds_wait)
        ours = start(ours_cmd(our_port, "--collectors", "namedprocess", "--process-config", config), our_port)
        a0, _ = parse(fetch(pe_port)[0])
        b0, _ = parse(fetch(our_port)[0])
        for _ in range(3):  # the group does some work between the two pairs of scrapes
            subprocess.run(["/bin/kill", "-STOP", *[str(m.pid) for m in members[:3]]], check=True)
            subprocess.run(["/bin/kill", "-CONT", *[str(m.pid) for m in members[:3]]], check=True)
        time.sleep(0.5)
        a, types = parse(fetch(pe_port)[0])
        b, _ = parse(fetch(our_port)[0])
        c, _ = parse(fetch(pe_port)[0])
        stop(pe)
        stop(ours)
        group = ("groupname", "psxgroup")
        diffs, compared = [], 0
        for name, series in a.items():
            if not name.startswith("namedprocess_namegroup_"):
                continue
            for labels, va in series.items():
                if group not in labels:
                    continue
                memtype = dict(labels).get("memtype")
                if labels not in b.get(name, {}):
                    if memtype == "proportionalSwapped" or name.endswith("threads_wchan"):
                        continue  # SwapPss and wchan: not read by the library (see docs/coverage.md)
                    diffs.append(f"{name}{dict(labels)} missing")
                    continue
                vb, vc = b[name][labels], c.get(name, {}).get(labels, va)
                if types.get(name) == "counter":
                    base_pe, base_ours = a0.get(name, {}).get(labels, 0.0), b0.get(name, {}).get(labels, 0.0)
                    va, vb, vc = va - base_pe, vb - base_ours, vc - base_pe
                lo, hi = min(va, vc), max(va, vc)
                slack = 0.0
                if memtype in ("proportionalResident", "resident"):
                    # process-exporter takes RSS from stat's field 24, psutil (and we) from
                    # statm; the kernel's two counts differ by a few dozen pages per process.
                    slack = 0.15 * hi
                if name.endswith("oldest_start_time_seconds"):
                    slack = 1.0  # process-exporter rounds boot time + start ticks its own way
                compared += 1
                if not (lo - slack - 1e-9 <= vb <= hi + slack + 1e-9):
                    diffs.append(f"{name}{dict(labels)}: process-exporter {va} .. {vc}, ours {vb}")
        n = b.get("namedprocess_namegroup_num_procs", {}).get(frozenset([group]))
        check("process: our group counts the 3 spawned processes, the shell and its 2 children", n == 6.0, f"num_procs {n}")
        check("process: every process-exporter series of the group is in ours, values equal or bracketed", compared > 10 and not diffs,
              f"{compared} series compared; " + "; ".join(diffs[:8]))
    finally:
        for m in members:
            if m.args[0] == shell:
                os.killpg(m.pid, signal.SIGKILL)
            m.kill()
            m.wait()
        shutil.rmtree(work, ignore_errors=True)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def check_load(exporter, port, clients, seconds):
    for _ in range(20):  # warm up: allocator pools and the runtime's threads settle
        fetch(port)
    before = rss_kib(exporter.pid)
    latencies, failures, lock = [], [], threading.Lock()
    stop_at = time.time() + seconds

    def scraper():
        while time.time() < stop_at:
            t0 = time.perf_counter()
            try:
                body, _ = fetch(port, timeout=30)
                ok = "node_load1" in body
            except Exception as e:  # any failure is counted and reported
                ok, body = False, repr(e)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if not ok:
                    failures.append(body[:200])

    threads = [threading.Thread(target=scraper) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = rss_kib(exporter.pid)
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print(f"     load: {clients} clients x {seconds}s: {len(latencies)} scrapes, p50 {pct(0.5):.1f} ms, p90 {pct(0.9):.1f} ms, "
          f"p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms; RSS {before} -> {after} KiB")
    check("load: no failed scrape", not failures and len(latencies) > 0, "; ".join(failures[:3]))
    check("load: exporter memory flat (RSS grows < 16 MiB)", after - before < 16 * 1024, f"{before} -> {after} KiB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checks", nargs="*", default=["node", "fixture", "promtool", "openmetrics", "prometheus", "process", "load"])
    ap.add_argument("--load-clients", type=int, default=50)
    ap.add_argument("--load-seconds", type=float, default=5)
    ap.add_argument("--prometheus-seconds", type=float, default=62, help="fills rate()'s 1m window")
    args = ap.parse_args()
    port = free_port()
    exporter = None
    try:
        exporter = start(ours_cmd(port), port)
        for name in args.checks:
            try:
                {
                    "node": lambda: check_node(port),
                    "fixture": lambda: check_fixture(port),
                    "promtool": lambda: check_promtool(port),
                    "openmetrics": lambda: check_openmetrics(port),
                    "prometheus": lambda: check_prometheus(port, args.prometheus_seconds),
                    "process": check_process,
                    "load": lambda: check_load(exporter, port, args.load_clients, args.load_seconds),
                }[name]()
            except Exception as e:  # a check that cannot run is a failed check
                check(f"{name}: ran", False, repr(e))
    finally:
        for p in children:
            if p.poll() is None:
                p.kill()
                p.wait()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) and results else 1)


if __name__ == "__main__":
    main()
