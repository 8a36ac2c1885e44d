//! `memory_info()` inside a oneshot that has read `status` takes statm's values from the
//! status memory lines: checked on every process of the machine against `/proc/PID/statm`
//! read by the test itself, before and after.
#![cfg(target_os = "linux")]

use std::process::{Child, Command};

use psutil_rs::os::linux::ProcessMemoryInfoExt;
use psutil_rs::Process;

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn page() -> u64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as u64 }
}

/// `/proc/PID/statm`'s seven fields in bytes, read by the test.
fn statm_bytes(pid: u32) -> Option<[u64; 7]> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/statm")).ok()?;
    let fields: Vec<u64> = text.split_whitespace().take(7).map(|v| v.parse().ok()).collect::<Option<_>>()?;
    let mut out = [0; 7];
    for (slot, v) in out.iter_mut().zip(fields) {
        *slot = v * page();
    }
    Some(out)
}

/// `VmLib:` of `/proc/PID/status` in kB, read by the test (absent for a kernel thread).
fn vm_lib(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmLib:"))?;
    line[6..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// The library's values in a oneshot that read `status` first (`uids()`), as statm's
/// seven fields.
fn ours(p: &Process) -> Option<[u64; 7]> {
    p.oneshot(|p| {
        p.uids().ok()?;
        let m = p.memory_info().ok()?;
        Some([m.vms, m.rss, m.shared(), m.text(), m.lib(), m.data(), m.dirty()])
    })
}

#[test]
fn every_process_gives_statm_values_from_status() {
    let _child = Kill(Command::new("sleep").arg("60").spawn().expect("spawn sleep"));
    let child_pid = _child.0.id();
    let (mut compared, mut from_status_lines, mut child_seen) = (0, 0, false);
    for pid in psutil_rs::pids().unwrap() {
        let Ok(p) = Process::new(pid) else { continue };
        // a busy process's counters move between reads: a round counts when statm read
        // before and after agree
        for _ in 0..20 {
            let (Some(before), Some(mine), Some(after)) = (statm_bytes(pid), ours(&p), statm_bytes(pid))
            else {
                break;
            };
            if before != after {
                continue;
            }
            assert_eq!(mine, before, "pid {pid}: memory_info from status vs /proc/{pid}/statm");
            compared += 1;
            if vm_lib(pid).is_some_and(|kb| kb > 0) {
                from_status_lines += 1;
                child_seen |= pid == child_pid;
            }
            break;
        }
    }
    assert!(child_seen, "the sleep child was compared with its status lines in use");
    assert!(
        compared >= 10 && from_status_lines >= 2,
        "{compared} compared, {from_status_lines} with VmLib > 0"
    );
}
