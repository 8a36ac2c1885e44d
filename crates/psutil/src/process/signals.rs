//! Process control, first part: pinning a process for one call, the signals
//! (`send_signal`, `suspend`, `resume`, `terminate`, `kill`) and `wait`, safe against pid
//! reuse. The setters (nice, ionice, rlimit, affinity) are in `priority.rs` and go through
//! the same check, [`Process::checked_for_setter`].
//!
//! Every setter and signal first checks that the pid still belongs to the process this
//! handle was made for (psutil's `_raise_if_pid_reused`). Where the backend can pin a
//! process (a pidfd on Linux 5.3+), each such call opens a pin *before* that check, so once
//! the check passes the pin is known to refer to this very process; signals and waits then
//! go through it, and a pid freed and reused meanwhile can never be hit. Setters (nice,
//! ionice, rlimit, affinity) have no pidfd form in the kernel and act by pid after the
//! check. The pin is closed before the call returns (only a blocking `wait` holds it while
//! it waits): a `Process` holds no descriptor between calls.
//!
//! A pin also carries an identity where the kernel gives one (the pidfs inode, Linux
//! 6.9+): the first pin's identity is remembered as plain memory, and a later pin with
//! another identity means the pid was reused, even by a process started within the same
//! clock tick (same create time). Without pidfds, the create-time check alone guards the
//! calls, as in psutil.

use std::sync::OnceLock;
use std::time::Duration;

use crate::process::{ExitStatus, Process};
use crate::sys::process_ctl as imp;
use crate::{Error, Result};

/// Per-instance control state, plain memory: the identity of the first pin taken on the
/// process, and the cached `wait` result (psutil's `_exitcode`).
#[derive(Debug, Default)]
pub(crate) struct CtlState {
    pin_identity: OnceLock<u64>,
    exit: OnceLock<Option<ExitStatus>>,
}

const PID0_SIGNAL: &str =
    "preventing sending signal to process with PID 0 as it would affect every process in the \
                           process group of the calling process (os.getpid()) instead of PID 0";

impl Process {
    /// Maps a failed control call, as the backend classifies it: gone → `NoSuchProcess`
    /// (and the handle is marked gone), denied → `AccessDenied`; anything else is passed on.
    pub(super) fn ctl_err(&self, e: Error) -> Error {
        if imp::is_gone(&e) {
            self.mark_gone();
            self.nsp()
        } else if imp::is_denied(&e) {
            self.access_denied()
        } else {
            e
        }
    }

    /// The identity check of every signal and setter: pins the process for this call
    /// (`None` where the backend cannot pin), then checks the create time and the pin's
    /// identity. The pin is opened *before* the checks, so once they pass it is known to
    /// refer to this very process. The caller drops it before returning.
    fn pinned(&self) -> Result<Option<imp::Pin>> {
        match imp::pin_open(self.pid()) {
            Ok(pin) => {
                self.check_not_reused()?;
                if let Some(pin) = &pin {
                    self.check_pin_identity(pin)?;
                }
                Ok(pin)
            }
            Err(e) if imp::is_gone(&e) => {
                self.check_not_reused()?;
                Err(self.ctl_err(e))
            }
            Err(e) => Err(e),
        }
    }

    /// The identity check of a setter, which acts by pid (the kernel has no pidfd form of
    /// them): [`Process::pinned`], with the pin closed at once.
    pub(super) fn checked_for_setter(&self) -> Result<()> {
        self.pinned().map(drop)
    }

    /// Compares the pin's identity with the first one seen on this handle, remembering it
    /// when it is the first; a different one means the pid now names another process.
    fn check_pin_identity(&self, pin: &imp::Pin) -> Result<()> {
        match pin.identity() {
            Some(id) if *self.inner.ctl.pin_identity.get_or_init(|| id) != id => Err(self.mark_reused()),
            _ => Ok(()),
        }
    }

    /// Remembers the identity of our own unreaped child right away, with no create-time
    /// check: its pid cannot have been reused (see [`crate::Popen`]). The pin is closed.
    pub(crate) fn pin_child(&self) {
        if let Ok(Some(pin)) = imp::pin_open(self.pid()) {
            if let Some(id) = pin.identity() {
                let _ = self.inner.ctl.pin_identity.set(id);
            }
        }
    }

    /// Sends signal `sig` (psutil's `send_signal`). Signal 0 only checks that the process
    /// exists. Use the `libc::SIG*` numbers.
    ///
    /// On Windows, as psutil: SIGTERM (15) → `TerminateProcess`; 0 and 1 are
    /// `os::windows::CTRL_C_EVENT` and `CTRL_BREAK_EVENT`, sent with
    /// `GenerateConsoleCtrlEvent` to the console process group the process leads; any other
    /// number → `InvalidArgument`.
    ///
    /// Checks for pid reuse first; with pidfds the signal goes through a pidfd opened for
    /// this call, which pins the process. Errors: a signal number the kernel does not know →
    /// `InvalidArgument`; pid 0 → `InvalidArgument`; reused pid or gone process →
    /// `NoSuchProcess`; EPERM → `AccessDenied`. Signalling a zombie succeeds.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// # #[cfg(unix)]
    /// me.send_signal(0)?;
    /// assert!(me.send_signal(9999).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_signal(&self, sig: i32) -> Result<()> {
        if !(0..=imp::max_signal()).contains(&sig) {
            return Err(Error::invalid(format!("invalid signal number {sig}")));
        }
        if self.pid() == 0 {
            return Err(Error::invalid(PID0_SIGNAL));
        }
        let pin = self.pinned()?;
        imp::send_signal(self.pid(), pin.as_ref(), sig).map_err(|e| self.ctl_err(e))
    }

    /// Suspends the process with SIGSTOP (psutil's `suspend`); errors as
    /// [`Process::send_signal`].
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let child = std::process::Command::new("sleep").arg("5").spawn()?;
    /// let p = psutil_rs::Process::new(child.id())?;
    /// p.suspend()?;
    /// p.resume()?;
    /// p.kill()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn suspend(&self) -> Result<()> {
        self.send_signal(imp::SIGSTOP)
    }

    /// Resumes the process with SIGCONT (psutil's `resume`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// psutil_rs::Process::current()?.resume()?; // SIGCONT to a running process is a no-op
    /// # Ok(())
    /// # }
    /// ```
    pub fn resume(&self) -> Result<()> {
        self.send_signal(imp::SIGCONT)
    }

    /// Terminates the process with SIGTERM (psutil's `terminate`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let child = std::process::Command::new("sleep").arg("5").spawn()?;
    /// let p = psutil_rs::Process::new(child.id())?;
    /// p.terminate()?;
    /// assert_eq!(p.wait(None)?.map(|s| s.code()), Some(-15));
    /// # Ok(())
    /// # }
    /// ```
    pub fn terminate(&self) -> Result<()> {
        self.send_signal(imp::SIGTERM)
    }

    /// Kills the process with SIGKILL (psutil's `kill`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let child = std::process::Command::new("sleep").arg("5").spawn()?;
    /// let p = psutil_rs::Process::new(child.id())?;
    /// p.kill()?;
    /// assert_eq!(p.wait(None)?.and_then(|s| s.signal()), Some(9));
    /// # Ok(())
    /// # }
    /// ```
    pub fn kill(&self) -> Result<()> {
        self.send_signal(imp::SIGKILL)
    }

    /// Waits for the process to end (psutil's `wait`).
    ///
    /// `timeout`: `None` waits forever, zero only checks. Returns the [`ExitStatus`] of our
    /// own child; `None` for a process that is not our child (once it has ended) or whose
    /// status was already collected. The result is cached: later calls return it without
    /// a syscall. With pidfds (Linux 5.3+) it polls the pidfd and reaps through it;
    /// otherwise psutil's `waitpid(WNOHANG)` loop with backoff from 0.1 to 40 ms.
    ///
    /// Difference from psutil: with pidfds, a non-child counts as ended as soon as it exits
    /// (the pidfd becomes readable), even while it is a zombie its parent has not reaped;
    /// psutil polls until the pid disappears, which never happens under an init that does
    /// not reap orphans. A handle whose pid was reused returns `None` at once.
    ///
    /// Errors: pid 0 → `InvalidArgument("can't wait for PID 0")`; still running after
    /// `timeout` → `TimeoutExpired{seconds, pid, name}`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use std::time::Duration;
    /// let me = psutil_rs::Process::current()?;
    /// let e = me.wait(Some(Duration::ZERO)).unwrap_err();
    /// assert!(matches!(e, psutil_rs::Error::TimeoutExpired { .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait(&self, timeout: Option<Duration>) -> Result<Option<ExitStatus>> {
        if self.pid() == 0 {
            return Err(Error::invalid("can't wait for PID 0"));
        }
        if let Some(done) = self.inner.ctl.exit.get() {
            return Ok(*done);
        }
        // The pin is held only while this call waits on it.
        let pin = match imp::pin_open(self.pid()) {
            Ok(Some(pin)) => {
                if self.check_not_reused().is_err() || self.check_pin_identity(&pin).is_err() {
                    // Our process is gone and its pid belongs to another one now.
                    return Ok(*self.inner.ctl.exit.get_or_init(|| None));
                }
                Some(pin)
            }
            Ok(None) => None,
            Err(e) if imp::is_gone(&e) => None,
            Err(e) => return Err(e),
        };
        match imp::wait(self.pid(), pin.as_ref(), timeout)? {
            imp::WaitOutcome::Status(status) => {
                self.mark_gone();
                Ok(*self.inner.ctl.exit.get_or_init(|| Some(status)))
            }
            imp::WaitOutcome::Gone => Ok(*self.inner.ctl.exit.get_or_init(|| None)),
            imp::WaitOutcome::TimedOut => Err(Error::TimeoutExpired {
                seconds: timeout.map_or(0.0, |t| t.as_secs_f64()),
                pid: Some(self.pid()),
                name: self.cached_name(),
            }),
        }
    }

    /// The status a previous [`Process::wait`] collected (psutil's `returncode`, set by
    /// `wait_procs` and `Popen.wait`); `None` before that or for a non-child.
    ///
    /// ```
    /// assert_eq!(psutil_rs::Process::current().unwrap().returncode(), None);
    /// ```
    pub fn returncode(&self) -> Option<ExitStatus> {
        self.inner.ctl.exit.get().copied().flatten()
    }
}

#[cfg(all(test, all(target_os = "linux", not(psutil_unsupported))))]
mod tests {
    use super::*;
    use crate::process::{IoPrioClass, Rlimit};
    use std::process::{Child, Command, Stdio};
    use std::time::Instant;

    fn state(pid: u32) -> Option<char> {
        let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        s[s.rfind(')')? + 2..].chars().next()
    }

    fn sleeping_child() -> Child {
        let child = Command::new("sleep").arg("30").stdin(Stdio::null()).spawn().expect("spawn");
        let t0 = Instant::now();
        while state(child.id()) != Some('S') && t0.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(5));
        }
        child
    }

    fn is_reuse(e: &Error) -> bool {
        matches!(e, Error::NoSuchProcess { msg, .. } if msg == "process no longer exists and its PID has been reused")
    }

    /// State letter, nice, ionice, NOFILE limits, affinity.
    type Snapshot = (Option<char>, i32, (u32, u32), (i64, i64), Vec<usize>);

    /// Everything about the target a refused call could have changed.
    fn snapshot(pid: u32) -> Snapshot {
        (
            state(pid),
            imp::get_nice(pid).expect("nice"),
            imp::get_ionice(pid).expect("ionice"),
            imp::prlimit(pid, Rlimit::Nofile as i32, None).expect("rlimit"),
            imp::get_cpu_affinity(pid).expect("affinity"),
        )
    }

    #[test]
    fn a_reused_pid_is_never_signalled_or_changed() {
        let mut child = sleeping_child();
        let pid = child.id();
        let real = Process::new(pid).expect("Process");
        let ident = real.ident().1.expect("start time readable");
        // The same pid with another start time: what a handle to a dead process whose pid
        // was reused looks like.
        let stale = Process::from_parts(pid, real.inner.roots.clone(), Some(ident + 12_345), false);
        let before = snapshot(pid);
        let results = [
            stale.send_signal(libc::SIGKILL),
            stale.terminate(),
            stale.kill(),
            stale.suspend(),
            stale.resume(),
            stale.send_signal(0),
            stale.set_nice(15),
            stale.set_ionice(IoPrioClass::Idle, None),
            stale.set_rlimit(Rlimit::Nofile, 1, 1),
            stale.set_cpu_affinity(&[0]),
            stale.set_cpu_affinity(&[]),
        ];
        for r in results {
            let e = r.unwrap_err();
            assert!(is_reuse(&e), "{e}");
        }
        // wait() on the stale handle reports "gone" at once instead of waiting for (or
        // reaping) the process that now owns the pid.
        assert_eq!(stale.wait(Some(Duration::ZERO)).expect("wait"), None);
        assert!(!stale.is_running());
        assert_eq!(snapshot(pid), before, "the target is untouched");
        // The genuine handle still works.
        real.kill().expect("kill");
        assert_eq!(real.wait(None).expect("wait"), Some(ExitStatus::Signaled(libc::SIGKILL)));
        assert!(child.try_wait().is_err(), "reaped by us, not by std");
    }

    /// Forces the next pid to be `pid` through `/proc/sys/kernel/ns_last_pid` (root only);
    /// retries because other processes on the machine fork too.
    fn spawn_with_pid(pid: u32) -> Option<Child> {
        for _ in 0..50 {
            std::fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string()).ok()?;
            let child = Command::new("sleep").arg("30").stdin(Stdio::null()).spawn().ok()?;
            if child.id() == pid {
                return Some(child);
            }
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
        None
    }

    #[test]
    fn a_really_reused_pid_is_refused() {
        let mut a = sleeping_child();
        let pid = a.id();
        let pinned = Process::new(pid).expect("Process");
        pinned.send_signal(0).expect("pins a pidfd for the call");
        let unpinned = Process::new(pid).expect("Process");
        // Start times have a resolution of one clock tick: let a tick pass so the identity
        // check can tell `b` from `a` (only the pin's identity could, within the same tick).
        std::thread::sleep(Duration::from_millis(50));
        a.kill().expect("kill a");
        a.wait().expect("reap a");
        let Some(mut b) = spawn_with_pid(pid) else {
            println!("skipping: cannot force pid reuse (ns_last_pid not writable or too busy)");
            return;
        };
        let t0 = Instant::now();
        while state(pid) != Some('S') && t0.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(5));
        }
        for p in [&pinned, &unpinned] {
            let e = p.kill().unwrap_err();
            assert!(is_reuse(&e), "{e}");
        }
        // A handle with `b`'s very create time (what a reuse within the same clock tick
        // looks like) that has pinned `a` before: the pin's identity tells them apart.
        let b_ticks = Process::new(pid).expect("b").ident().1;
        let same_tick = Process::from_parts(pid, pinned.inner.roots.clone(), b_ticks, false);
        match pinned.inner.ctl.pin_identity.get() {
            Some(&a_identity) => {
                let _ = same_tick.inner.ctl.pin_identity.set(a_identity);
                for e in [same_tick.kill().unwrap_err(), same_tick.set_nice(19).unwrap_err()] {
                    assert!(is_reuse(&e), "{e}");
                }
                assert!(!same_tick.is_running(), "the reuse is remembered");
            }
            None => println!("no pidfs here (kernel < 6.9): the same-tick case has no pin identity"),
        }
        // wait() on the old handle: `a` was reaped by std, so None at once, without blocking
        // on (or reaping) `b`, which is also our child.
        assert_eq!(pinned.wait(None).expect("wait"), None);
        assert_eq!(state(pid), Some('S'), "b is untouched");
        assert!(b.try_wait().expect("b").is_none());
        b.kill().expect("kill b");
        b.wait().expect("reap b");
    }

    #[test]
    fn pid_zero_is_refused() {
        let p = Process::from_parts(0, std::sync::Arc::new(crate::paths::Roots::default()), None, false);
        let msg = |r: Result<()>| match r {
            Err(Error::InvalidArgument(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(
            msg(p.send_signal(libc::SIGTERM)).starts_with("preventing sending signal to process with PID 0")
        );
        assert!(msg(p.kill()).ends_with("instead of PID 0"));
        assert_eq!(msg(p.wait(None).map(drop)), "can't wait for PID 0");
        assert_eq!(msg(p.rlimit(Rlimit::Nofile).map(drop)), "can't use prlimit() against PID 0 process");
        assert_eq!(msg(p.set_rlimit(Rlimit::Nofile, 1, 1)), "can't use prlimit() against PID 0 process");
    }
}
