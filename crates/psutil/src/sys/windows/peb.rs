//! Reads from another process's PEB (psutil's `arch/windows/proc_info.c`): the
//! `ProcessBasicInformation` PEB address, then `ReadProcessMemory` of
//! `RTL_USER_PROCESS_PARAMETERS` (CurrentDirectory +0x38, CommandLine +0x70, Environment
//! +0x80 on x86_64), with psutil's retries on `ERROR_PARTIAL_COPY`. 64-bit targets only: a
//! 32-bit (WoW64) target gives AccessDenied (psutil reads PEB32 there; not done here).

use std::ffi::c_void;
use std::io;
use std::time::Duration;

use windows_sys::Wdk::System::Threading::{
    NtQueryInformationProcess, ProcessBasicInformation, ProcessWow64Information,
};
use windows_sys::Win32::Foundation::{GetLastError, ERROR_NOACCESS, ERROR_PARTIAL_COPY};
use windows_sys::Win32::System::Diagnostics::Debug::ReadProcessMemory;
use windows_sys::Win32::System::Memory::{VirtualQueryEx, MEMORY_BASIC_INFORMATION};
use windows_sys::Win32::System::Threading::{PROCESS_QUERY_INFORMATION, PROCESS_VM_READ};

use super::ffi::nt_error;
use super::handle::{classify, open_process, ProcessHandle};
use crate::{Error, Pid, Result};

/// Offsets in the x86_64 `PEB` and `RTL_USER_PROCESS_PARAMETERS` (windows.md section 6).
const PEB_PROCESS_PARAMETERS: usize = 0x20;
pub(crate) const PARAMS_CURRENT_DIRECTORY: usize = 0x38;
pub(crate) const PARAMS_COMMAND_LINE: usize = 0x70;
const PARAMS_ENVIRONMENT: usize = 0x80;

/// psutil's ERROR_PARTIAL_COPY retries: 33 tries, 0.1 ms doubling up to 40 ms.
const PARTIAL_COPY_TRIES: u32 = 33;

/// `ReadProcessMemory` of `len` bytes at `addr`. `ERROR_NOACCESS` → AccessDenied (psutil).
fn read(h: &ProcessHandle, pid: Pid, addr: usize, len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    let mut got = 0usize;
    // SAFETY: the buffer is valid for `len` bytes; the remote address is only read by the OS.
    let ok =
        unsafe { ReadProcessMemory(h.raw(), addr as *const c_void, buf.as_mut_ptr().cast(), len, &mut got) };
    if ok == 0 {
        // SAFETY: reads this thread's last error.
        let code = unsafe { GetLastError() };
        if code == ERROR_NOACCESS {
            return Err(Error::access_denied(Some(pid), None));
        }
        return Err(classify(pid, Error::io("ReadProcessMemory", io::Error::from_raw_os_error(code as i32))));
    }
    buf.truncate(got);
    Ok(buf)
}

fn usize_at(b: &[u8], off: usize) -> Option<usize> {
    Some(usize::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

/// The address of the target's `RTL_USER_PROCESS_PARAMETERS`.
fn params_address(h: &ProcessHandle, pid: Pid) -> Result<usize> {
    let mut wow64 = 0usize;
    // SAFETY: a valid handle; the out-buffer is one pointer.
    let status = unsafe {
        NtQueryInformationProcess(
            h.raw(),
            ProcessWow64Information,
            (&mut wow64 as *mut usize).cast(),
            8,
            std::ptr::null_mut(),
        )
    };
    if status >= 0 && wow64 != 0 {
        return Err(Error::access_denied(Some(pid), None));
    }
    // PROCESS_BASIC_INFORMATION: ExitStatus, PebBaseAddress, AffinityMask, BasePriority,
    // UniqueProcessId, InheritedFromUniqueProcessId (six pointer-sized slots).
    let mut pbi = [0usize; 6];
    // SAFETY: a valid handle; the out-buffer is 48 bytes.
    let status = unsafe {
        NtQueryInformationProcess(
            h.raw(),
            ProcessBasicInformation,
            pbi.as_mut_ptr().cast(),
            48,
            std::ptr::null_mut(),
        )
    };
    if status < 0 {
        return Err(classify(pid, nt_error("NtQueryInformationProcess", status)));
    }
    let peb = pbi[1];
    let raw = read(h, pid, peb + PEB_PROCESS_PARAMETERS, 8)?;
    usize_at(&raw, 0).ok_or_else(|| Error::access_denied(Some(pid), None))
}

/// Runs one PEB read, retrying while it fails with `ERROR_PARTIAL_COPY` (the target is
/// still starting); still failing after the retries → AccessDenied, as psutil.
fn with_retries<T>(pid: Pid, mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut sleep = Duration::from_micros(100);
    for _ in 0..PARTIAL_COPY_TRIES {
        match f() {
            Err(e) if e.raw_os_error() == Some(ERROR_PARTIAL_COPY as i32) => {
                std::thread::sleep(sleep);
                sleep = (sleep * 2).min(Duration::from_millis(40));
            }
            other => return other,
        }
    }
    Err(Error::access_denied(Some(pid), None))
}

/// Opens `pid` for PEB reads (`PROCESS_QUERY_INFORMATION | PROCESS_VM_READ`).
fn open(pid: Pid) -> Result<ProcessHandle> {
    open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ)
}

/// The UTF-16 text of the `UNICODE_STRING` at `offset` in the process parameters.
pub(crate) fn params_string(pid: Pid, offset: usize) -> Result<Vec<u16>> {
    let h = open(pid)?;
    with_retries(pid, || {
        let params = params_address(&h, pid)?;
        let us = read(&h, pid, params + offset, 16)?;
        let len = us.get(0..2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]])) as usize;
        let buffer = usize_at(&us, 8).unwrap_or(0);
        if len == 0 || buffer == 0 {
            return Ok(Vec::new());
        }
        let bytes = read(&h, pid, buffer, len)?;
        Ok(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    })
}

/// The environment block: from the Environment pointer to the end of its memory region
/// (`VirtualQueryEx`), as UTF-16 units.
pub(crate) fn environment_block(pid: Pid) -> Result<Vec<u16>> {
    let h = open(pid)?;
    with_retries(pid, || {
        let params = params_address(&h, pid)?;
        let raw = read(&h, pid, params + PARAMS_ENVIRONMENT, 8)?;
        let env = usize_at(&raw, 0).unwrap_or(0);
        if env == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: an all-zero MEMORY_BASIC_INFORMATION is valid; the call fills it.
        let mut mbi: MEMORY_BASIC_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: a valid handle and out-buffer of the size passed.
        let n = unsafe {
            VirtualQueryEx(
                h.raw(),
                env as *const c_void,
                &mut mbi,
                std::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
            )
        };
        if n == 0 {
            return Err(classify(pid, super::ffi::last_error("VirtualQueryEx")));
        }
        let end = mbi.BaseAddress as usize + mbi.RegionSize;
        let len = end.saturating_sub(env).min(64 << 20);
        let bytes = read(&h, pid, env, len)?;
        Ok(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    })
}
