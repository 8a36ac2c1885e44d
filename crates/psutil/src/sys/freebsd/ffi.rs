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

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_VMMAP, pid}`: packed `kinfo_vmentry` records
/// (what libutil's `kinfo_getvmmap` unpacks).
pub(crate) fn proc_vmmap(pid: i32) -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_VMMAP, pid])
}

/// `sysctlbyname("kern.file")`: one `xfile` per open descriptor of every process the
/// caller may see.
pub(crate) fn kern_file() -> io::Result<Vec<u8>> {
    sysctl::growing_name(c"kern.file")
}

/// `sysctlbyname(name)` of a protocol's PCB list (`net.inet.tcp.pcblist`,
/// `net.inet.udp.pcblist`, `net.local.stream.pcblist`, `net.local.dgram.pcblist`):
/// a generation header, the records, a generation trailer.
pub(crate) fn pcblist(name: &std::ffi::CStr) -> io::Result<Vec<u8>> {
    sysctl::growing_name(name)
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

/// What `kvm_getenvv` answered for a process.
pub(crate) enum EnvAnswer {
    /// The environment entries.
    Entries(Vec<Vec<u8>>),
    /// No process with that pid.
    NoProcess,
    /// A system process, or one swapped out: psutil answers `{}`.
    Empty,
    /// `kvm_getenvv` failed with this errno (0 = none).
    Failed(i32),
    /// `kvm_openfiles` failed with this message.
    OpenFailed(String),
}

/// `kvm_openfiles`, `kvm_getprocs(KERN_PROC_PID)`, `kvm_getenvv` (psutil's
/// `psutil_proc_environ`); the handle is closed before returning.
pub(crate) fn environ_entries(pid: i32) -> EnvAnswer {
    let mut err = [0 as libc::c_char; 2048];
    // SAFETY: NUL-terminated literal; `err` is _POSIX2_LINE_MAX bytes.
    let kd = unsafe {
        libc::kvm_openfiles(std::ptr::null(), c"/dev/null".as_ptr(), std::ptr::null(), 0, err.as_mut_ptr())
    };
    if kd.is_null() {
        // SAFETY: kvm wrote a NUL-terminated message.
        let msg = unsafe { std::ffi::CStr::from_ptr(err.as_ptr()) }.to_string_lossy().into_owned();
        return EnvAnswer::OpenFailed(msg);
    }
    let mut cnt: libc::c_int = 0;
    // SAFETY: `kd` is open; the answer is owned by `kd`.
    let p = unsafe { libc::kvm_getprocs(kd, libc::KERN_PROC_PID, pid, &mut cnt) };
    // SAFETY: when non-null, `p` points to at least one kinfo_proc owned by `kd`.
    let flag = if p.is_null() || cnt <= 0 { None } else { Some(unsafe { (*p).ki_flag }) };
    let answer = if let Some(flag) = flag {
        if flag & libc::P_INMEM as libc::c_long == 0 || flag & libc::P_SYSTEM as libc::c_long != 0 {
            EnvAnswer::Empty
        } else {
            environ_of(kd, p)
        }
    } else {
        EnvAnswer::NoProcess
    };
    // SAFETY: opened above, closed once; nothing of it is used after.
    unsafe { libc::kvm_close(kd) };
    answer
}

/// The entries of `kvm_getenvv(kd, p)`.
fn environ_of(kd: *mut libc::kvm_t, p: *mut libc::kinfo_proc) -> EnvAnswer {
    // SAFETY: `p` is a process record of `kd`; 0 = no size limit.
    let envs = unsafe { libc::kvm_getenvv(kd, p, 0) };
    if envs.is_null() {
        EnvAnswer::Failed(io::Error::last_os_error().raw_os_error().unwrap_or(0))
    } else {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            // SAFETY: a NULL-terminated array of C strings owned by `kd`.
            let entry = unsafe { *envs.add(i) };
            if entry.is_null() {
                break;
            }
            // SAFETY: a NUL-terminated string.
            out.push(unsafe { std::ffi::CStr::from_ptr(entry) }.to_bytes().to_vec());
            i += 1;
        }
        EnvAnswer::Entries(out)
    }
}
