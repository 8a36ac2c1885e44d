//! Signals, priority and waiting for a pid, with the calls every Unix has: `kill(2)`,
//! `getpriority`/`setpriority(2)`, `waitpid(2)` (psutil's `_psposix.wait_pid` loop), and
//! the errno classes of those calls. Linux, macOS and FreeBSD all use them; Linux adds its
//! pidfd path on top (`sys::linux::process_ctl`).

use std::io;
use std::time::{Duration, Instant};

use crate::process::ExitStatus;
use crate::{Error, Pid};

/// What a wait ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitOutcome {
    /// Our child ended and was reaped; its status.
    Status(ExitStatus),
    /// The process is gone but its status is not ours to collect (not our child, or
    /// already reaped).
    Gone,
    /// The timeout expired first.
    TimedOut,
}

/// The pid as `pid_t`; a pid no `pid_t` can hold names no process (ESRCH).
pub(crate) fn raw_pid(pid: Pid) -> io::Result<libc::pid_t> {
    libc::pid_t::try_from(pid).map_err(|_| io::Error::from_raw_os_error(libc::ESRCH))
}

fn cvt(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// Sets this thread's `errno` (to tell getpriority's -1 from an error).
fn set_errno(value: libc::c_int) {
    // SAFETY: each libc returns a valid pointer to this thread's errno.
    unsafe {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let loc = libc::__errno_location();
        #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
        let loc = libc::__error();
        *loc = value;
    }
}

/// `kill(pid, sig)` for a pid > 0 (0 and negative pids would signal groups: EINVAL).
pub(crate) fn kill(pid: Pid, sig: i32) -> io::Result<()> {
    let pid = raw_pid(pid)?;
    if pid <= 0 {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    // SAFETY: kill(2) with a positive pid only signals that process.
    cvt(unsafe { libc::kill(pid, sig) }).map(drop)
}

/// The errno of `kill(pid, 0)`, 0 when it succeeded: the fact
/// `bsd::errors::pid_exists_from_kill` and [`pid_alive`] decide on.
pub(crate) fn kill0_errno(pid: Pid) -> i32 {
    match kill(pid, 0) {
        Ok(()) => 0,
        Err(e) => e.raw_os_error().unwrap_or(libc::ESRCH),
    }
}

/// psutil's `_psposix.pid_exists` for a pid > 0: `kill(pid, 0)` succeeds or fails with
/// EPERM (the process exists but is not ours to signal).
pub(crate) fn pid_alive(pid: Pid) -> bool {
    matches!(kill0_errno(pid), 0 | libc::EPERM)
}

/// True when a control call found the process gone (`ESRCH`).
pub(crate) fn is_gone(err: &Error) -> bool {
    err.raw_os_error() == Some(libc::ESRCH)
}

/// True when a control call was refused for lack of privilege (`EPERM`, `EACCES`).
pub(crate) fn is_denied(err: &Error) -> bool {
    matches!(err.raw_os_error(), Some(libc::EPERM | libc::EACCES))
}

/// True when the kernel rejected a control call's argument (`EINVAL`): on Linux also a
/// soft limit above the hard one for `prlimit(2)`, a CPU set the cpuset forbids for
/// `sched_setaffinity(2)`.
pub(crate) fn is_invalid(err: &Error) -> bool {
    err.raw_os_error() == Some(libc::EINVAL)
}

/// `getpriority(PRIO_PROCESS, pid)`; errno is cleared first since -1 is a valid nice.
pub(crate) fn get_nice(pid: Pid) -> io::Result<i32> {
    let pid = raw_pid(pid)?;
    set_errno(0);
    // SAFETY: plain integers.
    let v = unsafe { libc::getpriority(libc::PRIO_PROCESS, pid as _) };
    if v == -1 {
        let err = io::Error::last_os_error();
        if err.raw_os_error().unwrap_or(0) != 0 {
            return Err(err);
        }
    }
    Ok(v)
}

/// `setpriority(PRIO_PROCESS, pid, value)`.
pub(crate) fn set_nice(pid: Pid, value: i32) -> io::Result<()> {
    let pid = raw_pid(pid)?;
    // SAFETY: plain integers.
    cvt(unsafe { libc::setpriority(libc::PRIO_PROCESS, pid as _, value) }).map(drop)
}

/// A `waitpid` status word as psutil reads it: exit code, or the terminating signal.
/// `None` for anything else (a stop or continue report).
pub(crate) fn exit_status_of(status: libc::c_int) -> Option<ExitStatus> {
    if libc::WIFEXITED(status) {
        Some(ExitStatus::Exited(libc::WEXITSTATUS(status)))
    } else if libc::WIFSIGNALED(status) {
        Some(ExitStatus::Signaled(libc::WTERMSIG(status)))
    } else {
        None
    }
}

/// psutil's `ValueError("unknown process exit status ...")` for a status word (or a
/// `waitid` code) that is neither an exit nor a signal.
pub(crate) fn unknown_status(raw: i32) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("unknown process exit status {raw}"))
}

/// `waitpid(pid, flags)`, retried on EINTR: `Some(Status)` when reaped, `Some(Gone)` on
/// ECHILD (not our child, or no such pid), `None` when WNOHANG found it still running.
pub(crate) fn waitpid(pid: Pid, flags: libc::c_int) -> io::Result<Option<WaitOutcome>> {
    let raw = raw_pid(pid)?;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: a writable status word.
        let ret = unsafe { libc::waitpid(raw, &mut status, flags) };
        match cvt(ret) {
            Ok(0) => return Ok(None),
            Ok(_) => {
                return exit_status_of(status)
                    .map(|s| Some(WaitOutcome::Status(s)))
                    .ok_or_else(|| unknown_status(status));
            }
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) if e.raw_os_error() == Some(libc::ECHILD) => return Ok(Some(WaitOutcome::Gone)),
            Err(e) => return Err(e),
        }
    }
}

/// psutil's `_psposix.wait_pid` (`wait_pid_posix`): `waitpid(pid, WNOHANG if timeout else
/// 0)` for our children; on ECHILD, [`pid_alive`] polled until the pid is gone. Between
/// polls it sleeps 0.1 ms, doubling up to 40 ms, and a poll after `timeout` has run out
/// (at once for a zero timeout) gives `TimedOut`.
pub(crate) fn wait_polling(pid: Pid, timeout: Option<Duration>) -> io::Result<WaitOutcome> {
    let start = Instant::now();
    let flags = if timeout.is_some() { libc::WNOHANG } else { 0 };
    let mut interval = Duration::from_micros(100);
    let max_interval = Duration::from_millis(40);
    // Sleeps one backoff step; false when the timeout has run out instead.
    let step = |interval: &mut Duration| -> bool {
        if let Some(t) = timeout {
            if t.is_zero() || start.elapsed() >= t {
                return false;
            }
        }
        std::thread::sleep(*interval);
        *interval = (*interval * 2).min(max_interval);
        true
    };
    loop {
        match waitpid(pid, flags)? {
            Some(WaitOutcome::Gone) => {
                while pid_alive(pid) {
                    if !step(&mut interval) {
                        return Ok(WaitOutcome::TimedOut);
                    }
                }
                return Ok(WaitOutcome::Gone);
            }
            Some(outcome) => return Ok(outcome),
            None => {
                if !step(&mut interval) {
                    return Ok(WaitOutcome::TimedOut);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spawn(cmd: &str) -> std::process::Child {
        std::process::Command::new("sh").arg("-c").arg(cmd).spawn().unwrap()
    }

    #[test]
    #[allow(clippy::zombie_processes)] // reaped by `wait_polling`, the code under test
    fn wait_reaps_our_child_with_its_exit_code_and_signal() {
        let child = spawn("exit 7");
        assert_eq!(wait_polling(child.id(), None).unwrap(), WaitOutcome::Status(ExitStatus::Exited(7)));
        let child = spawn("kill -TERM $$");
        assert_eq!(
            wait_polling(child.id(), Some(Duration::from_secs(10))).unwrap(),
            WaitOutcome::Status(ExitStatus::Signaled(libc::SIGTERM))
        );
    }

    #[test]
    fn wait_times_out_then_kill_ends_it() {
        let mut child = spawn("sleep 30");
        let pid = child.id();
        let t = Instant::now();
        assert_eq!(wait_polling(pid, Some(Duration::from_millis(50))).unwrap(), WaitOutcome::TimedOut);
        assert!(t.elapsed() >= Duration::from_millis(50));
        assert_eq!(kill0_errno(pid), 0);
        kill(pid, libc::SIGKILL).unwrap();
        assert_eq!(
            wait_polling(pid, None).unwrap(),
            WaitOutcome::Status(ExitStatus::Signaled(libc::SIGKILL))
        );
        assert_eq!(kill0_errno(pid), libc::ESRCH);
        assert!(child.try_wait().is_err(), "already reaped by us");
    }

    #[test]
    fn wait_on_a_process_that_is_not_our_child() {
        // pid 1 is not our child and does not end: ECHILD, then kill(1, 0) polling until
        // the timeout.
        let t = Instant::now();
        assert_eq!(wait_polling(1, Some(Duration::from_millis(50))).unwrap(), WaitOutcome::TimedOut);
        assert!(t.elapsed() >= Duration::from_millis(50));
        assert_eq!(wait_polling(1, Some(Duration::ZERO)).unwrap(), WaitOutcome::TimedOut);
        assert_eq!(kill(0, 0).unwrap_err().raw_os_error(), Some(libc::EINVAL));
        assert_eq!(kill(u32::MAX, 0).unwrap_err().raw_os_error(), Some(libc::ESRCH));
    }

    #[test]
    fn a_zero_timeout_does_not_wait_and_a_missing_pid_is_gone() {
        let mut child = spawn("sleep 30");
        assert_eq!(wait_polling(child.id(), Some(Duration::ZERO)).unwrap(), WaitOutcome::TimedOut);
        child.kill().unwrap();
        child.wait().unwrap();
        // pid_max is at most 4194304 on Linux (99999 on FreeBSD and macOS): no such pid.
        assert_eq!(wait_polling(4_194_305, None).unwrap(), WaitOutcome::Gone);
        assert!(!pid_alive(4_194_305));
        assert!(pid_alive(std::process::id()));
        assert!(pid_alive(1), "as root kill(1, 0) succeeds, else EPERM: alive either way");
    }

    #[test]
    fn errno_classes() {
        let err = |n| Error::from(io::Error::from_raw_os_error(n));
        assert!(is_gone(&err(libc::ESRCH)) && !is_gone(&err(libc::EPERM)));
        assert!(
            is_denied(&err(libc::EPERM)) && is_denied(&err(libc::EACCES)) && !is_denied(&err(libc::ESRCH))
        );
        assert!(is_invalid(&err(libc::EINVAL)) && !is_invalid(&err(libc::ESRCH)));
        assert!(!is_gone(&Error::invalid("not an errno")));
    }

    /// The nice value against the kernel's own account of it (`/proc/<pid>/stat` field 19
    /// on the Linux build host), raised on a child and read back.
    #[cfg(target_os = "linux")]
    #[test]
    fn nice_matches_proc_stat() {
        let mut child = spawn("sleep 30");
        let pid = child.id();
        let stat_nice = || {
            let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
            let after = &s[s.rfind(')').unwrap() + 2..];
            after.split(' ').nth(16).unwrap().parse::<i32>().unwrap()
        };
        assert_eq!(get_nice(pid).unwrap(), stat_nice());
        set_nice(pid, 13).unwrap();
        assert_eq!(get_nice(pid).unwrap(), 13);
        assert_eq!(stat_nice(), 13);
        kill(pid, libc::SIGKILL).unwrap();
        child.wait().unwrap();
        assert_eq!(get_nice(pid).unwrap_err().raw_os_error(), Some(libc::ESRCH));
        assert_eq!(set_nice(pid, 1).unwrap_err().raw_os_error(), Some(libc::ESRCH));
    }

    #[test]
    fn status_words() {
        assert_eq!(exit_status_of(3 << 8), Some(ExitStatus::Exited(3)));
        assert_eq!(exit_status_of(libc::SIGKILL), Some(ExitStatus::Signaled(libc::SIGKILL)));
        assert_eq!(exit_status_of(0x7f | (libc::SIGSTOP << 8)), None, "stopped");
        assert_eq!(unknown_status(0x137f).kind(), io::ErrorKind::InvalidData);
    }
}
