//! The macOS and FreeBSD backends' process control, through `sys::unix::process_ctl` (`kill(2)`,
//! `get/setpriority(2)`, `waitpid(2)` polling). No pins: `pin_open` answers `None`, so the
//! facade checks the pid's identity (start time) before each signal.

pub(crate) use crate::sys::unix::process_ctl::{is_denied, is_gone, is_invalid, WaitOutcome};
pub(crate) use crate::sys::unsupported::process_ctl::{get_ionice, pin_open, set_ionice, Pin};
// macOS has no CPU affinity or rlimit (psutil offers none there); FreeBSD's backend
// defines its own.
#[cfg_attr(target_os = "freebsd", allow(unused_imports))]
pub(crate) use crate::sys::unsupported::process_ctl::{
    all_cpus, eligible_cpus, get_cpu_affinity, prlimit, set_cpu_affinity,
};

pub(crate) use crate::sys::unix::signals::{
    max_signal, realtime_signals, signal_name, signal_names, SIGCONT, SIGKILL, SIGSTOP, SIGTERM,
};

use std::time::Duration;

use crate::sys::unix::process_ctl as unix;
use crate::{Pid, Result};

/// `kill(pid, sig)`.
pub(crate) fn send_signal(pid: Pid, _pin: Option<&Pin>, sig: i32) -> Result<()> {
    Ok(unix::kill(pid, sig)?)
}

/// `getpriority(PRIO_PROCESS, pid)`.
pub(crate) fn get_nice(pid: Pid) -> Result<i32> {
    Ok(unix::get_nice(pid)?)
}

/// `setpriority(PRIO_PROCESS, pid, value)`.
pub(crate) fn set_nice(pid: Pid, value: i32) -> Result<()> {
    Ok(unix::set_nice(pid, value)?)
}

/// psutil's `wait_pid` polling.
pub(crate) fn wait(pid: Pid, _pin: Option<&Pin>, timeout: Option<Duration>) -> Result<WaitOutcome> {
    Ok(unix::wait_polling(pid, timeout)?)
}
