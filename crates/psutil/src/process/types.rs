//! The value types returned by [`crate::Process`] getters (psutil's `pcputimes`, `pmem`,
//! `puids`, `pgids`, `pctxsw`, `ppagefaults` and the status constants).

use std::fmt;
use std::str::FromStr;

use crate::sys::process as imp;
use crate::{Error, Result};

/// A process status (psutil's `STATUS_*` constants; 8.0's `ProcessStatus`). Its
/// [`as_str`](ProcessStatus::as_str) is psutil's string.
///
/// ```
/// use psutil_rs::ProcessStatus;
/// assert_eq!(ProcessStatus::DiskSleep.as_str(), "disk-sleep");
/// assert_eq!("tracing-stop".parse::<ProcessStatus>().unwrap(), ProcessStatus::TracingStop);
/// assert_eq!(ProcessStatus::from_linux_state(b'I'), ProcessStatus::Idle);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProcessStatus {
    /// `"running"` (R).
    Running,
    /// `"sleeping"` (S).
    Sleeping,
    /// `"disk-sleep"` (D).
    DiskSleep,
    /// `"stopped"` (T).
    Stopped,
    /// `"tracing-stop"` (t).
    TracingStop,
    /// `"zombie"` (Z).
    Zombie,
    /// `"dead"` (X, x).
    Dead,
    /// `"wake-kill"` (K).
    WakeKill,
    /// `"waking"` (W).
    Waking,
    /// `"idle"` (I).
    Idle,
    /// `"parked"` (P).
    Parked,
    /// `"locked"` (not produced on Linux).
    Locked,
    /// `"waiting"` (not produced on Linux).
    Waiting,
    /// `"suspended"` (not produced on Linux).
    Suspended,
    /// `"?"`: a state letter psutil does not know.
    Unknown,
}

// psutil's STATUS_* names for the statuses (each equals its ProcessStatus variant; the
// examples on `ProcessStatus` show the strings).
/// psutil's `STATUS_RUNNING`.
///
/// ```
/// assert_eq!(psutil_rs::STATUS_RUNNING.as_str(), "running");
/// assert_eq!(psutil_rs::STATUS_DISK_SLEEP, psutil_rs::ProcessStatus::DiskSleep);
/// ```
pub const STATUS_RUNNING: ProcessStatus = ProcessStatus::Running;
/// psutil's `STATUS_SLEEPING`.
pub const STATUS_SLEEPING: ProcessStatus = ProcessStatus::Sleeping;
/// psutil's `STATUS_DISK_SLEEP`.
pub const STATUS_DISK_SLEEP: ProcessStatus = ProcessStatus::DiskSleep;
/// psutil's `STATUS_STOPPED`.
pub const STATUS_STOPPED: ProcessStatus = ProcessStatus::Stopped;
/// psutil's `STATUS_TRACING_STOP`.
pub const STATUS_TRACING_STOP: ProcessStatus = ProcessStatus::TracingStop;
/// psutil's `STATUS_ZOMBIE`.
pub const STATUS_ZOMBIE: ProcessStatus = ProcessStatus::Zombie;
/// psutil's `STATUS_DEAD`.
pub const STATUS_DEAD: ProcessStatus = ProcessStatus::Dead;
/// psutil's `STATUS_WAKE_KILL`.
pub const STATUS_WAKE_KILL: ProcessStatus = ProcessStatus::WakeKill;
/// psutil's `STATUS_WAKING`.
pub const STATUS_WAKING: ProcessStatus = ProcessStatus::Waking;
/// psutil's `STATUS_IDLE`.
pub const STATUS_IDLE: ProcessStatus = ProcessStatus::Idle;
/// psutil's `STATUS_PARKED`.
pub const STATUS_PARKED: ProcessStatus = ProcessStatus::Parked;
/// psutil's `STATUS_LOCKED`.
pub const STATUS_LOCKED: ProcessStatus = ProcessStatus::Locked;
/// psutil's `STATUS_WAITING`.
pub const STATUS_WAITING: ProcessStatus = ProcessStatus::Waiting;
/// psutil's `STATUS_SUSPENDED`.
pub const STATUS_SUSPENDED: ProcessStatus = ProcessStatus::Suspended;

const ALL_STATUS: [ProcessStatus; 15] = [
    ProcessStatus::Running,
    ProcessStatus::Sleeping,
    ProcessStatus::DiskSleep,
    ProcessStatus::Stopped,
    ProcessStatus::TracingStop,
    ProcessStatus::Zombie,
    ProcessStatus::Dead,
    ProcessStatus::WakeKill,
    ProcessStatus::Waking,
    ProcessStatus::Idle,
    ProcessStatus::Parked,
    ProcessStatus::Locked,
    ProcessStatus::Waiting,
    ProcessStatus::Suspended,
    ProcessStatus::Unknown,
];

impl ProcessStatus {
    /// psutil's string for this status.
    ///
    /// ```
    /// assert_eq!(psutil_rs::ProcessStatus::Running.as_str(), "running");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessStatus::Running => "running",
            ProcessStatus::Sleeping => "sleeping",
            ProcessStatus::DiskSleep => "disk-sleep",
            ProcessStatus::Stopped => "stopped",
            ProcessStatus::TracingStop => "tracing-stop",
            ProcessStatus::Zombie => "zombie",
            ProcessStatus::Dead => "dead",
            ProcessStatus::WakeKill => "wake-kill",
            ProcessStatus::Waking => "waking",
            ProcessStatus::Idle => "idle",
            ProcessStatus::Parked => "parked",
            ProcessStatus::Locked => "locked",
            ProcessStatus::Waiting => "waiting",
            ProcessStatus::Suspended => "suspended",
            ProcessStatus::Unknown => "?",
        }
    }

    /// The status for a Linux `stat` state letter (psutil's `PROC_STATUSES`); unknown
    /// letters give [`ProcessStatus::Unknown`].
    ///
    /// ```
    /// use psutil_rs::ProcessStatus;
    /// assert_eq!(ProcessStatus::from_linux_state(b't'), ProcessStatus::TracingStop);
    /// assert_eq!(ProcessStatus::from_linux_state(b'?'), ProcessStatus::Unknown);
    /// ```
    pub fn from_linux_state(letter: u8) -> ProcessStatus {
        match letter {
            b'R' => ProcessStatus::Running,
            b'S' => ProcessStatus::Sleeping,
            b'D' => ProcessStatus::DiskSleep,
            b'T' => ProcessStatus::Stopped,
            b't' => ProcessStatus::TracingStop,
            b'Z' => ProcessStatus::Zombie,
            b'X' | b'x' => ProcessStatus::Dead,
            b'K' => ProcessStatus::WakeKill,
            b'W' => ProcessStatus::Waking,
            b'I' => ProcessStatus::Idle,
            b'P' => ProcessStatus::Parked,
            _ => ProcessStatus::Unknown,
        }
    }
}

impl fmt::Display for ProcessStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProcessStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ALL_STATUS
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| Error::invalid(format!("invalid process status '{s}'")))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ProcessStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// CPU times of a process in seconds (psutil's `pcputimes`). `iowait` (Linux only) is read
/// through [`crate::os::linux::ProcessCpuTimesExt`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let t = psutil_rs::Process::current()?.cpu_times()?;
/// assert!(t.user >= 0.0 && t.system >= 0.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessCpuTimes {
    /// Time in user mode.
    pub user: f64,
    /// Time in kernel mode.
    pub system: f64,
    /// User time of waited-for children.
    pub children_user: f64,
    /// System time of waited-for children.
    pub children_system: f64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::ProcessCpuTimesOs,
}

/// Memory of a process in bytes (psutil's `pmem`). The Linux-only fields `shared`, `text`,
/// `lib`, `data` and `dirty` are read through [`crate::os::linux::ProcessMemoryInfoExt`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let m = psutil_rs::Process::current()?.memory_info()?;
/// assert!(m.rss > 0 && m.vms >= m.rss);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessMemoryInfo {
    /// Resident set size.
    pub rss: u64,
    /// Virtual memory size.
    pub vms: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::ProcessMemoryInfoOs,
}

/// Real, effective and saved user ids (psutil's `puids`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let u = psutil_rs::Process::current()?.uids()?;
/// assert_eq!(u.real, unsafe { libc::getuid() });
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Uids {
    /// Real uid.
    pub real: u32,
    /// Effective uid.
    pub effective: u32,
    /// Saved set-user-id.
    pub saved: u32,
}

/// Real, effective and saved group ids (psutil's `pgids`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let g = psutil_rs::Process::current()?.gids()?;
/// assert_eq!(g.real, unsafe { libc::getgid() });
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Gids {
    /// Real gid.
    pub real: u32,
    /// Effective gid.
    pub effective: u32,
    /// Saved set-group-id.
    pub saved: u32,
}

/// Context switches (psutil's `pctxsw`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let me = psutil_rs::Process::current()?;
/// let before = me.num_ctx_switches()?;
/// std::thread::sleep(std::time::Duration::from_millis(5));
/// let after = me.num_ctx_switches()?;
/// assert!(after.voluntary > before.voluntary, "sleeping is a voluntary switch");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CtxSwitches {
    /// Voluntary switches (the process waited).
    pub voluntary: u64,
    /// Involuntary switches (the process was preempted).
    pub involuntary: u64,
}

/// Page faults (psutil 8.0's `ppagefaults`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let f = psutil_rs::Process::current()?.page_faults()?;
/// assert!(f.minor > 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PageFaults {
    /// Faults served without I/O.
    pub minor: u64,
    /// Faults that needed I/O.
    pub major: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_constants_carry_psutils_strings() {
        let expected = [
            (STATUS_RUNNING, "running"),
            (STATUS_SLEEPING, "sleeping"),
            (STATUS_DISK_SLEEP, "disk-sleep"),
            (STATUS_STOPPED, "stopped"),
            (STATUS_TRACING_STOP, "tracing-stop"),
            (STATUS_ZOMBIE, "zombie"),
            (STATUS_DEAD, "dead"),
            (STATUS_WAKE_KILL, "wake-kill"),
            (STATUS_WAKING, "waking"),
            (STATUS_IDLE, "idle"),
            (STATUS_PARKED, "parked"),
            (STATUS_LOCKED, "locked"),
            (STATUS_WAITING, "waiting"),
            (STATUS_SUSPENDED, "suspended"),
        ];
        for (status, text) in expected {
            assert_eq!(status.as_str(), text);
        }
    }

    #[test]
    fn status_strings_roundtrip() {
        for st in ALL_STATUS {
            assert_eq!(st.as_str().parse::<ProcessStatus>().unwrap(), st);
            assert_eq!(st.to_string(), st.as_str());
        }
        assert!("bogus".parse::<ProcessStatus>().is_err());
        for (c, s) in
            [(b'R', "running"), (b'S', "sleeping"), (b'D', "disk-sleep"), (b'Z', "zombie"), (b'x', "dead")]
        {
            assert_eq!(ProcessStatus::from_linux_state(c).as_str(), s);
        }
    }
}
