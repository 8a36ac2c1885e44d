//! Unit conversions of the BSD-family kernels' raw numbers into psutil's units.

/// CPU ticks to seconds at `hz` ticks per second (macOS `CLK_TCK` = 100; FreeBSD's
/// `stathz` from `kern.clockrate`). A zero rate gives 0.0 rather than infinity.
pub(crate) fn ticks_to_secs(ticks: u64, hz: u64) -> f64 {
    if hz == 0 {
        return 0.0;
    }
    ticks as f64 / hz as f64
}

/// Mach absolute-time units to seconds. With `tb_frequency` (`hw.tbfrequency`, the
/// counter's rate in Hz) the answer is right also for an x86_64 build under Rosetta,
/// whose `mach_timebase_info` claims 1/1 while the counter runs at 24 MHz (psutil 7.2.2
/// gets 41.67x too little there, gh-2411); without it, `numer/denom` of
/// `mach_timebase_info` give nanoseconds. No `f32` rounding (psutil 7.2.2 keeps about 7
/// digits). A zero divisor gives 0.0.
pub(crate) fn mach_time_to_secs(ticks: u64, tb_frequency: Option<u64>, numer: u32, denom: u32) -> f64 {
    match tb_frequency {
        Some(hz) if hz > 0 => ticks as f64 / hz as f64,
        _ if denom == 0 => 0.0,
        _ => {
            let nanos = u128::from(ticks) * u128::from(numer) / u128::from(denom);
            nanos as f64 / 1e9
        }
    }
}

/// A FreeBSD `bintime` (`sec`, `frac` in 2^-64 s) in milliseconds, as psutil's devstat
/// code computes it: `sec*1000 + ((10^9 * (frac >> 32)) >> 32) / 10^6`, integer math.
pub(crate) fn bintime_to_ms(sec: i64, frac: u64) -> u64 {
    let secs_ms = u64::try_from(sec).unwrap_or(0).saturating_mul(1000);
    let nanos = (1_000_000_000u64 * (frac >> 32)) >> 32;
    secs_ms.saturating_add(nanos / 1_000_000)
}

/// FreeBSD's decikelvin sensor value in whole degrees Celsius, with C's truncating
/// division as psutil: `(dk - 2731) / 10`.
pub(crate) fn decikelvin_to_celsius(dk: i32) -> i32 {
    (dk.saturating_sub(2731)) / 10
}

/// psutil's `secsleft` for a battery: plugged in is `POWER_TIME_UNLIMITED` (-2), -1
/// minutes is `POWER_TIME_UNKNOWN` (-1), else minutes times 60.
pub(crate) fn battery_secsleft(minutes: i64, plugged: bool) -> i64 {
    if plugged {
        -2
    } else if minutes == -1 {
        -1
    } else {
        minutes.saturating_mul(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks() {
        assert_eq!(ticks_to_secs(250, 100), 2.5);
        assert_eq!(ticks_to_secs(256, 128), 2.0);
        assert_eq!(ticks_to_secs(1000, 133), 1000.0 / 133.0);
        assert_eq!(ticks_to_secs(5, 0), 0.0);
    }

    #[test]
    fn mach_time() {
        // Intel: 1/1 timebase, nanoseconds.
        assert_eq!(mach_time_to_secs(1_500_000_000, None, 1, 1), 1.5);
        // Apple Silicon: 125/3 timebase (24 MHz counter).
        assert_eq!(mach_time_to_secs(24_000_000, None, 125, 3), 1.0);
        // Rosetta: timebase says 1/1 but the counter is 24 MHz; tbfrequency fixes it.
        assert_eq!(mach_time_to_secs(24_000_000, Some(24_000_000), 1, 1), 1.0);
        assert_eq!(mach_time_to_secs(24_000_000, Some(0), 125, 3), 1.0, "zero rate: fall back");
        assert_eq!(mach_time_to_secs(10, None, 1, 0), 0.0);
        // No overflow at the top of the range.
        let big = mach_time_to_secs(u64::MAX, None, 125, 3);
        assert!((big - u64::MAX as f64 * 125.0 / 3.0 / 1e9).abs() / big < 1e-12);
        // More than f32's 7 digits survive.
        assert_eq!(mach_time_to_secs(123_456_789_012, None, 1, 1), 123.456789012);
    }

    #[test]
    fn bintime() {
        assert_eq!(bintime_to_ms(0, 0), 0);
        assert_eq!(bintime_to_ms(2, 1 << 63), 2500, "half a second");
        assert_eq!(bintime_to_ms(1, u64::MAX), 1999);
        assert_eq!(bintime_to_ms(-5, 0), 0, "a negative second count is not a duration");
        assert_eq!(bintime_to_ms(i64::MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn decikelvin() {
        assert_eq!(decikelvin_to_celsius(3231), 50);
        assert_eq!(decikelvin_to_celsius(2731), 0);
        assert_eq!(decikelvin_to_celsius(2726), 0, "C truncates toward zero");
        assert_eq!(decikelvin_to_celsius(2711), -2);
        assert_eq!(decikelvin_to_celsius(-1), -273, "tjmax failure sentinel");
        assert_eq!(decikelvin_to_celsius(i32::MIN), (i32::MIN) / 10);
    }

    #[test]
    fn secsleft() {
        assert_eq!(battery_secsleft(30, true), -2);
        assert_eq!(battery_secsleft(-1, false), -1);
        assert_eq!(battery_secsleft(90, false), 5400);
        assert_eq!(battery_secsleft(0, false), 0);
        assert_eq!(battery_secsleft(i64::MAX, false), i64::MAX);
    }
}
