//! Unsupported backend: a process's resources. Every call returns
//! [`crate::Error::NotSupported`]; the signatures match `sys::linux::process_res`.

use super::unsupported;
use crate::paths::Roots;
use crate::process::{IoCounters, MemoryMap, OpenFile, Thread};
use crate::{Pid, Result};

/// uss, pss and swap in bytes (same shape as the Linux backend's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SmapsTotals {
    pub(crate) uss: u64,
    pub(crate) pss: u64,
    pub(crate) swap: u64,
}

pub(crate) fn smaps_totals(_roots: &Roots, _pid: Pid) -> Result<SmapsTotals> {
    unsupported("memory_full_info")
}

pub(crate) fn memory_maps(_roots: &Roots, _pid: Pid) -> Result<Vec<MemoryMap>> {
    unsupported("memory_maps")
}

pub(crate) fn num_fds(_roots: &Roots, _pid: Pid) -> Result<usize> {
    unsupported("num_fds")
}

pub(crate) fn open_files(_roots: &Roots, _pid: Pid) -> Result<(Vec<OpenFile>, bool)> {
    unsupported("open_files")
}

pub(crate) fn threads(_roots: &Roots, _pid: Pid) -> Result<(Vec<Thread>, bool)> {
    unsupported("threads")
}

pub(crate) fn io_counters(_roots: &Roots, _pid: Pid) -> Result<IoCounters> {
    unsupported("io_counters")
}

pub(crate) fn mem_total(_roots: &Roots) -> Result<u64> {
    unsupported("memory_percent")
}
