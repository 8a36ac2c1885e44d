//! `procsmem`: USS, PSS, swap and RSS per process, like `smem`.

use std::io::Write as _;

use psutil_rs::Pid;
use serde::Serialize;
use serde_json::Value;

use crate::error::{CmdResult, Context};
use crate::model::process::{command_of, user_of};
use crate::output::{self, bytes2human, field, Align, Table};

/// One `procsmem` row (bytes).
#[derive(Serialize)]
struct SmemRow {
    pid: Pid,
    user: String,
    command: String,
    uss: u64,
    pss: Option<u64>,
    swap: Option<u64>,
    rss: u64,
}

/// The sums over the listed processes (bytes).
#[derive(Serialize)]
struct SmemTotal {
    processes: usize,
    uss: u64,
    pss: u64,
    swap: u64,
    rss: u64,
}

/// `procsmem --json`: the rows (ascending USS), their sums, and how many processes were
/// skipped because their memory is not readable.
#[derive(Serialize)]
struct SmemReport<'a> {
    processes: &'a [SmemRow],
    total: SmemTotal,
    access_denied: usize,
}

/// Like `smem`: USS, PSS, swap and RSS per process, sorted by USS (largest last), then
/// totals. Processes whose memory is not readable are counted and reported on stderr.
pub fn procsmem(json: bool) -> CmdResult {
    let procs = psutil_rs::process_iter().context("process_iter")?;
    let mut denied = 0usize;
    let mut rows = Vec::new();
    for p in &procs {
        match p.memory_full_info() {
            Ok(m) if m.uss > 0 => {
                let get = |k: &str| field(&m, k).and_then(|v: Value| v.as_u64());
                let name = p.name().unwrap_or_default();
                rows.push(SmemRow {
                    pid: p.pid(),
                    user: user_of(p),
                    command: command_of(p, &name),
                    uss: m.uss,
                    pss: get("pss"),
                    swap: get("swap"),
                    rss: m.rss,
                });
            }
            Ok(_) => {}
            Err(e) if e.is_access_denied() => denied += 1,
            Err(_) => {}
        }
    }
    rows.sort_by_key(|r| (r.uss, r.pid));
    let sum = |f: fn(&SmemRow) -> Option<u64>| rows.iter().filter_map(f).sum::<u64>();
    let total = SmemTotal {
        processes: rows.len(),
        uss: sum(|r| Some(r.uss)),
        pss: sum(|r| r.pss),
        swap: sum(|r| r.swap),
        rss: sum(|r| Some(r.rss)),
    };
    if json {
        return output::json(&SmemReport { processes: &rows, total, access_denied: denied });
    }
    if denied > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "psutil: warning: access denied for {denied} processes (their memory is not shown)"
        );
    }
    if rows.is_empty() {
        return Ok("no process memory readable (access denied)\n".into());
    }
    let mut table = Table::new(&[
        ("PID", Align::Right),
        ("User", Align::Left),
        ("Command", Align::Left),
        ("USS", Align::Right),
        ("PSS", Align::Right),
        ("Swap", Align::Right),
        ("RSS", Align::Right),
    ]);
    let human = |v: Option<u64>| v.map(bytes2human).unwrap_or_default();
    for r in &rows {
        let cmd: String = r.command.chars().take(40).collect();
        table.row([
            r.pid.to_string(),
            r.user.chars().take(10).collect(),
            cmd,
            bytes2human(r.uss),
            human(r.pss),
            human(r.swap),
            bytes2human(r.rss),
        ]);
    }
    table.row([
        String::new(),
        String::new(),
        format!("total ({} processes)", total.processes),
        bytes2human(total.uss),
        bytes2human(total.pss),
        bytes2human(total.swap),
        bytes2human(total.rss),
    ]);
    Ok(table.render())
}
