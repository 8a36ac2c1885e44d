//! Portable invariants of the process API, on this test's own process and on a child it
//! spawns: true on every OS with a backend, checked against the standard library where
//! it knows the same fact (own pid, working directory, executable). Not gated to Linux.

mod common;

use psutil_rs::{pid_exists, pids, process_iter, Process};

#[test]
fn our_pid_is_listed_and_exists() {
    let me = std::process::id();
    let all = pids().expect("pids");
    assert!(all.contains(&me));
    assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    assert!(pid_exists(me));
    assert!(process_iter().expect("process_iter").iter().any(|p| p.pid() == me));
}

#[test]
fn current_process_is_described_sanely() {
    let me = Process::current().expect("current");
    assert_eq!(me.pid(), std::process::id());
    assert!(me.is_running());
    assert!(!me.name().expect("name").is_empty());
    let ppid = me.ppid().expect("ppid");
    assert_ne!(ppid, me.pid());
    assert!(pid_exists(ppid) || ppid == 0);
    let created = me.create_time().expect("create_time");
    assert!(created > 0.0 && created <= common::now() + 1.0, "{created}");
    let cwd = me.cwd().expect("cwd");
    assert_eq!(std::path::PathBuf::from(cwd), std::env::current_dir().expect("current_dir"));
    let exe = std::path::PathBuf::from(me.exe().expect("exe"));
    assert_eq!(exe.file_name(), std::env::current_exe().expect("current_exe").file_name());
    assert!(!me.cmdline().expect("cmdline").is_empty());
    assert!(me.num_threads().expect("num_threads") >= 1);
    let t = me.cpu_times().expect("cpu_times");
    assert!(t.user >= 0.0 && t.system >= 0.0);
    assert!(me.memory_info().expect("memory_info").rss > 0);
    assert_eq!(me, Process::new(me.pid()).expect("new"));
}

#[test]
fn a_child_is_seen_as_our_child_until_it_ends() {
    let exe = std::env::current_exe().expect("current_exe");
    // This test binary itself, asked to list no tests, as a short-lived child that exists
    // on every OS.
    let mut child = std::process::Command::new(exe)
        .args(["--list", "--exact", "no-such-test"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    if let Ok(p) = Process::new(pid) {
        // It may already have ended; while it runs, it is ours.
        if let Ok(ppid) = p.ppid() {
            assert_eq!(ppid, std::process::id());
        }
    }
    assert!(child.wait().expect("wait").success());
    // Reaped: the pid is gone, or already another process's (not one of ours).
    if let Ok(p) = Process::new(pid) {
        assert_ne!(p.ppid().ok(), Some(std::process::id()));
    }
}

#[test]
fn bad_pids_are_refused() {
    assert!(Process::new(u32::MAX).unwrap_err().is_no_such_process());
}
