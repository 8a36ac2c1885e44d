//! `psutil_rs._psutil_rs`: the native half of the `psutil_rs` Python package.
//!
//! Every function takes plain Python values (and the `PROCFS_PATH` in force, read by the
//! Python layer when each call is made), releases the GIL around the system reads done
//! by the `psutil-rs` library, and returns plain tuples, lists and dicts that the Python
//! layer turns into psutil's named tuples, or, where results come by the thousand
//! (connection rows, prefetched process values), psutil's final objects built here
//! from the package's own classes (modules `conns` and `ntuple`). Library errors become
//! psutil's exceptions (see [`errors`]).

use pyo3::prelude::*;

mod api;
mod conns;
mod conv;
mod cpupct;
mod errors;
mod iocount;
#[cfg(target_os = "linux")]
mod loadavg;
mod ntuple;
mod process;
mod pyprocess;
mod shapes;
mod system;
#[cfg(windows)]
mod winservices;

/// psutil's version this module mirrors, as psutil's C extension reports it (`722`).
const VERSION: u32 = 722;

/// The package's platform layer for this build's OS (psutil's `_psplatform`), where the
/// extension looks up the layer's own enums (`IOPriority`, `AF_LINK`).
#[cfg(target_os = "linux")]
pub(crate) const PLATFORM_LAYER: &str = "psutil_rs._pslinux";
#[cfg(windows)]
pub(crate) const PLATFORM_LAYER: &str = "psutil_rs._pswindows";
#[cfg(target_os = "macos")]
pub(crate) const PLATFORM_LAYER: &str = "psutil_rs._psosx";
#[cfg(target_os = "freebsd")]
pub(crate) const PLATFORM_LAYER: &str = "psutil_rs._psbsd";
#[cfg(not(any(target_os = "linux", windows, target_os = "macos", target_os = "freebsd")))]
compile_error!("the psutil_rs Python package has platform layers for Linux, Windows, macOS and FreeBSD only");

/// Raises `OverflowError` when `pid` does not fit the OS `pid_t` (psutil's check).
#[pyfunction]
fn check_pid_range(pid: i64) -> PyResult<()> {
    #[cfg(unix)]
    let max = i64::from(libc::pid_t::MAX);
    #[cfg(not(unix))]
    let max = i64::from(u32::MAX);
    if pid > max {
        return Err(pyo3::exceptions::PyOverflowError::new_err("pid too large to convert to C pid_t"));
    }
    Ok(())
}

/// psutil's `_psplatform.cext.set_debug`: the Rust side prints nothing, so this only
/// records the flag.
#[pyfunction]
fn set_debug(value: bool) {
    DEBUG.store(value, std::sync::atomic::Ordering::Relaxed);
}

static DEBUG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The native module.
#[pymodule]
fn _psutil_rs(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("version", VERSION)?;
    m.add_function(wrap_pyfunction!(check_pid_range, m)?)?;
    m.add_function(wrap_pyfunction!(set_debug, m)?)?;
    #[cfg(target_os = "linux")]
    add_rlimits(m)?;
    system::register(m)?;
    process::register(m)?;
    pyprocess::register(m)?;
    api::register(m)?;
    conns::register(m)?;
    #[cfg(target_os = "linux")]
    loadavg::register(m)?;
    #[cfg(windows)]
    winservices::register(m)?;
    Ok(())
}

/// psutil's `RLIM_INFINITY` and `RLIMIT_*` constants (Linux values).
#[cfg(target_os = "linux")]
fn add_rlimits(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let limits: [(&str, i64); 16] = [
        ("RLIMIT_CPU", libc::RLIMIT_CPU as i64),
        ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
        ("RLIMIT_DATA", libc::RLIMIT_DATA as i64),
        ("RLIMIT_STACK", libc::RLIMIT_STACK as i64),
        ("RLIMIT_CORE", libc::RLIMIT_CORE as i64),
        ("RLIMIT_RSS", libc::RLIMIT_RSS as i64),
        ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
        ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
        ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
        ("RLIMIT_AS", libc::RLIMIT_AS as i64),
        ("RLIMIT_LOCKS", libc::RLIMIT_LOCKS as i64),
        ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
        ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
        ("RLIMIT_NICE", libc::RLIMIT_NICE as i64),
        ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
        ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
    ];
    for (name, value) in limits {
        m.add(name, value)?;
    }
    m.add("RLIM_INFINITY", -1i64)?;
    Ok(())
}
