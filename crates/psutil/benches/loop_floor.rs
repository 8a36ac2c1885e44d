//! `loop_floor`: the floor of the Python getter loops of `bench/python/bench.py`, run by
//! that script in the same rounds as the modules it times (build it with
//! `cargo bench --bench loop_floor --no-run`; the script finds the binary).
//!
//! Each call lists `/proc`, then reads `/proc/PID/<file>` for every pid and every file
//! of `--files` (one open/read/close each, nothing parsed; see [`floor::scan_files`]):
//! `stat,statm` for the `oneshot` loop, `stat,statm,status` for the plain loop,
//! `stat,status,cmdline` for the batch scan (the shared limit probe's `scan-read`).
//!
//! ```text
//! loop_floor --files stat,statm [--budget-ms 500] [--min-iter 3] [--cpu-time]
//! ```
//!
//! With `--cpu-time` each call is timed in this thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`, user + system) instead of wall time: on a shared machine
//! that leaves out the time spent waiting for a CPU.
//!
//! prints one JSON object: `{"files": [...], "n": calls, "median_us": ..., "samples_us": [...]}`.

#[path = "floor/mod.rs"]
mod floor;

use std::hint::black_box;
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// This thread's CPU time (user + system), in seconds.
fn thread_cpu_time() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec into the struct we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") {
        // `cargo bench` runs every bench target: this one is driven by bench.py instead
        println!("loop_floor: run by bench/python/bench.py (see its --floor option)");
        return;
    }
    let files = arg(&args, "--files").unwrap_or_else(|| "stat,statm".into());
    let leaves: Vec<&str> = files.split(',').filter(|s| !s.is_empty()).collect();
    let budget = Duration::from_millis(arg(&args, "--budget-ms").and_then(|s| s.parse().ok()).unwrap_or(500));
    let min_iter: usize = arg(&args, "--min-iter").and_then(|s| s.parse().ok()).unwrap_or(3);
    let cpu_time = args.iter().any(|a| a == "--cpu-time");
    let mut rd = floor::RawReader::default();
    let mut path = Vec::with_capacity(64);
    for _ in 0..2 {
        black_box(floor::scan_files(&mut rd, &leaves, &mut path));
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min_iter || start.elapsed() < budget {
        let (t, c) = (Instant::now(), if cpu_time { thread_cpu_time() } else { 0.0 });
        black_box(floor::scan_files(&mut rd, &leaves, &mut path));
        let took = if cpu_time { thread_cpu_time() - c } else { t.elapsed().as_secs_f64() };
        samples.push(took * 1e6);
    }
    let mut sorted = samples.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let list: Vec<String> = samples.iter().map(|s| format!("{s:.2}")).collect();
    let names: Vec<String> = leaves.iter().map(|l| format!("\"{l}\"")).collect();
    println!(
        "{{\"files\": [{}], \"n\": {}, \"median_us\": {median:.2}, \"samples_us\": [{}]}}",
        names.join(", "),
        samples.len(),
        list.join(", ")
    );
}
