//! psutil's Windows priority classes: the values that `Process::nice()` returns and
//! `Process::set_nice()` takes on Windows (`GetPriorityClass`/`SetPriorityClass`).

use windows_sys::Win32::System::Threading as threading;

/// psutil's `IDLE_PRIORITY_CLASS` (0x40).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::IDLE_PRIORITY_CLASS, 0x40);
/// ```
pub const IDLE_PRIORITY_CLASS: i32 = threading::IDLE_PRIORITY_CLASS as i32;
/// psutil's `BELOW_NORMAL_PRIORITY_CLASS` (0x4000).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::BELOW_NORMAL_PRIORITY_CLASS, 0x4000);
/// ```
pub const BELOW_NORMAL_PRIORITY_CLASS: i32 = threading::BELOW_NORMAL_PRIORITY_CLASS as i32;
/// psutil's `NORMAL_PRIORITY_CLASS` (0x20), what a process starts with.
///
/// ```
/// let me = psutil_rs::Process::current().unwrap();
/// assert_eq!(me.nice().unwrap(), psutil_rs::os::windows::NORMAL_PRIORITY_CLASS);
/// ```
pub const NORMAL_PRIORITY_CLASS: i32 = threading::NORMAL_PRIORITY_CLASS as i32;
/// psutil's `ABOVE_NORMAL_PRIORITY_CLASS` (0x8000).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::ABOVE_NORMAL_PRIORITY_CLASS, 0x8000);
/// ```
pub const ABOVE_NORMAL_PRIORITY_CLASS: i32 = threading::ABOVE_NORMAL_PRIORITY_CLASS as i32;
/// psutil's `HIGH_PRIORITY_CLASS` (0x80).
///
/// ```
/// assert_eq!(psutil_rs::os::windows::HIGH_PRIORITY_CLASS, 0x80);
/// ```
pub const HIGH_PRIORITY_CLASS: i32 = threading::HIGH_PRIORITY_CLASS as i32;
/// psutil's `REALTIME_PRIORITY_CLASS` (0x100); setting it needs a privilege, without which
/// Windows gives `HIGH_PRIORITY_CLASS` instead.
///
/// ```
/// assert_eq!(psutil_rs::os::windows::REALTIME_PRIORITY_CLASS, 0x100);
/// ```
pub const REALTIME_PRIORITY_CLASS: i32 = threading::REALTIME_PRIORITY_CLASS as i32;
