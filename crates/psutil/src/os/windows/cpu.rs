//! The Windows-only fields of [`CpuTimes`].

use crate::CpuTimes;

/// psutil's Windows `cpu_times()` fields `interrupt` and `dpc`, in seconds (from
/// SystemProcessorPerformanceInformation; 0 under Wine 8, which does not fill them).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::windows::CpuTimesExt;
/// let t = psutil_rs::cpu_times()?;
/// assert!(t.interrupt() >= 0.0 && t.dpc() >= 0.0);
/// # Ok(())
/// # }
/// ```
pub trait CpuTimesExt {
    /// Time spent servicing hardware interrupts.
    fn interrupt(&self) -> f64;
    /// Time spent servicing deferred procedure calls.
    fn dpc(&self) -> f64;
}

impl CpuTimesExt for CpuTimes {
    fn interrupt(&self) -> f64 {
        self.os.interrupt
    }
    fn dpc(&self) -> f64 {
        self.os.dpc
    }
}
