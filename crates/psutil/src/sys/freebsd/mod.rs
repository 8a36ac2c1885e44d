//! The FreeBSD backend. Pure decoders (`parse`) compile on every target and are
//! unit-tested on Linux; the thin FFI (`ffi`) and the domain modules compile for FreeBSD
//! only, where `layout` checks the decoders' offsets against libc. Items not wired yet
//! come from `unsupported` (typed NotSupported).

pub(crate) mod parse;
mod pcb_layout;
pub(crate) mod pcblist;

#[cfg(target_os = "freebsd")]
mod ffi;
#[cfg(target_os = "freebsd")]
mod layout;

#[cfg(target_os = "freebsd")]
pub(crate) mod connections;
#[cfg(target_os = "freebsd")]
pub(crate) mod cpu;
#[cfg(target_os = "freebsd")]
pub(crate) mod disk;
#[cfg(target_os = "freebsd")]
pub(crate) mod host;
#[cfg(target_os = "freebsd")]
pub(crate) mod memory;
#[cfg(target_os = "freebsd")]
pub(crate) mod net;
#[cfg(target_os = "freebsd")]
pub(crate) mod process;
#[cfg(target_os = "freebsd")]
pub(crate) mod process_ctl;
#[cfg(target_os = "freebsd")]
pub(crate) mod process_res;
#[cfg(target_os = "freebsd")]
pub(crate) mod sensors;
