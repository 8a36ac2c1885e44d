//! The children of one process from the kernel's own list of them,
//! `<proc>/<pid>/task/<tid>/children` (`CONFIG_PROC_CHILDREN`, on in the common
//! distributions' kernels): the tasks whose parent is thread `tid`, as pids of the procfs
//! mount's namespace. psutil finds children by reading the `stat` of every process on the
//! machine; this reads two `stat` files and one small list.
//!
//! The kernel documents the list as possibly incomplete while it changes. It walks the
//! parent's list of children one entry at a time, each under `tasklist_lock`, and continues
//! from the entry printed last; when that entry was reaped in between (or a new `read`
//! restarts the walk), it counts its way back by position, so a reaped entry before the
//! position makes it skip one that follows. So a list is used only when:
//! - the process is alive and single-threaded, with the same start time, before and after
//!   the read: then its one thread is the leader, `task/<pid>`, the only list there is, and
//!   no thread exit moved children between lists meanwhile;
//! - and (checked by the caller, [`crate::Process::children`]) every pid listed is still a
//!   process afterwards: a skip needs a listed child to have been reaped.
//!
//! Otherwise [`child_pids`] answers `None`, and the caller scans every process as psutil
//! does. A reaped child's pid would have to be reused within the call to hide a skip.

use super::parse::parse_stat;
use super::pid_path;
use crate::paths::Roots;
use crate::sys::linux::fs::with_file_raw;
use crate::Pid;

/// The pids of `<proc>/<pid>/task/<tid>/children`: decimal numbers separated by spaces
/// (the kernel ends each with one). `None` when a token is not a pid above 0.
pub(crate) fn parse_children(bytes: &[u8]) -> Option<Vec<Pid>> {
    bytes
        .split(u8::is_ascii_whitespace)
        .filter(|token| !token.is_empty())
        .map(|token| std::str::from_utf8(token).ok()?.parse::<Pid>().ok().filter(|&pid| pid > 0))
        .collect()
}

/// The start time of `pid` when it is alive (not a zombie, not dead) and has one thread,
/// from `<proc>/<pid>/stat`; `None` otherwise or when it cannot be read.
fn single_threaded_start(roots: &Roots, pid: Pid) -> Option<u64> {
    let stat = with_file_raw(&pid_path(roots, pid, "stat"), parse_stat).ok()?.ok()?;
    let alive = !matches!(stat.state, b'Z' | b'X' | b'x');
    (alive && stat.num_threads == Some(1)).then_some(stat.starttime)
}

/// The children of `pid`, sorted by pid, from the kernel's list of the children of its one
/// thread, when that list can be trusted (see the module's documentation); `None` when
/// the caller must scan every process instead (several threads, a zombie, a change of
/// start time or thread count during the read, a kernel without the list, an unreadable
/// or malformed file).
///
/// Wraps `/proc/<pid>/stat` (fields 3, 20 and 22), read before and after
/// `/proc/<pid>/task/<pid>/children`.
pub(crate) fn child_pids(roots: &Roots, pid: Pid) -> Option<Vec<Pid>> {
    let before = single_threaded_start(roots, pid)?;
    let list = pid_path(roots, pid, &format!("task/{pid}/children"));
    let mut kids = with_file_raw(&list, parse_children).ok()??;
    if single_threaded_start(roots, pid)? != before {
        return None;
    }
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
    fn own_list_names_a_new_child() {
        // The test harness runs tests on threads, so the fast path would refuse this process;
        // a single-threaded child (`sh`) with a child of its own is asked instead.
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
