//! macOS backend: disks. `statvfs` for usage; partitions and I/O counters are not
//! wired yet (NotSupported).

pub(crate) use crate::sys::unix::statvfs::disk_usage;
pub(crate) use crate::sys::unsupported::disk::{disk_io_counters, disk_partitions};
