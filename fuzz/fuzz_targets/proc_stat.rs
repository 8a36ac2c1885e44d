//! `/proc/stat`: CPU times are finite, non-negative seconds; per-CPU rows match the
//! `cpuN` count both counters give; `ctxt`/`intr`/`softirq`/`btime` round-trip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;
use psutil_rs::os::linux::CpuTimesExt;

fn sane(t: &psutil_rs::CpuTimes) -> bool {
    let opt = [t.steal(), t.guest(), t.guest_nice()];
    [t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq()]
        .into_iter()
        .chain(opt.into_iter().flatten())
        .all(|v| v.is_finite() && v >= 0.0)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = f::stat_cpu_times(data, 100.0) {
        assert!(sane(&t), "{t:?}");
        assert!(data.starts_with(b"cpu"));
    }
    let (a, b) = f::stat_cpu_counts(data);
    assert_eq!(a, b, "the two cpuN counters disagree");
    if let Ok(rows) = f::stat_cpu_times_percpu(data, 100.0) {
        assert!(rows.iter().all(sane));
        assert!(rows.len() + 1 >= a, "a cpuN line was not parsed");
    }
    if let Ok(s) = f::stat_cpu_stats(data) {
        let text = format!(
            "cpu 1 2 3 4 5 6 7\nctxt {}\nbtime 5\nintr {} 0 1\nsoftirq {} 9\n",
            s.ctx_switches, s.interrupts, s.soft_interrupts
        );
        assert_eq!(f::stat_cpu_stats(text.as_bytes()).ok(), Some(s), "round trip");
        assert_eq!(s.syscalls, 0);
    }
    if let Ok(bt) = f::stat_btime(data) {
        assert!(bt.is_finite() && bt >= 0.0);
    }
});
