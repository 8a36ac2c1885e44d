//! SeDebugPrivilege, enabled once per process before the first process handle is opened,
//! as psutil enables it when imported (`psutil_set_se_debug`): `OpenProcessToken(
//! TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY)`, `LookupPrivilegeValueW(SE_DEBUG_NAME)`,
//! `AdjustTokenPrivileges`, the token closed at once. A token that does not hold the
//! privilege (a process not run as an administrator) keeps it absent, and every failure is
//! ignored, as psutil ignores it. Unlike psutil, no `ImpersonateSelf`/`RevertToSelf`: that
//! would drop an impersonation the calling thread holds.

use std::ptr::{null, null_mut};
use std::sync::Once;

use windows_sys::Win32::Foundation::{HANDLE, LUID};
use windows_sys::Win32::Security::{
    AdjustTokenPrivileges, LookupPrivilegeValueW, LUID_AND_ATTRIBUTES, SE_DEBUG_NAME, SE_PRIVILEGE_ENABLED,
    TOKEN_ADJUST_PRIVILEGES, TOKEN_PRIVILEGES, TOKEN_QUERY,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

use super::handle::ProcessHandle;

static DEBUG_PRIVILEGE: Once = Once::new();

/// Enables SeDebugPrivilege the first time it is called in this process; later calls do
/// nothing.
pub(crate) fn enable_debug_privilege_once() {
    DEBUG_PRIVILEGE.call_once(|| {
        // psutil ignores a failure here: so does this.
        let _ = enable_debug_privilege();
    });
}

/// One attempt; true when `AdjustTokenPrivileges` accepted the request.
fn enable_debug_privilege() -> bool {
    let mut token: HANDLE = null_mut();
    // SAFETY: the pseudo-handle of this process and an out-pointer.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &mut token) }
        == 0
    {
        return false;
    }
    let token = ProcessHandle::adopt(token);
    let mut luid = LUID { LowPart: 0, HighPart: 0 };
    // SAFETY: a NUL-terminated privilege name and an out-pointer.
    if unsafe { LookupPrivilegeValueW(null(), SE_DEBUG_NAME, &mut luid) } == 0 {
        return false;
    }
    let wanted = TOKEN_PRIVILEGES {
        PrivilegeCount: 1,
        Privileges: [LUID_AND_ATTRIBUTES { Luid: luid, Attributes: SE_PRIVILEGE_ENABLED }],
    };
    // SAFETY: a token opened with TOKEN_ADJUST_PRIVILEGES; no previous state asked for.
    unsafe { AdjustTokenPrivileges(token.raw(), 0, &wanted, 0, null_mut(), null_mut()) != 0 }
}
