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
/// made directly on `tuple` (every `collections.namedtuple`), the instance is allocated
/// with the class's `tp_alloc` slot and filled with the items, which is what tuple's
/// `tp_new` does for a subclass once it has made a plain tuple of its argument, without
/// the argument tuple, the method call or that copy.
pub fn ntuple<'py>(cls: &Bound<'py, PyType>, items: Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
    static NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = cls.py();
    if let Some(alloc) = direct_tuple_subclass(cls).then(|| tp_alloc(cls)).flatten() {
        let n = items.len();
        let size = ffi::Py_ssize_t::try_from(n)
            .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("tuple too long"))?;
        // SAFETY: `alloc` is the `tp_alloc` slot of `cls`, a live heap type whose base is
        // `tuple` (checked above), called as tuple's `tp_new` calls it for a subclass: with
        // the class and the item count, the GIL held. It returns a new reference (a tuple
        // of `n` empty slots) or NULL with an exception set.
        let obj = unsafe { Bound::from_owned_ptr_or_err(py, alloc(cls.as_type_ptr(), size))? };
        for (i, item) in items.iter().enumerate() {
            // SAFETY: `obj` is the tuple just allocated, held only here (reference count
            // 1, as `PyTuple_SetItem` requires), `i` < its length; the call takes over
            // the item's reference.
            if unsafe { ffi::PyTuple_SetItem(obj.as_ptr(), i as ffi::Py_ssize_t, item.into_ptr()) } != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        return Ok(obj);
    }
    let new =
        NEW.get_or_try_init(py, || Ok::<_, PyErr>(py.get_type::<PyTuple>().getattr("__new__")?.unbind()))?;
    new.bind(py).call1((cls, items))
}

/// The `tp_alloc` slot of the heap type `cls`.
fn tp_alloc(cls: &Bound<'_, PyType>) -> Option<ffi::allocfunc> {
    // SAFETY: reads a slot of a live heap type (held by `cls`), allowed on every Python
    // version this module supports.
    let slot = unsafe { ffi::PyType_GetSlot(cls.as_type_ptr(), ffi::Py_tp_alloc) };
    if slot.is_null() {
        return None;
    }
    // SAFETY: the `Py_tp_alloc` slot holds an `allocfunc`.
    Some(unsafe { std::mem::transmute::<*mut std::ffi::c_void, ffi::allocfunc>(slot) })
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

/// A process status string (one of the library's `ProcessStatus::as_str` values) as one
/// interned `str` per value, made once: a status is returned for every process of a
/// scan, and psutil's own statuses are its `STATUS_*` constants, the same objects each
/// time. Any other string is made afresh.
pub fn status_str<'py>(py: Python<'py>, status: &str) -> Bound<'py, pyo3::types::PyString> {
    use pyo3::intern;
    match status {
        "running" => intern!(py, "running").clone(),
        "sleeping" => intern!(py, "sleeping").clone(),
        "disk-sleep" => intern!(py, "disk-sleep").clone(),
        "stopped" => intern!(py, "stopped").clone(),
        "tracing-stop" => intern!(py, "tracing-stop").clone(),
        "zombie" => intern!(py, "zombie").clone(),
        "dead" => intern!(py, "dead").clone(),
        "wake-kill" => intern!(py, "wake-kill").clone(),
        "waking" => intern!(py, "waking").clone(),
        "idle" => intern!(py, "idle").clone(),
        "parked" => intern!(py, "parked").clone(),
        "locked" => intern!(py, "locked").clone(),
        "waiting" => intern!(py, "waiting").clone(),
        "suspended" => intern!(py, "suspended").clone(),
        other => pyo3::types::PyString::new(py, other),
    }
}
