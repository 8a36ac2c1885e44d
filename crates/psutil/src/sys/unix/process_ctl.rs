//! Signals, priority and waiting for a pid, with the calls every Unix has: `kill(2)`,
//! `getpriority`/`setpriority(2)`, `waitpid(2)`.

use std::io;
use std::time::{Duration, Instant};

use crate::process::ExitStatus;
use crate::Pid;

/// What a wait ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitOutcome {
    /// Our child ended and was reaped.
    Status(ExitStatus),
    /// Gone, its status not ours to collect.
    Gone,
    /// The timeout expired first.
    TimedOut,
}

fn raw_pid(pid: Pid) -> io::Result<libc::pid_t> {
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
/// `bsd::errors::pid_exists_from_kill` decides on.
pub(crate) fn kill0_errno(pid: Pid) -> i32 {
    match kill(pid, 0) {
        Ok(()) => 0,
        Err(e) => e.raw_os_error().unwrap_or(libc::ESRCH),
    }
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
/// `None` for a stop/continue report.
pub(crate) fn exit_status_of(status: libc::c_int) -> Option<ExitStatus> {
    if libc::WIFEXITED(status) {
        Some(ExitStatus::Exited(libc::WEXITSTATUS(status)))
    } else if libc::WIFSIGNALED(status) {
        Some(ExitStatus::Signaled(libc::WTERMSIG(status)))
    } else {
        None
    }
}

/// `waitpid(pid, flags)`, retried on EINTR: `Some(Status)` when reaped, `Some(Gone)` on
/// ECHILD (not our child), `None` when WNOHANG found it running or only stopped.
fn waitpid(pid: Pid, flags: libc::c_int) -> io::Result<Option<WaitOutcome>> {
    let raw = raw_pid(pid)?;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: a writable status word.
        let ret = unsafe { libc::waitpid(raw, &mut status, flags) };
        match cvt(ret) {
            Ok(0) => return Ok(None),
            Ok(_) => return Ok(exit_status_of(status).map(WaitOutcome::Status)),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) if e.raw_os_error() == Some(libc::ECHILD) => return Ok(Some(WaitOutcome::Gone)),
            Err(e) => return Err(e),
        }
    }
}

/// psutil's `_psposix.wait_pid`: `waitpid(WNOHANG)` for our children, `kill(pid, 0)` for
/// others, sleeping 0.1 ms doubling to 40 ms between polls, until `timeout`.
pub(crate) fn wait_polling(pid: Pid, timeout: Option<Duration>) -> io::Result<WaitOutcome> {
    let start = Instant::now();
    let mut interval = Duration::from_micros(100);
    let mut step = || -> bool {
        if let Some(t) = timeout {
            if start.elapsed() >= t {
                return false;
            }
            std::thread::sleep(interval.min(t.saturating_sub(start.elapsed())));
        } else {
            std::thread::sleep(interval);
        }
        interval = (interval * 2).min(Duration::from_millis(40));
        true
    };
    loop {
        match waitpid(pid, libc::WNOHANG)? {
            Some(WaitOutcome::Gone) => {
                while kill0_errno(pid) != libc::ESRCH {
                    if !step() {
                        return Ok(WaitOutcome::TimedOut);
                    }
                }
                return Ok(WaitOutcome::Gone);
            }
            Some(outcome) => return Ok(outcome),
            None => {
                if !step() {
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
        // pid 1 is not our child and does not end: the poll times out.
        assert_eq!(wait_polling(1, Some(Duration::from_millis(5))).unwrap(), WaitOutcome::TimedOut);
        assert_eq!(kill(0, 0).unwrap_err().raw_os_error(), Some(libc::EINVAL));
        assert_eq!(kill(u32::MAX, 0).unwrap_err().raw_os_error(), Some(libc::ESRCH));
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
    }
}
