//! POSIX code the Unix backends share, compiled for Linux, macOS and FreeBSD: signals and
//! priority, waiting for a pid, utmpx rows and user names, `statvfs`, `getifaddrs` and the
//! NIC ioctls, the `/dev` terminal map. Plus the macOS/FreeBSD-only calls (`sysctl`,
//! `getfsstat`, `kinfo_proc`) and the pure decoders of the BSD family in [`bsd`] (also
//! compiled for the unit tests on every Unix host).

#[cfg(any(test, target_os = "macos", target_os = "freebsd"))]
pub(crate) mod bsd;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod bsd_ctl;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod bsd_proc;
#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
pub(crate) mod ifaddrs;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod mounts;
pub(crate) mod process_ctl;
#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
pub(crate) mod signals;
pub(crate) mod statvfs;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) mod sysctl;
pub(crate) mod terminal;
pub(crate) mod users;
