//! macOS backend: memory. `hw.memsize`, `host_statistics64(HOST_VM_INFO64)` and
//! `vm.swapusage`, decoded by `parse.rs`.

pub(crate) use crate::sys::unsupported::memory::SwapMemoryOs;

use super::{ffi, parse};
use crate::disk::usage_percent;
use crate::memory::{SwapMemory, VirtualMemory};
use crate::paths::Roots;
use crate::sys::unix::sysctl;
use crate::Result;

/// The macOS-only fields of `VirtualMemory` (psutil's `svmem`), in bytes; read through
/// `os::macos::VirtualMemoryExt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct VirtualMemoryOs {
    pub(crate) active: u64,
    pub(crate) inactive: u64,
    pub(crate) wired: u64,
}

fn vm_stats() -> Result<parse::VmStats64> {
    let (buf, count) = ffi::vm_statistics64()?;
    parse::parse_vm_statistics64(&buf, count).map_err(|e| e.into_error("host_statistics64"))
}

/// psutil's `virtual_memory()` on macOS.
pub(crate) fn virtual_memory(_roots: &Roots) -> Result<VirtualMemory> {
    let total = u64::from_ne_bytes(sysctl::fixed_mib(&[libc::CTL_HW, libc::HW_MEMSIZE])?);
    let [total, available, used, free, active, inactive, wired] =
        parse::virtual_memory(total, &vm_stats()?, sysctl::page_size());
    Ok(VirtualMemory {
        total,
        available,
        percent: usage_percent(total.saturating_sub(available), total),
        used,
        free,
        os: VirtualMemoryOs { active, inactive, wired },
    })
}

/// psutil's `swap_memory()` on macOS: `vm.swapusage` plus the system's page-ins/outs.
pub(crate) fn swap_memory(_roots: &Roots) -> Result<SwapMemory> {
    let xsw: [u8; 32] = sysctl::fixed_mib(&[libc::CTL_VM, libc::VM_SWAPUSAGE])?;
    let xsw = parse::parse_xsw_usage(&xsw).map_err(|e| e.into_error("vm.swapusage"))?;
    let [total, used, free, sin, sout] = parse::swap_memory(xsw, &vm_stats()?, sysctl::page_size());
    Ok(SwapMemory { total, used, free, percent: usage_percent(used, total), sin, sout, os: SwapMemoryOs {} })
}
