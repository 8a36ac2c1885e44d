//! The children of one process from the kernel's own lists of them,
//! `<proc>/<pid>/task/<tid>/children` (`CONFIG_PROC_CHILDREN`, on in the common
//! distributions' kernels): the tasks whose parent is thread `tid`, as pids of the procfs
//! mount's namespace. A child's parent is the thread that forked it, so a process's
//! children are the union of its threads' lists. psutil finds children by reading the
//! `stat` of every process on the machine; this reads two `stat` files and one small list
//! per thread (and one more `stat` per thread when there are several).
//!
//! The kernel documents a list as possibly incomplete while it changes. It walks the
//! thread's list of children one entry at a time, each under `tasklist_lock`, and continues
//! from the entry printed last; when that entry was reaped in between (or a new `read`
//! restarts the walk), it counts its way back by position, so a reaped entry before the
//! position makes it skip one that follows. And a thread that exits hands its children to
//! another thread of the process (`forget_original_parent`), perhaps one whose list was
//! already read. So the lists are used only when:
//! - the process is alive, with the same start time, before and after the read;
//! - a single-threaded process is still single-threaded afterwards: its one thread is the
//!   leader, `task/<pid>`, the only list there is, and it did not exit;
//! - with several threads (at most [`THREAD_LIMIT`]), each thread is still alive after its
//!   own list was read. The kernel marks an exiting thread a zombie in the same step, under
//!   the same lock, as it hands its children on, so a thread alive after its list was read
//!   handed none away before that read. A thread that exits later hands on children that
//!   its list already named. Threads started during the call have only children started
//!   during the call;
//! - and (checked by the caller, [`crate::Process::children`]) every pid listed is still a
//!   process afterwards: a skip needs a listed child to have been reaped.
//!
//! Otherwise [`child_pids`] answers `None`, and the caller scans every process as psutil
//! does. A reaped child's pid, or an exited thread's id, would have to be reused within
//! the call to hide a skip or a hand-over.

use super::parse::{parse_stat, Stat};
use super::pid_path;
use super::threads::canonical_tids;
use crate::paths::Roots;
use crate::sys::linux::fs::with_file_raw;
use crate::Pid;

/// The most threads whose lists are read. Each costs two reads where the scan costs one
/// per process on the machine; a process with more threads is scanned.
pub(crate) const THREAD_LIMIT: u64 = 64;

/// The pids of `<proc>/<pid>/task/<tid>/children`: decimal numbers separated by spaces
/// (the kernel ends each with one). `None` when a token is not a pid above 0.
pub(crate) fn parse_children(bytes: &[u8]) -> Option<Vec<Pid>> {
    bytes
        .split(u8::is_ascii_whitespace)
        .filter(|token| !token.is_empty())
        .map(|token| std::str::from_utf8(token).ok()?.parse::<Pid>().ok().filter(|&pid| pid > 0))
        .collect()
}

/// The `stat` at `<proc>/<pid>/<file>` when the task is alive (not a zombie, not dead);
/// `None` otherwise or when it cannot be read.
fn alive_stat(roots: &Roots, pid: Pid, file: &str) -> Option<Stat> {
    let stat = with_file_raw(&pid_path(roots, pid, file), parse_stat).ok()?.ok()?;
    (!matches!(stat.state, b'Z' | b'X' | b'x')).then_some(stat)
}

/// `(start time, thread count)` of `pid` when it is alive, from `<proc>/<pid>/stat`.
fn leader(roots: &Roots, pid: Pid) -> Option<(u64, u64)> {
    let stat = alive_stat(roots, pid, "stat")?;
    Some((stat.starttime, stat.num_threads?))
}

/// The list of thread `tid` of `pid`.
fn list_of(roots: &Roots, pid: Pid, tid: Pid) -> Option<Vec<Pid>> {
    with_file_raw(&pid_path(roots, pid, &format!("task/{tid}/children")), parse_children).ok()?
}

/// The union of the lists of every thread of `pid`, each thread checked alive after its
/// list was read (see the module's documentation).
fn every_threads_list(roots: &Roots, pid: Pid) -> Option<Vec<Pid>> {
    let tids = canonical_tids(&pid_path(roots, pid, "task")).ok()??;
    let mut kids = Vec::new();
    for tid in tids {
        kids.extend(list_of(roots, pid, tid)?);
        alive_stat(roots, pid, &format!("task/{tid}/stat"))?;
    }
    Some(kids)
}

/// The children of `pid`, sorted by pid, from the kernel's lists of the children of its
/// threads, when those can be trusted (see the module's documentation); `None` when the
/// caller must scan every process instead (a zombie, a change of start time during the
/// read, a thread that exited, more than [`THREAD_LIMIT`] threads, a kernel without the
/// lists, an unreadable or malformed file).
///
/// Wraps `/proc/<pid>/stat` (fields 3, 20 and 22), read before and after
/// `/proc/<pid>/task/<tid>/children` of each thread, and with several threads
/// `/proc/<pid>/task` and `/proc/<pid>/task/<tid>/stat` (field 3).
pub(crate) fn child_pids(roots: &Roots, pid: Pid) -> Option<Vec<Pid>> {
    let (start, threads) = leader(roots, pid)?;
    let mut kids = match threads {
        1 => list_of(roots, pid, pid).filter(|_| leader(roots, pid) == Some((start, 1)))?,
        2..=THREAD_LIMIT => {
            every_threads_list(roots, pid).filter(|_| leader(roots, pid).is_some_and(|(s, _)| s == start))?
        }
        _ => return None,
    };
    kids.sort_unstable();
    kids.dedup();
    Some(kids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kernel_format() {
        assert_eq!(parse_children(b"1203 1207 99 "), Some(vec![1203, 1207, 99]));
        assert_eq!(parse_children(b""), Some(vec![]));
        assert_eq!(parse_children(b"42"), Some(vec![42]));
        assert_eq!(parse_children(b"42\n"), Some(vec![42]));
    }

    #[test]
    fn malformed_lists_are_refused() {
        for bad in [&b"0 "[..], b"12 x ", b"-3 ", b"4294967296 ", b"12\x0034 ", b"\xff "] {
            assert_eq!(parse_children(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_single_threaded_process_list_names_its_child() {
        // `sh` is single-threaded: its leader's list is the only one read.
        let mut sh = std::process::Command::new("sh").args(["-c", "sleep 30 & wait"]).spawn().expect("sh");
        let roots = Roots::new("/proc", "/sys");
        let mut found = None;
        for _ in 0..200 {
            found = child_pids(&roots, sh.id()).filter(|kids| !kids.is_empty());
            if found.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let kids = found.expect("sh's list never showed its sleep");
        assert_eq!(kids.len(), 1);
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", kids[0])).unwrap();
        let ppid: Pid = stat.rsplit(')').next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        assert_eq!(ppid, sh.id(), "the listed pid's own stat names sh as its parent");
        let _ = std::process::Command::new("kill").arg(kids[0].to_string()).status();
        let _ = sh.wait();
    }

    /// `n` threads that wait until dropped, each after running `work`; their results.
    struct Waiting<T> {
        gate: std::sync::Arc<std::sync::Barrier>,
        threads: Vec<std::thread::JoinHandle<()>>,
        results: Vec<T>,
    }

    impl<T: Send + 'static> Waiting<T> {
        fn start(n: usize, work: impl Fn() -> T + Send + Sync + 'static) -> Waiting<T> {
            let gate = std::sync::Arc::new(std::sync::Barrier::new(n + 1));
            let work = std::sync::Arc::new(work);
            let (tx, rx) = std::sync::mpsc::channel();
            let threads = (0..n)
                .map(|_| {
                    let (gate, work, tx) = (gate.clone(), work.clone(), tx.clone());
                    std::thread::spawn(move || {
                        tx.send(work()).expect("send");
                        gate.wait();
                    })
                })
                .collect();
            let results = rx.iter().take(n).collect();
            Waiting { gate, threads, results }
        }
    }

    impl<T> Drop for Waiting<T> {
        fn drop(&mut self) {
            self.gate.wait();
            for t in self.threads.drain(..) {
                let _ = t.join();
            }
        }
    }

    fn ppid_of(pid: Pid) -> Pid {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        stat.rsplit(')').next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn every_threads_list_is_read() {
        // Each of three threads forks a `sleep` (its child, on its own list) and stays alive.
        let mut forks =
            Waiting::start(3, || std::process::Command::new("sleep").arg("30").spawn().expect("sleep"));
        let own = std::process::id();
        let wanted: Vec<Pid> = forks.results.iter().map(std::process::Child::id).collect();
        let roots = Roots::new("/proc", "/sys");
        // other tests' threads may come and go meanwhile, which refuses the lists: retry
        let found = (0..200).find_map(|_| {
            let kids = child_pids(&roots, own).filter(|kids| wanted.iter().all(|w| kids.contains(w)));
            if kids.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            kids
        });
        let kids = found.expect("the lists of this process's threads never named the three children");
        for kid in &kids {
            assert_eq!(ppid_of(*kid), own, "{kid} is listed but its stat names another parent");
        }
        for child in &mut forks.results {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    #[test]
    fn more_threads_than_the_limit_are_scanned() {
        let idle = Waiting::start(THREAD_LIMIT as usize, || ());
        let roots = Roots::new("/proc", "/sys");
        assert_eq!(child_pids(&roots, std::process::id()), None);
        drop(idle);
    }

    proptest! {
        #[test]
        fn never_panics(bytes: Vec<u8>) {
            let _ = parse_children(&bytes);
        }

        #[test]
        fn roundtrip(pids in proptest::collection::vec(1u32.., 0..50)) {
            let text: String = pids.iter().map(|p| format!("{p} ")).collect();
            prop_assert_eq!(parse_children(text.as_bytes()), Some(pids));
        }
    }
}
