//! Linux: the state of one NIC by name, from the `ioctl`s that
//! [`net_if_stats`](crate::net_if_stats) makes for every NIC (psutil's private
//! `cext.net_if_mtu`, `net_if_flags` and `net_if_duplex_speed`). Each call opens a
//! datagram socket for its `ioctl` and closes it.
//!
//! Errors: [`Error::Io`](crate::Error::Io) with `ENODEV` when no NIC has that name, also
//! for a name no NIC can have (empty, longer than 15 bytes, or holding a NUL), which the
//! `ioctl` would otherwise cut to 15 bytes.

use crate::net::NicDuplex;
use crate::sys::linux::net;
use crate::Result;

/// The MTU of the NIC `name`, in bytes (`ioctl(SIOCGIFMTU)`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::nic_mtu("lo")? > 0);
/// let e = psutil_rs::os::linux::nic_mtu("no-such-nic").unwrap_err();
/// assert!(matches!(e, psutil_rs::Error::Io { ref source, .. } if source.raw_os_error() == Some(libc::ENODEV)));
/// # Ok(())
/// # }
/// ```
pub fn nic_mtu(name: &str) -> Result<u32> {
    Ok(net::nic_mtu(name)?)
}

/// The names of the NIC's set `IFF_*` flags (`ioctl(SIOCGIFFLAGS)`), in psutil's order:
/// the names [`NicStats::flags`](crate::NicStats::flags) joins with commas.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let flags = psutil_rs::os::linux::nic_flags("lo")?;
/// assert!(flags.contains(&"loopback") && flags.contains(&"up"));
/// # Ok(())
/// # }
/// ```
pub fn nic_flags(name: &str) -> Result<Vec<&'static str>> {
    Ok(net::flag_names(net::nic_flags(name)?))
}

/// The duplex and the speed in Mbit/s of the NIC `name` (`ioctl(SIOCETHTOOL)`,
/// `ETHTOOL_GSET`); [`NicDuplex::Unknown`] and 0 when the driver does not say (as for
/// `lo`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::NicDuplex;
/// assert_eq!(psutil_rs::os::linux::nic_duplex_speed("lo")?, (NicDuplex::Unknown, 0));
/// # Ok(())
/// # }
/// ```
pub fn nic_duplex_speed(name: &str) -> Result<(NicDuplex, u32)> {
    Ok(net::nic_duplex_speed(name)?)
}
