//! Unsupported backend: a process's resources. Every call returns
//! [`crate::Error::NotSupported`]; the signatures match `sys::linux::process_res`.

use super::unsupported;
use crate::process::ProcRef;
use crate::process::{IoCounters, MemoryFullInfo, MemoryMap, OpenFile, Thread};
use crate::Result;

pub(crate) fn memory_full_info(_p: &ProcRef<'_>) -> Result<MemoryFullInfo> {
    unsupported("memory_full_info")
}

pub(crate) fn memory_maps(_p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    unsupported("memory_maps")
}

pub(crate) fn memory_maps_grouped(_p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    unsupported("memory_maps")
}

pub(crate) fn num_fds(_p: &ProcRef<'_>) -> Result<usize> {
    unsupported("num_fds")
}

pub(crate) fn open_files(_p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    unsupported("open_files")
}

pub(crate) fn threads(_p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    unsupported("threads")
}

pub(crate) fn io_counters(_p: &ProcRef<'_>) -> Result<IoCounters> {
    unsupported("io_counters")
}
