//! FreeBSD backend: disks. `getfsstat` for partitions, `statvfs` for usage,
//! `kern.devstat.all` for I/O counters.

pub(crate) use crate::sys::unix::statvfs::disk_usage;

use crate::disk::DiskPartition;
use crate::sys::unix::bsd::mount::FREEBSD_MOUNT_FLAGS;
use crate::sys::unix::mounts::partitions;

use super::parse;
use crate::disk::DISK_IO_FIELDS;
use crate::paths::Roots;
use crate::sys::unix::sysctl;
use crate::Result;

/// The FreeBSD-only part of `DiskIoCounters`: the last field of psutil's FreeBSD `sdiskio`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct DiskIoOs {
    /// Milliseconds the disk was busy (devstat's `busy_time`).
    pub(crate) busy_time: u64,
}

impl DiskIoOs {
    /// How many fields follow the portable ones in the raw tuple.
    pub(crate) const FIELDS: usize = 1;

    /// From the raw tuple's tail (`busy_time`); missing is 0.
    pub(crate) fn from_fields(f: &[u64]) -> Self {
        DiskIoOs { busy_time: f.first().copied().unwrap_or(0) }
    }

    /// Writes the raw tuple's tail, the inverse of [`DiskIoOs::from_fields`].
    pub(crate) fn write_fields(&self, out: &mut [u64]) {
        if let Some(slot) = out.first_mut() {
            *slot = self.busy_time;
        }
    }
}

/// psutil's per-disk counters from `kern.devstat.all` (every devstat device, as psutil):
/// the six portable fields, then `busy_time`, as psutil's FreeBSD `sdiskio`.
pub(crate) fn disk_io_counters(
    _roots: &Roots,
    _perdisk: bool,
) -> Result<Vec<(String, [u64; DISK_IO_FIELDS])>> {
    let buf = sysctl::growing_name(c"kern.devstat.all")?;
    parse::parse_devstat(&buf).map_err(|e| e.into_error("kern.devstat.all"))
}

/// Every mounted file system: psutil ignores `all` on FreeBSD (gh-906).
pub(crate) fn disk_partitions(_roots: &Roots, _all: bool) -> Result<Vec<DiskPartition>> {
    partitions(FREEBSD_MOUNT_FLAGS, |_| true)
}
