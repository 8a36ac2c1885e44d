//! psutil's Windows services for the `_pswindows` layer: the service list and each
//! service's configuration, state and description, read afresh by the library on every
//! call (`psutil_rs::os::windows`). The layer's `WindowsService` class keeps only the
//! name and display name, as psutil's does.

use psutil_rs::os::windows::{win_service_get, win_service_iter};
use pyo3::prelude::*;

use crate::errors::to_py;

/// Every installed Win32 service as `(name, display_name)` (`EnumServicesStatusExW`).
#[pyfunction]
fn winservice_enumerate(py: Python<'_>) -> PyResult<Vec<(String, String)>> {
    let services = py.detach(win_service_iter).map_err(|e| to_py(py, e))?;
    Ok(services.iter().map(|s| (s.name().to_owned(), s.display_name().to_owned())).collect())
}

/// The display name of the service called `name`; NoSuchProcess when there is none.
#[pyfunction]
fn winservice_display_name(py: Python<'_>, name: String) -> PyResult<String> {
    let service = py.detach(|| win_service_get(&name)).map_err(|e| to_py(py, e))?;
    Ok(service.display_name().to_owned())
}

/// `(binpath, username, start_type)` from the service's configuration.
#[pyfunction]
fn winservice_query_config(py: Python<'_>, name: String) -> PyResult<(String, String, String)> {
    py.detach(|| {
        let s = win_service_get(&name)?;
        Ok((s.binpath()?, s.username()?, s.start_type()?.as_str().to_owned()))
    })
    .map_err(|e| to_py(py, e))
}

/// `(status, pid)`: the state's psutil string and the process id (0 when none).
#[pyfunction]
fn winservice_query_status(py: Python<'_>, name: String) -> PyResult<(String, u32)> {
    py.detach(|| {
        let s = win_service_get(&name)?;
        Ok((s.status()?.as_str().to_owned(), s.pid()?.unwrap_or(0)))
    })
    .map_err(|e| to_py(py, e))
}

/// The service's long description ("" when it has none).
#[pyfunction]
fn winservice_query_descr(py: Python<'_>, name: String) -> PyResult<String> {
    py.detach(|| win_service_get(&name)?.description()).map_err(|e| to_py(py, e))
}

/// Adds the service functions to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(winservice_enumerate, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_display_name, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_query_config, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_query_status, m)?)?;
    m.add_function(wrap_pyfunction!(winservice_query_descr, m)?)?;
    Ok(())
}
