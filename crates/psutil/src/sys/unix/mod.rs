//! POSIX code shared by the Unix backends (macOS and FreeBSD now; Linux's own copies of
//! signals, priority and waiting move here once the backend contract lands): signals and
//! priority, waiting for a pid, utmpx users, `statvfs`, the `/dev` terminal map. Plus the
//! pure decoders of the BSD family in [`bsd`].

pub(crate) mod bsd;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod bsd_ctl;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod bsd_proc;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod ifaddrs;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod mounts;
pub(crate) mod process_ctl;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod signals;
pub(crate) mod statvfs;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod sysctl;
pub(crate) mod terminal;
pub(crate) mod users;
