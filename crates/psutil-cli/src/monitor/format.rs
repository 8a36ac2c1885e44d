//! Cells and bars as both the snapshot text and the full-screen views print them.

use crate::model::process::{stat_letter, ProcRow};
use crate::output::{bytes2human, local_time, printable};

/// The process table's columns, `top`'s order.
pub const PROC_COLUMNS: [&str; 10] =
    ["PID", "USER", "NI", "VIRT", "RES", "S", "CPU%", "MEM%", "TIME+", "COMMAND"];

/// `?` for what could not be read.
fn or_unknown(v: Option<String>) -> String {
    v.unwrap_or_else(|| "?".into())
}

/// CPU time as `top`'s TIME+: minutes, seconds and hundredths (`M:SS.hh`).
pub fn time_plus(secs: f64) -> String {
    let hundredths = if secs.is_finite() && secs > 0.0 { (secs * 100.0).round() as u64 } else { 0 };
    let (total_secs, hh) = (hundredths / 100, hundredths % 100);
    format!("{}:{:02}.{hh:02}", total_secs / 60, total_secs % 60)
}

/// A percent with one decimal.
pub fn percent(v: Option<f64>) -> String {
    or_unknown(v.map(|v| format!("{v:.1}")))
}

/// A size in psutil's `bytes2human` units.
pub fn size(v: Option<u64>) -> String {
    or_unknown(v.map(bytes2human))
}

/// A rate in bytes per second, in `bytes2human` units.
pub fn byte_rate(v: Option<f64>) -> String {
    or_unknown(v.map(|r| format!("{}/s", bytes2human(r.max(0.0).round() as u64))))
}

/// A rate of things per second, with one decimal.
pub fn count_rate(v: Option<f64>) -> String {
    or_unknown(v.map(|r| format!("{r:.1}")))
}

/// The cells of one process row, in [`PROC_COLUMNS`] order.
pub fn proc_cells(r: &ProcRow) -> [String; 10] {
    [
        r.pid.to_string(),
        r.user.as_deref().map_or_else(|| "?".into(), |u| u.chars().take(10).collect()),
        or_unknown(r.nice.map(|n| n.to_string())),
        size(r.vms),
        size(r.rss),
        r.status.map(stat_letter).unwrap_or("?").to_string(),
        percent(r.cpu_percent),
        percent(r.memory_percent),
        or_unknown(r.cpu_time.map(time_plus)),
        r.command.as_deref().map_or_else(|| "?".into(), |c| printable(c.to_string())),
    ]
}

/// `[|||||     ]`: `width` cells inside the brackets, filled in proportion to `percent`.
pub fn bar(percent: f64, width: usize) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    format!("[{}{}]", "|".repeat(filled.min(width)), " ".repeat(width - filled.min(width)))
}

/// Local wall-clock time `HH:MM:SS` of a timestamp.
pub fn clock(ts: f64) -> String {
    local_time(ts).map(|t| t.format("%H:%M:%S").to_string()).unwrap_or_else(|| "?".into())
}

/// Uptime as `top` prints it: `N days, HH:MM` or `HH:MM`.
pub fn uptime(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs as u64 } else { 0 };
    let (days, rem) = (total / 86_400, total % 86_400);
    let hm = format!("{:02}:{:02}", rem / 3600, rem % 3600 / 60);
    match days {
        0 => hm,
        1 => format!("1 day, {hm}"),
        d => format!("{d} days, {hm}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::process::tests::row;

    #[test]
    fn cells() {
        assert_eq!(time_plus(61.237), "1:01.24");
        assert_eq!(time_plus(f64::NAN), "0:00.00");
        assert_eq!(bar(50.0, 4), "[||  ]");
        assert_eq!(bar(250.0, 2), "[||]");
        assert_eq!(bar(-1.0, 2), "[  ]");
        assert_eq!(uptime(90_061.0), "1 day, 01:01");
        assert_eq!(byte_rate(Some(2048.0)), "2.0K/s");
        assert_eq!(byte_rate(None), "?");
        let mut r = row(7, Some(12.34), Some(4096), Some(3.5), "x");
        r.command = Some("a\nb".into());
        let cells = proc_cells(&r);
        assert_eq!(cells[0], "7");
        assert_eq!(cells[4], "4.0K");
        assert_eq!(cells[5], "S");
        assert_eq!(cells[6], "12.3");
        assert_eq!(cells[7], "?");
        assert_eq!(cells[9], "a?b");
    }
}
