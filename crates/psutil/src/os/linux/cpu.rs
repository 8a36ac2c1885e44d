//! Linux extension traits: cpu.

use crate::cpu::CpuTimes;

/// The Linux-only fields of [`CpuTimes`] (psutil's `scputimes` on Linux), in seconds.
/// `steal`, `guest` and `guest_nice` are `None` when the kernel's `/proc/stat` line lacks
/// them (before Linux 2.6.11, 2.6.24 and 3.2.0), as psutil leaves them out.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::linux::CpuTimesExt;
/// let t = psutil_rs::cpu_times()?;
/// assert!(t.iowait() >= 0.0 && t.irq() >= 0.0 && t.softirq() >= 0.0);
/// if let Some(steal) = t.steal() {
///     assert!(steal >= 0.0);
/// }
/// # Ok(())
/// # }
/// ```
pub trait CpuTimesExt {
    /// Time spent waiting for I/O to complete (not counted in `idle`).
    fn iowait(&self) -> f64;
    /// Time spent servicing hardware interrupts.
    fn irq(&self) -> f64;
    /// Time spent servicing software interrupts.
    fn softirq(&self) -> f64;
    /// Time stolen by the hypervisor for other guests (Linux ≥ 2.6.11).
    fn steal(&self) -> Option<f64>;
    /// Time spent running a virtual CPU for guests (Linux ≥ 2.6.24); included in `user`.
    fn guest(&self) -> Option<f64>;
    /// Time spent running a niced guest (Linux ≥ 3.2.0); included in `nice`.
    fn guest_nice(&self) -> Option<f64>;
}

impl CpuTimesExt for CpuTimes {
    fn iowait(&self) -> f64 {
        self.os.iowait
    }
    fn irq(&self) -> f64 {
        self.os.irq
    }
    fn softirq(&self) -> f64 {
        self.os.softirq
    }
    fn steal(&self) -> Option<f64> {
        self.os.steal
    }
    fn guest(&self) -> Option<f64> {
        self.os.guest
    }
    fn guest_nice(&self) -> Option<f64> {
        self.os.guest_nice
    }
}
