//! Linux-only fields of the process types: [`ProcessCpuTimesExt`] (`iowait`) and
//! [`ProcessMemoryInfoExt`] (`shared`, `text`, `lib`, `data`, `dirty`).

use crate::process::{ProcessCpuTimes, ProcessMemoryInfo};

/// Linux-only field of [`ProcessCpuTimes`] (psutil's `pcputimes.iowait`).
///
/// ```
/// use psutil_rs::os::linux::ProcessCpuTimesExt;
/// let t = psutil_rs::Process::current().unwrap().cpu_times().unwrap();
/// assert!(t.iowait() >= 0.0);
/// ```
pub trait ProcessCpuTimesExt {
    /// Time spent waiting for block I/O (`delayacct_blkio_ticks`; 0 on kernels without it).
    fn iowait(&self) -> f64;
}

impl ProcessCpuTimesExt for ProcessCpuTimes {
    fn iowait(&self) -> f64 {
        self.os.iowait
    }
}

/// Linux-only fields of [`ProcessMemoryInfo`] (psutil's `pmem` on Linux), bytes.
///
/// ```
/// use psutil_rs::os::linux::ProcessMemoryInfoExt;
/// let m = psutil_rs::Process::current().unwrap().memory_info().unwrap();
/// assert!(m.text() > 0 && m.lib() == 0 && m.dirty() == 0);
/// ```
pub trait ProcessMemoryInfoExt {
    /// Shared memory (file-backed resident pages).
    fn shared(&self) -> u64;
    /// Text (code) size.
    fn text(&self) -> u64;
    /// Library size (always 0 since Linux 2.6).
    fn lib(&self) -> u64;
    /// Data + stack size.
    fn data(&self) -> u64;
    /// Dirty pages (always 0 since Linux 2.6).
    fn dirty(&self) -> u64;
}

impl ProcessMemoryInfoExt for ProcessMemoryInfo {
    fn shared(&self) -> u64 {
        self.os.shared
    }
    fn text(&self) -> u64 {
        self.os.text
    }
    fn lib(&self) -> u64 {
        self.os.lib
    }
    fn data(&self) -> u64 {
        self.os.data
    }
    fn dirty(&self) -> u64 {
        self.os.dirty
    }
}
