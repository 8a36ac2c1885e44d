//! Module-level functions: each reads with the GIL released, below the `PROCFS_PATH`
//! the Python layer passes in, and returns plain values (`getloadavg` is apart, in
//! `loadavg.rs`).

use std::collections::BTreeMap;

#[cfg(target_os = "linux")]
use psutil_rs::os::linux::{SwapMemoryExt, VirtualMemoryExt};
use psutil_rs::paths::{self, Roots};
use psutil_rs::NicFamily;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
#[cfg(not(target_os = "linux"))]
use pyo3::types::PyTuple;
use pyo3::types::{PyDict, PyList, PyModule, PyType};
#[cfg(not(target_os = "linux"))]
use pyo3::IntoPyObjectExt;

use crate::conv;
use crate::errors::to_py;

/// Runs `f` with `procfs` as this thread's `/proc` root (psutil's `PROCFS_PATH`).
pub fn with_procfs<T>(procfs: &str, f: impl FnOnce() -> T) -> T {
    let current = paths::current();
    if current.proc() == std::path::Path::new(procfs) {
        return f(); // already in force (the usual `/proc`): nothing to build
    }
    let sys = current.sys().to_path_buf();
    drop(current);
    paths::with_roots(Roots::new(procfs, sys), f)
}

/// Runs a library call below `procfs` with the GIL released, mapping its error.
pub fn sys<T: Send>(
    py: Python<'_>,
    procfs: &str,
    f: impl FnOnce() -> psutil_rs::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| with_procfs(procfs, f)).map_err(|e| to_py(py, e))
}

#[pyfunction]
fn cpu_times(py: Python<'_>, procfs: &str) -> PyResult<Vec<f64>> {
    Ok(conv::scputimes(&sys(py, procfs, psutil_rs::cpu_times)?))
}

#[pyfunction]
fn per_cpu_times(py: Python<'_>, procfs: &str) -> PyResult<Vec<Vec<f64>>> {
    Ok(sys(py, procfs, psutil_rs::cpu_times_percpu)?.iter().map(conv::scputimes).collect())
}

/// How many `scputimes` fields this kernel has (7 to 10).
#[pyfunction]
fn cpu_times_field_count(py: Python<'_>, procfs: &str) -> PyResult<usize> {
    Ok(conv::scputimes(&sys(py, procfs, psutil_rs::cpu_times)?).len())
}

#[pyfunction]
fn cpu_count_cores(py: Python<'_>, procfs: &str) -> PyResult<Option<usize>> {
    sys(py, procfs, || psutil_rs::cpu_count(false))
}

#[pyfunction]
fn cpu_stats(py: Python<'_>, procfs: &str) -> PyResult<(u64, u64, u64, u64)> {
    let s = sys(py, procfs, psutil_rs::cpu_stats)?;
    Ok((s.ctx_switches, s.interrupts, s.soft_interrupts, s.syscalls))
}

#[pyfunction]
fn cpu_freq(py: Python<'_>, procfs: &str) -> PyResult<Vec<(f64, f64, f64)>> {
    Ok(sys(py, procfs, psutil_rs::cpu_freq_percpu)?.into_iter().map(|f| (f.current, f.min, f.max)).collect())
}

#[cfg(target_os = "linux")]
type Svmem = (u64, u64, f64, u64, u64, u64, u64, u64, u64, u64, u64);

/// `virtual_memory()` values plus the meminfo fields that were missing (psutil warns).
#[cfg(target_os = "linux")]
#[pyfunction]
fn virtual_memory(py: Python<'_>, procfs: &str) -> PyResult<(Svmem, Vec<&'static str>)> {
    let m = sys(py, procfs, psutil_rs::virtual_memory)?;
    let values = (
        m.total,
        m.available,
        m.percent,
        m.used,
        m.free,
        m.active(),
        m.inactive(),
        m.buffers(),
        m.cached(),
        m.shared(),
        m.slab(),
    );
    Ok((values, m.missing_fields()))
}

/// `virtual_memory()` as psutil's `svmem` fields on this OS: the portable five, then
/// macOS's active, inactive, wired or FreeBSD's active, inactive, buffers, cached,
/// shared, wired (Windows has only the five); nothing is reported missing.
#[cfg(not(target_os = "linux"))]
#[pyfunction]
fn virtual_memory<'py>(py: Python<'py>, procfs: &str) -> PyResult<(Bound<'py, PyTuple>, Vec<&'static str>)> {
    let m = sys(py, procfs, psutil_rs::virtual_memory)?;
    let mut values = vec![
        m.total.into_bound_py_any(py)?,
        m.available.into_bound_py_any(py)?,
        m.percent.into_bound_py_any(py)?,
        m.used.into_bound_py_any(py)?,
        m.free.into_bound_py_any(py)?,
    ];
    for v in svmem_extra(&m) {
        values.push(v.into_bound_py_any(py)?);
    }
    Ok((PyTuple::new(py, values)?, Vec::new()))
}

/// Windows's `svmem` has only the portable fields.
#[cfg(windows)]
fn svmem_extra(_m: &psutil_rs::VirtualMemory) -> Vec<u64> {
    Vec::new()
}

/// macOS's `svmem` fields after the portable ones: active, inactive, wired.
#[cfg(target_os = "macos")]
fn svmem_extra(m: &psutil_rs::VirtualMemory) -> Vec<u64> {
    use psutil_rs::os::macos::VirtualMemoryExt;
    vec![m.active(), m.inactive(), m.wired()]
}

/// FreeBSD's `svmem` fields after the portable ones: active, inactive, buffers, cached,
/// shared, wired.
#[cfg(target_os = "freebsd")]
fn svmem_extra(m: &psutil_rs::VirtualMemory) -> Vec<u64> {
    use psutil_rs::os::freebsd::VirtualMemoryExt;
    vec![m.active(), m.inactive(), m.buffers(), m.cached(), m.shared(), m.wired()]
}

/// psutil's `getloadavg()` where the OS has no `os.getloadavg` (Windows: the library's
/// emulation of psutil's, from the processor queue length).
#[cfg(not(target_os = "linux"))]
#[pyfunction]
fn getloadavg(py: Python<'_>) -> PyResult<(f64, f64, f64)> {
    py.detach(psutil_rs::getloadavg).map_err(|e| to_py(py, e))
}

type Sswap = (u64, u64, u64, f64, u64, u64);

/// `swap_memory()` values plus what was missing (psutil warns).
#[pyfunction]
fn swap_memory(py: Python<'_>, procfs: &str) -> PyResult<(Sswap, Vec<&'static str>)> {
    let s = sys(py, procfs, psutil_rs::swap_memory)?;
    #[cfg(target_os = "linux")]
    let missing = s.missing_fields();
    #[cfg(not(target_os = "linux"))]
    let missing = Vec::new();
    Ok(((s.total, s.used, s.free, s.percent, s.sin, s.sout), missing))
}

#[pyfunction]
fn boot_time(py: Python<'_>, procfs: &str) -> PyResult<f64> {
    sys(py, procfs, psutil_rs::boot_time)
}

/// psutil's `users()`: the logged-in users as `suser` named tuples (the utmp file read
/// with the GIL released).
#[pyfunction]
fn users(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    static SUSER: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cls = conv::ntuple_class(py, &SUSER, "suser")?;
    let out = PyList::empty(py);
    for u in py.detach(psutil_rs::users).map_err(|e| to_py(py, e))? {
        let row = (u.name, u.terminal, u.host, u.started, u.pid).into_pyobject(py)?;
        out.append(conv::ntuple(cls, row)?)?;
    }
    Ok(out)
}

/// psutil's `heap_info()` as a `pheap` named tuple (mallinfo2 needs no GIL release); on
/// Windows with psutil's third field, `heap_count`.
#[pyfunction]
fn heap_info(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static PHEAP: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let h = psutil_rs::heap_info().map_err(|e| to_py(py, e))?;
    #[cfg(windows)]
    let row = {
        use psutil_rs::os::windows::HeapInfoExt;
        (h.heap_used, h.mmap_used, h.heap_count()).into_pyobject(py)?
    };
    #[cfg(not(windows))]
    let row = (h.heap_used, h.mmap_used).into_pyobject(py)?;
    conv::ntuple(conv::ntuple_class(py, &PHEAP, "pheap")?, row)
}

/// The package's `PROCFS_PATH` now (for the rare paths that read below it).
#[cfg(target_os = "linux")]
pub(crate) fn procfs_path(py: Python<'_>) -> PyResult<String> {
    static PKG: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let pkg = PKG.get_or_try_init(py, || py.import("psutil_rs").map(Bound::unbind))?;
    pkg.bind(py).getattr(pyo3::intern!(py, "PROCFS_PATH"))?.extract()
}

/// Outside Linux psutil has no `PROCFS_PATH`: the library's default roots, which it reads
/// nothing below there.
#[cfg(not(target_os = "linux"))]
pub(crate) fn procfs_path(_py: Python<'_>) -> PyResult<String> {
    Ok(psutil_rs::paths::Roots::default().proc().to_string_lossy().into_owned())
}

/// psutil's `_pslinux.cpu_count_logical()`: `sysconf(_SC_NPROCESSORS_ONLN)` (whose glibc
/// source the library re-reads through a kept descriptor); only its fallbacks read below
/// `PROCFS_PATH`, which is then looked up. The GIL is released around the read.
#[pyfunction]
fn cpu_count_logical(py: Python<'_>) -> PyResult<Option<usize>> {
    if let Some(n) = py.detach(psutil_rs::cpu_count_online) {
        return Ok(Some(n));
    }
    let procfs = procfs_path(py)?;
    sys(py, &procfs, || psutil_rs::cpu_count(true))
}

#[pyfunction]
fn heap_trim(py: Python<'_>) -> PyResult<()> {
    py.detach(psutil_rs::heap_trim).map_err(|e| to_py(py, e))
}

#[pyfunction]
fn disk_usage(py: Python<'_>, path: std::path::PathBuf) -> PyResult<(u64, u64, u64, f64)> {
    let u = py.detach(|| psutil_rs::disk_usage(&path)).map_err(|e| to_py(py, e))?;
    Ok((u.total, u.used, u.free, u.percent))
}

/// The mounted file systems as psutil's `sdiskpart` rows, built here (the platform layer
/// shapes plain tuples only when this function was replaced, as psutil's tests do).
#[pyfunction]
fn disk_partitions<'py>(py: Python<'py>, all: bool, procfs: &str) -> PyResult<Bound<'py, PyList>> {
    static SDISKPART: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cls = conv::ntuple_class(py, &SDISKPART, "sdiskpart")?;
    let out = PyList::empty(py);
    for p in sys(py, procfs, || psutil_rs::disk_partitions(all))? {
        out.append(conv::ntuple(cls, (p.device, p.mountpoint, p.fstype, p.opts).into_pyobject(py)?)?)?;
    }
    Ok(out)
}

/// Raw (not wrap-corrected) counters of every disk and partition; the Python layer
/// applies psutil's nowrap and sums.
#[pyfunction]
fn disk_io_counters(py: Python<'_>, procfs: &str) -> PyResult<BTreeMap<String, Vec<u64>>> {
    let per = sys(py, procfs, || psutil_rs::disk_io_counters_perdisk(false))?;
    Ok(per.into_iter().map(|(k, v)| (k, v.to_fields().to_vec())).collect())
}

/// Raw per-NIC counters (psutil's 8 fields, in order).
#[pyfunction]
fn net_io_counters(py: Python<'_>, procfs: &str) -> PyResult<BTreeMap<String, Vec<u64>>> {
    let per = sys(py, procfs, || psutil_rs::net_io_counters_pernic(false))?;
    Ok(per.into_iter().map(|(k, v)| (k, v.to_fields().to_vec())).collect())
}

type RawNicAddr = (String, i32, String, Option<String>, Option<String>, Option<String>);

/// `net_if_addrs()`'s rows as `(nic, family, address, netmask, broadcast, ptp)`, in
/// psutil's order (what `_pslinux.net_if_addrs` returns; the package shapes them only
/// when that function was replaced, else it calls [`net_if_addrs`]).
#[pyfunction]
fn net_if_addr_rows(py: Python<'_>) -> PyResult<Vec<RawNicAddr>> {
    let rows = py.detach(psutil_rs::net_if_addr_rows).map_err(|e| to_py(py, e))?;
    Ok(rows
        .into_iter()
        .map(|(nic, a)| (nic, a.family.raw(), a.address, a.netmask, a.broadcast, a.ptp))
        .collect())
}

/// The `socket.AddressFamily` member psutil shows for `family` (`sockfam_to_enum`),
/// looked up once per family.
fn family_member<'py>(py: Python<'py>, family: NicFamily) -> PyResult<Bound<'py, PyAny>> {
    static MEMBERS: [PyOnceLock<Py<PyAny>>; 3] = [PyOnceLock::new(), PyOnceLock::new(), PyOnceLock::new()];
    let cell = match family {
        NicFamily::Inet => &MEMBERS[0],
        NicFamily::Inet6 => &MEMBERS[1],
        NicFamily::Link => &MEMBERS[2],
    };
    let member = cell.get_or_try_init(py, || {
        // psutil's own AF_LINK member (-1) on Windows, which has no such socket family
        if cfg!(windows) && family == NicFamily::Link {
            return Ok(py.import(crate::PLATFORM_LAYER)?.getattr("AF_LINK")?.unbind());
        }
        let common = py.import("psutil_rs._common")?;
        Ok::<_, PyErr>(common.getattr("sockfam_to_enum")?.call1((family.raw(),))?.unbind())
    })?;
    Ok(member.bind(py).clone())
}

/// psutil's `net_if_addrs()`: `{nic: [snicaddr, ...]}`, keys in psutil's order (of each
/// NIC's first row once the rows are sorted by family).
#[pyfunction]
fn net_if_addrs(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    static SNICADDR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cls = conv::ntuple_class(py, &SNICADDR, "snicaddr")?;
    let rows = py.detach(psutil_rs::net_if_addr_rows).map_err(|e| to_py(py, e))?;
    let out = PyDict::new(py);
    for (nic, a) in rows {
        let row =
            (family_member(py, a.family)?, a.address, a.netmask, a.broadcast, a.ptp).into_pyobject(py)?;
        let addr = conv::ntuple(cls, row)?;
        match out.get_item(&nic)? {
            Some(list) => list.cast_into::<PyList>()?.append(addr)?,
            None => out.set_item(nic, PyList::new(py, [addr])?)?,
        }
    }
    Ok(out)
}

/// psutil's private `cext.net_if_mtu(name)`.
#[cfg(target_os = "linux")]
#[pyfunction]
fn net_if_mtu(py: Python<'_>, name: &str) -> PyResult<u32> {
    py.detach(|| psutil_rs::os::linux::nic_mtu(name)).map_err(|e| to_py(py, e))
}

/// psutil's private `cext.net_if_flags(name)`: the set flags' names.
#[cfg(target_os = "linux")]
#[pyfunction]
fn net_if_flags(py: Python<'_>, name: &str) -> PyResult<Vec<&'static str>> {
    py.detach(|| psutil_rs::os::linux::nic_flags(name)).map_err(|e| to_py(py, e))
}

/// psutil's private `cext.net_if_duplex_speed(name)`: (`NicDuplex` value, Mbit/s).
#[cfg(target_os = "linux")]
#[pyfunction]
fn net_if_duplex_speed(py: Python<'_>, name: &str) -> PyResult<(i32, u32)> {
    let (duplex, speed) =
        py.detach(|| psutil_rs::os::linux::nic_duplex_speed(name)).map_err(|e| to_py(py, e))?;
    Ok((duplex as i32, speed))
}

type Snicstats = (bool, i32, u32, u32, String);

#[pyfunction]
fn net_if_stats(py: Python<'_>, procfs: &str) -> PyResult<BTreeMap<String, Snicstats>> {
    let all = sys(py, procfs, psutil_rs::net_if_stats)?;
    Ok(all.into_iter().map(|(k, s)| (k, (s.isup, s.duplex as i32, s.speed, s.mtu, s.flags))).collect())
}

/// psutil's private `cext.getpagesize()`: `sysconf(_SC_PAGESIZE)`, in bytes.
#[cfg(unix)]
#[pyfunction]
fn getpagesize() -> libc::c_long {
    // SAFETY: sysconf reads a constant of the system.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) }
}

type Shwtemp = (String, f64, Option<f64>, Option<f64>);

/// `{chip: [(label, current, high, critical)]}` in Celsius.
#[pyfunction]
fn sensors_temperatures(py: Python<'_>) -> PyResult<BTreeMap<String, Vec<Shwtemp>>> {
    let all = py.detach(|| psutil_rs::sensors_temperatures(false)).map_err(|e| to_py(py, e))?;
    Ok(all
        .into_iter()
        .map(|(chip, t)| (chip, t.into_iter().map(|t| (t.label, t.current, t.high, t.critical)).collect()))
        .collect())
}

/// `{chip: [(label, rpm)]}`.
#[pyfunction]
fn sensors_fans(py: Python<'_>) -> PyResult<BTreeMap<String, Vec<(String, i64)>>> {
    let all = py.detach(psutil_rs::sensors_fans).map_err(|e| to_py(py, e))?;
    Ok(all
        .into_iter()
        .map(|(chip, f)| (chip, f.into_iter().map(|f| (f.label, f.current)).collect()))
        .collect())
}

/// psutil's `sensors_battery()`: an `sbattery` named tuple, or None without a battery;
/// `secsleft` -1 and -2 are `BatteryTime` members.
#[pyfunction]
fn sensors_battery(py: Python<'_>) -> PyResult<Option<Bound<'_, PyAny>>> {
    static SBATTERY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let Some(b) = py.detach(psutil_rs::sensors_battery).map_err(|e| to_py(py, e))? else {
        return Ok(None);
    };
    let secsleft = match b.secsleft {
        -1 | -2 => py.import("psutil_rs._common")?.getattr("BatteryTime")?.call1((b.secsleft,))?,
        n => n.into_pyobject(py)?.into_any(),
    };
    let row = (b.percent, secsleft, b.power_plugged).into_pyobject(py)?;
    conv::ntuple(conv::ntuple_class(py, &SBATTERY, "sbattery")?, row).map(Some)
}

/// Registers the functions of this module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cpu_times, m)?)?;
    m.add_function(wrap_pyfunction!(per_cpu_times, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_times_field_count, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_count_cores, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_count_logical, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_stats, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_freq, m)?)?;
    m.add_function(wrap_pyfunction!(virtual_memory, m)?)?;
    m.add_function(wrap_pyfunction!(swap_memory, m)?)?;
    m.add_function(wrap_pyfunction!(boot_time, m)?)?;
    m.add_function(wrap_pyfunction!(users, m)?)?;
    m.add_function(wrap_pyfunction!(heap_info, m)?)?;
    m.add_function(wrap_pyfunction!(heap_trim, m)?)?;
    m.add_function(wrap_pyfunction!(disk_usage, m)?)?;
    m.add_function(wrap_pyfunction!(disk_partitions, m)?)?;
    m.add_function(wrap_pyfunction!(disk_io_counters, m)?)?;
    m.add_function(wrap_pyfunction!(net_io_counters, m)?)?;
    m.add_function(wrap_pyfunction!(net_if_addrs, m)?)?;
    m.add_function(wrap_pyfunction!(net_if_addr_rows, m)?)?;
    m.add_function(wrap_pyfunction!(net_if_stats, m)?)?;
    #[cfg(target_os = "linux")]
    {
        m.add_function(wrap_pyfunction!(net_if_mtu, m)?)?;
        m.add_function(wrap_pyfunction!(net_if_flags, m)?)?;
        m.add_function(wrap_pyfunction!(net_if_duplex_speed, m)?)?;
    }
    #[cfg(unix)]
    m.add_function(wrap_pyfunction!(getpagesize, m)?)?;
    #[cfg(not(target_os = "linux"))]
    m.add_function(wrap_pyfunction!(getloadavg, m)?)?;
    m.add_function(wrap_pyfunction!(sensors_temperatures, m)?)?;
    m.add_function(wrap_pyfunction!(sensors_fans, m)?)?;
    m.add_function(wrap_pyfunction!(sensors_battery, m)?)?;
    Ok(())
}
