//! macOS backend: host. `kern.boottime`, utmpx, and the malloc zones of this process
//! (`malloc_get_all_zones`, `malloc_zone_statistics`, `malloc_zone_pressure_relief`).

use crate::host::{HeapInfo, User};
use crate::paths::Roots;
use crate::sys::unix::{sysctl, users as utmpx};
use crate::Result;

pub(crate) use crate::sys::unsupported::host::HeapInfoOs;

/// psutil's `boot_time()`: `kern.boottime`'s seconds.
pub(crate) fn boot_time(_roots: &Roots) -> Result<f64> {
    Ok(sysctl::boot_time()?)
}

/// psutil's `users()`: utmpx `USER_PROCESS` rows, without those that started at 0.
pub(crate) fn users() -> Result<Vec<User>> {
    Ok(utmpx::users(true))
}

extern "C" {
    // libSystem's <malloc/malloc.h>; not in libc.
    fn malloc_get_all_zones(
        task: libc::mach_port_t,
        reader: *const libc::c_void,
        addresses: *mut *mut libc::vm_address_t,
        count: *mut libc::c_uint,
    ) -> libc::kern_return_t;
    fn malloc_zone_pressure_relief(zone: *mut libc::malloc_zone_t, goal: libc::size_t) -> libc::size_t;
}

/// This process's malloc zones (psutil: all zones, else the default one). The array
/// belongs to libmalloc and is not freed by the caller.
fn zones() -> Vec<*mut libc::malloc_zone_t> {
    let mut addrs: *mut libc::vm_address_t = std::ptr::null_mut();
    let mut count: libc::c_uint = 0;
    // SAFETY: out-parameters; a null reader means "this task".
    #[allow(deprecated)] // libc's mach_task_self; mach2's is the same call
    let kr =
        unsafe { malloc_get_all_zones(libc::mach_task_self(), std::ptr::null(), &mut addrs, &mut count) };
    if kr == libc::KERN_SUCCESS && !addrs.is_null() && count > 0 {
        // SAFETY: libmalloc returned `count` zone addresses.
        let list = unsafe { std::slice::from_raw_parts(addrs, count as usize) };
        return list.iter().map(|&a| a as *mut libc::malloc_zone_t).filter(|z| !z.is_null()).collect();
    }
    // SAFETY: the default zone always exists.
    vec![unsafe { libc::malloc_default_zone() }]
}

/// psutil's `heap_info()` on macOS: bytes in use summed over the zones; `mmap_used` is 0
/// (macOS reports no separate figure).
pub(crate) fn heap_info() -> Result<HeapInfo> {
    let mut used: u64 = 0;
    for zone in zones() {
        // SAFETY: plain data; zeroes are valid.
        let mut st: libc::malloc_statistics_t = unsafe { std::mem::zeroed() };
        // SAFETY: `zone` is a live zone of this process; `st` is writable.
        unsafe { libc::malloc_zone_statistics(zone, &mut st) };
        used = used.saturating_add(st.size_in_use as u64);
    }
    Ok(HeapInfo { heap_used: used, mmap_used: 0, os: HeapInfoOs {} })
}

/// psutil's `heap_trim()`: `malloc_zone_pressure_relief(zone, 0)` on every zone.
pub(crate) fn heap_trim() -> Result<()> {
    for zone in zones() {
        // SAFETY: `zone` is a live zone of this process; goal 0 = as much as possible.
        unsafe { malloc_zone_pressure_relief(zone, 0) };
    }
    Ok(())
}
