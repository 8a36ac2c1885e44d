//! FreeBSD backend: sockets, as psutil gathers them (`arch/freebsd/sys_socks.c`,
//! `proc_socks.c`). System-wide: `kern.file` says which pid and fd hold each socket, the
//! PCB lists give the sockets of each protocol (readable without privileges; the caller
//! sees what the kernel lets it see). Per process: the `KERN_PROC_FILEDESC` sockets,
//! with the TCP state from `net.inet.tcp.pcblist`. Decoding is in `pcblist.rs`.

pub(crate) use crate::sys::unsupported::connections::{socket_family_number, SOCK_NUMBERS};

use std::collections::HashSet;
use std::ffi::CStr;

use super::ffi;
use super::pcblist::{self, XINPGEN_SIZE, XUNPGEN_SIZE};
use super::process::{files, kinfo};
use crate::net::{Connection, ConnectionKind, SocketTable, SocketType};
use crate::paths::Roots;
use crate::process::ProcRef;
use crate::Result;

/// One PCB list, read again while it changed during the copy.
fn read_list(name: &CStr, gen_len: usize) -> Result<Vec<u8>> {
    Ok(pcblist::read_stable(|| ffi::pcblist(name), gen_len)?)
}

/// The TCP PCBs (`net.inet.tcp.pcblist`).
fn tcp_pcbs() -> Result<Vec<pcblist::InetPcb>> {
    let buf = read_list(c"net.inet.tcp.pcblist", XINPGEN_SIZE)?;
    pcblist::tcp_pcbs(&buf).map_err(|e| e.into_error("net.inet.tcp.pcblist"))
}

/// psutil's `net_connections(kind)` on FreeBSD: each wanted protocol's PCBs joined with
/// `kern.file` (sockets no visible process holds are left out); duplicates merged as
/// psutil's set does.
pub(crate) fn net_connections(_roots: &Roots, kind: ConnectionKind) -> Result<Vec<Connection>> {
    use SocketTable::*;
    let files = pcblist::parse_xfiles(&ffi::kern_file()?).map_err(|e| e.into_error("kern.file"))?;
    let tables = kind.tables();
    let wants = |a: SocketTable, b: SocketTable| tables.contains(&a) || tables.contains(&b);
    let mut out = Vec::new();
    if wants(Tcp4, Tcp6) {
        out.extend(pcblist::inet_rows(&tcp_pcbs()?, true, &files, kind));
    }
    if wants(Udp4, Udp6) {
        let buf = read_list(c"net.inet.udp.pcblist", XINPGEN_SIZE)?;
        let pcbs = pcblist::udp_pcbs(&buf).map_err(|e| e.into_error("net.inet.udp.pcblist"))?;
        out.extend(pcblist::inet_rows(&pcbs, false, &files, kind));
    }
    if tables.contains(&Unix) {
        for (name, r#type) in [
            (c"net.local.stream.pcblist", SocketType::Stream),
            (c"net.local.dgram.pcblist", SocketType::Dgram),
        ] {
            let buf = read_list(name, XUNPGEN_SIZE)?;
            let pcbs = pcblist::unix_pcbs(&buf).map_err(|e| e.into_error("net.local pcblist"))?;
            out.extend(pcblist::unix_rows(&pcbs, r#type, &files));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.clone()));
    Ok(out)
}

/// psutil's `Process.net_connections(kind)` on FreeBSD: the process's sockets of `kind`
/// (`KERN_PROC_FILEDESC`: AccessDenied without debug rights over it), the TCP list read
/// only when a TCP socket needs its state; the process is checked to still exist
/// afterwards, as psutil's `_assert_alive`.
pub(crate) fn process_connections(p: &ProcRef<'_>, kind: ConnectionKind) -> Result<Vec<Connection>> {
    let recs = files(p)?;
    let tcp = if pcblist::needs_tcp_list(&recs, kind) { tcp_pcbs()? } else { Vec::new() };
    let rows = pcblist::process_rows(&recs, &tcp, kind);
    kinfo(p)?;
    Ok(rows)
}
