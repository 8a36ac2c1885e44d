//! System CPU: times, utilization percentages, counts, statistics, frequencies and the
//! load average — psutil's `cpu_*` functions and `getloadavg()`.
//!
//! psutil's `percpu=True` variants are separate functions here (`cpu_times_percpu`, ...).
//! The stateful percentages keep psutil 7's per-thread state; [`CpuSampler`] offers the
//! same state as an explicit object.
//!
//! ```
//! # fn main() -> psutil_rs::Result<()> {
//! let t = psutil_rs::cpu_times()?;
//! assert!(t.user >= 0.0 && t.idle >= 0.0);
//! let pct = psutil_rs::cpu_percent(None)?;
//! assert!((0.0..=100.0).contains(&pct));
//! # Ok(())
//! # }
//! ```

use std::cell::RefCell;
use std::time::Duration;

use crate::paths;
use crate::sys::cpu as imp;
use crate::Result;

/// System CPU times in seconds (psutil's `scputimes`).
///
/// The portable fields are public; Linux adds `iowait`, `irq`, `softirq` and the
/// kernel-dependent `steal`, `guest`, `guest_nice`, read through
/// [`crate::os::linux::CpuTimesExt`]. Serialized, the fields come in psutil's order
/// (`user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice`), and a field
/// the kernel does not report is left out, as psutil leaves it out of the namedtuple.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::cpu_times()?;
/// println!("user={} system={} idle={}", t.user, t.system, t.idle);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CpuTimes {
    /// Time spent by normal processes executing in user mode (on Linux this includes guest time).
    pub user: f64,
    /// Time spent by niced (prioritized) processes executing in user mode (on Linux this
    /// includes guest_nice time).
    #[cfg(unix)]
    pub nice: f64,
    /// Time spent by processes executing in kernel mode.
    pub system: f64,
    /// Time spent doing nothing.
    pub idle: f64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::CpuTimesOs,
}

impl CpuTimes {
    /// Field-wise `f(self, other)` over every field present on both sides.
    fn zip(&self, other: &CpuTimes, f: impl Fn(f64, f64) -> f64 + Copy) -> CpuTimes {
        CpuTimes {
            user: f(self.user, other.user),
            #[cfg(unix)]
            nice: f(self.nice, other.nice),
            system: f(self.system, other.system),
            idle: f(self.idle, other.idle),
            os: self.os.zip(&other.os, f),
        }
    }

    /// psutil's `_cpu_tot_time`: the sum of all fields minus the guest times (Linux counts
    /// them in user and nice already).
    fn total(&self) -> f64 {
        let mut acc = self.user;
        #[cfg(unix)]
        {
            acc += self.nice;
        }
        acc += self.system;
        acc += self.idle;
        let mut tot = self.os.fold_sum(acc);
        let (guest, guest_nice) = self.os.guest_parts();
        tot -= guest;
        tot -= guest_nice;
        tot
    }

    /// psutil's `_cpu_busy_time`: total minus idle minus iowait.
    fn busy(&self) -> f64 {
        self.total() - self.idle - self.os.iowait()
    }
}

/// CPU statistics (psutil's `scpustats`). On Linux `syscalls` is always 0, as in psutil.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::cpu_stats()?;
/// assert!(s.ctx_switches > 0 && s.syscalls == 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CpuStats {
    /// Context switches (voluntary + involuntary) since boot.
    pub ctx_switches: u64,
    /// Interrupts since boot.
    pub interrupts: u64,
    /// Software interrupts since boot.
    pub soft_interrupts: u64,
    /// System calls since boot (always 0 on Linux).
    pub syscalls: u64,
}

/// CPU frequency in MHz (psutil's `scpufreq`). When only `/proc/cpuinfo` is available,
/// `min` and `max` are 0.0, as in psutil.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(f) = psutil_rs::cpu_freq()? {
///     assert!(f.current >= 0.0);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CpuFreq {
    /// Current frequency, MHz.
    pub current: f64,
    /// Minimum frequency, MHz (0.0 when unknown).
    pub min: f64,
    /// Maximum frequency, MHz (0.0 when unknown).
    pub max: f64,
}

/// System-wide CPU times, psutil's `cpu_times()`: the `cpu` line of `<proc>/stat`, in
/// seconds (jiffies / `CLK_TCK`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::cpu_times()?;
/// assert!(t.idle > 0.0);
/// # Ok(())
/// # }
/// ```
pub fn cpu_times() -> Result<CpuTimes> {
    imp::cpu_times(&paths::current())
}

/// Per-CPU times, psutil's `cpu_times(percpu=True)`: one entry per `cpuN` line, in order.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let per = psutil_rs::cpu_times_percpu()?;
/// assert!(!per.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn cpu_times_percpu() -> Result<Vec<CpuTimes>> {
    imp::cpu_times_percpu(&paths::current())
}

/// psutil's `cpu_count(logical)`: logical CPUs online (`sysconf(_SC_NPROCESSORS_ONLN)`, not
/// limited by affinity or cgroups) or, with `logical == false`, physical cores. `None` when
/// undetermined. Not cached.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let logical = psutil_rs::cpu_count(true)?.unwrap_or(1);
/// if let Some(cores) = psutil_rs::cpu_count(false)? {
///     assert!(cores <= logical);
/// }
/// # Ok(())
/// # }
/// ```
pub fn cpu_count(logical: bool) -> Result<Option<usize>> {
    let roots = paths::current();
    let n = if logical { imp::cpu_count_logical(&roots)? } else { imp::cpu_count_cores(&roots)? };
    Ok(n.filter(|&n| n >= 1))
}

/// The online logical CPUs as `sysconf(_SC_NPROCESSORS_ONLN)` counts them, psutil's
/// first source for `cpu_count()`; `None` when it gives none (then [`cpu_count`] tries
/// psutil's file fallbacks). On glibc this reads the file glibc reads,
/// `/sys/devices/system/cpu/online`, through a descriptor kept open (close-on-exec),
/// with one `pread` instead of glibc's open, read and close.
///
/// ```
/// if let Some(n) = psutil_rs::cpu_count_online() {
///     assert_eq!(psutil_rs::cpu_count(true).unwrap(), Some(n));
/// }
/// ```
pub fn cpu_count_online() -> Option<usize> {
    imp::cpu_count_online()
}

/// psutil's `cpu_stats()`: context switches, interrupts and soft interrupts since boot
/// (`ctxt`, `intr` and `softirq` of `<proc>/stat`). Where psutil would return `None` for a
/// missing line, this returns [`crate::Error::Parse`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::cpu_stats()?;
/// assert!(s.interrupts > 0);
/// # Ok(())
/// # }
/// ```
pub fn cpu_stats() -> Result<CpuStats> {
    imp::cpu_stats(&paths::current())
}

/// psutil's `cpu_freq(percpu=True)`: one entry per cpufreq policy (or per CPU from
/// `/proc/cpuinfo` when there is no cpufreq in sysfs). An offline CPU gives zeros.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for f in psutil_rs::cpu_freq_percpu()? {
///     assert!(f.current >= 0.0 && f.min >= 0.0 && f.max >= 0.0);
/// }
/// # Ok(())
/// # }
/// ```
pub fn cpu_freq_percpu() -> Result<Vec<CpuFreq>> {
    imp::cpu_freq_percpu(&paths::current())
}

/// psutil's `cpu_freq()`: `None` when no frequency is known, the single entry when there
/// is one, else the average of each field over [`cpu_freq_percpu`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let avg = psutil_rs::cpu_freq()?;
/// assert_eq!(avg.is_none(), psutil_rs::cpu_freq_percpu()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn cpu_freq() -> Result<Option<CpuFreq>> {
    Ok(average_freq(&cpu_freq_percpu()?))
}

fn average_freq(all: &[CpuFreq]) -> Option<CpuFreq> {
    match all {
        [] => None,
        [one] => Some(*one),
        _ => {
            let n = all.len() as f64;
            let (mut c, mut lo, mut hi) = (0.0, 0.0, 0.0);
            for f in all {
                c += f.current;
                lo += f.min;
                hi += f.max;
            }
            Some(CpuFreq { current: c / n, min: lo / n, max: hi / n })
        }
    }
}

/// psutil's `getloadavg()`: the 1, 5 and 15 minute load averages, from libc's
/// `getloadavg(3)` as Python's `os.getloadavg()` (with the real `/proc`), or parsed from
/// `<proc>/loadavg` when the roots point elsewhere.
///
/// On Windows, psutil's emulation: exponential averages of the threads waiting for a
/// processor, with psutil's 5 s step and factors, but sampled at each call instead of by
/// a background sampler (no thread is kept); the process's first call returns zeros, as
/// psutil's. docs/coverage.md states the difference.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let (one, five, fifteen) = psutil_rs::getloadavg()?;
/// assert!(one >= 0.0 && five >= 0.0 && fifteen >= 0.0);
/// # Ok(())
/// # }
/// ```
pub fn getloadavg() -> Result<(f64, f64, f64)> {
    imp::getloadavg(&paths::current())
}

/// Utilization between two samples, psutil's `cpu_percent` calculation: per-field deltas
/// clamped at 0, `total` = their sum minus guest and guest_nice, `busy` = total − idle −
/// iowait, result `round(busy / total * 100, 1)` (0.0 when total is 0).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::cpu_times()?;
/// assert_eq!(psutil_rs::cpu_percent_between(&t, &t), 0.0);
/// # Ok(())
/// # }
/// ```
pub fn cpu_percent_between(t1: &CpuTimes, t2: &CpuTimes) -> f64 {
    let delta = t2.zip(t1, |b, a| (b - a).max(0.0));
    let all = delta.total();
    if all == 0.0 {
        return 0.0;
    }
    crate::disk::round1(delta.busy() / all * 100.0)
}

/// Per-field percentages between two samples, psutil's `cpu_times_percent` calculation:
/// each clamped delta × `100 / max(1, total)`, rounded to one decimal and clamped to
/// [0, 100]. Like psutil, the divisor is never below 1 second, so totals under one second
/// (short intervals) give percentages that do not add up to 100.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::cpu_times()?;
/// assert_eq!(psutil_rs::cpu_times_percent_between(&t, &t).user, 0.0);
/// # Ok(())
/// # }
/// ```
pub fn cpu_times_percent_between(t1: &CpuTimes, t2: &CpuTimes) -> CpuTimes {
    let delta = t2.zip(t1, |b, a| (b - a).max(0.0));
    let all = delta.total();
    let scale = 100.0 / if all > 1.0 { all } else { 1.0 };
    delta.zip(&delta, |d, _| crate::disk::round1(d * scale).clamp(0.0, 100.0))
}

/// The state of psutil's stateful percentages as an explicit object: the last system-wide
/// and the last per-CPU sample. The module functions ([`cpu_percent`], ...) use two such
/// samplers per thread (one for `cpu_percent`, one for `cpu_times_percent`, as psutil keeps
/// separate state for them); a `CpuSampler` of your own is not disturbed by them.
///
/// All four methods of one sampler share its samples, so use one sampler per series.
/// An `interval` of `None` or zero does not block and compares with the previous sample,
/// or with a fresh one on the first call (giving ≈0.0). psutil's `ValueError` for a
/// negative interval cannot happen: a [`Duration`] is never negative.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use std::time::Duration;
/// let mut s = psutil_rs::CpuSampler::new();
/// let pct = s.cpu_percent(Some(Duration::from_millis(50)))?;
/// assert!((0.0..=100.0).contains(&pct));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct CpuSampler {
    last: Option<CpuTimes>,
    last_percpu: Option<Vec<CpuTimes>>,
}

impl CpuSampler {
    /// A sampler with no sample yet: the first non-blocking call returns ≈0.0.
    ///
    /// ```
    /// let mut s = psutil_rs::CpuSampler::new();
    /// assert!(s.cpu_percent(None).is_ok());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A sampler seeded with the current samples, as psutil seeds its state at import:
    /// the first non-blocking call then measures the time since this call.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let mut s = psutil_rs::CpuSampler::primed()?;
    /// let per = s.cpu_percent_percpu(None)?;
    /// assert_eq!(per.len(), psutil_rs::cpu_times_percpu()?.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn primed() -> Result<Self> {
        Ok(CpuSampler { last: Some(cpu_times()?), last_percpu: Some(cpu_times_percpu()?) })
    }

    fn pair(&mut self, interval: Option<Duration>) -> Result<(CpuTimes, CpuTimes)> {
        sample(&mut self.last, interval, cpu_times)
    }

    fn pair_percpu(&mut self, interval: Option<Duration>) -> Result<(Vec<CpuTimes>, Vec<CpuTimes>)> {
        // psutil's `last or cpu_times(percpu=True)`: an empty list counts as no sample.
        if self.last_percpu.as_ref().is_some_and(|v| v.is_empty()) {
            self.last_percpu = None;
        }
        sample(&mut self.last_percpu, interval, cpu_times_percpu)
    }

    /// psutil's `cpu_percent(interval)` on this sampler's state.
    ///
    /// ```
    /// let mut s = psutil_rs::CpuSampler::new();
    /// let p = s.cpu_percent(None).unwrap_or(0.0);
    /// assert!((0.0..=100.0).contains(&p));
    /// ```
    pub fn cpu_percent(&mut self, interval: Option<Duration>) -> Result<f64> {
        let (t1, t2) = self.pair(interval)?;
        Ok(cpu_percent_between(&t1, &t2))
    }

    /// psutil's `cpu_percent(interval, percpu=True)` on this sampler's state.
    ///
    /// ```
    /// let mut s = psutil_rs::CpuSampler::new();
    /// for p in s.cpu_percent_percpu(None).unwrap_or_default() {
    ///     assert!((0.0..=100.0).contains(&p));
    /// }
    /// ```
    pub fn cpu_percent_percpu(&mut self, interval: Option<Duration>) -> Result<Vec<f64>> {
        let (t1, t2) = self.pair_percpu(interval)?;
        Ok(t1.iter().zip(&t2).map(|(a, b)| cpu_percent_between(a, b)).collect())
    }

    /// psutil's `cpu_times_percent(interval)` on this sampler's state.
    ///
    /// ```
    /// let mut s = psutil_rs::CpuSampler::new();
    /// if let Ok(p) = s.cpu_times_percent(None) {
    ///     assert!((0.0..=100.0).contains(&p.idle));
    /// }
    /// ```
    pub fn cpu_times_percent(&mut self, interval: Option<Duration>) -> Result<CpuTimes> {
        let (t1, t2) = self.pair(interval)?;
        Ok(cpu_times_percent_between(&t1, &t2))
    }

    /// psutil's `cpu_times_percent(interval, percpu=True)` on this sampler's state.
    ///
    /// ```
    /// let mut s = psutil_rs::CpuSampler::new();
    /// for p in s.cpu_times_percent_percpu(None).unwrap_or_default() {
    ///     assert!((0.0..=100.0).contains(&p.user));
    /// }
    /// ```
    pub fn cpu_times_percent_percpu(&mut self, interval: Option<Duration>) -> Result<Vec<CpuTimes>> {
        let (t1, t2) = self.pair_percpu(interval)?;
        Ok(t1.iter().zip(&t2).map(|(a, b)| cpu_times_percent_between(a, b)).collect())
    }
}

/// psutil's sampling: blocking → a fresh sample, sleep, a second one; otherwise the
/// stored sample (or a fresh one) and a new one. The stored sample becomes the newest.
fn sample<T: Clone>(
    last: &mut Option<T>,
    interval: Option<Duration>,
    read: fn() -> Result<T>,
) -> Result<(T, T)> {
    let t1 = match (interval.filter(|d| !d.is_zero()), &*last) {
        (Some(d), _) => {
            let t1 = read()?;
            std::thread::sleep(d);
            t1
        }
        (None, Some(t)) => t.clone(),
        (None, None) => read()?,
    };
    let t2 = read()?;
    *last = Some(t2.clone());
    Ok((t1, t2))
}

thread_local! {
    static PERCENT_STATE: RefCell<CpuSampler> = RefCell::new(CpuSampler::new());
    static TIMES_PERCENT_STATE: RefCell<CpuSampler> = RefCell::new(CpuSampler::new());
}

fn with_state<T>(
    key: &'static std::thread::LocalKey<RefCell<CpuSampler>>,
    f: impl FnOnce(&mut CpuSampler) -> Result<T>,
) -> Result<T> {
    key.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Unreachable in practice (no re-entrancy); a throwaway state beats a panic.
        Err(_) => f(&mut CpuSampler::new()),
    })
}

/// psutil's `cpu_percent(interval)`: system-wide utilization in percent.
///
/// With an interval, compares samples taken before and after sleeping it (blocking).
/// With `None` or zero, compares with the previous call made **in this thread** and
/// returns at once; the first call in a thread returns ≈0.0, which should be ignored
/// (psutil seeds its state at import instead; use [`CpuSampler::primed`] for that).
/// psutil's `ValueError` for a negative interval belongs to the Python layer: a
/// [`Duration`] cannot be negative.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use std::time::Duration;
/// let pct = psutil_rs::cpu_percent(Some(Duration::from_millis(50)))?;
/// assert!((0.0..=100.0).contains(&pct));
/// # Ok(())
/// # }
/// ```
pub fn cpu_percent(interval: Option<Duration>) -> Result<f64> {
    with_state(&PERCENT_STATE, |s| s.cpu_percent(interval))
}

/// psutil's `cpu_percent(interval, percpu=True)`: one percentage per CPU.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let per = psutil_rs::cpu_percent_percpu(None)?;
/// assert_eq!(per.len(), psutil_rs::cpu_times_percpu()?.len());
/// # Ok(())
/// # }
/// ```
pub fn cpu_percent_percpu(interval: Option<Duration>) -> Result<Vec<f64>> {
    with_state(&PERCENT_STATE, |s| s.cpu_percent_percpu(interval))
}

/// psutil's `cpu_times_percent(interval)`: the share of each CPU time field, in percent.
/// Its state is separate from [`cpu_percent`]'s.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let p = psutil_rs::cpu_times_percent(None)?;
/// assert!((0.0..=100.0).contains(&p.system));
/// # Ok(())
/// # }
/// ```
pub fn cpu_times_percent(interval: Option<Duration>) -> Result<CpuTimes> {
    with_state(&TIMES_PERCENT_STATE, |s| s.cpu_times_percent(interval))
}

/// psutil's `cpu_times_percent(interval, percpu=True)`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let per = psutil_rs::cpu_times_percent_percpu(None)?;
/// assert!(per.iter().all(|p| (0.0..=100.0).contains(&p.idle)));
/// # Ok(())
/// # }
/// ```
pub fn cpu_times_percent_percpu(interval: Option<Duration>) -> Result<Vec<CpuTimes>> {
    with_state(&TIMES_PERCENT_STATE, |s| s.cpu_times_percent_percpu(interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_frequencies() {
        assert_eq!(average_freq(&[]), None);
        let one = CpuFreq { current: 1.0, min: 2.0, max: 3.0 };
        assert_eq!(average_freq(&[one]), Some(one));
        let two = CpuFreq { current: 3.0, min: 0.0, max: 5.0 };
        assert_eq!(average_freq(&[one, two]), Some(CpuFreq { current: 2.0, min: 1.0, max: 4.0 }));
    }
}
