//! psutil's `disk_io_counters()` and `net_io_counters()` after the read: nowrap and the
//! sums done here, on the package's own `wrap_numbers` state.
//!
//! The package's Python functions (which keep their `cache_clear` attributes) call
//! [`io_counters`]. It runs natively only while nobody has replaced what psutil's tests
//! patch (`_pslinux.disk_io_counters`, `_pslinux.net_io_counters`, the package's
//! `wrap_numbers`; registered at import by [`set_io_readers`]), and applies nowrap here
//! only in its plain case: a previous sample exists, no counter went down and no device
//! vanished. Then it does to `_common._unwrapper`'s tables what the Python
//! `wrap_numbers` does (under the same lock): each `(device, field)` slot gets its 0
//! offset entry if it had none, the offsets are added, the raw sample becomes the last
//! one. Any other case runs the Python `wrap_numbers`, or the whole Python version
//! (`_disk_io_counters_py`, `_net_io_counters_py`).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule, PyString, PyTuple, PyType};
use pyo3::{intern, IntoPyObjectExt};

use crate::conv::{module, ntuple, ntuple_class};
use crate::system::{procfs_path, sys};

/// `_pslinux.disk_io_counters`, `_pslinux.net_io_counters` and the package's
/// `wrap_numbers`, as defined.
static READERS: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

/// Registers the functions the native path stands in for (only the first call counts).
#[pyfunction]
fn set_io_readers(py: Python<'_>, disk: Py<PyAny>, net: Py<PyAny>, wrap_numbers: Py<PyAny>) {
    let _ = READERS.set(py, [disk, net, wrap_numbers]);
}

/// Which counters.
#[derive(Clone, Copy)]
enum Which {
    Disk,
    Net,
}

impl Which {
    fn parse(s: &str) -> PyResult<Self> {
        match s {
            "disk" => Ok(Which::Disk),
            "net" => Ok(Which::Net),
            other => Err(pyo3::exceptions::PyValueError::new_err(format!("unknown counters {other:?}"))),
        }
    }

    fn reader(self) -> &'static str {
        match self {
            Which::Disk => "disk_io_counters",
            Which::Net => "net_io_counters",
        }
    }

    fn python_version(self) -> &'static str {
        match self {
            Which::Disk => "_disk_io_counters_py",
            Which::Net => "_net_io_counters_py",
        }
    }

    /// The `wrap_numbers` cache name (psutil's).
    fn cache_name(self) -> &'static str {
        match self {
            Which::Disk => "psutil.disk_io_counters",
            Which::Net => "psutil.net_io_counters",
        }
    }

    fn class<'py>(self, py: Python<'py>) -> PyResult<&'py Bound<'py, PyType>> {
        static SDISKIO: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static SNETIO: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        match self {
            Which::Disk => ntuple_class(py, &SDISKIO, "sdiskio"),
            Which::Net => ntuple_class(py, &SNETIO, "snetio"),
        }
    }

    /// The raw counters now (GIL released): every disk and partition with `per`, else
    /// the whole disks (those listed in `/sys/block`); every NIC.
    fn read(self, py: Python<'_>, per: bool) -> PyResult<Vec<(String, Vec<u64>)>> {
        let procfs = procfs_path(py)?;
        Ok(match self {
            Which::Disk => sys(py, &procfs, || psutil_rs::disk_io_counters_raw(per))?
                .into_iter()
                .map(|(k, v)| (k, v.to_fields().to_vec()))
                .collect(),
            Which::Net => sys(py, &procfs, || psutil_rs::net_io_counters_pernic(false))?
                .into_iter()
                .map(|(k, v)| (k, v.to_fields().to_vec()))
                .collect(),
        })
    }
}

fn unpatched(py: Python<'_>, which: Which) -> PyResult<bool> {
    static LINUX: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let Some([disk, net, wrap]) = READERS.get(py) else { return Ok(false) };
    let reader = match which {
        Which::Disk => disk,
        Which::Net => net,
    };
    Ok(module(py, &LINUX, "psutil_rs._pslinux")?.getattr(which.reader())?.is(reader.bind(py))
        && module(py, &PKG, "psutil_rs")?.getattr(intern!(py, "_unwrap"))?.is(wrap.bind(py)))
}

/// One device's raw row: its name, its values as a tuple, and the numbers.
struct Row<'py> {
    key: Bound<'py, PyString>,
    values: Bound<'py, PyTuple>,
    raw: Vec<u64>,
}

/// A value of the corrected table: a plain counter, or one with a wrap offset added.
enum Value<'py> {
    Plain(u64),
    Offset(Bound<'py, PyAny>),
}

/// `wrap_numbers(current, name)` in its plain case (see the module docs), holding the
/// `_unwrapper`'s lock; `None` when the Python version must run.
fn unwrap_plain<'py>(
    py: Python<'py>,
    name: &str,
    current: &Bound<'py, PyDict>,
    rows: &[Row<'py>],
) -> PyResult<Option<Vec<Vec<Value<'py>>>>> {
    static COMMON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let state = module(py, &COMMON, "psutil_rs._common")?.getattr(intern!(py, "_unwrapper"))?;
    let lock = state.getattr(intern!(py, "lock"))?;
    lock.call_method0(intern!(py, "acquire"))?;
    let out = unwrap_locked(py, &state, name, current, rows);
    lock.call_method0(intern!(py, "release"))?;
    out
}

fn table<'py>(
    state: &Bound<'py, PyAny>,
    attr: &Bound<'py, PyString>,
    name: &str,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let Ok(all) = state.getattr(attr)?.cast_into::<PyDict>() else { return Ok(None) };
    Ok(all.get_item(name)?.and_then(|t| t.cast_into::<PyDict>().ok()))
}

fn unwrap_locked<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    name: &str,
    current: &Bound<'py, PyDict>,
    rows: &[Row<'py>],
) -> PyResult<Option<Vec<Vec<Value<'py>>>>> {
    let (Some(previous), Some(offsets)) =
        (table(state, intern!(py, "last"), name)?, table(state, intern!(py, "offsets"), name)?)
    else {
        return Ok(None); // the first call for this name: the Python version sets up the state
    };
    for key in previous.keys() {
        if !current.contains(&key)? {
            return Ok(None); // a device vanished: its offsets may have to go
        }
    }
    let mut before_rows = Vec::with_capacity(rows.len());
    for row in rows {
        let before = match previous.get_item(&row.key)? {
            None => None,
            Some(b) => match b.extract::<Vec<u64>>() {
                Ok(b) if b.len() >= row.raw.len() && row.raw.iter().zip(&b).all(|(now, was)| now >= was) => {
                    Some(b)
                }
                _ => return Ok(None), // a counter went down (or an odd sample): Python's
            },
        };
        before_rows.push(before.is_some());
    }
    if every_offset_zero(&offsets, &previous, rows, &before_rows)? {
        // every slot already has its offset, all 0: the table is the raw sample
        state.getattr(intern!(py, "last"))?.set_item(name, current)?;
        return Ok(Some(rows.iter().map(|r| r.raw.iter().map(|&v| Value::Plain(v)).collect()).collect()));
    }
    let mut fixed = Vec::with_capacity(rows.len());
    for (row, seen) in rows.iter().zip(before_rows) {
        if !seen {
            fixed.push(row.raw.iter().map(|&v| Value::Plain(v)).collect());
            continue;
        }
        let mut values = Vec::with_capacity(row.raw.len());
        for (i, &now) in row.raw.iter().enumerate() {
            let slot = PyTuple::new(py, [row.key.clone().into_any(), i.into_bound_py_any(py)?])?;
            match offsets.get_item(&slot)? {
                None => {
                    offsets.set_item(&slot, 0)?;
                    values.push(Value::Plain(now));
                }
                Some(off) if off.extract::<u64>().is_ok_and(|o| o == 0) => values.push(Value::Plain(now)),
                Some(off) => values.push(Value::Offset(now.into_bound_py_any(py)?.add(off)?)),
            }
        }
        fixed.push(values);
    }
    state.getattr(intern!(py, "last"))?.set_item(name, current)?;
    Ok(Some(fixed))
}

/// True when `offsets` holds a 0 for every `(device, field)` slot of the devices seen
/// before (and only 0s): one walk over the table instead of a lookup per slot.
fn every_offset_zero(
    offsets: &Bound<'_, PyDict>,
    previous: &Bound<'_, PyDict>,
    rows: &[Row<'_>],
    seen: &[bool],
) -> PyResult<bool> {
    let wanted: usize = rows.iter().zip(seen).filter(|(_, &s)| s).map(|(r, _)| r.raw.len()).sum();
    let width = rows.iter().map(|r| r.raw.len()).max().unwrap_or(0);
    let mut found = 0;
    for (slot, offset) in offsets.iter() {
        if !offset.extract::<u64>().is_ok_and(|o| o == 0) {
            return Ok(false);
        }
        let Ok(slot) = slot.cast_into::<PyTuple>() else { return Ok(false) };
        let (Ok(key), Ok(index)) = (slot.get_item(0), slot.get_item(1)) else { return Ok(false) };
        let Ok(index) = index.extract::<usize>() else { return Ok(false) };
        // every device of `previous` is in the sample (checked before), with `width` fields
        if index < width && previous.contains(&key)? {
            found += 1;
        }
    }
    Ok(found == wanted)
}

fn value_object<'py>(py: Python<'py>, v: &Value<'py>) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Plain(n) => n.into_bound_py_any(py),
        Value::Offset(o) => Ok(o.clone()),
    }
}

/// Per-field sums over the devices (Python's `map(sum, zip(*rows))`).
fn column_sums<'py>(py: Python<'py>, rows: &[Vec<Value<'py>>]) -> PyResult<Bound<'py, PyTuple>> {
    let width = rows.iter().map(Vec::len).min().unwrap_or(0);
    let mut sums = Vec::with_capacity(width);
    for i in 0..width {
        let mut plain: u64 = 0;
        let mut wide: u128 = 0;
        let mut big: Option<Bound<'py, PyAny>> = None;
        for row in rows {
            match &row[i] {
                Value::Plain(n) => match plain.checked_add(*n) {
                    Some(sum) => plain = sum,
                    None => wide += u128::from(std::mem::replace(&mut plain, *n)),
                },
                Value::Offset(o) => {
                    big = Some(match big {
                        None => o.clone(),
                        Some(b) => b.add(o)?,
                    })
                }
            }
        }
        let total = if wide == 0 {
            plain.into_bound_py_any(py)?
        } else {
            (wide + u128::from(plain)).into_bound_py_any(py)?
        };
        sums.push(match big {
            None => total,
            Some(b) => total.add(b)?,
        });
    }
    PyTuple::new(py, sums)
}

/// psutil's `disk_io_counters(perdisk, nowrap)` (`which` = `"disk"`) or
/// `net_io_counters(pernic, nowrap)` (`"net"`).
#[pyfunction]
fn io_counters<'py>(
    py: Python<'py>,
    which: &str,
    per: Bound<'py, PyAny>,
    nowrap: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let which = Which::parse(which)?;
    if !unpatched(py, which)? {
        return python_version(py, which, per, nowrap);
    }
    let keyed = per.is_truthy()?;
    let raw = which.read(py, keyed)?;
    if raw.is_empty() {
        return if keyed { Ok(PyDict::new(py).into_any()) } else { Ok(py.None().into_bound(py)) };
    }
    let current = PyDict::new(py);
    let mut rows = Vec::with_capacity(raw.len());
    for (name, values) in raw {
        let row = Row {
            key: PyString::new(py, &name),
            values: PyTuple::new(py, values.iter().copied())?,
            raw: values,
        };
        current.set_item(&row.key, &row.values)?;
        rows.push(row);
    }
    let fixed: Vec<Vec<Value<'py>>> = if !nowrap.is_truthy()? {
        rows.iter().map(|r| r.raw.iter().map(|&v| Value::Plain(v)).collect()).collect()
    } else {
        match unwrap_plain(py, which.cache_name(), &current, &rows)? {
            Some(fixed) => fixed,
            // nothing was changed: the Python version reads again and runs wrap_numbers
            None => return python_version(py, which, per, nowrap),
        }
    };
    let cls = which.class(py)?;
    if !keyed {
        return ntuple(cls, column_sums(py, &fixed)?);
    }
    let out = PyDict::new(py);
    for (row, values) in rows.iter().zip(&fixed) {
        let objs = values.iter().map(|v| value_object(py, v)).collect::<PyResult<Vec<_>>>()?;
        out.set_item(&row.key, ntuple(cls, PyTuple::new(py, objs)?)?)?;
    }
    Ok(out.into_any())
}

/// The package's Python version of the call.
fn python_version<'py>(
    py: Python<'py>,
    which: Which,
    per: Bound<'py, PyAny>,
    nowrap: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    module(py, &PKG, "psutil_rs")?.getattr(which.python_version())?.call1((per, nowrap))
}

/// Registers the functions in the `api` submodule.
pub fn register(api: &Bound<'_, PyModule>) -> PyResult<()> {
    api.add_function(wrap_pyfunction!(set_io_readers, api)?)?;
    api.add_function(wrap_pyfunction!(io_counters, api)?)?;
    Ok(())
}
