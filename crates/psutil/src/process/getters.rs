//! The read-only `Process` getters and the process tree (parent, parents, children).

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{lock, lowest_pid, Process, ProcessCpuTimes, ProcessMemoryInfo, ProcessStatus};
use super::{CtxSwitches, Environ, Gids, PageFaults, Uids};
use crate::net::{Connection, ConnectionKind};
use crate::sys::process as imp;
use crate::{Error, Pid, Result};

/// The most processes a recursive [`Process::children`] finds through per-process lists
/// of children: it reads the lists of each (two `stat` reads and a list per thread, and a
/// `stat` per thread when there are several), where the scan reads one `stat` per process
/// on the machine. A bigger tree is scanned, and the walk
/// stops before it adopts the list that would pass the limit.
const CHILD_LIST_LIMIT: usize = 32;

/// What a pid named as a child turned out to be.
enum Kin {
    /// A process not older than the parent: a child.
    Child(Process),
    /// Older than the parent: its parent's pid was reused, so not a child.
    Older,
    /// Gone, or unreadable.
    Unreadable,
}

impl Kin {
    fn child(self) -> Option<Process> {
        match self {
            Kin::Child(p) => Some(p),
            Kin::Older | Kin::Unreadable => None,
        }
    }
}

/// psutil's `_pprint_secs`: local `HH:MM:SS` for today, else `YYYY-mm-dd HH:MM:SS`.
fn pprint_secs(secs: f64) -> String {
    #[cfg(unix)]
    {
        let local = |secs: i64| {
            // `as _` converts to time_t without naming the alias, which the libc crate
            // marks deprecated for musl targets.
            let t = secs as _;
            // SAFETY: `tm` is a plain out-parameter; localtime_r is thread-safe.
            let mut tm: libc::tm = unsafe { std::mem::zeroed() };
            let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
            ok.then_some(tm)
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        if let (Some(tm), Some(today)) = (local(secs as i64), local(now)) {
            let hms = format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
            if (tm.tm_year, tm.tm_yday) == (today.tm_year, today.tm_yday) {
                return hms;
            }
            return format!("{:04}-{:02}-{:02} {hms}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        }
    }
    format!("{secs}")
}

/// psutil's `repr(Process)`: `psutil.Process(pid=N, name='x', status='running'[,
/// started='HH:MM:SS'])`; `started` only once `create_time()` was read;
/// `status='terminated'` for a gone process, `'zombie'` for a zombie.
///
/// ```
/// let p = psutil_rs::Process::current().unwrap();
/// let s = p.to_string();
/// assert!(s.starts_with(&format!("psutil.Process(pid={}, name='", p.pid())), "{s}");
/// assert!(s.ends_with("status='running')"), "{s}");
/// p.create_time().unwrap();
/// assert!(p.to_string().contains(", started='"));
/// ```
impl std::fmt::Display for Process {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = vec![format!("pid={}", self.pid())];
        let mut name = self.cached_name();
        let status = self.oneshot(|p| {
            let r = p.name().and_then(|n| {
                name = Some(n);
                p.status()
            });
            match r {
                Ok(st) => Some(st.as_str().to_string()),
                Err(e) if e.is_zombie() => Some("zombie".into()),
                Err(e) if e.is_no_such_process() => Some(
                    if self.inner.pid_reused.load(std::sync::atomic::Ordering::Relaxed) {
                        "terminated + PID reused"
                    } else {
                        "terminated"
                    }
                    .into(),
                ),
                Err(_) => None,
            }
        });
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            parts.push(format!("name='{n}'"));
        }
        if let Some(st) = status {
            parts.push(format!("status='{st}'"));
        }
        if let Some(t) = self.inner.create_time.get() {
            parts.push(format!("started='{}'", pprint_secs(*t)));
        }
        write!(f, "psutil.Process({})", parts.join(", "))
    }
}

/// `round(x, 1)` as psutil does for percents.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The lossy UTF-8 view of a name or path read as bytes (the `String` getters): valid
/// UTF-8 is taken as it is, without a copy; other bytes become U+FFFD.
pub(crate) fn into_lossy(s: OsString) -> String {
    s.into_string().unwrap_or_else(|raw| raw.to_string_lossy().into_owned())
}

fn is_executable_file(p: &Path) -> bool {
    if !p.is_absolute() || !p.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else { return false };
        // SAFETY: `c` is a valid NUL-terminated path.
        unsafe { libc::access(c.as_ptr(), libc::X_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

impl Process {
    /// The parent pid (psutil's `ppid()`), checked for pid reuse. Shares the `stat` read
    /// inside [`Process::oneshot`].
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// assert_eq!(me.ppid()?, std::os::unix::process::parent_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn ppid(&self) -> Result<Pid> {
        self.check_not_reused_for_stat()?;
        imp::ppid(&self.backend())
    }

    /// The process name (psutil's `name()`): the `stat` comm; when it is 15+ characters
    /// long and the basename of `cmdline[0]` starts with it, that basename instead.
    /// Bytes that are not UTF-8 become U+FFFD; [`Process::name_os`] keeps them.
    ///
    /// On Linux, outside [`Process::oneshot`], a short comm is read from
    /// `/proc/PID/comm` (the same bytes as `stat`'s, which costs the kernel more to
    /// format); inside one, the shared `stat` read gives it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let name = psutil_rs::Process::current()?.name()?;
    /// assert!(!name.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn name(&self) -> Result<String> {
        let name = into_lossy(imp::name(&self.backend())?);
        self.remember_name(&name);
        Ok(name)
    }

    /// [`Process::name`] byte-exact: the name as the kernel has it, even when it is not
    /// UTF-8 (Python's psutil decodes it with `surrogateescape`). The long-name rule
    /// counts characters as Python does (each byte that is not part of a UTF-8 character
    /// counts one).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let p = psutil_rs::Process::current()?;
    /// let name = p.name_os()?;
    /// assert_eq!(name.to_string_lossy(), p.name()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn name_os(&self) -> Result<OsString> {
        let name = imp::name(&self.backend())?;
        self.remember_name(&name.to_string_lossy());
        Ok(name)
    }

    /// The executable's absolute path, or `""` when unknown (psutil's `exe()`): the
    /// `exe` link (cut at NUL, ` (deleted)` dropped when stale); when empty or denied,
    /// `cmdline[0]` if it is an absolute executable file. A zombie → `ZombieProcess`.
    /// Cached for the life of the instance (a denial is not cached). Bytes that are not
    /// UTF-8 become U+FFFD; [`Process::exe_os`] keeps them.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let exe = psutil_rs::Process::current()?.exe()?;
    /// assert_eq!(std::path::PathBuf::from(&exe), std::env::current_exe().unwrap());
    /// # Ok(())
    /// # }
    /// ```
    pub fn exe(&self) -> Result<String> {
        self.exe_os().map(|p| into_lossy(p.into_os_string()))
    }

    /// [`Process::exe`] byte-exact: the same rules, the path as the kernel has it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let exe = psutil_rs::Process::current()?.exe_os()?;
    /// assert_eq!(exe, std::fs::read_link("/proc/self/exe").unwrap());
    /// # Ok(())
    /// # }
    /// ```
    pub fn exe_os(&self) -> Result<PathBuf> {
        if let Some(exe) = self.inner.exe.get() {
            return Ok(exe.clone());
        }
        // psutil's guess from cmdline[0]; an error of cmdline itself (a zombie's
        // ZombieProcess, a vanished process) is the answer, as in psutil.
        let guess = |fallback: Result<PathBuf>| -> Result<PathBuf> {
            let args = self.cmdline_os()?;
            match args.into_iter().next().map(PathBuf::from).filter(|a| is_executable_file(a)) {
                Some(first) => Ok(first),
                None => fallback,
            }
        };
        let exe = match imp::exe(&self.backend()) {
            Err(e) if e.is_access_denied() => return guess(Err(e)),
            Err(e) => return Err(e),
            Ok(exe) if exe.as_os_str().is_empty() => guess(Ok(exe))?,
            Ok(exe) => exe,
        };
        Ok(self.inner.exe.get_or_init(|| exe).clone())
    }

    /// The command line (psutil's `cmdline()`), split with psutil's NUL/space rules. A
    /// kernel thread gives `[]`; a zombie → `ZombieProcess`. Bytes that are not UTF-8
    /// become U+FFFD; [`Process::cmdline_os`] keeps them.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let args = psutil_rs::Process::current()?.cmdline()?;
    /// assert_eq!(args, std::env::args().collect::<Vec<_>>());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cmdline(&self) -> Result<Vec<String>> {
        Ok(imp::cmdline(&self.backend())?.into_iter().map(into_lossy).collect())
    }

    /// [`Process::cmdline`] byte-exact: the same split, each argument as the kernel has it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let args = psutil_rs::Process::current()?.cmdline_os()?;
    /// assert_eq!(args, std::env::args_os().collect::<Vec<_>>());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cmdline_os(&self) -> Result<Vec<OsString>> {
        imp::cmdline(&self.backend())
    }

    /// The environment (psutil's `environ()`). A zombie → `ZombieProcess`; a kernel
    /// thread → an empty map. Iteration follows psutil's dict order (see [`Environ`]).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let env = psutil_rs::Process::current()?.environ()?;
    /// assert_eq!(env.get("PATH"), std::env::var("PATH").ok().as_deref());
    /// # Ok(())
    /// # }
    /// ```
    pub fn environ(&self) -> Result<Environ> {
        imp::environ(&self.backend())
    }

    /// Creation time in seconds since the epoch (psutil's `create_time()`): start ticks /
    /// clock ticks + boot time. Cached for the life of the instance.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let t = psutil_rs::Process::current()?.create_time()?;
    /// let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
    /// assert!(t <= now + 1.0 && t > now - 86400.0 * 365.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_time(&self) -> Result<f64> {
        if let Some(t) = self.inner.create_time.get() {
            return Ok(*t);
        }
        let t = imp::create_time_monotonic(&self.backend())? + crate::sys::host::boot_time(self.roots())?;
        Ok(*self.inner.create_time.get_or_init(|| t))
    }

    /// Creation time in seconds since boot (psutil's `create_time(monotonic=True)`), not
    /// affected by clock changes. Not cached.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.create_time_monotonic()? >= 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_time_monotonic(&self) -> Result<f64> {
        imp::create_time_monotonic(&self.backend())
    }

    /// The creation time since boot that was read when this handle was made (the start
    /// time it is identified by), converted as [`Process::create_time_monotonic`] does;
    /// `None` when it could not be read then (zombie, access denied, gone). Reads
    /// nothing: psutil reads the creation time once, when a `Process` is made, and keeps
    /// it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// assert_eq!(me.create_time_monotonic_at_open(), Some(me.create_time_monotonic()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_time_monotonic_at_open(&self) -> Option<f64> {
        self.inner.ident.map(imp::start_ticks_to_secs)
    }

    /// The status (psutil's `status()`); a zombie gives [`ProcessStatus::Zombie`].
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert_eq!(psutil_rs::Process::current()?.status()?, psutil_rs::ProcessStatus::Running);
    /// # Ok(())
    /// # }
    /// ```
    pub fn status(&self) -> Result<ProcessStatus> {
        imp::status_of(&self.backend())
    }

    /// The working directory, or `""` when unknown (psutil's `cwd()`); a zombie →
    /// `ZombieProcess`. Bytes that are not UTF-8 become U+FFFD; [`Process::cwd_os`] keeps
    /// them.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let cwd = psutil_rs::Process::current()?.cwd()?;
    /// assert_eq!(std::path::PathBuf::from(cwd), std::env::current_dir().unwrap());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cwd(&self) -> Result<String> {
        self.cwd_os().map(|p| into_lossy(p.into_os_string()))
    }

    /// [`Process::cwd`] byte-exact: the same rules, the path as the kernel has it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let cwd = psutil_rs::Process::current()?.cwd_os()?;
    /// assert_eq!(cwd, std::env::current_dir().unwrap());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cwd_os(&self) -> Result<PathBuf> {
        imp::cwd(&self.backend())
    }

    /// The name of the real user (psutil's `username()`); the uid as a string when it
    /// has no passwd entry.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(!psutil_rs::Process::current()?.username()?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn username(&self) -> Result<String> {
        #[cfg(all(windows, not(psutil_unsupported)))]
        {
            // Windows: the account of the process token (DOMAIN\user); no uids there.
            crate::sys::windows::process::username(self.pid())
        }
        #[cfg(not(all(windows, not(psutil_unsupported))))]
        {
            let uid = self.uids()?.real;
            Ok(super::batch::user_name(uid).unwrap_or_else(|| uid.to_string()))
        }
    }

    /// Real, effective and saved uids (psutil's `uids()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert_eq!(psutil_rs::Process::current()?.uids()?.effective, unsafe { libc::geteuid() });
    /// # Ok(())
    /// # }
    /// ```
    pub fn uids(&self) -> Result<Uids> {
        imp::uids(&self.backend())
    }

    /// Real, effective and saved gids (psutil's `gids()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert_eq!(psutil_rs::Process::current()?.gids()?.effective, unsafe { libc::getegid() });
    /// # Ok(())
    /// # }
    /// ```
    pub fn gids(&self) -> Result<Gids> {
        imp::gids(&self.backend())
    }

    /// The controlling terminal's path, `None` if there is none (psutil's `terminal()`).
    ///
    /// Deviation from psutil 7.2.2, which maps device numbers to paths with the `/dev`
    /// listing of its first call and so answers `None` for a terminal opened later
    /// (gh-2830): the listing is read again when a device is not in it.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// if let Some(tty) = psutil_rs::Process::current()?.terminal()? {
    ///     assert!(tty.starts_with("/dev/"));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn terminal(&self) -> Result<Option<String>> {
        imp::terminal(&self.backend())
    }

    /// Voluntary and involuntary context switches (psutil's `num_ctx_switches()`);
    /// `NotSupported` on kernels without the status lines.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let me = psutil_rs::Process::current()?;
    /// let before = me.num_ctx_switches()?;
    /// std::thread::sleep(std::time::Duration::from_millis(5));
    /// assert!(me.num_ctx_switches()?.voluntary > before.voluntary);
    /// # Ok(())
    /// # }
    /// ```
    pub fn num_ctx_switches(&self) -> Result<CtxSwitches> {
        imp::num_ctx_switches(&self.backend())
    }

    /// The number of threads (psutil's `num_threads()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.num_threads()? >= 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn num_threads(&self) -> Result<u64> {
        imp::num_threads(&self.backend())
    }

    /// CPU times in seconds (psutil's `cpu_times()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.cpu_times()?.children_user >= 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn cpu_times(&self) -> Result<ProcessCpuTimes> {
        imp::cpu_times(&self.backend())
    }

    /// CPU utilization in percent of one CPU (can exceed 100), psutil's
    /// `cpu_percent(interval)`. With `None` or `Some(0.0)` it compares with the previous
    /// call on this instance (the first call returns 0.0); with `Some(t)` it blocks `t`
    /// seconds. A negative interval → `InvalidArgument`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let p = psutil_rs::Process::current()?;
    /// assert_eq!(p.cpu_percent(None)?, 0.0);
    /// assert!(p.cpu_percent(None)? >= 0.0);
    /// assert!(p.cpu_percent(Some(-1.0)).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cpu_percent(&self, interval: Option<f64>) -> Result<f64> {
        let interval = interval.unwrap_or(0.0);
        if interval < 0.0 || interval.is_nan() {
            return Err(Error::invalid(format!("interval is not positive (got {interval})")));
        }
        let busy = |t: ProcessCpuTimes| t.user + t.system;
        let (t1, p1) = if interval > 0.0 {
            let pause = Duration::try_from_secs_f64(interval)
                .map_err(|_| Error::invalid(format!("interval is too large (got {interval})")))?;
            let t1 = Instant::now();
            let p1 = busy(imp::cpu_times(&self.backend())?);
            std::thread::sleep(pause);
            (t1, p1)
        } else {
            let prev = *lock(&self.inner.last_cpu);
            match prev {
                Some(prev) => prev,
                None => {
                    let sample = (Instant::now(), busy(imp::cpu_times(&self.backend())?));
                    *lock(&self.inner.last_cpu) = Some(sample);
                    return Ok(0.0);
                }
            }
        };
        let t2 = Instant::now();
        let p2 = busy(imp::cpu_times(&self.backend())?);
        *lock(&self.inner.last_cpu) = Some((t2, p2));
        let wall = t2.saturating_duration_since(t1).as_secs_f64();
        if wall <= 0.0 {
            return Ok(0.0);
        }
        Ok(round1((p2 - p1) / wall * 100.0))
    }

    /// The CPU the process last ran on (psutil's `cpu_num()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.cpu_num()? >= 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn cpu_num(&self) -> Result<i64> {
        imp::cpu_num(&self.backend())
    }

    /// Memory in bytes (psutil's `memory_info()`), from `statm` × page size.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.memory_info()?.rss > 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn memory_info(&self) -> Result<ProcessMemoryInfo> {
        imp::memory_info(&self.backend())
    }

    /// Minor and major page faults (psutil 8.0's `page_faults()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert!(psutil_rs::Process::current()?.page_faults()?.minor > 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn page_faults(&self) -> Result<PageFaults> {
        imp::page_faults(&self.backend())
    }

    /// A fresh handle on the same pid, to read a non-cached create time.
    fn fresh(&self) -> Result<Process> {
        Process::with_roots(self.pid(), self.inner.roots.clone(), false)
    }

    /// The parent process, or `None` (psutil's `parent()`): `None` for the lowest pid and
    /// for pid 0, when the parent is gone, or when the ppid was reused by a process younger than this
    /// one.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let parent = psutil_rs::Process::current()?.parent()?.expect("a parent");
    /// assert_eq!(parent.pid(), std::os::unix::process::parent_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn parent(&self) -> Result<Option<Process>> {
        // pid 0, where an OS has one, is the lowest there and psutil gives it no parent,
        // also when `pids()` does not list it (Wine's process list).
        if self.pid() == 0 || self.pid() == lowest_pid(self.roots())? {
            return Ok(None);
        }
        let ppid = self.ppid()?;
        let own = self.fresh()?.new_handle_start()?;
        match Process::with_roots(ppid, self.inner.roots.clone(), false) {
            Ok(parent) => match parent.new_handle_start() {
                Ok(t) if t <= own => Ok(Some(parent)),
                Ok(_) => Ok(None),
                Err(e) if e.is_no_such_process() && !e.is_zombie() => Ok(None),
                Err(e) => Err(e),
            },
            Err(e) if e.is_no_such_process() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// All ancestors, nearest first (psutil's `parents()`).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let ps = psutil_rs::Process::current()?.parents()?;
    /// assert_eq!(ps[0].pid(), std::os::unix::process::parent_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn parents(&self) -> Result<Vec<Process>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut cur = self.parent()?;
        while let Some(p) = cur {
            if !seen.insert(p.pid()) {
                break;
            }
            cur = p.parent()?;
            out.push(p);
        }
        Ok(out)
    }

    /// Start ticks read now (not the identity snapshot), for the tree's age comparisons.
    fn create_time_ticks(&self) -> Result<f64> {
        imp::create_time_monotonic(&self.backend())
    }

    /// The start time of a handle just made: the identity it read, or, when it has none
    /// (a zombie, access denied), [`Process::create_time_ticks`].
    fn new_handle_start(&self) -> Result<f64> {
        self.create_time_monotonic_at_open().map_or_else(|| self.create_time_ticks(), Ok)
    }

    /// The children (psutil's `children(recursive)`), checked for pid reuse. A child is
    /// kept only if it is not older than this process. `recursive` walks the whole
    /// subtree (depth-first, as psutil). Reading another process's `stat` denied →
    /// `AccessDenied`.
    ///
    /// psutil reads the parent pid of every process on the machine. On Linux, the children
    /// of a process with at most 64 threads come from the kernel's lists of its threads'
    /// children (`/proc/PID/task/TID/children`) instead, when nothing shows that a list
    /// changed while it was read (see `sys::linux::process::child_list`); otherwise, and
    /// on the other systems, every process is read as psutil does. Both give the same
    /// processes, in the same order.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// let mut child = std::process::Command::new("sleep").arg("5").spawn().unwrap();
    /// let kids = psutil_rs::Process::current()?.children(false)?;
    /// assert!(kids.iter().any(|k| k.pid() == child.id()));
    /// child.kill().unwrap();
    /// child.wait().unwrap();
    /// # Ok(())
    /// # }
    /// ```
    pub fn children(&self, recursive: bool) -> Result<Vec<Process>> {
        self.check_not_reused()?;
        let own = self.fresh()?.new_handle_start()?;
        let roots = self.inner.roots.clone();
        let adopt = |pid: Pid| -> Kin {
            let Ok(child) = Process::with_roots(pid, roots.clone(), false) else { return Kin::Unreadable };
            match child.new_handle_start() {
                Ok(t) if own <= t => Kin::Child(child),
                Ok(_) => Kin::Older,
                Err(_) => Kin::Unreadable,
            }
        };
        if let Some(out) = self.children_from_lists(recursive, &adopt) {
            return Ok(out);
        }
        let map = imp::ppid_map(self.roots())?;
        let mut out = Vec::new();
        if !recursive {
            for &(pid, ppid) in &map {
                if ppid == self.pid() {
                    out.extend(adopt(pid).child());
                }
            }
            return Ok(out);
        }
        let mut reverse: HashMap<Pid, Vec<Pid>> = HashMap::new();
        for &(pid, ppid) in &map {
            reverse.entry(ppid).or_default().push(pid);
        }
        let mut seen = HashSet::new();
        let mut stack = vec![self.pid()];
        while let Some(pid) = stack.pop() {
            if !seen.insert(pid) {
                continue;
            }
            for &kid in reverse.get(&pid).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(child) = adopt(kid).child() {
                    out.push(child);
                    stack.push(kid);
                }
            }
        }
        Ok(out)
    }

    /// [`Process::children`] from the backend's lists of one process's children
    /// (`child_pids`), walked in the order of psutil's walk of its pid → ppid map. `None`
    /// when a list cannot be trusted, a listed pid cannot be read as a process (a child
    /// reaped during the read may have made the kernel skip another, see
    /// `sys::linux::process::child_list`), or a recursive walk would pass
    /// [`CHILD_LIST_LIMIT`] processes: the caller then scans every process.
    fn children_from_lists(&self, recursive: bool, adopt: &impl Fn(Pid) -> Kin) -> Option<Vec<Process>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![self.pid()];
        while let Some(pid) = stack.pop() {
            if !seen.insert(pid) {
                continue;
            }
            let kids = imp::child_pids(self.roots(), pid)?;
            if recursive && out.len() + kids.len() > CHILD_LIST_LIMIT {
                return None;
            }
            for kid in kids {
                match adopt(kid) {
                    Kin::Child(child) => {
                        out.push(child);
                        if recursive {
                            stack.push(kid);
                        }
                    }
                    Kin::Older => {}
                    Kin::Unreadable => return None,
                }
            }
        }
        Some(out)
    }

    /// The sockets opened by this process (psutil's `net_connections(kind)`), as
    /// [`Connection`] rows with `pid: None`. Only this process's fds are scanned; with no
    /// socket fds no socket table is read.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use psutil_rs::ConnectionKind;
    /// let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let port = l.local_addr()?.port();
    /// let rows = psutil_rs::Process::current()?.net_connections(ConnectionKind::Tcp4)?;
    /// assert!(rows.iter().any(|c| c.laddr.inet().map(|a| a.port) == Some(port)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn net_connections(&self, kind: ConnectionKind) -> Result<Vec<Connection>> {
        imp::net_connections(&self.backend(), kind)
    }

    /// Deprecated alias of [`Process::net_connections`] (psutil 5.9's `connections`).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let rows = psutil_rs::Process::current().unwrap().connections(Default::default()).unwrap();
    /// assert!(rows.iter().all(|c| c.pid.is_none()));
    /// ```
    #[deprecated(note = "use net_connections")]
    pub fn connections(&self, kind: ConnectionKind) -> Result<Vec<Connection>> {
        self.net_connections(kind)
    }
}
