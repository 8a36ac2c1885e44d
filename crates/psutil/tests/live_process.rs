//! Process getters on real children, checked against `ps` and against `/proc` read another
//! way: a sleeper, a zombie (exited, unreaped), a stopped process, a thread-heavy process,
//! and a churn of short-lived processes while `process_iter_with` runs.
#![cfg(target_os = "linux")]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use psutil_rs::{Attr, AttrValue, Process, ProcessStatus};

/// Kills and reaps the child when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(cmd: &str, args: &[&str]) -> Reaped {
    let child = Command::new(cmd).args(args).stdin(Stdio::null()).stdout(Stdio::null()).spawn().unwrap();
    Reaped(child)
}

/// `ps -o <fields> -p <pid>` with `=` headers: the trimmed value.
fn ps(pid: u32, field: &str) -> String {
    let out = Command::new("ps").args(["-o", &format!("{field}="), "-p", &pid.to_string()]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn wait_for(mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "condition not reached");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The state letter from `/proc/<pid>/stat`, read with a plain string split.
fn proc_state(pid: u32) -> char {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    s[s.rfind(')').unwrap() + 2..].chars().next().unwrap()
}

fn epoch_of(lstart: &str) -> f64 {
    let out = Command::new("date").args(["-d", lstart, "+%s"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn sleeper_matches_ps() {
    let child = spawn("sleep", &["30"]);
    let pid = child.0.id();
    wait_for(|| proc_state(pid) == 'S' && ps(pid, "comm") == "sleep");
    let p = Process::new(pid).unwrap();
    assert_eq!(p.pid(), pid);
    assert_eq!(p.ppid().unwrap().to_string(), ps(pid, "ppid"));
    assert_eq!(p.name().unwrap(), ps(pid, "comm"));
    assert_eq!(p.status().unwrap(), ProcessStatus::Sleeping);
    assert!(ps(pid, "stat").starts_with('S'));
    assert_eq!(p.uids().unwrap().real.to_string(), ps(pid, "uid"));
    assert_eq!(p.gids().unwrap().real.to_string(), ps(pid, "gid"));
    assert_eq!(p.num_threads().unwrap().to_string(), ps(pid, "nlwp"));
    assert_eq!(p.username().unwrap(), ps(pid, "user"));
    assert_eq!(p.cmdline().unwrap(), ["sleep", "30"]);
    let exe = p.exe().unwrap();
    assert_eq!(
        std::fs::canonicalize(&exe).unwrap(),
        std::fs::canonicalize(format!("/proc/{pid}/exe")).unwrap()
    );
    assert_eq!(p.cwd().unwrap(), std::env::current_dir().unwrap().to_string_lossy());
    let env = p.environ().unwrap();
    assert_eq!(env.get("PATH"), std::env::var("PATH").ok().as_deref());
    // The child inherited our environment: the same pairs, in the same (block) order.
    let ours: psutil_rs::Environ = std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(env.iter().collect::<Vec<_>>(), ours.iter().collect::<Vec<_>>());
    // rss/vsz in KiB from ps; a sleeping `sleep` does not change size.
    let m = p.memory_info().unwrap();
    assert_eq!(m.rss / 1024, ps(pid, "rss").parse::<u64>().unwrap());
    assert_eq!(m.vms / 1024, ps(pid, "vsz").parse::<u64>().unwrap());
    let cpu: i64 = ps(pid, "psr").parse().unwrap();
    assert_eq!(p.cpu_num().unwrap(), cpu);
    let tty = ps(pid, "tty");
    match p.terminal().unwrap() {
        None => assert_eq!(tty, "?"),
        Some(t) => assert_eq!(t.trim_start_matches("/dev/"), tty),
    }
    // create_time against ps lstart (1 s resolution) and etimes.
    let ct = p.create_time().unwrap();
    assert!((ct - epoch_of(&ps(pid, "lstart"))).abs() <= 1.0, "{ct}");
    // Bracketed: ps may take a while to start on a loaded machine.
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
    let before = now();
    let etimes: f64 = ps(pid, "etimes").parse().unwrap();
    let after = now();
    assert!(
        before - ct - 1.5 <= etimes && etimes <= after - ct + 1.5,
        "ps etimes {etimes} outside [{}, {}]",
        before - ct,
        after - ct
    );
    // Context switches against /proc/<pid>/status read with a plain string scan.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let vol: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(p.num_ctx_switches().unwrap().voluntary, vol);
    // The parent is us, and we have it as a child (compare with ps --ppid).
    assert_eq!(p.parent().unwrap().unwrap().pid(), std::process::id());
    let me = Process::current().unwrap();
    let kids: Vec<u32> = me.children(false).unwrap().iter().map(Process::pid).collect();
    let out =
        Command::new("ps").args(["-o", "pid=", "--ppid", &std::process::id().to_string()]).output().unwrap();
    let ps_kids: Vec<u32> =
        String::from_utf8_lossy(&out.stdout).split_whitespace().map(|s| s.parse().unwrap()).collect();
    assert!(kids.contains(&pid) && ps_kids.contains(&pid), "{kids:?} / {ps_kids:?}");
    for k in &kids {
        // every child we report is one ps reports (ps itself may be gone already)
        assert!(ps_kids.contains(k) || !psutil_rs::pid_exists(*k), "{k}");
    }
    assert!(psutil_rs::pids().unwrap().contains(&pid));
    assert!(psutil_rs::pid_exists(pid));
    assert!(p.is_running());
}

#[test]
fn zombie_child() {
    let mut child = Command::new("sh").args(["-c", "exit 3"]).spawn().unwrap();
    let pid = child.id();
    wait_for(|| proc_state(pid) == 'Z');
    let p = Process::new(pid).unwrap();
    assert_eq!(p.status().unwrap(), ProcessStatus::Zombie);
    assert!(ps(pid, "stat").starts_with('Z'));
    assert!(p.is_running());
    assert!(psutil_rs::pid_exists(pid));
    assert_eq!(p.ppid().unwrap(), std::process::id());
    assert_eq!(p.name().unwrap(), "sh");
    assert!(p.create_time().unwrap() > 0.0);
    assert!(p.cpu_times().is_ok() && p.memory_info().is_ok() && p.uids().is_ok());
    for e in [p.cmdline().err(), p.exe().err(), p.cwd().err(), p.environ().err()] {
        let e = e.expect("zombie error");
        assert!(e.is_zombie(), "{e}");
    }
    let info = p.as_dict(&[]).unwrap();
    assert!(info.get(Attr::Cmdline).unwrap().as_ref().unwrap_err().is_zombie());
    assert_eq!(info.name().as_deref(), Some("sh"));
    assert_eq!(child.wait().unwrap().code(), Some(3));
    assert!(!p.is_running());
    assert!(Process::new(pid).unwrap_err().is_no_such_process());
    assert!(p.name().unwrap_err().is_no_such_process());
}

#[test]
fn stopped_process() {
    let child = spawn("sleep", &["30"]);
    let pid = child.0.id();
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid as i32, libc::SIGSTOP) };
    wait_for(|| proc_state(pid) == 'T');
    assert_eq!(Process::new(pid).unwrap().status().unwrap(), ProcessStatus::Stopped);
    assert!(ps(pid, "stat").starts_with('T'));
    // SAFETY: as above.
    unsafe { libc::kill(pid as i32, libc::SIGCONT) };
}

#[test]
fn thread_heavy_process() {
    // Our own test binary with 12 extra parked threads, compared with ps nlwp and
    // /proc/self/task.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handles: Vec<_> = (0..12)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        })
        .collect();
    let me = Process::current().unwrap();
    let ours = me.num_threads().unwrap();
    let tasks = std::fs::read_dir("/proc/self/task").unwrap().count() as u64;
    let nlwp: u64 = ps(std::process::id(), "nlwp").parse().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for h in handles {
        h.join().unwrap();
    }
    assert!(ours >= 13);
    // Other tests run threads in parallel: the counts are close, not identical.
    assert!(ours.abs_diff(tasks) <= 8 && ours.abs_diff(nlwp) <= 8, "{ours} {tasks} {nlwp}");
    // A thread id is not a pid, but Process(tid) works (psutil §2.9).
    let tid = std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .find(|t| *t != std::process::id());
    if let Some(tid) = tid {
        assert!(!psutil_rs::pid_exists(tid));
        assert!(!psutil_rs::pids().unwrap().contains(&tid));
    }
}

#[test]
fn cpu_percent_of_a_busy_child() {
    let child = spawn("sh", &["-c", "while :; do :; done"]);
    let p = Process::new(child.0.id()).unwrap();
    assert_eq!(p.cpu_percent(None).unwrap(), 0.0);
    let busy = p.cpu_percent(Some(0.5)).unwrap();
    assert!(busy > 10.0, "{busy}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(p.cpu_percent(None).unwrap() > 10.0);
    let t = p.cpu_times().unwrap();
    assert!(t.user + t.system > 0.0);
}

#[test]
fn kernel_thread_environ_is_empty() {
    // kthreadd is pid 2 on a normal kernel; in a container it may not be visible.
    let Ok(p) = Process::new(2) else {
        eprintln!("skip: no pid 2 in this pid namespace");
        return;
    };
    if p.ppid().unwrap() != 0 {
        eprintln!("skip: pid 2 is not a kernel thread here");
        return;
    }
    assert!(p.environ().unwrap().is_empty());
    assert!(p.cmdline().unwrap().is_empty());
}

#[test]
fn pids_match_proc_listing() {
    let ours = psutil_rs::pids().unwrap();
    let listed: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    // Processes come and go: each side's members are (almost all) on the other.
    let missing = listed.iter().filter(|p| !ours.contains(p)).count();
    assert!(missing <= 5, "{missing}");
    assert!(ours.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn churn_while_iterating() {
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};
    let me = std::process::id();
    let my_name = Process::current().unwrap().name().unwrap();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let spawned: Arc<Mutex<HashSet<u32>>> = Arc::default();
    let spawner = {
        let (done, spawned) = (done.clone(), spawned.clone());
        std::thread::spawn(move || {
            // A child caught before exec has this thread's comm (inherited from the test's
            // thread, which libtest names after the test), or ours.
            let comm = std::fs::read_to_string("/proc/thread-self/comm").unwrap_or_default();
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) && n < 600 {
                if let Ok(mut c) = Command::new("true").spawn() {
                    spawned.lock().unwrap().insert(c.id());
                    let _ = c.wait();
                    n += 1;
                }
            }
            (n, comm.trim_end().to_string())
        })
    };
    let mut rows_seen = Vec::new();
    for _ in 0..4 {
        for (p, info) in psutil_rs::process_iter_with(&[]).unwrap() {
            assert_eq!(info.pid(), p.pid());
            rows_seen.push((p.pid(), info.name().map(|n| n.into_owned()), info.ppid()));
        }
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (n, spawner_name) = spawner.join().unwrap();
    assert!(n > 0);
    let spawned = spawned.lock().unwrap();
    let mut checked = 0;
    for (pid, name, ppid) in rows_seen.iter().filter(|(pid, _, _)| spawned.contains(pid)) {
        // One of our short-lived children, caught between fork and reap: its name is
        // `true` (after exec) or the spawning thread's or ours (before exec), and its
        // parent is us.
        let (Some(name), Some(ppid)) = (name, ppid) else { continue };
        assert_eq!(*ppid, me, "pid {pid} ({name}) attributed to ppid {ppid}");
        assert!(name == "true" || *name == my_name || *name == spawner_name, "pid {pid} named {name}");
        checked += 1;
    }
    eprintln!("spawned {n} short-lived children, caught {checked} mid-flight");
}

#[cfg(feature = "serde")]
#[test]
fn as_dict_serializes_with_psutil_keys() {
    let me = Process::current().unwrap();
    let info = me.as_dict(&[Attr::Pid, Attr::Name, Attr::CpuTimes, Attr::MemoryInfo, Attr::Status]).unwrap();
    let v = serde_json::to_value(&info).unwrap();
    assert_eq!(v["pid"], serde_json::json!(std::process::id()));
    assert_eq!(v["name"], serde_json::json!(me.name().unwrap()));
    // The main thread's state (this test runs on a worker thread): running or sleeping.
    let st = v["status"].as_str().unwrap();
    assert!(st == "running" || st == "sleeping", "{st}");
    for k in ["user", "system", "children_user", "children_system", "iowait"] {
        assert!(v["cpu_times"][k].is_number(), "{k}");
    }
    for k in ["rss", "vms", "shared", "text", "lib", "data", "dirty"] {
        assert!(v["memory_info"][k].is_number(), "{k}");
    }
}

#[test]
fn all_attrs_of_self_and_gone_repr() {
    let me = Process::current().unwrap();
    let fds = || std::fs::read_dir("/proc/self/fd").unwrap().count() as u64;
    let fds_before = fds();
    let info = me.as_dict(&[]).unwrap();
    let fds_after = fds();
    // Every attribute is present and readable for ourselves, in psutil's order.
    assert_eq!(info.iter().map(|(a, _)| a).collect::<Vec<_>>(), Attr::ALL);
    for (a, r) in info.iter() {
        assert!(r.is_ok(), "{a}: {:?}", r.as_ref().err());
    }
    match info.value(Attr::MemoryFullInfo) {
        // rss comes from the oneshot's earlier status read and uss from smaps_rollup read
        // later, while this harness's other threads allocate: uss <= rss is checked on a
        // quiescent child in live_process_res::memory_full_info_matches_rollup.
        Some(AttrValue::MemoryFullInfo(m)) => assert!(m.uss > 0 && m.uss <= m.vms, "{m:?}"),
        other => panic!("memory_full_info: {other:?}"),
    }
    match info.value(Attr::NumFds) {
        Some(AttrValue::Count(n)) => {
            // Other test threads open and close pipes meanwhile: a margin of a few fds
            // around the listings before and after (each counts its own listing fd).
            let (lo, hi) = (fds_before.min(fds_after), fds_before.max(fds_after));
            assert!(n + 8 >= lo && *n <= hi + 8, "num_fds {n} vs /proc/self/fd {fds_before}..{fds_after}");
        }
        other => panic!("num_fds: {other:?}"),
    }
    match info.value(Attr::MemoryMaps) {
        Some(AttrValue::MemoryMaps(maps)) => assert!(maps.iter().any(|m| m.path.contains("live_process"))),
        other => panic!("memory_maps: {other:?}"),
    }
    assert_eq!(
        info.value(Attr::Nice).map(|v| format!("{v:?}")),
        Some(format!("Int({})", ps(std::process::id(), "nice")))
    );
    let mut child = Command::new("true").spawn().unwrap();
    let p = Process::new(child.id()).unwrap();
    child.wait().unwrap();
    assert!(p.to_string().ends_with("status='terminated')"), "{p}");
}

/// `as_dict_many` (one batch, user names looked up once per uid) gives every process the
/// user `ps` shows, also for a second uid when the test may switch to `nobody`.
#[test]
fn batch_user_names_match_ps() {
    let ps_users = || -> std::collections::HashMap<u32, String> {
        let out = Command::new("ps").args(["-e", "-o", "pid=,user="]).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().split_once(' '))
            .filter_map(|(pid, user)| Some((pid.parse().ok()?, user.trim().to_string())))
            .collect()
    };
    let _kid = spawn("sleep", &["30"]);
    let nobody = (unsafe { libc::geteuid() } == 0)
        .then(|| spawn("setpriv", &["--reuid=nobody", "--regid=nogroup", "--clear-groups", "sleep", "30"]));
    if let Some(kid) = &nobody {
        let deadline = Instant::now() + Duration::from_secs(10);
        while ps_users().get(&kid.0.id()).map(String::as_str) != Some("nobody") {
            assert!(Instant::now() < deadline, "setpriv never became nobody");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    // Only processes whose user stood still around the read are compared.
    let before = ps_users();
    let procs = psutil_rs::process_iter().unwrap();
    let infos = psutil_rs::as_dict_many(&procs, &[Attr::Username]);
    assert_eq!(infos.len(), procs.len());
    let after = ps_users();
    let mut checked = std::collections::BTreeSet::new();
    for (p, info) in procs.iter().zip(infos) {
        let Ok(info) = info else { continue };
        let Some(AttrValue::Str(user)) = info.value(Attr::Username) else { continue };
        let Some(shown) = before.get(&p.pid()).filter(|&u| after.get(&p.pid()) == Some(u)) else {
            continue; // gone, new or changed meanwhile
        };
        // ps cuts a long name to `prefix+` (or prints the uid); psutil gives the name.
        if let Some(prefix) = shown.strip_suffix('+') {
            assert!(user.starts_with(prefix), "pid {}: {user} vs ps {shown}", p.pid());
        } else if shown.parse::<u32>().is_err() {
            assert_eq!(user, shown, "pid {}", p.pid());
            checked.insert(user.clone());
        }
    }
    assert!(!checked.is_empty());
    if unsafe { libc::geteuid() } == 0 {
        assert!(checked.contains("nobody"), "{checked:?}");
    }
}
