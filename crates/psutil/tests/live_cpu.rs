//! CPU functions against independent sources on the running machine: `/proc/stat` read
//! by hand and scaled by `getconf CLK_TCK`, `vmstat -s`, `getconf`, `nproc`, `lscpu`,
//! `uptime`, and sysfs/cpuinfo read by hand.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::{proc_value, run, vmstat_s};

use std::time::{Duration, Instant};

use psutil_rs::os::linux::CpuTimesExt;
use psutil_rs::*;

fn clk_tck() -> f64 {
    run("getconf", &["CLK_TCK"]).trim().parse().unwrap()
}

/// The `cpu` lines of /proc/stat as seconds, read and split by hand.
fn manual_stat() -> Vec<Vec<f64>> {
    let tck = clk_tck();
    std::fs::read_to_string("/proc/stat")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("cpu"))
        .map(|l| l.split_whitespace().skip(1).take(10).map(|v| v.parse::<f64>().unwrap() / tck).collect())
        .collect()
}

fn fields(t: &CpuTimes) -> Vec<f64> {
    let mut v = vec![t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq()];
    v.extend([t.steal(), t.guest(), t.guest_nice()].into_iter().flatten());
    v
}

/// The index of iowait in a `/proc/stat` cpu line's fields (user nice system idle iowait).
const IOWAIT: usize = 4;

fn assert_bracketed(before: &[f64], ours: &[f64], after: &[f64], what: &str) {
    assert_eq!(before.len(), ours.len(), "{what}: field count");
    for (i, ((b, o), a)) in before.iter().zip(ours).zip(after).enumerate() {
        if i == IOWAIT {
            // proc(5): iowait "can decrease in certain conditions" (idle CPUs' iowait is
            // estimated): it is held to the two reads within 0.1 s either way.
            let (lo, hi) = (b.min(*a) - 0.1, b.max(*a) + 0.1);
            assert!(lo <= *o && *o <= hi, "{what} iowait: {o} outside {b}..{a} (+/- 0.1 s)");
            continue;
        }
        assert!(b <= o && o <= a, "{what} field {i}: {b} <= {o} <= {a}");
    }
}

#[test]
fn cpu_times_bracketed_by_proc_stat() {
    let before = manual_stat();
    let total = cpu_times().unwrap();
    let per = cpu_times_percpu().unwrap();
    let after = manual_stat();
    assert_bracketed(&before[0], &fields(&total), &after[0], "cpu");
    assert_eq!(per.len(), before.len() - 1);
    for (i, t) in per.iter().enumerate() {
        assert_bracketed(&before[i + 1], &fields(t), &after[i + 1], &format!("cpu{i}"));
    }
}

#[test]
fn cpu_times_bracketed_by_vmstat_ticks() {
    let tck = clk_tck();
    let b = [vmstat_s("non-nice user cpu ticks"), vmstat_s("system cpu ticks"), vmstat_s("idle cpu ticks")];
    let t = cpu_times().unwrap();
    let a = [vmstat_s("non-nice user cpu ticks"), vmstat_s("system cpu ticks"), vmstat_s("idle cpu ticks")];
    for (i, ours) in [t.user, t.system, t.idle].into_iter().enumerate() {
        let (lo, hi) = (b[i] as f64 / tck, a[i] as f64 / tck);
        assert!(lo <= ours && ours <= hi, "field {i}: {lo} <= {ours} <= {hi}");
    }
}

#[test]
fn cpu_stats_bracketed_by_vmstat() {
    let (c0, i0) = (vmstat_s("CPU context switches"), vmstat_s("interrupts"));
    let s = cpu_stats().unwrap();
    let (c1, i1) = (vmstat_s("CPU context switches"), vmstat_s("interrupts"));
    assert!(c0 <= s.ctx_switches && s.ctx_switches <= c1, "{c0} <= {} <= {c1}", s.ctx_switches);
    assert!(i0 <= s.interrupts && s.interrupts <= i1, "{i0} <= {} <= {i1}", s.interrupts);
    assert_eq!(s.syscalls, 0);
    // softirq: the first number of the softirq line, read by hand.
    let s0 = proc_value("/proc/stat", "softirq");
    let s = cpu_stats().unwrap();
    let s1 = proc_value("/proc/stat", "softirq");
    assert!(s0 <= s.soft_interrupts && s.soft_interrupts <= s1);
}

#[test]
fn logical_count_matches_getconf_and_nproc() {
    let online: usize = run("getconf", &["_NPROCESSORS_ONLN"]).trim().parse().unwrap();
    let ours = cpu_count(true).unwrap().unwrap();
    assert_eq!(ours, online);
    // nproc honours affinity, so it can only be lower.
    let nproc: usize = run("nproc", &[]).trim().parse().unwrap();
    assert!(nproc <= ours, "nproc {nproc} > {ours}");
    assert!(run("nproc", &["--all"]).trim().parse::<usize>().unwrap() >= ours);
}

#[test]
fn physical_count_matches_lscpu() {
    // Distinct (core, socket) pairs of online CPUs.
    let text = run("lscpu", &["-p=CORE,SOCKET"]);
    let mut pairs: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    pairs.sort();
    pairs.dedup();
    let ours = cpu_count(false).unwrap();
    if pairs.iter().any(|p| p.starts_with(',')) {
        eprintln!("lscpu reports no core ids here; only checking the range");
        assert!(ours.is_none_or(|n| n <= cpu_count(true).unwrap().unwrap()));
        return;
    }
    assert_eq!(ours, Some(pairs.len()), "lscpu pairs {pairs:?}");
}

#[test]
fn freq_matches_sysfs_or_cpuinfo() {
    let per = cpu_freq_percpu().unwrap();
    let has_sysfs = std::path::Path::new("/sys/devices/system/cpu/cpufreq/policy0").exists()
        || std::path::Path::new("/sys/devices/system/cpu/cpu0/cpufreq").exists();
    if has_sysfs {
        for f in &per {
            assert!(f.min <= f.max, "{f:?}");
            assert!(f.current >= 0.0);
        }
        let lo = std::fs::read_to_string("/sys/devices/system/cpu/cpufreq/policy0/scaling_min_freq")
            .or_else(|_| std::fs::read_to_string("/sys/devices/system/cpu/cpu0/cpufreq/scaling_min_freq"))
            .unwrap();
        assert_eq!(per[0].min, lo.trim().parse::<f64>().unwrap() / 1000.0);
    } else {
        // Only /proc/cpuinfo: one entry per "cpu MHz" line, min = max = 0.
        let info = std::fs::read_to_string("/proc/cpuinfo").unwrap();
        let mhz: Vec<f64> = info
            .lines()
            .filter(|l| l.to_lowercase().starts_with("cpu mhz"))
            .map(|l| l.split(':').nth(1).unwrap().trim().parse().unwrap())
            .collect();
        assert_eq!(per.len(), mhz.len());
        for (f, m) in per.iter().zip(&mhz) {
            assert_eq!((f.min, f.max), (0.0, 0.0));
            // The frequency may be re-measured between the two reads.
            assert!((f.current - m).abs() <= m * 0.5, "{} vs {m}", f.current);
        }
    }
    let avg = cpu_freq().unwrap();
    assert_eq!(avg.is_some(), !per.is_empty());
}

#[test]
fn loadavg_matches_uptime_and_sysinfo() {
    let text = run("uptime", &[]);
    let tail = text.rsplit("load average:").next().unwrap();
    let theirs: Vec<f64> = tail.split(',').map(|s| s.trim().parse().unwrap()).collect();
    let (a, b, c) = getloadavg().unwrap();
    // SAFETY: sysinfo writes into the zeroed struct we pass.
    let si = unsafe {
        let mut si: libc::sysinfo = std::mem::zeroed();
        assert_eq!(libc::sysinfo(&mut si), 0);
        si
    };
    // The kernel updates the averages every 5 s; allow for one update in between.
    for (i, o) in [a, b, c].into_iter().enumerate() {
        assert!((o - theirs[i]).abs() <= 1.0, "{o} vs uptime {}", theirs[i]);
        let fixed = si.loads[i] as f64 / 65536.0;
        assert!((o - fixed).abs() <= 1.0, "{o} vs sysinfo {fixed}");
    }
}

#[test]
fn percent_under_a_spinning_thread() {
    let stop = Instant::now() + Duration::from_millis(700);
    let spinner = std::thread::spawn(move || {
        let mut x = 0u64;
        while Instant::now() < stop {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        x
    });
    let pct = cpu_percent(Some(Duration::from_millis(400))).unwrap();
    let per = cpu_percent_percpu(Some(Duration::from_millis(200))).unwrap();
    spinner.join().unwrap();
    assert!(pct > 0.0 && pct <= 100.0, "{pct}");
    assert_eq!(per.len(), cpu_times_percpu().unwrap().len());
    assert!(per.iter().all(|p| (0.0..=100.0).contains(p)));
    assert!(per.iter().any(|&p| p > 0.0), "{per:?}");
}

#[test]
fn times_percent_adds_up_over_a_second() {
    // With at least 1 s of total CPU time the fields add up to ~100 (guest excluded).
    let p = cpu_times_percent(Some(Duration::from_millis(1000))).unwrap();
    let sum: f64 = fields(&p).iter().sum::<f64>() - p.guest().unwrap_or(0.0) - p.guest_nice().unwrap_or(0.0);
    assert!((sum - 100.0).abs() <= 1.0, "{p:?} sums to {sum}");
    for v in fields(&p) {
        assert!((0.0..=100.0).contains(&v));
    }
}

#[test]
fn non_blocking_state_is_per_thread_and_per_family() {
    // First call in a fresh thread compares two immediate samples.
    let first = std::thread::spawn(|| cpu_percent(None).unwrap()).join().unwrap();
    assert!((0.0..=100.0).contains(&first));
    std::thread::spawn(|| {
        cpu_percent(None).unwrap();
        cpu_times_percent(None).unwrap();
        let mut own = CpuSampler::primed().unwrap();
        let stop = Instant::now() + Duration::from_millis(300);
        while Instant::now() < stop {
            std::hint::black_box(0);
        }
        // This thread spun for 300 ms: every series sees busy time (as `nice` time when
        // the tests themselves run under `nice`).
        let a = cpu_percent(None).unwrap();
        let b = cpu_times_percent(None).unwrap();
        let c = own.cpu_percent(None).unwrap();
        assert!(a > 0.0 && c > 0.0, "{a} {c}");
        assert!(b.user + b.nice + b.system > 0.0, "{b:?}");
    })
    .join()
    .unwrap();
}

#[test]
fn zero_interval_does_not_block() {
    let start = Instant::now();
    let mut s = CpuSampler::new();
    for _ in 0..5 {
        let p = s.cpu_percent(Some(Duration::ZERO)).unwrap();
        assert!((0.0..=100.0).contains(&p));
        s.cpu_times_percent_percpu(Some(Duration::ZERO)).unwrap();
    }
    assert!(start.elapsed() < Duration::from_millis(500), "{:?}", start.elapsed());
}
