//! `killall`: signal every process with a given name.

use std::fmt::Write as _;

use psutil_rs::Pid;
use serde::Serialize;

use crate::args::KillallArgs;
use crate::error::{CliError, CmdResult};
use crate::output;
use crate::procs::find_by_name;
use crate::signals;

/// One `killall` outcome.
#[derive(Serialize)]
struct KillRow {
    pid: Pid,
    name: String,
    signal: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Like `killall`: sends `--signal` (default TERM) to every process called NAME except
/// this tool. Exit 1 when none matched or any could not be signalled.
pub fn killall(args: &KillallArgs, json: bool) -> CmdResult {
    let sig_name = signals::name_of(args.signal).unwrap_or_else(|| format!("signal {}", args.signal));
    let rows: Vec<KillRow> = find_by_name(&args.name)?
        .iter()
        .map(|p| KillRow {
            pid: p.pid(),
            name: p.name().unwrap_or_else(|_| args.name.clone()),
            signal: args.signal,
            error: p.send_signal(args.signal).err().map(|e| e.to_string()),
        })
        .collect();
    let text = if json {
        output::json(&rows)?
    } else {
        let mut out = String::new();
        for r in rows.iter().filter(|r| r.error.is_none()) {
            let _ = writeln!(out, "sent {sig_name} to {} ({})", r.pid, r.name);
        }
        out
    };
    let failed: Vec<String> = rows
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| format!("{} ({}): {e}", r.pid, r.name)))
        .collect();
    if failed.is_empty() {
        Ok(text)
    } else {
        let mut e = CliError::failure(format!("could not signal {}", failed.join("; ")));
        e.output = text;
        Err(e)
    }
}
