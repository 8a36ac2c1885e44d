//! macOS backend: a process's resources. The fd list (`PROC_PIDLISTFDS`) and each fd's
//! path (`PROC_PIDFDVNODEPATHINFO`), sockets (`PROC_PIDFDSOCKETINFO`), threads
//! (`PROC_PIDLISTTHREADS`), `uss` (`PROC_PIDREGIONINFO`); psutil has no `io_counters` or
//! `memory_maps` on macOS (NotSupported).

pub(crate) use crate::sys::unsupported::process_res::{
    io_counters, memory_maps, memory_maps_grouped, IoCountersOs, MemoryFullInfoOs, MemoryMapOs, OpenFileOs,
};

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::fdinfo::{
    fd_list, socket_row, vnode_path, FDTYPE_SOCKET, FDTYPE_VNODE, SOCKET_FDINFO_SIZE,
    VNODE_FDINFOWITHPATH_SIZE,
};
use super::ffi;
use super::process::raise;
use crate::net::{Connection, ConnectionKind, SocketType};
use crate::process::{MemoryFullInfo, OpenFile, ProcRef, Thread};
use crate::sys::unix::bsd::sockets::table_of;
use crate::sys::unix::bsd_proc::raw;
use crate::{Error, Result};

/// `PROC_PIDFDVNODEPATHINFO`.
const PROC_PIDFDVNODEPATHINFO: i32 = 2;

/// `(fd, type)` of every open descriptor; pid 0 has none.
pub(crate) fn fds(p: &ProcRef<'_>) -> Result<Vec<(i32, u32)>> {
    let pid = raw(p.pid())?;
    if pid == 0 {
        return Ok(Vec::new());
    }
    let buf = ffi::list_fds(pid).map_err(|errno| raise(pid, errno, "proc_pidinfo(PROC_PIDLISTFDS)"))?;
    Ok(fd_list(&buf))
}

/// Every descriptor, whatever its type.
pub(crate) fn num_fds(p: &ProcRef<'_>) -> Result<usize> {
    Ok(fds(p)?.len())
}

/// Vnode fds whose path is a regular file (psutil `stat()`s each path; a path it may not
/// `stat` is AccessDenied). Fds closed meanwhile (`ENOENT`, `EBADF`) are skipped.
pub(crate) fn open_files(p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    let pid = raw(p.pid())?;
    let mut out = Vec::new();
    for (fd, kind) in fds(p)? {
        if kind != FDTYPE_VNODE {
            continue;
        }
        let buf = match ffi::fd_info(pid, fd, PROC_PIDFDVNODEPATHINFO, VNODE_FDINFOWITHPATH_SIZE) {
            Ok(b) => b,
            Err(libc::ENOENT | libc::EBADF) => continue,
            Err(errno) => return Err(raise(pid, errno, "proc_pidfdinfo(PROC_PIDFDVNODEPATHINFO)")),
        };
        let path = vnode_path(&buf).map_err(|e| e.into_error("vnode_fdinfowithpath"))?;
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => out.push(OpenFile::new(path, fd, OpenFileOs {})),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(Error::access_denied(Some(p.pid()), None))
            }
            Err(_) => {}
        }
    }
    Ok(out)
}

/// `PROC_PIDVNODEPATHINFO`'s current directory.
pub(crate) fn cwd(p: &ProcRef<'_>) -> Result<std::path::PathBuf> {
    let pid = raw(p.pid())?;
    let bytes =
        ffi::cwd_path(pid).map_err(|errno| raise(pid, errno, "proc_pidinfo(PROC_PIDVNODEPATHINFO)"))?;
    Ok(OsString::from_vec(bytes).into())
}

/// `PROC_PIDFDSOCKETINFO`.
const PROC_PIDFDSOCKETINFO: i32 = 3;
/// macOS's `AF_INET6`.
const AF_INET6: i32 = 30;

/// The process's sockets of `kind` (`PROC_PIDFDSOCKETINFO` per socket fd); fds closed
/// meanwhile or not sockets any more (`EBADF`, `EOPNOTSUPP`, gh-1512) are skipped.
pub(crate) fn net_connections(p: &ProcRef<'_>, kind: ConnectionKind) -> Result<Vec<Connection>> {
    let pid = raw(p.pid())?;
    let mut out = Vec::new();
    for (fd, fdtype) in fds(p)? {
        if fdtype != FDTYPE_SOCKET {
            continue;
        }
        let buf = match ffi::fd_info(pid, fd, PROC_PIDFDSOCKETINFO, SOCKET_FDINFO_SIZE) {
            Ok(b) => b,
            Err(libc::EBADF | libc::EOPNOTSUPP) => continue,
            Err(errno) => return Err(raise(pid, errno, "proc_pidfdinfo(PROC_PIDFDSOCKETINFO)")),
        };
        let Some(row) = socket_row(&buf).map_err(|e| e.into_error("socket_fdinfo"))? else { continue };
        let Some(table) = table_of(row.family, row.sock_type, AF_INET6) else { continue };
        if !kind.tables().contains(&table) {
            continue;
        }
        out.push(Connection {
            fd,
            family: table.family(),
            r#type: SocketType::from_raw(row.sock_type),
            laddr: row.laddr,
            raddr: row.raddr,
            status: row.status,
            pid: None,
        });
    }
    Ok(out)
}

/// psutil's `threads()`: ids are 1-based indexes (as psutil 7.2.2), times from
/// `PROC_PIDTHREADINFO`. psutil 7.2.2 asks `task_for_pid` (root only, may hang on CI
/// hosts); this reads libproc's thread list instead, as psutil's development branch
/// (gh-2885), so a process of the same user is readable. A thread that ended between
/// the two calls is skipped.
pub(crate) fn threads(p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    let pid = raw(p.pid())?;
    let count = super::process::num_threads(p)? as usize;
    let buf = ffi::thread_list(pid, count)
        .map_err(|errno| raise(pid, errno, "proc_pidinfo(PROC_PIDLISTTHREADS)"))?;
    let mut out = Vec::new();
    for handle in super::parse::thread_handles(&buf) {
        match ffi::thread_times(pid, handle) {
            Ok((user, system)) => out.push(Thread {
                id: out.len() as crate::Pid + 1,
                user_time: user as f64 / 1e9,
                system_time: system as f64 / 1e9,
            }),
            Err(libc::ESRCH) if super::process::pid_exists(p.roots(), p.pid()) => continue,
            Err(errno) => return Err(raise(pid, errno, "proc_pidinfo(PROC_PIDTHREADINFO)")),
        }
    }
    Ok(out)
}

/// psutil's `memory_full_info()`: `memory_info()` plus `uss`, the resident pages only this
/// process maps, summed over its regions (`regions::uss_pages`) times the page size.
/// psutil 7.2.2 walks the regions with `task_for_pid` + `mach_vm_region` (root only, and
/// it can hang waiting for `taskgated`); this asks `proc_pidinfo(PROC_PIDREGIONINFO)` as
/// psutil's development branch does (gh-2885), so a process of the same user is readable.
pub(crate) fn memory_full_info(p: &ProcRef<'_>) -> Result<MemoryFullInfo> {
    let info = super::process::memory_info(p)?;
    let pid = raw(p.pid())?;
    let cputype = ffi::own_cpu_type()?;
    let shared = super::regions::shared_region(cputype);
    let pages =
        super::regions::uss_pages(|addr| ffi::region_info(pid, addr), shared).map_err(|e| match e {
            super::regions::WalkError::First(errno) => raise(pid, errno, "proc_pidinfo(PROC_PIDREGIONINFO)"),
            super::regions::WalkError::Decode(d) => d.into_error("proc_regioninfo"),
        })?;
    let uss = pages.saturating_mul(crate::sys::unix::sysctl::page_size());
    Ok(MemoryFullInfo::new(info, uss, MemoryFullInfoOs {}))
}
