//! Library types → plain Python values, in psutil's field order.

#[cfg(target_os = "linux")]
use psutil_rs::os::linux::CpuTimesExt;
use psutil_rs::CpuTimes;

/// `scputimes` values: the 7 base fields plus steal/guest/guest_nice when the kernel
/// has them.
#[cfg(target_os = "linux")]
pub fn scputimes(t: &CpuTimes) -> Vec<f64> {
    let mut v = vec![t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq()];
    for extra in [t.steal(), t.guest(), t.guest_nice()] {
        match extra {
            Some(x) => v.push(x),
            None => break,
        }
    }
    v
}

/// `scputimes` values on Windows: user, system, idle, interrupt, dpc.
#[cfg(windows)]
pub fn scputimes(t: &CpuTimes) -> Vec<f64> {
    use psutil_rs::os::windows::CpuTimesExt;
    vec![t.user, t.system, t.idle, t.interrupt(), t.dpc()]
}

/// `scputimes` values on macOS: user, nice, system, idle.
#[cfg(target_os = "macos")]
pub fn scputimes(t: &CpuTimes) -> Vec<f64> {
    vec![t.user, t.nice, t.system, t.idle]
}

/// `scputimes` values on FreeBSD: user, nice, system, idle, irq.
#[cfg(target_os = "freebsd")]
pub fn scputimes(t: &CpuTimes) -> Vec<f64> {
    use psutil_rs::os::freebsd::CpuTimesExt;
    vec![t.user, t.nice, t.system, t.idle, t.irq()]
}

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyTuple, PyType};

/// The named tuple class `name` of `psutil_rs._ntuples`, looked up once per `cell`.
pub fn ntuple_class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, "psutil_rs._ntuples", name)
}

/// An instance of the named tuple class `cls` holding `items`: `tuple.__new__(cls, items)`,
/// which is what the class's own `__new__` does, without its Python frame.
pub fn ntuple<'py>(cls: &Bound<'py, PyType>, items: Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
    static NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = cls.py();
    let new =
        NEW.get_or_try_init(py, || Ok::<_, PyErr>(py.get_type::<PyTuple>().getattr("__new__")?.unbind()))?;
    new.bind(py).call1((cls, items))
}

/// Stops the garbage collector tracking `obj`, a named tuple just made here (only
/// called on objects that cannot be part of a reference cycle).
pub fn untrack(obj: &Bound<'_, PyAny>) {
    // SAFETY: `obj` is a live object of a GC-enabled type (a tuple subclass) that this
    // thread just created and holds, with the GIL held; untracking an object is always
    // memory-safe (at worst a cycle through it would not be collected).
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) };
}
