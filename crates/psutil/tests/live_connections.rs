//! net_connections on the live system: sockets made here are found with their fd, family,
//! type, addresses and status, and the system's TCP/UDP/UNIX rows match `ss` (read before
//! and after our call; only rows present in both are required).
#![cfg(target_os = "linux")]

use std::collections::{BTreeSet, HashMap};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;
use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use psutil_rs::{
    net_connections, Addr, ConnAddr, ConnStatus, Connection, ConnectionKind, SocketFamily, SocketType,
};

/// Tests of this binary run one at a time: each compares the whole socket table.
static SERIAL: Mutex<()> = Mutex::new(());

fn me() -> u32 {
    std::process::id()
}

fn inet(a: std::net::SocketAddr) -> ConnAddr {
    ConnAddr::Inet(Addr { ip: a.ip().to_string(), port: a.port() })
}

/// Sockets of every kind this test can make.
struct Sockets {
    dir: PathBuf,
    tcp: Vec<(TcpListener, TcpStream, TcpStream)>,
    udp: Vec<UdpSocket>,
    udp_connected: UdpSocket,
    unix_listener: UnixListener,
    unix_client: UnixStream,
    unix_server: UnixStream,
    unix_dgram: UnixDatagram,
}

fn tcp_trio(host: &str) -> Option<(TcpListener, TcpStream, TcpStream)> {
    let l = TcpListener::bind((host, 0)).ok()?;
    let c = TcpStream::connect(l.local_addr().ok()?).ok()?;
    let (s, _) = l.accept().ok()?;
    Some((l, c, s))
}

impl Sockets {
    fn new(tag: &str) -> Sockets {
        let dir = std::env::temp_dir().join(format!("psutil-rs-live-conn-{}-{tag}", me()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut tcp = vec![tcp_trio("127.0.0.1").expect("tcp over 127.0.0.1")];
        let mut udp = vec![UdpSocket::bind("127.0.0.1:0").expect("udp v4")];
        match (tcp_trio("::1"), UdpSocket::bind("[::1]:0")) {
            (Some(t), Ok(u)) => {
                tcp.push(t);
                udp.push(u);
            }
            _ => println!("no IPv6 loopback here: IPv6 sockets not created"),
        }
        let udp_connected = UdpSocket::bind("127.0.0.1:0").expect("udp v4");
        udp_connected.connect(udp[0].local_addr().expect("addr")).expect("udp connect");
        let unix_listener = UnixListener::bind(dir.join("stream.sock")).expect("unix listener");
        let unix_client = UnixStream::connect(dir.join("stream.sock")).expect("unix connect");
        let (unix_server, _) = unix_listener.accept().expect("unix accept");
        let unix_dgram = UnixDatagram::bind(dir.join("dgram.sock")).expect("unix dgram");
        Sockets { dir, tcp, udp, udp_connected, unix_listener, unix_client, unix_server, unix_dgram }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Sockets {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn find(rows: &[Connection], fd: i32) -> &Connection {
    let mine: Vec<&Connection> = rows.iter().filter(|c| c.pid == Some(me()) && c.fd == fd).collect();
    assert_eq!(mine.len(), 1, "exactly one row for fd {fd}: {mine:?}");
    mine[0]
}

fn family_of(a: std::net::SocketAddr) -> SocketFamily {
    if a.is_ipv4() {
        SocketFamily::Inet
    } else {
        SocketFamily::Inet6
    }
}

#[test]
fn own_sockets_have_their_fields() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = Sockets::new("fields");
    let all = net_connections(ConnectionKind::All).expect("net_connections(all)");
    for (l, c, srv) in &s.tcp {
        let la = l.local_addr().expect("addr");
        let fam = family_of(la);
        let row = find(&all, l.as_raw_fd());
        assert_eq!((row.family, row.r#type, row.status), (fam, SocketType::Stream, ConnStatus::Listen));
        assert_eq!((&row.laddr, &row.raddr), (&inet(la), &ConnAddr::Empty));
        let row = find(&all, c.as_raw_fd());
        assert_eq!((row.family, row.status), (fam, ConnStatus::Established));
        assert_eq!(row.laddr, inet(c.local_addr().expect("addr")));
        assert_eq!(row.raddr, inet(la));
        let row = find(&all, srv.as_raw_fd());
        assert_eq!(row.laddr, inet(srv.local_addr().expect("addr")));
        assert_eq!(row.raddr, inet(c.local_addr().expect("addr")));
        assert_eq!(row.status, ConnStatus::Established);
    }
    for u in &s.udp {
        let row = find(&all, u.as_raw_fd());
        let la = u.local_addr().expect("addr");
        assert_eq!(
            (row.family, row.r#type, row.status),
            (family_of(la), SocketType::Dgram, ConnStatus::None)
        );
        assert_eq!((&row.laddr, &row.raddr), (&inet(la), &ConnAddr::Empty));
    }
    let row = find(&all, s.udp_connected.as_raw_fd());
    assert_eq!(row.raddr, inet(s.udp[0].local_addr().expect("addr")));
    assert_eq!(row.status, ConnStatus::None);

    let unix = |fd: i32| {
        let r = find(&all, fd);
        assert_eq!(
            (r.family, r.status, &r.raddr),
            (SocketFamily::Unix, ConnStatus::None, &ConnAddr::Unix("".into()))
        );
        (r.r#type, r.laddr.unix_path().expect("unix path").to_string_lossy().into_owned())
    };
    assert_eq!(unix(s.unix_listener.as_raw_fd()), (SocketType::Stream, s.path("stream.sock")));
    assert_eq!(unix(s.unix_client.as_raw_fd()), (SocketType::Stream, String::new()));
    // An accepted UNIX socket carries the listener's name in the kernel table.
    assert_eq!(unix(s.unix_server.as_raw_fd()), (SocketType::Stream, s.path("stream.sock")));
    assert_eq!(unix(s.unix_dgram.as_raw_fd()), (SocketType::Dgram, s.path("dgram.sock")));
}

#[test]
fn kinds_select_tables() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = Sockets::new("kinds");
    let (l4, _, _) = &s.tcp[0];
    let fd4 = l4.as_raw_fd();
    let fdu = s.udp[0].as_raw_fd();
    let has = |kind: ConnectionKind, fd: i32| {
        net_connections(kind).expect("kind").iter().any(|c| c.pid == Some(me()) && c.fd == fd)
    };
    for (kind, tcp4, udp4, unix) in [
        (ConnectionKind::Tcp, true, false, false),
        (ConnectionKind::Tcp4, true, false, false),
        (ConnectionKind::Tcp6, false, false, false),
        (ConnectionKind::Udp, false, true, false),
        (ConnectionKind::Udp4, false, true, false),
        (ConnectionKind::Udp6, false, false, false),
        (ConnectionKind::Inet, true, true, false),
        (ConnectionKind::Inet4, true, true, false),
        (ConnectionKind::Inet6, false, false, false),
        (ConnectionKind::Unix, false, false, true),
        (ConnectionKind::All, true, true, true),
    ] {
        assert_eq!(has(kind, fd4), tcp4, "{kind} / tcp4");
        assert_eq!(has(kind, fdu), udp4, "{kind} / udp4");
        assert_eq!(has(kind, s.unix_dgram.as_raw_fd()), unix, "{kind} / unix");
    }
    if let Some((l6, _, _)) = s.tcp.get(1) {
        assert!(has(ConnectionKind::Tcp6, l6.as_raw_fd()));
        assert!(!has(ConnectionKind::Tcp4, l6.as_raw_fd()));
        assert!(has(ConnectionKind::Inet6, s.udp[1].as_raw_fd()));
    }
}

/// A row compared with `ss`: proto, family, local and remote (ip, port), status.
type Key = (&'static str, u8, String, u16, String, u16, &'static str);
/// The (pid, fd) owners `ss -p` lists for a row.
type Owners = BTreeSet<(u32, i32)>;

fn endpoint(a: &ConnAddr) -> (String, u16) {
    match a {
        ConnAddr::Inet(a) => (a.ip.clone(), a.port),
        _ => (String::new(), 0),
    }
}

fn our_key(c: &Connection) -> Key {
    let proto = if c.r#type == SocketType::Stream { "tcp" } else { "udp" };
    let fam = if c.family == SocketFamily::Inet { 4 } else { 6 };
    let (lip, lport) = endpoint(&c.laddr);
    let (rip, rport) = endpoint(&c.raddr);
    (proto, fam, lip, lport, rip, rport, c.status.as_str())
}

/// `ss` state names to psutil's (`ss` calls TCP_CLOSE "UNCONN").
fn ss_status(state: &str) -> Option<&'static str> {
    Some(match state {
        "ESTAB" => "ESTABLISHED",
        "SYN-SENT" => "SYN_SENT",
        "SYN-RECV" => "SYN_RECV",
        "FIN-WAIT-1" => "FIN_WAIT1",
        "FIN-WAIT-2" => "FIN_WAIT2",
        "TIME-WAIT" => "TIME_WAIT",
        "UNCONN" | "CLOSE" => "CLOSE",
        "CLOSE-WAIT" => "CLOSE_WAIT",
        "LAST-ACK" => "LAST_ACK",
        "LISTEN" => "LISTEN",
        "CLOSING" => "CLOSING",
        _ => return None,
    })
}

/// `ss -n` endpoint text (`1.2.3.4:80`, `[::1]:22`, `*:22`, `127.0.0.53%lo:53`, `0.0.0.0:*`).
fn ss_endpoint(text: &str, fam: u8) -> Option<(String, u16)> {
    let (host, port) = text.rsplit_once(':')?;
    let port: u16 = if port == "*" { 0 } else { port.parse().ok()? };
    if port == 0 {
        return Some((String::new(), 0));
    }
    let host = host.split('%').next()?.trim_start_matches('[').trim_end_matches(']');
    let host = match (host, fam) {
        ("*", 4) => "0.0.0.0",
        ("*", _) => "::",
        (h, _) => h,
    };
    Some((host.to_string(), port))
}

fn ss_owners(rest: &[&str]) -> Owners {
    let text = rest.join(" ");
    let mut owners = Owners::new();
    for part in text.split("pid=").skip(1) {
        let pid = part.split(',').next().and_then(|p| p.parse().ok());
        let fd = part
            .split("fd=")
            .nth(1)
            .and_then(|f| f.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok());
        if let (Some(pid), Some(fd)) = (pid, fd) {
            owners.insert((pid, fd));
        }
    }
    owners
}

fn run(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every TCP/UDP socket per `ss -tanpu`, keyed like ours, with owners.
fn ss_inet() -> Option<HashMap<Key, Owners>> {
    let mut rows = HashMap::new();
    for fam in [4u8, 6] {
        let flag = if fam == 4 { "-4" } else { "-6" };
        let text = run("ss", &[flag, "-tanpuH"])?;
        for line in text.lines() {
            let t: Vec<&str> = line.split_whitespace().collect();
            if t.len() < 6 {
                continue;
            }
            let (proto, status) = match (t[0], ss_status(t[1])) {
                ("tcp", Some(st)) => ("tcp", st),
                ("udp", _) => ("udp", "NONE"),
                _ => continue,
            };
            let (Some((lip, lport)), Some((rip, rport))) = (ss_endpoint(t[4], fam), ss_endpoint(t[5], fam))
            else {
                continue;
            };
            rows.entry((proto, fam, lip, lport, rip, rport, status))
                .or_insert_with(Owners::new)
                .extend(ss_owners(&t[6..]));
        }
    }
    Some(rows)
}

#[test]
fn inet_rows_match_ss() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let _s = Sockets::new("ss-inet");
    if ss_inet().is_none() {
        println!("skipped: `ss` is not installed or failed (scripts/install-test-deps.sh installs it)");
        return;
    }
    let mut problems = Vec::new();
    for _attempt in 0..5 {
        problems.clear();
        let before = ss_inet().expect("ss before");
        let ours = net_connections(ConnectionKind::Inet).expect("net_connections(inet)");
        let after = ss_inet().expect("ss after");
        let mut mine: HashMap<Key, Vec<(Option<u32>, i32)>> = HashMap::new();
        for c in &ours {
            mine.entry(our_key(c)).or_default().push((c.pid, c.fd));
        }
        let mut compared = 0;
        for (key, owners) in &before {
            // Rows that stayed put while we read must be ours too, with an owner ss names.
            if after.get(key) != Some(owners) {
                continue;
            }
            compared += 1;
            match mine.get(key) {
                None => problems.push(format!("ss has {key:?}, we do not")),
                Some(got) => {
                    for (pid, fd) in got {
                        let ok = match pid {
                            Some(pid) => owners.contains(&(*pid, *fd)),
                            None => owners.is_empty() && *fd == -1,
                        };
                        if !ok {
                            problems.push(format!("{key:?}: our owner {pid:?}/{fd} vs ss {owners:?}"));
                        }
                    }
                }
            }
        }
        for key in mine.keys() {
            if !before.contains_key(key) && !after.contains_key(key) {
                problems.push(format!("we have {key:?}, ss does not"));
            }
        }
        if problems.is_empty() {
            println!("{compared} rows stable in ss matched; we listed {}", ours.len());
            assert!(compared > 0);
            assert!(mine.keys().any(|k| k.6 == "LISTEN"), "our own listener is listed");
            return;
        }
    }
    panic!("net_connections(inet) differs from ss -tanpu: {problems:#?}");
}

#[test]
fn own_unix_rows_match_ss() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let s = Sockets::new("ss-unix");
    let Some(text) = run("ss", &["-xapH"]) else {
        println!("skipped: `ss` is not installed or failed (scripts/install-test-deps.sh installs it)");
        return;
    };
    // ss -x: netid state recv-q send-q local inode peer peer-inode users:((..,pid=P,fd=F))
    let mut theirs = BTreeSet::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() < 9 {
            continue;
        }
        let ty = match t[0] {
            "u_str" => SocketType::Stream,
            "u_dgr" => SocketType::Dgram,
            "u_seq" => SocketType::SeqPacket,
            _ => continue,
        };
        let path = if t[4] == "*" { String::new() } else { t[4].to_string() };
        for (pid, fd) in ss_owners(&t[8..]) {
            if pid == me() {
                theirs.insert((fd, format!("{ty:?}"), path.clone()));
            }
        }
    }
    let ours: BTreeSet<_> = net_connections(ConnectionKind::Unix)
        .expect("net_connections(unix)")
        .into_iter()
        .filter(|c| c.pid == Some(me()))
        .map(|c| {
            (
                c.fd,
                format!("{:?}", c.r#type),
                c.laddr.unix_path().map_or("?".into(), |p| p.to_string_lossy().into_owned()),
            )
        })
        .collect();
    let made = [
        s.unix_listener.as_raw_fd(),
        s.unix_client.as_raw_fd(),
        s.unix_server.as_raw_fd(),
        s.unix_dgram.as_raw_fd(),
    ];
    let pick = |set: &BTreeSet<(i32, String, String)>| -> Vec<_> {
        set.iter().filter(|(fd, _, _)| made.contains(fd)).cloned().collect()
    };
    assert_eq!(pick(&ours).len(), 4, "{ours:?}");
    assert_eq!(pick(&ours), pick(&theirs));
}
