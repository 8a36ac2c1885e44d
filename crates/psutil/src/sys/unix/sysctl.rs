//! `sysctl(3)` on macOS and FreeBSD: by MIB or by name, fixed-size or growing, through
//! the retry loops of [`super::bsd::sysctl_buf`].

use std::ffi::CStr;
use std::io;

use super::bsd::sysctl_buf::{read_fixed, read_growing};

/// One `sysctl(mib)` call: with `None`, the size the node needs; with a buffer, the bytes
/// written into it.
pub(crate) fn by_mib(mib: &[libc::c_int], buf: Option<&mut [u8]>) -> io::Result<usize> {
    let (ptr, mut len) = match buf {
        Some(b) => (b.as_mut_ptr(), b.len()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: `ptr` is null or valid for `len` writable bytes; the MIB slice is read only
    // (the kernel does not write through the name pointer).
    let ret = unsafe {
        libc::sysctl(
            mib.as_ptr() as *mut _,
            mib.len() as libc::c_uint,
            ptr.cast(),
            &mut len,
            std::ptr::null_mut(),
            0,
        )
    };
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(len)
    }
}

/// One `sysctlbyname(name)` call, as [`by_mib`].
pub(crate) fn by_name(name: &CStr, buf: Option<&mut [u8]>) -> io::Result<usize> {
    let (ptr, mut len) = match buf {
        Some(b) => (b.as_mut_ptr(), b.len()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: as in `by_mib`; `name` is NUL-terminated.
    let ret = unsafe { libc::sysctlbyname(name.as_ptr(), ptr.cast(), &mut len, std::ptr::null_mut(), 0) };
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(len)
    }
}

/// A variable-size node by MIB, exactly the bytes the kernel wrote.
pub(crate) fn growing_mib(mib: &[libc::c_int]) -> io::Result<Vec<u8>> {
    read_growing(|b| by_mib(mib, b))
}

/// A variable-size node by name.
#[cfg_attr(target_os = "macos", allow(dead_code))] // used by FreeBSD
pub(crate) fn growing_name(name: &CStr) -> io::Result<Vec<u8>> {
    read_growing(|b| by_name(name, b))
}

/// A fixed-size node by MIB into `N` bytes, which it must fill exactly.
pub(crate) fn fixed_mib<const N: usize>(mib: &[libc::c_int]) -> io::Result<[u8; N]> {
    let mut buf = [0u8; N];
    read_fixed(&mut buf, false, |b| by_mib(mib, Some(b)))?;
    Ok(buf)
}

/// A fixed-size node by name into `N` bytes, which it must fill exactly.
pub(crate) fn fixed_name<const N: usize>(name: &CStr) -> io::Result<[u8; N]> {
    let mut buf = [0u8; N];
    read_fixed(&mut buf, false, |b| by_name(name, Some(b)))?;
    Ok(buf)
}

/// An integer node by name, whatever its width (`int`, `u_int`, `long`, `u_long`, 64-bit).
pub(crate) fn int_name(name: &CStr) -> io::Result<i64> {
    let mut buf = [0u8; 8];
    let got = by_name(name, Some(&mut buf))?;
    match got {
        4 => Ok(i64::from(i32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]]))),
        8 => Ok(i64::from_ne_bytes(buf)),
        _ => Err(io::Error::new(io::ErrorKind::InvalidData, "sysctl integer of unexpected size")),
    }
}

/// An unsigned 32-bit counter node by name (`u_int`, wrapping at 2^32).
#[cfg_attr(target_os = "macos", allow(dead_code))] // used by FreeBSD
pub(crate) fn u32_name(name: &CStr) -> io::Result<u64> {
    let buf: [u8; 4] = fixed_name(name)?;
    Ok(u64::from(u32::from_ne_bytes(buf)))
}

/// `kern.boottime` (a `timeval`): psutil's `boot_time()`, whole seconds.
pub(crate) fn boot_time() -> io::Result<f64> {
    let buf: [u8; 16] = fixed_mib(&[libc::CTL_KERN, libc::KERN_BOOTTIME])?;
    super::bsd::bytes::i64_at(&buf, 0)
        .map(|s| s as f64)
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidData))
}

/// `sysconf(_SC_PAGESIZE)`.
pub(crate) fn page_size() -> u64 {
    // SAFETY: sysconf takes a plain constant.
    let v = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(v).unwrap_or(4096)
}

/// `getloadavg(3)`.
pub(crate) fn load_average() -> io::Result<(f64, f64, f64)> {
    let mut v = [0f64; 3];
    // SAFETY: three writable doubles.
    if unsafe { libc::getloadavg(v.as_mut_ptr(), 3) } != 3 {
        return Err(io::Error::other("getloadavg failed"));
    }
    Ok((v[0], v[1], v[2]))
}
