//! macOS-only fields, as extension traits on the portable types.

use crate::memory::VirtualMemory;
use crate::process::ProcessMemoryInfo;

/// The macOS-only fields of [`VirtualMemory`] (psutil's `svmem` on macOS), in bytes.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::macos::VirtualMemoryExt;
/// let vm = psutil_rs::virtual_memory()?;
/// assert!(vm.wired() <= vm.total);
/// assert_eq!(vm.used, vm.active() + vm.wired());
/// # Ok(())
/// # }
/// ```
pub trait VirtualMemoryExt {
    /// Pages in active use (`active_count` × page size).
    fn active(&self) -> u64;
    /// Pages not recently used, reclaimable (`inactive_count` × page size).
    fn inactive(&self) -> u64;
    /// Pages the kernel keeps in RAM (`wire_count` × page size).
    fn wired(&self) -> u64;
}

impl VirtualMemoryExt for VirtualMemory {
    fn active(&self) -> u64 {
        self.os.active
    }
    fn inactive(&self) -> u64 {
        self.os.inactive
    }
    fn wired(&self) -> u64 {
        self.os.wired
    }
}

/// The macOS-only fields of [`ProcessMemoryInfo`] (psutil's `pmem` on macOS).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::macos::ProcessMemoryInfoExt;
/// let m = psutil_rs::Process::current()?.memory_info()?;
/// assert!(m.pfaults() > 0);
/// # Ok(())
/// # }
/// ```
pub trait ProcessMemoryInfoExt {
    /// Page faults (`pti_faults`), a count.
    fn pfaults(&self) -> u64;
    /// Page-ins (`pti_pageins`), a count.
    fn pageins(&self) -> u64;
}

impl ProcessMemoryInfoExt for ProcessMemoryInfo {
    fn pfaults(&self) -> u64 {
        self.os.pfaults
    }
    fn pageins(&self) -> u64 {
        self.os.pageins
    }
}
