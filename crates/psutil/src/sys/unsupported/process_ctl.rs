//! Unsupported backend: process control. Every call returns `NotSupported`.

use std::time::Duration;

use super::unsupported;
use crate::paths::Roots;
use crate::process::ExitStatus;
use crate::{Error, Pid, Result};

/// POSIX's SIGSTOP number (never sent here).
pub(crate) const SIGSTOP: i32 = 19;
/// POSIX's SIGCONT number (never sent here).
pub(crate) const SIGCONT: i32 = 18;
/// SIGTERM (never sent here).
pub(crate) const SIGTERM: i32 = 15;
/// SIGKILL (never sent here).
pub(crate) const SIGKILL: i32 = 9;

/// No way to pin a process on this platform; never constructed.
#[derive(Debug)]
pub(crate) struct Pin;

impl Pin {
    /// Never called: no pin exists.
    pub(crate) fn identity(&self) -> Option<u64> {
        None
    }
}

/// What a wait ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum WaitOutcome {
    /// Our child ended and was reaped.
    Status(ExitStatus),
    /// Gone, status not ours to collect.
    Gone,
    /// The timeout expired first.
    TimedOut,
}

pub(crate) fn pin_open(_pid: Pid) -> Result<Option<Pin>> {
    Ok(None)
}

/// Never true: this backend's only error is `NotSupported`.
pub(crate) fn is_gone(_err: &Error) -> bool {
    false
}

/// Never true: this backend's only error is `NotSupported`.
pub(crate) fn is_denied(_err: &Error) -> bool {
    false
}

/// Never true: this backend's only error is `NotSupported`.
pub(crate) fn is_invalid(_err: &Error) -> bool {
    false
}

pub(crate) fn max_signal() -> i32 {
    64
}

pub(crate) fn send_signal(_pid: Pid, _pidfd: Option<&Pin>, _sig: i32) -> Result<()> {
    unsupported("Process.send_signal")
}

pub(crate) fn get_nice(_pid: Pid) -> Result<i32> {
    unsupported("Process.nice")
}

pub(crate) fn set_nice(_pid: Pid, _value: i32) -> Result<()> {
    unsupported("Process.nice")
}

pub(crate) fn get_ionice(_pid: Pid) -> Result<(u32, u32)> {
    unsupported("Process.ionice")
}

pub(crate) fn set_ionice(_pid: Pid, _class: u32, _value: u32) -> Result<()> {
    unsupported("Process.ionice")
}

pub(crate) fn prlimit(_pid: Pid, _resource: i32, _new: Option<(i64, i64)>) -> Result<(i64, i64)> {
    unsupported("Process.rlimit")
}

pub(crate) fn get_cpu_affinity(_pid: Pid) -> Result<Vec<usize>> {
    unsupported("Process.cpu_affinity")
}

pub(crate) fn set_cpu_affinity(_pid: Pid, _cpus: &[usize]) -> Result<()> {
    unsupported("Process.cpu_affinity")
}

pub(crate) fn all_cpus(_roots: &Roots) -> Result<Vec<usize>> {
    unsupported("Process.cpu_affinity")
}

pub(crate) fn eligible_cpus(_roots: &Roots, _pid: Pid) -> Result<Vec<usize>> {
    unsupported("Process.cpu_affinity")
}

pub(crate) fn wait(_pid: Pid, _pidfd: Option<&Pin>, _timeout: Option<Duration>) -> Result<WaitOutcome> {
    unsupported("Process.wait")
}

/// No signal table on this platform yet: no signal is named.
pub(crate) fn signal_name(_sig: i32) -> Option<&'static str> {
    None
}

/// No signal table on this platform yet.
pub(crate) fn signal_names() -> Vec<(&'static str, i32)> {
    Vec::new()
}

/// No real-time signals known on this platform.
pub(crate) fn realtime_signals() -> Option<std::ops::RangeInclusive<i32>> {
    None
}
