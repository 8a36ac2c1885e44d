//! System memory: psutil's `virtual_memory()` and `swap_memory()`.
//!
//! ```
//! # fn main() -> psutil_rs::Result<()> {
//! let vm = psutil_rs::virtual_memory()?;
//! assert_eq!(vm.used + vm.available, vm.total);
//! let sw = psutil_rs::swap_memory()?;
//! assert!(sw.used <= sw.total);
//! # Ok(())
//! # }
//! ```

use crate::paths;
use crate::sys::memory as imp;
use crate::Result;

/// System memory in bytes (psutil's `svmem`).
///
/// `total`, `available`, `percent`, `used` and `free` are portable; Linux adds `active`,
/// `inactive`, `buffers`, `cached`, `shared` and `slab` through
/// [`crate::os::linux::VirtualMemoryExt`], which also lists the fields that could not be
/// determined (psutil's `RuntimeWarning`). As in psutil 7, `used = total - available`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let vm = psutil_rs::virtual_memory()?;
/// assert!(vm.available <= vm.total && (0.0..=100.0).contains(&vm.percent));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VirtualMemory {
    /// Total physical memory (exclusive of swap).
    pub total: u64,
    /// Memory that can be given instantly to processes without the system going into swap.
    pub available: u64,
    /// `(total - available) / total * 100`, rounded to one decimal.
    pub percent: f64,
    /// Memory used: `total - available`.
    pub used: u64,
    /// Memory not being used at all (zeroed) that is readily available.
    pub free: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::VirtualMemoryOs,
}

/// Swap memory in bytes (psutil's `sswap`). `sin`/`sout` are the bytes swapped in/out
/// since boot (cumulative).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::swap_memory()?;
/// assert_eq!(s.used, s.total - s.free);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SwapMemory {
    /// Total swap memory.
    pub total: u64,
    /// Used swap memory: `total - free`.
    pub used: u64,
    /// Free swap memory.
    pub free: u64,
    /// `used / total * 100`, rounded to one decimal (0.0 without swap).
    pub percent: f64,
    /// Bytes swapped in from disk since boot.
    pub sin: u64,
    /// Bytes swapped out to disk since boot.
    pub sout: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::SwapMemoryOs,
}

/// psutil's `virtual_memory()`: `<proc>/meminfo` (kB × 1024) with psutil 7.2.2's formulas,
/// including the `<proc>/zoneinfo` estimate of `available` when `MemAvailable` is missing
/// or 0, and its clamping (`available < 0` → 0, `available > total` → `free`).
/// A missing `MemTotal`/`MemFree`, a malformed value, or a size beyond `u64` bytes is
/// [`crate::Error::Parse`]; other missing fields are 0 and listed by
/// [`crate::os::linux::VirtualMemoryExt::missing_fields`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let vm = psutil_rs::virtual_memory()?;
/// println!("{:.1}% of {} bytes used", vm.percent, vm.total);
/// # Ok(())
/// # }
/// ```
pub fn virtual_memory() -> Result<VirtualMemory> {
    imp::virtual_memory(&paths::current())
}

/// psutil's `swap_memory()`: `SwapTotal`/`SwapFree` of `<proc>/meminfo` (else `sysinfo(2)`),
/// `sin`/`sout` = `pswpin`/`pswpout` of `<proc>/vmstat` × 4096 (0 when missing).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::swap_memory()?;
/// assert!((0.0..=100.0).contains(&s.percent));
/// # Ok(())
/// # }
/// ```
pub fn swap_memory() -> Result<SwapMemory> {
    imp::swap_memory(&paths::current())
}
