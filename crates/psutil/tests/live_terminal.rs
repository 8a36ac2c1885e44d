//! `Process::terminal()` of a process whose controlling terminal is a real pseudo-terminal
//! (`script(1)` runs it in a new session on a pty), against `ps -o tty` and against the pty
//! its standard input is, read from `/proc/PID/fd/0`, also for a pty opened after the first
//! answer.
#![cfg(target_os = "linux")]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use psutil_rs::Process;

/// `script` and the `sleep` it runs on its pty; both killed (and `script` reaped) when
/// dropped.
struct OnAPty {
    sleep: Process,
    _script: Reaped,
}

impl OnAPty {
    fn start() -> OnAPty {
        let script = Reaped(
            Command::new("script")
                .args(["-qfc", "exec sleep 60", "/dev/null"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("script(1) (util-linux) runs"),
        );
        let parent = Process::new(script.0.id()).unwrap();
        let start = Instant::now();
        loop {
            let sleeping =
                parent.children(true).unwrap().into_iter().find(|c| c.name().is_ok_and(|n| n == "sleep"));
            if let Some(sleep) = sleeping {
                return OnAPty { sleep, _script: script };
            }
            assert!(start.elapsed() < Duration::from_secs(10), "script(1) started no sleep");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for OnAPty {
    fn drop(&mut self) {
        let _ = self.sleep.kill();
    }
}

/// terminal() of the `sleep` on a pty, checked against its stdin's pty and `ps -o tty`.
fn check_terminal(on_pty: &OnAPty) -> String {
    let pid = on_pty.sleep.pid();
    let ours = on_pty.sleep.terminal().unwrap().expect("a controlling terminal");
    let stdin = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    assert_eq!(Some(ours.as_str()), stdin.to_str());
    assert!(ours.starts_with("/dev/pts/"), "{ours}");
    let out = Command::new("ps").args(["-o", "tty=", "-p", &pid.to_string()]).output().unwrap();
    assert_eq!(ours.trim_start_matches("/dev/"), String::from_utf8_lossy(&out.stdout).trim());
    ours
}

/// The second pty is opened after terminal() has answered for the first (psutil 7.2.2
/// keeps the `/dev` map of its first call and answers None for it, gh-2830).
#[test]
fn terminal_of_a_process_on_a_pty_is_its_pty_even_a_pty_opened_later() {
    let first = OnAPty::start();
    let first_tty = check_terminal(&first);
    let second = OnAPty::start();
    let second_tty = check_terminal(&second);
    assert_ne!(first_tty, second_tty);
}

/// A child killed and reaped when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn terminal_of_a_process_without_one_is_none() {
    let child = Reaped(
        Command::new("setsid")
            .args(["sleep", "60"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let pid = child.0.id();
    let start = Instant::now();
    // setsid(1) execs sleep in the same process (it forks only when it leads a group).
    while Process::new(pid).and_then(|p| p.name()).map_or(true, |n| n != "sleep") {
        assert!(start.elapsed() < Duration::from_secs(10), "setsid did not exec sleep");
        std::thread::sleep(Duration::from_millis(10));
    }
    let ours = Process::new(pid).unwrap().terminal().unwrap();
    let out = Command::new("ps").args(["-o", "tty=", "-p", &pid.to_string()]).output().unwrap();
    assert_eq!(ours, None);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "?");
}
