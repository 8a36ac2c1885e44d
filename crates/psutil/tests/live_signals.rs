//! The library's signal table against Python's `signal.Signals` on the same machine (the
//! names psutil's `Negsignal` results carry), and `kill -l` for the name lookup.
#![cfg(target_os = "linux")]

use std::process::Command;

#[test]
fn signal_table_equals_pythons_signal_enum() {
    let out = Command::new("python3")
        .args(["-c", "import signal\nfor s in sorted(signal.Signals, key=int): print(s.name, int(s))"])
        .output()
        .expect("python3 (the test command installs it for the Python suites)");
    assert!(out.status.success());
    let python: Vec<(String, i32)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (name, n) = l.split_once(' ')?;
            Some((name.to_string(), n.parse().ok()?))
        })
        .collect();
    assert!(python.len() > 30, "{python:?}");
    let ours: Vec<(String, i32)> =
        psutil_rs::signal_names().into_iter().map(|(n, s)| (n.to_string(), s)).collect();
    assert_eq!(ours, python);
    for (name, sig) in &python {
        assert_eq!(psutil_rs::signal_name(*sig), Some(name.as_str()));
        assert_eq!(psutil_rs::signal_number(name), Some(*sig));
        assert_eq!(psutil_rs::signal_number(&name[3..].to_ascii_lowercase()), Some(*sig));
    }
    let rt = psutil_rs::realtime_signals().expect("Linux has real-time signals");
    assert_eq!(psutil_rs::signal_name(*rt.start()), Some("SIGRTMIN"));
    assert_eq!(psutil_rs::signal_name(*rt.end()), Some("SIGRTMAX"));
}

#[test]
fn names_match_kill_l() {
    // `kill -l N` (the shell builtin) prints the name of signal N without `SIG`.
    for sig in [1, 9, 15, 17, 19] {
        let out = Command::new("bash").args(["-c", &format!("kill -l {sig}")]).output().expect("bash");
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert_eq!(psutil_rs::signal_number(&name), Some(sig), "{name}");
    }
    assert_eq!(psutil_rs::signal_number("NOPE"), None);
    assert_eq!(psutil_rs::signal_name(32), None);
}
