//! Children for the monitor tests: a busy loop and a sleeper with names no other process
//! has, killed when dropped, and their CPU time read from the kernel independently.
//! A test that includes this module includes `common/exe.rs` as `exe` too.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child killed and reaped when the test ends, even on failure.
pub struct Kid(pub Child);

impl Kid {
    /// Its pid.
    pub fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `/bin/sh` on `body` from a script called `name` (so its comm is `name`), and
/// waits until it has exec'd. Its stdin is a pipe the test holds: `read line` blocks.
pub fn script(name: &str, body: &str) -> Kid {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    crate::exe::write_executable(&path, format!("#!/bin/sh\n{body}\n").as_bytes());
    let child =
        Command::new(&path).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().expect("spawn script");
    let kid = Kid(child);
    let deadline = Instant::now() + Duration::from_secs(5);
    while comm(kid.pid()).as_deref() != Some(name) {
        assert!(Instant::now() < deadline, "{name} never exec'd");
        std::thread::sleep(Duration::from_millis(10));
    }
    kid
}

/// A name for a child unique on this machine (15 characters at most, as comm keeps).
pub fn unique(prefix: &str) -> String {
    let name = format!("{prefix}{}", std::process::id());
    name.chars().take(15).collect()
}

/// A child sleeping (in `read`) until the test ends.
pub fn sleeper(prefix: &str) -> Kid {
    script(&unique(prefix), "read line")
}

/// A child spinning on one CPU.
pub fn busy(prefix: &str) -> Kid {
    script(&unique(prefix), "while :; do :; done")
}

/// The comm of a process, from /proc/PID/comm.
pub fn comm(pid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|s| s.trim_end().to_string())
}

/// utime + stime of a process in seconds, from /proc/PID/stat (fields 14 and 15).
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read stat");
    let after = &stat[stat.rfind(')').expect("stat has a comm") + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks as f64 / hz
}

/// CPU% of `pid` over a window measured by the test itself: (CPU time after - before)
/// over the wall time between the two reads.
pub struct CpuWindow {
    pid: u32,
    start: Instant,
    cpu: f64,
}

impl CpuWindow {
    /// Starts measuring now.
    pub fn start(pid: u32) -> Self {
        CpuWindow { pid, start: Instant::now(), cpu: cpu_seconds(pid) }
    }

    /// The percent of one CPU used since the start.
    pub fn percent(&self) -> f64 {
        let cpu = cpu_seconds(self.pid);
        (cpu - self.cpu) / self.start.elapsed().as_secs_f64() * 100.0
    }
}
