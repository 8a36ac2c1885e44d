"""Safe to embed: no public function or Process method leaves a descriptor open behind
the caller (the set of /proc/self/fd entries is the same before and after each call),
and renicing every process, with more processes than RLIMIT_NOFILE=1024, keeps the
caller's descriptor count flat (issue 8: a pidfd kept per Process made this EMFILE)."""

import gc
import json
import os
import subprocess
import sys
import textwrap

import pytest

from test_leaks_threads import _calls


def _fds():
    return {fd: os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if _alive(fd)}


def _alive(fd):
    try:
        os.readlink(f"/proc/self/fd/{fd}")
        return True
    except FileNotFoundError:  # the descriptor of the listing itself, closed by now
        return False


def _setters(pr):
    p = pr.Process()
    return {
        "Process.nice(same)": lambda: p.nice(p.nice()),
        "Process.ionice(same)": lambda: p.ionice(*p.ionice()),
        "Process.cpu_affinity(same)": lambda: p.cpu_affinity(p.cpu_affinity()),
        "Process.rlimit(NOFILE, same)": lambda: p.rlimit(pr.RLIMIT_NOFILE, p.rlimit(pr.RLIMIT_NOFILE)),
        "Process.send_signal(0)": lambda: p.send_signal(0),
        "Process.resume()": p.resume,
        "Process.wait(0) of a live child": lambda: _wait_child(pr),
    }


def _wait_child(pr):
    child = subprocess.Popen(["sleep", "5"])
    try:
        with pytest.raises(pr.TimeoutExpired):
            pr.Process(child.pid).wait(0)
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("name", [*_calls(__import__("psutil_rs")), *_setters(__import__("psutil_rs"))])
def test_no_descriptor_outlives_a_call(pr, name):
    call = {**_calls(pr), **_setters(pr)}[name]
    gc.collect()  # earlier tests' garbage closes its descriptors now, not during the calls
    before = _fds()  # before the first call too: nothing may be opened lazily and kept
    for _ in range(3):
        try:
            call()
        except pr.Error:
            pass
    opened = sorted(set(_fds().items()) - set(before.items()))
    assert opened == [], f"{name} left open: {opened}"


RENICE_ALL = textwrap.dedent(
    """
    import json, os, resource, signal, subprocess, sys, time
    import psutil_rs as pr

    start = len(pr.pids())
    need = 1100 - start
    group = None
    if need > 0:  # sleepers in their own process group, so one killpg ends them all
        group = subprocess.Popen(
            ["sh", "-c", f"for i in $(seq {need + 30}); do sleep 600 & done; wait"],
            start_new_session=True)
        while len(pr.pids()) < 1100:
            pass
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
        fds = lambda: len(os.listdir("/proc/self/fd"))
        before = fds()
        processes = reniced = 0
        for _ in range(2):  # process_iter keeps its Process objects between the rounds
            for p in pr.process_iter():
                processes += 1
                try:
                    p.nice(p.nice())
                    reniced += 1
                except pr.Error:
                    pass
        after = fds()
        opened = [open(os.devnull) for _ in range(16)]  # EMFILE here was the issue
        for f in opened:
            f.close()
        print(json.dumps({"before": before, "after": after, "processes": processes,
                          "reniced": reniced, "pids": len(pr.pids())}))
    finally:
        if group is not None:
            os.killpg(group.pid, signal.SIGKILL)
            group.wait()
            # the killed sleepers are reaped by init: leave the process table as found
            # for the tests that follow (they watch it hold still)
            deadline = time.monotonic() + 60
            while len(pr.pids()) > start + 20 and time.monotonic() < deadline:
                time.sleep(0.1)
    """
)


def test_renice_every_process_under_rlimit_nofile_1024():
    r = subprocess.run([sys.executable, "-c", RENICE_ALL], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout)
    assert out["processes"] >= 2 * 1100, out  # more processes than the descriptor limit
    if os.geteuid() == 0:
        assert out["reniced"] >= 2 * 1000, out  # root may renice (nearly) all of them
    else:
        assert out["reniced"] >= 2, out  # at least its own processes
    assert out["after"] <= out["before"] + 1, out
