# psutil_rs: the named tuples returned on Linux, with psutil 7.2.2's type names and
# field order (psutil/_ntuples.py, BSD-3-Clause). They are real collections.namedtuple
# classes, so they pickle, compare and serialize like psutil's.

from collections import namedtuple as nt

# ===================================================================
# --- system functions
# ===================================================================

# psutil.swap_memory()
sswap = nt("sswap", ("total", "used", "free", "percent", "sin", "sout"))

# psutil.disk_usage()
sdiskusage = nt("sdiskusage", ("total", "used", "free", "percent"))

# psutil.disk_partitions()
sdiskpart = nt("sdiskpart", ("device", "mountpoint", "fstype", "opts"))

# psutil.net_io_counters()
snetio = nt(
    "snetio",
    (
        "bytes_sent",
        "bytes_recv",
        "packets_sent",
        "packets_recv",
        "errin",
        "errout",
        "dropin",
        "dropout",
    ),
)

# psutil.users()
suser = nt("suser", ("name", "terminal", "host", "started", "pid"))

# psutil.net_connections()
sconn = nt(
    "sconn", ("fd", "family", "type", "laddr", "raddr", "status", "pid")
)

# psutil.net_if_addrs()
snicaddr = nt("snicaddr", ("family", "address", "netmask", "broadcast", "ptp"))

# psutil.net_if_stats()
snicstats = nt("snicstats", ("isup", "duplex", "speed", "mtu", "flags"))

# psutil.cpu_stats()
scpustats = nt(
    "scpustats", ("ctx_switches", "interrupts", "soft_interrupts", "syscalls")
)

# psutil.cpu_freq()
scpufreq = nt("scpufreq", ("current", "min", "max"))

# psutil.sensors_temperatures()
shwtemp = nt("shwtemp", ("label", "current", "high", "critical"))

# psutil.sensors_battery()
sbattery = nt("sbattery", ("percent", "secsleft", "power_plugged"))

# psutil.sensors_fans()
sfan = nt("sfan", ("label", "current"))

# psutil.heap_info() (mallinfo2)
pheap = nt("pheap", ("heap_used", "mmap_used"))

# psutil.cpu_times(): the field set depends on the kernel; set by _pslinux.py at import.
scputimes = None

# psutil.virtual_memory()
svmem = nt(
    "svmem",
    (
        "total",
        "available",
        "percent",
        "used",
        "free",
        "active",
        "inactive",
        "buffers",
        "cached",
        "shared",
        "slab",
    ),
)

# psutil.disk_io_counters()
sdiskio = nt(
    "sdiskio",
    (
        "read_count",
        "write_count",
        "read_bytes",
        "write_bytes",
        "read_time",
        "write_time",
        "read_merged_count",
        "write_merged_count",
        "busy_time",
    ),
)

# ===================================================================
# --- Process class
# ===================================================================

# psutil.Process.threads()
pthread = nt("pthread", ("id", "user_time", "system_time"))

# psutil.Process.uids()
puids = nt("puids", ("real", "effective", "saved"))

# psutil.Process.gids()
pgids = nt("pgids", ("real", "effective", "saved"))

# psutil.Process.ionice()
pionice = nt("pionice", ("ioclass", "value"))

# psutil.Process.ctx_switches()
pctxsw = nt("pctxsw", ("voluntary", "involuntary"))

# psutil.Process.net_connections()
pconn = nt("pconn", ("fd", "family", "type", "laddr", "raddr", "status"))

# psutil.net_connections() and psutil.Process.net_connections()
addr = nt("addr", ("ip", "port"))

# psutil.Process().open_files()
popenfile = nt("popenfile", ("path", "fd", "position", "mode", "flags"))

# psutil.Process().memory_info()
pmem = nt("pmem", ("rss", "vms", "shared", "text", "lib", "data", "dirty"))

# psutil.Process().memory_full_info()
pfullmem = nt("pfullmem", pmem._fields + ("uss", "pss", "swap"))

# psutil.Process().memory_maps(grouped=True)
pmmap_grouped = nt(
    "pmmap_grouped",
    (
        "path",
        "rss",
        "size",
        "pss",
        "shared_clean",
        "shared_dirty",
        "private_clean",
        "private_dirty",
        "referenced",
        "anonymous",
        "swap",
    ),
)

# psutil.Process().memory_maps(grouped=False)
pmmap_ext = nt("pmmap_ext", "addr perms " + " ".join(pmmap_grouped._fields))

# psutil.Process.io_counters()
pio = nt(
    "pio",
    (
        "read_count",
        "write_count",
        "read_bytes",
        "write_bytes",
        "read_chars",
        "write_chars",
    ),
)

# psutil.Process.cpu_times()
pcputimes = nt(
    "pcputimes",
    ("user", "system", "children_user", "children_system", "iowait"),
)
