//! psutil's named tuples for prefetched process values, built here rather than by a
//! Python loop: the Python layer registers its classes once at import
//! ([`set_process_types`]); a prefetched value of a registered attribute (or each row
//! of a list-valued one) is then made an instance of its class with `tuple.__new__`.

use std::str::FromStr;

use psutil_rs::Attr;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

/// Whether an attribute's value is one named tuple or a list of them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    One,
    Rows,
}

/// The attributes whose values may be named tuples, and their shape.
const SHAPED: [(Attr, Shape); 10] = [
    (Attr::CpuTimes, Shape::One),
    (Attr::MemoryInfo, Shape::One),
    (Attr::Uids, Shape::One),
    (Attr::Gids, Shape::One),
    (Attr::NumCtxSwitches, Shape::One),
    (Attr::MemoryFullInfo, Shape::One),
    (Attr::IoCounters, Shape::One),
    (Attr::MemoryMaps, Shape::Rows),
    (Attr::OpenFiles, Shape::Rows),
    (Attr::Threads, Shape::Rows),
];

struct Registry {
    classes: Vec<(Attr, Shape, Py<PyType>)>,
}

static REGISTRY: PyOnceLock<Registry> = PyOnceLock::new();

/// Registers `{attr name: named tuple class}` for the prefetched process values; only
/// the first call counts. An attribute that is not a tuple-valued one is an error.
#[pyfunction]
pub fn set_process_types(py: Python<'_>, types: &Bound<'_, PyDict>) -> PyResult<()> {
    let mut classes = Vec::with_capacity(types.len());
    for (name, cls) in types.iter() {
        let name: String = name.extract()?;
        let attr =
            Attr::from_str(&name).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        let Some((_, shape)) = SHAPED.iter().find(|(a, _)| *a == attr) else {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{name} is not a named-tuple attribute"
            )));
        };
        classes.push((attr, *shape, cls.cast_into::<PyType>()?.unbind()));
    }
    let _ = REGISTRY.set(py, Registry { classes });
    Ok(())
}

/// `value` as the registered named tuple (or list of them) for `attr`; unchanged when
/// no class is registered for it.
pub fn shape<'py>(py: Python<'py>, attr: Attr, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let Some(reg) = REGISTRY.get(py) else { return Ok(value) };
    let Some((_, shape, cls)) = reg.classes.iter().find(|(a, _, _)| *a == attr) else { return Ok(value) };
    // The fields are numbers and strings: no row can be part of a reference cycle, so
    // the collector need not walk them (thousands per scan with memory_maps).
    let cls = cls.bind(py);
    let make = |row: Bound<'py, PyAny>| -> PyResult<Bound<'py, PyAny>> {
        let obj = crate::conv::ntuple(cls, row.cast_into::<PyTuple>()?)?;
        crate::conv::untrack(&obj);
        Ok(obj)
    };
    match shape {
        Shape::One => make(value),
        Shape::Rows => {
            let rows = value.cast::<PyList>()?;
            for i in 0..rows.len() {
                rows.set_item(i, make(rows.get_item(i)?)?)?;
            }
            Ok(value)
        }
    }
}
