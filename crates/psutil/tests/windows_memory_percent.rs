//! psutil's Windows `memory_percent(memtype)` (`os::windows::MemoryPercentExt`) for every
//! field of its Windows `pfullmem`, against `memory_info`'s own fields (read before and
//! after, through `ProcessMemoryInfoExt`) and `virtual_memory().total`; names as psutil
//! spells them, and its ValueError for any other. Under Wine 8.0 uss is refused as
//! `memory_full_info` is (ERROR_INVALID_PARAMETER).
#![cfg(windows)]

mod common;

use common::under_wine;
use psutil_rs::os::windows::{MemoryPercentExt, ProcessMemoryInfoExt, WindowsMemType};
use psutil_rs::{Error, MemType, Process, ProcessMemoryInfo};

/// The memtype's field of `m`, as psutil reads it from `memory_info()`.
fn field(m: &ProcessMemoryInfo, t: WindowsMemType) -> u64 {
    match t {
        WindowsMemType::Rss => m.rss,
        WindowsMemType::Vms => m.vms,
        WindowsMemType::NumPageFaults => m.num_page_faults(),
        WindowsMemType::PeakWset => m.peak_wset(),
        WindowsMemType::Wset => m.wset(),
        WindowsMemType::PeakPagedPool => m.peak_paged_pool(),
        WindowsMemType::PagedPool => m.paged_pool(),
        WindowsMemType::PeakNonpagedPool => m.peak_nonpaged_pool(),
        WindowsMemType::NonpagedPool => m.nonpaged_pool(),
        WindowsMemType::Pagefile => m.pagefile(),
        WindowsMemType::PeakPagefile => m.peak_pagefile(),
        WindowsMemType::Private => m.private(),
        WindowsMemType::Uss => unreachable!("uss is not a memory_info field"),
    }
}

#[test]
fn every_windows_memtype_is_its_field_over_the_total() {
    let me = Process::current().unwrap();
    let total = psutil_rs::virtual_memory().unwrap().total as f64;
    // Another test thread may allocate meanwhile: the value lies between two reads, with
    // 1 MiB of room for the allocator.
    let slack = 1024.0 * 1024.0;
    for t in WindowsMemType::ALL.into_iter().filter(|t| *t != WindowsMemType::Uss) {
        let before = field(&me.memory_info().unwrap(), t) as f64;
        let pct = me.windows_memory_percent(t).unwrap();
        let after = field(&me.memory_info().unwrap(), t) as f64;
        let value = pct * total / 100.0;
        let (lo, hi) = (before.min(after) - slack, before.max(after) + slack);
        assert!((lo..=hi).contains(&value), "{t}: {pct}% of {total} = {value}, fields {before}..{after}");
    }
    let rss = me.windows_memory_percent(WindowsMemType::Rss).unwrap();
    assert!(rss > 0.0 && rss < 100.0, "{rss}");
    let portable = me.memory_percent(MemType::Rss).unwrap();
    assert!((portable - rss).abs() * total / 100.0 <= slack, "{portable} vs {rss}");
}

#[test]
fn uss_is_memory_full_info_over_the_total() {
    let me = Process::current().unwrap();
    let pct = me.windows_memory_percent(WindowsMemType::Uss);
    if under_wine() {
        // Wine 8.0: no MemoryWorkingSetInformation (STATUS_INVALID_INFO_CLASS).
        assert_eq!(pct.expect_err("no USS under Wine").raw_os_error(), Some(87));
        assert_eq!(me.memory_full_info().expect_err("no USS under Wine").raw_os_error(), Some(87));
    } else {
        let total = psutil_rs::virtual_memory().unwrap().total as f64;
        let uss = me.memory_full_info().unwrap().uss as f64;
        assert!((pct.unwrap() * total / 100.0 - uss).abs() <= 1024.0 * 1024.0);
    }
}

#[test]
fn names_are_psutils_windows_pfullmem_fields() {
    let names: Vec<&str> = WindowsMemType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(
        names,
        [
            "rss",
            "vms",
            "num_page_faults",
            "peak_wset",
            "wset",
            "peak_paged_pool",
            "paged_pool",
            "peak_nonpaged_pool",
            "nonpaged_pool",
            "pagefile",
            "peak_pagefile",
            "private",
            "uss"
        ]
    );
    for t in WindowsMemType::ALL {
        assert_eq!(t.as_str().parse::<WindowsMemType>().unwrap(), t);
    }
    let err = "shared".parse::<WindowsMemType>().unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
    assert_eq!(
        err.to_string(),
        "invalid memtype 'shared'; valid types are ('rss', 'vms', 'num_page_faults', 'peak_wset', 'wset', \
         'peak_paged_pool', 'paged_pool', 'peak_nonpaged_pool', 'nonpaged_pool', 'pagefile', 'peak_pagefile', \
         'private', 'uss')"
    );
    // The portable memtypes that Windows lacks stay refused.
    let me = Process::current().unwrap();
    assert!(matches!(me.memory_percent(MemType::Shared), Err(Error::InvalidArgument(_))));
}
