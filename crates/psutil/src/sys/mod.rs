//! Platform backends. Each backend offers the same crate-private functions; the facade
//! modules call `imp::...` and never name a platform. A target without a backend gets
//! `unsupported`, whose every call returns [`crate::Error::NotSupported`].

#[cfg(target_os = "linux")]
pub(crate) mod linux;

#[cfg(any(test, target_os = "macos", target_os = "freebsd"))]
pub(crate) mod unix;

#[cfg(any(test, target_os = "macos"))]
pub(crate) mod macos;

#[cfg(any(test, target_os = "freebsd"))]
pub(crate) mod freebsd;
#[cfg(target_os = "linux")]
pub(crate) use linux as imp;

#[cfg(not(target_os = "linux"))]
pub(crate) mod unsupported;
#[cfg(not(target_os = "linux"))]
pub(crate) use unsupported as imp;
