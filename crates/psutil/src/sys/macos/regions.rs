//! `uss` on macOS: the walk over a task's VM regions with `proc_pidinfo(PROC_PIDREGIONINFO,
//! address)` (xnu `<sys/proc_info.h>` `struct proc_regioninfo`, 96 bytes, not in libc),
//! summing the pages only this process maps, as psutil's `psutil_proc_memory_uss`. The
//! region read is a closure, so the walk is unit-tested on Linux with fake regions.
// Wired into the macOS backend only; unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

use crate::sys::unix::bsd::bytes::{u32_at, u64_at};
use crate::sys::unix::bsd::DecodeError;

/// `sizeof(struct proc_regioninfo)`.
pub(crate) const REGIONINFO_SIZE: usize = 96;

/// Offsets in `proc_regioninfo`.
pub(crate) mod ri {
    pub(crate) const REF_COUNT: usize = 52;
    pub(crate) const SHARE_MODE: usize = 60;
    pub(crate) const PRIVATE_PAGES_RESIDENT: usize = 64;
    pub(crate) const SHARED_PAGES_RESIDENT: usize = 68;
    pub(crate) const ADDRESS: usize = 80;
    pub(crate) const SIZE: usize = 88;
}

/// xnu's `struct proc_regioninfo`, field by field, so the compiler checks the offsets
/// above on every target (LP64: `uint64_t` is 8-aligned on both macOS arches).
#[repr(C)]
#[allow(dead_code)] // never built: only measured
struct ProcRegionInfo {
    pri_protection: u32,
    pri_max_protection: u32,
    pri_inheritance: u32,
    pri_flags: u32,
    pri_offset: u64,
    pri_behavior: u32,
    pri_user_wired_count: u32,
    pri_user_tag: u32,
    pri_pages_resident: u32,
    pri_pages_shared_now_private: u32,
    pri_pages_swapped_out: u32,
    pri_pages_dirtied: u32,
    pri_ref_count: u32,
    pri_shadow_depth: u32,
    pri_share_mode: u32,
    pri_private_pages_resident: u32,
    pri_shared_pages_resident: u32,
    pri_obj_id: u32,
    pri_depth: u32,
    pri_address: u64,
    pri_size: u64,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(
        size_of::<ProcRegionInfo>() == REGIONINFO_SIZE
            && offset_of!(ProcRegionInfo, pri_ref_count) == ri::REF_COUNT
            && offset_of!(ProcRegionInfo, pri_share_mode) == ri::SHARE_MODE
            && offset_of!(ProcRegionInfo, pri_private_pages_resident) == ri::PRIVATE_PAGES_RESIDENT
            && offset_of!(ProcRegionInfo, pri_shared_pages_resident) == ri::SHARED_PAGES_RESIDENT
            && offset_of!(ProcRegionInfo, pri_address) == ri::ADDRESS
            && offset_of!(ProcRegionInfo, pri_size) == ri::SIZE
    );
};

/// The fields of one region the `uss` rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub(crate) share_mode: u32,
    pub(crate) private_resident: u32,
    pub(crate) shared_resident: u32,
    pub(crate) ref_count: u32,
    pub(crate) address: u64,
    pub(crate) size: u64,
}

/// Decodes one `proc_regioninfo`; psutil treats any other answer size as truncated.
pub(crate) fn parse_region(buf: &[u8]) -> Result<Region, DecodeError> {
    const TRUNCATED: DecodeError = DecodeError("proc_pidinfo(PROC_PIDREGIONINFO) truncated");
    if buf.len() != REGIONINFO_SIZE {
        return Err(TRUNCATED);
    }
    let d = |off| u32_at(buf, off).ok_or(TRUNCATED);
    Ok(Region {
        share_mode: d(ri::SHARE_MODE)?,
        private_resident: d(ri::PRIVATE_PAGES_RESIDENT)?,
        shared_resident: d(ri::SHARED_PAGES_RESIDENT)?,
        ref_count: d(ri::REF_COUNT)?,
        address: u64_at(buf, ri::ADDRESS).ok_or(TRUNCATED)?,
        size: u64_at(buf, ri::SIZE).ok_or(TRUNCATED)?,
    })
}

// `SM_*` share modes (xnu `<mach/vm_region.h>`).
const SM_COW: u32 = 1;
const SM_PRIVATE: u32 = 2;
const SM_LARGE_PAGE: u32 = 8;

/// One region's contribution in pages: a region inside the shared region counts only
/// when private; private and large-page regions count private plus shared resident pages;
/// copy-on-write ones their private pages, plus the shared ones when only this mapping
/// refers to them; every other mode (empty, shared, aliased) nothing.
pub(crate) fn region_pages(r: &Region, in_shared_region: bool) -> u64 {
    if in_shared_region && r.share_mode != SM_PRIVATE {
        return 0;
    }
    let (p, s) = (u64::from(r.private_resident), u64::from(r.shared_resident));
    match r.share_mode {
        SM_PRIVATE | SM_LARGE_PAGE => p + s,
        SM_COW if r.ref_count == 1 => p + s,
        SM_COW => p,
        _ => 0,
    }
}

// `cpu_type_t` values (xnu `<mach/machine.h>`): 64-bit types carry `CPU_ARCH_ABI64`.
const CPU_TYPE_I386: i32 = 7;
const CPU_TYPE_X86_64: i32 = CPU_TYPE_I386 | 0x0100_0000;

/// The shared region (dyld's shared cache) of a process of `cputype` as `[base, end)`, as
/// psutil's `psutil_in_shared_region`: x86_64 and i386 only (psutil has no arm64 case, so
/// nothing is skipped on Apple Silicon). The x86_64 range is macOS 12's and later
/// (`SHARED_REGION_BASE_X86_64` 0x7FF800000000, size 0x7FE000000).
pub(crate) fn shared_region(cputype: i32) -> Option<(u64, u64)> {
    match cputype {
        CPU_TYPE_X86_64 => Some((0x7FF8_0000_0000, 0x7FF8_0000_0000 + 0x7_FE00_0000)),
        CPU_TYPE_I386 => Some((0x9000_0000, 0x9000_0000 + 0x2000_0000)),
        _ => None,
    }
}

/// Why a walk stopped without a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WalkError {
    /// The first region could not be read: the process is gone, a zombie or not ours
    /// (the errno, 0 when none, for `raise_for_pid`).
    First(i32),
    /// A region answer of the wrong size.
    Decode(DecodeError),
}

/// psutil's `uss` walk, in pages: `read(address)` answers the region at or after
/// `address` (its bytes, or the errno). A failure past the first region is the end of
/// the address space; so is a region of size 0 or one that does not move the address
/// forward.
pub(crate) fn uss_pages(
    mut read: impl FnMut(u64) -> Result<Vec<u8>, i32>,
    shared: Option<(u64, u64)>,
) -> Result<u64, WalkError> {
    let mut addr = 0u64;
    let mut pages = 0u64;
    let mut regions = 0usize;
    loop {
        let buf = match read(addr) {
            Ok(b) => b,
            Err(errno) if regions == 0 => return Err(WalkError::First(errno)),
            Err(_) => break,
        };
        let r = parse_region(&buf).map_err(WalkError::Decode)?;
        regions += 1;
        let inside = shared.is_some_and(|(base, end)| base <= r.address && r.address < end);
        pages = pages.saturating_add(region_pages(&r, inside));
        let next = r.address.saturating_add(r.size);
        if r.size == 0 || next <= addr {
            break;
        }
        addr = next;
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::unix::bsd::bytes::build::*;

    fn region(mode: u32, private: u32, shared: u32, refs: u32, address: u64, size: u64) -> Vec<u8> {
        let mut b = vec![0u8; REGIONINFO_SIZE];
        put_u32(&mut b, ri::REF_COUNT, refs);
        put_u32(&mut b, ri::SHARE_MODE, mode);
        put_u32(&mut b, ri::PRIVATE_PAGES_RESIDENT, private);
        put_u32(&mut b, ri::SHARED_PAGES_RESIDENT, shared);
        put_u64(&mut b, ri::ADDRESS, address);
        put_u64(&mut b, ri::SIZE, size);
        b
    }

    #[test]
    fn region_fields_and_sizes() {
        let r = parse_region(&region(2, 10, 5, 1, 0x1000, 0x4000)).unwrap();
        assert_eq!(
            r,
            Region {
                share_mode: 2,
                private_resident: 10,
                shared_resident: 5,
                ref_count: 1,
                address: 0x1000,
                size: 0x4000
            }
        );
        assert!(parse_region(&[0u8; 95]).is_err(), "short");
        assert!(parse_region(&[0u8; 97]).is_err(), "long: another struct");
        assert!(parse_region(&[]).is_err());
    }

    #[test]
    fn share_mode_table() {
        // (mode, private, shared, refs, inside the shared region) -> pages
        let rows: &[(u32, u32, u32, u32, bool, u64)] = &[
            (SM_PRIVATE, 10, 5, 1, false, 15),
            (SM_PRIVATE, 10, 5, 3, true, 15),
            (SM_LARGE_PAGE, 4, 4, 1, false, 8),
            (SM_LARGE_PAGE, 4, 4, 1, true, 0),
            (SM_COW, 10, 5, 1, false, 15),
            (SM_COW, 10, 5, 2, false, 10),
            (SM_COW, 10, 5, 1, true, 0),
            (3, 10, 5, 1, false, 0),
            (4, 10, 5, 1, false, 0),
            (5, 10, 5, 1, false, 0),
            (6, 10, 5, 1, false, 0),
            (7, 10, 5, 1, false, 0),
            (0, 10, 5, 1, false, 0),
            (99, 10, 5, 1, false, 0),
        ];
        for &(mode, p, s, refs, inside, want) in rows {
            let r = parse_region(&region(mode, p, s, refs, 0, 1)).unwrap();
            assert_eq!(region_pages(&r, inside), want, "mode {mode}, inside {inside}");
        }
        let huge = parse_region(&region(SM_PRIVATE, u32::MAX, u32::MAX, 1, 0, 1)).unwrap();
        assert_eq!(region_pages(&huge, false), 2 * u64::from(u32::MAX));
    }

    #[test]
    fn shared_region_by_cpu_type() {
        let (base, end) = shared_region(0x0100_0007).unwrap();
        assert_eq!((base, end), (0x7FF8_0000_0000, 0x7FFF_FE00_0000));
        assert_eq!(shared_region(7), Some((0x9000_0000, 0xB000_0000)));
        assert_eq!(shared_region(0x0100_000C), None, "arm64: psutil skips nothing");
        assert_eq!(shared_region(12), None);
        assert_eq!(shared_region(-1), None);
    }

    /// A fake task: its regions by start address; a read at `addr` answers the first
    /// region ending after it (what the kernel's lookup does).
    fn task(regions: Vec<Vec<u8>>) -> impl FnMut(u64) -> Result<Vec<u8>, i32> {
        move |addr| {
            regions
                .iter()
                .find(|r| {
                    let r = parse_region(r).unwrap();
                    r.address + r.size > addr
                })
                .cloned()
                .ok_or(libc::EINVAL)
        }
    }

    #[test]
    fn walk_sums_every_region_until_the_end() {
        let regions = vec![
            region(SM_PRIVATE, 3, 1, 1, 0x1000, 0x4000),
            region(SM_COW, 2, 7, 2, 0x5000, 0x2000),
            region(4, 50, 50, 9, 0x8000, 0x1000),
        ];
        assert_eq!(uss_pages(task(regions), None), Ok(4 + 2));
    }

    #[test]
    fn walk_skips_shared_region_unless_private() {
        let base = 0x7FF8_0000_0000;
        let regions = vec![
            region(SM_COW, 100, 100, 1, base, 0x1000),
            region(SM_PRIVATE, 5, 0, 1, base + 0x1000, 0x1000),
            region(SM_COW, 1, 1, 1, 0x7FFF_FE00_0000, 0x1000),
        ];
        let x86 = shared_region(0x0100_0007);
        assert_eq!(uss_pages(task(regions.clone()), x86), Ok(5 + 2), "the last one is past the end");
        assert_eq!(uss_pages(task(regions), None), Ok(200 + 5 + 2));
    }

    #[test]
    fn walk_errors_and_stops() {
        assert_eq!(uss_pages(|_| Err(libc::ESRCH), None), Err(WalkError::First(libc::ESRCH)));
        assert_eq!(uss_pages(|_| Err(0), None), Err(WalkError::First(0)));
        let truncated = uss_pages(|_| Ok(vec![0u8; 40]), None);
        assert!(matches!(truncated, Err(WalkError::Decode(_))), "{truncated:?}");
        // A region of size 0 ends the walk after counting it.
        let mut calls = 0;
        let zero = uss_pages(
            |_| {
                calls += 1;
                Ok(region(SM_PRIVATE, 1, 0, 1, 0x1000, 0))
            },
            None,
        );
        assert_eq!((zero, calls), (Ok(1), 1));
        // A region that does not move forward ends it too (no endless loop).
        let mut calls = 0;
        let stuck = uss_pages(
            |_| {
                calls += 1;
                Ok(region(SM_PRIVATE, 1, 0, 1, 0x1000, 0x1000))
            },
            None,
        );
        assert_eq!((stuck, calls), (Ok(2), 2));
        // An address space ending at the top: the sum saturates, no overflow.
        let top = uss_pages(task(vec![region(SM_PRIVATE, 1, 0, 1, u64::MAX - 0x10, 0x10)]), None);
        assert_eq!(top, Ok(1));
    }
}
