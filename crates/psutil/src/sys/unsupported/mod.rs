//! The backend of platforms that have none yet: every call returns
//! [`crate::Error::NotSupported`] naming the API item and the platform.

pub(crate) mod connections;
pub(crate) mod cpu;
pub(crate) mod disk;
pub(crate) mod host;
pub(crate) mod memory;
pub(crate) mod net;
pub(crate) mod process;
pub(crate) mod process_res;
pub(crate) mod sensors;

/// The name of the platform this build targets, for error messages.
pub(crate) const PLATFORM: &str = std::env::consts::OS;

/// The typed "not supported" error for `what` on this platform.
pub(crate) fn unsupported<T>(what: &'static str) -> crate::Result<T> {
    Err(crate::Error::not_supported(what, PLATFORM))
}
pub(crate) mod process_ctl;
