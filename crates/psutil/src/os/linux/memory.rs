//! Linux extension traits: memory.

use crate::memory::{SwapMemory, VirtualMemory};

/// The Linux-only fields of [`VirtualMemory`] (psutil's `svmem` on Linux), in bytes.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::linux::VirtualMemoryExt;
/// let vm = psutil_rs::virtual_memory()?;
/// assert!(vm.cached() <= vm.total);
/// assert!(vm.missing_fields().is_empty()); // a modern kernel reports everything
/// # Ok(())
/// # }
/// ```
pub trait VirtualMemoryExt {
    /// Memory currently in use or very recently used (`Active`).
    fn active(&self) -> u64;
    /// Memory marked as not used (`Inactive`, or the sum of the old `Inact_*` fields).
    fn inactive(&self) -> u64;
    /// Cache for things like file system metadata (`Buffers`).
    fn buffers(&self) -> u64;
    /// Cache for various things: `Cached + SReclaimable`, as `free` shows it.
    fn cached(&self) -> u64;
    /// Memory that may be accessed by multiple processes (`Shmem`, else `MemShared`).
    fn shared(&self) -> u64;
    /// In-kernel data structures cache (`Slab`).
    fn slab(&self) -> u64;
    /// The fields that could not be determined and were set to 0, in psutil's order
    /// (`buffers`, `cached`, `shared`, `active`, `inactive`, `available`): what psutil
    /// reports in its `RuntimeWarning`.
    fn missing_fields(&self) -> Vec<&'static str>;
}

impl VirtualMemoryExt for VirtualMemory {
    fn active(&self) -> u64 {
        self.os.active
    }
    fn inactive(&self) -> u64 {
        self.os.inactive
    }
    fn buffers(&self) -> u64 {
        self.os.buffers
    }
    fn cached(&self) -> u64 {
        self.os.cached
    }
    fn shared(&self) -> u64 {
        self.os.shared
    }
    fn slab(&self) -> u64 {
        self.os.slab
    }
    fn missing_fields(&self) -> Vec<&'static str> {
        self.os.missing_fields()
    }
}

/// Linux-only information about a [`SwapMemory`] reading.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::linux::SwapMemoryExt;
/// let s = psutil_rs::swap_memory()?;
/// assert!(s.missing_fields().is_empty() || (s.sin == 0 && s.sout == 0));
/// # Ok(())
/// # }
/// ```
pub trait SwapMemoryExt {
    /// `["sin", "sout"]` when `<proc>/vmstat` or its `pswpin`/`pswpout` lines were missing
    /// and both were set to 0 (psutil's `RuntimeWarning`), else empty.
    fn missing_fields(&self) -> Vec<&'static str>;
}

impl SwapMemoryExt for SwapMemory {
    fn missing_fields(&self) -> Vec<&'static str> {
        self.os.missing_fields()
    }
}
