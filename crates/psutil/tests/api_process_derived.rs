//! Portable checks of the process calls built on the backend's getters: `cpu_percent`,
//! `memory_percent`, `as_dict`, `oneshot`, `parent`/`parents`, `wait_procs` and `Popen`.
//! They hold on every OS with a backend (run on Linux and under Wine); each is compared with
//! the getters it is made of, read around it, or with what the standard library knows.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use psutil_rs::{pid_exists, virtual_memory, wait_procs, Attr, MemType, Popen, Process};

/// This test binary, asked to list no tests: a short-lived child that exits with 0 on
/// every OS.
fn quick_child() -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("current_exe"));
    cmd.args(["--list", "--exact", "no-such-test"]).stdout(Stdio::null());
    cmd
}

#[test]
fn cpu_percent_sees_this_thread_burn() {
    let me = Process::current().expect("current");
    assert_eq!(me.cpu_percent(None).expect("first sample"), 0.0, "psutil's first call");
    // Burn until the process has used 0.3 s of CPU (a starved machine takes longer wall
    // time for it), so that the share it must show follows from the wall time taken.
    let cpu = |p: &Process| p.cpu_times().map(|t| t.user + t.system).expect("cpu_times");
    let (start, used_before) = (Instant::now(), cpu(&me));
    let mut x = 0u64;
    while cpu(&me) - used_before < 0.3 && start.elapsed() < Duration::from_secs(10) {
        for _ in 0..100_000 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
    let pct = me.cpu_percent(None).expect("second sample");
    let wall = start.elapsed().as_secs_f64();
    let cpus = psutil_rs::cpu_count(true).expect("cpu_count").unwrap_or(1) as f64;
    let least = 0.3 / wall * 100.0 * 0.8;
    assert!(pct >= least && pct <= 100.0 * cpus + 1.0, "{pct}% after 0.3 s of CPU in {wall:.2} s");
}

#[test]
fn memory_percent_is_rss_over_total() {
    let me = Process::current().expect("current");
    let total = virtual_memory().expect("virtual_memory").total as f64;
    let before = me.memory_info().expect("memory_info").rss as f64;
    let pct = me.memory_percent(MemType::Rss).expect("memory_percent");
    let after = me.memory_info().expect("memory_info").rss as f64;
    let (lo, hi) = (before.min(after) / total * 100.0, before.max(after) / total * 100.0);
    let slack = 1024.0 * 1024.0 / total * 100.0;
    assert!(pct >= lo - slack && pct <= hi + slack, "{pct} not in [{lo}, {hi}]");
}

#[test]
fn as_dict_and_oneshot_agree_with_the_getters() {
    let me = Process::current().expect("current");
    let name = me.name().expect("name");
    let ppid = me.ppid().expect("ppid");
    let info = me.as_dict(&[Attr::Pid, Attr::Name, Attr::Ppid]).expect("as_dict");
    assert_eq!(info.pid(), me.pid());
    assert_eq!(info.name().as_deref(), Some(name.as_str()));
    let (inside_name, inside_ppid) = me.oneshot(|p| (p.name().expect("name"), p.ppid().expect("ppid")));
    assert_eq!((inside_name, inside_ppid), (name, ppid));
}

#[test]
fn parent_and_parents_follow_ppid() {
    let me = Process::current().expect("current");
    let ppid = me.ppid().expect("ppid");
    let parent = me.parent().expect("parent");
    let parents = me.parents().expect("parents");
    match parent {
        Some(p) => {
            assert_eq!(p.pid(), ppid);
            assert_eq!(parents.first().map(Process::pid), Some(ppid));
        }
        // Only when the parent has gone (or is pid 0, which psutil does not name).
        None => assert!(ppid == 0 || !pid_exists(ppid), "no parent but pid {ppid} exists"),
    }
    assert!(parents.iter().all(|p| p.pid() != me.pid()));
}

#[test]
fn wait_procs_reports_a_child_that_exits() {
    let mut child = quick_child().spawn().expect("spawn");
    let p = Process::new(child.id()).expect("Process of the child");
    let mut called = Vec::new();
    let mut cb = |p: &Process| called.push(p.pid());
    let (gone, alive) =
        wait_procs(vec![p], Some(Duration::from_secs(20)), Some(&mut cb)).expect("wait_procs");
    assert_eq!((gone.len(), alive.len()), (1, 0));
    assert_eq!(called, vec![child.id()]);
    assert_eq!(gone[0].returncode().map(|s| s.code()), Some(0));
    // The standard library still reaps it (on Unix psutil's wait took the status first).
    let _ = child.wait();
}

#[test]
fn popen_waits_with_the_exit_code() {
    let p = Popen::spawn(&mut quick_child()).expect("Popen::spawn");
    assert_eq!(p.pid(), p.child().id());
    assert!(p.name().is_ok() || !p.is_running());
    let status = p.wait(Some(Duration::from_secs(20))).expect("wait");
    assert_eq!(status.map(|s| s.code()), Some(0));
}
