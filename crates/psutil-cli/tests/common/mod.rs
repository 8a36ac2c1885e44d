//! Helpers shared by the CLI integration tests: run the built `psutil` binary.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `psutil ARGS...` and returns its output.
pub fn run(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_psutil")).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run psutil {args:?}: {e}"),
    }
}

/// Runs `psutil ARGS...`, asserts exit 0, empty stderr-free success and non-empty stdout.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "psutil {args:?} failed: {:?}\nstderr: {stderr}\nstdout: {stdout}",
        out.status
    );
    assert!(!stdout.trim().is_empty(), "psutil {args:?} printed nothing (stderr: {stderr})");
    stdout
}

/// Runs `psutil ARGS... --json`, asserts success and returns the parsed JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let mut all: Vec<&str> = args.to_vec();
    all.push("--json");
    let text = ok(&all);
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("psutil {all:?} printed invalid JSON ({e}):\n{text}"),
    }
}

/// Runs `psutil ARGS...`, asserts it fails with `code` and a stderr message containing
/// `needle`, with nothing on stdout and no panic.
pub fn fails(args: &[&str], code: i32, needle: &str) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "psutil {args:?}: stderr {stderr}");
    assert!(stderr.contains(needle), "psutil {args:?}: stderr {stderr:?} lacks {needle:?}");
    assert!(!stderr.contains("panicked"), "psutil {args:?} panicked: {stderr}");
    assert!(out.stdout.is_empty(), "psutil {args:?} printed to stdout on failure");
}

/// Runs a system tool and returns its stdout, or None (with a printed reason) when the
/// tool is missing or fails.
pub fn tool(cmd: &str, args: &[&str]) -> Option<String> {
    match Command::new(cmd).args(args).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => {
            eprintln!("skipping oracle: {cmd} {args:?} exited {:?}", out.status);
            None
        }
        Err(e) => {
            eprintln!("skipping oracle: cannot run {cmd}: {e}");
            None
        }
    }
}

/// A field of a JSON object as u64, failing the test when absent.
pub fn u64_of(v: &serde_json::Value, key: &str) -> u64 {
    match v.get(key).and_then(serde_json::Value::as_u64) {
        Some(n) => n,
        None => panic!("no integer {key:?} in {v}"),
    }
}
