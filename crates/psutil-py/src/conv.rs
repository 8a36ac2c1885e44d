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

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyModule, PyTuple, PyType};

/// The module `name`, imported once per `cell`.
pub fn module<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyModule>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyModule>> {
    cell.get_or_try_init(py, || py.import(name).map(Bound::unbind)).map(|m| m.bind(py))
}

/// The named tuple class `name` of `psutil_rs._ntuples`, looked up once per `cell`.
pub fn ntuple_class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, "psutil_rs._ntuples", name)
}

/// An instance of the named tuple class `cls` holding `items`: `tuple.__new__(cls, items)`,
/// which is what the class's own `__new__` does, without its Python frame. For a class
/// made directly on `tuple` (every `collections.namedtuple`), tuple's own `tp_new` slot
/// is called, as `tuple.__new__` ends up doing once it has checked that `cls` is such a
/// class, without that method call's argument tuples.
pub fn ntuple<'py>(cls: &Bound<'py, PyType>, items: Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
    static NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = cls.py();
    if let Some(tp_new) = tuple_tp_new(py).filter(|_| direct_tuple_subclass(cls)) {
        let args = PyTuple::new(py, [items])?;
        // SAFETY: `tp_new` is tuple's own `tp_new` slot, called as `type.__call__` calls it:
        // with `cls`, a heap type whose base is `tuple` (checked above), a live argument
        // tuple and no keywords, with the GIL held. It returns a new reference or NULL
        // with an exception set.
        let obj = unsafe { tp_new(cls.as_type_ptr(), args.as_ptr(), std::ptr::null_mut()) };
        // SAFETY: `obj` is the owned result of that call (NULL means an error is set).
        return unsafe { Bound::from_owned_ptr_or_err(py, obj) };
    }
    let new =
        NEW.get_or_try_init(py, || Ok::<_, PyErr>(py.get_type::<PyTuple>().getattr("__new__")?.unbind()))?;
    new.bind(py).call1((cls, items))
}

/// `tuple`'s `tp_new` slot, on Pythons whose `PyType_GetSlot` reads static types (3.10+).
fn tuple_tp_new(py: Python<'_>) -> Option<ffi::newfunc> {
    static SLOT: std::sync::OnceLock<Option<ffi::newfunc>> = std::sync::OnceLock::new();
    *SLOT.get_or_init(|| {
        if py.version_info() < (3, 10) {
            return None;
        }
        // SAFETY: reads a slot of the static `tuple` type object, which lives as long as
        // the interpreter; allowed for static types since Python 3.10 (checked above).
        let slot = unsafe { ffi::PyType_GetSlot(&raw mut ffi::PyTuple_Type, ffi::Py_tp_new) };
        if slot.is_null() {
            return None;
        }
        // SAFETY: the `Py_tp_new` slot holds a `newfunc`.
        Some(unsafe { std::mem::transmute::<*mut std::ffi::c_void, ffi::newfunc>(slot) })
    })
}

/// True for a class made in Python directly on `tuple` (a `collections.namedtuple`).
fn direct_tuple_subclass(cls: &Bound<'_, PyType>) -> bool {
    let t = cls.as_type_ptr();
    // SAFETY: `t` is a live type object (held by `cls`); reading its flags and, for a
    // heap type, its `tp_base` slot is always allowed.
    unsafe {
        let flags = ffi::PyType_GetFlags(t);
        flags & ffi::Py_TPFLAGS_HEAPTYPE != 0
            && flags & ffi::Py_TPFLAGS_TUPLE_SUBCLASS != 0
            && ffi::PyType_GetSlot(t, ffi::Py_tp_base) == (&raw mut ffi::PyTuple_Type).cast()
    }
}

/// Stops the garbage collector tracking `obj`, a named tuple just made here (only
/// called on objects that cannot be part of a reference cycle).
pub fn untrack(obj: &Bound<'_, PyAny>) {
    // SAFETY: `obj` is a live object of a GC-enabled type (a tuple subclass) that this
    // thread just created and holds, with the GIL held; untracking an object is always
    // memory-safe (at worst a cycle through it would not be collected).
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) };
}
