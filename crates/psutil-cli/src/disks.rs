//! `df` and `disks-io`: mounted filesystems with their usage, and per-disk I/O counters.

use serde::Serialize;

use crate::args::DfArgs;
use crate::error::{CmdResult, Context};
use crate::output::{self, bytes2human, records_table, Align, Table};

/// One `df` row: a partition and its usage, or why the usage is unavailable.
#[derive(Serialize)]
pub struct DfRow {
    #[serde(flatten)]
    part: psutil_rs::DiskPartition,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    usage: Option<psutil_rs::DiskUsage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The partitions (`all` as in psutil's `disk_partitions(all)`) with their usage.
pub fn df_rows(all: bool) -> Result<Vec<DfRow>, crate::error::CliError> {
    let parts = psutil_rs::disk_partitions(all).context("disk_partitions")?;
    Ok(parts
        .into_iter()
        .map(|part| match psutil_rs::disk_usage(&part.mountpoint) {
            Ok(u) => DfRow { part, usage: Some(u), error: None },
            Err(e) => DfRow { part, usage: None, error: Some(e.to_string()) },
        })
        .collect())
}

/// Renders `df` rows like `df -h`: Device, Total, Used, Free, Use%, Type, Mounted on.
pub fn df_table(rows: &[DfRow]) -> String {
    let mut table = Table::new(&[
        ("Device", Align::Left),
        ("Total", Align::Right),
        ("Used", Align::Right),
        ("Free", Align::Right),
        ("Use%", Align::Right),
        ("Type", Align::Left),
        ("Mounted on", Align::Left),
    ]);
    for r in rows {
        let device = if r.part.device.is_empty() { "none" } else { &r.part.device };
        let (total, used, free, pct) = match &r.usage {
            Some(u) => {
                (bytes2human(u.total), bytes2human(u.used), bytes2human(u.free), format!("{:.1}%", u.percent))
            }
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        let mount = match &r.error {
            Some(e) => format!("{} ({e})", r.part.mountpoint),
            None => r.part.mountpoint.clone(),
        };
        table.row([device.to_string(), total, used, free, pct, r.part.fstype.clone(), mount]);
    }
    table.render()
}

/// Like `df -h`: physical filesystems, or every mount with `--all`.
pub fn df(args: &DfArgs, json: bool) -> CmdResult {
    let rows = df_rows(args.all)?;
    if json {
        return output::json(&rows);
    }
    if rows.is_empty() {
        return Ok("no mounted filesystems found\n".into());
    }
    Ok(df_table(&rows))
}

/// Per-disk I/O counters (`disk_io_counters(perdisk=True)`), byte counts human-readable.
pub fn disks_io(json: bool) -> CmdResult {
    let disks = psutil_rs::disk_io_counters_perdisk(true).context("disk_io_counters")?;
    if json {
        return output::json(&disks);
    }
    if disks.is_empty() {
        return Ok("no disks found (the kernel reports no block-device statistics)\n".into());
    }
    Ok(format!("times in milliseconds\n{}", records_table("disk", &disks, |k| k.ends_with("_bytes"))))
}
