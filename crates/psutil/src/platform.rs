//! psutil's platform booleans (`psutil.LINUX`, `psutil.POSIX`, ...) and the crate version.

/// True on Linux (psutil's `LINUX`).
///
/// ```
/// assert_eq!(psutil_rs::LINUX, cfg!(target_os = "linux"));
/// ```
pub const LINUX: bool = cfg!(target_os = "linux");
/// True on Windows (psutil's `WINDOWS`).
///
/// ```
/// assert_eq!(psutil_rs::WINDOWS, cfg!(windows));
/// ```
pub const WINDOWS: bool = cfg!(windows);
/// True on macOS (psutil's `MACOS`).
///
/// ```
/// assert_eq!(psutil_rs::MACOS, cfg!(target_os = "macos"));
/// ```
pub const MACOS: bool = cfg!(target_os = "macos");
/// psutil's old name for [`MACOS`].
///
/// ```
/// assert_eq!(psutil_rs::OSX, psutil_rs::MACOS);
/// ```
pub const OSX: bool = MACOS;
/// True on FreeBSD (psutil's `FREEBSD`).
///
/// ```
/// assert_eq!(psutil_rs::FREEBSD, cfg!(target_os = "freebsd"));
/// ```
pub const FREEBSD: bool = cfg!(target_os = "freebsd");
/// True on OpenBSD (psutil's `OPENBSD`).
///
/// ```
/// assert_eq!(psutil_rs::OPENBSD, cfg!(target_os = "openbsd"));
/// ```
pub const OPENBSD: bool = cfg!(target_os = "openbsd");
/// True on NetBSD (psutil's `NETBSD`).
///
/// ```
/// assert_eq!(psutil_rs::NETBSD, cfg!(target_os = "netbsd"));
/// ```
pub const NETBSD: bool = cfg!(target_os = "netbsd");
/// True on any of the BSDs (psutil's `BSD`).
///
/// ```
/// assert_eq!(psutil_rs::BSD, psutil_rs::FREEBSD || psutil_rs::OPENBSD || psutil_rs::NETBSD);
/// ```
pub const BSD: bool = FREEBSD || OPENBSD || NETBSD;
/// True on Solaris and illumos (psutil's `SUNOS`).
///
/// ```
/// assert!(!(psutil_rs::SUNOS && psutil_rs::LINUX));
/// ```
pub const SUNOS: bool = cfg!(any(target_os = "solaris", target_os = "illumos"));
/// True on AIX (psutil's `AIX`).
///
/// ```
/// assert_eq!(psutil_rs::AIX, cfg!(target_os = "aix"));
/// ```
pub const AIX: bool = cfg!(target_os = "aix");
/// True on Unix-like systems (psutil's `POSIX`).
///
/// ```
/// assert_eq!(psutil_rs::POSIX, cfg!(unix));
/// ```
pub const POSIX: bool = cfg!(unix);

/// This crate's version as `(major, minor, patch)` (the Rust counterpart of psutil's
/// `version_info`, which is psutil's own version).
///
/// ```
/// let (major, minor, patch) = psutil_rs::version_info();
/// assert_eq!(format!("{major}.{minor}.{patch}"), env!("CARGO_PKG_VERSION"));
/// ```
pub fn version_info() -> (u32, u32, u32) {
    let mut parts = env!("CARGO_PKG_VERSION").split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
