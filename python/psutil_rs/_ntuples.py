"""The named tuples psutil_rs returns (Linux), with psutil 7.2's type names and field
order. They are plain ``collections.namedtuple`` classes defined in this module, so
they pickle, JSON-serialize and compare like psutil's."""

from collections import namedtuple


def _nt(name, fields):
    return namedtuple(name, fields.split())


_MAP_NUMBERS = (
    "rss size pss shared_clean shared_dirty private_clean private_dirty "
    "referenced anonymous swap"
)

# System-wide results.
svmem = _nt("svmem", "total available percent used free active inactive buffers cached shared slab")
sswap = _nt("sswap", "total used free percent sin sout")
sdiskusage = _nt("sdiskusage", "total used free percent")
sdiskpart = _nt("sdiskpart", "device mountpoint fstype opts")
sdiskio = _nt(
    "sdiskio",
    "read_count write_count read_bytes write_bytes read_time write_time "
    "read_merged_count write_merged_count busy_time",
)
snetio = _nt("snetio", "bytes_sent bytes_recv packets_sent packets_recv errin errout dropin dropout")
sconn = _nt("sconn", "fd family type laddr raddr status pid")
addr = _nt("addr", "ip port")
snicaddr = _nt("snicaddr", "family address netmask broadcast ptp")
snicstats = _nt("snicstats", "isup duplex speed mtu flags")
scpustats = _nt("scpustats", "ctx_switches interrupts soft_interrupts syscalls")
scpufreq = _nt("scpufreq", "current min max")
shwtemp = _nt("shwtemp", "label current high critical")
sfan = _nt("sfan", "label current")
sbattery = _nt("sbattery", "percent secsleft power_plugged")
suser = _nt("suser", "name terminal host started pid")
pheap = _nt("pheap", "heap_used mmap_used")
# cpu_times(): its fields depend on the kernel; _pslinux builds it at import.
scputimes = None

# Process results.
pcputimes = _nt("pcputimes", "user system children_user children_system iowait")
pmem = _nt("pmem", "rss vms shared text lib data dirty")
pfullmem = _nt("pfullmem", " ".join(pmem._fields) + " uss pss swap")
pmmap_grouped = _nt("pmmap_grouped", "path " + _MAP_NUMBERS)
pmmap_ext = _nt("pmmap_ext", "addr perms path " + _MAP_NUMBERS)
pio = _nt("pio", "read_count write_count read_bytes write_bytes read_chars write_chars")
pctxsw = _nt("pctxsw", "voluntary involuntary")
pthread = _nt("pthread", "id user_time system_time")
popenfile = _nt("popenfile", "path fd position mode flags")
pconn = _nt("pconn", "fd family type laddr raddr status")
puids = _nt("puids", "real effective saved")
pgids = _nt("pgids", "real effective saved")
pionice = _nt("pionice", "ioclass value")
