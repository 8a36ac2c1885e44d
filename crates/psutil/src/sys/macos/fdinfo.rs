//! Pure decoders of libproc's per-fd answers: the `PROC_PIDLISTFDS` array,
//! `vnode_fdinfowithpath` (`PROC_PIDFDVNODEPATHINFO`) and `socket_fdinfo`
//! (`PROC_PIDFDSOCKETINFO`), at xnu's `<sys/proc_info.h>` offsets.
// Some decoders are not wired into a backend yet (docs/coverage.md lists which); they are
// unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::net::{ConnAddr, ConnStatus};
use crate::sys::unix::bsd::bytes::{cstr_at, i32_at, u32_at};
use crate::sys::unix::bsd::sockets::{
    inet_endpoint, inet_local, ipv4_in_16, ipv6_of, port_of_net_int, sockaddr_un_path, tcp_status,
};
use crate::sys::unix::bsd::DecodeError;

/// `PROX_FDTYPE_VNODE`.
pub(crate) const FDTYPE_VNODE: u32 = 1;
/// `PROX_FDTYPE_SOCKET`.
pub(crate) const FDTYPE_SOCKET: u32 = 2;
/// `sizeof(struct proc_fdinfo)`.
pub(crate) const FDINFO_SIZE: usize = 8;
/// `sizeof(struct vnode_fdinfowithpath)`.
pub(crate) const VNODE_FDINFOWITHPATH_SIZE: usize = 1200;
/// `sizeof(struct socket_fdinfo)`.
pub(crate) const SOCKET_FDINFO_SIZE: usize = 792;

/// `(fd, fdtype)` of each `proc_fdinfo` in the bytes `PROC_PIDLISTFDS` wrote.
pub(crate) fn fd_list(buf: &[u8]) -> Vec<(i32, u32)> {
    buf.chunks_exact(FDINFO_SIZE).filter_map(|r| Some((i32_at(r, 0)?, u32_at(r, 4)?))).collect()
}

/// The path of a `vnode_fdinfowithpath` (`pvip.vip_path`, 1024 bytes at 176).
pub(crate) fn vnode_path(buf: &[u8]) -> Result<OsString, DecodeError> {
    if buf.len() < VNODE_FDINFOWITHPATH_SIZE {
        return Err(DecodeError("vnode_fdinfowithpath shorter than 1200 bytes"));
    }
    let path = cstr_at(buf, 176, 1024).ok_or(DecodeError("vnode path out of range"))?;
    Ok(OsString::from_vec(path.to_vec()))
}

/// One socket as psutil's per-process `net_connections` rows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SocketRow {
    pub(crate) family: i32,
    pub(crate) sock_type: i32,
    pub(crate) laddr: ConnAddr,
    pub(crate) raddr: ConnAddr,
    pub(crate) status: ConnStatus,
}

const AF_UNIX: i32 = 1;
const AF_INET: i32 = 2;
const AF_INET6: i32 = 30;
const SOCK_STREAM: i32 = 1;
const SOCKINFO_TCP: i32 = 2;

/// Decodes a `socket_fdinfo`. Inet: `in_sockinfo` at 264 (ports network-order ints,
/// addresses 16-byte fields, IPv4 in their last 4 bytes), the TCP state at 344 for a TCP
/// socket; unix: the bound path (`unsi_addr` at 280) and the peer's (`unsi_caddr` at
/// 535). Other families answer `None` (psutil skips them).
pub(crate) fn socket_row(buf: &[u8]) -> Result<Option<SocketRow>, DecodeError> {
    const SHORT: DecodeError = DecodeError("socket_fdinfo shorter than 792 bytes");
    if buf.len() < SOCKET_FDINFO_SIZE {
        return Err(SHORT);
    }
    let sock_type = i32_at(buf, 176).ok_or(SHORT)?;
    let family = i32_at(buf, 184).ok_or(SHORT)?;
    let kind = i32_at(buf, 256).ok_or(SHORT)?;
    let field = |off: usize| -> Result<[u8; 16], DecodeError> {
        buf.get(off..off + 16).and_then(|s| s.try_into().ok()).ok_or(SHORT)
    };
    match family {
        AF_INET | AF_INET6 => {
            let fport = port_of_net_int(i32_at(buf, 264).ok_or(SHORT)?);
            let lport = port_of_net_int(i32_at(buf, 268).ok_or(SHORT)?);
            let (faddr, laddr) = (field(296)?, field(312)?);
            let ip = |f: &[u8; 16]| -> std::net::IpAddr {
                if family == AF_INET {
                    ipv4_in_16(f).into()
                } else {
                    ipv6_of(f).into()
                }
            };
            let status = if sock_type == SOCK_STREAM && kind == SOCKINFO_TCP {
                tcp_status(i32_at(buf, 344).ok_or(SHORT)?)
            } else {
                ConnStatus::None
            };
            Ok(Some(SocketRow {
                family,
                sock_type,
                laddr: inet_local(ip(&laddr), lport),
                raddr: inet_endpoint(ip(&faddr), fport),
                status,
            }))
        }
        AF_UNIX => Ok(Some(SocketRow {
            family,
            sock_type,
            laddr: ConnAddr::Unix(sockaddr_un_path(buf.get(280..535).ok_or(SHORT)?)),
            raddr: ConnAddr::Unix(sockaddr_un_path(buf.get(535..790).ok_or(SHORT)?)),
            status: ConnStatus::None,
        })),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Addr;
    use crate::sys::unix::bsd::bytes::build::*;

    #[test]
    fn fd_lists() {
        let mut b = vec![0u8; 24];
        put_i32(&mut b, 0, 0);
        put_u32(&mut b, 4, FDTYPE_VNODE);
        put_i32(&mut b, 8, 3);
        put_u32(&mut b, 12, FDTYPE_SOCKET);
        put_i32(&mut b, 16, 9);
        put_u32(&mut b, 20, 7);
        assert_eq!(fd_list(&b), vec![(0, 1), (3, 2), (9, 7)]);
        assert_eq!(fd_list(&b[..20]).len(), 2, "a partial record is dropped");
        assert!(fd_list(&[]).is_empty());
    }

    #[test]
    fn vnode_paths() {
        let mut b = vec![0u8; VNODE_FDINFOWITHPATH_SIZE];
        put(&mut b, 176, b"/var/log/system.log\0junk");
        assert_eq!(vnode_path(&b).unwrap(), "/var/log/system.log");
        assert!(vnode_path(&b[..1199]).is_err());
    }

    fn inet_sock(family: i32, sock_type: i32, kind: i32, state: i32) -> Vec<u8> {
        let mut b = vec![0u8; SOCKET_FDINFO_SIZE];
        put_i32(&mut b, 176, sock_type);
        put_i32(&mut b, 184, family);
        put_i32(&mut b, 256, kind);
        put_i32(&mut b, 264, i32::from_ne_bytes([0x01, 0xbb, 0, 0])); // 443
        put_i32(&mut b, 268, i32::from_ne_bytes([0xc3, 0x50, 0, 0])); // 50000
        if family == AF_INET {
            b[288] = 0x1; // INI_IPV4
            put(&mut b, 296 + 12, &[93, 184, 216, 34]);
            put(&mut b, 312 + 12, &[10, 0, 0, 2]);
        } else {
            b[288] = 0x2;
            put(&mut b, 296, &std::net::Ipv6Addr::LOCALHOST.octets());
            put(&mut b, 312, &std::net::Ipv6Addr::LOCALHOST.octets());
        }
        put_i32(&mut b, 344, state);
        b
    }

    #[test]
    fn inet_sockets() {
        let row = socket_row(&inet_sock(AF_INET, 1, SOCKINFO_TCP, 4)).unwrap().unwrap();
        assert_eq!(row.laddr, ConnAddr::Inet(Addr { ip: "10.0.0.2".into(), port: 50000 }));
        assert_eq!(row.raddr, ConnAddr::Inet(Addr { ip: "93.184.216.34".into(), port: 443 }));
        assert_eq!(row.status, ConnStatus::Established);
        let row = socket_row(&inet_sock(AF_INET6, 1, SOCKINFO_TCP, 1)).unwrap().unwrap();
        assert_eq!(row.laddr, ConnAddr::Inet(Addr { ip: "::1".into(), port: 50000 }));
        assert_eq!(row.status, ConnStatus::Listen);
        let udp = socket_row(&inet_sock(AF_INET, 2, 1, 4)).unwrap().unwrap();
        assert_eq!(udp.status, ConnStatus::None, "no TCP state for UDP");
        let mut unconnected = inet_sock(AF_INET, 1, SOCKINFO_TCP, 1);
        put_i32(&mut unconnected, 264, 0);
        assert_eq!(socket_row(&unconnected).unwrap().unwrap().raddr, ConnAddr::Empty);
        // An unbound socket keeps its local `(ip, 0)`: psutil's C builds that tuple always.
        put_i32(&mut unconnected, 268, 0);
        let row = socket_row(&unconnected).unwrap().unwrap();
        assert_eq!(row.laddr, ConnAddr::Inet(Addr { ip: "10.0.0.2".into(), port: 0 }));
    }

    #[test]
    fn unix_and_other_sockets() {
        let mut b = vec![0u8; SOCKET_FDINFO_SIZE];
        put_i32(&mut b, 176, 1);
        put_i32(&mut b, 184, AF_UNIX);
        b[280] = 2 + 9;
        put(&mut b, 282, b"/tmp/x.sk");
        b[535] = 2 + 4;
        put(&mut b, 537, b"/p/q");
        let row = socket_row(&b).unwrap().unwrap();
        assert_eq!(row.laddr, ConnAddr::Unix("/tmp/x.sk".into()));
        assert_eq!(row.raddr, ConnAddr::Unix("/p/q".into()));
        put_i32(&mut b, 184, 17);
        assert_eq!(socket_row(&b).unwrap(), None);
        assert!(socket_row(&b[..791]).is_err());
    }
}
