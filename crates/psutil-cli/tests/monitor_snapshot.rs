//! The monitors' plain snapshots (`--once`, `-n`, `--json`, or no terminal) checked
//! against the library and against `ps`, `free`, `/proc/diskstats` and `/proc/net/dev`
//! read independently (counters bracketed by reads before and after).

mod common;
#[path = "common/exe.rs"]
mod exe;
#[path = "common/kids.rs"]
mod kids;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use common::{ok, tool, u64_of};
use kids::{busy, sleeper, unique, CpuWindow};
use serde_json::Value;

/// Runs a monitor with `--json` and parses its one line per snapshot.
fn snapshots(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.push("--json");
    ok(&all).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn once(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--once");
    snapshots(&all).remove(0)
}

fn f64_of(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("no number {key:?} in {v}"))
}

fn process(snapshot: &Value, pid: u32) -> Option<&Value> {
    snapshot["processes"].as_array()?.iter().find(|p| p["pid"] == pid)
}

fn ps_field(pid: u32, field: &str) -> String {
    tool("ps", &["-o", &format!("{field}="), "-p", &pid.to_string()]).expect("ps").trim().to_string()
}

#[test]
fn plain_text_without_a_terminal() {
    // stdout is a pipe here: no --once needed, one snapshot comes out.
    let text = ok(&["top", "-d", "0.2"]);
    for section in ["top - ", "load average:", "Tasks:", "CPU0", "Mem", "Swap", "PID", "COMMAND"] {
        assert!(text.contains(section), "no {section:?} in\n{text}");
    }
    assert_eq!(text.matches("top - ").count(), 1);
    let two = ok(&["nettop", "-n", "2", "-d", "0.2"]);
    assert_eq!(two.matches("nettop - ").count(), 2, "{two}");
    assert!(ok(&["iotop", "--once", "-d", "0.2"]).contains("Total DISK READ"));
    assert!(ok(&["cpu-distribution", "--once", "-d", "0.2"]).contains("CPU0"));
    common::fails(&["top", "-d", "0"], 2, "delay");
    common::fails(&["top", "--once", "-n", "2"], 2, "cannot be used with");
}

#[test]
fn a_reader_that_goes_away_ends_the_snapshots_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_psutil"))
        .args(["nettop", "-n", "1000", "-d", "0.05"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
}

#[test]
fn top_agrees_with_free_ps_and_the_library() {
    let sleeper = sleeper("tuisleep");
    let busy_kid = busy("tuitopb");
    // The test's window spans the whole run, top's only its last second: when the machine
    // is starved the child's share can differ between them, so up to three runs are taken.
    let mut tries = Vec::new();
    let (s, measured) = loop {
        let window = CpuWindow::start(busy_kid.pid());
        let s = once(&["top", "-d", "1"]);
        let measured = window.percent();
        let cpu = f64_of(process(&s, busy_kid.pid()).expect("busy row"), "cpu_percent");
        tries.push((cpu, measured));
        if (cpu - measured).abs() <= 20.0 || tries.len() == 3 {
            break (s, measured);
        }
    };

    // Memory: the library's total, and free's total and available (a gauge: 5% or 64 MiB).
    let vm = psutil_rs::virtual_memory().expect("virtual_memory");
    assert_eq!(u64_of(&s["memory"], "total"), vm.total);
    if let Some(free) = tool("free", &["-b"]) {
        let mem: Vec<u64> = free
            .lines()
            .nth(1)
            .expect("Mem line")
            .split_whitespace()
            .skip(1)
            .map(|v| v.parse().expect("n"))
            .collect();
        assert_eq!(u64_of(&s["memory"], "total"), mem[0]);
        let avail = u64_of(&s["memory"], "available");
        assert!(
            avail.abs_diff(mem[5]) <= (mem[0] / 20).max(64 << 20),
            "available {avail} vs free {}",
            mem[5]
        );
        let swap: Vec<u64> = free
            .lines()
            .nth(2)
            .expect("Swap line")
            .split_whitespace()
            .skip(1)
            .map(|v| v.parse().expect("n"))
            .collect();
        assert_eq!(u64_of(&s["swap"], "total"), swap[0]);
    }
    // Load and uptime against /proc read here.
    let loadavg = std::fs::read_to_string("/proc/loadavg").expect("loadavg");
    let load1: f64 = loadavg.split_whitespace().next().expect("load").parse().expect("load");
    assert!(
        (s["load_average"][0].as_f64().expect("load") - load1).abs() < 1.0,
        "{} vs {load1}",
        s["load_average"]
    );
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .expect("uptime")
        .split_whitespace()
        .next()
        .expect("u")
        .parse()
        .expect("u");
    assert!((f64_of(&s, "uptime") - up).abs() < 5.0);
    // One CPU row per CPU of the library, each a percent.
    let cpus = s["cpus"].as_array().expect("cpus");
    assert_eq!(cpus.len(), psutil_rs::cpu_times_percpu().expect("percpu").len());
    assert!(cpus.iter().all(|c| (0.0..=100.0).contains(&f64_of(c, "percent"))));
    // Process counts: the rows, by state; and `ps -e` within the churn of the machine.
    let procs = s["processes"].as_array().expect("processes");
    assert_eq!(u64_of(&s["tasks"], "total") as usize, procs.len());
    let states = ["running", "sleeping", "stopped", "zombie", "other"].map(|k| u64_of(&s["tasks"], k));
    assert_eq!(states.iter().sum::<u64>() as usize, procs.len());
    let ps_count = tool("ps", &["-e", "--no-headers"]).expect("ps").lines().count();
    assert!(procs.len().abs_diff(ps_count) <= 20, "top {} vs ps {ps_count}", procs.len());

    // The sleeper as ps sees it.
    let pid = sleeper.pid();
    let row = process(&s, pid).expect("sleeper row");
    assert_eq!(row["user"], ps_field(pid, "user"));
    assert_eq!(row["nice"].as_i64().expect("nice").to_string(), ps_field(pid, "ni"));
    assert_eq!(u64_of(row, "vms"), ps_field(pid, "vsz").parse::<u64>().expect("vsz") * 1024);
    let rss_kib: u64 = ps_field(pid, "rss").parse().expect("rss");
    assert!(u64_of(row, "rss").abs_diff(rss_kib * 1024) <= 64 * 1024, "{row} vs ps rss {rss_kib} KiB");
    assert_eq!(row["status"], "sleeping");
    assert_eq!(row["cpu_percent"].as_f64(), Some(0.0));
    let name = kids::comm(pid).expect("comm");
    assert!(
        row["command"].as_str().is_some_and(|c| c.starts_with("/bin/sh ") && c.ends_with(&name)),
        "{row}"
    );
    assert_eq!(row["name"], name.as_str());
    assert_eq!(row["cpu_num"].as_i64().expect("cpu_num").to_string(), ps_field(pid, "psr"));
    // CPU time: `ps -o times` (whole seconds) brackets ours.
    let times: f64 = ps_field(busy_kid.pid(), "times").parse().expect("times");
    let ours = f64_of(process(&s, busy_kid.pid()).expect("busy row"), "cpu_time");
    assert!(ours <= times + 1.0, "{ours} vs ps times {times}");

    // The busy child: CPU% over top's window vs the kernel's over a window around it.
    let cpu = f64_of(process(&s, busy_kid.pid()).expect("busy row"), "cpu_percent");
    eprintln!("busy child: top --once {cpu}% vs /proc/PID/stat {measured:.1}% ({tries:?})");
    assert!((cpu - measured).abs() <= 20.0, "top vs measured CPU% in three runs: {tries:?}");
    let by_cpu: Vec<f64> = procs.iter().map(|p| p["cpu_percent"].as_f64().unwrap_or(-1.0)).collect();
    assert!(by_cpu.windows(2).all(|w| w[0] >= w[1]), "not sorted by CPU%");
}

#[test]
fn top_sorts_and_filters_in_snapshots() {
    let sleeper = sleeper("tuifilt");
    let name = kids::comm(sleeper.pid()).expect("comm");
    let s = once(&["top", "-d", "0.2", "--sort", "pid"]);
    let pids: Vec<u64> = s["processes"].as_array().expect("rows").iter().map(|p| u64_of(p, "pid")).collect();
    assert!(pids.len() > 5 && pids.windows(2).all(|w| w[0] < w[1]));
    let s = once(&["top", "-d", "0.2", "--sort", "mem", "--filter", &name]);
    // The sleeper, and the one other process whose command line holds the name: top itself.
    let rows = s["processes"].as_array().expect("rows");
    assert!(rows.iter().any(|r| r["pid"] == sleeper.pid()), "{rows:?}");
    assert!(rows.iter().all(|r| r["command"].as_str().is_some_and(|c| c.contains(&name))), "{rows:?}");
    assert!(rows.len() <= 2, "{rows:?}");
    let text = ok(&["top", "--once", "-d", "0.2", "-f", &name]);
    let table = &text[text.find("PID").expect("table")..];
    assert!(table.lines().skip(1).all(|l| l.contains(&name)), "{text}");
    assert!(table.lines().any(|l| l.trim_start().starts_with(&sleeper.pid().to_string())), "{text}");
}

/// /proc/net/dev: interface → (bytes_recv, packets_recv, bytes_sent, packets_sent).
fn net_dev() -> BTreeMap<String, [u64; 4]> {
    let text = std::fs::read_to_string("/proc/net/dev").expect("read /proc/net/dev");
    text.lines()
        .skip(2)
        .filter_map(|l| {
            let (name, rest) = l.split_once(':')?;
            let v: Vec<u64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
            Some((name.trim().to_string(), [v[0], v[1], v[8], v[9]]))
        })
        .collect()
}

#[test]
fn nettop_counters_are_bracketed_by_proc_net_dev() {
    let before = net_dev();
    let s = once(&["nettop", "-d", "0.3"]);
    let after = net_dev();
    let nics = s["nics"].as_array().expect("nics");
    assert_eq!(nics.len(), after.len(), "{nics:?}");
    for nic in nics {
        let name = nic["name"].as_str().expect("name");
        let (b, a) = (before[name], after[name]);
        for (i, key) in ["bytes_recv", "packets_recv", "bytes_sent", "packets_sent"].iter().enumerate() {
            let v = u64_of(nic, key);
            assert!(b[i] <= v && v <= a[i], "{name} {key}: {} <= {v} <= {}", b[i], a[i]);
            // The rate over a window of at least 0.3 s inside the bracket.
            let rate = f64_of(nic, &format!("{key}_per_sec"));
            assert!(rate >= 0.0 && rate <= (a[i] - b[i]) as f64 / 0.3 + 1e-9, "{name} {key} rate {rate}");
        }
    }
    let total = &s["total"];
    let sum: u64 = nics.iter().map(|n| u64_of(n, "bytes_recv")).sum();
    assert_eq!(u64_of(total, "bytes_recv"), sum);
}

/// /proc/diskstats: device → (bytes read, bytes written), sectors of 512 bytes.
fn diskstats() -> BTreeMap<String, (u64, u64)> {
    let text = std::fs::read_to_string("/proc/diskstats").expect("read /proc/diskstats");
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let n = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok());
            Some((f.get(2)?.to_string(), (n(5)? * 512, n(9)? * 512)))
        })
        .collect()
}

/// /proc/PID/io's read_bytes and write_bytes.
fn proc_io(pid: u32) -> (u64, u64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/io")).expect("read io");
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .expect("io field")
    };
    (get("read_bytes:"), get("write_bytes:"))
}

#[test]
fn iotop_counters_are_bracketed_by_diskstats_and_proc_io() {
    let file = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(unique("tuiio"));
    let of = format!("of={}", file.display());
    // dd writes what the test feeds it, 64 KiB every 20 ms until the test is done: it
    // lives through iotop's window however fast the disk is.
    let mut child = Command::new("dd")
        .args([&of, "bs=64k", "oflag=dsync", "status=none"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn dd");
    let mut feed = child.stdin.take().expect("dd's stdin");
    let writer = kids::Kid(child);
    let (stop, stopped) = mpsc::channel::<()>();
    let feeder = std::thread::spawn(move || {
        let block = vec![0u8; 64 << 10];
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(Duration::from_millis(20)) {
            if feed.write_all(&block).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    let (disks_before, io_before) = (diskstats(), proc_io(writer.pid()));
    let lib_before = psutil_rs::disk_io_counters(true).expect("disk_io_counters");
    let s = once(&["iotop", "-d", "1"]);
    let (disks_after, io_after) = (diskstats(), proc_io(writer.pid()));
    let lib_after = psutil_rs::disk_io_counters(true).expect("disk_io_counters");
    let writer_pid = writer.pid();
    drop(stop);
    feeder.join().expect("feeder");
    drop(writer);
    let _ = std::fs::remove_file(&file);

    for d in s["disks"].as_array().expect("disks") {
        let name = d["name"].as_str().expect("name");
        let ((rb, wb), (ra, wa)) = (disks_before[name], disks_after[name]);
        assert!(rb <= u64_of(d, "read_bytes") && u64_of(d, "read_bytes") <= ra, "{d}");
        assert!(wb <= u64_of(d, "write_bytes") && u64_of(d, "write_bytes") <= wa, "{d}");
    }
    if let (Some(b), Some(a)) = (lib_before, lib_after) {
        let t = &s["total"];
        assert!(
            b.write_bytes <= u64_of(t, "write_bytes") && u64_of(t, "write_bytes") <= a.write_bytes,
            "{t}"
        );
        assert!(f64_of(t, "write_per_sec") <= (a.write_bytes - b.write_bytes) as f64 / 0.9 + 1.0, "{t}");
    }
    let w = process(&s, writer_pid).expect("the writer's row");
    let written = u64_of(w, "write_bytes");
    assert!(io_before.1 <= written && written <= io_after.1, "{w} vs {io_before:?} {io_after:?}");
    let rate = f64_of(w, "write_per_sec");
    eprintln!("writer: {rate} B/s, bracket {} .. {}", io_before.1, io_after.1);
    // A filesystem without writeback (tmpfs) accounts no write_bytes: then the rate is 0.
    if io_after.1 == io_before.1 {
        eprintln!("the kernel accounted no write_bytes for dd here (no writeback?): rate must be 0");
    }
    assert!(rate <= (io_after.1 - io_before.1) as f64 / 0.9 + 1.0, "{w}");
    assert_eq!(rate > 0.0, io_after.1 > io_before.1, "{w}");
    // Busiest first.
    let rate_of =
        |p: &Value| p["read_per_sec"].as_f64().unwrap_or(-1.0) + p["write_per_sec"].as_f64().unwrap_or(-1.0);
    let busy: Vec<f64> = s["processes"].as_array().expect("p").iter().map(rate_of).collect();
    assert!(busy.windows(2).all(|x| x[0] >= x[1]));
}

#[test]
fn cpu_distribution_places_each_process_on_its_cpu() {
    let sleeper = sleeper("tuidsleep");
    let s = once(&["cpu-distribution", "-d", "0.3"]);
    let cpus = s["cpus"].as_array().expect("cpus");
    assert_eq!(cpus.len(), psutil_rs::cpu_times_percpu().expect("percpu").len());
    let mut seen = std::collections::BTreeSet::new();
    let mut home = None;
    for c in cpus {
        for p in c["processes"].as_array().expect("processes") {
            assert!(seen.insert(u64_of(p, "pid")), "{p} listed twice");
            if p["pid"] == sleeper.pid() {
                home = Some(u64_of(c, "cpu"));
            }
        }
    }
    // A sleeping process does not move: ps's PSR (last CPU) is the same.
    assert_eq!(home.map(|c| c.to_string()), Some(ps_field(sleeper.pid(), "psr")));
}

/// The built binary copied where any user may run it (the target dir may be private).
fn public_binary() -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("psutil-monitor-test-{}", std::process::id()));
    let bin = dir.join("psutil");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
    exe::copy_executable(env!("CARGO_BIN_EXE_psutil").as_ref(), &bin);
    bin
}

#[test]
fn unprivileged_monitors_show_what_they_can_read() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 || tool("setpriv", &["--version"]).is_none() {
        eprintln!("skipping: needs root and setpriv to run the tool as nobody");
        return;
    }
    let bin = public_binary();
    let as_nobody = |args: &[&str]| -> Value {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args)
            .args(["--once", "--json", "-d", "0.2"])
            .current_dir("/")
            .output()
            .expect("setpriv");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    // Other users' I/O counters need privilege: they are counted, not shown.
    let io = as_nobody(&["iotop"]);
    assert!(u64_of(&io, "unreadable") > 0, "{io}");
    let shown = io["processes"].as_array().expect("processes");
    assert!(shown.iter().all(|p| p["user"] == "nobody"), "{shown:?}");
    // top shows root's processes with everything /proc lets anyone read.
    let top = as_nobody(&["top"]);
    let init = process(&top, 1).expect("pid 1");
    assert_eq!(init["user"], "root");
    assert!(init["cpu_time"].is_number() && init["status"].is_string() && init["rss"].is_number(), "{init}");
    let _ = std::fs::remove_dir_all(bin.parent().expect("dir"));
}
