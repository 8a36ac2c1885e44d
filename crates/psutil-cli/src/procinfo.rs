//! One process in detail: `procinfo` (like psutil's `procinfo.py`) and `pmap`.

use std::fmt::Write as _;

use psutil_rs::{Pid, Process};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::args::{PmapArgs, ProcinfoArgs};
use crate::error::{CliError, CmdResult, Context};
use crate::output::{self, bytes2human, cell, field, format_timestamp, human_cell, Align, KeyValues, Table};

/// How many open files, threads, environment variables and maps are shown without `-v`.
const SHORT_LIST: usize = 4;

/// Seconds over which `procinfo` measures the process's CPU utilization.
const CPU_INTERVAL: f64 = 0.1;

/// How an unreadable attribute is shown: psutil's exception class for the process
/// errors (`AccessDenied`, `ZombieProcess`, ...), else the message.
fn error_label(e: &psutil_rs::Error) -> String {
    use psutil_rs::Error as E;
    match e {
        E::AccessDenied { .. } => "AccessDenied".into(),
        E::ZombieProcess { .. } => "ZombieProcess".into(),
        E::NoSuchProcess { .. } => "NoSuchProcess".into(),
        E::NotSupported { .. } => "NotSupported".into(),
        other => other.to_string(),
    }
}

/// Opens the process, failing with psutil's message (`process PID not found (pid=N)`).
fn open(pid: Option<Pid>) -> Result<Process, CliError> {
    let p = match pid {
        Some(pid) => Process::new(pid),
        None => Process::current(),
    };
    p.map_err(CliError::from)
}

/// The attributes of one process, psutil's `as_dict(ad_value=None)` style: every value, or
/// `null` plus an entry in `errors` when it could not be read (access denied, zombie...).
struct Info {
    values: Map<String, Value>,
    errors: Map<String, Value>,
}

impl Info {
    fn put<T: Serialize>(&mut self, key: &str, r: psutil_rs::Result<T>) {
        let value = match r {
            Ok(v) => serde_json::to_value(v).map_err(|e| e.to_string()),
            Err(e) => Err(error_label(&e)),
        };
        match value {
            Ok(v) => {
                self.values.insert(key.into(), v);
            }
            Err(label) => {
                self.values.insert(key.into(), Value::Null);
                self.errors.insert(key.into(), json!(label));
            }
        }
    }

    /// The text of a value for the table: its error label when it could not be read.
    fn text(&self, key: &str, render: impl Fn(&Value) -> String) -> String {
        match self.errors.get(key) {
            Some(label) => cell(label),
            None => render(self.get(key)),
        }
    }

    fn get(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&Value::Null)
    }
}

fn gather(p: &Process) -> Result<Info, CliError> {
    let mut info = Info { values: Map::new(), errors: Map::new() };
    // The name decides whether the process is (still) there at all.
    let name = p.name().context("name")?;
    p.oneshot(|p| {
        info.put("pid", Ok(p.pid()));
        info.put("name", Ok(name.clone()));
        info.put("ppid", p.ppid());
        info.put("parent_name", p.parent().map(|pp| pp.and_then(|pp| pp.name().ok())));
        info.put("exe", p.exe());
        info.put("cwd", p.cwd());
        info.put("cmdline", p.cmdline());
        info.put("create_time", p.create_time());
        info.put("status", p.status().map(|s| s.as_str()));
        info.put("username", p.username());
        info.put("uids", p.uids());
        info.put("gids", p.gids());
        info.put("terminal", p.terminal());
        info.put("cpu_times", p.cpu_times());
        info.put("cpu_num", p.cpu_num());
        info.put("cpu_affinity", p.cpu_affinity());
        info.put("memory_info", p.memory_info());
        info.put("memory_full_info", p.memory_full_info());
        info.put("memory_percent", p.memory_percent(psutil_rs::MemType::Rss));
        info.put("nice", p.nice());
        info.put("ionice", p.ionice());
        info.put("num_threads", p.num_threads());
        info.put("num_fds", p.num_fds());
        info.put("io_counters", p.io_counters());
        info.put("num_ctx_switches", p.num_ctx_switches());
        info.put("open_files", p.open_files());
        info.put("threads", p.threads());
        info.put("environ", p.environ());
        info.put("memory_maps", p.memory_maps(true));
    });
    // Measured over a short interval, as `top` would show it now.
    info.put("cpu_percent", p.cpu_percent(Some(CPU_INTERVAL)));
    let children = p.children(false).map(|kids| {
        kids.iter().map(|c| json!({ "pid": c.pid(), "name": c.name().ok() })).collect::<Vec<_>>()
    });
    info.put("children", children);
    info.put("net_connections", p.net_connections(psutil_rs::ConnectionKind::Inet));
    let limits: psutil_rs::Result<Map<String, Value>> = psutil_rs::Rlimit::ALL
        .into_iter()
        .map(|res| p.rlimit(res).map(|(soft, hard)| (res.name().to_string(), json!([soft, hard]))))
        .collect();
    info.put("rlimits", limits);
    Ok(info)
}

/// `k=v, k=v` for a record; byte counts human-readable when `human`.
fn record_text(v: &Value, human: bool) -> String {
    match v.as_object() {
        Some(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", if human { human_cell(v) } else { cell(v) }))
            .collect::<Vec<_>>()
            .join(", "),
        None => cell(v),
    }
}

fn limit_text(v: &Value) -> String {
    match v.as_i64() {
        Some(n) if n == psutil_rs::RLIM_INFINITY => "infinity".into(),
        _ => cell(v),
    }
}

/// A list section labelled `label`: its rows, the error label when `key` could not be
/// read, nothing when it is empty.
fn section(
    kv: &mut KeyValues,
    info: &Info,
    key: &str,
    label: &str,
    header: &str,
    rows: Vec<String>,
    verbose: bool,
) {
    if let Some(e) = info.errors.get(key) {
        kv.add(label, cell(e));
    } else if !rows.is_empty() {
        kv.add_block(label, &list_block(header, rows, verbose));
    }
}

/// A list section: a header line, then at most `SHORT_LIST` rows unless verbose.
fn list_block(header: &str, rows: Vec<String>, verbose: bool) -> String {
    let mut out = format!("{header}\n");
    let total = rows.len();
    for (i, r) in rows.into_iter().enumerate() {
        if !verbose && i >= SHORT_LIST {
            let _ = writeln!(out, "[... {} more, use -v]", total - SHORT_LIST);
            break;
        }
        let _ = writeln!(out, "{}", output::printable(r));
    }
    out
}

fn render(info: &Info, verbose: bool) -> String {
    let mut kv = KeyValues::new();
    let g = |k: &str| info.get(k);
    let t = |k: &str, f: fn(&Value) -> String| info.text(k, f);
    let rec = |v: &Value| record_text(v, false);
    let human_rec = |v: &Value| record_text(v, true);
    kv.add("pid", t("pid", cell));
    kv.add("name", t("name", cell));
    let parent = match t("parent_name", cell) {
        name if name.is_empty() => t("ppid", cell),
        name => format!("{} ({name})", t("ppid", cell)),
    };
    kv.add("parent", parent);
    kv.add("exe", t("exe", cell));
    kv.add("cwd", t("cwd", cell));
    kv.add(
        "cmdline",
        t("cmdline", |v| v.as_array().into_iter().flatten().map(cell).collect::<Vec<_>>().join(" ")),
    );
    kv.add("started", t("create_time", |v| v.as_f64().map(format_timestamp).unwrap_or_default()));
    kv.add(
        "cpu-tspent",
        t("cpu_times", |v| {
            output::format_cpu_time(["user", "system"].iter().filter_map(|k| v[k].as_f64()).sum())
        }),
    );
    kv.add("cpu-times", t("cpu_times", rec));
    kv.add("cpu %", t("cpu_percent", |v| v.as_f64().map(|p| format!("{p:.1}")).unwrap_or_default()));
    kv.add("cpu-affinity", t("cpu_affinity", |v| v.to_string()));
    kv.add("cpu-num", t("cpu_num", cell));
    kv.add("memory", t("memory_info", human_rec));
    kv.add(
        "memory-full",
        t("memory_full_info", |v| {
            ["uss", "pss", "swap"]
                .iter()
                .filter_map(|k| v.get(*k).map(|x| format!("{k}={}", human_cell(x))))
                .collect::<Vec<_>>()
                .join(", ")
        }),
    );
    kv.add("memory %", t("memory_percent", |v| v.as_f64().map(|p| format!("{p:.2}")).unwrap_or_default()));
    kv.add("user", t("username", cell));
    kv.add("uids", t("uids", rec));
    kv.add("gids", t("gids", rec));
    kv.add("terminal", t("terminal", cell));
    kv.add("status", t("status", cell));
    kv.add("nice", t("nice", cell));
    kv.add("ionice", t("ionice", rec));
    kv.add("num-threads", t("num_threads", cell));
    kv.add("num-fds", t("num_fds", cell));
    kv.add("I/O", t("io_counters", rec));
    kv.add("ctx-switches", t("num_ctx_switches", rec));

    let children: Vec<String> = g("children")
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{:<7} {}", cell(&c["pid"]), cell(&c["name"])))
        .collect();
    section(&mut kv, info, "children", "children", "PID     NAME", children, true);
    let files: Vec<String> =
        g("open_files").as_array().into_iter().flatten().map(|f| cell(&f["path"])).collect();
    section(&mut kv, info, "open_files", "open-files", "PATH", files, verbose);
    let conns: Vec<String> = g("net_connections")
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let addr = |a: &Value| match (a["ip"].as_str(), a["port"].as_u64()) {
                (Some(ip), Some(port)) => format!("{ip}:{port}"),
                _ => "*:*".into(),
            };
            let proto = if c["type"] == json!(psutil_rs::SocketType::Stream.raw()) { "TCP" } else { "UDP" };
            format!("{proto:<5} {:<25} {:<25} {}", addr(&c["laddr"]), addr(&c["raddr"]), cell(&c["status"]))
        })
        .collect();
    let header = format!("{:<5} {:<25} {:<25} STATUS", "PROTO", "LOCAL ADDR", "REMOTE ADDR");
    section(&mut kv, info, "net_connections", "connections", &header, conns, true);
    let threads: Vec<String> = g("threads")
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            format!("{:<7} {:>10} {:>10}", cell(&t["id"]), cell(&t["user_time"]), cell(&t["system_time"]))
        })
        .collect();
    if threads.len() > 1 || info.errors.contains_key("threads") {
        let header = format!("{:<7} {:>10} {:>10}", "TID", "USER", "SYSTEM");
        section(&mut kv, info, "threads", "threads", &header, threads, verbose);
    }
    let limits: Vec<String> = g("rlimits")
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            format!(
                "{:<18} {:>10} {:>10}",
                k.trim_start_matches("RLIMIT_").to_lowercase(),
                limit_text(&v[0]),
                limit_text(&v[1])
            )
        })
        .collect();
    let header = format!("{:<18} {:>10} {:>10}", "RLIMIT", "SOFT", "HARD");
    section(&mut kv, info, "rlimits", "res-limits", &header, limits, true);
    let env: Vec<String> =
        g("environ").as_object().into_iter().flatten().map(|(k, v)| format!("{k:<25} {}", cell(v))).collect();
    section(&mut kv, info, "environ", "environ", &format!("{:<25} VALUE", "NAME"), env, verbose);
    let mut maps: Vec<(u64, String)> = g("memory_maps")
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (m["rss"].as_u64().unwrap_or(0), cell(&m["path"])))
        .collect();
    maps.sort_by_key(|m| std::cmp::Reverse(m.0));
    let maps: Vec<String> =
        maps.into_iter().map(|(rss, path)| format!("{:<8} {path}", bytes2human(rss))).collect();
    section(&mut kv, info, "memory_maps", "mem-maps", &format!("{:<8} PATH", "RSS"), maps, verbose);
    kv.render()
}

/// Everything about one process (default: this tool), like psutil's `procinfo.py`.
pub fn procinfo(args: &ProcinfoArgs, json: bool) -> CmdResult {
    let p = open(args.pid)?;
    let info = gather(&p)?;
    if json {
        let mut all = info.values.clone();
        all.insert("errors".into(), Value::Object(info.errors.clone()));
        return output::json(&all);
    }
    Ok(render(&info, args.verbose))
}

/// A Linux-only number of a memory map (`size`, `private_clean`, ...), 0 elsewhere.
fn map_field(m: &psutil_rs::MemoryMap, name: &str) -> u64 {
    field(m, name).and_then(|v| v.as_u64()).unwrap_or(0)
}

/// Like `pmap -x`: every mapping (start address, size, RSS, private, mode, path), or one
/// row per path with `--grouped`, then the totals.
pub fn pmap(args: &PmapArgs, json: bool) -> CmdResult {
    let p = open(Some(args.pid))?;
    let name = p.name().context("name")?;
    let maps = p.memory_maps(args.grouped).context("memory_maps")?;
    let private = |m: &psutil_rs::MemoryMap| map_field(m, "private_clean") + map_field(m, "private_dirty");
    let total_size: u64 = maps.iter().map(|m| map_field(m, "size")).sum();
    let total_rss: u64 = maps.iter().map(|m| m.rss).sum();
    let total_private: u64 = maps.iter().map(private).sum();
    if json {
        return output::json(&json!({
            "pid": args.pid,
            "name": name,
            "grouped": args.grouped,
            "maps": maps,
            "total_size": total_size,
            "total_rss": total_rss,
            "total_private": total_private,
        }));
    }
    // Grouped rows have no address or mode: leave those columns out.
    let g = args.grouped;
    let mut cols = Vec::new();
    if !g {
        cols.push(("Address", Align::Left));
    }
    cols.extend([("Size", Align::Right), ("RSS", Align::Right), ("Private", Align::Right)]);
    if !g {
        cols.push(("Mode", Align::Left));
    }
    cols.push(("Mapping", Align::Left));
    let mut table = Table::new(&cols);
    for m in &maps {
        let mut row = Vec::new();
        if !g {
            // pmap prints the start address, zero-padded to 16 hex digits.
            let addr = m.addr.as_deref().unwrap_or_default();
            row.push(format!("{:0>16}", addr.split('-').next().unwrap_or(addr)));
        }
        row.extend([bytes2human(map_field(m, "size")), bytes2human(m.rss), bytes2human(private(m))]);
        if !g {
            row.push(m.perms.clone().unwrap_or_default());
        }
        row.push(m.path.clone());
        table.row(row);
    }
    let mut total = vec![bytes2human(total_size), bytes2human(total_rss), bytes2human(total_private)];
    if !g {
        total.insert(0, String::new());
        total.push(String::new());
    }
    total.push(format!("total ({} maps)", maps.len()));
    table.row(total);
    Ok(format!("{}:   {name}\n{}", args.pid, table.render()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_labelled_with_psutils_classes() {
        assert_eq!(error_label(&psutil_rs::Error::access_denied(Some(3), None)), "AccessDenied");
        assert_eq!(error_label(&psutil_rs::Error::zombie_process(3, None, Some(1))), "ZombieProcess");
        assert_eq!(error_label(&psutil_rs::Error::no_such_process(3, None)), "NoSuchProcess");
        assert_eq!(error_label(&psutil_rs::Error::invalid("bad")), "bad");
    }

    #[test]
    fn unreadable_values_are_null_with_an_error() {
        let mut info = Info { values: Map::new(), errors: Map::new() };
        info.put("exe", Err::<String, _>(psutil_rs::Error::access_denied(Some(3), None)));
        info.put("nice", Ok(5));
        assert_eq!(info.get("exe"), &Value::Null);
        assert_eq!(info.text("exe", cell), "AccessDenied");
        assert_eq!(info.text("nice", cell), "5");
        assert_eq!(info.get("missing"), &Value::Null);
        let mut kv = KeyValues::new();
        section(&mut kv, &info, "exe", "exe", "PATH", vec!["x".into()], true);
        section(&mut kv, &info, "nice", "empty", "H", Vec::new(), true);
        assert_eq!(kv.render(), "exe  AccessDenied\n");
    }

    #[test]
    fn lists_are_shortened_unless_verbose() {
        let rows: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        assert_eq!(list_block("H", rows.clone(), false), "H\n0\n1\n2\n3\n[... 2 more, use -v]\n");
        assert_eq!(list_block("H", rows, true).lines().count(), 7);
    }

    #[test]
    fn records_and_limits_as_text() {
        let v = json!({"rss": 2048, "vms": 1});
        assert_eq!(record_text(&v, true), "rss=2.0K, vms=1.0B");
        assert_eq!(record_text(&v, false), "rss=2048, vms=1");
        assert_eq!(record_text(&json!(7), false), "7");
        assert_eq!(limit_text(&json!(psutil_rs::RLIM_INFINITY)), "infinity");
        assert_eq!(limit_text(&json!(1024)), "1024");
    }
}
