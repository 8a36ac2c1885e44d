//! The TCP/UDP tables through `NETLINK_SOCK_DIAG` (`inet_diag_req_v2` dumps), what `ss`
//! uses. It gives the same rows as `<proc>/net/{tcp,tcp6,udp,udp6}` without the kernel's
//! walk of every hash bucket, which makes `/proc/net/tcp` slow on big hosts. Any failure
//! makes the caller fall back to `/proc/net`.

use std::io;
use std::os::fd::OwnedFd;

use rustix::net::netlink::{self, SocketAddrNetlink};
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketFlags, SocketType};

use super::procnet::InetRow;
use crate::net::{ConnStatus, SocketFamily, SocketTable};

/// `SOCK_DIAG_BY_FAMILY` (linux/sock_diag.h).
const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `NLMSG_ERROR` and `NLMSG_DONE` (linux/netlink.h).
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
/// `NLM_F_REQUEST | NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
const DUMP_FLAGS: u16 = 0x001 | 0x100 | 0x200;
/// `struct nlmsghdr`.
const NLMSG_HDR: usize = 16;
/// `struct inet_diag_req_v2`.
const REQ_LEN: usize = 56;
/// `struct inet_diag_msg`.
const MSG_LEN: usize = 72;
/// The TCP states `/proc/net/tcp` lists: `TCP_ESTABLISHED` (1) .. `TCP_CLOSING` (11) plus
/// `TCP_NEW_SYN_RECV` (12, reported as `TCP_SYN_RECV`). Not `TCP_BOUND_INACTIVE` (13),
/// bound-only sockets that `/proc/net/tcp` (and so psutil) does not show.
const STATES: u32 = 0x1ffe;
/// `IPPROTO_TCP`, `IPPROTO_UDP`.
const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;

fn af(family: SocketFamily) -> u8 {
    // AF_INET and AF_INET6 fit in a byte on Linux.
    family.raw() as u8
}

/// The request message for one table's dump.
pub(crate) fn request(table: SocketTable, seq: u32) -> [u8; NLMSG_HDR + REQ_LEN] {
    let mut m = [0u8; NLMSG_HDR + REQ_LEN];
    m[0..4].copy_from_slice(&((NLMSG_HDR + REQ_LEN) as u32).to_ne_bytes());
    m[4..6].copy_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    m[6..8].copy_from_slice(&DUMP_FLAGS.to_ne_bytes());
    m[8..12].copy_from_slice(&seq.to_ne_bytes());
    // nlmsg_pid 0: the kernel.
    let tcp = matches!(table, SocketTable::Tcp4 | SocketTable::Tcp6);
    m[16] = af(table.family());
    m[17] = if tcp { IPPROTO_TCP } else { IPPROTO_UDP };
    // idiag_ext 0, pad 0.
    m[20..24].copy_from_slice(&STATES.to_ne_bytes());
    // The socket id stays zero: a dump matches every socket.
    m
}

/// Where a chunk of the reply left the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    More,
    Done,
}

fn invalid(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4).and_then(|s| s.try_into().ok()).map(u32::from_ne_bytes)
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2).and_then(|s| s.try_into().ok()).map(u16::from_ne_bytes)
}

/// Parses one `recv` worth of reply for the dump of `table` with sequence `seq`, pushing
/// its sockets to `out`. Messages of other sequences are ignored. An `NLMSG_ERROR`, a
/// truncated message or an unknown TCP state is an error (the caller falls back).
pub(crate) fn parse_reply(
    bytes: &[u8],
    table: SocketTable,
    seq: u32,
    out: &mut Vec<InetRow>,
) -> io::Result<Step> {
    let tcp = matches!(table, SocketTable::Tcp4 | SocketTable::Tcp6);
    let want_family = af(table.family());
    let mut off = 0;
    while off + NLMSG_HDR <= bytes.len() {
        let len = u32_at(bytes, off).ok_or_else(|| invalid("short header"))? as usize;
        let ty = u16_at(bytes, off + 4).ok_or_else(|| invalid("short header"))?;
        let msg_seq = u32_at(bytes, off + 8).ok_or_else(|| invalid("short header"))?;
        let msg = match off.checked_add(len) {
            Some(end) if len >= NLMSG_HDR && end <= bytes.len() => &bytes[off..end],
            _ => return Err(invalid("truncated netlink message")),
        };
        off += len.saturating_add(3) & !3;
        if msg_seq != seq {
            continue;
        }
        match ty {
            NLMSG_DONE => {
                // A dump that failed part-way ends with a negative errno here.
                let errno = u32_at(msg, NLMSG_HDR).map_or(0, |e| e as i32);
                if errno < 0 {
                    return Err(io::Error::from_raw_os_error(errno.saturating_neg()));
                }
                return Ok(Step::Done);
            }
            NLMSG_ERROR => {
                let errno = u32_at(msg, NLMSG_HDR).map_or(0, |e| e as i32);
                if errno != 0 {
                    return Err(io::Error::from_raw_os_error(errno.saturating_neg()));
                }
            }
            SOCK_DIAG_BY_FAMILY => {
                let p = &msg[NLMSG_HDR..];
                if p.len() < MSG_LEN {
                    return Err(invalid("short inet_diag_msg"));
                }
                if p[0] != want_family {
                    continue;
                }
                let width = if table.family() == SocketFamily::Inet6 { 16 } else { 4 };
                let mut laddr = [0u8; 16];
                let mut raddr = [0u8; 16];
                laddr[..width].copy_from_slice(&p[8..8 + width]);
                raddr[..width].copy_from_slice(&p[24..24 + width]);
                let lport = u16::from_be_bytes([p[4], p[5]]);
                let rport = u16::from_be_bytes([p[6], p[7]]);
                let status = if tcp {
                    ConnStatus::from_tcp_state(p[1]).ok_or_else(|| invalid("unknown TCP state"))?
                } else {
                    ConnStatus::None
                };
                let inode = u64::from(u32_at(p, 68).unwrap_or(0));
                out.push(InetRow::new(laddr, lport, raddr, rport, status, inode));
            }
            _ => {}
        }
    }
    Ok(Step::More)
}

/// A `NETLINK_SOCK_DIAG` socket with its receive buffer, for the dumps of one call.
pub(crate) struct DiagSocket {
    fd: OwnedFd,
    buf: Vec<u8>,
    seq: u32,
}

/// Receive buffer size: the kernel fills at most about 32 KiB per dump message batch.
const RECV_BUF: usize = 64 * 1024;

impl DiagSocket {
    /// Opens the socket.
    pub(crate) fn open() -> io::Result<Self> {
        let fd = rustix::net::socket_with(
            AddressFamily::NETLINK,
            SocketType::DGRAM,
            SocketFlags::CLOEXEC,
            Some(netlink::SOCK_DIAG),
        )?;
        Ok(DiagSocket { fd, buf: vec![0; RECV_BUF], seq: 0 })
    }

    /// Dumps `table` into `out`. On error, `out` may hold part of the table.
    pub(crate) fn dump(&mut self, table: SocketTable, out: &mut Vec<InetRow>) -> io::Result<()> {
        self.seq = self.seq.wrapping_add(1);
        let req = request(table, self.seq);
        rustix::net::sendto(&self.fd, &req, SendFlags::empty(), &SocketAddrNetlink::new(0, 0))?;
        loop {
            let (n, full) = match rustix::net::recv(&self.fd, &mut self.buf[..], RecvFlags::empty()) {
                Ok(r) => r,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            };
            if full > n {
                return Err(invalid("netlink reply truncated"));
            }
            if n == 0 {
                return Err(invalid("netlink socket closed"));
            }
            if parse_reply(&self.buf[..n], table, self.seq, out)? == Step::Done {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn msg(ty: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
        let len = NLMSG_HDR + payload.len();
        let mut m = Vec::new();
        m.extend_from_slice(&(len as u32).to_ne_bytes());
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&0u16.to_ne_bytes());
        m.extend_from_slice(&seq.to_ne_bytes());
        m.extend_from_slice(&0u32.to_ne_bytes());
        m.extend_from_slice(payload);
        while m.len() % 4 != 0 {
            m.push(0);
        }
        m
    }

    fn diag(family: u8, state: u8, src: [u8; 4], sport: u16, inode: u32) -> Vec<u8> {
        let mut p = vec![0u8; MSG_LEN];
        p[0] = family;
        p[1] = state;
        p[4..6].copy_from_slice(&sport.to_be_bytes());
        p[8..12].copy_from_slice(&src);
        p[68..72].copy_from_slice(&inode.to_ne_bytes());
        p
    }

    #[test]
    fn request_layout() {
        let r = request(SocketTable::Udp6, 7);
        assert_eq!(u32_at(&r, 0), Some(72));
        assert_eq!(u16_at(&r, 4), Some(SOCK_DIAG_BY_FAMILY));
        assert_eq!(u32_at(&r, 8), Some(7));
        assert_eq!(i32::from(r[16]), libc::AF_INET6);
        assert_eq!(r[17], IPPROTO_UDP);
        assert_eq!(u32_at(&r, 20), Some(STATES));
    }

    #[test]
    fn parses_rows_done_and_errors() {
        let af4 = libc::AF_INET as u8;
        let mut bytes = msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 10, [127, 0, 0, 1], 8080, 55));
        bytes.extend(msg(SOCK_DIAG_BY_FAMILY, 2, &diag(af4, 1, [10, 0, 0, 1], 1, 1))); // stale seq
        let mut out = Vec::new();
        assert_eq!(parse_reply(&bytes, SocketTable::Tcp4, 3, &mut out).expect("rows"), Step::More);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].laddr[..4].to_vec(), out[0].lport), (vec![127, 0, 0, 1], 8080));
        assert_eq!((out[0].status, out[0].inode), (ConnStatus::Listen, 55));
        assert_eq!(
            parse_reply(&msg(NLMSG_DONE, 3, &[0; 4]), SocketTable::Tcp4, 3, &mut out).expect("done"),
            Step::Done
        );
        let err = parse_reply(&msg(NLMSG_ERROR, 3, &(-2i32).to_ne_bytes()), SocketTable::Tcp4, 3, &mut out)
            .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
        let err = parse_reply(
            &msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 13, [0; 4], 1, 1)),
            SocketTable::Tcp4,
            3,
            &mut out,
        );
        assert!(err.is_err(), "unknown TCP state must fail");
        let mut short = msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 1, [0; 4], 1, 1));
        short.truncate(40);
        assert!(parse_reply(&short, SocketTable::Tcp4, 3, &mut out).is_err());
    }

    proptest! {
        #[test]
        fn garbage_never_panics(bytes: Vec<u8>, seq: u32) {
            let _ = parse_reply(&bytes, SocketTable::Tcp6, seq, &mut Vec::new());
            let _ = parse_reply(&bytes, SocketTable::Udp4, 0, &mut Vec::new());
        }
    }
}
