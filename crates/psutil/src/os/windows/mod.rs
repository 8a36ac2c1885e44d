//! Windows-only extensions: the fields psutil has on Windows and not elsewhere.

mod cpu;

pub use cpu::CpuTimesExt;
