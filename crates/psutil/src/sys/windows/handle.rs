//! Process handles opened for one call (psutil's `psutil_handle_from_pid`, windows.md 1.1)
//! and the error classes of the process calls (windows.md 1.2).

use std::io;

use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, ERROR_PRIVILEGE_NOT_HELD,
    HANDLE, STILL_ACTIVE,
};
use windows_sys::Win32::System::Threading::{GetExitCodeProcess, OpenProcess, PROCESS_ACCESS_RIGHTS};

use super::process::pid_listed;
use crate::{Error, Pid, Result};

/// An open process handle, closed on drop.
#[derive(Debug)]
pub(crate) struct ProcessHandle(HANDLE);

impl ProcessHandle {
    /// Takes ownership of an open handle (of any kind: also used for tokens).
    pub(crate) fn adopt(h: HANDLE) -> Self {
        ProcessHandle(h)
    }

    /// The raw handle, valid while `self` lives.
    pub(crate) fn raw(&self) -> HANDLE {
        self.0
    }
}

impl Drop for ProcessHandle {
    fn drop(&mut self) {
        // SAFETY: a handle this value owns, closed once.
        unsafe { CloseHandle(self.0) };
    }
}

/// Whether a Win32 error code is a permission error (psutil: PermissionError or 1314).
pub(crate) fn is_permission_code(code: i32) -> bool {
    code == ERROR_ACCESS_DENIED as i32 || code == ERROR_PRIVILEGE_NOT_HELD as i32
}

/// Turns a permission error of a call on `pid` into `AccessDenied`; others pass.
pub(crate) fn classify(pid: Pid, e: Error) -> Error {
    match e.raw_os_error() {
        Some(code) if is_permission_code(code) => Error::access_denied(Some(pid), None),
        _ => e,
    }
}

/// `OpenProcess(access, FALSE, pid)` with psutil's mapping of a NULL handle: pid 0 →
/// AccessDenied; `ERROR_INVALID_PARAMETER` → NoSuchProcess; `ERROR_ACCESS_DENIED` →
/// AccessDenied; no error at all → AccessDenied if `EnumProcesses` lists the pid, else
/// NoSuchProcess. The handle may name a process that has exited (see [`open_process`]).
/// SeDebugPrivilege is enabled first, once per process (`privilege.rs`).
pub(crate) fn open_raw(pid: Pid, access: PROCESS_ACCESS_RIGHTS) -> Result<ProcessHandle> {
    super::privilege::enable_debug_privilege_once();
    if pid == 0 {
        return Err(Error::access_denied(Some(0), None));
    }
    // SAFETY: plain arguments; the returned handle is owned below.
    let h = unsafe { OpenProcess(access, 0, pid) };
    if h.is_null() {
        // SAFETY: reads this thread's last error.
        let code = unsafe { GetLastError() };
        return Err(match code {
            ERROR_INVALID_PARAMETER => Error::no_such_process(pid, None),
            0 if pid_listed(pid) => Error::access_denied(Some(pid), None),
            0 => Error::no_such_process(pid, None),
            c if is_permission_code(c as i32) => Error::access_denied(Some(pid), None),
            c => Error::io("OpenProcess", io::Error::from_raw_os_error(c as i32)),
        });
    }
    Ok(ProcessHandle(h))
}

/// NoSuchProcess if the process behind `handle` has exited: its exit code is not
/// `STILL_ACTIVE` and `EnumProcesses` no longer lists the pid (`GetExitCodeProcess`
/// denied counts as alive, as psutil).
pub(crate) fn check_alive(handle: &ProcessHandle, pid: Pid) -> Result<()> {
    let mut code = 0u32;
    // SAFETY: a valid handle and out-pointer.
    if unsafe { GetExitCodeProcess(handle.raw(), &mut code) } == 0 {
        // SAFETY: reads this thread's last error.
        let err = unsafe { GetLastError() };
        if err != ERROR_ACCESS_DENIED {
            return Err(Error::io("GetExitCodeProcess", io::Error::from_raw_os_error(err as i32)));
        }
    } else if code != STILL_ACTIVE as u32 && !pid_listed(pid) {
        return Err(Error::no_such_process(pid, None));
    }
    Ok(())
}

/// psutil's `psutil_handle_from_pid`: [`open_raw`], then [`check_alive`].
pub(crate) fn open_process(pid: Pid, access: PROCESS_ACCESS_RIGHTS) -> Result<ProcessHandle> {
    let handle = open_raw(pid, access)?;
    check_alive(&handle, pid)?;
    Ok(handle)
}
