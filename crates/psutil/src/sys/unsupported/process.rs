//! Unsupported backend of [`crate::Process`]: every call returns `NotSupported`.

use std::ffi::OsString;
use std::path::PathBuf;

use super::unsupported;
use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::process::{
    Attr, CtxSwitches, Environ, Gids, PageFaults, Process, ProcessCpuTimes, ProcessMemoryInfo, ProcessStatus,
    Uids,
};
use crate::{Pid, Result};

/// The (empty) oneshot cache of this backend.
#[derive(Debug, Default)]
pub(crate) struct Cache {}

impl Cache {
    /// Nothing is shared beyond `oneshot` here.
    pub(crate) fn end_snapshot(&mut self) {}
}

/// When `as_dict` fetches `attr`: here, in request order.
pub(crate) fn prefetch_rank(_attr: Attr) -> u8 {
    0
}

pub(crate) fn start_ticks(_roots: &Roots, _pid: Pid) -> Result<u64> {
    unsupported("Process")
}
pub(crate) fn current_start_ticks(_p: &Process) -> Result<u64> {
    unsupported("Process")
}
pub(crate) fn name(_p: &Process) -> Result<OsString> {
    unsupported("Process.name")
}
pub(crate) fn ppid(_p: &Process) -> Result<Pid> {
    unsupported("Process.ppid")
}
pub(crate) fn status_of(_p: &Process) -> Result<ProcessStatus> {
    unsupported("Process.status")
}
pub(crate) fn start_ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64
}

pub(crate) fn create_time_monotonic(_p: &Process) -> Result<f64> {
    unsupported("Process.create_time")
}
pub(crate) fn exe(_p: &Process) -> Result<PathBuf> {
    unsupported("Process.exe")
}
pub(crate) fn cwd(_p: &Process) -> Result<PathBuf> {
    unsupported("Process.cwd")
}
pub(crate) fn cmdline(_p: &Process) -> Result<Vec<OsString>> {
    unsupported("Process.cmdline")
}
pub(crate) fn environ(_p: &Process) -> Result<Environ> {
    unsupported("Process.environ")
}
pub(crate) fn uids(_p: &Process) -> Result<Uids> {
    unsupported("Process.uids")
}
pub(crate) fn gids(_p: &Process) -> Result<Gids> {
    unsupported("Process.gids")
}
pub(crate) fn num_threads(_p: &Process) -> Result<u64> {
    unsupported("Process.num_threads")
}
pub(crate) fn num_ctx_switches(_p: &Process) -> Result<CtxSwitches> {
    unsupported("Process.num_ctx_switches")
}
pub(crate) fn cpu_times(_p: &Process) -> Result<ProcessCpuTimes> {
    unsupported("Process.cpu_times")
}
pub(crate) fn cpu_num(_p: &Process) -> Result<i64> {
    unsupported("Process.cpu_num")
}
pub(crate) fn page_faults(_p: &Process) -> Result<PageFaults> {
    unsupported("Process.page_faults")
}
pub(crate) fn memory_info(_p: &Process) -> Result<ProcessMemoryInfo> {
    unsupported("Process.memory_info")
}
pub(crate) fn terminal(_p: &Process) -> Result<Option<String>> {
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
pub(crate) fn ppid_map(_roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    unsupported("Process.children")
}
pub(crate) fn net_connections(_p: &Process, _kind: ConnectionKind) -> Result<Vec<Connection>> {
    unsupported("Process.net_connections")
}
