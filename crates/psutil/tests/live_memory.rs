//! virtual_memory() and swap_memory() against `free -b` and `vmstat -s`.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::{proc_value, run, vmstat_s};

use psutil_rs::os::linux::VirtualMemoryExt;
use psutil_rs::{swap_memory, virtual_memory};

/// The numbers of the `free -b` line starting with `label`.
fn free_row(label: &str) -> Vec<u64> {
    let text = run("free", &["-b"]);
    let line = text.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no {label} in free"));
    line.split_whitespace().skip(1).map(|v| v.parse().unwrap()).collect()
}

/// Gauges move while other builds run: ours must sit within the two oracle readings,
/// widened by `tol` bytes.
fn within(what: &str, ours: u64, a: u64, b: u64, tol: u64) {
    let (lo, hi) = (a.min(b).saturating_sub(tol), a.max(b).saturating_add(tol));
    assert!(lo <= ours && ours <= hi, "{what}: {ours} not in [{lo}, {hi}]");
}

#[test]
fn virtual_memory_matches_free() {
    // free -b: total used free shared buff/cache available (procps 4: used = total - available)
    let a = free_row("Mem:");
    let v = virtual_memory().unwrap();
    let b = free_row("Mem:");
    let tol = (v.total / 50).max(64 << 20); // 2% of RAM or 64 MiB
    assert_eq!(v.total, a[0]);
    // procps < 4 printed used = total - free - buff/cache; psutil 7 (and procps 4) use
    // total - available, taken here from free's own columns.
    within("used", v.used, a[0] - a[5], b[0] - b[5], tol);
    within("free", v.free, a[2], b[2], tol);
    within("shared", v.shared(), a[3], b[3], tol);
    within("buff/cache", v.buffers() + v.cached(), a[4], b[4], tol);
    within("available", v.available, a[5], b[5], tol);
    assert_eq!(v.used, v.total - v.available);
    let want: f64 = format!("{:.1}", v.used as f64 / v.total as f64 * 100.0).parse().unwrap();
    assert_eq!(v.percent, want);
    assert!(v.missing_fields().is_empty(), "{:?}", v.missing_fields());
}

#[test]
fn virtual_memory_matches_vmstat() {
    let k = |l: &str| vmstat_s(l) * 1024;
    let (t0, a0, i0, b0) =
        (k("K total memory"), k("K active memory"), k("K inactive memory"), k("K buffer memory"));
    let v = virtual_memory().unwrap();
    let (a1, i1, b1) = (k("K active memory"), k("K inactive memory"), k("K buffer memory"));
    let tol = (v.total / 50).max(64 << 20);
    assert_eq!(v.total, t0);
    within("active", v.active(), a0, a1, tol);
    within("inactive", v.inactive(), i0, i1, tol);
    within("buffers", v.buffers(), b0, b1, tol);
    // Slab is not in free or vmstat -s: the kernel file read by hand.
    let s0 = proc_value("/proc/meminfo", "Slab:") * 1024;
    within("slab", v.slab(), s0, s0, tol);
}

#[test]
fn swap_matches_free_and_vmstat() {
    let a = free_row("Swap:");
    let (in0, out0) = (vmstat_s("pages swapped in"), vmstat_s("pages swapped out"));
    let s = swap_memory().unwrap();
    let (in1, out1) = (vmstat_s("pages swapped in"), vmstat_s("pages swapped out"));
    let b = free_row("Swap:");
    assert_eq!(s.total, a[0]);
    within("used", s.used, a[1], b[1], 64 << 20);
    within("free", s.free, a[2], b[2], 64 << 20);
    assert_eq!(s.used, s.total - s.free);
    // vmstat -s counts pages; psutil multiplies by 4096 whatever the page size.
    assert!(in0 * 4096 <= s.sin && s.sin <= in1 * 4096);
    assert!(out0 * 4096 <= s.sout && s.sout <= out1 * 4096);
    if s.total == 0 {
        assert_eq!(s.percent, 0.0);
    }
    // scripts/test-swap.py's holder keeps 16 MiB written out while the test steps run.
    if std::env::var_os("PSUTIL_RS_TEST_SWAP_PID").is_some() {
        assert!(s.used >= 8 << 20 && s.sout >= 8 << 20 && s.percent > 0.0, "{s:?}");
    }
}
