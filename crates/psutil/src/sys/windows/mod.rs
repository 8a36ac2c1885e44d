//! Windows backend: Win32 and NT calls through `windows-sys`, with psutil 7.2.2's Windows
//! semantics (psutil's `_pswindows.py` and `arch/windows/*.c`). Each function names the
//! call it wraps. The system domains are implemented here; the per-process domains and
//! `net_connections` are not yet, and come from the not-supported backend until they are.

pub(crate) mod cpu;
pub(crate) mod decode;
pub(crate) mod disk;
mod ffi;
pub(crate) mod host;
pub(crate) mod memory;
pub(crate) mod net;
pub(crate) mod sensors;

pub(crate) use super::unsupported::{connections, process, process_ctl, process_res};
