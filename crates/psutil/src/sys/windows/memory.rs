//! Windows backend: memory. `GetPerformanceInfo` (psutil's `arch/windows/mem.c`) and, for
//! the paging files' use, `NtQuerySystemInformation(SystemPageFileInformation)`.

use windows_sys::Win32::System::ProcessStatus::{GetPerformanceInfo, PERFORMANCE_INFORMATION};

use super::decode;
use super::ffi::{last_error, query_system_information};
use crate::disk::usage_percent;
use crate::memory::{SwapMemory, VirtualMemory};
use crate::paths::Roots;
use crate::Result;

/// `SystemPageFileInformation`, absent from windows-sys.
const SYSTEM_PAGE_FILE_INFORMATION: i32 = 18;

/// No Windows-only fields in `virtual_memory()`: psutil's `svmem` there has only the
/// portable five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct VirtualMemoryOs {}

/// No Windows-only fields in `swap_memory()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct SwapMemoryOs {}

fn performance_info() -> Result<PERFORMANCE_INFORMATION> {
    // SAFETY: plain data, filled by the call.
    let mut info: PERFORMANCE_INFORMATION = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<PERFORMANCE_INFORMATION>() as u32;
    // SAFETY: a valid out-pointer of `size` bytes.
    if unsafe { GetPerformanceInfo(&mut info, size) } == 0 {
        return Err(last_error("GetPerformanceInfo"));
    }
    Ok(info)
}

/// psutil's `virtual_memory()`: total = PhysicalTotal, available = free =
/// PhysicalAvailable (pages × PageSize), used = total − available.
pub(crate) fn virtual_memory(_roots: &Roots) -> Result<VirtualMemory> {
    let info = performance_info()?;
    let page = info.PageSize as u64;
    let total = (info.PhysicalTotal as u64).saturating_mul(page);
    let available = (info.PhysicalAvailable as u64).saturating_mul(page).min(total);
    let used = total - available;
    Ok(VirtualMemory {
        total,
        available,
        percent: usage_percent(used, total),
        used,
        free: available,
        os: VirtualMemoryOs {},
    })
}

/// psutil's `swap_memory()`: total = (CommitLimit − PhysicalTotal) × PageSize. The part
/// in use is the paging files' use from SystemPageFileInformation, the figure behind the
/// `\Paging File(_Total)\% Usage` counter psutil asks PDH for (PDH is often disabled, and
/// is absent under Wine, where psutil raises). sin and sout are 0, as in psutil.
pub(crate) fn swap_memory(_roots: &Roots) -> Result<SwapMemory> {
    let info = performance_info()?;
    let page = info.PageSize as u64;
    let total = (info.CommitLimit as u64).saturating_sub(info.PhysicalTotal as u64) * page;
    let percent = if total == 0 {
        0.0
    } else {
        let buf = query_system_information(SYSTEM_PAGE_FILE_INFORMATION, 512)?;
        let files = decode::page_files(&buf).ok_or_else(|| {
            crate::Error::parse("SystemPageFileInformation", "an entry offset is out of range")
        })?;
        let size: u64 = files.iter().map(|f| u64::from(f.total_pages)).sum();
        let in_use: u64 = files.iter().map(|f| u64::from(f.in_use_pages)).sum();
        if size == 0 {
            0.0
        } else {
            in_use as f64 / size as f64 * 100.0
        }
    };
    let used = ((percent / 100.0) * total as f64) as u64;
    Ok(SwapMemory {
        total,
        used,
        free: total - used.min(total),
        percent: crate::disk::round1(percent),
        sin: 0,
        sout: 0,
        os: SwapMemoryOs {},
    })
}
