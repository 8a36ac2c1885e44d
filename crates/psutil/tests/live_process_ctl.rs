//! Live tests of process control against real children, checked with the kernel's own
//! files and independent tools (`ps`, `ionice`, `prlimit`, `taskset`).
#![cfg(target_os = "linux")]
// Children are reaped by `Process::wait`, the code under test, not by `Child::wait`.
#![allow(clippy::zombie_processes)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use psutil_rs::{wait_procs, Error, ExitStatus, IoPrioClass, Popen, Process, Rlimit, RLIM_INFINITY};

fn spawn(cmd: &str, args: &[&str]) -> Child {
    Command::new(cmd).args(args).stdin(Stdio::null()).spawn().expect("spawn")
}

fn sleeper() -> (Child, Process) {
    let child = spawn("sleep", &["30"]);
    let p = Process::new(child.id()).expect("Process of a live child");
    // Let it reach its sleep, so state checks below see 'S' rather than a starting 'R'.
    assert_eq!(wait_for_state(p.pid(), |c| c == 'S'), Some('S'));
    (child, p)
}

/// The state letter of `/proc/PID/stat` (after the last `)`).
fn state(pid: u32) -> Option<char> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    s[s.rfind(')')? + 2..].chars().next()
}

fn wait_for_state(pid: u32, want: impl Fn(char) -> bool) -> Option<char> {
    let start = Instant::now();
    loop {
        let s = state(pid);
        if s.is_some_and(&want) || start.elapsed() > Duration::from_secs(5) {
            return s;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cleanup(p: &Process) {
    let _ = p.kill();
    let _ = p.wait(Some(Duration::from_secs(5)));
}

#[test]
fn suspend_resume_terminate_as_the_kernel_sees_them() {
    let (_child, p) = sleeper();
    p.suspend().expect("suspend");
    assert_eq!(wait_for_state(p.pid(), |c| c == 'T'), Some('T'));
    p.resume().expect("resume");
    assert_eq!(wait_for_state(p.pid(), |c| c == 'S'), Some('S'));
    p.terminate().expect("terminate");
    let st = p.wait(None).expect("wait").expect("our child has a status");
    assert_eq!(st, ExitStatus::Signaled(libc::SIGTERM));
    assert_eq!((st.code(), st.signal(), st.signal_name()), (-15, Some(15), Some("SIGTERM")));
    // Reaped: the pid is gone from /proc, and the cached status is returned again.
    assert_eq!(state(p.pid()), None);
    assert_eq!(p.wait(None).expect("cached"), Some(st));
    assert_eq!(p.wait(Some(Duration::ZERO)).expect("cached"), Some(st));
    assert_eq!(p.returncode(), Some(st));
    // Signalling the reaped process is NoSuchProcess (not a reuse).
    let e = p.terminate().unwrap_err();
    assert!(matches!(&e, Error::NoSuchProcess { msg, .. } if msg == "process no longer exists"), "{e}");
}

#[test]
fn exit_code_and_kill_statuses() {
    let child = spawn("sh", &["-c", "exit 3"]);
    let p = Process::new(child.id()).expect("Process");
    assert_eq!(p.wait(None).expect("wait"), Some(ExitStatus::Exited(3)));
    assert_eq!(p.wait(None).expect("cached").map(|s| s.code()), Some(3));

    let (_child, p) = sleeper();
    p.kill().expect("kill");
    let st = p.wait(None).expect("wait").expect("status");
    assert_eq!((st.code(), st.signal_name()), (-9, Some("SIGKILL")));
    assert_eq!(st.to_string(), "-9");
}

#[test]
fn wait_timeout_expires_and_zero_does_not_block() {
    let (_child, p) = sleeper();
    let t0 = Instant::now();
    let e = p.wait(Some(Duration::from_millis(150))).unwrap_err();
    let waited = t0.elapsed();
    match e {
        Error::TimeoutExpired { seconds, pid, .. } => {
            assert!((seconds - 0.15).abs() < 1e-9, "{seconds}");
            assert_eq!(pid, Some(p.pid()));
        }
        other => panic!("expected TimeoutExpired, got {other:?}"),
    }
    assert!(waited >= Duration::from_millis(150), "{waited:?}");
    let t0 = Instant::now();
    assert!(matches!(p.wait(Some(Duration::ZERO)), Err(Error::TimeoutExpired { .. })));
    assert!(t0.elapsed() < Duration::from_millis(1000));
    // Still untouched by the waits.
    assert_eq!(state(p.pid()), Some('S'));
    cleanup(&p);
}

#[test]
fn wait_on_a_non_child_returns_none_when_it_ends() {
    let mut sh = Command::new("sh")
        .args(["-c", "sleep 1 & echo $!"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn sh");
    let mut line = String::new();
    BufReader::new(sh.stdout.take().expect("stdout")).read_line(&mut line).expect("read pid");
    sh.wait().expect("reap sh");
    let gpid: u32 = line.trim().parse().expect("grandchild pid");
    let p = Process::new(gpid).expect("grandchild is alive");
    assert!(matches!(p.wait(Some(Duration::from_millis(50))), Err(Error::TimeoutExpired { .. })));
    let t0 = Instant::now();
    assert_eq!(p.wait(Some(Duration::from_secs(10))).expect("wait"), None);
    assert!(t0.elapsed() < Duration::from_secs(5));
    // It has ended: gone, or a zombie its new parent has not reaped yet.
    assert!(matches!(state(gpid), None | Some('Z')), "{:?}", state(gpid));
    assert_eq!(p.wait(None).expect("cached"), None);
    assert_eq!(p.returncode(), None);
}

#[test]
fn zombies_accept_signals_and_nice() {
    let child = spawn("true", &[]);
    let p = Process::new(child.id()).expect("Process");
    assert_eq!(wait_for_state(p.pid(), |c| c == 'Z'), Some('Z'));
    p.send_signal(0).expect("signal 0 to a zombie");
    p.terminate().expect("SIGTERM to a zombie");
    p.kill().expect("SIGKILL to a zombie");
    p.set_nice(5).expect("nice on a zombie");
    assert_eq!(p.wait(None).expect("wait"), Some(ExitStatus::Exited(0)));
}

#[test]
fn bad_signals_are_invalid_and_harmless() {
    let (_child, p) = sleeper();
    for sig in [-1, 65, 9999] {
        let e = p.send_signal(sig).unwrap_err();
        assert!(
            matches!(&e, Error::InvalidArgument(m) if m == &format!("invalid signal number {sig}")),
            "{e}"
        );
    }
    p.send_signal(0).expect("existence check");
    assert_eq!(state(p.pid()), Some('S'));
    cleanup(&p);
}

fn ps_nice(pid: u32) -> i32 {
    tool("ps", &["-o", "ni=", "-p", &pid.to_string()]).trim().parse().expect("ps ni")
}

#[test]
fn nice_matches_ps() {
    let (_child, p) = sleeper();
    assert_eq!(p.nice().expect("nice"), ps_nice(p.pid()));
    p.set_nice(10).expect("set_nice");
    assert_eq!(ps_nice(p.pid()), 10);
    assert_eq!(p.nice().expect("nice"), 10);
    for bad in [20, -21, i32::MAX] {
        let e = p.set_nice(bad).unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument(m) if m.contains(&bad.to_string())), "{e}");
        assert_eq!(ps_nice(p.pid()), 10, "unchanged after {bad}");
    }
    cleanup(&p);
}

/// `ionice -p PID` → (class, Some(prio)) as util-linux prints it.
fn ionice_tool(pid: u32) -> String {
    tool("ionice", &["-p", &pid.to_string()]).trim().to_string()
}

fn ionice_text(n: psutil_rs::IoNice) -> String {
    match n.ioclass {
        IoPrioClass::None => format!("none: prio {}", n.value),
        IoPrioClass::Rt => format!("realtime: prio {}", n.value),
        IoPrioClass::Be => format!("best-effort: prio {}", n.value),
        IoPrioClass::Idle => "idle".to_string(),
    }
}

#[test]
fn ionice_matches_the_ionice_tool() {
    let (_child, p) = sleeper();
    assert_eq!(ionice_text(p.ionice().expect("ionice")), ionice_tool(p.pid()));
    p.set_ionice(IoPrioClass::Be, Some(5)).expect("set BE 5");
    assert_eq!(ionice_tool(p.pid()), "best-effort: prio 5");
    assert_eq!(p.ionice().expect("ionice"), psutil_rs::IoNice { ioclass: IoPrioClass::Be, value: 5 });
    p.set_ionice(IoPrioClass::Idle, None).expect("set IDLE");
    assert_eq!(ionice_tool(p.pid()), "idle");
    assert_eq!(p.ionice().expect("ionice").ioclass, IoPrioClass::Idle);
    p.set_ionice(IoPrioClass::Be, None).expect("BE, value None = 0");
    assert_eq!(ionice_tool(p.pid()), "best-effort: prio 0");
    let is_root = tool("id", &["-u"]).trim() == "0";
    if is_root {
        p.set_ionice(IoPrioClass::Rt, Some(3)).expect("RT as root");
        assert_eq!(ionice_tool(p.pid()), "realtime: prio 3");
    } else {
        println!("skipping IOPRIO_CLASS_RT: needs CAP_SYS_ADMIN/CAP_SYS_NICE");
    }
    let before = ionice_tool(p.pid());
    let cases: [(IoPrioClass, i32, &str); 5] = [
        (IoPrioClass::Be, 8, "value not in 0-7 range"),
        (IoPrioClass::Be, -1, "value not in 0-7 range"),
        (IoPrioClass::Rt, 9999, "value not in 0-7 range"),
        (IoPrioClass::Idle, 1, "<IOPriority.IOPRIO_CLASS_IDLE: 3> ioclass accepts no value"),
        (IoPrioClass::None, 2, "<IOPriority.IOPRIO_CLASS_NONE: 0> ioclass accepts no value"),
    ];
    for (class, value, msg) in cases {
        let e = p.set_ionice(class, Some(value)).unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument(m) if m == msg), "{class:?} {value}: {e}");
        assert_eq!(ionice_tool(p.pid()), before, "unchanged after {class:?} {value}");
    }
    cleanup(&p);
}

/// `prlimit --pid PID --noheadings --raw -o RESOURCE,SOFT,HARD` as (name, soft, hard).
fn prlimit_tool(pid: u32) -> Vec<(String, i64, i64)> {
    let out =
        tool("prlimit", &["--pid", &pid.to_string(), "--noheadings", "--raw", "-o", "RESOURCE,SOFT,HARD"]);
    let num = |s: &str| if s == "unlimited" { RLIM_INFINITY } else { s.parse().expect("prlimit number") };
    out.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() == 3).then(|| (f[0].to_string(), num(f[1]), num(f[2])))
        })
        .collect()
}

fn tool_limit(pid: u32, r: Rlimit) -> (i64, i64) {
    let name = r.name().trim_start_matches("RLIMIT_");
    let rows = prlimit_tool(pid);
    let row = rows.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("prlimit has no {name}"));
    (row.1, row.2)
}

#[test]
fn rlimit_matches_prlimit_for_every_resource() {
    let (_child, p) = sleeper();
    let rows = prlimit_tool(p.pid());
    assert_eq!(rows.len(), 16, "{rows:?}");
    for r in Rlimit::ALL {
        assert_eq!(p.rlimit(r).expect("rlimit"), tool_limit(p.pid(), r), "{}", r.name());
    }
    p.set_rlimit(Rlimit::Nofile, 123, 456).expect("set NOFILE");
    assert_eq!(tool_limit(p.pid(), Rlimit::Nofile), (123, 456));
    assert_eq!(p.rlimit(Rlimit::Nofile).expect("rlimit"), (123, 456));
    p.set_rlimit(Rlimit::Core, RLIM_INFINITY, RLIM_INFINITY).expect("set CORE unlimited");
    assert_eq!(tool_limit(p.pid(), Rlimit::Core), (RLIM_INFINITY, RLIM_INFINITY));
    p.set_rlimit(Rlimit::Cpu, 100, RLIM_INFINITY).expect("set CPU");
    assert_eq!(tool_limit(p.pid(), Rlimit::Cpu), (100, RLIM_INFINITY));

    let e = p.set_rlimit(Rlimit::Nofile, 500, 400).unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument(m) if m == "current limit exceeds maximum limit"), "{e}");
    let e = p.set_rlimit(Rlimit::Nofile, -2, 400).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
    assert_eq!(tool_limit(p.pid(), Rlimit::Nofile), (123, 456), "unchanged after bad input");
    assert_eq!(Rlimit::from_raw(9999).unwrap_err().to_string(), "invalid resource specified");
    assert_eq!(Rlimit::from_raw(-1).unwrap_err().to_string(), "invalid resource specified");
    cleanup(&p);
}

/// `taskset -pc PID`: "pid N's current affinity list: 0,2-3" → [0, 2, 3].
fn taskset(pid: u32) -> Vec<usize> {
    let out = tool("taskset", &["-pc", &pid.to_string()]);
    let list = out.rsplit(':').next().expect("list").trim();
    let mut cpus = Vec::new();
    for part in list.split(',') {
        match part.split_once('-') {
            Some((a, b)) => cpus.extend(a.parse::<usize>().expect("cpu")..=b.parse().expect("cpu")),
            None => cpus.push(part.parse().expect("cpu")),
        }
    }
    cpus
}

/// Our own reading of psutil's eligible CPUs: the first `a-b` right after the tab of
/// `Cpus_allowed_list`, else `0..ncpus` from `/proc/stat`.
fn eligible(pid: u32) -> Vec<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let list = status.lines().find_map(|l| l.strip_prefix("Cpus_allowed_list:\t")).unwrap_or("");
    let lead: String = list.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    if let Some((a, b)) = lead.split_once('-') {
        if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
            return (a..=b).collect();
        }
    }
    let stat = std::fs::read_to_string("/proc/stat").expect("stat");
    let n = stat
        .lines()
        .filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
        .count();
    (0..n).collect()
}

#[test]
fn cpu_affinity_matches_taskset() {
    let (_child, p) = sleeper();
    let all = taskset(p.pid());
    assert_eq!(p.cpu_affinity().expect("affinity"), all);
    p.set_cpu_affinity(&[all[0]]).expect("pin to one CPU");
    assert_eq!(taskset(p.pid()), vec![all[0]]);
    assert_eq!(p.cpu_affinity().expect("affinity"), vec![all[0]]);
    // Duplicates and order do not matter.
    p.set_cpu_affinity(&[all[0], all[0]]).expect("dup");
    assert_eq!(taskset(p.pid()), vec![all[0]]);
    // Empty = every eligible CPU.
    p.set_cpu_affinity(&[]).expect("reset");
    assert_eq!(taskset(p.pid()), eligible(p.pid()));

    p.set_cpu_affinity(&[all[0]]).expect("pin again");
    let choose = format!("{:?}", eligible(p.pid()));
    let e = p.set_cpu_affinity(&[9999]).unwrap_err();
    assert_eq!(e.to_string(), format!("invalid CPU 9999; choose between {choose}"));
    let e = p.set_cpu_affinity(&[all[0], 9999]).unwrap_err();
    assert_eq!(e.to_string(), format!("invalid CPU 9999; choose between {choose}"));
    let e = p.set_cpu_affinity_i64(&[0, -1]).unwrap_err();
    assert_eq!(e.to_string(), format!("invalid CPU -1; choose between {choose}"));
    assert!(matches!(e, Error::InvalidArgument(_)));
    assert_eq!(taskset(p.pid()), vec![all[0]], "unchanged after invalid CPUs");
    cleanup(&p);
}

#[test]
fn wait_procs_reports_gone_with_callback_and_alive() {
    let a = spawn("true", &[]);
    let b = spawn("sh", &["-c", "exit 2"]);
    let (_c, sl) = sleeper();
    let procs = vec![Process::new(a.id()).expect("a"), Process::new(b.id()).expect("b"), sl.clone()];
    let mut seen = Vec::new();
    let mut cb = |p: &Process| seen.push((p.pid(), p.returncode()));
    let t0 = Instant::now();
    let (gone, alive) = wait_procs(procs, Some(Duration::from_secs(2)), Some(&mut cb)).expect("wait_procs");
    let took = t0.elapsed();
    assert!(took >= Duration::from_millis(1900) && took < Duration::from_secs(6), "{took:?}");
    seen.sort();
    let mut want = vec![(a.id(), Some(ExitStatus::Exited(0))), (b.id(), Some(ExitStatus::Exited(2)))];
    want.sort();
    assert_eq!(seen, want);
    let mut gone_pids: Vec<u32> = gone.iter().map(Process::pid).collect();
    gone_pids.sort();
    assert_eq!(gone_pids, vec![a.id().min(b.id()), a.id().max(b.id())]);
    assert_eq!(alive.iter().map(Process::pid).collect::<Vec<_>>(), vec![sl.pid()]);

    sl.terminate().expect("terminate");
    let (gone, alive) = wait_procs(alive, None, None).expect("wait_procs");
    assert!(alive.is_empty());
    assert_eq!(gone[0].returncode(), Some(ExitStatus::Signaled(libc::SIGTERM)));

    // timeout 0: one non-blocking pass.
    let (_c, s2) = sleeper();
    let t0 = Instant::now();
    let (gone, alive) = wait_procs(vec![s2.clone()], Some(Duration::ZERO), None).expect("wait_procs");
    assert!(gone.is_empty() && alive.len() == 1 && t0.elapsed() < Duration::from_millis(1000));
    cleanup(&s2);
}

#[test]
fn popen_is_a_process_at_once_and_records_its_status() {
    // A child that exits at once: construction must still work.
    let child = Command::new("true").spawn().expect("spawn");
    assert_eq!(wait_for_state(child.id(), |c| c == 'Z'), Some('Z'), "true never exited");
    let p = Popen::from_child(child).expect("Popen of an exited child");
    assert_eq!(p.status().expect("status"), psutil_rs::ProcessStatus::Zombie);
    assert_eq!(p.wait(None).expect("wait"), Some(ExitStatus::Exited(0)));
    assert_eq!(p.returncode(), Some(ExitStatus::Exited(0)));

    let mut p =
        Popen::spawn(Command::new("sh").args(["-c", "read x; exit 4"]).stdin(Stdio::piped())).expect("spawn");
    assert!(p.is_running());
    assert!(matches!(p.wait(Some(Duration::from_millis(50))), Err(Error::TimeoutExpired { .. })));
    drop(p.child_mut().stdin.take());
    assert_eq!(p.wait(Some(Duration::from_secs(10))).expect("wait").map(|s| s.code()), Some(4));

    let p = Popen::spawn(Command::new("sleep").arg("30")).expect("spawn");
    p.suspend().expect("suspend through Deref");
    assert_eq!(wait_for_state(p.pid(), |c| c == 'T'), Some('T'));
    p.kill().expect("kill");
    assert_eq!(p.wait(None).expect("wait"), Some(ExitStatus::Signaled(libc::SIGKILL)));

    let e = Popen::spawn(&mut Command::new("/nonexistent/binary")).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
}

#[test]
fn timeout_validation_messages() {
    assert_eq!(
        psutil_rs::process::wait_timeout(-1.0).unwrap_err().to_string(),
        "timeout must be positive or zero (got -1)"
    );
    assert_eq!(
        psutil_rs::process::wait_timeout(-0.5).unwrap_err().to_string(),
        "timeout must be positive or zero (got -0.5)"
    );
    assert_eq!(psutil_rs::process::wait_timeout(0.0).expect("zero"), Duration::ZERO);
    assert_eq!(
        psutil_rs::process::wait_procs_timeout(-1.0).unwrap_err().to_string(),
        "timeout must be a positive integer, got -1"
    );
    assert!(psutil_rs::process::wait_timeout(f64::NAN).is_err());
}
