//! Windows backend: network interfaces. The adapter list (`GetAdaptersAddresses`) gives
//! names, addresses and interface indexes; `GetIfEntry2` gives each interface's counters
//! and status, as psutil's `arch/windows/net.c`.

use std::net::{Ipv4Addr, Ipv6Addr};

use windows_sys::Win32::Foundation::{ERROR_BUFFER_OVERFLOW, NO_ERROR};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetAdaptersAddresses, GetIfEntry2, IP_ADAPTER_ADDRESSES_LH, MIB_IF_ROW2,
};
use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6, AF_UNSPEC, SOCKADDR_IN, SOCKADDR_IN6};

use super::decode;
use super::ffi::win32_error;
use crate::net::{NicAddr, NicDuplex, NicFamily, NicStats, NET_IO_FIELDS};
use crate::paths::Roots;
use crate::Result;

/// `IfOperStatusUp` in `MIB_IF_ROW2.OperStatus`.
const IF_OPER_STATUS_UP: i32 = 1;
/// `NET_IF_ADMIN_STATUS_UP` in `MIB_IF_ROW2.AdminStatus`.
const NET_IF_ADMIN_STATUS_UP: i32 = 1;

/// What the backend keeps of one adapter.
struct Adapter {
    name: String,
    if_index: u32,
    mac: Option<String>,
    addrs: Vec<NicAddr>,
}

/// The adapters of `GetAdaptersAddresses(AF_UNSPEC, 0)`, copied out of the call's buffer.
fn adapters() -> Result<Vec<Adapter>> {
    let mut size = 16 * 1024u32;
    let mut buf: Vec<u64> = Vec::new(); // u64 elements: the records need 8-byte alignment
    for _ in 0..8 {
        buf = vec![0u64; (size as usize).div_ceil(8)];
        // SAFETY: the buffer holds `size` bytes, suitably aligned.
        let rc = unsafe {
            GetAdaptersAddresses(
                u32::from(AF_UNSPEC),
                0,
                std::ptr::null(),
                buf.as_mut_ptr().cast(),
                &mut size,
            )
        };
        if rc == NO_ERROR {
            break;
        }
        if rc != ERROR_BUFFER_OVERFLOW {
            return Err(win32_error("GetAdaptersAddresses", rc));
        }
    }
    let mut out = Vec::new();
    let mut p = buf.as_ptr().cast::<IP_ADAPTER_ADDRESSES_LH>();
    while !p.is_null() {
        // SAFETY: `p` walks the linked list the call wrote into `buf`, which outlives it.
        let a = unsafe { &*p };
        // SAFETY: FriendlyName is a NUL-terminated wide string owned by `buf`.
        let name = unsafe { wide_ptr_to_string(a.FriendlyName) };
        let mac = (a.PhysicalAddressLength > 0).then(|| {
            let n = (a.PhysicalAddressLength as usize).min(a.PhysicalAddress.len());
            decode::mac_address(&a.PhysicalAddress[..n])
        });
        let mut addrs = Vec::new();
        let mut u = a.FirstUnicastAddress;
        while !u.is_null() {
            // SAFETY: the unicast list lives in `buf` too.
            let ua = unsafe { &*u };
            // SAFETY: lpSockaddr points to a socket address of iSockaddrLength bytes.
            if let Some(addr) = unsafe { nic_addr(ua.Address.lpSockaddr.cast(), ua.OnLinkPrefixLength) } {
                addrs.push(addr);
            }
            u = ua.Next;
        }
        // SAFETY: the first member of the union is the (Length, IfIndex) pair.
        let if_index = unsafe { a.Anonymous1.Anonymous.IfIndex };
        out.push(Adapter { name, if_index, mac, addrs });
        p = a.Next;
    }
    Ok(out)
}

/// A NUL-terminated UTF-16 string.
///
/// # Safety
/// `p` is null or points to a NUL-terminated UTF-16 string.
unsafe fn wide_ptr_to_string(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut len = 0usize;
    // SAFETY: the string is NUL-terminated (caller's contract).
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` units were just read.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

/// An IPv4 or IPv6 unicast address with psutil's netmask (IPv4 only).
///
/// # Safety
/// `sa` is null or points to a socket address of the family it names.
unsafe fn nic_addr(sa: *const u16, prefix_len: u8) -> Option<NicAddr> {
    if sa.is_null() {
        return None;
    }
    // SAFETY: every socket address starts with its u16 family.
    let family = unsafe { *sa };
    if family == AF_INET {
        // SAFETY: the family says this is a SOCKADDR_IN.
        let sin = unsafe { &*sa.cast::<SOCKADDR_IN>() };
        // SAFETY: the union's bytes view.
        let octets = unsafe { sin.sin_addr.S_un.S_un_b };
        let ip = Ipv4Addr::new(octets.s_b1, octets.s_b2, octets.s_b3, octets.s_b4);
        Some(NicAddr {
            family: NicFamily::Inet,
            address: ip.to_string(),
            netmask: Some(decode::ipv4_mask(prefix_len)),
            broadcast: None,
            ptp: None,
        })
    } else if family == AF_INET6 {
        // SAFETY: the family says this is a SOCKADDR_IN6.
        let sin6 = unsafe { &*sa.cast::<SOCKADDR_IN6>() };
        // SAFETY: the union's bytes view.
        let bytes = unsafe { sin6.sin6_addr.u.Byte };
        Some(NicAddr {
            family: NicFamily::Inet6,
            address: Ipv6Addr::from(bytes).to_string(),
            netmask: None,
            broadcast: None,
            ptp: None,
        })
    } else {
        None
    }
}

/// `GetIfEntry2` for one interface index.
fn if_row(if_index: u32) -> Result<MIB_IF_ROW2> {
    // SAFETY: plain data; the index is set before the call.
    let mut row: MIB_IF_ROW2 = unsafe { std::mem::zeroed() };
    row.InterfaceIndex = if_index;
    // SAFETY: a valid in/out pointer.
    let rc = unsafe { GetIfEntry2(&mut row) };
    if rc != NO_ERROR {
        return Err(win32_error("GetIfEntry2", rc));
    }
    Ok(row)
}

/// psutil's `net_io_counters(pernic=True)` rows, keyed by the adapter's friendly name:
/// octets, unicast + non-unicast packets, errors and discards of `GetIfEntry2`.
pub(crate) fn net_io_counters(_roots: &Roots) -> Result<Vec<(String, [u64; NET_IO_FIELDS])>> {
    let mut rows = Vec::new();
    for a in adapters()? {
        let r = if_row(a.if_index)?;
        rows.push((
            a.name,
            [
                r.OutOctets,
                r.InOctets,
                r.OutUcastPkts.saturating_add(r.OutNUcastPkts),
                r.InUcastPkts.saturating_add(r.InNUcastPkts),
                r.InErrors,
                r.OutErrors,
                r.InDiscards,
                r.OutDiscards,
            ],
        ));
    }
    Ok(rows)
}

/// psutil's `net_if_addrs()` rows: the MAC address (AF_LINK) when the adapter has one,
/// then its unicast addresses.
pub(crate) fn net_if_addrs() -> Result<Vec<(String, NicAddr)>> {
    let mut rows = Vec::new();
    for a in adapters()? {
        if let Some(mac) = a.mac {
            rows.push((
                a.name.clone(),
                NicAddr { family: NicFamily::Link, address: mac, netmask: None, broadcast: None, ptp: None },
            ));
        }
        rows.extend(a.addrs.into_iter().map(|addr| (a.name.clone(), addr)));
    }
    Ok(rows)
}

/// psutil's `net_if_stats()`: up when operationally and administratively up, duplex
/// always full (as psutil), speed in Mbit/s, the MTU; from `GetIfEntry2`.
pub(crate) fn net_if_stats(_roots: &Roots) -> Result<Vec<(String, NicStats)>> {
    let mut rows = Vec::new();
    for a in adapters()? {
        let r = if_row(a.if_index)?;
        rows.push((
            a.name,
            NicStats {
                isup: r.OperStatus == IF_OPER_STATUS_UP && r.AdminStatus == NET_IF_ADMIN_STATUS_UP,
                duplex: NicDuplex::Full,
                speed: u32::try_from(r.TransmitLinkSpeed / 1_000_000).unwrap_or(u32::MAX),
                mtu: r.Mtu,
                flags: String::new(),
            },
        ));
    }
    Ok(rows)
}

/// The `AF_*` number of an address family as psutil shows it on Windows: winsock's
/// `AF_INET` 2 and `AF_INET6` 23, and psutil's `AF_LINK` −1.
pub(crate) fn nic_family_number(family: NicFamily) -> i32 {
    match family {
        NicFamily::Inet => i32::from(AF_INET),
        NicFamily::Inet6 => i32::from(AF_INET6),
        NicFamily::Link => -1,
    }
}
