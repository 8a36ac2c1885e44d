//! `process_iter()`: every process, sorted by pid, from a process-wide cache of handles
//! reused while their pid is not known to be reused (psutil's `_pmap` and `_pids_reused`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use super::{lock, pids, Attr, Process, ProcessInfo};
use crate::paths::{self, Roots};
use crate::{Pid, Result};

static PMAP: Mutex<BTreeMap<Pid, Process>> = Mutex::new(BTreeMap::new());
static PIDS_REUSED: Mutex<BTreeSet<Pid>> = Mutex::new(BTreeSet::new());

/// Records that `pid` was reused, so the next [`process_iter`] drops its cached handle.
pub(crate) fn note_pid_reused(pid: Pid) {
    lock(&PIDS_REUSED).insert(pid);
}

/// The cache step of psutil's `process_iter`: the handles for the current pids, sorted,
/// reusing cached ones; the cache is published again before returning. The cache is only
/// looked up and updated in place (new pids added, gone ones dropped), never copied, and
/// no lock is held while new handles read the kernel.
fn handles() -> Result<Vec<Process>> {
    let roots = paths::current();
    let now = pids()?;
    let reused = std::mem::take(&mut *lock(&PIDS_REUSED));
    let cached: Vec<Option<Process>> = {
        let mut pmap = lock(&PMAP);
        for pid in reused {
            pmap.remove(&pid);
        }
        // Both in pid order: one walk along the map.
        let mut entries = pmap.iter().peekable();
        now.iter()
            .map(|pid| {
                while entries.next_if(|(cached, _)| *cached < pid).is_some() {}
                entries.next_if(|(cached, _)| *cached == pid).map(|(_, p)| p)
            })
            .map(|p| p.filter(|p| same_roots(&p.inner.roots, &roots)).cloned())
            .collect()
    };
    let mut fresh = Vec::new();
    let mut out = Vec::with_capacity(now.len());
    for (&pid, cached) in now.iter().zip(cached) {
        let proc = match cached {
            Some(p) => p,
            None => match Process::with_roots(pid, roots.clone(), false) {
                Ok(p) => {
                    fresh.push(p.clone());
                    p
                }
                Err(_) => continue,
            },
        };
        out.push(proc);
    }
    let mut pmap = lock(&PMAP);
    // `retain` visits the pids in order, as `now` lists them.
    let mut alive = now.iter().peekable();
    pmap.retain(|pid, p| {
        while alive.next_if(|alive| *alive < pid).is_some() {}
        alive.peek() == Some(&pid) && same_roots(&p.inner.roots, &roots)
    });
    for p in fresh {
        pmap.insert(p.pid(), p);
    }
    Ok(out)
}

/// True when both are the same roots (most often the very same `Arc`, compared first).
fn same_roots(a: &Arc<Roots>, b: &Arc<Roots>) -> bool {
    Arc::ptr_eq(a, b) || a == b
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
    let procs = handles()?;
    let mut out = Vec::with_capacity(procs.len());
    for (p, info) in procs.iter().zip(as_dict_many(&procs, attrs)) {
        match info {
            Ok(info) => out.push((p.clone(), info)),
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

/// [`Process::as_dict`] of each process, in order, as one batch: what is the same for
/// every process (the user name of a uid) is looked up once for the whole call rather
/// than once per process. Each result is what `as_dict` alone would return.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::{Attr, AttrValue, Process};
/// let procs = [Process::current()?, Process::new(std::process::id())?];
/// let infos = psutil_rs::as_dict_many(&procs, &[Attr::Pid, Attr::Username]);
/// assert_eq!(infos.len(), 2);
/// let me = Process::current()?.username()?;
/// for info in infos {
///     assert!(matches!(info?.value(Attr::Username), Some(AttrValue::Str(u)) if *u == me));
/// }
/// # Ok(())
/// # }
/// ```
pub fn as_dict_many(procs: &[Process], attrs: &[Attr]) -> Vec<Result<ProcessInfo>> {
    super::batch::in_batch(|| procs.iter().map(|p| p.as_dict(attrs)).collect())
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

#[cfg(all(test, target_os = "linux", not(psutil_unsupported)))]
mod tests {
    use super::*;

    /// The handle `process_iter` gives for `pid`, if it lists it.
    fn listed(pid: Pid) -> Option<Process> {
        process_iter().ok()?.into_iter().find(|p| p.pid() == pid)
    }

    /// Other tests of this binary list processes meanwhile, some below other roots (which
    /// empties the cache of these): a check that needs two calls in a row gets a few tries.
    fn eventually(check: impl Fn() -> bool) -> bool {
        (0..5).any(|_| check())
    }

    #[test]
    fn handles_are_reused_until_the_pid_is_known_reused() {
        let me = std::process::id();
        let kept = eventually(|| match (listed(me), listed(me)) {
            (Some(a), Some(b)) => Arc::ptr_eq(&a.inner, &b.inner),
            _ => false,
        });
        assert!(kept, "a live process keeps its handle from a call to the next");
        let renewed = eventually(|| {
            let before = listed(me);
            note_pid_reused(me);
            match (before, listed(me)) {
                (Some(a), Some(b)) => !Arc::ptr_eq(&a.inner, &b.inner) && a == b,
                _ => false,
            }
        });
        assert!(renewed, "a pid noted as reused gets a fresh handle");
    }

    #[test]
    fn a_gone_process_leaves_the_cache() {
        let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let pid = child.id();
        assert!(listed(pid).is_some());
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(listed(pid).is_none());
        assert!(!lock(&PMAP).contains_key(&pid));
    }
}
