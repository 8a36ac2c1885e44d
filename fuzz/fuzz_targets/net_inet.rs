//! `/proc/net/{tcp,tcp6,udp,udp6}`: the first byte picks the table. One socket per line
//! after the header; a side whose port is 0 has a zero address; UDP has no status; rows
//! written back in the kernel's `%08X:%04X` format parse to the same rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;
use psutil_rs::ConnStatus;

fn hex_addr(addr: &[u8; 16], port: u16, v6: bool) -> String {
    let words = if v6 { 4 } else { 1 };
    let mut s: String = addr
        .chunks_exact(4)
        .take(words)
        .map(|w| format!("{:08X}", u32::from_ne_bytes(w.try_into().unwrap())))
        .collect();
    s.push_str(&format!(":{port:04X}"));
    s
}

fn tcp_state(status: ConnStatus) -> u8 {
    (1..=11).find(|&s| ConnStatus::from_tcp_state(s) == Some(status)).expect("a TCP status has a state")
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, text)) = data.split_first() else { return };
    let (v6, tcp) = (sel & 1 != 0, sel & 2 != 0);
    let Ok(rows) = f::net_inet(text, v6, tcp) else { return };
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    let lines = body.split(|&b| b == b'\n').count().saturating_sub(1);
    assert_eq!(rows.len(), if text.is_empty() { 0 } else { lines });
    let mut out = String::from(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
    );
    for (i, r) in rows.iter().enumerate() {
        if r.lport == 0 {
            assert_eq!(r.laddr, [0; 16]);
        }
        if r.rport == 0 {
            assert_eq!(r.raddr, [0; 16]);
        }
        if !v6 {
            assert_eq!(r.laddr[4..], [0; 12]);
            assert_eq!(r.raddr[4..], [0; 12]);
        }
        assert_eq!(tcp, r.status != ConnStatus::None);
        let _ = (f::format_ip(&r.laddr, v6), f::format_ip(&r.raddr, v6));
        let st = if tcp { tcp_state(r.status) } else { 7 };
        out.push_str(&format!(
            "{i:4}: {} {} {st:02X} 00000000:00000000 00:00000000 00000000     0        0 {} 1 0000000000000000 20 4 30 10 -1\n",
            hex_addr(&r.laddr, r.lport, v6),
            hex_addr(&r.raddr, r.rport, v6),
            r.inode
        ));
    }
    assert_eq!(f::net_inet(out.as_bytes(), v6, tcp).ok(), Some(rows), "round trip");
});
