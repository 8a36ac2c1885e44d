//! FreeBSD backend: CPU. `kern.cp_time(s)` at `kern.clockrate`'s `stathz`, `hw.ncpu`,
//! `kern.smp.cores` (else `kern.sched.topology_spec`), `vm.stats.sys.*`, `getloadavg`.

use super::{ffi, parse};
use crate::cpu::{CpuStats, CpuTimes};
use crate::paths::Roots;
use crate::sys::unix::sysctl;
use crate::Result;

/// The FreeBSD-only field of `CpuTimes`: time servicing interrupts (`CP_INTR`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct CpuTimesOs {
    pub(crate) irq: f64,
}

impl CpuTimesOs {
    /// Field-wise `f(a, b)`.
    pub(crate) fn zip(&self, other: &Self, f: impl Fn(f64, f64) -> f64) -> Self {
        CpuTimesOs { irq: f(self.irq, other.irq) }
    }

    /// `acc` plus `irq` (psutil sums every field).
    pub(crate) fn fold_sum(&self, acc: f64) -> f64 {
        acc + self.irq
    }

    /// No guest times on FreeBSD.
    pub(crate) fn guest_parts(&self) -> (f64, f64) {
        (0.0, 0.0)
    }

    /// No iowait on FreeBSD.
    pub(crate) fn iowait(&self) -> f64 {
        0.0
    }
}

/// The tick rate: `stathz`, or the 128 psutil 7.2.2 assumes when it cannot be read.
fn hz() -> u64 {
    ffi::stathz().unwrap_or(128)
}

fn times_of(ticks: [i64; 5], hz: u64) -> CpuTimes {
    let [user, nice, system, idle, irq] = parse::cpu_times_of(ticks, hz);
    CpuTimes { user, nice, system, idle, os: CpuTimesOs { irq } }
}

/// psutil's `cpu_times()`: `kern.cp_time`.
pub(crate) fn cpu_times(_roots: &Roots) -> Result<CpuTimes> {
    let buf = sysctl::growing_name(c"kern.cp_time")?;
    let cpus = parse::cp_times(&buf).map_err(|e| e.into_error("kern.cp_time"))?;
    let ticks = cpus.first().copied().ok_or_else(|| crate::Error::parse("kern.cp_time", "empty"))?;
    Ok(times_of(ticks, hz()))
}

/// psutil's `cpu_times(percpu=True)`: `kern.cp_times`, whatever its length (psutil 7.2.2
/// requires exactly `hw.ncpu` CPUs, gh-2791).
pub(crate) fn cpu_times_percpu(_roots: &Roots) -> Result<Vec<CpuTimes>> {
    let buf = sysctl::growing_name(c"kern.cp_times")?;
    let hz = hz();
    Ok(parse::cp_times(&buf)
        .map_err(|e| e.into_error("kern.cp_times"))?
        .into_iter()
        .map(|t| times_of(t, hz))
        .collect())
}

fn ncpu() -> Option<usize> {
    let buf: [u8; 4] = sysctl::fixed_mib(&[libc::CTL_HW, libc::HW_NCPU]).ok()?;
    usize::try_from(i32::from_ne_bytes(buf)).ok().filter(|&n| n > 0)
}

/// `hw.ncpu`; any error is `None`.
pub(crate) fn cpu_count_logical(_roots: &Roots) -> Result<Option<usize>> {
    Ok(ncpu())
}

/// `hw.ncpu` as well.
pub(crate) fn cpu_count_online() -> Option<usize> {
    ncpu()
}

/// `kern.smp.cores` (psutil's development branch, gh-2782), else psutil 7.2.2's count
/// from `kern.sched.topology_spec`; one logical CPU means one core.
pub(crate) fn cpu_count_cores(_roots: &Roots) -> Result<Option<usize>> {
    if let Some(n) =
        sysctl::int_name(c"kern.smp.cores").ok().and_then(|n| usize::try_from(n).ok()).filter(|&n| n > 0)
    {
        return Ok(Some(n));
    }
    let xml = sysctl::growing_name(c"kern.sched.topology_spec").ok();
    let cores = xml.and_then(|b| parse::topology_cores(&String::from_utf8_lossy(&b)));
    Ok(cores.or_else(|| (ncpu() == Some(1)).then_some(1)))
}

/// `vm.stats.sys.v_swtch`, `v_intr`, `v_soft`, `v_syscall`.
pub(crate) fn cpu_stats(_roots: &Roots) -> Result<CpuStats> {
    Ok(CpuStats {
        ctx_switches: sysctl::u32_name(c"vm.stats.sys.v_swtch")?,
        interrupts: sysctl::u32_name(c"vm.stats.sys.v_intr")?,
        soft_interrupts: sysctl::u32_name(c"vm.stats.sys.v_soft")?,
        syscalls: sysctl::u32_name(c"vm.stats.sys.v_syscall")?,
    })
}

/// `getloadavg(3)`.
pub(crate) fn getloadavg(_roots: &Roots) -> Result<(f64, f64, f64)> {
    Ok(sysctl::load_average()?)
}

/// psutil's `cpu_freq(percpu=True)`: `dev.cpu.N.freq` (CPUs without it are skipped) and
/// the range of `dev.cpu.N.freq_levels` (read whatever its length; psutil 7.2.2 fails on
/// it, gh-2795), 0 when unknown.
pub(crate) fn cpu_freq_percpu(_roots: &Roots) -> Result<Vec<crate::cpu::CpuFreq>> {
    let mut out = Vec::new();
    for cpu in 0..ncpu().unwrap_or(0) {
        let Ok(name) = std::ffi::CString::new(format!("dev.cpu.{cpu}.freq")) else { continue };
        let current = match sysctl::int_name(&name) {
            Ok(mhz) => mhz as f64,
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => continue,
            Err(e) => return Err(e.into()),
        };
        let levels = std::ffi::CString::new(format!("dev.cpu.{cpu}.freq_levels"))
            .ok()
            .and_then(|n| sysctl::growing_name(&n).ok())
            .and_then(|b| parse::freq_levels(String::from_utf8_lossy(&b).trim_end_matches('\0')));
        let (min, max) = levels.map_or((0.0, 0.0), |(lo, hi)| (lo as f64, hi as f64));
        out.push(crate::cpu::CpuFreq { current, min, max });
    }
    Ok(out)
}
