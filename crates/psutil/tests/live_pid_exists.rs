//! `pid_exists` against the `Tgid:` line of `/proc/ID/status` read by the test, for every
//! task on the machine (process and thread ids), a zombie and a reaped child; and the
//! `tgkill` + `access` answer (the real `/proc`) against psutil's `kill` + `status` way (the same
//! `/proc` reached by another path, which the library does not take for the real one).
#![cfg(target_os = "linux")]

mod sysa_oracle;

use std::process::Command;
use std::time::{Duration, Instant};

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::pid_exists;

/// The `Tgid:` of `/proc/ID/status`, if it can be read.
fn tgid(id: u32) -> Option<u32> {
    u32::try_from(sysa_oracle::proc_value_opt(&format!("/proc/{id}/status"), "Tgid:")?).ok()
}

/// Every task id under `/proc/*/task/`.
fn every_task_id() -> Vec<u32> {
    let numbers = |dir: &str| -> Vec<u32> {
        std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect())
            .unwrap_or_default()
    };
    numbers("/proc").into_iter().flat_map(|pid| numbers(&format!("/proc/{pid}/task"))).collect()
}

/// `/proc` by a path that is not `/proc`: the library then reads it as psutil does.
fn psutils_way(id: u32) -> bool {
    with_roots(Roots::new("/proc/../proc", "/sys"), || pid_exists(id))
}

#[test]
fn every_task_id_is_a_process_exactly_when_it_leads_its_group() {
    // A few threads of our own, waiting on a lock held until the scan is over, so that
    // thread ids are sure to be among the tasks.
    let gate = std::sync::RwLock::new(());
    let (leaders, others) = std::thread::scope(|s| {
        let closed = gate.write().unwrap();
        for _ in 0..3 {
            s.spawn(|| drop(gate.read()));
        }
        let counts = compare_every_task();
        drop(closed);
        counts
    });
    assert!(leaders > 0 && others >= 3, "{leaders} processes, {others} other threads");
}

/// Checks every task id; returns how many led their group and how many did not.
fn compare_every_task() -> (usize, usize) {
    let (mut leaders, mut others) = (0, 0);
    for id in every_task_id() {
        let Some(before) = tgid(id) else { continue };
        let ours = pid_exists(id);
        let theirs = psutils_way(id);
        // A task that exited meanwhile says nothing.
        if tgid(id) != Some(before) {
            continue;
        }
        assert_eq!(ours, before == id, "id {id}, Tgid {before}");
        assert_eq!(theirs, ours, "id {id}");
        if before == id {
            leaders += 1;
        } else {
            others += 1;
        }
    }
    (leaders, others)
}

#[test]
fn a_zombie_exists_until_it_is_reaped() {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        if stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('Z')) {
            break;
        }
        assert!(Instant::now() < deadline, "{pid} never became a zombie");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(pid_exists(pid));
    assert!(psutils_way(pid));
    child.wait().unwrap();
    assert!(!pid_exists(pid));
    assert!(!psutils_way(pid));
}
