//! FreeBSD backend: memory. `hw.physmem`, `vm.stats.vm.v_*_count`, `vfs.bufspace`,
//! `vm.vmtotal`; swap is not wired yet (psutil reads it through kvm).

pub(crate) use crate::sys::unsupported::memory::{swap_memory, SwapMemoryOs};

use super::parse;
use crate::disk::usage_percent;
use crate::memory::VirtualMemory;
use crate::paths::Roots;
use crate::sys::unix::sysctl;
use crate::Result;

/// The FreeBSD-only fields of `VirtualMemory`, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct VirtualMemoryOs {
    pub(crate) active: u64,
    pub(crate) inactive: u64,
    pub(crate) buffers: u64,
    pub(crate) cached: u64,
    pub(crate) shared: u64,
    pub(crate) wired: u64,
}

fn count(name: &std::ffi::CStr) -> Result<u64> {
    Ok(sysctl::u32_name(name)?)
}

/// psutil's `virtual_memory()` on FreeBSD.
pub(crate) fn virtual_memory(_roots: &Roots) -> Result<VirtualMemory> {
    let total = u64::try_from(sysctl::int_name(c"hw.physmem")?).unwrap_or(0);
    let vmtotal = sysctl::by_mib(&[libc::CTL_VM, libc::VM_TOTAL], None).and_then(|_| {
        // SAFETY: vmtotal is plain data; all zeroes is a valid value.
        let mut v: libc::vmtotal = unsafe { std::mem::zeroed() };
        // SAFETY: a plain-data struct viewed as bytes for the kernel to fill.
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(
                (&mut v as *mut libc::vmtotal).cast::<u8>(),
                std::mem::size_of::<libc::vmtotal>(),
            )
        };
        sysctl::by_mib(&[libc::CTL_VM, libc::VM_TOTAL], Some(bytes))?;
        Ok(v)
    })?;
    let shared = vmtotal.t_vmshr.saturating_add(vmtotal.t_rmshr);
    let [total, available, used, free, active, inactive, buffers, cached, shared, wired] =
        parse::virtual_memory(
            total,
            count(c"vm.stats.vm.v_active_count")?,
            count(c"vm.stats.vm.v_inactive_count")?,
            count(c"vm.stats.vm.v_wire_count")?,
            count(c"vm.stats.vm.v_cache_count").unwrap_or(0),
            count(c"vm.stats.vm.v_free_count")?,
            u64::try_from(sysctl::int_name(c"vfs.bufspace")?).unwrap_or(0),
            shared,
            sysctl::page_size(),
        );
    Ok(VirtualMemory {
        total,
        available,
        percent: usage_percent(total.saturating_sub(available), total),
        used,
        free,
        os: VirtualMemoryOs { active, inactive, buffers, cached, shared, wired },
    })
}
