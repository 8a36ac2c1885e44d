//! The Windows process backend against independent sources: the test's own process (its
//! pid, arguments, working directory, environment, threads, allocations and CPU burnt, as
//! std and the Win32 thread API report them), and a child — this test binary re-run with
//! known arguments, working directory and environment — that is spawned, re-prioritised,
//! suspended, resumed, killed and waited. Under Wine 8.0 (detected by
//! `ntdll!wine_get_version`), calls Wine does not implement are asserted to fail or read
//! as windows.md section 7 documents.
#![cfg(windows)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use psutil_rs::os::windows::{BELOW_NORMAL_PRIORITY_CLASS, NORMAL_PRIORITY_CLASS};
use psutil_rs::{Error, ExitStatus, Process};
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows_sys::Win32::System::Threading::{GetCurrentThread, GetCurrentThreadId, GetThreadTimes};

const CHILD_SWITCH: &str = "PSUTIL_RS_WINDOWS_CHILD";
const CHILD_VALUE: &str = "burn=Value with spaces";

fn under_wine() -> bool {
    let ntdll: Vec<u16> = "ntdll.dll\0".encode_utf16().collect();
    // SAFETY: a NUL-terminated module name; ntdll is loaded in every process.
    let h = unsafe { GetModuleHandleW(ntdll.as_ptr()) };
    // SAFETY: a NUL-terminated export name.
    !h.is_null() && unsafe { GetProcAddress(h, c"wine_get_version".as_ptr().cast()) }.is_some()
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

fn same_path(a: &Path, b: &Path) -> bool {
    a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
}

/// The child's body: when the switch is set, burn CPU for at most 60 s (the test kills it
/// long before). Without it this test does nothing.
#[test]
fn child_body() {
    if std::env::var(CHILD_SWITCH).as_deref() != Ok(CHILD_VALUE) {
        return;
    }
    let end = Instant::now() + Duration::from_secs(60);
    let mut x = 0u64;
    while Instant::now() < end {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        std::hint::black_box(x);
    }
}

/// The child, killed and reaped when the test ends, whatever happened.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// This thread's user + kernel time, from `GetThreadTimes` (not a call the library uses
/// for a process's times).
fn this_thread_cpu() -> f64 {
    let z = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
    let (mut c, mut e, mut k, mut u) = (z, z, z, z);
    // SAFETY: the pseudo-handle of this thread and four out-pointers.
    assert!(unsafe { GetThreadTimes(GetCurrentThread(), &mut c, &mut e, &mut k, &mut u) } != 0);
    let t = |f: FILETIME| ((u64::from(f.dwHighDateTime) << 32) | u64::from(f.dwLowDateTime)) as f64 / 1e7;
    t(k) + t(u)
}

/// The child, its cwd, and its argv after the program: libtest's filter and flags.
fn spawn_child() -> (ChildGuard, PathBuf, Vec<String>) {
    let cwd = std::env::temp_dir();
    let args =
        vec!["child_body".to_string(), "--exact".into(), "--nocapture".into(), "--test-threads=1".into()];
    let child = Command::new(std::env::current_exe().unwrap())
        .args(&args)
        .current_dir(&cwd)
        .env(CHILD_SWITCH, CHILD_VALUE)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn the child");
    (ChildGuard(child), cwd, args)
}

/// The summed user + kernel time of a process's threads (SPI's per-thread times).
fn thread_cpu(p: &Process) -> f64 {
    p.threads().expect("threads").iter().map(|t| t.user_time + t.system_time).sum()
}

#[test]
fn own_identity_arguments_and_environment() {
    let me = Process::current().expect("current");
    assert_eq!(me.pid(), std::process::id());
    assert!(psutil_rs::pids().unwrap().contains(&me.pid()));
    assert!(psutil_rs::pid_exists(me.pid()));
    let exe = std::env::current_exe().unwrap();
    assert!(same_path(Path::new(&me.exe().unwrap()), &exe), "{:?} vs {exe:?}", me.exe());
    assert_eq!(me.name().unwrap().to_lowercase(), exe.file_name().unwrap().to_string_lossy().to_lowercase());
    let args: Vec<String> = std::env::args().collect();
    assert_eq!(me.cmdline().unwrap(), args);
    assert!(same_path(Path::new(&me.cwd().unwrap()), &std::env::current_dir().unwrap()));
    let env = me.environ().expect("environ");
    for (k, v) in std::env::vars() {
        if k.starts_with('=') {
            continue;
        }
        assert_eq!(env.get(&k.to_uppercase()), Some(v.as_str()), "{k}");
    }
    let t = me.create_time().unwrap();
    assert!(t <= now() + 0.01 && t > now() - 600.0, "create_time {t}");
    assert_eq!(me.status().unwrap(), psutil_rs::ProcessStatus::Running);
    // The token's account: COMPUTERNAME\USERNAME as the environment names them.
    let expected =
        format!("{}\\{}", std::env::var("COMPUTERNAME").unwrap(), std::env::var("USERNAME").unwrap());
    assert_eq!(me.username().unwrap().to_lowercase(), expected.to_lowercase());
}

#[test]
fn own_threads_memory_and_cpu() {
    let me = Process::current().expect("current");
    let (tx, rx) = std::sync::mpsc::channel();
    let before = me.num_threads().unwrap();
    let stop = std::sync::Arc::new(std::sync::Barrier::new(4));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (tx, stop) = (tx.clone(), stop.clone());
            // SAFETY: no arguments.
            std::thread::spawn(move || {
                tx.send(unsafe { GetCurrentThreadId() }).unwrap();
                stop.wait();
            })
        })
        .collect();
    let ids: Vec<u32> = (0..3).map(|_| rx.recv().unwrap()).collect();
    let listed: Vec<u32> = me.threads().unwrap().iter().map(|t| t.id).collect();
    let during = me.num_threads().unwrap();
    stop.wait();
    handles.into_iter().for_each(|h| h.join().unwrap());
    // Other tests of this binary may start or end threads meanwhile: ours are there.
    assert!(ids.iter().all(|id| listed.contains(id)), "{ids:?} in {listed:?}");
    assert!(during > ids.len() as u64, "{before} -> {during} threads");

    let m0 = me.memory_info().unwrap();
    let block = vec![1u8; 64 << 20];
    let m1 = me.memory_info().unwrap();
    assert!(m1.rss >= m0.rss + (60 << 20) || m1.rss > (64 << 20), "rss {} -> {}", m0.rss, m1.rss);
    assert!(m1.vms >= m0.vms + (60 << 20), "vms {} -> {}", m0.vms, m1.vms);
    drop(std::hint::black_box(block));

    // Burn 0.3 s of this thread's CPU (as GetThreadTimes counts it): the process's
    // times grow that much, less the ticks' rounding.
    let c0 = me.cpu_times().unwrap();
    let start = this_thread_cpu();
    let mut x = 0u64;
    while this_thread_cpu() - start < 0.3 {
        for _ in 0..100_000 {
            x = std::hint::black_box(x.wrapping_add(1));
        }
    }
    let c1 = me.cpu_times().unwrap();
    let burnt = (c1.user + c1.system) - (c0.user + c0.system);
    // Wine takes both from the host's 10 ms ticks, each read up to a tick behind.
    assert!(burnt >= 0.27, "burnt {burnt}");
    assert_eq!((c1.children_user, c1.children_system), (0.0, 0.0));
    assert!(thread_cpu(&me) > 0.3);
}

#[test]
fn own_maps_io_and_the_calls_wine_lacks() {
    let me = Process::current().expect("current");
    let exe_name = std::env::current_exe().unwrap().file_name().unwrap().to_string_lossy().to_lowercase();
    let maps = me.memory_maps(true).expect("memory_maps");
    assert!(maps.iter().any(|m| m.path.to_lowercase().ends_with(&exe_name)), "{exe_name} not mapped");
    assert!(me.num_ctx_switches().is_ok());
    let io = me.io_counters().expect("io_counters");
    let full = me.memory_full_info();
    let ionice = me.ionice();
    if under_wine() {
        // Wine 8.0: GetProcessIoCounters reports zeros; MemoryWorkingSetInformation and
        // ProcessIoPriority are STATUS_INVALID_INFO_CLASS, i.e. ERROR_INVALID_PARAMETER.
        assert_eq!((io.read_count, io.write_count, io.read_bytes, io.write_bytes), (0, 0, 0, 0));
        assert_eq!(full.expect_err("no USS under Wine").raw_os_error(), Some(87));
        assert_eq!(ionice.expect_err("no ionice under Wine").raw_os_error(), Some(87));
    } else {
        assert!(full.expect("memory_full_info").uss > 0);
        assert!(io.read_count > 0);
    }
    // Only SIGTERM (and the console events) are signals on Windows.
    assert!(matches!(me.send_signal(3), Err(Error::InvalidArgument(_))));
}

#[test]
fn child_lifecycle() {
    let before = now();
    let (mut guard, cwd, args) = spawn_child();
    let child = &mut guard.0;
    let after = now();
    let p = Process::new(child.id()).expect("child");
    let me = std::process::id();
    assert_eq!(p.ppid().unwrap(), me);
    assert!(Process::current().unwrap().children(false).unwrap().iter().any(|c| c.pid() == child.id()));
    let ct = p.create_time().unwrap();
    assert!(ct >= before - 0.05 && ct <= after + 0.05, "{before} <= {ct} <= {after}");
    // The child may still be starting: its PEB reads retry, as psutil's.
    let cmd = p.cmdline().unwrap();
    assert!(same_path(Path::new(&cmd[0]), &std::env::current_exe().unwrap()), "{cmd:?}");
    assert_eq!(&cmd[1..], &args[..]);
    // The PEB keeps the trailing separator; psutil's normpath drops it.
    let cwd = PathBuf::from(cwd.to_string_lossy().trim_end_matches('\\'));
    assert!(same_path(Path::new(&p.cwd().unwrap()), &cwd), "{:?} vs {cwd:?}", p.cwd());
    assert_eq!(p.environ().unwrap().get(CHILD_SWITCH), Some(CHILD_VALUE));
    assert!(same_path(Path::new(&p.exe().unwrap()), &std::env::current_exe().unwrap()));

    // Priority class and affinity, read back.
    assert_eq!(p.nice().unwrap(), NORMAL_PRIORITY_CLASS);
    p.set_nice(BELOW_NORMAL_PRIORITY_CLASS).unwrap();
    assert_eq!(p.nice().unwrap(), BELOW_NORMAL_PRIORITY_CLASS);
    assert_eq!((NORMAL_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS), (0x20, 0x4000), "psutil's values");
    let all: Vec<usize> = (0..psutil_rs::cpu_count(true).unwrap().unwrap()).collect();
    assert_eq!(p.cpu_affinity().unwrap(), all);
    p.set_cpu_affinity(&[0]).unwrap();
    assert_eq!(p.cpu_affinity().unwrap(), vec![0]);

    // It burns CPU; suspended, its threads' times stand still; resumed, they grow.
    std::thread::sleep(Duration::from_millis(300));
    p.suspend().unwrap();
    // Suspension takes effect asynchronously (under Wine, through its server): wait until
    // two reads 100 ms apart agree, then check that the times stand still for 0.5 s.
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut s0 = thread_cpu(&p);
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = thread_cpu(&p);
        let settled = (now - s0).abs() < 0.005;
        s0 = now;
        if settled || Instant::now() > deadline {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let s1 = thread_cpu(&p);
    assert!((s1 - s0).abs() < 0.02, "suspended: {s0} -> {s1}");
    if under_wine() {
        // Wine 8.0 reports no thread state: a suspended process still reads "running".
        assert_eq!(p.status().unwrap(), psutil_rs::ProcessStatus::Running);
    } else {
        assert_eq!(p.status().unwrap(), psutil_rs::ProcessStatus::Stopped);
    }
    p.resume().unwrap();
    // Resumed, it burns again (the machine may be busy: wait up to 10 s for 0.1 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut s2 = thread_cpu(&p);
    while s2 < s1 + 0.1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        s2 = thread_cpu(&p);
    }
    assert!(s2 >= s1 + 0.1, "resumed: {s1} -> {s2}");
    assert_eq!(p.status().unwrap(), psutil_rs::ProcessStatus::Running);

    // Still running: a zero timeout expires; then killed, its exit code is 15.
    assert!(matches!(p.wait(Some(Duration::ZERO)), Err(Error::TimeoutExpired { .. })));
    p.kill().unwrap();
    assert_eq!(p.wait(Some(Duration::from_secs(10))).unwrap(), Some(ExitStatus::Exited(15)));
    let std_status = child.wait().unwrap();
    assert_eq!(std_status.code(), Some(15));
    assert!(!p.is_running());
    let gone = Process::new(child.id());
    assert!(matches!(gone, Err(Error::NoSuchProcess { .. })), "{gone:?}");
}

/// Sockets this test opens are in the system tables with their addresses and states;
/// under Wine 8.0 every row's owner pid is 0, so our process's own list is empty.
#[test]
fn own_sockets_in_the_system_tables() {
    use psutil_rs::{ConnAddr, ConnStatus, ConnectionKind, SocketFamily, SocketType};
    let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = std::net::UdpSocket::bind("[::1]:0").unwrap();
    let (tport, uport) = (tcp.local_addr().unwrap().port(), udp.local_addr().unwrap().port());
    let all = psutil_rs::net_connections(ConnectionKind::Inet).expect("net_connections");
    let find = |port: u16| all.iter().find(|c| matches!(&c.laddr, ConnAddr::Inet(a) if a.port == port));
    let t = find(tport).expect("our TCP listener");
    assert_eq!(
        (t.family, t.r#type, t.status, &t.raddr),
        (SocketFamily::Inet, SocketType::Stream, ConnStatus::Listen, &ConnAddr::Empty)
    );
    assert!(matches!(&t.laddr, ConnAddr::Inet(a) if a.ip == "127.0.0.1"));
    let u = find(uport).expect("our UDP socket");
    assert_eq!((u.family, u.r#type, u.status), (SocketFamily::Inet6, SocketType::Dgram, ConnStatus::None));
    assert!(matches!(&u.laddr, ConnAddr::Inet(a) if a.ip == "::1"));
    let mine = Process::current().unwrap().net_connections(ConnectionKind::Inet).unwrap();
    if under_wine() {
        assert_eq!((t.pid, u.pid), (Some(0), Some(0)));
        assert!(mine.is_empty(), "{mine:?}");
    } else {
        assert_eq!((t.pid, u.pid), (Some(std::process::id()), Some(std::process::id())));
        assert_eq!(mine.len(), 2, "{mine:?}");
    }
}
