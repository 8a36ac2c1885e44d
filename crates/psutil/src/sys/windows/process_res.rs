//! Windows backend: a process's resources (psutil's `arch/windows/proc.c`): threads and
//! their times from the SPI snapshot, I/O counters (`GetProcessIoCounters`, SPI on a
//! permission error), USS (`NtQueryVirtualMemory(MemoryWorkingSetInformation)`) and the
//! mapped files (`VirtualQueryEx` + `GetMappedFileNameW`).

use std::ffi::{c_void, OsString};
use std::os::windows::ffi::OsStringExt;

use windows_sys::Wdk::Storage::FileSystem::NtQueryVirtualMemory;
use windows_sys::Wdk::System::SystemInformation::SystemProcessInformation;
use windows_sys::Win32::System::Memory::{VirtualQueryEx, MEMORY_BASIC_INFORMATION};
use windows_sys::Win32::System::ProcessStatus::GetMappedFileNameW;
use windows_sys::Win32::System::SystemInformation::{GetSystemInfo, SYSTEM_INFO};
use windows_sys::Win32::System::Threading::{
    GetProcessIoCounters, IO_COUNTERS, PROCESS_QUERY_INFORMATION, PROCESS_QUERY_LIMITED_INFORMATION,
    PROCESS_VM_READ,
};

use super::decode::ticks_to_secs;
use super::ffi::{last_error, nt_error};
use super::handle::{classify, open_process};
use super::process::memory_info;
use crate::process::{group_maps, IoCounters, MemoryFullInfo, MemoryMap, OpenFile, ProcRef, Thread};
use crate::sys::unsupported::unsupported;
use crate::{Error, Pid, Result};

/// No Windows-only fields in these results yet (psutil's Windows `pfullmem`, `pmmap` and
/// `pio` extras are not implemented).
pub(crate) use crate::sys::unsupported::process_res::{
    IoCountersOs, MemoryFullInfoOs, MemoryMapOs, OpenFileOs,
};

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
/// `GetMappedFileNameW` succeeds; addr as hex, rss = the region's size. Names are kept
/// as the call gives them (Wine gives DOS paths, Windows `\Device\...` ones: psutil's
/// `convert_dos_path` is not applied here).
pub(crate) fn memory_maps(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    let pid = p.pid();
    let h = open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ)?;
    let mut out = Vec::new();
    let mut addr = 0usize;
    let mut name = vec![0u16; 1024];
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
            let path = OsString::from_wide(&name[..len as usize]);
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

/// Not implemented on Windows yet (psutil enumerates the system's handles with
/// `SystemExtendedHandleInformation` and names them on a helper thread).
pub(crate) fn open_files(_p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    unsupported("open_files")
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

/// psutil's `io_counters()`: `GetProcessIoCounters` (read/write operation counts and
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
        Ok([c.ReadOperationCount, c.WriteOperationCount, c.ReadTransferCount, c.WriteTransferCount])
    });
    let [rc, wc, rb, wb] = match fast {
        Err(e) if e.is_access_denied() => {
            let buf = super::ffi::query_system_information(SystemProcessInformation, 0x4000)?;
            let e = super::spi::find(&buf, u64::from(pid)).ok_or_else(|| p.nsp())?;
            [e.io[0], e.io[1], e.io[3], e.io[4]]
        }
        other => other?,
    };
    Ok(IoCounters::new(rc, wc, rb, wb, IoCountersOs {}))
}
