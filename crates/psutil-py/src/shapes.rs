//! Library values → the tuples of psutil's process named tuples, per platform: Linux's
//! `_pslinux` shapes with the fields of `psutil_rs::os::linux`; Windows's, macOS's and
//! FreeBSD's with theirs (`os::windows`, `os::macos`, `os::freebsd`).
//! A shape whose fields the library does not provide on this platform is `None`, and
//! the getter raises `NotImplementedError` ([`missing`]) rather than a tuple psutil
//! would not return.

use pyo3::exceptions::PyNotImplementedError;
use pyo3::PyErr;

/// The error of a getter whose psutil fields this platform's library does not provide.
pub fn missing(what: &str) -> PyErr {
    PyNotImplementedError::new_err(format!(
        "{what}: psutil's fields on this platform are not provided by psutil_rs's library yet"
    ))
}

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

    pub fn pmem(m: &ProcessMemoryInfo) -> Option<Pmem> {
        Some((m.rss, m.vms, m.shared(), m.text(), m.lib(), m.data(), m.dirty()))
    }

    pub type Pfullmem = (u64, u64, u64, u64, u64, u64, u64, u64, u64, u64);

    pub fn pfullmem(m: &MemoryFullInfo) -> Option<Pfullmem> {
        Some((m.rss, m.vms, m.shared(), m.text(), m.lib(), m.data(), m.dirty(), m.uss, m.pss(), m.swap()))
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

    pub fn pmmaps<'py>(
        py: Python<'py>,
        maps: &[MemoryMap],
        ext: bool,
    ) -> PyResult<Option<Bound<'py, PyList>>> {
        let out = PyList::empty(py);
        for m in maps {
            out.append(pmmap(py, m, ext)?)?;
        }
        Ok(Some(out))
    }

    pub fn popenfiles<'py>(py: Python<'py>, files: &[OpenFile]) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for f in files {
            out.append((f.path_os().as_os_str(), f.fd, f.position(), f.mode(), f.flags()))?;
        }
        Ok(out)
    }

    pub type Pio = (u64, u64, u64, u64, u64, u64);

    pub fn pio(c: &IoCounters) -> Option<Pio> {
        Some((c.read_count, c.write_count, c.read_bytes, c.write_bytes, c.read_chars(), c.write_chars()))
    }
}
#[cfg(target_os = "linux")]
pub use linux::*;

/// What macOS, FreeBSD and Windows share: psutil's four `pcputimes` fields, `popenfile`
/// (`path`, `fd`) and the leading `pio` fields.
#[cfg(not(target_os = "linux"))]
mod portable {
    use psutil_rs::{OpenFile, ProcessCpuTimes};
    use pyo3::prelude::*;
    use pyo3::types::PyList;

    pub type Pcputimes = (f64, f64, f64, f64);

    pub fn pcputimes(t: &ProcessCpuTimes) -> Pcputimes {
        (t.user, t.system, t.children_user, t.children_system)
    }

    /// `popenfile` (`path`, `fd`).
    pub fn popenfiles<'py>(py: Python<'py>, files: &[OpenFile]) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for f in files {
            out.append((f.path_os().as_os_str(), f.fd))?;
        }
        Ok(out)
    }
}
#[cfg(not(target_os = "linux"))]
pub use portable::*;

/// Windows: `pmem` is rss, vms and the ten `PROCESS_MEMORY_COUNTERS_EX` fields
/// (`os::windows::ProcessMemoryInfoExt`), `pfullmem` adds uss, `pio` adds
/// `other_count`/`other_bytes` (`os::windows::IoCountersExt`); `pmmap_grouped` is
/// (`path`, `rss`) and `pmmap_ext` puts `addr`, `perms` first.
#[cfg(windows)]
mod windows {
    use psutil_rs::os::windows::{IoCountersExt, ProcessMemoryInfoExt};
    use psutil_rs::{IoCounters, MemoryFullInfo, MemoryMap, ProcessMemoryInfo};
    use pyo3::prelude::*;
    use pyo3::types::{PyList, PyTuple};

    pub type Pmem = (u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64);
    /// `pfullmem`'s 13 numbers: more than PyO3 turns into a tuple by itself.
    pub struct Pfullmem([u64; 13]);

    impl<'py> IntoPyObject<'py> for Pfullmem {
        type Target = PyTuple;
        type Output = Bound<'py, PyTuple>;
        type Error = PyErr;

        fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
            PyTuple::new(py, self.0)
        }
    }
    pub type Pio = (u64, u64, u64, u64, u64, u64);

    /// The ten Windows fields after rss and vms, from either memory struct.
    fn counters(m: &impl ProcessMemoryInfoExt) -> [u64; 10] {
        [
            m.num_page_faults(),
            m.peak_wset(),
            m.wset(),
            m.peak_paged_pool(),
            m.paged_pool(),
            m.peak_nonpaged_pool(),
            m.nonpaged_pool(),
            m.pagefile(),
            m.peak_pagefile(),
            m.private(),
        ]
    }

    pub fn pmem(m: &ProcessMemoryInfo) -> Option<Pmem> {
        let [a, b, c, d, e, f, g, h, i, j] = counters(m);
        Some((m.rss, m.vms, a, b, c, d, e, f, g, h, i, j))
    }

    pub fn pfullmem(m: &MemoryFullInfo) -> Option<Pfullmem> {
        let [a, b, c, d, e, f, g, h, i, j] = counters(m);
        Some(Pfullmem([m.rss, m.vms, a, b, c, d, e, f, g, h, i, j, m.uss]))
    }

    pub fn pio(c: &IoCounters) -> Option<Pio> {
        Some((c.read_count, c.write_count, c.read_bytes, c.write_bytes, c.other_count(), c.other_bytes()))
    }

    pub fn pmmaps<'py>(
        py: Python<'py>,
        maps: &[MemoryMap],
        ext: bool,
    ) -> PyResult<Option<Bound<'py, PyList>>> {
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
        Ok(Some(out))
    }
}
#[cfg(windows)]
pub use windows::*;

/// macOS: `pmem` is rss, vms, pfaults, pageins (`os::macos`), `pfullmem` adds uss.
#[cfg(target_os = "macos")]
mod macos {
    use psutil_rs::os::macos::ProcessMemoryInfoExt;
    use psutil_rs::{MemoryFullInfo, MemoryMap, ProcessMemoryInfo};
    use pyo3::prelude::*;
    use pyo3::types::PyList;

    pub type Pmem = (u64, u64, u64, u64);
    pub type Pfullmem = (u64, u64, u64, u64, u64);

    pub fn pmem(m: &ProcessMemoryInfo) -> Option<Pmem> {
        Some((m.rss, m.vms, m.pfaults(), m.pageins()))
    }

    pub fn pfullmem(m: &MemoryFullInfo) -> Option<Pfullmem> {
        let (rss, vms, pfaults, pageins) = pmem(&m.memory_info())?;
        Some((rss, vms, pfaults, pageins, m.uss))
    }

    /// psutil 7.2.2 has no `memory_maps` on macOS: no shape.
    pub fn pmmaps<'py>(
        _py: Python<'py>,
        _maps: &[MemoryMap],
        _ext: bool,
    ) -> PyResult<Option<Bound<'py, PyList>>> {
        Ok(None)
    }
}
#[cfg(target_os = "macos")]
pub use macos::*;

/// FreeBSD: `pmem` is rss, vms, text, data, stack (`os::freebsd`) and `pfullmem` is the
/// same tuple (psutil's `memory_full_info` there is `memory_info`).
#[cfg(target_os = "freebsd")]
mod freebsd {
    use psutil_rs::os::freebsd::{MemoryMapExt, ProcessMemoryInfoExt};
    use psutil_rs::{MemoryFullInfo, MemoryMap, ProcessMemoryInfo};
    use pyo3::prelude::*;
    use pyo3::types::{PyList, PyTuple};

    pub type Pmem = (u64, u64, u64, u64, u64);
    pub type Pfullmem = Pmem;

    pub fn pmem(m: &ProcessMemoryInfo) -> Option<Pmem> {
        Some((m.rss, m.vms, m.text(), m.data(), m.stack()))
    }

    pub fn pfullmem(m: &MemoryFullInfo) -> Option<Pfullmem> {
        pmem(&m.memory_info())
    }

    /// `pmmap_grouped` (`path`, `rss`, `private`, `ref_count`, `shadow_count`) or, with
    /// `ext`, `pmmap_ext` (`addr`, `perms` first), from `os::freebsd::MemoryMapExt`.
    pub fn pmmaps<'py>(
        py: Python<'py>,
        maps: &[MemoryMap],
        ext: bool,
    ) -> PyResult<Option<Bound<'py, PyList>>> {
        let out = PyList::empty(py);
        for m in maps {
            let mut items: Vec<Bound<'py, PyAny>> = Vec::with_capacity(7);
            if ext {
                items.push(m.addr.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
                items.push(m.perms.as_deref().unwrap_or("").into_pyobject(py)?.into_any());
            }
            items.push(m.path_os().as_os_str().into_pyobject(py)?.into_any());
            for n in [m.rss, m.private(), m.ref_count(), m.shadow_count()] {
                items.push(n.into_pyobject(py)?.into_any());
            }
            out.append(PyTuple::new(py, items)?)?;
        }
        Ok(Some(out))
    }
}
#[cfg(target_os = "freebsd")]
pub use freebsd::*;

/// What macOS and FreeBSD share: `pio` is the four portable counts (psutil has no
/// `io_counters` on macOS: this exists there only to compile).
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod bsd_family {
    use psutil_rs::IoCounters;

    pub type Pio = (u64, u64, u64, u64);

    pub fn pio(c: &IoCounters) -> Option<Pio> {
        Some((c.read_count, c.write_count, c.read_bytes, c.write_bytes))
    }
}
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub use bsd_family::*;
