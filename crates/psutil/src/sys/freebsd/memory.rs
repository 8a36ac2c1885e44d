//! FreeBSD backend: memory. `hw.physmem`, `vm.stats.vm.v_*_count`, `vfs.bufspace`,
//! `vm.vmtotal`; swap through kvm (`kvm_getswapinfo`) and `vm.stats.vm.v_swappg*`.

pub(crate) use crate::sys::unsupported::memory::SwapMemoryOs;

use super::parse;
use crate::disk::usage_percent;
use crate::memory::{SwapMemory, VirtualMemory};
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

/// `kvm_getswapinfo`'s total row: (total, used) pages.
fn kvm_swap_pages() -> Result<(u64, u64)> {
    let mut err = [0 as libc::c_char; 2048];
    // SAFETY: the paths are NUL-terminated literals, `err` is _POSIX2_LINE_MAX bytes.
    let kd = unsafe {
        libc::kvm_openfiles(
            std::ptr::null(),
            c"/dev/null".as_ptr(),
            std::ptr::null(),
            libc::O_RDONLY,
            err.as_mut_ptr(),
        )
    };
    if kd.is_null() {
        // SAFETY: kvm wrote a NUL-terminated message into `err`.
        let msg = unsafe { std::ffi::CStr::from_ptr(err.as_ptr()) }.to_string_lossy().into_owned();
        return Err(std::io::Error::other(format!("kvm_openfiles failed: {msg}")).into());
    }
    // SAFETY: kvm_swap is plain data; one slot asks for the total only.
    let mut ksw: libc::kvm_swap = unsafe { std::mem::zeroed() };
    // SAFETY: `kd` is open; `ksw` has room for the one slot asked for.
    let n = unsafe { libc::kvm_getswapinfo(kd, &mut ksw, 1, 0) };
    // SAFETY: `kd` was opened above and is closed once.
    unsafe { libc::kvm_close(kd) };
    if n < 0 {
        return Err(std::io::Error::other("kvm_getswapinfo failed").into());
    }
    Ok((u64::from(ksw.ksw_total), u64::from(ksw.ksw_used)))
}

/// psutil's `swap_memory()` on FreeBSD, with sin/sout in bytes (`v_swappgsin`/
/// `v_swappgsout` pages; psutil 7.2.2 reports operation counts of swap plus vnode pager).
pub(crate) fn swap_memory(_roots: &Roots) -> Result<SwapMemory> {
    let page = sysctl::page_size();
    let (total, used) = kvm_swap_pages()?;
    let (total, used) = (total.saturating_mul(page), used.saturating_mul(page));
    let sin = count(c"vm.stats.vm.v_swappgsin")?.saturating_mul(page);
    let sout = count(c"vm.stats.vm.v_swappgsout")?.saturating_mul(page);
    Ok(SwapMemory {
        total,
        used,
        free: total.saturating_sub(used),
        percent: usage_percent(used, total),
        sin,
        sout,
        os: SwapMemoryOs {},
    })
}
