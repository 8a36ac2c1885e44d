//! Thin FFI for FreeBSD: sysctl reads returning owned bytes; decoding is in `parse.rs`.

use std::io;

use super::parse::KINFO_PROC_SIZE;
use crate::sys::unix::sysctl;

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid}`: one `kinfo_proc`, or no bytes.
pub(crate) fn kinfo(pid: i32) -> io::Result<Vec<u8>> {
    crate::sys::unix::bsd_proc::kinfo_bytes(pid, KINFO_PROC_SIZE)
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PROC, 0}`: one `kinfo_proc` per process.
pub(crate) fn kinfo_all() -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PROC, 0])
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_ARGS, pid}`.
pub(crate) fn proc_args(pid: i32) -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_ARGS, pid])
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, pid}`.
pub(crate) fn proc_pathname(pid: i32) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; libc::PATH_MAX as usize];
    let n =
        sysctl::by_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PATHNAME, pid], Some(&mut buf))?;
    buf.truncate(n);
    if buf.last() == Some(&0) {
        buf.pop();
    }
    Ok(buf)
}

/// `kern.clockrate`'s `stathz` (the rate `kern.cp_time` ticks at), `None` if unreadable.
pub(crate) fn stathz() -> Option<u64> {
    let buf: [u8; 20] = sysctl::fixed_mib(&[libc::CTL_KERN, libc::KERN_CLOCKRATE]).ok()?;
    let hz = i32::from_ne_bytes([buf[12], buf[13], buf[14], buf[15]]);
    u64::try_from(hz).ok().filter(|&h| h > 0)
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_FILEDESC, pid}`: packed `kinfo_file` records.
pub(crate) fn proc_filedesc(pid: i32) -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_FILEDESC, pid])
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PID | KERN_PROC_INC_THREAD, pid}`: one
/// `kinfo_proc` per thread.
pub(crate) fn kinfo_threads(pid: i32) -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[
        libc::CTL_KERN,
        libc::KERN_PROC,
        libc::KERN_PROC_PID | libc::KERN_PROC_INC_THREAD,
        pid,
    ])
}
