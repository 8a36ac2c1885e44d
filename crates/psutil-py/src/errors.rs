//! Rust errors → psutil's Python exception classes.
//!
//! The exception classes are the pure-Python ones in `psutil_rs._common` (so they pickle,
//! print and subclass exactly like psutil's); they are looked up once and cached.

use std::io;

use psutil_rs::Error;
use pyo3::exceptions::{PyNotImplementedError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static COMMON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn common(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    COMMON.get_or_try_init(py, || py.import("psutil_rs._common").map(Bound::unbind)).map(|m| m.bind(py))
}

/// Builds an instance of the `psutil_rs._common` exception class `cls` from `args`.
fn psutil_exc<'py>(py: Python<'py>, cls: &str, args: impl pyo3::call::PyCallArgs<'py>) -> PyErr {
    match common(py).and_then(|m| m.getattr(cls)).and_then(|c| c.call1(args)) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// An `OSError` (the right subclass for its errno, e.g. `FileNotFoundError`) carrying
/// the errno, message and file name like Python's own.
pub fn os_error(py: Python<'_>, err: &io::Error, path: Option<String>) -> PyErr {
    match err.raw_os_error() {
        Some(code) => {
            let msg = io::Error::from_raw_os_error(code).to_string();
            let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
            match path {
                Some(p) => PyOSError::new_err((code, msg, p)),
                None => PyOSError::new_err((code, msg)),
            }
        }
        None => {
            let _ = py;
            PyOSError::new_err(err.to_string())
        }
    }
}

/// Converts a library error into psutil's exception.
pub fn to_py(py: Python<'_>, err: Error) -> PyErr {
    match err {
        Error::NoSuchProcess { pid, name, msg } => psutil_exc(py, "NoSuchProcess", (pid, name, msg)),
        Error::NoSuchService { name, msg } => psutil_exc(py, "NoSuchProcess", (None::<u32>, Some(name), msg)),
        Error::ZombieProcess { pid, name, ppid, msg } => {
            psutil_exc(py, "ZombieProcess", (pid, name, ppid, msg))
        }
        Error::AccessDenied { pid, name, msg } => {
            let msg = if msg.is_empty() { None } else { Some(msg) };
            psutil_exc(py, "AccessDenied", (pid, name, msg))
        }
        Error::TimeoutExpired { seconds, pid, name } => {
            psutil_exc(py, "TimeoutExpired", (seconds, pid, name))
        }
        Error::InvalidArgument(msg) => PyValueError::new_err(msg),
        e @ Error::NotSupported { .. } => PyNotImplementedError::new_err(e.to_string()),
        e @ Error::Parse { .. } => PyRuntimeError::new_err(e.to_string()),
        Error::Io { path, source } => os_error(py, &source, path.map(|p| p.to_string_lossy().into_owned())),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}
