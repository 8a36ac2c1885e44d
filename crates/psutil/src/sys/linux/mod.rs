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
/// The items of the `sys::process_res` contract, from the modules of [`process`] that read
/// one kernel file family each.
pub(crate) mod process_res {
    pub(crate) use super::process::fds::{num_fds, open_files, OpenFileOs};
    pub(crate) use super::process::io_counters::{io_counters, IoCountersOs};
    pub(crate) use super::process::smaps::{
        memory_full_info, memory_maps, memory_maps_grouped, MemoryFullInfoOs, MemoryMapOs,
    };
    pub(crate) use super::process::threads::threads;
}
pub(crate) mod sensors;
