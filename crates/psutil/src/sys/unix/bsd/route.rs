//! The routing socket's interface list (`sysctl {CTL_NET, PF_ROUTE, 0, 0,
//! NET_RT_IFLIST(2), 0}`) walked into per-NIC counters, as psutil's `net_io_counters` on
//! macOS (`if_msghdr2`, `RTM_IFINFO2`) and FreeBSD (`if_msghdr`, `RTM_IFINFO`).

use super::bytes::{u16_at, u64_at, u8_at};

/// Where the fields sit in one OS's interface message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IfMsgLayout {
    /// The `ifm_type` of interface messages (`RTM_IFINFO2` = 18 on macOS, `RTM_IFINFO` = 14
    /// on FreeBSD).
    pub(crate) msg_type: u8,
    /// The header's size, after which the `sockaddr_dl` starts (160 / 168).
    pub(crate) header_len: usize,
    /// The offset of `if_data(64)` in the header (32 / 16).
    pub(crate) data_off: usize,
}

/// macOS: `if_msghdr2` with `if_data64`.
pub(crate) const MACOS_IFMSG2: IfMsgLayout = IfMsgLayout { msg_type: 18, header_len: 160, data_off: 32 };
/// FreeBSD: `if_msghdr` with `if_data`.
pub(crate) const FREEBSD_IFMSG: IfMsgLayout = IfMsgLayout { msg_type: 14, header_len: 168, data_off: 16 };

// Offsets inside `if_data` / `if_data64` (identical on both OSes).
const IPACKETS: usize = 24;
const IERRORS: usize = 32;
const OPACKETS: usize = 40;
const OERRORS: usize = 48;
const IBYTES: usize = 64;
const OBYTES: usize = 72;
const IQDROPS: usize = 96;

// `sockaddr_dl`: name length and the name.
const SDL_NLEN: usize = 5;
const SDL_DATA: usize = 8;

/// One interface's counters in psutil's order: bytes_sent, bytes_recv, packets_sent,
/// packets_recv, errin, errout, dropin, dropout (always 0 on these OSes, as psutil).
pub(crate) type NicCounters = (String, [u64; 8]);

/// Walks the messages by `ifm_msglen` (stopping at a zero length or one that overruns the
/// buffer), keeps the interface messages, names each from its `sockaddr_dl`, and skips
/// names for which `skip` answers true (FreeBSD's `usbus*`). A message too short for its
/// fields is skipped, never read past.
pub(crate) fn walk_iflist(buf: &[u8], layout: IfMsgLayout, skip: impl Fn(&str) -> bool) -> Vec<NicCounters> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(len) = u16_at(buf, pos) {
        let len = usize::from(len);
        if len == 0 || pos + len > buf.len() {
            break;
        }
        let msg = &buf[pos..pos + len];
        pos += len;
        if u8_at(msg, 3) != Some(layout.msg_type) {
            continue;
        }
        let Some(counters) = counters_of(msg, layout.data_off) else { continue };
        let Some(name) = name_of(msg, layout.header_len) else { continue };
        if !skip(&name) {
            out.push((name, counters));
        }
    }
    out
}

fn counters_of(msg: &[u8], data: usize) -> Option<[u64; 8]> {
    let f = |off: usize| u64_at(msg, data + off);
    Some([f(OBYTES)?, f(IBYTES)?, f(OPACKETS)?, f(IPACKETS)?, f(IERRORS)?, f(OERRORS)?, f(IQDROPS)?, 0])
}

fn name_of(msg: &[u8], sdl: usize) -> Option<String> {
    let nlen = usize::from(u8_at(msg, sdl + SDL_NLEN)?);
    let raw = msg.get(sdl + SDL_DATA..sdl + SDL_DATA + nlen)?;
    let raw = raw.split(|&b| b == 0).next().unwrap_or(raw);
    (!raw.is_empty()).then(|| String::from_utf8_lossy(raw).into_owned())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sys::unix::bsd::bytes::build::*;

    /// One interface message of `layout` for `name` with counters 1..=7 scaled by `k`.
    pub(crate) fn ifmsg(layout: IfMsgLayout, name: &str, k: u64) -> Vec<u8> {
        let len = layout.header_len + 8 + name.len() + 6;
        let len = len.next_multiple_of(8);
        let mut m = vec![0u8; len];
        put_u16(&mut m, 0, len as u16);
        m[2] = 5;
        m[3] = layout.msg_type;
        let d = layout.data_off;
        for (i, off) in [OBYTES, IBYTES, OPACKETS, IPACKETS, IERRORS, OERRORS, IQDROPS].iter().enumerate() {
            put_u64(&mut m, d + off, k * (i as u64 + 1));
        }
        let s = layout.header_len;
        m[s] = 20;
        m[s + 1] = 18; // AF_LINK on both OSes
        m[s + SDL_NLEN] = name.len() as u8;
        m[s + 6] = 6;
        put(&mut m, s + SDL_DATA, name.as_bytes());
        m
    }

    fn other_msg(len: usize) -> Vec<u8> {
        let mut m = vec![0u8; len];
        put_u16(&mut m, 0, len as u16);
        m[3] = 12; // RTM_NEWADDR
        m
    }

    #[test]
    fn walks_interface_messages_and_skips_the_rest() {
        for layout in [MACOS_IFMSG2, FREEBSD_IFMSG] {
            let mut buf = ifmsg(layout, "en0", 1);
            buf.extend(other_msg(40));
            buf.extend(ifmsg(layout, "lo0", 10));
            let rows = walk_iflist(&buf, layout, |_| false);
            assert_eq!(rows.len(), 2);
            assert_eq!(rows[0], ("en0".to_string(), [1, 2, 3, 4, 5, 6, 7, 0]));
            assert_eq!(rows[1], ("lo0".to_string(), [10, 20, 30, 40, 50, 60, 70, 0]));
        }
    }

    #[test]
    fn skip_filter_and_long_names() {
        let mut buf = ifmsg(FREEBSD_IFMSG, "usbus0", 1);
        let long = "x".repeat(40);
        buf.extend(ifmsg(FREEBSD_IFMSG, &long, 2));
        let rows = walk_iflist(&buf, FREEBSD_IFMSG, |n| n.starts_with("usbus"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, long, "names of 32 bytes or more are whole (psutil gh-2848)");
    }

    #[test]
    fn stops_on_zero_length_or_overrun() {
        let mut buf = ifmsg(MACOS_IFMSG2, "en0", 1);
        buf.extend([0u8; 16]);
        buf.extend(ifmsg(MACOS_IFMSG2, "en1", 1));
        assert_eq!(walk_iflist(&buf, MACOS_IFMSG2, |_| false).len(), 1, "zero length ends the walk");
        let whole = ifmsg(MACOS_IFMSG2, "en0", 1);
        assert!(walk_iflist(&whole[..whole.len() - 1], MACOS_IFMSG2, |_| false).is_empty());
        assert!(walk_iflist(&[], MACOS_IFMSG2, |_| false).is_empty());
        assert!(walk_iflist(&[9], MACOS_IFMSG2, |_| false).is_empty());
    }

    #[test]
    fn short_or_nameless_messages_are_skipped() {
        let mut short = vec![0u8; 40];
        put_u16(&mut short, 0, 40);
        short[3] = MACOS_IFMSG2.msg_type;
        let mut nameless = ifmsg(MACOS_IFMSG2, "en0", 1);
        nameless[MACOS_IFMSG2.header_len + SDL_NLEN] = 0;
        let mut overlong_name = ifmsg(MACOS_IFMSG2, "en0", 1);
        overlong_name[MACOS_IFMSG2.header_len + SDL_NLEN] = 250;
        let mut buf = short;
        buf.extend(nameless);
        buf.extend(overlong_name);
        buf.extend(ifmsg(MACOS_IFMSG2, "ok0", 1));
        let rows = walk_iflist(&buf, MACOS_IFMSG2, |_| false);
        assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["ok0"]);
    }
}
