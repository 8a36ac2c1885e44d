//! The Windows-only process calls and fields: [`ProcessExt`] (psutil's `num_handles()`
//! and its Windows `ionice()` values, [`IoPriority`]), [`ProcessMemoryInfoExt`] (psutil's
//! Windows `pmem` fields) and [`IoCountersExt`] (`pio.other_count`, `pio.other_bytes`).

use crate::process::{IoCounters, IoPrioClass, MemoryFullInfo, Process, ProcessMemoryInfo};
use crate::{Error, Result};

/// A Windows I/O priority (psutil's Windows `IOPriority`, the NT `IO_PRIORITY_HINT`).
///
/// ```
/// use psutil_rs::os::windows::IoPriority;
/// assert_eq!(IoPriority::Low as u32, 1);
/// assert_eq!(IoPriority::from_raw(3).unwrap(), IoPriority::High);
/// assert_eq!(IoPriority::VeryLow.name(), "IOPRIO_VERYLOW");
/// assert_eq!(IoPriority::from_raw(4).unwrap_err().to_string(), "4 is not a valid IOPriority");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IoPriority {
    /// Background work (`IoPriorityVeryLow`).
    VeryLow = 0,
    /// Low (`IoPriorityLow`).
    Low = 1,
    /// The default (`IoPriorityNormal`).
    Normal = 2,
    /// High; setting it usually needs a privilege (`IoPriorityHigh`).
    High = 3,
}

/// psutil's `IOPRIO_VERYLOW` (0).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::IOPRIO_VERYLOW as u32, 0);
/// ```
pub const IOPRIO_VERYLOW: IoPriority = IoPriority::VeryLow;
/// psutil's `IOPRIO_LOW` (1).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::IOPRIO_LOW as u32, 1);
/// ```
pub const IOPRIO_LOW: IoPriority = IoPriority::Low;
/// psutil's `IOPRIO_NORMAL` (2).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::IOPRIO_NORMAL as u32, 2);
/// ```
pub const IOPRIO_NORMAL: IoPriority = IoPriority::Normal;
/// psutil's `IOPRIO_HIGH` (3).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::IOPRIO_HIGH as u32, 3);
/// ```
pub const IOPRIO_HIGH: IoPriority = IoPriority::High;

impl IoPriority {
    /// The priority with psutil's number, or `InvalidArgument` (Python's message for
    /// `IOPriority(n)`).
    ///
    /// ```
    /// use psutil_rs::os::windows::IoPriority;
    /// assert_eq!(IoPriority::from_raw(2).unwrap(), IoPriority::Normal);
    /// assert!(IoPriority::from_raw(7).is_err());
    /// ```
    pub fn from_raw(n: u32) -> Result<Self> {
        match n {
            0 => Ok(IoPriority::VeryLow),
            1 => Ok(IoPriority::Low),
            2 => Ok(IoPriority::Normal),
            3 => Ok(IoPriority::High),
            _ => Err(Error::invalid(format!("{n} is not a valid IOPriority"))),
        }
    }

    /// psutil's constant name, e.g. `"IOPRIO_NORMAL"`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::os::windows::IoPriority::High.name(), "IOPRIO_HIGH");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            IoPriority::VeryLow => "IOPRIO_VERYLOW",
            IoPriority::Low => "IOPRIO_LOW",
            IoPriority::Normal => "IOPRIO_NORMAL",
            IoPriority::High => "IOPRIO_HIGH",
        }
    }
}

/// Windows-only calls of [`Process`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::ProcessExt;
/// let me = psutil_rs::Process::current()?;
/// assert!(me.num_handles()? > 0);
/// # Ok(())
/// # }
/// ```
pub trait ProcessExt {
    /// The number of handles the process holds (psutil's `num_handles()`):
    /// `GetProcessHandleCount`, or SPI's `HandleCount` when the process cannot be opened.
    /// A count of 0 is checked against the system-wide handle list (Wine 8.0 answers 0
    /// for every process).
    fn num_handles(&self) -> Result<u64>;

    /// The I/O priority (psutil's Windows `ionice()`), from
    /// `NtQueryInformationProcess(ProcessIoPriority)`. The portable [`Process::ionice`]
    /// gives the same number as an [`IoPrioClass`], whose names are Linux's.
    fn io_priority(&self) -> Result<IoPriority>;

    /// Sets the I/O priority (psutil's Windows `ionice(ioclass)`), after the pid-reuse
    /// check, with `NtSetInformationProcess(ProcessIoPriority)`. `High` usually needs a
    /// privilege (AccessDenied).
    fn set_io_priority(&self, priority: IoPriority) -> Result<()>;
}

impl ProcessExt for Process {
    fn num_handles(&self) -> Result<u64> {
        crate::sys::windows::process_res::num_handles(&self.backend())
    }

    fn io_priority(&self) -> Result<IoPriority> {
        IoPriority::from_raw(self.ionice()?.ioclass as u32)
    }

    fn set_io_priority(&self, priority: IoPriority) -> Result<()> {
        self.set_ionice(IoPrioClass::from_raw(i64::from(priority as u32))?, None)
    }
}

/// psutil's Windows `pmem` fields after rss and vms (`PROCESS_MEMORY_COUNTERS_EX`), also
/// on [`MemoryFullInfo`] (psutil's `pfullmem` starts with them). Bytes, but
/// `num_page_faults`. Under Wine 8.0 `num_page_faults`, the pool fields and `private` are 0.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::ProcessMemoryInfoExt;
/// let m = psutil_rs::Process::current()?.memory_info()?;
/// assert_eq!((m.wset(), m.pagefile()), (m.rss, m.vms));
/// assert!(m.peak_wset() >= m.wset());
/// # Ok(())
/// # }
/// ```
pub trait ProcessMemoryInfoExt {
    /// Page faults (`PageFaultCount`), a count.
    fn num_page_faults(&self) -> u64;
    /// The largest working set so far (`PeakWorkingSetSize`).
    fn peak_wset(&self) -> u64;
    /// The working set (`WorkingSetSize`, = rss).
    fn wset(&self) -> u64;
    /// The largest paged pool quota so far (`QuotaPeakPagedPoolUsage`).
    fn peak_paged_pool(&self) -> u64;
    /// The paged pool quota (`QuotaPagedPoolUsage`).
    fn paged_pool(&self) -> u64;
    /// The largest non-paged pool quota so far (`QuotaPeakNonPagedPoolUsage`).
    fn peak_nonpaged_pool(&self) -> u64;
    /// The non-paged pool quota (`QuotaNonPagedPoolUsage`).
    fn nonpaged_pool(&self) -> u64;
    /// Committed private memory (`PagefileUsage`, = vms).
    fn pagefile(&self) -> u64;
    /// The largest `pagefile` so far (`PeakPagefileUsage`).
    fn peak_pagefile(&self) -> u64;
    /// Private memory (`PrivateUsage`).
    fn private(&self) -> u64;
}

macro_rules! memory_fields {
    ($ty:ty, $os:ident) => {
        impl ProcessMemoryInfoExt for $ty {
            fn num_page_faults(&self) -> u64 {
                self.$os.num_page_faults
            }
            fn peak_wset(&self) -> u64 {
                self.$os.peak_wset
            }
            fn wset(&self) -> u64 {
                self.$os.wset
            }
            fn peak_paged_pool(&self) -> u64 {
                self.$os.peak_paged_pool
            }
            fn paged_pool(&self) -> u64 {
                self.$os.paged_pool
            }
            fn peak_nonpaged_pool(&self) -> u64 {
                self.$os.peak_nonpaged_pool
            }
            fn nonpaged_pool(&self) -> u64 {
                self.$os.nonpaged_pool
            }
            fn pagefile(&self) -> u64 {
                self.$os.pagefile
            }
            fn peak_pagefile(&self) -> u64 {
                self.$os.peak_pagefile
            }
            fn private(&self) -> u64 {
                self.$os.private
            }
        }
    };
}

memory_fields!(ProcessMemoryInfo, os);
memory_fields!(MemoryFullInfo, mem);

/// psutil's Windows `pio` fields after the four portable counters
/// (`GetProcessIoCounters`). Under Wine 8.0 every counter is 0.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::IoCountersExt;
/// let io = psutil_rs::Process::current()?.io_counters()?;
/// println!("{} other operations moved {} bytes", io.other_count(), io.other_bytes());
/// # Ok(())
/// # }
/// ```
pub trait IoCountersExt {
    /// I/O operations other than reads and writes (`OtherOperationCount`).
    fn other_count(&self) -> u64;
    /// Bytes moved by those (`OtherTransferCount`).
    fn other_bytes(&self) -> u64;
}

impl IoCountersExt for IoCounters {
    fn other_count(&self) -> u64 {
        self.os.other_count
    }
    fn other_bytes(&self) -> u64 {
        self.os.other_bytes
    }
}
