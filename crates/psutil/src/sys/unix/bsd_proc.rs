//! What the macOS and FreeBSD process backends share: the pid conversion, the identity
//! (start time in microseconds since the epoch) and its conversion, the `kinfo_proc`
//! read by pid.

use std::io;

use super::sysctl;
use crate::{Error, Pid, Result};

/// A pid as the kernel's `pid_t`; out of range is NoSuchProcess.
pub(crate) fn raw(pid: Pid) -> Result<i32> {
    i32::try_from(pid).map_err(|_| Error::no_such_process(pid, None))
}

/// The identity of a process: its start time (seconds since the epoch) in microseconds.
pub(crate) fn start_micros(start: f64) -> u64 {
    (start * 1e6).round().max(0.0) as u64
}

/// Start microseconds since the epoch to seconds since boot (`kern.boottime`).
pub(crate) fn start_ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64 / 1e6 - sysctl::boot_time().unwrap_or(0.0)
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid}` into `size` bytes: one
/// `kinfo_proc`, or no bytes when the pid does not exist.
pub(crate) fn kinfo_bytes(pid: i32, size: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; size];
    let n = sysctl::by_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PID, pid], Some(&mut buf))?;
    buf.truncate(n);
    Ok(buf)
}

/// Sorted (pid, ppid) pairs, negative pids dropped and negative ppids as 0.
pub(crate) fn ppid_pairs(pairs: impl Iterator<Item = (i32, i32)>) -> Vec<(Pid, Pid)> {
    let mut out: Vec<(Pid, Pid)> =
        pairs.filter(|(pid, _)| *pid >= 0).map(|(pid, ppid)| (pid as Pid, ppid.max(0) as Pid)).collect();
    out.sort_unstable();
    out
}
