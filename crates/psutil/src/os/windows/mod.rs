//! Windows-only extensions: the fields and calls psutil has on Windows and not elsewhere.

mod cpu;
mod process;

pub use cpu::CpuTimesExt;
pub use process::{
    IoCountersExt, IoPriority, ProcessExt, ProcessMemoryInfoExt, IOPRIO_HIGH, IOPRIO_LOW, IOPRIO_NORMAL,
    IOPRIO_VERYLOW,
};
