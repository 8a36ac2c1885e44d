"""``python -m psutil_rs``: the overview the ``psutil`` CLI prints without a subcommand
(CPU, memory, swap, load, uptime, disks, network, users).

``python -m psutil_rs run APP [ARGS...]`` runs an installed application with psutil_rs
in place of psutil instead (see ``psutil_rs._run``)."""

import datetime
import os
import socket
import sys
import time

import psutil_rs as ps
from psutil_rs._common import bytes2human


def _label(name, text):
    print(f"{name:<14}{text}")


def _table(header, rows):
    # first column left-aligned, the others right-aligned, except the last two of
    # the disk table (type and mount point) and free text, which stay left-aligned
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        cells = []
        for i, cell in enumerate(row):
            left = i == 0 or header[i] in ("Type", "Mounted on", "Addresses")
            cells.append(f"{cell:<{widths[i]}}" if left else f"{cell:>{widths[i]}}")
        print("  ".join(cells).rstrip())


def _cpu():
    per = ps.cpu_percent(interval=0.2, percpu=True)
    total = sum(per) / len(per) if per else 0.0
    _label("CPU", f"{ps.cpu_count()} logical, {ps.cpu_count(logical=False)} physical")
    _label("  used", f"{total:.1f}% (per CPU: {' '.join(f'{p:.1f}%' for p in per)})")
    freq = ps.cpu_freq()
    if freq is not None:
        _label("  frequency", f"{freq.current:.0f} MHz")


def _memory():
    vm, sw = ps.virtual_memory(), ps.swap_memory()
    _label(
        "Memory",
        f"{bytes2human(vm.total)} total, {bytes2human(vm.used)} used ({vm.percent}%),"
        f" {bytes2human(vm.available)} available, {bytes2human(vm.free)} free",
    )
    if sw.total:
        _label("Swap", f"{bytes2human(sw.total)} total, {bytes2human(sw.used)} used ({sw.percent}%)")
    else:
        _label("Swap", "none configured")


def _uptime():
    loads = " ".join(f"{x:.2f}" for x in ps.getloadavg())
    _label("Load average", f"{loads} (1, 5, 15 min)")
    booted = ps.boot_time()
    secs = int(time.time() - booted)
    days, rest = divmod(secs, 86400)
    clock = "{:02d}:{:02d}:{:02d}".format(rest // 3600, rest % 3600 // 60, rest % 60)
    up = f"{days} days, {clock}" if days else clock
    when = datetime.datetime.fromtimestamp(booted).strftime("%Y-%m-%d %H:%M:%S")
    _label("Uptime", f"{up} (booted {when})")


def _disks():
    rows = []
    for part in ps.disk_partitions():
        try:
            du = ps.disk_usage(part.mountpoint)
        except OSError:
            continue
        rows.append(
            [part.device, bytes2human(du.total), bytes2human(du.used), bytes2human(du.free),
             f"{du.percent}%", part.fstype, part.mountpoint]
        )  # fmt: skip
    print("\nDisks")
    _table(["Device", "Total", "Used", "Free", "Use%", "Type", "Mounted on"], rows)


def _network():
    io = ps.net_io_counters(pernic=True)
    addrs = ps.net_if_addrs()
    rows = []
    for nic in sorted(set(io) | set(addrs)):
        c = io.get(nic)
        ips = [a.address for a in addrs.get(nic, []) if a.family in (socket.AF_INET, socket.AF_INET6)]
        rows.append(
            [nic, bytes2human(c.bytes_sent) if c else "-", bytes2human(c.bytes_recv) if c else "-", ", ".join(ips)]
        )
    print("\nNetwork")
    _table(["NIC", "Sent", "Received", "Addresses"], rows)


def _users():
    users = ps.users()
    if not users:
        print("\nUsers: none logged in")
        return
    print("\nUsers")
    for u in users:
        since = datetime.datetime.fromtimestamp(u.started).strftime("%Y-%m-%d %H:%M")
        print(f"  {u.name} on {u.terminal or '-'} from {u.host} since {since}")


def main():
    _cpu()
    _memory()
    _uptime()
    _disks()
    _network()
    _users()
    return 0


def _run():
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly with success, as the psutil CLI
        # does, and keep the interpreter from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    return status


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        from psutil_rs._run import run

        sys.exit(run(sys.argv[2:]))
    sys.exit(_run())
