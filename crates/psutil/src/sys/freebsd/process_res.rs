//! FreeBSD backend: a process's resources. `KERN_PROC_FILEDESC` records for files and
//! fds, `KERN_PROC_INC_THREAD` for threads; the rest is NotSupported for now.

pub(crate) use crate::sys::unsupported::process_res::{
    io_counters, memory_full_info, memory_maps, memory_maps_grouped, IoCountersOs, MemoryFullInfoOs,
    MemoryMapOs, OpenFileOs,
};

use super::process::{files, io_error};
use super::{ffi, parse};
use crate::process::{OpenFile, ProcRef, Thread};
use crate::sys::unix::bsd_proc::raw;
use crate::{Error, Pid, Result};

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
