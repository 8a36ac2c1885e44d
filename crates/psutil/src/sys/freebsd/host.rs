//! FreeBSD backend: host. `kern.boottime`, utmpx, and jemalloc's statistics of this
//! process (`mallctl`).

use std::ffi::CStr;
use std::io;

use crate::host::{HeapInfo, User};
use crate::paths::Roots;
use crate::sys::unix::{sysctl, users as utmpx};
use crate::Result;

pub(crate) use crate::sys::unsupported::host::HeapInfoOs;

/// psutil's `boot_time()`: `kern.boottime`'s seconds.
pub(crate) fn boot_time(_roots: &Roots) -> Result<f64> {
    Ok(sysctl::boot_time()?)
}

/// psutil's `users()`: utmpx `USER_PROCESS` rows.
pub(crate) fn users() -> Result<Vec<User>> {
    Ok(utmpx::users(false))
}

/// One `mallctl(name, old, new)` call with `T`-sized values.
fn mallctl<T: Copy>(name: &CStr, old: Option<&mut T>, new: Option<&T>) -> io::Result<()> {
    let mut old_len = std::mem::size_of::<T>();
    let (old_ptr, old_len_ptr) = match old {
        Some(o) => ((o as *mut T).cast::<libc::c_void>(), &mut old_len as *mut usize),
        None => (std::ptr::null_mut(), std::ptr::null_mut()),
    };
    let (new_ptr, new_len) = match new {
        Some(n) => ((n as *const T).cast_mut().cast::<libc::c_void>(), std::mem::size_of::<T>()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: the pointers are null or valid for the sizes passed; `name` is NUL-terminated.
    let rc = unsafe { libc::mallctl(name.as_ptr(), old_ptr, old_len_ptr, new_ptr, new_len) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    Ok(())
}

/// psutil's `heap_info()` on FreeBSD: jemalloc's `stats.allocated` and `stats.mapped`
/// after flushing this thread's cache and advancing the statistics epoch.
pub(crate) fn heap_info() -> Result<HeapInfo> {
    mallctl::<u8>(c"thread.tcache.flush", None, None)?;
    let mut epoch: u64 = 1;
    mallctl(c"epoch", Some(&mut epoch), None)?;
    mallctl(c"epoch", None, Some(&epoch))?;
    let mut allocated: usize = 0;
    mallctl(c"stats.allocated", Some(&mut allocated), None)?;
    let mut mapped: usize = 0;
    mallctl(c"stats.mapped", Some(&mut mapped), None)?;
    Ok(HeapInfo { heap_used: allocated as u64, mmap_used: mapped as u64, os: HeapInfoOs {} })
}

/// psutil's `heap_trim()`: `arena.<MALLCTL_ARENAS_ALL = 4096>.purge`.
pub(crate) fn heap_trim() -> Result<()> {
    Ok(mallctl::<u8>(c"arena.4096.purge", None, None)?)
}
