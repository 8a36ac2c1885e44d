//! Windows backend: the system's TCP and UDP sockets with their owner pids
//! (`GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL)`, `GetExtendedUdpTable(UDP_TABLE_OWNER_PID)`
//! for AF_INET and AF_INET6, as psutil's `arch/windows/net.c`). The rows are decoded by
//! [`super::conn_decode`]. Wine 8 reports owner pid 0 for every row.

use windows_sys::Win32::Foundation::{ERROR_INSUFFICIENT_BUFFER, NO_ERROR};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetExtendedTcpTable, GetExtendedUdpTable, TCP_TABLE_OWNER_PID_ALL, UDP_TABLE_OWNER_PID,
};
use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6};

use super::conn_decode::{self, Table};
use super::ffi::win32_error;
use crate::net::{Connection, ConnectionKind, SocketFamily, SocketTable};
use crate::paths::Roots;
use crate::Result;

pub(crate) use super::conn_decode::SOCK_NUMBERS;

/// The `AF_*` number of a socket family on Windows (winsock's `ws2def.h`; no AF_UNIX
/// sockets are listed there, 1 is its number).
pub(crate) fn socket_family_number(family: SocketFamily) -> i32 {
    match family {
        SocketFamily::Unix => 1,
        SocketFamily::Inet => i32::from(AF_INET),
        SocketFamily::Inet6 => i32::from(AF_INET6),
    }
}

/// One table's bytes, the buffer grown while the call says `ERROR_INSUFFICIENT_BUFFER`.
fn read_table(table: Table) -> Result<Vec<u8>> {
    let mut size = 0x4000u32;
    for _ in 0..8 {
        let mut buf = vec![0u32; (size as usize).div_ceil(4)];
        let mut len = size;
        let ptr = buf.as_mut_ptr().cast();
        // SAFETY: the buffer holds `len` bytes, 4-aligned; the call writes at most that.
        let rc = unsafe {
            match table {
                Table::Tcp4 => {
                    GetExtendedTcpTable(ptr, &mut len, 0, u32::from(AF_INET), TCP_TABLE_OWNER_PID_ALL, 0)
                }
                Table::Tcp6 => {
                    GetExtendedTcpTable(ptr, &mut len, 0, u32::from(AF_INET6), TCP_TABLE_OWNER_PID_ALL, 0)
                }
                Table::Udp4 => {
                    GetExtendedUdpTable(ptr, &mut len, 0, u32::from(AF_INET), UDP_TABLE_OWNER_PID, 0)
                }
                Table::Udp6 => {
                    GetExtendedUdpTable(ptr, &mut len, 0, u32::from(AF_INET6), UDP_TABLE_OWNER_PID, 0)
                }
            }
        };
        match rc {
            NO_ERROR => {
                let bytes: Vec<u8> =
                    buf.iter().flat_map(|w| w.to_ne_bytes()).take(len.min(size) as usize).collect();
                return Ok(bytes);
            }
            ERROR_INSUFFICIENT_BUFFER => size = len.max(size * 2),
            code => {
                let call = if matches!(table, Table::Tcp4 | Table::Tcp6) {
                    "GetExtendedTcpTable"
                } else {
                    "GetExtendedUdpTable"
                };
                return Err(win32_error(call, code));
            }
        }
    }
    Err(win32_error("GetExtendedTcpTable", ERROR_INSUFFICIENT_BUFFER))
}

/// psutil's `net_connections(kind)`: the rows of each table the kind names.
pub(crate) fn net_connections(_roots: &Roots, kind: ConnectionKind) -> Result<Vec<Connection>> {
    let mut out = Vec::new();
    for t in kind.tables() {
        let table = match t {
            SocketTable::Tcp4 => Table::Tcp4,
            SocketTable::Tcp6 => Table::Tcp6,
            SocketTable::Udp4 => Table::Udp4,
            SocketTable::Udp6 => Table::Udp6,
            SocketTable::Unix => continue,
        };
        out.extend(conn_decode::rows(table, &read_table(table)?));
    }
    Ok(out)
}
