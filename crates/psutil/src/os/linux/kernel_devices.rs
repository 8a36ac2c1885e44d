//! Linux device counters psutil's API does not expose: every `/proc/net/dev` and
//! `/proc/diskstats` column, the kernel's mount table (`mountinfo`) and `statvfs(3)`
//! with inode counts.

use std::path::Path;

use crate::paths;
use crate::sys::linux::kstat::{devices, syscalls};
use crate::Result;

/// All 16 counters of one `/proc/net/dev` line.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let lo = psutil_rs::os::linux::net_dev_stats()?.into_iter().find(|d| d.name == "lo");
/// if let Some(lo) = lo {
///     assert_eq!(lo.rx_bytes, lo.tx_bytes); // loopback receives what it sends
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NetDevStats {
    /// The interface.
    pub name: String,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets received.
    pub rx_packets: u64,
    /// Receive errors.
    pub rx_errs: u64,
    /// Packets dropped on receive (dropped plus missed).
    pub rx_drop: u64,
    /// Receive FIFO overruns.
    pub rx_fifo: u64,
    /// Length, overrun, CRC and frame errors.
    pub rx_frame: u64,
    /// Compressed packets received.
    pub rx_compressed: u64,
    /// Multicast packets received.
    pub rx_multicast: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Transmit errors.
    pub tx_errs: u64,
    /// Packets dropped on transmit.
    pub tx_drop: u64,
    /// Transmit FIFO errors.
    pub tx_fifo: u64,
    /// Collisions.
    pub tx_colls: u64,
    /// Carrier, aborted, window and heartbeat errors.
    pub tx_carrier: u64,
    /// Compressed packets sent.
    pub tx_compressed: u64,
}

/// Reads every interface's line of `/proc/net/dev`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(!psutil_rs::os::linux::net_dev_stats()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn net_dev_stats() -> Result<Vec<NetDevStats>> {
    devices::net_dev_full(&paths::current())
}

/// One line of `/proc/diskstats` (see the kernel's `Documentation/admin-guide/iostats.rst`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for d in psutil_rs::os::linux::disk_stats()? {
///     assert!(d.discards.is_some() || d.flushes.is_none()); // flush columns came after discard ones
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DiskStats {
    /// Device major number.
    pub major: u32,
    /// Device minor number.
    pub minor: u32,
    /// Device name (`vda`, `nvme0n1p1`).
    pub name: String,
    /// Reads completed.
    pub reads_completed: u64,
    /// Adjacent reads merged.
    pub reads_merged: u64,
    /// 512-byte sectors read.
    pub sectors_read: u64,
    /// Milliseconds spent reading.
    pub read_time_ms: u64,
    /// Writes completed.
    pub writes_completed: u64,
    /// Adjacent writes merged.
    pub writes_merged: u64,
    /// 512-byte sectors written.
    pub sectors_written: u64,
    /// Milliseconds spent writing.
    pub write_time_ms: u64,
    /// I/Os in flight now (a gauge).
    pub io_in_progress: u64,
    /// Milliseconds the device had I/O in flight.
    pub io_time_ms: u64,
    /// Milliseconds of I/O time weighted by the number in flight.
    pub weighted_io_time_ms: u64,
    /// Discards completed, merged, sectors discarded, ms spent (Linux ≥ 4.18).
    pub discards: Option<[u64; 4]>,
    /// Flush requests completed, ms spent (Linux ≥ 5.5).
    pub flushes: Option<[u64; 2]>,
}

/// Reads every line of `/proc/diskstats`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::disk_stats()?;
/// # Ok(())
/// # }
/// ```
pub fn disk_stats() -> Result<Vec<DiskStats>> {
    devices::diskstats_full(&paths::current())
}

/// One mount of the kernel's mount table (`proc_pid_mountinfo(5)`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let mounts = psutil_rs::os::linux::mount_info()?;
/// assert!(mounts.iter().any(|m| m.mount_point == "/"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MountInfo {
    /// Unique id of the mount.
    pub mount_id: u32,
    /// Id of the parent mount.
    pub parent_id: u32,
    /// Major number of the file system's device.
    pub major: u32,
    /// Minor number of the file system's device.
    pub minor: u32,
    /// The directory of the file system mounted here.
    pub root: String,
    /// Where it is mounted.
    pub mount_point: String,
    /// Per-mount options (`rw,relatime`).
    pub mount_options: String,
    /// File system type (`ext4`, `tmpfs`).
    pub fs_type: String,
    /// The source as written (`/dev/vda`, `tmpfs`), not rewritten.
    pub source: String,
    /// Per-superblock options.
    pub super_options: String,
}

/// Reads `/proc/1/mountinfo` (init's mounts, as node_exporter does), or
/// `/proc/self/mountinfo` when that cannot be read.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(!psutil_rs::os::linux::mount_info()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn mount_info() -> Result<Vec<MountInfo>> {
    devices::mount_info(&paths::current())
}

/// `statvfs(3)` of a mounted file system, in the kernel's units.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::os::linux::fs_stats("/")?;
/// assert!(s.files_free <= s.files && s.blocks_free <= s.blocks);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FsStats {
    /// `f_bsize`: the preferred I/O block size (node_exporter's unit for sizes).
    pub block_size: u64,
    /// `f_frsize`: the unit of the block counts (psutil's and `df`'s).
    pub fragment_size: u64,
    /// `f_blocks`: size in fragments.
    pub blocks: u64,
    /// `f_bfree`: free fragments.
    pub blocks_free: u64,
    /// `f_bavail`: fragments free to unprivileged users.
    pub blocks_available: u64,
    /// `f_files`: inodes.
    pub files: u64,
    /// `f_ffree`: free inodes.
    pub files_free: u64,
    /// `ST_RDONLY` is set.
    pub read_only: bool,
}

/// `statvfs(3)` of the file system holding `path`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::fs_stats("/")?.files > 0);
/// # Ok(())
/// # }
/// ```
pub fn fs_stats(path: impl AsRef<Path>) -> Result<FsStats> {
    syscalls::fs_stats(path.as_ref())
}
