//! `process_iter()`: every process, sorted by pid, from a process-wide cache of handles
//! reused while their pid is not known to be reused (psutil's `_pmap` and `_pids_reused`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use super::{lock, pids, Attr, Process, ProcessInfo};
use crate::{paths, Pid, Result};

static PMAP: Mutex<BTreeMap<Pid, Process>> = Mutex::new(BTreeMap::new());
static PIDS_REUSED: Mutex<BTreeSet<Pid>> = Mutex::new(BTreeSet::new());

/// Records that `pid` was reused, so the next [`process_iter`] drops its cached handle.
pub(crate) fn note_pid_reused(pid: Pid) {
    lock(&PIDS_REUSED).insert(pid);
}

/// The cache step of psutil's `process_iter`: the handles for the current pids, sorted,
/// reusing cached ones; the cache is published again before returning.
fn handles() -> Result<Vec<Process>> {
    let roots = paths::current();
    let now = pids()?;
    let mut pmap = lock(&PMAP).clone();
    for pid in std::mem::take(&mut *lock(&PIDS_REUSED)) {
        pmap.remove(&pid);
    }
    let mut next = BTreeMap::new();
    let mut out = Vec::with_capacity(now.len());
    for pid in now {
        let cached = pmap.remove(&pid).filter(|p| *p.inner.roots == *roots);
        let proc = match cached {
            Some(p) => p,
            None => match Process::with_roots(pid, roots.clone(), false) {
                Ok(p) => p,
                Err(_) => continue,
            },
        };
        next.insert(pid, proc.clone());
        out.push(proc);
    }
    *lock(&PMAP) = next;
    Ok(out)
}

/// Every running process, sorted by pid (psutil's `process_iter()`). Handles are cached
/// process-wide and reused across calls, so `cpu_percent(None)` works between calls;
/// cached handles are **not** re-checked for pid reuse (call [`Process::is_running`]),
/// as in psutil ≥ 6.0. Processes that vanish while listing are skipped.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let all = psutil_rs::process_iter()?;
/// assert!(all.iter().any(|p| p.pid() == std::process::id()));
/// assert!(all.windows(2).all(|w| w[0].pid() < w[1].pid()));
/// # Ok(())
/// # }
/// ```
pub fn process_iter() -> Result<Vec<Process>> {
    handles()
}

/// [`process_iter`] with the attributes fetched in one pass per process (psutil's
/// `process_iter(attrs)`), each process read inside [`Process::oneshot`]. An empty `attrs`
/// means all of them. Processes that vanish meanwhile are skipped; zombies are kept, with
/// their per-attribute `ZombieProcess` errors in the [`ProcessInfo`].
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::Attr;
/// let all = psutil_rs::process_iter_with(&[Attr::Name, Attr::Ppid])?;
/// let (_, me) = all.iter().find(|(p, _)| p.pid() == std::process::id()).unwrap();
/// assert!(me.name().is_some());
/// # Ok(())
/// # }
/// ```
pub fn process_iter_with(attrs: &[Attr]) -> Result<Vec<(Process, ProcessInfo)>> {
    let mut out = Vec::new();
    for p in handles()? {
        match p.as_dict(attrs) {
            Ok(info) => out.push((p, info)),
            Err(e) if e.is_no_such_process() => {
                lock(&PMAP).remove(&p.pid());
            }
            // A raw I/O or parse error from a process that exited mid-read: skip it too.
            Err(_) if !p.is_running() => {
                lock(&PMAP).remove(&p.pid());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Empties the [`process_iter`] cache (psutil's `process_iter.cache_clear()`).
///
/// ```
/// psutil_rs::process_iter_cache_clear();
/// assert!(!psutil_rs::process_iter().unwrap().is_empty());
/// ```
pub fn process_iter_cache_clear() {
    lock(&PMAP).clear();
}
