//! `Proc`: the native handle behind the platform layer's `Process` (`_pslinux.Process`,
//! `_pswindows.Process`, ...), one per Python `Process`, wrapping a library
//! [`psutil_rs::Process`]. Every method releases the GIL while the library reads or makes
//! its system calls (but the Linux getters of `stat`, `statm` and `status` values, whose
//! reads do not wait on the process: see `Proc::run_brief`), and returns plain values (or,
//! where the platform's psutil shape has fields the library does not provide,
//! `NotImplementedError`: see [`crate::shapes`]).

use std::ffi::OsString;
use std::sync::Mutex;
use std::time::Duration;

use psutil_rs::{
    Attr, AttrValue, ConnectionKind, Environ, Error, IoNice, IoPrioClass, Process, ProcessInfo, Rlimit,
    Thread,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;

use crate::conns::Shaper;
use crate::errors::to_py;
use crate::shapes::{
    missing, pcputimes, pfullmem, pio, pmem, pmmaps, popenfiles, Pcputimes, Pfullmem, Pio, Pmem,
};
use crate::system::with_procfs;

fn pthread(t: &Thread) -> (u32, f64, f64) {
    (t.id, t.user_time, t.system_time)
}

/// psutil's `pionice` with the class as the platform layer's `IOPriority` member.
#[cfg(not(windows))]
fn pionice<'py>(py: Python<'py>, n: &IoNice) -> PyResult<Bound<'py, PyAny>> {
    use crate::conv::ntuple_class;
    use pyo3::types::{PyTuple, PyType};
    static PIONICE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static IOPRIORITY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let ioclass = IOPRIORITY.import(py, crate::PLATFORM_LAYER, "IOPriority")?.call1((n.ioclass as i32,))?;
    let items = PyTuple::new(py, [ioclass, n.value.into_pyobject(py)?.into_any()])?;
    crate::conv::ntuple(ntuple_class(py, &PIONICE, "pionice")?, items)
}

/// psutil's Windows `ionice()`: the I/O priority hint alone, as `_pswindows.IOPriority`.
#[cfg(windows)]
fn pionice<'py>(py: Python<'py>, n: &IoNice) -> PyResult<Bound<'py, PyAny>> {
    static IOPRIORITY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    IOPRIORITY.import(py, crate::PLATFORM_LAYER, "IOPriority")?.call1((n.ioclass as i32,))
}

/// psutil's `pconn` rows.
fn pconns<'py>(py: Python<'py>, conns: &[psutil_rs::Connection]) -> PyResult<Bound<'py, PyList>> {
    Shaper::new(py, false)?.rows(conns)
}

/// `environ()` as a dict, in psutil's order, built straight from the borrowed pairs (no
/// intermediate Rust strings).
fn penviron<'py>(py: Python<'py>, env: &Environ) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in env {
        d.set_item(PyString::new(py, k), PyString::new(py, v))?;
    }
    Ok(d)
}

/// A prefetched attribute as the getter's value, or as the plain tuple (or list of them)
/// that [`crate::ntuple::shape`] makes the getter's named tuple; `None` for a kind this
/// binding does not convert (the Python method runs instead).
fn attr_value(py: Python<'_>, v: &AttrValue) -> PyResult<Option<Py<PyAny>>> {
    fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> PyResult<Option<Py<PyAny>>> {
        v.into_py_any(py).map(Some)
    }
    // a shape this platform's library cannot fill: the Python method runs (and says so)
    fn shaped<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: Option<T>) -> PyResult<Option<Py<PyAny>>> {
        v.map_or(Ok(None), |v| obj(py, v))
    }
    match v {
        AttrValue::Pid(p) => obj(py, *p),
        AttrValue::Str(s) => obj(py, s.as_str()),
        AttrValue::OsStr(s) => obj(py, s.as_os_str()),
        AttrValue::Path(p) => obj(py, p.as_os_str()),
        AttrValue::OptStr(s) => obj(py, s.as_deref()),
        AttrValue::OsStrList(l) => obj(py, l),
        AttrValue::Env(e) => Ok(Some(penviron(py, e)?.into_any().unbind())),
        AttrValue::Float(x) => obj(py, *x),
        AttrValue::Int(x) => obj(py, *x),
        AttrValue::Count(x) => obj(py, *x),
        AttrValue::Status(s) => Ok(Some(crate::conv::status_str(py, s.as_str()).into_any().unbind())),
        AttrValue::CpuTimes(t) => obj(py, pcputimes(t)),
        AttrValue::MemoryInfo(m) => shaped(py, pmem(m)),
        AttrValue::Uids(u) => obj(py, (u.real, u.effective, u.saved)),
        AttrValue::Gids(g) => obj(py, (g.real, g.effective, g.saved)),
        AttrValue::CtxSwitches(c) => obj(py, (c.voluntary, c.involuntary)),
        AttrValue::Connections(c) => obj(py, pconns(py, c)?),
        AttrValue::Ionice(n) => obj(py, pionice(py, n)?),
        // sorted, without repeats: the library's order is psutil's
        AttrValue::Cpus(c) => obj(py, c.as_slice()),
        AttrValue::MemoryFullInfo(m) => shaped(py, pfullmem(m)),
        AttrValue::MemoryMaps(m) => shaped(py, pmmaps(py, m, false)?),
        AttrValue::OpenFiles(f) => obj(py, popenfiles(py, f)?),
        AttrValue::Threads(t) => obj(py, t.iter().map(pthread).collect::<Vec<_>>()),
        AttrValue::IoCounters(c) => shaped(py, pio(c)),
        #[allow(unreachable_patterns)]
        _ => Ok(None),
    }
}

/// The native process handle.
#[pyclass(module = "psutil_rs._psutil_rs", name = "Proc", frozen)]
pub struct Proc {
    pid: u32,
    /// `None` when the pid was already gone at construction: every call then raises
    /// `NoSuchProcess` (the Python layer decides whether that is an error).
    inner: Option<Process>,
    hints: Mutex<(Option<String>, Option<u32>)>,
}

/// One process' prefetch outcome.
pub enum Fetched {
    /// The values (or AD/ZP errors) per attribute.
    Info(ProcessInfo),
    /// The process vanished.
    Gone,
    /// Another error.
    Failed(Error),
}

impl Proc {
    /// The pid this handle was made for.
    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// The library handle, `None` when the pid was gone at construction.
    pub(crate) fn library(&self) -> Option<&Process> {
        self.inner.as_ref()
    }

    /// A library error as psutil's exception, with the name this handle knows.
    pub(crate) fn error(&self, py: Python<'_>, e: Error) -> PyErr {
        self.err(py, e)
    }

    fn store_name_hint(&self, value: Option<String>) {
        if let Ok(mut h) = self.hints.lock() {
            h.0 = value;
        }
    }

    /// Keeps `name` as the error hint, allocating only when it differs from the last.
    fn note_name(&self, name: &str) {
        if let Ok(mut h) = self.hints.lock() {
            if h.0.as_deref() != Some(name) {
                h.0 = Some(name.to_owned());
            }
        }
    }

    fn hint_name(&self) -> Option<String> {
        self.hints.lock().map(|h| h.0.clone()).unwrap_or(None)
    }

    /// Maps a library error. Like psutil, a process error carries the name and ppid the
    /// Python layer knows (set by `name()`; the ppid is never recorded on Linux), not
    /// what the library may have read on the way.
    fn err(&self, py: Python<'_>, e: Error) -> PyErr {
        let (hname, hppid) = self.hints.lock().map(|h| h.clone()).unwrap_or((None, None));
        let e = match e {
            Error::NoSuchProcess { pid, msg, .. } => Error::NoSuchProcess { pid, name: hname, msg },
            Error::AccessDenied { pid, msg, .. } => Error::AccessDenied { pid, name: hname, msg },
            Error::ZombieProcess { pid, msg, .. } => {
                Error::ZombieProcess { pid, name: hname, ppid: hppid, msg }
            }
            other => other,
        };
        to_py(py, e)
    }

    /// Runs a library call on the process with the GIL released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Process) -> psutil_rs::Result<T> + Send,
    ) -> PyResult<T> {
        let Some(p) = self.inner.as_ref() else {
            return Err(self.err(py, Error::no_such_process(self.pid, None)));
        };
        py.detach(|| f(p)).map_err(|e| self.err(py, e))
    }

    /// Runs a library call that reads only files the kernel fills without waiting on the
    /// process (on Linux: `stat`, `statm`, `status`; no call that can read `cmdline`, whose
    /// read waits for the process's memory map lock) or answers from the oneshot cache,
    /// keeping the GIL: releasing and taking it back costs as much as serving a cached
    /// value. Elsewhere the GIL is released, as [`Proc::run`] does.
    fn run_brief<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Process) -> psutil_rs::Result<T> + Send,
    ) -> PyResult<T> {
        if cfg!(target_os = "linux") {
            let Some(p) = self.inner.as_ref() else {
                return Err(self.err(py, Error::no_such_process(self.pid, None)));
            };
            return f(p).map_err(|e| self.err(py, e));
        }
        self.run(py, f)
    }

    /// Runs `as_dict(names)` for every handle with the GIL released once.
    pub fn prefetch_all(
        py: Python<'_>,
        handles: &[Bound<'_, Proc>],
        names: &[String],
    ) -> PyResult<Vec<Fetched>> {
        let attrs = Attr::parse_list(names).map_err(|e| to_py(py, e))?;
        let procs: Vec<Option<Process>> = handles.iter().map(|h| h.get().inner.clone()).collect();
        Ok(py.detach(|| {
            let live: Vec<Process> = procs.iter().flatten().cloned().collect();
            let mut infos = psutil_rs::as_dict_many(&live, &attrs).into_iter();
            procs
                .iter()
                .map(|p| match (p, p.as_ref().and_then(|_| infos.next())) {
                    (Some(p), Some(outcome)) => fetched(p, outcome),
                    _ => Fetched::Gone,
                })
                .collect()
        }))
    }

    /// The Python value of one prefetch outcome: a dict `{attr name: (True, value) or
    /// (False, AccessDenied/ZombieProcess)}` without the attributes this binding does not
    /// convert (their Python methods run instead), `None` (cannot prefetch), or a
    /// `NoSuchProcess` instance; other errors are raised.
    pub fn shape_info<'py>(&self, py: Python<'py>, f: Fetched) -> PyResult<Bound<'py, PyAny>> {
        match f {
            Fetched::Gone => Ok(self
                .err(py, Error::no_such_process(self.pid, None))
                .into_value(py)
                .into_bound(py)
                .into_any()),
            Fetched::Failed(e) if e.is_not_supported() => Ok(py.None().into_bound(py)),
            Fetched::Failed(e) => Err(self.err(py, e)),
            Fetched::Info(info) => {
                let out = PyDict::new(py);
                for (a, outcome) in info.iter() {
                    match outcome {
                        Ok(v) => {
                            if let Some(obj) = attr_value(py, v)? {
                                let obj = crate::ntuple::shape(py, a, obj.into_bound(py))?;
                                out.set_item(a.as_str(), (true, obj))?;
                            }
                        }
                        Err(e) => {
                            let exc = self.err(py, copy_err(e));
                            out.set_item(a.as_str(), (false, exc.into_value(py)))?;
                        }
                    }
                }
                Ok(out.into_any())
            }
        }
    }
}

/// One process's `process_iter(attrs)` info built whole (see [`Proc::final_info`]).
pub enum FinalInfo<'py> {
    /// The `info` dict, with the creation time and exe read (for the instance's caches,
    /// as psutil's getters leave them; the name read is this handle's error hint).
    Info { dict: Bound<'py, PyDict>, create_time: Option<f64>, exe: Option<Bound<'py, PyAny>> },
    /// Some attribute is not converted here: the Python path must run.
    Python,
    /// The process is gone: this `NoSuchProcess` instance.
    Gone(Bound<'py, PyAny>),
}

impl Proc {
    /// The final `info` dict of `process_iter(attrs, ad_value)` for one prefetch outcome:
    /// `names` in order (`pid` included), AccessDenied and ZombieProcess values as
    /// `ad_value`, a zombie's status as `"zombie"`, values as psutil's objects.
    pub fn final_info<'py>(
        &self,
        py: Python<'py>,
        f: Fetched,
        names: &[(Bound<'py, PyString>, Option<Attr>)],
        ad_value: &Bound<'py, PyAny>,
    ) -> PyResult<FinalInfo<'py>> {
        let info = match f {
            Fetched::Gone => {
                let exc = self.err(py, Error::no_such_process(self.pid, None)).into_value(py).into_bound(py);
                return Ok(FinalInfo::Gone(exc.into_any()));
            }
            Fetched::Failed(e) if e.is_not_supported() => return Ok(FinalInfo::Python),
            Fetched::Failed(e) => return Err(self.err(py, e)),
            Fetched::Info(info) => info,
        };
        let dict = PyDict::new(py);
        let (mut create_time, mut exe) = (None, None);
        for (key, attr) in names {
            let value = match attr {
                None => self.pid.into_bound_py_any(py)?,
                Some(a) => match info.get(*a) {
                    None => return Ok(FinalInfo::Python),
                    Some(Ok(v)) => {
                        if let AttrValue::OsStr(name) = v {
                            self.note_name(&name.to_string_lossy());
                        }
                        let Some(obj) = attr_value(py, v)? else { return Ok(FinalInfo::Python) };
                        let obj = crate::ntuple::shape(py, *a, obj.into_bound(py))?;
                        match a {
                            Attr::Exe => exe = Some(obj.clone()),
                            Attr::CreateTime => create_time = obj.extract().ok(),
                            _ => {}
                        }
                        obj
                    }
                    Some(Err(e)) if *a == Attr::Status && e.is_zombie() => {
                        crate::conv::status_str(py, "zombie").into_any()
                    }
                    Some(Err(e)) if e.is_access_denied() || e.is_zombie() => ad_value.clone(),
                    Some(Err(e)) if e.is_no_such_process() => {
                        let exc = self.err(py, copy_err(e)).into_value(py).into_bound(py);
                        return Ok(FinalInfo::Gone(exc.into_any()));
                    }
                    Some(Err(_)) => return Ok(FinalInfo::Python),
                },
            };
            dict.set_item(key, value)?;
        }
        Ok(FinalInfo::Info { dict, create_time, exe })
    }
}

/// One process's `as_dict` outcome as a prefetch result: a process that vanished (or
/// failed because it exited meanwhile) is `Gone`.
fn fetched(p: &Process, outcome: psutil_rs::Result<ProcessInfo>) -> Fetched {
    match outcome {
        Ok(info) => Fetched::Info(info),
        Err(e) if e.is_no_such_process() && !e.is_zombie() => Fetched::Gone,
        Err(_) if !p.is_running() => Fetched::Gone,
        Err(e) => Fetched::Failed(e),
    }
}

/// The AD / ZP errors a prefetch keeps, rebuilt by value.
fn copy_err(e: &Error) -> Error {
    match e {
        Error::AccessDenied { pid, name, msg } => {
            Error::AccessDenied { pid: *pid, name: name.clone(), msg: msg.clone() }
        }
        Error::ZombieProcess { pid, name, ppid, msg } => {
            Error::ZombieProcess { pid: *pid, name: name.clone(), ppid: *ppid, msg: msg.clone() }
        }
        Error::NoSuchProcess { pid, name, msg } => {
            Error::NoSuchProcess { pid: *pid, name: name.clone(), msg: msg.clone() }
        }
        other => Error::parse("process attribute", other.to_string()),
    }
}

fn rlimit_of(resource: i64) -> PyResult<Rlimit> {
    Rlimit::from_raw(resource).map_err(|_| PyValueError::new_err("invalid resource specified"))
}

#[pymethods]
impl Proc {
    #[new]
    fn new(py: Python<'_>, pid: u32, procfs: String) -> PyResult<Self> {
        let inner = match py.detach(|| with_procfs(&procfs, || Process::new(pid))) {
            Ok(p) => Some(p),
            Err(e) if e.is_no_such_process() => None,
            Err(e) => return Err(to_py(py, e)),
        };
        Ok(Proc { pid, inner, hints: Mutex::new((None, None)) })
    }

    #[getter]
    pub(crate) fn get_name_hint(&self) -> Option<String> {
        self.hint_name()
    }

    /// Any str is taken; a name that is not UTF-8 (surrogate escapes) is kept lossily.
    #[setter]
    pub(crate) fn set_name_hint(&self, value: Option<Bound<'_, pyo3::types::PyString>>) {
        self.store_name_hint(value.map(|v| v.to_string_lossy().into_owned()));
    }

    #[getter]
    fn get_ppid_hint(&self) -> Option<u32> {
        self.hints.lock().map(|h| h.1).unwrap_or(None)
    }

    #[setter]
    fn set_ppid_hint(&self, value: Option<u32>) {
        if let Ok(mut h) = self.hints.lock() {
            h.1 = value;
        }
    }

    fn oneshot_enter(&self) {}

    fn oneshot_exit(&self) {}

    /// The name decoded as Python decodes file names; the error hint keeps it lossily.
    pub(crate) fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let (obj, hint) = match self.run(py, |p| p.name_os())?.into_string() {
            Ok(s) => (PyString::new(py, &s), s),
            Err(raw) => (raw.as_os_str().into_pyobject(py)?, raw.to_string_lossy().into_owned()),
        };
        self.store_name_hint(Some(hint));
        Ok(obj)
    }

    pub(crate) fn exe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        Ok(self.run(py, |p| p.exe_os())?.as_os_str().into_pyobject(py)?)
    }

    pub(crate) fn cmdline(&self, py: Python<'_>) -> PyResult<Vec<OsString>> {
        self.run(py, |p| p.cmdline_os())
    }

    pub(crate) fn environ<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        penviron(py, &self.run(py, |p| p.environ())?)
    }

    pub(crate) fn terminal(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.run(py, |p| p.terminal())
    }

    pub(crate) fn cpu_times(&self, py: Python<'_>) -> PyResult<Pcputimes> {
        Ok(pcputimes(&self.run_brief(py, |p| p.cpu_times())?))
    }

    pub(crate) fn cpu_num(&self, py: Python<'_>) -> PyResult<i64> {
        self.run_brief(py, |p| p.cpu_num())
    }

    pub(crate) fn create_time(&self, py: Python<'_>, monotonic: bool) -> PyResult<f64> {
        if monotonic {
            self.run(py, |p| p.create_time_monotonic())
        } else {
            self.run(py, |p| p.create_time())
        }
    }

    /// The creation time since boot read when the handle was made (None if it was not).
    #[getter]
    fn create_time_at_open(&self) -> Option<f64> {
        self.inner.as_ref().and_then(Process::create_time_monotonic_at_open)
    }

    pub(crate) fn memory_info(&self, py: Python<'_>) -> PyResult<Pmem> {
        pmem(&self.run_brief(py, |p| p.memory_info())?).ok_or_else(|| missing("memory_info()"))
    }

    pub(crate) fn cwd<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        Ok(self.run(py, |p| p.cwd_os())?.as_os_str().into_pyobject(py)?)
    }

    pub(crate) fn num_ctx_switches(&self, py: Python<'_>) -> PyResult<(u64, u64)> {
        let c = self.run_brief(py, |p| p.num_ctx_switches())?;
        Ok((c.voluntary, c.involuntary))
    }

    pub(crate) fn num_threads(&self, py: Python<'_>) -> PyResult<u64> {
        self.run_brief(py, |p| p.num_threads())
    }

    pub(crate) fn status(&self, py: Python<'_>) -> PyResult<&'static str> {
        let Some(p) = self.inner.as_ref() else {
            return Err(self.err(py, Error::no_such_process(self.pid, None)));
        };
        // `stat` only on Linux (or the oneshot cache): the GIL is kept, as in `run_brief`
        let status = if cfg!(target_os = "linux") { p.status() } else { py.detach(|| p.status()) };
        match status {
            Ok(s) => Ok(s.as_str()),
            Err(e) if e.is_zombie() => Ok("zombie"),
            Err(e) => Err(self.err(py, e)),
        }
    }

    pub(crate) fn ppid(&self, py: Python<'_>) -> PyResult<u32> {
        self.run_brief(py, |p| p.ppid())
    }

    pub(crate) fn uids(&self, py: Python<'_>) -> PyResult<(u32, u32, u32)> {
        let u = self.run_brief(py, |p| p.uids())?;
        Ok((u.real, u.effective, u.saved))
    }

    pub(crate) fn gids(&self, py: Python<'_>) -> PyResult<(u32, u32, u32)> {
        let g = self.run_brief(py, |p| p.gids())?;
        Ok((g.real, g.effective, g.saved))
    }

    pub(crate) fn username(&self, py: Python<'_>) -> PyResult<String> {
        self.run(py, |p| p.username())
    }

    fn net_connections<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyList>> {
        let kind: ConnectionKind = kind.parse().map_err(|e| to_py(py, e))?;
        let conns = self.run(py, |p| p.net_connections(kind))?;
        pconns(py, &conns)
    }

    // --- resources (memory detail, files, threads, I/O) -------------------------------

    pub(crate) fn memory_full_info(&self, py: Python<'_>) -> PyResult<Pfullmem> {
        pfullmem(&self.run(py, |p| p.memory_full_info())?).ok_or_else(|| missing("memory_full_info()"))
    }

    /// `pmmap_grouped` rows with `grouped`, else `pmmap_ext` rows.
    fn memory_maps<'py>(&self, py: Python<'py>, grouped: bool) -> PyResult<Bound<'py, PyList>> {
        let maps = self.run(py, |p| p.memory_maps(grouped))?;
        pmmaps(py, &maps, !grouped)?.ok_or_else(|| missing("memory_maps()"))
    }

    /// `memtype` (a `pfullmem` field name) as a percent of physical memory.
    #[cfg(not(windows))]
    fn memory_percent(&self, py: Python<'_>, memtype: &str) -> PyResult<f64> {
        let t: psutil_rs::MemType = memtype.parse().map_err(|e| to_py(py, e))?;
        self.run(py, |p| p.memory_percent(t))
    }

    /// `memtype` (a field of psutil's Windows `pfullmem`) as a percent of physical memory.
    #[cfg(windows)]
    fn memory_percent(&self, py: Python<'_>, memtype: &str) -> PyResult<f64> {
        use psutil_rs::os::windows::{MemoryPercentExt, WindowsMemType};
        let t: WindowsMemType = memtype.parse().map_err(|e| to_py(py, e))?;
        self.run(py, |p| p.windows_memory_percent(t))
    }

    pub(crate) fn open_files<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(popenfiles(py, &self.run(py, |p| p.open_files())?)?.into_any())
    }

    pub(crate) fn num_fds(&self, py: Python<'_>) -> PyResult<usize> {
        self.run(py, |p| p.num_fds())
    }

    pub(crate) fn threads(&self, py: Python<'_>) -> PyResult<Vec<(u32, f64, f64)>> {
        Ok(self.run(py, |p| p.threads())?.iter().map(pthread).collect())
    }

    pub(crate) fn io_counters(&self, py: Python<'_>) -> PyResult<Pio> {
        pio(&self.run(py, |p| p.io_counters())?).ok_or_else(|| missing("io_counters()"))
    }

    /// The pids of the children (all descendants with `recursive`), in the library's
    /// order; pids that were reused are already left out.
    fn children(&self, py: Python<'_>, recursive: bool) -> PyResult<Vec<u32>> {
        Ok(self.run(py, |p| p.children(recursive))?.iter().map(Process::pid).collect())
    }

    // --- control (priorities, limits, affinity, waiting) ------------------------------

    #[pyo3(signature = (timeout=None))]
    fn wait(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<Option<i32>> {
        let t = timeout.map(timeout_arg).transpose()?;
        Ok(self.run(py, |p| p.wait(t))?.map(|s| s.code()))
    }

    /// Windows: suspends every thread (psutil's `suspend()` there).
    #[cfg(windows)]
    fn suspend(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |p| p.suspend())
    }

    /// Windows: resumes every thread (psutil's `resume()` there).
    #[cfg(windows)]
    fn resume(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |p| p.resume())
    }

    /// Windows: how many handles the process holds (psutil's `num_handles()`).
    #[cfg(windows)]
    fn num_handles(&self, py: Python<'_>) -> PyResult<u64> {
        use psutil_rs::os::windows::ProcessExt;
        self.run(py, |p| p.num_handles())
    }

    /// Windows: terminates the process (psutil's `kill()`/`terminate()` there).
    #[cfg(windows)]
    fn kill(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |p| p.kill())
    }

    fn nice_get(&self, py: Python<'_>) -> PyResult<i32> {
        self.run(py, |p| p.nice())
    }

    fn nice_set(&self, py: Python<'_>, value: i32) -> PyResult<()> {
        self.run(py, |p| p.set_nice(value))
    }

    fn cpu_affinity_get(&self, py: Python<'_>) -> PyResult<Vec<usize>> {
        self.run(py, |p| p.cpu_affinity())
    }

    fn cpu_affinity_set(&self, py: Python<'_>, cpus: Vec<i64>) -> PyResult<()> {
        self.run(py, |p| p.set_cpu_affinity_i64(&cpus))
    }

    fn ionice_get<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pionice(py, &self.run(py, |p| p.ionice())?)
    }

    fn ionice_set(&self, py: Python<'_>, ioclass: i64, value: i32) -> PyResult<()> {
        let class = IoPrioClass::from_raw(ioclass).map_err(|e| to_py(py, e))?;
        self.run(py, |p| p.set_ionice(class, Some(value)))
    }

    fn rlimit_get(&self, py: Python<'_>, resource: i64) -> PyResult<(i64, i64)> {
        let r = rlimit_of(resource)?;
        self.run(py, |p| p.rlimit(r))
    }

    fn rlimit_set(&self, py: Python<'_>, resource: i64, soft: i64, hard: i64) -> PyResult<()> {
        let r = rlimit_of(resource)?;
        self.run(py, |p| p.set_rlimit(r, soft, hard))
    }

    /// Fetches `names` inside one library `oneshot` (one crossing): per name, in order,
    /// `(True, raw value)`, `(False, exception)` for AccessDenied/ZombieProcess, or `None`
    /// for a name the library cannot prefetch. Returns None when nothing can be
    /// prefetched; NoSuchProcess and other errors are raised.
    fn prefetch<'py>(slf: &Bound<'py, Self>, names: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let info = Proc::prefetch_all(py, std::slice::from_ref(slf), &names)?.pop().unwrap_or(Fetched::Gone);
        if let Fetched::Gone = info {
            return Err(slf.get().err(py, Error::no_such_process(slf.get().pid, None)));
        }
        slf.get().shape_info(py, info)
    }
}

/// A wait timeout in seconds as a `Duration`: NaN or negative is a ValueError, a value
/// too large for a `Duration` (infinity included) an OverflowError, as psutil's own
/// conversion of the deadline reports it.
fn timeout_arg(seconds: f64) -> PyResult<Duration> {
    if seconds.is_nan() || seconds < 0.0 {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "timeout must be positive or zero (got {seconds})"
        )));
    }
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err(format!("timeout too large (got {seconds})")))
}

/// psutil's `_psposix.wait_pid(pid, timeout)`: the exit code, the negated signal, or
/// None (not our child, or gone); `TimeoutExpired` when still running.
#[pyfunction]
#[pyo3(signature = (pid, timeout=None))]
pub fn wait_pid(py: Python<'_>, pid: u32, timeout: Option<f64>) -> PyResult<Option<i32>> {
    let t = timeout.map(timeout_arg).transpose()?;
    match py.detach(|| Process::new(pid).and_then(|p| p.wait(t))) {
        Ok(s) => Ok(s.map(|s| s.code())),
        Err(e) if e.is_no_such_process() && !e.is_zombie() => Ok(None),
        Err(e) => Err(to_py(py, e)),
    }
}

/// Fetches `names` for every handle in one call (one library `oneshot` each): per
/// handle, what `Proc.prefetch` returns, or a `NoSuchProcess` instance.
#[pyfunction]
pub fn prefetch_many<'py>(
    py: Python<'py>,
    handles: Vec<Bound<'py, Proc>>,
    names: Vec<String>,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for (h, info) in handles.iter().zip(Proc::prefetch_all(py, &handles, &names)?) {
        out.append(h.get().shape_info(py, info)?)?;
    }
    Ok(out)
}

#[pyfunction]
fn pids(py: Python<'_>, procfs: &str) -> PyResult<Vec<u32>> {
    crate::system::sys(py, procfs, psutil_rs::pids)
}

#[pyfunction]
fn pid_exists(py: Python<'_>, pid: i64, procfs: &str) -> PyResult<bool> {
    let pid =
        u32::try_from(pid).map_err(|_| pyo3::exceptions::PyOverflowError::new_err("pid out of range"))?;
    Ok(py.detach(|| with_procfs(procfs, || psutil_rs::pid_exists(pid))))
}

/// Registers the class and the process functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Proc>()?;
    m.add_function(wrap_pyfunction!(wait_pid, m)?)?;
    m.add_function(wrap_pyfunction!(prefetch_many, m)?)?;
    m.add_function(wrap_pyfunction!(crate::ntuple::set_process_types, m)?)?;
    m.add_function(wrap_pyfunction!(pids, m)?)?;
    m.add_function(wrap_pyfunction!(pid_exists, m)?)?;
    Ok(())
}
