//! Pure decoder of the owner-pid socket tables (`MIB_TCPTABLE_OWNER_PID`,
//! `MIB_TCP6TABLE_OWNER_PID`, `MIB_UDPTABLE_OWNER_PID`, `MIB_UDP6TABLE_OWNER_PID`): a u32
//! row count, then fixed-size rows; ports in network order in the low 16 bits.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::net::{Addr, ConnAddr, ConnStatus, Connection, SocketFamily, SocketType};

/// The `SOCK_*` numbers of Windows (winsock's `ws2def.h`).
pub(crate) const SOCK_NUMBERS: [(SocketType, i32); 3] =
    [(SocketType::Stream, 1), (SocketType::Dgram, 2), (SocketType::SeqPacket, 5)];

/// Which table a buffer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Tcp4,
    Tcp6,
    Udp4,
    Udp6,
}

impl Table {
    fn row_size(self) -> usize {
        match self {
            Table::Tcp4 => 24,
            Table::Tcp6 => 56,
            Table::Udp4 => 12,
            Table::Udp6 => 28,
        }
    }
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// A port stored in network order in the low 16 bits of a DWORD.
fn port_at(b: &[u8], off: usize) -> u16 {
    b.get(off..off + 2).map_or(0, |s| u16::from_be_bytes([s[0], s[1]]))
}

fn v4_at(b: &[u8], off: usize) -> String {
    b.get(off..off + 4).map_or_else(String::new, |s| Ipv4Addr::new(s[0], s[1], s[2], s[3]).to_string())
}

fn v6_at(b: &[u8], off: usize) -> String {
    b.get(off..off + 16)
        .and_then(|s| <[u8; 16]>::try_from(s).ok())
        .map_or_else(String::new, |a| Ipv6Addr::from(a).to_string())
}

/// psutil's TCP state map (`MIB_TCP_STATE_*`); DELETE_TCB (12) and unknown values → NONE
/// (psutil names 12 "DELETE_TCB"; `ConnStatus` has no such state).
pub(crate) fn tcp_status(state: u32) -> ConnStatus {
    match state {
        1 => ConnStatus::Close,
        2 => ConnStatus::Listen,
        3 => ConnStatus::SynSent,
        4 => ConnStatus::SynRecv,
        5 => ConnStatus::Established,
        6 => ConnStatus::FinWait1,
        7 => ConnStatus::FinWait2,
        8 => ConnStatus::CloseWait,
        9 => ConnStatus::Closing,
        10 => ConnStatus::LastAck,
        11 => ConnStatus::TimeWait,
        _ => ConnStatus::None,
    }
}

/// The rows of one table's bytes. TCP: raddr empty when the remote address and port are
/// both zero (as psutil); UDP: raddr empty, status NONE.
pub(crate) fn rows(table: Table, buf: &[u8]) -> Vec<Connection> {
    let n = u32_at(buf, 0) as usize;
    let size = table.row_size();
    (0..n)
        .map_while(|i| buf.get(4 + i * size..4 + (i + 1) * size))
        .map(|r| {
            let (family, r#type, laddr, raddr, status, pid) = match table {
                Table::Tcp4 => {
                    let remote = (u32_at(r, 12), port_at(r, 16));
                    let raddr = (remote != (0, 0)).then(|| (v4_at(r, 12), remote.1));
                    (
                        SocketFamily::Inet,
                        SocketType::Stream,
                        (v4_at(r, 4), port_at(r, 8)),
                        raddr,
                        tcp_status(u32_at(r, 0)),
                        u32_at(r, 20),
                    )
                }
                Table::Tcp6 => {
                    let zero = r[24..40].iter().all(|&b| b == 0) && port_at(r, 44) == 0;
                    let raddr = (!zero).then(|| (v6_at(r, 24), port_at(r, 44)));
                    (
                        SocketFamily::Inet6,
                        SocketType::Stream,
                        (v6_at(r, 0), port_at(r, 20)),
                        raddr,
                        tcp_status(u32_at(r, 48)),
                        u32_at(r, 52),
                    )
                }
                Table::Udp4 => (
                    SocketFamily::Inet,
                    SocketType::Dgram,
                    (v4_at(r, 0), port_at(r, 4)),
                    None,
                    ConnStatus::None,
                    u32_at(r, 8),
                ),
                Table::Udp6 => (
                    SocketFamily::Inet6,
                    SocketType::Dgram,
                    (v6_at(r, 0), port_at(r, 20)),
                    None,
                    ConnStatus::None,
                    u32_at(r, 24),
                ),
            };
            Connection {
                fd: -1,
                family,
                r#type,
                laddr: ConnAddr::Inet(Addr { ip: laddr.0, port: laddr.1 }),
                raddr: raddr.map_or(ConnAddr::Empty, |(ip, port)| ConnAddr::Inet(Addr { ip, port })),
                status,
                pid: Some(pid),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcp4_and_udp6_rows_decode_like_psutil() {
        let mut b = 2u32.to_le_bytes().to_vec();
        // LISTEN 127.0.0.1:8080, no peer, pid 42.
        b.extend([2, 0, 0, 0, 127, 0, 0, 1, 0x1F, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0]);
        // ESTABLISHED 10.0.0.1:443 -> 10.0.0.2:50000, pid 7.
        b.extend([5, 0, 0, 0, 10, 0, 0, 1, 0x01, 0xBB, 0, 0, 10, 0, 0, 2, 0xC3, 0x50, 0, 0, 7, 0, 0, 0]);
        let r = rows(Table::Tcp4, &b);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].laddr, ConnAddr::Inet(Addr { ip: "127.0.0.1".into(), port: 8080 }));
        assert_eq!(
            (r[0].raddr.clone(), r[0].status, r[0].pid),
            (ConnAddr::Empty, ConnStatus::Listen, Some(42))
        );
        assert_eq!(r[1].raddr, ConnAddr::Inet(Addr { ip: "10.0.0.2".into(), port: 50000 }));
        assert_eq!(
            (r[1].status, r[1].family, r[1].r#type),
            (ConnStatus::Established, SocketFamily::Inet, SocketType::Stream)
        );

        let mut u = 1u32.to_le_bytes().to_vec();
        let mut row = vec![0u8; 28];
        row[15] = 1; // ::1
        row[20..22].copy_from_slice(&53u16.to_be_bytes());
        row[24] = 9;
        u.extend(row);
        let r = rows(Table::Udp6, &u);
        assert_eq!(r[0].laddr, ConnAddr::Inet(Addr { ip: "::1".into(), port: 53 }));
        assert_eq!((r[0].status, r[0].pid, r[0].raddr.clone()), (ConnStatus::None, Some(9), ConnAddr::Empty));
    }

    #[test]
    fn short_buffers_and_unknown_states_never_panic() {
        let mut b = 1000u32.to_le_bytes().to_vec();
        b.extend([12u8; 30]);
        let r = rows(Table::Tcp4, &b);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, ConnStatus::None);
        assert!(rows(Table::Tcp6, &[]).is_empty());
    }
}
