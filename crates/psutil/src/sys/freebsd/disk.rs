//! FreeBSD backend: disks. `statvfs` for usage, `kern.devstat.all` for I/O counters;
//! partitions are not wired yet (NotSupported).

pub(crate) use crate::sys::unix::statvfs::disk_usage;
pub(crate) use crate::sys::unsupported::disk::disk_partitions;

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
