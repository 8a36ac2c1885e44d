//! macOS backend: CPU. `host_statistics(HOST_CPU_LOAD_INFO)`, `host_processor_info`,
//! `hw.logicalcpu`/`hw.physicalcpu`, `host_statistics(HOST_VM_INFO)`, `getloadavg`.

pub(crate) use crate::sys::unsupported::cpu::CpuTimesOs;

use super::{ffi, parse};
use crate::cpu::{CpuFreq, CpuStats, CpuTimes};
use crate::paths::Roots;
use crate::sys::unix::sysctl;
use crate::Result;

fn times_of(ticks: [u32; 4]) -> CpuTimes {
    let [user, nice, system, idle] = parse::cpu_times_of_ticks(ticks);
    CpuTimes { user, nice, system, idle, os: CpuTimesOs {} }
}

/// psutil's `cpu_times()`: the system's ticks / `CLK_TCK`.
pub(crate) fn cpu_times(_roots: &Roots) -> Result<CpuTimes> {
    Ok(times_of(ffi::cpu_load_ticks()?))
}

/// psutil's `cpu_times(percpu=True)`.
pub(crate) fn cpu_times_percpu(_roots: &Roots) -> Result<Vec<CpuTimes>> {
    let (cpus, words) = ffi::percpu_load_words()?;
    let ticks = parse::percpu_ticks(&words, cpus).map_err(|e| e.into_error("host_processor_info"))?;
    Ok(ticks.into_iter().map(times_of).collect())
}

fn count(name: &std::ffi::CStr) -> Option<usize> {
    sysctl::int_name(name).ok().and_then(|n| usize::try_from(n).ok()).filter(|&n| n > 0)
}

/// `hw.logicalcpu`; any error is `None`, as psutil.
pub(crate) fn cpu_count_logical(_roots: &Roots) -> Result<Option<usize>> {
    Ok(count(c"hw.logicalcpu"))
}

/// The CPUs online: `hw.logicalcpu` as well (macOS has no per-process CPU mask).
pub(crate) fn cpu_count_online() -> Option<usize> {
    count(c"hw.logicalcpu")
}

/// `hw.physicalcpu`; any error is `None`.
pub(crate) fn cpu_count_cores(_roots: &Roots) -> Result<Option<usize>> {
    Ok(count(c"hw.physicalcpu"))
}

/// psutil's macOS `cpu_stats()`: see `parse::cpu_stats_words` for what the four numbers
/// really are (page counts; macOS has no system-wide event counters).
pub(crate) fn cpu_stats(_roots: &Roots) -> Result<CpuStats> {
    let words = ffi::vm_statistics_words()?;
    let [ctx_switches, interrupts, soft_interrupts, syscalls] =
        parse::cpu_stats_words(&words).map_err(|e| e.into_error("host_statistics"))?;
    Ok(CpuStats { ctx_switches, interrupts, soft_interrupts, syscalls })
}

/// `getloadavg(3)`.
pub(crate) fn getloadavg(_roots: &Roots) -> Result<(f64, f64, f64)> {
    Ok(sysctl::load_average()?)
}

/// psutil's `cpu_freq()` on Intel Macs: `hw.cpufrequency` (Hz), and `hw.cpufrequency_min`
/// / `_max` (0 when missing), in MHz by integer division. One row: macOS has no per-CPU
/// figure.
#[cfg(target_arch = "x86_64")]
pub(crate) fn cpu_freq_percpu(_roots: &Roots) -> Result<Vec<CpuFreq>> {
    let mhz = |hz: i64| (hz.max(0) / 1_000_000) as f64;
    let current = u32::from_ne_bytes(sysctl::fixed_mib(&[libc::CTL_HW, libc::HW_CPU_FREQ])?);
    let min = sysctl::int_name(c"hw.cpufrequency_min").map_or(0.0, mhz);
    let max = sysctl::int_name(c"hw.cpufrequency_max").map_or(0.0, mhz);
    Ok(vec![CpuFreq { current: mhz(i64::from(current)), min, max }])
}

/// psutil's `cpu_freq()` on Apple Silicon: the `pmgr` device's voltage-state tables
/// (`parse::apple_freq`: current = max, MHz). Where psutil has no `cpu_freq` (no `pmgr`
/// device, as in virtual machines) or the tables hold no frequency (psutil's development
/// branch answers None there), NotSupported.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn cpu_freq_percpu(_roots: &Roots) -> Result<Vec<CpuFreq>> {
    let unsupported = |why| crate::Error::not_supported("cpu_freq", why);
    let Some((p_cores, e_cores)) = super::iokit::pmgr_voltage_tables()? else {
        return Err(unsupported("macos without an IOKit pmgr device"));
    };
    let (current, min, max) = parse::apple_freq(&p_cores, &e_cores)
        .ok_or_else(|| unsupported("macos pmgr tables without frequencies"))?;
    Ok(vec![CpuFreq { current: current as f64, min: min as f64, max: max as f64 }])
}
