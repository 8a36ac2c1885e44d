//! net: I/O counters, interface addresses and stats, and (in `connections`) sockets.

mod connections;

#[allow(unused_imports)] // until connections lands
pub use connections::*;
