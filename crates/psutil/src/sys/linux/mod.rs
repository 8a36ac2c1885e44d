//! The Linux backend: `/proc` and `/sys` read below [`crate::paths::Roots`], plus syscalls.
//! Parsers are pure (bytes in, typed value out) and live beside the code that reads.

pub(crate) mod boot_clock;
pub(crate) mod connections;
pub(crate) mod cpu;
pub(crate) mod disk;
pub(crate) mod fd_links;
pub(crate) mod fs;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
pub(crate) mod host;
pub(crate) mod kstat;
pub(crate) mod memory;
pub(crate) mod net;
#[cfg(target_env = "gnu")]
pub(crate) mod passwd;
pub(crate) mod process;
pub(crate) mod process_ctl;
pub(crate) mod process_res;
pub(crate) mod sensors;
