//! Windows-only extensions: the fields and calls psutil has on Windows and not elsewhere.

mod cpu;
mod memtype;
mod process;
mod signal;

pub use cpu::CpuTimesExt;
pub use memtype::{MemoryPercentExt, WindowsMemType};
pub use process::{
    IoCountersExt, IoPriority, ProcessExt, ProcessMemoryInfoExt, IOPRIO_HIGH, IOPRIO_LOW, IOPRIO_NORMAL,
    IOPRIO_VERYLOW,
};
pub use signal::{CTRL_BREAK_EVENT, CTRL_C_EVENT};
