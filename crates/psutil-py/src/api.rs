//! psutil's public module functions whose Python layer cost more than their system call,
//! done whole here: the package binds them as `psutil_rs.<name>` directly, so a call is
//! one native call that reads (GIL released) and returns psutil's final object.
//!
//! Each looks up `psutil_rs.PROCFS_PATH` per call, as the Python functions did, and
//! hands arguments it does not take natively to the package's Python version (named
//! `_<name>_py` in `psutil_rs`), so error types and messages stay psutil's.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PySet, PyString, PyTuple, PyType};
use pyo3::{intern, IntoPyObjectExt};

use crate::conv::{ntuple, ntuple_class};
use crate::system::{procfs_path, sys};

fn package(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    PKG.get_or_try_init(py, || py.import("psutil_rs").map(Bound::unbind)).map(|m| m.bind(py))
}

/// psutil's `boot_time()`: when the system booted, in seconds since the epoch.
#[pyfunction]
fn boot_time(py: Python<'_>) -> PyResult<f64> {
    let procfs = procfs_path(py)?;
    sys(py, &procfs, psutil_rs::boot_time)
}

/// psutil's `disk_usage(path)` as an `sdiskusage`. A `str` path is taken here; other
/// kinds (bytes, path-likes, file descriptors, wrong types) go to the Python version.
#[pyfunction]
fn disk_usage<'py>(py: Python<'py>, path: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    static SDISKUSAGE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if !path.is_exact_instance_of::<PyString>() {
        return package(py)?.getattr(intern!(py, "_disk_usage_py"))?.call1((path,));
    }
    let path: PathBuf = path.extract()?;
    let u = py.detach(|| psutil_rs::disk_usage(&path)).map_err(|e| crate::errors::to_py(py, e))?;
    let row = PyTuple::new(
        py,
        [
            u.total.into_bound_py_any(py)?,
            u.used.into_bound_py_any(py)?,
            u.free.into_bound_py_any(py)?,
            u.percent.into_bound_py_any(py)?,
        ],
    )?;
    ntuple(ntuple_class(py, &SDISKUSAGE, "sdiskusage")?, row)
}

/// psutil's `cpu_freq(percpu=False)`: `scpufreq` per CPU with `percpu`, else their mean
/// (the one CPU's row when there is one, None when there is none). The mean sums each
/// field left to right and divides by the count, as the Python `sum(column) / n` of
/// CPython before 3.12 does.
#[pyfunction]
#[pyo3(signature = (percpu = None))]
fn cpu_freq<'py>(py: Python<'py>, percpu: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    static SCPUFREQ: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let procfs = procfs_path(py)?;
    let rows = sys(py, &procfs, psutil_rs::cpu_freq_percpu)?;
    let cls = ntuple_class(py, &SCPUFREQ, "scpufreq")?;
    let make = |c: f64, lo: f64, hi: f64| -> PyResult<Bound<'py, PyAny>> {
        ntuple(cls, PyTuple::new(py, [c, lo, hi])?)
    };
    if percpu.map_or(Ok(false), |p| p.is_truthy())? {
        let out = pyo3::types::PyList::empty(py);
        for f in &rows {
            out.append(make(f.current, f.min, f.max)?)?;
        }
        return Ok(out.into_any());
    }
    match rows.as_slice() {
        [] => Ok(py.None().into_bound(py)),
        [one] => make(one.current, one.min, one.max),
        many => {
            let n = many.len() as f64;
            let sum = |f: fn(&psutil_rs::CpuFreq) -> f64| many.iter().map(f).fold(0.0, |a, b| a + b);
            make(sum(|f| f.current) / n, sum(|f| f.min) / n, sum(|f| f.max) / n)
        }
    }
}

/// `process_iter()`'s table update: the pids listed now (sorted), each with its instance
/// from `table` (a `{pid: Process}` dict) or a new `cls(pid)` (pids that vanish
/// meanwhile are skipped). A pid of `table` in `dropped` (found reused) is left out of
/// this call, as psutil does; the next call makes it a new instance. Returns the new table, the
/// instances in pid order and the lowest pid listed.
#[pyfunction]
fn process_table<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyDict>,
    dropped: &Bound<'py, PySet>,
    procfs: &str,
    cls: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyList>, Option<u32>)> {
    static NSP: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let nsp = NSP.import(py, "psutil_rs._common", "NoSuchProcess")?;
    let alive = sys(py, procfs, psutil_rs::pids)?;
    let known = PyDict::new(py);
    let procs = PyList::empty(py);
    for &pid in &alive {
        let key = pid.into_pyobject(py)?;
        if !dropped.is_empty() && dropped.contains(&key)? && table.contains(&key)? {
            continue;
        }
        let proc = match table.get_item(&key)? {
            Some(p) => p,
            None => match cls.call1((pid,)) {
                Ok(p) => p,
                Err(e) if e.is_instance(py, nsp) => continue,
                Err(e) => return Err(e),
            },
        };
        known.set_item(&key, &proc)?;
        procs.append(proc)?;
    }
    Ok((known, procs, alive.first().copied()))
}

/// Registers the functions (bound by the package under psutil's names).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let api = PyModule::new(m.py(), "api")?;
    api.add_function(wrap_pyfunction!(boot_time, &api)?)?;
    api.add_function(wrap_pyfunction!(disk_usage, &api)?)?;
    api.add_function(wrap_pyfunction!(cpu_freq, &api)?)?;
    api.add_function(wrap_pyfunction!(process_table, &api)?)?;
    crate::cpupct::register(&api)?;
    crate::iocount::register(&api)?;
    m.add("api", api)?;
    Ok(())
}
