//! Unsupported backend: net.

use super::unsupported;
use crate::net::{NicAddr, NicFamily, NicStats, NET_IO_FIELDS};
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

/// The `AF_*` number of an address family on the target OS (its C headers: winsock's
/// `ws2def.h`, BSD's `sys/socket.h`; Linux's own when this backend is built there).
pub(crate) fn nic_family_number(family: NicFamily) -> i32 {
    match family {
        NicFamily::Inet => 2,
        #[cfg(target_os = "linux")]
        NicFamily::Inet6 => 10,
        #[cfg(target_os = "windows")]
        NicFamily::Inet6 => 23,
        #[cfg(target_os = "freebsd")]
        NicFamily::Inet6 => 28,
        #[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "freebsd")))]
        NicFamily::Inet6 => 30,
        #[cfg(target_os = "linux")]
        NicFamily::Link => 17,
        #[cfg(target_os = "windows")]
        NicFamily::Link => -1,
        #[cfg(not(any(target_os = "linux", target_os = "windows")))]
        NicFamily::Link => 18,
    }
}
