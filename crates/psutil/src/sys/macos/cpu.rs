//! macOS backend: CPU. `host_statistics(HOST_CPU_LOAD_INFO)`, `host_processor_info`,
//! `hw.logicalcpu`/`hw.physicalcpu`, `host_statistics(HOST_VM_INFO)`, `getloadavg`.

pub(crate) use crate::sys::unsupported::cpu::{cpu_freq_percpu, CpuTimesOs};

use super::{ffi, parse};
use crate::cpu::{CpuStats, CpuTimes};
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
