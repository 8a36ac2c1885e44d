//! `netstat`: sockets with the process owning each, like `netstat -antp`.

use std::collections::BTreeMap;

use psutil_rs::{ConnAddr, Connection, SocketFamily, SocketType};
use serde::Serialize;

use crate::args::NetstatArgs;
use crate::error::{CmdResult, Context};
use crate::output::{self, Align, Table};

/// `tcp`, `tcp6`, `udp`, `udp6` or `unix`, as `netstat` prints the protocol.
fn proto(c: &Connection) -> String {
    let base = match (c.family, c.r#type) {
        (SocketFamily::Unix, _) => return "unix".into(),
        (_, SocketType::Stream) => "tcp",
        (_, SocketType::Dgram) => "udp",
        (_, other) => return format!("{other}"),
    };
    if c.family == SocketFamily::Inet6 {
        format!("{base}6")
    } else {
        base.to_string()
    }
}

/// An address as `netstat` prints it: `ip:port`, `*:*` for an unconnected inet peer,
/// the path of a UNIX socket.
fn addr_text(a: &ConnAddr, family: SocketFamily) -> String {
    match a {
        ConnAddr::Empty if family != SocketFamily::Unix => "*:*".into(),
        other => other.to_string(),
    }
}

/// One `netstat` row: psutil's `sconn` plus the process name.
#[derive(Serialize)]
struct NetstatRow {
    #[serde(flatten)]
    conn: Connection,
    program: Option<String>,
}

/// Like `netstat -antp`: protocol, addresses, state and PID/Program name, for the sockets
/// of `--kind` (psutil's kinds). Without privileges, other users' sockets have no pid.
pub fn netstat(args: &NetstatArgs, json: bool, process_name: &dyn Fn(u32) -> Option<String>) -> CmdResult {
    let mut conns = psutil_rs::net_connections(args.kind).context("net_connections")?;
    conns.sort_by_key(|c| (proto(c), c.laddr.to_string(), c.raddr.to_string(), c.pid));
    let mut names: BTreeMap<u32, Option<String>> = BTreeMap::new();
    let rows: Vec<NetstatRow> = conns
        .into_iter()
        .map(|conn| {
            let program =
                conn.pid.and_then(|pid| names.entry(pid).or_insert_with(|| process_name(pid)).clone());
            NetstatRow { conn, program }
        })
        .collect();
    if json {
        return output::json(&rows);
    }
    let mut table = Table::new(&[
        ("Proto", Align::Left),
        ("Local Address", Align::Left),
        ("Foreign Address", Align::Left),
        ("State", Align::Left),
        ("PID/Program name", Align::Left),
    ]);
    for r in &rows {
        let c = &r.conn;
        let status = if c.status.as_str() == psutil_rs::CONN_NONE { "" } else { c.status.as_str() };
        let owner = match (c.pid, &r.program) {
            (Some(pid), Some(name)) => format!("{pid}/{name}"),
            (Some(pid), None) => pid.to_string(),
            (None, _) => "-".into(),
        };
        table.row([
            proto(c),
            addr_text(&c.laddr, c.family),
            addr_text(&c.raddr, c.family),
            status.into(),
            owner,
        ]);
    }
    let mut out = format!("Connections (kind {}):\n", args.kind.as_str());
    out.push_str(&table.render());
    Ok(out)
}
