//! The attribute-prefetch API: [`Attr`] (psutil's `as_dict` names), [`AttrValue`],
//! [`ProcessInfo`] and [`Process::as_dict`].

use std::borrow::Cow;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::{
    CtxSwitches, Environ, Gids, IoCounters, IoNice, MemType, MemoryFullInfo, MemoryMap, OpenFile, Process,
    ProcessCpuTimes, ProcessMemoryInfo, ProcessStatus, Thread, Uids,
};
use crate::net::{Connection, ConnectionKind};
use crate::sys::process as imp;
use crate::{Error, Pid, Result};

macro_rules! attrs {
    ($($variant:ident => $name:literal,)*) => {
        /// One of psutil 7.2.2's 30 `as_dict` / `process_iter(attrs)` names.
        ///
        /// ```
        /// use psutil_rs::Attr;
        /// assert_eq!("num_threads".parse::<Attr>().unwrap(), Attr::NumThreads);
        /// assert_eq!(Attr::CpuTimes.as_str(), "cpu_times");
        /// assert_eq!("foo".parse::<Attr>().unwrap_err().to_string(), "invalid attr name 'foo'");
        /// assert_eq!(Attr::ALL.len(), 30);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Attr {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Attr {
            /// Every name, in psutil's sorted order.
            pub const ALL: &'static [Attr] = &[$(Attr::$variant,)*];

            /// psutil's name for this attribute.
            ///
            /// ```
            /// assert_eq!(psutil_rs::Attr::Username.as_str(), "username");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Attr::$variant => $name,)*
                }
            }
        }
    };
}

attrs! {
    Cmdline => "cmdline",
    CpuAffinity => "cpu_affinity",
    CpuNum => "cpu_num",
    CpuPercent => "cpu_percent",
    CpuTimes => "cpu_times",
    CreateTime => "create_time",
    Cwd => "cwd",
    Environ => "environ",
    Exe => "exe",
    Gids => "gids",
    IoCounters => "io_counters",
    Ionice => "ionice",
    MemoryFullInfo => "memory_full_info",
    MemoryInfo => "memory_info",
    MemoryMaps => "memory_maps",
    MemoryPercent => "memory_percent",
    Name => "name",
    NetConnections => "net_connections",
    Nice => "nice",
    NumCtxSwitches => "num_ctx_switches",
    NumFds => "num_fds",
    NumThreads => "num_threads",
    OpenFiles => "open_files",
    Pid => "pid",
    Ppid => "ppid",
    Status => "status",
    Terminal => "terminal",
    Threads => "threads",
    Uids => "uids",
    Username => "username",
}

impl fmt::Display for Attr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Attr {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Attr::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Error::invalid(format!("invalid attr name '{s}'")))
    }
}

impl Attr {
    /// Parses a list of names, reporting every unknown one as psutil does
    /// (`invalid attr name 'x'` / `invalid attr names 'x', 'y'`).
    ///
    /// ```
    /// use psutil_rs::Attr;
    /// assert_eq!(Attr::parse_list(&["pid", "name"]).unwrap(), vec![Attr::Pid, Attr::Name]);
    /// let e = Attr::parse_list(&["foo", "pid", "bar"]).unwrap_err();
    /// assert_eq!(e.to_string(), "invalid attr names 'foo', 'bar'");
    /// ```
    pub fn parse_list<S: AsRef<str>>(names: &[S]) -> Result<Vec<Attr>> {
        let mut bad = Vec::new();
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            match n.as_ref().parse::<Attr>() {
                Ok(a) => out.push(a),
                Err(_) => bad.push(format!("'{}'", n.as_ref())),
            }
        }
        match bad.len() {
            0 => Ok(out),
            1 => Err(Error::invalid(format!("invalid attr name {}", bad[0]))),
            _ => Err(Error::invalid(format!("invalid attr names {}", bad.join(", ")))),
        }
    }
}

/// The value of one prefetched attribute.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::{Attr, AttrValue};
/// let info = psutil_rs::Process::current()?.as_dict(&[Attr::Pid])?;
/// assert!(matches!(info.value(Attr::Pid), Some(AttrValue::Pid(p)) if *p == std::process::id()));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
#[non_exhaustive]
pub enum AttrValue {
    /// `pid`, `ppid`.
    Pid(Pid),
    /// `username`.
    Str(String),
    /// `name`, byte-exact ([`Process::name_os`]); serialized lossily as a string.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::lossy"))]
    OsStr(OsString),
    /// `exe`, `cwd`, byte-exact ([`Process::exe_os`], [`Process::cwd_os`]); serialized
    /// lossily as a string.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::lossy"))]
    Path(PathBuf),
    /// `terminal`.
    OptStr(Option<String>),
    /// `cmdline`, byte-exact ([`Process::cmdline_os`]); serialized lossily as strings.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::lossy_list"))]
    OsStrList(Vec<OsString>),
    /// `environ`.
    Env(Environ),
    /// `create_time`, `cpu_percent`, `memory_percent`.
    Float(f64),
    /// `cpu_num`, `nice`.
    Int(i64),
    /// `num_threads`, `num_fds`.
    Count(u64),
    /// `status`.
    Status(ProcessStatus),
    /// `cpu_times`.
    CpuTimes(ProcessCpuTimes),
    /// `memory_info`.
    MemoryInfo(ProcessMemoryInfo),
    /// `uids`.
    Uids(Uids),
    /// `gids`.
    Gids(Gids),
    /// `num_ctx_switches`.
    CtxSwitches(CtxSwitches),
    /// `net_connections`.
    Connections(Vec<Connection>),
    /// `ionice`.
    Ionice(IoNice),
    /// `cpu_affinity`.
    Cpus(Vec<usize>),
    /// `memory_full_info`.
    MemoryFullInfo(MemoryFullInfo),
    /// `memory_maps` (grouped by path, as psutil's `as_dict` calls it).
    MemoryMaps(Vec<MemoryMap>),
    /// `open_files`.
    OpenFiles(Vec<OpenFile>),
    /// `threads`.
    Threads(Vec<Thread>),
    /// `io_counters`.
    IoCounters(IoCounters),
}

/// The attributes of one process fetched by [`Process::as_dict`] or
/// [`crate::process_iter_with`], in request order. A value denied (`AccessDenied`) or
/// unavailable on a zombie (`ZombieProcess`) is kept as that error, so a caller can
/// substitute psutil's `ad_value`; with the `serde` feature it serializes as `null`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::Attr;
/// let info = psutil_rs::Process::current()?.as_dict(&[Attr::Name, Attr::NumThreads])?;
/// assert_eq!(info.len(), 2);
/// assert!(info.name().is_some());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ProcessInfo {
    pid: Pid,
    entries: Vec<(Attr, std::result::Result<AttrValue, Error>)>,
}

impl ProcessInfo {
    /// The pid these values belong to.
    ///
    /// ```
    /// let me = psutil_rs::Process::current().unwrap();
    /// assert_eq!(me.as_dict(&[]).unwrap().pid(), me.pid());
    /// ```
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The outcome for `attr`: `None` if it was not requested (or not supported and not
    /// requested explicitly), else the value or its `AccessDenied`/`ZombieProcess` error.
    ///
    /// ```
    /// use psutil_rs::Attr;
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[Attr::Pid]).unwrap();
    /// assert!(info.get(Attr::Pid).unwrap().is_ok());
    /// assert!(info.get(Attr::Name).is_none());
    /// ```
    pub fn get(&self, attr: Attr) -> Option<&std::result::Result<AttrValue, Error>> {
        self.entries.iter().find(|(a, _)| *a == attr).map(|(_, r)| r)
    }

    /// The value for `attr` if it was fetched successfully.
    ///
    /// ```
    /// use psutil_rs::Attr;
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[Attr::Ppid]).unwrap();
    /// assert!(info.value(Attr::Ppid).is_some());
    /// ```
    pub fn value(&self, attr: Attr) -> Option<&AttrValue> {
        self.get(attr).and_then(|r| r.as_ref().ok())
    }

    /// The `name` value, if fetched, as lossy UTF-8 (borrowed when it is valid UTF-8).
    ///
    /// ```
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[psutil_rs::Attr::Name]).unwrap();
    /// assert!(!info.name().unwrap().is_empty());
    /// ```
    pub fn name(&self) -> Option<Cow<'_, str>> {
        match self.value(Attr::Name) {
            Some(AttrValue::OsStr(s)) => Some(s.to_string_lossy()),
            _ => None,
        }
    }

    /// The `ppid` value, if fetched.
    ///
    /// ```
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[psutil_rs::Attr::Ppid]).unwrap();
    /// assert_eq!(info.ppid(), Some(std::os::unix::process::parent_id()));
    /// ```
    pub fn ppid(&self) -> Option<Pid> {
        match self.value(Attr::Ppid) {
            Some(AttrValue::Pid(p)) => Some(*p),
            _ => None,
        }
    }

    /// Every (attribute, outcome) pair, in request order.
    ///
    /// ```
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[]).unwrap();
    /// assert!(info.iter().count() >= 20);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Attr, &std::result::Result<AttrValue, Error>)> {
        self.entries.iter().map(|(a, r)| (*a, r))
    }

    /// The number of attributes present.
    ///
    /// ```
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[psutil_rs::Attr::Pid]).unwrap();
    /// assert_eq!(info.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no attribute is present.
    ///
    /// ```
    /// let info = psutil_rs::Process::current().unwrap().as_dict(&[psutil_rs::Attr::Pid]).unwrap();
    /// assert!(!info.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ProcessInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (a, r) in &self.entries {
            m.serialize_entry(a.as_str(), &r.as_ref().ok())?;
        }
        m.end()
    }
}

impl Process {
    /// Fetches one attribute by name, as `as_dict` does (no arguments).
    pub(crate) fn fetch_attr(&self, attr: Attr) -> Result<AttrValue> {
        Ok(match attr {
            Attr::Pid => AttrValue::Pid(self.pid()),
            Attr::Ppid => AttrValue::Pid(self.ppid()?),
            Attr::Name => AttrValue::OsStr(self.name_os()?),
            Attr::Exe => AttrValue::Path(self.exe_os()?),
            Attr::Cwd => AttrValue::Path(self.cwd_os()?),
            Attr::Username => AttrValue::Str(self.username()?),
            Attr::Terminal => AttrValue::OptStr(self.terminal()?),
            Attr::Cmdline => AttrValue::OsStrList(self.cmdline_os()?),
            Attr::Environ => AttrValue::Env(self.environ()?),
            Attr::CreateTime => AttrValue::Float(self.create_time()?),
            Attr::CpuPercent => AttrValue::Float(self.cpu_percent(None)?),
            Attr::CpuNum => AttrValue::Int(self.cpu_num()?),
            Attr::NumThreads => AttrValue::Count(self.num_threads()?),
            Attr::Status => AttrValue::Status(self.status()?),
            Attr::CpuTimes => AttrValue::CpuTimes(self.cpu_times()?),
            Attr::MemoryInfo => AttrValue::MemoryInfo(self.memory_info()?),
            Attr::Uids => AttrValue::Uids(self.uids()?),
            Attr::Gids => AttrValue::Gids(self.gids()?),
            Attr::NumCtxSwitches => AttrValue::CtxSwitches(self.num_ctx_switches()?),
            Attr::NetConnections => AttrValue::Connections(self.net_connections(ConnectionKind::Inet)?),
            Attr::Nice => AttrValue::Int(i64::from(self.nice()?)),
            Attr::Ionice => AttrValue::Ionice(self.ionice()?),
            Attr::CpuAffinity => AttrValue::Cpus(self.cpu_affinity()?),
            Attr::IoCounters => AttrValue::IoCounters(self.io_counters()?),
            Attr::MemoryFullInfo => AttrValue::MemoryFullInfo(self.memory_full_info()?),
            Attr::MemoryMaps => AttrValue::MemoryMaps(self.memory_maps(true)?),
            Attr::MemoryPercent => AttrValue::Float(self.memory_percent(MemType::Rss)?),
            Attr::NumFds => AttrValue::Count(self.num_fds()? as u64),
            Attr::OpenFiles => AttrValue::OpenFiles(self.open_files()?),
            Attr::Threads => AttrValue::Threads(self.threads()?),
        })
    }

    /// The requested attributes in one pass, inside [`Process::oneshot`] (psutil's
    /// `as_dict(attrs)`), as one snapshot: `open_files`, `net_connections` and `num_fds`
    /// also share one read of the fd links. An empty `attrs` means all 30. `AccessDenied` and
    /// `ZombieProcess` are kept per attribute (psutil substitutes `ad_value`);
    /// `NoSuchProcess` and other errors are returned. An unsupported attribute is omitted
    /// when `attrs` is empty and an error when it was asked for.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use psutil_rs::Attr;
    /// let info = psutil_rs::Process::current()?.as_dict(&[Attr::Pid, Attr::Status])?;
    /// assert_eq!(info.iter().map(|(a, _)| a).collect::<Vec<_>>(), [Attr::Pid, Attr::Status]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_dict(&self, attrs: &[Attr]) -> Result<ProcessInfo> {
        const MAX: usize = Attr::ALL.len();
        let explicit = !attrs.is_empty();
        let list = if explicit { attrs } else { Attr::ALL };
        // The distinct attributes in request order, and the order to fetch them in (the
        // backend's: reads that later getters reuse come first), on the stack.
        let mut wanted = [Attr::Pid; MAX];
        let mut n = 0;
        for &attr in list {
            if n < MAX && !wanted[..n].contains(&attr) {
                wanted[n] = attr;
                n += 1;
            }
        }
        let wanted = &wanted[..n];
        let mut order = [(0u8, 0usize); MAX];
        for (i, (slot, &attr)) in order.iter_mut().zip(wanted).enumerate() {
            *slot = (imp::prefetch_rank(attr), i);
        }
        let order = &mut order[..n];
        order.sort_unstable();
        self.snapshot(|p| {
            let mut entries: Vec<(Attr, std::result::Result<AttrValue, Error>)> = Vec::with_capacity(n);
            for &attr in order.iter().map(|&(_, i)| &wanted[i]) {
                match p.fetch_attr(attr) {
                    Ok(v) => entries.push((attr, Ok(v))),
                    Err(e) if e.is_access_denied() || e.is_zombie() => entries.push((attr, Err(e))),
                    Err(e) if e.is_not_supported() && !explicit => {}
                    Err(e) => return Err(e),
                }
            }
            entries.sort_unstable_by_key(|(a, _)| wanted.iter().position(|w| w == a));
            Ok(ProcessInfo { pid: p.pid(), entries })
        })
    }
}

/// Lossy string serializers for the byte-exact values.
#[cfg(feature = "serde")]
mod ser {
    use std::ffi::OsStr;

    pub(super) fn lossy<T: AsRef<OsStr>, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.as_ref().to_string_lossy())
    }

    pub(super) fn lossy_list<T: AsRef<OsStr>, S: serde::Serializer>(
        v: &[T],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|a| a.as_ref().to_string_lossy()))
    }
}
