//! What each monitor shows at one refresh, and the samplers that produce it. The
//! snapshot printer and the full-screen views both read these.

use std::collections::HashSet;

use psutil_rs::Pid;
use serde::Serialize;

use super::cpu::{CpuRow, CpuUsage};
use super::io::{IoSample, IoSampler};
use super::nic::{NicRow, NicSampler};
use super::now;
use super::process::{ProcRow, ProcessSampler};
use super::system::{Machine, TaskCounts};

/// A monitor's data: refreshed in place, one window after the other.
pub trait Refresh {
    /// Reads the next sample; rates and CPU% cover the time since the previous one.
    fn refresh(&mut self) -> psutil_rs::Result<()>;
}

/// `top` (and `cpu-distribution`) at one refresh.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TopSnapshot {
    /// When it was taken, in seconds since the epoch.
    pub time: f64,
    #[serde(flatten)]
    pub machine: Machine,
    pub cpus: Vec<CpuRow>,
    pub tasks: TaskCounts,
    pub processes: Vec<ProcRow>,
}

/// The samplers behind `top` and its latest snapshot.
#[derive(Debug)]
pub struct TopData {
    procs: ProcessSampler,
    cpus: CpuUsage,
    /// Read every process's memory, nice, user and command line at each refresh (else
    /// only on [`TopData::fill_details`]).
    pub details_for_all: bool,
    /// Read every process's user and command line at each refresh (once per process),
    /// for a filter on them; set by [`TopData::names_for_all`].
    all_names: bool,
    /// The latest refresh.
    pub snapshot: TopSnapshot,
}

impl TopData {
    /// Starts measuring: a first refresh seeds CPU times, so the next one has CPU%.
    /// `details_for_all` as the field of that name.
    pub fn start(details_for_all: bool) -> psutil_rs::Result<Self> {
        let mut data = TopData {
            procs: ProcessSampler::new(),
            cpus: CpuUsage::start()?,
            details_for_all,
            all_names: false,
            snapshot: TopSnapshot::default(),
        };
        data.refresh()?;
        Ok(data)
    }

    /// Reads the memory, nice, user and command line of these processes if this refresh
    /// did not.
    pub fn fill_details(&mut self, pids: &HashSet<Pid>) {
        let rows = self.snapshot.processes.iter_mut().filter(|r| pids.contains(&r.pid));
        self.procs.fill_details(rows);
    }

    /// Whether every row has its user and command line, from now on and at each refresh
    /// (what a filter on them needs); else only the rows given to
    /// [`TopData::fill_details`] have them.
    pub fn names_for_all(&mut self, on: bool) {
        self.all_names = on;
        if on {
            self.procs.fill_names(self.snapshot.processes.iter_mut());
        }
    }
}

impl Refresh for TopData {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        let time = now();
        let machine = Machine::read(time)?;
        let processes = self.procs.sample(machine.memory.total, self.details_for_all)?;
        let cpus = self.cpus.sample()?;
        let tasks = TaskCounts::of(&processes);
        self.snapshot = TopSnapshot { time, machine, cpus, tasks, processes };
        if self.all_names {
            self.procs.fill_names(self.snapshot.processes.iter_mut());
        }
        Ok(())
    }
}

/// The sampler behind `iotop` and its latest sample.
#[derive(Debug)]
pub struct IoData {
    sampler: IoSampler,
    /// When the latest sample was taken.
    pub time: f64,
    /// The latest sample.
    pub sample: IoSample,
}

impl IoData {
    /// Starts measuring with a first reading (no rates yet).
    pub fn start() -> psutil_rs::Result<Self> {
        let mut sampler = IoSampler::new();
        let sample = sampler.sample()?;
        Ok(IoData { sampler, time: now(), sample })
    }
}

impl Refresh for IoData {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.sample = self.sampler.sample()?;
        self.time = now();
        Ok(())
    }
}

/// The sampler behind `nettop` and its latest rows.
#[derive(Debug)]
pub struct NetData {
    sampler: NicSampler,
    /// When the latest rows were read.
    pub time: f64,
    /// One row per interface, by name.
    pub nics: Vec<NicRow>,
}

impl NetData {
    /// Starts measuring with a first reading (no rates yet).
    pub fn start() -> psutil_rs::Result<Self> {
        let mut sampler = NicSampler::new();
        let nics = sampler.sample()?;
        Ok(NetData { sampler, time: now(), nics })
    }
}

impl Refresh for NetData {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.nics = self.sampler.sample()?;
        self.time = now();
        Ok(())
    }
}
