//! Output helpers shared by every subcommand: aligned tables, psutil's `bytes2human`,
//! JSON rendering, and time formatting.

use std::fmt::Write as _;

use chrono::{DateTime, Local, TimeZone};
use serde::Serialize;

use crate::error::CliError;

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Padded on the right (text).
    Left,
    /// Padded on the left (numbers).
    Right,
}

/// A text table: a header row plus rows, each column padded to its widest cell. The last
/// column is never padded on the right, so lines carry no trailing spaces.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these columns (header, alignment).
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; missing cells are blank, extra cells are dropped.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut row: Vec<String> =
            cells.into_iter().map(|c| printable(c.into())).take(self.headers.len()).collect();
        row.resize(self.headers.len(), String::new());
        self.rows.push(row);
    }

    /// Renders the table, one line per row, each ending in `\n`.
    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = widths[i].saturating_sub(cell.chars().count());
                let last = i + 1 == n;
                match self.aligns[i] {
                    Align::Right => {
                        line.extend(std::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                    Align::Left => {
                        line.push_str(cell);
                        if !last {
                            line.extend(std::iter::repeat_n(' ', pad));
                        }
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The text with every control character (newline, tab, escape...) shown as `?`, as
/// `ps` does, so that a command line or a name cannot break a table's lines or drive the
/// terminal.
pub fn printable(text: String) -> String {
    if text.chars().any(char::is_control) {
        text.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
    } else {
        text
    }
}

/// psutil's `_common.bytes2human`: powers of 1024, symbols B K M G T P E Z Y, one decimal.
///
/// `bytes2human(10000) == "9.8K"`, `bytes2human(100001221) == "95.4M"`, `bytes2human(0) == "0.0B"`.
pub fn bytes2human(n: u64) -> String {
    const SYMBOLS: [char; 8] = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
    for (i, sym) in SYMBOLS.iter().enumerate().rev() {
        let prefix = 1u128 << ((i as u32 + 1) * 10);
        if u128::from(n) >= prefix {
            return format!("{:.1}{sym}", n as f64 / prefix as f64);
        }
    }
    format!("{n:.1}B", n = n as f64)
}

/// Renders any serializable value as pretty JSON followed by a newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failure(format!("cannot render JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// A section of a composite report: the data, or why it is unavailable (`{"error": ...}`).
pub fn section<T: Serialize>(r: &Result<T, psutil_rs::Error>) -> serde_json::Value {
    match r {
        Ok(v) => serde_json::to_value(v).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() })),
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    }
}

/// The fields of a serializable record in declaration order (psutil's namedtuple order,
/// including the platform-only fields the library flattens in), or none if it is not a
/// record.
pub fn fields<T: Serialize>(value: &T) -> Vec<(String, serde_json::Value)> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// One field of a serializable record (e.g. a Linux-only one like `buffers`), if present.
pub fn field<T: Serialize>(value: &T, name: &str) -> Option<serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(mut map)) => map.remove(name),
        _ => None,
    }
}

/// A JSON scalar as table text: integers as is, floats with two decimals, null as blank.
pub fn cell(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) if n.is_f64() => n.as_f64().map(|f| format!("{f:.2}")).unwrap_or_default(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A byte count held in a JSON value, human-readable (`bytes2human`), else as [`cell`].
pub fn human_cell(v: &serde_json::Value) -> String {
    v.as_u64().map(bytes2human).unwrap_or_else(|| cell(v))
}

/// A table of named records (e.g. per-disk counters): the key column `first`, then one
/// right-aligned column per field; fields for which `is_bytes` holds are human-readable.
pub fn records_table<T: Serialize>(
    first: &str,
    records: &std::collections::BTreeMap<String, T>,
    is_bytes: impl Fn(&str) -> bool,
) -> String {
    let names: Vec<String> =
        records.values().next().map(fields).unwrap_or_default().into_iter().map(|(k, _)| k).collect();
    let mut cols = vec![(first, Align::Left)];
    cols.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
    let mut table = Table::new(&cols);
    for (name, r) in records {
        let mut row = vec![name.clone()];
        row.extend(fields(r).iter().map(|(k, v)| if is_bytes(k) { human_cell(v) } else { cell(v) }));
        table.row(row);
    }
    table.render()
}

/// A local date-time for a UNIX timestamp in seconds, when it is representable.
pub fn local_time(ts: f64) -> Option<DateTime<Local>> {
    if !ts.is_finite() {
        return None;
    }
    let secs = ts.floor();
    let nanos = ((ts - secs) * 1e9) as u32;
    Local.timestamp_opt(secs as i64, nanos.min(999_999_999)).single()
}

/// `YYYY-mm-dd HH:MM:SS` in local time, or `?` when the timestamp is out of range.
pub fn format_timestamp(ts: f64) -> String {
    local_time(ts).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| "?".into())
}

/// A duration in seconds as `N days, HH:MM:SS` (days omitted when zero).
pub fn format_duration(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs as u64 } else { 0 };
    let (days, rem) = (total / 86_400, total % 86_400);
    let hms = format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
    match days {
        0 => hms,
        1 => format!("1 day, {hms}"),
        d => format!("{d} days, {hms}"),
    }
}

/// CPU time as `ps aux` prints TIME: minutes and seconds, `M:SS`.
pub fn format_cpu_time(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs as u64 } else { 0 };
    format!("{}:{:02}", total / 60, total % 60)
}

/// `key  value` lines with the keys padded to the widest key (for detail views).
#[derive(Debug, Default)]
pub struct KeyValues {
    rows: Vec<(String, String)>,
}

impl KeyValues {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a `key value` line.
    pub fn add(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.rows.push((printable(key.into()), printable(value.into())));
    }

    /// Appends a block whose first line is labelled `key` and the rest are indented under
    /// the value column (for sub-tables).
    pub fn add_block(&mut self, key: impl Into<String>, block: &str) {
        let mut lines = block.lines();
        self.add(key, lines.next().unwrap_or(""));
        for line in lines {
            self.add("", line);
        }
    }

    /// Renders the lines.
    pub fn render(&self) -> String {
        let width = self.rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for (k, v) in &self.rows {
            let line = format!("{k:<width$}  {v}");
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes2human_matches_psutil() {
        assert_eq!(bytes2human(0), "0.0B");
        assert_eq!(bytes2human(1023), "1023.0B");
        assert_eq!(bytes2human(1024), "1.0K");
        assert_eq!(bytes2human(10000), "9.8K");
        assert_eq!(bytes2human(100001221), "95.4M");
        assert_eq!(bytes2human(1 << 30), "1.0G");
        assert_eq!(bytes2human(u64::MAX), "16.0E");
    }

    #[test]
    fn table_aligns_columns() {
        let mut t = Table::new(&[("NAME", Align::Left), ("SIZE", Align::Right), ("NOTE", Align::Left)]);
        t.row(["a", "1", "x"]);
        t.row(["long-name", "12345", ""]);
        t.row(["only"]);
        assert_eq!(t.render(), "NAME        SIZE  NOTE\na              1  x\nlong-name  12345\nonly\n");
    }

    #[test]
    fn control_characters_cannot_break_lines() {
        let mut t = Table::new(&[("PID", Align::Right), ("COMMAND", Align::Left)]);
        t.row(["1", "bash -c a=0\nb=1\tc\u{1b}[2J"]);
        assert_eq!(t.render(), "PID  COMMAND\n  1  bash -c a=0?b=1?c?[2J\n");
        let mut kv = KeyValues::new();
        kv.add("cmd\r", "x\ny");
        assert_eq!(kv.render(), "cmd?  x?y\n");
        assert_eq!(printable("plain ünïcode".into()), "plain ünïcode");
    }

    #[test]
    fn durations_and_cpu_times() {
        assert_eq!(format_duration(59.9), "00:00:59");
        assert_eq!(format_duration(90061.0), "1 day, 01:01:01");
        assert_eq!(format_duration(2.0 * 86400.0), "2 days, 00:00:00");
        assert_eq!(format_duration(f64::NAN), "00:00:00");
        assert_eq!(format_cpu_time(4.3), "0:04");
        assert_eq!(format_cpu_time(3661.0), "61:01");
    }

    #[test]
    fn timestamps() {
        assert!(local_time(f64::INFINITY).is_none());
        assert_eq!(format_timestamp(f64::NAN), "?");
        assert_eq!(format_timestamp(0.0).len(), 19);
    }

    #[test]
    fn key_values_align() {
        let mut kv = KeyValues::new();
        kv.add("pid", "1");
        kv.add_block("children", "PID NAME\n2   x");
        assert_eq!(kv.render(), "pid       1\nchildren  PID NAME\n          2   x\n");
    }

    #[test]
    fn records_keep_field_order() {
        #[derive(Serialize)]
        struct R {
            zeta: u64,
            alpha: f64,
            name: &'static str,
        }
        let r = R { zeta: 2048, alpha: 1.5, name: "x" };
        let names: Vec<String> = fields(&r).into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["zeta", "alpha", "name"]);
        assert_eq!(field(&r, "alpha").map(|v| cell(&v)).as_deref(), Some("1.50"));
        assert_eq!(field(&r, "zeta").map(|v| human_cell(&v)).as_deref(), Some("2.0K"));
        assert_eq!(field(&r, "missing"), None);
        assert!(fields(&3).is_empty());
        assert_eq!(cell(&serde_json::Value::Null), "");
        assert_eq!(cell(&serde_json::json!(true)), "yes");
    }

    #[test]
    fn records_tables() {
        let m: std::collections::BTreeMap<String, serde_json::Value> =
            [("sda".to_string(), serde_json::json!({"reads": 3, "read_bytes": 2048}))].into();
        assert_eq!(
            records_table("disk", &m, |k| k.ends_with("_bytes")),
            "disk  reads  read_bytes\nsda       3        2.0K\n"
        );
    }

    #[test]
    fn json_ends_with_newline() {
        assert_eq!(json(&[1, 2]).ok().as_deref(), Some("[\n  1,\n  2\n]\n"));
    }
}
