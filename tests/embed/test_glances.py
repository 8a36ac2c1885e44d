"""glances, a third-party psutil application from PyPI, run unchanged through
``python -m psutil_rs run`` in a venv that has no psutil, its output checked against the
kernel's files and system tools.

PSUTIL_RS_GLANCES_PY names that venv's interpreter (scripts/test-python-embed.sh makes
it: glances and its dependencies except psutil, plus the psutil_rs wheel).
"""

import json
import os
import subprocess

import pytest

PY = os.environ.get("PSUTIL_RS_GLANCES_PY", "")
if not PY:
    raise RuntimeError("PSUTIL_RS_GLANCES_PY is not set: run this through scripts/test-python-embed.sh")


def _proc_stat_counter(name):
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(name + " "):
                return int(line.split()[1])
    raise AssertionError(f"no {name} line in /proc/stat")


def _meminfo_bytes(field):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/meminfo")


def _count_pids():
    return sum(1 for d in os.listdir("/proc") if d.isdigit())


def _run(*args, timeout=180):
    return subprocess.run([PY, "-m", "psutil_rs", *args], capture_output=True, text=True, timeout=timeout)


def test_the_venv_has_no_psutil():
    r = subprocess.run([PY, "-c", "import psutil"], capture_output=True, text=True)
    assert r.returncode != 0 and "No module named 'psutil'" in r.stderr, r


def _glances_once():
    """One glances run with the /proc figures around it."""
    ctxt_before = _proc_stat_counter("ctxt")
    pids_before = _count_pids()
    r = _run("run", "glances", "--stdout-json", "cpu,mem,core,processcount", "--stop-after", "1")
    ctxt_after = _proc_stat_counter("ctxt")
    pids_after = _count_pids()
    return r, ctxt_before, ctxt_after, pids_before, pids_after


def test_glances_stdout_json_through_psutil_rs_run():
    # The process count is a gauge that other programs move while glances scans: a run
    # whose count falls outside the bracket is repeated (at most 3 runs); every other
    # check applies to the run kept.
    for _ in range(3):
        r, ctxt_before, ctxt_after, pids_before, pids_after = _glances_once()
        assert r.returncode == 0, r.stderr
        stats = json.loads(r.stdout.strip().splitlines()[0])
        lo, hi = min(pids_before, pids_after), max(pids_before, pids_after)
        if lo - 20 <= stats["processcount"]["total"] <= hi + 20:
            break

    assert stats["mem"]["total"] == _meminfo_bytes("MemTotal")
    nproc = int(subprocess.run(["nproc", "--all"], capture_output=True, text=True, check=True).stdout)
    online = int(subprocess.run(["getconf", "_NPROCESSORS_ONLN"], capture_output=True, text=True, check=True).stdout)
    assert stats["core"]["log"] == online
    assert stats["cpu"]["cpucore"] == online
    assert 1 <= stats["core"]["phys"] <= nproc
    assert ctxt_before <= stats["cpu"]["ctx_switches"] <= ctxt_after
    # glances counts the processes of its scan: the /proc entries around the run, give
    # or take the processes other programs start or end meanwhile (and glances itself)
    assert lo - 20 <= stats["processcount"]["total"] <= hi + 20, (stats["processcount"], lo, hi)


def test_run_module_and_script_forms(tmp_path):
    r = _run("run", "-m", "glances", "--version")
    assert r.returncode == 0, r.stderr
    # glances prints the psutil version it imported: psutil_rs's, which mirrors psutil's
    assert "PsUtil version:" in r.stdout and "7.2.2" in r.stdout, r.stdout
    script = tmp_path / "app.py"
    script.write_text(
        "import sys, psutil, psutil._common, psutil_rs\n"
        "assert psutil is psutil_rs and psutil._common is psutil_rs._common\n"
        "print(' '.join(sys.argv[1:]), psutil.virtual_memory().total)\n"
    )
    r = _run("run", str(script), "a", "b")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["a", "b", str(_meminfo_bytes("MemTotal"))]


def test_run_unknown_app_is_an_error():
    r = _run("run", "no-such-app-psutil-rs")
    assert r.returncode == 2 and "neither a console script" in r.stderr


@pytest.mark.parametrize("args", [["run"], ["run", "-m"]])
def test_run_usage(args):
    r = _run(*args)
    assert r.returncode == 2 and "usage: python -m psutil_rs run" in r.stderr
