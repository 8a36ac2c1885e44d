//! Windows backend: process control (psutil's `_pswindows.py`): a pin is a process handle
//! opened for one call (its identity the creation FILETIME), terminate/kill with
//! `TerminateProcess(h, 15)`, console events with `GenerateConsoleCtrlEvent`, suspend/resume with `NtSuspendProcess`/`NtResumeProcess`,
//! wait with `WaitForSingleObject` + `GetExitCodeProcess`, nice as priority classes
//! (`Get/SetPriorityClass`), ionice as the NT I/O priority hint (`ProcessIoPriority`), and
//! affinity masks (`Get/SetProcessAffinityMask`, one processor group).

use std::ffi::c_void;
use std::time::Duration;

use windows_sys::Wdk::System::Threading::{NtQueryInformationProcess, ProcessIoPriority};
use windows_sys::Win32::Foundation::{
    ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, FILETIME, HANDLE, WAIT_OBJECT_0, WAIT_TIMEOUT,
};
use windows_sys::Win32::System::Console::GenerateConsoleCtrlEvent;
use windows_sys::Win32::System::Threading::{
    GetExitCodeProcess, GetPriorityClass, GetProcessAffinityMask, GetProcessTimes, SetPriorityClass,
    SetProcessAffinityMask, TerminateProcess, WaitForSingleObject, INFINITE, PROCESS_QUERY_INFORMATION,
    PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SET_INFORMATION, PROCESS_SUSPEND_RESUME, PROCESS_SYNCHRONIZE,
    PROCESS_TERMINATE,
};

use super::ffi::{filetime_ticks, last_error, nt_error};
use super::handle::{check_alive, classify, is_permission_code, open_process, open_raw, ProcessHandle};
use crate::paths::Roots;
use crate::process::ExitStatus;
use crate::sys::unsupported::unsupported;
use crate::{Error, Pid, Result};

/// The number `suspend()` passes to [`send_signal`] (no such signal on Windows: it
/// selects `NtSuspendProcess`).
pub(crate) const SIGSTOP: i32 = 19;
/// The number `resume()` passes to [`send_signal`] (selects `NtResumeProcess`).
pub(crate) const SIGCONT: i32 = 18;
/// SIGTERM: `TerminateProcess(h, 15)`.
pub(crate) const SIGTERM: i32 = 15;
/// `kill()`: the same `TerminateProcess(h, 15)` as psutil's.
pub(crate) const SIGKILL: i32 = 9;
/// `signal.CTRL_C_EVENT`: `GenerateConsoleCtrlEvent(CTRL_C_EVENT, pid)`.
pub(crate) const CTRL_C_EVENT: i32 = 0;
/// `signal.CTRL_BREAK_EVENT`: `GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, pid)`.
pub(crate) const CTRL_BREAK_EVENT: i32 = 1;
/// psutil's exit code of a terminated process.
const TERMINATE_EXIT_CODE: u32 = 15;

#[link(name = "ntdll.dll", kind = "raw-dylib", modifiers = "+verbatim")]
extern "system" {
    fn NtSuspendProcess(process: HANDLE) -> i32;
    fn NtResumeProcess(process: HANDLE) -> i32;
    fn NtSetInformationProcess(process: HANDLE, class: i32, info: *const c_void, len: u32) -> i32;
}

/// A process handle held for one control call.
#[derive(Debug)]
pub(crate) struct Pin {
    handle: ProcessHandle,
}

impl Pin {
    /// The process's creation time in FILETIME ticks, from the pinned handle itself.
    pub(crate) fn identity(&self) -> Option<u64> {
        let zero = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        let (mut c, mut e, mut k, mut u) = (zero, zero, zero, zero);
        // SAFETY: a valid handle and four out-pointers.
        (unsafe { GetProcessTimes(self.handle.raw(), &mut c, &mut e, &mut k, &mut u) } != 0)
            .then(|| filetime_ticks(&c))
    }
}

/// What a wait ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitOutcome {
    /// The process ended with this exit code.
    Status(ExitStatus),
    /// Already gone: no code to collect.
    Gone,
    /// The timeout expired first.
    TimedOut,
}

/// Opens a handle that can terminate, suspend/resume and wait (`OpenProcess`); when those
/// rights are denied, one that can only query and wait (the call then fails itself). A
/// process that has exited still opens while a handle to it lives: `wait` then collects
/// its exit code, as psutil's does; signals check that it is alive first.
pub(crate) fn pin_open(pid: Pid) -> Result<Option<Pin>> {
    let full =
        PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME;
    let handle = match open_raw(pid, full) {
        Err(e) if e.is_access_denied() && pid != 0 => {
            open_raw(pid, PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_SYNCHRONIZE)?
        }
        other => other?,
    };
    Ok(Some(Pin { handle }))
}

/// NoSuchProcess.
pub(crate) fn is_gone(err: &Error) -> bool {
    err.is_no_such_process()
}

/// AccessDenied, or a Win32 permission error (5, 1314).
pub(crate) fn is_denied(err: &Error) -> bool {
    err.is_access_denied() || err.raw_os_error().is_some_and(is_permission_code)
}

/// `ERROR_INVALID_PARAMETER` from a setter, or a rejected argument.
pub(crate) fn is_invalid(err: &Error) -> bool {
    matches!(err, Error::InvalidArgument(_)) || err.raw_os_error() == Some(ERROR_INVALID_PARAMETER as i32)
}

/// The largest number [`send_signal`] accepts (`suspend()`'s [`SIGSTOP`]).
pub(crate) fn max_signal() -> i32 {
    SIGSTOP
}

/// psutil's `send_signal` on Windows: SIGTERM and `kill()` → `TerminateProcess(h, 15)`
/// (its ERROR_ACCESS_DENIED ignored: the process is already ending); `suspend()`/`resume()`
/// → `NtSuspendProcess`/`NtResumeProcess`; [`CTRL_C_EVENT`] (0) and [`CTRL_BREAK_EVENT`]
/// (1) → `GenerateConsoleCtrlEvent(event, pid)`, as Python's `os.kill`: `pid` names the
/// console process group the process leads, and the caller must share its console. The
/// process stays pinned by the handle meanwhile, so the pid cannot be reused. Any other
/// number → InvalidArgument, as psutil's ValueError.
pub(crate) fn send_signal(pid: Pid, pin: Option<&Pin>, sig: i32) -> Result<()> {
    let owned;
    let pin = match pin {
        Some(p) => p,
        None => {
            owned = pin_open(pid)?.ok_or_else(|| Error::no_such_process(pid, None))?;
            &owned
        }
    };
    check_alive(&pin.handle, pid)?;
    let h = pin.handle.raw();
    match sig {
        CTRL_C_EVENT | CTRL_BREAK_EVENT => {
            // SAFETY: plain integers; the group id is the pinned process's pid.
            if unsafe { GenerateConsoleCtrlEvent(sig as u32, pid) } == 0 {
                return Err(classify(pid, last_error("GenerateConsoleCtrlEvent")));
            }
            Ok(())
        }
        SIGTERM | SIGKILL => {
            // SAFETY: a valid handle.
            if unsafe { TerminateProcess(h, TERMINATE_EXIT_CODE) } == 0 {
                let e = last_error("TerminateProcess");
                if e.raw_os_error() != Some(ERROR_ACCESS_DENIED as i32) {
                    return Err(classify(pid, e));
                }
            }
            Ok(())
        }
        SIGSTOP | SIGCONT => {
            // SAFETY: a valid handle.
            let status = unsafe {
                if sig == SIGSTOP {
                    NtSuspendProcess(h)
                } else {
                    NtResumeProcess(h)
                }
            };
            if status < 0 {
                return Err(classify(pid, nt_error("NtSuspendProcess", status)));
            }
            Ok(())
        }
        _ => Err(Error::invalid(
            "only SIGTERM, CTRL_C_EVENT and CTRL_BREAK_EVENT signals are supported on Windows",
        )),
    }
}

/// psutil's `nice()`: the priority class (`GetPriorityClass`), e.g. 0x20 NORMAL.
pub(crate) fn get_nice(pid: Pid) -> Result<i32> {
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    // SAFETY: a valid handle.
    match unsafe { GetPriorityClass(h.raw()) } {
        0 => Err(classify(pid, last_error("GetPriorityClass"))),
        class => Ok(class as i32),
    }
}

/// psutil's `nice(value)`: `SetPriorityClass` with the class passed through unchecked (a
/// bad one → ERROR_INVALID_PARAMETER).
pub(crate) fn set_nice(pid: Pid, value: i32) -> Result<()> {
    let h = open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION)?;
    // SAFETY: a valid handle.
    if unsafe { SetPriorityClass(h.raw(), value as u32) } == 0 {
        return Err(classify(pid, last_error("SetPriorityClass")));
    }
    Ok(())
}

/// psutil's `ionice()`: the I/O priority hint (0 very low … 3 high) as (hint, 0), from
/// `NtQueryInformationProcess(ProcessIoPriority)`. Wine 8: STATUS_INVALID_INFO_CLASS → an
/// OS error.
pub(crate) fn get_ionice(pid: Pid) -> Result<(u32, u32)> {
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    let mut hint = 0u32;
    // SAFETY: a valid handle; a 4-byte out-buffer.
    let status = unsafe {
        NtQueryInformationProcess(
            h.raw(),
            ProcessIoPriority,
            (&mut hint as *mut u32).cast(),
            4,
            std::ptr::null_mut(),
        )
    };
    if status < 0 {
        return Err(classify(pid, nt_error("NtQueryInformationProcess", status)));
    }
    Ok((hint, 0))
}

/// psutil's `ionice(ioclass)`: `NtSetInformationProcess(ProcessIoPriority)`; `value` is
/// not accepted on Windows. Wine 8: STATUS_NOT_IMPLEMENTED → an OS error.
pub(crate) fn set_ionice(pid: Pid, class: u32, value: u32) -> Result<()> {
    if value != 0 {
        return Err(Error::invalid("value argument not accepted on Windows"));
    }
    if class > 3 {
        return Err(Error::invalid(format!("{class} is not a valid IOPriority")));
    }
    let h = open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION)?;
    // SAFETY: a valid handle; a 4-byte in-buffer.
    let status =
        unsafe { NtSetInformationProcess(h.raw(), ProcessIoPriority, (&class as *const u32).cast(), 4) };
    if status < 0 {
        return Err(classify(pid, nt_error("NtSetInformationProcess", status)));
    }
    Ok(())
}

/// Not on Windows (psutil's `rlimit` is Linux/FreeBSD only).
pub(crate) fn prlimit(_pid: Pid, _resource: i32, _new: Option<(i64, i64)>) -> Result<(i64, i64)> {
    unsupported("Process.rlimit")
}

/// psutil's `cpu_affinity()`: the set bits of `GetProcessAffinityMask`'s process mask.
pub(crate) fn get_cpu_affinity(pid: Pid) -> Result<Vec<usize>> {
    let h = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION)?;
    let (mut proc_mask, mut sys_mask) = (0usize, 0usize);
    // SAFETY: a valid handle and out-pointers.
    if unsafe { GetProcessAffinityMask(h.raw(), &mut proc_mask, &mut sys_mask) } == 0 {
        return Err(classify(pid, last_error("GetProcessAffinityMask")));
    }
    Ok((0..usize::BITS as usize).filter(|i| proc_mask & (1 << i) != 0).collect())
}

/// psutil's `cpu_affinity(cpus)`: `SetProcessAffinityMask` with the OR of `1 << cpu`.
pub(crate) fn set_cpu_affinity(pid: Pid, cpus: &[usize]) -> Result<()> {
    let mask = cpus.iter().filter(|&&c| c < usize::BITS as usize).fold(0usize, |m, &c| m | (1 << c));
    let h = open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION)?;
    // SAFETY: a valid handle.
    if unsafe { SetProcessAffinityMask(h.raw(), mask) } == 0 {
        return Err(classify(pid, last_error("SetProcessAffinityMask")));
    }
    Ok(())
}

/// Every CPU psutil accepts: `range(len(cpu_times(percpu=True)))`.
pub(crate) fn all_cpus(roots: &Roots) -> Result<Vec<usize>> {
    Ok((0..super::cpu::cpu_times_percpu(roots)?.len()).collect())
}

/// The CPUs a process may be given: every CPU (one processor group).
pub(crate) fn eligible_cpus(roots: &Roots, _pid: Pid) -> Result<Vec<usize>> {
    all_cpus(roots)
}

/// psutil's `wait()`: `WaitForSingleObject` on the pinned handle (`INFINITE` without a
/// timeout), then `GetExitCodeProcess`. No pin (the process could not be opened as it is
/// gone) → [`WaitOutcome::Gone`].
pub(crate) fn wait(pid: Pid, pin: Option<&Pin>, timeout: Option<Duration>) -> Result<WaitOutcome> {
    let Some(pin) = pin else { return Ok(WaitOutcome::Gone) };
    let ms =
        timeout.map_or(INFINITE, |t| u32::try_from(t.as_millis()).unwrap_or(INFINITE - 1).min(INFINITE - 1));
    // SAFETY: a valid handle opened with SYNCHRONIZE.
    match unsafe { WaitForSingleObject(pin.handle.raw(), ms) } {
        WAIT_OBJECT_0 => {
            let mut code = 0u32;
            // SAFETY: a valid handle and out-pointer.
            if unsafe { GetExitCodeProcess(pin.handle.raw(), &mut code) } == 0 {
                return Err(classify(pid, last_error("GetExitCodeProcess")));
            }
            Ok(WaitOutcome::Status(ExitStatus::Exited(code as i32)))
        }
        WAIT_TIMEOUT => Ok(WaitOutcome::TimedOut),
        _ => Err(classify(pid, last_error("WaitForSingleObject"))),
    }
}

/// The signals Python's `signal` module has on Windows (`signal.Signals`), by number.
const SIGNALS: [(&str, i32); 7] = [
    ("SIGINT", 2),
    ("SIGILL", 4),
    ("SIGFPE", 8),
    ("SIGSEGV", 11),
    ("SIGTERM", 15),
    ("SIGBREAK", 21),
    ("SIGABRT", 22),
];

/// The name of a signal number Python knows on Windows.
pub(crate) fn signal_name(sig: i32) -> Option<&'static str> {
    SIGNALS.iter().find(|(_, n)| *n == sig).map(|(name, _)| *name)
}

/// Every signal Python knows on Windows, by number.
pub(crate) fn signal_names() -> Vec<(&'static str, i32)> {
    SIGNALS.to_vec()
}

/// No real-time signals on Windows.
pub(crate) fn realtime_signals() -> Option<std::ops::RangeInclusive<i32>> {
    None
}
