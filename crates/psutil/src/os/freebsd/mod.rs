//! FreeBSD-only fields, as extension traits on the portable types.

use crate::cpu::CpuTimes;
use crate::memory::VirtualMemory;
use crate::process::{MemoryMap, ProcessMemoryInfo};

/// The FreeBSD-only fields of [`VirtualMemory`] (psutil's `svmem` on FreeBSD), in bytes.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::freebsd::VirtualMemoryExt;
/// let vm = psutil_rs::virtual_memory()?;
/// assert_eq!(vm.available, vm.inactive() + vm.cached() + vm.free);
/// assert!(vm.buffers() <= vm.total);
/// # Ok(())
/// # }
/// ```
pub trait VirtualMemoryExt {
    /// Recently used pages (`v_active_count`).
    fn active(&self) -> u64;
    /// Pages not recently used (`v_inactive_count`).
    fn inactive(&self) -> u64;
    /// The buffer cache (`vfs.bufspace`).
    fn buffers(&self) -> u64;
    /// Cached pages (`v_cache_count`; 0 on kernels without that queue).
    fn cached(&self) -> u64;
    /// Shared memory (`t_vmshr + t_rmshr` of `vm.vmtotal`).
    fn shared(&self) -> u64;
    /// Pages the kernel keeps in RAM (`v_wire_count`).
    fn wired(&self) -> u64;
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
    fn wired(&self) -> u64 {
        self.os.wired
    }
}

/// The FreeBSD-only field of [`CpuTimes`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::freebsd::CpuTimesExt;
/// assert!(psutil_rs::cpu_times()?.irq() >= 0.0);
/// # Ok(())
/// # }
/// ```
pub trait CpuTimesExt {
    /// Time servicing interrupts (`CP_INTR`), in seconds.
    fn irq(&self) -> f64;
}

impl CpuTimesExt for CpuTimes {
    fn irq(&self) -> f64 {
        self.os.irq
    }
}

/// The FreeBSD-only fields of [`ProcessMemoryInfo`] (psutil's `pmem` on FreeBSD), bytes.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::freebsd::ProcessMemoryInfoExt;
/// let m = psutil_rs::Process::current()?.memory_info()?;
/// assert!(m.text() > 0 && m.text() <= m.vms);
/// # Ok(())
/// # }
/// ```
pub trait ProcessMemoryInfoExt {
    /// Text (code) size (`ki_tsize` pages × page size).
    fn text(&self) -> u64;
    /// Data size (`ki_dsize` pages × page size).
    fn data(&self) -> u64;
    /// Stack size (`ki_ssize` pages × page size).
    fn stack(&self) -> u64;
}

impl ProcessMemoryInfoExt for ProcessMemoryInfo {
    fn text(&self) -> u64 {
        self.os.text
    }
    fn data(&self) -> u64 {
        self.os.data
    }
    fn stack(&self) -> u64 {
        self.os.stack
    }
}

/// The FreeBSD-only columns of a [`MemoryMap`] row (psutil's `pmmap_ext` /
/// `pmmap_grouped` on FreeBSD); summed per path in grouped rows.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::freebsd::MemoryMapExt;
/// let maps = psutil_rs::Process::current()?.memory_maps(false)?;
/// // This process's heap and stack are resident and its own.
/// assert!(maps.iter().map(|m| m.private()).sum::<u64>() > 0);
/// # Ok(())
/// # }
/// ```
pub trait MemoryMapExt {
    /// Resident pages only this mapping's object holds (`kve_private_resident`), bytes.
    fn private(&self) -> u64;
    /// References to the mapping's VM object (`kve_ref_count`).
    fn ref_count(&self) -> u64;
    /// Objects shadowing it (`kve_shadow_count`).
    fn shadow_count(&self) -> u64;
}

impl MemoryMapExt for MemoryMap {
    fn private(&self) -> u64 {
        self.os.private
    }
    fn ref_count(&self) -> u64 {
        self.os.ref_count
    }
    fn shadow_count(&self) -> u64 {
        self.os.shadow_count
    }
}
