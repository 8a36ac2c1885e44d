//! Portable invariants of the CPU functions: true on every OS with a backend, checked
//! against the standard library where it knows the same fact. Not gated to Linux.

mod common;

use common::is_percent;

#[test]
fn counts_are_consistent() {
    let logical = psutil_rs::cpu_count(true).expect("cpu_count").expect("logical count known");
    assert!(logical >= 1);
    // The standard library's count can only be lower (a cpuset or affinity restricts it).
    let usable = std::thread::available_parallelism().map(|n| n.get()).expect("available_parallelism");
    assert!(usable <= logical, "{usable} usable > {logical} logical");
    if let Some(cores) = psutil_rs::cpu_count(false).expect("cpu_count(false)") {
        assert!((1..=logical).contains(&cores), "{cores} cores, {logical} logical");
    }
}

#[test]
fn times_are_non_negative_and_per_cpu_adds_up() {
    let total = psutil_rs::cpu_times().expect("cpu_times");
    for v in [total.user, total.system, total.idle] {
        assert!(v >= 0.0 && v.is_finite());
    }
    assert!(total.user + total.system + total.idle > 0.0);
    let per = psutil_rs::cpu_times_percpu().expect("cpu_times_percpu");
    assert!(!per.is_empty());
    assert!(per.len() <= psutil_rs::cpu_count(true).expect("count").unwrap_or(usize::MAX));
    // Each CPU's idle time is part of the whole's (read just after, so never more).
    let idle: f64 = per.iter().map(|t| t.idle).sum();
    let again = psutil_rs::cpu_times().expect("cpu_times");
    assert!(idle <= again.idle + 1.0, "per-CPU idle {idle} > total {}", again.idle);
}

#[test]
fn percents_are_percents() {
    let p = psutil_rs::cpu_percent(Some(std::time::Duration::from_millis(100))).expect("cpu_percent");
    assert!(is_percent(p), "{p}");
    let per = psutil_rs::cpu_percent_percpu(Some(std::time::Duration::from_millis(100))).expect("percpu");
    assert!(!per.is_empty() && per.iter().all(|p| is_percent(*p)), "{per:?}");
    let t = psutil_rs::cpu_times_percent(Some(std::time::Duration::from_millis(100))).expect("times_percent");
    assert!(is_percent(t.user) && is_percent(t.system) && is_percent(t.idle));
}

#[test]
fn load_and_stats_are_sane() {
    // Windows emulates it (folded at each call; zeros on the first call, as psutil).
    let (a, b, c) = psutil_rs::getloadavg().expect("getloadavg");
    assert!([a, b, c].iter().all(|l| *l >= 0.0 && l.is_finite()));
    let s = psutil_rs::cpu_stats().expect("cpu_stats");
    if common::under_wine() {
        // Wine 8.0's SystemPerformanceInformation has ContextSwitches = 0.
        assert_eq!(s.ctx_switches, 0);
    } else {
        assert!(s.ctx_switches > 0, "a running system has switched contexts");
    }
}
