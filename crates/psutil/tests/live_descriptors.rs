//! A `Process` holds no descriptor between calls: setters and signals open their pidfd
//! inside the call and close it before returning. Counted in `/proc/self/fd` (the kernel's
//! own list of this process's descriptors). The tests of this binary run one at a time:
//! they count the whole process's descriptors, and one lowers `RLIMIT_NOFILE`.
#![cfg(target_os = "linux")]

use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use psutil_rs::{process_iter, IoPrioClass, Process, Rlimit};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd").expect("/proc/self/fd").count()
}

fn sleeper() -> Child {
    Command::new("sleep").arg("60").stdin(Stdio::null()).spawn().expect("spawn sleep")
}

fn reap(mut children: Vec<Child>) {
    for c in &mut children {
        let _ = c.kill();
    }
    for c in &mut children {
        let _ = c.wait();
    }
}

#[test]
#[allow(clippy::zombie_processes)] // reaped by `Process::wait` below, which is under test
fn setters_and_signals_leave_no_descriptor() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let child = sleeper();
    let p = Process::new(child.id()).expect("Process");
    let before = fd_count();
    let nice = p.nice().expect("nice");
    p.set_nice(nice).expect("set_nice");
    let io = p.ionice().expect("ionice");
    let value = matches!(io.ioclass, IoPrioClass::Be | IoPrioClass::Rt).then_some(io.value as i32);
    p.set_ionice(io.ioclass, value).expect("set_ionice");
    let cpus = p.cpu_affinity().expect("cpu_affinity");
    p.set_cpu_affinity(&cpus).expect("set_cpu_affinity");
    let (soft, hard) = p.rlimit(Rlimit::Core).expect("rlimit");
    p.set_rlimit(Rlimit::Core, soft, hard).expect("set_rlimit");
    p.send_signal(0).expect("send_signal");
    p.suspend().expect("suspend");
    p.resume().expect("resume");
    assert!(p.wait(Some(Duration::ZERO)).is_err(), "still running");
    assert_eq!(fd_count(), before, "a descriptor outlived its call");
    // The same handle, used again, still refuses nothing and still holds nothing.
    p.set_nice(nice).expect("set_nice again");
    p.kill().expect("kill");
    assert_eq!(p.wait(None).expect("wait").and_then(|s| s.signal()), Some(libc::SIGKILL));
    assert_eq!(fd_count(), before, "wait closed its pin");
}

/// Sets the soft `RLIMIT_NOFILE` of this process, returning the old (soft, hard) pair.
fn set_nofile(soft: u64) -> (u64, u64) {
    let mut old = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: a writable rlimit for getrlimit; a readable one for setrlimit.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut old), 0);
        let new = libc::rlimit { rlim_cur: soft, rlim_max: old.rlim_max };
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &new), 0);
    }
    (old.rlim_cur, old.rlim_max)
}

fn restore_nofile((soft, hard): (u64, u64)) {
    let old = libc::rlimit { rlim_cur: soft, rlim_max: hard };
    // SAFETY: a readable rlimit; raising the soft limit back up to the unchanged hard one.
    unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &old) };
}

/// A program that renices every process and keeps its `Process` handles (as `process_iter`
/// keeps them between calls), with more processes than its descriptor limit: its
/// descriptor count stays flat and it can still open files afterwards.
#[test]
fn renicing_every_process_under_a_small_nofile_limit_keeps_descriptors_flat() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    const LIMIT: u64 = 64;
    let existing = psutil_rs::pids().expect("pids").len();
    let extra = (LIMIT as usize + 40).saturating_sub(existing);
    let sleepers: Vec<Child> = (0..extra).map(|_| sleeper()).collect();
    let before = fd_count();
    assert!((before as u64) < LIMIT / 2, "{before} descriptors open already");
    let old = set_nofile(LIMIT);
    let mut reniced = 0usize;
    let mut max_seen = before;
    let mut handles = Vec::new();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for round in 0..2 {
            for p in process_iter().expect("process_iter") {
                let result = p.nice().and_then(|n| p.set_nice(n));
                match result {
                    Ok(()) => reniced += 1,
                    Err(e) if e.is_no_such_process() || e.is_access_denied() => {}
                    Err(e) => panic!("round {round}, pid {}: {e}", p.pid()),
                }
                max_seen = max_seen.max(fd_count());
                handles.push(p);
            }
        }
        std::fs::File::open("/proc/self/stat").expect("a file still opens after renicing all")
    }));
    restore_nofile(old);
    reap(sleepers);
    let file = outcome.unwrap_or_else(|e| std::panic::resume_unwind(e));
    drop(file);
    assert!(reniced > 2 * LIMIT as usize, "only {reniced} renices done, fewer than the limit");
    // `fd_count` itself holds one descriptor (the /proc/self/fd listing) while it counts.
    assert_eq!(max_seen, before, "descriptors grew while renicing ({} handles kept)", handles.len());
    assert_eq!(fd_count(), before);
}
