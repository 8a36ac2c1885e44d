//! Unsupported backend: connections.

use crate::net::{Connection, ConnectionKind, SocketFamily, SocketType};
use crate::paths::Roots;
use crate::Result;

use super::unsupported;

/// `net_connections` is not available on this platform.
pub(crate) fn net_connections(_roots: &Roots, _kind: ConnectionKind) -> Result<Vec<Connection>> {
    unsupported("net_connections")
}

/// The `SOCK_*` numbers of the target OS (libc's on Unix, winsock's `ws2def.h` values).
#[cfg(unix)]
pub(crate) const SOCK_NUMBERS: [(SocketType, i32); 3] = [
    (SocketType::Stream, libc::SOCK_STREAM),
    (SocketType::Dgram, libc::SOCK_DGRAM),
    (SocketType::SeqPacket, libc::SOCK_SEQPACKET),
];
/// The `SOCK_*` numbers of the target OS (libc's on Unix, winsock's `ws2def.h` values).
#[cfg(not(unix))]
pub(crate) const SOCK_NUMBERS: [(SocketType, i32); 3] =
    [(SocketType::Stream, 1), (SocketType::Dgram, 2), (SocketType::SeqPacket, 5)];

/// The `AF_*` number of a socket family on the target OS (libc's on Unix, winsock's
/// `ws2def.h` values elsewhere).
pub(crate) fn socket_family_number(family: SocketFamily) -> i32 {
    #[cfg(unix)]
    {
        match family {
            SocketFamily::Unix => libc::AF_UNIX,
            SocketFamily::Inet => libc::AF_INET,
            SocketFamily::Inet6 => libc::AF_INET6,
        }
    }
    #[cfg(not(unix))]
    {
        match family {
            SocketFamily::Unix => 1,
            SocketFamily::Inet => 2,
            SocketFamily::Inet6 => 23,
        }
    }
}
