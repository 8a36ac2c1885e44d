"""Hostile conditions from Python:

- churn: 1,500 short-lived children and thousands of sockets while other threads run
  process_iter(attrs), full as_dict scans, net_connections() and wait_procs(): no
  exception a vanishing process does not explain, no deadlock (every thread must end
  within a bound), and no row attributed to the wrong process (each child carries a
  marker as its argv[0]; a row showing a marker must have the pid the child was spawned
  with and the child's name, ``sleep``);
- after os.fork(), also while another thread is inside the library, the child uses the
  module, including Process objects made before the fork.
"""

import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

SLEEP = shutil.which("sleep")
CHILDREN = 1500
BATCH = 100
SOCKET_ROUNDS = 3000
LIMIT = 300  # seconds; the run takes seconds on an idle machine
SCAN = ["pid", "name", "cmdline", "exe", "status", "ppid", "cpu_times", "memory_info", "username",
        "create_time", "num_threads"]  # fmt: skip


def test_churn_from_python_threads(pr):
    prefix = f"psutil-rs-pychurn-{os.getpid()}-"
    spawned, seen, errors = {}, [], []
    stop = threading.Event()
    batches = queue.Queue()
    counts = {"scans": 0, "sockets": 0}

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as e:  # noqa: BLE001 - reported by the test
                errors.append(f"{fn.__name__}: {e!r}")

        return run

    def spawner():
        batch = []
        for i in range(CHILDREN):
            marker = f"{prefix}{i}"
            child = pr.Popen([marker, "1"], executable=SLEEP, stdin=subprocess.DEVNULL)
            spawned.setdefault(child.pid, set()).add(marker)
            batch.append(child)
            if len(batch) == BATCH or i + 1 == CHILDREN:
                batches.put(batch)
                batch = []
        batches.put(None)

    def reaper():
        while (batch := batches.get()) is not None:
            gone, alive = pr.wait_procs(batch, timeout=60)
            if alive:
                errors.append(f"wait_procs left {len(alive)} alive")
            errors.extend(f"child {p.pid} returned {p.returncode}" for p in gone if p.returncode != 0)
        stop.set()

    def sockets():
        while not stop.is_set() and counts["sockets"] < SOCKET_ROUNDS:
            with socket.socket() as server:
                server.bind(("127.0.0.1", 0))
                server.listen()
                with socket.create_connection(server.getsockname()) as client:
                    conn, _ = server.accept()
                    conn.close()
                    client.close()
            with socket.socket(type=socket.SOCK_DGRAM) as udp:
                udp.bind(("127.0.0.1", 0))
            counts["sockets"] += 1

    def scan_attrs():
        while not stop.is_set():
            for p in pr.process_iter(SCAN):
                cmdline = p.info["cmdline"]
                if cmdline and cmdline[0].startswith(prefix):
                    seen.append((p.pid, cmdline[0], p.info["name"]))
            counts["scans"] += 1

    def scan_full():
        while not stop.is_set():
            for p in pr.process_iter():
                try:
                    p.as_dict()
                except (pr.NoSuchProcess, pr.AccessDenied):
                    pass

    def connections():
        while not stop.is_set():
            for kind in ("all", "tcp", "inet"):
                pr.net_connections(kind)

    threads = [threading.Thread(target=guarded(f), name=f.__name__, daemon=True)
               for f in (spawner, reaper, sockets, scan_attrs, scan_full, connections)]  # fmt: skip
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0, LIMIT - (time.monotonic() - started)))
    stuck = [t.name for t in threads if t.is_alive()]
    stop.set()
    assert not stuck, f"deadlock or stall: {stuck} still running after {LIMIT} s"
    assert errors == [], errors[:10]
    assert sum(len(m) for m in spawned.values()) == CHILDREN
    for pid, marker, name in seen:
        assert marker in spawned.get(pid, ()), f"pid {pid} was shown with {marker}, spawned as another pid"
        assert name == "sleep", (pid, marker, name)
    assert seen, "no scan caught a child alive: the attribution was not checked"
    print(f"churn: {CHILDREN} children, {counts['sockets']} socket rounds, {counts['scans']} scans, "
          f"{len(seen)} marked rows, {time.monotonic() - started:.1f} s")  # fmt: skip


FORK_CHILD_TIMEOUT = 60


def test_fork_child_uses_the_module(pr):
    parent = os.getpid()
    me = pr.Process()
    sleeper = subprocess.Popen([SLEEP, "60"])
    other = pr.Process(sleeper.pid)
    me.cpu_percent(), pr.cpu_percent(), list(pr.process_iter(["name"]))  # state made before the fork
    # another thread stays inside the library while forking: no lock it held may
    # leave the child stuck
    stop = threading.Event()
    busy = threading.Thread(target=lambda: [list(pr.process_iter(SCAN)) for _ in iter(stop.is_set, True)])
    busy.start()
    time.sleep(0.2)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's cleanup
        os.close(r)
        status = 1
        try:
            out = {
                "me": [me.pid, me.is_running(), me.name() == pr.Process(parent).name()],
                "own": [pr.Process().pid == os.getpid(), pr.Process().ppid() == parent],
                "other": [other.is_running(), other.cmdline(), other.status()],
                "pids": os.getpid() in pr.pids(),
                "iter": os.getpid() in {p.pid for p in pr.process_iter(SCAN)},
                "conns": type(pr.net_connections("all")).__name__,
                "cpu_percent": 0.0 <= pr.cpu_percent() <= 100.0,
                "memory": pr.virtual_memory().total > 0,
            }
            other.kill()  # a signal through a Process made before the fork
            # not our child: it stays a zombie until the parent reaps it
            for _ in range(1000):
                if other.status() == pr.STATUS_ZOMBIE:
                    break
                time.sleep(0.01)
            out["killed"] = other.status() == pr.STATUS_ZOMBIE
            os.write(w, json.dumps(out).encode())
            status = 0
        except BaseException as e:  # noqa: BLE001 - sent to the parent
            os.write(w, repr(e).encode())
        finally:
            os._exit(status)
    os.close(w)
    try:
        data, deadline = b"", time.monotonic() + FORK_CHILD_TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([r], [], [], deadline - time.monotonic())
            chunk = os.read(r, 65536) if ready else b""
            if not chunk:
                break
            data += chunk
        # the pipe closes as the child exits, a moment before it can be reaped
        done, status = os.waitpid(pid, os.WNOHANG)
        while done == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
            done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"the forked child hung for {FORK_CHILD_TIMEOUT} s (a lock held across fork?); it sent {data!r}")
    finally:
        os.close(r)
        stop.set()
        busy.join()
    assert os.waitstatus_to_exitcode(status) == 0, data
    out = json.loads(data)
    assert out["me"] == [parent, True, True]
    assert out["own"] == [True, True]
    assert out["other"] == [True, [SLEEP, "60"], "sleeping"]
    assert out["pids"] and out["iter"] and out["conns"] == "list" and out["cpu_percent"] and out["memory"]
    assert out["killed"]
    assert sleeper.wait(10) == -signal.SIGKILL
