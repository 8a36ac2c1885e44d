//! Windows backend of [`crate::Process`]'s reads (psutil's `_pswindows.py` and
//! `arch/windows/proc*.c`): the pid list (`EnumProcesses`), the identity and times
//! (`GetProcessTimes`, falling back to the system-wide process snapshot `SPI` =
//! `NtQuerySystemInformation(SystemProcessInformation)` on a permission error), memory
//! (`GetProcessMemoryInfo`, same fallback), the image path (`QueryFullProcessImageNameW`),
//! command line, working directory and environment (the PEB, see `peb.rs`), the owner
//! (the process token) and the SPI-only fields (parent, threads, context switches,
//! status). Every call opens its handle and closes it before returning.

use std::ffi::OsString;
use std::os::windows::ffi::OsStringExt;
use std::path::PathBuf;

use windows_sys::Wdk::System::SystemInformation::SystemProcessInformation;
use windows_sys::Win32::Foundation::{LocalFree, FILETIME, HANDLE};
use windows_sys::Win32::Security::{
    GetTokenInformation, LookupAccountSidW, TokenUser, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::ProcessStatus::{
    EnumProcesses, GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS_EX,
};
use windows_sys::Win32::System::Threading::{
    GetProcessTimes, OpenProcessToken, QueryFullProcessImageNameW, PROCESS_NAME_WIN32,
    PROCESS_QUERY_LIMITED_INFORMATION,
};
use windows_sys::Win32::UI::Shell::CommandLineToArgvW;

use super::decode::{self, filetime_to_unix, ticks_to_secs};
use super::ffi::last_error;
use super::handle::{classify, open_process, ProcessHandle};
use super::{peb, spi};
use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::process::{
    Attr, CtxSwitches, Environ, Gids, MemType, PageFaults, ProcRef, ProcessCpuTimes, ProcessMemoryInfo,
    ProcessStatus, Uids,
};
/// No Windows-only fields in `cpu_times()` (psutil's Windows `pcputimes` has none).
pub(crate) use crate::sys::unsupported::process::ProcessCpuTimesOs;
use crate::sys::unsupported::unsupported;
use crate::{Error, Pid, Result};

/// The Windows-only part of [`ProcessMemoryInfo`] (psutil's Windows `pmem` after rss and
/// vms), in psutil's order, read through [`crate::os::windows::ProcessMemoryInfoExt`]:
/// `GetProcessMemoryInfo`'s `PROCESS_MEMORY_COUNTERS_EX` (SPI's fields on a permission
/// error). Bytes, but `num_page_faults`, a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessMemoryInfoOs {
    pub(crate) num_page_faults: u64,
    pub(crate) peak_wset: u64,
    pub(crate) wset: u64,
    pub(crate) peak_paged_pool: u64,
    pub(crate) paged_pool: u64,
    pub(crate) peak_nonpaged_pool: u64,
    pub(crate) nonpaged_pool: u64,
    pub(crate) pagefile: u64,
    pub(crate) peak_pagefile: u64,
    pub(crate) private: u64,
}

impl ProcessMemoryInfoOs {
    /// From [`memory_counters`]'s array, in its order.
    fn from_counters(c: [u64; 10]) -> Self {
        let [num_page_faults, peak_wset, wset, peak_paged_pool, paged_pool, peak_nonpaged_pool, nonpaged_pool, pagefile, peak_pagefile, private] =
            c;
        ProcessMemoryInfoOs {
            num_page_faults,
            peak_wset,
            wset,
            peak_paged_pool,
            paged_pool,
            peak_nonpaged_pool,
            nonpaged_pool,
            pagefile,
            peak_pagefile,
            private,
        }
    }

    /// No `MemType` names these fields (its names are Linux's): `None`.
    pub(crate) fn field(&self, _memtype: MemType) -> Option<u64> {
        None
    }
}

/// This backend's state of one process: nothing is cached between calls yet (psutil
/// caches the SPI entry and `exe()` in a `oneshot`; here each call reads afresh).
#[derive(Debug, Default)]
pub(crate) struct ProcessState {}

impl ProcessState {
    /// Nothing is shared in a `oneshot` here.
    pub(crate) fn enter_oneshot(&self) {}
    /// See [`ProcessState::enter_oneshot`].
    pub(crate) fn leave_oneshot(&self) {}
    /// Nothing is shared in a snapshot here.
    pub(crate) fn enter_snapshot(&self) {}
    /// See [`ProcessState::enter_snapshot`].
    pub(crate) fn leave_snapshot(&self) {}
}

/// When `as_dict` fetches `attr`: in request order (nothing is shared).
pub(crate) fn prefetch_rank(_attr: Attr) -> u8 {
    0
}

/// The SPI snapshot's initial buffer (psutil: 0x4000, grown on demand).
const SPI_INITIAL: usize = 0x4000;

/// psutil's hard-coded names of the two kernel pids.
const IDLE_PID: Pid = 0;
const SYSTEM_PID: Pid = 4;

/// `EnumProcesses`, with a buffer grown until the list fits.
fn enum_processes() -> Result<Vec<Pid>> {
    let mut cap = 1024usize;
    loop {
        let mut buf = vec![0u32; cap];
        let bytes = u32::try_from(cap * 4).unwrap_or(u32::MAX);
        let mut needed = 0u32;
        // SAFETY: the buffer holds `bytes` bytes; `needed` is a valid out-pointer.
        if unsafe { EnumProcesses(buf.as_mut_ptr(), bytes, &mut needed) } == 0 {
            return Err(last_error("EnumProcesses"));
        }
        let n = needed as usize / 4;
        if n < cap || cap >= 1 << 22 {
            buf.truncate(n);
            return Ok(buf);
        }
        cap *= 4;
    }
}

/// Whether `EnumProcesses` lists `pid` (false when it fails).
pub(crate) fn pid_listed(pid: Pid) -> bool {
    enum_processes().is_ok_and(|v| v.contains(&pid))
}

/// psutil's `pids()`: `EnumProcesses`.
pub(crate) fn pids(_roots: &Roots) -> Result<Vec<Pid>> {
    enum_processes()
}

/// psutil's `pid_exists`: pid 0 exists; a process that opens is alive unless it has an
/// exit code and is no longer listed; one that does not open exists iff it is listed.
pub(crate) fn pid_exists(_roots: &Roots, pid: Pid) -> bool {
    if pid == IDLE_PID {
        return true;
    }
    match open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION) {
        Ok(_) => true,
        Err(e) if e.is_no_such_process() => false,
        Err(_) => pid_listed(pid),
    }
}

/// The SPI entry of `pid` (with its threads); NoSuchProcess when the snapshot lacks it.
fn spi_entry(pid: Pid) -> Result<spi::SpiProcess> {
    let buf = super::ffi::query_system_information(SystemProcessInformation, SPI_INITIAL)?;
    spi::find(&buf, u64::from(pid)).ok_or_else(|| Error::no_such_process(pid, None))
}

/// `GetProcessTimes`: (creation, kernel, user) in 100 ns ticks.
fn process_times(pid: Pid) -> Result<(u64, u64, u64)> {
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    let zero = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
    let (mut create, mut exit, mut kernel, mut user) = (zero, zero, zero, zero);
    // SAFETY: a valid handle and four valid out-pointers.
    if unsafe { GetProcessTimes(h.raw(), &mut create, &mut exit, &mut kernel, &mut user) } == 0 {
        let e = last_error("GetProcessTimes");
        // psutil: ERROR_ACCESS_DENIED here usually means the process just died.
        if e.raw_os_error().is_some_and(super::handle::is_permission_code) {
            return Err(Error::no_such_process(pid, None));
        }
        return Err(e);
    }
    let t = super::ffi::filetime_ticks;
    Ok((t(&create), t(&kernel), t(&user)))
}

/// The identity: the creation FILETIME in ticks (`GetProcessTimes`; SPI's `CreateTime`
/// when the process cannot be opened, 0 for pids 0 and 4 as psutil).
pub(crate) fn start_ticks(_roots: &Roots, pid: Pid) -> Result<u64> {
    match process_times(pid) {
        Ok((create, _, _)) => Ok(create),
        Err(e) if e.is_access_denied() => {
            if pid == IDLE_PID || pid == SYSTEM_PID {
                return Ok(0);
            }
            spi_entry(pid).map(|p| p.create_ticks.max(0) as u64)
        }
        Err(e) => Err(e),
    }
}

/// [`start_ticks`] of the process behind `p`.
pub(crate) fn current_start_ticks(p: &ProcRef<'_>) -> Result<u64> {
    start_ticks(p.roots(), p.pid())
}

/// Creation ticks as seconds since boot (0 ticks, the kernel pids, give the epoch).
pub(crate) fn start_ticks_to_secs(ticks: u64) -> f64 {
    let boot = super::host::boot_time(&crate::paths::current()).unwrap_or(0.0);
    if ticks == 0 {
        return -boot;
    }
    filetime_to_unix(ticks) - boot
}

/// psutil's `create_time()`, as seconds since boot (the facade adds the boot time back).
pub(crate) fn create_time_monotonic(p: &ProcRef<'_>) -> Result<f64> {
    start_ticks(p.roots(), p.pid()).map(start_ticks_to_secs)
}

/// psutil's `name()`: "System Idle Process" for pid 0, "System" for pid 4, else the
/// file name of [`exe`].
pub(crate) fn name(p: &ProcRef<'_>) -> Result<OsString> {
    match p.pid() {
        IDLE_PID => Ok("System Idle Process".into()),
        SYSTEM_PID => Ok("System".into()),
        pid => {
            let exe = exe(p)?;
            Ok(exe.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| {
                let _ = pid;
                exe.into_os_string()
            }))
        }
    }
}

/// psutil's `exe()`, through `QueryFullProcessImageNameW(PROCESS_NAME_WIN32)`: the DOS
/// path of the image. (psutil asks `SystemProcessIdInformation` first, which needs no
/// handle; Wine 8 refuses that class, Windows gives the same path.) pid 0 → AccessDenied.
pub(crate) fn exe(p: &ProcRef<'_>) -> Result<PathBuf> {
    let pid = p.pid();
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    let mut buf = vec![0u16; 1024];
    loop {
        let mut len = buf.len() as u32;
        // SAFETY: a valid handle; `len` is the buffer's length in units.
        if unsafe { QueryFullProcessImageNameW(h.raw(), PROCESS_NAME_WIN32, buf.as_mut_ptr(), &mut len) } != 0
        {
            buf.truncate(len as usize);
            return Ok(PathBuf::from(OsString::from_wide(&buf)));
        }
        let e = last_error("QueryFullProcessImageNameW");
        // ERROR_INSUFFICIENT_BUFFER (122): grow up to the 32767-unit path limit.
        if e.raw_os_error() == Some(122) && buf.len() < 32768 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        return Err(classify(pid, e));
    }
}

/// psutil's `cmdline()`: the PEB's CommandLine split by `CommandLineToArgvW`; `[]` for
/// pids 0 and 4.
pub(crate) fn cmdline(p: &ProcRef<'_>) -> Result<Vec<OsString>> {
    if matches!(p.pid(), IDLE_PID | SYSTEM_PID) {
        return Ok(Vec::new());
    }
    let mut line = peb::params_string(p.pid(), peb::PARAMS_COMMAND_LINE)?;
    if line.is_empty() {
        return Ok(Vec::new());
    }
    line.push(0);
    let mut argc = 0i32;
    // SAFETY: a NUL-terminated string; the returned array is freed with LocalFree below.
    let argv = unsafe { CommandLineToArgvW(line.as_ptr(), &mut argc) };
    if argv.is_null() {
        return Err(last_error("CommandLineToArgvW"));
    }
    let mut out = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: `argv` holds `argc` NUL-terminated strings.
        let arg = unsafe { *argv.add(i) };
        let mut n = 0usize;
        // SAFETY: walks to the NUL of a string the call returned.
        while unsafe { *arg.add(n) } != 0 {
            n += 1;
        }
        // SAFETY: `n` units are valid.
        out.push(OsString::from_wide(unsafe { std::slice::from_raw_parts(arg, n) }));
    }
    // SAFETY: the array CommandLineToArgvW allocated, freed once.
    unsafe { LocalFree(argv.cast()) };
    Ok(out)
}

/// psutil's `cwd()`: the PEB's CurrentDirectory without its trailing `\`. pids 0 and 4 →
/// AccessDenied.
pub(crate) fn cwd(p: &ProcRef<'_>) -> Result<PathBuf> {
    if matches!(p.pid(), IDLE_PID | SYSTEM_PID) {
        return Err(Error::access_denied(Some(p.pid()), None));
    }
    let dir = String::from_utf16_lossy(&peb::params_string(p.pid(), peb::PARAMS_CURRENT_DIRECTORY)?);
    Ok(PathBuf::from(decode::trim_dir(&dir)))
}

/// psutil's `environ()`: the PEB's environment block, keys upper-cased; `{}` for pids 0
/// and 4.
pub(crate) fn environ(p: &ProcRef<'_>) -> Result<Environ> {
    if matches!(p.pid(), IDLE_PID | SYSTEM_PID) {
        return Ok(Environ::default());
    }
    Ok(decode::environ_pairs(&peb::environment_block(p.pid())?).into_iter().collect())
}

/// Not on Windows (psutil has no `uids()` there).
pub(crate) fn uids(_p: &ProcRef<'_>) -> Result<Uids> {
    unsupported("Process.uids")
}
/// Not on Windows (psutil has no `gids()` there).
pub(crate) fn gids(_p: &ProcRef<'_>) -> Result<Gids> {
    unsupported("Process.gids")
}
/// Not on Windows (psutil has no `terminal()` there).
pub(crate) fn terminal(_p: &ProcRef<'_>) -> Result<Option<String>> {
    unsupported("Process.terminal")
}
/// Not on Windows (psutil has no `cpu_num()` there).
pub(crate) fn cpu_num(_p: &ProcRef<'_>) -> Result<i64> {
    unsupported("Process.cpu_num")
}
/// Not on Windows (minor/major faults are not told apart there).
pub(crate) fn page_faults(_p: &ProcRef<'_>) -> Result<PageFaults> {
    unsupported("Process.page_faults")
}
/// No uids on Windows.
pub(crate) fn user_name(_uid: u32) -> Option<String> {
    None
}

/// psutil's `ppid()`: SPI's `InheritedFromUniqueProcessId` (the same field psutil's
/// Toolhelp snapshot reports).
pub(crate) fn ppid(p: &ProcRef<'_>) -> Result<Pid> {
    spi_entry(p.pid()).map(|e| e.ppid as Pid)
}

/// Windows keeps no list of a process's children: `None`, and `children()` takes
/// `ppid_map`, one process snapshot.
pub(crate) fn child_pids(_roots: &Roots, _pid: Pid) -> Option<Vec<Pid>> {
    None
}

/// pid → parent pid of every process in one SPI snapshot.
pub(crate) fn ppid_map(_roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    let buf = super::ffi::query_system_information(SystemProcessInformation, SPI_INITIAL)?;
    Ok(spi::processes(&buf).into_iter().map(|e| (e.pid as Pid, e.ppid as Pid)).collect())
}

/// psutil's `status()`: "stopped" iff every thread waits with reason Suspended (SPI),
/// else "running". (Wine 8 reports no thread state: always "running" there.)
pub(crate) fn status_of(p: &ProcRef<'_>) -> Result<ProcessStatus> {
    let e = spi_entry(p.pid())?;
    Ok(if e.all_threads_suspended() { ProcessStatus::Stopped } else { ProcessStatus::Running })
}

/// psutil's `num_threads()`: SPI's `NumberOfThreads`.
pub(crate) fn num_threads(p: &ProcRef<'_>) -> Result<u64> {
    spi_entry(p.pid()).map(|e| u64::from(e.threads))
}

/// psutil's `num_ctx_switches()`: voluntary = the threads' `ContextSwitches` summed (SPI),
/// involuntary = 0.
pub(crate) fn num_ctx_switches(p: &ProcRef<'_>) -> Result<CtxSwitches> {
    spi_entry(p.pid()).map(|e| CtxSwitches { voluntary: e.ctx_switches(), involuntary: 0 })
}

/// psutil's `cpu_times()`: `GetProcessTimes` user and kernel; SPI's on a permission error.
/// Children's times are 0 on Windows.
pub(crate) fn cpu_times(p: &ProcRef<'_>) -> Result<ProcessCpuTimes> {
    let (user, system) = match process_times(p.pid()) {
        Ok((_, kernel, user)) => (user as f64 / decode::TICKS_PER_SEC, kernel as f64 / decode::TICKS_PER_SEC),
        Err(e) if e.is_access_denied() => {
            let e = spi_entry(p.pid())?;
            (ticks_to_secs(e.user_ticks), ticks_to_secs(e.kernel_ticks))
        }
        Err(e) => return Err(e),
    };
    Ok(ProcessCpuTimes { user, system, children_user: 0.0, children_system: 0.0, os: Default::default() })
}

/// psutil's `memory_info()`'s ten Windows counters, in psutil's order: num_page_faults,
/// peak_wset, wset, peak_paged_pool, paged_pool, peak_nonpaged_pool, nonpaged_pool,
/// pagefile, peak_pagefile, private.
pub(crate) fn memory_counters(pid: Pid) -> Result<[u64; 10]> {
    let fast = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION).and_then(|h| {
        // SAFETY: all-zero is a valid PROCESS_MEMORY_COUNTERS_EX.
        let mut c: PROCESS_MEMORY_COUNTERS_EX = unsafe { std::mem::zeroed() };
        let cb = std::mem::size_of::<PROCESS_MEMORY_COUNTERS_EX>() as u32;
        // SAFETY: a valid handle; the EX struct is passed with its own size.
        if unsafe { GetProcessMemoryInfo(h.raw(), (&mut c as *mut PROCESS_MEMORY_COUNTERS_EX).cast(), cb) }
            == 0
        {
            return Err(classify(pid, last_error("GetProcessMemoryInfo")));
        }
        Ok([
            u64::from(c.PageFaultCount),
            c.PeakWorkingSetSize as u64,
            c.WorkingSetSize as u64,
            c.QuotaPeakPagedPoolUsage as u64,
            c.QuotaPagedPoolUsage as u64,
            c.QuotaPeakNonPagedPoolUsage as u64,
            c.QuotaNonPagedPoolUsage as u64,
            c.PagefileUsage as u64,
            c.PeakPagefileUsage as u64,
            c.PrivateUsage as u64,
        ])
    });
    match fast {
        Err(e) if e.is_access_denied() => {
            let e = spi_entry(pid)?;
            Ok([
                u64::from(e.page_faults),
                e.peak_wset,
                e.wset,
                e.peak_paged_pool,
                e.paged_pool,
                e.peak_nonpaged_pool,
                e.nonpaged_pool,
                e.pagefile,
                e.peak_pagefile,
                e.private,
            ])
        }
        other => other,
    }
}

/// psutil's `memory_info()`: rss = WorkingSetSize, vms = PagefileUsage, then the ten
/// counters (`GetProcessMemoryInfo`, SPI on a permission error).
pub(crate) fn memory_info(p: &ProcRef<'_>) -> Result<ProcessMemoryInfo> {
    let c = memory_counters(p.pid())?;
    Ok(ProcessMemoryInfo { rss: c[2], vms: c[7], os: ProcessMemoryInfoOs::from_counters(c) })
}

/// psutil's `username()`: `DOMAIN\user` of the process token's user (`OpenProcessToken`,
/// `GetTokenInformation(TokenUser)`, `LookupAccountSidW`); `NT AUTHORITY\SYSTEM` for pids
/// 0 and 4.
pub(crate) fn username(pid: Pid) -> Result<String> {
    if matches!(pid, IDLE_PID | SYSTEM_PID) {
        return Ok("NT AUTHORITY\\SYSTEM".into());
    }
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: a valid process handle and out-pointer.
    if unsafe { OpenProcessToken(h.raw(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(classify(pid, last_error("OpenProcessToken")));
    }
    let token = ProcessHandle::adopt(token);
    let mut buf = vec![0u64; 64];
    loop {
        let mut needed = 0u32;
        let bytes = (buf.len() * 8) as u32;
        // SAFETY: a valid token; the buffer is 8-aligned and `bytes` long.
        if unsafe { GetTokenInformation(token.raw(), TokenUser, buf.as_mut_ptr().cast(), bytes, &mut needed) }
            != 0
        {
            break;
        }
        let e = last_error("GetTokenInformation");
        if e.raw_os_error() == Some(122) && (needed as usize) > buf.len() * 8 {
            buf.resize((needed as usize).div_ceil(8), 0);
            continue;
        }
        return Err(classify(pid, e));
    }
    // SAFETY: the call filled a TOKEN_USER at the start of the buffer.
    let sid = unsafe { (*(buf.as_ptr() as *const TOKEN_USER)).User.Sid };
    let (mut name, mut domain) = (vec![0u16; 256], vec![0u16; 256]);
    loop {
        let (mut n, mut d, mut use_) = (name.len() as u32, domain.len() as u32, 0);
        // SAFETY: a SID inside `buf`; the two buffers with their lengths.
        let ok = unsafe {
            LookupAccountSidW(
                std::ptr::null(),
                sid,
                name.as_mut_ptr(),
                &mut n,
                domain.as_mut_ptr(),
                &mut d,
                &mut use_,
            )
        };
        if ok != 0 {
            let name = String::from_utf16_lossy(&name[..n as usize]);
            let domain = String::from_utf16_lossy(&domain[..d as usize]);
            return Ok(format!("{domain}\\{name}"));
        }
        let e = last_error("LookupAccountSidW");
        match e.raw_os_error() {
            Some(122) if (n as usize) > name.len() || (d as usize) > domain.len() => {
                name.resize((n as usize).max(name.len()), 0);
                domain.resize((d as usize).max(domain.len()), 0);
            }
            // ERROR_NONE_MAPPED: psutil's AccessDenied.
            Some(1332) => return Err(Error::access_denied(Some(pid), None)),
            _ => return Err(classify(pid, e)),
        }
    }
}

/// psutil's `net_connections()` of one process: the system-wide table's rows owned by
/// this pid (Wine 8 reports owner pid 0 for every row, so it is always empty there).
pub(crate) fn net_connections(p: &ProcRef<'_>, kind: ConnectionKind) -> Result<Vec<Connection>> {
    if !pid_exists(p.roots(), p.pid()) {
        return Err(p.nsp());
    }
    let all = super::connections::net_connections(p.roots(), kind)?;
    Ok(all.into_iter().filter(|c| c.pid == Some(p.pid())).map(|c| Connection { pid: None, ..c }).collect())
}
