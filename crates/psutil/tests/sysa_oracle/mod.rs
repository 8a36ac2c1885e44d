//! Helpers shared by the cpu, memory and host tests: system tools as oracles, and
//! fixture roots.
#![allow(dead_code)] // each test binary uses a part

use std::process::Command;

use psutil_rs::paths::Roots;

/// Runs a tool and returns its stdout; the test fails if it cannot run or fails.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The number in front of `label` in `vmstat -s`.
pub fn vmstat_s(label: &str) -> u64 {
    let text = run("vmstat", &["-s"]);
    let line = text.lines().find(|l| l.trim_start().split_once(' ').is_some_and(|(_, rest)| rest == label));
    line.unwrap_or_else(|| panic!("vmstat -s has no '{label}'"))
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The roots of the fixture tree `tests/fixtures/<name>`.
pub fn at(name: &str) -> Roots {
    Roots::fixture(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))
}

/// [`proc_value`] of a file that may be gone (a process's): `None` when it cannot be read
/// or has no such line.
pub fn proc_value_opt(path: &str, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// The first number after the line prefix `key` in the kernel file `path`, read by hand.
pub fn proc_value(path: &str, key: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key} in {path}"));
    line[key.len()..].split_whitespace().next().unwrap().parse().unwrap()
}

/// Field `n` of `/proc/PID/stat` as proc(5) numbers them (3 = state, 4 = ppid, 22 = start
/// time), read by hand: the fields after the comm's last `)`. `None` when the file cannot
/// be read or is shorter.
pub fn stat_field(pid: u32, n: usize) -> Option<String> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(text.rsplit_once(')')?.1.split_whitespace().nth(n.checked_sub(3)?)?.to_owned())
}
