//! `num_threads()` (stat's field 20 outside a oneshot that read status) against the
//! `Threads:` line of `/proc/PID/status` read by the test before and after, for every
//! process on the machine, and against `ps -o nlwp` for this test's own process.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use std::process::Command;

use psutil_rs::{process_iter, Process};

/// `Threads:` of `/proc/PID/status`, if it can be read.
fn threads_line(pid: u32) -> Option<u64> {
    sysa_oracle::proc_value_opt(&format!("/proc/{pid}/status"), "Threads:")
}

#[test]
fn every_process_has_its_status_thread_count() {
    let mut compared = 0;
    for p in process_iter().unwrap() {
        let Some(before) = threads_line(p.pid()) else { continue };
        let plain = p.num_threads();
        // Inside a oneshot that read status (uids), the count comes from that read.
        let shared = p.oneshot(|p| p.uids().and_then(|_| p.num_threads()));
        // A process that started or ended a thread meanwhile says nothing.
        if threads_line(p.pid()) != Some(before) {
            continue;
        }
        let (Ok(plain), Ok(shared)) = (plain, shared) else { continue };
        assert_eq!((plain, shared), (before, before), "pid {}", p.pid());
        compared += 1;
    }
    assert!(compared >= 3, "{compared}");
}

#[test]
fn our_own_threads_against_ps() {
    let me = Process::current().unwrap();
    let workers: Vec<_> = (0..3)
        .map(|_| std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_millis(300))))
        .collect();
    let ours = me.num_threads().unwrap();
    let out =
        Command::new("ps").args(["-o", "nlwp=", "-p", &std::process::id().to_string()]).output().unwrap();
    let nlwp: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    for w in workers {
        w.join().unwrap();
    }
    // The harness runs other tests' threads alongside: close, not equal.
    assert!(ours >= 4 && ours.abs_diff(nlwp) <= 8, "{ours} vs ps {nlwp}");
}
