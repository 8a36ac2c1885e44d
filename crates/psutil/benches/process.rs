//! `cargo bench --bench process`: process-table scans, on this machine's table and with 500
//! extra sleeping children (spawned and reaped by the bench):
//!   (a) `process_iter_with` pid, name, ppid, status, cpu_times, memory_info;
//!   (b) `process_iter_with(&[])`, every attribute psutil's `as_dict` knows (those this build
//!       does not support are left out, as psutil does; the list is printed);
//!   (b=) (b) restricted to the 16 attributes sysinfo's "everything" refresh also reads, and
//!       the same without `environ` (against sysinfo without it too);
//!   (c) the minimal reader for (a) (see [`minimal_scan`]): list `/proc`, then one
//!       open/read/close of `stat`, `statm` and, for a 15+ byte comm, `cmdline`;
//!   (c-all) the minimal reader for (b) (see [`minimal_scan_all`]);
//!   (d) the `sysinfo` crate (single-threaded build) refreshing the same data: cpu+memory
//!       without threads for (a); every field, re-read each time, threads included, for (b).
//!
//! Ratios printed: (a)/(c), (a)/(d), (d)/(c), (b=)/(d), (b)/(d), (b)/(c-all); and (b=)/(d)
//! again in thread CPU time per scan (not counting time spent waiting for a CPU, which
//! dominates wall time on a loaded machine). It also counts
//! heap allocations (a counting global allocator) during scan (a) and in the per-process
//! parsing path. Results are written up in `docs/performance.md`.
//!
//! `BENCH_BUDGET_MS` sets the time per workload (default 600 ms).

#[path = "floor/mod.rs"]
mod floor;

use std::alloc::{GlobalAlloc, Layout, System as SysAlloc};
use std::ffi::CString;
use std::hint::black_box;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use floor::{budget, measure, print_machine, print_table_with, RawReader, Row};
use psutil_rs::{Attr, Process};
use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};

/// The system allocator, counting every allocation and reallocation.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { SysAlloc.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { SysAlloc.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { SysAlloc.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { SysAlloc.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made while running `f`, with its result.
fn count_allocs<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = ALLOCS.load(Ordering::Relaxed);
    let out = f();
    (ALLOCS.load(Ordering::Relaxed) - before, out)
}

const SCAN_ATTRS: &[Attr] =
    &[Attr::Pid, Attr::Name, Attr::Ppid, Attr::Status, Attr::CpuTimes, Attr::MemoryInfo];

/// The least work for scan (a): list /proc, then per pid one open/read/close of `stat` and
/// of `statm`, plus `cmdline` when the comm is 15+ bytes long (psutil's `name()` needs the
/// full name from there). Nothing is parsed beyond finding the comm's length.
fn minimal_scan(rd: &mut RawReader, path: &mut Vec<u8>) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    let mut n = 0;
    for entry in dir.flatten() {
        let name = entry.file_name();
        let name = name.as_encoded_bytes();
        if !name.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let mut read = |rd: &mut RawReader, leaf: &[u8]| {
            path.clear();
            path.extend_from_slice(b"/proc/");
            path.extend_from_slice(name);
            path.extend_from_slice(leaf);
            CString::new(path.as_slice()).map(|c| rd.read(&c)).unwrap_or(0)
        };
        let len = read(rd, b"/stat");
        n += len;
        let stat = rd.bytes(len);
        let comm_len = match (stat.iter().position(|&b| b == b'('), stat.iter().rposition(|&b| b == b')')) {
            (Some(o), Some(c)) if c > o => c - o - 1,
            _ => 0,
        };
        if comm_len >= 15 {
            n += read(rd, b"/cmdline");
        }
        n += read(rd, b"/statm");
    }
    n
}

/// `readlink` into a stack buffer; the target's length (0 on error).
fn readlink_len(path: &CString, out: &mut [u8; 4096]) -> usize {
    // SAFETY: NUL-terminated path, buffer and its length passed together.
    let n = unsafe { libc::readlink(path.as_ptr(), out.as_mut_ptr().cast(), out.len()) };
    usize::try_from(n).unwrap_or(0)
}

/// The least kernel work for scan (b), per process: one read of `stat`, `statm`, `status`,
/// `cmdline`, `environ`, `io`, `smaps_rollup` and `smaps`; `readlink` of `cwd`; the `fd`
/// directory listed once, each fd's link read once, and for a file target one `stat` of
/// it and one read of its `fdinfo`; the `task` directory listed and each thread's `stat`
/// read; `sched_getaffinity`, `ioprio_get` and `getpriority`. `/proc/meminfo` once per
/// scan. Left out: `exe` (cached per handle by psutil-rs, as by psutil) and the passwd
/// lookup behind `username` (cacheable per uid).
fn minimal_scan_all(rd: &mut RawReader) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    let mut n = CString::new("/proc/meminfo").map(|c| rd.read(&c)).unwrap_or(0);
    let mut link = [0u8; 4096];
    let cpath = |s: String| CString::new(s).unwrap_or_default();
    for entry in dir.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<i32>().ok()) else { continue };
        for leaf in ["stat", "statm", "status", "cmdline", "environ", "io", "smaps_rollup", "smaps"] {
            n += rd.read(&cpath(format!("/proc/{pid}/{leaf}")));
        }
        n += readlink_len(&cpath(format!("/proc/{pid}/cwd")), &mut link);
        if let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) {
            for fd in fds.flatten() {
                let fd = fd.file_name();
                let fd = fd.to_string_lossy();
                let len = readlink_len(&cpath(format!("/proc/{pid}/fd/{fd}")), &mut link);
                n += len;
                if link.first() == Some(&b'/') && len > 0 {
                    if let Ok(target) = CString::new(&link[..len]) {
                        // SAFETY: zeroed `stat` is a valid out-parameter; the path is NUL-terminated.
                        let mut st: libc::stat = unsafe { std::mem::zeroed() };
                        n += usize::from(unsafe { libc::stat(target.as_ptr(), &mut st) } == 0);
                    }
                    n += rd.read(&cpath(format!("/proc/{pid}/fdinfo/{fd}")));
                }
            }
        }
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
            for t in tasks.flatten() {
                n += rd.read(&cpath(format!("/proc/{pid}/task/{}/stat", t.file_name().to_string_lossy())));
            }
        }
        // SAFETY: plain syscalls on a pid with owned out-parameters.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            n += usize::from(
                libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) == 0,
            );
            n += usize::from(libc::syscall(libc::SYS_ioprio_get, 1, pid) >= 0);
            n += usize::from(libc::getpriority(libc::PRIO_PROCESS, pid as libc::id_t) >= 0);
        }
    }
    n
}

fn scan_a() -> usize {
    psutil_rs::process_iter_with(SCAN_ATTRS).map(|v| v.len()).unwrap_or(0)
}

/// An empty list is psutil's `attrs=None`: every attribute, unsupported ones left out.
fn scan_b() -> usize {
    psutil_rs::process_iter_with(&[]).map(|v| v.len()).unwrap_or(0)
}

/// The attributes sysinfo's "everything" refresh also reads: (b) restricted to what both
/// libraries fetch (sysinfo's task list standing for `threads`). `username` is left out:
/// sysinfo reads the uids but does not look the name up.
const SYSINFO_ATTRS: &[Attr] = &[
    Attr::Pid,
    Attr::Ppid,
    Attr::Name,
    Attr::Status,
    Attr::Cmdline,
    Attr::Exe,
    Attr::Cwd,
    Attr::Environ,
    Attr::Uids,
    Attr::Gids,
    Attr::CreateTime,
    Attr::CpuTimes,
    Attr::CpuPercent,
    Attr::MemoryInfo,
    Attr::IoCounters,
    Attr::Threads,
];

fn scan_b_eq() -> usize {
    psutil_rs::process_iter_with(SYSINFO_ATTRS).map(|v| v.len()).unwrap_or(0)
}

/// (b=) without `environ` (to show what the per-process environment maps cost).
fn scan_b_eq_no_env() -> usize {
    let attrs: Vec<Attr> = SYSINFO_ATTRS.iter().copied().filter(|a| *a != Attr::Environ).collect();
    psutil_rs::process_iter_with(&attrs).map(|v| v.len()).unwrap_or(0)
}

/// sysinfo's refresh for (a): cpu times and memory, no per-thread entries.
fn sysinfo_kind_a() -> ProcessRefreshKind {
    ProcessRefreshKind::nothing().with_cpu().with_memory().without_tasks()
}

/// sysinfo's refresh for (b): every field, re-read on each refresh, threads included.
fn sysinfo_kind_b() -> ProcessRefreshKind {
    ProcessRefreshKind::everything()
        .with_user(UpdateKind::Always)
        .with_cwd(UpdateKind::Always)
        .with_root(UpdateKind::Always)
        .with_environ(UpdateKind::Always)
        .with_cmd(UpdateKind::Always)
        .with_exe(UpdateKind::Always)
}

/// A sysinfo `System` already refreshed once with `kind`, as a long-running monitor holds it.
fn sysinfo_refresher(kind: ProcessRefreshKind) -> Option<impl FnMut() -> usize> {
    let mut sys = System::new().ok()?;
    sys.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
    Some(move || sys.refresh_processes_specifics(ProcessesToUpdate::All, true, kind))
}

/// CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`): unlike wall time it does not
/// count the time spent waiting for a CPU, which on a shared machine is most of the noise.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a plain out-parameter.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0))
}

/// Like `measure`, but each call is timed in thread CPU time: `first` and `second`
/// alternate call by call for about `budget` (at least 5 calls each); medians.
fn measure_cpu(
    name: &str,
    budget: Duration,
    first: &mut dyn FnMut() -> usize,
    second: &mut dyn FnMut() -> usize,
) -> Row {
    for _ in 0..2 {
        black_box(first());
        black_box(second());
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while a.len() < 5 || (start.elapsed() < budget && a.len() < 10_000) {
        let t = thread_cpu();
        black_box(first());
        a.push(thread_cpu().saturating_sub(t));
        let t = thread_cpu();
        black_box(second());
        b.push(thread_cpu().saturating_sub(t));
    }
    let median = |mut v: Vec<Duration>| {
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    Row { name: name.to_string(), api: median(a), floor: Some(median(b)) }
}

/// (b=) against sysinfo in CPU time (user + system) per scan.
fn cpu_rows(label: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(mut d) = sysinfo_refresher(sysinfo_kind_b()) {
        let what =
            format!("{label}: (b=) the {} attrs vs (d) sysinfo everything, CPU time", SYSINFO_ATTRS.len());
        rows.push(measure_cpu(&what, budget(), &mut scan_b_eq, &mut d));
    }
    if let Some(mut d) = sysinfo_refresher(sysinfo_kind_b().without_environ()) {
        let what = format!("{label}: (b=) without environ vs (d) without environ, CPU time");
        rows.push(measure_cpu(&what, budget(), &mut scan_b_eq_no_env, &mut d));
    }
    rows
}

fn scan_rows(label: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = |what: &str, first: &mut dyn FnMut() -> usize, second: &mut dyn FnMut() -> usize| {
        rows.push(measure(&format!("{label}: {what}"), budget(), first, Some(second)));
    };
    let mut rd = RawReader::default();
    let mut path = Vec::with_capacity(64);
    let mut min = || minimal_scan(&mut rd, &mut path);
    row("(a) 6 attrs vs (c) minimal reader", &mut scan_a, &mut min);
    if let Some(mut d) = sysinfo_refresher(sysinfo_kind_a()) {
        row("(a) 6 attrs vs (d) sysinfo cpu+memory", &mut scan_a, &mut d);
        row("(d) sysinfo cpu+memory vs (c) minimal reader", &mut d, &mut min);
    }
    if let Some(mut d) = sysinfo_refresher(sysinfo_kind_b()) {
        let what =
            format!("(b=) the {} attrs sysinfo also reads vs (d) sysinfo everything", SYSINFO_ATTRS.len());
        row(&what, &mut scan_b_eq, &mut d);
        row("(b) all attrs vs (d) sysinfo everything", &mut scan_b, &mut d);
    }
    if let Some(mut d) = sysinfo_refresher(sysinfo_kind_b().without_environ()) {
        let what = "(b=) without environ vs (d) sysinfo everything without environ";
        row(what, &mut scan_b_eq_no_env, &mut d);
    }
    let mut rd_all = RawReader::default();
    let mut min_all = || minimal_scan_all(&mut rd_all);
    row("(b) all attrs vs (c-all) minimal reader for (b)", &mut scan_b, &mut min_all);
    rows
}

/// Allocations per process: the whole scan (a), and the parsing path alone (the four
/// fixed-size getters of (a) inside one oneshot, on handles already built).
fn print_allocs(label: &str) {
    black_box(scan_a());
    let (whole, n) = count_allocs(scan_a);
    let procs: Vec<Process> = psutil_rs::process_iter().unwrap_or_default();
    let read_fixed = |p: &Process| {
        p.oneshot(|p| {
            black_box((p.ppid().ok(), p.status().ok(), p.cpu_times().ok(), p.memory_info().ok()));
        })
    };
    procs.iter().for_each(read_fixed);
    let (fixed, ()) = count_allocs(|| procs.iter().for_each(read_fixed));
    let (named, ()) = count_allocs(|| {
        procs.iter().for_each(|p| {
            black_box(p.name().ok());
        })
    });
    let per = |a: u64, n: usize| a as f64 / n.max(1) as f64;
    println!("\n{label}: heap allocations per process (counting global allocator):\n");
    println!("| path | allocations / process |");
    println!("|---|---|");
    println!("| scan (a), whole `process_iter_with` ({n} processes) | {:.2} |", per(whole, n));
    println!("| ppid+status+cpu_times+memory_info in one oneshot | {:.2} |", per(fixed, procs.len()));
    println!("| name() alone (returns a String) | {:.2} |", per(named, procs.len()));
}

fn spawn_sleepers(n: usize) -> Vec<Child> {
    (0..n).filter_map(|_| Command::new("sleep").arg("600").stdin(Stdio::null()).spawn().ok()).collect()
}

fn count_pids() -> usize {
    psutil_rs::pids().map(|p| p.len()).unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    print_machine();
    if let Ok(info) = Process::current().and_then(|p| p.as_dict(&[])) {
        let names: Vec<&str> = info.iter().map(|(a, _)| a.as_str()).collect();
        println!("scan (b) fetches {} of {} attributes: {}", names.len(), Attr::ALL.len(), names.join(", "));
    }
    let title = format!("Process scans, this machine's table ({} processes)", count_pids());
    print_table_with(&title, "first", "second", &scan_rows("idle"));
    print_table_with("The same table, (b=) in CPU time per scan", "first", "second", &cpu_rows("idle"));
    print_allocs("idle");

    let mut children = spawn_sleepers(500);
    let title =
        format!("Process scans with {} extra sleeping processes ({} in all)", children.len(), count_pids());
    print_table_with(&title, "first", "second", &scan_rows("+500"));
    print_table_with("The same table, (b=) in CPU time per scan", "first", "second", &cpu_rows("+500"));
    print_allocs("+500");
    for c in &mut children {
        let _ = c.kill();
        let _ = c.wait();
    }
    println!("\nratio = first / second; below 1 means the first is faster.");
}
