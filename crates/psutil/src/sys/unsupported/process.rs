//! Unsupported backend of [`crate::Process`]: every call returns `NotSupported`.

use std::ffi::OsString;
use std::path::PathBuf;

use super::unsupported;
use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::process::{
    Attr, CtxSwitches, Environ, Gids, MemType, PageFaults, ProcRef, ProcessCpuTimes, ProcessMemoryInfo,
    ProcessStatus, Uids,
};
use crate::{Pid, Result};

/// No platform-only process CPU time fields here.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessCpuTimesOs {}

/// No platform-only process memory fields here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessMemoryInfoOs {}

impl ProcessMemoryInfoOs {
    /// No memtype beyond the portable `rss` and `vms`.
    pub(crate) fn field(&self, _memtype: MemType) -> Option<u64> {
        None
    }
}

/// This backend's state of one process: nothing (no reads to share in a `oneshot`).
#[derive(Debug, Default)]
pub(crate) struct ProcessState {}

impl ProcessState {
    /// Nothing to share: a `oneshot` changes nothing here.
    pub(crate) fn enter_oneshot(&self) {}
    /// See [`ProcessState::enter_oneshot`].
    pub(crate) fn leave_oneshot(&self) {}
    /// Nothing to share: a snapshot changes nothing here.
    pub(crate) fn enter_snapshot(&self) {}
    /// See [`ProcessState::enter_snapshot`].
    pub(crate) fn leave_snapshot(&self) {}
}

/// When `as_dict` fetches `attr`: here, in request order.
pub(crate) fn prefetch_rank(_attr: Attr) -> u8 {
    0
}

pub(crate) fn start_ticks(_roots: &Roots, _pid: Pid) -> Result<u64> {
    unsupported("Process")
}
pub(crate) fn current_start_ticks(_p: &ProcRef<'_>) -> Result<u64> {
    unsupported("Process")
}
pub(crate) fn name(_p: &ProcRef<'_>) -> Result<OsString> {
    unsupported("Process.name")
}
pub(crate) fn ppid(_p: &ProcRef<'_>) -> Result<Pid> {
    unsupported("Process.ppid")
}
pub(crate) fn status_of(_p: &ProcRef<'_>) -> Result<ProcessStatus> {
    unsupported("Process.status")
}
pub(crate) fn start_ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64
}

pub(crate) fn create_time_monotonic(_p: &ProcRef<'_>) -> Result<f64> {
    unsupported("Process.create_time")
}
pub(crate) fn exe(_p: &ProcRef<'_>) -> Result<PathBuf> {
    unsupported("Process.exe")
}
pub(crate) fn cwd(_p: &ProcRef<'_>) -> Result<PathBuf> {
    unsupported("Process.cwd")
}
pub(crate) fn cmdline(_p: &ProcRef<'_>) -> Result<Vec<OsString>> {
    unsupported("Process.cmdline")
}
pub(crate) fn environ(_p: &ProcRef<'_>) -> Result<Environ> {
    unsupported("Process.environ")
}
pub(crate) fn uids(_p: &ProcRef<'_>) -> Result<Uids> {
    unsupported("Process.uids")
}
pub(crate) fn gids(_p: &ProcRef<'_>) -> Result<Gids> {
    unsupported("Process.gids")
}
pub(crate) fn num_threads(_p: &ProcRef<'_>) -> Result<u64> {
    unsupported("Process.num_threads")
}
pub(crate) fn num_ctx_switches(_p: &ProcRef<'_>) -> Result<CtxSwitches> {
    unsupported("Process.num_ctx_switches")
}
pub(crate) fn cpu_times(_p: &ProcRef<'_>) -> Result<ProcessCpuTimes> {
    unsupported("Process.cpu_times")
}
pub(crate) fn cpu_num(_p: &ProcRef<'_>) -> Result<i64> {
    unsupported("Process.cpu_num")
}
pub(crate) fn page_faults(_p: &ProcRef<'_>) -> Result<PageFaults> {
    unsupported("Process.page_faults")
}
pub(crate) fn memory_info(_p: &ProcRef<'_>) -> Result<ProcessMemoryInfo> {
    unsupported("Process.memory_info")
}
pub(crate) fn terminal(_p: &ProcRef<'_>) -> Result<Option<String>> {
    unsupported("Process.terminal")
}
pub(crate) fn user_name(_uid: u32) -> Option<String> {
    None
}
pub(crate) fn pids(_roots: &Roots) -> Result<Vec<Pid>> {
    unsupported("pids")
}
pub(crate) fn pid_exists(_roots: &Roots, _pid: Pid) -> bool {
    false
}
/// No backend: `None`, and `children()` reaches `ppid_map`, which says not supported.
pub(crate) fn child_pids(_roots: &Roots, _pid: Pid) -> Option<Vec<Pid>> {
    None
}
pub(crate) fn ppid_map(_roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    unsupported("Process.children")
}
pub(crate) fn net_connections(_p: &ProcRef<'_>, _kind: ConnectionKind) -> Result<Vec<Connection>> {
    unsupported("Process.net_connections")
}
