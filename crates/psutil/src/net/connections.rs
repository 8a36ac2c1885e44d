//! net_connections: sockets of the system and of one process.
//!
//! The types mirror psutil's `sconn`/`pconn` namedtuples (`fd, family, type, laddr, raddr,
//! status[, pid]`), its `addr` (`ip, port`) and its `CONN_*` status strings. The kind filter
//! is [`ConnectionKind`], parsed from psutil's strings with psutil's `ValueError` message.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::str::FromStr;

use crate::{paths, Error, Pid, Result};

/// psutil's `kind` argument of `net_connections`: which socket tables to list.
///
/// `Inet` (psutil's default) is TCP and UDP over IPv4 and IPv6; `All` adds UNIX sockets.
///
/// ```
/// use psutil_rs::ConnectionKind;
/// let kind: ConnectionKind = "tcp6".parse()?;
/// assert_eq!(kind, ConnectionKind::Tcp6);
/// assert_eq!(kind.to_string(), "tcp6");
/// assert_eq!(ConnectionKind::default(), ConnectionKind::Inet);
/// let err = "foo".parse::<ConnectionKind>().unwrap_err();
/// assert!(err.to_string().starts_with("invalid kind argument 'foo'"));
/// # Ok::<(), psutil_rs::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ConnectionKind {
    /// `'inet'`: TCP and UDP, IPv4 and IPv6.
    #[default]
    Inet,
    /// `'inet4'`: TCP and UDP over IPv4.
    Inet4,
    /// `'inet6'`: TCP and UDP over IPv6.
    Inet6,
    /// `'tcp'`: TCP over IPv4 and IPv6.
    Tcp,
    /// `'tcp4'`: TCP over IPv4.
    Tcp4,
    /// `'tcp6'`: TCP over IPv6.
    Tcp6,
    /// `'udp'`: UDP over IPv4 and IPv6.
    Udp,
    /// `'udp4'`: UDP over IPv4.
    Udp4,
    /// `'udp6'`: UDP over IPv6.
    Udp6,
    /// `'unix'`: UNIX domain sockets.
    Unix,
    /// `'all'`: every table above.
    All,
}

/// One socket table psutil reads (`conn_tmap` entries): name, family and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SocketTable {
    Tcp4,
    Tcp6,
    Udp4,
    Udp6,
    Unix,
}

impl SocketTable {
    /// The file name below `<proc>/net/`.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            SocketTable::Tcp4 => "tcp",
            SocketTable::Tcp6 => "tcp6",
            SocketTable::Udp4 => "udp",
            SocketTable::Udp6 => "udp6",
            SocketTable::Unix => "unix",
        }
    }

    /// The address family of the sockets in this table.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn family(self) -> SocketFamily {
        match self {
            SocketTable::Tcp4 | SocketTable::Udp4 => SocketFamily::Inet,
            SocketTable::Tcp6 | SocketTable::Udp6 => SocketFamily::Inet6,
            SocketTable::Unix => SocketFamily::Unix,
        }
    }
}

impl ConnectionKind {
    /// Every kind, in the order of psutil's error message.
    ///
    /// ```
    /// use psutil_rs::ConnectionKind;
    /// assert_eq!(ConnectionKind::ALL_KINDS.len(), 11);
    /// assert_eq!(ConnectionKind::ALL_KINDS[0], ConnectionKind::All);
    /// ```
    pub const ALL_KINDS: [ConnectionKind; 11] = [
        ConnectionKind::All,
        ConnectionKind::Tcp,
        ConnectionKind::Tcp4,
        ConnectionKind::Udp,
        ConnectionKind::Udp4,
        ConnectionKind::Inet,
        ConnectionKind::Inet4,
        ConnectionKind::Inet6,
        ConnectionKind::Tcp6,
        ConnectionKind::Udp6,
        ConnectionKind::Unix,
    ];

    /// psutil's string for this kind.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ConnectionKind::Inet4.as_str(), "inet4");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Inet => "inet",
            ConnectionKind::Inet4 => "inet4",
            ConnectionKind::Inet6 => "inet6",
            ConnectionKind::Tcp => "tcp",
            ConnectionKind::Tcp4 => "tcp4",
            ConnectionKind::Tcp6 => "tcp6",
            ConnectionKind::Udp => "udp",
            ConnectionKind::Udp4 => "udp4",
            ConnectionKind::Udp6 => "udp6",
            ConnectionKind::Unix => "unix",
            ConnectionKind::All => "all",
        }
    }

    /// The tables this kind reads, in psutil's order (`conn_tmap`).
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn tables(self) -> &'static [SocketTable] {
        use SocketTable::*;
        match self {
            ConnectionKind::All => &[Tcp4, Tcp6, Udp4, Udp6, Unix],
            ConnectionKind::Tcp => &[Tcp4, Tcp6],
            ConnectionKind::Tcp4 => &[Tcp4],
            ConnectionKind::Tcp6 => &[Tcp6],
            ConnectionKind::Udp => &[Udp4, Udp6],
            ConnectionKind::Udp4 => &[Udp4],
            ConnectionKind::Udp6 => &[Udp6],
            ConnectionKind::Unix => &[Unix],
            ConnectionKind::Inet => &[Tcp4, Tcp6, Udp4, Udp6],
            ConnectionKind::Inet4 => &[Tcp4, Udp4],
            ConnectionKind::Inet6 => &[Tcp6, Udp6],
        }
    }
}

impl fmt::Display for ConnectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConnectionKind {
    type Err = Error;

    /// Parses psutil's kind strings; anything else is psutil's `ValueError` as
    /// [`Error::InvalidArgument`].
    fn from_str(s: &str) -> Result<Self> {
        ConnectionKind::ALL_KINDS.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let valid: Vec<String> =
                ConnectionKind::ALL_KINDS.iter().map(|k| format!("'{}'", k.as_str())).collect();
            Error::invalid(format!(
                "invalid kind argument {}; valid ones are: ({})",
                py_repr(s),
                valid.join(", ")
            ))
        })
    }
}

/// Python's `repr()` of a str, enough for error messages: single quotes unless the text
/// holds a single quote and no double quote, with backslash escapes for the rest.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The address family of a socket (Python's `socket.AddressFamily` members psutil returns).
///
/// ```
/// use psutil_rs::SocketFamily;
/// assert_eq!(SocketFamily::Inet.name(), "AF_INET");
/// assert_eq!(SocketFamily::Inet.raw(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SocketFamily {
    /// `AF_UNIX`.
    Unix,
    /// `AF_INET`.
    Inet,
    /// `AF_INET6`.
    Inet6,
}

impl SocketFamily {
    /// The platform's `AF_*` number (what Python's IntEnum value is).
    ///
    /// ```
    /// assert_ne!(psutil_rs::SocketFamily::Inet6.raw(), psutil_rs::SocketFamily::Inet.raw());
    /// ```
    pub fn raw(self) -> i32 {
        crate::sys::connections::socket_family_number(self)
    }

    /// The Python name of the member, e.g. `"AF_INET6"`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::SocketFamily::Unix.name(), "AF_UNIX");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            SocketFamily::Unix => "AF_UNIX",
            SocketFamily::Inet => "AF_INET",
            SocketFamily::Inet6 => "AF_INET6",
        }
    }
}

impl fmt::Display for SocketFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SocketFamily {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i32(self.raw())
    }
}

/// The type of a socket (Python's `socket.SocketKind`); a number Python has no member
/// for stays a number, as in psutil's `socktype_to_enum`.
///
/// ```
/// use psutil_rs::SocketType;
/// assert_eq!(SocketType::Stream.name(), Some("SOCK_STREAM"));
/// assert_eq!(SocketType::from_raw(SocketType::Dgram.raw()), SocketType::Dgram);
/// assert_eq!(SocketType::from_raw(99), SocketType::Other(99));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SocketType {
    /// `SOCK_STREAM`.
    Stream,
    /// `SOCK_DGRAM`.
    Dgram,
    /// `SOCK_SEQPACKET`.
    SeqPacket,
    /// Any other type number.
    Other(i32),
}

impl SocketType {
    /// The platform's `SOCK_*` number.
    ///
    /// ```
    /// assert_eq!(psutil_rs::SocketType::Other(7).raw(), 7);
    /// ```
    pub fn raw(self) -> i32 {
        match self {
            SocketType::Other(n) => n,
            known => crate::sys::connections::SOCK_NUMBERS
                .iter()
                .find(|(t, _)| *t == known)
                .map_or(-1, |(_, n)| *n),
        }
    }

    /// The type for a `SOCK_*` number; unknown numbers give [`SocketType::Other`].
    ///
    /// ```
    /// use psutil_rs::SocketType;
    /// assert_eq!(SocketType::from_raw(SocketType::SeqPacket.raw()), SocketType::SeqPacket);
    /// ```
    pub fn from_raw(n: i32) -> SocketType {
        crate::sys::connections::SOCK_NUMBERS
            .iter()
            .find(|(_, v)| *v == n)
            .map_or(SocketType::Other(n), |(t, _)| *t)
    }

    /// The Python name, e.g. `"SOCK_DGRAM"`; `None` for [`SocketType::Other`].
    ///
    /// ```
    /// assert_eq!(psutil_rs::SocketType::SeqPacket.name(), Some("SOCK_SEQPACKET"));
    /// ```
    pub fn name(self) -> Option<&'static str> {
        match self {
            SocketType::Stream => Some("SOCK_STREAM"),
            SocketType::Dgram => Some("SOCK_DGRAM"),
            SocketType::SeqPacket => Some("SOCK_SEQPACKET"),
            SocketType::Other(_) => None,
        }
    }
}

impl fmt::Display for SocketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.raw()),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SocketType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i32(self.raw())
    }
}

/// A connection status: psutil's `CONN_*` constants, whose values are these strings.
///
/// ```
/// use psutil_rs::ConnStatus;
/// assert_eq!(ConnStatus::Listen.as_str(), "LISTEN");
/// assert_eq!(ConnStatus::None.to_string(), "NONE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnStatus {
    /// `CONN_ESTABLISHED`.
    Established,
    /// `CONN_SYN_SENT`.
    SynSent,
    /// `CONN_SYN_RECV`.
    SynRecv,
    /// `CONN_FIN_WAIT1`.
    FinWait1,
    /// `CONN_FIN_WAIT2`.
    FinWait2,
    /// `CONN_TIME_WAIT`.
    TimeWait,
    /// `CONN_CLOSE`.
    Close,
    /// `CONN_CLOSE_WAIT`.
    CloseWait,
    /// `CONN_LAST_ACK`.
    LastAck,
    /// `CONN_LISTEN`.
    Listen,
    /// `CONN_CLOSING`.
    Closing,
    /// `CONN_NONE`: UDP and UNIX sockets.
    None,
}

/// psutil's `CONN_ESTABLISHED`.
pub const CONN_ESTABLISHED: &str = "ESTABLISHED";
/// psutil's `CONN_SYN_SENT`.
pub const CONN_SYN_SENT: &str = "SYN_SENT";
/// psutil's `CONN_SYN_RECV`.
pub const CONN_SYN_RECV: &str = "SYN_RECV";
/// psutil's `CONN_FIN_WAIT1`.
pub const CONN_FIN_WAIT1: &str = "FIN_WAIT1";
/// psutil's `CONN_FIN_WAIT2`.
pub const CONN_FIN_WAIT2: &str = "FIN_WAIT2";
/// psutil's `CONN_TIME_WAIT`.
pub const CONN_TIME_WAIT: &str = "TIME_WAIT";
/// psutil's `CONN_CLOSE`.
pub const CONN_CLOSE: &str = "CLOSE";
/// psutil's `CONN_CLOSE_WAIT`.
pub const CONN_CLOSE_WAIT: &str = "CLOSE_WAIT";
/// psutil's `CONN_LAST_ACK`.
pub const CONN_LAST_ACK: &str = "LAST_ACK";
/// psutil's `CONN_LISTEN`.
pub const CONN_LISTEN: &str = "LISTEN";
/// psutil's `CONN_CLOSING`.
pub const CONN_CLOSING: &str = "CLOSING";
/// psutil's `CONN_NONE`.
///
/// ```
/// assert_eq!(psutil_rs::ConnStatus::None.as_str(), psutil_rs::CONN_NONE);
/// ```
pub const CONN_NONE: &str = "NONE";

impl ConnStatus {
    /// Every status, TCP states first in kernel order (`TCP_ESTABLISHED` = 1 ...), then `None`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ConnStatus::ALL.len(), 12);
    /// ```
    pub const ALL: [ConnStatus; 12] = [
        ConnStatus::Established,
        ConnStatus::SynSent,
        ConnStatus::SynRecv,
        ConnStatus::FinWait1,
        ConnStatus::FinWait2,
        ConnStatus::TimeWait,
        ConnStatus::Close,
        ConnStatus::CloseWait,
        ConnStatus::LastAck,
        ConnStatus::Listen,
        ConnStatus::Closing,
        ConnStatus::None,
    ];

    /// The `CONN_*` string.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ConnStatus::FinWait1.as_str(), "FIN_WAIT1");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConnStatus::Established => CONN_ESTABLISHED,
            ConnStatus::SynSent => CONN_SYN_SENT,
            ConnStatus::SynRecv => CONN_SYN_RECV,
            ConnStatus::FinWait1 => CONN_FIN_WAIT1,
            ConnStatus::FinWait2 => CONN_FIN_WAIT2,
            ConnStatus::TimeWait => CONN_TIME_WAIT,
            ConnStatus::Close => CONN_CLOSE,
            ConnStatus::CloseWait => CONN_CLOSE_WAIT,
            ConnStatus::LastAck => CONN_LAST_ACK,
            ConnStatus::Listen => CONN_LISTEN,
            ConnStatus::Closing => CONN_CLOSING,
            ConnStatus::None => CONN_NONE,
        }
    }

    /// The status of a Linux TCP state number (`TCP_ESTABLISHED` = 1 ... `TCP_CLOSING` = 11,
    /// psutil's `TCP_STATUSES`); `None` for any other number.
    ///
    /// ```
    /// use psutil_rs::ConnStatus;
    /// assert_eq!(ConnStatus::from_tcp_state(0x0A), Some(ConnStatus::Listen));
    /// assert_eq!(ConnStatus::from_tcp_state(0), None);
    /// ```
    pub fn from_tcp_state(state: u8) -> Option<ConnStatus> {
        match state {
            1..=11 => ConnStatus::ALL.get(usize::from(state) - 1).copied(),
            _ => None,
        }
    }
}

impl fmt::Display for ConnStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConnStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An IP endpoint, psutil's `addr(ip, port)` namedtuple.
///
/// ```
/// let a = psutil_rs::Addr { ip: "127.0.0.1".into(), port: 80 };
/// assert_eq!(a.to_string(), "127.0.0.1:80");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Addr {
    /// The address as `inet_ntop` prints it (`::ffff:1.2.3.4` for IPv4-mapped IPv6).
    pub ip: String,
    /// The port.
    pub port: u16,
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ip.contains(':') {
            write!(f, "[{}]:{}", self.ip, self.port)
        } else {
            write!(f, "{}:{}", self.ip, self.port)
        }
    }
}

/// A connection's `laddr` or `raddr`: an [`Addr`] or psutil's empty tuple `()` for inet
/// sockets, a path (maybe empty) for UNIX sockets, byte-exact as the kernel has it.
///
/// ```
/// use psutil_rs::{Addr, ConnAddr};
/// assert!(ConnAddr::Empty.is_empty());
/// assert!(ConnAddr::Unix("".into()).is_empty());
/// let a = ConnAddr::Inet(Addr { ip: "::1".into(), port: 22 });
/// assert_eq!(a.inet().map(|a| a.port), Some(22));
/// assert_eq!(a.to_string(), "[::1]:22");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConnAddr {
    /// No address: psutil's `()` (an inet socket with port 0 on that side).
    Empty,
    /// An inet endpoint.
    Inet(Addr),
    /// A UNIX socket path: `""` when unnamed, `@name` for abstract names. Not always
    /// UTF-8 (Python's psutil decodes it with `surrogateescape`).
    Unix(OsString),
}

impl ConnAddr {
    /// True for `()` and for an empty UNIX path (psutil's falsy values).
    pub fn is_empty(&self) -> bool {
        match self {
            ConnAddr::Empty => true,
            ConnAddr::Inet(_) => false,
            ConnAddr::Unix(p) => p.is_empty(),
        }
    }

    /// The inet endpoint, if this is one.
    pub fn inet(&self) -> Option<&Addr> {
        match self {
            ConnAddr::Inet(a) => Some(a),
            _ => None,
        }
    }

    /// The UNIX path, if this is one.
    ///
    /// ```
    /// let a = psutil_rs::ConnAddr::Unix("/run/x".into());
    /// assert_eq!(a.unix_path(), Some(std::ffi::OsStr::new("/run/x")));
    /// ```
    pub fn unix_path(&self) -> Option<&OsStr> {
        match self {
            ConnAddr::Unix(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for ConnAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnAddr::Empty => Ok(()),
            ConnAddr::Inet(a) => a.fmt(f),
            ConnAddr::Unix(p) => f.write_str(&p.to_string_lossy()),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConnAddr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            ConnAddr::Empty => s.serialize_seq(Some(0))?.end(),
            ConnAddr::Inet(a) => a.serialize(s),
            ConnAddr::Unix(p) => s.serialize_str(&p.to_string_lossy()),
        }
    }
}

/// A socket: psutil's `sconn` (system-wide, with `pid`) and `pconn` (per process, where
/// `pid` is `None`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for c in psutil_rs::net_connections(psutil_rs::ConnectionKind::Tcp)? {
///     assert!(c.family == psutil_rs::SocketFamily::Inet || c.family == psutil_rs::SocketFamily::Inet6);
///     assert_eq!(c.r#type, psutil_rs::SocketType::Stream);
///     assert!(c.fd >= -1);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Connection {
    /// The file descriptor in the owning process, `-1` when unknown.
    pub fd: i32,
    /// The address family.
    pub family: SocketFamily,
    /// The socket type (psutil's field `type`).
    pub r#type: SocketType,
    /// The local address.
    pub laddr: ConnAddr,
    /// The remote address (`()` when not connected; always `""` for UNIX sockets).
    pub raddr: ConnAddr,
    /// The TCP status; [`ConnStatus::None`] for UDP and UNIX sockets.
    pub status: ConnStatus,
    /// The owning process, `None` when it could not be found (or for per-process rows).
    pub pid: Option<Pid>,
}

/// Socket connections of the whole system, psutil's `net_connections(kind)`.
///
/// The owner of each socket is found by reading the fd links of every process; sockets of
/// processes that cannot be read get `pid: None` and `fd: -1`. Duplicate rows are merged as
/// psutil's set does; the order is unspecified. On Linux the socket tables come from
/// `NETLINK_SOCK_DIAG` when `/proc` is the real one, else from `<proc>/net/*`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::{net_connections, ConnectionKind};
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// let conns = net_connections(ConnectionKind::Tcp4)?;
/// let mine = conns.iter().find(|c| c.laddr.inet().map(|a| a.port) == Some(port));
/// assert_eq!(mine.map(|c| c.pid), Some(Some(std::process::id())));
/// # Ok(())
/// # }
/// ```
pub fn net_connections(kind: ConnectionKind) -> Result<Vec<Connection>> {
    let roots = paths::current();
    crate::sys::connections::net_connections(&roots, kind)
}
