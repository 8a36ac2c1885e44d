//! Windows backend: a process's resources (psutil's `arch/windows/proc.c`): threads and
//! their times from the SPI snapshot, I/O counters (`GetProcessIoCounters`, SPI on a
//! permission error), USS (`NtQueryVirtualMemory(MemoryWorkingSetInformation)`), the
//! mapped files (`VirtualQueryEx` + `GetMappedFileNameW`), the open files and the handle
//! count (`handles.rs`, `GetProcessHandleCount`).

use std::collections::HashSet;
use std::ffi::{c_void, OsString};
use std::os::windows::ffi::OsStringExt;

use windows_sys::Wdk::Storage::FileSystem::NtQueryVirtualMemory;
use windows_sys::Wdk::System::SystemInformation::SystemProcessInformation;
use windows_sys::Win32::System::Memory::{VirtualQueryEx, MEMORY_BASIC_INFORMATION};
use windows_sys::Win32::System::ProcessStatus::GetMappedFileNameW;
use windows_sys::Win32::System::SystemInformation::{GetSystemInfo, SYSTEM_INFO};
use windows_sys::Win32::System::Threading::{
    GetProcessHandleCount, GetProcessIoCounters, IO_COUNTERS, PROCESS_QUERY_INFORMATION,
    PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_VM_READ,
};

use super::decode::ticks_to_secs;
use super::ffi::{last_error, nt_error};
use super::handle::{classify, open_process};
use super::handle_list::convert_dos_path;
use super::handles;
use super::process::memory_info;
use crate::process::{group_maps, IoCounters, MemoryFullInfo, MemoryMap, OpenFile, ProcRef, Thread};
use crate::sys::unsupported::unsupported;
use crate::{Error, Pid, Result};

/// No Windows-only fields beyond these in `memory_full_info()` (its `pmem` part is
/// [`super::process::ProcessMemoryInfoOs`]), `memory_maps()` and `open_files()`: psutil's
/// Windows `pfullmem`, `pmmap_*` and `popenfile` have none.
pub(crate) use crate::sys::unsupported::process_res::{MemoryFullInfoOs, MemoryMapOs, OpenFileOs};

/// The Windows-only part of [`IoCounters`] (psutil's Windows `pio` after the four portable
/// counters), read through [`crate::os::windows::IoCountersExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct IoCountersOs {
    /// I/O operations other than reads and writes (`OtherOperationCount`).
    pub(crate) other_count: u64,
    /// Bytes moved by those (`OtherTransferCount`).
    pub(crate) other_bytes: u64,
}

/// `MemoryWorkingSetInformation`, not in windows-sys.
const MEMORY_WORKING_SET_INFORMATION: i32 = 1;
/// `STATUS_INFO_LENGTH_MISMATCH`.
const STATUS_INFO_LENGTH_MISMATCH: i32 = 0xC000_0004_u32 as i32;
/// `STATUS_ACCESS_DENIED`.
const STATUS_ACCESS_DENIED: i32 = 0xC000_0022_u32 as i32;
/// psutil's cap on the working-set buffer.
const WORKING_SET_MAX: usize = 256 << 20;

/// psutil's USS: page size × the working-set pages that are not shared or have a share
/// count ≤ 1. Wine 8 refuses the information class (STATUS_INVALID_INFO_CLASS → an OS
/// error, as psutil).
fn uss(pid: Pid) -> Result<u64> {
    let h = open_process(pid, PROCESS_QUERY_INFORMATION)?;
    let mut buf = vec![0usize; 0x8000 / 8];
    loop {
        let bytes = buf.len() * 8;
        // SAFETY: a valid handle; the buffer is `bytes` long and pointer-aligned.
        let status = unsafe {
            NtQueryVirtualMemory(
                h.raw(),
                std::ptr::null(),
                MEMORY_WORKING_SET_INFORMATION,
                buf.as_mut_ptr().cast(),
                bytes,
                std::ptr::null_mut(),
            )
        };
        if status == STATUS_INFO_LENGTH_MISMATCH && bytes < WORKING_SET_MAX {
            buf = vec![0usize; buf.len() * 2];
            continue;
        }
        if status == STATUS_ACCESS_DENIED {
            return Err(Error::access_denied(Some(pid), None));
        }
        if status < 0 {
            return Err(nt_error("NtQueryVirtualMemory", status));
        }
        let n = buf.first().copied().unwrap_or(0).min(buf.len().saturating_sub(1));
        let private = buf[1..=n].iter().filter(|&&e| e & (1 << 8) == 0 || (e >> 5) & 7 <= 1).count();
        return Ok(private as u64 * page_size());
    }
}

fn page_size() -> u64 {
    // SAFETY: all-zero SYSTEM_INFO is valid; the call fills it.
    let mut si: SYSTEM_INFO = unsafe { std::mem::zeroed() };
    // SAFETY: a valid out-pointer.
    unsafe { GetSystemInfo(&mut si) };
    u64::from(si.dwPageSize)
}

/// psutil's `memory_full_info()`: `memory_info()` plus USS (pss and swap stay 0: not on
/// Windows).
pub(crate) fn memory_full_info(p: &ProcRef<'_>) -> Result<MemoryFullInfo> {
    let info = memory_info(p)?;
    Ok(MemoryFullInfo::new(info, uss(p.pid())?, MemoryFullInfoOs {}))
}

/// psutil's `memory_maps` perms of a `PAGE_*` protection (`Protect & 0xFF`).
fn perms(protect: u32) -> &'static str {
    match protect & 0xFF {
        0x01 => "",
        0x02 => "r",
        0x04 => "rw",
        0x08 => "wc",
        0x10 => "x",
        0x20 => "xr",
        0x40 => "xrw",
        0x80 => "xwc",
        _ => "?",
    }
}

/// psutil's `memory_maps(grouped=False)`: every region from address 0 whose
/// `GetMappedFileNameW` succeeds; addr as hex, rss = the region's size. NT names (Windows
/// gives `\Device\...`, Wine `\??\C:\...`) go through psutil's `convert_dos_path`; a name
/// that is already a DOS path (Wine's other form, `C:\...`) is kept, where psutil would
/// mangle it.
pub(crate) fn memory_maps(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    let pid = p.pid();
    let h = open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ)?;
    let mut out = Vec::new();
    let mut addr = 0usize;
    let mut name = vec![0u16; 1024];
    let mut devices = None;
    loop {
        // SAFETY: all-zero MEMORY_BASIC_INFORMATION is valid; the call fills it.
        let mut mbi: MEMORY_BASIC_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: a valid handle and out-buffer of the size passed.
        let n = unsafe {
            VirtualQueryEx(
                h.raw(),
                addr as *const c_void,
                &mut mbi,
                std::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
            )
        };
        if n == 0 || mbi.RegionSize == 0 {
            break;
        }
        // SAFETY: a valid handle; `name` holds `name.len()` units.
        let len =
            unsafe { GetMappedFileNameW(h.raw(), mbi.BaseAddress, name.as_mut_ptr(), name.len() as u32) };
        if len > 0 {
            let raw = &name[..len as usize];
            let path = if raw.first() == Some(&u16::from(b'\\')) {
                let nt = String::from_utf16_lossy(raw);
                OsString::from(convert_dos_path(&nt, devices.get_or_insert_with(handles::dos_devices)))
            } else {
                OsString::from_wide(raw)
            };
            let rss = mbi.RegionSize as u64;
            out.push(MemoryMap::new(
                Some(format!("{:#x}", mbi.BaseAddress as usize)),
                Some(perms(mbi.Protect).to_string()),
                path,
                rss,
                MemoryMapOs {},
            ));
        }
        match (mbi.BaseAddress as usize).checked_add(mbi.RegionSize) {
            Some(next) if next > addr => addr = next,
            _ => break,
        }
    }
    if out.is_empty() {
        // Nothing listed at all means the handle could not read the map.
        let e = last_error("VirtualQueryEx");
        if e.raw_os_error().is_some_and(super::handle::is_permission_code) {
            return Err(classify(pid, e));
        }
    }
    Ok(out)
}

/// psutil's `memory_maps(grouped=True)`: [`memory_maps`] summed per path.
pub(crate) fn memory_maps_grouped(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    group_maps(memory_maps(p)?)
}

/// Not on Windows (psutil's `num_fds` is POSIX-only; see `num_handles`).
pub(crate) fn num_fds(_p: &ProcRef<'_>) -> Result<usize> {
    unsupported("num_fds")
}

/// psutil's `open_files()`: `[]` for pids 0 and 4; else the NT names of the disk files the
/// process holds (`handles.rs`), converted to DOS paths (psutil's `convert_dos_path`),
/// kept when `metadata` says they are regular files, each once, fd -1. A path `metadata`
/// may not read → AccessDenied for the whole call, as psutil's `isfile_strict`.
pub(crate) fn open_files(p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    let pid = p.pid();
    if matches!(pid, 0 | 4) {
        return Ok(Vec::new());
    }
    let names = handles::open_file_names(pid)?;
    let mut devices = None;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        let path = convert_dos_path(&name, devices.get_or_insert_with(handles::dos_devices));
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() && seen.insert(path.clone()) => {
                out.push(OpenFile::new(path.into(), -1, OpenFileOs {}));
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(Error::access_denied(Some(pid), p.cached_name()));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// psutil's `num_handles()`: `GetProcessHandleCount`; on a permission error SPI's
/// `HandleCount`. A count of 0 from a process that opened (Wine 8.0's stub answers 0 for
/// every process) is checked against the system-wide handle list, which counts the same
/// table (a deviation from psutil, which returns the 0).
pub(crate) fn num_handles(p: &ProcRef<'_>) -> Result<u64> {
    let pid = p.pid();
    let fast = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION).and_then(|h| {
        let mut n = 0u32;
        // SAFETY: a valid handle and out-pointer.
        if unsafe { GetProcessHandleCount(h.raw(), &mut n) } == 0 {
            return Err(classify(pid, last_error("GetProcessHandleCount")));
        }
        Ok(u64::from(n))
    });
    match fast {
        Ok(0) => handles::count_of(pid),
        Err(e) if e.is_access_denied() => {
            let buf = super::ffi::query_system_information(SystemProcessInformation, 0x4000)?;
            let e = super::spi::find(&buf, u64::from(pid)).ok_or_else(|| p.nsp())?;
            Ok(u64::from(e.handle_count))
        }
        other => other,
    }
}

/// psutil's `threads()`: each thread's id and user/kernel times, from the SPI snapshot's
/// thread array (psutil asks Toolhelp, then `GetThreadTimes` per thread: the same times,
/// without a thread handle). pid 0 → AccessDenied.
pub(crate) fn threads(p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    if p.pid() == 0 {
        return Err(Error::access_denied(Some(0), None));
    }
    let buf = super::ffi::query_system_information(SystemProcessInformation, 0x4000)?;
    let e = super::spi::find(&buf, u64::from(p.pid())).ok_or_else(|| p.nsp())?;
    Ok(e.thread_list
        .iter()
        .map(|t| Thread {
            id: t.tid as Pid,
            user_time: ticks_to_secs(t.user_ticks),
            system_time: ticks_to_secs(t.kernel_ticks),
        })
        .collect())
}

/// psutil's `io_counters()`: `GetProcessIoCounters` (read/write/other operation counts and
/// transfer bytes), SPI's on a permission error. Wine 8 reports zeros.
pub(crate) fn io_counters(p: &ProcRef<'_>) -> Result<IoCounters> {
    let pid = p.pid();
    let fast = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION).and_then(|h| {
        // SAFETY: all-zero IO_COUNTERS is valid; the call fills it.
        let mut c: IO_COUNTERS = unsafe { std::mem::zeroed() };
        // SAFETY: a valid handle and out-pointer.
        if unsafe { GetProcessIoCounters(h.raw(), &mut c) } == 0 {
            return Err(classify(pid, last_error("GetProcessIoCounters")));
        }
        Ok([
            c.ReadOperationCount,
            c.WriteOperationCount,
            c.ReadTransferCount,
            c.WriteTransferCount,
            c.OtherOperationCount,
            c.OtherTransferCount,
        ])
    });
    let [rc, wc, rb, wb, oc, ob] = match fast {
        Err(e) if e.is_access_denied() => {
            let buf = super::ffi::query_system_information(SystemProcessInformation, 0x4000)?;
            let e = super::spi::find(&buf, u64::from(pid)).ok_or_else(|| p.nsp())?;
            [e.io[0], e.io[1], e.io[3], e.io[4], e.io[2], e.io[5]]
        }
        other => other?,
    };
    Ok(IoCounters::new(rc, wc, rb, wb, IoCountersOs { other_count: oc, other_bytes: ob }))
}
