//! How a process ended ([`ExitStatus`]) and psutil's timeout validation.

use std::fmt;
use std::time::Duration;

use crate::{Error, Result};

/// How a process ended, as `Process::wait` reports it.
///
/// psutil returns a plain int for a normal exit and a negative `Negsignal` member for a
/// death by signal; [`ExitStatus::code`] gives that int, and the variants keep the two
/// cases apart.
///
/// ```
/// use psutil_rs::ExitStatus;
/// assert_eq!(ExitStatus::Exited(3).code(), 3);
/// assert_eq!(ExitStatus::Signaled(15).code(), -15);
/// assert_eq!(ExitStatus::Signaled(15).signal(), Some(15));
/// assert_eq!(ExitStatus::Exited(3).exit_code(), Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ExitStatus {
    /// It called `exit(n)` (or returned from `main`): `WEXITSTATUS`.
    Exited(i32),
    /// It was killed by this signal number: `WTERMSIG`.
    Signaled(i32),
}

impl ExitStatus {
    /// psutil's return value: the exit code, or the negated signal number.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ExitStatus::Signaled(9).code(), -9);
    /// ```
    pub fn code(&self) -> i32 {
        match *self {
            ExitStatus::Exited(c) => c,
            ExitStatus::Signaled(s) => -s,
        }
    }

    /// The exit code, if it exited normally.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ExitStatus::Signaled(9).exit_code(), None);
    /// ```
    pub fn exit_code(&self) -> Option<i32> {
        match *self {
            ExitStatus::Exited(c) => Some(c),
            ExitStatus::Signaled(_) => None,
        }
    }

    /// The signal that killed it, if one did.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ExitStatus::Exited(0).signal(), None);
    /// ```
    pub fn signal(&self) -> Option<i32> {
        match *self {
            ExitStatus::Exited(_) => None,
            ExitStatus::Signaled(s) => Some(s),
        }
    }

    /// The name of the `Negsignal` member psutil would return (`"SIGTERM"` for -15), when
    /// killed by a signal this platform names.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(psutil_rs::ExitStatus::Signaled(15).signal_name(), Some("SIGTERM"));
    /// assert_eq!(psutil_rs::ExitStatus::Exited(15).signal_name(), None);
    /// ```
    pub fn signal_name(&self) -> Option<&'static str> {
        self.signal().and_then(crate::sys::process_ctl::signal_name)
    }

    /// True when it exited with code 0.
    ///
    /// ```
    /// assert!(psutil_rs::ExitStatus::Exited(0).success());
    /// ```
    pub fn success(&self) -> bool {
        *self == ExitStatus::Exited(0)
    }
}

/// Shows psutil's int (`3`, `-15`).
impl fmt::Display for ExitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

#[cfg(unix)]
impl From<std::process::ExitStatus> for ExitStatus {
    fn from(s: std::process::ExitStatus) -> Self {
        use std::os::unix::process::ExitStatusExt;
        match (s.code(), s.signal()) {
            (Some(c), _) => ExitStatus::Exited(c),
            (None, Some(sig)) => ExitStatus::Signaled(sig),
            (None, None) => ExitStatus::Exited(s.into_raw()),
        }
    }
}

/// Validates a `Process::wait` timeout given in seconds, psutil's way:
/// negative or NaN → `InvalidArgument("timeout must be positive or zero (got -1)")`.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(psutil_rs::process::wait_timeout(0.5).unwrap(), Duration::from_millis(500));
/// let e = psutil_rs::process::wait_timeout(-1.0).unwrap_err();
/// assert_eq!(e.to_string(), "timeout must be positive or zero (got -1)");
/// ```
pub fn wait_timeout(seconds: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Error::invalid(format!("timeout must be positive or zero (got {seconds})")))
}

/// Validates a [`wait_procs`] timeout given in seconds, psutil's way:
/// negative or NaN → `InvalidArgument("timeout must be a positive integer, got -1")`.
///
/// ```
/// let e = psutil_rs::process::wait_procs_timeout(-1.0).unwrap_err();
/// assert_eq!(e.to_string(), "timeout must be a positive integer, got -1");
/// ```
pub fn wait_procs_timeout(seconds: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Error::invalid(format!("timeout must be a positive integer, got {seconds}")))
}
