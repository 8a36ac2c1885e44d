//! macOS backend: disks. `getfsstat` for partitions, `statvfs` for usage, IOKit's
//! block-storage statistics for I/O counters.

pub(crate) use crate::sys::unix::statvfs::disk_usage;
pub(crate) use crate::sys::unsupported::disk::DiskIoOs;

use std::path::Path;

use crate::disk::{DiskPartition, DISK_IO_FIELDS};
use crate::paths::Roots;
use crate::sys::unix::bsd::mount::MACOS_MOUNT_FLAGS;
use crate::sys::unix::mounts::partitions;
use crate::Result;

/// Mounted file systems; without `all`, only those whose device is an absolute path that
/// exists (psutil's macOS filter).
pub(crate) fn disk_partitions(_roots: &Roots, all: bool) -> Result<Vec<DiskPartition>> {
    partitions(MACOS_MOUNT_FLAGS, |device| all || (device.starts_with('/') && Path::new(device).exists()))
}

/// psutil's per-disk counters (`IOMedia` + `IOBlockStorageDriver` `Statistics`): the six
/// portable fields only, as psutil's macOS `sdiskio`.
pub(crate) fn disk_io_counters(
    _roots: &Roots,
    _perdisk: bool,
) -> Result<Vec<(String, [u64; DISK_IO_FIELDS])>> {
    Ok(super::iokit::disk_rows()?)
}
