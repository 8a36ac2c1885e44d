//! `ifconfig` and `net-io`: network interfaces, their addresses and I/O counters.

use psutil_rs::NicFamily;
use serde_json::{json, Value};

use crate::error::{CmdResult, Context};
use crate::output::{self, bytes2human, records_table, section, Align, Table};

/// A NIC address family as `ifconfig` labels it.
fn family_label(family: NicFamily) -> &'static str {
    match family {
        NicFamily::Inet => "IPv4",
        NicFamily::Inet6 => "IPv6",
        NicFamily::Link => "MAC",
        #[allow(unreachable_patterns)]
        _ => "other",
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
            let duplex = st.duplex.name().trim_start_matches("NIC_DUPLEX_").to_lowercase();
            out.push_str(&format!(
                "    stats          : speed={}Mb/s, duplex={duplex}, mtu={}, up={}\n",
                st.speed,
                st.mtu,
                if st.isup { "yes" } else { "no" }
            ));
            if !st.flags.is_empty() {
                out.push_str(&format!("    flags          : {}\n", st.flags));
            }
        }
        if let Some(c) = io.as_ref().ok().and_then(|c| c.get(name)) {
            out.push_str(&format!(
                "    incoming       : bytes={}, pkts={}, errs={}, drops={}\n",
                bytes2human(c.bytes_recv),
                c.packets_recv,
                c.errin,
                c.dropin
            ));
            out.push_str(&format!(
                "    outgoing       : bytes={}, pkts={}, errs={}, drops={}\n",
                bytes2human(c.bytes_sent),
                c.packets_sent,
                c.errout,
                c.dropout
            ));
        }
        for a in addrs.get(name).into_iter().flatten() {
            out.push_str(&format!(
                "    {:<15}: {}\n",
                format!("{} address", family_label(a.family)),
                a.address
            ));
            for (label, v) in [("broadcast", &a.broadcast), ("netmask", &a.netmask), ("p2p", &a.ptp)] {
                if let Some(v) = v {
                    out.push_str(&format!("    {label:>14} : {v}\n"));
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
    Ok(records_table("nic", &nics, |k| k.starts_with("bytes_")))
}

/// The network part of the overview: per NIC, its addresses and I/O totals.
pub fn overview_section() -> (Value, String) {
    let addrs = psutil_rs::net_if_addrs();
    let io = psutil_rs::net_io_counters_pernic(true);
    let value = json!({ "addrs": section(&addrs), "io_counters": section(&io) });
    let mut table = Table::new(&[
        ("NIC", Align::Left),
        ("Sent", Align::Right),
        ("Received", Align::Right),
        ("Addresses", Align::Left),
    ]);
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
            .filter(|a| a.family != NicFamily::Link)
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
