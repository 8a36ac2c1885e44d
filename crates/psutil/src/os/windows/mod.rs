//! Windows-only extensions: the fields and calls psutil has on Windows and not elsewhere,
//! and its Windows-only functions (services).
//!
//! psutil's `win_service_iter()` and `win_service_get()` exist only on Windows (its other
//! platforms have no such attribute); here they exist only in this module, which only
//! Windows builds have, as `std::os::windows` does.

mod cpu;
mod heap;
mod memtype;
mod priority;
mod process;
mod services;
mod signal;

pub use cpu::CpuTimesExt;
pub use heap::HeapInfoExt;
pub use memtype::{MemoryPercentExt, WindowsMemType};
pub use priority::{
    ABOVE_NORMAL_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS, HIGH_PRIORITY_CLASS, IDLE_PRIORITY_CLASS,
    NORMAL_PRIORITY_CLASS, REALTIME_PRIORITY_CLASS,
};
pub use process::{
    IoCountersExt, IoPriority, ProcessExt, ProcessMemoryInfoExt, IOPRIO_HIGH, IOPRIO_LOW, IOPRIO_NORMAL,
    IOPRIO_VERYLOW,
};
pub use services::{
    win_service_get, win_service_iter, ServiceInfo, ServiceStartType, ServiceStatus, WindowsService,
};
pub use signal::{CTRL_BREAK_EVENT, CTRL_C_EVENT};
