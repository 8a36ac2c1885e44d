//! FreeBSD backend: process control. The POSIX part is `sys::unix::bsd_ctl`; CPU
//! affinity is `cpuset_getaffinity`/`cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID)`.

pub(crate) use crate::sys::unix::bsd_ctl::*;

use std::io;

use crate::paths::Roots;
use crate::{Pid, Result};

/// The CPUs `pid` may run on: the indexes set in its `cpuset_t`.
pub(crate) fn get_cpu_affinity(pid: Pid) -> Result<Vec<usize>> {
    let raw = crate::sys::unix::bsd_proc::raw(pid)?;
    // SAFETY: cpuset_t is plain data; all zeroes is the empty set.
    let mut set: libc::cpuset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is writable for the size passed.
    let rc = unsafe {
        libc::cpuset_getaffinity(
            libc::CPU_LEVEL_WHICH,
            libc::CPU_WHICH_PID,
            libc::id_t::from(raw as u32),
            std::mem::size_of::<libc::cpuset_t>(),
            &mut set,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error().into());
    }
    // SAFETY: CPU_ISSET only reads the set within CPU_SETSIZE.
    Ok((0..libc::CPU_SETSIZE as usize).filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) }).collect())
}

/// Restricts `pid` to `cpus` (already checked against `all_cpus` by the facade).
pub(crate) fn set_cpu_affinity(pid: Pid, cpus: &[usize]) -> Result<()> {
    let raw = crate::sys::unix::bsd_proc::raw(pid)?;
    // SAFETY: cpuset_t is plain data; all zeroes is the empty set.
    let mut set: libc::cpuset_t = unsafe { std::mem::zeroed() };
    for &cpu in cpus {
        if cpu >= libc::CPU_SETSIZE as usize {
            return Err(io::Error::from_raw_os_error(libc::EINVAL).into());
        }
        // SAFETY: `cpu` is below CPU_SETSIZE (checked above).
        unsafe { libc::CPU_SET(cpu, &mut set) };
    }
    // SAFETY: `set` is valid for the size passed and only read.
    let rc = unsafe {
        libc::cpuset_setaffinity(
            libc::CPU_LEVEL_WHICH,
            libc::CPU_WHICH_PID,
            libc::id_t::from(raw as u32),
            std::mem::size_of::<libc::cpuset_t>(),
            &set,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error().into());
    }
    Ok(())
}

/// Every CPU psutil accepts: `range(len(cpu_times(percpu=True)))`.
pub(crate) fn all_cpus(roots: &Roots) -> Result<Vec<usize>> {
    Ok((0..super::cpu::cpu_times_percpu(roots)?.len()).collect())
}

/// The CPUs a process may be given: all of them.
pub(crate) fn eligible_cpus(roots: &Roots, _pid: Pid) -> Result<Vec<usize>> {
    all_cpus(roots)
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_RLIMIT, pid, resource}`: the old (soft, hard)
/// pair (-1 = infinity), then the new one written through the same MIB when given.
/// `resource` is the portable (Linux) number; FreeBSD-only resources are not reachable
/// through it, Linux-only ones are `EINVAL`.
pub(crate) fn prlimit(pid: Pid, resource: i32, new: Option<(i64, i64)>) -> Result<(i64, i64)> {
    use super::parse::{rlim_from_kernel, rlim_to_kernel, rlimit_resource};
    let raw = crate::sys::unix::bsd_proc::raw(pid)?;
    let res = rlimit_resource(resource).ok_or_else(|| io::Error::from_raw_os_error(libc::EINVAL))?;
    let mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_RLIMIT, raw, res];
    let old: [u8; 16] = crate::sys::unix::sysctl::fixed_mib(&mib)?;
    let soft = i64::from_ne_bytes(old[..8].try_into().unwrap_or([0; 8]));
    let hard = i64::from_ne_bytes(old[8..].try_into().unwrap_or([0; 8]));
    if let Some((new_soft, new_hard)) = new {
        let mut value = [0u8; 16];
        value[..8].copy_from_slice(&rlim_to_kernel(new_soft).to_ne_bytes());
        value[8..].copy_from_slice(&rlim_to_kernel(new_hard).to_ne_bytes());
        // SAFETY: the MIB is read only; `value` is a `struct rlimit` of 16 bytes.
        let rc = unsafe {
            libc::sysctl(
                mib.as_ptr(),
                mib.len() as libc::c_uint,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                value.as_ptr().cast(),
                value.len(),
            )
        };
        if rc == -1 {
            return Err(io::Error::last_os_error().into());
        }
    }
    Ok((rlim_from_kernel(soft), rlim_from_kernel(hard)))
}
