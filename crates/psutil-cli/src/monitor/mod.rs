//! The live monitors (`top`, `iotop`, `nettop`, `cpu-distribution`): each draws full
//! screen on a terminal (`crate::tui`), or prints plain snapshots with `--once`, `-n`,
//! `--json`, or when stdout is not a terminal.

pub mod format;
pub mod text;

use std::io::{self, IsTerminal, Write};
use std::thread::sleep;
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::args::{MonitorArgs, TopArgs};
use crate::error::{CliError, CmdResult, Context};
use crate::model::cpu::distribution;
use crate::model::live::{IoData, NetData, Refresh, TopData, TopSnapshot};
use crate::model::nic::total_row;
use crate::model::process::{matches_filter, sort_rows, ProcRow, SortKey};
use crate::tui;

/// Full screen only with a terminal on stdout and no request for plain output.
fn full_screen(args: &MonitorArgs, json: bool) -> bool {
    args.snapshots().is_none() && !json && io::stdout().is_terminal()
}

/// Prints `count` snapshots (default 1), each after a refresh `delay` seconds after the
/// previous one (the first window starts when the data was started). A reader that goes
/// away (`| head`) ends it quietly.
fn snapshots<D: Refresh>(data: &mut D, args: &MonitorArgs, render: impl Fn(&D) -> CmdResult) -> CmdResult {
    let count = args.snapshots().unwrap_or(1);
    let mut out = io::stdout().lock();
    for i in 0..count {
        sleep(Duration::from_secs_f64(args.delay));
        data.refresh().context("refresh")?;
        let mut text = render(data)?;
        if i + 1 < count && !text.ends_with("\n\n") {
            text.push('\n');
        }
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => break,
            Err(e) => return Err(CliError::failure(format!("cannot write output: {e}"))),
        }
    }
    Ok(String::new())
}

/// One JSON document per line.
fn json_line<T: Serialize>(value: &T) -> CmdResult {
    let mut s =
        serde_json::to_string(value).map_err(|e| CliError::failure(format!("cannot render JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The rows `top` shows: filtered, then sorted.
pub fn visible_rows<'a>(s: &'a TopSnapshot, sort: SortKey, filter: &str) -> Vec<&'a ProcRow> {
    let mut rows: Vec<&ProcRow> = s.processes.iter().filter(|r| matches_filter(r, filter)).collect();
    sort_rows(&mut rows, sort);
    rows
}

/// `psutil top`.
pub fn top(args: &TopArgs, json: bool) -> CmdResult {
    let filter = args.filter.clone().unwrap_or_default();
    if full_screen(&args.monitor, json) {
        // Full screen reads memory and nice for the rows on screen only, unless sorting by memory.
        let data = TopData::start(args.sort == SortKey::Mem).context("top")?;
        return tui::run(tui::top::TopView::new(data, args.sort, filter), args.monitor.delay);
    }
    let mut data = TopData::start(true).context("top")?;
    snapshots(&mut data, &args.monitor, |d| {
        let rows = visible_rows(&d.snapshot, args.sort, &filter);
        if json {
            let mut s = serde_json::to_value(&d.snapshot).unwrap_or_default();
            s["processes"] = serde_json::to_value(&rows).unwrap_or_default();
            json_line(&s)
        } else {
            Ok(text::top(&d.snapshot, &rows))
        }
    })
}

/// `psutil cpu-distribution`.
pub fn cpu_distribution(args: &MonitorArgs, json: bool) -> CmdResult {
    // Nothing here shows memory or nice: they are not read.
    let mut data = TopData::start(false).context("cpu-distribution")?;
    if full_screen(args, json) {
        return tui::run(tui::cpudist::CpuDistView::new(data), args.delay);
    }
    snapshots(&mut data, args, |d| {
        let s = &d.snapshot;
        if json {
            json_line(&json!({ "time": s.time, "cpus": distribution(&s.cpus, &s.processes) }))
        } else {
            Ok(text::cpu_distribution(s))
        }
    })
}

/// `psutil iotop`.
pub fn iotop(args: &MonitorArgs, json: bool) -> CmdResult {
    let mut data = IoData::start().context("iotop")?;
    if full_screen(args, json) {
        return tui::run(tui::iotop::IoView::new(data), args.delay);
    }
    snapshots(&mut data, args, |d| {
        if json {
            let mut v = serde_json::to_value(&d.sample).unwrap_or_default();
            v["time"] = json!(d.time);
            json_line(&v)
        } else {
            Ok(text::iotop(d.time, &d.sample))
        }
    })
}

/// `psutil nettop`.
pub fn nettop(args: &MonitorArgs, json: bool) -> CmdResult {
    let mut data = NetData::start().context("nettop")?;
    if full_screen(args, json) {
        return tui::run(tui::nettop::NetView::new(data), args.delay);
    }
    snapshots(&mut data, args, |d| {
        if json {
            json_line(&json!({ "time": d.time, "nics": d.nics, "total": total_row(&d.nics) }))
        } else {
            Ok(text::nettop(d.time, &d.nics))
        }
    })
}
