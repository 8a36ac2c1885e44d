//! `NETLINK_SOCK_DIAG` dump replies (`inet_diag_msg` in `nlmsghdr`). The first byte picks
//! TCP (state mapped) or UDP and whether the sequence matches the first message. Parsed
//! sockets re-encoded as a reply ending in `NLMSG_DONE` parse to the same sockets.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;
use psutil_rs::ConnStatus;

fn message(ty: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
    m.extend_from_slice(&ty.to_ne_bytes());
    m.extend_from_slice(&2u16.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(payload);
    m
}

fn diag(s: &f::InetSocket, family: u8, tcp: bool) -> Vec<u8> {
    let mut p = vec![0u8; 72];
    p[0] = family;
    p[1] = if tcp {
        (1..=11).find(|&st| ConnStatus::from_tcp_state(st) == Some(s.status)).expect("state")
    } else {
        7
    };
    p[4..6].copy_from_slice(&s.lport.to_be_bytes());
    p[6..8].copy_from_slice(&s.rport.to_be_bytes());
    p[8..24].copy_from_slice(&s.laddr);
    p[24..40].copy_from_slice(&s.raddr);
    p[68..72].copy_from_slice(&(s.inode as u32).to_ne_bytes());
    p
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, reply)) = data.split_first() else { return };
    let tcp = sel & 1 != 0;
    let seq = if sel & 2 != 0 {
        reply.get(8..12).map_or(0, |s| u32::from_ne_bytes(s.try_into().unwrap()))
    } else {
        7
    };
    let Ok((_done, v4, v6)) = f::sock_diag_reply(reply, seq, tcp) else { return };
    assert!((v4.len() + v6.len()) * f::SOCK_DIAG_MSG_LEN <= reply.len());
    let mut again = Vec::new();
    for (rows, family, width) in [(&v4, 2u8, 4usize), (&v6, 10u8, 16usize)] {
        for s in rows.iter() {
            assert!(s.inode <= u64::from(u32::MAX));
            assert_eq!(tcp, s.status != ConnStatus::None);
            assert!(s.laddr[width..].iter().all(|&b| b == 0) && s.raddr[width..].iter().all(|&b| b == 0));
            if s.lport == 0 {
                assert_eq!(s.laddr, [0; 16]);
            }
            if s.rport == 0 {
                assert_eq!(s.raddr, [0; 16]);
            }
            again.extend(message(if tcp { 18 } else { 20 }, 9, &diag(s, family, tcp)));
        }
    }
    again.extend(message(3, 9, &0i32.to_ne_bytes()));
    let (done, a4, a6) = f::sock_diag_reply(&again, 9, tcp).expect("own encoding parses");
    assert!(done);
    assert_eq!((a4, a6), (v4, v6), "round trip");
});
