//! Bad input to every public entry point that takes any: a typed error (never a panic),
//! and a process that was to be changed is left as it was (checked against the kernel's
//! own view: `/proc/<pid>/stat`, `prlimit`, `sched_getaffinity` via the library's
//! getter read again, `ionice`).
#![cfg(target_os = "linux")]

mod sysa_oracle;

use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use psutil_rs::{Attr, ConnectionKind, Error, IoPrioClass, MemType, Process, Rlimit};

fn sleeper() -> (Child, Process) {
    let child = Command::new("sleep").arg("30").stdin(Stdio::null()).spawn().expect("spawn sleep");
    let p = Process::new(child.id()).expect("Process of the sleeper");
    (child, p)
}

fn end(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn invalid(r: Result<impl std::fmt::Debug, Error>) -> String {
    match r {
        Err(Error::InvalidArgument(m)) => m,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn huge_and_absent_pids_are_no_such_process() {
    for pid in [u32::MAX, i32::MAX as u32, 4_194_305, u32::MAX - 1] {
        assert!(!psutil_rs::pid_exists(pid), "{pid}");
        match Process::new(pid) {
            Err(Error::NoSuchProcess { pid: p, .. }) => assert_eq!(p, pid),
            other => panic!("Process::new({pid}): {other:?}"),
        }
    }
}

#[test]
fn unknown_names_are_invalid_arguments() {
    assert!(ConnectionKind::from_str("foo").is_err());
    assert!(ConnectionKind::from_str("").is_err());
    assert!(MemType::from_str("foo").is_err());
    assert!(Attr::from_str("foo").is_err());
    assert!(Attr::parse_list(&["name", "foo"]).is_err());
    invalid(IoPrioClass::from_raw(-1));
    invalid(IoPrioClass::from_raw(99));
    invalid(Rlimit::from_raw(-1));
    invalid(Rlimit::from_raw(9999));
    invalid(Rlimit::from_raw(i64::MAX));
}

#[test]
fn absent_or_odd_paths_are_errors() {
    for path in ["/nonexistent-psutil-rs", "", "a\0b", "/proc/self/fd/999999"] {
        assert!(psutil_rs::disk_usage(path).is_err(), "{path:?}");
    }
    let long = "x".repeat(5000);
    assert!(psutil_rs::disk_usage(&long).is_err());
}

#[test]
fn cpu_percent_intervals_out_of_range_are_invalid_and_do_not_block() {
    let me = Process::current().expect("current");
    for bad in [-1.0, f64::NAN, f64::INFINITY, f64::MAX, -0.5] {
        let started = Instant::now();
        invalid(me.cpu_percent(Some(bad)));
        assert!(started.elapsed() < Duration::from_secs(5), "{bad} blocked");
    }
}

#[test]
fn huge_wait_timeouts_do_not_overflow() {
    // a deadline far in the future must not overflow Instant arithmetic
    let mut child = Command::new("true").spawn().expect("spawn true");
    let p = Process::new(child.id()).expect("Process");
    let status = p.wait(Some(Duration::MAX)).expect("wait with Duration::MAX");
    assert_eq!(status.map(|s| s.code()), Some(0));
    assert!(child.wait().is_err(), "already reaped by the library");
    let mut child = Command::new("true").spawn().expect("spawn true");
    let p = Process::new(child.id()).expect("Process");
    let (gone, alive) = psutil_rs::wait_procs(vec![p], Some(Duration::MAX), None).expect("wait_procs");
    assert_eq!((gone.len(), alive.len()), (1, 0));
    assert!(child.wait().is_err(), "already reaped by the library");
}

#[test]
fn bad_setter_values_leave_the_process_unchanged() {
    let (child, p) = sleeper();
    let nice = p.nice().expect("nice");
    let ionice = p.ionice().expect("ionice");
    let limits = p.rlimit(Rlimit::Nofile).expect("rlimit");
    let affinity = p.cpu_affinity().expect("cpu_affinity");

    for bad in [20, -21, i32::MAX, i32::MIN] {
        invalid(p.set_nice(bad));
    }
    invalid(p.set_ionice(IoPrioClass::Idle, Some(3)));
    invalid(p.set_ionice(IoPrioClass::Be, Some(8)));
    invalid(p.set_ionice(IoPrioClass::Be, Some(-1)));
    for (soft, hard) in [(-5, -5), (-2, 10), (10, -7), (i64::MIN, i64::MIN)] {
        invalid(p.set_rlimit(Rlimit::Nofile, soft, hard));
    }
    invalid(p.set_cpu_affinity(&[usize::MAX]));
    invalid(p.set_cpu_affinity(&[9999]));
    invalid(p.set_cpu_affinity_i64(&[0, -1]));
    invalid(p.set_cpu_affinity_i64(&[i64::MIN]));
    for sig in [-1, 65, 9999, i32::MAX, i32::MIN] {
        invalid(p.send_signal(sig));
    }

    assert_eq!(p.nice().expect("nice"), nice);
    assert_eq!(p.ionice().expect("ionice"), ionice);
    assert_eq!(p.rlimit(Rlimit::Nofile).expect("rlimit"), limits);
    assert_eq!(p.cpu_affinity().expect("cpu_affinity"), affinity);
    assert!(p.is_running());
    let state = sysa_oracle::stat_field(p.pid(), 3);
    let state = state.as_deref();
    // alive and not stopped (a sleeper just started may still be running its start-up)
    assert!(matches!(state, Some("S" | "R" | "D")), "state {state:?}: stopped or killed");
    end(child);
}
