//! Churn: thousands of short-lived processes and sockets while full scans,
//! `net_connections`, `process_iter_with(attrs)` and `wait_procs` run on other threads.
//! No panic, no deadlock (the whole run is bounded), no error that a vanishing process
//! does not explain, and no row attributed to the wrong process: each child carries its
//! own marker in its command line, and every row that shows a marker must belong to the
//! pid that child was spawned with, under the child's name.
#![cfg(target_os = "linux")]

use std::collections::{HashMap, HashSet};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use psutil_rs::{Attr, AttrValue, ConnectionKind, Error, Process};

const CHILDREN: usize = 2000;
const BATCH: usize = 100;
const SOCKET_ROUNDS: usize = 5000;
/// The whole run must end well before this (it takes seconds on an idle machine).
const LIMIT: Duration = Duration::from_secs(300);
/// Each child is `sleep` for this long, its `argv[0]` replaced by its marker (the
/// process name stays `sleep`, from the executable).
const LIFE: &str = "2";

/// One thread's work, given the shared state and the marker prefix.
type Job = fn(&Shared, &str);

/// A marked row: (pid, marker from its cmdline, its name).
type Seen = (u32, String, String);

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    spawned: Mutex<HashMap<u32, HashSet<String>>>,
    seen: Mutex<Vec<Seen>>,
    errors: Mutex<Vec<String>>,
    scans: AtomicUsize,
    sockets: AtomicUsize,
}

impl Shared {
    fn error(&self, what: String) {
        self.errors.lock().unwrap().push(what);
    }
}

/// Spawns the children, handing them to the reaper in batches.
fn spawner(sh: &Shared, prefix: &str, reaper: mpsc::Sender<Vec<Process>>) {
    let mut batch = Vec::new();
    for i in 0..CHILDREN {
        let marker = format!("{prefix}{i}");
        let child = Command::new("sleep")
            .arg0(&marker)
            .arg(LIFE)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) => return sh.error(format!("spawn {i}: {e}")),
        };
        sh.spawned.lock().unwrap().entry(child.id()).or_default().insert(marker);
        // Not yet reaped, so the pid is still this child's, alive or zombie.
        match Process::new(child.id()) {
            Ok(p) => batch.push(p),
            Err(e) => sh.error(format!("Process::new of an unreaped child {}: {e}", child.id())),
        }
        if batch.len() == BATCH || i + 1 == CHILDREN {
            let _ = reaper.send(std::mem::take(&mut batch));
        }
    }
}

/// The spawner, with a reaper thread that ends when the spawner is done.
fn spawn_and_reap(sh: &Shared, prefix: &str) {
    let (to_reaper, batches) = mpsc::channel();
    thread::scope(|scope| {
        scope.spawn(|| reaper(sh, batches));
        spawner(sh, prefix, to_reaper);
    });
}

/// Waits for each batch with `wait_procs`: all gone, each with status 0.
fn reaper(sh: &Shared, batches: mpsc::Receiver<Vec<Process>>) {
    for batch in batches {
        match psutil_rs::wait_procs(batch, Some(Duration::from_secs(60)), None) {
            Ok((gone, alive)) => {
                if !alive.is_empty() {
                    sh.error(format!("wait_procs left {} children alive", alive.len()));
                }
                for p in gone {
                    if p.returncode().map(|s| s.code()) != Some(0) {
                        sh.error(format!("child {} returned {:?}", p.pid(), p.returncode()));
                    }
                }
            }
            Err(e) => sh.error(format!("wait_procs: {e}")),
        }
    }
}

/// Opens and closes TCP pairs and UDP sockets until stopped (at most `SOCKET_ROUNDS`:
/// each closed pair leaves a TIME_WAIT entry on the machine for a minute).
fn sockets(sh: &Shared) {
    while !sh.stop.load(Ordering::Relaxed) && sh.sockets.load(Ordering::Relaxed) < SOCKET_ROUNDS {
        let made = (|| -> std::io::Result<()> {
            let listener = TcpListener::bind("127.0.0.1:0")?;
            let client = TcpStream::connect(listener.local_addr()?)?;
            let (server, _) = listener.accept()?;
            let udp = UdpSocket::bind("127.0.0.1:0")?;
            drop((client, server, udp));
            Ok(())
        })();
        match made {
            Ok(()) => sh.sockets.fetch_add(1, Ordering::Relaxed),
            Err(e) => return sh.error(format!("socket churn: {e}")),
        };
    }
}

/// Rows with a marker of this run, from a `process_iter_with` scan.
fn scan_attrs(sh: &Shared, prefix: &str) {
    let attrs = [
        Attr::Pid,
        Attr::Name,
        Attr::Cmdline,
        Attr::Exe,
        Attr::Status,
        Attr::Ppid,
        Attr::CpuTimes,
        Attr::MemoryInfo,
        Attr::NumFds,
        Attr::OpenFiles,
        Attr::NetConnections,
        Attr::CreateTime,
    ]; // fmt: skip
    while !sh.stop.load(Ordering::Relaxed) {
        let rows = match psutil_rs::process_iter_with(&attrs) {
            Ok(rows) => rows,
            Err(e) => return sh.error(format!("process_iter_with: {e}")),
        };
        for (p, info) in rows {
            let Some(AttrValue::OsStrList(cmdline)) = info.value(Attr::Cmdline) else { continue };
            let Some(marker) = cmdline.first().and_then(|m| m.to_str()).filter(|m| m.starts_with(prefix))
            else {
                continue;
            };
            let name = info.name().map(|n| n.into_owned()).unwrap_or_default();
            sh.seen.lock().unwrap().push((p.pid(), marker.to_owned(), name));
        }
        sh.scans.fetch_add(1, Ordering::Relaxed);
    }
}

/// Every getter of every process; a read may fail only as psutil's would: the process
/// vanished (or became a zombie) or the kernel refused (AccessDenied), never with an I/O
/// or parse error.
fn scan_full(sh: &Shared) {
    while !sh.stop.load(Ordering::Relaxed) {
        let procs = match psutil_rs::process_iter() {
            Ok(procs) => procs,
            Err(e) => return sh.error(format!("process_iter: {e}")),
        };
        for p in procs {
            let Ok(info) = p.as_dict(Attr::ALL) else { continue };
            for (attr, value) in info.iter() {
                let explained = matches!(
                    value,
                    Ok(_)
                        | Err(Error::NoSuchProcess { .. }
                            | Error::ZombieProcess { .. }
                            | Error::AccessDenied { .. })
                ) || !p.is_running();
                if !explained {
                    sh.error(format!("{} {}: {:?}", p.pid(), attr.as_str(), value));
                }
            }
        }
        sh.scans.fetch_add(1, Ordering::Relaxed);
    }
}

fn connections(sh: &Shared) {
    while !sh.stop.load(Ordering::Relaxed) {
        for kind in [ConnectionKind::All, ConnectionKind::Tcp, ConnectionKind::Inet] {
            if let Err(e) = psutil_rs::net_connections(kind) {
                return sh.error(format!("net_connections({kind:?}): {e}"));
            }
        }
        sh.scans.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn churn_of_processes_and_sockets_under_concurrent_scans() {
    if !Command::new("sleep").arg("0").status().is_ok_and(|s| s.success()) {
        panic!("no working sleep: the churn test cannot run");
    }
    let prefix = format!("psutil-rs-churn-{}-", std::process::id());
    let sh = Arc::new(Shared::default());
    let started = Instant::now();
    let (done_tx, done_rx) = mpsc::channel::<&'static str>();
    let mut handles = Vec::new();
    let jobs: [(&'static str, Job); 5] = [
        ("spawner", spawn_and_reap),
        ("sockets", |s, _| sockets(s)),
        ("process_iter_with", scan_attrs),
        ("full scan", |s, _| scan_full(s)),
        ("net_connections", |s, _| connections(s)),
    ];
    for (name, job) in jobs {
        let (sh, prefix, done) = (Arc::clone(&sh), prefix.clone(), done_tx.clone());
        handles.push(thread::spawn(move || {
            job(&sh, &prefix);
            let _ = done.send(name);
        }));
    }
    // The spawner ends the run; the others stop when it is done.
    let mut finished = Vec::new();
    while finished.len() < jobs.len() {
        let left = LIMIT.saturating_sub(started.elapsed());
        match done_rx.recv_timeout(left) {
            Ok(name) => {
                finished.push(name);
                if name == "spawner" {
                    sh.stop.store(true, Ordering::Relaxed);
                }
            }
            Err(_) => panic!("deadlock or stall: after {LIMIT:?} only {finished:?} have finished"),
        }
    }
    for h in handles {
        assert!(h.join().is_ok(), "a churn thread panicked");
    }
    let errors = sh.errors.lock().unwrap();
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), &errors[..errors.len().min(10)]);

    let spawned = sh.spawned.lock().unwrap();
    assert_eq!(spawned.values().map(HashSet::len).sum::<usize>(), CHILDREN);
    let seen = sh.seen.lock().unwrap();
    for (pid, marker, name) in seen.iter() {
        let ours = spawned.get(pid).is_some_and(|m| m.contains(marker));
        assert!(ours, "pid {pid} was shown with {marker}, which another pid was spawned with");
        assert_eq!(name, "sleep", "pid {pid} ({marker}) was shown with the name {name:?}");
    }
    assert!(!seen.is_empty(), "the scans never caught a child alive: the attribution was not checked");
    eprintln!(
        "churn: {CHILDREN} children, {} socket rounds, {} scans, {} marked rows checked, {:?}",
        sh.sockets.load(Ordering::Relaxed),
        sh.scans.load(Ordering::Relaxed),
        seen.len(),
        started.elapsed()
    );
}
