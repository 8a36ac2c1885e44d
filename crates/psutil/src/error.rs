//! The one error type of the library: psutil's exceptions plus the failures a Rust caller
//! must tell apart (bad argument, unsupported platform, I/O, malformed kernel data).

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::Pid;

/// The result type of every fallible call in this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong, mirroring psutil's exception classes.
///
/// `NoSuchProcess`, `ZombieProcess`, `AccessDenied` and `TimeoutExpired` carry the same
/// attributes as psutil's exceptions; [`Error::is_no_such_process`] is true for both of the
/// first two, as `ZombieProcess` subclasses `NoSuchProcess` in psutil.
///
/// ```
/// use psutil_rs::Error;
/// let e = Error::no_such_process(123, Some("foo".into()));
/// assert_eq!(e.to_string(), "process no longer exists (pid=123, name='foo')");
/// assert!(e.is_no_such_process());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The process is gone (psutil's `NoSuchProcess`).
    #[error("{}", describe(msg, Some(*pid), None, name.as_deref()))]
    NoSuchProcess {
        /// The pid that was asked for.
        pid: Pid,
        /// Its name, when it was known before it vanished.
        name: Option<String>,
        /// What happened.
        msg: String,
    },
    /// A Windows service that does not exist: psutil raises `NoSuchProcess` with
    /// `pid=None` and the service's name, so [`Error::is_no_such_process`] is true for it.
    #[error("{}", describe(msg, None, None, Some(name.as_str())))]
    NoSuchService {
        /// The service name that was asked for.
        name: String,
        /// What happened (`service 'NAME' does not exist`).
        msg: String,
    },
    /// The process exists but is a zombie (psutil's `ZombieProcess`).
    #[error("{}", describe(msg, Some(*pid), *ppid, name.as_deref()))]
    ZombieProcess {
        /// The zombie's pid.
        pid: Pid,
        /// Its name, when known.
        name: Option<String>,
        /// Its parent pid, when known.
        ppid: Option<Pid>,
        /// What happened.
        msg: String,
    },
    /// The kernel refused access (psutil's `AccessDenied`, from EPERM/EACCES).
    #[error("{}", describe(msg, *pid, None, name.as_deref()))]
    AccessDenied {
        /// The pid concerned, if the call was about a process.
        pid: Option<Pid>,
        /// Its name, when known.
        name: Option<String>,
        /// Extra detail, usually empty as in psutil.
        msg: String,
    },
    /// A wait ran out of time (psutil's `TimeoutExpired`).
    #[error("{}", describe(&format!("timeout after {seconds} seconds"), *pid, None, name.as_deref()))]
    TimeoutExpired {
        /// The timeout that expired, in seconds.
        seconds: f64,
        /// The pid waited for.
        pid: Option<Pid>,
        /// Its name, when known.
        name: Option<String>,
    },
    /// An argument was out of range or malformed (psutil raises `ValueError`).
    #[error("{0}")]
    InvalidArgument(String),
    /// The call cannot work on this platform or kernel (psutil raises
    /// `NotImplementedError` or lacks the function).
    #[error("{what} is not supported on {platform}")]
    NotSupported {
        /// The API item, e.g. `"cpu_freq"`.
        what: &'static str,
        /// The platform or the reason, e.g. `"windows"`.
        platform: &'static str,
    },
    /// A kernel file had content that cannot be parsed (psutil raises `RuntimeError` or
    /// `ValueError`). Never a silent wrong number.
    #[error("cannot parse {path}: {msg}")]
    Parse {
        /// The file (or source) that was malformed.
        path: String,
        /// What was wrong with it.
        msg: String,
    },
    /// An operating-system error not mapped to one of psutil's classes (psutil lets the
    /// raw `OSError` through, e.g. `disk_usage` of a missing path).
    #[error("{}{source}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    Io {
        /// The path involved, when there is one.
        path: Option<PathBuf>,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

fn describe(msg: &str, pid: Option<Pid>, ppid: Option<Pid>, name: Option<&str>) -> String {
    let mut details = Vec::with_capacity(3);
    if let Some(pid) = pid {
        details.push(format!("pid={pid}"));
    }
    if let Some(ppid) = ppid.filter(|p| *p != 0) {
        details.push(format!("ppid={ppid}"));
    }
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        details.push(format!("name='{name}'"));
    }
    match (msg.is_empty(), details.is_empty()) {
        (_, true) => msg.to_string(),
        (true, false) => format!("({})", details.join(", ")),
        (false, false) => format!("{msg} ({})", details.join(", ")),
    }
}

impl Error {
    /// psutil's `NoSuchProcess(pid, name)` with its default message.
    pub fn no_such_process(pid: Pid, name: Option<String>) -> Self {
        Error::NoSuchProcess { pid, name, msg: "process no longer exists".into() }
    }

    /// psutil's `NoSuchProcess(pid=None, name, msg)` for a Windows service name that
    /// names no service.
    ///
    /// ```
    /// let e = psutil_rs::Error::no_such_service("nosuch");
    /// assert_eq!(e.to_string(), "service 'nosuch' does not exist (name='nosuch')");
    /// assert!(e.is_no_such_process());
    /// ```
    pub fn no_such_service(name: &str) -> Self {
        Error::NoSuchService { name: name.to_owned(), msg: format!("service '{name}' does not exist") }
    }

    /// psutil's `ZombieProcess(pid, name, ppid)` with its default message.
    pub fn zombie_process(pid: Pid, name: Option<String>, ppid: Option<Pid>) -> Self {
        Error::ZombieProcess { pid, name, ppid, msg: "PID still exists but it's a zombie".into() }
    }

    /// psutil's `AccessDenied(pid, name)` with an empty message.
    pub fn access_denied(pid: Option<Pid>, name: Option<String>) -> Self {
        Error::AccessDenied { pid, name, msg: String::new() }
    }

    /// An invalid-argument error with the given message.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidArgument(msg.into())
    }

    /// The typed "not supported" error for `what` on `platform`.
    pub fn not_supported(what: &'static str, platform: &'static str) -> Self {
        Error::NotSupported { what, platform }
    }

    /// A malformed-data error for the file at `path`.
    pub fn parse(path: impl fmt::Display, msg: impl Into<String>) -> Self {
        Error::Parse { path: path.to_string(), msg: msg.into() }
    }

    /// Wraps an I/O error, remembering the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io { path: Some(path.into()), source }
    }

    /// True for `NoSuchProcess` and `ZombieProcess` (psutil's subclass relation), and for
    /// `NoSuchService` (psutil's `NoSuchProcess` for a service).
    pub fn is_no_such_process(&self) -> bool {
        matches!(
            self,
            Error::NoSuchProcess { .. } | Error::ZombieProcess { .. } | Error::NoSuchService { .. }
        )
    }

    /// True for `ZombieProcess`.
    pub fn is_zombie(&self) -> bool {
        matches!(self, Error::ZombieProcess { .. })
    }

    /// True for `AccessDenied`.
    pub fn is_access_denied(&self) -> bool {
        matches!(self, Error::AccessDenied { .. })
    }

    /// True for `NotSupported`.
    pub fn is_not_supported(&self) -> bool {
        matches!(self, Error::NotSupported { .. })
    }

    /// The OS error number behind this error, if there is one.
    pub fn raw_os_error(&self) -> Option<i32> {
        match self {
            Error::Io { source, .. } => source.raw_os_error(),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(source: io::Error) -> Self {
        Error::Io { path: None, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_psutil() {
        let e = Error::zombie_process(123, Some("foo".into()), Some(1));
        assert_eq!(e.to_string(), "PID still exists but it's a zombie (pid=123, ppid=1, name='foo')");
        assert!(e.is_no_such_process() && e.is_zombie());
        let e = Error::access_denied(Some(123), Some("foo".into()));
        assert_eq!(e.to_string(), "(pid=123, name='foo')");
        let e = Error::TimeoutExpired { seconds: 0.5, pid: Some(7), name: None };
        assert_eq!(e.to_string(), "timeout after 0.5 seconds (pid=7)");
        let e = Error::no_such_process(0, None);
        assert_eq!(e.to_string(), "process no longer exists (pid=0)");
    }

    #[test]
    fn io_error_keeps_path_and_errno() {
        let e = Error::io("/nope", io::Error::from_raw_os_error(libc::ENOENT));
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
        assert!(e.to_string().starts_with("/nope: "));
    }
}
