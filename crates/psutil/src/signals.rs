//! Signal names and numbers of the platform this build targets, as Python's
//! `signal.Signals` spells them (`SIGTERM`): the table behind
//! [`crate::ExitStatus::signal_name`], for programs that take a signal by name (the
//! `psutil` tool's `killall --signal`). Where this build has no backend the table is
//! empty.
//!
//! ```
//! use psutil_rs::{signal_name, signal_number};
//! # #[cfg(target_os = "linux")] {
//! assert_eq!(signal_number("term"), Some(15));
//! assert_eq!(signal_name(15), Some("SIGTERM"));
//! # }
//! ```

use std::ops::RangeInclusive;

use crate::sys::process_ctl as imp;

/// Every named signal of this platform as `(name, number)`, sorted by number (empty where
/// this build has no backend).
///
/// ```
/// let all = psutil_rs::signal_names();
/// assert!(all.windows(2).all(|w| w[0].1 <= w[1].1));
/// # #[cfg(target_os = "linux")]
/// assert!(all.contains(&("SIGKILL", 9)));
/// ```
pub fn signal_names() -> Vec<(&'static str, i32)> {
    imp::signal_names()
}

/// The name of signal `sig` (`15` → `"SIGTERM"`), `None` when this platform does not name
/// it.
///
/// ```
/// assert_eq!(psutil_rs::signal_name(0), None);
/// # #[cfg(target_os = "linux")]
/// assert_eq!(psutil_rs::signal_name(9), Some("SIGKILL"));
/// ```
pub fn signal_name(sig: i32) -> Option<&'static str> {
    imp::signal_name(sig)
}

/// The number of the signal called `name`: `"TERM"`, `"SIGTERM"` and `"sigterm"` all
/// name the same one; `None` when this platform has no such signal.
///
/// ```
/// assert_eq!(psutil_rs::signal_number("NOPE"), None);
/// # #[cfg(target_os = "linux")]
/// assert_eq!(psutil_rs::signal_number("SIGkill"), Some(9));
/// ```
pub fn signal_number(name: &str) -> Option<i32> {
    let upper = name.trim().to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    imp::signal_names().into_iter().find(|(n, _)| n.strip_prefix("SIG") == Some(bare)).map(|(_, sig)| sig)
}

/// The real-time signals (`SIGRTMIN..=SIGRTMAX` as the C library reserves them), `None`
/// where the platform has none.
///
/// ```
/// # #[cfg(target_os = "linux")]
/// assert!(psutil_rs::realtime_signals().unwrap().contains(&40));
/// ```
pub fn realtime_signals() -> Option<RangeInclusive<i32>> {
    imp::realtime_signals()
}
