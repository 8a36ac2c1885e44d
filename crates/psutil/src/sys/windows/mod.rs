//! Windows backend: Win32 and NT calls through `windows-sys`, with psutil 7.2.2's Windows
//! semantics (psutil's `_pswindows.py` and `arch/windows/*.c`). Each function names the
//! call it wraps.

pub(crate) mod conn_decode;
pub(crate) mod connections;
pub(crate) mod cpu;
pub(crate) mod decode;
pub(crate) mod disk;
mod ffi;
mod handle;
mod handle_list;
mod handles;
pub(crate) mod host;
pub(crate) mod memory;
pub(crate) mod net;
mod peb;
mod privilege;
pub(crate) mod process;
pub(crate) mod process_ctl;
pub(crate) mod process_res;
pub(crate) mod sensors;
pub(crate) mod spi;
