//! `iotop`'s rows: read and write rates of each disk and of each process.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use psutil_rs::{DiskIoCounters, Pid};
use serde::Serialize;

use super::process::Identities;
use super::{now, per_second};

/// One disk: bytes read and written since boot, and per second over the last window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiskRow {
    pub name: String,
    pub read_bytes: u64,
    pub write_bytes: u64,
    pub read_per_sec: Option<f64>,
    pub write_per_sec: Option<f64>,
}

/// One process's storage I/O (psutil's `io_counters()` `read_bytes`/`write_bytes`) and
/// its rates over the last window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcIoRow {
    pub pid: Pid,
    pub user: Arc<str>,
    pub name: Arc<str>,
    pub command: Arc<str>,
    pub read_bytes: u64,
    pub write_bytes: u64,
    pub read_per_sec: Option<f64>,
    pub write_per_sec: Option<f64>,
}

/// One refresh of `iotop`: every disk, all disks together (psutil's
/// `disk_io_counters()`), and the processes whose counters could be read, busiest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IoSample {
    pub total: DiskRow,
    pub disks: Vec<DiskRow>,
    pub processes: Vec<ProcIoRow>,
    /// Processes whose counters cannot be read (another user's, without privilege).
    pub unreadable: usize,
}

fn disk_row(name: &str, c: &DiskIoCounters, prev: Option<&DiskIoCounters>, window: f64) -> DiskRow {
    DiskRow {
        name: name.to_string(),
        read_bytes: c.read_bytes,
        write_bytes: c.write_bytes,
        read_per_sec: prev.map(|p| per_second(p.read_bytes, c.read_bytes, window)),
        write_per_sec: prev.map(|p| per_second(p.write_bytes, c.write_bytes, window)),
    }
}

/// Busiest first (read + write per second), unknown rates last, then by pid.
pub fn sort_by_rate(rows: &mut [ProcIoRow]) {
    let busy = |r: &ProcIoRow| match (r.read_per_sec, r.write_per_sec) {
        (Some(a), Some(b)) => a + b,
        _ => -1.0,
    };
    rows.sort_by(|a, b| {
        busy(b).partial_cmp(&busy(a)).unwrap_or(std::cmp::Ordering::Equal).then(a.pid.cmp(&b.pid))
    });
}

/// The readings of one refresh, kept for the next one's rates.
#[derive(Debug, Default)]
struct Reading {
    wall: f64,
    total: Option<DiskIoCounters>,
    disks: BTreeMap<String, DiskIoCounters>,
    procs: HashMap<Pid, (Option<f64>, u64, u64)>,
}

/// Reads disk and process I/O counters each refresh and keeps the previous reading.
#[derive(Debug, Default)]
pub struct IoSampler {
    prev: Option<Reading>,
    identities: Identities,
}

impl IoSampler {
    /// A sampler with no previous reading: its first sample has no rates.
    pub fn new() -> Self {
        Self::default()
    }

    /// Disks and processes now (the library's wrap-corrected disk counters).
    pub fn sample(&mut self) -> psutil_rs::Result<IoSample> {
        let disks = psutil_rs::disk_io_counters_perdisk(true)?;
        let total = psutil_rs::disk_io_counters(true)?;
        let procs = psutil_rs::process_iter()?;
        let wall = now();
        let prev = self.prev.take();
        let window = prev.as_ref().map_or(0.0, |p| wall - p.wall);
        let mut reading =
            Reading { wall, total: total.clone(), disks: BTreeMap::new(), procs: HashMap::new() };
        let mut rows = Vec::new();
        let mut unreadable = 0;
        let mut alive = HashSet::new();
        for p in &procs {
            let got = p.oneshot(|p| p.io_counters().map(|io| (p.create_time_monotonic().ok(), io)));
            let (started, io) = match got {
                Ok(v) => v,
                Err(e) if e.is_no_such_process() && !e.is_zombie() => continue,
                Err(_) => {
                    unreadable += 1;
                    continue;
                }
            };
            let before =
                prev.as_ref().and_then(|r| r.procs.get(&p.pid())).filter(|(then, _, _)| *then == started);
            let id = self.identities.of(p, started);
            rows.push(ProcIoRow {
                pid: p.pid(),
                user: id.user,
                name: id.name,
                command: id.command,
                read_bytes: io.read_bytes,
                write_bytes: io.write_bytes,
                read_per_sec: before.map(|b| per_second(b.1, io.read_bytes, window)),
                write_per_sec: before.map(|b| per_second(b.2, io.write_bytes, window)),
            });
            alive.insert(p.pid());
            reading.procs.insert(p.pid(), (started, io.read_bytes, io.write_bytes));
        }
        self.identities.keep_only(|pid| alive.contains(pid));
        sort_by_rate(&mut rows);
        let prev_disks = prev.as_ref().map(|r| &r.disks);
        let disk_rows =
            disks.iter().map(|(n, c)| disk_row(n, c, prev_disks.and_then(|d| d.get(n)), window)).collect();
        let total_row = match &total {
            Some(t) => disk_row("total", t, prev.as_ref().and_then(|r| r.total.as_ref()), window),
            None => DiskRow {
                name: "total".into(),
                read_bytes: 0,
                write_bytes: 0,
                read_per_sec: None,
                write_per_sec: None,
            },
        };
        reading.disks = disks;
        self.prev = Some(reading);
        Ok(IoSample { total: total_row, disks: disk_rows, processes: rows, unreadable })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io_row(pid: Pid, r: Option<f64>, w: Option<f64>) -> ProcIoRow {
        ProcIoRow {
            pid,
            user: "u".into(),
            name: "n".into(),
            command: "c".into(),
            read_bytes: 0,
            write_bytes: 0,
            read_per_sec: r,
            write_per_sec: w,
        }
    }

    #[test]
    fn busiest_first_unknown_last() {
        let mut rows =
            vec![io_row(1, None, None), io_row(2, Some(1.0), Some(1.0)), io_row(3, Some(0.0), Some(5.0))];
        sort_by_rate(&mut rows);
        assert_eq!(rows.iter().map(|r| r.pid).collect::<Vec<_>>(), [3, 2, 1]);
    }

    #[test]
    fn second_sample_has_rates_for_our_process() {
        let mut s = IoSampler::new();
        let first = s.sample().unwrap();
        assert!(first.processes.iter().all(|r| r.read_per_sec.is_none()));
        let second = s.sample().unwrap();
        let me = second.processes.iter().find(|r| r.pid == std::process::id()).unwrap();
        assert!(me.read_per_sec.is_some() && me.write_per_sec.is_some());
        assert_eq!(second.disks.len(), psutil_rs::disk_io_counters_perdisk(true).unwrap().len());
    }
}
