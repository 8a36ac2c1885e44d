//! CPU functions on fixture trees. `/proc/stat` expectations come from real psutil 7.2.2
//! run with `PROCFS_PATH` set to the fixture; sysfs ones follow psutil's algorithm
//! (psutil itself reads only the real `/sys`).
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::at;

use psutil_rs::os::linux::CpuTimesExt;
use psutil_rs::paths::with_roots;
use psutil_rs::*;

fn ticks() -> f64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_CLK_TCK) as f64 }
}

/// Every field in psutil's order.
type Scputimes = (f64, f64, f64, f64, f64, f64, f64, Option<f64>, Option<f64>, Option<f64>);

fn all(t: &CpuTimes) -> Scputimes {
    (t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq(), t.steal(), t.guest(), t.guest_nice())
}

#[test]
fn modern_stat() {
    let t = with_roots(at("cpu_modern"), cpu_times).unwrap();
    let jiffies =
        [10132153u64, 290696, 3084719, 46828483, 16683, 0, 25195, 175, 0, 0].map(|j| j as f64 / ticks());
    let [u, n, s, i, w, q, sq, st, g, gn] = jiffies;
    assert_eq!(all(&t), (u, n, s, i, w, q, sq, Some(st), Some(g), Some(gn)));
    if ticks() == 100.0 {
        // psutil 7.2.2: scputimes(user=101321.53, nice=2906.96, ..., steal=1.75, ...)
        assert_eq!((t.user, t.nice, t.idle, t.steal()), (101321.53, 2906.96, 468284.83, Some(1.75)));
    }
    let per = with_roots(at("cpu_modern"), cpu_times_percpu).unwrap();
    assert_eq!(per.len(), 4);
    if ticks() == 100.0 {
        assert_eq!((per[0].user, per[3].softirq(), per[1].steal()), (13932.8, 25.62, Some(0.5)));
    }
    let st = with_roots(at("cpu_modern"), cpu_stats).unwrap();
    assert_eq!(
        st,
        CpuStats { ctx_switches: 356710420, interrupts: 199128467, soft_interrupts: 52309108, syscalls: 0 }
    );
    assert_eq!(with_roots(at("cpu_modern"), getloadavg).unwrap(), (0.52, 1.25, 2.0));
}

#[test]
fn old_kernels_with_7_8_9_fields() {
    for (name, n) in [("cpu_old7", 7), ("cpu_old8", 8), ("cpu_old9", 9)] {
        let t = with_roots(at(name), cpu_times).unwrap();
        assert_eq!(t.user, 100.0 / ticks());
        assert_eq!(t.softirq(), 700.0 / ticks());
        assert_eq!(t.steal().is_some(), n >= 8, "{name}");
        assert_eq!(t.guest().is_some(), n >= 9, "{name}");
        assert_eq!(t.guest_nice(), None, "{name}");
        let per = with_roots(at(name), cpu_times_percpu).unwrap();
        assert_eq!(per.len(), 2);
        assert_eq!(per[1].steal().is_some(), n >= 8);
        let st = with_roots(at(name), cpu_stats).unwrap();
        assert_eq!((st.ctx_switches, st.interrupts, st.soft_interrupts), (6, 5, 7));
    }
}

#[test]
fn malformed_stat() {
    for name in ["cpu_garbage", "cpu_empty", "cpu_truncated"] {
        assert!(matches!(with_roots(at(name), cpu_times), Err(Error::Parse { .. })), "{name}");
        assert!(matches!(with_roots(at(name), cpu_stats), Err(Error::Parse { .. })), "{name}");
        assert!(matches!(with_roots(at(name), getloadavg), Err(Error::Parse { .. })), "{name}");
    }
    assert!(matches!(with_roots(at("cpu_garbage"), cpu_times_percpu), Err(Error::Parse { .. })));
    assert_eq!(with_roots(at("cpu_empty"), cpu_times_percpu).unwrap(), vec![]);
    // Huge: u64::MAX jiffies is fine, one more is malformed.
    let t = with_roots(at("cpu_huge"), cpu_times).unwrap();
    assert_eq!(t.user, u64::MAX as f64 / ticks());
    assert!(matches!(with_roots(at("cpu_huge"), cpu_times_percpu), Err(Error::Parse { .. })));
    assert_eq!(with_roots(at("cpu_huge"), cpu_stats).unwrap().ctx_switches, u64::MAX);
    // psutil returns None fields when ctxt/intr/softirq are missing; here that is an error.
    assert!(matches!(with_roots(at("cpu_nocpus"), cpu_stats), Err(Error::Parse { .. })));
    // No /proc at all → the OS error.
    assert_eq!(with_roots(at("mem_modern"), cpu_times).unwrap_err().raw_os_error(), Some(libc::ENOENT));
}

#[test]
fn physical_cores() {
    // Distinct core_cpus_list contents: "0-1" and "2-3".
    assert_eq!(with_roots(at("cpu_modern"), || cpu_count(false)).unwrap(), Some(2));
    // Only thread_siblings_list, each CPU its own core.
    assert_eq!(with_roots(at("cpu_siblings"), || cpu_count(false)).unwrap(), Some(4));
    // No topology in sysfs: 2 sockets × "cpu cores 4" from cpuinfo.
    assert_eq!(with_roots(at("cpu_old7"), || cpu_count(false)).unwrap(), Some(8));
    // Nothing anywhere → None, as psutil.
    assert_eq!(with_roots(at("cpu_sparc"), || cpu_count(false)).unwrap(), None);
    assert_eq!(with_roots(at("cpu_nocpus"), || cpu_count(false)).unwrap(), None);
    assert!(matches!(with_roots(at("cpu_garbage"), || cpu_count(false)), Err(Error::Parse { .. })));
}

#[test]
fn logical_count_uses_sysconf_whatever_the_roots() {
    // SAFETY: sysconf has no preconditions.
    let online = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) } as usize;
    assert_eq!(with_roots(at("cpu_sparc"), || cpu_count(true)).unwrap(), Some(online));
}

#[test]
fn freq_from_policies() {
    // Two policies (2 != 4 cpuinfo MHz lines): scaling_cur_freq, numeric order.
    let per = with_roots(at("cpu_modern"), cpu_freq_percpu).unwrap();
    assert_eq!(
        per,
        vec![
            CpuFreq { current: 1200.0, min: 400.0, max: 3000.0 },
            CpuFreq { current: 2400.0, min: 800.0, max: 3600.0 }
        ]
    );
    assert_eq!(
        with_roots(at("cpu_modern"), cpu_freq).unwrap(),
        Some(CpuFreq { current: 1800.0, min: 600.0, max: 3300.0 })
    );
    // As many policies as cpuinfo lines: current from cpuinfo, truncated to whole kHz.
    let per = with_roots(at("cpu_freq_cpuinfo"), cpu_freq_percpu).unwrap();
    assert_eq!(
        per,
        vec![
            CpuFreq { current: 2596.123, min: 500.0, max: 3000.0 },
            CpuFreq { current: 1400.0, min: 500.0, max: 3000.0 }
        ]
    );
    // cpuinfo_cur_freq when scaling_cur_freq is missing; an offline CPU gives zeros.
    let per = with_roots(at("cpu_freq_fallbacks"), cpu_freq_percpu).unwrap();
    assert_eq!(
        per,
        vec![
            CpuFreq { current: 1500.0, min: 1000.0, max: 2000.0 },
            CpuFreq { current: 0.0, min: 0.0, max: 0.0 }
        ]
    );
    // cpuN/cpufreq directories, sorted by number (cpu10 after cpu2).
    let per = with_roots(at("cpu_freq_percpu_dirs"), cpu_freq_percpu).unwrap();
    assert_eq!(per.iter().map(|f| f.current).collect::<Vec<_>>(), vec![1000.0, 2000.0, 3000.0]);
    // No current frequency file on an online CPU: psutil's NotImplementedError.
    assert!(with_roots(at("cpu_freq_nocur"), cpu_freq_percpu).unwrap_err().is_not_supported());
    assert!(matches!(with_roots(at("cpu_garbage"), cpu_freq_percpu), Err(Error::Parse { .. })));
}

#[test]
fn freq_from_cpuinfo_only() {
    let per = with_roots(at("cpu_freq_cpuinfo_only"), cpu_freq_percpu).unwrap();
    assert_eq!(
        per.iter().map(|f| (f.current, f.min, f.max)).collect::<Vec<_>>(),
        vec![(1800.5, 0.0, 0.0), (1900.5, 0.0, 0.0), (2000.5, 0.0, 0.0), (2100.5, 0.0, 0.0)]
    );
    assert_eq!(
        with_roots(at("cpu_freq_cpuinfo_only"), cpu_freq).unwrap(),
        Some(CpuFreq { current: 1950.5, min: 0.0, max: 0.0 })
    );
    // No MHz lines: no frequency at all.
    assert_eq!(with_roots(at("cpu_nocpus"), cpu_freq).unwrap(), None);
}

#[test]
fn percent_state_uses_the_roots_of_each_call() {
    // The same fixture twice: nothing elapsed → 0.0 and all-zero times percentages.
    with_roots(at("cpu_modern"), || {
        let mut s = CpuSampler::primed().unwrap();
        assert_eq!(s.cpu_percent(None).unwrap(), 0.0);
        assert_eq!(s.cpu_percent_percpu(None).unwrap(), vec![0.0; 4]);
        let p = s.cpu_times_percent(None).unwrap();
        assert_eq!((p.user, p.idle, p.steal()), (0.0, 0.0, Some(0.0)));
    });
    // Between two fixtures: psutil's formula on known deltas.
    let t1 = with_roots(at("cpu_old7"), cpu_times).unwrap();
    let t2 = with_roots(at("cpu_modern"), cpu_times).unwrap();
    let d = |a: f64, b: f64| (b - a).max(0.0);
    let (user, nice, system, idle) =
        (d(t1.user, t2.user), d(t1.nice, t2.nice), d(t1.system, t2.system), d(t1.idle, t2.idle));
    let (iowait, irq, softirq) =
        (d(t1.iowait(), t2.iowait()), d(t1.irq(), t2.irq()), d(t1.softirq(), t2.softirq()));
    let total = user + nice + system + idle + iowait + irq + softirq;
    let want: f64 = format!("{:.1}", (total - idle - iowait) / total * 100.0).parse().unwrap();
    assert_eq!(cpu_percent_between(&t1, &t2), want);
    let p = cpu_times_percent_between(&t1, &t2);
    let want_user: f64 = format!("{:.1}", user * 100.0 / total).parse().unwrap();
    assert_eq!(p.user, want_user);
    assert_eq!(p.irq(), 0.0); // irq went down 600 → 0: clamped
    assert_eq!(p.steal(), None); // t1 has no steal field
}

/// Real psutil 7.2.2 run in a mount namespace with each fixture's `sys/devices/system/cpu`
/// bind-mounted over the real one and `PROCFS_PATH` at its `proc`.
#[test]
fn sysfs_results_match_psutil() {
    type Freq = (f64, f64, f64);
    let cases: [(&str, Option<usize>, Option<Freq>, usize); 10] = [
        ("cpu_modern", Some(2), Some((1800.0, 600.0, 3300.0)), 2),
        ("cpu_siblings", Some(4), Some((1950.5, 0.0, 0.0)), 4),
        ("cpu_old7", Some(8), Some((2000.0, 0.0, 0.0)), 8),
        ("cpu_sparc", None, None, 0),
        ("cpu_nocpus", None, None, 0),
        ("cpu_freq_cpuinfo", None, Some((1998.0615, 500.0, 3000.0)), 2),
        ("cpu_freq_fallbacks", None, Some((750.0, 500.0, 1000.0)), 2),
        ("cpu_freq_percpu_dirs", None, Some((2000.0, 100.0, 4000.0)), 3),
        ("cpu_freq_cpuinfo_only", Some(2), Some((1950.5, 0.0, 0.0)), 4),
        ("cpu_freq_nocur", None, None, 0),
    ];
    for (name, cores, avg, n) in cases {
        with_roots(at(name), || {
            assert_eq!(cpu_count(false).unwrap(), cores, "{name} cores");
            if name == "cpu_freq_nocur" {
                assert!(cpu_freq().unwrap_err().is_not_supported());
                return;
            }
            assert_eq!(cpu_freq().unwrap().map(|f| (f.current, f.min, f.max)), avg, "{name} cpu_freq");
            assert_eq!(cpu_freq_percpu().unwrap().len(), n, "{name} percpu");
        });
    }
}

/// psutil 7.2.2's cpu_percent / cpu_times_percent between `cpu_modern` and `cpu_later`
/// (steal decreasing, guest and guest_nice growing), with CLK_TCK = 100.
#[test]
fn percentages_match_psutil() {
    if ticks() != 100.0 {
        eprintln!("skipped: the psutil values were taken with CLK_TCK = 100, here it is {}", ticks());
        return;
    }
    let (t1, p1) = with_roots(at("cpu_modern"), || (cpu_times().unwrap(), cpu_times_percpu().unwrap()));
    let (t2, p2) = with_roots(at("cpu_later"), || (cpu_times().unwrap(), cpu_times_percpu().unwrap()));
    assert_eq!(cpu_percent_between(&t1, &t2), 54.4);
    let per: Vec<f64> = p1.iter().zip(&p2).map(|(a, b)| cpu_percent_between(a, b)).collect();
    assert_eq!(per, vec![79.1, 52.6, 0.0, 0.0]);
    let flat = |t: &CpuTimes| {
        let a = all(t);
        vec![a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7.unwrap(), a.8.unwrap(), a.9.unwrap()]
    };
    assert_eq!(
        flat(&cpu_times_percent_between(&t1, &t2)),
        vec![33.2, 4.1, 12.4, 41.5, 4.1, 0.4, 4.1, 0.0, 16.6, 1.4]
    );
    let per: Vec<Vec<f64>> =
        p1.iter().zip(&p2).map(|(a, b)| flat(&cpu_times_percent_between(a, b))).collect();
    assert_eq!(per[0], vec![41.9, 10.5, 20.9, 10.5, 10.5, 0.5, 5.2, 0.0, 20.9, 3.1]);
    assert_eq!(per[1], vec![37.9, 0.0, 9.5, 47.4, 0.0, 0.5, 4.7, 0.0, 19.0, 0.3]);
    assert_eq!(per[2], vec![0.0; 10]);
    // The samplers give the same through the roots of each call.
    let mut s = with_roots(at("cpu_modern"), CpuSampler::primed).unwrap();
    assert_eq!(
        with_roots(at("cpu_later"), || s.cpu_percent_percpu(None)).unwrap(),
        vec![79.1, 52.6, 0.0, 0.0]
    );
}
