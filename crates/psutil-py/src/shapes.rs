//! Library values → the tuples of psutil's process named tuples. On Linux these are
//! `_pslinux`'s shapes, with the Linux-only fields from `psutil_rs::os::linux`; on other
//! platforms (compile-checked only until their backends land) the portable fields, which
//! are the leading fields of psutil's shapes there (`pcputimes` and `pmmap_grouped` match
//! psutil's Windows and macOS tuples exactly).

#[cfg(target_os = "linux")]
mod linux {
    use psutil_rs::os::linux::{
        IoCountersExt, MemoryFullInfoExt, MemoryMapExt, OpenFileExt, ProcessCpuTimesExt, ProcessMemoryInfoExt,
    };
    use psutil_rs::{IoCounters, MemoryFullInfo, MemoryMap, OpenFile, ProcessCpuTimes, ProcessMemoryInfo};
    use pyo3::prelude::*;
    use pyo3::types::{PyList, PyTuple};

    pub type Pmem = (u64, u64, u64, u64, u64, u64, u64);

    pub type Pcputimes = (f64, f64, f64, f64, f64);

    pub fn pcputimes(t: &ProcessCpuTimes) -> Pcputimes {
        (t.user, t.system, t.children_user, t.children_system, t.iowait())
    }

    pub fn pmem(m: &ProcessMemoryInfo) -> Pmem {
        (m.rss, m.vms, m.shared(), m.text(), m.lib(), m.data(), m.dirty())
    }

    pub type Pfullmem = (u64, u64, u64, u64, u64, u64, u64, u64, u64, u64);

    pub fn pfullmem(m: &MemoryFullInfo) -> Pfullmem {
        (m.rss, m.vms, m.shared(), m.text(), m.lib(), m.data(), m.dirty(), m.uss, m.pss(), m.swap())
    }

    /// A `pmmap_grouped` row (`path` + 10 numbers) or, with `ext`, a `pmmap_ext` row
    /// (`addr`, `perms` first): more fields than PyO3 turns into a tuple by itself. Names
    /// and paths are the library's exact bytes, decoded as Python decodes file names.
    fn pmmap<'py>(py: Python<'py>, m: &MemoryMap, ext: bool) -> PyResult<Bound<'py, PyTuple>> {
        let numbers = [
            m.rss,
            m.size(),
            m.pss(),
            m.shared_clean(),
            m.shared_dirty(),
            m.private_clean(),
            m.private_dirty(),
            m.referenced(),
            m.anonymous(),
            m.swap(),
        ];
        let mut items: Vec<Bound<'py, PyAny>> = Vec::with_capacity(13);
        if ext {
            items.push(m.addr.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
            items.push(m.perms.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
        }
        items.push(m.path_os().as_os_str().into_pyobject(py)?.into_any());
        for n in numbers {
            items.push(n.into_pyobject(py)?.into_any());
        }
        PyTuple::new(py, items)
    }

    pub fn pmmaps<'py>(py: Python<'py>, maps: &[MemoryMap], ext: bool) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for m in maps {
            out.append(pmmap(py, m, ext)?)?;
        }
        Ok(out)
    }

    pub fn popenfiles<'py>(py: Python<'py>, files: &[OpenFile]) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for f in files {
            out.append((f.path_os().as_os_str(), f.fd, f.position(), f.mode(), f.flags()))?;
        }
        Ok(out)
    }

    pub type Pio = (u64, u64, u64, u64, u64, u64);

    pub fn pio(c: &IoCounters) -> Pio {
        (c.read_count, c.write_count, c.read_bytes, c.write_bytes, c.read_chars(), c.write_chars())
    }
}
#[cfg(target_os = "linux")]
pub use linux::*;

#[cfg(not(target_os = "linux"))]
mod portable {
    use psutil_rs::{IoCounters, MemoryFullInfo, MemoryMap, OpenFile, ProcessCpuTimes, ProcessMemoryInfo};
    use pyo3::prelude::*;
    use pyo3::types::{PyList, PyTuple};

    pub type Pcputimes = (f64, f64, f64, f64);

    pub fn pcputimes(t: &ProcessCpuTimes) -> Pcputimes {
        (t.user, t.system, t.children_user, t.children_system)
    }

    pub type Pmem = (u64, u64);

    pub fn pmem(m: &ProcessMemoryInfo) -> Pmem {
        (m.rss, m.vms)
    }

    pub type Pfullmem = (u64, u64, u64);

    pub fn pfullmem(m: &MemoryFullInfo) -> Pfullmem {
        (m.rss, m.vms, m.uss)
    }

    /// `pmmap_grouped` (`path`, `rss`) or, with `ext`, `pmmap_ext` (`addr`, `perms` first).
    pub fn pmmaps<'py>(py: Python<'py>, maps: &[MemoryMap], ext: bool) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for m in maps {
            let mut items: Vec<Bound<'py, PyAny>> = Vec::with_capacity(4);
            if ext {
                items.push(m.addr.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
                items.push(m.perms.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
            }
            items.push(m.path_os().as_os_str().into_pyobject(py)?.into_any());
            items.push(m.rss.into_pyobject(py)?.into_any());
            out.append(PyTuple::new(py, items)?)?;
        }
        Ok(out)
    }

    /// `popenfile` (`path`, `fd`).
    pub fn popenfiles<'py>(py: Python<'py>, files: &[OpenFile]) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for f in files {
            out.append((f.path_os().as_os_str(), f.fd))?;
        }
        Ok(out)
    }

    pub type Pio = (u64, u64, u64, u64);

    pub fn pio(c: &IoCounters) -> Pio {
        (c.read_count, c.write_count, c.read_bytes, c.write_bytes)
    }
}
#[cfg(not(target_os = "linux"))]
pub use portable::*;
