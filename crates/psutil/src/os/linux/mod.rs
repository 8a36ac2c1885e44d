//! Linux-only fields of the portable types, through extension traits.
//!
//! ```
//! # #[allow(unused_imports)]
//! use psutil_rs::os::linux::*;
//! ```

mod cpu;
mod disk;
mod memory;
mod net;
mod process;
mod process_res;

#[allow(unused_imports)]
pub use cpu::*;
#[allow(unused_imports)]
pub use disk::*;
#[allow(unused_imports)]
pub use memory::*;
#[allow(unused_imports)]
pub use net::*;
#[allow(unused_imports)]
pub use process::*;
pub use process_res::*;
