//! Process getters on the `proc_tree` fixture (psutil 7.2.2's per-pid edge cases, §3.5):
//! odd comms, missing trailing stat fields, status without ctxt lines, `/proc/PID` without
//! `stat`, cmdline NUL/space/mixed, zombies, kernel threads, garbage files, the tree rules.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};

use psutil_rs::os::linux::{ProcessCpuTimesExt, ProcessMemoryInfoExt};
use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{Attr, AttrValue, Error, Process, ProcessStatus};

fn fixture(name: &str) -> Roots {
    Roots::fixture(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

fn tree<T>(f: impl FnOnce() -> T) -> T {
    with_roots(fixture("proc_tree"), f)
}

fn ticks() -> f64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_CLK_TCK) as f64 }
}

fn page() -> u64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as u64 }
}

/// A private copy of the fixture, for tests that change files.
fn scratch(tag: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("psutil-rs-proc-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/proc_tree");
    let status = std::process::Command::new("cp").arg("-r").arg(&src).arg(&dst).status().unwrap();
    assert!(status.success());
    dst
}

#[test]
fn pids_are_sorted_digits_only() {
    let pids = tree(psutil_rs::pids).unwrap();
    assert_eq!(pids, [1, 2, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 200, 201, 202, 203, 204]);
}

#[test]
fn comm_with_spaces_and_parens_and_old_kernel_stat() {
    tree(|| {
        let p = Process::new(100).unwrap();
        assert_eq!(p.name().unwrap(), "my (weird) name) x");
        assert_eq!(p.ppid().unwrap(), 1);
        assert_eq!(p.status().unwrap(), ProcessStatus::Sleeping);
        let t = p.cpu_times().unwrap();
        assert_eq!((t.user, t.system), (250.0 / ticks(), 50.0 / ticks()));
        assert_eq!((t.children_user, t.children_system), (7.0 / ticks(), 3.0 / ticks()));
        assert_eq!(t.iowait(), 0.0, "no delayacct_blkio_ticks field → 0");
        assert_eq!(p.cpu_num().unwrap(), 1);
        let f = p.page_faults().unwrap();
        assert_eq!((f.minor, f.major), (321, 4));
        assert_eq!(p.create_time().unwrap(), 2000.0 / ticks() + 1_700_000_000.0);
        assert_eq!(p.create_time_monotonic().unwrap(), 2000.0 / ticks());
        assert_eq!(p.terminal().unwrap(), None);
        assert_eq!(p.num_threads().unwrap(), 4);
        let e = p.num_ctx_switches().unwrap_err();
        assert!(e.is_not_supported(), "{e}");
        let u = p.uids().unwrap();
        assert_eq!((u.real, u.effective, u.saved), (4242424, 4242425, 4242426));
        let g = p.gids().unwrap();
        assert_eq!((g.real, g.effective, g.saved), (100, 101, 102));
        assert_eq!(p.username().unwrap(), "4242424", "unknown uid → the number");
    });
}

#[test]
fn stat_with_blkio_and_ctx_switches() {
    tree(|| {
        let p = Process::new(101).unwrap();
        assert_eq!(p.cpu_times().unwrap().iowait(), 9.0 / ticks());
        let c = p.num_ctx_switches().unwrap();
        assert_eq!((c.voluntary, c.involuntary), (12, 3));
        let root = Process::new(1).unwrap();
        assert_eq!(root.username().unwrap(), "root");
        let m = p.memory_info().unwrap();
        assert_eq!((m.vms, m.rss), (100 * page(), 50 * page()));
        assert_eq!(
            (m.shared(), m.text(), m.lib(), m.data(), m.dirty()),
            (10 * page(), 5 * page(), 0, 40 * page(), 0)
        );
    });
}

#[test]
fn long_name_uses_cmdline_basename() {
    tree(|| {
        assert_eq!(Process::new(101).unwrap().name().unwrap(), "gnome-keyring-daemon");
        // 15+ chars but cmdline[0] does not start with it: the comm stays.
        assert_eq!(Process::new(100).unwrap().name().unwrap(), "my (weird) name) x");
        // kernel worker: long comm, empty cmdline.
        assert_eq!(Process::new(110).unwrap().name().unwrap(), "kworker/0:1-events");
    });
}

#[test]
fn cmdline_nul_space_mixed_and_empty() {
    tree(|| {
        let cmd = |pid| Process::new(pid).unwrap().cmdline();
        assert_eq!(cmd(100).unwrap(), ["/usr/bin/weird", "--flag"]);
        assert_eq!(cmd(102).unwrap(), ["/opt/chrome", "--type=renderer", "--lang=en"]);
        assert_eq!(cmd(103).unwrap(), ["python3", "-m", "http.server"]);
        assert!(cmd(2).unwrap().is_empty(), "kernel thread → []");
        let e = cmd(104).unwrap_err();
        assert!(e.is_zombie(), "zombie with empty cmdline → ZombieProcess, got {e}");
        assert!(e.to_string().contains("ppid=101"), "{e}");
    });
}

#[test]
fn environ_rules() {
    tree(|| {
        let env = Process::new(100).unwrap().environ().unwrap();
        assert_eq!(env.len(), 3);
        assert_eq!(env.get("HOME"), Some("/root"));
        assert_eq!(env.get("A"), Some("x=y"));
        assert_eq!(env.get("PATH"), Some("/bin"));
        assert!(!env.contains_key("IGNORED"), "stops at the double NUL");
        // psutil's dict order: the order of the block.
        assert_eq!(env.keys().collect::<Vec<_>>(), ["HOME", "A", "PATH"]);
        assert!(Process::new(2).unwrap().environ().unwrap().is_empty());
    });
}

#[test]
fn statuses() {
    tree(|| {
        let st = |pid| Process::new(pid).unwrap().status().unwrap();
        assert_eq!(st(104), ProcessStatus::Zombie);
        assert_eq!(st(107), ProcessStatus::Stopped);
        assert_eq!(st(108), ProcessStatus::TracingStop);
        assert_eq!(st(109), ProcessStatus::DiskSleep);
        assert_eq!(st(110), ProcessStatus::Idle);
        assert_eq!(st(106).as_str(), "?");
    });
}

#[test]
fn construction_errors() {
    tree(|| {
        let nsp = |pid| {
            let e = Process::new(pid).unwrap_err();
            assert!(
                matches!(&e, Error::NoSuchProcess { msg, .. } if msg == "process PID not found"),
                "{pid}: {e}"
            );
        };
        nsp(0);
        nsp(999);
        nsp(200); // /proc/200 exists but has no stat (#2418)
        for pid in [201, 202] {
            assert!(matches!(Process::new(pid), Err(Error::Parse { .. })), "garbage stat of {pid}");
        }
        let e = Process::new(1 << 31).unwrap_err();
        assert!(matches!(&e, Error::NoSuchProcess { msg, .. } if msg == "process PID out of range"), "{e}");
        // A zombie can be constructed, and its stat-based getters work.
        let z = Process::new(104).unwrap();
        assert_eq!(z.ppid().unwrap(), 101);
        assert!(z.is_running());
        let bad = Process::new(204).unwrap();
        for e in [bad.uids().unwrap_err(), bad.username().unwrap_err()] {
            assert!(matches!(&e, Error::Parse { path, .. } if path.ends_with("204/status")), "{e}");
        }
        // The thread count comes from stat's field 20 (the kernel prints the same number
        // in both files); a status read inside the oneshot would hold none.
        assert_eq!(bad.num_threads().unwrap(), 1);
        let e = bad.oneshot(|p| (p.uids().unwrap_err(), p.num_threads()));
        assert!(matches!(&e.0, Error::Parse { .. }), "{}", e.0);
        assert_eq!(e.1.unwrap(), 1);
        assert_eq!(bad.name().unwrap(), "badstatus");
        let e = Process::new(203).unwrap().memory_info().unwrap_err();
        assert!(matches!(&e, Error::Parse { path, .. } if path.ends_with("203/statm")), "{e}");
    });
}

#[test]
fn readlink_fallbacks_and_zombies() {
    tree(|| {
        // No exe/cwd links while /proc/100 exists: psutil's "" fallback (cmdline[0] is not
        // an executable file, so no guess either).
        let p = Process::new(100).unwrap();
        assert_eq!(p.cwd().unwrap(), "");
        assert_eq!(p.exe().unwrap(), "");
        // The zombie: ENOENT on the links → ZombieProcess.
        assert!(Process::new(104).unwrap().cwd().unwrap_err().is_zombie());
        assert!(Process::new(104).unwrap().exe().unwrap_err().is_zombie());
    });
}

#[test]
fn missing_file_with_stat_present_is_a_raw_error() {
    let dir = scratch("rawenoent");
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(107).unwrap();
        std::fs::remove_file(dir.join("proc/107/statm")).unwrap();
        let e = p.memory_info().unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT), "{e}");
        std::fs::remove_file(dir.join("proc/107/stat")).unwrap();
        std::fs::remove_file(dir.join("proc/107/status")).unwrap();
        assert!(matches!(p.uids(), Err(Error::NoSuchProcess { .. })), "stat gone too → NSP");
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn children_parent_and_age_rules() {
    tree(|| {
        let kids: Vec<_> =
            Process::new(101).unwrap().children(false).unwrap().iter().map(Process::pid).collect();
        assert_eq!(kids, [104], "105 is older than 101, so its ppid was reused");
        let mut all: Vec<_> =
            Process::new(100).unwrap().children(true).unwrap().iter().map(Process::pid).collect();
        all.sort_unstable();
        assert_eq!(all, [102, 103, 106]);
        let direct: Vec<_> =
            Process::new(1).unwrap().children(false).unwrap().iter().map(Process::pid).collect();
        assert_eq!(direct, [100, 101, 107, 108, 109, 203, 204]);
        assert!(Process::new(1).unwrap().parent().unwrap().is_none(), "lowest pid");
        assert_eq!(Process::new(106).unwrap().parent().unwrap().map(|p| p.pid()), Some(102));
        let chain: Vec<_> = Process::new(106).unwrap().parents().unwrap().iter().map(Process::pid).collect();
        assert_eq!(chain, [102, 100, 1]);
        // 105's parent 101 is younger than 105: not its parent.
        assert!(Process::new(105).unwrap().parent().unwrap().is_none());
        // kernel thread with ppid 0 → no parent.
        assert!(Process::new(2).unwrap().parent().unwrap().is_none());
    });
}

#[test]
fn as_dict_keeps_zombie_errors_per_field() {
    tree(|| {
        let z = Process::new(104).unwrap();
        let info = z.as_dict(&[Attr::Name, Attr::Cmdline, Attr::Status, Attr::Ppid]).unwrap();
        assert_eq!(info.name().as_deref(), Some("defunct"));
        assert!(info.get(Attr::Cmdline).unwrap().as_ref().unwrap_err().is_zombie());
        assert_eq!(info.value(Attr::Status), Some(&AttrValue::Status(ProcessStatus::Zombie)));
        assert_eq!(info.ppid(), Some(101));
        // All attributes: the syscall-based ones (nice, ionice, cpu_affinity) ignore the
        // fixture root and ask the real pid 100 (NSP when there is none); net_connections
        // finds no fd directory while stat exists, the raw ENOENT psutil gives.
        let e = Process::new(100).unwrap().as_dict(&[]).unwrap_err();
        assert!(e.is_no_such_process() || e.raw_os_error() == Some(libc::ENOENT), "{e}");
        let e = Process::new(100).unwrap().as_dict(&[Attr::NetConnections]).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT), "{e}");
        // num_ctx_switches is unsupported on 100: omitted from an all-attrs dict (checked live),
        // an error when asked for explicitly.
        // Asked for explicitly, it is an error.
        assert!(Process::new(100).unwrap().as_dict(&[Attr::NumCtxSwitches]).unwrap_err().is_not_supported());
    });
}

#[test]
fn process_iter_with_attrs_on_fixture() {
    tree(|| {
        let rows = psutil_rs::process_iter_with(&[Attr::Name, Attr::Ppid]).unwrap();
        let pids: Vec<_> = rows.iter().map(|(p, _)| p.pid()).collect();
        assert_eq!(pids, [1, 2, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 203, 204]);
        for (p, info) in &rows {
            assert_eq!(info.pid(), p.pid());
            assert!(info.name().is_some());
        }
    });
}

fn kid_pids(pid: u32, recursive: bool) -> Vec<u32> {
    Process::new(pid).unwrap().children(recursive).unwrap().iter().map(Process::pid).collect()
}

fn write_child_list(dir: &Path, pid: u32, text: &str) {
    let task = dir.join(format!("proc/{pid}/task/{pid}"));
    std::fs::create_dir_all(&task).unwrap();
    std::fs::write(task.join("children"), text).unwrap();
}

/// A single-threaded parent's `task/PID/children` is used when every pid in it reads as a
/// process; anything else sends `children()` to the scan of every `stat`. The lists here
/// disagree with the fixture's ppids on purpose, so that the answer shows which was read.
#[test]
fn children_from_the_kernels_list() {
    let scanned_1 = tree(|| kid_pids(1, false));
    let scanned_1_all = tree(|| kid_pids(1, true));
    let scanned_100 = tree(|| kid_pids(100, false));
    let dir = scratch("childlist");
    with_roots(Roots::fixture(&dir), || {
        write_child_list(&dir, 1, "109 101 100 ");
        assert_eq!(kid_pids(1, false), [100, 101, 109], "the list, sorted");
        write_child_list(&dir, 101, "105 ");
        assert_eq!(kid_pids(101, false), Vec::<u32>::new(), "105 is older than 101: dropped");
        // 100 has four threads, and its leader's list alone is not its children
        write_child_list(&dir, 100, "103 ");
        assert_eq!(kid_pids(100, false), scanned_100);
        // the recursive walk reaches 100 through 1's list, and then scans
        write_child_list(&dir, 1, "100 ");
        assert_eq!(kid_pids(1, true), scanned_1_all);
        for bad in ["100 999 ", "100 x ", "0 "] {
            write_child_list(&dir, 1, bad);
            assert_eq!(kid_pids(1, false), scanned_1, "{bad:?}: a gone pid or a bad list → scan");
        }
        // a zombie's list is not trusted either
        write_child_list(&dir, 1, "100 ");
        let stat = dir.join("proc/1/stat");
        let text = std::fs::read_to_string(&stat).unwrap();
        std::fs::write(&stat, text.replacen(") S ", ") Z ", 1)).unwrap();
        assert_eq!(kid_pids(1, false), scanned_1);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// Thread `tid` of `pid` with `children` as its list and `state` in its `stat`.
fn write_thread(dir: &Path, pid: u32, tid: u32, children: &str, state: char) {
    let task = dir.join(format!("proc/{pid}/task/{tid}"));
    std::fs::create_dir_all(&task).unwrap();
    std::fs::write(task.join("children"), children).unwrap();
    let leader = std::fs::read_to_string(dir.join(format!("proc/{pid}/stat"))).unwrap();
    let (_, fields) = leader.rsplit_once(") ").unwrap();
    let stat = format!("{tid} (thread) {state}{}", &fields[1..]);
    std::fs::write(task.join("stat"), stat).unwrap();
}

/// A process with several threads: the union of its threads' lists, when each thread is
/// alive after its list was read (a thread that exits hands its children on, and is a
/// zombie from that moment); else the scan. The lists name 109 (not a child by the
/// fixture's ppids) so that the answer shows which was read.
#[test]
fn children_from_every_threads_list() {
    let scanned_100 = tree(|| kid_pids(100, false));
    assert_eq!(scanned_100, [102, 103]);
    let dir = scratch("threadlists");
    with_roots(Roots::fixture(&dir), || {
        write_thread(&dir, 100, 100, "103 ", 'S');
        write_thread(&dir, 100, 300, "109 ", 'S');
        write_thread(&dir, 100, 301, "", 'R');
        write_thread(&dir, 100, 302, "103 ", 'D');
        assert_eq!(kid_pids(100, false), [103, 109], "the four lists, sorted, once each");
        write_thread(&dir, 100, 301, "", 'Z');
        assert_eq!(kid_pids(100, false), scanned_100, "a thread that exited: its children may have moved");
        write_thread(&dir, 100, 301, "", 'S');
        std::fs::remove_file(dir.join("proc/100/task/300/stat")).unwrap();
        assert_eq!(kid_pids(100, false), scanned_100, "a thread gone after its list was read");
        write_thread(&dir, 100, 300, "109 ", 'S');
        std::fs::remove_file(dir.join("proc/100/task/302/children")).unwrap();
        assert_eq!(kid_pids(100, false), scanned_100, "a thread gone before its list was read");
        write_thread(&dir, 100, 302, "103 ", 'S');
        assert_eq!(kid_pids(100, false), [103, 109]);
        rewrite_stat_start(&dir, 100, "0 4 0 2000", "0 65 0 2000");
        assert_eq!(kid_pids(100, false), scanned_100, "more threads than the limit");
    });
    let _ = std::fs::remove_dir_all(&dir);
}

fn rewrite_stat_start(dir: &Path, pid: u32, old: &str, new: &str) {
    let path = dir.join(format!("proc/{pid}/stat"));
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replacen(&format!(" {old} "), &format!(" {new} "), 1);
    assert_ne!(text, changed);
    std::fs::write(&path, changed).unwrap();
}

#[test]
fn pid_reuse_is_refused() {
    let dir = scratch("reuse");
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(107).unwrap();
        assert!(p.is_running());
        assert_eq!(p.ppid().unwrap(), 1);
        rewrite_stat_start(&dir, 107, "2600", "9999");
        let fresh = Process::new(107).unwrap();
        assert_ne!(p, fresh);
        assert!(!p.is_running());
        let e = p.ppid().unwrap_err();
        assert!(
            matches!(&e, Error::NoSuchProcess { msg, .. } if msg == "process no longer exists and its PID has been reused"),
            "{e}"
        );
        assert!(p.children(false).unwrap_err().is_no_such_process());
        // Getters that do not check for reuse still read the pid.
        assert_eq!(p.name().unwrap(), "stopped");
        assert!(fresh.is_running());
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gone_process() {
    let dir = scratch("gone");
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(108).unwrap();
        std::fs::remove_dir_all(dir.join("proc/108")).unwrap();
        assert!(!p.is_running());
        assert!(p.check_gone_is_not_reuse());
        let e = p.name().unwrap_err();
        assert!(matches!(e, Error::NoSuchProcess { .. }), "{e}");
        assert!(p.cmdline().unwrap_err().is_no_such_process());
    });
    let _ = std::fs::remove_dir_all(&dir);
}

trait GoneCheck {
    fn check_gone_is_not_reuse(&self) -> bool;
}

impl GoneCheck for Process {
    /// A merely gone process is not "reused": ppid() reports plain NSP.
    fn check_gone_is_not_reuse(&self) -> bool {
        matches!(self.ppid(), Err(Error::NoSuchProcess { msg, .. }) if msg == "process no longer exists")
    }
}

#[test]
fn oneshot_serves_one_read_and_is_cleared() {
    let dir = scratch("oneshot");
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(109).unwrap();
        p.oneshot(|p| {
            assert_eq!(p.cpu_times().unwrap().user, 250.0 / ticks());
            let path = dir.join("proc/109/stat");
            let text = std::fs::read_to_string(&path).unwrap().replacen(" 250 50 ", " 500 50 ", 1);
            std::fs::write(&path, text).unwrap();
            // Cached inside: same value, also through a nested oneshot.
            assert_eq!(p.cpu_times().unwrap().user, 250.0 / ticks());
            p.oneshot(|p| assert_eq!(p.cpu_times().unwrap().user, 250.0 / ticks()));
            assert_eq!(p.cpu_times().unwrap().user, 250.0 / ticks());
        });
        assert_eq!(p.cpu_times().unwrap().user, 500.0 / ticks());
        // Errors are not cached.
        p.oneshot(|p| {
            let statm = dir.join("proc/109/statm");
            std::fs::write(&statm, "1 2").unwrap();
            assert!(p.memory_info().is_err());
            std::fs::write(&statm, "1 2 3 4 5 6 7").unwrap();
            assert_eq!(p.memory_info().unwrap().rss, 2 * page());
        });
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// With `PF_KTHREAD` in stat's flags (and not a zombie), `as_dict` knows a kernel thread's
/// address-space files without reading them: here they hold garbage, which the getters
/// called alone do read (and fail on, or return).
#[test]
fn kernel_thread_address_space_is_not_read_in_as_dict() {
    let dir = scratch("kthread");
    let pid2 = dir.join("proc/2");
    let stat = std::fs::read_to_string(pid2.join("stat")).unwrap();
    let kthread = stat.replace(" -1 4194304 ", " -1 2129984 ");
    assert_ne!(stat, kthread, "the fixture's flags field moved");
    std::fs::write(pid2.join("stat"), &kthread).unwrap();
    std::fs::write(pid2.join("statm"), "garbage\n").unwrap();
    std::fs::write(pid2.join("smaps"), "garbage\n").unwrap();
    std::fs::write(pid2.join("smaps_rollup"), "Pss: x kB\n").unwrap();
    std::fs::write(pid2.join("cmdline"), "bogus\0").unwrap();
    std::fs::write(pid2.join("environ"), "X=1\0").unwrap();
    let attrs =
        [Attr::Name, Attr::Cmdline, Attr::Environ, Attr::MemoryInfo, Attr::MemoryFullInfo, Attr::MemoryMaps];
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(2).unwrap();
        assert!(p.memory_info().is_err() && p.memory_maps(true).is_err() && p.memory_full_info().is_err());
        assert_eq!(p.cmdline().unwrap(), ["bogus"]);
        assert_eq!(p.environ().unwrap().get("X"), Some("1"));
        let info = p.as_dict(&attrs).unwrap();
        assert_eq!(info.value(Attr::Cmdline), Some(&AttrValue::OsStrList(Vec::new())));
        // environ (mode 0400) is still opened: whether the caller may read it is the kernel's
        // to say.
        assert!(matches!(info.value(Attr::Environ), Some(AttrValue::Env(e)) if e.get("X") == Some("1")));
        let Some(AttrValue::MemoryInfo(m)) = info.value(Attr::MemoryInfo) else { panic!("{info:?}") };
        assert_eq!((m.rss, m.vms, m.shared(), m.text(), m.data()), (0, 0, 0, 0, 0));
        assert_eq!(info.value(Attr::MemoryMaps), Some(&AttrValue::MemoryMaps(Vec::new())));
        let Some(AttrValue::MemoryFullInfo(f)) = info.value(Attr::MemoryFullInfo) else { panic!("{info:?}") };
        assert_eq!((f.uss, f.rss), (0, 0));
        // Without a stat getter in the request, nothing is known: the files are read.
        assert!(p.as_dict(&[Attr::MemoryInfo]).is_err());
    });
    // A zombie with the same flags is not taken for a live kernel thread.
    std::fs::write(pid2.join("stat"), kthread.replace("(kthreadd) S", "(kthreadd) Z")).unwrap();
    with_roots(Roots::fixture(&dir), || {
        let info = Process::new(2).unwrap().as_dict(&[Attr::Name, Attr::Cmdline]).unwrap();
        assert_eq!(info.value(Attr::Cmdline), Some(&AttrValue::OsStrList(vec!["bogus".into()])));
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// Inside a oneshot that read `status`, `memory_info` takes statm's values from its
/// memory lines (no `statm` read: the file is removed here); outside it, or when `VmLib`
/// is 0 (`VmExe` may then be capped), `statm` is read.
#[test]
fn memory_info_from_a_oneshot_status_read() {
    let dir = scratch("statusvm");
    let status = dir.join("proc/107/status");
    let base = std::fs::read_to_string(&status).unwrap();
    let vm = "VmPeak:\t   9000 kB\nVmSize:\t    8192 kB\nVmRSS:\t    2048 kB\nRssAnon:\t     512 kB\n\
              RssFile:\t    1280 kB\nRssShmem:\t     256 kB\nVmData:\t     640 kB\nVmStk:\t     132 kB\n\
              VmExe:\t      20 kB\nVmLib:\t    1600 kB\nVmSwap:\t       0 kB\n";
    std::fs::write(&status, format!("{base}{vm}")).unwrap();
    std::fs::remove_file(dir.join("proc/107/statm")).unwrap();
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(107).unwrap();
        let (uids, m) = p.oneshot(|p| (p.uids().unwrap(), p.memory_info().unwrap()));
        assert_eq!(uids.real, 1000);
        assert_eq!((m.vms, m.rss), (8192 * 1024, 2048 * 1024));
        assert_eq!(
            (m.shared(), m.text(), m.lib(), m.data(), m.dirty()),
            (1536 * 1024, 20 * 1024, 0, 772 * 1024, 0)
        );
        let info = p.as_dict(&[Attr::MemoryInfo, Attr::Username]).unwrap();
        assert!(
            matches!(info.get(Attr::MemoryInfo), Some(Ok(AttrValue::MemoryInfo(m))) if m.rss == 2048 * 1024)
        );
        let fresh = p.memory_info().unwrap_err();
        assert_eq!(fresh.raw_os_error(), Some(libc::ENOENT), "outside a oneshot statm is read: {fresh}");
        let before_status = p.oneshot(|p| p.memory_info()).unwrap_err();
        assert_eq!(before_status.raw_os_error(), Some(libc::ENOENT), "no status read yet: {before_status}");
    });
    std::fs::write(&status, format!("{base}{}", vm.replace("1600 kB", "0 kB"))).unwrap();
    with_roots(Roots::fixture(&dir), || {
        let p = Process::new(107).unwrap();
        let e = p.oneshot(|p| p.uids().and_then(|_| p.memory_info())).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT), "a zero VmLib means statm: {e}");
    });
    let _ = std::fs::remove_dir_all(&dir);
}
