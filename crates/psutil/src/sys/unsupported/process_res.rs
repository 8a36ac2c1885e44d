//! Unsupported backend: a process's resources. Every call returns
//! [`crate::Error::NotSupported`]; the signatures match `sys::linux::process_res`.

use super::unsupported;
use crate::process::ProcRef;
use crate::process::{IoCounters, MemType, MemoryFullInfo, MemoryMap, OpenFile, Thread};
use crate::Result;

/// No platform-only `memory_full_info` fields here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MemoryFullInfoOs {}

impl MemoryFullInfoOs {
    /// No memtype beyond the portable `uss`.
    pub(crate) fn field(&self, _memtype: MemType) -> Option<u64> {
        None
    }
}

/// No platform-only memory map fields here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MemoryMapOs {}

impl MemoryMapOs {
    /// Nothing to add up.
    pub(crate) fn checked_add(&self, _other: &Self) -> Option<Self> {
        Some(MemoryMapOs {})
    }
}

/// No platform-only open file fields here.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct OpenFileOs {}

/// No platform-only process I/O fields here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct IoCountersOs {}

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
