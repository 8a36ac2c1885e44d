//! process

mod resources;
pub use resources::*;
