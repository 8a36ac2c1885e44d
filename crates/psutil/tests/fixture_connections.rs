//! net_connections on fixture trees (`tests/fixtures/conn_*`): decoding, the inode join,
//! psutil's set semantics, missing IPv6 tables and malformed files.
//! The hex addresses in the fixtures are little-endian, as the kernel prints them there.
#![cfg(all(target_os = "linux", target_endian = "little"))]

use std::path::PathBuf;

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{
    net_connections, Addr, ConnAddr, ConnStatus, Connection, ConnectionKind, Error, SocketFamily, SocketType,
};

fn fixture(name: &str) -> Roots {
    Roots::fixture(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

fn conns(name: &str, kind: ConnectionKind) -> psutil_rs::Result<Vec<Connection>> {
    with_roots(fixture(name), || net_connections(kind))
}

fn inet(ip: &str, port: u16) -> ConnAddr {
    ConnAddr::Inet(Addr { ip: ip.into(), port })
}

fn unix(path: &str) -> ConnAddr {
    ConnAddr::Unix(path.into())
}

fn row(
    fd: i32,
    family: SocketFamily,
    r#type: SocketType,
    laddr: ConnAddr,
    raddr: ConnAddr,
    status: ConnStatus,
    pid: Option<u32>,
) -> Connection {
    Connection { fd, family, r#type, laddr, raddr, status, pid }
}

fn sorted(mut v: Vec<Connection>) -> Vec<Connection> {
    v.sort_by_key(|c| format!("{c:?}"));
    v
}

/// The pid psutil credits with an inode held by pids 100 and 200: the one listed last.
fn last_listed_of_100_and_200() -> (u32, i32) {
    let dir = fixture("conn_basic").proc().to_path_buf();
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture proc")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n == "100" || n == "200")
        .collect();
    if names.last().map(String::as_str) == Some("200") {
        (200, 7)
    } else {
        (100, 5)
    }
}

#[test]
fn tcp4_rows_join_and_merge() {
    use SocketFamily::Inet;
    use SocketType::Stream;
    let (shared_pid, shared_fd) = last_listed_of_100_and_200();
    let got = sorted(conns("conn_basic", ConnectionKind::Tcp4).expect("tcp4"));
    let want = sorted(vec![
        row(3, Inet, Stream, inet("127.0.0.1", 8080), ConnAddr::Empty, ConnStatus::Listen, Some(100)),
        row(
            4,
            Inet,
            Stream,
            inet("127.0.0.1", 8080),
            inet("127.0.0.1", 54321),
            ConnStatus::Established,
            Some(100),
        ),
        row(
            shared_fd,
            Inet,
            Stream,
            inet("10.0.0.5", 22),
            inet("10.0.0.9", 50000),
            ConnStatus::Established,
            Some(shared_pid),
        ),
        // TIME_WAIT: inode 0, no owner.
        row(-1, Inet, Stream, inet("127.0.0.1", 54322), inet("127.0.0.1", 8080), ConnStatus::TimeWait, None),
        // Two unowned listeners with equal fields merge into one row (psutil's set).
        row(-1, Inet, Stream, inet("0.0.0.0", 9999), ConnAddr::Empty, ConnStatus::Listen, None),
    ]);
    assert_eq!(got, want);
}

#[test]
fn tcp6_and_mapped_addresses() {
    use SocketFamily::Inet6;
    use SocketType::Stream;
    let got = sorted(conns("conn_basic", ConnectionKind::Tcp6).expect("tcp6"));
    let want = sorted(vec![
        row(3, Inet6, Stream, inet("::", 22), ConnAddr::Empty, ConnStatus::Listen, Some(200)),
        row(
            4,
            Inet6,
            Stream,
            inet("::ffff:127.0.0.1", 22),
            inet("::ffff:127.0.0.1", 40000),
            ConnStatus::Established,
            Some(200),
        ),
    ]);
    assert_eq!(got, want);
}

#[test]
fn udp_rows_have_no_status() {
    let got = conns("conn_basic", ConnectionKind::Udp).expect("udp");
    let want = vec![
        row(
            6,
            SocketFamily::Inet,
            SocketType::Dgram,
            inet("0.0.0.0", 53),
            ConnAddr::Empty,
            ConnStatus::None,
            Some(100),
        ),
        row(
            -1,
            SocketFamily::Inet6,
            SocketType::Dgram,
            inet("::1", 123),
            ConnAddr::Empty,
            ConnStatus::None,
            None,
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn unix_rows_one_per_fd() {
    use SocketFamily::Unix;
    let got = sorted(conns("conn_basic", ConnectionKind::Unix).expect("unix"));
    let want = sorted(vec![
        row(8, Unix, SocketType::Stream, unix("/run/a.sock"), unix(""), ConnStatus::None, Some(100)),
        row(9, Unix, SocketType::Stream, unix("/run/a.sock"), unix(""), ConnStatus::None, Some(100)),
        row(8, Unix, SocketType::Dgram, unix("@abs"), unix(""), ConnStatus::None, Some(200)),
        // Unnamed, unowned SEQPACKET sockets 5003 and 5005 merge; a path with a space is ''.
        row(-1, Unix, SocketType::SeqPacket, unix(""), unix(""), ConnStatus::None, None),
        row(-1, Unix, SocketType::Stream, unix(""), unix(""), ConnStatus::None, None),
    ]);
    assert_eq!(got, want);
}

#[test]
fn kinds_are_unions_of_tables() {
    let count = |k| conns("conn_basic", k).expect("kind").len();
    assert_eq!(count(ConnectionKind::Tcp), count(ConnectionKind::Tcp4) + count(ConnectionKind::Tcp6));
    assert_eq!(count(ConnectionKind::Inet4), count(ConnectionKind::Tcp4) + count(ConnectionKind::Udp4));
    assert_eq!(count(ConnectionKind::Inet6), count(ConnectionKind::Tcp6) + count(ConnectionKind::Udp6));
    assert_eq!(count(ConnectionKind::Inet), count(ConnectionKind::Tcp) + count(ConnectionKind::Udp));
    assert_eq!(count(ConnectionKind::All), count(ConnectionKind::Inet) + count(ConnectionKind::Unix));
    assert_eq!(count(ConnectionKind::All), 14);
    let all = conns("conn_basic", ConnectionKind::default()).expect("default");
    assert!(all.iter().all(|c| c.family != SocketFamily::Unix));
}

#[test]
fn malformed_tables_are_parse_errors() {
    for kind in [ConnectionKind::Tcp4, ConnectionKind::Tcp6, ConnectionKind::Udp4, ConnectionKind::Unix] {
        let err = conns("conn_garbage", kind).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }), "{kind}: {err}");
    }
    // No udp6 file: no IPv6, as psutil checks.
    assert_eq!(conns("conn_garbage", ConnectionKind::Udp6).expect("no ipv6"), vec![]);
}

#[test]
fn missing_tables_are_io_errors() {
    let err = conns("conn_nonet", ConnectionKind::Inet).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
    let err = conns("conn_nonet", ConnectionKind::Unix).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
    // An empty PROCFS_PATH: psutil raises OSError too.
    let empty = std::env::temp_dir().join(format!("psutil-rs-conn-empty-{}", std::process::id()));
    std::fs::create_dir_all(empty.join("proc")).expect("mkdir");
    let err = with_roots(Roots::fixture(&empty), || net_connections(ConnectionKind::All)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn bad_kind_message_is_psutils() {
    let err = "foo".parse::<ConnectionKind>().unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
    assert_eq!(
        err.to_string(),
        "invalid kind argument 'foo'; valid ones are: ('all', 'tcp', 'tcp4', 'udp', 'udp4', 'inet', 'inet4', 'inet6', 'tcp6', 'udp6', 'unix')"
    );
    let err = "it's".parse::<ConnectionKind>().unwrap_err();
    assert!(err.to_string().starts_with("invalid kind argument \"it's\";"), "{err}");
    for kind in ConnectionKind::ALL_KINDS {
        assert_eq!(kind.as_str().parse::<ConnectionKind>().expect("round trip"), kind);
    }
    assert!("INET".parse::<ConnectionKind>().is_err());
}

#[cfg(feature = "serde")]
#[test]
fn json_has_psutils_fields() {
    let rows = conns("conn_basic", ConnectionKind::Tcp4).expect("tcp4");
    let listener = rows.iter().find(|c| c.fd == 3).expect("fd 3");
    let json = serde_json::to_value(listener).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "fd": 3, "family": libc::AF_INET, "type": libc::SOCK_STREAM,
            "laddr": {"ip": "127.0.0.1", "port": 8080}, "raddr": [],
            "status": "LISTEN", "pid": 100
        })
    );
    let unix_rows = conns("conn_basic", ConnectionKind::Unix).expect("unix");
    let json = serde_json::to_value(&unix_rows[0]).expect("json");
    assert_eq!(json["raddr"], serde_json::json!(""));
    assert_eq!(serde_json::to_value(ConnectionKind::Inet6).expect("json"), serde_json::json!("inet6"));
}
