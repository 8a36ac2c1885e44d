//! Shared benchmark machinery: interleaved timing of a workload against its "floor" (the least
//! work the kernel needs for the same data: raw open/read/close of the same files, or the same
//! syscalls), and a table printer with the ratio.

#![allow(dead_code)]

use std::ffi::CString;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Raw reader: one reused buffer, libc open/read/close, nothing else.
pub struct RawReader {
    buf: Vec<u8>,
}

impl Default for RawReader {
    fn default() -> Self {
        RawReader { buf: vec![0u8; 1 << 20] }
    }
}

impl RawReader {
    /// Reads the whole file (until read returns 0) and returns its length; 0 if it cannot be opened.
    pub fn read(&mut self, path: &CString) -> usize {
        // SAFETY: plain libc calls on a NUL-terminated path and an owned buffer.
        unsafe {
            let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 {
                return 0;
            }
            let mut total = 0usize;
            loop {
                let n = libc::read(fd, self.buf.as_mut_ptr().add(total).cast(), self.buf.len() - total);
                if n <= 0 {
                    break;
                }
                total += n as usize;
                if total == self.buf.len() {
                    self.buf.resize(self.buf.len() * 2, 0);
                }
            }
            libc::close(fd);
            total
        }
    }

    /// The first `len` bytes of the last read (clamped to the buffer).
    pub fn bytes(&self, len: usize) -> &[u8] {
        &self.buf[..len.min(self.buf.len())]
    }

    /// Reads every file in `paths`; returns the bytes read.
    pub fn read_all(&mut self, paths: &[CString]) -> usize {
        paths.iter().map(|p| self.read(p)).sum()
    }
}

/// C paths for a list of strings.
pub fn cpaths(paths: &[String]) -> Vec<CString> {
    paths.iter().filter_map(|p| CString::new(p.as_str()).ok()).collect()
}

/// One measured workload: median seconds per call of the API and of its floor.
pub struct Row {
    pub name: String,
    pub api: Duration,
    pub floor: Option<Duration>,
}

impl Row {
    pub fn ratio(&self) -> Option<f64> {
        self.floor.map(|f| self.api.as_secs_f64() / f.as_secs_f64().max(1e-12))
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Times `api` and `floor` interleaved in `rounds` rounds within about `budget` in total,
/// call by call, and returns the medians.
pub fn measure(
    name: &str,
    budget: Duration,
    mut api: impl FnMut() -> usize,
    floor: Option<&mut dyn FnMut() -> usize>,
) -> Row {
    const ROUNDS: u32 = 5;
    let mut floor = floor;
    for _ in 0..3 {
        black_box(api());
        if let Some(f) = floor.as_mut() {
            black_box(f());
        }
    }
    let per_side = budget / (ROUNDS * if floor.is_some() { 2 } else { 1 });
    let (mut a, mut f) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        time_for(per_side, &mut a, &mut api);
        if let Some(fl) = floor.as_mut() {
            time_for(per_side, &mut f, &mut **fl);
        }
    }
    Row { name: name.to_string(), api: median(a), floor: floor.map(|_| median(f)) }
}

fn time_for(budget: Duration, out: &mut Vec<Duration>, f: &mut dyn FnMut() -> usize) {
    let start = Instant::now();
    let mut n = 0;
    while n < 3 || (start.elapsed() < budget && n < 200_000) {
        let t = Instant::now();
        black_box(f());
        out.push(t.elapsed());
        n += 1;
    }
}

fn fmt_dur(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.2} µs")
    }
}

/// Prints rows as a Markdown table (so it can be pasted into docs/performance.md).
pub fn print_table(title: &str, floor_label: &str, rows: &[Row]) {
    print_table_with(title, "psutil-rs", floor_label, rows);
}

/// [`print_table`] with both column labels given.
pub fn print_table_with(title: &str, api_label: &str, floor_label: &str, rows: &[Row]) {
    println!("\n### {title}\n");
    println!("| workload | {api_label} median | {floor_label} median | ratio |");
    println!("|---|---|---|---|");
    for r in rows {
        let floor = r.floor.map(fmt_dur).unwrap_or_else(|| "—".into());
        let ratio = r.ratio().map(|x| format!("{x:.2}x")).unwrap_or_else(|| "—".into());
        println!("| `{}` | {} | {} | {} |", r.name, fmt_dur(r.api), floor, ratio);
    }
}

/// The per-run budget for one workload (env `BENCH_BUDGET_MS`, default 600 ms).
pub fn budget() -> Duration {
    let ms = std::env::var("BENCH_BUDGET_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    Duration::from_millis(ms)
}

/// Prints the machine the figures were taken on.
pub fn print_machine() {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.to_string()))
        .unwrap_or_default();
    println!("machine: {cpus} CPUs, kernel {}, {}", kernel.trim(), model.trim());
}

/// The least work for a loop over the process table that reads `leaves` of every process:
/// list `/proc`, then per pid one open/read/close of each `/proc/PID/<leaf>` (of the file
/// itself for a leaf that is an absolute path, such as the `/etc/passwd` a user name
/// lookup reads), nothing parsed. Returns the bytes read.
pub fn scan_files(rd: &mut RawReader, leaves: &[&str], path: &mut Vec<u8>) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    let mut n = 0;
    for entry in dir.flatten() {
        let name = entry.file_name();
        let name = name.as_encoded_bytes();
        if !name.iter().all(u8::is_ascii_digit) {
            continue;
        }
        for leaf in leaves {
            path.clear();
            if !leaf.starts_with('/') {
                path.extend_from_slice(b"/proc/");
                path.extend_from_slice(name);
                path.push(b'/');
            }
            path.extend_from_slice(leaf.as_bytes());
            n += CString::new(path.as_slice()).map(|c| rd.read(&c)).unwrap_or(0);
        }
    }
    n
}
