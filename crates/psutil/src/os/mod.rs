//! Platform-only fields and calls, as extension traits on the portable types
//! (the way `std::os::unix::fs::MetadataExt` works).

#[cfg(target_os = "linux")]
pub mod linux;
