//! Platform-only fields and calls, as extension traits on the portable types
//! (the way `std::os::unix::fs::MetadataExt` works).

#[cfg(all(target_os = "linux", not(psutil_unsupported)))]
pub mod linux;

#[cfg(all(windows, not(psutil_unsupported)))]
pub mod windows;
