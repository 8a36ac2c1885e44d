//! Windows backend: host. Boot time from the interrupt-time clock (`QueryInterruptTime`,
//! looked up at run time, else `GetTickCount64`), users from the Remote Desktop session
//! API (`WTSEnumerateSessionsW`), as psutil's `arch/windows/sys.c`; the heap figures
//! come from `heap.rs`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows_sys::Win32::System::RemoteDesktop::{
    WTSClientAddress, WTSEnumerateSessionsW, WTSFreeMemory, WTSQuerySessionInformationW, WTSSessionInfo,
    WTSUserName, WTSINFOW, WTS_CLIENT_ADDRESS, WTS_CURRENT_SERVER_HANDLE, WTS_INFO_CLASS, WTS_SESSION_INFOW,
};
use windows_sys::Win32::System::SystemInformation::GetTickCount64;

use super::decode;
use super::ffi::{last_error, wide};
use crate::host::User;
use crate::paths::Roots;
use crate::Result;

pub(crate) use super::heap::{heap_info, heap_trim, HeapInfoOs};

/// The last boot time returned, as f64 bits (0: none yet).
static LAST_BOOT_TIME: AtomicU64 = AtomicU64::new(0);

type QueryInterruptTimeFn = unsafe extern "system" fn(*mut u64);

/// Seconds since boot, sleep included: `QueryInterruptTime` (kernelbase, Windows 10+;
/// absent under Wine) when exported, else `GetTickCount64`.
fn uptime_secs() -> f64 {
    let module = wide(std::ffi::OsStr::new("kernelbase.dll"));
    // SAFETY: a NUL-terminated name; the module stays loaded in every Windows process.
    let handle = unsafe { GetModuleHandleW(module.as_ptr()) };
    if !handle.is_null() {
        // SAFETY: a NUL-terminated ANSI name.
        if let Some(f) = unsafe { GetProcAddress(handle, c"QueryInterruptTime".as_ptr().cast()) } {
            // SAFETY: the export has this signature (void QueryInterruptTime(PULONGLONG)).
            let f: QueryInterruptTimeFn = unsafe { std::mem::transmute(f) };
            let mut ticks = 0u64;
            // SAFETY: a valid out-pointer.
            unsafe { f(&mut ticks) };
            return ticks as f64 / decode::TICKS_PER_SEC;
        }
    }
    // SAFETY: no arguments.
    unsafe { GetTickCount64() as f64 / 1000.0 }
}

/// psutil's `boot_time()`: now − uptime; a value within 1 s of the last one returned
/// gives that last one, so that it does not jitter between calls.
pub(crate) fn boot_time(_roots: &Roots) -> Result<f64> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    let bt = now - uptime_secs();
    let last = f64::from_bits(LAST_BOOT_TIME.load(Ordering::Relaxed));
    if last != 0.0 && (bt - last).abs() <= 1.0 {
        return Ok(last);
    }
    LAST_BOOT_TIME.store(bt.to_bits(), Ordering::Relaxed);
    Ok(bt)
}

/// One `WTSQuerySessionInformationW` answer, copied out and freed.
fn session_info(session: u32, class: WTS_INFO_CLASS) -> Option<Vec<u8>> {
    let mut ptr: *mut u16 = std::ptr::null_mut();
    let mut bytes = 0u32;
    // SAFETY: valid out-pointers; the buffer is freed below.
    let ok = unsafe {
        WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, session, class, &mut ptr, &mut bytes)
    };
    if ok == 0 || ptr.is_null() {
        return None;
    }
    // SAFETY: the call returned `bytes` readable bytes at `ptr`.
    let copy = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), bytes as usize) }.to_vec();
    // SAFETY: memory allocated by the WTS API.
    unsafe { WTSFreeMemory(ptr.cast()) };
    Some(copy)
}

fn read_struct<T>(bytes: &[u8]) -> Option<T> {
    if bytes.len() < std::mem::size_of::<T>() {
        return None;
    }
    // SAFETY: the length is checked; T is plain data; read_unaligned tolerates alignment.
    Some(unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

/// psutil's `users()`: one entry per Remote Desktop session with a user name; the host
/// is the client's IPv4 address, or "localhost" for a local (console) session, where
/// psutil gives `None`. Empty where the session API is not implemented.
pub(crate) fn users() -> Result<Vec<User>> {
    let mut sessions: *mut WTS_SESSION_INFOW = std::ptr::null_mut();
    let mut count = 0u32;
    // SAFETY: valid out-pointers; freed below.
    if unsafe { WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &mut sessions, &mut count) } == 0 {
        let err = last_error("WTSEnumerateSessionsW");
        if err.raw_os_error() == Some(120) {
            return Ok(Vec::new()); // ERROR_CALL_NOT_IMPLEMENTED (Nano Server)
        }
        return Err(err);
    }
    let ids: Vec<u32> = if sessions.is_null() {
        Vec::new()
    } else {
        // SAFETY: the call returned `count` records at `sessions`.
        let recs = unsafe { std::slice::from_raw_parts(sessions, count as usize) };
        let ids = recs.iter().map(|r| r.SessionId).collect();
        // SAFETY: memory allocated by the WTS API.
        unsafe { WTSFreeMemory(sessions.cast()) };
        ids
    };
    let mut users = Vec::new();
    for id in ids {
        let Some(name) = session_info(id, WTSUserName) else { continue };
        if name.len() <= 2 {
            continue;
        }
        let units: Vec<u16> = name.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let host = session_info(id, WTSClientAddress)
            .and_then(|b| read_struct::<WTS_CLIENT_ADDRESS>(&b))
            .and_then(|a| decode::wts_client_ipv4(a.AddressFamily, &a.Address))
            .unwrap_or_else(|| "localhost".to_owned());
        let started = session_info(id, WTSSessionInfo)
            .and_then(|b| read_struct::<WTSINFOW>(&b))
            .map(|i| decode::filetime_to_unix(i.ConnectTime as u64))
            .unwrap_or(0.0);
        users.push(User { name: decode::utf16_until_nul(&units), terminal: None, host, started, pid: None });
    }
    Ok(users)
}
