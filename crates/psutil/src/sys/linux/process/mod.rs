//! Linux backend of [`crate::Process`]: the per-pid files below `<proc>/<pid>/`, read
//! through the oneshot cache, with psutil's errno → exception mapping (reference §2.7).
//!
//! Helpers for the other `impl Process` backends (control, resources):
//! - [`read_pid_file`]: read `<proc>/<pid>/<file>` and parse it, errors mapped.
//! - [`map_os_error`] / [`os_error`]: map an `io::Error` about a process to psutil's class.
//! - [`is_zombie`]: the zombie check behind the mapping.
//! - [`status`]: the (oneshot-cached) `status` fields, e.g. the eligible CPUs.
//!
//! A process's resources are read by one module per kernel file family, each with its
//! parsers, readers and `Process` getters: [`smaps`] (`smaps`, `smaps_rollup`), [`fds`]
//! (`fd/`, `fdinfo/`), [`threads`] (`task/`), [`io_counters`] (`io`); their shared helpers
//! are in [`res_common`].

mod child_list;
pub(super) mod fds;
pub(super) mod io_counters;
pub(crate) mod parse;
mod res_common;
pub(super) mod smaps;
mod status_vm;
pub(super) mod threads;

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::net::{Connection, ConnectionKind};
use crate::paths::Roots;
use crate::process::{
    Attr, CtxSwitches, Environ, Gids, MemType, PageFaults, ProcRef, ProcessCpuTimes, ProcessMemoryInfo,
    ProcessStatus, Uids,
};
use crate::sys::linux::fd_links::FdTable;
use crate::sys::linux::fs::{clock_ticks, page_size, with_file_raw, with_record_raw};
use crate::{Error, Pid, Result};

pub(crate) use child_list::child_pids;
use fds::fd_table;
pub(crate) use parse::{Comm, Stat, Status};
use smaps::SmapsTotals;

/// The Linux-only part of [`ProcessCpuTimes`], read through
/// [`crate::os::linux::ProcessCpuTimesExt`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessCpuTimesOs {
    /// Time waiting for block I/O (`delayacct_blkio_ticks`).
    pub(crate) iowait: f64,
}

/// The Linux-only part of [`ProcessMemoryInfo`] (statm fields × page size), read through
/// [`crate::os::linux::ProcessMemoryInfoExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct ProcessMemoryInfoOs {
    pub(crate) shared: u64,
    pub(crate) text: u64,
    pub(crate) lib: u64,
    pub(crate) data: u64,
    pub(crate) dirty: u64,
}

impl ProcessMemoryInfoOs {
    /// The value of a memtype held here (`shared`, `text`, `lib`, `data`, `dirty`).
    pub(crate) fn field(&self, memtype: MemType) -> Option<u64> {
        match memtype {
            MemType::Shared => Some(self.shared),
            MemType::Text => Some(self.text),
            MemType::Lib => Some(self.lib),
            MemType::Data => Some(self.data),
            MemType::Dirty => Some(self.dirty),
            _ => None,
        }
    }
}

/// The per-instance `oneshot` cache of the Linux backend.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    /// `/proc/<pid>/stat`.
    pub(crate) stat: Option<Stat>,
    /// `/proc/<pid>/status`.
    pub(crate) status: Option<Status>,
    /// `/proc/<pid>/statm` (pages).
    pub(crate) statm: Option<[u64; 7]>,
    /// The answer of the zombie check ([`zombie_ppid`]).
    pub(crate) zombie: Option<Option<Pid>>,
    /// The links of `/proc/<pid>/fd` (`open_files`, `net_connections`, `num_fds`), kept
    /// only during an `as_dict` snapshot.
    pub(crate) fds: Option<Arc<FdTable>>,
    /// uss, pss and swap summed from the `smaps` that `memory_maps` read (psutil's
    /// oneshot shares the `smaps` read too).
    pub(crate) smaps: Option<SmapsTotals>,
}

/// The Linux backend's state of one process: the `oneshot` cache and its nesting. The
/// facade only opens and closes oneshots and snapshots on it; the getters below read
/// through it.
#[derive(Debug, Default)]
pub(crate) struct ProcessState {
    oneshot: Mutex<Oneshot>,
    /// The last comm `name()` saw was 15+ characters long: the next `name()` outside a
    /// oneshot goes straight to `stat` (see [`name`]). A hint about cost only.
    long_comm: AtomicBool,
}

/// The `oneshot()` cache: active while `depth > 0`, emptied when the outermost call exits.
#[derive(Debug, Default)]
struct Oneshot {
    /// How many `oneshot` calls are open on this instance (re-entrancy).
    depth: u32,
    /// How many `as_dict` snapshots are open inside it: while one is, reads that psutil's
    /// `oneshot` does not share (the fd links) are shared too.
    snapshot: u32,
    /// The cached reads.
    cache: Cache,
}

/// Locks a mutex, ignoring poisoning (every writer stores whole values).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ProcessState {
    /// A `oneshot` begins (re-entrant).
    pub(crate) fn enter_oneshot(&self) {
        lock(&self.oneshot).depth += 1;
    }

    /// A `oneshot` ends; the outermost one empties the cache.
    pub(crate) fn leave_oneshot(&self) {
        let mut st = lock(&self.oneshot);
        st.depth = st.depth.saturating_sub(1);
        if st.depth == 0 {
            st.cache = Cache::default();
        }
    }

    /// An `as_dict` snapshot begins (inside a `oneshot`).
    pub(crate) fn enter_snapshot(&self) {
        lock(&self.oneshot).snapshot += 1;
    }

    /// An `as_dict` snapshot ends; the outermost one drops what only a snapshot shares
    /// (psutil's `oneshot` reads the fd links afresh for every call).
    pub(crate) fn leave_snapshot(&self) {
        let mut st = lock(&self.oneshot);
        st.snapshot = st.snapshot.saturating_sub(1);
        if st.snapshot == 0 {
            st.cache.fds = None;
        }
    }

    /// True inside an `as_dict` snapshot.
    pub(crate) fn in_snapshot(&self) -> bool {
        lock(&self.oneshot).snapshot > 0
    }

    /// True inside a `oneshot`.
    pub(crate) fn in_oneshot(&self) -> bool {
        lock(&self.oneshot).depth > 0
    }

    /// A value already in the oneshot cache (`None` outside `oneshot` or when not read
    /// yet); reads nothing.
    pub(crate) fn peek_cached<T>(&self, get: impl FnOnce(&Cache) -> Option<T>) -> Option<T> {
        let st = lock(&self.oneshot);
        if st.depth > 0 {
            get(&st.cache)
        } else {
            None
        }
    }

    /// Stores a value in the oneshot cache when a oneshot is active (a read made for one
    /// getter that another can reuse); does nothing otherwise.
    pub(crate) fn store_cached(&self, put: impl FnOnce(&mut Cache)) {
        let mut st = lock(&self.oneshot);
        if st.depth > 0 {
            put(&mut st.cache);
        }
    }

    /// Reads through the oneshot cache, answering with `pick` of the value rather than a
    /// copy of it: `slot` is the value's place in the cache, `read` produces a fresh one,
    /// stored there when a oneshot is active. Errors are returned, not stored.
    pub(crate) fn cached_pick<V, T>(
        &self,
        slot: impl Fn(&mut Cache) -> &mut Option<V>,
        read: impl FnOnce() -> Result<V>,
        pick: impl Fn(&V) -> T,
    ) -> Result<T> {
        {
            let mut st = lock(&self.oneshot);
            if st.depth > 0 {
                if let Some(v) = slot(&mut st.cache) {
                    return Ok(pick(v));
                }
            }
        }
        let v = read()?;
        let mut st = lock(&self.oneshot);
        if st.depth > 0 {
            return Ok(pick(slot(&mut st.cache).insert(v)));
        }
        Ok(pick(&v))
    }

    /// Reads through the oneshot cache: `get` picks a cached value, `read` produces a
    /// fresh one, `put` stores it when a oneshot is active. Errors are returned, not stored.
    pub(crate) fn cached<T: Clone>(
        &self,
        get: impl Fn(&Cache) -> Option<T>,
        read: impl FnOnce() -> Result<T>,
        put: impl FnOnce(&mut Cache, T),
    ) -> Result<T> {
        {
            let st = lock(&self.oneshot);
            if st.depth > 0 {
                if let Some(v) = get(&st.cache) {
                    return Ok(v);
                }
            }
        }
        let v = read()?;
        let mut st = lock(&self.oneshot);
        if st.depth > 0 {
            put(&mut st.cache, v.clone());
        }
        Ok(v)
    }
}

/// `<proc>/<pid>/<file>`.
pub(crate) fn pid_path(roots: &Roots, pid: Pid, file: &str) -> PathBuf {
    let mut p = roots.proc().join(pid.to_string());
    if !file.is_empty() {
        p.push(file);
    }
    p
}

/// Calls `f` with `<proc>/<pid>/<file>` (as [`pid_path`] builds it), assembled in a stack
/// buffer when it fits, so the per-process reads do not allocate.
pub(crate) fn with_pid_path<R>(roots: &Roots, pid: Pid, file: &str, f: impl FnOnce(&Path) -> R) -> R {
    use std::io::Write;
    let root = roots.proc().as_os_str().as_bytes();
    let mut buf = [0u8; 256];
    let mut cur = io::Cursor::new(&mut buf[..]);
    let fits = !root.is_empty()
        && !root.ends_with(b"/")
        && cur.write_all(root).is_ok()
        && write!(cur, "/{pid}").is_ok()
        && (file.is_empty() || (cur.write_all(b"/").is_ok() && cur.write_all(file.as_bytes()).is_ok()));
    match usize::try_from(cur.position()) {
        Ok(len) if fits => f(Path::new(OsStr::from_bytes(&buf[..len]))),
        _ => f(&pid_path(roots, pid, file)),
    }
}

/// `Some(ppid)` if `<proc>/<pid>/stat` shows state `Z` (psutil's `_raise_if_zombie` test).
pub(crate) fn is_zombie(roots: &Roots, pid: Pid) -> Option<Pid> {
    match with_pid_path(roots, pid, "stat", |path| with_record_raw(path, parse::parse_stat_state)) {
        Ok(Some((b'Z', ppid))) => Some(ppid),
        _ => None,
    }
}

/// [`is_zombie`] for a process: a fresh `stat` read, asked once per `oneshot` (the getters
/// of one oneshot that meet empty data or ESRCH share the answer, as they share `stat`;
/// a `stat` this oneshot already read answers it without a read).
pub(crate) fn zombie_ppid(p: &ProcRef<'_>) -> Option<Pid> {
    let from_stat = |c: &Cache| c.stat.as_ref().map(|s| (s.state == b'Z').then_some(s.ppid));
    p.os.cached(
        |c| c.zombie.or_else(|| from_stat(c)),
        || Ok(is_zombie(p.roots(), p.pid())),
        |c, v| c.zombie = Some(v),
    )
    .ok()
    .flatten()
}

/// When `as_dict` fetches `attr` in its `oneshot`: getters that read `stat` first (a
/// kernel thread is then known before its address-space files would be read, and a zombie
/// check costs no read), those that reuse another getter's read last (`memory_full_info`
/// after `memory_maps`' `smaps`, `num_fds` after the fd listing of `net_connections` and
/// `open_files`, `threads` after the thread count of `stat` or `status`).
pub(crate) fn prefetch_rank(attr: Attr) -> u8 {
    match attr {
        Attr::Name
        | Attr::Ppid
        | Attr::Status
        | Attr::CpuTimes
        | Attr::CpuNum
        | Attr::CpuPercent
        | Attr::CreateTime
        | Attr::Terminal
        | Attr::NumThreads => 0,
        // `status` readers before `memory_info`, which then takes statm's values from it
        Attr::Username | Attr::Uids | Attr::Gids | Attr::NumCtxSwitches => 1,
        Attr::MemoryFullInfo | Attr::NumFds | Attr::Threads => 3,
        _ => 2,
    }
}

/// True when this oneshot's `stat` shows a live kernel thread (see
/// [`Stat::is_live_kernel_thread`]); false outside `oneshot` or before `stat` was read.
pub(crate) fn known_kernel_thread(p: &ProcRef<'_>) -> bool {
    p.os.peek_cached(|c| c.stat.as_ref().map(Stat::is_live_kernel_thread)) == Some(true)
}

/// Maps an OS error met while reading `path` about process `pid` to psutil's class:
/// EACCES/EPERM → `AccessDenied`; ESRCH → `ZombieProcess` if the process is a zombie, else
/// `NoSuchProcess`; ENOENT → the same zombie check, then `NoSuchProcess` only if
/// `<proc>/<pid>/stat` is gone, else the raw error (psutil #2418). Others stay raw `Io`.
pub(crate) fn map_os_error(
    roots: &Roots,
    pid: Pid,
    name: Option<String>,
    err: io::Error,
    path: &Path,
) -> Error {
    match err.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => Error::access_denied(Some(pid), name),
        Some(code @ (libc::ESRCH | libc::ENOENT)) => {
            if let Some(ppid) = is_zombie(roots, pid) {
                return Error::zombie_process(pid, name, Some(ppid));
            }
            if code == libc::ESRCH || !pid_path(roots, pid, "stat").exists() {
                return Error::no_such_process(pid, name);
            }
            Error::io(path, err)
        }
        _ => Error::io(path, err),
    }
}

/// [`map_os_error`] for a process, using its cached name.
pub(crate) fn os_error(p: &ProcRef<'_>, err: io::Error, path: &Path) -> Error {
    map_os_error(p.roots(), p.pid(), p.cached_name(), err, path)
}

fn read_at<T>(
    roots: &Roots,
    pid: Pid,
    name: impl FnOnce() -> Option<String>,
    file: &str,
    parse: impl FnOnce(&[u8]) -> Result<T>,
) -> Result<T> {
    match with_pid_path(roots, pid, file, |path| with_record_raw(path, parse)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(Error::Parse { msg, .. })) => Err(Error::parse(pid_path(roots, pid, file).display(), msg)),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(map_os_error(roots, pid, name(), e, &pid_path(roots, pid, file))),
    }
}

/// Reads `<proc>/<pid>/<file>` (a file read whole by one `read(2)`: `stat`, `statm`,
/// `status`, `io`, `cmdline`; see [`with_record_raw`]) into the per-thread buffer and parses it; OS errors are
/// mapped with [`map_os_error`] and parse errors name the full path.
pub(crate) fn read_pid_file<T>(
    p: &ProcRef<'_>,
    file: &str,
    parse: impl FnOnce(&[u8]) -> Result<T>,
) -> Result<T> {
    read_at(p.roots(), p.pid(), || p.cached_name(), file, parse)
}

/// The start time in clock ticks (identity), read at construction.
pub(crate) fn start_ticks(roots: &Roots, pid: Pid) -> Result<u64> {
    read_at(roots, pid, || None, "stat", |b| parse::parse_stat(b).map(|s| s.starttime))
}

/// The start time in clock ticks read now, or inside `oneshot` by the oneshot's `stat`
/// read (for `ppid`'s reuse check, which then costs no extra read).
pub(crate) fn current_start_ticks(p: &ProcRef<'_>) -> Result<u64> {
    stat(p, |st| st.starttime)
}

/// `pick` of `/proc/<pid>/stat`, read through the oneshot cache (a cached read is looked
/// at in place, not copied). A fresh read leaves its comm as the name for error messages
/// (a cached one did when it was read).
pub(crate) fn stat<T>(p: &ProcRef<'_>, pick: impl Fn(&Stat) -> T) -> Result<T> {
    p.os.cached_pick(
        |c| &mut c.stat,
        || {
            let st = read_pid_file(p, "stat", parse::parse_stat)?;
            remember_comm(p, &st.comm);
            Ok(st)
        },
        pick,
    )
}

/// Keeps the comm as the name for error messages when no name is known yet (`name()`
/// stores the full name; storing the comm on every read would allocate each time).
fn remember_comm(p: &ProcRef<'_>, comm: &Comm) {
    p.remember_name_if_unknown(|| comm.to_str_lossy().into_owned());
}

/// `/proc/<pid>/status`, through the oneshot cache.
pub(crate) fn status(p: &ProcRef<'_>) -> Result<Status> {
    p.os.cached(
        |c| c.status.clone(),
        || read_pid_file(p, "status", parse::parse_status),
        |c, v| c.status = Some(v),
    )
}

/// `/proc/<pid>/statm`, through the oneshot cache (all zeros, unread, for a kernel thread).
fn statm(p: &ProcRef<'_>) -> Result<[u64; 7]> {
    if known_kernel_thread(p) {
        return Ok([0; 7]);
    }
    p.os.cached(|c| c.statm, || read_pid_file(p, "statm", parse::parse_statm), |c, v| c.statm = Some(v))
}

fn missing(p: &ProcRef<'_>, what: &str) -> Error {
    Error::parse(pid_path(p.roots(), p.pid(), "status").display(), format!("no {what} line"))
}

/// The name with psutil's rule, as the kernel's bytes: the stat comm; when it is 15+
/// characters long (as Python counts them, see [`parse::fs_char_count`]) and the basename
/// of `cmdline[0]` starts with it, that basename instead. `AccessDenied` or
/// `ZombieProcess` on the command line keep the comm.
///
/// Outside `oneshot` a short comm is read from `/proc/<pid>/comm`, which holds the same
/// `task->comm` bytes as `stat`'s second field (both from the kernel's
/// `proc_task_name()`, unescaped) without the fifty numbers the kernel formats for `stat`.
/// A long one needs `stat`'s flags (a kernel thread keeps its comm), so a process whose
/// comm was long last time is read from `stat` directly. Inside a oneshot, the shared
/// `stat` read serves it.
pub(crate) fn name(p: &ProcRef<'_>) -> Result<OsString> {
    if !p.os.long_comm.load(Ordering::Relaxed) && !p.os.in_oneshot() {
        if let Some(comm) = comm_file(p).filter(|c| parse::fs_char_count(c) < 15) {
            return Ok(OsString::from_vec(comm));
        }
    }
    let (comm, kernel_thread) = stat(p, |st| (st.comm.clone(), st.is_live_kernel_thread()))?;
    let comm = comm.as_bytes();
    let long = parse::fs_char_count(comm) >= 15;
    p.os.long_comm.store(long, Ordering::Relaxed);
    if long && !kernel_thread {
        let longer = read_pid_file(p, "cmdline", |b| {
            let base =
                parse::cmdline_first(b).map(|first| first.rsplit(|&c| c == b'/').next().unwrap_or(first));
            Ok(base.filter(|base| parse::fs_starts_with(base, comm)).map(<[u8]>::to_vec))
        });
        match longer {
            Ok(Some(base)) => return Ok(OsString::from_vec(base)),
            Ok(None) => {}
            Err(e) if e.is_access_denied() || e.is_zombie() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(OsString::from_vec(comm.to_vec()))
}

/// The comm in `/proc/<pid>/comm`; `None` when it cannot be read or is not one line (the
/// `stat` read then answers, or gives the error).
fn comm_file(p: &ProcRef<'_>) -> Option<Vec<u8>> {
    with_pid_path(p.roots(), p.pid(), "comm", |path| {
        with_record_raw(path, |b| parse::parse_comm_file(b).map(<[u8]>::to_vec))
    })
    .ok()?
}

/// stat field 4.
pub(crate) fn ppid(p: &ProcRef<'_>) -> Result<Pid> {
    stat(p, |st| st.ppid)
}

/// The status letter mapped to psutil's constant; a `ZombieProcess` becomes `Zombie`.
pub(crate) fn status_of(p: &ProcRef<'_>) -> Result<ProcessStatus> {
    match stat(p, |st| st.state) {
        Ok(state) => Ok(ProcessStatus::from_linux_state(state)),
        Err(e) if e.is_zombie() => Ok(ProcessStatus::Zombie),
        Err(e) => Err(e),
    }
}

/// Start time in seconds since boot (psutil's `create_time(monotonic=True)`).
pub(crate) fn create_time_monotonic(p: &ProcRef<'_>) -> Result<f64> {
    stat(p, |st| start_ticks_to_secs(st.starttime))
}

/// A `stat` start time (clock ticks since boot) in seconds.
pub(crate) fn start_ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64 / clock_ticks()
}

fn readlink_rule(p: &ProcRef<'_>, file: &str) -> Result<PathBuf> {
    let path = pid_path(p.roots(), p.pid(), file);
    match std::fs::read_link(&path) {
        Ok(target) => {
            let raw = target.as_os_str().as_bytes();
            let len = parse::clean_link(raw, |b| Path::new(OsStr::from_bytes(b)).exists()).len();
            if len == raw.len() {
                return Ok(target);
            }
            let mut bytes = target.into_os_string().into_vec();
            bytes.truncate(len);
            Ok(PathBuf::from(OsString::from_vec(bytes)))
        }
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ESRCH)) => {
            if std::fs::symlink_metadata(pid_path(p.roots(), p.pid(), "")).is_ok() {
                if let Some(ppid) = zombie_ppid(p) {
                    return Err(Error::zombie_process(p.pid(), p.cached_name(), Some(ppid)));
                }
                return Ok(PathBuf::new());
            }
            Err(os_error(p, e, &path))
        }
        Err(e) => Err(os_error(p, e, &path)),
    }
}

/// `readlink <proc>/<pid>/exe` with psutil's rules (NUL cut, ` (deleted)`, `""` fallback).
pub(crate) fn exe(p: &ProcRef<'_>) -> Result<PathBuf> {
    readlink_rule(p, "exe")
}

/// `readlink <proc>/<pid>/cwd`.
pub(crate) fn cwd(p: &ProcRef<'_>) -> Result<PathBuf> {
    readlink_rule(p, "cwd")
}

/// `/proc/<pid>/cmdline`, each argument as the kernel's bytes; empty data is
/// `ZombieProcess` for a zombie, else `[]`.
pub(crate) fn cmdline(p: &ProcRef<'_>) -> Result<Vec<OsString>> {
    if known_kernel_thread(p) {
        return Ok(Vec::new());
    }
    let args = read_pid_file(p, "cmdline", |b| {
        Ok(parse::parse_cmdline_with(b, |a| OsString::from_vec(a.to_vec())))
    })?;
    if args.is_empty() {
        if let Some(ppid) = zombie_ppid(p) {
            return Err(Error::zombie_process(p.pid(), p.cached_name(), Some(ppid)));
        }
    }
    Ok(args)
}

/// `/proc/<pid>/environ`. A kernel thread gives ESRCH while alive: that is an empty map,
/// not `NoSuchProcess` (psutil raises NSP there; reference §2.7 asks to do better).
///
/// Unlike the other address-space files, `environ` is read even for a known kernel thread:
/// its mode is 0400, so whether the caller may read it (AccessDenied, as in psutil) is
/// only known by opening it; this oneshot's `stat` then stands for the existence check.
pub(crate) fn environ(p: &ProcRef<'_>) -> Result<Environ> {
    let read = with_pid_path(p.roots(), p.pid(), "environ", |path| {
        with_record_raw(path, |b| Environ::from_block(b, &path.display()))
    });
    match read {
        Ok(env) => env,
        Err(e) if e.raw_os_error() == Some(libc::ESRCH) => {
            if let Some(ppid) = zombie_ppid(p) {
                return Err(Error::zombie_process(p.pid(), p.cached_name(), Some(ppid)));
            }
            if known_kernel_thread(p) || pid_path(p.roots(), p.pid(), "stat").exists() {
                return Ok(Environ::default());
            }
            Err(p.nsp())
        }
        Err(e) => Err(os_error(p, e, &pid_path(p.roots(), p.pid(), "environ"))),
    }
}

/// `Uid:` of status.
pub(crate) fn uids(p: &ProcRef<'_>) -> Result<Uids> {
    let [real, effective, saved] = status(p)?.uids.ok_or_else(|| missing(p, "Uid"))?;
    Ok(Uids { real, effective, saved })
}

/// `Gid:` of status.
pub(crate) fn gids(p: &ProcRef<'_>) -> Result<Gids> {
    let [real, effective, saved] = status(p)?.gids.ok_or_else(|| missing(p, "Gid"))?;
    Ok(Gids { real, effective, saved })
}

/// psutil's `Threads:` of status. The kernel prints the same `get_nr_threads()` in stat's
/// field 20, a smaller file: status is read only when a oneshot has it already, for our
/// own process (see [`stat_thread_count`]), or when stat's field is not a number.
pub(crate) fn num_threads(p: &ProcRef<'_>) -> Result<u64> {
    if let Some(n) = cached_num_threads(p) {
        return Ok(n);
    }
    let from_stat = if is_self(p) { None } else { stat(p, |st| st.num_threads)? };
    match from_stat {
        Some(n) => Ok(n),
        None => status(p)?.threads.ok_or_else(|| missing(p, "Threads")),
    }
}

/// stat's thread count, except for our own process: under qemu-user, `/proc/self/stat`
/// (and our own pid's) is written by the emulator, which fills that field its own way
/// (0, or its count of guest threads), while `status` is the kernel's.
fn stat_thread_count(p: &ProcRef<'_>, st: &Stat) -> Option<u64> {
    if is_self(p) {
        None
    } else {
        st.num_threads
    }
}

fn is_self(p: &ProcRef<'_>) -> bool {
    p.pid() == std::process::id()
}

/// The thread count this oneshot has read already (status' or stat's), if any.
pub(crate) fn cached_num_threads(p: &ProcRef<'_>) -> Option<u64> {
    p.os.peek_cached(|c| {
        c.status
            .as_ref()
            .and_then(|s| s.threads)
            .or_else(|| c.stat.as_ref().and_then(|st| stat_thread_count(p, st)))
    })
}

/// The ctxt_switches lines of status; absent → `NotSupported` (psutil's NotImplementedError).
pub(crate) fn num_ctx_switches(p: &ProcRef<'_>) -> Result<CtxSwitches> {
    let st = status(p)?;
    match (st.voluntary_ctxt_switches, st.nonvoluntary_ctxt_switches) {
        (Some(voluntary), Some(involuntary)) => Ok(CtxSwitches { voluntary, involuntary }),
        _ => Err(Error::not_supported(
            "num_ctx_switches",
            "this kernel ('voluntary_ctxt_switches' field not found in /proc/<pid>/status)",
        )),
    }
}

/// stat fields 14-17 and 42 / clock ticks.
pub(crate) fn cpu_times(p: &ProcRef<'_>) -> Result<ProcessCpuTimes> {
    let t = clock_ticks();
    stat(p, |st| ProcessCpuTimes {
        user: st.utime as f64 / t,
        system: st.stime as f64 / t,
        children_user: st.cutime as f64 / t,
        children_system: st.cstime as f64 / t,
        os: ProcessCpuTimesOs { iowait: st.blkio_ticks as f64 / t },
    })
}

/// stat field 39.
pub(crate) fn cpu_num(p: &ProcRef<'_>) -> Result<i64> {
    stat(p, |st| st.processor)
}

/// stat fields 10 and 12.
pub(crate) fn page_faults(p: &ProcRef<'_>) -> Result<PageFaults> {
    stat(p, |st| PageFaults { minor: st.minflt, major: st.majflt })
}

/// statm × page size, as psutil's `pmem`. Inside a oneshot that has read `status`
/// already, the same values are taken from its memory lines when they give them exactly
/// (see [`status_vm::StatusVm::statm_bytes`]), and `statm` is not read.
pub(crate) fn memory_info(p: &ProcRef<'_>) -> Result<ProcessMemoryInfo> {
    let from_status = p.os.peek_cached(|c| c.status.as_ref().and_then(|s| s.vm.statm_bytes()));
    let [size, resident, shared, text, lib, data, dirty] = match from_status {
        Some(bytes) => bytes,
        None => statm(p)?.map(|v| v.saturating_mul(page_size())),
    };
    Ok(ProcessMemoryInfo {
        rss: resident,
        vms: size,
        os: ProcessMemoryInfoOs { shared, text, lib, data, dirty },
    })
}

/// stat `tty_nr` (0: no controlling terminal) looked up in the `/dev/tty*` + `/dev/pts/*`
/// map of `sys::unix::terminal`, which is rebuilt on a miss: a pty opened after the first
/// call is found (psutil 7.2.2 builds its map once and answers None, gh-2830).
pub(crate) fn terminal(p: &ProcRef<'_>) -> Result<Option<String>> {
    let tty = stat(p, |st| st.tty_nr)?;
    Ok(u64::try_from(tty).ok().and_then(|t| crate::sys::unix::terminal::terminal_of(t, 0)))
}

#[cfg(target_env = "gnu")]
pub(crate) use crate::sys::linux::passwd::user_name;
#[cfg(not(target_env = "gnu"))]
pub(crate) use crate::sys::unix::users::user_name;

/// The all-digit entries of `<proc>` (unsorted), listed with `getdents64` into a stack
/// buffer (no allocation per entry). A listing error midway ends the list there.
pub(crate) fn pids(roots: &Roots) -> Result<Vec<Pid>> {
    use rustix::fs::{open, Mode, OFlags, RawDir};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let dir = open(roots.proc(), flags, Mode::empty()).map_err(|e| Error::io(roots.proc(), e.into()))?;
    // 32 KiB: a thousand pids per getdents64 call
    let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 32 * 1024];
    let mut entries = RawDir::new(dir, &mut buf);
    let mut out = Vec::with_capacity(512);
    while let Some(Ok(entry)) = entries.next() {
        if let Some(pid) = crate::sys::linux::fs::parse_u64(entry.file_name().to_bytes()) {
            if let Ok(pid) = Pid::try_from(pid) {
                out.push(pid);
            }
        }
    }
    Ok(out)
}

/// psutil's Linux `pid_exists`: `kill(pid, 0)`, then the `Tgid:` of status must equal the
/// pid (thread ids are false); if status cannot be read, membership in [`pids`]. With the
/// real `/proc`, [`leader_visible`] gives the same answer without reading a file.
pub(crate) fn pid_exists(roots: &Roots, pid: Pid) -> bool {
    if roots.is_real_proc() {
        if let Some(answer) = leader_visible(roots, pid) {
            return answer;
        }
    }
    if !crate::sys::unix::process_ctl::pid_alive(pid) {
        return false;
    }
    // Tgid is the fourth line: one read of the start of status answers (no read to EOF).
    let head_tgid = |path: &Path| {
        let mut head = [0u8; 512];
        let n = crate::sys::linux::fs::read_head(path, &mut head).ok()?;
        parse::parse_status_tgid(&head[..n])
    };
    if let Some(tgid) = with_pid_path(roots, pid, "status", head_tgid) {
        return tgid == pid;
    }
    match with_file_raw(&pid_path(roots, pid, "status"), parse::parse_status) {
        Ok(Ok(Status { tgid: Some(tgid), .. })) => tgid == pid,
        _ => pids(roots).map(|v| v.contains(&pid)).unwrap_or(false),
    }
}

/// psutil's `pid_exists` answer in two calls that read nothing: `tgkill(2)` with signal 0
/// and `pid` as both thread group and thread finds a task only when it leads its group
/// (a thread's id is ESRCH, where psutil's `kill` succeeds and `status` then shows another
/// `Tgid:`; EPERM still means it exists, zombies included); then `access(2)` of
/// `<proc>/PID` must find its entry, which `hidepid=invisible` hides along with the
/// `status` file and the listing psutil falls back to. `None` for any other error
/// (a sandbox refusing `tgkill`): the caller asks psutil's way.
fn leader_visible(roots: &Roots, pid: Pid) -> Option<bool> {
    let raw = libc::pid_t::try_from(pid).ok()?;
    // SAFETY: tgkill with signal 0 sends nothing; its arguments are plain integers.
    let ret = unsafe { libc::syscall(libc::SYS_tgkill, raw, raw, 0) };
    if ret != 0 {
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::ESRCH) => return Some(false),
            Some(libc::EPERM) => {}
            _ => return None,
        }
    }
    with_pid_path(roots, pid, "", |entry| match rustix::fs::access(entry, rustix::fs::Access::EXISTS) {
        Ok(()) => Some(true),
        Err(rustix::io::Errno::NOENT) => Some(false),
        Err(_) => None,
    })
}

/// `(pid, ppid)` of every process, in pid order (psutil's `ppid_map`). Vanished pids are
/// skipped; EACCES/EPERM on a stat file → `AccessDenied(pid)`.
pub(crate) fn ppid_map(roots: &Roots) -> Result<Vec<(Pid, Pid)>> {
    let mut all = pids(roots)?;
    all.sort_unstable();
    let mut out = Vec::with_capacity(all.len());
    for pid in all {
        match with_file_raw(&pid_path(roots, pid, "stat"), parse::parse_stat_state) {
            Ok(Some((_, ppid))) => out.push((pid, ppid)),
            // Truncated or garbled (e.g. read while the process exited): no ppid to report.
            Ok(None) => {}
            Err(e) if matches!(e.raw_os_error(), Some(libc::EACCES | libc::EPERM)) => {
                return Err(Error::access_denied(Some(pid), None))
            }
            Err(_) => {}
        }
    }
    Ok(out)
}

/// The sockets of this process (psutil's `Process.net_connections`), through the
/// connections engine; raw fd-scan errors are mapped, and a process gone after the scan is
/// `NoSuchProcess` as in psutil.
pub(crate) fn net_connections(p: &ProcRef<'_>, kind: ConnectionKind) -> Result<Vec<Connection>> {
    use crate::sys::linux::connections::{process_connections_in, Source};
    let table = fd_table(p)?;
    match process_connections_in(p.roots(), p.pid(), kind, Source::Auto, &table) {
        Ok(rows) => {
            if std::fs::metadata(pid_path(p.roots(), p.pid(), "")).is_err() {
                return Err(p.nsp());
            }
            Ok(rows)
        }
        Err(Error::Io { path, source }) => {
            let path = path.unwrap_or_else(|| pid_path(p.roots(), p.pid(), "fd"));
            Err(os_error(p, source, &path))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        let t = ProcessCpuTimes {
            user: 1.0,
            system: 2.0,
            children_user: 3.0,
            children_system: 4.0,
            os: ProcessCpuTimesOs { iowait: 5.0 },
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"user":1.0,"system":2.0,"children_user":3.0,"children_system":4.0,"iowait":5.0}"#
        );
        let m = ProcessMemoryInfo {
            rss: 1,
            vms: 2,
            os: ProcessMemoryInfoOs { shared: 3, text: 4, lib: 5, data: 6, dirty: 7 },
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"rss":1,"vms":2,"shared":3,"text":4,"lib":5,"data":6,"dirty":7}"#
        );
    }

    #[test]
    fn memory_fields_answer_only_their_memtypes() {
        let os = ProcessMemoryInfoOs { shared: 1, text: 2, lib: 3, data: 4, dirty: 5 };
        let got: Vec<Option<u64>> = MemType::ALL.iter().map(|&t| os.field(t)).collect();
        let want = [None, None, Some(1), Some(2), Some(3), Some(4), Some(5), None, None, None];
        assert_eq!(got, want);
    }
    use crate::Process;

    fn oneshot_state(p: &Process) -> (u32, bool) {
        let st = lock(&p.inner.os.oneshot);
        (st.depth, st.cache.stat.is_some())
    }

    #[test]
    fn is_running_inside_oneshot_reads_fresh() {
        let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let p = Process::new(child.id()).unwrap();
        p.oneshot(|p| {
            // ppid's reuse check fills the oneshot's stat cache.
            assert_eq!(p.ppid().unwrap(), std::process::id());
            assert!(oneshot_state(p).1);
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(!p.is_running());
        });
    }

    #[test]
    fn oneshot_is_reentrant_and_cleared() {
        let p = Process::current().unwrap();
        p.oneshot(|p| {
            p.oneshot(|p| p.ppid().unwrap());
            assert_eq!(oneshot_state(p), (1, true));
        });
        assert_eq!(oneshot_state(&p), (0, false));
    }

    #[test]
    fn oneshot_guard_nests_with_closures_and_clears_on_drop() {
        let p = Process::current().unwrap();
        let outer = p.oneshot_guard();
        p.oneshot(|p| p.ppid().unwrap());
        assert_eq!(oneshot_state(&p), (1, true));
        let inner = p.oneshot_guard();
        drop(inner);
        assert_eq!(oneshot_state(&p), (1, true));
        drop(outer);
        assert_eq!(oneshot_state(&p), (0, false));
    }
}
