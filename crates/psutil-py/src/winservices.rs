//! psutil's Windows services for the `_pswindows` layer: the service list, and for one
//! service each getter as one Service Control Manager query, as psutil's C functions
//! (`psutil_rs::os::windows`). The layer's `WindowsService` class keeps only the name and
//! display name, as psutil's does.

use psutil_rs::os::windows::{win_service_get, win_service_iter, WindowsService};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::to_py;

/// Runs `query` on the service called `name` with the GIL released, mapping errors to
/// psutil's exceptions (an unknown name is NoSuchProcess).
fn ask<T: Send>(
    py: Python<'_>,
    name: &str,
    query: impl FnOnce(&WindowsService) -> psutil_rs::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| query(&WindowsService::new(name, ""))).map_err(|e| to_py(py, e))
}

/// Every installed Win32 service as `(name, display_name)` (`EnumServicesStatusExW`).
#[pyfunction]
fn winservice_enumerate(py: Python<'_>) -> PyResult<Vec<(String, String)>> {
    let services = py.detach(win_service_iter).map_err(|e| to_py(py, e))?;
    Ok(services.iter().map(|s| (s.name().to_owned(), s.display_name().to_owned())).collect())
}

/// The display name of the service called `name` (one configuration query).
#[pyfunction]
fn winservice_display_name(py: Python<'_>, name: String) -> PyResult<String> {
    let service = py.detach(|| win_service_get(&name)).map_err(|e| to_py(py, e))?;
    Ok(service.display_name().to_owned())
}

/// The command line that starts the service.
#[pyfunction]
fn winservice_binpath(py: Python<'_>, name: String) -> PyResult<String> {
    ask(py, &name, WindowsService::binpath)
}

/// The account the service runs as.
#[pyfunction]
fn winservice_username(py: Python<'_>, name: String) -> PyResult<String> {
    ask(py, &name, WindowsService::username)
}

/// psutil's start type string.
#[pyfunction]
fn winservice_start_type(py: Python<'_>, name: String) -> PyResult<&'static str> {
    ask(py, &name, |s| s.start_type().map(|t| t.as_str()))
}

/// psutil's status string.
#[pyfunction]
fn winservice_status(py: Python<'_>, name: String) -> PyResult<&'static str> {
    ask(py, &name, |s| s.status().map(|t| t.as_str()))
}

/// The service's process id, or None.
#[pyfunction]
fn winservice_pid(py: Python<'_>, name: String) -> PyResult<Option<u32>> {
    ask(py, &name, WindowsService::pid)
}

/// The service's long description ("" when it has none).
#[pyfunction]
fn winservice_description(py: Python<'_>, name: String) -> PyResult<String> {
    ask(py, &name, WindowsService::description)
}

/// psutil's `as_dict()`: one configuration, one status and one description query; the
/// display name is the one the Python object keeps.
#[pyfunction]
fn winservice_as_dict<'py>(
    py: Python<'py>,
    name: String,
    display_name: String,
) -> PyResult<Bound<'py, PyDict>> {
    let info = py.detach(|| WindowsService::new(&name, &display_name).as_dict()).map_err(|e| to_py(py, e))?;
    let d = PyDict::new(py);
    d.set_item("binpath", info.binpath)?;
    d.set_item("username", info.username)?;
    d.set_item("start_type", info.start_type.as_str())?;
    d.set_item("status", info.status.as_str())?;
    d.set_item("pid", info.pid)?;
    d.set_item("name", info.name)?;
    d.set_item("display_name", info.display_name)?;
    d.set_item("description", info.description)?;
    Ok(d)
}

/// Adds the service functions to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(winservice_enumerate, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_display_name, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_binpath, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_username, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_start_type, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_status, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_pid, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_description, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_as_dict, m)?)?;
    Ok(())
}
