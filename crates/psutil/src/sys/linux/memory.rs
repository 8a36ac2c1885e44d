//! Linux backend: system memory and swap, from `<proc>/meminfo`, `<proc>/zoneinfo`,
//! `<proc>/vmstat` and `sysinfo(2)`, with psutil 7.2.2's formulas.

use super::fs::{parse_u64, trim_ascii, with_file, with_file_raw};
use crate::disk::usage_percent;
use crate::memory::{SwapMemory, VirtualMemory};
use crate::paths::Roots;
use crate::{Error, Result};

/// Names of the fields psutil sets to 0 (with a warning) when they cannot be determined,
/// in psutil's order; bit `i` of a mask stands for `MISSING_NAMES[i]`.
pub(crate) const MISSING_NAMES: [&str; 6] =
    ["buffers", "cached", "shared", "active", "inactive", "available"];
const M_BUFFERS: u8 = 1;
const M_CACHED: u8 = 1 << 1;
const M_SHARED: u8 = 1 << 2;
const M_ACTIVE: u8 = 1 << 3;
const M_INACTIVE: u8 = 1 << 4;
const M_AVAILABLE: u8 = 1 << 5;

/// The Linux-only part of [`VirtualMemory`], read through
/// [`crate::os::linux::VirtualMemoryExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct VirtualMemoryOs {
    pub(crate) active: u64,
    pub(crate) inactive: u64,
    pub(crate) buffers: u64,
    pub(crate) cached: u64,
    pub(crate) shared: u64,
    pub(crate) slab: u64,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) missing: u8,
}

impl VirtualMemoryOs {
    /// The fields that could not be determined and were set to 0, in psutil's order.
    pub(crate) fn missing_fields(&self) -> Vec<&'static str> {
        MISSING_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.missing & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// The Linux-only part of [`SwapMemory`]: whether `sin`/`sout` could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct SwapMemoryOs {
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) sin_sout_missing: bool,
}

impl SwapMemoryOs {
    pub(crate) fn missing_fields(&self) -> Vec<&'static str> {
        if self.sin_sout_missing {
            vec!["sin", "sout"]
        } else {
            Vec::new()
        }
    }
}

/// The `/proc/meminfo` keys psutil uses, in bytes (kB × 1024); `None` when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct MemInfo {
    pub(crate) mem_total: Option<u64>,
    pub(crate) mem_free: Option<u64>,
    pub(crate) mem_available: Option<u64>,
    pub(crate) buffers: Option<u64>,
    pub(crate) cached: Option<u64>,
    pub(crate) sreclaimable: Option<u64>,
    pub(crate) shmem: Option<u64>,
    pub(crate) mem_shared: Option<u64>,
    pub(crate) active: Option<u64>,
    pub(crate) inactive: Option<u64>,
    pub(crate) inact_dirty: Option<u64>,
    pub(crate) inact_clean: Option<u64>,
    pub(crate) inact_laundry: Option<u64>,
    pub(crate) slab: Option<u64>,
    pub(crate) active_file: Option<u64>,
    pub(crate) inactive_file: Option<u64>,
    pub(crate) swap_total: Option<u64>,
    pub(crate) swap_free: Option<u64>,
}

/// Parses `/proc/meminfo`. Each line is `Key: value [kB]`; the value of a key psutil uses
/// must be an unsigned integer (kB), else `Error::Parse`. Other lines are not looked at.
/// A later duplicate of a key wins, as in psutil's dict.
pub(crate) fn parse_meminfo(bytes: &[u8]) -> Result<MemInfo> {
    let mut m = MemInfo::default();
    for line in bytes.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let key = &line[..colon];
        let slot = match key {
            b"MemTotal" => &mut m.mem_total,
            b"MemFree" => &mut m.mem_free,
            b"MemAvailable" => &mut m.mem_available,
            b"Buffers" => &mut m.buffers,
            b"Cached" => &mut m.cached,
            b"SReclaimable" => &mut m.sreclaimable,
            b"Shmem" => &mut m.shmem,
            b"MemShared" => &mut m.mem_shared,
            b"Active" => &mut m.active,
            b"Inactive" => &mut m.inactive,
            b"Inact_dirty" => &mut m.inact_dirty,
            b"Inact_clean" => &mut m.inact_clean,
            b"Inact_laundry" => &mut m.inact_laundry,
            b"Slab" => &mut m.slab,
            b"Active(file)" => &mut m.active_file,
            b"Inactive(file)" => &mut m.inactive_file,
            b"SwapTotal" => &mut m.swap_total,
            b"SwapFree" => &mut m.swap_free,
            _ => continue,
        };
        let bad = || Error::parse("/proc/meminfo", format!("bad value for {}", String::from_utf8_lossy(key)));
        let value =
            line[colon + 1..].split(|b| b.is_ascii_whitespace()).find(|t| !t.is_empty()).ok_or_else(bad)?;
        let kib = parse_u64(value).ok_or_else(bad)?;
        *slot = Some(kib.checked_mul(1024).ok_or_else(bad)?);
    }
    Ok(m)
}

/// The sum of the `low` watermarks (in pages) of `/proc/zoneinfo`: every line that starts
/// with `low` once stripped, whose second token must be an integer.
pub(crate) fn parse_zoneinfo_low(bytes: &[u8]) -> Result<u64> {
    let mut sum: u64 = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let line = trim_ascii(line);
        if !line.starts_with(b"low") {
            continue;
        }
        let bad = || Error::parse("/proc/zoneinfo", "bad 'low' line");
        let v = line.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).nth(1).and_then(parse_u64);
        sum = sum.checked_add(v.ok_or_else(bad)?).ok_or_else(bad)?;
    }
    Ok(sum)
}

/// `pswpin` and `pswpout` of `/proc/vmstat` in bytes (× 4096, as psutil hard-codes), or
/// `None` when either line is missing.
pub(crate) fn parse_vmstat_swap(bytes: &[u8]) -> Result<Option<(u64, u64)>> {
    let (mut sin, mut sout) = (None, None);
    for line in bytes.split(|&b| b == b'\n') {
        let slot = if line.starts_with(b"pswpin") {
            &mut sin
        } else if line.starts_with(b"pswpout") {
            &mut sout
        } else {
            continue;
        };
        let bad = || Error::parse("/proc/vmstat", "bad pswpin/pswpout line");
        // psutil: int(line.split(b' ')[1]) * 4 * 1024.
        let v = line.split(|&b| b == b' ').nth(1).map(trim_ascii).and_then(parse_u64).ok_or_else(bad)?;
        *slot = Some(v.checked_mul(4096).ok_or_else(bad)?);
        if let (Some(i), Some(o)) = (sin, sout) {
            return Ok(Some((i, o)));
        }
    }
    Ok(None)
}

/// psutil's `calculate_avail_vmem`: the kernel 3.14 estimate of available memory, or
/// `free + Cached` when a needed key or zoneinfo is missing. `zone_low_pages` gives the
/// zoneinfo sum (`Ok(None)` when zoneinfo cannot be opened).
fn calculate_avail(
    m: &MemInfo,
    free: u64,
    page_size: u64,
    zone_low_pages: impl FnOnce() -> Result<Option<u64>>,
) -> Result<f64> {
    let fallback = free as f64 + m.cached.unwrap_or(0) as f64;
    let (Some(active_file), Some(inactive_file), Some(sreclaimable)) =
        (m.active_file, m.inactive_file, m.sreclaimable)
    else {
        return Ok(fallback);
    };
    let Some(low_pages) = zone_low_pages()? else { return Ok(fallback) };
    // Python ints are exact; f64 is exact below 2^53 bytes (8 PiB), Python's float math
    // takes over at the same points below.
    let wmark_low = low_pages as f64 * page_size as f64;
    let mut avail = free as f64 - wmark_low;
    let mut pagecache = active_file as f64 + inactive_file as f64;
    pagecache -= (pagecache / 2.0).min(wmark_low);
    avail += pagecache;
    let sr = sreclaimable as f64;
    avail += sr - (sr / 2.0).min(wmark_low);
    Ok(avail.trunc())
}

/// psutil 7.2.2's `virtual_memory()` from parsed meminfo.
pub(crate) fn build_virtual_memory(
    m: &MemInfo,
    page_size: u64,
    zone_low_pages: impl FnOnce() -> Result<Option<u64>>,
) -> Result<VirtualMemory> {
    let total = m.mem_total.ok_or_else(|| Error::parse("/proc/meminfo", "MemTotal is missing"))?;
    let free = m.mem_free.ok_or_else(|| Error::parse("/proc/meminfo", "MemFree is missing"))?;
    let mut missing = 0u8;
    let mut or_missing = |v: Option<u64>, bit: u8| {
        v.unwrap_or_else(|| {
            missing |= bit;
            0
        })
    };
    let buffers = or_missing(m.buffers, M_BUFFERS);
    let cached = or_missing(m.cached, M_CACHED);
    let cached = if m.cached.is_some() { cached.saturating_add(m.sreclaimable.unwrap_or(0)) } else { cached };
    let shared = or_missing(m.shmem.or(m.mem_shared), M_SHARED);
    let active = or_missing(m.active, M_ACTIVE);
    let inact_sum = match (m.inact_dirty, m.inact_clean, m.inact_laundry) {
        (Some(a), Some(b), Some(c)) => a.checked_add(b).and_then(|s| s.checked_add(c)),
        _ => None,
    };
    let inactive = or_missing(m.inactive.or(inact_sum), M_INACTIVE);
    let slab = m.slab.unwrap_or(0);

    // i128 holds every u64 and the (possibly negative) estimate without loss.
    let avail: i128 = match m.mem_available {
        Some(a) if a != 0 => i128::from(a),
        _ => calculate_avail(m, free, page_size, zone_low_pages)? as i128,
    };
    let available = if avail < 0 {
        missing |= M_AVAILABLE;
        0
    } else if avail > i128::from(total) {
        free
    } else {
        u64::try_from(avail).unwrap_or(free)
    };
    let used = total.saturating_sub(available);
    Ok(VirtualMemory {
        total,
        available,
        percent: usage_percent(used, total),
        used,
        free,
        os: VirtualMemoryOs { active, inactive, buffers, cached, shared, slab, missing },
    })
}

/// psutil's `swap_memory()` from parsed meminfo and vmstat. `sysinfo` gives
/// `(totalswap, freeswap)` in bytes when meminfo lacks SwapTotal/SwapFree.
pub(crate) fn build_swap_memory(
    m: &MemInfo,
    sysinfo: impl FnOnce() -> (u64, u64),
    vmstat: Result<Option<(u64, u64)>>,
) -> Result<SwapMemory> {
    let (total, free) = match (m.swap_total, m.swap_free) {
        (Some(t), Some(f)) => (t, f),
        _ => sysinfo(),
    };
    // psutil's `total - free` can go negative on a broken kernel; here it stops at 0.
    let used = total.saturating_sub(free);
    let (sin, sout, sin_sout_missing) = match vmstat? {
        Some((i, o)) => (i, o, false),
        None => (0, 0, true),
    };
    Ok(SwapMemory {
        total,
        used,
        free,
        percent: usage_percent(used, total),
        sin,
        sout,
        os: SwapMemoryOs { sin_sout_missing },
    })
}

fn read_meminfo(roots: &Roots) -> Result<MemInfo> {
    with_file(&roots.proc_file("meminfo"), parse_meminfo)
}

pub(crate) fn virtual_memory(roots: &Roots) -> Result<VirtualMemory> {
    let m = read_meminfo(roots)?;
    build_virtual_memory(&m, super::fs::page_size(), || {
        // psutil falls back when zoneinfo cannot be opened, but not when it is malformed.
        match with_file_raw(&roots.proc_file("zoneinfo"), parse_zoneinfo_low) {
            Ok(parsed) => parsed.map(Some),
            Err(_) => Ok(None),
        }
    })
}

/// `(totalswap, freeswap)` × `mem_unit` from `sysinfo(2)`.
#[allow(clippy::useless_conversion)] // the fields are 32-bit on 32-bit targets
pub(crate) fn sysinfo_swap() -> (u64, u64) {
    let si = rustix::system::sysinfo();
    let unit = u64::from(si.mem_unit.max(1));
    (u64::from(si.totalswap).saturating_mul(unit), u64::from(si.freeswap).saturating_mul(unit))
}

pub(crate) fn swap_memory(roots: &Roots) -> Result<SwapMemory> {
    let m = read_meminfo(roots)?;
    // A vmstat that cannot be opened gives 0 and 0, as in psutil (with its warning).
    let vmstat = with_file_raw(&roots.proc_file("vmstat"), parse_vmstat_swap).unwrap_or(Ok(None));
    build_swap_memory(&m, sysinfo_swap, vmstat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MODERN: &[u8] = b"MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    600 kB\n\
Buffers:          10 kB\nCached:          300 kB\nActive:          400 kB\nInactive:        200 kB\n\
Active(file):    150 kB\nInactive(file):  100 kB\nShmem:            20 kB\nSlab:             60 kB\n\
SReclaimable:     40 kB\nSwapTotal:       500 kB\nSwapFree:        125 kB\nHugePages_Total:       0\n";

    fn no_zone() -> Result<Option<u64>> {
        Ok(None)
    }

    #[test]
    fn modern_meminfo() {
        let m = parse_meminfo(MODERN).unwrap();
        let v = build_virtual_memory(&m, 4096, no_zone).unwrap();
        assert_eq!(v.total, 1000 * 1024);
        assert_eq!(v.available, 600 * 1024);
        assert_eq!(v.used, 400 * 1024);
        assert_eq!(v.free, 100 * 1024);
        assert_eq!(v.percent, 40.0);
        assert_eq!(v.os.cached, 340 * 1024);
        assert_eq!((v.os.active, v.os.inactive, v.os.buffers), (400 * 1024, 200 * 1024, 10 * 1024));
        assert_eq!((v.os.shared, v.os.slab), (20 * 1024, 60 * 1024));
        assert!(v.os.missing_fields().is_empty());
    }

    #[test]
    fn zoneinfo_estimate_when_available_is_missing_or_zero() {
        let text = String::from_utf8(MODERN.to_vec()).unwrap();
        for replaced in [
            text.replace("MemAvailable:    600 kB\n", ""),
            text.replace("MemAvailable:    600", "MemAvailable:    0"),
        ] {
            let m = parse_meminfo(replaced.as_bytes()).unwrap();
            // low = 10 pages of 1024 bytes = 10 KiB.
            let v = build_virtual_memory(&m, 1024, || Ok(Some(10))).unwrap();
            // free 100 - 10 + (250 - min(125,10)) + (40 - min(20,10)) = 90 + 240 + 30 = 360 KiB
            assert_eq!(v.available, 360 * 1024);
            // Without zoneinfo: free + Cached.
            let v = build_virtual_memory(&m, 1024, no_zone).unwrap();
            assert_eq!(v.available, 400 * 1024);
        }
    }

    #[test]
    fn fallbacks_and_missing_fields() {
        let m = parse_meminfo(b"MemTotal: 100 kB\nMemFree: 50 kB\nInact_dirty: 1 kB\nInact_clean: 2 kB\nInact_laundry: 3 kB\nMemShared: 7 kB\n").unwrap();
        let v = build_virtual_memory(&m, 4096, || panic!("zoneinfo must not be read")).unwrap();
        assert_eq!(v.os.inactive, 6 * 1024);
        assert_eq!(v.os.shared, 7 * 1024);
        assert_eq!(v.available, 50 * 1024); // free + Cached(0)
        assert_eq!(v.os.missing_fields(), vec!["buffers", "cached", "active"]);
        // Available above total (LXC): available = free.
        let m = parse_meminfo(b"MemTotal: 100 kB\nMemFree: 50 kB\nMemAvailable: 200 kB\n").unwrap();
        assert_eq!(build_virtual_memory(&m, 4096, no_zone).unwrap().available, 50 * 1024);
        // A negative estimate is clamped to 0 and reported.
        let m = parse_meminfo(b"MemTotal: 100 kB\nMemFree: 1 kB\nActive(file): 0 kB\nInactive(file): 0 kB\nSReclaimable: 0 kB\n").unwrap();
        let v = build_virtual_memory(&m, 4096, || Ok(Some(1000))).unwrap();
        assert_eq!((v.available, v.used, v.percent), (0, 100 * 1024, 100.0));
        assert!(v.os.missing_fields().contains(&"available"));
        // Zero total: percent 0.0.
        let m = parse_meminfo(b"MemTotal: 0 kB\nMemFree: 0 kB\nMemAvailable: 0 kB\n").unwrap();
        assert_eq!(build_virtual_memory(&m, 4096, no_zone).unwrap().percent, 0.0);
    }

    #[test]
    fn malformed_meminfo() {
        for bad in [
            &b"MemTotal: x kB\n"[..],
            b"MemTotal:\n",
            b"MemTotal: 18446744073709551615 kB\n",
            b"MemTotal: -1 kB\n",
        ] {
            assert!(matches!(parse_meminfo(bad), Err(Error::Parse { .. })), "{bad:?}");
        }
        for missing in [&b""[..], b"MemFree: 1 kB\n", b"MemTotal: 1 kB\n", b"garbage\n\0\xff"] {
            let m = parse_meminfo(missing).unwrap();
            assert!(matches!(build_virtual_memory(&m, 4096, no_zone), Err(Error::Parse { .. })));
        }
        // Lines with no space after the colon are accepted.
        assert_eq!(parse_meminfo(b"MemTotal:5 kB\n").unwrap().mem_total, Some(5 * 1024));
    }

    #[test]
    fn zoneinfo_and_vmstat() {
        let z =
            b"Node 0, zone DMA\n  pages free 3\n        min      1\n        low      57\n        high 9\n\
Node 0, zone Normal\n        low      11663\n";
        assert_eq!(parse_zoneinfo_low(z).unwrap(), 57 + 11663);
        assert_eq!(parse_zoneinfo_low(b"").unwrap(), 0);
        assert!(parse_zoneinfo_low(b"  low x\n").is_err());
        let vm = b"nr_free_pages 1\npswpin 3\npswpout 4\n";
        assert_eq!(parse_vmstat_swap(vm).unwrap(), Some((3 * 4096, 4 * 4096)));
        assert_eq!(parse_vmstat_swap(b"pswpin 3\n").unwrap(), None);
        assert!(parse_vmstat_swap(b"pswpin\n").is_err());
    }

    #[test]
    fn swap_sources() {
        let m = parse_meminfo(MODERN).unwrap();
        let s = build_swap_memory(&m, || panic!("meminfo has swap"), Ok(Some((1, 2)))).unwrap();
        assert_eq!(
            (s.total, s.free, s.used, s.percent, s.sin, s.sout),
            (512_000, 128_000, 384_000, 75.0, 1, 2)
        );
        let s = build_swap_memory(&MemInfo::default(), || (0, 0), Ok(None)).unwrap();
        assert_eq!((s.total, s.percent), (0, 0.0));
        assert_eq!(s.os.missing_fields(), vec!["sin", "sout"]);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        let keys =
            |json: String| -> Vec<String> { json.split('"').skip(1).step_by(2).map(str::to_owned).collect() };
        let m = parse_meminfo(MODERN).unwrap();
        let v = build_virtual_memory(&m, 4096, no_zone).unwrap();
        let want = [
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
        ];
        assert_eq!(keys(serde_json::to_string(&v).unwrap()), want);
        let s = build_swap_memory(&m, || (0, 0), Ok(None)).unwrap();
        assert_eq!(
            keys(serde_json::to_string(&s).unwrap()),
            ["total", "used", "free", "percent", "sin", "sout"]
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic(bytes: Vec<u8>) {
            if let Ok(m) = parse_meminfo(&bytes) {
                let _ = build_virtual_memory(&m, 4096, || Ok(Some(3)));
                let _ = build_swap_memory(&m, || (0, 0), Ok(None));
            }
            let _ = parse_zoneinfo_low(&bytes);
            let _ = parse_vmstat_swap(&bytes);
        }

        #[test]
        fn totals_are_consistent(total in 0u64..1 << 40, free_frac in 0.0f64..1.0, avail in proptest::option::of(0u64..1 << 41),
                                 cached in 0u64..1 << 40, low in 0u64..1 << 20) {
            let free = (total as f64 * free_frac) as u64;
            let mut text = format!("MemTotal: {total} kB\nMemFree: {free} kB\nCached: {cached} kB\nActive(file): 1 kB\nInactive(file): 1 kB\nSReclaimable: 1 kB\n");
            if let Some(a) = avail { text += &format!("MemAvailable: {a} kB\n"); }
            let m = parse_meminfo(text.as_bytes()).unwrap();
            let v = build_virtual_memory(&m, 4096, || Ok(Some(low))).unwrap();
            prop_assert!(v.available <= v.total);
            prop_assert_eq!(v.used + v.available, v.total);
            prop_assert!((0.0..=100.0).contains(&v.percent));
        }
    }
}
