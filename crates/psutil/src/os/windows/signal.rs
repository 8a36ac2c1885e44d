//! Python's `signal.CTRL_C_EVENT` and `signal.CTRL_BREAK_EVENT`, the console events that
//! [`Process::send_signal`](crate::Process::send_signal) sends on Windows besides SIGTERM.

/// `signal.CTRL_C_EVENT` (0): `send_signal` → `GenerateConsoleCtrlEvent(CTRL_C_EVENT,
/// pid)`. Windows delivers it to every process sharing the caller's console, the caller
/// too, not only the pid's group.
///
/// ```
/// assert_eq!(psutil_rs::os::windows::CTRL_C_EVENT, 0);
/// ```
pub const CTRL_C_EVENT: i32 = crate::sys::windows::process_ctl::CTRL_C_EVENT;

/// `signal.CTRL_BREAK_EVENT` (1): `send_signal` → `GenerateConsoleCtrlEvent(
/// CTRL_BREAK_EVENT, pid)`, delivered to the console process group that `pid` leads (a
/// child started with `CREATE_NEW_PROCESS_GROUP`).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::CTRL_BREAK_EVENT, 1);
/// ```
pub const CTRL_BREAK_EVENT: i32 = crate::sys::windows::process_ctl::CTRL_BREAK_EVENT;
