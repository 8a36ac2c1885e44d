//! Linux-only fields of the portable types, through extension traits.
//!
//! ```
//! # #[allow(unused_imports)]
//! use psutil_rs::os::linux::*;
//! ```

mod cpu;
mod disk;
mod memory;
mod process;
mod process_res;

pub use cpu::*;
pub use disk::*;
pub use memory::*;
pub use process::*;
pub use process_res::*;
