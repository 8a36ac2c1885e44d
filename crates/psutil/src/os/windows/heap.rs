//! The Windows-only field of [`HeapInfo`].

use crate::HeapInfo;

/// psutil's Windows `heap_info()` field `heap_count`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::HeapInfoExt;
/// assert!(psutil_rs::heap_info()?.heap_count() >= 1);
/// # Ok(())
/// # }
/// ```
pub trait HeapInfoExt {
    /// The number of heaps of this process (`GetProcessHeaps`): the process heap plus one
    /// per `HeapCreate` without its `HeapDestroy`.
    fn heap_count(&self) -> u64;
}

impl HeapInfoExt for HeapInfo {
    fn heap_count(&self) -> u64 {
        self.os.heap_count
    }
}
