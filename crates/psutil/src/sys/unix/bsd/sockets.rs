//! Socket facts shared by the BSD family: the `TCPS_*` state numbering, inet endpoints
//! from raw address bytes and network-order ports, and `sockaddr_un` paths.

use std::ffi::OsString;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::os::unix::ffi::OsStringExt;

use crate::net::{Addr, ConnAddr, ConnStatus};

/// The BSD `TCPS_*` numbering (0 CLOSED .. 10 TIME_WAIT) to psutil's status; anything
/// else is `NONE`.
pub(crate) fn tcp_status(state: i32) -> ConnStatus {
    match state {
        0 => ConnStatus::Close,
        1 => ConnStatus::Listen,
        2 => ConnStatus::SynSent,
        3 => ConnStatus::SynRecv,
        4 => ConnStatus::Established,
        5 => ConnStatus::CloseWait,
        6 => ConnStatus::FinWait1,
        7 => ConnStatus::Closing,
        8 => ConnStatus::LastAck,
        9 => ConnStatus::FinWait2,
        10 => ConnStatus::TimeWait,
        _ => ConnStatus::None,
    }
}

/// An inet endpoint: `()` when the port is 0 (psutil's rule for an unconnected side),
/// else the address text and port.
pub(crate) fn inet_endpoint(ip: std::net::IpAddr, port: u16) -> ConnAddr {
    if port == 0 {
        return ConnAddr::Empty;
    }
    ConnAddr::Inet(Addr { ip: ip.to_string(), port })
}

/// A local inet endpoint as the BSD-family psutil rows it: always `(ip, port)`, port 0
/// included (only the remote side becomes `()`).
pub(crate) fn inet_local(ip: std::net::IpAddr, port: u16) -> ConnAddr {
    ConnAddr::Inet(Addr { ip: ip.to_string(), port })
}

/// An IPv4 address held in the last 4 bytes of a 16-byte field (xnu's `in4in6_addr`).
pub(crate) fn ipv4_in_16(field: &[u8; 16]) -> Ipv4Addr {
    Ipv4Addr::new(field[12], field[13], field[14], field[15])
}

/// An IPv6 address from 16 bytes.
pub(crate) fn ipv6_of(field: &[u8; 16]) -> Ipv6Addr {
    Ipv6Addr::from(*field)
}

/// A port stored in network byte order in the low 16 bits of an `int`.
pub(crate) fn port_of_net_int(raw: i32) -> u16 {
    u16::from_be((raw as u32 & 0xffff) as u16)
}

/// The path of a `sockaddr_un` (`sun_len` u8, `sun_family` u8, `sun_path`): `sun_len - 2`
/// bytes (bounded by the buffer), up to the first NUL.
pub(crate) fn sockaddr_un_path(sa: &[u8]) -> OsString {
    let len = sa.first().map_or(0, |&l| usize::from(l)).saturating_sub(2);
    let path = sa.get(2..).unwrap_or(&[]);
    let path = &path[..len.min(path.len())];
    let path = path.split(|&b| b == 0).next().unwrap_or(path);
    OsString::from_vec(path.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        assert_eq!(tcp_status(1), ConnStatus::Listen);
        assert_eq!(tcp_status(4), ConnStatus::Established);
        assert_eq!(tcp_status(10), ConnStatus::TimeWait);
        assert_eq!(tcp_status(0), ConnStatus::Close);
        assert_eq!(tcp_status(11), ConnStatus::None);
        assert_eq!(tcp_status(-1), ConnStatus::None);
        assert_eq!(tcp_status(128), ConnStatus::None);
    }

    #[test]
    fn endpoints() {
        let mut f = [0u8; 16];
        f[12..].copy_from_slice(&[127, 0, 0, 1]);
        assert_eq!(ipv4_in_16(&f), Ipv4Addr::LOCALHOST);
        assert_eq!(ipv6_of(&Ipv6Addr::LOCALHOST.octets()), Ipv6Addr::LOCALHOST);
        let port = i32::from_ne_bytes([0x1f, 0x90, 0, 0]); // 8080 in network order
        assert_eq!(port_of_net_int(port), 8080);
        assert_eq!(inet_endpoint(Ipv4Addr::LOCALHOST.into(), 0), ConnAddr::Empty);
        assert_eq!(
            inet_local(Ipv4Addr::UNSPECIFIED.into(), 0),
            ConnAddr::Inet(Addr { ip: "0.0.0.0".into(), port: 0 })
        );
        assert_eq!(
            inet_endpoint(Ipv4Addr::LOCALHOST.into(), 22),
            ConnAddr::Inet(Addr { ip: "127.0.0.1".into(), port: 22 })
        );
    }

    #[test]
    fn unix_paths() {
        let mut sa = vec![0u8; 106];
        sa[0] = 2 + 8;
        sa[1] = 1;
        sa[2..10].copy_from_slice(b"/tmp/sck");
        assert_eq!(sockaddr_un_path(&sa), "/tmp/sck");
        sa[0] = 5;
        assert_eq!(sockaddr_un_path(&sa), "/tm", "sun_len bounds the path");
        sa[0] = 255;
        assert_eq!(sockaddr_un_path(&sa), "/tmp/sck", "the NUL ends it");
        assert_eq!(sockaddr_un_path(&[]), "");
        assert_eq!(sockaddr_un_path(&[1]), "");
    }
}

/// The psutil socket table a socket belongs to, from its raw family and type (`af_inet6`
/// is the OS's `AF_INET6`: 30 on macOS, 28 on FreeBSD). `None` for other sockets.
pub(crate) fn table_of(family: i32, sock_type: i32, af_inet6: i32) -> Option<crate::net::SocketTable> {
    use crate::net::SocketTable::*;
    const AF_UNIX: i32 = 1;
    const AF_INET: i32 = 2;
    const SOCK_STREAM: i32 = 1;
    const SOCK_DGRAM: i32 = 2;
    match (family, sock_type) {
        (AF_UNIX, _) => Some(Unix),
        (AF_INET, SOCK_STREAM) => Some(Tcp4),
        (AF_INET, SOCK_DGRAM) => Some(Udp4),
        (f, SOCK_STREAM) if f == af_inet6 => Some(Tcp6),
        (f, SOCK_DGRAM) if f == af_inet6 => Some(Udp6),
        _ => None,
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::net::ConnectionKind;
    use crate::net::SocketTable;

    #[test]
    fn sockets_fall_into_psutils_tables() {
        assert_eq!(table_of(2, 1, 30), Some(SocketTable::Tcp4));
        assert_eq!(table_of(30, 2, 30), Some(SocketTable::Udp6));
        assert_eq!(table_of(28, 1, 28), Some(SocketTable::Tcp6));
        assert_eq!(table_of(28, 1, 30), None, "FreeBSD's AF_INET6 is not macOS's");
        assert_eq!(table_of(1, 5, 30), Some(SocketTable::Unix));
        assert_eq!(table_of(2, 3, 30), None, "raw sockets are in no table");
        assert!(ConnectionKind::Inet4.tables().contains(&table_of(2, 2, 30).unwrap()));
        assert!(!ConnectionKind::Tcp.tables().contains(&table_of(2, 2, 30).unwrap()));
    }
}

/// The link-layer address of a `sockaddr_dl` (`sdl_nlen` @5, `sdl_alen` @6, `sdl_data`
/// @8 holding the name then the address) as psutil prints it: lower-case `aa:bb:..`;
/// `None` when it has no address bytes or the record is too short for them.
pub(crate) fn link_address(sdl: &[u8]) -> Option<String> {
    let nlen = usize::from(*sdl.get(5)?);
    let alen = usize::from(*sdl.get(6)?);
    let start = 8 + nlen;
    let bytes = sdl.get(start..start + alen)?;
    if bytes.is_empty() {
        return None;
    }
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn link_addresses() {
        let mut sdl = vec![0u8; 20];
        sdl[5] = 3;
        sdl[6] = 6;
        sdl[8..11].copy_from_slice(b"en0");
        sdl[11..17].copy_from_slice(&[0xA4, 0x83, 0xe7, 0x01, 0x02, 0xff]);
        assert_eq!(link_address(&sdl).as_deref(), Some("a4:83:e7:01:02:ff"));
        sdl[6] = 0;
        assert_eq!(link_address(&sdl), None, "no address bytes (lo0)");
        sdl[6] = 12;
        assert_eq!(link_address(&sdl), None, "address past the record");
        assert_eq!(link_address(&sdl[..6]), None);
    }
}
