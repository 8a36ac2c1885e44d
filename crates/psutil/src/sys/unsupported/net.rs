//! Unsupported backend: net.

use super::unsupported;
use crate::net::{NicAddr, NicStats, NET_IO_FIELDS};
use crate::paths::Roots;
use crate::Result;

pub(crate) fn net_io_counters(_roots: &Roots) -> Result<Vec<(String, [u64; NET_IO_FIELDS])>> {
    unsupported("net_io_counters")
}

pub(crate) fn net_if_addrs() -> Result<Vec<(String, NicAddr)>> {
    unsupported("net_if_addrs")
}

pub(crate) fn net_if_stats(_roots: &Roots) -> Result<Vec<(String, NicStats)>> {
    unsupported("net_if_stats")
}
