//! Hand-built `kern.file` and PCB-list buffers, laid out as FreeBSD 12+ amd64 writes them.

use super::*;
use crate::net::Addr;
use crate::sys::unix::bsd::bytes::build::*;

const LISTEN: i32 = 1;
const ESTABLISHED: i32 = 4;
const IPPROTO_TCP: i32 = 6;
const IPPROTO_UDP: i32 = 17;

fn xfile(pid: i32, fd: i32, data: u64) -> Vec<u8> {
    let mut r = vec![0u8; XFILE_SIZE];
    put_u64(&mut r, xf::SIZE, XFILE_SIZE as u64);
    put_i32(&mut r, xf::PID, pid);
    put_i32(&mut r, xf::FD, fd);
    put_u64(&mut r, xf::DATA, data);
    r
}

fn generation(len: usize, g: u64) -> Vec<u8> {
    let mut r = vec![0u8; len];
    put_u64(&mut r, 0, len as u64);
    put_u64(&mut r, GEN_OFFSET, g);
    r
}

/// A list: header, records, trailer, both generations `g`.
fn list(gen_len: usize, records: &[Vec<u8>], g: u64) -> Vec<u8> {
    let mut b = generation(gen_len, g);
    for r in records {
        b.extend(r);
    }
    b.extend(generation(gen_len, g));
    b
}

fn v4(a: [u8; 4]) -> [u8; 16] {
    let mut f = [0u8; 16];
    f[12..].copy_from_slice(&a);
    f
}

struct Inp {
    so: u64,
    sock_type: i16,
    family: i32,
    proto: i32,
    vflag: u8,
    lport: u16,
    fport: u16,
    laddr: [u8; 16],
    faddr: [u8; 16],
}

fn put_inp(r: &mut [u8], inp: usize, p: &Inp) {
    put_u64(r, inp, XINPCB_SIZE as u64);
    let so = inp + xi::SOCKET;
    put_u64(r, so, XSOCKET_SIZE as u64);
    put_u64(r, so + xso::SO, p.so);
    put(r, so + xso::TYPE, &p.sock_type.to_ne_bytes());
    put_i32(r, so + xso::FAMILY, p.family);
    put_i32(r, so + xso::PROTOCOL, p.proto);
    r[inp + xi::VFLAG] = p.vflag;
    put(r, inp + xi::LPORT, &p.lport.to_be_bytes());
    put(r, inp + xi::FPORT, &p.fport.to_be_bytes());
    put(r, inp + xi::LADDR, &p.laddr);
    put(r, inp + xi::FADDR, &p.faddr);
}

fn tcp_rec(p: &Inp, state: i32) -> Vec<u8> {
    let mut r = vec![0u8; XTCPCB_SIZE];
    put_u64(&mut r, 0, XTCPCB_SIZE as u64);
    put_inp(&mut r, xt::INP, p);
    put_i32(&mut r, xt::T_STATE, state);
    r
}

fn udp_rec(p: &Inp) -> Vec<u8> {
    let mut r = vec![0u8; XINPCB_SIZE];
    put_inp(&mut r, 0, p);
    r
}

fn unix_rec(so: u64, path: &[u8]) -> Vec<u8> {
    let mut r = vec![0u8; XUNPCB_SIZE];
    put_u64(&mut r, 0, XUNPCB_SIZE as u64);
    r[xu::ADDR] = if path.is_empty() { 0 } else { (2 + path.len()) as u8 };
    r[xu::ADDR + 1] = 1;
    put(&mut r, xu::ADDR + 2, path);
    put_u64(&mut r, xu::SOCKET + xso::SO, so);
    r
}

fn tcp4(so: u64, lport: u16, fport: u16, faddr: [u8; 4]) -> Inp {
    Inp {
        so,
        sock_type: 1,
        family: AF_INET,
        proto: IPPROTO_TCP,
        vflag: INP_IPV4,
        lport,
        fport,
        laddr: v4([127, 0, 0, 1]),
        faddr: v4(faddr),
    }
}

fn inet(ip: &str, port: u16) -> ConnAddr {
    ConnAddr::Inet(Addr { ip: ip.into(), port })
}

#[test]
fn xfiles() {
    let mut buf = xfile(42, 3, 0xfeed);
    buf.extend(xfile(7, 9, 0xbeef));
    let files = parse_xfiles(&buf).unwrap();
    assert_eq!(files, vec![XFile { pid: 42, fd: 3, data: 0xfeed }, XFile { pid: 7, fd: 9, data: 0xbeef }]);
    assert_eq!(parse_xfiles(&buf[..200]).unwrap().len(), 1, "a trailing partial record is ignored");
    assert!(parse_xfiles(&[]).unwrap().is_empty());
    let mut other = buf.clone();
    put_u64(&mut other, 0, 136);
    assert!(parse_xfiles(&other).is_err(), "another struct xfile");
    assert!(parse_xfiles(&buf[..4]).is_err());
}

#[test]
fn stable_reads_retry_while_generations_differ() {
    let good = list(XINPGEN_SIZE, &[], 5);
    let mut torn = good.clone();
    put_u64(&mut torn, XINPGEN_SIZE + GEN_OFFSET, 6);
    let mut calls = 0;
    let got = read_stable(
        || {
            calls += 1;
            Ok(if calls < 3 { torn.clone() } else { good.clone() })
        },
        XINPGEN_SIZE,
    )
    .unwrap();
    assert_eq!((got, calls), (good.clone(), 3));
    let mut calls = 0;
    let got = read_stable(
        || {
            calls += 1;
            Ok(torn.clone())
        },
        XINPGEN_SIZE,
    )
    .unwrap();
    assert_eq!((got, calls), (torn, 1 + PCB_RETRIES), "the last read is kept");
    let mut calls = 0;
    let short = read_stable(
        || {
            calls += 1;
            Ok(vec![1, 2, 3])
        },
        XINPGEN_SIZE,
    )
    .unwrap();
    assert_eq!((short, calls), (vec![1, 2, 3], 1));
    let err = read_stable(|| Err(io::Error::from_raw_os_error(libc::EPERM)), XINPGEN_SIZE).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EPERM));
}

#[test]
fn pcb_list_walk_and_its_errors() {
    let recs = [udp_rec(&tcp4(1, 53, 0, [0; 4])), udp_rec(&tcp4(2, 54, 0, [0; 4]))];
    let buf = list(XINPGEN_SIZE, &recs, 9);
    assert_eq!(pcb_records(&buf, XINPGEN_SIZE, XINPCB_SIZE).unwrap().len(), 2);
    assert!(pcb_records(&list(XINPGEN_SIZE, &[], 1), XINPGEN_SIZE, XINPCB_SIZE).unwrap().is_empty());
    assert!(pcb_records(&buf[..100], XINPGEN_SIZE, XINPCB_SIZE).is_err(), "no room for both ends");
    assert!(pcb_records(&[], XINPGEN_SIZE, XINPCB_SIZE).is_err());
    let mut bad_head = buf.clone();
    put_u64(&mut bad_head, 0, 72);
    assert!(pcb_records(&bad_head, XINPGEN_SIZE, XINPCB_SIZE).is_err());
    let mut bad_tail = buf.clone();
    let t = bad_tail.len() - XINPGEN_SIZE;
    put_u64(&mut bad_tail, t, 0);
    assert!(pcb_records(&bad_tail, XINPGEN_SIZE, XINPCB_SIZE).is_err());
    let mut bad_rec = buf.clone();
    put_u64(&mut bad_rec, XINPGEN_SIZE, 408);
    assert!(pcb_records(&bad_rec, XINPGEN_SIZE, XINPCB_SIZE).is_err(), "another struct xinpcb");
    // A list cut inside its last record: the trailer is read from the wrong place.
    let mut cut = buf[..buf.len() - XINPGEN_SIZE - 10].to_vec();
    cut.extend(generation(XINPGEN_SIZE, 9));
    assert!(pcb_records(&cut, XINPGEN_SIZE, XINPCB_SIZE).is_err());
    assert!(pcb_records(&buf, XINPGEN_SIZE, XTCPCB_SIZE).is_err(), "UDP records read as TCP");
}

#[test]
fn inet_pcb_fields() {
    let p = tcp4(0xabc, 8080, 40000, [10, 0, 0, 2]);
    let buf = list(XINPGEN_SIZE, &[tcp_rec(&p, ESTABLISHED)], 1);
    let pcbs = tcp_pcbs(&buf).unwrap();
    assert_eq!(pcbs.len(), 1);
    let got = pcbs[0];
    assert_eq!(
        (got.so, got.sock_type, got.family, got.protocol, got.vflag),
        (0xabc, 1, AF_INET, 6, INP_IPV4)
    );
    assert_eq!((u16::from_be(got.lport), u16::from_be(got.fport)), (8080, 40000));
    assert_eq!((got.laddr, got.faddr), (v4([127, 0, 0, 1]), v4([10, 0, 0, 2])));
    assert_eq!(got.tcp_state, Some(ESTABLISHED));
    let udp = udp_pcbs(&list(XINPGEN_SIZE, &[udp_rec(&p)], 1)).unwrap();
    assert_eq!((udp[0].so, udp[0].tcp_state), (0xabc, None));
    let unix =
        unix_pcbs(&list(XUNPGEN_SIZE, &[unix_rec(0x55, b"/var/run/log"), unix_rec(0x56, b"")], 2)).unwrap();
    assert_eq!(unix[0], UnixPcb { so: 0x55, path: "/var/run/log".into() });
    assert_eq!(unix[1].path, "", "an unbound socket");
    assert!(tcp_pcbs(&list(XINPGEN_SIZE, &[udp_rec(&p)], 1)).is_err());
    assert!(
        unix_pcbs(&list(XINPGEN_SIZE, &[unix_rec(1, b"/x")], 1)).is_err(),
        "xinpgen header on a unix list"
    );
}

#[test]
fn system_inet_rows() {
    let listener = tcp4(0x10, 8080, 0, [0; 4]);
    let client = Inp {
        so: 0x20,
        family: AF_INET6,
        vflag: INP_IPV6,
        laddr: std::net::Ipv6Addr::LOCALHOST.octets(),
        faddr: std::net::Ipv6Addr::LOCALHOST.octets(),
        ..tcp4(0, 50000, 22, [0; 4])
    };
    let unowned = tcp4(0x30, 9, 0, [0; 4]);
    let no_family = Inp { vflag: 0, ..tcp4(0x40, 10, 0, [0; 4]) };
    let pcbs = tcp_pcbs(&list(
        XINPGEN_SIZE,
        &[
            tcp_rec(&listener, LISTEN),
            tcp_rec(&client, ESTABLISHED),
            tcp_rec(&unowned, LISTEN),
            tcp_rec(&no_family, LISTEN),
        ],
        3,
    ))
    .unwrap();
    let files = parse_xfiles(
        &[xfile(100, 3, 0x10), xfile(200, 4, 0x20), xfile(300, 5, 0x20), xfile(9, 1, 0x40)].concat(),
    )
    .unwrap();
    let rows = inet_rows(&pcbs, true, &files, ConnectionKind::Inet);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0],
        Connection {
            fd: 3,
            family: crate::net::SocketFamily::Inet,
            r#type: SocketType::Stream,
            laddr: inet("127.0.0.1", 8080),
            raddr: ConnAddr::Empty,
            status: ConnStatus::Listen,
            pid: Some(100),
        }
    );
    assert_eq!(rows[1].family, crate::net::SocketFamily::Inet6);
    assert_eq!((rows[1].laddr.clone(), rows[1].raddr.clone()), (inet("::1", 50000), inet("::1", 22)));
    assert_eq!(
        (rows[1].pid, rows[1].fd, rows[1].status),
        (Some(200), 4, ConnStatus::Established),
        "first file"
    );
    assert_eq!(inet_rows(&pcbs, true, &files, ConnectionKind::Tcp4).len(), 1);
    assert_eq!(inet_rows(&pcbs, true, &files, ConnectionKind::Tcp6)[0].pid, Some(200));
    assert!(inet_rows(&pcbs, true, &files, ConnectionKind::Udp).is_empty(), "TCP PCBs are no UDP rows");
    assert!(inet_rows(&pcbs, true, &files, ConnectionKind::Unix).is_empty());
    let udp = udp_pcbs(&list(XINPGEN_SIZE, &[udp_rec(&Inp { proto: IPPROTO_UDP, ..listener })], 1)).unwrap();
    let rows = inet_rows(&udp, false, &files, ConnectionKind::Udp4);
    assert_eq!((rows[0].r#type, rows[0].status), (SocketType::Dgram, ConnStatus::None));
    assert!(inet_rows(&udp, false, &files, ConnectionKind::Tcp).is_empty());
    // A PCB flagged both IPv4 and IPv6 is rowed as IPv4, and only when both are wanted.
    let dual = Inp { vflag: INP_IPV4 | INP_IPV6, ..tcp4(0x10, 7, 0, [0; 4]) };
    let pcbs = tcp_pcbs(&list(XINPGEN_SIZE, &[tcp_rec(&dual, LISTEN)], 1)).unwrap();
    assert_eq!(inet_rows(&pcbs, true, &files, ConnectionKind::Tcp)[0].family, crate::net::SocketFamily::Inet);
    assert!(inet_rows(&pcbs, true, &files, ConnectionKind::Tcp4).is_empty());
    assert!(inet_rows(&pcbs, true, &files, ConnectionKind::Tcp6).is_empty());
    let zero_port = tcp4(0x10, 0, 0, [0; 4]);
    let pcbs = tcp_pcbs(&list(XINPGEN_SIZE, &[tcp_rec(&zero_port, 0)], 1)).unwrap();
    let rows = inet_rows(&pcbs, true, &files, ConnectionKind::All);
    assert_eq!(
        (rows[0].laddr.clone(), rows[0].status),
        (inet("127.0.0.1", 0), ConnStatus::Close),
        "laddr kept"
    );
}

#[test]
fn system_unix_rows() {
    let pcbs =
        unix_pcbs(&list(XUNPGEN_SIZE, &[unix_rec(0x55, b"/tmp/s"), unix_rec(0x66, b"/tmp/t")], 1)).unwrap();
    let files = parse_xfiles(&xfile(12, 7, 0x55)).unwrap();
    let rows = unix_rows(&pcbs, SocketType::Dgram, &files);
    assert_eq!(
        rows,
        vec![Connection {
            fd: 7,
            family: crate::net::SocketFamily::Unix,
            r#type: SocketType::Dgram,
            laddr: ConnAddr::Unix("/tmp/s".into()),
            raddr: ConnAddr::Unix(OsString::new()),
            status: ConnStatus::None,
            pid: Some(12),
        }]
    );
}

fn sockaddr_in(port: u16, a: [u8; 4]) -> Vec<u8> {
    let mut s = vec![0u8; 128];
    s[0] = 16;
    s[1] = AF_INET as u8;
    put(&mut s, 2, &port.to_be_bytes());
    put(&mut s, 4, &a);
    s
}

fn sockaddr_in6(port: u16, a: std::net::Ipv6Addr) -> Vec<u8> {
    let mut s = vec![0u8; 128];
    s[0] = 28;
    s[1] = AF_INET6 as u8;
    put(&mut s, 2, &port.to_be_bytes());
    put(&mut s, 8, &a.octets());
    s
}

fn sock(fd: i32, domain: i32, sock_type: i32, proto: i32, local: Vec<u8>, peer: Vec<u8>) -> FileRec {
    FileRec {
        kind: KF_TYPE_SOCKET,
        fd,
        vnode_type: 0,
        sock_domain: domain,
        sock_type,
        sock_protocol: proto,
        sa_local: local,
        sa_peer: peer,
        path: OsString::new(),
    }
}

#[test]
fn per_process_rows() {
    let mut unix_local = vec![0u8; 128];
    unix_local[0] = 2 + 6;
    unix_local[1] = 1;
    put(&mut unix_local, 2, b"/tmp/u");
    let files = vec![
        sock(3, AF_INET, SOCK_STREAM, IPPROTO_TCP, sockaddr_in(8080, [127, 0, 0, 1]), sockaddr_in(0, [0; 4])),
        sock(4, AF_INET, SOCK_STREAM, IPPROTO_TCP, sockaddr_in(8081, [127, 0, 0, 1]), sockaddr_in(0, [0; 4])),
        sock(
            5,
            AF_INET6,
            SOCK_DGRAM,
            IPPROTO_UDP,
            sockaddr_in6(53, std::net::Ipv6Addr::LOCALHOST),
            vec![0u8; 128],
        ),
        sock(6, AF_UNIX, SOCK_STREAM, 0, unix_local, vec![0u8; 128]),
        sock(7, AF_UNIX, 5, 0, vec![0u8; 128], vec![0u8; 128]),
        sock(8, 17, 3, 0, vec![0u8; 128], vec![0u8; 128]),
        FileRec {
            kind: super::super::parse::KF_TYPE_VNODE,
            ..sock(9, AF_INET, 1, 6, vec![0; 128], vec![0; 128])
        },
        sock(10, AF_INET, SOCK_STREAM, IPPROTO_TCP, vec![0u8; 3], vec![0u8; 3]),
    ];
    // The PCB of fd 3 (same 4-tuple), and one that differs only by the remote port.
    let mine = tcp4(0x1, 8080, 0, [0; 4]);
    let other = tcp4(0x2, 8081, 1, [0; 4]);
    let tcp =
        tcp_pcbs(&list(XINPGEN_SIZE, &[tcp_rec(&other, ESTABLISHED), tcp_rec(&mine, LISTEN)], 1)).unwrap();
    assert!(needs_tcp_list(&files, ConnectionKind::All));
    assert!(!needs_tcp_list(&files, ConnectionKind::Udp));
    assert!(!needs_tcp_list(&files, ConnectionKind::Tcp6));
    let rows = process_rows(&files, &tcp, ConnectionKind::All);
    let fds: Vec<i32> = rows.iter().map(|r| r.fd).collect();
    assert_eq!(fds, [3, 4, 5, 6], "seqpacket, raw, vnode and short records are not rows");
    assert_eq!((rows[0].laddr.clone(), rows[0].raddr.clone()), (inet("127.0.0.1", 8080), ConnAddr::Empty));
    assert_eq!(rows[0].status, ConnStatus::Listen);
    assert_eq!(rows[1].status, ConnStatus::None, "no PCB with that 4-tuple");
    assert_eq!((rows[2].family, rows[2].r#type), (crate::net::SocketFamily::Inet6, SocketType::Dgram));
    assert_eq!((rows[2].laddr.clone(), rows[2].status), (inet("::1", 53), ConnStatus::None));
    assert_eq!(rows[3].laddr, ConnAddr::Unix("/tmp/u".into()));
    assert_eq!(rows[3].raddr, ConnAddr::Unix(OsString::new()));
    assert!(rows.iter().all(|r| r.pid.is_none()));
    assert_eq!(process_rows(&files, &tcp, ConnectionKind::Tcp4).len(), 2);
    assert_eq!(process_rows(&files, &tcp, ConnectionKind::Inet6).len(), 1);
    assert_eq!(process_rows(&files, &tcp, ConnectionKind::Unix).len(), 1);
    assert_eq!(process_rows(&files, &[], ConnectionKind::Tcp)[0].status, ConnStatus::None, "no list: NONE");
}

#[test]
fn per_process_tcp6_state_matches_all_sixteen_bytes() {
    let me = std::net::Ipv6Addr::new(0xfe80, 0, 0, 0, 1, 2, 3, 4);
    let peer = std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 9);
    let files =
        vec![sock(3, AF_INET6, SOCK_STREAM, IPPROTO_TCP, sockaddr_in6(443, me), sockaddr_in6(5000, peer))];
    let pcb = |faddr: std::net::Ipv6Addr, state| {
        let p = Inp {
            so: 1,
            sock_type: 1,
            family: AF_INET6,
            proto: IPPROTO_TCP,
            vflag: INP_IPV6,
            lport: 443,
            fport: 5000,
            laddr: me.octets(),
            faddr: faddr.octets(),
        };
        tcp_rec(&p, state)
    };
    // Same last 4 bytes, another address: not the socket's PCB.
    let near = std::net::Ipv6Addr::new(0x2001, 0xdb9, 0, 0, 0, 0, 0, 9);
    let tcp = tcp_pcbs(&list(XINPGEN_SIZE, &[pcb(near, LISTEN), pcb(peer, ESTABLISHED)], 1)).unwrap();
    let rows = process_rows(&files, &tcp, ConnectionKind::Tcp6);
    assert_eq!(rows[0].status, ConnStatus::Established);
    assert_eq!(
        (rows[0].laddr.clone(), rows[0].raddr.clone()),
        (inet("fe80::1:2:3:4", 443), inet("2001:db8::9", 5000))
    );
    let only_near = tcp_pcbs(&list(XINPGEN_SIZE, &[pcb(near, LISTEN)], 1)).unwrap();
    assert_eq!(process_rows(&files, &only_near, ConnectionKind::Tcp6)[0].status, ConnStatus::None);
}
