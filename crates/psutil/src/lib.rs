//! # psutil-rs
//!
//! psutil's API — processes and system utilization (CPU, memory, disks, network, sensors,
//! users) — in Rust, with psutil's names, units and error rules.
//!
//! The module-level functions live at the crate root (`psutil_rs::virtual_memory()`),
//! processes in [`Process`]. Platform-only fields are reached through the extension
//! traits in [`os`]. Every fallible call returns [`Result`]; a call that cannot work on
//! the running platform returns [`Error::NotSupported`].
//!
//! ```
//! # fn main() -> psutil_rs::Result<()> {
//! let roots = psutil_rs::paths::current();
//! assert!(roots.proc().is_absolute());
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod cpu;
pub mod disk;
mod error;
pub mod host;
pub mod memory;
pub mod net;
pub mod nowrap;
pub mod os;
pub mod paths;
pub mod platform;
pub mod process;
pub mod sensors;
pub mod signals;
mod sys;

pub use cpu::*;
pub use disk::*;
pub use error::{Error, Result};
pub use host::*;
pub use memory::*;
pub use net::*;
pub use platform::*;
pub use process::*;
pub use sensors::*;
pub use signals::*;

/// A process id. psutil accepts any non-negative integer that fits the OS `pid_t`.
pub type Pid = u32;
