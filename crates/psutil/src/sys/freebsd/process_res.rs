//! FreeBSD backend: a process's resources. `KERN_PROC_FILEDESC` records for files and
//! fds, `KERN_PROC_INC_THREAD` for threads, `KERN_PROC_VMMAP` for the memory maps,
//! `ki_rusage` for the I/O counts. psutil's `memory_full_info` on FreeBSD is
//! `memory_info` (no `uss`), which `MemoryFullInfo` cannot hold: NotSupported here.

pub(crate) use crate::sys::unsupported::process_res::{
    memory_full_info, IoCountersOs, MemoryFullInfoOs, OpenFileOs,
};

use super::process::{files, io_error, kinfo};
use super::{ffi, parse};
use crate::process::{group_maps, IoCounters, MemoryMap, OpenFile, ProcRef, Thread};
use crate::sys::unix::bsd_proc::raw;
use crate::sys::unix::sysctl;
use crate::{Error, Pid, Result};

/// The FreeBSD-only columns of a `memory_maps` row (psutil's `pmmap_ext` on FreeBSD):
/// `private` in bytes, the two counts as the kernel has them. Read through
/// `os::freebsd::MemoryMapExt`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MemoryMapOs {
    pub(crate) private: u64,
    pub(crate) ref_count: u64,
    pub(crate) shadow_count: u64,
}

impl MemoryMapOs {
    /// psutil's grouping sums every column.
    pub(crate) fn checked_add(&self, other: &Self) -> Option<Self> {
        Some(MemoryMapOs {
            private: self.private.checked_add(other.private)?,
            ref_count: self.ref_count.checked_add(other.ref_count)?,
            shadow_count: self.shadow_count.checked_add(other.shadow_count)?,
        })
    }
}

/// psutil's count: every record, the negative pseudo-fds (cwd, root, text...) included.
pub(crate) fn num_fds(p: &ProcRef<'_>) -> Result<usize> {
    Ok(files(p)?.len())
}

/// Regular files (`KF_TYPE_VNODE` + `KF_VTYPE_VREG`) with a real fd; the path may be "".
pub(crate) fn open_files(p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    Ok(files(p)?
        .into_iter()
        .filter(|f| f.kind == parse::KF_TYPE_VNODE && f.vnode_type == parse::KF_VTYPE_VREG && f.fd >= 0)
        .map(|f| OpenFile::new(f.path, f.fd, OpenFileOs {}))
        .collect())
}

/// One row per thread: `ki_tid` and that thread's `ki_rusage` times.
pub(crate) fn threads(p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    let pid = raw(p.pid())?;
    let buf = ffi::kinfo_threads(pid).map_err(|e| io_error(pid, e))?;
    if buf.is_empty() {
        return Err(Error::no_such_process(p.pid(), None));
    }
    let rows = parse::parse_kinfo_array(&buf).map_err(|e| e.into_error("KERN_PROC_INC_THREAD"))?;
    Ok(rows
        .into_iter()
        .map(|k| Thread { id: k.tid.max(0) as Pid, user_time: k.times[0], system_time: k.times[1] })
        .collect())
}

/// psutil's FreeBSD `io_counters()`: read_count = `ru_inblock`, write_count =
/// `ru_oublock` (block operations). FreeBSD counts no bytes per process: psutil answers
/// -1 for read_bytes and write_bytes, which the unsigned fields hold as 0.
pub(crate) fn io_counters(p: &ProcRef<'_>) -> Result<IoCounters> {
    let (reads, writes) = parse::io_counts(&kinfo(p)?);
    Ok(IoCounters::new(reads, writes, 0, 0, IoCountersOs {}))
}

/// psutil's `memory_maps(grouped=False)`: one row per `kinfo_vmentry` of
/// `KERN_PROC_VMMAP`, after a `kinfo_proc` read (a gone pid is NoSuchProcess).
pub(crate) fn memory_maps(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    let pid = raw(p.pid())?;
    kinfo(p)?;
    let buf = ffi::proc_vmmap(pid).map_err(|e| io_error(pid, e))?;
    let entries = parse::parse_vmentries(&buf).map_err(|e| e.into_error("KERN_PROC_VMMAP"))?;
    let page = sysctl::page_size();
    Ok(entries
        .iter()
        .map(|e| {
            let r = parse::map_row(e, page);
            let os = MemoryMapOs { private: r.private, ref_count: r.ref_count, shadow_count: r.shadow_count };
            MemoryMap::new(Some(r.addr), Some(r.perms), r.path, r.rss, os)
        })
        .collect())
}

/// psutil's `memory_maps()`: the rows summed per path.
pub(crate) fn memory_maps_grouped(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    group_maps(memory_maps(p)?)
}
