//! FreeBSD backend: host. `kern.boottime`, utmpx.

pub(crate) use crate::sys::unsupported::host::{heap_info, heap_trim};

use crate::host::User;
use crate::paths::Roots;
use crate::sys::unix::{sysctl, users as utmpx};
use crate::Result;

/// psutil's `boot_time()`: `kern.boottime`'s seconds.
pub(crate) fn boot_time(_roots: &Roots) -> Result<f64> {
    Ok(sysctl::boot_time()?)
}

/// psutil's `users()`: utmpx `USER_PROCESS` rows.
pub(crate) fn users() -> Result<Vec<User>> {
    Ok(utmpx::users(false))
}
