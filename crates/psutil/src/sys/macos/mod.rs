//! The macOS backend (x86_64 and aarch64). Pure decoders (`parse`, `fdinfo`) compile on
//! every target and are unit-tested on Linux; the thin FFI (`ffi`) and the domain modules
//! compile for macOS only, where `layout` checks the decoders' offsets against libc.
//! Items not wired yet come from `unsupported` (typed NotSupported).

pub(crate) mod fdinfo;
pub(crate) mod parse;
pub(crate) mod regions;

#[cfg(target_os = "macos")]
mod ffi;
#[cfg(target_os = "macos")]
mod iokit;
#[cfg(target_os = "macos")]
mod layout;

#[cfg(target_os = "macos")]
pub(crate) mod cpu;
#[cfg(target_os = "macos")]
pub(crate) mod disk;
#[cfg(target_os = "macos")]
pub(crate) mod host;
#[cfg(target_os = "macos")]
pub(crate) mod memory;
#[cfg(target_os = "macos")]
pub(crate) mod net;
#[cfg(target_os = "macos")]
pub(crate) mod process;
#[cfg(target_os = "macos")]
pub(crate) use crate::sys::unix::bsd_ctl as process_ctl;
#[cfg(target_os = "macos")]
pub(crate) mod connections;
#[cfg(target_os = "macos")]
pub(crate) mod process_res;
#[cfg(target_os = "macos")]
pub(crate) mod sensors;
