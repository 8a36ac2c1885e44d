"""Shared test vectors (tests/vectors/stateful.json) for the algorithms psutil_rs has in
Python and in Rust: cpu_percent, cpu_times_percent, wrap_numbers. The Rust copy is
checked against the same file by crates/psutil/tests/vectors.rs. Each case also runs
through psutil 7.2.2, so the file cannot drift from the oracle either."""

import json
import os
from unittest import mock

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "vectors", "stateful.json")) as _f:
    VECTORS = json.load(_f)
TICKS = VECTORS["clock_ticks_per_second"]


def _times(m, ticks):
    return m._ntp.scputimes(*[t / TICKS for t in ticks])


def _between(m, func, case):
    """m.<func>(interval) with m.cpu_times() answering t1, then t2 (no real sleep)."""
    if list(m._ntp.scputimes._fields) != VECTORS["cpu_fields"]:
        pytest.skip("this kernel's /proc/stat has fewer cpu fields than the vectors")
    pair = [_times(m, case["t1"]), _times(m, case["t2"])]
    with mock.patch.object(m, "cpu_times", side_effect=pair), mock.patch("time.sleep"):
        return getattr(m, func)(interval=0.5)


@pytest.mark.parametrize("case", VECTORS["cpu_percent"], ids=lambda c: c["label"])
@pytest.mark.parametrize("which", ["psutil_rs", "psutil"])
def test_cpu_percent(ps, pr, which, case):
    m = pr if which == "psutil_rs" else ps
    assert _between(m, "cpu_percent", case) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["cpu_times_percent"], ids=lambda c: c["label"])
@pytest.mark.parametrize("which", ["psutil_rs", "psutil"])
def test_cpu_times_percent(ps, pr, which, case):
    m = pr if which == "psutil_rs" else ps
    got = _between(m, "cpu_times_percent", case)
    assert list(got) == case["expected"]
    assert type(got).__name__ == "scputimes"


@pytest.mark.parametrize("case", VECTORS["wrap_numbers"], ids=lambda c: c["label"])
@pytest.mark.parametrize("which", ["psutil_rs", "psutil"])
def test_wrap_numbers(ps, pr, which, case):
    wrap = (pr if which == "psutil_rs" else ps)._common.wrap_numbers
    name = "test_vectors." + case["label"]
    try:
        for step in case["steps"]:
            got = wrap({k: tuple(v) for k, v in step["input"].items()}, name)
            assert {k: list(v) for k, v in got.items()} == step["expected"]
    finally:
        wrap.cache_clear(name)


# --- the native copies of the package (crates/psutil-py/src/cpupct.rs, iocount.rs) -----


@pytest.mark.parametrize("case", VECTORS["cpu_percent"], ids=lambda c: c["label"])
def test_cpu_percent_native(pr, case):
    if list(pr._ntp.scputimes._fields) != VECTORS["cpu_fields"]:
        pytest.skip("this kernel's /proc/stat has fewer cpu fields than the vectors")
    t1, t2 = _times(pr, case["t1"]), _times(pr, case["t2"])
    assert pr._psutil_rs.api.cpu_percent_between("busy", t1, t2) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["cpu_times_percent"], ids=lambda c: c["label"])
def test_cpu_times_percent_native(pr, case):
    if list(pr._ntp.scputimes._fields) != VECTORS["cpu_fields"]:
        pytest.skip("this kernel's /proc/stat has fewer cpu fields than the vectors")
    t1, t2 = _times(pr, case["t1"]), _times(pr, case["t2"])
    got = pr._psutil_rs.api.cpu_percent_between("fields", t1, t2)
    assert list(got) == case["expected"] and type(got) is pr._ntp.scputimes
