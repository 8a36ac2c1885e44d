//! `ifconfig`, `netstat` and `net-io`: interfaces, connections and I/O counters.

use std::collections::BTreeMap;

use psutil_rs::{ConnAddr, Connection, SocketFamily, SocketType};
use serde::Serialize;
use serde_json::{json, Value};

use crate::args::NetstatArgs;
use crate::error::{CmdResult, Context};
use crate::output::{self, bytes2human, cell, fields, human_cell, section, Align, Table};
use crate::procs::name_of_pid;

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
pub fn netstat(args: &NetstatArgs, json: bool) -> CmdResult {
    let mut conns = psutil_rs::net_connections(args.kind).context("net_connections")?;
    conns.sort_by_key(|c| (proto(c), c.laddr.to_string(), c.raddr.to_string(), c.pid));
    let mut names: BTreeMap<u32, Option<String>> = BTreeMap::new();
    let rows: Vec<NetstatRow> = conns
        .into_iter()
        .map(|conn| {
            let program = conn.pid.and_then(|pid| names.entry(pid).or_insert_with(|| name_of_pid(pid)).clone());
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
        table.row([proto(c), addr_text(&c.laddr, c.family), addr_text(&c.raddr, c.family), status.into(), owner]);
    }
    let mut out = format!("Connections (kind {}):\n", args.kind.as_str());
    out.push_str(&table.render());
    Ok(out)
}

/// A NIC address family as `ifconfig` labels it.
fn family_label(family: &Value) -> String {
    let n = family.as_i64();
    let s = family.as_str().unwrap_or("");
    if n == Some(i64::from(libc::AF_INET)) || s == "AF_INET" {
        "IPv4".into()
    } else if n == Some(i64::from(libc::AF_INET6)) || s == "AF_INET6" {
        "IPv6".into()
    } else if n == Some(i64::from(libc::AF_PACKET)) || s == "AF_PACKET" || s == "AF_LINK" {
        "MAC".into()
    } else {
        format!("family {}", cell(family))
    }
}

/// Like `ifconfig`: per interface, link state, I/O counters and every address.
pub fn ifconfig(json: bool) -> CmdResult {
    let addrs = psutil_rs::net_if_addrs().context("net_if_addrs")?;
    let stats = psutil_rs::net_if_stats();
    let io = psutil_rs::net_io_counters_pernic(true);
    let mut names: Vec<&String> = addrs.keys().collect();
    if let Ok(s) = &stats {
        names.extend(s.keys().filter(|k| !addrs.contains_key(*k)));
    }
    names.sort();
    if json {
        let mut all = serde_json::Map::new();
        for name in names {
            all.insert(
                name.clone(),
                json!({
                    "addrs": addrs.get(name),
                    "stats": stats.as_ref().ok().and_then(|s| s.get(name)),
                    "io_counters": io.as_ref().ok().and_then(|c| c.get(name)),
                }),
            );
        }
        return output::json(&all);
    }
    let mut out = String::new();
    for name in names {
        out.push_str(&format!("{name}:\n"));
        if let Some(st) = stats.as_ref().ok().and_then(|s| s.get(name)) {
            let f: Vec<String> = fields(st).iter().map(|(k, v)| format!("{k}={}", cell(v))).collect();
            out.push_str(&format!("    stats          : {}\n", f.join(", ")));
        }
        if let Some(c) = io.as_ref().ok().and_then(|c| c.get(name)) {
            let f = fields(c);
            let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
            out.push_str(&format!(
                "    incoming       : bytes={}, pkts={}, errs={}, drops={}\n",
                human_cell(&get("bytes_recv")),
                cell(&get("packets_recv")),
                cell(&get("errin")),
                cell(&get("dropin"))
            ));
            out.push_str(&format!(
                "    outgoing       : bytes={}, pkts={}, errs={}, drops={}\n",
                human_cell(&get("bytes_sent")),
                cell(&get("packets_sent")),
                cell(&get("errout")),
                cell(&get("dropout"))
            ));
        }
        for a in addrs.get(name).into_iter().flatten() {
            let f = fields(a);
            let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
            out.push_str(&format!("    {:<15}: {}\n", format!("{} address", family_label(&get("family"))), cell(&get("address"))));
            for extra in ["broadcast", "netmask", "ptp"] {
                let v = get(extra);
                if !v.is_null() {
                    out.push_str(&format!("    {:>15}: {}\n", format!("{extra} "), cell(&v)));
                }
            }
        }
        out.push('\n');
    }
    if let Err(e) = &stats {
        out.push_str(&format!("link statistics unavailable: {e}\n"));
    }
    if let Err(e) = &io {
        out.push_str(&format!("I/O counters unavailable: {e}\n"));
    }
    if out.is_empty() {
        out.push_str("no network interfaces found\n");
    }
    Ok(out)
}

/// Per-interface I/O counters (`net_io_counters(pernic=True)`), bytes human-readable.
pub fn net_io(json: bool) -> CmdResult {
    let nics = psutil_rs::net_io_counters_pernic(true).context("net_io_counters")?;
    if json {
        return output::json(&nics);
    }
    if nics.is_empty() {
        return Ok("no network interfaces found\n".into());
    }
    let names: Vec<String> = nics.values().next().map(fields).unwrap_or_default().into_iter().map(|(k, _)| k).collect();
    let mut cols = vec![("nic", Align::Left)];
    cols.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
    let mut table = Table::new(&cols);
    for (name, c) in &nics {
        let mut row = vec![name.clone()];
        for (k, v) in fields(c) {
            row.push(if k.starts_with("bytes_") { human_cell(&v) } else { cell(&v) });
        }
        table.row(row);
    }
    Ok(table.render())
}

/// The network part of the overview: per NIC, its addresses and I/O totals.
pub fn overview_section() -> (Value, String) {
    let addrs = psutil_rs::net_if_addrs();
    let io = psutil_rs::net_io_counters_pernic(true);
    let value = json!({ "addrs": section(&addrs), "io_counters": section(&io) });
    let mut table = Table::new(&[("NIC", Align::Left), ("Sent", Align::Right), ("Received", Align::Right), ("Addresses", Align::Left)]);
    let mut names: Vec<String> = addrs.as_ref().map(|a| a.keys().cloned().collect()).unwrap_or_default();
    if let Ok(c) = &io {
        names.extend(c.keys().filter(|k| !names.contains(k)).cloned().collect::<Vec<_>>());
    }
    names.sort();
    for name in &names {
        let counters = io.as_ref().ok().and_then(|c| c.get(name));
        let sent = counters.map(|c| bytes2human(c.bytes_sent)).unwrap_or_default();
        let recv = counters.map(|c| bytes2human(c.bytes_recv)).unwrap_or_default();
        let list: Vec<String> = addrs
            .as_ref()
            .ok()
            .and_then(|a| a.get(name))
            .into_iter()
            .flatten()
            .filter(|a| family_label(&fields(*a).into_iter().find(|(k, _)| k == "family").map(|(_, v)| v).unwrap_or(Value::Null)) != "MAC")
            .map(|a| a.address.clone())
            .collect();
        table.row([name.clone(), sent, recv, list.join(", ")]);
    }
    let mut text = table.render();
    if let Err(e) = &addrs {
        text.push_str(&format!("addresses unavailable: {e}\n"));
    }
    if let Err(e) = &io {
        text.push_str(&format!("I/O counters unavailable: {e}\n"));
    }
    (value, text)
}
