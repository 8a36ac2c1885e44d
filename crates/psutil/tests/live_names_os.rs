//! The byte-exact getters on live processes whose names and paths are not UTF-8, checked
//! against the kernel's files read another way (`readlink`, `/proc/PID/comm`, the raw
//! `/proc/PID/cmdline`) and against what the test itself created.
#![cfg(target_os = "linux")]

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use psutil_rs::{net_connections, ConnectionKind, Process};

/// A scratch directory that is not UTF-8, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = base.join(OsStr::from_bytes(b"d\xff\xfe"));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(base) = self.0.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn bytes(p: &Path) -> Vec<u8> {
    p.as_os_str().as_bytes().to_vec()
}

/// Polls until the child has exec'd: its exe link points at `exe` and its new command
/// line is set up (the link changes a moment before the arguments are in place).
fn wait_exec(pid: u32, exe: &Path) {
    for _ in 0..500 {
        let linked = std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|l| l == exe);
        let args = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if linked && args.starts_with(exe.as_os_str().as_bytes()) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("child {pid} did not exec {exe:?}");
}

/// Copies `/bin/sleep` with `cp`: a copy written by this process would leave its write fd
/// in any child another test thread forks meanwhile, and exec'ing the copy before that
/// child execs fails with ETXTBSY.
fn copy_sleep_to(exe: &std::path::Path) {
    let status = Command::new("cp").arg("/bin/sleep").arg(exe).status().expect("run cp");
    assert!(status.success(), "cp /bin/sleep: {status}");
}

#[test]
fn name_exe_cwd_cmdline_and_open_file_keep_their_bytes() {
    let dir = Scratch::new("live-names-os");
    let exe = dir.0.join(OsStr::from_bytes(b"sleep-\xff\xfe-long-name"));
    copy_sleep_to(&exe);
    let input = dir.0.join(OsStr::from_bytes(b"in-\xfd.txt"));
    std::fs::write(&input, b"x").expect("input file");
    let child = Command::new(&exe)
        .arg0(&exe)
        .arg("30")
        .current_dir(&dir.0)
        .stdin(std::fs::File::open(&input).expect("open input"))
        .spawn()
        .expect("spawn the copied sleep");
    let child = Kill(child);
    let pid = child.0.id();
    wait_exec(pid, &exe);
    let p = Process::new(pid).expect("process");

    // exe and cwd: the links read directly
    let exe_link = std::fs::read_link(format!("/proc/{pid}/exe")).expect("readlink exe");
    assert_eq!(p.exe_os().expect("exe_os"), exe_link);
    assert_eq!(bytes(&exe_link), bytes(&exe));
    assert_eq!(p.exe().expect("exe"), exe.to_string_lossy());
    let cwd_link = std::fs::read_link(format!("/proc/{pid}/cwd")).expect("readlink cwd");
    assert_eq!(p.cwd_os().expect("cwd_os"), cwd_link);
    assert_eq!(bytes(&cwd_link), bytes(&dir.0));
    assert_eq!(p.cwd().expect("cwd"), dir.0.to_string_lossy());

    // cmdline: the raw file split on NUL
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).expect("cmdline");
    let want: Vec<OsString> = raw
        .strip_suffix(b"\0")
        .unwrap_or(&raw)
        .split(|&b| b == 0)
        .map(|a| OsString::from_vec(a.to_vec()))
        .collect();
    assert_eq!(p.cmdline_os().expect("cmdline_os"), want);
    assert_eq!(want, [exe.clone().into_os_string(), OsString::from("30")]);
    let lossy: Vec<String> = want.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    assert_eq!(p.cmdline().expect("cmdline"), lossy);

    // name: /proc/PID/comm holds the first 15 bytes; the long-name rule gives the basename
    let comm = std::fs::read(format!("/proc/{pid}/comm")).expect("comm");
    let comm = comm.strip_suffix(b"\n").unwrap_or(&comm);
    assert_eq!(comm, &b"sleep-\xff\xfe-long-name"[..15]);
    let name = p.name_os().expect("name_os");
    assert_eq!(name.as_bytes(), b"sleep-\xff\xfe-long-name");
    assert!(name.as_bytes().starts_with(comm));
    assert_eq!(p.name_os().expect("name_os again"), name, "a second call (stat read directly)");
    assert_eq!(p.oneshot(|p| p.name_os()).expect("name_os in oneshot"), name);
    assert_eq!(p.name().expect("name"), name.to_string_lossy());

    // open_files: fd 0 is the input file, as its fd link says
    let fd0 = std::fs::read_link(format!("/proc/{pid}/fd/0")).expect("readlink fd 0");
    assert_eq!(bytes(&fd0), bytes(&input));
    let files = p.open_files().expect("open_files");
    let f = files.iter().find(|f| f.fd == 0).unwrap_or_else(|| panic!("fd 0 in {files:?}"));
    assert_eq!(f.path_os(), fd0);
    assert_eq!(f.path, input.to_string_lossy());

    // memory_maps: the executable's mapping carries its exact path
    let maps = p.memory_maps(true).expect("memory_maps");
    assert!(maps.iter().any(|m| m.path_os() == exe_link), "{maps:?}");
    assert!(maps.iter().any(|m| m.path == exe.to_string_lossy()), "{maps:?}");
}

#[test]
fn unix_socket_path_keeps_its_bytes() {
    let dir = Scratch::new("live-unix-os");
    let path = dir.0.join(OsStr::from_bytes(b"s\xff.sock"));
    let _listener = std::os::unix::net::UnixListener::bind(&path).expect("bind");
    let me = std::process::id();
    // /proc/net/unix is read in several reads; sockets other tests open or close
    // meanwhile can shift the kernel's position and hide a row from one listing.
    let listed = || {
        let rows = net_connections(ConnectionKind::Unix).expect("net_connections");
        rows.into_iter().filter(|c| c.pid == Some(me)).collect::<Vec<_>>()
    };
    let mut mine = listed();
    for _ in 0..5 {
        if mine.iter().any(|c| c.laddr.unix_path() == Some(path.as_os_str())) {
            break;
        }
        mine = listed();
    }
    assert!(mine.iter().any(|c| c.laddr.unix_path() == Some(path.as_os_str())), "{mine:?}");
    let own = Process::current().expect("me").net_connections(ConnectionKind::Unix).expect("own");
    assert!(own.iter().any(|c| c.laddr.unix_path() == Some(path.as_os_str())), "{own:?}");
}

/// The comm between the first `(` and the last `)` of a raw `/proc/PID/stat`.
fn stat_comm(pid: u32) -> Vec<u8> {
    let stat = std::fs::read(format!("/proc/{pid}/stat")).expect("stat");
    let open = stat.iter().position(|&b| b == b'(').expect("'(' in stat");
    let close = stat.iter().rposition(|&b| b == b')').expect("')' in stat");
    stat[open + 1..close].to_vec()
}

#[test]
fn a_short_name_is_the_stat_comm_inside_and_outside_oneshot() {
    // Outside oneshot the name of a short comm comes from /proc/PID/comm, inside from the
    // shared stat read: both must give stat's bytes, spaces, parens, newline and all.
    let dir = Scratch::new("live-short-name");
    let exe = dir.0.join(OsStr::from_bytes(b"a) (b\n\xff c"));
    copy_sleep_to(&exe);
    let child = Kill(Command::new(&exe).arg0(&exe).arg("30").spawn().expect("spawn the copied sleep"));
    let pid = child.0.id();
    wait_exec(pid, &exe);
    let p = Process::new(pid).expect("process");
    let want = stat_comm(pid);
    assert_eq!(want, b"a) (b\n\xff c");
    assert_eq!(p.name_os().expect("name_os").as_bytes(), &want[..]);
    let inside = p.oneshot(|p| p.name_os().expect("name_os in oneshot"));
    assert_eq!(inside.as_bytes(), &want[..]);
    assert_eq!(p.name().expect("name"), String::from_utf8_lossy(&want));
}

#[test]
fn every_name_outside_oneshot_is_the_one_inside() {
    // All processes, kernel threads included: the comm file and the stat read agree. A
    // name may change between two reads (a kworker's names the work it runs), so a
    // process fails only when five pairs of reads in a row disagree.
    let mut compared = 0;
    for p in psutil_rs::process_iter().expect("process_iter") {
        let mut last = None;
        for _ in 0..5 {
            match (p.name_os(), p.oneshot(|p| p.name_os())) {
                (Ok(outside), Ok(inside)) if outside == inside => {
                    last = None;
                    compared += 1;
                    break;
                }
                (Ok(outside), Ok(inside)) => last = Some((outside, inside)),
                _ => {
                    last = None; // gone, or not ours to read
                    break;
                }
            }
        }
        assert!(last.is_none(), "pid {}: outside vs inside oneshot {last:?}", p.pid());
    }
    assert!(compared > 10, "only {compared} processes compared");
}
