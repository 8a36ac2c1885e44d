//! The monitors' plain-text snapshots (`--once`, `-n`, or no terminal).

use std::fmt::Write as _;

use super::format::{bar, byte_rate, clock, count_rate, proc_cells, size, uptime, PROC_COLUMNS};
use crate::model::cpu::{distribution, CpuRow};
use crate::model::io::{DiskRow, IoSample, ProcIoRow};
use crate::model::live::TopSnapshot;
use crate::model::nic::{total_row, NicRow};
use crate::model::process::ProcRow;
use crate::model::system::{MemRow, TaskCounts};
use crate::output::{bytes2human, printable, Align, Table};

const BAR: usize = 30;

/// `top - 12:00:00 up 3 days, 04:05, load average: 0.10, 0.20, 0.30`.
pub fn top_title(s: &TopSnapshot) -> String {
    let (a, b, c) = s.machine.load_average;
    format!("top - {} up {}, load average: {a:.2}, {b:.2}, {c:.2}", clock(s.time), uptime(s.machine.uptime))
}

/// `Tasks: 110 total, 1 running, ...`.
pub fn tasks_line(t: &TaskCounts) -> String {
    let mut line = format!(
        "Tasks: {} total, {} running, {} sleeping, {} stopped, {} zombie",
        t.total, t.running, t.sleeping, t.stopped, t.zombie
    );
    if t.other > 0 {
        let _ = write!(line, ", {} other", t.other);
    }
    line
}

/// `Mem   2.0G used of 7.8G, 5.8G available`.
pub fn mem_caption(m: &MemRow, available_word: &str) -> String {
    format!(
        "{} used of {}, {} {available_word}",
        bytes2human(m.used),
        bytes2human(m.total),
        bytes2human(m.available)
    )
}

fn cpu_line(c: &CpuRow) -> String {
    format!("CPU{:<3} {} {:5.1}%", c.cpu, bar(c.percent, BAR), c.percent)
}

/// The process table as text.
pub fn proc_table(rows: &[&ProcRow]) -> String {
    let aligns = [
        Align::Right,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    let columns: Vec<(&str, Align)> = PROC_COLUMNS.iter().copied().zip(aligns).collect();
    let mut table = Table::new(&columns);
    for r in rows {
        table.row(proc_cells(r));
    }
    table.render()
}

/// `top`'s snapshot: the header, then every row given (already sorted and filtered).
pub fn top(s: &TopSnapshot, rows: &[&ProcRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", top_title(s));
    let _ = writeln!(out, "{}", tasks_line(&s.tasks));
    for c in &s.cpus {
        let _ = writeln!(out, "{}", cpu_line(c));
    }
    let (m, w) = (&s.machine.memory, &s.machine.swap);
    let _ =
        writeln!(out, "Mem    {} {:5.1}%  {}", bar(m.percent, BAR), m.percent, mem_caption(m, "available"));
    let _ = writeln!(out, "Swap   {} {:5.1}%  {}", bar(w.percent, BAR), w.percent, mem_caption(w, "free"));
    out.push('\n');
    out.push_str(&proc_table(rows));
    out
}

fn disk_table(total: &DiskRow, disks: &[DiskRow]) -> String {
    let mut table = Table::new(&[
        ("DISK", Align::Left),
        ("READ/s", Align::Right),
        ("WRITE/s", Align::Right),
        ("READ", Align::Right),
        ("WRITTEN", Align::Right),
    ]);
    for d in disks.iter().chain(std::iter::once(total)) {
        table.row(disk_cells(d));
    }
    table.render()
}

/// `iotop - 12:00:00  Total DISK READ: 1.0K/s | Total DISK WRITE: 0.0B/s`.
pub fn iotop_title(time: f64, s: &IoSample) -> String {
    format!(
        "iotop - {}  Total DISK READ: {} | Total DISK WRITE: {}",
        clock(time),
        byte_rate(s.total.read_per_sec),
        byte_rate(s.total.write_per_sec)
    )
}

/// The disk table's columns.
pub const DISK_COLUMNS: [&str; 5] = ["DISK", "READ/s", "WRITE/s", "READ", "WRITTEN"];

/// The cells of one disk row, in [`DISK_COLUMNS`] order.
pub fn disk_cells(d: &DiskRow) -> [String; 5] {
    [
        printable(d.name.clone()),
        byte_rate(d.read_per_sec),
        byte_rate(d.write_per_sec),
        size(Some(d.read_bytes)),
        size(Some(d.write_bytes)),
    ]
}

/// The cells of one process's I/O row, in [`IO_COLUMNS`] order.
pub fn io_cells(p: &ProcIoRow) -> [String; 7] {
    [
        p.pid.to_string(),
        p.user.chars().take(10).collect(),
        byte_rate(p.read_per_sec),
        byte_rate(p.write_per_sec),
        size(Some(p.read_bytes)),
        size(Some(p.write_bytes)),
        printable(p.command.to_string()),
    ]
}

/// The per-process I/O table's columns.
pub const IO_COLUMNS: [&str; 7] = ["PID", "USER", "READ/s", "WRITE/s", "READ", "WRITTEN", "COMMAND"];

/// `iotop`'s snapshot: totals, disks, then the processes, busiest first.
pub fn iotop(time: f64, s: &IoSample) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", iotop_title(time, s));
    out.push_str(&disk_table(&s.total, &s.disks));
    if s.unreadable > 0 {
        let _ = writeln!(out, "({} processes not readable without privilege)", s.unreadable);
    }
    out.push('\n');
    let aligns =
        [Align::Right, Align::Left, Align::Right, Align::Right, Align::Right, Align::Right, Align::Left];
    let columns: Vec<(&str, Align)> = IO_COLUMNS.iter().copied().zip(aligns).collect();
    let mut table = Table::new(&columns);
    for p in &s.processes {
        table.row(io_cells(p));
    }
    out.push_str(&table.render());
    out
}

/// The NIC table's columns.
pub const NIC_COLUMNS: [&str; 9] =
    ["NIC", "SENT", "RECV", "SENT/s", "RECV/s", "PKTS-SENT", "PKTS-RECV", "PKTS-SENT/s", "PKTS-RECV/s"];

/// The cells of one NIC row, in [`NIC_COLUMNS`] order.
pub fn nic_cells(r: &NicRow) -> [String; 9] {
    [
        printable(r.name.clone()),
        size(Some(r.bytes_sent)),
        size(Some(r.bytes_recv)),
        byte_rate(r.bytes_sent_per_sec),
        byte_rate(r.bytes_recv_per_sec),
        r.packets_sent.to_string(),
        r.packets_recv.to_string(),
        count_rate(r.packets_sent_per_sec),
        count_rate(r.packets_recv_per_sec),
    ]
}

/// `nettop`'s snapshot: one row per interface, then the total.
pub fn nettop(time: f64, nics: &[NicRow]) -> String {
    let mut out = format!("nettop - {}\n", clock(time));
    let mut columns = vec![(NIC_COLUMNS[0], Align::Left)];
    columns.extend(NIC_COLUMNS[1..].iter().map(|c| (*c, Align::Right)));
    let mut table = Table::new(&columns);
    for r in nics.iter().chain(std::iter::once(&total_row(nics))) {
        table.row(nic_cells(r));
    }
    out.push_str(&table.render());
    out
}

/// `name[pid]`, with `*` before a process that is running now.
pub fn proc_tag(name: &str, pid: u32, status: Option<&str>) -> String {
    let mark = if status == Some("running") { "*" } else { "" };
    printable(format!("{mark}{name}[{pid}]"))
}

/// Words joined by spaces into lines of at most `width` characters, each starting with
/// `indent` (a word longer than a line gets a line of its own).
pub fn wrap_words(words: &[String], width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(indent);
    for word in words {
        let fits = line.chars().count() + word.chars().count() < width || line.len() == indent.len();
        if !fits {
            lines.push(std::mem::replace(&mut line, String::from(indent)));
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        lines.push(line);
    }
    lines
}

/// `cpu-distribution`'s snapshot: each CPU's usage, then the processes that last ran
/// on it, busiest first (`*` marks the running ones), wrapped at 100 columns.
pub fn cpu_distribution(s: &TopSnapshot) -> String {
    let mut out = format!("cpu-distribution - {}\n", clock(s.time));
    for row in distribution(&s.cpus, &s.processes) {
        let _ = writeln!(out, "{}  {} processes", cpu_line(&row.cpu), row.processes.len());
        let tags: Vec<String> = row.processes.iter().map(|p| proc_tag(&p.name, p.pid, p.status)).collect();
        for line in wrap_words(&tags, 100, "    ") {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::process::tests::row;
    use crate::model::system::Machine;

    #[test]
    fn top_snapshot_layout() {
        let rows = vec![row(1, Some(3.0), Some(2048), Some(1.0), "init")];
        let s = TopSnapshot {
            time: 0.0,
            machine: Machine::default(),
            cpus: vec![CpuRow { cpu: 0, percent: 50.0 }],
            tasks: TaskCounts::of(&rows),
            processes: rows.clone(),
        };
        let text = top(&s, &rows.iter().collect::<Vec<_>>());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("top - ") && lines[0].contains("load average: 0.00, 0.00, 0.00"));
        assert_eq!(lines[1], "Tasks: 1 total, 0 running, 1 sleeping, 0 stopped, 0 zombie");
        assert!(lines[2].starts_with("CPU0") && lines[2].ends_with(" 50.0%"), "{}", lines[2]);
        assert!(lines[3].starts_with("Mem") && lines[4].starts_with("Swap"));
        assert!(lines[6].starts_with("PID") && lines[6].ends_with("COMMAND"));
        assert!(lines[7].starts_with("  1") && lines[7].ends_with("/bin/init --flag"), "{}", lines[7]);
    }

    #[test]
    fn distribution_wraps_and_marks_running() {
        let mut rows: Vec<ProcRow> = (0..30).map(|i| row(1000 + i, None, None, None, "worker")).collect();
        rows[0].status = Some("running");
        let s = TopSnapshot {
            cpus: vec![CpuRow { cpu: 0, percent: 1.0 }],
            processes: rows,
            ..TopSnapshot::default()
        };
        let text = cpu_distribution(&s);
        assert!(text.contains("*worker[1000]"));
        assert!(text.lines().all(|l| l.len() <= 100));
        assert_eq!(text.matches("worker[").count(), 30);
        let words: Vec<String> = ["aaa", "bb", "cccc"].iter().map(|w| w.to_string()).collect();
        assert_eq!(wrap_words(&words, 8, " "), [" aaa bb", " cccc"]);
        assert_eq!(wrap_words(&words, 2, ""), ["aaa", "bb", "cccc"]);
        assert!(wrap_words(&[], 8, " ").is_empty());
    }
}
