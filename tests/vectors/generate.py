#!/usr/bin/env python3
"""Writes stateful.json: test vectors for the algorithms that psutil-rs has twice, in
Rust (crates/psutil: cpu_percent_between, cpu_times_percent_between, nowrap) and in
Python (python/psutil_rs: cpu_percent, cpu_times_percent, _common.wrap_numbers, kept
in Python because psutil's tests patch them).

The inputs are chosen here; every expected value is computed by real psutil 7.2.2 (run
this with the oracle venv of scripts/test-python.sh, which has it):

    target/python/oracle/bin/python tests/vectors/generate.py

CPU times are given in clock ticks (USER_HZ = 100 on Linux) so that the Rust test can
write them into a /proc/stat fixture; seconds = ticks / 100 on both sides.
"""

import json
import os
import sys
from unittest import mock

import psutil

if psutil.__version__ != "7.2.2":
    sys.exit(f"the oracle must be psutil 7.2.2, not {psutil.__version__}")

FIELDS = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"]
if list(psutil._ntp.scputimes._fields) != FIELDS:
    sys.exit(f"this kernel's scputimes has {psutil._ntp.scputimes._fields}; vectors need all 10 fields")

# (label, t1 ticks, t2 ticks)
CPU_CASES = [
    ("busy quarter", [100, 0, 100, 600, 0, 0, 0, 0, 0, 0], [150, 0, 150, 900, 0, 0, 0, 0, 0, 0]),
    ("no time passed", [500, 10, 300, 9000, 40, 1, 2, 0, 0, 0], [500, 10, 300, 9000, 40, 1, 2, 0, 0, 0]),
    ("every field moves", [1000, 20, 300, 40000, 50, 6, 70, 8, 9, 1], [1311, 27, 395, 40999, 61, 7, 79, 9, 15, 3]),
    ("guest inside user", [1000, 0, 0, 1000, 0, 0, 0, 0, 0, 0], [1200, 0, 0, 1100, 0, 0, 0, 0, 200, 0]),
    ("counter went back (clamped)", [5000, 100, 800, 70000, 90, 0, 5, 3, 0, 0], [4990, 101, 810, 70100, 80, 0, 6, 3, 0, 0]),
    ("iowait is idle", [100, 0, 100, 100, 100, 0, 0, 0, 0, 0], [100, 0, 100, 100, 300, 0, 0, 0, 0, 0]),
    ("under one second in all", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 0, 2, 40, 0, 0, 0, 0, 0, 0]),
    ("one decimal, rounding", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 2, 0, 0, 0, 0, 0, 0]),
    ("thirds", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [100, 100, 100, 0, 0, 0, 0, 0, 0, 0]),
    ("sevenths", [70, 0, 0, 630, 0, 0, 0, 0, 0, 0], [71, 0, 1, 635, 0, 0, 0, 0, 0, 0]),
    ("large counters", [987654321, 1234567, 234567890, 9876543210, 3456789, 12345, 678901, 2345, 0, 0],
     [987664321, 1234577, 234572890, 9876563210, 3456799, 12346, 678911, 2345, 0, 0]),
    ("all busy", [0, 0, 0, 500, 0, 0, 0, 0, 0, 0], [100, 50, 50, 500, 0, 0, 0, 0, 0, 0]),
]


def seconds(ticks):
    return psutil._ntp.scputimes(*[t / 100 for t in ticks])


def oracle_pair(func, t1, t2):
    """psutil 7.2.2's func(interval=...) with cpu_times() answering t1, then t2."""
    with mock.patch("psutil.cpu_times", side_effect=[seconds(t1), seconds(t2)]):
        with mock.patch("time.sleep"):
            return func(interval=0.5)


def cpu_vectors():
    out = {"cpu_percent": [], "cpu_times_percent": []}
    for label, t1, t2 in CPU_CASES:
        out["cpu_percent"].append(
            {"label": label, "t1": t1, "t2": t2, "expected": oracle_pair(psutil.cpu_percent, t1, t2)}
        )
        got = oracle_pair(psutil.cpu_times_percent, t1, t2)
        out["cpu_times_percent"].append({"label": label, "t1": t1, "t2": t2, "expected": list(got)})
    return out


# (label, [input dicts in order]); each series runs on a fresh name
WRAP_CASES = [
    ("first call passes through", [{"sda": [1, 2, 3]}]),
    ("no wrap", [{"sda": [1, 2]}, {"sda": [5, 9]}, {"sda": [7, 9]}]),
    ("one field wraps", [{"eth0": [100, 50]}, {"eth0": [150, 60]}, {"eth0": [10, 70]}, {"eth0": [20, 80]}]),
    ("wraps twice", [{"lo": [100]}, {"lo": [5]}, {"lo": [90]}, {"lo": [3]}, {"lo": [4]}]),
    ("new key passes through", [{"a": [10]}, {"a": [20], "b": [7]}, {"a": [5], "b": [3]}]),
    ("key goes and comes back", [{"a": [10], "b": [50]}, {"a": [2], "b": [60]}, {"b": [70]}, {"a": [1], "b": [80]}]),
    ("equal is not a wrap", [{"x": [5, 5]}, {"x": [5, 5]}, {"x": [4, 6]}]),
    ("big counters", [{"nvme0n1": [2**64 - 10, 2**32 - 1]}, {"nvme0n1": [5, 3]}, {"nvme0n1": [6, 2**32]}]),
]


def wrap_vectors():
    out = []
    for i, (label, inputs) in enumerate(WRAP_CASES):
        name = f"vectors.{i}"
        steps = []
        for inp in inputs:
            got = psutil._common.wrap_numbers({k: tuple(v) for k, v in inp.items()}, name)
            steps.append({"input": inp, "expected": {k: list(v) for k, v in got.items()}})
        psutil._common.wrap_numbers.cache_clear(name)
        out.append({"label": label, "steps": steps})
    return out


def main():
    data = {
        "about": "inputs chosen by tests/vectors/generate.py; expected values from psutil 7.2.2",
        "clock_ticks_per_second": 100,
        "cpu_fields": FIELDS,
        **cpu_vectors(),
        "wrap_numbers": wrap_vectors(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stateful.json")
    with open(path, "w") as f:  # one case per line, for readable diffs
        f.write("{\n")
        for i, (key, value) in enumerate(data.items()):
            end = ",\n" if i < len(data) - 1 else "\n"
            if isinstance(value, list) and value and isinstance(value[0], dict):
                rows = ",\n".join("  " + json.dumps(v) for v in value)
                f.write(f" {json.dumps(key)}: [\n{rows}\n ]{end}")
            else:
                f.write(f" {json.dumps(key)}: {json.dumps(value)}{end}")
        f.write("}\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
