//! macOS backend: network. `NET_RT_IFLIST2` for the counters.

pub(crate) use crate::sys::unix::ifaddrs::net_if_addrs;
pub(crate) use crate::sys::unsupported::net::nic_family_number;

use crate::net::{NicStats, NET_IO_FIELDS};
use crate::paths::Roots;
use crate::sys::unix::bsd::route::{walk_iflist, MACOS_IFMSG2};
use crate::sys::unix::sysctl;
use crate::Result;

/// psutil's per-NIC counters: `sysctl {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0}`.
pub(crate) fn net_io_counters(_roots: &Roots) -> Result<Vec<(String, [u64; NET_IO_FIELDS])>> {
    let buf = sysctl::growing_mib(&[libc::CTL_NET, libc::PF_ROUTE, 0, 0, libc::NET_RT_IFLIST2, 0])?;
    Ok(walk_iflist(&buf, MACOS_IFMSG2, |_| false))
}

/// psutil's `net_if_stats()`: the NICs of `net_io_counters`, by ioctl.
pub(crate) fn net_if_stats(roots: &Roots) -> Result<Vec<(String, NicStats)>> {
    crate::sys::unix::ifaddrs::net_if_stats(net_io_counters(roots)?.into_iter().map(|(name, _)| name))
}
