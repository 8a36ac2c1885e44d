//! Where the kernel's pseudo file systems are read from.
//!
//! psutil reads `/proc` through `psutil.PROCFS_PATH`, looked up on every call, and each
//! `Process` captures it when it is made. This module keeps the same model for both `/proc`
//! and `/sys`: a process-wide setting ([`set_procfs_path`], [`set_sysfs_path`]) and a
//! per-thread override ([`with_roots`]) that lets tests run fixture trees side by side.
//! Unlike psutil, `/sys` is configurable too, so every parser can be tested on fixtures.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// A pair of roots: the `/proc` and `/sys` trees every read is made below.
///
/// ```
/// use psutil_rs::paths::Roots;
/// let roots = Roots::default();
/// assert_eq!(roots.proc().to_str(), Some("/proc"));
/// assert_eq!(roots.sys().to_str(), Some("/sys"));
/// assert_eq!(roots.proc_file("meminfo").to_str(), Some("/proc/meminfo"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roots {
    proc: PathBuf,
    sys: PathBuf,
}

impl Default for Roots {
    fn default() -> Self {
        Roots { proc: PathBuf::from("/proc"), sys: PathBuf::from("/sys") }
    }
}

impl Roots {
    /// Roots at the given `/proc` and `/sys` trees.
    ///
    /// ```
    /// let r = psutil_rs::paths::Roots::new("/tmp/fx/proc", "/tmp/fx/sys");
    /// assert_eq!(r.sys_file("block").to_str(), Some("/tmp/fx/sys/block"));
    /// ```
    pub fn new(proc: impl Into<PathBuf>, sys: impl Into<PathBuf>) -> Self {
        Roots { proc: proc.into(), sys: sys.into() }
    }

    /// Roots of a fixture tree holding `proc/` and `sys/` side by side.
    ///
    /// ```
    /// let r = psutil_rs::paths::Roots::fixture("/tmp/fx");
    /// assert_eq!(r.proc().to_str(), Some("/tmp/fx/proc"));
    /// ```
    pub fn fixture(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        Roots { proc: dir.join("proc"), sys: dir.join("sys") }
    }

    /// The `/proc` root.
    pub fn proc(&self) -> &Path {
        &self.proc
    }

    /// The `/sys` root.
    pub fn sys(&self) -> &Path {
        &self.sys
    }

    /// A path below the `/proc` root.
    pub fn proc_file(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.proc.join(rel)
    }

    /// A path below the `/sys` root.
    pub fn sys_file(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.sys.join(rel)
    }

    /// True when the `/proc` root is the real `/proc` (psutil reads `/etc/mtab` only then).
    pub fn is_real_proc(&self) -> bool {
        self.proc == Path::new("/proc")
    }
}

static GLOBAL: RwLock<Option<Arc<Roots>>> = RwLock::new(None);

thread_local! {
    static OVERRIDE: RefCell<Option<Arc<Roots>>> = const { RefCell::new(None) };
}

/// The roots in force for the calling thread: its [`with_roots`] override, else the
/// process-wide setting, else `/proc` and `/sys`.
///
/// ```
/// let r = psutil_rs::paths::current();
/// assert!(r.proc().is_absolute());
/// ```
pub fn current() -> Arc<Roots> {
    if let Some(r) = OVERRIDE.with(|o| o.borrow().clone()) {
        return r;
    }
    let global = GLOBAL.read().unwrap_or_else(|e| e.into_inner());
    match global.as_ref() {
        Some(r) => r.clone(),
        None => default_roots(),
    }
}

/// `/proc` and `/sys`, built once (so asking for the default roots allocates nothing).
fn default_roots() -> Arc<Roots> {
    static DEFAULT: std::sync::OnceLock<Arc<Roots>> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| Arc::new(Roots::default())).clone()
}

/// Sets the process-wide `/proc` root, psutil's `PROCFS_PATH = path`.
///
/// ```
/// psutil_rs::paths::set_procfs_path("/proc");
/// assert_eq!(psutil_rs::paths::procfs_path().to_str(), Some("/proc"));
/// ```
pub fn set_procfs_path(path: impl Into<PathBuf>) {
    let mut global = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    let sys = global.as_ref().map(|r| r.sys.clone()).unwrap_or_else(|| PathBuf::from("/sys"));
    *global = Some(Arc::new(Roots { proc: path.into(), sys }));
}

/// Sets the process-wide `/sys` root.
///
/// ```
/// psutil_rs::paths::set_sysfs_path("/sys");
/// assert_eq!(psutil_rs::paths::current().sys().to_str(), Some("/sys"));
/// ```
pub fn set_sysfs_path(path: impl Into<PathBuf>) {
    let mut global = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    let proc = global.as_ref().map(|r| r.proc.clone()).unwrap_or_else(|| PathBuf::from("/proc"));
    *global = Some(Arc::new(Roots { proc, sys: path.into() }));
}

/// The process-wide `/proc` root (psutil's `PROCFS_PATH`).
///
/// ```
/// assert!(psutil_rs::paths::procfs_path().is_absolute());
/// ```
pub fn procfs_path() -> PathBuf {
    current().proc.clone()
}

/// Runs `f` with `roots` in force for this thread only, then restores what was there.
///
/// ```
/// use psutil_rs::paths::{with_roots, current, Roots};
/// let seen = with_roots(Roots::fixture("/tmp/fx"), || current().proc().to_path_buf());
/// assert_eq!(seen.to_str(), Some("/tmp/fx/proc"));
/// assert_ne!(current().proc().to_str(), Some("/tmp/fx/proc"));
/// ```
pub fn with_roots<T>(roots: Roots, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<Roots>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            OVERRIDE.with(|o| *o.borrow_mut() = prev);
        }
    }
    let prev = OVERRIDE.with(|o| o.borrow_mut().replace(Arc::new(roots)));
    let _restore = Restore(prev);
    f()
}
