"""Deselect hook for running psutil 7.2.2's own test suite against psutil_rs.

Copied next to the extracted ``tests/`` (never inside it), so psutil's test files run
unchanged. Every node id listed in ``deselect.txt`` (the text before ``#``) is dropped,
matching the id without its parametrization suffix.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def _load():
    ids = set()
    with open(os.path.join(_HERE, "deselect.txt"), encoding="utf-8") as f:
        for line in f:
            node = line.split("#", 1)[0].strip()
            if node:
                ids.add(node)
    return ids


def _key(item):
    # the id from psutil's tests/ folder on, whatever pytest chose as rootdir
    nodeid = item.nodeid.split("[")[0]
    start = nodeid.find("tests/test_")
    return nodeid[start:] if start >= 0 else nodeid


def pytest_collection_modifyitems(config, items):
    wanted = _load()
    keep, dropped = [], []
    for item in items:
        (dropped if _key(item) in wanted else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
