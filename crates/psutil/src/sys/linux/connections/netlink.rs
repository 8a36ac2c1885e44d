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

/// `TCPDIAG_GETSOCK` (linux/inet_diag.h): the older request type. The kernel runs its
/// dumps with family `AF_UNSPEC`, so one walk of the TCP hash tables gives IPv4 and IPv6.
const TCPDIAG_GETSOCK: u16 = 18;
/// `struct inet_diag_req`, the older request.
const OLD_REQ_LEN: usize = 60;

/// The request message for a dump of both TCP tables (`TCPDIAG_GETSOCK`).
pub(crate) fn request_tcp(seq: u32) -> [u8; NLMSG_HDR + OLD_REQ_LEN] {
    let mut m = [0u8; NLMSG_HDR + OLD_REQ_LEN];
    m[0..4].copy_from_slice(&((NLMSG_HDR + OLD_REQ_LEN) as u32).to_ne_bytes());
    m[4..6].copy_from_slice(&TCPDIAG_GETSOCK.to_ne_bytes());
    m[6..8].copy_from_slice(&DUMP_FLAGS.to_ne_bytes());
    m[8..12].copy_from_slice(&seq.to_ne_bytes());
    // idiag_family (not used by the dump), lengths and ext 0, then a zero socket id (48
    // bytes), then the states; idiag_dbs stays 0.
    m[16] = af(SocketFamily::Inet);
    m[68..72].copy_from_slice(&STATES.to_ne_bytes());
    m
}

/// Where the rows of a dump go, by the family of each socket; a family without a vector
/// is skipped.
pub(crate) struct Sink<'a> {
    /// TCP (states mapped) or UDP (no state).
    pub(crate) tcp: bool,
    pub(crate) v4: Option<&'a mut Vec<InetRow>>,
    pub(crate) v6: Option<&'a mut Vec<InetRow>>,
}

impl<'a> Sink<'a> {
    /// The rows of `table` only, into `out`.
    pub(crate) fn table(table: SocketTable, out: &'a mut Vec<InetRow>) -> Self {
        let tcp = matches!(table, SocketTable::Tcp4 | SocketTable::Tcp6);
        if table.family() == SocketFamily::Inet6 {
            Sink { tcp, v4: None, v6: Some(out) }
        } else {
            Sink { tcp, v4: Some(out), v6: None }
        }
    }
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

/// Parses one `recv` worth of reply for the dump with sequence `seq`, pushing its
/// sockets to `sink`. Messages of other sequences are ignored. An `NLMSG_ERROR`, a
/// truncated message or an unknown TCP state is an error (the caller falls back).
pub(crate) fn parse_reply(bytes: &[u8], sink: &mut Sink<'_>, seq: u32) -> io::Result<Step> {
    let (af4, af6) = (af(SocketFamily::Inet), af(SocketFamily::Inet6));
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
            // A socket's message has the type of the request.
            SOCK_DIAG_BY_FAMILY | TCPDIAG_GETSOCK => {
                let p = &msg[NLMSG_HDR..];
                if p.len() < MSG_LEN {
                    return Err(invalid("short inet_diag_msg"));
                }
                let (out, width) = match p[0] {
                    f if f == af4 => (sink.v4.as_deref_mut(), 4),
                    f if f == af6 => (sink.v6.as_deref_mut(), 16),
                    _ => (None, 0),
                };
                let Some(out) = out else { continue };
                let mut laddr = [0u8; 16];
                let mut raddr = [0u8; 16];
                laddr[..width].copy_from_slice(&p[8..8 + width]);
                raddr[..width].copy_from_slice(&p[24..24 + width]);
                let lport = u16::from_be_bytes([p[4], p[5]]);
                let rport = u16::from_be_bytes([p[6], p[7]]);
                let status = if sink.tcp {
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
        self.run(&req, &mut Sink::table(table, out))
    }

    /// Dumps both TCP tables in one walk. On error, the vectors may hold part of the
    /// tables (a kernel without the older request type answers with an error).
    pub(crate) fn dump_tcp(&mut self, v4: &mut Vec<InetRow>, v6: &mut Vec<InetRow>) -> io::Result<()> {
        self.seq = self.seq.wrapping_add(1);
        let req = request_tcp(self.seq);
        self.run(&req, &mut Sink { tcp: true, v4: Some(v4), v6: Some(v6) })
    }

    /// Sends `req` and reads the reply to its end.
    fn run(&mut self, req: &[u8], sink: &mut Sink<'_>) -> io::Result<()> {
        rustix::net::sendto(&self.fd, req, SendFlags::empty(), &SocketAddrNetlink::new(0, 0))?;
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
            if parse_reply(&self.buf[..n], sink, self.seq)? == Step::Done {
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
    fn tcp_request_layout() {
        let r = request_tcp(9);
        assert_eq!(r.len(), 76);
        assert_eq!(u32_at(&r, 0), Some(76));
        assert_eq!(u16_at(&r, 4), Some(TCPDIAG_GETSOCK));
        assert_eq!(u16_at(&r, 6), Some(DUMP_FLAGS));
        assert_eq!(u32_at(&r, 8), Some(9));
        assert!(r[20..68].iter().all(|b| *b == 0), "a zero socket id matches every socket");
        assert_eq!(u32_at(&r, 68), Some(STATES));
        assert_eq!(u32_at(&r, 72), Some(0));
    }

    #[test]
    fn rows_split_by_family() {
        let (af4, af6) = (libc::AF_INET as u8, libc::AF_INET6 as u8);
        let mut v6 = diag(af6, 10, [0; 4], 443, 8);
        v6[8..24].copy_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        let mut bytes = msg(SOCK_DIAG_BY_FAMILY, 5, &diag(af4, 1, [10, 0, 0, 2], 22, 7));
        bytes.extend(msg(TCPDIAG_GETSOCK, 5, &v6));
        bytes.extend(msg(SOCK_DIAG_BY_FAMILY, 5, &diag(libc::AF_UNIX as u8, 1, [0; 4], 1, 9)));
        let (mut four, mut six) = (Vec::new(), Vec::new());
        let mut both = Sink { tcp: true, v4: Some(&mut four), v6: Some(&mut six) };
        assert_eq!(parse_reply(&bytes, &mut both, 5).expect("rows"), Step::More);
        assert_eq!(
            four.iter().map(|r| (r.inode, r.lport, r.status)).collect::<Vec<_>>(),
            vec![(7, 22, ConnStatus::Established)]
        );
        assert_eq!(six.iter().map(|r| (r.inode, r.laddr[15])).collect::<Vec<_>>(), vec![(8, 1)]);
        // One table's sink keeps only its family.
        let mut only6 = Vec::new();
        assert!(parse_reply(&bytes, &mut Sink::table(SocketTable::Tcp6, &mut only6), 5).is_ok());
        assert_eq!(only6.iter().map(|r| r.inode).collect::<Vec<_>>(), vec![8]);
    }

    #[test]
    fn parses_rows_done_and_errors() {
        let af4 = libc::AF_INET as u8;
        let mut bytes = msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 10, [127, 0, 0, 1], 8080, 55));
        bytes.extend(msg(SOCK_DIAG_BY_FAMILY, 2, &diag(af4, 1, [10, 0, 0, 1], 1, 1))); // stale seq
        let mut out = Vec::new();
        assert_eq!(
            parse_reply(&bytes, &mut Sink::table(SocketTable::Tcp4, &mut out), 3).expect("rows"),
            Step::More
        );
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].laddr[..4].to_vec(), out[0].lport), (vec![127, 0, 0, 1], 8080));
        assert_eq!((out[0].status, out[0].inode), (ConnStatus::Listen, 55));
        assert_eq!(
            parse_reply(&msg(NLMSG_DONE, 3, &[0; 4]), &mut Sink::table(SocketTable::Tcp4, &mut out), 3)
                .expect("done"),
            Step::Done
        );
        let err = parse_reply(
            &msg(NLMSG_ERROR, 3, &(-2i32).to_ne_bytes()),
            &mut Sink::table(SocketTable::Tcp4, &mut out),
            3,
        )
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
        let err = parse_reply(
            &msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 13, [0; 4], 1, 1)),
            &mut Sink::table(SocketTable::Tcp4, &mut out),
            3,
        );
        assert!(err.is_err(), "unknown TCP state must fail");
        let mut short = msg(SOCK_DIAG_BY_FAMILY, 3, &diag(af4, 1, [0; 4], 1, 1));
        short.truncate(40);
        assert!(parse_reply(&short, &mut Sink::table(SocketTable::Tcp4, &mut out), 3).is_err());
    }

    proptest! {
        #[test]
        fn garbage_never_panics(bytes: Vec<u8>, seq: u32) {
            let _ = parse_reply(&bytes, &mut Sink::table(SocketTable::Tcp6, &mut Vec::new()), seq);
            let _ = parse_reply(&bytes, &mut Sink::table(SocketTable::Udp4, &mut Vec::new()), 0);
            let (mut v4, mut v6) = (Vec::new(), Vec::new());
            let _ = parse_reply(&bytes, &mut Sink { tcp: true, v4: Some(&mut v4), v6: Some(&mut v6) }, seq);
        }
    }
}
