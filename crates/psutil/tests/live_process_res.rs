//! Live checks of a process's resources against independent sources: `ls -l` of the fd
//! directory, `fdinfo` and `smaps_rollup` read directly, `pmap -x`, `ps -L`, `free -b`.
//!
//! Most checks run on a helper child: this test binary re-executed with `PRES_HELPER` set,
//! which opens files with known modes and offsets, maps anonymous memory, starts threads,
//! prints `PRES-READY` and then idles until its stdin closes, so its state is stable.
#![cfg(target_os = "linux")]

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use psutil_rs::os::linux::{IoCountersExt, MemoryFullInfoExt, MemoryMapExt, OpenFileExt};
use psutil_rs::{MemType, Process};

const HELPER_THREADS: usize = 3;
const ANON_BYTES: usize = 8 << 20;

/// The helper body. Does nothing unless run as the helper child.
#[test]
#[ignore = "helper child for the other tests (runs only with PRES_HELPER set)"]
fn helper_child() {
    let Some(dir) = std::env::var_os("PRES_HELPER").map(PathBuf::from) else {
        return;
    };
    let mut a = File::open(dir.join("a")).unwrap();
    let mut buf = [0u8; 3];
    a.read_exact(&mut buf).unwrap();
    let mut b = File::create(dir.join("b")).unwrap();
    b.write_all(b"hello").unwrap();
    let mut c = OpenOptions::new().append(true).open(dir.join("c")).unwrap();
    c.write_all(b"xy").unwrap();
    let mut d = OpenOptions::new().read(true).write(true).open(dir.join("d")).unwrap();
    d.write_all(b"1234").unwrap();
    let mut e = OpenOptions::new().read(true).append(true).open(dir.join("e")).unwrap();
    e.seek(SeekFrom::Start(2)).unwrap();
    let mut anon = vec![0u8; ANON_BYTES];
    for (i, x) in anon.iter_mut().enumerate() {
        *x = (i % 251) as u8 + 1;
    }
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    // Every thread has started and done its first allocation (its malloc arena exists)
    // before the helper reports ready, so its memory no longer moves.
    let started = std::sync::Arc::new(std::sync::Barrier::new(HELPER_THREADS + 1));
    let handles: Vec<_> = (0..HELPER_THREADS)
        .map(|_| {
            let rx = rx.clone();
            let started = started.clone();
            std::thread::spawn(move || {
                let warm = std::hint::black_box(vec![1u8; 4096]);
                started.wait();
                let _ = rx.lock().map(|r| r.recv());
                drop(warm);
            })
        })
        .collect();
    started.wait();
    std::thread::sleep(Duration::from_millis(50));
    println!("PRES-READY");
    std::io::stdout().flush().unwrap();
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(tx);
    for h in handles {
        let _ = h.join();
    }
    assert!(anon.iter().all(|&x| x != 0));
    drop((a, b, c, d, e));
}

/// This test binary, to run as the helper. Under an emulator that the kernel cannot start
/// by itself (qemu-user without binfmt_misc, scripts/test.d/55-aarch64.sh), the
/// `PSUTIL_RS_TEST_EXEC_WRAPPER` command (words split on spaces) runs it instead.
fn helper_command() -> Command {
    let exe = std::env::current_exe().unwrap();
    match std::env::var("PSUTIL_RS_TEST_EXEC_WRAPPER") {
        Ok(wrapper) if !wrapper.trim().is_empty() => {
            let mut words = wrapper.split_whitespace();
            let mut cmd = Command::new(words.next().unwrap());
            cmd.args(words).arg(exe);
            cmd
        }
        _ => Command::new(exe),
    }
}

struct Helper {
    child: Child,
    dir: PathBuf,
}

impl Helper {
    fn start(tag: &str) -> Helper {
        let dir = std::env::temp_dir().join(format!("pres-live-{}-{tag}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a"), b"abcdefgh").unwrap();
        fs::write(dir.join("c"), b"0123456789").unwrap();
        fs::write(dir.join("d"), b"").unwrap();
        fs::write(dir.join("e"), b"seven77").unwrap();
        let mut child = helper_command()
            .args(["--exact", "helper_child", "--ignored", "--nocapture", "--test-threads=1"])
            .env("PRES_HELPER", &dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        // A reader thread: signals the ready line, then keeps draining the pipe.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                match line {
                    Ok(l) if l.contains("PRES-READY") => {
                        let _ = tx.send(());
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        });
        if rx.recv_timeout(Duration::from_secs(60)).is_err() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("helper did not get ready within 60 s");
        }
        Helper { child, dir }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn run(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// fd → target from `ls -l /proc/PID/fd` (an independent reader of the links).
fn ls_fds(pid: u32) -> BTreeMap<i32, String> {
    let out = run("ls", &["-l", &format!("/proc/{pid}/fd")]).expect("ls -l works");
    out.lines()
        .filter_map(|l| {
            let (left, target) = l.split_once(" -> ")?;
            let fd = left.split_whitespace().last()?.parse().ok()?;
            Some((fd, target.to_string()))
        })
        .collect()
}

/// (pos, flags) of `cat /proc/PID/fdinfo/FD`.
fn cat_fdinfo(pid: u32, fd: i32) -> (u64, i32) {
    let out = run("cat", &[&format!("/proc/{pid}/fdinfo/{fd}")]).expect("cat fdinfo");
    let get = |key: &str| out.lines().find_map(|l| l.strip_prefix(key)).map(str::trim).unwrap().to_string();
    (get("pos:").parse().unwrap(), i32::from_str_radix(&get("flags:"), 8).unwrap())
}

#[test]
fn open_files_match_ls_and_fdinfo() {
    let h = Helper::start("files");
    let p = Process::new(h.pid()).unwrap();
    let files = p.open_files().unwrap();
    // Every regular file that `ls -l` shows, and nothing else.
    let expected: BTreeSet<(i32, String)> =
        ls_fds(h.pid()).into_iter().filter(|(_, t)| t.starts_with('/') && Path::new(t).is_file()).collect();
    let got: BTreeSet<(i32, String)> = files.iter().map(|f| (f.fd, f.path.clone())).collect();
    assert_eq!(got, expected);
    for f in &files {
        assert_eq!((f.position(), f.flags()), cat_fdinfo(h.pid(), f.fd), "{f:?}");
    }
    let by_name = |n: &str| {
        let path = h.dir.join(n).display().to_string();
        files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{n} not listed in {files:?}"))
    };
    let want = [("a", "r", 3), ("b", "w", 5), ("c", "a", 12), ("d", "r+", 4), ("e", "a+", 2)];
    for (n, mode, pos) in want {
        let f = by_name(n);
        assert_eq!((f.mode(), f.position()), (mode, pos), "{n}");
    }
    // num_fds against `ls /proc/PID/fd | wc -l`.
    let out = run("sh", &["-c", &format!("ls /proc/{}/fd | wc -l", h.pid())]).unwrap();
    assert_eq!(p.num_fds().unwrap(), out.trim().parse::<usize>().unwrap());
}

/// A private directory for `tag` holding one file with `bytes`: (directory, file).
fn scratch_file(tag: &str, bytes: &[u8]) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("pres-{tag}-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(tag);
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn own_open_file_is_listed() {
    let (dir, path) = scratch_file("own", b"0123456789");
    let mut f = OpenOptions::new().read(true).append(true).open(&path).unwrap();
    f.seek(SeekFrom::Start(7)).unwrap();
    let files = Process::current().unwrap().open_files().unwrap();
    let mine = files.iter().find(|o| Path::new(&o.path) == path).expect("listed");
    assert_eq!((mine.mode(), mine.position()), ("a+", 7));
    assert_eq!(mine.flags() & libc::O_APPEND, libc::O_APPEND);
    drop(f);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn open_file_with_a_name_that_is_not_utf8_is_listed() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let dir = std::env::temp_dir().join(format!("pres-raw-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9-\xff"));
    let f = File::create(&path).unwrap();
    let files = Process::current().unwrap().open_files().unwrap();
    let mine = files.iter().find(|o| o.fd == f.as_raw_fd()).expect("the non-UTF-8 file is listed");
    assert_eq!(mine.path, path.to_string_lossy(), "lossy UTF-8 of the real name");
    drop(f);
    fs::remove_dir_all(&dir).unwrap();
}

/// start address → (Kbytes, RSS kB).
type PmapRows = BTreeMap<u64, (u64, u64)>;

/// The rows and the total line (Kbytes, RSS kB) of `pmap -x PID`.
fn pmap_x(pid: u32) -> Option<(PmapRows, (u64, u64))> {
    let out = run("pmap", &["-x", &pid.to_string()])?;
    let mut rows = BTreeMap::new();
    let mut total = None;
    for l in out.lines() {
        let t: Vec<&str> = l.split_whitespace().collect();
        if t.first() == Some(&"total") && t.len() >= 4 {
            total = Some((t[2].parse().ok()?, t[3].parse().ok()?));
        } else if t.len() >= 3 {
            if let (Ok(a), Ok(k), Ok(r)) = (u64::from_str_radix(t[0], 16), t[1].parse(), t[2].parse()) {
                rows.insert(a, (k, r));
            }
        }
    }
    Some((rows, total?))
}

#[test]
fn memory_maps_match_pmap() {
    let h = Helper::start("maps");
    let p = Process::new(h.pid()).unwrap();
    let Some((rows, (total_kb, total_rss))) = pmap_x(h.pid()) else {
        panic!("pmap -x failed (procps is a test dependency)");
    };
    let maps = p.memory_maps(false).unwrap();
    // A second pmap after ours: a mapping's RSS may still move a little (the kernel
    // reclaims or faults in pages of an idle process), so ours is bracketed by the two.
    let (rows_after, _) = pmap_x(h.pid()).expect("pmap -x, second read");
    let ours: BTreeMap<u64, (u64, u64)> = maps
        .iter()
        .map(|m| {
            let start = m.addr.as_deref().unwrap().split('-').next().unwrap();
            (u64::from_str_radix(start, 16).unwrap(), (m.size() / 1024, m.rss / 1024))
        })
        .collect();
    // Each mapping pmap shows has the same size, and an RSS between pmap's two readings.
    for (addr, (k, r)) in &rows {
        let (ok, or) = ours.get(addr).unwrap_or_else(|| panic!("{addr:x} missing"));
        assert_eq!(ok, k, "size of {addr:x}");
        let r2 = rows_after.get(addr).map_or(*r, |&(_, r2)| r2);
        let (lo, hi) = (r.min(&r2).saturating_sub(8), r.max(&r2) + 8);
        assert!((lo..=hi).contains(or), "rss of {addr:x}: {or} not within pmap's {r} and {r2}");
    }
    let size: u64 = maps.iter().map(|m| m.size()).sum::<u64>() / 1024;
    let rss: u64 = maps.iter().map(|m| m.rss).sum::<u64>() / 1024;
    assert!(size.abs_diff(total_kb) <= total_kb / 100 + 8, "size {size} vs pmap {total_kb}");
    assert!(rss.abs_diff(total_rss) <= total_rss / 50 + 64, "rss {rss} vs pmap {total_rss}");
    // Grouped: one row per path, same totals, first-seen order.
    let grouped = p.memory_maps(true).unwrap();
    let paths: Vec<&str> = grouped.iter().map(|m| m.path.as_str()).collect();
    let mut first_seen: Vec<&str> = Vec::new();
    for m in &maps {
        if !first_seen.contains(&m.path.as_str()) {
            first_seen.push(&m.path);
        }
    }
    assert_eq!(paths, first_seen);
    assert_eq!(grouped.iter().map(|m| m.size()).sum::<u64>(), size * 1024);
    assert!(grouped.iter().all(|m| m.addr.is_none() && m.perms.is_none()));
    // The helper's anonymous 8 MiB are resident somewhere in an anonymous mapping.
    let anon_rss: u64 = maps.iter().filter(|m| !m.path.starts_with('/')).map(|m| m.rss).sum();
    assert!(anon_rss >= ANON_BYTES as u64, "anon rss {anon_rss}");
    let exe = fs::read_link(format!("/proc/{}/exe", h.pid())).unwrap();
    assert!(paths.contains(&exe.to_str().unwrap()), "{paths:?}");
}

/// uss, pss and swap from `smaps_rollup` read with a plain line parser of the test's own.
fn rollup(pid: u32) -> (u64, u64, u64) {
    let s = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap();
    let kb = |l: &str| l.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024;
    let uss = s.lines().filter(|l| l.starts_with("Private_")).map(kb).sum();
    let pss = s.lines().find(|l| l.starts_with("Pss:")).map(kb).unwrap();
    let swap = s.lines().find(|l| l.starts_with("Swap:")).map(kb).unwrap();
    (uss, pss, swap)
}

/// The holder that `scripts/test-swap.py` starts for the test steps (PSUTIL_RS_TEST_SWAP_PID)
/// has 16 MiB written out to swap: its swap is `smaps_rollup`'s and `status`'s, read by
/// the test before and after. Without it (no root, or run outside the steps) there is no
/// process known to have swap.
#[test]
fn swap_of_a_swapped_out_process_matches_rollup_and_status() {
    let Ok(pid) = std::env::var("PSUTIL_RS_TEST_SWAP_PID") else {
        eprintln!("PSUTIL_RS_TEST_SWAP_PID is not set (no swap holder was started): nothing to look at");
        return;
    };
    let pid: u32 = pid.parse().unwrap();
    let status_swap = || {
        let s = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let line = s.lines().find(|l| l.starts_with("VmSwap:")).unwrap().to_owned();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
    };
    let (before, status_before) = (rollup(pid), status_swap());
    let full = Process::new(pid).unwrap().memory_full_info().unwrap();
    let (after, status_after) = (rollup(pid), status_swap());
    let swap = full.swap();
    assert!(swap >= 8 << 20, "{full:?}");
    assert!(before.2.min(after.2) <= swap && swap <= before.2.max(after.2), "{swap} vs {before:?} {after:?}");
    assert!(status_before.min(status_after) <= swap && swap <= status_before.max(status_after));
}

#[test]
fn memory_full_info_matches_rollup() {
    let h = Helper::start("full");
    let p = Process::new(h.pid()).unwrap();
    let before = rollup(h.pid());
    // One oneshot: memory_full_info's rss/vms come from the same statm read as memory_info.
    let (full, info) =
        p.oneshot(|p| Ok::<_, psutil_rs::Error>((p.memory_full_info()?, p.memory_info()?))).unwrap();
    let after = rollup(h.pid());
    assert!(before.0.min(after.0) <= full.uss && full.uss <= before.0.max(after.0));
    assert!(before.1.min(after.1) <= full.pss() && full.pss() <= before.1.max(after.1));
    assert_eq!(full.swap(), after.2);
    assert!(full.uss <= full.rss && full.pss() <= full.rss, "{full:?}");
    assert!(full.uss >= ANON_BYTES as u64);
    assert_eq!((full.vms, full.rss), (info.vms, info.rss));
    // memory_percent: rss / MemTotal (free -b's total) * 100, unrounded.
    let total: u64 = run("free", &["-b"])
        .and_then(|o| {
            o.lines().find(|l| l.starts_with("Mem:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .expect("free -b");
    let pct = p.memory_percent(MemType::Rss).unwrap();
    let rss = p.memory_info().unwrap().rss;
    assert!((pct - rss as f64 / total as f64 * 100.0).abs() < 1e-9 + 0.01, "{pct}");
    let uss_pct = p.memory_percent(MemType::Uss).unwrap();
    assert!(uss_pct > 0.0 && uss_pct <= pct + 0.01);
    assert_eq!(p.memory_percent(MemType::Lib).unwrap(), 0.0);
}

#[test]
fn threads_match_task_dir_and_ps() {
    let h = Helper::start("threads");
    let p = Process::new(h.pid()).unwrap();
    let threads = p.threads().unwrap();
    let ids: Vec<u32> = threads.iter().map(|t| t.id).collect();
    let mut task: Vec<String> = run("ls", &[&format!("/proc/{}/task", h.pid())])
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    task.sort();
    let task_ids: Vec<u32> = task.iter().map(|t| t.parse().unwrap()).collect();
    assert_eq!(ids, task_ids, "sorted as strings");
    let ps: BTreeSet<u32> = run("ps", &["-L", "-o", "lwp=", "-p", &h.pid().to_string()])
        .unwrap()
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect();
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), ps);
    assert!(ids.len() > HELPER_THREADS);
    assert_eq!(ids.len() as u64, p.num_threads().unwrap());
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    for t in &threads {
        let stat = fs::read_to_string(format!("/proc/{}/task/{}/stat", h.pid(), t.id)).unwrap();
        let f: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
        let (u, s): (f64, f64) = (f[11].parse().unwrap(), f[12].parse().unwrap());
        // The helper is idle: its times do not move between the two reads.
        assert!((t.user_time - u / ticks).abs() <= 0.02 && (t.system_time - s / ticks).abs() <= 0.02);
    }
}

#[test]
fn single_threaded_threads_in_as_dict_match_ps() {
    // `as_dict` reads status first (num_threads), then takes the one-thread shortcut.
    let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
    let pid = child.id();
    let p = Process::new(pid).unwrap();
    let info = p.as_dict(&[psutil_rs::Attr::NumThreads, psutil_rs::Attr::Threads]).unwrap();
    let Some(psutil_rs::AttrValue::Threads(threads)) = info.value(psutil_rs::Attr::Threads) else {
        panic!("no threads in {info:?}");
    };
    let ps: Vec<u32> = run("ps", &["-L", "-o", "lwp=", "-p", &pid.to_string()])
        .unwrap()
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect();
    assert_eq!(threads.iter().map(|t| t.id).collect::<Vec<_>>(), ps);
    assert_eq!(threads, &p.threads().unwrap(), "same as a listing of task/");
    let _ = child.kill();
    let _ = child.wait();
}

fn proc_io(pid: u32) -> BTreeMap<String, u64> {
    fs::read_to_string(format!("/proc/{pid}/io"))
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(": ")?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn io_counters_bracket_a_known_write() {
    let me = Process::current().unwrap();
    let dir = std::env::temp_dir().join(format!("pres-io-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    const N: usize = 100_000;
    let before_oracle = proc_io(std::process::id());
    let before = me.io_counters().unwrap();
    let mid_oracle = proc_io(std::process::id());
    fs::write(dir.join("blob"), vec![7u8; N]).unwrap();
    let after = me.io_counters().unwrap();
    let after_oracle = proc_io(std::process::id());
    assert!(after.write_chars() - before.write_chars() >= N as u64);
    assert!(after.write_count > before.write_count);
    for (name, v) in [
        ("syscr", before.read_count),
        ("syscw", before.write_count),
        ("read_bytes", before.read_bytes),
        ("write_bytes", before.write_bytes),
        ("rchar", before.read_chars()),
        ("wchar", before.write_chars()),
    ] {
        assert!(before_oracle[name] <= v && v <= mid_oracle[name], "{name}");
    }
    for (name, v) in [("syscw", after.write_count), ("wchar", after.write_chars())] {
        assert!(mid_oracle[name] <= v && v <= after_oracle[name], "{name}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

fn wait_state(pid: u32, state: char) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let s = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if s.rfind(')').and_then(|i| s[i + 2..].chars().next()) == Some(state) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("pid {pid} never reached state {state}");
}

#[test]
fn zombie_and_gone_process() {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    wait_state(pid, 'Z');
    let p = Process::new(pid).unwrap();
    assert!(p.memory_maps(true).unwrap_err().is_zombie());
    let full = p.memory_full_info().unwrap();
    assert_eq!((full.uss, full.pss(), full.swap(), full.rss), (0, 0, 0, 0));
    assert_eq!(p.num_fds().unwrap(), 0);
    assert!(p.open_files().unwrap().is_empty());
    assert_eq!(p.threads().unwrap().len(), 1);
    assert_eq!(p.io_counters().unwrap().write_count, 0);
    assert_eq!(p.memory_percent(MemType::Rss).unwrap(), 0.0);
    child.wait().unwrap();
    assert!(p.memory_maps(false).unwrap_err().is_no_such_process());
    assert!(p.memory_full_info().unwrap_err().is_no_such_process());
    assert!(p.open_files().unwrap_err().is_no_such_process());
    assert!(p.num_fds().unwrap_err().is_no_such_process());
    assert!(p.threads().unwrap_err().is_no_such_process());
    assert!(p.io_counters().unwrap_err().is_no_such_process());
    assert!(p.memory_percent(MemType::Uss).unwrap_err().is_no_such_process());
}

/// `num_fds` (the fd directory's size on Linux 6.2+, else a listing) equals a listing of
/// `/proc/PID/fd` for every process whose fds stay put across the read, including one
/// with hundreds of fds.
#[test]
fn num_fds_equals_the_fd_listing_everywhere() {
    let held: Vec<File> = (0..300).filter_map(|_| File::open("/dev/null").ok()).collect();
    let count = |pid: u32| fs::read_dir(format!("/proc/{pid}/fd")).ok().map(|d| d.count());
    let mut compared = 0;
    // Our own fds move with the tests running beside this one: checked apart, below.
    for pid in psutil_rs::pids().unwrap().into_iter().filter(|&pid| pid != std::process::id()) {
        let Ok(p) = Process::new(pid) else { continue };
        let before = count(pid);
        let got = p.num_fds().ok();
        if before.is_some() && before == count(pid) {
            assert_eq!(got, before, "pid {pid}");
            compared += 1;
        }
    }
    assert!(compared > 1);
    // Our own count includes the fd that lists the directory, as psutil's does. Other
    // tests of this binary open and close fds meanwhile: the count must equal a listing
    // made while the table stood still (the same count before and after ours).
    let own = Process::current().unwrap();
    let agreed = (0..50).any(|_| {
        let before = count(std::process::id());
        let ours = own.num_fds().ok();
        before == count(std::process::id()) && ours == before
    });
    assert!(agreed, "own fds with {} held never matched a steady listing", held.len());
    let mut kid = Command::new("sleep").arg("30").stdin(Stdio::null()).stdout(Stdio::null()).spawn().unwrap();
    // The child's table settles once its exec has closed the inherited descriptors; under
    // user-mode emulation (qemu) that can still be under way when spawn returns.
    let child = Process::new(kid.id()).unwrap();
    let mut seen = Vec::new();
    let settled = (0..100).any(|_| {
        let before = count(kid.id());
        let n = child.num_fds().ok();
        let after = count(kid.id());
        seen.push((before, n, after));
        std::thread::sleep(Duration::from_millis(20));
        before == after && n == before
    });
    let _ = kid.kill();
    let _ = kid.wait();
    assert!(settled, "a sleeping child: (listing, num_fds, listing) {seen:?}");
}

/// uss, pss and swap summed over every mapping of `/proc/PID/smaps` with the test's own
/// line parser (psutil's algorithm on kernels without `smaps_rollup`), and the number of
/// mappings.
fn smaps_sums(pid: u32) -> ((u64, u64, u64), u64) {
    let s = fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap();
    let kb = |l: &str| l.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024;
    let sum = |pred: &dyn Fn(&str) -> bool| s.lines().filter(|l| pred(l)).map(kb).sum::<u64>();
    let uss = sum(&|l| l.starts_with("Private"));
    let pss = sum(&|l| l.starts_with("Pss:"));
    let swap = sum(&|l| l.starts_with("Swap:"));
    let maps = s.lines().filter(|l| l.starts_with("Size:")).count() as u64;
    ((uss, pss, swap), maps)
}

/// One `as_dict` reads `smaps` once for `memory_maps` and `memory_full_info`, and the fd
/// links once for `open_files`, `net_connections` and `num_fds`: each value is still the
/// one the getter gives alone, checked against `smaps`, `smaps_rollup` and `ls` read by
/// the test.
#[test]
fn one_as_dict_shares_the_smaps_and_fd_reads() {
    use psutil_rs::{Attr, AttrValue};
    let h = Helper::start("shared");
    let p = Process::new(h.pid()).unwrap();
    let (sums_before, maps) = smaps_sums(h.pid());
    let rollup_before = rollup(h.pid());
    let attrs = [Attr::MemoryFullInfo, Attr::MemoryMaps, Attr::NumFds, Attr::OpenFiles, Attr::NetConnections];
    let info = p.as_dict(&attrs).unwrap();
    let (sums_after, _) = smaps_sums(h.pid());
    let rollup_after = rollup(h.pid());
    assert_eq!(info.iter().map(|(a, _)| a).collect::<Vec<_>>(), attrs, "request order kept");

    let Some(AttrValue::MemoryFullInfo(full)) = info.value(Attr::MemoryFullInfo) else { panic!("{info:?}") };
    let within = |v: u64, a: u64, b: u64| a.min(b) <= v && v <= a.max(b);
    assert!(within(full.uss, sums_before.0, sums_after.0), "uss {} vs smaps {sums_before:?}", full.uss);
    assert!(within(full.swap(), sums_before.2, sums_after.2));
    // The rollup (what memory_full_info reads alone) agrees on uss to the byte.
    assert!(
        within(full.uss, rollup_before.0, rollup_after.0),
        "uss {} vs rollup {rollup_before:?}",
        full.uss
    );
    // pss is a gauge: a page shared with a process that starts or exits meanwhile (the
    // helper shares its executable and libraries) changes it between any two reads, so
    // it is compared within 5% (or 256 kB) of the bracket; against the rollup also within
    // the kernel's rounding of each mapping down to a kB.
    let near = |v: u64, a: u64, b: u64, slack: u64| {
        let tol = (a.max(b) / 20).max(256 * 1024) + slack;
        a.min(b).saturating_sub(tol) <= v && v <= a.max(b) + tol
    };
    assert!(near(full.pss(), sums_before.1, sums_after.1, 0), "pss {} vs smaps {sums_before:?}", full.pss());
    assert!(near(full.pss(), rollup_before.1, rollup_after.1, maps * 1024), "pss {} vs rollup", full.pss());
    let Some(AttrValue::MemoryMaps(rows)) = info.value(Attr::MemoryMaps) else { panic!("{info:?}") };
    assert_eq!(rows.iter().map(|m| m.path.clone()).collect::<BTreeSet<_>>().len(), rows.len());

    let Some(AttrValue::OpenFiles(files)) = info.value(Attr::OpenFiles) else { panic!("{info:?}") };
    let key = |f: &psutil_rs::OpenFile| (f.fd, f.path.clone(), f.position(), f.flags());
    let alone: BTreeSet<_> = p.open_files().unwrap().iter().map(key).collect();
    assert_eq!(files.iter().map(key).collect::<BTreeSet<_>>(), alone);
    assert_eq!(files.len(), 5, "{files:?}");
    let listed = run("sh", &["-c", &format!("ls /proc/{}/fd | wc -l", h.pid())]).unwrap();
    assert_eq!(info.value(Attr::NumFds), Some(&AttrValue::Count(listed.trim().parse().unwrap())));
    let Some(AttrValue::Connections(conns)) = info.value(Attr::NetConnections) else { panic!("{info:?}") };
    assert_eq!(conns, &p.net_connections(psutil_rs::ConnectionKind::Inet).unwrap());
}

/// The kernel's `PF_KTHREAD` bit of `/proc/PID/stat` (field 9), read by the test.
fn is_kernel_thread(pid: u32) -> Option<bool> {
    let stat = fs::read(format!("/proc/{pid}/stat")).ok()?;
    let close = stat.iter().rposition(|&b| b == b')')?;
    let fields: Vec<&[u8]> =
        stat[close + 1..].split(|b| b.is_ascii_whitespace()).filter(|f| !f.is_empty()).collect();
    let state = *fields.first()?;
    let flags: u64 = std::str::from_utf8(fields.get(6)?).ok()?.parse().ok()?;
    Some(flags & 0x0020_0000 != 0 && state != b"Z")
}

/// A kernel thread's address-space files are not read inside `as_dict` (stat's flags say
/// the kernel has none to show): the values still equal those files, read by the test.
#[test]
fn kernel_threads_in_as_dict_match_their_files() {
    use psutil_rs::{Attr, AttrValue};
    let attrs =
        [Attr::Name, Attr::Cmdline, Attr::Environ, Attr::MemoryInfo, Attr::MemoryFullInfo, Attr::MemoryMaps];
    let mut checked = 0;
    for pid in psutil_rs::pids().unwrap() {
        if is_kernel_thread(pid) != Some(true) {
            continue;
        }
        let Ok(info) = Process::new(pid).and_then(|p| p.as_dict(&attrs)) else { continue };
        if is_kernel_thread(pid) != Some(true) {
            continue;
        }
        assert_eq!(fs::read(format!("/proc/{pid}/cmdline")).unwrap(), b"", "pid {pid}");
        assert_eq!(info.value(Attr::Cmdline), Some(&AttrValue::OsStrList(Vec::new())), "pid {pid}");
        let environ = fs::read(format!("/proc/{pid}/environ"));
        assert!(environ.as_ref().map_or(true, |e| e.is_empty()), "pid {pid}: {environ:?}");
        assert!(matches!(info.value(Attr::Environ), Some(AttrValue::Env(e)) if e.is_empty()), "pid {pid}");
        assert_eq!(fs::read_to_string(format!("/proc/{pid}/statm")).unwrap().trim(), "0 0 0 0 0 0 0");
        let Some(AttrValue::MemoryInfo(m)) = info.value(Attr::MemoryInfo) else {
            panic!("pid {pid}: {info:?}")
        };
        assert_eq!((m.rss, m.vms), (0, 0), "pid {pid}");
        assert_eq!(fs::read(format!("/proc/{pid}/smaps")).unwrap(), b"", "pid {pid}");
        assert_eq!(info.value(Attr::MemoryMaps), Some(&AttrValue::MemoryMaps(Vec::new())), "pid {pid}");
        let Some(AttrValue::MemoryFullInfo(f)) = info.value(Attr::MemoryFullInfo) else {
            panic!("pid {pid}")
        };
        assert_eq!((f.uss, f.pss(), f.swap(), f.rss), (0, 0, 0, 0), "pid {pid}");
        checked += 1;
    }
    if checked == 0 {
        println!("skipped: no kernel thread is visible here (a pid namespace?)");
    }
}

/// Inside a plain `oneshot`, `open_files` and `num_fds` read the fd links afresh on every
/// call, as psutil's do (its oneshot does not cache them); only an `as_dict` snapshot
/// shares one read between them.
#[test]
fn oneshot_reads_the_fd_links_afresh_for_each_call() {
    let (dir, path) = scratch_file("afresh", b"x");
    let listed = |files: &[psutil_rs::OpenFile]| files.iter().any(|f| Path::new(&f.path) == path);
    let p = Process::current().unwrap();
    p.oneshot(|p| {
        assert!(!listed(&p.open_files().unwrap()));
        let held = File::open(&path).unwrap();
        assert!(listed(&p.open_files().unwrap()), "a file opened inside the oneshot is seen");
        let with = p.num_fds().unwrap();
        drop(held);
        assert!(!listed(&p.open_files().unwrap()), "and its closing too");
        // Other test threads open and close fds meanwhile: only a lower bound is sure.
        assert!(with >= 1);
    });
    let _ = fs::remove_dir_all(&dir);
}
