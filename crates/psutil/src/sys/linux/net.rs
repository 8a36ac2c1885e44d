//! Linux backend: net. `<proc>/net/dev` for counters and NIC names, `getifaddrs(3)` for
//! addresses, and `ioctl`s (`SIOCGIFFLAGS`, `SIOCGIFMTU`, `SIOCETHTOOL`) for NIC state.
//! The list walk and the MTU and flags ioctls are `sys::unix::ifaddrs`'s; Linux's own part
//! is the text of its socket addresses (`AF_PACKET`, IPv6 scope names) and ethtool.

use std::ffi::CStr;
use std::io;
use std::os::fd::OwnedFd;

use super::disk::lines;
use super::fs::{parse_u64, with_file};
use crate::net::{NicAddr, NicDuplex, NicFamily, NicStats, NET_IO_FIELDS};
use crate::paths::Roots;
use crate::sys::unix::ifaddrs::{
    if_flags, if_mtu, ifreq_named, ioctl, ioctl_socket, numeric_host, IfAddrs, SockAddr,
};
use crate::{Error, Result};

/// One raw counters row: NIC name and psutil's `snetio` fields.
pub(crate) type RawNetIo = (String, [u64; NET_IO_FIELDS]);

/// Parses `<proc>/net/dev`: two header lines, then `name: 16 numbers`. The name is what
/// precedes the **last** `:` (names may contain colons). A line without a colon or without
/// exactly 16 numbers is a parse error, as psutil fails on it.
pub(crate) fn parse_net_dev(bytes: &[u8]) -> Result<Vec<RawNetIo>> {
    const PATH: &str = "net/dev";
    let mut out = Vec::new();
    for line in lines(bytes).skip(2) {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let colon = line.iter().rposition(|&b| b == b':').filter(|&c| c > 0).ok_or_else(|| {
            Error::parse(PATH, format!("no interface name in {:?}", String::from_utf8_lossy(line)))
        })?;
        let name = String::from_utf8_lossy(line[..colon].trim_ascii()).into_owned();
        let mut v = [0u64; 16];
        let mut n = 0;
        for field in line[colon + 1..].split(|b| b.is_ascii_whitespace()).filter(|f| !f.is_empty()) {
            let slot =
                v.get_mut(n).ok_or_else(|| Error::parse(PATH, format!("more than 16 fields for {name}")))?;
            *slot = parse_u64(field).ok_or_else(|| Error::parse(PATH, format!("bad number for {name}")))?;
            n += 1;
        }
        if n != 16 {
            return Err(Error::parse(PATH, format!("expected 16 fields for {name}, got {n}")));
        }
        // rx: bytes packets errs drop fifo frame compressed multicast
        // tx: bytes packets errs drop fifo colls carrier compressed
        out.push((name, [v[8], v[0], v[9], v[1], v[2], v[10], v[3], v[11]]));
    }
    Ok(out)
}

pub(crate) fn net_io_counters(roots: &Roots) -> Result<Vec<RawNetIo>> {
    with_file(&roots.proc_file("net/dev"), parse_net_dev)
}

// ---------------------------------------------------------------- addresses

/// `aa:bb:cc` from link-layer address bytes; `None` when there are none.
pub(crate) fn format_mac(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02x}"));
    }
    Some(s)
}

/// What `getnameinfo(NI_NUMERICHOST)` prints for an IPv6 address with a scope id: the
/// address, `%`, and for a link-local (unicast or multicast) address the name of the
/// interface with that index, else the index in decimal. glibc looks the name up with
/// `if_indextoname` (a socket, an ioctl and a close); here it is taken from `links`, the
/// `(index, name)` of the link entries of the same `getifaddrs` list. `None` when the
/// index is not among them (the caller then asks glibc).
fn scoped_ipv6(sin6: &libc::sockaddr_in6, links: &[(i32, &CStr)]) -> Option<String> {
    let a = sin6.sin6_addr.s6_addr;
    let link_scoped = (a[0] == 0xfe && a[1] & 0xc0 == 0x80) || (a[0] == 0xff && a[1] & 0x0f == 0x02);
    let name = if link_scoped {
        let (_, name) = links.iter().find(|(i, _)| u32::try_from(*i) == Ok(sin6.sin6_scope_id))?;
        Some(name.to_string_lossy())
    } else {
        None
    };
    let mut bare = *sin6;
    bare.sin6_scope_id = 0;
    // SAFETY: `bare` is a whole sockaddr_in6.
    let mut text = unsafe {
        numeric_host((&bare as *const libc::sockaddr_in6).cast(), std::mem::size_of::<libc::sockaddr_in6>())
    }?;
    text.push('%');
    match name {
        Some(name) => text.push_str(&name),
        None => text.push_str(&sin6.sin6_scope_id.to_string()),
    }
    Some(text)
}

/// psutil's `psutil_convert_ipaddr` on Linux: numeric host for IPv4/IPv6 (with `%scope`
/// as `getnameinfo` prints it; interface names of scopes come from `links`, see
/// [`scoped_ipv6`]), the MAC for `AF_PACKET`, else `None`. `family` is the entry's.
fn address_text(addr: SockAddr<'_>, family: i32, links: &[(i32, &CStr)]) -> Option<String> {
    match family {
        libc::AF_INET => {
            // SAFETY: an address of an AF_INET entry is a sockaddr_in (SockAddr's invariant).
            unsafe { numeric_host(addr.as_ptr(), std::mem::size_of::<libc::sockaddr_in>()) }
        }
        libc::AF_INET6 => {
            // SAFETY: an address of an AF_INET6 entry is a sockaddr_in6 (as above).
            let sin6 = unsafe { &*addr.as_ptr().cast::<libc::sockaddr_in6>() };
            if sin6.sin6_scope_id != 0 {
                if let Some(text) = scoped_ipv6(sin6, links) {
                    return Some(text);
                }
            }
            // SAFETY: as above.
            unsafe { numeric_host(addr.as_ptr(), std::mem::size_of::<libc::sockaddr_in6>()) }
        }
        libc::AF_PACKET => {
            // SAFETY: an address of an AF_PACKET entry is a `sockaddr_ll` (as above).
            let ll = unsafe { &*addr.as_ptr().cast::<libc::sockaddr_ll>() };
            let len = usize::from(ll.sll_halen).min(ll.sll_addr.len());
            format_mac(&ll.sll_addr[..len])
        }
        _ => None,
    }
}

/// `(index, name)` of the link (`AF_PACKET`) entries of `list`: the names of IPv6 scopes.
fn link_names(list: &IfAddrs) -> Vec<(i32, &CStr)> {
    list.entries()
        .filter_map(|entry| {
            let addr = entry.addr().filter(|a| a.family() == libc::AF_PACKET)?;
            // SAFETY: an AF_PACKET address from getifaddrs is a sockaddr_ll.
            let index = unsafe { (*addr.as_ptr().cast::<libc::sockaddr_ll>()).sll_ifindex };
            Some((index, entry.name()))
        })
        .collect()
}

/// The `AF_*` number of an address family as `getifaddrs(3)` reports it on Linux
/// (`AF_LINK` is `AF_PACKET`).
pub(crate) fn nic_family_number(family: NicFamily) -> i32 {
    match family {
        NicFamily::Inet => libc::AF_INET,
        NicFamily::Inet6 => libc::AF_INET6,
        NicFamily::Link => libc::AF_PACKET,
    }
}

/// psutil's `net_if_addrs` rows: the shared `getifaddrs` walk with Linux's address text.
pub(crate) fn net_if_addrs() -> Result<Vec<(String, NicAddr)>> {
    let list = IfAddrs::get()?;
    let links = link_names(&list);
    Ok(list.nic_addrs(|addr, family| address_text(addr, family, &links)))
}

// ---------------------------------------------------------------- stats

/// psutil's flag names, in its order (glibc's `IFF_*` of `<net/if.h>`).
const FLAG_NAMES: [(libc::c_int, &str); 16] = [
    (libc::IFF_UP, "up"),
    (libc::IFF_BROADCAST, "broadcast"),
    (libc::IFF_DEBUG, "debug"),
    (libc::IFF_LOOPBACK, "loopback"),
    (libc::IFF_POINTOPOINT, "pointopoint"),
    (libc::IFF_NOTRAILERS, "notrailers"),
    (libc::IFF_RUNNING, "running"),
    (libc::IFF_NOARP, "noarp"),
    (libc::IFF_PROMISC, "promisc"),
    (libc::IFF_ALLMULTI, "allmulti"),
    (libc::IFF_MASTER, "master"),
    (libc::IFF_SLAVE, "slave"),
    (libc::IFF_MULTICAST, "multicast"),
    (libc::IFF_PORTSEL, "portsel"),
    (libc::IFF_AUTOMEDIA, "automedia"),
    (libc::IFF_DYNAMIC, "dynamic"),
];

/// The comma-joined names of the set bits of `flags`, in psutil's order.
pub(crate) fn flags_string(flags: libc::c_int) -> String {
    flag_names(flags).join(",")
}

/// The names of the set bits of `flags`, in psutil's order.
pub(crate) fn flag_names(flags: libc::c_int) -> Vec<&'static str> {
    FLAG_NAMES.iter().filter(|(bit, _)| flags & bit != 0).map(|(_, n)| *n).collect()
}

/// ethtool's `DUPLEX_*` to psutil's `NicDuplex`.
pub(crate) fn duplex_from_ethtool(d: u8) -> NicDuplex {
    match d {
        0 => NicDuplex::Half,
        1 => NicDuplex::Full,
        _ => NicDuplex::Unknown,
    }
}

/// ethtool's speed (`SPEED_UNKNOWN` = `u32::MAX`, or more than `INT_MAX`) → 0.
pub(crate) fn speed_from_ethtool(speed: u32) -> u32 {
    if speed > i32::MAX as u32 {
        0
    } else {
        speed
    }
}

/// `struct ethtool_cmd` of `<linux/ethtool.h>` (the `ETHTOOL_GSET` layout psutil uses).
#[repr(C)]
#[derive(Default)]
struct EthtoolCmd {
    cmd: u32,
    supported: u32,
    advertising: u32,
    speed: u16,
    duplex: u8,
    port: u8,
    phy_address: u8,
    transceiver: u8,
    autoneg: u8,
    mdio_support: u8,
    maxtxpkt: u32,
    maxrxpkt: u32,
    speed_hi: u16,
    eth_tp_mdix: u8,
    eth_tp_mdix_ctrl: u8,
    lp_advertising: u32,
    reserved: [u32; 2],
}

const ETHTOOL_GSET: u32 = 1;

/// Duplex and speed (Mbit/s) of the NIC `name` from `SIOCETHTOOL` `ETHTOOL_GSET`;
/// `(Unknown, 0)` when the driver does not answer it (`EOPNOTSUPP`, `EINVAL`).
fn duplex_speed(sock: &OwnedFd, name: &str) -> io::Result<(NicDuplex, u32)> {
    let mut cmd = EthtoolCmd { cmd: ETHTOOL_GSET, ..EthtoolCmd::default() };
    let mut req = ifreq_named(name);
    req.ifr_ifru.ifru_data = (&mut cmd as *mut EthtoolCmd).cast();
    // SAFETY: SIOCETHTOOL reads an ifreq whose data points at `cmd`, an ethtool_cmd that
    // outlives the call.
    match unsafe { ioctl(sock, libc::SIOCETHTOOL, &mut req) } {
        Ok(()) => Ok((
            duplex_from_ethtool(cmd.duplex),
            speed_from_ethtool((u32::from(cmd.speed_hi) << 16) | u32::from(cmd.speed)),
        )),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EINVAL)) => {
            Ok((NicDuplex::Unknown, 0))
        }
        Err(e) => Err(e),
    }
}

fn nic_stats(sock: &OwnedFd, name: &str) -> io::Result<NicStats> {
    let mtu = if_mtu(sock, name)?;
    let flags = if_flags(sock, name)?;
    let (duplex, speed) = duplex_speed(sock, name)?;
    Ok(NicStats { isup: flags & libc::IFF_RUNNING != 0, duplex, speed, mtu, flags: flags_string(flags) })
}

/// A socket for the ioctls about the NIC `name`, or `ENODEV` when `name` cannot name one
/// (empty, longer than `IFNAMSIZ - 1` bytes, or holding a NUL), where the ioctl would
/// otherwise ask about a cut name.
fn socket_for(name: &str) -> io::Result<OwnedFd> {
    if name.is_empty() || name.len() >= libc::IFNAMSIZ || name.contains('\0') {
        return Err(io::Error::from_raw_os_error(libc::ENODEV));
    }
    ioctl_socket()
}

/// psutil's private `cext.net_if_mtu(name)`: `SIOCGIFMTU`.
pub(crate) fn nic_mtu(name: &str) -> io::Result<u32> {
    if_mtu(&socket_for(name)?, name)
}

/// psutil's private `cext.net_if_flags(name)`: `SIOCGIFFLAGS`, the 16 bits psutil names.
pub(crate) fn nic_flags(name: &str) -> io::Result<libc::c_int> {
    if_flags(&socket_for(name)?, name)
}

/// psutil's private `cext.net_if_duplex_speed(name)`: see [`duplex_speed`].
pub(crate) fn nic_duplex_speed(name: &str) -> io::Result<(NicDuplex, u32)> {
    duplex_speed(&socket_for(name)?, name)
}

pub(crate) fn net_if_stats(roots: &Roots) -> Result<Vec<(String, NicStats)>> {
    let names = net_io_counters(roots)?;
    let sock = ioctl_socket()?;
    let mut out = Vec::with_capacity(names.len());
    for (name, _) in names {
        match nic_stats(&sock, &name) {
            Ok(st) => out.push((name, st)),
            Err(e) if e.raw_os_error() == Some(libc::ENODEV) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sin6(addr: [u8; 16], scope: u32) -> libc::sockaddr_in6 {
        // SAFETY: sockaddr_in6 is plain data; all zeroes is a valid value.
        let mut s: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
        s.sin6_family = libc::AF_INET6 as libc::sa_family_t;
        s.sin6_addr.s6_addr = addr;
        s.sin6_scope_id = scope;
        s
    }

    /// glibc's own text (its getnameinfo, which asks the kernel for the scope's name).
    fn glibc_text(s: &libc::sockaddr_in6) -> Option<String> {
        // SAFETY: `s` is a whole sockaddr_in6.
        unsafe {
            numeric_host((s as *const libc::sockaddr_in6).cast(), std::mem::size_of::<libc::sockaddr_in6>())
        }
    }

    #[test]
    fn scoped_ipv6_is_getnameinfos_text() {
        let lo_index = i32::try_from(unsafe { libc::if_nametoindex(c"lo".as_ptr()) }).unwrap();
        assert!(lo_index > 0, "no lo interface");
        let links = [(lo_index, c"lo")];
        let scope = lo_index as u32;
        let mut ll = [0u8; 16];
        ll[..2].copy_from_slice(&[0xfe, 0x80]);
        ll[15] = 1;
        let mut mc_ll = [0u8; 16];
        mc_ll[..2].copy_from_slice(&[0xff, 0x02]);
        mc_ll[15] = 1;
        let mut ula = [0u8; 16];
        ula[0] = 0xfd;
        ula[15] = 2;
        for addr in [ll, mc_ll, ula] {
            let s = sin6(addr, scope);
            let ours = scoped_ipv6(&s, &links).unwrap();
            assert_eq!(Some(ours.clone()), glibc_text(&s), "{ours}");
        }
        assert_eq!(scoped_ipv6(&sin6(ll, scope), &links).unwrap(), "fe80::1%lo");
        assert_eq!(scoped_ipv6(&sin6(ula, 7), &links).unwrap(), "fd00::2%7");
        // a link-local scope whose name is not in the list: left to glibc
        assert_eq!(scoped_ipv6(&sin6(ll, scope + 1000), &links), None);
    }

    /// Every address of the machine converts as plain getnameinfo converts it.
    #[test]
    fn live_addresses_match_plain_getnameinfo() {
        let list = IfAddrs::get().unwrap();
        let links = link_names(&list);
        let mut scoped = 0;
        for addr in list.entries().filter_map(|e| e.addr()).filter(|a| a.family() == libc::AF_INET6) {
            let s = unsafe { &*addr.as_ptr().cast::<libc::sockaddr_in6>() };
            scoped += usize::from(s.sin6_scope_id != 0);
            assert_eq!(address_text(addr, libc::AF_INET6, &links), glibc_text(s));
        }
        eprintln!("{scoped} scoped IPv6 addresses checked");
    }

    #[test]
    fn mac_format() {
        assert_eq!(format_mac(&[0x02, 0xfc, 0, 0, 0, 1]).as_deref(), Some("02:fc:00:00:00:01"));
        assert_eq!(format_mac(&[0xAB]).as_deref(), Some("ab"));
        assert_eq!(format_mac(&[]), None);
    }

    const HEADER: &str = "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    #[test]
    fn net_dev_field_map() {
        let text = format!("{HEADER}    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n  eth0:100 2 0 0 0 0 0 0 300 4 0 0 0 0 0 0\n");
        let rows = parse_net_dev(text.as_bytes()).unwrap();
        assert_eq!(rows[0], ("lo".to_string(), [9, 1, 10, 2, 3, 11, 4, 12]));
        assert_eq!(rows[1].0, "eth0");
        assert_eq!(rows[1].1[..2], [300, 100]);
    }

    #[test]
    fn net_dev_name_before_last_colon() {
        let text = format!("{HEADER}  eth0:1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
        assert_eq!(parse_net_dev(text.as_bytes()).unwrap()[0].0, "eth0:1");
    }

    #[test]
    fn net_dev_malformed() {
        assert!(parse_net_dev(b"").unwrap().is_empty());
        assert!(parse_net_dev(HEADER.as_bytes()).unwrap().is_empty());
        for bad in [
            "lo 1 2 3\n",
            "lo: 1 2 3\n",
            ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
            "lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n",
        ] {
            let text = format!("{HEADER}{bad}");
            assert!(matches!(parse_net_dev(text.as_bytes()), Err(Error::Parse { .. })), "{bad}");
        }
        let text = format!("{HEADER}lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n");
        assert!(parse_net_dev(text.as_bytes()).is_err());
    }

    #[test]
    fn flags_in_psutil_order() {
        let f = libc::IFF_UP | libc::IFF_BROADCAST | libc::IFF_RUNNING | libc::IFF_MULTICAST;
        assert_eq!(flags_string(f), "up,broadcast,running,multicast");
        assert_eq!(flags_string(0), "");
        assert_eq!(flags_string(libc::IFF_DYNAMIC | libc::IFF_LOOPBACK), "loopback,dynamic");
    }

    #[test]
    fn ethtool_values() {
        assert_eq!(duplex_from_ethtool(0), NicDuplex::Half);
        assert_eq!(duplex_from_ethtool(1), NicDuplex::Full);
        assert_eq!(duplex_from_ethtool(0xff), NicDuplex::Unknown);
        assert_eq!(speed_from_ethtool(u32::MAX), 0);
        assert_eq!(speed_from_ethtool(0x8000_0000), 0);
        assert_eq!(speed_from_ethtool(10_000), 10_000);
        assert_eq!(std::mem::size_of::<EthtoolCmd>(), 44);
    }

    proptest! {
        #[test]
        fn net_dev_never_panics(bytes: Vec<u8>) {
            let _ = parse_net_dev(&bytes);
        }

        #[test]
        fn net_dev_roundtrip(name in "[a-z][a-z0-9:.-]{0,12}", v in proptest::array::uniform16(any::<u64>())) {
            let nums: Vec<String> = v.iter().map(u64::to_string).collect();
            let text = format!("{HEADER}{name}: {}\n", nums.join(" "));
            let rows = parse_net_dev(text.as_bytes()).unwrap();
            prop_assert_eq!(&rows[0].0, &name);
            prop_assert_eq!(rows[0].1, [v[8], v[0], v[9], v[1], v[2], v[10], v[3], v[11]]);
        }

        #[test]
        fn flags_roundtrip(bits in 0i32..0x10000) {
            let s = flags_string(bits);
            let back = s.split(',').filter(|n| !n.is_empty()).fold(0, |acc, n| {
                acc | FLAG_NAMES.iter().find(|(_, name)| *name == n).map(|(b, _)| *b).unwrap_or(0)
            });
            prop_assert_eq!(back, bits);
        }
    }
}
