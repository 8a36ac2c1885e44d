//! `cargo bench --bench process`: process-table scans, on this machine's table and with 500
//! extra sleeping children:
//!   (a) pid, name, ppid, status, cpu_times, memory_info for every process;
//!   (b) every attribute psutil's `as_dict` knows;
//!   (c) the minimal reader for (a): one read of `/proc/PID/stat` and `/proc/PID/statm` each;
//!   (d) the `sysinfo` crate doing the equivalent refreshes (cpu+memory, and everything).
//! Ratios printed: (a)/(c), (a)/(d-cpu+mem), (b)/(d-everything).
//!
//! `BENCH_BUDGET_MS` sets the time per workload (default 600 ms).

#[path = "floor/mod.rs"]
mod floor;

use std::ffi::CString;
use std::hint::black_box;
use std::process::{Child, Command, Stdio};

use floor::{budget, measure, print_machine, RawReader, Row};
use psutil_rs::Attr;
use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};

const SCAN_ATTRS: &[Attr] = &[Attr::Pid, Attr::Name, Attr::Ppid, Attr::Status, Attr::CpuTimes, Attr::MemoryInfo];

/// Lists /proc and reads stat and statm of every pid: the least work for scan (a).
fn minimal_scan(rd: &mut RawReader, path: &mut Vec<u8>) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    let mut n = 0;
    for entry in dir.flatten() {
        let name = entry.file_name();
        let name = name.as_encoded_bytes();
        if !name.iter().all(u8::is_ascii_digit) {
            continue;
        }
        for leaf in [&b"/stat"[..], &b"/statm"[..]] {
            path.clear();
            path.extend_from_slice(b"/proc/");
            path.extend_from_slice(name);
            path.extend_from_slice(leaf);
            if let Ok(c) = CString::new(path.as_slice()) {
                n += rd.read(&c);
            }
        }
    }
    n
}

fn scan_rows(label: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut rd = RawReader::default();
    let mut path = Vec::with_capacity(64);
    let mut min = || minimal_scan(&mut rd, &mut path);
    let scan_a = || psutil_rs::process_iter_with(SCAN_ATTRS).map(|v| v.len()).unwrap_or(0);
    rows.push(measure(&format!("{label} (a) scan 6 attrs vs (c) minimal reader"), budget(), scan_a, Some(&mut min)));

    let mut sys = System::new();
    let cpu_mem = ProcessRefreshKind::nothing().with_cpu().with_memory();
    sys.refresh_processes_specifics(ProcessesToUpdate::All, true, cpu_mem);
    let mut sysinfo_a = || sys.refresh_processes_specifics(ProcessesToUpdate::All, true, cpu_mem);
    rows.push(measure(&format!("{label} (a) scan 6 attrs vs (d) sysinfo cpu+memory"), budget(), scan_a, Some(&mut sysinfo_a)));

    let mut sys_all = System::new();
    let everything = ProcessRefreshKind::everything();
    sys_all.refresh_processes_specifics(ProcessesToUpdate::All, true, everything);
    let mut sysinfo_b = || sys_all.refresh_processes_specifics(ProcessesToUpdate::All, true, everything);
    let scan_b = || psutil_rs::process_iter_with(Attr::ALL).map(|v| v.len()).unwrap_or(0);
    rows.push(measure(&format!("{label} (b) all attrs vs (d) sysinfo everything"), budget(), scan_b, Some(&mut sysinfo_b)));
    rows
}

fn spawn_sleepers(n: usize) -> Vec<Child> {
    (0..n)
        .filter_map(|_| Command::new("sleep").arg("600").stdin(Stdio::null()).spawn().ok())
        .collect()
}

fn print(rows: &[Row]) {
    println!("| workload | psutil-rs median | other median | ratio |");
    println!("|---|---|---|---|");
    for r in rows {
        let f = r.floor.map(|d| format!("{:.2} ms", d.as_secs_f64() * 1e3)).unwrap_or_default();
        let ratio = r.ratio().map(|x| format!("{x:.2}x")).unwrap_or_default();
        println!("| {} | {:.2} ms | {f} | {ratio} |", r.name, r.api.as_secs_f64() * 1e3);
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    print_machine();
    let procs = psutil_rs::pids().map(|p| p.len()).unwrap_or(0);
    println!("\n### Process scans, this machine's table ({procs} processes)\n");
    print(&scan_rows("idle"));

    let mut children = spawn_sleepers(500);
    let procs = psutil_rs::pids().map(|p| p.len()).unwrap_or(0);
    println!("\n### Process scans with {} extra sleeping processes ({procs} in all)\n", children.len());
    print(&scan_rows("+500"));
    for c in &mut children {
        let _ = c.kill();
        let _ = c.wait();
    }
    black_box(children);
    println!("\nratio = psutil-rs / other; below 1 means psutil-rs is faster.");
}
