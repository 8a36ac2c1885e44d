//! The header of `top`: memory, swap, load, uptime and process counts by state.

use serde::Serialize;

use super::process::ProcRow;

/// Memory or swap: sizes in bytes and the used share in percent (psutil's `percent`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MemRow {
    pub total: u64,
    pub used: u64,
    pub available: u64,
    pub percent: f64,
}

/// How many processes are in each state, grouped as `top` counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    pub total: usize,
    pub running: usize,
    /// Sleeping, in disk sleep or idle (kernel threads).
    pub sleeping: usize,
    /// Stopped by a signal or by a tracer.
    pub stopped: usize,
    pub zombie: usize,
    /// Any other state, or one that could not be read.
    pub other: usize,
}

impl TaskCounts {
    /// Counts the rows by their `status`.
    pub fn of(rows: &[ProcRow]) -> Self {
        let mut c = TaskCounts { total: rows.len(), ..TaskCounts::default() };
        for r in rows {
            match r.status {
                Some("running") => c.running += 1,
                Some("sleeping" | "disk-sleep" | "idle") => c.sleeping += 1,
                Some("stopped" | "tracing-stop") => c.stopped += 1,
                Some("zombie") => c.zombie += 1,
                _ => c.other += 1,
            }
        }
        c
    }
}

/// The machine at one refresh: memory, swap, load averages, seconds since boot.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Machine {
    pub memory: MemRow,
    pub swap: MemRow,
    pub load_average: (f64, f64, f64),
    pub uptime: f64,
}

impl Machine {
    /// Reads memory, swap, load and uptime from the library. A part that cannot be read
    /// (swap off, no load average) is left at zero.
    pub fn read(now: f64) -> psutil_rs::Result<Self> {
        let vm = psutil_rs::virtual_memory()?;
        let memory = MemRow { total: vm.total, used: vm.used, available: vm.available, percent: vm.percent };
        let swap = psutil_rs::swap_memory()
            .map(|s| MemRow { total: s.total, used: s.used, available: s.free, percent: s.percent })
            .unwrap_or_default();
        let load_average = psutil_rs::getloadavg().unwrap_or((0.0, 0.0, 0.0));
        let uptime = psutil_rs::boot_time().map(|b| (now - b).max(0.0)).unwrap_or(0.0);
        Ok(Machine { memory, swap, load_average, uptime })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::process::tests::row;

    #[test]
    fn counts_by_state() {
        let mut rows: Vec<ProcRow> = (0..7).map(|i| row(i, None, None, None, "x")).collect();
        for (r, s) in rows.iter_mut().zip(["running", "idle", "disk-sleep", "tracing-stop", "zombie", "?"]) {
            r.status = Some(s);
        }
        rows[6].status = None;
        let c = TaskCounts::of(&rows);
        assert_eq!(c, TaskCounts { total: 7, running: 1, sleeping: 2, stopped: 1, zombie: 1, other: 2 });
    }

    #[test]
    fn machine_matches_the_library() {
        let m = Machine::read(crate::model::now()).unwrap();
        let vm = psutil_rs::virtual_memory().unwrap();
        assert_eq!(m.memory.total, vm.total);
        assert!(m.uptime > 0.0);
    }
}
