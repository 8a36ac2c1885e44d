//! Processes: [`Process`], [`pids`], [`pid_exists`], [`process_iter`] and the
//! attribute-prefetch API ([`Attr`], [`ProcessInfo`]), with psutil 7.2.2's semantics.
//!
//! A [`Process`] is a cheap handle: clones share the same state (caches, `cpu_percent`
//! samples, the `oneshot` cache), like references to one Python object.
//!
//! ```
//! # fn main() -> psutil_rs::Result<()> {
//! let me = psutil_rs::Process::current()?;
//! assert_eq!(me.pid(), std::process::id());
//! assert!(me.is_running());
//! # Ok(())
//! # }
//! ```

mod batch;
mod environ;
mod exit;
mod getters;
mod info;
mod iter;
mod popen;
mod priority;
mod resources;
mod signals;
mod types;
mod wait;

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use crate::paths::{self, Roots};
use crate::sys::process as imp;
use crate::{Error, Pid, Result};

pub use environ::{Environ, EnvironIter};
pub use exit::{wait_procs_timeout, wait_timeout, ExitStatus};
pub use info::{Attr, AttrValue, ProcessInfo};
pub use iter::{as_dict_many, process_iter, process_iter_cache_clear, process_iter_with};
pub use popen::Popen;
pub use priority::{
    IoNice, IoPrioClass, Rlimit, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE, IOPRIO_CLASS_NONE, IOPRIO_CLASS_RT,
    RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_LOCKS, RLIMIT_MEMLOCK,
    RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO, RLIMIT_RTTIME,
    RLIMIT_SIGPENDING, RLIMIT_STACK, RLIM_INFINITY,
};
pub use resources::*;
pub use types::*;
pub use wait::wait_procs;

/// A process, identified by its pid **and** its start time, so a reused pid is told apart
/// (psutil's `Process`).
///
/// Getters read the kernel each time unless inside [`Process::oneshot`]. Only
/// [`Process::ppid`], [`Process::parent`], [`Process::parents`], [`Process::children`] and
/// the setters/signals check for pid reuse, as in psutil.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let p = psutil_rs::Process::new(std::process::id())?;
/// assert_eq!(p, psutil_rs::Process::current()?);
/// assert!(!p.name()?.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Process {
    pub(crate) inner: Arc<ProcessInner>,
}

/// The shared state behind a [`Process`] handle. Crate-visible so that the other
/// `impl Process` blocks (signals, priority, resources) can reach it.
pub(crate) struct ProcessInner {
    /// The pid.
    pub(crate) pid: Pid,
    /// The `/proc` and `/sys` roots captured at construction (psutil's `_procfs_path`).
    pub(crate) roots: Arc<Roots>,
    /// Identity: the start time in clock ticks since boot (`stat` field 22), psutil's
    /// monotonic create time. `None` when it could not be read at construction.
    pub(crate) ident: Option<u64>,
    /// Set once the process is known to be gone (psutil's `_gone`).
    pub(crate) gone: AtomicBool,
    /// Set once the pid is known to be reused (psutil's `_pid_reused`).
    pub(crate) pid_reused: AtomicBool,
    /// The last name read, for error messages (psutil's `_name`).
    pub(crate) name: Mutex<Option<String>>,
    /// `exe()` cached for the life of the instance.
    pub(crate) exe: OnceLock<std::path::PathBuf>,
    /// `create_time()` (epoch) cached for the life of the instance.
    pub(crate) create_time: OnceLock<f64>,
    /// The previous `cpu_percent` sample: (wall clock, user+system seconds).
    pub(crate) last_cpu: Mutex<Option<(Instant, f64)>>,
    /// The backend's own state of this process (on Linux, the `oneshot` cache).
    pub(crate) os: imp::ProcessState,
    /// Process control: the first pin's identity and the cached `wait` result.
    pub(crate) ctl: signals::CtlState,
}

/// What a backend reads one process through: its pid, the roots, the name memo for error
/// messages, and the backend's own [`imp::ProcessState`]. Backends never see the public
/// [`Process`] nor its locking.
#[derive(Clone, Copy)]
pub(crate) struct ProcRef<'a> {
    pid: Pid,
    roots: &'a Roots,
    name: &'a Mutex<Option<String>>,
    /// The backend's state of this process.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) os: &'a imp::ProcessState,
}

#[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
impl ProcRef<'_> {
    /// The pid.
    pub(crate) fn pid(&self) -> Pid {
        self.pid
    }

    /// The roots captured at construction.
    pub(crate) fn roots(&self) -> &Roots {
        self.roots
    }

    /// The name last seen, for error messages (psutil's `_name`).
    pub(crate) fn cached_name(&self) -> Option<String> {
        lock(self.name).clone()
    }

    /// Stores a name for error messages when none is known yet.
    pub(crate) fn remember_name_if_unknown(&self, name: impl FnOnce() -> String) {
        let mut slot = lock(self.name);
        if slot.is_none() {
            *slot = Some(name());
        }
    }

    /// psutil's `NoSuchProcess(pid, name)` for this process.
    pub(crate) fn nsp(&self) -> Error {
        Error::no_such_process(self.pid, self.cached_name())
    }
}

/// Locks a mutex, ignoring poisoning (the guarded data stays consistent: every writer
/// stores whole values).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl std::fmt::Debug for Process {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Process");
        d.field("pid", &self.inner.pid);
        if let Some(name) = self.cached_name() {
            d.field("name", &name);
        }
        d.finish()
    }
}

/// psutil's `__eq__`: same `(pid, start time)`.
impl PartialEq for Process {
    fn eq(&self, other: &Self) -> bool {
        self.ident() == other.ident()
    }
}

impl Eq for Process {}

/// psutil's `__hash__`: the hash of `(pid, start time)`.
impl Hash for Process {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ident().hash(state);
    }
}

const REUSED_MSG: &str = "process no longer exists and its PID has been reused";

impl Process {
    /// The process with this pid (psutil's `Process(pid)`).
    ///
    /// Errors: pid 0 or a pid that does not exist → `NoSuchProcess` "process PID not
    /// found"; a pid beyond `pid_t` → `NoSuchProcess` "process PID out of range". A zombie
    /// or a process whose start time is denied is still returned, as in psutil.
    ///
    /// ```
    /// use psutil_rs::Process;
    /// assert!(Process::new(std::process::id()).is_ok());
    /// let e = Process::new(0).unwrap_err();
    /// assert!(e.is_no_such_process());
    /// assert!(e.to_string().starts_with("process PID not found"));
    /// assert!(Process::new(u32::MAX).unwrap_err().to_string().starts_with("process PID out of range"));
    /// ```
    pub fn new(pid: Pid) -> Result<Process> {
        Self::with_roots(pid, paths::current(), false)
    }

    /// The calling process (psutil's `Process()`).
    ///
    /// ```
    /// let me = psutil_rs::Process::current().unwrap();
    /// assert_eq!(me.pid(), std::process::id());
    /// ```
    pub fn current() -> Result<Process> {
        Self::new(std::process::id())
    }

    /// The constructor behind [`Process::new`]: `roots` are captured, and with `ignore_nsp`
    /// a vanished pid gives a handle marked gone instead of an error (psutil's
    /// `_init(pid, _ignore_nsp=True)`, used by `Popen`).
    pub(crate) fn with_roots(pid: Pid, roots: Arc<Roots>, ignore_nsp: bool) -> Result<Process> {
        if i32::try_from(pid).is_err() {
            return Err(Error::NoSuchProcess { pid, name: None, msg: "process PID out of range".into() });
        }
        let mut gone = false;
        let ident = match imp::start_ticks(&roots, pid) {
            Ok(t) => Some(t),
            Err(e) if e.is_zombie() || e.is_access_denied() => None,
            Err(e) if e.is_no_such_process() => {
                if !ignore_nsp {
                    return Err(Error::NoSuchProcess {
                        pid,
                        name: None,
                        msg: "process PID not found".into(),
                    });
                }
                gone = true;
                None
            }
            Err(e) => return Err(e),
        };
        Ok(Self::from_parts(pid, roots, ident, gone))
    }

    /// Builds a handle from an already known identity, without touching the kernel.
    /// Tests use it to fake a different start time (pid reuse).
    pub(crate) fn from_parts(pid: Pid, roots: Arc<Roots>, ident: Option<u64>, gone: bool) -> Process {
        Process {
            inner: Arc::new(ProcessInner {
                pid,
                roots,
                ident,
                gone: AtomicBool::new(gone),
                pid_reused: AtomicBool::new(false),
                name: Mutex::new(None),
                exe: OnceLock::new(),
                create_time: OnceLock::new(),
                last_cpu: Mutex::new(None),
                os: imp::ProcessState::default(),
                ctl: signals::CtlState::default(),
            }),
        }
    }

    /// The pid (psutil's `pid` property).
    ///
    /// ```
    /// assert_eq!(psutil_rs::Process::current().unwrap().pid(), std::process::id());
    /// ```
    pub fn pid(&self) -> Pid {
        self.inner.pid
    }

    /// The roots this process reads below (captured at construction).
    pub(crate) fn roots(&self) -> &Roots {
        &self.inner.roots
    }

    /// The view of this process a backend reads through.
    pub(crate) fn backend(&self) -> ProcRef<'_> {
        ProcRef { pid: self.inner.pid, roots: &self.inner.roots, name: &self.inner.name, os: &self.inner.os }
    }

    /// The identity `(pid, start ticks)` used by `==`, `hash` and [`Process::is_running`].
    pub(crate) fn ident(&self) -> (Pid, Option<u64>) {
        (self.inner.pid, self.inner.ident)
    }

    /// The name last seen, for error messages (psutil's `_name`); `None` if never read.
    pub(crate) fn cached_name(&self) -> Option<String> {
        lock(&self.inner.name).clone()
    }

    /// Remembers the name for later error messages.
    pub(crate) fn remember_name(&self, name: &str) {
        let mut slot = lock(&self.inner.name);
        if slot.as_deref() != Some(name) {
            *slot = Some(name.to_string());
        }
    }

    /// Marks the process as gone (e.g. after ESRCH from a signal or a reaped wait).
    pub(crate) fn mark_gone(&self) {
        self.inner.gone.store(true, Ordering::Relaxed);
    }

    /// psutil's `NoSuchProcess(pid, name)` for this process.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn nsp(&self) -> Error {
        Error::no_such_process(self.inner.pid, self.cached_name())
    }

    /// psutil's `AccessDenied(pid, name)` for this process.
    pub(crate) fn access_denied(&self) -> Error {
        Error::access_denied(Some(self.inner.pid), self.cached_name())
    }

    /// Fails with `NoSuchProcess` "process no longer exists and its PID has been reused"
    /// when the pid now belongs to another process (psutil's `_raise_if_pid_reused`).
    /// A process that is merely gone passes: the real call then reports NSP by itself.
    /// Call it first in every reuse-checked method (ppid, children, setters, signals).
    pub(crate) fn check_not_reused(&self) -> Result<()> {
        self.reuse_error(|| self.is_running())
    }

    /// [`Process::check_not_reused`] for a getter whose value is taken from `stat` (`ppid`):
    /// inside `oneshot` the start time is compared from the oneshot's own `stat` read, the
    /// one the value comes from, so the check costs no second read. Signals and setters use
    /// the always-fresh [`Process::check_not_reused`].
    pub(crate) fn check_not_reused_for_stat(&self) -> Result<()> {
        self.reuse_error(|| {
            !self.known_dead() && self.judge_start_time(imp::current_start_ticks(&self.backend()))
        })
    }

    /// Records that the pid now names another process (psutil's `_pid_reused`), drops it
    /// from the [`process_iter`] cache, and returns the error to report.
    pub(crate) fn mark_reused(&self) -> Error {
        self.inner.pid_reused.store(true, Ordering::Relaxed);
        iter::note_pid_reused(self.inner.pid);
        self.reused_error()
    }

    fn reused_error(&self) -> Error {
        Error::NoSuchProcess { pid: self.inner.pid, name: self.cached_name(), msg: REUSED_MSG.into() }
    }

    fn reuse_error(&self, running: impl FnOnce() -> bool) -> Result<()> {
        if self.inner.pid_reused.load(Ordering::Relaxed)
            || (!running() && self.inner.pid_reused.load(Ordering::Relaxed))
        {
            return Err(self.reused_error());
        }
        Ok(())
    }

    fn known_dead(&self) -> bool {
        self.inner.gone.load(Ordering::Relaxed) || self.inner.pid_reused.load(Ordering::Relaxed)
    }

    /// True if the process still exists and its pid was not reused (psutil's
    /// `is_running()`); a zombie is running. Reuse is remembered, and the pid is dropped
    /// from the [`process_iter`] cache.
    ///
    /// ```
    /// assert!(psutil_rs::Process::current().unwrap().is_running());
    /// ```
    pub fn is_running(&self) -> bool {
        !self.known_dead() && self.judge_start_time(imp::start_ticks(&self.inner.roots, self.inner.pid))
    }

    /// `is_running`'s verdict on the start time just read (or the error met reading it),
    /// classified as the constructor classifies it.
    fn judge_start_time(&self, now: Result<u64>) -> bool {
        match now {
            Ok(now) => {
                // An unknown start time (denied at construction) is not evidence of reuse
                // (psutil 8.0's rule; 7.2.2 would report reuse).
                if self.inner.ident.is_none_or(|t| t == now) {
                    true
                } else {
                    self.mark_reused();
                    false
                }
            }
            Err(e) if e.is_zombie() || e.is_access_denied() => true,
            Err(e) if e.is_no_such_process() => {
                self.mark_gone();
                false
            }
            // Anything else (an I/O error on the root) says nothing about the process.
            Err(_) => true,
        }
    }

    /// Runs `f` with the per-file cache on: every getter inside shares one read of `stat`,
    /// `status` and `statm` (psutil's `with p.oneshot():`). Re-entrant; the cache is emptied
    /// when the outermost call returns (or unwinds). Errors are never cached.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let p = psutil_rs::Process::current()?;
    /// let (name, ppid) = p.oneshot(|p| Ok::<_, psutil_rs::Error>((p.name()?, p.ppid()?)))?;
    /// assert!(!name.is_empty() && ppid > 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn oneshot<T>(&self, f: impl FnOnce(&Process) -> T) -> T {
        self.within(imp::ProcessState::enter_oneshot, imp::ProcessState::leave_oneshot, f)
    }

    /// Opens a `oneshot` that lasts until the returned guard is dropped, for callers whose
    /// oneshot does not fit one closure (a binding's `with p.oneshot():` block). The same
    /// cache as [`Process::oneshot`], re-entrant with it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let p = psutil_rs::Process::current()?;
    /// let guard = p.oneshot_guard();
    /// let (ppid, times) = (p.ppid()?, p.cpu_times()?); // one read of stat
    /// drop(guard);
    /// assert!(ppid > 0 && times.user >= 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn oneshot_guard(&self) -> OneshotGuard {
        imp::ProcessState::enter_oneshot(&self.inner.os);
        OneshotGuard { process: self.clone() }
    }

    /// Runs `f` as one snapshot of the process (what `as_dict` reads): inside it, the
    /// backend also shares reads that a plain `oneshot` does not, and drops them when
    /// the outermost snapshot ends, so getters called later in the same `oneshot` read
    /// afresh, as in psutil.
    pub(crate) fn snapshot<T>(&self, f: impl FnOnce(&Process) -> T) -> T {
        self.oneshot(|p| p.within(imp::ProcessState::enter_snapshot, imp::ProcessState::leave_snapshot, f))
    }

    /// Runs `f` between `enter` and `leave` on the backend's state; `leave` runs also when
    /// `f` unwinds.
    fn within<T>(
        &self,
        enter: fn(&imp::ProcessState),
        leave: fn(&imp::ProcessState),
        f: impl FnOnce(&Process) -> T,
    ) -> T {
        struct Leave<'a>(&'a imp::ProcessState, fn(&imp::ProcessState));
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                (self.1)(self.0);
            }
        }
        enter(&self.inner.os);
        let _leave = Leave(&self.inner.os, leave);
        f(self)
    }
}

/// An open `oneshot` of one process (from [`Process::oneshot_guard`]); dropping it
/// leaves that oneshot.
///
/// ```
/// let p = psutil_rs::Process::current().unwrap();
/// let outer = p.oneshot_guard();
/// let inner = p.oneshot_guard(); // re-entrant: the cache lives until `outer` goes
/// drop(inner);
/// assert!(p.name().is_ok());
/// drop(outer);
/// ```
#[must_use = "the oneshot ends when the guard is dropped"]
pub struct OneshotGuard {
    process: Process,
}

impl Drop for OneshotGuard {
    fn drop(&mut self) {
        imp::ProcessState::leave_oneshot(&self.process.inner.os);
    }
}

impl std::fmt::Debug for OneshotGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OneshotGuard").field("pid", &self.process.pid()).finish()
    }
}

/// The lowest pid of the last [`pids`] call and the `/proc` root it was read from
/// (psutil's `_LOWEST_PID`; keyed by root so fixture trees do not mix with the real one).
static LOWEST_PID: Mutex<Option<(std::path::PathBuf, Pid)>> = Mutex::new(None);

fn note_lowest(roots: &Roots, pids: &[Pid]) {
    if let Some(&first) = pids.iter().min() {
        *lock(&LOWEST_PID) = Some((roots.proc().to_path_buf(), first));
    }
}

/// The pids of all processes, sorted (psutil's `pids()`): the all-digit entries of `/proc`.
///
/// ```
/// let pids = psutil_rs::pids().unwrap();
/// assert!(pids.contains(&std::process::id()));
/// assert!(pids.windows(2).all(|w| w[0] < w[1]));
/// ```
pub fn pids() -> Result<Vec<Pid>> {
    let roots = paths::current();
    let mut v = imp::pids(&roots)?;
    v.sort_unstable();
    note_lowest(&roots, &v);
    Ok(v)
}

/// The lowest pid below `roots` as seen by the last [`pids`] call there, listing the pids
/// if never done (psutil's `_LOWEST_PID`).
pub(crate) fn lowest_pid(roots: &Roots) -> Result<Pid> {
    if let Some((root, pid)) = lock(&LOWEST_PID).as_ref() {
        if root == roots.proc() {
            return Ok(*pid);
        }
    }
    let v = imp::pids(roots)?;
    note_lowest(roots, &v);
    Ok(v.iter().min().copied().unwrap_or(0))
}

/// True if a process (not a thread) with this pid exists (psutil's `pid_exists`): pid 0 and
/// thread ids are false.
///
/// ```
/// assert!(psutil_rs::pid_exists(std::process::id()));
/// assert!(!psutil_rs::pid_exists(0));
/// ```
pub fn pid_exists(pid: Pid) -> bool {
    pid != 0 && i32::try_from(pid).is_ok() && imp::pid_exists(&paths::current(), pid)
}

#[cfg(all(test, all(target_os = "linux", not(psutil_unsupported))))]
mod tests {
    use super::*;

    #[test]
    fn reuse_is_detected_with_a_faked_start_time() {
        let me = Process::current().unwrap();
        assert!(me.check_not_reused().is_ok());
        let (pid, ticks) = me.ident();
        let fake = Process::from_parts(pid, me.inner.roots.clone(), ticks.map(|t| t + 1), false);
        assert_ne!(fake, me);
        assert!(!fake.is_running());
        let e = fake.check_not_reused().unwrap_err();
        assert!(e.is_no_such_process());
        assert!(e.to_string().starts_with(REUSED_MSG), "{e}");
        assert!(fake.ppid().unwrap_err().to_string().starts_with(REUSED_MSG));
    }

    #[test]
    #[allow(clippy::mutable_key_type)] // hashing uses only the immutable identity
    fn clones_share_state_and_hash_on_identity() {
        use std::collections::HashSet;
        let a = Process::current().unwrap();
        let b = a.clone();
        let c = Process::current().unwrap();
        let set: HashSet<Process> = [a.clone(), b, c].into_iter().collect();
        assert_eq!(set.len(), 1);
        a.remember_name("x");
        assert_eq!(a.clone().cached_name().as_deref(), Some("x"));
    }
}
