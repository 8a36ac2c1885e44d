//! A Process whose pid the kernel has handed to a new process must refuse to signal or
//! change it. The kernel is made to reuse the pid on purpose through
//! `/proc/sys/kernel/ns_last_pid` (root only; skipped with a reason otherwise). One test
//! per binary, so no sibling test forks between our write and our spawn.

use std::process::{Child, Command};
use std::time::Duration;

use psutil_rs::{IoPrioClass, Process, Rlimit};

const REUSED: &str = "process no longer exists and its PID has been reused";

fn sleeper() -> Child {
    Command::new("sleep").arg("60").spawn().expect("spawn sleep")
}

fn finish(mut c: Child) {
    let _ = c.kill();
    let _ = c.wait();
}

/// Field number `index` (1-based, as in proc(5); counted after the `comm` field) of `/proc/<pid>/stat`.
fn stat_field(pid: u32, index: usize) -> String {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat of the new process");
    let after_comm = &stat[stat.rfind(')').expect("comm") + 2..];
    after_comm.split(' ').nth(index - 3).expect("field").to_string()
}

/// Spawns a process and a handle on it (`pin` makes one control call first, so the handle
/// holds a pidfd), reaps it, waits `gap`, then spawns processes until one gets its pid.
fn reused_pair(pin: bool, gap: Duration) -> Option<(Process, Child)> {
    for _ in 0..100 {
        let mut first = sleeper();
        let pid = first.id();
        let handle = Process::new(pid).expect("Process of a live child");
        if pin {
            handle.send_signal(0).expect("signal 0 to a live child");
        }
        first.kill().expect("kill first");
        first.wait().expect("reap first");
        std::thread::sleep(gap);
        if let Err(e) = std::fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string()) {
            eprintln!("SKIPPED: cannot write /proc/sys/kernel/ns_last_pid ({e}); needs root");
            return None;
        }
        let second = sleeper();
        if second.id() == pid {
            return Some((handle, second));
        }
        finish(second);
    }
    panic!("the kernel did not reuse a pid in 100 attempts");
}

/// Every signal and setter on `old` fails with NoSuchProcess (whose message must contain
/// `msg`), and `new`, which now owns the pid, is left as it was.
fn refuses_everything(old: &Process, new: Child, msg: &str) {
    let pid = new.id();
    assert_eq!(old.pid(), pid);
    let nice_before = stat_field(pid, 19);
    let attempts: Vec<(&str, psutil_rs::Result<()>)> = vec![
        ("send_signal(SIGTERM)", old.send_signal(libc::SIGTERM)),
        ("suspend", old.suspend()),
        ("resume", old.resume()),
        ("terminate", old.terminate()),
        ("kill", old.kill()),
        ("set_nice", old.set_nice(10)),
        ("set_ionice", old.set_ionice(IoPrioClass::Idle, None)),
        ("set_rlimit", old.set_rlimit(Rlimit::Nofile, 64, 64)),
        ("set_cpu_affinity", old.set_cpu_affinity(&[0])),
    ];
    for (what, outcome) in attempts {
        match outcome {
            Err(e) if e.is_no_such_process() => assert!(e.to_string().contains(msg), "{what}: {e}"),
            other => panic!("{what} on a reused pid returned {other:?}"),
        }
    }
    let state = stat_field(pid, 3);
    assert!(matches!(state.as_str(), "R" | "S" | "D"), "new process not stopped nor killed: {state}");
    assert_eq!(stat_field(pid, 19), nice_before, "nice of the new process");
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let nofile = limits.lines().find(|l| l.starts_with("Max open files")).expect("nofile line");
    assert!(!nofile.split_whitespace().any(|w| w == "64"), "{nofile}");
    let fresh = Process::new(pid).expect("a handle on the new process");
    assert!(fresh.is_running());
    finish(new);
}

#[test]
fn a_reused_pid_is_never_signalled_or_changed() {
    // A plain handle: the new process started ticks later, so its create time differs
    // and the identity check (psutil's) refuses with the "reused" message.
    let Some((old, new)) = reused_pair(false, Duration::from_millis(50)) else { return };
    assert!(!old.is_running(), "the old handle must see that its pid was reused");
    refuses_everything(&old, new, REUSED);

    // A handle that already holds a pidfd, reused within the same clock tick where
    // create times can be equal: the pidfd still refers to the reaped process.
    let Some((old, new)) = reused_pair(true, Duration::ZERO) else { return };
    refuses_everything(&old, new, "process no longer exists");
}
