//! psutil's `getloadavg()` emulation on Windows, without a sampler thread.
//!
//! psutil, at its first call, starts a PDH query of `\System\Processor Queue Length`
//! that a thread-pool wait callback samples every 5 s, folding each sample q into three
//! exponential averages (`avg = avg·f + q·(1 − f)`, f = e^(−5/60), e^(−5/300),
//! e^(−5/900)); calls return them rounded to 2 decimals, so the first returns zeros.
//! This library keeps no thread or handle between calls, so the sampling happens at the
//! calls instead: each call counts the threads waiting for a processor (Ready, Standby
//! or DeferredReady in `NtQuerySystemInformation(SystemProcessInformation)`, the threads
//! the PDH counter counts) and folds that count in once per whole 5 s step elapsed since
//! the previous fold (f^n for n steps), carrying the remainder of the time over. Under a
//! steady load this gives psutil's values step for step; the difference is that every
//! step since the previous call takes the count read at this call, where psutil had a
//! sample of its own per step. The state is plain memory: three floats and a time.

/// psutil's damping factors for the 1, 5 and 15 minute averages, e^(−5/60),
/// e^(−5/300), e^(−5/900) (its `LOADAVG_FACTOR_*F`).
pub(crate) const FACTORS: [f64; 3] =
    [0.920_044_414_629_323_2, 0.983_471_453_821_617_5, 0.994_459_848_004_896_7];

/// psutil's sampling interval, in seconds.
pub(crate) const STEP_SECS: f64 = 5.0;

/// The three averages and the time not yet folded in.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct LoadAverage {
    avg: [f64; 3],
    /// Seconds since the last fold (less than one step after each call).
    pending: f64,
}

impl LoadAverage {
    /// Adds `elapsed` seconds, then folds `runnable` into each average once per whole
    /// step now pending: `avg·f^n + runnable·(1 − f^n)`, which is psutil's update applied
    /// n times with the same sample. A clock that did not move (or odd input) folds
    /// nothing.
    pub(crate) fn advance(&mut self, elapsed: f64, runnable: f64) {
        if !(elapsed.is_finite() && elapsed > 0.0 && runnable.is_finite()) {
            return;
        }
        self.pending += elapsed;
        let steps = (self.pending / STEP_SECS).floor();
        if steps < 1.0 {
            return;
        }
        self.pending -= steps * STEP_SECS;
        for (avg, f) in self.avg.iter_mut().zip(FACTORS) {
            let decay = f.powf(steps);
            *avg = *avg * decay + runnable * (1.0 - decay);
        }
    }

    /// The (1, 5, 15) minute averages rounded to 2 decimals, as psutil's
    /// `round(load, 2)` (ties to even on the exact value).
    pub(crate) fn rounded(&self) -> (f64, f64, f64) {
        let round2 = |x: f64| format!("{x:.2}").parse().unwrap_or(x);
        (round2(self.avg[0]), round2(self.avg[1]), round2(self.avg[2]))
    }
}

#[cfg(windows)]
mod live {
    use std::sync::{Mutex, PoisonError};
    use std::time::Instant;

    use windows_sys::Wdk::System::SystemInformation::SystemProcessInformation;

    use super::LoadAverage;
    use crate::paths::Roots;
    use crate::Result;

    /// The averages and the time of the last call (none before the first call).
    static STATE: Mutex<Option<(Instant, LoadAverage)>> = Mutex::new(None);

    /// psutil's `getloadavg()` on Windows: the ready-thread count of a fresh
    /// SystemProcessInformation snapshot folded into the averages (module docs). The
    /// first call of the process returns (0.0, 0.0, 0.0), as psutil's.
    pub(crate) fn getloadavg(_roots: &Roots) -> Result<(f64, f64, f64)> {
        let snapshot = crate::sys::windows::ffi::query_system_information(SystemProcessInformation, 0x4000)?;
        let ready = crate::sys::windows::spi::ready_threads(&snapshot) as f64;
        let now = Instant::now();
        let mut state = STATE.lock().unwrap_or_else(PoisonError::into_inner);
        let (last, load) = state.get_or_insert((now, LoadAverage::default()));
        load.advance(now.duration_since(*last).as_secs_f64(), ready);
        *last = now;
        Ok(load.rounded())
    }
}

#[cfg(windows)]
pub(crate) use live::getloadavg;

#[cfg(test)]
mod tests {
    use super::*;

    /// psutil's callback, applied once per 5 s sample.
    fn psutil_steps(samples: &[f64]) -> [f64; 3] {
        let mut avg = [0.0; 3];
        for &q in samples {
            for (a, f) in avg.iter_mut().zip(FACTORS) {
                *a = *a * f + q * (1.0 - f);
            }
        }
        avg
    }

    fn close(a: [f64; 3], b: [f64; 3]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn factors_are_the_exponentials_psutil_hard_codes() {
        for (f, window) in FACTORS.iter().zip([60.0, 300.0, 900.0]) {
            assert!((f - (-STEP_SECS / window).exp()).abs() < 1e-15, "{f}");
        }
    }

    #[test]
    fn first_call_and_short_gaps_give_zeros() {
        let mut l = LoadAverage::default();
        assert_eq!(l.rounded(), (0.0, 0.0, 0.0));
        l.advance(4.99, 7.0);
        assert_eq!(l.rounded(), (0.0, 0.0, 0.0), "less than one step: nothing folded");
    }

    #[test]
    fn one_step_is_psutils_update() {
        // q = 2 after one 5 s step: 2·(1 − f).
        let mut l = LoadAverage::default();
        l.advance(5.0, 2.0);
        assert_eq!(l.avg[0], 2.0 * (1.0 - 0.920_044_414_629_323_2));
        // By hand: 0.1599111707..., 0.0330570923..., 0.0110803039...
        assert_eq!(l.rounded(), (0.16, 0.03, 0.01));
    }

    #[test]
    fn one_window_of_steady_load_reaches_one_minus_one_over_e() {
        // 12 steps = 60 s: 1 − e^(−1) = 0.632... of the load in the 1 minute average.
        let mut one = LoadAverage::default();
        one.advance(60.0, 1.0);
        assert!((one.avg[0] - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        assert_eq!(one.rounded().0, 0.63);
        let mut five = LoadAverage::default();
        five.advance(300.0, 1.0);
        assert_eq!(five.rounded().1, 0.63);
        let mut fifteen = LoadAverage::default();
        fifteen.advance(900.0, 1.0);
        assert_eq!(fifteen.rounded(), (1.0, 0.95, 0.63));
    }

    #[test]
    fn steady_load_matches_psutils_sampler_step_for_step() {
        let mut l = LoadAverage::default();
        l.advance(15.0, 3.0); // 3 steps in one call
        assert!(close(l.avg, psutil_steps(&[3.0; 3])));
        let mut calls = LoadAverage::default();
        for _ in 0..3 {
            calls.advance(5.0, 3.0); // the same 3 steps in 3 calls
        }
        assert!(close(calls.avg, l.avg));
        // A changing load sampled at every step is psutil's sequence exactly.
        let samples = [1.0, 4.0, 0.0, 2.0, 9.0, 3.0];
        let mut per_step = LoadAverage::default();
        for &q in &samples {
            per_step.advance(5.0, q);
        }
        assert!(close(per_step.avg, psutil_steps(&samples)));
        // Between calls, every step takes the later call's count.
        let mut gap = LoadAverage::default();
        gap.advance(5.0, 1.0);
        gap.advance(10.0, 4.0);
        assert!(close(gap.avg, psutil_steps(&[1.0, 4.0, 4.0])));
    }

    #[test]
    fn the_remainder_of_a_step_is_carried_over() {
        let mut l = LoadAverage::default();
        l.advance(3.0, 1.0);
        l.advance(3.0, 1.0); // 6 s: one step folded, 1 s carried
        assert!(close(l.avg, psutil_steps(&[1.0])));
        l.advance(4.0, 1.0); // 5 s: the second step
        assert!(close(l.avg, psutil_steps(&[1.0, 1.0])));
        assert!(l.pending.abs() < 1e-12);
    }

    #[test]
    fn odd_input_changes_nothing() {
        let mut l = LoadAverage::default();
        l.advance(5.0, 1.0);
        let before = l;
        for (elapsed, q) in [(0.0, 1.0), (-5.0, 1.0), (f64::NAN, 1.0), (f64::INFINITY, 1.0), (5.0, f64::NAN)]
        {
            l.advance(elapsed, q);
            assert_eq!(l, before, "{elapsed} {q}");
        }
        // A very long gap forgets the past: the averages are the count itself.
        l.advance(1e9, 2.0);
        assert_eq!(l.rounded(), (2.0, 2.0, 2.0));
    }

    #[test]
    fn rounding_is_pythons() {
        let l = LoadAverage { avg: [0.125, 0.375, 2.675], pending: 0.0 };
        // CPython: round(0.125, 2) = 0.12, round(0.375, 2) = 0.38, round(2.675, 2) = 2.67.
        assert_eq!(l.rounded(), (0.12, 0.38, 2.67));
    }
}
