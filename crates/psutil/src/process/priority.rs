//! Process priorities and placement: the nice value, the I/O priority ([`IoPrioClass`],
//! [`IoNice`], `IOPRIO_CLASS_*`), resource limits ([`Rlimit`], `RLIMIT_*`,
//! [`RLIM_INFINITY`]) and CPU affinity, with the Linux-flavoured types and numbers psutil
//! exposes.
//!
//! Every setter first passes the pid-reuse check of `signals.rs`
//! ([`Process::checked_for_setter`]); the kernel has no pidfd form of these calls, so they
//! act by pid once the check has passed.

use crate::process::Process;
use crate::sys::process_ctl as imp;
use crate::{Error, Result};

/// An I/O scheduling class (psutil's `IOPRIO_CLASS_*`, an `IntEnum` named `IOPriority`).
///
/// ```
/// use psutil_rs::IoPrioClass;
/// assert_eq!(IoPrioClass::Idle as i32, 3);
/// assert_eq!(IoPrioClass::from_raw(2).unwrap(), IoPrioClass::Be);
/// assert_eq!(IoPrioClass::Idle.name(), "IOPRIO_CLASS_IDLE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IoPrioClass {
    /// No class set (the kernel derives one from the nice value).
    None = 0,
    /// Real time.
    Rt = 1,
    /// Best effort.
    Be = 2,
    /// Idle.
    Idle = 3,
}

/// psutil's `IOPRIO_CLASS_NONE` (0).
///
/// ```
/// assert_eq!(psutil_rs::IOPRIO_CLASS_NONE as i32, 0);
/// ```
pub const IOPRIO_CLASS_NONE: IoPrioClass = IoPrioClass::None;
/// psutil's `IOPRIO_CLASS_RT` (1).
///
/// ```
/// assert_eq!(psutil_rs::IOPRIO_CLASS_RT as i32, 1);
/// ```
pub const IOPRIO_CLASS_RT: IoPrioClass = IoPrioClass::Rt;
/// psutil's `IOPRIO_CLASS_BE` (2).
///
/// ```
/// assert_eq!(psutil_rs::IOPRIO_CLASS_BE as i32, 2);
/// ```
pub const IOPRIO_CLASS_BE: IoPrioClass = IoPrioClass::Be;
/// psutil's `IOPRIO_CLASS_IDLE` (3).
///
/// ```
/// assert_eq!(psutil_rs::IOPRIO_CLASS_IDLE as i32, 3);
/// ```
pub const IOPRIO_CLASS_IDLE: IoPrioClass = IoPrioClass::Idle;

impl IoPrioClass {
    /// The class with psutil's number, or `InvalidArgument("5 is not a valid IOPriority")`
    /// (Python's message for `IOPriority(5)`).
    ///
    /// ```
    /// let e = psutil_rs::IoPrioClass::from_raw(5).unwrap_err();
    /// assert_eq!(e.to_string(), "5 is not a valid IOPriority");
    /// ```
    pub fn from_raw(n: i64) -> Result<Self> {
        match n {
            0 => Ok(IoPrioClass::None),
            1 => Ok(IoPrioClass::Rt),
            2 => Ok(IoPrioClass::Be),
            3 => Ok(IoPrioClass::Idle),
            _ => Err(Error::invalid(format!("{n} is not a valid IOPriority"))),
        }
    }

    /// psutil's constant name, e.g. `"IOPRIO_CLASS_BE"`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::IoPrioClass::Rt.name(), "IOPRIO_CLASS_RT");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            IoPrioClass::None => "IOPRIO_CLASS_NONE",
            IoPrioClass::Rt => "IOPRIO_CLASS_RT",
            IoPrioClass::Be => "IOPRIO_CLASS_BE",
            IoPrioClass::Idle => "IOPRIO_CLASS_IDLE",
        }
    }

    /// Python's `repr()` of the enum member, e.g. `<IOPriority.IOPRIO_CLASS_IDLE: 3>`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::IoPrioClass::Idle.repr(), "<IOPriority.IOPRIO_CLASS_IDLE: 3>");
    /// ```
    pub fn repr(&self) -> String {
        format!("<IOPriority.{}: {}>", self.name(), *self as i32)
    }
}

/// A process's I/O priority (psutil's `pionice(ioclass, value)`).
///
/// ```
/// use psutil_rs::{IoNice, IoPrioClass};
/// let n = IoNice { ioclass: IoPrioClass::Be, value: 4 };
/// assert_eq!(n.value, 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IoNice {
    /// The scheduling class.
    pub ioclass: IoPrioClass,
    /// The priority within the class, 0 (highest) to 7.
    pub value: u32,
}

/// A resource limit (psutil's `RLIMIT_*`, with the Linux numbers psutil exposes).
///
/// ```
/// use psutil_rs::Rlimit;
/// assert_eq!(Rlimit::Nofile as i32, 7);
/// assert_eq!(Rlimit::from_raw(15).unwrap(), Rlimit::Rttime);
/// assert_eq!(Rlimit::from_raw(9999).unwrap_err().to_string(), "invalid resource specified");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Rlimit {
    /// CPU time in seconds.
    Cpu = 0,
    /// Largest file size.
    Fsize = 1,
    /// Data segment size.
    Data = 2,
    /// Stack size.
    Stack = 3,
    /// Core file size.
    Core = 4,
    /// Resident set size.
    Rss = 5,
    /// Number of processes of the real user.
    Nproc = 6,
    /// Number of open files.
    Nofile = 7,
    /// Locked memory.
    Memlock = 8,
    /// Address space.
    As = 9,
    /// File locks.
    Locks = 10,
    /// Pending signals.
    Sigpending = 11,
    /// POSIX message queue bytes.
    Msgqueue = 12,
    /// Ceiling of the nice value.
    Nice = 13,
    /// Ceiling of the real-time priority.
    Rtprio = 14,
    /// Real-time CPU time in microseconds.
    Rttime = 15,
}

impl Rlimit {
    /// Every resource, in psutil's numeric order.
    pub const ALL: [Rlimit; 16] = [
        Rlimit::Cpu,
        Rlimit::Fsize,
        Rlimit::Data,
        Rlimit::Stack,
        Rlimit::Core,
        Rlimit::Rss,
        Rlimit::Nproc,
        Rlimit::Nofile,
        Rlimit::Memlock,
        Rlimit::As,
        Rlimit::Locks,
        Rlimit::Sigpending,
        Rlimit::Msgqueue,
        Rlimit::Nice,
        Rlimit::Rtprio,
        Rlimit::Rttime,
    ];

    /// The resource with psutil's number, or `InvalidArgument("invalid resource
    /// specified")` (the message of Python's `resource.prlimit`).
    ///
    /// ```
    /// assert_eq!(psutil_rs::Rlimit::from_raw(0).unwrap(), psutil_rs::Rlimit::Cpu);
    /// ```
    pub fn from_raw(n: i64) -> Result<Self> {
        usize::try_from(n)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
            .ok_or_else(|| Error::invalid("invalid resource specified"))
    }

    /// psutil's constant name, e.g. `"RLIMIT_NOFILE"`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::Rlimit::As.name(), "RLIMIT_AS");
    /// ```
    pub fn name(&self) -> &'static str {
        const NAMES: [&str; 16] = [
            "RLIMIT_CPU",
            "RLIMIT_FSIZE",
            "RLIMIT_DATA",
            "RLIMIT_STACK",
            "RLIMIT_CORE",
            "RLIMIT_RSS",
            "RLIMIT_NPROC",
            "RLIMIT_NOFILE",
            "RLIMIT_MEMLOCK",
            "RLIMIT_AS",
            "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING",
            "RLIMIT_MSGQUEUE",
            "RLIMIT_NICE",
            "RLIMIT_RTPRIO",
            "RLIMIT_RTTIME",
        ];
        NAMES[*self as usize]
    }
}

/// psutil's `RLIM_INFINITY`: the "no limit" value of [`Process::rlimit`] (-1).
///
/// ```
/// assert_eq!(psutil_rs::RLIM_INFINITY, -1);
/// ```
pub const RLIM_INFINITY: i64 = -1;

macro_rules! rlimit_consts {
    ($($name:ident = $variant:ident),* $(,)?) => {$(
        #[doc = concat!("psutil's `", stringify!($name), "`.")]
        ///
        /// ```
        #[doc = concat!("assert_eq!(psutil_rs::", stringify!($name), ", psutil_rs::Rlimit::", stringify!($variant), ");")]
        /// ```
        pub const $name: Rlimit = Rlimit::$variant;
    )*};
}

rlimit_consts!(
    RLIMIT_CPU = Cpu,
    RLIMIT_FSIZE = Fsize,
    RLIMIT_DATA = Data,
    RLIMIT_STACK = Stack,
    RLIMIT_CORE = Core,
    RLIMIT_RSS = Rss,
    RLIMIT_NPROC = Nproc,
    RLIMIT_NOFILE = Nofile,
    RLIMIT_MEMLOCK = Memlock,
    RLIMIT_AS = As,
    RLIMIT_LOCKS = Locks,
    RLIMIT_SIGPENDING = Sigpending,
    RLIMIT_MSGQUEUE = Msgqueue,
    RLIMIT_NICE = Nice,
    RLIMIT_RTPRIO = Rtprio,
    RLIMIT_RTTIME = Rttime,
);

impl Process {
    /// The nice value, -20 (highest priority) to 19 (psutil's `nice()`).
    ///
    /// ```
    /// let n = psutil_rs::Process::current().unwrap().nice().unwrap();
    /// assert!((-20..=19).contains(&n));
    /// ```
    pub fn nice(&self) -> Result<i32> {
        imp::get_nice(self.pid()).map_err(|e| self.ctl_err(e))
    }

    /// Sets the nice value (psutil's `nice(value)`), after the pid-reuse check.
    ///
    /// Errors: outside -20..=19 → `InvalidArgument` (the kernel would silently clamp);
    /// lowering it without privilege → `AccessDenied`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// me.set_nice(me.nice()?)?;
    /// assert!(me.set_nice(20).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_nice(&self, value: i32) -> Result<()> {
        // On Windows the value is a priority class, passed through unchecked as psutil does.
        #[cfg(not(all(windows, not(psutil_unsupported))))]
        if !(-20..=19).contains(&value) {
            return Err(Error::invalid(format!("nice value must be between -20 and 19 (got {value})")));
        }
        self.checked_for_setter()?;
        imp::set_nice(self.pid(), value).map_err(|e| self.ctl_err(e))
    }

    /// The I/O priority (psutil's `ionice()`): `ioprio_get(IOPRIO_WHO_PROCESS, pid)`.
    ///
    /// ```
    /// let io = psutil_rs::Process::current().unwrap().ionice().unwrap();
    /// assert!(io.value <= 7);
    /// ```
    pub fn ionice(&self) -> Result<IoNice> {
        let (class, value) = imp::get_ionice(self.pid()).map_err(|e| self.ctl_err(e))?;
        let ioclass = IoPrioClass::from_raw(i64::from(class))
            .map_err(|_| Error::parse("ioprio_get", format!("unknown I/O priority class {class}")))?;
        Ok(IoNice { ioclass, value })
    }

    /// Sets the I/O priority (psutil's `ionice(ioclass, value)`), after the pid-reuse
    /// check. `value` `None` means 0.
    ///
    /// Errors, with psutil's messages: a non-zero value for `Idle`/`None` →
    /// `"<IOPriority.IOPRIO_CLASS_IDLE: 3> ioclass accepts no value"`; a value outside
    /// 0-7 → `"value not in 0-7 range"`; EPERM (e.g. `Rt` without privilege) →
    /// `AccessDenied`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use psutil_rs::IoPrioClass;
    /// let me = psutil_rs::Process::current()?;
    /// let e = me.set_ionice(IoPrioClass::Be, Some(8)).unwrap_err();
    /// assert_eq!(e.to_string(), "value not in 0-7 range");
    /// let e = me.set_ionice(IoPrioClass::Idle, Some(1)).unwrap_err();
    /// assert_eq!(e.to_string(), "<IOPriority.IOPRIO_CLASS_IDLE: 3> ioclass accepts no value");
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_ionice(&self, ioclass: IoPrioClass, value: Option<i32>) -> Result<()> {
        let value = value.unwrap_or(0);
        if value != 0 && matches!(ioclass, IoPrioClass::Idle | IoPrioClass::None) {
            return Err(Error::invalid(format!("{} ioclass accepts no value", ioclass.repr())));
        }
        let value = u32::try_from(value)
            .ok()
            .filter(|v| *v <= 7)
            .ok_or_else(|| Error::invalid("value not in 0-7 range"))?;
        self.checked_for_setter()?;
        imp::set_ionice(self.pid(), ioclass as u32, value).map_err(|e| self.ctl_err(e))
    }

    /// The `(soft, hard)` limits of `resource` (psutil's `rlimit(resource)`), with
    /// [`RLIM_INFINITY`] (-1) for "unlimited". pid 0 → `InvalidArgument`.
    ///
    /// ```
    /// use psutil_rs::{Rlimit, RLIM_INFINITY};
    /// let (soft, hard) = psutil_rs::Process::current().unwrap().rlimit(Rlimit::Nofile).unwrap();
    /// assert!(soft >= 0 && (hard == RLIM_INFINITY || soft <= hard));
    /// ```
    pub fn rlimit(&self, resource: Rlimit) -> Result<(i64, i64)> {
        self.check_prlimit_pid()?;
        imp::prlimit(self.pid(), resource as i32, None).map_err(|e| self.ctl_err(e))
    }

    /// Sets the limits of `resource` (psutil's `rlimit(resource, (soft, hard))`), after the
    /// pid-reuse check. Use [`RLIM_INFINITY`] for "unlimited".
    ///
    /// Errors: pid 0, a value below -1, or soft above hard → `InvalidArgument` (the last
    /// with Python's "current limit exceeds maximum limit"); raising the hard limit
    /// without privilege → `AccessDenied`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use psutil_rs::Rlimit;
    /// let me = psutil_rs::Process::current()?;
    /// let (soft, hard) = me.rlimit(Rlimit::Core)?;
    /// me.set_rlimit(Rlimit::Core, soft, hard)?;
    /// assert_eq!(me.rlimit(Rlimit::Core)?, (soft, hard));
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_rlimit(&self, resource: Rlimit, soft: i64, hard: i64) -> Result<()> {
        self.check_prlimit_pid()?;
        for v in [soft, hard] {
            if v < RLIM_INFINITY {
                return Err(Error::invalid(format!(
                    "invalid limit {v}; use RLIM_INFINITY (-1) or a value >= 0"
                )));
            }
        }
        self.checked_for_setter()?;
        imp::prlimit(self.pid(), resource as i32, Some((soft, hard))).map(drop).map_err(|e| {
            if imp::is_invalid(&e) {
                Error::invalid("current limit exceeds maximum limit")
            } else {
                self.ctl_err(e)
            }
        })
    }

    fn check_prlimit_pid(&self) -> Result<()> {
        if self.pid() == 0 {
            return Err(Error::invalid("can't use prlimit() against PID 0 process"));
        }
        Ok(())
    }

    /// The CPUs the process may run on, sorted (psutil's `cpu_affinity()`).
    ///
    /// ```
    /// let cpus = psutil_rs::Process::current().unwrap().cpu_affinity().unwrap();
    /// assert!(!cpus.is_empty() && cpus.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn cpu_affinity(&self) -> Result<Vec<usize>> {
        imp::get_cpu_affinity(self.pid()).map_err(|e| self.ctl_err(e))
    }

    /// Restricts the process to `cpus` (psutil's `cpu_affinity(cpus)`), after the pid-reuse
    /// check. An empty slice means all eligible CPUs: the first range of
    /// `Cpus_allowed_list` in `/proc/PID/status`, else every CPU.
    ///
    /// Every CPU is validated **before** the call, so a bad list changes nothing: a CPU
    /// that does not exist → `InvalidArgument("invalid CPU 9999; choose between [0, 1]")`;
    /// one the cpuset forbids → `InvalidArgument("CPU number 3 is not eligible; choose
    /// between [0, 1]")`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// let before = me.cpu_affinity()?;
    /// let e = me.set_cpu_affinity(&[9999]).unwrap_err();
    /// assert!(e.to_string().starts_with("invalid CPU 9999; choose between ["));
    /// assert_eq!(me.cpu_affinity()?, before);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_cpu_affinity(&self, cpus: &[usize]) -> Result<()> {
        let cpus: Vec<i64> = cpus.iter().map(|&c| i64::try_from(c).unwrap_or(i64::MAX)).collect();
        self.set_cpu_affinity_i64(&cpus)
    }

    /// [`Process::set_cpu_affinity`] for callers whose CPU numbers may be negative (language
    /// bindings): a negative CPU gets psutil's "invalid CPU -1; choose between [...]".
    ///
    /// ```
    /// let e = psutil_rs::Process::current().unwrap().set_cpu_affinity_i64(&[0, -1]).unwrap_err();
    /// assert!(e.to_string().starts_with("invalid CPU -1; choose between ["));
    /// ```
    pub fn set_cpu_affinity_i64(&self, cpus: &[i64]) -> Result<()> {
        self.checked_for_setter()?;
        let roots = self.roots();
        let eligible = || imp::eligible_cpus(roots, self.pid()).map_err(|e| self.ctl_err(e));
        let mut wanted: Vec<i64> = if cpus.is_empty() {
            eligible()?.into_iter().map(|c| i64::try_from(c).unwrap_or(i64::MAX)).collect()
        } else {
            cpus.to_vec()
        };
        wanted.sort_unstable();
        wanted.dedup();
        let all = imp::all_cpus(roots)?;
        let mut valid = Vec::with_capacity(wanted.len());
        for &cpu in &wanted {
            match usize::try_from(cpu).ok().filter(|c| all.contains(c)) {
                Some(c) => valid.push(c),
                None => {
                    return Err(Error::invalid(format!(
                        "invalid CPU {cpu}; choose between {:?}",
                        eligible()?
                    )))
                }
            }
        }
        match imp::set_cpu_affinity(self.pid(), &valid) {
            Ok(()) => Ok(()),
            Err(e) if imp::is_invalid(&e) => {
                let eligible = eligible()?;
                match valid.iter().find(|c| !eligible.contains(c)) {
                    Some(cpu) => Err(Error::invalid(format!(
                        "CPU number {cpu} is not eligible; choose between {eligible:?}"
                    ))),
                    None => Err(e),
                }
            }
            Err(e) => Err(self.ctl_err(e)),
        }
    }
}

#[cfg(all(test, all(target_os = "linux", not(psutil_unsupported))))]
mod tests {
    use super::*;

    #[test]
    fn enums_have_psutils_numbers() {
        for (i, r) in Rlimit::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
            assert_eq!(Rlimit::from_raw(i as i64).expect("valid"), *r);
            assert!(r.name().starts_with("RLIMIT_"));
        }
        assert_eq!(
            [libc::RLIMIT_NOFILE, libc::RLIMIT_AS, libc::RLIMIT_RTTIME, libc::RLIMIT_NPROC].map(|r| r as i32),
            [Rlimit::Nofile, Rlimit::As, Rlimit::Rttime, Rlimit::Nproc].map(|r| r as i32)
        );
        assert_eq!(IoPrioClass::from_raw(4).unwrap_err().to_string(), "4 is not a valid IOPriority");
        assert_eq!(IoPrioClass::None.repr(), "<IOPriority.IOPRIO_CLASS_NONE: 0>");
    }
}
