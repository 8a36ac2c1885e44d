//! Small helpers over the Win32 and NT calls: errors, wide strings, time units, and the
//! grow-and-retry loop of `NtQuerySystemInformation`.

use std::ffi::OsStr;
use std::io;
use std::os::windows::ffi::OsStrExt;

use windows_sys::Wdk::System::SystemInformation::{NtQuerySystemInformation, SYSTEM_INFORMATION_CLASS};
use windows_sys::Win32::Foundation::{RtlNtStatusToDosError, FILETIME};

use crate::{Error, Result};

/// `STATUS_INFO_LENGTH_MISMATCH`: the buffer was too small.
const STATUS_INFO_LENGTH_MISMATCH: i32 = 0xC000_0004_u32 as i32;
/// `STATUS_BUFFER_TOO_SMALL`.
const STATUS_BUFFER_TOO_SMALL: i32 = 0xC000_0023_u32 as i32;

/// The error of a failed Win32 call, from `GetLastError`.
pub(crate) fn last_error(call: &'static str) -> Error {
    Error::io(call, io::Error::last_os_error())
}

/// The error of a Win32 call that returned its error code.
pub(crate) fn win32_error(call: &'static str, code: u32) -> Error {
    Error::io(call, io::Error::from_raw_os_error(code as i32))
}

/// The error of an NT call: its NTSTATUS as the Win32 error `RtlNtStatusToDosError` gives.
pub(crate) fn nt_error(call: &'static str, status: i32) -> Error {
    // SAFETY: a pure conversion of a status value.
    let code = unsafe { RtlNtStatusToDosError(status) };
    win32_error(call, code)
}

/// `s` as a NUL-terminated UTF-16 string.
pub(crate) fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

/// A `FILETIME` as its 100 ns ticks.
pub(crate) fn filetime_ticks(t: &FILETIME) -> u64 {
    (u64::from(t.dwHighDateTime) << 32) | u64::from(t.dwLowDateTime)
}

/// `NtQuerySystemInformation(class)`, growing the buffer while the call says it is too
/// small; returns the bytes it filled.
pub(crate) fn query_system_information(class: SYSTEM_INFORMATION_CLASS, initial: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; initial.max(64)];
    for _ in 0..16 {
        let mut needed = 0u32;
        let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        // SAFETY: the buffer is valid for `len` bytes; `needed` is a valid out-pointer.
        let status = unsafe { NtQuerySystemInformation(class, buf.as_mut_ptr().cast(), len, &mut needed) };
        if status >= 0 {
            if needed != 0 {
                buf.truncate(needed as usize);
            }
            return Ok(buf);
        }
        if status != STATUS_INFO_LENGTH_MISMATCH && status != STATUS_BUFFER_TOO_SMALL {
            return Err(nt_error("NtQuerySystemInformation", status));
        }
        let grown = (needed as usize).max(buf.len() * 2);
        buf = vec![0u8; grown];
    }
    Err(nt_error("NtQuerySystemInformation", STATUS_INFO_LENGTH_MISMATCH))
}
