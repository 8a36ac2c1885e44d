//! Platform-only fields and calls, as extension traits on the portable types
//! (the way `std::os::unix::fs::MetadataExt` works).

#[cfg(all(target_os = "linux", not(psutil_unsupported)))]
pub mod linux;

#[cfg(target_os = "macos")]
pub mod macos;

#[cfg(target_os = "freebsd")]
pub mod freebsd;

#[cfg(all(windows, not(psutil_unsupported)))]
pub mod windows;
