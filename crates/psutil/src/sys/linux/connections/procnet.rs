//! Pure parsers of `<proc>/net/{tcp,tcp6,udp,udp6,unix}` (bytes in, fixed rows out) and
//! the address formatting psutil applies to them (`_pslinux.py` `decode_address`).

use std::fmt::Display;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::net::{ConnStatus, SocketFamily};
use crate::sys::linux::fs::parse_u64;
use crate::{Error, Result};

/// One TCP or UDP socket, fixed-size. Addresses are in network byte order (IPv4 in the
/// first 4 bytes); an address whose port is 0 is all zeros, because psutil shows it as `()`
/// whatever the kernel printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct InetRow {
    pub(crate) laddr: [u8; 16],
    pub(crate) lport: u16,
    pub(crate) raddr: [u8; 16],
    pub(crate) rport: u16,
    pub(crate) status: ConnStatus,
    pub(crate) inode: u64,
}

impl InetRow {
    /// A row, with the address of a port-0 side zeroed (see the type's doc).
    pub(crate) fn new(
        laddr: [u8; 16],
        lport: u16,
        raddr: [u8; 16],
        rport: u16,
        status: ConnStatus,
        inode: u64,
    ) -> Self {
        let zero_unless = |a: [u8; 16], port: u16| if port == 0 { [0; 16] } else { a };
        InetRow {
            laddr: zero_unless(laddr, lport),
            lport,
            raddr: zero_unless(raddr, rport),
            rport,
            status,
            inode,
        }
    }
}

/// One UNIX socket line: the type number, the inode and the path (empty when unnamed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnixRow<'a> {
    pub(crate) sock_type: i32,
    pub(crate) inode: u64,
    pub(crate) path: &'a [u8],
}

/// Python's `str.split()` separators that can occur in these ASCII files.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// Fills `out` with the first tokens of `line` and returns how many tokens the line has.
fn split_tokens<'a, const N: usize>(line: &'a [u8], out: &mut [&'a [u8]; N]) -> usize {
    let mut n = 0;
    for tok in line.split(|&b| is_space(b)).filter(|t| !t.is_empty()) {
        if let Some(slot) = out.get_mut(n) {
            *slot = tok;
        }
        n += 1;
    }
    n
}

/// The lines after the header, without the empty piece after the final newline.
fn body_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let mut lines = body.split(|&b| b == b'\n');
    // The header line; an empty file has nothing after it.
    let header = lines.next();
    lines.filter(move |_| header.is_some())
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// A hex number of 1 to 8 digits.
fn parse_hex_u32(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| Some((acc << 4) | u32::from(hex_digit(b)?)))
}

/// Decodes the kernel's `HEXIP:HEXPORT`: the IP is 1 (IPv4) or 4 (IPv6) 32-bit words, each
/// printed with `%08X` from host byte order. `None` when malformed; the IP is not looked at
/// when the port is 0, as in psutil.
pub(crate) fn parse_hex_addr(tok: &[u8], family: SocketFamily) -> Option<([u8; 16], u16)> {
    let colon = tok.iter().position(|&b| b == b':')?;
    let (ip, port) = (&tok[..colon], &tok[colon + 1..]);
    if port.contains(&b':') {
        return None;
    }
    let port = u16::try_from(parse_hex_u32(port)?).ok()?;
    let mut out = [0u8; 16];
    if port == 0 {
        return Some((out, 0));
    }
    let words = match family {
        SocketFamily::Inet6 => 4,
        _ => 1,
    };
    if ip.len() != words * 8 {
        return None;
    }
    for (chunk, dst) in ip.chunks_exact(8).zip(out.chunks_exact_mut(4)) {
        dst.copy_from_slice(&parse_hex_u32(chunk)?.to_ne_bytes());
    }
    Some((out, port))
}

/// Dotted-quad text without the formatting machinery (this runs once per row).
fn format_ipv4(octets: [u8; 4]) -> String {
    let mut s = String::with_capacity(15);
    for (i, o) in octets.into_iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        if o >= 100 {
            s.push(char::from(b'0' + o / 100));
        }
        if o >= 10 {
            s.push(char::from(b'0' + o / 10 % 10));
        }
        s.push(char::from(b'0' + o % 10));
    }
    s
}

/// The text psutil shows for an address: `inet_ntop` of glibc. For IPv6 that is RFC 5952,
/// plus the embedded-IPv4 forms `::ffff:a.b.c.d` and `::a.b.c.d`.
pub(crate) fn format_ip(family: SocketFamily, addr: &[u8; 16]) -> String {
    if family != SocketFamily::Inet6 {
        return format_ipv4([addr[0], addr[1], addr[2], addr[3]]);
    }
    let ip = Ipv6Addr::from(*addr);
    let seg = ip.segments();
    if seg[..6].iter().all(|&s| s == 0) && seg[6] != 0 {
        // glibc prints the deprecated IPv4-compatible form; Rust does not.
        return format!("::{}", Ipv4Addr::new(addr[12], addr[13], addr[14], addr[15]));
    }
    ip.to_string()
}

fn malformed(name: &dyn Display, lineno: usize, line: &[u8]) -> Error {
    Error::parse(name, format!("malformed line {lineno} {:?}", String::from_utf8_lossy(line)))
}

/// Parses a `tcp`/`tcp6`/`udp`/`udp6` table into `out`. `tcp` selects the TCP status map;
/// UDP rows get [`ConnStatus::None`]. A line with fewer than 10 fields, a bad address, an
/// unknown TCP state or a non-numeric inode is an [`Error::Parse`] naming `name`.
pub(crate) fn parse_inet_table(
    bytes: &[u8],
    family: SocketFamily,
    tcp: bool,
    name: &dyn Display,
    out: &mut Vec<InetRow>,
) -> Result<()> {
    for (i, line) in body_lines(bytes).enumerate() {
        let lineno = i + 1;
        let mut t: [&[u8]; 10] = [&[]; 10];
        if split_tokens(line, &mut t) < 10 {
            return Err(malformed(name, lineno, line));
        }
        let bad = || malformed(name, lineno, line);
        let (laddr, lport) = parse_hex_addr(t[1], family).ok_or_else(bad)?;
        let (raddr, rport) = parse_hex_addr(t[2], family).ok_or_else(bad)?;
        let status = if tcp {
            let state = if t[3].len() == 2 { parse_hex_u32(t[3]) } else { None };
            state.and_then(|s| ConnStatus::from_tcp_state(s as u8)).ok_or_else(bad)?
        } else {
            ConnStatus::None
        };
        let inode = parse_u64(t[9]).ok_or_else(bad)?;
        out.push(InetRow::new(laddr, lport, raddr, rport, status, inode));
    }
    Ok(())
}

/// Parses `<proc>/net/unix`, calling `f` for each socket. Lines without a space are skipped
/// (psutil #766); other lines with fewer than 7 fields, or a non-numeric type or inode, are
/// an [`Error::Parse`]. The path is the 8th field when the line has exactly 8, else empty.
pub(crate) fn parse_unix_table(
    bytes: &[u8],
    name: &dyn Display,
    mut f: impl FnMut(UnixRow<'_>) -> Result<()>,
) -> Result<()> {
    for line in body_lines(bytes) {
        let mut t: [&[u8]; 8] = [&[]; 8];
        let n = split_tokens(line, &mut t);
        if n < 7 {
            if !line.contains(&b' ') {
                continue;
            }
            return Err(Error::parse(name, format!("malformed line {:?}", String::from_utf8_lossy(line))));
        }
        let bad = || Error::parse(name, format!("malformed line {:?}", String::from_utf8_lossy(line)));
        let sock_type =
            crate::sys::linux::fs::parse_i64(t[4]).and_then(|v| i32::try_from(v).ok()).ok_or_else(bad)?;
        let inode = parse_u64(t[6]).ok_or_else(bad)?;
        let path = if n == 8 { t[7] } else { &[] };
        f(UnixRow { sock_type, inode, path })?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The kernel's `%08X:%04X` form of an address (the inverse of `parse_hex_addr`).
    pub(crate) fn encode_hex_addr(addr: &[u8; 16], port: u16, family: SocketFamily) -> String {
        let words = if family == SocketFamily::Inet6 { 4 } else { 1 };
        let mut s = String::new();
        for w in addr.chunks_exact(4).take(words) {
            s.push_str(&format!("{:08X}", u32::from_ne_bytes([w[0], w[1], w[2], w[3]])));
        }
        format!("{s}:{port:04X}")
    }

    const TCP: &[u8] = b"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 12346 1 0000000000000000 20 4 30 10 -1
";

    #[test]
    fn parses_ipv4_tcp() {
        let mut rows = Vec::new();
        parse_inet_table(TCP, SocketFamily::Inet, true, &"tcp", &mut rows).expect("parse");
        assert_eq!(rows.len(), 2);
        assert_eq!(format_ip(SocketFamily::Inet, &rows[0].laddr), "127.0.0.1");
        assert_eq!(rows[0].lport, 8080);
        assert_eq!((rows[0].rport, rows[0].raddr), (0, [0; 16]));
        assert_eq!(rows[0].status, ConnStatus::Listen);
        assert_eq!(rows[1].status, ConnStatus::Established);
        assert_eq!(rows[1].rport, 0xD431);
        assert_eq!(rows[1].inode, 12346);
    }

    #[test]
    fn ipv6_words_and_mapped_form() {
        let (a, p) =
            parse_hex_addr(b"00000000000000000000000001000000:0016", SocketFamily::Inet6).expect("::1");
        assert_eq!((format_ip(SocketFamily::Inet6, &a).as_str(), p), ("::1", 22));
        let (a, _) =
            parse_hex_addr(b"0000000000000000FFFF00000100007F:0050", SocketFamily::Inet6).expect("mapped");
        assert_eq!(format_ip(SocketFamily::Inet6, &a), "::ffff:127.0.0.1");
        let (a, _) =
            parse_hex_addr(b"B80D0120000000000000000001000000:0050", SocketFamily::Inet6).expect("doc");
        assert_eq!(format_ip(SocketFamily::Inet6, &a), "2001:db8::1");
        let (a, _) =
            parse_hex_addr(b"0000000000000000000000000403020A:0050", SocketFamily::Inet6).expect("compat");
        assert_eq!(format_ip(SocketFamily::Inet6, &a), "::10.2.3.4");
        let (a, _) =
            parse_hex_addr(b"00000000000000000000000000000000:0050", SocketFamily::Inet6).expect("any");
        assert_eq!(format_ip(SocketFamily::Inet6, &a), "::");
    }

    #[test]
    fn rejects_bad_addresses() {
        for bad in
            [&b"0100007F"[..], b"0100007F:", b"0100007:0050", b"0100007G:0050", b"0100007F:10000", b"1:2:3"]
        {
            assert_eq!(parse_hex_addr(bad, SocketFamily::Inet), None, "{:?}", String::from_utf8_lossy(bad));
        }
        // Port 0: psutil returns () before looking at the IP.
        assert_eq!(parse_hex_addr(b"zz:0000", SocketFamily::Inet), Some(([0; 16], 0)));
    }

    #[test]
    fn malformed_inet_lines_are_parse_errors() {
        let cases: [&[u8]; 5] = [
            b"hdr\n   0: 0100007F:1F90 00000000:0000 0A\n",
            b"hdr\n   0: 0100007F:1F90 00000000:0000 0C 0 0 0 0 0 1\n",
            b"hdr\n   0: 0100007F:1F90 00000000:0000 0A 0 0 0 0 0 x1\n",
            b"hdr\n   0: 0100007F 00000000:0000 0A 0 0 0 0 0 1\n",
            b"hdr\n\n   0: 0100007F:1F90 00000000:0000 0A 0 0 0 0 0 1\n",
        ];
        for case in cases {
            let err = parse_inet_table(case, SocketFamily::Inet, true, &"tcp", &mut Vec::new()).unwrap_err();
            assert!(matches!(err, Error::Parse { .. }), "{err}");
            assert!(err.to_string().contains("malformed line"), "{err}");
        }
        // UDP does not look at the state field.
        let udp = b"hdr\n   0: 0100007F:0035 00000000:0000 FF 0 0 0 0 0 7\n";
        let mut rows = Vec::new();
        parse_inet_table(udp, SocketFamily::Inet, false, &"udp", &mut rows).expect("udp");
        assert_eq!(rows[0].status, ConnStatus::None);
    }

    #[test]
    fn empty_and_header_only() {
        let mut rows = Vec::new();
        parse_inet_table(b"", SocketFamily::Inet, true, &"tcp", &mut rows).expect("empty");
        parse_inet_table(b"header only\n", SocketFamily::Inet, true, &"tcp", &mut rows).expect("header");
        assert!(rows.is_empty());
    }

    #[test]
    fn unix_table() {
        let data = b"Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 100 /run/a.sock
0000000000000000: 00000002 00000000 00000000 0002 01 101
0000000000000000: 00000002 00000000 00000000 0005 01 102 @abstract
0000000000000000: 00000002 00000000 00000000 0001 01 103 /with space
garbage-without-space
";
        let mut got = Vec::new();
        parse_unix_table(data, &"unix", |r| {
            got.push((r.sock_type, r.inode, r.path.to_vec()));
            Ok(())
        })
        .expect("parse");
        assert_eq!(
            got,
            vec![
                (1, 100, b"/run/a.sock".to_vec()),
                (2, 101, vec![]),
                (5, 102, b"@abstract".to_vec()),
                (1, 103, vec![]),
            ]
        );
        let err = parse_unix_table(b"hdr\n0: 1 2 3\n", &"unix", |_| Ok(())).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }));
        let err = parse_unix_table(b"hdr\n0: 1 2 3 x 5 6\n", &"unix", |_| Ok(())).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }));
    }

    proptest! {
        #[test]
        fn hex_addr_roundtrip_v4(a: [u8; 4], port: u16) {
            let mut addr = [0u8; 16];
            addr[..4].copy_from_slice(&a);
            let text = encode_hex_addr(&addr, port, SocketFamily::Inet);
            let (got, p) = parse_hex_addr(text.as_bytes(), SocketFamily::Inet).expect("roundtrip");
            prop_assert_eq!(p, port);
            if port != 0 {
                prop_assert_eq!(got, addr);
                prop_assert_eq!(format_ip(SocketFamily::Inet, &got), Ipv4Addr::from(a).to_string());
            }
        }

        #[test]
        fn ipv4_text_matches_std(a: [u8; 4]) {
            prop_assert_eq!(format_ipv4(a), Ipv4Addr::from(a).to_string());
        }

        #[test]
        fn hex_addr_roundtrip_v6(addr: [u8; 16], port in 1u16..) {
            let text = encode_hex_addr(&addr, port, SocketFamily::Inet6);
            let (got, p) = parse_hex_addr(text.as_bytes(), SocketFamily::Inet6).expect("roundtrip");
            prop_assert_eq!((got, p), (addr, port));
            let shown = format_ip(SocketFamily::Inet6, &got);
            prop_assert_eq!(shown.parse::<Ipv6Addr>().map(|ip| ip.octets()), Ok(addr));
        }

        #[test]
        fn table_roundtrip(rows in proptest::collection::vec((any::<[u8; 4]>(), any::<u16>(), 1u8..=11, any::<u32>()), 0..20)) {
            let mut text = String::from("  sl  local_address rem_address   st ...\n");
            for (i, (a, port, st, inode)) in rows.iter().enumerate() {
                let mut addr = [0u8; 16];
                addr[..4].copy_from_slice(a);
                let l = encode_hex_addr(&addr, *port, SocketFamily::Inet);
                text.push_str(&format!("{i:4}: {l} 00000000:0000 {st:02X} 0:0 0:0 0 0 0 {inode} 1 0\n"));
            }
            let mut out = Vec::new();
            parse_inet_table(text.as_bytes(), SocketFamily::Inet, true, &"tcp", &mut out).expect("parse");
            prop_assert_eq!(out.len(), rows.len());
            for (row, (_, port, st, inode)) in out.iter().zip(&rows) {
                prop_assert_eq!(row.lport, *port);
                prop_assert_eq!(row.inode, u64::from(*inode));
                prop_assert_eq!(Some(row.status), ConnStatus::from_tcp_state(*st));
            }
        }

        #[test]
        fn garbage_never_panics(bytes: Vec<u8>) {
            let _ = parse_inet_table(&bytes, SocketFamily::Inet6, true, &"x", &mut Vec::new());
            let _ = parse_inet_table(&bytes, SocketFamily::Inet, false, &"x", &mut Vec::new());
            let _ = parse_unix_table(&bytes, &"x", |_| Ok(()));
            let _ = parse_hex_addr(&bytes, SocketFamily::Inet6);
        }

        #[test]
        fn line_noise_never_panics(lines in proptest::collection::vec("[0-9A-Fa-f: @/xg]{0,80}", 0..10)) {
            let text = lines.join("\n");
            let _ = parse_inet_table(text.as_bytes(), SocketFamily::Inet6, true, &"x", &mut Vec::new());
            let _ = parse_unix_table(text.as_bytes(), &"x", |_| Ok(()));
        }
    }
}
