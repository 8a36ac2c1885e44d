//! Helpers shared by the portable `api_*` tests.
#![allow(dead_code)] // each test binary uses its own subset

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch now, from the standard library's clock.
pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// A percentage as psutil computes it (0-100, one decimal), with room for the rounding.
pub fn is_percent(p: f64) -> bool {
    (0.0..=100.0).contains(&p)
}
