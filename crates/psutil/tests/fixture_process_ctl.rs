//! `cpu_affinity(&[])` and the invalid-CPU messages read the eligible CPUs from
//! `/proc/PID/status` (`Cpus_allowed_list`) and the CPU count from `/proc/stat`. These
//! tests give a real child fixture copies of those files (new and old kernel formats,
//! missing, empty, truncated, garbage) and check the affinity it really gets with
//! `taskset`.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{Error, Process};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/process_ctl").join(name)
}

/// A temporary `/proc` tree for `pid`: its real `stat` (so its identity matches), and
/// the fixture `status` and `/proc/stat`.
fn tree(pid: u32, status: &str, stat: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "psutil-rs-ctl-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let piddir = dir.join("proc").join(pid.to_string());
    std::fs::create_dir_all(&piddir).expect("mkdir");
    std::fs::create_dir_all(dir.join("sys")).expect("mkdir");
    std::fs::copy(format!("/proc/{pid}/stat"), piddir.join("stat")).expect("copy stat");
    std::fs::copy(fixture(status), piddir.join("status")).expect("copy status");
    std::fs::copy(fixture(stat), dir.join("proc/stat")).expect("copy /proc/stat");
    dir
}

fn taskset(pid: u32) -> String {
    let out = Command::new("taskset").args(["-pc", &pid.to_string()]).output().expect("taskset");
    String::from_utf8_lossy(&out.stdout).rsplit(':').next().unwrap_or("").trim().to_string()
}

struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn kid() -> Kid {
    Kid(Command::new("sleep").arg("30").stdin(Stdio::null()).spawn().expect("spawn"))
}

fn two_cpus() -> bool {
    let ok = taskset(std::process::id()) == "0,1" || taskset(std::process::id()).starts_with("0-");
    if !ok {
        println!("skipping: needs CPUs 0 and 1 in our affinity");
    }
    ok
}

/// `set_cpu_affinity(&[])` with the given fixtures, then what `taskset` reports.
fn reset_with(status: &str, stat: &str) -> (psutil_rs::Result<()>, String) {
    let k = kid();
    let pid = k.0.id();
    let dir = tree(pid, status, stat);
    let res = with_roots(Roots::fixture(&dir), || Process::new(pid).and_then(|p| p.set_cpu_affinity(&[])));
    let got = taskset(pid);
    let _ = std::fs::remove_dir_all(&dir);
    (res, got)
}

#[test]
fn empty_list_takes_the_first_range_of_cpus_allowed_list() {
    if !two_cpus() {
        return;
    }
    let (res, got) = reset_with("status-range", "stat-2cpu");
    res.expect("set");
    assert_eq!(got, "1");
}

#[test]
fn without_a_leading_range_every_cpu_of_proc_stat_is_used() {
    if !two_cpus() {
        return;
    }
    // A single CPU, a list without a range, an old kernel without the line, an empty,
    // garbage or truncated file: psutil's regex does not match, so all CPUs of
    // /proc/stat (here the fixture's one CPU) are used.
    for status in [
        "status-single",
        "status-list",
        "status-old-kernel",
        "status-empty",
        "status-garbage",
        "status-truncated",
    ] {
        let (res, got) = reset_with(status, "stat-1cpu");
        res.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(got, "0", "{status}");
    }
    let (res, got) = reset_with("status-list", "stat-2cpu");
    res.expect("set");
    assert_eq!(got, "0,1");
}

#[test]
fn invalid_cpu_messages_list_the_eligible_cpus() {
    if !two_cpus() {
        return;
    }
    let k = kid();
    let pid = k.0.id();
    let before = taskset(pid);
    for (status, stat, bad, msg) in [
        ("status-range", "stat-2cpu", 5, "invalid CPU 5; choose between [1]"),
        ("status-single", "stat-2cpu", 2, "invalid CPU 2; choose between [0, 1]"),
        // The fixture has one CPU, so CPU 1 does not exist for psutil.
        ("status-list", "stat-1cpu", 1, "invalid CPU 1; choose between [0]"),
    ] {
        let dir = tree(pid, status, stat);
        let e = with_roots(Roots::fixture(&dir), || {
            Process::new(pid).and_then(|p| p.set_cpu_affinity(&[0, bad]))
        })
        .unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(&e, Error::InvalidArgument(m) if m == msg), "{status}: {e}");
        assert_eq!(taskset(pid), before, "unchanged after {status}");
    }
}

#[test]
fn a_proc_stat_without_cpu_lines_is_a_parse_error() {
    let k = kid();
    let pid = k.0.id();
    let before = taskset(pid);
    let dir = tree(pid, "status-range", "stat-nocpu");
    let e = with_roots(Roots::fixture(&dir), || Process::new(pid).and_then(|p| p.set_cpu_affinity(&[0])))
        .unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(e, Error::Parse { .. }), "{e}");
    assert_eq!(taskset(pid), before);
}
