"""The named tuples psutil_rs returns, with psutil 7.2's type names and field order on
each platform. They are plain ``collections.namedtuple`` classes defined in this module,
so they pickle, JSON-serialize and compare like psutil's.

``shapes(platform)`` builds the set of one platform ("linux", "windows", "macos" or
"freebsd"); the module's globals are the running platform's. The tests compare every
platform's set with psutil's own ``_ntuples.py``.
"""

from collections import namedtuple

from . import _common


def _nt(name, fields):
    return namedtuple(name, fields.split())


_MAP_NUMBERS = (
    "rss size pss shared_clean shared_dirty private_clean private_dirty "
    "referenced anonymous swap"
)
_SVMEM = "total available percent used free"
_DISKIO = "read_count write_count read_bytes write_bytes"
_PIO = "read_count write_count read_bytes write_bytes"
_PCPUTIMES = "user system children_user children_system"


def _everywhere():
    """The shapes every platform shares (some are replaced per platform)."""
    return {
        "sswap": _nt("sswap", "total used free percent sin sout"),
        "sdiskusage": _nt("sdiskusage", "total used free percent"),
        "sdiskio": _nt("sdiskio", _DISKIO + " read_time write_time"),
        "sdiskpart": _nt("sdiskpart", "device mountpoint fstype opts"),
        "snetio": _nt("snetio", "bytes_sent bytes_recv packets_sent packets_recv errin errout dropin dropout"),
        "suser": _nt("suser", "name terminal host started pid"),
        "sconn": _nt("sconn", "fd family type laddr raddr status pid"),
        "snicaddr": _nt("snicaddr", "family address netmask broadcast ptp"),
        "snicstats": _nt("snicstats", "isup duplex speed mtu flags"),
        "scpustats": _nt("scpustats", "ctx_switches interrupts soft_interrupts syscalls"),
        "scpufreq": _nt("scpufreq", "current min max"),
        "shwtemp": _nt("shwtemp", "label current high critical"),
        "sbattery": _nt("sbattery", "percent secsleft power_plugged"),
        "sfan": _nt("sfan", "label current"),
        "pheap": _nt("pheap", "heap_used mmap_used"),
        "pcputimes": _nt("pcputimes", _PCPUTIMES),
        "popenfile": _nt("popenfile", "path fd"),
        "pthread": _nt("pthread", "id user_time system_time"),
        "puids": _nt("puids", "real effective saved"),
        "pgids": _nt("pgids", "real effective saved"),
        "pio": _nt("pio", _PIO),
        "pionice": _nt("pionice", "ioclass value"),
        "pctxsw": _nt("pctxsw", "voluntary involuntary"),
        "pconn": _nt("pconn", "fd family type laddr raddr status"),
        "addr": _nt("addr", "ip port"),
    }


def _linux():
    pmem = _nt("pmem", "rss vms shared text lib data dirty")
    grouped = _nt("pmmap_grouped", "path " + _MAP_NUMBERS)
    return {
        # cpu_times(): its fields depend on the kernel; _pslinux builds it at import.
        "scputimes": None,
        "svmem": _nt("svmem", _SVMEM + " active inactive buffers cached shared slab"),
        "sdiskio": _nt(
            "sdiskio",
            _DISKIO + " read_time write_time read_merged_count write_merged_count busy_time",
        ),
        "popenfile": _nt("popenfile", "path fd position mode flags"),
        "pmem": pmem,
        "pfullmem": _nt("pfullmem", " ".join(pmem._fields) + " uss pss swap"),
        "pmmap_grouped": grouped,
        "pmmap_ext": _nt("pmmap_ext", "addr perms " + " ".join(grouped._fields)),
        "pio": _nt("pio", _PIO + " read_chars write_chars"),
        "pcputimes": _nt("pcputimes", _PCPUTIMES + " iowait"),
    }


def _windows():
    pmem = _nt(
        "pmem",
        "rss vms num_page_faults peak_wset wset peak_paged_pool paged_pool "
        "peak_nonpaged_pool nonpaged_pool pagefile peak_pagefile private",
    )
    return {
        "scputimes": _nt("scputimes", "user system idle interrupt dpc"),
        "svmem": _nt("svmem", _SVMEM),
        "pheap": _nt("pheap", "heap_used mmap_used heap_count"),
        "pmem": pmem,
        "pfullmem": _nt("pfullmem", " ".join(pmem._fields) + " uss"),
        "pmmap_grouped": _nt("pmmap_grouped", "path rss"),
        "pmmap_ext": _nt("pmmap_ext", "addr perms path rss"),
        "pio": _nt("pio", _PIO + " other_count other_bytes"),
    }


def _macos():
    pmem = _nt("pmem", "rss vms pfaults pageins")
    return {
        "scputimes": _nt("scputimes", "user nice system idle"),
        "svmem": _nt("svmem", _SVMEM + " active inactive wired"),
        "pmem": pmem,
        "pfullmem": _nt("pfullmem", " ".join(pmem._fields) + " uss"),
    }


def _freebsd():
    pmem = _nt("pmem", "rss vms text data stack")
    numbers = "rss private ref_count shadow_count"
    return {
        "svmem": _nt("svmem", _SVMEM + " active inactive buffers cached shared wired"),
        "scputimes": _nt("scputimes", "user nice system idle irq"),
        "pmem": pmem,
        # psutil's memory_full_info() on BSD is memory_info(): the same class
        "pfullmem": pmem,
        "pmmap_grouped": _nt("pmmap_grouped", "path " + numbers),
        "pmmap_ext": _nt("pmmap_ext", "addr perms path " + numbers),
        "sdiskio": _nt("sdiskio", _DISKIO + " read_time write_time busy_time"),
    }


_PLATFORMS = {"linux": _linux, "windows": _windows, "macos": _macos, "freebsd": _freebsd}


def shapes(platform):
    """{name: named tuple class} of *platform* ("linux", "windows", "macos", "freebsd")."""
    table = _everywhere()
    table.update(_PLATFORMS[platform]())
    return table


# the running platform's (on a platform without a layer, the Linux set: the package
# refuses to import there anyway)
globals().update(shapes(_common._PLATFORM if _common._PLATFORM in _PLATFORMS else "linux"))
