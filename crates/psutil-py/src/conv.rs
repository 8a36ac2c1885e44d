//! Library types → plain Python values, in psutil's field order.

use psutil_rs::os::linux::CpuTimesExt;
use psutil_rs::CpuTimes;

/// `scputimes` values: the 7 base fields plus steal/guest/guest_nice when the kernel
/// has them.
pub fn scputimes(t: &CpuTimes) -> Vec<f64> {
    let mut v = vec![t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq()];
    for extra in [t.steal(), t.guest(), t.guest_nice()] {
        match extra {
            Some(x) => v.push(x),
            None => break,
        }
    }
    v
}
