//! The kernel clock discipline (`adjtimex(2)`) and `uname(2)`.

use crate::sys::linux::kstat::syscalls;
use crate::Result;

/// What `adjtimex(2)` reports, raw (see `adjtimex(2)` for units: `offset` and `jitter` are
/// ns when `status` has `STA_NANO` (0x2000), else µs; `freq`, `ppsfreq` and `stabil` are
/// ppm with a 16-bit fraction; `maxerror`, `esterror` and `tick` are µs).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::os::linux::timex()?;
/// assert!((0..=5).contains(&t.state)); // TIME_OK .. TIME_ERROR
/// assert!(t.tick > 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Timex {
    /// The call's return value: the clock state (`TIME_OK` 0 … `TIME_ERROR` 5).
    pub state: i32,
    /// Time offset (ns or µs, see above).
    pub offset: i64,
    /// Frequency offset (ppm, 16-bit fraction).
    pub freq: i64,
    /// Maximum error (µs).
    pub maxerror: i64,
    /// Estimated error (µs).
    pub esterror: i64,
    /// Clock status bits (`STA_*`).
    pub status: i32,
    /// PLL time constant.
    pub constant: i64,
    /// Clock precision (µs).
    pub precision: i64,
    /// Maximum frequency tolerance (ppm, 16-bit fraction).
    pub tolerance: i64,
    /// Microseconds between clock ticks.
    pub tick: i64,
    /// PPS frequency (ppm, 16-bit fraction).
    pub ppsfreq: i64,
    /// PPS jitter (ns or µs).
    pub jitter: i64,
    /// PPS interval duration (log2 seconds).
    pub shift: i32,
    /// PPS stability (ppm, 16-bit fraction).
    pub stabil: i64,
    /// PPS jitter limit exceeded count.
    pub jitcnt: i64,
    /// PPS calibration intervals.
    pub calcnt: i64,
    /// PPS calibration errors.
    pub errcnt: i64,
    /// PPS stability limit exceeded count.
    pub stbcnt: i64,
    /// TAI offset (s).
    pub tai: i32,
}

/// Reads the kernel clock discipline with `adjtimex(2)` (`modes = 0`: nothing is changed).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::timex()?.tick > 0);
/// # Ok(())
/// # }
/// ```
pub fn timex() -> Result<Timex> {
    syscalls::timex()
}

/// `uname(2)`'s fields.
///
/// ```
/// let u = psutil_rs::os::linux::uname();
/// assert_eq!(u.sysname, "Linux");
/// assert!(!u.release.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Uname {
    /// `Linux`.
    pub sysname: String,
    /// The host name.
    pub nodename: String,
    /// Kernel release (`6.1.0-18-amd64`).
    pub release: String,
    /// Kernel build (`#1 SMP PREEMPT_DYNAMIC ...`).
    pub version: String,
    /// Hardware (`x86_64`).
    pub machine: String,
    /// NIS domain name (`(none)` when unset).
    pub domainname: String,
}

/// Calls `uname(2)`.
///
/// ```
/// assert!(!psutil_rs::os::linux::uname().machine.is_empty());
/// ```
pub fn uname() -> Uname {
    syscalls::uname()
}
