//! Pure decoders of FreeBSD's socket tables, as psutil reads them (`arch/freebsd/
//! sys_socks.c`, `proc_socks.c`): `kern.file` (`xfile[]`: which pid and fd hold each
//! socket), the PCB lists `net.inet.{tcp,udp}.pcblist` and `net.local.{stream,dgram}.
//! pcblist` (a generation header, `xtcpcb`/`xinpcb`/`xunpcb` records, a generation
//! trailer), and the join of both into psutil's rows, system-wide and per process
//! (`kinfo_file` sockets). Offsets are checked by `pcb_layout.rs`.
// Wired into the FreeBSD backend only; unit-tested on every host.
#![cfg_attr(not(test), allow(dead_code))]

use std::ffi::OsString;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::parse::{FileRec, KF_TYPE_SOCKET};
use crate::net::{ConnAddr, ConnStatus, Connection, ConnectionKind, SocketTable, SocketType};
use crate::sys::unix::bsd::bytes::{i16_at, i32_at, u16_at, u64_at, u8_at};
use crate::sys::unix::bsd::sockets::{inet_endpoint, inet_local, sockaddr_un_path, table_of, tcp_status};
use crate::sys::unix::bsd::DecodeError;
use crate::Pid;

/// `sizeof(struct xfile)` and the offsets read in it.
pub(crate) const XFILE_SIZE: usize = 128;
pub(crate) mod xf {
    pub(crate) const SIZE: usize = 0;
    pub(crate) const PID: usize = 8;
    pub(crate) const FD: usize = 16;
    pub(crate) const DATA: usize = 56;
}

/// `sizeof(struct xsocket)` and the offsets read in it.
pub(crate) const XSOCKET_SIZE: usize = 240;
pub(crate) mod xso {
    pub(crate) const SO: usize = 8;
    pub(crate) const PROTOCOL: usize = 96;
    pub(crate) const FAMILY: usize = 100;
    pub(crate) const TYPE: usize = 156;
}

/// `sizeof(struct xinpcb)` and the offsets read in it (`inp_inc` is at 248).
pub(crate) const XINPCB_SIZE: usize = 400;
pub(crate) mod xi {
    pub(crate) const SOCKET: usize = 8;
    pub(crate) const FPORT: usize = 252;
    pub(crate) const LPORT: usize = 254;
    pub(crate) const FADDR: usize = 256;
    pub(crate) const LADDR: usize = 272;
    pub(crate) const VFLAG: usize = 392;
}

/// `sizeof(struct xtcpcb)`: its `xinpcb` at 8, `t_state` at 568.
pub(crate) const XTCPCB_SIZE: usize = 744;
pub(crate) mod xt {
    pub(crate) const INP: usize = 8;
    pub(crate) const T_STATE: usize = 568;
}

/// `sizeof(struct xunpcb)`: the bound address (`sockaddr_un`) at 152, its `xsocket` at 664.
pub(crate) const XUNPCB_SIZE: usize = 904;
pub(crate) mod xu {
    pub(crate) const ADDR: usize = 152;
    pub(crate) const SOCKET: usize = 664;
}

/// `sizeof(struct xinpgen)`, `sizeof(struct xunpgen)`, and where both keep the generation.
pub(crate) const XINPGEN_SIZE: usize = 64;
pub(crate) const XUNPGEN_SIZE: usize = 32;
pub(crate) const GEN_OFFSET: usize = 16;

/// FreeBSD's `AF_INET6` (macOS's is 30).
pub(crate) const AF_INET6: i32 = 28;
const AF_UNIX: i32 = 1;
const AF_INET: i32 = 2;
const SOCK_STREAM: i32 = 1;
const SOCK_DGRAM: i32 = 2;
/// `INP_IPV4`, `INP_IPV6` in `inp_vflag`.
const INP_IPV4: u8 = 0x1;
const INP_IPV6: u8 = 0x2;

/// One `xfile`: the process and descriptor holding the kernel object at `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct XFile {
    pub(crate) pid: i32,
    pub(crate) fd: i32,
    pub(crate) data: u64,
}

/// The `xfile[]` of `kern.file`; the first record's `xf_size` must be 128 (psutil's
/// "struct xfile size mismatch"); a trailing partial record is ignored, as psutil.
pub(crate) fn parse_xfiles(buf: &[u8]) -> Result<Vec<XFile>, DecodeError> {
    if buf.is_empty() {
        return Ok(Vec::new());
    }
    if u64_at(buf, xf::SIZE) != Some(XFILE_SIZE as u64) {
        return Err(DecodeError("struct xfile size mismatch"));
    }
    let short = DecodeError("xfile field out of range");
    buf.chunks_exact(XFILE_SIZE)
        .map(|r| {
            Ok(XFile {
                pid: i32_at(r, xf::PID).ok_or(short)?,
                fd: i32_at(r, xf::FD).ok_or(short)?,
                data: u64_at(r, xf::DATA).ok_or(short)?,
            })
        })
        .collect()
}

/// How many times a PCB list is read again while its header and trailer generations
/// differ (the table changed during the copy): psutil's 5.
pub(crate) const PCB_RETRIES: usize = 5;

/// Reads a PCB list with `fetch` until its header and trailer generations agree, at most
/// `1 + PCB_RETRIES` times; the last read is kept either way (psutil's loop). A buffer too
/// short for both is returned as is (the walk reports it).
pub(crate) fn read_stable(
    mut fetch: impl FnMut() -> io::Result<Vec<u8>>,
    gen_len: usize,
) -> io::Result<Vec<u8>> {
    let mut buf = fetch()?;
    for _ in 0..PCB_RETRIES {
        let trailer = buf.len().checked_sub(gen_len);
        let same = trailer.is_some_and(|t| {
            u64_at(&buf, GEN_OFFSET).is_some() && u64_at(&buf, GEN_OFFSET) == u64_at(&buf, t + GEN_OFFSET)
        });
        if same || trailer.is_none() {
            break;
        }
        buf = fetch()?;
    }
    Ok(buf)
}

/// The records of a PCB list: between the `gen_len`-byte header and trailer (each must
/// say its own length is `gen_len`), each record `rec_size` bytes by its own leading
/// length, as psutil checks ("size mismatch").
pub(crate) fn pcb_records(buf: &[u8], gen_len: usize, rec_size: usize) -> Result<Vec<&[u8]>, DecodeError> {
    let end = buf.len().checked_sub(gen_len).filter(|&e| e >= gen_len);
    let Some(end) = end else { return Err(DecodeError("PCB list shorter than its header and trailer")) };
    let gen_ok = |off: usize| u64_at(buf, off) == Some(gen_len as u64);
    if !gen_ok(0) || !gen_ok(end) {
        return Err(DecodeError("struct xinpgen size mismatch"));
    }
    let mut out = Vec::new();
    let mut pos = gen_len;
    while pos < end {
        if u64_at(buf, pos) != Some(rec_size as u64) || pos + rec_size > end {
            return Err(DecodeError("PCB record size mismatch"));
        }
        out.push(&buf[pos..pos + rec_size]);
        pos += rec_size;
    }
    Ok(out)
}

/// The fields of one inet PCB (an `xinpcb`, alone or inside an `xtcpcb`) psutil uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InetPcb {
    /// `xso_so`: the socket's kernel address, matched against `xf_data`.
    pub(crate) so: u64,
    pub(crate) sock_type: i32,
    pub(crate) family: i32,
    pub(crate) protocol: i32,
    pub(crate) vflag: u8,
    /// Ports in network byte order, as stored.
    pub(crate) lport: u16,
    pub(crate) fport: u16,
    pub(crate) laddr: [u8; 16],
    pub(crate) faddr: [u8; 16],
    /// `t_state` of a TCP PCB; `None` for UDP.
    pub(crate) tcp_state: Option<i32>,
}

/// Decodes the `xinpcb` at `inp` in `rec` (0 for a UDP record, `xt::INP` for TCP).
fn inet_pcb(rec: &[u8], inp: usize, tcp_state: Option<i32>) -> Result<InetPcb, DecodeError> {
    const SHORT: DecodeError = DecodeError("xinpcb shorter than its fields");
    let so = inp + xi::SOCKET;
    let field = |off: usize| -> Result<[u8; 16], DecodeError> {
        rec.get(inp + off..inp + off + 16).and_then(|s| s.try_into().ok()).ok_or(SHORT)
    };
    Ok(InetPcb {
        so: u64_at(rec, so + xso::SO).ok_or(SHORT)?,
        sock_type: i32::from(i16_at(rec, so + xso::TYPE).ok_or(SHORT)?),
        family: i32_at(rec, so + xso::FAMILY).ok_or(SHORT)?,
        protocol: i32_at(rec, so + xso::PROTOCOL).ok_or(SHORT)?,
        vflag: u8_at(rec, inp + xi::VFLAG).ok_or(SHORT)?,
        lport: u16_at(rec, inp + xi::LPORT).ok_or(SHORT)?,
        fport: u16_at(rec, inp + xi::FPORT).ok_or(SHORT)?,
        laddr: field(xi::LADDR)?,
        faddr: field(xi::FADDR)?,
        tcp_state,
    })
}

/// The PCBs of `net.inet.tcp.pcblist`.
pub(crate) fn tcp_pcbs(buf: &[u8]) -> Result<Vec<InetPcb>, DecodeError> {
    pcb_records(buf, XINPGEN_SIZE, XTCPCB_SIZE)?
        .into_iter()
        .map(|r| {
            let state = i32_at(r, xt::T_STATE).ok_or(DecodeError("xtcpcb shorter than t_state"))?;
            inet_pcb(r, xt::INP, Some(state))
        })
        .collect()
}

/// The PCBs of `net.inet.udp.pcblist`.
pub(crate) fn udp_pcbs(buf: &[u8]) -> Result<Vec<InetPcb>, DecodeError> {
    pcb_records(buf, XINPGEN_SIZE, XINPCB_SIZE)?.into_iter().map(|r| inet_pcb(r, 0, None)).collect()
}

/// One UNIX-domain PCB: its socket's kernel address and bound path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnixPcb {
    pub(crate) so: u64,
    pub(crate) path: OsString,
}

/// The PCBs of `net.local.{stream,dgram}.pcblist`; the path is the bound address's
/// `sun_len - 2` bytes.
pub(crate) fn unix_pcbs(buf: &[u8]) -> Result<Vec<UnixPcb>, DecodeError> {
    pcb_records(buf, XUNPGEN_SIZE, XUNPCB_SIZE)?
        .into_iter()
        .map(|r| {
            let short = DecodeError("xunpcb shorter than its fields");
            Ok(UnixPcb {
                so: u64_at(r, xu::SOCKET + xso::SO).ok_or(short)?,
                path: sockaddr_un_path(r.get(xu::ADDR..xu::SOCKET).ok_or(short)?),
            })
        })
        .collect()
}

/// An address of an inet PCB: IPv4 sits in the last 4 bytes of the 16-byte field
/// (`in_addr_4in6`).
fn pcb_ip(v6: bool, field: &[u8; 16]) -> IpAddr {
    if v6 {
        Ipv6Addr::from(*field).into()
    } else {
        Ipv4Addr::new(field[12], field[13], field[14], field[15]).into()
    }
}

/// The system-wide rows of the inet PCBs of one protocol (`tcp` or not) wanted by `kind`,
/// each with the pid and fd of the first `xfile` holding its socket; PCBs no visible
/// process holds are skipped (psutil's `psutil_get_file_from_sock`), as are those whose
/// `inp_vflag` names neither IPv4 nor IPv6.
pub(crate) fn inet_rows(
    pcbs: &[InetPcb],
    tcp: bool,
    files: &[XFile],
    kind: ConnectionKind,
) -> Vec<Connection> {
    let (t4, t6) =
        if tcp { (SocketTable::Tcp4, SocketTable::Tcp6) } else { (SocketTable::Udp4, SocketTable::Udp6) };
    let tables = kind.tables();
    let mut out = Vec::new();
    for pcb in pcbs {
        let is4 = pcb.vflag & INP_IPV4 != 0;
        let is6 = pcb.vflag & INP_IPV6 != 0;
        if (is4 && !tables.contains(&t4)) || (is6 && !tables.contains(&t6)) || !(is4 || is6) {
            continue;
        }
        let Some(file) = files.iter().find(|f| f.data == pcb.so) else { continue };
        let table = if is4 { t4 } else { t6 };
        let (lport, fport) = (u16::from_be(pcb.lport), u16::from_be(pcb.fport));
        out.push(Connection {
            fd: file.fd,
            family: table.family(),
            r#type: if tcp { SocketType::Stream } else { SocketType::Dgram },
            laddr: inet_local(pcb_ip(!is4, &pcb.laddr), lport),
            raddr: inet_endpoint(pcb_ip(!is4, &pcb.faddr), fport),
            status: pcb.tcp_state.map_or(ConnStatus::None, tcp_status),
            pid: Some(file.pid.max(0) as Pid),
        });
    }
    out
}

/// The system-wide rows of one UNIX-domain list (`r#type` stream or datagram): laddr the
/// bound path, raddr `""` (FreeBSD gives no peer path), pid and fd from `kern.file`.
pub(crate) fn unix_rows(pcbs: &[UnixPcb], r#type: SocketType, files: &[XFile]) -> Vec<Connection> {
    pcbs.iter()
        .filter_map(|pcb| {
            let file = files.iter().find(|f| f.data == pcb.so)?;
            Some(Connection {
                fd: file.fd,
                family: SocketTable::Unix.family(),
                r#type,
                laddr: ConnAddr::Unix(pcb.path.clone()),
                raddr: ConnAddr::Unix(OsString::new()),
                status: ConnStatus::None,
                pid: Some(file.pid.max(0) as Pid),
            })
        })
        .collect()
}

/// The port (as stored, network order) and address field of a `sockaddr_in` /
/// `sockaddr_in6` from `kinfo_file`: IPv4 in the last 4 bytes of the 16, as in a PCB.
fn sockaddr_endpoint(sa: &[u8], v6: bool) -> Option<(u16, [u8; 16])> {
    let port = u16_at(sa, 2)?;
    let mut field = [0u8; 16];
    if v6 {
        field.copy_from_slice(sa.get(8..24)?);
    } else {
        field[12..].copy_from_slice(sa.get(4..8)?);
    }
    Some((port, field))
}

/// The TCP state psutil finds for a process's TCP socket: the first PCB of the same type,
/// family and protocol whose local and remote port and address equal the socket's;
/// `None` when there is none.
fn tcp_state_of(rec: &FileRec, tcp: &[InetPcb]) -> Option<i32> {
    let v6 = rec.sock_domain == AF_INET6;
    let (lport, laddr) = sockaddr_endpoint(&rec.sa_local, v6)?;
    let (fport, faddr) = sockaddr_endpoint(&rec.sa_peer, v6)?;
    let addr_eq = |a: &[u8; 16], b: &[u8; 16]| if v6 { a == b } else { a[12..] == b[12..] };
    tcp.iter()
        .find(|p| {
            p.sock_type == rec.sock_type
                && p.family == rec.sock_domain
                && p.protocol == rec.sock_protocol
                && p.lport == lport
                && addr_eq(&p.laddr, &laddr)
                && p.fport == fport
                && addr_eq(&p.faddr, &faddr)
        })
        .and_then(|p| p.tcp_state)
}

/// Whether a process's sockets include one whose state needs the TCP list.
pub(crate) fn needs_tcp_list(files: &[FileRec], kind: ConnectionKind) -> bool {
    files.iter().any(|f| {
        f.kind == KF_TYPE_SOCKET
            && f.sock_type == SOCK_STREAM
            && matches!(f.sock_domain, AF_INET | AF_INET6)
            && table_of(f.sock_domain, f.sock_type, AF_INET6).is_some_and(|t| kind.tables().contains(&t))
    })
}

/// psutil's per-process rows: the `kinfo_file` sockets of the families and types `kind`
/// names (UNIX sockets of stream and datagram type only, as psutil's type filter), with
/// fd, addresses from `kf_sa_local`/`kf_sa_peer` and, for TCP, the state of the matching
/// PCB in `tcp` (else `NONE`).
pub(crate) fn process_rows(files: &[FileRec], tcp: &[InetPcb], kind: ConnectionKind) -> Vec<Connection> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.kind == KF_TYPE_SOCKET) {
        if !matches!(f.sock_type, SOCK_STREAM | SOCK_DGRAM) {
            continue;
        }
        let Some(table) = table_of(f.sock_domain, f.sock_type, AF_INET6) else { continue };
        if !kind.tables().contains(&table) {
            continue;
        }
        let r#type = SocketType::from_raw(f.sock_type);
        let row = if f.sock_domain == AF_UNIX {
            Connection {
                fd: f.fd,
                family: table.family(),
                r#type,
                laddr: ConnAddr::Unix(sockaddr_un_path(&f.sa_local)),
                raddr: ConnAddr::Unix(OsString::new()),
                status: ConnStatus::None,
                pid: None,
            }
        } else {
            let v6 = f.sock_domain == AF_INET6;
            let (Some((lport, laddr)), Some((fport, faddr))) =
                (sockaddr_endpoint(&f.sa_local, v6), sockaddr_endpoint(&f.sa_peer, v6))
            else {
                continue;
            };
            let state = if f.sock_type == SOCK_STREAM { tcp_state_of(f, tcp) } else { None };
            Connection {
                fd: f.fd,
                family: table.family(),
                r#type,
                laddr: inet_local(pcb_ip(v6, &laddr), u16::from_be(lport)),
                raddr: inet_endpoint(pcb_ip(v6, &faddr), u16::from_be(fport)),
                status: state.map_or(ConnStatus::None, tcp_status),
                pid: None,
            }
        };
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests;
