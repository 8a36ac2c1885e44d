//! Unsupported backend: disk.

use std::path::Path;

use super::unsupported;
use crate::disk::{DiskPartition, DiskUsage, DISK_IO_FIELDS};
use crate::paths::Roots;
use crate::Result;

/// No platform-only disk I/O fields here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct DiskIoOs {}

impl DiskIoOs {
    pub(crate) const FIELDS: usize = 0;

    pub(crate) fn from_fields(_f: &[u64]) -> Self {
        DiskIoOs {}
    }

    pub(crate) fn write_fields(&self, _out: &mut [u64]) {}
}

pub(crate) fn disk_partitions(_roots: &Roots, _all: bool) -> Result<Vec<DiskPartition>> {
    unsupported("disk_partitions")
}

pub(crate) fn disk_usage(_path: &Path) -> Result<DiskUsage> {
    unsupported("disk_usage")
}

pub(crate) fn disk_io_counters(
    _roots: &Roots,
    _perdisk: bool,
) -> Result<Vec<(String, [u64; DISK_IO_FIELDS])>> {
    unsupported("disk_io_counters")
}
