//! Disks: mounted partitions, usage of a file system, and I/O counters
//! (psutil's `disk_partitions`, `disk_usage`, `disk_io_counters`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::nowrap::{self, Sample};
use crate::{paths, sys, Result};

/// A mounted file system (psutil's `sdiskpart`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for p in psutil_rs::disk_partitions(false)? {
///     assert!(!p.device.is_empty() && p.mountpoint.starts_with('/'));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DiskPartition {
    /// The device (`/dev/sda1`), `""` for psutil's `none`.
    pub device: String,
    /// Where it is mounted.
    pub mountpoint: String,
    /// The file-system type (`ext4`, `tmpfs`, ...).
    pub fstype: String,
    /// The comma-separated mount options (`rw,relatime`).
    pub opts: String,
}

/// Usage of one file system (psutil's `sdiskusage`), in bytes.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let u = psutil_rs::disk_usage("/")?;
/// assert!(u.used <= u.total && (0.0..=100.0).contains(&u.percent));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DiskUsage {
    /// `f_blocks * f_frsize`.
    pub total: u64,
    /// `total - f_bfree * f_frsize`.
    pub used: u64,
    /// Available to unprivileged users: `f_bavail * f_frsize`.
    pub free: u64,
    /// `used / (used + free) * 100`, rounded to one decimal (root-reserved blocks ignored,
    /// like df's `Use%`).
    pub percent: f64,
}

/// Disk I/O counters (psutil's `sdiskio`). Times are milliseconds.
///
/// The Linux-only fields `read_merged_count`, `write_merged_count` and `busy_time` are read
/// through [`crate::os::linux::DiskIoCountersExt`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(io) = psutil_rs::disk_io_counters(true)? {
///     assert_eq!(io.read_bytes % 512, 0);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DiskIoCounters {
    /// Completed reads.
    pub read_count: u64,
    /// Completed writes.
    pub write_count: u64,
    /// Bytes read (sectors × 512).
    pub read_bytes: u64,
    /// Bytes written (sectors × 512).
    pub write_bytes: u64,
    /// Milliseconds spent reading.
    pub read_time: u64,
    /// Milliseconds spent writing.
    pub write_time: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: DiskIoOs,
}

/// The platform-only part of [`DiskIoCounters`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct DiskIoOs {
    pub(crate) read_merged_count: u64,
    pub(crate) write_merged_count: u64,
    pub(crate) busy_time: u64,
}

/// Number of fields of a raw disk I/O tuple, in psutil's `sdiskio` order.
pub(crate) const DISK_IO_FIELDS: usize = 9;

impl DiskIoCounters {
    /// Builds the counters from psutil's raw 9-tuple (`read_count, write_count, read_bytes,
    /// write_bytes, read_time, write_time, read_merged_count, write_merged_count,
    /// busy_time`); missing trailing values are 0.
    ///
    /// ```
    /// let io = psutil_rs::DiskIoCounters::from_fields(&[1, 2, 512, 1024, 5, 6, 0, 0, 9]);
    /// assert_eq!(io.to_fields()[3], 1024);
    /// ```
    pub fn from_fields(f: &[u64]) -> Self {
        let g = |i: usize| f.get(i).copied().unwrap_or(0);
        DiskIoCounters {
            read_count: g(0),
            write_count: g(1),
            read_bytes: g(2),
            write_bytes: g(3),
            read_time: g(4),
            write_time: g(5),
            os: DiskIoOs { read_merged_count: g(6), write_merged_count: g(7), busy_time: g(8) },
        }
    }

    /// psutil's raw tuple, the inverse of [`DiskIoCounters::from_fields`].
    ///
    /// ```
    /// let io = psutil_rs::DiskIoCounters::default();
    /// assert_eq!(io.to_fields(), [0; 9]);
    /// ```
    pub fn to_fields(&self) -> [u64; DISK_IO_FIELDS] {
        [
            self.read_count,
            self.write_count,
            self.read_bytes,
            self.write_bytes,
            self.read_time,
            self.write_time,
            self.os.read_merged_count,
            self.os.write_merged_count,
            self.os.busy_time,
        ]
    }
}

/// Mounted partitions (psutil's `disk_partitions(all)`).
///
/// With `all == false` only rows with a device whose file-system type is a real (non-`nodev`,
/// or `zfs`) file system from `<proc>/filesystems` are kept. The mount table is `/etc/mtab`
/// when the proc root is the real `/proc`, else `<proc>/self/mounts`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let all = psutil_rs::disk_partitions(true)?;
/// assert!(all.iter().any(|p| p.mountpoint == "/"));
/// # Ok(())
/// # }
/// ```
pub fn disk_partitions(all: bool) -> Result<Vec<DiskPartition>> {
    sys::disk::disk_partitions(&paths::current(), all)
}

/// Usage of the file system holding `path` (psutil's `disk_usage`), via `statvfs(2)`.
///
/// A missing path gives [`crate::Error::Io`] with `ENOENT`, as psutil lets the raw
/// `FileNotFoundError` through.
///
/// ```
/// let e = psutil_rs::disk_usage("/nonexistent/x").unwrap_err();
/// assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
/// ```
pub fn disk_usage(path: impl AsRef<Path>) -> Result<DiskUsage> {
    sys::disk::disk_usage(path.as_ref())
}

/// System-wide disk I/O (psutil's `disk_io_counters(perdisk=False, nowrap)`): the sum over
/// whole disks (devices with a `/sys/block` entry, so partitions are not counted twice).
/// `None` when there are no disks.
///
/// With `nowrap`, counters that wrapped since the last call are corrected (see
/// [`crate::nowrap`]); [`disk_io_counters_cache_clear`] forgets that state.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let a = psutil_rs::disk_io_counters(true)?;
/// let b = psutil_rs::disk_io_counters(true)?;
/// if let (Some(a), Some(b)) = (a, b) {
///     assert!(b.read_count >= a.read_count);
/// }
/// # Ok(())
/// # }
/// ```
pub fn disk_io_counters(nowrap: bool) -> Result<Option<DiskIoCounters>> {
    let sample = disk_sample(false, nowrap)?;
    if sample.is_empty() {
        return Ok(None);
    }
    Ok(Some(DiskIoCounters::from_fields(&nowrap::sum_fields::<DISK_IO_FIELDS>(&sample))))
}

/// Disk I/O per disk and partition (psutil's `disk_io_counters(perdisk=True, nowrap)`),
/// keyed by the kernel's device name (`sda`, `sda1`, `nvme0n1`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for (name, io) in psutil_rs::disk_io_counters_perdisk(false)? {
///     assert!(!name.is_empty() && io.read_bytes % 512 == 0);
/// }
/// # Ok(())
/// # }
/// ```
pub fn disk_io_counters_perdisk(nowrap: bool) -> Result<BTreeMap<String, DiskIoCounters>> {
    let sample = disk_sample(true, nowrap)?;
    Ok(sample.into_iter().map(|(k, v)| (k, DiskIoCounters::from_fields(&v))).collect())
}

/// The raw per-device counters psutil's platform layer returns
/// (`_psplatform.disk_io_counters(perdisk)`): no wrap correction, no sum. With
/// `perdisk == false` only whole disks (devices with a `/sys/block` entry) are kept — the
/// rows [`disk_io_counters`] adds up. For bindings that run psutil's `wrap_numbers`
/// themselves.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let disks = psutil_rs::disk_io_counters_raw(false)?;
/// let all = psutil_rs::disk_io_counters_raw(true)?;
/// assert!(disks.keys().all(|d| all.contains_key(d)));
/// # Ok(())
/// # }
/// ```
pub fn disk_io_counters_raw(perdisk: bool) -> Result<BTreeMap<String, DiskIoCounters>> {
    let raw = sys::disk::disk_io_counters(&paths::current(), perdisk)?;
    Ok(raw.into_iter().map(|(k, v)| (k, DiskIoCounters::from_fields(&v))).collect())
}

/// Forgets the `nowrap` state of [`disk_io_counters`] (psutil's
/// `disk_io_counters.cache_clear()`).
///
/// ```
/// psutil_rs::disk_io_counters_cache_clear();
/// assert!(!psutil_rs::nowrap::wrap_numbers().names().iter().any(|n| n == "psutil.disk_io_counters"));
/// ```
pub fn disk_io_counters_cache_clear() {
    nowrap::wrap_numbers().cache_clear(Some(DISK_WRAP_NAME));
}

const DISK_WRAP_NAME: &str = "psutil.disk_io_counters";

fn disk_sample(perdisk: bool, nowrap: bool) -> Result<Sample> {
    let roots = paths::current();
    let raw = sys::disk::disk_io_counters(&roots, perdisk)?;
    let sample: Sample = raw.into_iter().map(|(k, v)| (k, v.to_vec())).collect();
    if sample.is_empty() || !nowrap {
        return Ok(sample);
    }
    Ok(nowrap::wrap_numbers().run(&nowrap::cache_name(DISK_WRAP_NAME, &roots), sample))
}

/// Rounds like Python's `round(x, 1)` (correctly rounded, ties to even on the exact value).
#[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
pub(crate) fn round1(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{x:.1}").parse().unwrap_or(x)
}

/// psutil's `usage_percent(used, total, round_=1)`: 0.0 when `total` is 0.
#[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
pub(crate) fn usage_percent(used: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    round1(used as f64 / total as f64 * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_matches_python() {
        // Values checked against CPython's round(x, 1).
        assert_eq!(round1(0.25), 0.2);
        assert_eq!(round1(0.35), 0.3); // 0.35 is 0.34999... in binary
        assert_eq!(round1(2.675), 2.7);
        assert_eq!(round1(33.33333), 33.3);
        assert_eq!(usage_percent(1, 3), 33.3);
        assert_eq!(usage_percent(5, 0), 0.0);
        assert_eq!(usage_percent(10, 10), 100.0);
    }

    #[test]
    fn fields_roundtrip() {
        let f = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(DiskIoCounters::from_fields(&f).to_fields(), f);
        assert_eq!(DiskIoCounters::from_fields(&[1]).to_fields(), [1, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
}
