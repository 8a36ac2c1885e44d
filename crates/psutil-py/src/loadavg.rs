//! `getloadavg()` as a bare C-level function: psutil's is `os.getloadavg`, a
//! `METH_NOARGS` builtin around glibc's `getloadavg` (one `sysinfo(2)`) that builds its
//! tuple with `Py_BuildValue("ddd")`. The same system call through a PyO3 function was
//! slower than that (its call machinery costs more than the call), so this one is
//! declared with the C API directly: no argument parsing, no format string.
//!
//! It is the one system call of the module made with the GIL held, as `os.getloadavg`
//! makes it: `sysinfo(2)` copies counters the kernel keeps in memory and never waits,
//! and releasing the GIL around it measured 55 ns, which made the call slower than
//! psutil's (0.94x) instead of faster (1.03x).

use std::ffi::{c_char, CStr};

use pyo3::ffi;
use pyo3::prelude::*;

/// The 1, 5 and 15 minute load averages as glibc's `getloadavg` computes them from
/// `sysinfo(2)`: each fixed-point value divided by 2^16 (`SI_LOAD_SHIFT`), so the numbers
/// are `os.getloadavg()`'s to the bit.
fn loads() -> Option<[f64; 3]> {
    const SI_LOAD_SCALE: f64 = (1u32 << 16) as f64;
    // SAFETY: `sysinfo` fills the zeroed struct it is given and touches nothing else.
    let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
    // SAFETY: `info` is a valid, writable `struct sysinfo`.
    if unsafe { libc::sysinfo(&mut info) } != 0 {
        return None;
    }
    Some(info.loads.map(|l| l as f64 / SI_LOAD_SCALE))
}

/// The `METH_NOARGS` body: a 3-tuple of floats, or `OSError` as `os.getloadavg` raises.
unsafe extern "C" fn getloadavg(
    _module: *mut ffi::PyObject,
    _unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let got = loads();
    let Some(values) = got else {
        // SAFETY: the GIL is held; both pointers are valid for the call.
        unsafe { ffi::PyErr_SetString(ffi::PyExc_OSError, c"Load averages are unobtainable".as_ptr()) };
        return std::ptr::null_mut();
    };
    // SAFETY: the GIL is held. Each new float is handed to the tuple, which steals the
    // reference; on any failure the partial tuple is released and the error stays set.
    unsafe {
        let tuple = ffi::PyTuple_New(3);
        if tuple.is_null() {
            return tuple;
        }
        for (i, v) in values.into_iter().enumerate() {
            let item = ffi::PyFloat_FromDouble(v);
            if item.is_null() || ffi::PyTuple_SetItem(tuple, i as ffi::Py_ssize_t, item) != 0 {
                ffi::Py_DECREF(tuple);
                return std::ptr::null_mut();
            }
        }
        tuple
    }
}

/// The method table entry: CPython only reads it, for the life of the function object.
struct MethodDef(ffi::PyMethodDef);

// SAFETY: the entry holds pointers to static, immutable data only and is never written.
unsafe impl Sync for MethodDef {}

const DOC: &CStr = c"getloadavg() -> (1, 5, 15 minute load averages), as os.getloadavg()";

static GETLOADAVG: MethodDef = MethodDef(ffi::PyMethodDef {
    ml_name: c"getloadavg".as_ptr(),
    ml_meth: ffi::PyMethodDefPointer { PyCFunction: getloadavg },
    ml_flags: ffi::METH_NOARGS,
    ml_doc: DOC.as_ptr() as *const c_char,
});

/// Adds `getloadavg` to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    // SAFETY: the method entry is 'static and only read; the module and its name are
    // valid objects; the result is a new reference (or null with an error set).
    let func = unsafe {
        let raw = ffi::PyCFunction_NewEx(
            std::ptr::addr_of!(GETLOADAVG.0).cast_mut(),
            m.as_ptr(),
            m.name()?.as_ptr(),
        );
        Bound::from_owned_ptr_or_err(py, raw)?
    };
    m.add("getloadavg", func)
}
