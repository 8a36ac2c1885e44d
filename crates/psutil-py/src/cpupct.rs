//! psutil's `cpu_times()` and non-blocking `cpu_percent()` and `cpu_times_percent()`, each
//! one native call.
//!
//! The package binds these as `psutil_rs.cpu_times`, `psutil_rs.cpu_percent` and
//! `psutil_rs.cpu_times_percent` (`cpu_times` runs here while the platform layer's
//! readers are unpatched, its Python version `_cpu_times_py` otherwise).
//! They run here only while the interval is None and nobody has replaced the readers
//! psutil's tests patch (`psutil_rs.cpu_times`, `_pslinux.cpu_times`,
//! `_pslinux.per_cpu_times`, registered at import by [`set_cpu_readers`]). The samples
//! stay in the package's `_samples` dict, keyed and valued as its Python version keeps
//! them (`(kind, percpu, thread id)` → an `scputimes`, or a list of them), so either
//! version continues where the other left off. Anything else (a blocking or invalid
//! interval, a replaced reader, a sample of another shape) runs the Python version
//! (`_cpu_percent_py`, `_cpu_times_percent_py`), which raises psutil's errors.
//!
//! The arithmetic is psutil's, operation for operation: per-field deltas clamped at 0,
//! their total as Python's `sum()` makes it (left to right before CPython 3.12,
//! Neumaier-compensated since), minus guest and guest_nice, `round(busy / total * 100, 1)`
//! and `round(delta * (100 / max(1, total)), 1)` clamped to [0, 100].

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyTuple, PyType};
use pyo3::{intern, IntoPyObjectExt};

use crate::conv::{module, ntuple, scputimes};
use crate::pyprocess::round1;
use crate::system::{procfs_path, sys};

/// Which of the two percentages.
#[derive(Clone, Copy)]
enum Kind {
    /// `cpu_percent`: busy time over all time.
    Busy,
    /// `cpu_times_percent`: each field over all time.
    Fields,
}

impl Kind {
    /// The first item of the package's `_samples` keys.
    fn sample_key(self) -> &'static str {
        match self {
            Kind::Busy => "busy",
            Kind::Fields => "fields",
        }
    }

    /// The package's Python version.
    fn python_version(self) -> &'static str {
        match self {
            Kind::Busy => "_cpu_percent_py",
            Kind::Fields => "_cpu_times_percent_py",
        }
    }
}

/// `psutil_rs.cpu_times`, `_pslinux.cpu_times` and `_pslinux.per_cpu_times` as defined.
static READERS: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

/// Registers the readers the native path stands in for (only the first call counts).
#[pyfunction]
fn set_cpu_readers(
    py: Python<'_>,
    cpu_times: Py<PyAny>,
    linux_cpu_times: Py<PyAny>,
    linux_per_cpu_times: Py<PyAny>,
) {
    let _ = READERS.set(py, [cpu_times, linux_cpu_times, linux_per_cpu_times]);
}

fn package(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    module(py, &PKG, "psutil_rs")
}

fn platform(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static LINUX: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    module(py, &LINUX, "psutil_rs._pslinux")
}

/// True while every registered reader is still the one in place.
fn readers_unpatched(py: Python<'_>) -> PyResult<bool> {
    let Some([pkg_times, ..]) = READERS.get(py) else { return Ok(false) };
    Ok(package(py)?.getattr(intern!(py, "cpu_times"))?.is(pkg_times.bind(py)) && platform_unpatched(py)?)
}

/// True while the platform layer's readers are the ones registered.
fn platform_unpatched(py: Python<'_>) -> PyResult<bool> {
    let Some([_, linux_times, linux_percpu]) = READERS.get(py) else { return Ok(false) };
    let linux = platform(py)?;
    Ok(linux.getattr(intern!(py, "cpu_times"))?.is(linux_times.bind(py))
        && linux.getattr(intern!(py, "per_cpu_times"))?.is(linux_percpu.bind(py)))
}

/// The `scputimes` class (`_pslinux.scputimes`, made once at import) and where its
/// fields sit.
struct Layout {
    cls: Py<PyType>,
    len: usize,
    idle: usize,
    iowait: Option<usize>,
    guest: Option<usize>,
    guest_nice: Option<usize>,
}

fn layout(py: Python<'_>) -> PyResult<&Layout> {
    static LAYOUT: PyOnceLock<Layout> = PyOnceLock::new();
    LAYOUT.get_or_try_init(py, || {
        let cls = platform(py)?.getattr("scputimes")?.cast_into::<PyType>()?;
        let fields: Vec<String> = cls.getattr("_fields")?.extract()?;
        let at = |name: &str| fields.iter().position(|f| f == name);
        let idle = at("idle")
            .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("scputimes has no idle field"))?;
        Ok(Layout {
            len: fields.len(),
            idle,
            iowait: at("iowait"),
            guest: at("guest"),
            guest_nice: at("guest_nice"),
            cls: cls.unbind(),
        })
    })
}

/// One sample read now: each CPU's (or the system's) `scputimes` values, as many as the
/// class has fields (`None`: the kernel gave fewer, left to the Python version).
fn read_sample(py: Python<'_>, percpu: bool, len: usize) -> PyResult<Option<Vec<Vec<f64>>>> {
    let procfs = procfs_path(py)?;
    let rows: Vec<Vec<f64>> = if percpu {
        sys(py, &procfs, psutil_rs::cpu_times_percpu)?.iter().map(scputimes).collect()
    } else {
        vec![scputimes(&sys(py, &procfs, psutil_rs::cpu_times)?)]
    };
    if rows.iter().any(|r| r.len() < len) {
        return Ok(None);
    }
    Ok(Some(
        rows.into_iter()
            .map(|mut r| {
                r.truncate(len);
                r
            })
            .collect(),
    ))
}

/// The sample as the Python version stores it: an `scputimes`, or a list of them.
fn sample_object<'py>(
    py: Python<'py>,
    lay: &Layout,
    rows: &[Vec<f64>],
    percpu: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let cls = lay.cls.bind(py);
    let make = |r: &Vec<f64>| ntuple(cls, PyTuple::new(py, r.iter().copied())?);
    if percpu {
        let list = PyList::empty(py);
        for r in rows {
            list.append(make(r)?)?;
        }
        Ok(list.into_any())
    } else {
        make(&rows[0])
    }
}

/// A stored sample's values (`None` when it is not the shape the native path knows).
fn stored_values(obj: &Bound<'_, PyAny>, percpu: bool) -> Option<Vec<Vec<f64>>> {
    let row = |o: Bound<'_, PyAny>| o.cast_into::<PyTuple>().ok()?.extract::<Vec<f64>>().ok();
    if percpu {
        obj.cast::<PyList>().ok()?.iter().map(row).collect()
    } else {
        Some(vec![row(obj.clone())?])
    }
}

/// Python's `sum()` of non-negative finite floats: left to right, with CPython 3.12's
/// Neumaier compensation when `compensated`.
fn python_sum(values: &[f64], compensated: bool) -> f64 {
    let (mut total, mut c) = (0.0f64, 0.0f64);
    for &x in values {
        if !compensated {
            total += x;
            continue;
        }
        let t = total + x;
        if total.abs() >= x.abs() {
            c += (total - t) + x;
        } else {
            c += (x - t) + total;
        }
        total = t;
    }
    if compensated && c != 0.0 && c.is_finite() {
        total += c;
    }
    total
}

/// Per-field deltas clamped at 0 (psutil's `max(0, after - before)`).
fn deltas(before: &[f64], after: &[f64]) -> Vec<f64> {
    before
        .iter()
        .zip(after)
        .map(|(a, b)| {
            let d = b - a;
            if d > 0.0 {
                d
            } else {
                0.0
            }
        })
        .collect()
}

/// (all, busy) time of the deltas, as psutil's `_cpu_tot_time` and `_cpu_busy_time`.
fn spent(lay: &Layout, d: &[f64], compensated: bool) -> (f64, f64) {
    let field = |i: Option<usize>| i.and_then(|i| d.get(i)).copied().unwrap_or(0.0);
    let all = python_sum(d, compensated) - field(lay.guest) - field(lay.guest_nice);
    (all, all - field(Some(lay.idle)) - field(lay.iowait))
}

/// psutil's `cpu_percent` of one pair of samples.
fn busy_percent(lay: &Layout, before: &[f64], after: &[f64], compensated: bool) -> f64 {
    let (all, busy) = spent(lay, &deltas(before, after), compensated);
    if all == 0.0 {
        return 0.0;
    }
    round1(busy / all * 100.0)
}

/// psutil's `cpu_times_percent` of one pair of samples.
fn field_percents(lay: &Layout, before: &[f64], after: &[f64], compensated: bool) -> Vec<f64> {
    let d = deltas(before, after);
    let (all, _) = spent(lay, &d, compensated);
    let scale = 100.0 / if all > 1.0 { all } else { 1.0 };
    d.iter().map(|x| round1(x * scale).clamp(0.0, 100.0)).collect()
}

/// Whether this interpreter's `sum()` compensates float rounding (CPython 3.12+).
fn compensated_sum(py: Python<'_>) -> bool {
    py.version_info() >= (3, 12)
}

/// One pair's result as the Python version returns it.
fn result<'py>(
    py: Python<'py>,
    kind: Kind,
    lay: &Layout,
    before: &[f64],
    after: &[f64],
) -> PyResult<Bound<'py, PyAny>> {
    let comp = compensated_sum(py);
    match kind {
        Kind::Busy => busy_percent(lay, before, after, comp).into_bound_py_any(py),
        Kind::Fields => ntuple(lay.cls.bind(py), PyTuple::new(py, field_percents(lay, before, after, comp))?),
    }
}

fn measure<'py>(
    py: Python<'py>,
    kind: Kind,
    interval: Option<Bound<'py, PyAny>>,
    percpu: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let python = || -> PyResult<Bound<'py, PyAny>> {
        let f = package(py)?.getattr(kind.python_version())?;
        f.call1((interval.clone(), percpu.clone().map_or_else(|| false.into_bound_py_any(py), Ok)?))
    };
    if interval.as_ref().is_some_and(|i| !i.is_none()) || !readers_unpatched(py)? {
        return python();
    }
    let per = match &percpu {
        Some(p) => p.is_truthy()?,
        None => false,
    };
    let Ok(samples) = package(py)?.getattr(intern!(py, "_samples"))?.cast_into::<PyDict>() else {
        return python();
    };
    let lay = layout(py)?;
    static THREADING: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let ident = module(py, &THREADING, "threading")?.getattr(intern!(py, "get_ident"))?.call0()?;
    let key =
        PyTuple::new(py, [kind.sample_key().into_bound_py_any(py)?, per.into_bound_py_any(py)?, ident])?;
    // the previous sample, or (none yet, or an empty one) a fresh read, as `or cpu_times()`
    let before = match samples.get_item(&key)? {
        Some(s) if s.is_truthy()? => match stored_values(&s, per) {
            Some(v) => v,
            None => return python(),
        },
        _ => match read_sample(py, per, lay.len)? {
            Some(v) => v,
            None => return python(),
        },
    };
    let Some(after) = read_sample(py, per, lay.len)? else { return python() };
    if before.iter().any(|b| b.len() != lay.len) {
        return python(); // a sample of another shape: the Python version says what it makes of it
    }
    samples.set_item(&key, sample_object(py, lay, &after, per)?)?;
    if !per {
        return result(py, kind, lay, &before[0], &after[0]);
    }
    let out = PyList::empty(py);
    for (b, a) in before.iter().zip(&after) {
        out.append(result(py, kind, lay, b, a)?)?;
    }
    Ok(out.into_any())
}

/// psutil's `cpu_times(percpu=False)`: system CPU times in seconds, an `scputimes` (a
/// list of them, one per CPU, with `percpu`).
#[pyfunction]
#[pyo3(signature = (percpu = None))]
fn cpu_times<'py>(py: Python<'py>, percpu: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    let per = match &percpu {
        Some(p) => p.is_truthy()?,
        None => false,
    };
    if platform_unpatched(py)? {
        let lay = layout(py)?;
        if let Some(rows) = read_sample(py, per, lay.len)? {
            return sample_object(py, lay, &rows, per);
        }
    }
    package(py)?.getattr(intern!(py, "_cpu_times_py"))?.call1((per,))
}

/// psutil's `cpu_percent(interval=None, percpu=False)`.
#[pyfunction]
#[pyo3(signature = (interval = None, percpu = None))]
fn cpu_percent<'py>(
    py: Python<'py>,
    interval: Option<Bound<'py, PyAny>>,
    percpu: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    measure(py, Kind::Busy, interval, percpu)
}

/// psutil's `cpu_times_percent(interval=None, percpu=False)`.
#[pyfunction]
#[pyo3(signature = (interval = None, percpu = None))]
fn cpu_times_percent<'py>(
    py: Python<'py>,
    interval: Option<Bound<'py, PyAny>>,
    percpu: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    measure(py, Kind::Fields, interval, percpu)
}

/// The native arithmetic on two given samples (`scputimes` or lists of them), for the
/// shared test vectors: `kind` is `"busy"` (cpu_percent) or `"fields"`.
#[pyfunction]
fn cpu_percent_between<'py>(
    py: Python<'py>,
    kind: &str,
    before: Bound<'py, PyAny>,
    after: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = match kind {
        "busy" => Kind::Busy,
        "fields" => Kind::Fields,
        other => return Err(pyo3::exceptions::PyValueError::new_err(format!("unknown kind {other:?}"))),
    };
    let lay = layout(py)?;
    let shape = || pyo3::exceptions::PyTypeError::new_err("expected scputimes samples");
    let b = stored_values(&before, false).ok_or_else(shape)?;
    let a = stored_values(&after, false).ok_or_else(shape)?;
    result(py, kind, lay, &b[0], &a[0])
}

/// Registers the functions in the `api` submodule.
pub fn register(api: &Bound<'_, PyModule>) -> PyResult<()> {
    api.add_function(wrap_pyfunction!(set_cpu_readers, api)?)?;
    api.add_function(wrap_pyfunction!(cpu_times, api)?)?;
    api.add_function(wrap_pyfunction!(cpu_percent, api)?)?;
    api.add_function(wrap_pyfunction!(cpu_times_percent, api)?)?;
    api.add_function(wrap_pyfunction!(cpu_percent_between, api)?)?;
    Ok(())
}
