//! Unsupported backend: cpu. Every call returns the typed "not supported" error.

use super::unsupported;
use crate::cpu::{CpuFreq, CpuStats, CpuTimes};
use crate::paths::Roots;
use crate::Result;

/// No platform-only CPU time fields here.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct CpuTimesOs {}

impl CpuTimesOs {
    pub(crate) fn zip(&self, _other: &Self, _f: impl Fn(f64, f64) -> f64) -> Self {
        CpuTimesOs {}
    }

    pub(crate) fn fold_sum(&self, acc: f64) -> f64 {
        acc
    }

    pub(crate) fn guest_parts(&self) -> (f64, f64) {
        (0.0, 0.0)
    }

    pub(crate) fn iowait(&self) -> f64 {
        0.0
    }
}

pub(crate) fn cpu_times(_roots: &Roots) -> Result<CpuTimes> {
    unsupported("cpu_times")
}

pub(crate) fn cpu_times_percpu(_roots: &Roots) -> Result<Vec<CpuTimes>> {
    unsupported("cpu_times")
}

pub(crate) fn cpu_count_logical(_roots: &Roots) -> Result<Option<usize>> {
    unsupported("cpu_count")
}

pub(crate) fn cpu_count_online() -> Option<usize> {
    None
}

pub(crate) fn cpu_count_cores(_roots: &Roots) -> Result<Option<usize>> {
    unsupported("cpu_count")
}

pub(crate) fn cpu_stats(_roots: &Roots) -> Result<CpuStats> {
    unsupported("cpu_stats")
}

pub(crate) fn cpu_freq_percpu(_roots: &Roots) -> Result<Vec<CpuFreq>> {
    unsupported("cpu_freq")
}

pub(crate) fn getloadavg(_roots: &Roots) -> Result<(f64, f64, f64)> {
    unsupported("getloadavg")
}
