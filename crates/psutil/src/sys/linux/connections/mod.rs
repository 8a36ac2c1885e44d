//! Linux backend: connections (psutil's `_pslinux.py` `NetConnections`).
//!
//! 1. Socket inode → (pid, fd) from the `socket:[N]` links below `<proc>/<pid>/fd/`.
//! 2. The socket tables: TCP/UDP from `NETLINK_SOCK_DIAG` when `/proc` is the real one
//!    (falling back to `<proc>/net/{tcp,tcp6,udp,udp6}`), UNIX from `<proc>/net/unix`.
//! 3. A join with psutil's rules: inet rows take the first (pid, fd) of their inode, UNIX
//!    rows one row per (pid, fd); unknown inodes give `pid: None, fd: -1`; equal rows merge.

mod inodes;
mod netlink;
mod procnet;

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::os::unix::ffi::OsStrExt;

use crate::net::{
    Addr, ConnAddr, ConnStatus, Connection, ConnectionKind, SocketFamily, SocketTable, SocketType,
};
use crate::paths::Roots;
use crate::sys::linux::fd_links::FdTable;
use crate::sys::linux::fs;
use crate::{Pid, Result};

use inodes::{InodeHasher, InodeMap, Scanner};
use netlink::DiagSocket;
use procnet::{format_ip, parse_inet_table, parse_unix_table, InetRow};

/// The `SOCK_*` numbers of the socket types psutil names, on Linux (`socket(2)`).
pub(crate) const SOCK_NUMBERS: [(SocketType, i32); 3] = [
    (SocketType::Stream, libc::SOCK_STREAM),
    (SocketType::Dgram, libc::SOCK_DGRAM),
    (SocketType::SeqPacket, libc::SOCK_SEQPACKET),
];

/// The `AF_*` number of a socket family on Linux (`address_families(7)`).
pub(crate) fn socket_family_number(family: SocketFamily) -> i32 {
    match family {
        SocketFamily::Unix => libc::AF_UNIX,
        SocketFamily::Inet => libc::AF_INET,
        SocketFamily::Inet6 => libc::AF_INET6,
    }
}

/// Where the TCP/UDP tables are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// sock_diag when `/proc` is the real one, else (or when it fails) `<proc>/net`.
    Auto,
    /// Always `<proc>/net/*`, as psutil does.
    #[cfg_attr(not(test), allow(dead_code))]
    ProcNet,
}

/// psutil's `net_connections(kind)`: every socket of `kind`, with its owner when the
/// owner's fds can be read.
pub(crate) fn net_connections(roots: &Roots, kind: ConnectionKind) -> Result<Vec<Connection>> {
    net_connections_from(roots, kind, Source::Auto)
}

/// [`net_connections`] with the table source chosen (tests compare the two).
///
/// The TCP/UDP tables are read on a second thread while this one walks the fd links: the
/// two are independent and each takes tens of milliseconds with thousands of sockets.
pub(crate) fn net_connections_from(
    roots: &Roots,
    kind: ConnectionKind,
    source: Source,
) -> Result<Vec<Connection>> {
    let has_inet = kind.tables().iter().any(|t| *t != SocketTable::Unix);
    let (map, tables) = std::thread::scope(|scope| {
        let reader = if has_inet {
            std::thread::Builder::new().spawn_scoped(scope, || read_inet_tables(roots, kind, source)).ok()
        } else {
            None
        };
        let map = Scanner::new().scan_all(roots);
        let tables = reader.and_then(|h| h.join().ok());
        (map, tables)
    });
    let map = map?;
    let tables = match tables {
        Some(t) => t?,
        None => read_inet_tables(roots, kind, source)?,
    };
    emit(roots, kind, &map, None, &tables)
}

/// [`process_connections_in`] on a fresh read of the fd links.
#[cfg(test)]
pub(crate) fn process_connections(roots: &Roots, pid: Pid, kind: ConnectionKind) -> Result<Vec<Connection>> {
    process_connections_from(roots, pid, kind, Source::Auto)
}

/// [`process_connections`] with the table source chosen.
#[cfg(test)]
pub(crate) fn process_connections_from(
    roots: &Roots,
    pid: Pid,
    kind: ConnectionKind,
    source: Source,
) -> Result<Vec<Connection>> {
    process_connections_in(roots, pid, kind, source, &FdTable::read(roots, pid)?)
}

/// The engine of `Process::net_connections(kind)`: the sockets of `pid` only, as psutil's
/// `pconn` rows (`pid` is `None` in every row).
///
/// The sockets come from `table`, the links of `<proc>/<pid>/fd` (the one [`FdTable`] read
/// that `open_files` and `num_fds` of the same `oneshot` share; its errors are raw
/// [`crate::Error::Io`] for the caller to map to `NoSuchProcess`/`AccessDenied`, and psutil
/// then also re-checks that `<proc>/<pid>` still exists). With no socket fds the result is
/// empty and no socket table is read.
pub(crate) fn process_connections_in(
    roots: &Roots,
    pid: Pid,
    kind: ConnectionKind,
    source: Source,
    table: &FdTable,
) -> Result<Vec<Connection>> {
    let map = inodes::process_inodes(pid, table);
    if map.is_empty() {
        return Ok(Vec::new());
    }
    let tables = read_inet_tables(roots, kind, source)?;
    emit(roots, kind, &map, Some(pid), &tables)
}

/// The key psutil's set merges an inet row with an owner on (the row without its inode).
/// Only the owner's (pid, fd) is hashed: it names a single socket, so only repeats of
/// one socket (a table read while it changed) share a hash, and no remote peer chooses it.
#[derive(PartialEq, Eq)]
struct OwnedRow {
    table: SocketTable,
    row: InetRow,
    pid: Pid,
    fd: i32,
}

impl Hash for OwnedRow {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(u64::from(self.pid) << 32 | u64::from(self.fd as u32));
    }
}

/// Output rows with psutil's set semantics, keeping the first-seen order.
struct Rows<'a> {
    map: &'a InodeMap,
    filter: Option<Pid>,
    out: Vec<Connection>,
    seen_owned: HashSet<OwnedRow, BuildHasherDefault<InodeHasher>>,
    /// Rows without an owner (`fd` -1): SipHash (std's default), as addresses and ports
    /// can be chosen by remote peers.
    seen_unowned: HashSet<(SocketTable, InetRow)>,
    seen_unix: HashSet<Connection>,
    /// The last address formatted: rows often share one (a listener's address).
    last_ip: Option<(SocketFamily, [u8; 16], String)>,
}

impl Rows<'_> {
    fn owner_matches(&self, pid: Option<Pid>) -> bool {
        self.filter.is_none() || pid == self.filter
    }

    /// The `pid` field: `None` in per-process (`pconn`) rows.
    fn shown_pid(&self, pid: Option<Pid>) -> Option<Pid> {
        if self.filter.is_some() {
            None
        } else {
            pid
        }
    }

    fn push_inet(&mut self, table: SocketTable, row: &InetRow) {
        let (pid, fd) = match self.map.first(row.inode) {
            Some((p, f)) => (Some(p), f),
            None => (None, -1),
        };
        if !self.owner_matches(pid) {
            return;
        }
        let key = InetRow { inode: 0, ..*row };
        let fresh = match pid {
            Some(pid) => self.seen_owned.insert(OwnedRow { table, row: key, pid, fd }),
            None => self.seen_unowned.insert((table, key)),
        };
        if !fresh {
            return;
        }
        let family = table.family();
        let mut addr = |a: &[u8; 16], port: u16| {
            if port == 0 {
                return ConnAddr::Empty;
            }
            let ip = match &self.last_ip {
                Some((f, b, s)) if *f == family && b == a => s.clone(),
                _ => {
                    let s = format_ip(family, a);
                    self.last_ip = Some((family, *a, s.clone()));
                    s
                }
            };
            ConnAddr::Inet(Addr { ip, port })
        };
        let r#type = match table {
            SocketTable::Tcp4 | SocketTable::Tcp6 => SocketType::Stream,
            _ => SocketType::Dgram,
        };
        let laddr = addr(&row.laddr, row.lport);
        let raddr = addr(&row.raddr, row.rport);
        let pid = self.shown_pid(pid);
        self.out.push(Connection { fd, family, r#type, laddr, raddr, status: row.status, pid });
    }

    fn push_unix(&mut self, pid: Option<Pid>, fd: i32, r#type: SocketType, path: &OsStr) {
        if !self.owner_matches(pid) {
            return;
        }
        let conn = Connection {
            fd,
            family: SocketFamily::Unix,
            r#type,
            laddr: ConnAddr::Unix(path.to_owned()),
            raddr: ConnAddr::Unix(OsString::new()),
            status: ConnStatus::None,
            pid: self.shown_pid(pid),
        };
        if self.seen_unix.insert(conn.clone()) {
            self.out.push(conn);
        }
    }
}

/// The rows of every TCP/UDP table of `kind`, in psutil's table order.
type InetTables = Vec<(SocketTable, Vec<InetRow>)>;

fn read_inet_tables(roots: &Roots, kind: ConnectionKind, source: Source) -> Result<InetTables> {
    let inet = kind.tables().iter().filter(|t| **t != SocketTable::Unix);
    let mut netlink = match source {
        Source::Auto if roots.is_real_proc() && inet.clone().next().is_some() => DiagSocket::open().ok(),
        _ => None,
    };
    // Both TCP tables from one walk of the kernel's hash tables when both are wanted.
    let wants = |t| kind.tables().contains(&t);
    let mut tcp = None;
    if let Some(sock) = netlink.as_mut().filter(|_| wants(SocketTable::Tcp4) && wants(SocketTable::Tcp6)) {
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        if sock.dump_tcp(&mut v4, &mut v6).is_ok() {
            tcp = Some((v4, v6));
        }
    }
    let mut tables = Vec::new();
    for &table in inet {
        let rows = match (table, tcp.as_mut()) {
            (SocketTable::Tcp4, Some((v4, _))) => std::mem::take(v4),
            (SocketTable::Tcp6, Some((_, v6))) => std::mem::take(v6),
            _ => {
                let mut rows = Vec::new();
                read_inet(roots, table, &mut netlink, &mut rows)?;
                rows
            }
        };
        tables.push((table, rows));
    }
    Ok(tables)
}

fn emit(
    roots: &Roots,
    kind: ConnectionKind,
    map: &InodeMap,
    filter: Option<Pid>,
    tables: &InetTables,
) -> Result<Vec<Connection>> {
    let inet_rows = tables.iter().map(|(_, r)| r.len()).sum();
    let mut rows = Rows {
        map,
        filter,
        out: Vec::with_capacity(inet_rows),
        seen_owned: HashSet::with_capacity_and_hasher(inet_rows, BuildHasherDefault::default()),
        seen_unowned: HashSet::new(),
        seen_unix: HashSet::new(),
        last_ip: None,
    };
    for &table in kind.tables() {
        if table == SocketTable::Unix {
            read_unix(roots, &mut rows)?;
        } else if let Some((_, table_rows)) = tables.iter().find(|(t, _)| *t == table) {
            for row in table_rows {
                rows.push_inet(table, row);
            }
        }
    }
    Ok(rows.out)
}

/// One TCP/UDP table into `out`: sock_diag if there is a socket (dropped on any failure),
/// else `<proc>/net/<table>`. A missing IPv6 file means no IPv6 (psutil's check).
fn read_inet(
    roots: &Roots,
    table: SocketTable,
    netlink: &mut Option<DiagSocket>,
    out: &mut Vec<InetRow>,
) -> Result<()> {
    if let Some(sock) = netlink.as_mut() {
        let start = out.len();
        match sock.dump(table, out) {
            Ok(()) => return Ok(()),
            Err(_) => {
                out.truncate(start);
                *netlink = None;
            }
        }
    }
    let path = roots.proc_file(format!("net/{}", table.file_name()));
    let family = table.family();
    let tcp = matches!(table, SocketTable::Tcp4 | SocketTable::Tcp6);
    match fs::with_file(&path, |b| parse_inet_table(b, family, tcp, &path.display(), out)) {
        Err(e) if family == SocketFamily::Inet6 && e.raw_os_error() == Some(libc::ENOENT) => Ok(()),
        r => r,
    }
}

fn read_unix(roots: &Roots, rows: &mut Rows<'_>) -> Result<()> {
    let path = roots.proc_file("net/unix");
    fs::with_file(&path, |bytes| {
        parse_unix_table(bytes, &path.display(), |row| {
            let r#type = SocketType::from_raw(row.sock_type);
            let name = OsStr::from_bytes(row.path);
            // `map` is a copy of the shared reference, so `rows` can be borrowed mutably.
            let map = rows.map;
            let owners = map.each(row.inode, |pid, fd| rows.push_unix(Some(pid), fd, r#type, name));
            if owners == 0 {
                rows.push_unix(None, -1, r#type, name);
            }
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn sorted_set(v: Vec<Connection>) -> HashSet<String> {
        v.into_iter().map(|c| format!("{c:?}")).collect()
    }

    /// sock_diag and `/proc/net` give the same rows (retried: sockets of other processes
    /// may come and go between the two reads).
    #[test]
    fn netlink_matches_proc_net() {
        let roots = Roots::default();
        let _l4 = std::net::TcpListener::bind("127.0.0.1:0").expect("bind v4");
        let _u4 = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind udp");
        let _l6 = std::net::TcpListener::bind("[::1]:0");
        let mut last = None;
        for _ in 0..10 {
            let a =
                sorted_set(net_connections_from(&roots, ConnectionKind::Inet, Source::Auto).expect("auto"));
            let b = sorted_set(
                net_connections_from(&roots, ConnectionKind::Inet, Source::ProcNet).expect("proc"),
            );
            if a == b {
                assert!(!a.is_empty());
                return;
            }
            last = Some((a.symmetric_difference(&b).cloned().collect::<Vec<_>>(), a.len()));
        }
        panic!("netlink and /proc/net differ: {last:?}");
    }

    /// Errors meaning "no sock_diag here" (no module, no permission in a sandbox).
    fn unavailable(e: &std::io::Error) -> bool {
        [libc::ENOENT, libc::EPROTONOSUPPORT, libc::EAFNOSUPPORT, libc::EPERM, libc::EACCES, libc::EINVAL]
            .contains(&e.raw_os_error().unwrap_or(0))
    }

    #[test]
    fn netlink_dump_runs() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let u = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind udp");
        let uport = u.local_addr().expect("addr").port();
        let mut sock = match DiagSocket::open() {
            Ok(s) => s,
            Err(e) if unavailable(&e) => return println!("skipped: no NETLINK_SOCK_DIAG here ({e})"),
            Err(e) => panic!("sock_diag socket: {e}"),
        };
        let mut out = Vec::new();
        match sock.dump(SocketTable::Tcp4, &mut out) {
            Ok(()) => {}
            Err(e) if unavailable(&e) => return println!("skipped: no tcp_diag here ({e})"),
            Err(e) => panic!("dump tcp4: {e}"),
        }
        assert!(out
            .iter()
            .any(|r| r.status == ConnStatus::Listen && r.lport == port && r.laddr[..4] == [127, 0, 0, 1]));
        out.clear();
        // A second dump on the same socket.
        match sock.dump(SocketTable::Udp4, &mut out) {
            Ok(()) => assert!(out.iter().any(|r| r.lport == uport && r.status == ConnStatus::None)),
            Err(e) if unavailable(&e) => println!("udp part skipped: no udp_diag here ({e})"),
            Err(e) => panic!("dump udp4: {e}"),
        }
    }

    /// A socket listed twice (a table read while it changed) gives one row when both
    /// listings are equal and two when its state moved, owned or not, as psutil's set does.
    #[test]
    fn repeated_sockets_merge_only_when_equal() {
        let mut map = InodeMap::default();
        map.add_pid(7, &[(100, 3), (101, 4)]);
        let row = |status, inode| {
            InetRow::new([127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 80, [0; 16], 0, status, inode)
        };
        let tables = vec![(
            SocketTable::Tcp4,
            vec![
                row(ConnStatus::Listen, 100),
                row(ConnStatus::Listen, 100),
                row(ConnStatus::Listen, 101),
                row(ConnStatus::Close, 101),
                row(ConnStatus::Listen, 555),
                row(ConnStatus::Listen, 556),
                row(ConnStatus::Close, 557),
            ],
        )];
        let roots = Roots::default();
        let out = emit(&roots, ConnectionKind::Tcp4, &map, None, &tables).expect("emit");
        let got: Vec<_> = out.iter().map(|c| (c.pid, c.fd, c.status)).collect();
        assert_eq!(
            got,
            vec![
                (Some(7), 3, ConnStatus::Listen),
                (Some(7), 4, ConnStatus::Listen),
                (Some(7), 4, ConnStatus::Close),
                (None, -1, ConnStatus::Listen),
                (None, -1, ConnStatus::Close),
            ]
        );
        // Per process: only pid 7's rows, merged the same way.
        let own = emit(&roots, ConnectionKind::Tcp4, &map, Some(7), &tables).expect("emit");
        assert_eq!(
            own.iter().map(|c| (c.pid, c.fd)).collect::<Vec<_>>(),
            vec![(None, 3), (None, 4), (None, 4)]
        );
    }

    fn fixture(name: &str) -> Roots {
        Roots::fixture(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
    }

    #[cfg(target_endian = "little")]
    #[test]
    fn process_rows_from_fixture() {
        let roots = fixture("conn_basic");
        let rows = process_connections(&roots, 100, ConnectionKind::All).expect("pid 100");
        let mut fds: Vec<i32> = rows.iter().map(|c| c.fd).collect();
        fds.sort_unstable();
        // fd 5 shares its inode with pid 200, but only pid 100 is scanned here.
        assert_eq!(fds, vec![3, 4, 5, 6, 8, 9]);
        assert!(rows.iter().all(|c| c.pid.is_none()));
        let tcp = process_connections(&roots, 200, ConnectionKind::Tcp6).expect("pid 200");
        assert_eq!(tcp.len(), 2);
        // No fd directory, or no process: the raw ENOENT for the caller to map.
        for pid in [300, 400] {
            let err = process_connections(&roots, pid, ConnectionKind::All).unwrap_err();
            assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
        }
    }

    #[test]
    fn process_without_sockets_reads_no_table() {
        // conn_nonet has no net/ directory: reading a table would fail.
        let roots = fixture("conn_nonet");
        assert_eq!(process_connections(&roots, 500, ConnectionKind::All).expect("no sockets"), vec![]);
        assert!(net_connections(&roots, ConnectionKind::All).is_err());
    }

    #[test]
    fn process_path_matches_system_path() {
        let roots = Roots::default();
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let me = std::process::id();
        for source in [Source::Auto, Source::ProcNet] {
            let own = process_connections_from(&roots, me, ConnectionKind::All, source).expect("own");
            let c = own.iter().find(|c| c.laddr.inet().map(|a| a.port) == Some(port)).expect("listener row");
            assert_eq!(c.pid, None);
            assert_eq!(c.fd, std::os::fd::AsRawFd::as_raw_fd(&l));
        }
    }
}
