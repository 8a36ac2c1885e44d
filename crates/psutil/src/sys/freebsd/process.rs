//! FreeBSD backend: process reads. `kinfo_proc` (sysctl `KERN_PROC_PID`),
//! `KERN_PROC_ARGS`, `KERN_PROC_PATHNAME`; errors through psutil's table.

pub(crate) use crate::sys::unsupported::process::{prefetch_rank, ProcessCpuTimesOs, ProcessState};

pub(crate) use super::connections::process_connections as net_connections;

use std::ffi::OsString;
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use super::{ffi, parse};

/// The FreeBSD-only fields of `ProcessMemoryInfo` (psutil's `pmem` on FreeBSD), bytes,
/// read through `os::freebsd::ProcessMemoryInfoExt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessMemoryInfoOs {
    pub(crate) text: u64,
    pub(crate) data: u64,
    pub(crate) stack: u64,
}

impl ProcessMemoryInfoOs {
    /// The field `memory_percent` asks for (text and data exist on FreeBSD).
    pub(crate) fn field(&self, t: crate::process::MemType) -> Option<u64> {
        match t {
            crate::process::MemType::Text => Some(self.text),
            crate::process::MemType::Data => Some(self.data),
            _ => None,
        }
    }
}
use crate::paths::Roots;
use crate::process::{
    CtxSwitches, Environ, Gids, PageFaults, ProcRef, ProcessCpuTimes, ProcessMemoryInfo, ProcessStatus, Uids,
};
use crate::sys::unix::bsd::errors::{classify_errno, freebsd_pid0, pid_exists_from_kill, to_error};
use crate::sys::unix::bsd::procargs;
pub(crate) use crate::sys::unix::bsd_proc::start_ticks_to_secs;
use crate::sys::unix::bsd_proc::{ppid_pairs, raw, start_micros};
use crate::sys::unix::{process_ctl, sysctl, terminal, users};
use crate::{Error, Pid, Result};

fn is_zombie(pid: i32) -> bool {
    ffi::kinfo(pid)
        .ok()
        .and_then(|b| parse::parse_kinfo(&b).ok())
        .is_some_and(|k| parse::is_zombie_stat(k.stat))
}

pub(crate) fn io_error(pid: i32, e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(errno) => {
            let f = freebsd_pid0(classify_errno(errno, || is_zombie(pid)), pid, || true);
            to_error(f, pid as Pid)
        }
        None => e.into(),
    }
}

fn kinfo_of(pid: i32) -> Result<parse::Kinfo> {
    let buf = ffi::kinfo(pid).map_err(|e| io_error(pid, e))?;
    if buf.is_empty() {
        return Err(Error::no_such_process(pid as Pid, None));
    }
    parse::parse_kinfo(&buf).map_err(|e| e.into_error("kinfo_proc"))
}

pub(crate) fn kinfo(p: &ProcRef<'_>) -> Result<parse::Kinfo> {
    kinfo_of(raw(p.pid())?)
}

/// The identity: `ki_start` in microseconds since the epoch.
pub(crate) fn start_ticks(_roots: &Roots, pid: Pid) -> Result<u64> {
    Ok(start_micros(kinfo_of(raw(pid)?)?.start))
}

/// The identity of `p`, read afresh.
pub(crate) fn current_start_ticks(p: &ProcRef<'_>) -> Result<u64> {
    Ok(start_micros(kinfo(p)?.start))
}

/// `ki_start` as seconds since boot.
pub(crate) fn create_time_monotonic(p: &ProcRef<'_>) -> Result<f64> {
    Ok(kinfo(p)?.start - sysctl::boot_time()?)
}

/// `ki_comm` (up to 19 bytes), widened from the command line as psutil.
pub(crate) fn name(p: &ProcRef<'_>) -> Result<OsString> {
    let comm = kinfo(p)?.comm;
    if comm.len() < 15 {
        return Ok(OsString::from_vec(comm));
    }
    // psutil keeps the short name when the command line is denied or a zombie's.
    let argv = match cmdline(p) {
        Ok(argv) => argv,
        Err(e) if e.is_access_denied() || e.is_zombie() => Vec::new(),
        Err(e) => return Err(e),
    };
    let argv0 = argv.first().map(|a| a.as_bytes());
    Ok(OsString::from_vec(procargs::widen_name(&comm, argv0)))
}

/// `ki_ppid`.
pub(crate) fn ppid(p: &ProcRef<'_>) -> Result<Pid> {
    Ok(kinfo(p)?.ppid.max(0) as Pid)
}

/// `ki_stat`.
pub(crate) fn status_of(p: &ProcRef<'_>) -> Result<ProcessStatus> {
    Ok(parse::status(kinfo(p)?.stat))
}

/// `KERN_PROC_PATHNAME`: pid 0 and `ENOENT` give "", an empty answer NoSuchProcess when
/// the pid is gone.
pub(crate) fn exe(p: &ProcRef<'_>) -> Result<PathBuf> {
    let pid = raw(p.pid())?;
    if pid == 0 {
        return Ok(PathBuf::new());
    }
    match ffi::proc_pathname(pid) {
        Ok(bytes) if bytes.is_empty() => {
            if pid_exists_from_kill(pid, process_ctl::kill0_errno(pid as Pid), false) {
                Ok(PathBuf::new())
            } else {
                Err(Error::no_such_process(pid as Pid, None))
            }
        }
        Ok(bytes) => Ok(PathBuf::from(OsString::from_vec(bytes))),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(PathBuf::new()),
        Err(e) => Err(io_error(pid, e)),
    }
}

/// `KERN_PROC_ARGS` split at every NUL.
pub(crate) fn cmdline(p: &ProcRef<'_>) -> Result<Vec<OsString>> {
    let pid = raw(p.pid())?;
    let buf = ffi::proc_args(pid).map_err(|e| io_error(pid, e))?;
    Ok(procargs::split_nul_args(&buf).into_iter().map(|a| OsString::from_vec(a.to_vec())).collect())
}

/// Real, effective, saved uid.
pub(crate) fn uids(p: &ProcRef<'_>) -> Result<Uids> {
    let [real, effective, saved] = kinfo(p)?.uids;
    Ok(Uids { real, effective, saved })
}

/// Real, effective, saved gid (`ki_svgid`; psutil 7.2.2 reports the saved uid).
pub(crate) fn gids(p: &ProcRef<'_>) -> Result<Gids> {
    let [real, effective, saved] = kinfo(p)?.gids;
    Ok(Gids { real, effective, saved })
}

/// `ki_numthreads`.
pub(crate) fn num_threads(p: &ProcRef<'_>) -> Result<u64> {
    Ok(u64::try_from(kinfo(p)?.numthreads).unwrap_or(0))
}

/// `ru_nvcsw`, `ru_nivcsw`.
pub(crate) fn num_ctx_switches(p: &ProcRef<'_>) -> Result<CtxSwitches> {
    let c = kinfo(p)?.rusage_counts;
    Ok(CtxSwitches { voluntary: c[2].max(0) as u64, involuntary: c[3].max(0) as u64 })
}

/// `ki_rusage` and `ki_rusage_ch` user/system times.
pub(crate) fn cpu_times(p: &ProcRef<'_>) -> Result<ProcessCpuTimes> {
    let [user, system, children_user, children_system] = kinfo(p)?.times;
    Ok(ProcessCpuTimes { user, system, children_user, children_system, os: Default::default() })
}

/// psutil's `cpu_num`.
pub(crate) fn cpu_num(p: &ProcRef<'_>) -> Result<i64> {
    Ok(i64::from(parse::cpu_num(&kinfo(p)?)))
}

/// psutil's `page_faults()` (its development branch): `ru_minflt`, `ru_majflt`.
pub(crate) fn page_faults(p: &ProcRef<'_>) -> Result<PageFaults> {
    let (minor, major) = parse::page_faults(&kinfo(p)?);
    Ok(PageFaults { minor, major })
}

/// rss = `ki_rssize` pages, vms = `ki_size` bytes, text/data/stack = `ki_tsize`,
/// `ki_dsize`, `ki_ssize` pages.
pub(crate) fn memory_info(p: &ProcRef<'_>) -> Result<ProcessMemoryInfo> {
    let k = kinfo(p)?;
    let page = sysctl::page_size();
    let bytes = |pages: i64| (pages.max(0) as u64).saturating_mul(page);
    Ok(ProcessMemoryInfo {
        rss: bytes(k.rssize),
        vms: k.size,
        os: ProcessMemoryInfoOs { text: bytes(k.tsize), data: bytes(k.dsize), stack: bytes(k.ssize) },
    })
}

/// `ki_tdev` looked up among `/dev/tty*` and `/dev/pts/*` (`NODEV` is all ones).
pub(crate) fn terminal(p: &ProcRef<'_>) -> Result<Option<String>> {
    Ok(terminal::terminal_of(kinfo(p)?.tdev, u64::MAX))
}

/// `getpwuid_r`.
pub(crate) fn user_name(uid: u32) -> Option<String> {
    users::user_name(uid)
}

fn all_kinfo() -> Result<Vec<parse::Kinfo>> {
    let buf = ffi::kinfo_all()?;
    parse::parse_kinfo_array(&buf).map_err(|e| e.into_error("KERN_PROC_PROC"))
}

/// `KERN_PROC_PROC` pids (0, the kernel, included).
pub(crate) fn pids(_roots: &Roots) -> Result<Vec<Pid>> {
    Ok(all_kinfo()?.iter().filter(|k| k.pid >= 0).map(|k| k.pid as Pid).collect())
}

/// psutil's `pid_exists`: 0 exists; else `kill(pid, 0)`.
pub(crate) fn pid_exists(_roots: &Roots, pid: Pid) -> bool {
    let Ok(raw) = i32::try_from(pid) else { return false };
    raw == 0 || pid_exists_from_kill(raw, process_ctl::kill0_errno(pid), false)
}

/// FreeBSD's `children()` takes `ppid_map`, one `KERN_PROC_PROC` read: `None` here.
pub(crate) fn child_pids(_roots: &Roots, _pid: Pid) -> Option<Vec<Pid>> {
    None
}

/// Every (pid, ppid) from one `KERN_PROC_PROC` read.
pub(crate) fn ppid_map(_roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    Ok(ppid_pairs(all_kinfo()?.iter().map(|k| (k.pid, k.ppid))))
}

/// The process's `kinfo_file` records (`KERN_PROC_FILEDESC`), after a `kinfo_proc` read
/// as psutil (so a gone pid is NoSuchProcess); `EPERM` is AccessDenied.
pub(crate) fn files(p: &ProcRef<'_>) -> Result<Vec<parse::FileRec>> {
    let pid = raw(p.pid())?;
    kinfo_of(pid)?;
    let buf = ffi::proc_filedesc(pid).map_err(|e| io_error(pid, e))?;
    parse::parse_files(&buf).map_err(|e| e.into_error("KERN_PROC_FILEDESC"))
}

/// The `KF_FD_TYPE_CWD` entry's path, "" when there is none.
pub(crate) fn cwd(p: &ProcRef<'_>) -> Result<PathBuf> {
    let files = files(p)?;
    Ok(files
        .into_iter()
        .find(|f| f.fd == parse::KF_FD_TYPE_CWD)
        .map(|f| PathBuf::from(f.path))
        .unwrap_or_default())
}

/// psutil's FreeBSD `environ()` through kvm: `{}` for a system or swapped-out process,
/// and its error table (`EPERM`/`ENOMEM` AccessDenied, `ESRCH` NoSuchProcess, a kvm
/// open refused for permission AccessDenied).
pub(crate) fn environ(p: &ProcRef<'_>) -> Result<Environ> {
    let pid = raw(p.pid())?;
    let entries = match ffi::environ_entries(pid) {
        ffi::EnvAnswer::Entries(e) => e,
        ffi::EnvAnswer::Empty | ffi::EnvAnswer::Failed(0) => return Ok(Environ::default()),
        ffi::EnvAnswer::NoProcess | ffi::EnvAnswer::Failed(libc::ESRCH) => {
            return Err(Error::no_such_process(p.pid(), None))
        }
        ffi::EnvAnswer::Failed(libc::EPERM | libc::ENOMEM) => {
            return Err(Error::access_denied(Some(p.pid()), None))
        }
        ffi::EnvAnswer::Failed(errno) => return Err(io::Error::from_raw_os_error(errno).into()),
        ffi::EnvAnswer::OpenFailed(msg) => {
            if msg.contains("Permission denied") || msg.contains("Operation not permitted") {
                return Err(Error::access_denied(Some(p.pid()), None));
            }
            return Err(io::Error::other(format!("kvm_openfiles: {msg}")).into());
        }
    };
    let block = procargs::env_block_of(entries.iter().map(Vec::as_slice));
    Environ::from_block(&block, &"kvm_getenvv")
}
