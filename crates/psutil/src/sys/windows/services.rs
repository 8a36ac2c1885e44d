//! Windows backend: services, through the Service Control Manager (`OpenSCManagerW`,
//! `EnumServicesStatusExW`, `OpenServiceW`, `QueryServiceConfigW`, `QueryServiceStatusEx`,
//! `QueryServiceConfig2W`), as psutil's `arch/windows/services.c`. Each call opens the
//! manager and the service it needs and closes both before it returns. The calls of this
//! process go one at a time (a lock, plain memory): Wine 8.0 fails concurrent ones now and
//! then (`EnumServicesStatusExW` → ERROR_INVALID_HANDLE on a manager handle just opened,
//! about 1 run in 15 with three threads starting together); a query takes milliseconds.

use std::mem::size_of;
use std::sync::{Mutex, MutexGuard, PoisonError};

use windows_sys::core::BOOL;
use windows_sys::Win32::Foundation::{
    GetLastError, ERROR_INSUFFICIENT_BUFFER, ERROR_MORE_DATA, ERROR_MUI_FILE_NOT_FOUND, ERROR_NOT_FOUND,
};
use windows_sys::Win32::System::Services::{
    CloseServiceHandle, EnumServicesStatusExW, OpenSCManagerW, OpenServiceW, QueryServiceConfig2W,
    QueryServiceConfigW, QueryServiceStatusEx, ENUM_SERVICE_STATUS_PROCESSW, QUERY_SERVICE_CONFIGW,
    SC_ENUM_PROCESS_INFO, SC_HANDLE, SC_MANAGER_ENUMERATE_SERVICE, SC_STATUS_PROCESS_INFO,
    SERVICE_CONFIG_DESCRIPTION, SERVICE_DESCRIPTIONW, SERVICE_QUERY_CONFIG, SERVICE_QUERY_STATUS,
    SERVICE_STATE_ALL, SERVICE_STATUS_PROCESS, SERVICE_WIN32,
};

use super::ffi::{last_error, wide, win32_error};
use super::service_decode::{service_error, wide_at};
use crate::Result;

/// Held for the length of each public call of this module (see the module docs).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A Service Control Manager handle (of the manager or of one service), closed on drop.
struct ScHandle(SC_HANDLE);

impl Drop for ScHandle {
    fn drop(&mut self) {
        // SAFETY: a handle this value owns, closed once.
        unsafe { CloseServiceHandle(self.0) };
    }
}

/// A buffer of `bytes` bytes, 8-byte aligned for the structs the calls write into it.
fn aligned(bytes: u32) -> Vec<u64> {
    vec![0u64; (bytes as usize).div_ceil(8).max(1)]
}

fn as_bytes(buf: &[u64]) -> &[u8] {
    // SAFETY: u64s are plain bytes; the view covers exactly the same memory.
    unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), buf.len() * 8) }
}

fn byte_len(buf: &[u64]) -> u32 {
    u32::try_from(buf.len() * 8).unwrap_or(u32::MAX)
}

/// A struct `T` read by value from the start of `bytes`, if they hold one.
fn read_struct<T: Copy>(bytes: &[u8], offset: usize) -> Option<T> {
    let end = offset.checked_add(size_of::<T>())?;
    if end > bytes.len() {
        return None;
    }
    // SAFETY: `bytes[offset..end]` is in bounds; T is plain data; alignment is not assumed.
    Some(unsafe { std::ptr::read_unaligned(bytes.as_ptr().add(offset).cast::<T>()) })
}

/// The last Win32 error of this thread.
fn last_code() -> u32 {
    // SAFETY: reads this thread's last error.
    unsafe { GetLastError() }
}

/// `OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE)`.
fn open_manager() -> Result<ScHandle> {
    // SAFETY: null machine and database names mean the local active database.
    let h = unsafe { OpenSCManagerW(std::ptr::null(), std::ptr::null(), SC_MANAGER_ENUMERATE_SERVICE) };
    if h.is_null() {
        return Err(last_error("OpenSCManagerW"));
    }
    Ok(ScHandle(h))
}

/// The service `name` opened with `access` (the manager is closed again at once);
/// failures go through psutil's service mapping.
fn open_service(name: &str, access: u32) -> Result<ScHandle> {
    // SAFETY: null machine and database names mean the local active database.
    let manager = unsafe { OpenSCManagerW(std::ptr::null(), std::ptr::null(), SC_MANAGER_ENUMERATE_SERVICE) };
    if manager.is_null() {
        return Err(service_error(name, "OpenSCManagerW", last_code()));
    }
    let manager = ScHandle(manager);
    let wname = wide(std::ffi::OsStr::new(name));
    // SAFETY: an open manager handle and a NUL-terminated name.
    let h = unsafe { OpenServiceW(manager.0, wname.as_ptr(), access) };
    if h.is_null() {
        return Err(service_error(name, "OpenServiceW", last_code()));
    }
    Ok(ScHandle(h))
}

/// The (name, display name) of every Win32 service, drivers excluded (psutil's
/// `winservice_enumerate`). Every batch is kept: a list that grew between the size probe
/// and the read is continued from the resume handle, where psutil keeps the last batch.
pub(crate) fn enumerate() -> Result<Vec<(String, String)>> {
    let _turn = one_at_a_time();
    let manager = open_manager()?;
    let mut out = Vec::new();
    let mut buf: Vec<u64> = Vec::new();
    let mut resume = 0u32;
    for _ in 0..64 {
        let (mut needed, mut count) = (0u32, 0u32);
        let (ptr, len) = if buf.is_empty() {
            (std::ptr::null_mut(), 0)
        } else {
            (buf.as_mut_ptr().cast::<u8>(), byte_len(&buf))
        };
        // SAFETY: the buffer is valid for `len` bytes (none on the size probe); the
        // out-pointers are valid.
        let ok = unsafe {
            EnumServicesStatusExW(
                manager.0,
                SC_ENUM_PROCESS_INFO,
                SERVICE_WIN32,
                SERVICE_STATE_ALL,
                ptr,
                len,
                &mut needed,
                &mut count,
                &mut resume,
                std::ptr::null(),
            )
        };
        let code = if ok == 0 { last_code() } else { 0 };
        if ok == 0 && code != ERROR_MORE_DATA {
            return Err(win32_error("EnumServicesStatusExW", code));
        }
        let bytes = as_bytes(&buf);
        let base = bytes.as_ptr() as usize;
        for i in 0..count as usize {
            let Some(entry) = read_struct::<ENUM_SERVICE_STATUS_PROCESSW>(
                bytes,
                i * size_of::<ENUM_SERVICE_STATUS_PROCESSW>(),
            ) else {
                break;
            };
            if let Some(name) = wide_at(bytes, base, entry.lpServiceName as usize) {
                let display = wide_at(bytes, base, entry.lpDisplayName as usize).unwrap_or_default();
                out.push((name, display));
            }
        }
        if ok != 0 {
            return Ok(out);
        }
        if needed > byte_len(&buf) {
            buf = aligned(needed);
        }
    }
    Err(win32_error("EnumServicesStatusExW", ERROR_MORE_DATA))
}

/// What `QueryServiceConfigW` says of a service (psutil's `winservice_query_config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceConfig {
    pub(crate) display_name: String,
    pub(crate) binpath: String,
    pub(crate) username: String,
    /// `dwStartType`: 2 auto, 3 demand, 4 disabled.
    pub(crate) start_type: u32,
}

/// Reads a variable-size answer of service `name`: `query(buffer, length, &mut needed)`
/// with a buffer of `needed` bytes (at least `min`), grown while the call says it is too
/// small (the answer grew since the size probe). 8-byte aligned for the struct at its
/// start.
fn query_grown(
    name: &str,
    call: &'static str,
    mut needed: u32,
    min: usize,
    mut query: impl FnMut(*mut u8, u32, &mut u32) -> BOOL,
) -> Result<Vec<u64>> {
    for _ in 0..8 {
        let mut buf = aligned(needed.max(u32::try_from(min).unwrap_or(u32::MAX)));
        let len = byte_len(&buf);
        if query(buf.as_mut_ptr().cast(), len, &mut needed) != 0 {
            return Ok(buf);
        }
        let code = last_code();
        if code != ERROR_INSUFFICIENT_BUFFER {
            return Err(service_error(name, call, code));
        }
    }
    Err(service_error(name, call, ERROR_INSUFFICIENT_BUFFER))
}

/// psutil's `winservice_query_config`: display name, binary path with arguments, the
/// account it runs as, and the start type, from `QueryServiceConfigW`.
pub(crate) fn query_config(name: &str) -> Result<ServiceConfig> {
    let _turn = one_at_a_time();
    let service = open_service(name, SERVICE_QUERY_CONFIG)?;
    // The first read, into a bare struct, is the size probe.
    let buf =
        query_grown(name, "QueryServiceConfigW", 0, size_of::<QUERY_SERVICE_CONFIGW>(), |b, len, n| {
            // SAFETY: the buffer is 8-byte aligned and valid for `len` bytes.
            unsafe { QueryServiceConfigW(service.0, b.cast(), len, n) }
        })?;
    let bytes = as_bytes(&buf);
    let base = bytes.as_ptr() as usize;
    let c = read_struct::<QUERY_SERVICE_CONFIGW>(bytes, 0)
        .ok_or_else(|| service_error(name, "QueryServiceConfigW", ERROR_INSUFFICIENT_BUFFER))?;
    let text = |p: *mut u16| wide_at(bytes, base, p as usize).unwrap_or_default();
    Ok(ServiceConfig {
        display_name: text(c.lpDisplayName),
        binpath: text(c.lpBinaryPathName),
        username: text(c.lpServiceStartName),
        start_type: c.dwStartType,
    })
}

/// psutil's `winservice_query_status`: (`dwCurrentState`, `dwProcessId`) of
/// `QueryServiceStatusEx(SC_STATUS_PROCESS_INFO)`. The struct has a fixed size, so it
/// is read at once (psutil probes its size first).
pub(crate) fn query_status(name: &str) -> Result<(u32, u32)> {
    let _turn = one_at_a_time();
    let service = open_service(name, SERVICE_QUERY_STATUS)?;
    let mut status = SERVICE_STATUS_PROCESS::default();
    let mut needed = 0u32;
    // SAFETY: `status` is a valid SERVICE_STATUS_PROCESS of the size given.
    let ok = unsafe {
        QueryServiceStatusEx(
            service.0,
            SC_STATUS_PROCESS_INFO,
            (&mut status as *mut SERVICE_STATUS_PROCESS).cast(),
            size_of::<SERVICE_STATUS_PROCESS>() as u32,
            &mut needed,
        )
    };
    if ok == 0 {
        return Err(service_error(name, "QueryServiceStatusEx", last_code()));
    }
    Ok((status.dwCurrentState, status.dwProcessId))
}

/// psutil's `winservice_query_descr`: `QueryServiceConfig2W(SERVICE_CONFIG_DESCRIPTION)`;
/// no description (ERROR_NOT_FOUND, ERROR_MUI_FILE_NOT_FOUND, or a NULL string) is "".
/// Errors go through the service mapping (psutil lets them through as plain OS errors).
pub(crate) fn query_description(name: &str) -> Result<String> {
    let _turn = one_at_a_time();
    let service = open_service(name, SERVICE_QUERY_CONFIG)?;
    let mut needed = 0u32;
    // SAFETY: a size probe with a null buffer of length 0.
    if unsafe {
        QueryServiceConfig2W(service.0, SERVICE_CONFIG_DESCRIPTION, std::ptr::null_mut(), 0, &mut needed)
    } != 0
    {
        return Ok(String::new());
    }
    let code = last_code();
    if code == ERROR_NOT_FOUND || code == ERROR_MUI_FILE_NOT_FOUND {
        return Ok(String::new());
    }
    if code != ERROR_INSUFFICIENT_BUFFER {
        return Err(service_error(name, "QueryServiceConfig2W", code));
    }
    let buf =
        query_grown(name, "QueryServiceConfig2W", needed, size_of::<SERVICE_DESCRIPTIONW>(), |b, len, n| {
            // SAFETY: the buffer is 8-byte aligned and valid for `len` bytes.
            unsafe { QueryServiceConfig2W(service.0, SERVICE_CONFIG_DESCRIPTION, b, len, n) }
        })?;
    let bytes = as_bytes(&buf);
    let d = read_struct::<SERVICE_DESCRIPTIONW>(bytes, 0)
        .ok_or_else(|| service_error(name, "QueryServiceConfig2W", ERROR_INSUFFICIENT_BUFFER))?;
    Ok(wide_at(bytes, bytes.as_ptr() as usize, d.lpDescription as usize).unwrap_or_default())
}
