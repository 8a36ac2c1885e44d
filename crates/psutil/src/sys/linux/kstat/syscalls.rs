//! `statvfs(3)`, `adjtimex(2)` and `uname(2)`.

use std::io;
use std::path::Path;

use crate::os::linux::{FsStats, Timex, Uname};
use crate::{Error, Result};

/// `statvfs(3)` of the file system holding `path`, every count as the kernel gives it.
pub(crate) fn fs_stats(path: &Path) -> Result<FsStats> {
    let st = rustix::fs::statvfs(path).map_err(|e| Error::io(path, io::Error::from(e)))?;
    Ok(FsStats {
        block_size: st.f_bsize,
        fragment_size: st.f_frsize,
        blocks: st.f_blocks,
        blocks_free: st.f_bfree,
        blocks_available: st.f_bavail,
        files: st.f_files,
        files_free: st.f_ffree,
        read_only: st.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY),
    })
}

/// `adjtimex(2)` with `modes = 0`: reads the kernel clock discipline without changing it.
pub(crate) fn timex() -> Result<Timex> {
    // SAFETY: `timex` is plain data; all-zero is a valid value, and `modes = 0` asks the
    // kernel only to fill it in.
    let mut tx: libc::timex = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live, writable `timex` for the length of the call.
    let state = unsafe { libc::syscall(libc::SYS_adjtimex, &mut tx as *mut libc::timex) };
    if state < 0 {
        return Err(Error::io("adjtimex", io::Error::last_os_error()));
    }
    Ok(Timex {
        state: state as i32,
        offset: tx.offset as i64,
        freq: tx.freq as i64,
        maxerror: tx.maxerror as i64,
        esterror: tx.esterror as i64,
        status: tx.status,
        constant: tx.constant as i64,
        precision: tx.precision as i64,
        tolerance: tx.tolerance as i64,
        tick: tx.tick as i64,
        ppsfreq: tx.ppsfreq as i64,
        jitter: tx.jitter as i64,
        shift: tx.shift,
        stabil: tx.stabil as i64,
        jitcnt: tx.jitcnt as i64,
        calcnt: tx.calcnt as i64,
        errcnt: tx.errcnt as i64,
        stbcnt: tx.stbcnt as i64,
        tai: tx.tai,
    })
}

/// `uname(2)`.
pub(crate) fn uname() -> Uname {
    let u = rustix::system::uname();
    let s = |c: &std::ffi::CStr| c.to_string_lossy().into_owned();
    Uname {
        sysname: s(u.sysname()),
        nodename: s(u.nodename()),
        release: s(u.release()),
        version: s(u.version()),
        machine: s(u.machine()),
        domainname: s(u.domainname()),
    }
}
