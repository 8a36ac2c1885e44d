//! The process subcommands (issue 3), run as the built binary against children spawned
//! by the test, checked with `ps` and the library.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fails, json, ok, tool, u64_of};

/// A child that is killed when the test ends, even on failure.
struct Kid(Child);

impl Drop for Kid {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(cmd: &str, args: &[&str]) -> Kid {
    match Command::new(cmd).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).spawn() {
        Ok(c) => Kid(c),
        Err(e) => panic!("cannot spawn {cmd}: {e}"),
    }
}

/// A shell script whose process name (comm) is `name`, blocking on its stdin: a process
/// with a name no other process on the machine has, so `killall` cannot touch others.
fn unique_script(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if let Err(e) = std::fs::write(&path, "#!/bin/sh\nread line\n") {
        panic!("write {}: {e}", path.display());
    }
    use std::os::unix::fs::PermissionsExt;
    if let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)) {
        panic!("chmod {}: {e}", path.display());
    }
    path
}

/// Waits until `ps` sees the process with this comm (exec of a script is not instant).
fn wait_for_comm(pid: u32, comm: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if ps_field(pid, "comm").as_deref() == Some(comm) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("process {pid} never got the name {comm}");
}

fn ps_field(pid: u32, field: &str) -> Option<String> {
    let out = tool("ps", &["-o", &format!("{field}="), "-p", &pid.to_string()])?;
    Some(out.trim().to_string())
}

const PROCESS: &[&[&str]] = &[&["ps"], &["pstree"]];

#[test]
fn every_process_subcommand_works_in_both_modes() {
    for args in PROCESS {
        ok(args);
        json(args);
    }
    let kid = spawn("sleep", &["30"]);
    wait_for_comm(kid.0.id(), "sleep");
    ok(&["pidof", "sleep"]);
    json(&["pidof", "sleep"]);
}

#[test]
fn bad_process_arguments_fail_cleanly() {
    fails(&["pmap", "notanumber"], 2, "invalid value 'notanumber'");
    fails(&["pmap"], 2, "required");
    fails(&["procinfo", "-5"], 2, "unexpected argument");
    fails(&["killall", "x", "--signal", "NOPE"], 2, "unknown signal");
    fails(&["pidof", "no-such-process-name-xyz"], 1, "no process named");
    fails(&["killall", "no-such-process-name-xyz"], 1, "no process named");
}

#[test]
fn pidof_finds_the_child_and_only_sleeps() {
    let kid = spawn("sleep", &["30"]);
    let pid = kid.0.id();
    wait_for_comm(pid, "sleep");
    let pids: Vec<u64> = json(&["pidof", "sleep"])
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_u64())
        .collect();
    assert!(pids.contains(&u64::from(pid)), "{pids:?} lacks {pid}");
    for p in &pids {
        if let Some(comm) = ps_field(*p as u32, "comm") {
            assert!(comm.is_empty() || comm == "sleep", "pid {p} is {comm}");
        }
    }
    let text = ok(&["pidof", "sleep"]);
    assert!(text.split_whitespace().any(|w| w == pid.to_string()), "{text}");
}

#[test]
fn ps_lists_the_child_with_its_user_and_command() {
    let kid = spawn("sleep", &["31"]);
    let pid = kid.0.id();
    wait_for_comm(pid, "sleep");
    let v = json(&["ps"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    let row = rows.iter().find(|r| r["pid"].as_u64() == Some(u64::from(pid)));
    let Some(row) = row else { panic!("ps --json lacks {pid}") };
    assert_eq!(row["command"].as_str(), Some("sleep 31"));
    if let Some(user) = ps_field(pid, "user") {
        assert_eq!(row["user"].as_str(), Some(user.as_str()));
    }
    let lib = psutil_rs::pids().unwrap_or_default();
    // Processes come and go; most of the library's pids are listed.
    let listed =
        lib.iter().filter(|p| rows.iter().any(|r| r["pid"].as_u64() == Some(u64::from(**p)))).count();
    assert!(listed * 10 >= lib.len() * 9, "{listed} of {}", lib.len());
    let text = ok(&["ps"]);
    let header = text.lines().next().unwrap_or("");
    for col in ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(text.lines().any(|l| l.contains("sleep 31") && l.contains(&pid.to_string())));
}

#[test]
fn pstree_places_the_child_under_this_test() {
    let kid = spawn("sleep", &["32"]);
    let pid = kid.0.id();
    let v = json(&["pstree"]);
    fn find(nodes: &serde_json::Value, pid: u64) -> Option<serde_json::Value> {
        for n in nodes.as_array()? {
            if n["pid"].as_u64() == Some(pid) {
                return Some(n.clone());
            }
            if let Some(f) = find(&n["children"], pid) {
                return Some(f);
            }
        }
        None
    }
    let me = find(&v, u64::from(std::process::id()));
    let Some(me) = me else { panic!("pstree lacks the test process") };
    assert!(find(&me["children"], u64::from(pid)).is_some(), "child {pid} not under the test: {me}");
    assert!(ok(&["pstree"]).contains(&pid.to_string()));
}

#[test]
fn killall_terminates_only_the_named_child() {
    let name = format!("pst{}", std::process::id());
    let script = unique_script(&name);
    let mut target = spawn(&script.to_string_lossy(), &[]);
    let bystander = spawn("sleep", &["30"]);
    wait_for_comm(target.0.id(), &name);
    let v = json(&["killall", &name]);
    let killed: Vec<u64> =
        v.as_array().cloned().unwrap_or_default().iter().map(|r| u64_of(r, "pid")).collect();
    assert_eq!(killed, vec![u64::from(target.0.id())]);
    let status = target.0.wait().ok();
    assert_eq!(status.and_then(|s| s.signal()), Some(libc::SIGTERM));
    assert!(ps_field(bystander.0.id(), "comm").as_deref() == Some("sleep"), "the bystander died");
    // --signal by name, text mode.
    let mut again = spawn(&script.to_string_lossy(), &[]);
    wait_for_comm(again.0.id(), &name);
    let text = ok(&["killall", &name, "--signal", "KILL"]);
    assert!(text.contains(&again.0.id().to_string()), "{text}");
    assert_eq!(again.0.wait().ok().and_then(|s| s.signal()), Some(libc::SIGKILL));
}
