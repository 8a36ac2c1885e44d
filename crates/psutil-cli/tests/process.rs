//! The process subcommands (issue 3), run as the built binary against children spawned
//! by the test, checked with `ps` and the library.

mod common;
#[path = "common/exe.rs"]
mod exe;

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
    exe::write_executable(&path, b"#!/bin/sh\nread line\n");
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

const PROCESS: &[&[&str]] = &[&["ps"], &["pstree"], &["procinfo"], &["procinfo", "--verbose"], &["procsmem"]];

/// `/proc/PID/smaps_rollup` read directly: (uss, pss, swap) in bytes, or None (with a
/// printed reason) on kernels without it (before 4.14).
fn smaps_rollup(pid: u32) -> Option<(u64, u64, u64)> {
    let text = match std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping oracle: /proc/{pid}/smaps_rollup: {e}");
            return None;
        }
    };
    let (mut uss, mut pss, mut swap) = (0, 0, 0);
    for line in text.lines() {
        let mut it = line.split_whitespace();
        let (Some(key), Some(kb)) = (it.next(), it.next().and_then(|n| n.parse::<u64>().ok())) else {
            continue;
        };
        match key {
            "Private_Clean:" | "Private_Dirty:" | "Private_Hugetlb:" => uss += kb * 1024,
            "Pss:" => pss = kb * 1024,
            "Swap:" => swap = kb * 1024,
            _ => {}
        }
    }
    Some((uss, pss, swap))
}

/// uss, pss and swap in `v` lie between the rollup read just before and just after (other
/// processes mapping the same files move a page from private to shared, and change pss).
fn assert_rollup(v: &serde_json::Value, before: Option<(u64, u64, u64)>, after: Option<(u64, u64, u64)>) {
    let (Some(b), Some(a)) = (before, after) else { return };
    for (key, x, y) in [("uss", b.0, a.0), ("pss", b.1, a.1), ("swap", b.2, a.2)] {
        let got = u64_of(v, key);
        let (lo, hi) = (x.min(y).saturating_sub(PAGES), x.max(y) + PAGES);
        assert!(
            (lo..=hi).contains(&got),
            "{key} {got} outside smaps_rollup's {x}..{y} (+/- a few pages): {v}"
        );
    }
}

/// A `sleep` child that has finished exec'ing and loading (its memory no longer
/// changes): named `sleep`, and asleep.
fn sleeping_child(secs: &str) -> Kid {
    let kid = spawn("sleep", &[secs]);
    let pid = kid.0.id();
    wait_for_comm(pid, "sleep");
    let deadline = Instant::now() + Duration::from_secs(5);
    while ps_field(pid, "stat").as_deref().and_then(|s| s.chars().next()) != Some('S') {
        assert!(Instant::now() < deadline, "sleep {pid} never went to sleep");
        std::thread::sleep(Duration::from_millis(10));
    }
    kid
}

/// Tolerance for memory gauges of an idle process read at two moments: a few pages.
const PAGES: u64 = 8 * 4096;

#[test]
fn every_process_subcommand_works_in_both_modes() {
    for args in PROCESS {
        ok(args);
        json(args);
    }
    let kid = sleeping_child("30");
    let pid = kid.0.id().to_string();
    for args in [&["pidof", "sleep"][..], &["pmap", &pid], &["pmap", "--grouped", &pid], &["procinfo", &pid]]
    {
        ok(args);
        json(args);
    }
}

#[test]
fn bad_process_arguments_fail_cleanly() {
    fails(&["pmap", "notanumber"], 2, "invalid value 'notanumber'");
    fails(&["procinfo", "12x"], 2, "invalid value '12x'");
    fails(&["pmap"], 2, "required");
    fails(&["procinfo", "-5"], 2, "unexpected argument");
    fails(&["procinfo", "99999999999"], 2, "invalid value");
    fails(&["procinfo", "0"], 1, "pid=0");
    fails(&["procinfo", "4294967295"], 1, "pid=4294967295");
    fails(&["pmap", "4294967295"], 1, "pid=4294967295");
    fails(&["killall", "x", "--signal", "NOPE"], 2, "unknown signal");
    fails(&["pidof", "no-such-process-name-xyz"], 1, "no process named");
    fails(&["killall", "no-such-process-name-xyz"], 1, "no process named");
    // A pid that existed and is gone (reaped).
    let mut kid = spawn("true", &[]);
    let pid = kid.0.id().to_string();
    let _ = kid.0.wait();
    fails(&["procinfo", &pid], 1, &format!("pid={pid}"));
    fails(&["pmap", &pid], 1, &format!("pid={pid}"));
    fails(&["procinfo", &pid, "--json"], 1, "not found");
}

#[test]
fn procinfo_of_a_child_agrees_with_ps_and_smaps_rollup() {
    let kid = sleeping_child("30");
    let pid = kid.0.id();
    let before = smaps_rollup(pid);
    let v = json(&["procinfo", &pid.to_string()]);
    let after = smaps_rollup(pid);
    assert_eq!(v["errors"], serde_json::json!({}), "root reads everything of its own child");
    assert_eq!(u64_of(&v, "pid"), u64::from(pid));
    assert_eq!(v["name"].as_str(), Some("sleep"));
    assert_eq!(u64_of(&v, "ppid"), u64::from(std::process::id()));
    assert_eq!(v["cmdline"], serde_json::json!(["sleep", "30"]));
    assert_eq!(v["status"].as_str(), Some("sleeping"));
    assert_eq!(u64_of(&v, "num_threads"), 1);
    let field = |f: &str| ps_field(pid, f).and_then(|s| s.parse::<i64>().ok());
    if let Some(ppid) = field("ppid") {
        assert_eq!(ppid, i64::from(std::process::id()));
    }
    if let Some(nice) = field("ni") {
        assert_eq!(v["nice"].as_i64(), Some(nice));
    }
    if let Some(uid) = field("uid") {
        assert_eq!(v["uids"]["real"].as_i64(), Some(uid));
    }
    if let Some(user) = ps_field(pid, "user") {
        assert_eq!(v["username"].as_str(), Some(user.as_str()));
    }
    if let Some(rss_kib) = field("rss") {
        let rss = u64_of(&v["memory_info"], "rss");
        assert!(rss.abs_diff(rss_kib as u64 * 1024) <= PAGES, "rss {rss} vs ps {rss_kib} KiB");
    }
    if let Some(vsz_kib) = field("vsz") {
        assert_eq!(u64_of(&v["memory_info"], "vms"), vsz_kib as u64 * 1024);
    }
    let full = &v["memory_full_info"];
    assert_rollup(full, before, after);
    // The library, asked directly.
    let lib = psutil_rs::Process::new(pid).and_then(|p| p.num_fds());
    assert_eq!(v["num_fds"].as_u64(), lib.ok().map(|n| n as u64));
    let cpu = v["cpu_percent"].as_f64();
    assert!(cpu.is_some_and(|c| (0.0..=100.0 * 64.0).contains(&c)), "{cpu:?}");
    assert!(v["rlimits"]["RLIMIT_NOFILE"].as_array().is_some_and(|l| l.len() == 2), "{}", v["rlimits"]);
    let text = ok(&["procinfo", &pid.to_string()]);
    assert!(text.contains("sleep 30"), "{text}");
    assert!(!text.contains("AccessDenied"), "{text}");
    // Default: the tool's own process, whose parent is this test.
    let own = json(&["procinfo"]);
    assert_eq!(own["name"].as_str(), Some("psutil"));
    assert_eq!(u64_of(&own, "ppid"), u64::from(std::process::id()));
}

#[test]
fn procinfo_lists_children_and_shows_a_zombie() {
    // A shell with a sleeping child; then a child that exits unreaped (a zombie).
    let kid = spawn("sh", &["-c", "sleep 30 & read line"]);
    let pid = kid.0.id();
    let deadline = Instant::now() + Duration::from_secs(5);
    let kids = loop {
        let v = json(&["procinfo", &pid.to_string()]);
        let kids = v["children"].as_array().cloned().unwrap_or_default();
        // a child caught before its exec is still named sh
        if kids.iter().any(|k| k["name"] == "sleep") || Instant::now() > deadline {
            break kids;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(kids.len(), 1, "{kids:?}");
    let grandchild = u64_of(&kids[0], "pid") as i32;
    if let Some(ppid) = ps_field(grandchild as u32, "ppid") {
        assert_eq!(ppid, pid.to_string());
    }
    assert_eq!(kids[0]["name"].as_str(), Some("sleep"));
    // Do not leave the shell's child behind.
    unsafe { libc::kill(grandchild, libc::SIGKILL) };

    let zombie = spawn("true", &[]);
    let zpid = zombie.0.id();
    let deadline = Instant::now() + Duration::from_secs(5);
    let v = loop {
        let v = json(&["procinfo", &zpid.to_string()]);
        if v["status"] == "zombie" || Instant::now() > deadline {
            break v;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(v["status"].as_str(), Some("zombie"));
    if let Some(stat) = ps_field(zpid, "stat") {
        assert!(stat.starts_with('Z'), "ps stat {stat}");
    }
    assert_eq!(u64_of(&v, "ppid"), u64::from(std::process::id()));
    let text = ok(&["procinfo", &zpid.to_string()]);
    assert!(text.lines().any(|l| l.starts_with("status") && l.ends_with("zombie")), "{text}");
}

/// The built binary copied where any user may run it (the target dir may be private).
fn public_binary() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("psutil-cli-test-{}", std::process::id()));
    let bin = dir.join("psutil");
    use std::os::unix::fs::PermissionsExt;
    let r = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)));
    if let Err(e) = r {
        panic!("cannot make {}: {e}", dir.display());
    }
    exe::copy_executable(env!("CARGO_BIN_EXE_psutil").as_ref(), &bin);
    bin
}

#[test]
fn unprivileged_procinfo_shows_access_denied_fields() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipping: needs root to run the tool as another user");
        return;
    }
    if tool("setpriv", &["--version"]).is_none() {
        return;
    }
    let kid = sleeping_child("30");
    let pid = kid.0.id().to_string();
    let bin = public_binary();
    let as_nobody = |args: &[&str]| {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args)
            .current_dir("/")
            .output();
        match out {
            Ok(o) => o,
            Err(e) => panic!("setpriv: {e}"),
        }
    };
    match as_nobody(&["--version"]) {
        o if o.status.success() => {}
        o => {
            eprintln!("skipping: cannot run the tool as nobody: {}", String::from_utf8_lossy(&o.stderr));
            return;
        }
    }
    let out = as_nobody(&["procinfo", &pid, "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("invalid JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)),
    };
    // Readable by anyone: /proc/PID/stat, status, cmdline.
    assert_eq!(v["name"].as_str(), Some("sleep"));
    assert_eq!(v["cmdline"], serde_json::json!(["sleep", "30"]));
    // Root-only: exe, cwd, fds, environ, smaps.
    for key in ["exe", "cwd", "environ", "num_fds", "open_files", "memory_full_info", "memory_maps"] {
        assert_eq!(v[key], serde_json::Value::Null, "{key}: {}", v[key]);
        assert_eq!(v["errors"][key].as_str(), Some("AccessDenied"), "{key}: {}", v["errors"]);
    }
    // A kernel thread (kthreadd, pid 2, when this pid namespace shows it): its
    // address-space files are known from stat's flags (empty, zeros) for anyone, but
    // its mode-0400 environ is still root's only, as psutil reports.
    if std::fs::read_to_string("/proc/2/stat").is_ok_and(|s| s.contains("(kthreadd)")) {
        let out = as_nobody(&["procinfo", "2", "--json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let k: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        assert_eq!(k["errors"]["environ"].as_str(), Some("AccessDenied"), "{k}");
        assert_eq!(k["cmdline"], serde_json::json!([]), "{k}");
        assert_eq!(k["memory_maps"], serde_json::json!([]), "{k}");
        assert_eq!(k["memory_info"]["rss"].as_u64(), Some(0), "{k}");
    }
    let out = as_nobody(&["procinfo", &pid]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.lines().any(|l| l.starts_with("exe") && l.ends_with("AccessDenied")), "{text}");
    // pmap needs the maps: that is fatal there, with a clear message.
    let out = as_nobody(&["pmap", &pid]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("access denied") && stderr.contains(&format!("pid={pid}")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // procsmem skips root's processes (at least the child) and counts them.
    let out = as_nobody(&["procsmem", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert!(u64_of(&v, "access_denied") >= 1, "{v}");
    let rows = v["processes"].as_array().cloned().unwrap_or_default();
    assert!(rows.iter().all(|r| r["pid"].as_u64() != Some(u64::from(kid.0.id()))), "{v}");
    let out = as_nobody(&["procsmem"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("access denied for"));
    let _ = std::fs::remove_dir_all(bin.parent().unwrap_or(&bin));
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

/// `pmap -x PID`: (number of mappings, total RSS in KiB), or None when pmap is missing.
fn pmap_x(pid: u32) -> Option<(usize, u64)> {
    let out = tool("pmap", &["-x", &pid.to_string()])?;
    let is_map = |l: &&str| {
        l.split_whitespace().next().is_some_and(|a| a.len() == 16 && a.chars().all(|c| c.is_ascii_hexdigit()))
    };
    let count = out.lines().filter(is_map).count();
    // Footer: `total kB   SIZE   RSS   DIRTY`.
    let rss =
        out.lines().find(|l| l.starts_with("total")).and_then(|l| l.split_whitespace().nth(3)?.parse().ok());
    match rss {
        Some(rss) => Some((count, rss)),
        None => panic!("no total line in pmap -x output:\n{out}"),
    }
}

#[test]
fn pmap_agrees_with_procps_pmap() {
    let kid = sleeping_child("33");
    let pid = kid.0.id();
    let v = json(&["pmap", &pid.to_string()]);
    let maps = v["maps"].as_array().cloned().unwrap_or_default();
    assert!(!maps.is_empty());
    let sum = |maps: &[serde_json::Value], k: &str| maps.iter().map(|m| u64_of(m, k)).sum::<u64>();
    assert_eq!(sum(&maps, "rss"), u64_of(&v, "total_rss"));
    assert_eq!(sum(&maps, "size"), u64_of(&v, "total_size"));
    assert_eq!(sum(&maps, "private_clean") + sum(&maps, "private_dirty"), u64_of(&v, "total_private"));
    assert!(maps.iter().all(|m| m["addr"].is_string() && m["perms"].is_string()));
    assert!(maps.iter().any(|m| m["path"].as_str().is_some_and(|p| p.ends_with("sleep"))));
    if let Some((count, rss_kib)) = pmap_x(pid) {
        assert_eq!(count, maps.len(), "pmap -x lists {count} mappings");
        let rss = u64_of(&v, "total_rss");
        assert!(rss.abs_diff(rss_kib * 1024) <= PAGES, "total rss {rss} vs pmap {rss_kib} KiB");
    }
    // Grouped: one row per path, the same totals.
    let g = json(&["pmap", "--grouped", &pid.to_string()]);
    let grouped = g["maps"].as_array().cloned().unwrap_or_default();
    let mut paths: Vec<&str> = grouped.iter().filter_map(|m| m["path"].as_str()).collect();
    let n = paths.len();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), n, "grouped paths repeat");
    assert!(grouped.iter().all(|m| m.get("addr").is_none()));
    assert!(u64_of(&g, "total_rss").abs_diff(u64_of(&v, "total_rss")) <= PAGES);
    assert_eq!(u64_of(&g, "total_size"), u64_of(&v, "total_size"));
    // Text: one line per mapping plus header and total.
    let text = ok(&["pmap", &pid.to_string()]);
    assert_eq!(text.lines().count(), maps.len() + 3, "{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(last.ends_with(&format!("total ({} maps)", maps.len())), "{last}");
}

#[test]
fn procsmem_lists_the_child_sorted_by_uss() {
    let kid = sleeping_child("34");
    let pid = kid.0.id();
    let before = smaps_rollup(pid);
    let v = json(&["procsmem"]);
    let after = smaps_rollup(pid);
    let rows = v["processes"].as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty());
    let uss: Vec<u64> = rows.iter().map(|r| u64_of(r, "uss")).collect();
    assert!(uss.windows(2).all(|w| w[0] <= w[1]), "{uss:?}");
    let total = &v["total"];
    assert_eq!(u64_of(total, "processes"), rows.len() as u64);
    for k in ["uss", "pss", "swap", "rss"] {
        assert_eq!(rows.iter().map(|r| u64_of(r, k)).sum::<u64>(), u64_of(total, k), "{k}");
    }
    // Root reads every process but maybe a few that change namespace or vanish.
    assert!(v["access_denied"].is_u64());
    let Some(row) = rows.iter().find(|r| r["pid"].as_u64() == Some(u64::from(pid))) else {
        panic!("procsmem lacks the child {pid}")
    };
    assert_eq!(row["command"].as_str(), Some("sleep 34"));
    assert_rollup(row, before, after);
    if let Some(rss_kib) = ps_field(pid, "rss").and_then(|s| s.parse::<u64>().ok()) {
        assert!(u64_of(row, "rss").abs_diff(rss_kib * 1024) <= PAGES, "{row} vs ps rss {rss_kib} KiB");
    }
    let text = ok(&["procsmem"]);
    assert!(text.lines().any(|l| l.contains("sleep 34") && l.contains(&pid.to_string())), "{text}");
    // Processes come and go between the two runs: the count itself may differ.
    let n = text.lines().count() - 2;
    assert!(text.lines().last().is_some_and(|l| l.contains(&format!("total ({n} processes)"))), "{text}");
}

/// A command line holding a newline (like `bash -c 'a\nb'`) stays on one table line, the
/// newline shown as `?`, as `ps` shows it.
#[test]
fn control_characters_in_a_command_line_cannot_break_tables() {
    let kid = spawn("sh", &["-c", "sleep 31\n:"]);
    let pid = kid.0.id();
    wait_for_comm(pid, "sh");
    let cmdline = "sh -c sleep 31?:";
    let pid_text = pid.to_string();
    for args in [vec!["ps"], vec!["procsmem"], vec!["procinfo", &pid_text]] {
        let text = ok(&args);
        assert!(text.lines().any(|l| l.contains(cmdline)), "psutil {args:?} lacks {cmdline:?}:\n{text}");
        assert!(!text.lines().any(|l| l.trim() == ":" || l.starts_with(':')), "psutil {args:?}:\n{text}");
    }
    let v = json(&["procinfo", &pid_text]);
    assert_eq!(v["cmdline"][2].as_str(), Some("sleep 31\n:"), "JSON keeps the bytes: {v}");
}
