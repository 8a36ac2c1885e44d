//! net: I/O counters, interface addresses and stats, and (in `connections`) sockets.

mod connections;

pub use connections::*;

use std::collections::BTreeMap;
use std::fmt;

use crate::nowrap::{self, Sample};
use crate::{paths, sys, Result};

/// Network I/O counters of one NIC or of all of them (psutil's `snetio`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(io) = psutil_rs::net_io_counters(true)? {
///     assert!(io.bytes_recv >= io.packets_recv || io.packets_recv > 0);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NetIoCounters {
    /// Bytes sent.
    pub bytes_sent: u64,
    /// Bytes received.
    pub bytes_recv: u64,
    /// Packets sent.
    pub packets_sent: u64,
    /// Packets received.
    pub packets_recv: u64,
    /// Receive errors.
    pub errin: u64,
    /// Transmit errors.
    pub errout: u64,
    /// Incoming packets dropped.
    pub dropin: u64,
    /// Outgoing packets dropped.
    pub dropout: u64,
}

/// Number of fields of [`NetIoCounters`].
pub(crate) const NET_IO_FIELDS: usize = 8;

impl NetIoCounters {
    /// Builds the counters from psutil's raw 8-tuple, in field order; missing values are 0.
    ///
    /// ```
    /// let io = psutil_rs::NetIoCounters::from_fields(&[1, 2, 3, 4, 5, 6, 7, 8]);
    /// assert_eq!((io.bytes_sent, io.dropout), (1, 8));
    /// assert_eq!(io.to_fields(), [1, 2, 3, 4, 5, 6, 7, 8]);
    /// ```
    pub fn from_fields(f: &[u64]) -> Self {
        let g = |i: usize| f.get(i).copied().unwrap_or(0);
        NetIoCounters {
            bytes_sent: g(0),
            bytes_recv: g(1),
            packets_sent: g(2),
            packets_recv: g(3),
            errin: g(4),
            errout: g(5),
            dropin: g(6),
            dropout: g(7),
        }
    }

    /// psutil's raw tuple, the inverse of [`NetIoCounters::from_fields`].
    ///
    /// ```
    /// assert_eq!(psutil_rs::NetIoCounters::default().to_fields(), [0; 8]);
    /// ```
    pub fn to_fields(&self) -> [u64; NET_IO_FIELDS] {
        [
            self.bytes_sent,
            self.bytes_recv,
            self.packets_sent,
            self.packets_recv,
            self.errin,
            self.errout,
            self.dropin,
            self.dropout,
        ]
    }
}

const NET_WRAP_NAME: &str = "psutil.net_io_counters";

fn net_sample(nowrap: bool) -> Result<Sample> {
    let roots = paths::current();
    let raw = sys::net::net_io_counters(&roots)?;
    let sample: Sample = raw.into_iter().map(|(k, v)| (k, v.to_vec())).collect();
    if sample.is_empty() || !nowrap {
        return Ok(sample);
    }
    Ok(nowrap::wrap_numbers().run(&nowrap::cache_name(NET_WRAP_NAME, &roots), sample))
}

/// System-wide network I/O, summed over every NIC of `<proc>/net/dev` (psutil's
/// `net_io_counters(pernic=False, nowrap)`); `None` when there are no NICs.
///
/// With `nowrap`, counters that wrapped since the last call are corrected (see
/// [`crate::nowrap`]); [`net_io_counters_cache_clear`] forgets that state.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let a = psutil_rs::net_io_counters(true)?;
/// let b = psutil_rs::net_io_counters(true)?;
/// if let (Some(a), Some(b)) = (a, b) {
///     assert!(b.bytes_recv >= a.bytes_recv);
/// }
/// # Ok(())
/// # }
/// ```
pub fn net_io_counters(nowrap: bool) -> Result<Option<NetIoCounters>> {
    let sample = net_sample(nowrap)?;
    if sample.is_empty() {
        return Ok(None);
    }
    Ok(Some(NetIoCounters::from_fields(&nowrap::sum_fields::<NET_IO_FIELDS>(&sample))))
}

/// Network I/O per NIC (psutil's `net_io_counters(pernic=True, nowrap)`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let per = psutil_rs::net_io_counters_pernic(false)?;
/// assert!(per.keys().all(|name| !name.is_empty()));
/// # Ok(())
/// # }
/// ```
pub fn net_io_counters_pernic(nowrap: bool) -> Result<BTreeMap<String, NetIoCounters>> {
    let sample = net_sample(nowrap)?;
    Ok(sample.into_iter().map(|(k, v)| (k, NetIoCounters::from_fields(&v))).collect())
}

/// Forgets the `nowrap` state of [`net_io_counters`] (psutil's
/// `net_io_counters.cache_clear()`).
///
/// ```
/// psutil_rs::net_io_counters_cache_clear();
/// assert!(!psutil_rs::nowrap::wrap_numbers().names().iter().any(|n| n == "psutil.net_io_counters"));
/// ```
pub fn net_io_counters_cache_clear() {
    nowrap::wrap_numbers().cache_clear(Some(NET_WRAP_NAME));
}

/// The address family of a NIC address (Python's `socket.AddressFamily` / psutil's
/// `AF_LINK`). Its integer value is [`NicFamily::raw`].
///
/// ```
/// use psutil_rs::{NicFamily, AF_LINK};
/// assert_eq!(AF_LINK, NicFamily::Link);
/// assert_eq!(NicFamily::Inet.name(), "AF_INET");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NicFamily {
    /// `AF_INET`: an IPv4 address.
    Inet,
    /// `AF_INET6`: an IPv6 address.
    Inet6,
    /// psutil's `AF_LINK` (`AF_PACKET` on Linux): a MAC address.
    Link,
}

/// psutil's `AF_LINK`: the family of MAC addresses in [`net_if_addrs`].
///
/// ```
/// assert_eq!(psutil_rs::AF_LINK.name(), "AF_LINK");
/// ```
pub const AF_LINK: NicFamily = NicFamily::Link;

impl NicFamily {
    /// The platform's number for the family (`AF_LINK` is `AF_PACKET` = 17 on Linux).
    ///
    /// ```
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(psutil_rs::AF_LINK.raw(), 17);
    /// assert!(psutil_rs::NicFamily::Inet.raw() < psutil_rs::NicFamily::Inet6.raw());
    /// ```
    pub fn raw(self) -> i32 {
        crate::sys::net::nic_family_number(self)
    }

    /// The Python name, e.g. `"AF_INET6"` (`"AF_LINK"` for MAC addresses, as psutil shows).
    ///
    /// ```
    /// assert_eq!(psutil_rs::NicFamily::Inet6.name(), "AF_INET6");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            NicFamily::Inet => "AF_INET",
            NicFamily::Inet6 => "AF_INET6",
            NicFamily::Link => "AF_LINK",
        }
    }
}

impl fmt::Display for NicFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NicFamily {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i32(self.raw())
    }
}

/// One address of a NIC (psutil's `snicaddr`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let addrs = psutil_rs::net_if_addrs()?;
/// if let Some(lo) = addrs.get("lo") {
///     assert!(lo.iter().any(|a| a.address == "127.0.0.1"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NicAddr {
    /// The family: [`NicFamily::Inet`], [`NicFamily::Inet6`] or [`AF_LINK`].
    pub family: NicFamily,
    /// The address: dotted IPv4, IPv6 (link-local ones end in `%<nic>`), or a MAC
    /// `aa:bb:cc:dd:ee:ff`.
    pub address: String,
    /// The netmask, if any.
    pub netmask: Option<String>,
    /// The broadcast address, when the NIC has `IFF_BROADCAST`.
    pub broadcast: Option<String>,
    /// The point-to-point destination, when the NIC has `IFF_POINTOPOINT`.
    pub ptp: Option<String>,
}

/// The addresses of every NIC (psutil's `net_if_addrs()`), from `getifaddrs(3)`. Each list
/// is ordered by family (IPv4, IPv6, link), keeping the system's order within a family;
/// entries without a primary address are skipped; short MACs are padded with `:00`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for (nic, addrs) in psutil_rs::net_if_addrs()? {
///     assert!(!nic.is_empty() && !addrs.is_empty());
///     assert!(addrs.windows(2).all(|w| w[0].family <= w[1].family));
/// }
/// # Ok(())
/// # }
/// ```
pub fn net_if_addrs() -> Result<BTreeMap<String, Vec<NicAddr>>> {
    let mut out: BTreeMap<String, Vec<NicAddr>> = BTreeMap::new();
    for (name, addr) in net_if_addr_rows()? {
        out.entry(name).or_default().push(addr);
    }
    Ok(out)
}

/// The rows behind [`net_if_addrs`], `(nic, address)`, in the order psutil builds its
/// dict from: sorted by family (IPv4, IPv6, link), the system's order kept within a
/// family; short MACs padded with `:00` (`-00` on Windows). Grouping them by NIC in this order gives
/// psutil's key order (NICs in order of their first row).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let rows = psutil_rs::net_if_addr_rows()?;
/// assert!(rows.windows(2).all(|w| w[0].1.family.raw() <= w[1].1.family.raw()));
/// assert_eq!(rows.len(), psutil_rs::net_if_addrs()?.values().map(Vec::len).sum::<usize>());
/// # Ok(())
/// # }
/// ```
pub fn net_if_addr_rows() -> Result<Vec<(String, NicAddr)>> {
    let mut rows = sys::net::net_if_addrs()?;
    rows.sort_by_key(|(_, a)| a.family.raw());
    // psutil pads with its separator for MACs: ':' on POSIX, '-' on Windows.
    let (sep, pad) = if cfg!(windows) { ('-', "-00") } else { (':', ":00") };
    for (_, addr) in &mut rows {
        if addr.family == NicFamily::Link {
            while addr.address.matches(sep).count() < 5 {
                addr.address.push_str(pad);
            }
        }
    }
    Ok(rows)
}

/// A NIC's duplex mode (psutil's `NicDuplex`: `NIC_DUPLEX_FULL=2`, `HALF=1`, `UNKNOWN=0`).
///
/// ```
/// assert_eq!(psutil_rs::NicDuplex::Full as i32, 2);
/// assert_eq!(psutil_rs::NIC_DUPLEX_UNKNOWN, psutil_rs::NicDuplex::Unknown);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum NicDuplex {
    /// `NIC_DUPLEX_UNKNOWN` (0).
    Unknown = 0,
    /// `NIC_DUPLEX_HALF` (1).
    Half = 1,
    /// `NIC_DUPLEX_FULL` (2).
    Full = 2,
}

/// psutil's `NIC_DUPLEX_FULL`.
pub const NIC_DUPLEX_FULL: NicDuplex = NicDuplex::Full;
/// psutil's `NIC_DUPLEX_HALF`.
pub const NIC_DUPLEX_HALF: NicDuplex = NicDuplex::Half;
/// psutil's `NIC_DUPLEX_UNKNOWN`.
pub const NIC_DUPLEX_UNKNOWN: NicDuplex = NicDuplex::Unknown;

impl NicDuplex {
    /// The Python name, e.g. `"NIC_DUPLEX_FULL"`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::NicDuplex::Half.name(), "NIC_DUPLEX_HALF");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            NicDuplex::Unknown => "NIC_DUPLEX_UNKNOWN",
            NicDuplex::Half => "NIC_DUPLEX_HALF",
            NicDuplex::Full => "NIC_DUPLEX_FULL",
        }
    }
}

impl fmt::Display for NicDuplex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NicDuplex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i32(*self as i32)
    }
}

/// State of one NIC (psutil's `snicstats`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Some(lo) = psutil_rs::net_if_stats()?.get("lo") {
///     assert!(lo.flags.split(',').any(|f| f == "loopback"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NicStats {
    /// Whether the NIC is up and running (`IFF_RUNNING`, as psutil).
    pub isup: bool,
    /// Duplex mode from ethtool; unknown when the driver does not say.
    pub duplex: NicDuplex,
    /// Speed in Mbit/s; 0 when unknown.
    pub speed: u32,
    /// Maximum transmission unit, in bytes.
    pub mtu: u32,
    /// Comma-separated interface flags in psutil's order (`up,broadcast,...,running,...`).
    pub flags: String,
}

/// Per-NIC state (psutil's `net_if_stats()`) for every NIC of `<proc>/net/dev`: flags and
/// MTU by `ioctl`, duplex and speed by ethtool. A NIC that vanishes meanwhile (`ENODEV`)
/// is left out.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for (nic, st) in psutil_rs::net_if_stats()? {
///     assert_eq!(st.isup, st.flags.split(',').any(|f| f == "running"), "{nic}");
/// }
/// # Ok(())
/// # }
/// ```
pub fn net_if_stats() -> Result<BTreeMap<String, NicStats>> {
    Ok(sys::net::net_if_stats(&paths::current())?.into_iter().collect())
}
