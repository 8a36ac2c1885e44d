"""``python -m psutil_rs``: a one-screen overview of the system (the CLI's overview)."""

import datetime
import sys
import time

from . import boot_time
from . import cpu_count
from . import cpu_percent
from . import disk_partitions
from . import disk_usage
from . import getloadavg
from . import net_io_counters
from . import pids
from . import swap_memory
from . import users
from . import virtual_memory
from ._common import bytes2human


def _row(label, value):
    print(f"{label:<10} {value}")


def main():
    vm = virtual_memory()
    sw = swap_memory()
    load = ", ".join(f"{x:.2f}" for x in getloadavg())
    bt = boot_time()
    up = datetime.timedelta(seconds=int(time.time() - bt))
    _row(
        "CPU",
        f"{cpu_count()} logical, {cpu_count(logical=False)} cores,"
        f" {cpu_percent(interval=0.1)}% busy, load {load}",
    )
    _row(
        "Memory",
        f"{bytes2human(vm.used)} used of {bytes2human(vm.total)}"
        f" ({vm.percent}%), {bytes2human(vm.available)} available",
    )
    _row(
        "Swap",
        f"{bytes2human(sw.used)} used of {bytes2human(sw.total)} ({sw.percent}%)",
    )
    for part in disk_partitions():
        try:
            du = disk_usage(part.mountpoint)
        except OSError:
            continue
        _row(
            "Disk",
            f"{part.mountpoint} ({part.fstype}) {bytes2human(du.used)} used of"
            f" {bytes2human(du.total)} ({du.percent}%)",
        )
    net = net_io_counters()
    if net is not None:
        _row(
            "Network",
            f"{bytes2human(net.bytes_sent)} sent, {bytes2human(net.bytes_recv)} received",
        )
    _row("Processes", f"{len(pids())}, {len(users())} users logged in")
    _row(
        "Boot",
        f"{datetime.datetime.fromtimestamp(bt):%Y-%m-%d %H:%M:%S} (up {up})",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
