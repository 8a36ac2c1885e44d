//! macOS backend: disks. `getfsstat` for partitions, `statvfs` for usage; I/O counters
//! (IOKit) are not wired yet (NotSupported).

pub(crate) use crate::sys::unix::statvfs::disk_usage;
pub(crate) use crate::sys::unsupported::disk::disk_io_counters;

use std::path::Path;

use crate::disk::DiskPartition;
use crate::paths::Roots;
use crate::sys::unix::bsd::mount::MACOS_MOUNT_FLAGS;
use crate::sys::unix::mounts::partitions;
use crate::Result;

/// Mounted file systems; without `all`, only those whose device is an absolute path that
/// exists (psutil's macOS filter).
pub(crate) fn disk_partitions(_roots: &Roots, all: bool) -> Result<Vec<DiskPartition>> {
    partitions(MACOS_MOUNT_FLAGS, |device| all || (device.starts_with('/') && Path::new(device).exists()))
}
