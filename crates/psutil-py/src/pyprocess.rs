//! `ProcessBase`: the native base class of the public `psutil_rs.Process`.
//!
//! The package's `Process` is a Python subclass of this class, so a getter such as
//! `p.name()` or `p.cpu_times()` is one native call from the caller's frame: it reads
//! through the process's [`Proc`] handle (with the GIL released, see [`Proc`]) and
//! returns psutil's final object (a `str`, a number, or the package's named tuple built
//! here). `oneshot()` holds
//! a library [`OneshotGuard`] natively, so the getters inside one `with p.oneshot():` share
//! one read of `stat`, `statm` and `status`.
//!
//! Python stays in charge where psutil's tests look: a getter overridden in a subclass or
//! patched on the class is the one that runs (it shadows the native method), and while
//! any method of the platform layer's `Process` (`psutil_rs._pslinux.Process`, ...) is replaced
//! ([`set_platform_patched`]), every native getter runs its registered Python version
//! ([`set_process_fallbacks`]) instead, which calls that layer as psutil does.
//!
//! The getters psutil has on some platforms only exist in those builds, so that
//! `hasattr(Process, name)` answers as psutil does: `uids`, `gids`, `terminal`, `num_fds`
//! (POSIX), `io_counters` (Linux, Windows, FreeBSD), `cpu_num` (Linux, FreeBSD).

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;

use psutil_rs::{Attr, Error, OneshotGuard};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyString, PyTuple};
use pyo3::{intern, IntoPyObjectExt};

use std::str::FromStr;

use crate::process::{FinalInfo, Proc};

/// True while a method of the platform layer's `Process` class is replaced.
static PLATFORM_PATCHED: AtomicBool = AtomicBool::new(false);

/// `{getter name: Python function(self, *args)}`: each native getter's Python version.
static FALLBACKS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// Records whether the platform layer's `Process` has a replaced method (the package
/// calls it whenever an attribute of that class is set or deleted).
#[pyfunction]
pub fn set_platform_patched(patched: bool) {
    PLATFORM_PATCHED.store(patched, Ordering::Relaxed);
}

/// `pwd.getpwuid` as it was when the fallbacks were registered (psutil's tests replace it).
#[cfg(unix)]
static GETPWUID: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Registers the Python versions of the native getters (only the first call counts).
#[pyfunction]
pub fn set_process_fallbacks(py: Python<'_>, fallbacks: Bound<'_, PyDict>) -> PyResult<()> {
    #[cfg(unix)]
    {
        let getpwuid = pwd(py)?.getattr(intern!(py, "getpwuid"))?;
        let _ = GETPWUID.set(py, getpwuid.unbind());
    }
    let _ = FALLBACKS.set(py, fallbacks.unbind());
    Ok(())
}

#[cfg(unix)]
fn pwd(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static PWD: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    PWD.get_or_try_init(py, || py.import("pwd").map(Bound::unbind)).map(|m| m.bind(py))
}

/// True when `pwd.getpwuid` is no longer the function registered at import.
#[cfg(unix)]
fn getpwuid_replaced(py: Python<'_>) -> PyResult<bool> {
    let now = pwd(py)?.getattr(intern!(py, "getpwuid"))?;
    Ok(GETPWUID.get(py).is_none_or(|orig| !now.is(orig.bind(py))))
}

/// Windows has no `pwd`: the user name is the library's (the token's account).
#[cfg(not(unix))]
fn getpwuid_replaced(_py: Python<'_>) -> PyResult<bool> {
    Ok(false)
}

/// The last `virtual_memory().total` the package saw (0: none yet), for `memory_percent`.
static PHYMEM_TOTAL: AtomicU64 = AtomicU64::new(0);

/// Records `virtual_memory().total` (the package calls it from `virtual_memory()`).
#[pyfunction]
pub fn set_phymem_total(total: u64) {
    PHYMEM_TOTAL.store(total, Ordering::Relaxed);
}

fn patched() -> bool {
    PLATFORM_PATCHED.load(Ordering::Relaxed)
}

/// The registered Python version of getter `name`.
fn python_version<'py>(py: Python<'py>, name: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    match FALLBACKS.get(py) {
        Some(table) => table.bind(py).get_item(name)?,
        None => None,
    }
    .ok_or_else(|| PyRuntimeError::new_err(format!("no Python version of Process.{name} registered")))
}

/// `psutil_rs.cpu_count` and `_pslinux.cpu_count_logical` as the package defined them.
static CPU_COUNT: PyOnceLock<[Py<PyAny>; 2]> = PyOnceLock::new();

/// Registers `psutil_rs.cpu_count` and `_pslinux.cpu_count_logical` (only the first call
/// counts): while both are in place, `cpu_percent()` counts the CPUs without calling them.
#[pyfunction]
pub fn set_cpu_count_originals(py: Python<'_>, cpu_count: Py<PyAny>, cpu_count_logical: Py<PyAny>) {
    let _ = CPU_COUNT.set(py, [cpu_count, cpu_count_logical]);
}

/// `psutil_rs.cpu_count() or 1` when it or `_pslinux.cpu_count_logical` is not the
/// package's own (psutil's tests replace them and check the call); `None` while both are,
/// as `cpu_percent()` then needs no count (see there).
fn patched_cpu_count(py: Python<'_>) -> PyResult<Option<f64>> {
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    static LINUX: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let pkg = PKG.get_or_try_init(py, || py.import("psutil_rs").map(Bound::unbind))?.bind(py);
    let public = pkg.getattr(intern!(py, "cpu_count"))?;
    if let Some([orig, logical]) = CPU_COUNT.get(py) {
        let linux =
            LINUX.get_or_try_init(py, || py.import("psutil_rs._pslinux").map(Bound::unbind))?.bind(py);
        if public.is(orig.bind(py)) && linux.getattr(intern!(py, "cpu_count_logical"))?.is(logical.bind(py)) {
            return Ok(None);
        }
    }
    let n: Option<usize> = public.call0()?.extract()?;
    Ok(Some(n.unwrap_or(1).max(1) as f64))
}

/// What one open `oneshot()` holds: the library's guard and, for the Python versions of
/// the memoized getters, their cache.
struct Open {
    depth: u32,
    guard: Option<OneshotGuard>,
    memo: Option<Py<PyDict>>,
}

/// The native part of a `psutil_rs.Process`.
#[pyclass(module = "psutil_rs._psutil_rs", name = "ProcessBase", subclass, frozen)]
pub struct ProcessBase {
    handle: Mutex<Option<Py<Proc>>>,
    /// The pid reported by `pid`/`_pid` (the handle's, unless code set `_pid`).
    pid: AtomicI64,
    create_time: Mutex<Option<f64>>,
    exe: Mutex<Option<Py<PyAny>>>,
    reused: AtomicBool,
    cpu_sample: Mutex<Option<(f64, f64, f64, f64)>>,
    open: Mutex<Open>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ProcessBase {
    fn proc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, Proc>> {
        match lock(&self.handle).as_ref() {
            Some(h) => Ok(h.bind(py).clone()),
            None => Err(PyRuntimeError::new_err("Process.__init__() was not called")),
        }
    }

    /// psutil's "PID has been reused" `NoSuchProcess` when this instance knows its pid was
    /// recycled (`_check_reuse`).
    fn check_reuse(&self, py: Python<'_>) -> PyResult<()> {
        if !self.reused.load(Ordering::Relaxed) {
            return Ok(());
        }
        let h = self.proc(py)?;
        let h = h.get();
        Err(h.error(
            py,
            Error::NoSuchProcess {
                pid: h.pid(),
                name: None,
                msg: "process no longer exists and its PID has been reused".into(),
            },
        ))
    }
}

/// `values` as an instance of the named tuple class the package registered for `attr`.
fn shaped<'py>(py: Python<'py>, attr: Attr, values: impl IntoPyObject<'py>) -> PyResult<Bound<'py, PyAny>> {
    crate::ntuple::shape(py, attr, values.into_bound_py_any(py)?)
}

/// Runs the Python version of a getter when the platform layer is patched; else `$fast`.
macro_rules! getter {
    ($slf:ident, $py:ident, $name:literal, $fast:expr) => {{
        let $py = $slf.py();
        if patched() {
            return python_version($py, intern!($py, $name))?.call1(($slf,));
        }
        $fast
    }};
}

#[pymethods]
impl ProcessBase {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        ProcessBase {
            handle: Mutex::new(None),
            pid: AtomicI64::new(-1),
            create_time: Mutex::new(None),
            exe: Mutex::new(None),
            reused: AtomicBool::new(false),
            cpu_sample: Mutex::new(None),
            open: Mutex::new(Open { depth: 0, guard: None, memo: None }),
        }
    }

    /// Binds the instance to its native handle (and forgets what an earlier one cached).
    fn _attach(&self, py: Python<'_>, handle: Py<Proc>) {
        self.pid.store(i64::from(handle.bind(py).get().pid()), Ordering::Relaxed);
        // Python objects are released after the locks (their release may run Python code)
        let old_handle = lock(&self.handle).replace(handle);
        let old_exe = lock(&self.exe).take();
        *lock(&self.create_time) = None;
        *lock(&self.cpu_sample) = None;
        self.reused.store(false, Ordering::Relaxed);
        drop((old_handle, old_exe));
    }

    /// The process id.
    #[getter]
    fn pid(&self, py: Python<'_>) -> PyResult<i64> {
        match self.pid.load(Ordering::Relaxed) {
            -1 => Ok(i64::from(self.proc(py)?.get().pid())),
            pid => Ok(pid),
        }
    }

    #[getter(_pid)]
    fn get_pid_attr(&self, py: Python<'_>) -> PyResult<i64> {
        self.pid(py)
    }

    /// Code may set `_pid` (psutil's tests do, to reach the pid 0 checks); reads still go
    /// to the process the instance was made for.
    #[setter(_pid)]
    fn set_pid_attr(&self, value: u32) {
        self.pid.store(i64::from(value), Ordering::Relaxed);
    }

    /// The name last read (psutil's `_name`), also carried by this process's exceptions.
    #[getter(_name)]
    fn get_name_attr(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.proc(py)?.get().get_name_hint())
    }

    #[setter(_name)]
    fn set_name_attr(&self, py: Python<'_>, value: Option<Bound<'_, PyString>>) -> PyResult<()> {
        self.proc(py)?.get().set_name_hint(value);
        Ok(())
    }

    #[getter(_create_time)]
    fn get_create_time_attr(&self) -> Option<f64> {
        *lock(&self.create_time)
    }

    #[setter(_create_time)]
    fn set_create_time_attr(&self, value: Option<f64>) {
        *lock(&self.create_time) = value;
    }

    #[getter(_exe_cache)]
    fn get_exe_cache_attr(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        lock(&self.exe).as_ref().map(|v| v.clone_ref(py))
    }

    #[setter(_exe_cache)]
    fn set_exe_cache_attr(&self, value: Option<Py<PyAny>>) {
        let old = std::mem::replace(&mut *lock(&self.exe), value);
        drop(old);
    }

    #[getter(_reused)]
    fn get_reused_attr(&self) -> bool {
        self.reused.load(Ordering::Relaxed)
    }

    #[setter(_reused)]
    fn set_reused_attr(&self, value: bool) {
        self.reused.store(value, Ordering::Relaxed);
    }

    /// `cpu_percent()`'s previous sample: (monotonic clock, CPUs, user, system) or None.
    #[getter(_cpu_sample)]
    fn get_cpu_sample_attr(&self) -> Option<(f64, f64, f64, f64)> {
        *lock(&self.cpu_sample)
    }

    #[setter(_cpu_sample)]
    fn set_cpu_sample_attr(&self, value: Option<(f64, f64, f64, f64)>) {
        *lock(&self.cpu_sample) = value;
    }

    /// The cache of the Python versions of the memoized getters while a `oneshot()` is
    /// open, else None.
    fn _oneshot_memo(&self, py: Python<'_>) -> Option<Py<PyDict>> {
        {
            let open = lock(&self.open);
            if open.depth == 0 {
                return None;
            }
            if let Some(memo) = open.memo.as_ref() {
                return Some(memo.clone_ref(py));
            }
        }
        // made without the lock held: allocating may run the collector, hence Python code
        let fresh = PyDict::new(py).unbind();
        let mut open = lock(&self.open);
        if open.depth == 0 {
            return None;
        }
        Some(open.memo.get_or_insert(fresh).clone_ref(py))
    }

    /// While open, getters that read the same kernel files share one read. Re-entrant.
    fn oneshot(slf: Bound<'_, Self>) -> OneshotScope {
        OneshotScope { process: slf.unbind() }
    }

    fn _oneshot_enter(slf: &Bound<'_, Self>) -> PyResult<()> {
        let py = slf.py();
        let this = slf.get();
        let h = this.proc(py)?;
        {
            let mut open = lock(&this.open);
            open.depth += 1;
            if open.depth > 1 {
                return Ok(());
            }
            open.guard = h.get().library().map(|p| p.oneshot_guard());
        }
        if patched() {
            // a replaced platform layer sees its oneshot_enter(), as psutil calls it
            slf.getattr(intern!(py, "_proc"))?.call_method0(intern!(py, "oneshot_enter"))?;
        }
        Ok(())
    }

    fn _oneshot_exit(slf: &Bound<'_, Self>) -> PyResult<()> {
        let py = slf.py();
        let this = slf.get();
        let (guard, memo) = {
            let mut open = lock(&this.open);
            open.depth = open.depth.saturating_sub(1);
            if open.depth > 0 {
                return Ok(());
            }
            (open.guard.take(), open.memo.take())
        };
        drop(guard);
        drop(memo);
        if patched() {
            slf.getattr(intern!(py, "_proc"))?.call_method0(intern!(py, "oneshot_exit"))?;
        }
        Ok(())
    }

    // --- getters ------------------------------------------------------------------------

    /// The process name.
    fn name<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "name", Ok(slf.get().proc(py)?.get().name(py)?.into_any()))
    }

    /// The absolute path of the executable ('' if unknown); cached.
    fn exe<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "exe", {
            let this = slf.get();
            if let Some(v) = lock(&this.exe).as_ref() {
                return Ok(v.bind(py).clone());
            }
            let v = this.proc(py)?.get().exe(py)?.into_any();
            let old = lock(&this.exe).replace(v.clone().unbind());
            drop(old);
            Ok(v)
        })
    }

    /// The command line as a list of strings.
    fn cmdline<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "cmdline", slf.get().proc(py)?.get().cmdline(py)?.into_bound_py_any(py))
    }

    /// The current working directory.
    fn cwd<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "cwd", Ok(slf.get().proc(py)?.get().cwd(py)?.into_any()))
    }

    /// The environment variables as a dict.
    fn environ<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "environ", Ok(slf.get().proc(py)?.get().environ(py)?.into_any()))
    }

    /// The controlling terminal's path, or None.
    #[cfg(unix)]
    fn terminal<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "terminal", slf.get().proc(py)?.get().terminal(py)?.into_bound_py_any(py))
    }

    /// One of the STATUS_* constants.
    fn status<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "status", {
            let status = slf.get().proc(py)?.get().status(py)?;
            Ok(crate::conv::status_str(py, status).into_any())
        })
    }

    /// The parent's pid.
    fn ppid<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "ppid", {
            let this = slf.get();
            this.check_reuse(py)?;
            this.proc(py)?.get().ppid(py)?.into_bound_py_any(py)
        })
    }

    /// When the process started, in seconds since the epoch; cached.
    fn create_time<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "create_time", {
            let this = slf.get();
            if let Some(t) = *lock(&this.create_time) {
                return t.into_bound_py_any(py);
            }
            // the first read goes through the platform layer, which keeps the start
            // time read when the handle was made (a process gone since still has one)
            python_version(py, intern!(py, "create_time"))?.call1((slf,))
        })
    }

    /// user, system, children_user, children_system, iowait.
    fn cpu_times<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "cpu_times", shaped(py, Attr::CpuTimes, slf.get().proc(py)?.get().cpu_times(py)?))
    }

    /// rss, vms, shared, text, lib, data, dirty (bytes).
    fn memory_info<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(
            slf,
            py,
            "memory_info",
            shaped(py, Attr::MemoryInfo, slf.get().proc(py)?.get().memory_info(py)?)
        )
    }

    /// memory_info() plus uss, pss and swap (slower).
    fn memory_full_info<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(
            slf,
            py,
            "memory_full_info",
            shaped(py, Attr::MemoryFullInfo, slf.get().proc(py)?.get().memory_full_info(py)?)
        )
    }

    /// (real, effective, saved) user ids.
    #[cfg(unix)]
    fn uids<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "uids", shaped(py, Attr::Uids, slf.get().proc(py)?.get().uids(py)?))
    }

    /// (real, effective, saved) group ids.
    #[cfg(unix)]
    fn gids<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "gids", shaped(py, Attr::Gids, slf.get().proc(py)?.get().gids(py)?))
    }

    /// The name of the user owning the process (by real uid).
    fn username<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "username", {
            if getpwuid_replaced(py)? {
                return python_version(py, intern!(py, "username"))?.call1((slf,));
            }
            slf.get().proc(py)?.get().username(py)?.into_bound_py_any(py)
        })
    }

    /// Voluntary and involuntary context switches.
    fn num_ctx_switches<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(
            slf,
            py,
            "num_ctx_switches",
            shaped(py, Attr::NumCtxSwitches, slf.get().proc(py)?.get().num_ctx_switches(py)?)
        )
    }

    /// How many threads the process has.
    fn num_threads<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "num_threads", slf.get().proc(py)?.get().num_threads(py)?.into_bound_py_any(py))
    }

    /// How many file descriptors are open.
    #[cfg(unix)]
    fn num_fds<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "num_fds", slf.get().proc(py)?.get().num_fds(py)?.into_bound_py_any(py))
    }

    /// The CPU the process last ran on.
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    fn cpu_num<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "cpu_num", slf.get().proc(py)?.get().cpu_num(py)?.into_bound_py_any(py))
    }

    /// Read/write calls and bytes (and more fields on some platforms).
    #[cfg(any(target_os = "linux", windows, target_os = "freebsd"))]
    fn io_counters<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(
            slf,
            py,
            "io_counters",
            shaped(py, Attr::IoCounters, slf.get().proc(py)?.get().io_counters(py)?)
        )
    }

    /// (id, user_time, system_time) of each thread.
    fn threads<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "threads", shaped(py, Attr::Threads, slf.get().proc(py)?.get().threads(py)?))
    }

    /// Regular files open: path, fd, position, mode, flags.
    fn open_files<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        getter!(slf, py, "open_files", shaped(py, Attr::OpenFiles, slf.get().proc(py)?.get().open_files(py)?))
    }

    /// *memtype* (a memory_full_info() field, default "rss") as a percent of physical
    /// memory.
    #[pyo3(signature = (*args, **kwargs))]
    fn memory_percent<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let total = PHYMEM_TOTAL.load(Ordering::Relaxed);
        let rss = match (args.len(), kwargs.map_or(0, |k| k.len())) {
            (0, 0) => true,
            (1, 0) => args.get_item(0)?.eq(intern!(py, "rss"))?,
            _ => false,
        };
        if patched() || total == 0 || !rss {
            let mut all = vec![slf.clone().into_any()];
            all.extend(args.iter());
            return python_version(py, intern!(py, "memory_percent"))?.call(PyTuple::new(py, all)?, kwargs);
        }
        let (rss_bytes, ..) = slf.get().proc(py)?.get().memory_info(py)?;
        (rss_bytes as f64 * 100.0 / total as f64).into_bound_py_any(py)
    }

    /// CPU use in percent: over a blocking *interval*, or since the previous call (the
    /// first returns 0.0). Can exceed 100 with several CPUs.
    #[pyo3(signature = (interval = None))]
    fn cpu_percent<'py>(
        slf: &Bound<'py, Self>,
        interval: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        if patched() || interval.is_some() {
            return python_version(py, intern!(py, "cpu_percent"))?.call1((slf, interval));
        }
        let this = slf.get();
        let patched_count = patched_cpu_count(py)?;
        let (user, system, ..) = this.proc(py)?.get().cpu_times(py)?;
        let clock = monotonic(py)?;
        let mut sample = lock(&this.cpu_sample);
        // psutil scales both clock readings by the CPU count of their own call, then the
        // ratio by the count of the second: with one count the counts cancel out, so
        // the unpatched count is the previous sample's (psutil's figure is wrong only
        // when CPUs went on or offline between the calls; this one is then right).
        let cpus = patched_count.or(sample.map(|s| s.1)).unwrap_or(1.0);
        let now = (clock, cpus, user, system);
        let before = sample.replace(now);
        drop(sample);
        let Some(before) = before else { return 0.0f64.into_bound_py_any(py) };
        let busy = (now.2 - before.2) + (now.3 - before.3);
        let wall = now.0 * now.1 - before.0 * before.1;
        let pct = if wall != 0.0 { round1(busy / wall * 100.0 * cpus) } else { 0.0 };
        pct.into_bound_py_any(py)
    }
}

/// Python's `round(x, 1)` for the percentages psutil rounds (correctly rounded, as
/// CPython's `round` does, through the shortest decimal repr).
pub(crate) fn round1(x: f64) -> f64 {
    format!("{x:.1}").parse().unwrap_or(x)
}

/// Python's `time.monotonic()` (the clock of the Python version's samples).
fn monotonic(py: Python<'_>) -> PyResult<f64> {
    static MONOTONIC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    MONOTONIC.import(py, "time", "monotonic")?.call0()?.extract()
}

/// The context manager `Process.oneshot()` returns.
#[pyclass(module = "psutil_rs._psutil_rs", name = "OneshotScope", frozen)]
pub struct OneshotScope {
    process: Py<ProcessBase>,
}

#[pymethods]
impl OneshotScope {
    fn __enter__(&self, py: Python<'_>) -> PyResult<()> {
        ProcessBase::_oneshot_enter(self.process.bind(py))
    }

    fn __exit__(
        &self,
        py: Python<'_>,
        _ty: Option<Bound<'_, PyAny>>,
        _value: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        ProcessBase::_oneshot_exit(self.process.bind(py))?;
        Ok(false)
    }
}

/// `process_iter(attrs, ad_value)`'s `info` dicts for `procs` in one native call: the
/// getters in `fetch` read in one library oneshot per process, then each dict built whole
/// (keys in `names` order, `pid` included; see [`Proc::final_info`]) and the instance's
/// name, creation time and exe caches filled as the getters would. Per process: the
/// dict, `None` (some value is not converted here: run the Python path), or the
/// `NoSuchProcess` instance of a process that is gone.
#[pyfunction]
pub fn scan_infos<'py>(
    py: Python<'py>,
    procs: Vec<Bound<'py, ProcessBase>>,
    names: Vec<Bound<'py, PyString>>,
    fetch: Vec<String>,
    ad_value: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let handles = procs.iter().map(|p| p.get().proc(py)).collect::<PyResult<Vec<_>>>()?;
    // the caller's name objects are every dict's keys (their hashes computed once)
    let keyed = names
        .into_iter()
        .map(|n| match &*n.to_cow()? {
            "pid" => Ok((n, None)),
            other => match Attr::from_str(other) {
                Ok(a) => Ok((n, Some(a))),
                Err(e) => Err(PyValueError::new_err(e.to_string())),
            },
        })
        .collect::<PyResult<Vec<_>>>()?;
    let out = PyList::empty(py);
    for ((p, h), f) in procs.iter().zip(&handles).zip(Proc::prefetch_all(py, &handles, &fetch)?) {
        match h.get().final_info(py, f, &keyed, &ad_value)? {
            FinalInfo::Info { dict, create_time, exe } => {
                let this = p.get();
                if let Some(t) = create_time {
                    lock(&this.create_time).get_or_insert(t);
                }
                if let Some(e) = exe {
                    let mut slot = lock(&this.exe);
                    if slot.is_none() {
                        *slot = Some(e.unbind());
                    }
                }
                out.append(dict)?;
            }
            FinalInfo::Python => out.append(py.None())?,
            FinalInfo::Gone(exc) => out.append(exc)?,
        }
    }
    Ok(out)
}

/// Registers the classes and their switches.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProcessBase>()?;
    m.add_class::<OneshotScope>()?;
    m.add_function(wrap_pyfunction!(set_platform_patched, m)?)?;
    m.add_function(wrap_pyfunction!(set_process_fallbacks, m)?)?;
    m.add_function(wrap_pyfunction!(set_phymem_total, m)?)?;
    m.add_function(wrap_pyfunction!(set_cpu_count_originals, m)?)?;
    m.add_function(wrap_pyfunction!(scan_infos, m)?)?;
    Ok(())
}
