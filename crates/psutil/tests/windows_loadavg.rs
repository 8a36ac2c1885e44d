//! `getloadavg()` on Windows: psutil's emulation, folded at each call (no sampler thread;
//! `sys/windows/loadavg.rs`, whose averaging is unit-tested against psutil's recurrence on
//! every host). One test in its own binary, so that its first call is the process's first.
//! Under Wine 8.0 every thread's state reads (0, 0) (windows.md section 7), so no thread
//! is ever ready and the averages stay 0 whatever runs: the test asserts that outcome
//! after a full 5 s step with threads alive (counting all threads, or state 0, would show).
#![cfg(windows)]

mod common;

use std::time::{Duration, Instant};

#[test]
fn first_call_is_zero_then_ready_threads_are_folded_in() {
    let first = psutil_rs::getloadavg().expect("getloadavg");
    assert_eq!(first, (0.0, 0.0, 0.0), "psutil's first call returns zeros");
    let cpus = psutil_rs::cpu_count(true).ok().flatten().unwrap_or(1);
    // Twice as many busy threads as CPUs on Windows (some must wait for a processor);
    // under Wine, sleeping ones are enough (no thread state is reported at all).
    let busy = !common::under_wine();
    let until = Instant::now() + Duration::from_millis(5600);
    let workers: Vec<_> = (0..2 * cpus)
        .map(|_| {
            std::thread::spawn(move || {
                while Instant::now() < until {
                    if !busy {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(5200));
    let second = psutil_rs::getloadavg().expect("getloadavg");
    for w in workers {
        w.join().expect("worker");
    }
    let (one, five, fifteen) = second;
    if common::under_wine() {
        assert_eq!(second, (0.0, 0.0, 0.0), "Wine reports no ready thread");
    } else {
        assert!(one > 0.0 && one >= five && five >= fifteen, "{second:?}");
    }
    // Calls less than a step apart fold nothing: the same values.
    assert_eq!(psutil_rs::getloadavg().expect("getloadavg"), second);
}
