//! Linux extension traits: disk.

use crate::disk::DiskIoCounters;

/// The Linux-only fields of [`DiskIoCounters`] (psutil's `sdiskio` on Linux).
///
/// ```
/// use psutil_rs::os::linux::DiskIoCountersExt;
/// let io = psutil_rs::DiskIoCounters::from_fields(&[0, 0, 0, 0, 0, 0, 3, 4, 5]);
/// assert_eq!((io.read_merged_count(), io.write_merged_count(), io.busy_time()), (3, 4, 5));
/// ```
pub trait DiskIoCountersExt {
    /// Reads merged by the I/O scheduler.
    fn read_merged_count(&self) -> u64;
    /// Writes merged by the I/O scheduler.
    fn write_merged_count(&self) -> u64;
    /// Milliseconds spent doing actual I/O (`io_ticks`).
    fn busy_time(&self) -> u64;
}

impl DiskIoCountersExt for DiskIoCounters {
    fn read_merged_count(&self) -> u64 {
        self.os.read_merged_count
    }
    fn write_merged_count(&self) -> u64 {
        self.os.write_merged_count
    }
    fn busy_time(&self) -> u64 {
        self.os.busy_time
    }
}
