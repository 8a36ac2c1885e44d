//! psutil's Windows `memtype` names (the fields of its Windows `pfullmem`) and
//! [`MemoryPercentExt`], `memory_percent` for each of them.
//!
//! The portable [`MemType`](crate::MemType) keeps psutil's Linux names, the ones a
//! program written for every platform uses; rss, vms and uss mean the same on Windows and
//! work there too. The Windows-only figures have Windows-only names here, beside the
//! fields they read ([`ProcessMemoryInfoExt`]).

use std::fmt;
use std::str::FromStr;

use super::process::ProcessMemoryInfoExt;
use crate::process::{invalid_memtype, percent_of_total};
use crate::{Error, Process, Result};

/// A field of psutil's Windows `pfullmem`, in its order.
///
/// ```
/// use psutil_rs::os::windows::WindowsMemType;
/// let t: WindowsMemType = "peak_wset".parse()?;
/// assert_eq!(t, WindowsMemType::PeakWset);
/// assert_eq!(t.to_string(), "peak_wset");
/// assert_eq!(WindowsMemType::ALL.len(), 13);
/// assert!("shared".parse::<WindowsMemType>().is_err());
/// # Ok::<(), psutil_rs::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum WindowsMemType {
    /// The working set (`WorkingSetSize`), the default.
    #[default]
    Rss,
    /// Committed private memory (`PagefileUsage`).
    Vms,
    /// Page faults (`PageFaultCount`), a count that psutil divides like bytes.
    NumPageFaults,
    /// The largest working set so far.
    PeakWset,
    /// The working set (= rss).
    Wset,
    /// The largest paged pool quota so far.
    PeakPagedPool,
    /// The paged pool quota.
    PagedPool,
    /// The largest non-paged pool quota so far.
    PeakNonpagedPool,
    /// The non-paged pool quota.
    NonpagedPool,
    /// Committed private memory (= vms).
    Pagefile,
    /// The largest `pagefile` so far.
    PeakPagefile,
    /// Private memory (`PrivateUsage`).
    Private,
    /// Unique set size ([`Process::memory_full_info`]; slower).
    Uss,
}

impl WindowsMemType {
    /// Every Windows memtype, in psutil's order (`pfullmem._fields`).
    pub const ALL: [WindowsMemType; 13] = [
        WindowsMemType::Rss,
        WindowsMemType::Vms,
        WindowsMemType::NumPageFaults,
        WindowsMemType::PeakWset,
        WindowsMemType::Wset,
        WindowsMemType::PeakPagedPool,
        WindowsMemType::PagedPool,
        WindowsMemType::PeakNonpagedPool,
        WindowsMemType::NonpagedPool,
        WindowsMemType::Pagefile,
        WindowsMemType::PeakPagefile,
        WindowsMemType::Private,
        WindowsMemType::Uss,
    ];

    /// psutil's name of the memtype.
    ///
    /// ```
    /// assert_eq!(psutil_rs::os::windows::WindowsMemType::NonpagedPool.as_str(), "nonpaged_pool");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            WindowsMemType::Rss => "rss",
            WindowsMemType::Vms => "vms",
            WindowsMemType::NumPageFaults => "num_page_faults",
            WindowsMemType::PeakWset => "peak_wset",
            WindowsMemType::Wset => "wset",
            WindowsMemType::PeakPagedPool => "peak_paged_pool",
            WindowsMemType::PagedPool => "paged_pool",
            WindowsMemType::PeakNonpagedPool => "peak_nonpaged_pool",
            WindowsMemType::NonpagedPool => "nonpaged_pool",
            WindowsMemType::Pagefile => "pagefile",
            WindowsMemType::PeakPagefile => "peak_pagefile",
            WindowsMemType::Private => "private",
            WindowsMemType::Uss => "uss",
        }
    }

    /// The memtype's value in `m` (`None` for uss, which `memory_info` lacks).
    fn read(self, m: &impl ProcessMemoryInfoExt) -> Option<u64> {
        Some(match self {
            WindowsMemType::Rss | WindowsMemType::Wset => m.wset(),
            WindowsMemType::Vms | WindowsMemType::Pagefile => m.pagefile(),
            WindowsMemType::NumPageFaults => m.num_page_faults(),
            WindowsMemType::PeakWset => m.peak_wset(),
            WindowsMemType::PeakPagedPool => m.peak_paged_pool(),
            WindowsMemType::PagedPool => m.paged_pool(),
            WindowsMemType::PeakNonpagedPool => m.peak_nonpaged_pool(),
            WindowsMemType::NonpagedPool => m.nonpaged_pool(),
            WindowsMemType::PeakPagefile => m.peak_pagefile(),
            WindowsMemType::Private => m.private(),
            WindowsMemType::Uss => return None,
        })
    }
}

impl fmt::Display for WindowsMemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WindowsMemType {
    type Err = Error;

    /// psutil's name → the memtype; any other → `InvalidArgument` with psutil's ValueError
    /// message.
    fn from_str(s: &str) -> Result<Self> {
        WindowsMemType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| invalid_memtype(s, WindowsMemType::ALL.iter().map(|t| t.as_str())))
    }
}

/// psutil's Windows `memory_percent(memtype)` for every Windows memtype.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::{MemoryPercentExt, WindowsMemType};
/// let me = psutil_rs::Process::current()?;
/// let peak = me.windows_memory_percent(WindowsMemType::PeakWset)?;
/// assert!(peak > 0.0 && peak <= 100.0);
/// # Ok(())
/// # }
/// ```
pub trait MemoryPercentExt {
    /// The memtype's value as a percent of `virtual_memory().total`, as psutil computes
    /// it: uss from [`Process::memory_full_info`], every other one from
    /// [`Process::memory_info`] (`GetProcessMemoryInfo`).
    fn windows_memory_percent(&self, memtype: WindowsMemType) -> Result<f64>;
}

impl MemoryPercentExt for Process {
    fn windows_memory_percent(&self, memtype: WindowsMemType) -> Result<f64> {
        let value = match memtype.read(&self.memory_info()?) {
            Some(v) => v,
            None => self.memory_full_info()?.uss,
        };
        percent_of_total(value, crate::virtual_memory()?.total)
    }
}
