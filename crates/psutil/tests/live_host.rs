//! boot_time(), users() and heap_info() against `vmstat -s`, `/proc/uptime`, `uptime -s`,
//! `who`, and allocations of known size.
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::{proc_value, run};

use std::time::{SystemTime, UNIX_EPOCH};

use psutil_rs::{boot_time, heap_info, heap_trim, users};

#[test]
fn boot_time_matches_vmstat_and_uptime() {
    let ours = boot_time().unwrap();
    let vm: f64 = run("vmstat", &["-s"])
        .lines()
        .find(|l| l.ends_with("boot time"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(ours, vm);
    // now - /proc/uptime; btime is whole seconds and the clock may be stepped: 2 s.
    let up: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    assert!((now - up - ours).abs() <= 2.0, "{ours} vs {}", now - up);
    // uptime -s prints local time; date turns it back into epoch seconds.
    let since = run("uptime", &["-s"]);
    let epoch: f64 = run("date", &["-d", since.trim(), "+%s"]).trim().parse().unwrap();
    assert!((epoch - ours).abs() <= 2.0, "{epoch} vs {ours}");
}

/// `btime` as the test reads it from `/proc/stat`.
fn btime_of_the_file() -> f64 {
    proc_value("/proc/stat", "btime ") as f64
}

/// The library reads `/proc/stat` again only when the clocks say `btime` may have moved:
/// call after call, from several threads, each answer is the file's (read by the test
/// before and after; a wall-clock step in between would show as the two differing).
#[test]
fn boot_time_call_after_call_is_the_files_btime() {
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..500 {
                    let before = btime_of_the_file();
                    let ours = boot_time().unwrap();
                    let after = btime_of_the_file();
                    assert!(ours == before || ours == after, "{before} {ours} {after}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn users_match_who() {
    let ours = users().unwrap();
    // who: NAME LINE TIME [COMMENT]; one line per USER_PROCESS entry, in utmp order.
    let who = run("who", &[]);
    let theirs: Vec<(String, String)> = who
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace();
            (it.next().unwrap().to_owned(), it.next().unwrap_or("").to_owned())
        })
        .collect();
    let mine: Vec<(String, String)> =
        ours.iter().map(|u| (u.name.clone(), u.terminal.clone().unwrap_or_default())).collect();
    assert_eq!(mine, theirs);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    for u in &ours {
        assert!(!u.host.is_empty());
        assert!(u.started > 0.0 && u.started <= now + 1.0);
    }
}

/// The login records that the test steps write with `scripts/test-login.py` (exported
/// as PSUTIL_RS_TEST_LOGINS: `name,terminal,host,pid,started;...`) are each one row of
/// users(), with psutil's fields. Without them (not root, or run outside the steps)
/// there is nothing known to look for.
#[test]
fn users_include_the_test_logins() {
    let Ok(spec) = std::env::var("PSUTIL_RS_TEST_LOGINS") else {
        eprintln!("PSUTIL_RS_TEST_LOGINS is not set (no test logins were opened): nothing to look for");
        return;
    };
    let ours = users().unwrap();
    for record in spec.split(';') {
        let f: Vec<&str> = record.split(',').collect();
        assert_eq!(f.len(), 5, "{record}");
        let row = ours
            .iter()
            .find(|u| u.name == f[0] && u.terminal.as_deref() == Some(f[1]))
            .unwrap_or_else(|| panic!("{record} is not among {ours:?}"));
        assert_eq!(row.host, f[2], "{row:?}");
        assert_eq!(row.pid, Some(f[3].parse().unwrap()), "{row:?}");
        assert_eq!(row.started, f[4].parse::<f64>().unwrap(), "{row:?}");
    }
}

#[test]
fn heap_info_sees_a_large_allocation() {
    heap_trim().unwrap();
    let before = heap_info().unwrap();
    assert!(before.heap_used > 0);
    // 64 MiB is above glibc's largest dynamic mmap threshold (32 MiB): it is mmap'ed.
    let size = 64usize << 20;
    let big = std::hint::black_box(vec![7u8; size]);
    let during = heap_info().unwrap();
    drop(big);
    let after = heap_info().unwrap();
    assert!(during.mmap_used >= before.mmap_used + size as u64, "{before:?} {during:?}");
    assert!(after.mmap_used + size as u64 <= during.mmap_used, "{during:?} {after:?}");
}
