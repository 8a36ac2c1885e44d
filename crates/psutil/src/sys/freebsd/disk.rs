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

/// psutil's per-disk counters from `kern.devstat.all` (every devstat device, as psutil);
/// `busy_time` in the slot the facade keeps for it.
pub(crate) fn disk_io_counters(
    _roots: &Roots,
    _perdisk: bool,
) -> Result<Vec<(String, [u64; DISK_IO_FIELDS])>> {
    let buf = sysctl::growing_name(c"kern.devstat.all")?;
    let rows = parse::parse_devstat(&buf).map_err(|e| e.into_error("kern.devstat.all"))?;
    Ok(rows
        .into_iter()
        .map(|(name, [rc, wc, rb, wb, rt, wt, busy])| (name, [rc, wc, rb, wb, rt, wt, 0, 0, busy]))
        .collect())
}

/// Every mounted file system: psutil ignores `all` on FreeBSD (gh-906).
pub(crate) fn disk_partitions(_roots: &Roots, _all: bool) -> Result<Vec<DiskPartition>> {
    partitions(FREEBSD_MOUNT_FLAGS, |_| true)
}
