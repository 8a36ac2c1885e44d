//! One process in detail: `procinfo` (like psutil's `procinfo.py`) and `pmap`.

use std::fmt::Write as _;

use psutil_rs::{Pid, Process};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::args::{PmapArgs, ProcinfoArgs};
use crate::error::{CliError, CmdResult, Context};
use crate::output::{self, bytes2human, cell, fields, format_timestamp, human_cell, Align, KeyValues, Table};

/// How many open files, threads, environment variables and maps are shown without `-v`.
const SHORT_LIST: usize = 4;

/// Opens the process, failing with psutil's message (`process PID not found (pid=N)`).
fn open(pid: Option<Pid>) -> Result<Process, CliError> {
    let p = match pid {
        Some(pid) => Process::new(pid),
        None => Process::current(),
    };
    p.context("Process")
}

/// The attributes of one process, psutil's `as_dict(ad_value=None)` style: every value, or
/// `null` plus an entry in `errors` when it could not be read (access denied, zombie...).
struct Info {
    values: Map<String, Value>,
    errors: Map<String, Value>,
}

impl Info {
    fn put<T: Serialize>(&mut self, key: &str, r: psutil_rs::Result<T>) {
        let value = r.map_err(|e| e.to_string()).and_then(|v| serde_json::to_value(v).map_err(|e| e.to_string()));
        match value {
            Ok(v) => {
                self.values.insert(key.into(), v);
            }
            Err(msg) => {
                self.values.insert(key.into(), Value::Null);
                self.errors.insert(key.into(), json!(msg));
            }
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
    let children = p.children(false).map(|kids| {
        kids.iter().map(|c| json!({ "pid": c.pid(), "name": c.name().ok() })).collect::<Vec<_>>()
    });
    info.put("children", children);
    let pid = p.pid();
    let conns = psutil_rs::net_connections(psutil_rs::ConnectionKind::Inet)
        .map(|all| all.into_iter().filter(|c| c.pid == Some(pid)).collect::<Vec<_>>());
    info.put("net_connections", conns);
    let mut limits = Map::new();
    for res in psutil_rs::Rlimit::ALL {
        if let Ok((soft, hard)) = p.rlimit(res) {
            limits.insert(res.name().to_string(), json!([soft, hard]));
        }
    }
    info.values.insert("rlimits".into(), Value::Object(limits));
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

/// A list section: a header line, then at most `SHORT_LIST` rows unless verbose.
fn list_block(header: &str, rows: Vec<String>, verbose: bool) -> String {
    let mut out = format!("{header}\n");
    let total = rows.len();
    for (i, r) in rows.into_iter().enumerate() {
        if !verbose && i >= SHORT_LIST {
            let _ = writeln!(out, "[... {} more, use -v]", total - SHORT_LIST);
            break;
        }
        let _ = writeln!(out, "{r}");
    }
    out
}

fn render(info: &Info, verbose: bool) -> String {
    let mut kv = KeyValues::new();
    let g = |k: &str| info.get(k);
    kv.add("pid", cell(g("pid")));
    kv.add("name", cell(g("name")));
    kv.add("parent", format!("{} ({})", cell(g("ppid")), cell(g("parent_name"))));
    kv.add("exe", cell(g("exe")));
    kv.add("cwd", cell(g("cwd")));
    let argv: Vec<String> = g("cmdline").as_array().into_iter().flatten().map(cell).collect();
    kv.add("cmdline", argv.join(" "));
    kv.add("started", g("create_time").as_f64().map(format_timestamp).unwrap_or_default());
    let spent: f64 = ["user", "system"].iter().filter_map(|k| g("cpu_times")[k].as_f64()).sum();
    kv.add("cpu-tspent", output::format_cpu_time(spent));
    kv.add("cpu-times", record_text(g("cpu_times"), false));
    kv.add("cpu-affinity", g("cpu_affinity").to_string());
    kv.add("cpu-num", cell(g("cpu_num")));
    kv.add("memory", record_text(g("memory_info"), true));
    if let Some(full) = g("memory_full_info").as_object() {
        let extra: Vec<String> =
            ["uss", "pss", "swap"].iter().filter_map(|k| full.get(*k).map(|v| format!("{k}={}", human_cell(v)))).collect();
        kv.add("memory-full", extra.join(", "));
    }
    kv.add("memory %", g("memory_percent").as_f64().map(|p| format!("{p:.2}")).unwrap_or_default());
    kv.add("user", cell(g("username")));
    kv.add("uids", record_text(g("uids"), false));
    kv.add("gids", record_text(g("gids"), false));
    kv.add("terminal", cell(g("terminal")));
    kv.add("status", cell(g("status")));
    kv.add("nice", cell(g("nice")));
    kv.add("ionice", record_text(g("ionice"), false));
    kv.add("num-threads", cell(g("num_threads")));
    kv.add("num-fds", cell(g("num_fds")));
    kv.add("I/O", record_text(g("io_counters"), false));
    kv.add("ctx-switches", record_text(g("num_ctx_switches"), false));

    let children: Vec<String> = g("children")
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{:<7} {}", cell(&c["pid"]), cell(&c["name"])))
        .collect();
    if !children.is_empty() {
        kv.add_block("children", &list_block("PID     NAME", children, true));
    }
    let files: Vec<String> = g("open_files").as_array().into_iter().flatten().map(|f| cell(&f["path"])).collect();
    if !files.is_empty() {
        kv.add_block("open-files", &list_block("PATH", files, verbose));
    }
    let conns: Vec<String> = g("net_connections")
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let addr = |a: &Value| match (a["ip"].as_str(), a["port"].as_u64()) {
                (Some(ip), Some(port)) => format!("{ip}:{port}"),
                _ => "*:*".into(),
            };
            let proto = if c["type"] == json!(libc::SOCK_STREAM) { "TCP" } else { "UDP" };
            format!("{proto:<5} {:<25} {:<25} {}", addr(&c["laddr"]), addr(&c["raddr"]), cell(&c["status"]))
        })
        .collect();
    if !conns.is_empty() {
        kv.add_block("connections", &list_block(&format!("{:<5} {:<25} {:<25} STATUS", "PROTO", "LOCAL ADDR", "REMOTE ADDR"), conns, true));
    }
    let threads: Vec<String> = g("threads")
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| format!("{:<7} {:>10} {:>10}", cell(&t["id"]), cell(&t["user_time"]), cell(&t["system_time"])))
        .collect();
    if threads.len() > 1 {
        let n = threads.len();
        let mut block = list_block(&format!("{:<7} {:>10} {:>10}", "TID", "USER", "SYSTEM"), threads, verbose);
        let _ = writeln!(block, "total={n}");
        kv.add_block("threads", &block);
    }
    let limits: Vec<String> = g("rlimits")
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{:<18} {:>10} {:>10}", k.trim_start_matches("RLIMIT_").to_lowercase(), limit_text(&v[0]), limit_text(&v[1])))
        .collect();
    if !limits.is_empty() {
        kv.add_block("res-limits", &list_block(&format!("{:<18} {:>10} {:>10}", "RLIMIT", "SOFT", "HARD"), limits, true));
    }
    let env: Vec<String> =
        g("environ").as_object().into_iter().flatten().map(|(k, v)| format!("{k:<25} {}", cell(v))).collect();
    if !env.is_empty() {
        kv.add_block("environ", &list_block(&format!("{:<25} VALUE", "NAME"), env, verbose));
    }
    let mut maps: Vec<(u64, String)> = g("memory_maps")
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (m["rss"].as_u64().unwrap_or(0), cell(&m["path"])))
        .collect();
    maps.sort_by(|a, b| b.0.cmp(&a.0));
    let maps: Vec<String> = maps.into_iter().map(|(rss, path)| format!("{:<8} {path}", bytes2human(rss))).collect();
    if !maps.is_empty() {
        kv.add_block("mem-maps", &list_block(&format!("{:<8} PATH", "RSS"), maps, verbose));
    }
    let mut out = kv.render();
    if !info.errors.is_empty() {
        out.push_str("\nunavailable:\n");
        for (k, e) in &info.errors {
            let _ = writeln!(out, "  {k}: {}", cell(e));
        }
    }
    out
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

/// Like `pmap -x`: every mapping (address, RSS, size, mode, path) and the totals.
pub fn pmap(args: &PmapArgs, json: bool) -> CmdResult {
    let p = open(Some(args.pid))?;
    let name = p.name().context("name")?;
    let maps = p.memory_maps(false).context("memory_maps")?;
    let size = |m: &psutil_rs::MemoryMap| fields(m).iter().find(|(k, _)| k == "size").and_then(|(_, v)| v.as_u64());
    let total_rss: u64 = maps.iter().map(|m| m.rss).sum();
    let total_size: u64 = maps.iter().filter_map(size).sum();
    if json {
        return output::json(&json!({
            "pid": args.pid,
            "name": name,
            "maps": maps,
            "total_rss": total_rss,
            "total_size": total_size,
        }));
    }
    let mut table = Table::new(&[
        ("Address", Align::Left),
        ("Size", Align::Right),
        ("RSS", Align::Right),
        ("Mode", Align::Left),
        ("Mapping", Align::Left),
    ]);
    for m in &maps {
        table.row([
            m.addr.clone().unwrap_or_default(),
            size(m).map(bytes2human).unwrap_or_default(),
            bytes2human(m.rss),
            m.perms.clone().unwrap_or_default(),
            m.path.clone(),
        ]);
    }
    table.row(["total".to_string(), bytes2human(total_size), bytes2human(total_rss)]);
    Ok(format!("{}:   {name}\n{}", args.pid, table.render()))
}
