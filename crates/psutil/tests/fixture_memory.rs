//! virtual_memory() and swap_memory() on fixture trees. Expected values come from real
//! psutil 7.2.2 run with `PROCFS_PATH` set to each fixture's `proc` directory.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::at;

use psutil_rs::os::linux::{SwapMemoryExt, VirtualMemoryExt};
use psutil_rs::paths::with_roots;
use psutil_rs::{swap_memory, virtual_memory, Error, VirtualMemory};

fn vm(name: &str) -> psutil_rs::Result<VirtualMemory> {
    with_roots(at(name), virtual_memory)
}

/// (total, available, percent, used, free, active, inactive, buffers, cached, shared, slab)
type Svmem = (u64, u64, f64, u64, u64, u64, u64, u64, u64, u64, u64);

fn fields(v: &VirtualMemory) -> Svmem {
    (
        v.total,
        v.available,
        v.percent,
        v.used,
        v.free,
        v.active(),
        v.inactive(),
        v.buffers(),
        v.cached(),
        v.shared(),
        v.slab(),
    )
}

const MODERN: Svmem = (
    25276063744,
    24518610944,
    3.0,
    757452800,
    22887825408,
    716083200,
    1354104832,
    8077312,
    1885913088,
    9166848,
    101691392,
);

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as u64 }
}

#[test]
fn modern_kernel() {
    let v = vm("mem_modern").unwrap();
    assert_eq!(fields(&v), MODERN);
    assert!(v.missing_fields().is_empty());
}

#[test]
fn available_from_zoneinfo_when_memavailable_is_missing_or_zero() {
    for name in ["mem_noavail", "mem_avail0"] {
        let v = vm(name).unwrap();
        if page_size() == 4096 {
            // psutil 7.2.2 on these files, PAGESIZE 4096.
            assert_eq!((v.available, v.percent, v.used), (24561444864, 2.8, 714618880), "{name}");
        }
        // The estimate never exceeds free + page cache + reclaimable slab.
        assert!(v.available <= v.free + (697668 + 1068264 + 74780) * 1024, "{name}");
        assert!(v.missing_fields().is_empty());
    }
}

#[test]
fn free_plus_cached_without_zoneinfo_or_lru_fields() {
    for name in ["mem_nozoneinfo", "mem_noactivefile"] {
        let v = vm(name).unwrap();
        assert_eq!((v.available, v.percent, v.used), (24697163776, 2.3, 578899968), "{name}");
    }
    // Without SReclaimable, cached is Cached alone.
    assert_eq!(vm("mem_noactivefile").unwrap().cached(), 1809338368);
}

#[test]
fn malformed_zoneinfo_is_an_error_like_psutil() {
    assert!(matches!(vm("mem_badzone"), Err(Error::Parse { .. })));
}

#[test]
fn old_kernel_and_missing_fields() {
    let v = vm("mem_old24").unwrap();
    assert_eq!(fields(&v), (1024000, 204800, 80.0, 819200, 204800, 0, 35840, 0, 0, 30720, 0));
    assert_eq!(v.missing_fields(), vec!["buffers", "cached", "active"]);
    let v = vm("mem_missing").unwrap();
    assert_eq!(fields(&v), (1024000, 512000, 50.0, 512000, 204800, 0, 0, 0, 0, 0, 0));
    assert_eq!(v.missing_fields(), vec!["buffers", "cached", "shared", "active", "inactive"]);
}

#[test]
fn clamping() {
    // MemAvailable above MemTotal (LXC): available = free.
    let v = vm("mem_lxc").unwrap();
    assert_eq!(fields(&v), (1024000, 204800, 80.0, 819200, 204800, 4096, 5120, 1024, 2048, 3072, 0));
    assert!(v.missing_fields().is_empty());
    // A negative estimate: 0, reported as missing.
    let v = vm("mem_negative").unwrap();
    assert_eq!((v.total, v.available, v.percent, v.used, v.free), (1024000, 0, 100.0, 1024000, 1024));
    assert_eq!(v.missing_fields(), vec!["buffers", "shared", "active", "inactive", "available"]);
}

#[test]
fn huge_values() {
    let v = vm("mem_huge").unwrap();
    assert_eq!(
        (v.total, v.available, v.percent, v.used, v.free),
        (18446744073709550592, 18446744073709550592, 0.0, 0, 18446744073709550592)
    );
    // psutil has big integers; a byte count beyond u64 is reported, not wrapped.
    assert!(matches!(vm("mem_overflow"), Err(Error::Parse { .. })));
}

#[test]
fn empty_truncated_garbage_and_missing_files() {
    for name in ["mem_empty", "mem_truncated", "mem_garbage"] {
        assert!(matches!(vm(name), Err(Error::Parse { .. })), "{name}");
    }
    let err = vm("cpu_modern").unwrap_err(); // a tree without meminfo
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    let err = with_roots(at("cpu_modern"), swap_memory).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}

#[test]
fn swap_from_meminfo_and_vmstat() {
    let s = with_roots(at("mem_modern"), swap_memory).unwrap();
    assert_eq!(
        (s.total, s.used, s.free, s.percent, s.sin, s.sout),
        (2147479552, 1073741824, 1073737728, 50.0, 4096000, 8192000)
    );
    assert!(s.missing_fields().is_empty());
    for name in ["mem_novmstat", "mem_nopswpin"] {
        let s = with_roots(at(name), swap_memory).unwrap();
        assert_eq!((s.total, s.used, s.sin, s.sout), (2147479552, 1073741824, 0, 0), "{name}");
        assert_eq!(s.missing_fields(), vec!["sin", "sout"]);
    }
    assert!(matches!(with_roots(at("mem_badvmstat"), swap_memory), Err(Error::Parse { .. })));
    assert!(matches!(with_roots(at("mem_garbage"), swap_memory), Err(Error::Parse { .. })));
}

#[test]
fn swap_falls_back_to_sysinfo() {
    // SAFETY: sysinfo writes into the zeroed struct we pass.
    let (total, free) = unsafe {
        let mut si: libc::sysinfo = std::mem::zeroed();
        assert_eq!(libc::sysinfo(&mut si), 0);
        let unit = u64::from(si.mem_unit.max(1));
        (si.totalswap as u64 * unit, si.freeswap as u64 * unit)
    };
    let s = with_roots(at("mem_noswapkeys"), swap_memory).unwrap();
    assert_eq!(s.total, total);
    // Free swap moves; allow 64 MiB of change between the two reads.
    assert!(s.free.abs_diff(free) <= 64 << 20, "{} vs {free}", s.free);
    assert_eq!((s.sin, s.sout), (4096000, 8192000));
}
