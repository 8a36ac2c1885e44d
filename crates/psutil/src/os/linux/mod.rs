//! Linux-only fields of the portable types, through extension traits.
//!
//! ```
//! # #[allow(unused_imports)]
//! use psutil_rs::os::linux::*;
//! ```

mod cpu;
mod disk;
mod kernel_devices;
mod kernel_stats;
mod kernel_sysfs;
mod kernel_time;
mod memory;
mod nic;
mod process;
mod process_res;

pub use cpu::*;
pub use disk::*;
pub use kernel_devices::*;
pub use kernel_stats::*;
pub use kernel_sysfs::*;
pub use kernel_time::*;
pub use memory::*;
pub use nic::*;
pub use process::*;
pub use process_res::*;
