//! Windows backend: cpu. `GetSystemTimes`, `NtQuerySystemInformation`
//! (SystemProcessorPerformanceInformation, SystemPerformanceInformation),
//! `GetActiveProcessorCount`, `GetLogicalProcessorInformationEx` and
//! `CallNtPowerInformation(ProcessorInformation)`, as psutil's `arch/windows/cpu.c`.

use windows_sys::Wdk::System::SystemInformation::{
    SystemPerformanceInformation, SystemProcessorPerformanceInformation,
};
use windows_sys::Win32::Foundation::{ERROR_INSUFFICIENT_BUFFER, FILETIME};
use windows_sys::Win32::System::Power::{CallNtPowerInformation, ProcessorInformation};
use windows_sys::Win32::System::SystemInformation::{
    GetLogicalProcessorInformationEx, GetSystemInfo, RelationAll, SYSTEM_INFO,
};
use windows_sys::Win32::System::Threading::{GetActiveProcessorCount, GetSystemTimes};

use super::decode::{self, ProcessorTimes};
use super::ffi::{filetime_ticks, last_error, query_system_information, win32_error};
use crate::cpu::{CpuFreq, CpuStats, CpuTimes};
use crate::paths::Roots;
use crate::Result;

pub(crate) use super::loadavg::getloadavg;

/// `ALL_PROCESSOR_GROUPS`: count the processors of every group.
const ALL_PROCESSOR_GROUPS: u16 = 0xffff;

/// The Windows-only fields of [`CpuTimes`]: time servicing hardware interrupts and
/// deferred procedure calls, in seconds (psutil's `interrupt` and `dpc`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct CpuTimesOs {
    pub(crate) interrupt: f64,
    pub(crate) dpc: f64,
}

impl CpuTimesOs {
    pub(crate) fn zip(&self, other: &Self, f: impl Fn(f64, f64) -> f64) -> Self {
        CpuTimesOs { interrupt: f(self.interrupt, other.interrupt), dpc: f(self.dpc, other.dpc) }
    }

    /// psutil sums every field of `scputimes`, interrupt and dpc included.
    pub(crate) fn fold_sum(&self, acc: f64) -> f64 {
        acc + self.interrupt + self.dpc
    }

    pub(crate) fn guest_parts(&self) -> (f64, f64) {
        (0.0, 0.0)
    }

    pub(crate) fn iowait(&self) -> f64 {
        0.0
    }
}

fn from_processor(t: &ProcessorTimes) -> CpuTimes {
    CpuTimes {
        user: t.user,
        system: t.system,
        idle: t.idle,
        os: CpuTimesOs { interrupt: t.interrupt, dpc: t.dpc },
    }
}

/// Active processors of every group (`GetActiveProcessorCount(ALL_PROCESSOR_GROUPS)`),
/// else `GetSystemInfo`'s `dwNumberOfProcessors`; 0 when neither knows.
fn logical_count() -> usize {
    // SAFETY: no pointers involved.
    let n = unsafe { GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) };
    if n > 0 {
        return n as usize;
    }
    // SAFETY: SYSTEM_INFO is plain data, filled by the call.
    let mut info: SYSTEM_INFO = unsafe { std::mem::zeroed() };
    // SAFETY: a valid out-pointer.
    unsafe { GetSystemInfo(&mut info) };
    info.dwNumberOfProcessors as usize
}

/// Every CPU's record of `NtQuerySystemInformation(SystemProcessorPerformanceInformation)`.
fn processors() -> Result<Vec<ProcessorTimes>> {
    let size = logical_count().max(1) * decode::PROCESSOR_PERF_SIZE;
    let buf = query_system_information(SystemProcessorPerformanceInformation, size)?;
    Ok(decode::processor_times(&buf))
}

/// psutil's `cpu_times()`: user and idle from `GetSystemTimes`, system = kernel − idle,
/// interrupt and dpc summed over the CPUs.
pub(crate) fn cpu_times(_roots: &Roots) -> Result<CpuTimes> {
    let zero = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
    let (mut idle, mut kernel, mut user) = (zero, zero, zero);
    // SAFETY: three valid out-pointers.
    if unsafe { GetSystemTimes(&mut idle, &mut kernel, &mut user) } == 0 {
        return Err(last_error("GetSystemTimes"));
    }
    let secs = |t: &FILETIME| filetime_ticks(t) as f64 / decode::TICKS_PER_SEC;
    let per_cpu = processors()?;
    let (interrupt, dpc) = per_cpu.iter().fold((0.0, 0.0), |(i, d), t| (i + t.interrupt, d + t.dpc));
    Ok(CpuTimes {
        user: secs(&user),
        system: (secs(&kernel) - secs(&idle)).max(0.0),
        idle: secs(&idle),
        os: CpuTimesOs { interrupt, dpc },
    })
}

/// psutil's `cpu_times(percpu=True)`.
pub(crate) fn cpu_times_percpu(_roots: &Roots) -> Result<Vec<CpuTimes>> {
    Ok(processors()?.iter().map(from_processor).collect())
}

/// psutil's `cpu_count()`.
pub(crate) fn cpu_count_logical(_roots: &Roots) -> Result<Option<usize>> {
    Ok(Some(logical_count()).filter(|&n| n > 0))
}

/// The processors active now (all groups).
pub(crate) fn cpu_count_online() -> Option<usize> {
    Some(logical_count()).filter(|&n| n > 0)
}

/// psutil's `cpu_count(logical=False)`: `RelationProcessorCore` records of
/// `GetLogicalProcessorInformationEx(RelationAll)`; `None` on failure or when 0.
pub(crate) fn cpu_count_cores(_roots: &Roots) -> Result<Option<usize>> {
    let mut len = 0u32;
    // SAFETY: a size probe with a null buffer.
    unsafe { GetLogicalProcessorInformationEx(RelationAll, std::ptr::null_mut(), &mut len) };
    for _ in 0..8 {
        let mut buf = vec![0u8; len.max(64) as usize];
        // SAFETY: the buffer is valid for `len` bytes.
        let ok = unsafe { GetLogicalProcessorInformationEx(RelationAll, buf.as_mut_ptr().cast(), &mut len) };
        if ok != 0 {
            buf.truncate(len as usize);
            return Ok(decode::count_core_records(&buf).filter(|&n| n > 0));
        }
        // SAFETY: reads the calling thread's last error.
        let err = unsafe { windows_sys::Win32::Foundation::GetLastError() };
        if err != ERROR_INSUFFICIENT_BUFFER {
            return Ok(None);
        }
    }
    Ok(None)
}

/// psutil's `cpu_stats()`: ContextSwitches and SystemCalls of
/// SystemPerformanceInformation, interrupts summed over the CPUs, no soft interrupts.
pub(crate) fn cpu_stats(_roots: &Roots) -> Result<CpuStats> {
    let perf = query_system_information(SystemPerformanceInformation, 312)?;
    let (ctx_switches, syscalls) = decode::performance_counters(&perf)
        .ok_or_else(|| crate::Error::parse("SystemPerformanceInformation", "shorter than 312 bytes"))?;
    let interrupts = processors()?.iter().map(|t| u64::from(t.interrupt_count)).sum();
    Ok(CpuStats {
        ctx_switches: u64::from(ctx_switches),
        interrupts,
        soft_interrupts: 0,
        syscalls: u64::from(syscalls),
    })
}

/// psutil's `cpu_freq()`: CPU 0's CurrentMhz and MaxMhz from
/// `CallNtPowerInformation(ProcessorInformation)`, min 0; one entry, as psutil's percpu.
pub(crate) fn cpu_freq_percpu(_roots: &Roots) -> Result<Vec<CpuFreq>> {
    let mut buf = vec![0u8; logical_count().max(1) * 24];
    let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
    // SAFETY: the output buffer is valid for `len` bytes; no input buffer.
    let status = unsafe {
        CallNtPowerInformation(ProcessorInformation, std::ptr::null(), 0, buf.as_mut_ptr().cast(), len)
    };
    if status != 0 {
        return Err(super::ffi::nt_error("CallNtPowerInformation", status));
    }
    let (current, max) = decode::first_cpu_mhz(&buf)
        .ok_or_else(|| win32_error("CallNtPowerInformation", ERROR_INSUFFICIENT_BUFFER))?;
    Ok(vec![CpuFreq { current: f64::from(current), min: 0.0, max: f64::from(max) }])
}
