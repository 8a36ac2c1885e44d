//! macOS backend: process reads. `kinfo_proc` (sysctl `KERN_PROC_PID`), `proc_taskinfo`
//! (`proc_pidinfo(PROC_PIDTASKINFO)`), `proc_pidpath`, `KERN_PROCARGS2`; errors through
//! psutil's table (`sys::unix::bsd::errors`).

pub(crate) use crate::sys::unsupported::process::{cpu_num, prefetch_rank, ProcessCpuTimesOs, ProcessState};

use std::ffi::OsString;
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

pub(crate) use super::process_res::{cwd, net_connections};
use super::{ffi, parse};

/// The macOS-only fields of `ProcessMemoryInfo` (psutil's `pmem` on macOS): counts, read
/// through `os::macos::ProcessMemoryInfoExt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessMemoryInfoOs {
    pub(crate) pfaults: u64,
    pub(crate) pageins: u64,
}

impl ProcessMemoryInfoOs {
    /// psutil's macOS `pmem` has no field `MemType` names beyond rss and vms.
    pub(crate) fn field(&self, _t: crate::process::MemType) -> Option<u64> {
        None
    }
}
use crate::paths::Roots;
use crate::process::{
    CtxSwitches, Environ, Gids, PageFaults, ProcRef, ProcessCpuTimes, ProcessMemoryInfo, ProcessStatus, Uids,
};
use crate::sys::unix::bsd::errors::{classify_errno, pid_exists_from_kill, raise_for_pid, to_error, Failure};
use crate::sys::unix::bsd::{procargs, units};
pub(crate) use crate::sys::unix::bsd_proc::start_ticks_to_secs;
use crate::sys::unix::bsd_proc::{ppid_pairs, raw, start_micros};
use crate::sys::unix::{process_ctl, sysctl, terminal, users};
use crate::{Error, Pid, Result};

/// psutil's `is_zombie`: a fresh `kinfo_proc` says `SZOMB`; any failure is "no".
fn is_zombie(pid: i32) -> bool {
    ffi::kinfo(pid)
        .ok()
        .and_then(|b| parse::parse_kinfo(&b).ok())
        .is_some_and(|k| parse::is_zombie_stat(k.stat))
}

fn alive(pid: i32) -> bool {
    pid_exists_from_kill(pid, process_ctl::kill0_errno(pid as Pid), true)
}

/// A failed call's errno through psutil's table.
fn errno_error(pid: i32, errno: i32) -> Error {
    to_error(classify_errno(errno, || is_zombie(pid)), pid as Pid)
}

/// A call that failed without a reliable errno (`raise_for_pid`).
pub(crate) fn raise(pid: i32, errno: i32, call: &'static str) -> Error {
    to_error(raise_for_pid(errno, call, || alive(pid), || is_zombie(pid)), pid as Pid)
}

fn io_error(pid: i32, e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(errno) => errno_error(pid, errno),
        None => e.into(),
    }
}

/// The oneshot source K: one `kinfo_proc`. No bytes means the pid is gone.
fn kinfo_of(pid: i32) -> Result<parse::Kinfo> {
    let buf = ffi::kinfo(pid).map_err(|e| io_error(pid, e))?;
    if buf.is_empty() {
        return Err(Error::no_such_process(pid as Pid, None));
    }
    parse::parse_kinfo(&buf).map_err(|e| e.into_error("kinfo_proc"))
}

/// The oneshot source T: `proc_taskinfo`.
fn taskinfo_of(pid: i32) -> Result<parse::TaskInfo> {
    let buf = ffi::taskinfo(pid).map_err(|errno| raise(pid, errno, "proc_pidinfo(PROC_PIDTASKINFO)"))?;
    parse::parse_taskinfo(&buf).map_err(|e| e.into_error("proc_taskinfo"))
}

fn kinfo(p: &ProcRef<'_>) -> Result<parse::Kinfo> {
    kinfo_of(raw(p.pid())?)
}

/// The identity: `p_starttime` in microseconds since the epoch.
pub(crate) fn start_ticks(_roots: &Roots, pid: Pid) -> Result<u64> {
    Ok(start_micros(kinfo_of(raw(pid)?)?.start))
}

/// The identity of `p`, read afresh.
pub(crate) fn current_start_ticks(p: &ProcRef<'_>) -> Result<u64> {
    Ok(start_micros(kinfo(p)?.start))
}

/// `p_starttime` as seconds since boot.
pub(crate) fn create_time_monotonic(p: &ProcRef<'_>) -> Result<f64> {
    Ok(kinfo(p)?.start - sysctl::boot_time()?)
}

/// `p_comm` (up to 16 bytes), widened from the command line as psutil.
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

/// `e_ppid`.
pub(crate) fn ppid(p: &ProcRef<'_>) -> Result<Pid> {
    Ok(kinfo(p)?.ppid.max(0) as Pid)
}

/// psutil's status rules (`parse::status`).
pub(crate) fn status_of(p: &ProcRef<'_>) -> Result<ProcessStatus> {
    let k = kinfo(p)?;
    Ok(parse::status(k.stat, k.flag, k.eflag))
}

/// `proc_pidpath`: pid 0 is AccessDenied; a deleted binary (`ENOENT`) is "".
pub(crate) fn exe(p: &ProcRef<'_>) -> Result<PathBuf> {
    let pid = raw(p.pid())?;
    if pid == 0 {
        return Err(Error::access_denied(Some(0), None));
    }
    match ffi::pidpath(pid) {
        Ok(bytes) => Ok(PathBuf::from(OsString::from_vec(bytes))),
        Err(libc::ENOENT) => Ok(PathBuf::new()),
        Err(errno) => Err(raise(pid, errno, "proc_pidpath")),
    }
}

/// `KERN_PROCARGS2`, with psutil's errors: gone is NoSuchProcess, a zombie
/// ZombieProcess, and `EINVAL`/`EIO` (another user's process) AccessDenied.
fn procargs(pid: i32) -> Result<Vec<u8>> {
    ffi::procargs2(pid).map_err(|e| match e.raw_os_error() {
        Some(libc::EINVAL | libc::EIO) | Some(0) | None => {
            let failure = raise_for_pid(0, "sysctl(KERN_PROCARGS2)", || alive(pid), || is_zombie(pid));
            match failure {
                Failure::Runtime(_) => Error::access_denied(Some(pid as Pid), None),
                other => to_error(other, pid as Pid),
            }
        }
        Some(errno) => errno_error(pid, errno),
    })
}

/// psutil's `cmdline()`; pid 0 has none.
pub(crate) fn cmdline(p: &ProcRef<'_>) -> Result<Vec<OsString>> {
    let pid = raw(p.pid())?;
    if pid == 0 {
        return Ok(Vec::new());
    }
    let buf = procargs(pid)?;
    let args = procargs::parse_procargs2(&buf).map_err(|e| e.into_error("KERN_PROCARGS2"))?;
    Ok(args.argv.into_iter().map(|a| OsString::from_vec(a.to_vec())).collect())
}

/// psutil's `environ()`; pid 0 has none (modern macOS gives only the caller's own).
pub(crate) fn environ(p: &ProcRef<'_>) -> Result<Environ> {
    let pid = raw(p.pid())?;
    if pid == 0 {
        return Ok(Environ::default());
    }
    let buf = procargs(pid)?;
    let args = procargs::parse_procargs2(&buf).map_err(|e| e.into_error("KERN_PROCARGS2"))?;
    Environ::from_block(args.env_block, &"KERN_PROCARGS2")
}

/// Real, effective, saved uid.
pub(crate) fn uids(p: &ProcRef<'_>) -> Result<Uids> {
    let [real, effective, saved] = kinfo(p)?.uids;
    Ok(Uids { real, effective, saved })
}

/// Real, effective (`cr_groups[0]`), saved gid.
pub(crate) fn gids(p: &ProcRef<'_>) -> Result<Gids> {
    let [real, effective, saved] = kinfo(p)?.gids;
    Ok(Gids { real, effective, saved })
}

/// `pti_threadnum`.
pub(crate) fn num_threads(p: &ProcRef<'_>) -> Result<u64> {
    Ok(u64::from(taskinfo_of(raw(p.pid())?)?.threadnum))
}

/// `pti_csw` as voluntary; involuntary is 0 (macOS counts no split).
pub(crate) fn num_ctx_switches(p: &ProcRef<'_>) -> Result<CtxSwitches> {
    Ok(CtxSwitches { voluntary: u64::from(taskinfo_of(raw(p.pid())?)?.csw), involuntary: 0 })
}

/// `pti_total_user/system` in seconds (Mach time through `hw.tbfrequency`, else the
/// timebase); no children times on macOS.
pub(crate) fn cpu_times(p: &ProcRef<'_>) -> Result<ProcessCpuTimes> {
    let t = taskinfo_of(raw(p.pid())?)?;
    let hz = sysctl::int_name(c"hw.tbfrequency").ok().and_then(|v| u64::try_from(v).ok());
    let (numer, denom) = ffi::timebase();
    Ok(ProcessCpuTimes {
        user: units::mach_time_to_secs(t.total_user, hz, numer, denom),
        system: units::mach_time_to_secs(t.total_system, hz, numer, denom),
        children_user: 0.0,
        children_system: 0.0,
        os: Default::default(),
    })
}

/// `pti_resident_size`, `pti_virtual_size`, `pti_faults`, `pti_pageins`.
pub(crate) fn memory_info(p: &ProcRef<'_>) -> Result<ProcessMemoryInfo> {
    let t = taskinfo_of(raw(p.pid())?)?;
    Ok(ProcessMemoryInfo {
        rss: t.resident_size,
        vms: t.virtual_size,
        os: ProcessMemoryInfoOs { pfaults: u64::from(t.faults), pageins: u64::from(t.pageins) },
    })
}

/// psutil's `page_faults()` (its development branch): `pti_faults` less `pti_pageins`
/// (minor) and `pti_pageins` (major), as `getrusage` splits them.
pub(crate) fn page_faults(p: &ProcRef<'_>) -> Result<PageFaults> {
    let (minor, major) = parse::page_faults(&taskinfo_of(raw(p.pid())?)?);
    Ok(PageFaults { minor, major })
}

/// `e_tdev` looked up among `/dev/tty*`.
pub(crate) fn terminal(p: &ProcRef<'_>) -> Result<Option<String>> {
    Ok(terminal::terminal_of(kinfo(p)?.tdev as u64, u64::MAX))
}

/// `getpwuid_r`.
pub(crate) fn user_name(uid: u32) -> Option<String> {
    users::user_name(uid)
}

fn all_kinfo() -> Result<Vec<parse::Kinfo>> {
    let buf = ffi::kinfo_all()?;
    Ok(buf.chunks_exact(parse::KINFO_PROC_SIZE).filter_map(|r| parse::parse_kinfo(r).ok()).collect())
}

/// psutil's `pids()`: `KERN_PROC_ALL`, with 0 added when missing but readable.
pub(crate) fn pids(_roots: &Roots) -> Result<Vec<Pid>> {
    let buf = ffi::kinfo_all()?;
    let mut pids = parse::pids_of_kinfo_array(&buf).map_err(|e| e.into_error("KERN_PROC_ALL"))?;
    if pids.is_empty() {
        return Err(io::Error::other("no PIDs found").into());
    }
    if !pids.contains(&0) {
        match kinfo_of(0) {
            Ok(_) => pids.push(0),
            Err(e) if e.is_access_denied() => pids.push(0),
            Err(_) => {}
        }
    }
    Ok(pids)
}

/// psutil's `pid_exists`: 0 exists; else `kill(pid, 0)`.
pub(crate) fn pid_exists(_roots: &Roots, pid: Pid) -> bool {
    let Ok(raw) = i32::try_from(pid) else { return false };
    pid_exists_from_kill(raw, process_ctl::kill0_errno(pid), true)
}

/// macOS has no per-process list of children: `None`, and `children()` takes
/// `ppid_map`, one `KERN_PROC_ALL` read.
pub(crate) fn child_pids(_roots: &Roots, _pid: Pid) -> Option<Vec<Pid>> {
    None
}

/// Every (pid, ppid) from one `KERN_PROC_ALL` read.
pub(crate) fn ppid_map(_roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    Ok(ppid_pairs(all_kinfo()?.iter().map(|k| (k.pid, k.ppid))))
}
