//! The shared test vectors of `tests/vectors/stateful.json` (expected values from psutil
//! 7.2.2, see `tests/vectors/generate.py`) against the Rust copies of the algorithms
//! that the Python package also has: [`cpu_percent_between`],
//! [`cpu_times_percent_between`] and [`nowrap::WrapCorrector`]. `tests/python/test_vectors.py`
//! checks the Python copies against the same file.
#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use psutil_rs::nowrap::WrapCorrector;
use psutil_rs::os::linux::CpuTimesExt;
use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{cpu_percent_between, cpu_times_percent_between, CpuTimes};
use serde_json::Value;

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/stateful.json");
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn ticks_of(v: &Value) -> Vec<u64> {
    v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).collect()
}

/// The library's `CpuTimes` for these clock ticks: written as the `cpu` line of a
/// fixture `/proc/stat` and read back by `cpu_times()`, the way real samples come in.
fn cpu_times_of(ticks: &[u64], hz: u64) -> CpuTimes {
    assert_eq!(hz, unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64, "vectors assume USER_HZ");
    let dir = std::env::temp_dir().join(format!(
        "psutil-rs-vectors-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(dir.join("proc")).unwrap();
    let line: Vec<String> = ticks.iter().map(u64::to_string).collect();
    std::fs::write(dir.join("proc/stat"), format!("cpu  {}\ncpu0 {}\n", line.join(" "), line.join(" ")))
        .unwrap();
    let t = with_roots(Roots::fixture(&dir), psutil_rs::cpu_times).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    t
}

fn fields(t: &CpuTimes) -> Vec<f64> {
    let mut v = vec![t.user, t.nice, t.system, t.idle, t.iowait(), t.irq(), t.softirq()];
    v.extend([t.steal(), t.guest(), t.guest_nice()].into_iter().flatten());
    v
}

#[test]
fn cpu_percent_matches_the_vectors() {
    let data = vectors();
    let hz = data["clock_ticks_per_second"].as_u64().unwrap();
    let cases = data["cpu_percent"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let t1 = cpu_times_of(&ticks_of(&case["t1"]), hz);
        let t2 = cpu_times_of(&ticks_of(&case["t2"]), hz);
        let want = case["expected"].as_f64().unwrap();
        assert_eq!(cpu_percent_between(&t1, &t2), want, "{}", case["label"]);
    }
}

#[test]
fn cpu_times_percent_matches_the_vectors() {
    let data = vectors();
    let hz = data["clock_ticks_per_second"].as_u64().unwrap();
    for case in data["cpu_times_percent"].as_array().unwrap() {
        let t1 = cpu_times_of(&ticks_of(&case["t1"]), hz);
        let t2 = cpu_times_of(&ticks_of(&case["t2"]), hz);
        let want: Vec<f64> =
            case["expected"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        assert_eq!(fields(&cpu_times_percent_between(&t1, &t2)), want, "{}", case["label"]);
    }
}

#[test]
fn wrap_numbers_matches_the_vectors() {
    let data = vectors();
    let cases = data["wrap_numbers"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let mut c = WrapCorrector::new();
        for step in case["steps"].as_array().unwrap() {
            let sample = |v: &Value| -> BTreeMap<String, Vec<u64>> {
                v.as_object().unwrap().iter().map(|(k, v)| (k.clone(), ticks_of(v))).collect()
            };
            assert_eq!(c.correct(sample(&step["input"])), sample(&step["expected"]), "{}", case["label"]);
        }
    }
}
