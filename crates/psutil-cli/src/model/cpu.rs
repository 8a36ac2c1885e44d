//! CPU rows: usage per CPU over the last refresh window, and which processes last ran
//! on each CPU (`cpu-distribution`).

use std::sync::Arc;

use psutil_rs::{CpuSampler, Pid};
use serde::Serialize;

use super::process::ProcRow;

/// One logical CPU: its number and its busy share over the last window, in percent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CpuRow {
    pub cpu: usize,
    pub percent: f64,
}

/// Per-CPU usage between refreshes (the library's `CpuSampler`, psutil's
/// `cpu_percent(percpu=True)` with no interval).
#[derive(Debug)]
pub struct CpuUsage {
    sampler: CpuSampler,
}

impl CpuUsage {
    /// Starts measuring now: the first [`CpuUsage::sample`] covers the time since.
    pub fn start() -> psutil_rs::Result<Self> {
        Ok(CpuUsage { sampler: CpuSampler::primed()? })
    }

    /// Usage of each CPU since the previous call (or since [`CpuUsage::start`]).
    pub fn sample(&mut self) -> psutil_rs::Result<Vec<CpuRow>> {
        let percents = self.sampler.cpu_percent_percpu(None)?;
        Ok(percents.into_iter().enumerate().map(|(cpu, percent)| CpuRow { cpu, percent }).collect())
    }
}

/// A process as `cpu-distribution` lists it under a CPU.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcOnCpu {
    pub pid: Pid,
    pub name: Arc<str>,
    pub status: Option<&'static str>,
    pub cpu_percent: Option<f64>,
}

/// One CPU with the processes whose last run was on it (psutil's `Process.cpu_num()`),
/// busiest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CpuDistRow {
    #[serde(flatten)]
    pub cpu: CpuRow,
    pub processes: Vec<ProcOnCpu>,
}

/// Groups the processes by the CPU they last ran on. Processes whose CPU is unknown or
/// beyond the CPU rows (a CPU taken offline meanwhile) are left out.
pub fn distribution(cpus: &[CpuRow], procs: &[ProcRow]) -> Vec<CpuDistRow> {
    let mut rows: Vec<CpuDistRow> =
        cpus.iter().map(|c| CpuDistRow { cpu: c.clone(), processes: Vec::new() }).collect();
    for p in procs {
        let Some(slot) = p.cpu_num.and_then(|n| usize::try_from(n).ok()).and_then(|n| rows.get_mut(n)) else {
            continue;
        };
        slot.processes.push(ProcOnCpu {
            pid: p.pid,
            name: p.name.clone(),
            status: p.status,
            cpu_percent: p.cpu_percent,
        });
    }
    for row in &mut rows {
        row.processes.sort_by(|a, b| {
            let (x, y) = (a.cpu_percent.unwrap_or(-1.0), b.cpu_percent.unwrap_or(-1.0));
            y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal).then(a.pid.cmp(&b.pid))
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::process::tests::row;

    #[test]
    fn processes_go_under_their_last_cpu_busiest_first() {
        let cpus = [CpuRow { cpu: 0, percent: 10.0 }, CpuRow { cpu: 1, percent: 90.0 }];
        let mut a = row(10, Some(1.0), None, None, "a");
        a.cpu_num = Some(1);
        let mut b = row(11, Some(80.0), None, None, "b");
        b.cpu_num = Some(1);
        let c = row(12, None, None, None, "c");
        let mut gone = row(13, None, None, None, "offline");
        gone.cpu_num = Some(7);
        let mut unknown = row(14, None, None, None, "unknown");
        unknown.cpu_num = None;
        let dist = distribution(&cpus, &[a, b, c, gone, unknown]);
        let names = |i: usize| dist[i].processes.iter().map(|p| &*p.name).collect::<Vec<_>>();
        assert_eq!(names(0), ["c"]);
        assert_eq!(names(1), ["b", "a"]);
        assert_eq!(dist[1].cpu.percent, 90.0);
    }

    #[test]
    fn usage_has_one_row_per_cpu() {
        let mut usage = CpuUsage::start().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let rows = usage.sample().unwrap();
        assert_eq!(rows.len(), psutil_rs::cpu_times_percpu().unwrap().len());
        assert!(rows.iter().enumerate().all(|(i, r)| r.cpu == i && (0.0..=100.0).contains(&r.percent)));
    }
}
