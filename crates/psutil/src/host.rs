//! The host: boot time, logged-in users, and the C heap of this process
//! (psutil's `boot_time()`, `users()`, `heap_info()`, `heap_trim()`).
//!
//! ```
//! # fn main() -> psutil_rs::Result<()> {
//! let boot = psutil_rs::boot_time()?;
//! assert!(boot > 0.0);
//! for u in psutil_rs::users()? {
//!     println!("{} on {:?} from {}", u.name, u.terminal, u.host);
//! }
//! # Ok(())
//! # }
//! ```

use crate::paths;
use crate::sys::host as imp;
use crate::{Pid, Result};

/// A user logged in (psutil's `suser`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for u in psutil_rs::users()? {
///     assert!(u.started > 0.0);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct User {
    /// The user name.
    pub name: String,
    /// The tty or pseudo-tty, `None` when the entry has none.
    pub terminal: Option<String>,
    /// The remote host; `"localhost"` for local sessions (an empty host, `:0` or `:0.0`).
    pub host: String,
    /// Login time, seconds since the epoch.
    pub started: f64,
    /// The pid of the login process (e.g. sshd, login), when known.
    pub pid: Option<Pid>,
}

/// Statistics of this process's C heap allocator (psutil's `pheap`), in bytes. On
/// Windows, psutil's third field `heap_count` is read through
/// `os::windows::HeapInfoExt`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let h = psutil_rs::heap_info()?;
/// assert!(h.heap_used > 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HeapInfo {
    /// Bytes allocated with malloc and not freed, outside mmap'ed chunks (glibc `uordblks`).
    pub heap_used: u64,
    /// Bytes in chunks allocated with mmap, i.e. large allocations (glibc `hblkhd`).
    pub mmap_used: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::HeapInfoOs,
}

/// psutil's `boot_time()`: system boot time in seconds since the epoch (`btime` of
/// `<proc>/stat`). A stat without `btime` is an [`crate::Error::Parse`].
///
/// Like psutil's, it follows steps of the wall clock. On Linux the real `/proc/stat` is
/// read again only when they may have moved `btime`: the kernel prints it as the whole
/// seconds of `CLOCK_REALTIME` − `CLOCK_BOOTTIME`, which the call compares (two vDSO
/// clock reads, no system call) with the value they had when the file was last read.
/// Below another `/proc` root (`paths::set_procfs_path`) the file is read at each call.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let boot = psutil_rs::boot_time()?;
/// let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
/// assert!(boot <= now);
/// # Ok(())
/// # }
/// ```
pub fn boot_time() -> Result<f64> {
    imp::boot_time(&paths::current())
}

/// psutil's `users()`: the `USER_PROCESS` entries of the system's utmp database (not
/// below the configurable roots). Empty when nobody is logged in or utmp is empty.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let users = psutil_rs::users()?;
/// assert!(users.iter().all(|u| !u.host.is_empty()));
/// # Ok(())
/// # }
/// ```
pub fn users() -> Result<Vec<User>> {
    imp::users()
}

/// psutil's `heap_info()`: glibc's `mallinfo2()` (or the older `mallinfo()`) for the
/// calling process. Not supported with other C libraries. On Windows: the busy blocks of
/// the process heap (`HeapWalk`), the committed private regions no heap owns
/// (`VirtualQuery`), and the heap count (`os::windows::HeapInfoExt`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let before = psutil_rs::heap_info()?;
/// let big = vec![1u8; 64 << 20]; // above the mmap threshold
/// assert!(psutil_rs::heap_info()?.mmap_used >= before.mmap_used + (64 << 20));
/// drop(big);
/// # Ok(())
/// # }
/// ```
pub fn heap_info() -> Result<HeapInfo> {
    imp::heap_info()
}

/// psutil's `heap_trim()`: asks the allocator to return unused heap memory to the OS
/// (`malloc_trim(0)`; `HeapCompact` of the process heap on Windows); whether it did is not
/// reported.
///
/// ```
/// psutil_rs::heap_trim().unwrap();
/// ```
pub fn heap_trim() -> Result<()> {
    imp::heap_trim()
}
