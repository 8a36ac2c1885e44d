"""Hostile systems, as the unprivileged user ``nobody`` (run as root, see unprivileged.py):

- on the normal /proc, every attribute of every process equals psutil 7.2.2's answer
  for the same process at the same moment (value or exception class);
- on a /proc mounted with ``hidepid=invisible`` in a mount namespace of the test's own,
  a full process_iter with every attribute, pids(), net_connections() of every kind and
  Process()/pid_exists() of a hidden pid answer as psutil 7.2.2 does run the same way.

The comparison rules (bracketing by psutil's answers before and after, retries, the
documented deviations) are in hostile/compare.py.
"""

import shutil

import pytest

from unprivileged import Nobody


@pytest.fixture(scope="module")
def nobody():
    n = Nobody()
    yield n
    n.close()


def _check(report, min_compared):
    assert report["mismatches"] == [], report["mismatches"][:20]
    # moving processes are excluded, with their reason; they must stay the exception
    assert len(report["excluded"]) <= max(5, report["compared"] // 50), report["excluded"][:20]
    assert report["compared"] >= min_compared, report


def test_every_attribute_of_every_process_as_nobody(nobody, zombie):
    # `zombie` (conftest) is root's unreaped child: another user's zombie, whose exe()
    # psutil answers with cmdline()'s ZombieProcess
    report = nobody.run_json("compare.py", ["processes"])
    assert report["uid"] == nobody.user.pw_uid
    # the machine has at least init, kernel threads, this test and the helper child
    assert report["processes"] >= 3 and zombie in report["pids"]
    _check(report, min_compared=report["processes"] * 25)


def test_hidepid_invisible_as_nobody(nobody):
    if shutil.which("unshare") is None:
        pytest.skip("!!! unshare (util-linux) is not installed: the hidepid test cannot run")
    mount = (
        "mount --make-rprivate / && mount -t proc -o hidepid=invisible proc /proc && exec \"$@\""
    )
    prefix = ["unshare", "--mount", "--", "sh", "-c", mount, "sh"]
    report = nobody.run_json("compare.py", ["hidepid", "1"], prefix=prefix)
    assert report["uid"] == nobody.user.pw_uid
    _check(report, min_compared=50)
    # the mount took effect: pid 1 (root's) is invisible to nobody, who sees only its
    # own processes (the script and its helper child, maybe a few more of nobody's)
    assert report["hidden_visible"] is False
    assert 2 <= report["visible_pids"] < 50
    assert report["process_iter_pids"] >= 2
