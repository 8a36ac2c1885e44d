//! The data the monitors and `ps` show, as plain rows computed from the library: no
//! drawing here. `monitor` prints them as text or JSON, `tui` draws them full-screen.

pub mod cpu;
pub mod io;
pub mod live;
pub mod nic;
pub mod pidmap;
pub mod process;
pub mod system;

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch (the clock psutil's `create_time` and `boot_time` use).
pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// Rounded to one decimal, as psutil rounds percents.
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A counter's growth per second over `window` seconds; a counter that went backwards
/// (a device reset) gives 0.
pub fn per_second(before: u64, after: u64, window: f64) -> f64 {
    if window > 0.0 {
        after.saturating_sub(before) as f64 / window
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_rounding() {
        assert_eq!(per_second(100, 300, 2.0), 100.0);
        assert_eq!(per_second(300, 100, 2.0), 0.0);
        assert_eq!(per_second(1, 2, 0.0), 0.0);
        assert_eq!(round1(12.345), 12.3);
        assert!(now() > 1.0e9);
    }
}
