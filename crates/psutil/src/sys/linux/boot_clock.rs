//! When `btime` of `/proc/stat` can be known unchanged without reading the file again.
//!
//! The kernel prints `btime` as the whole seconds of `CLOCK_REALTIME` minus
//! `CLOCK_BOOTTIME` (`getboottime64()`, shifted by the reader's time namespace in
//! `fs/proc/stat.c`). That difference moves only when the wall clock is stepped, and both
//! clocks are read from the vDSO without a system call, where `/proc/stat` makes the
//! kernel format every CPU's and every interrupt's counters.
//!
//! So a `btime` read from the file is kept beside the whole second the clocks gave around
//! that read, and is returned again while the clocks give the same second. A step that
//! changes the second, or clocks too close to a second's boundary to tell, sends the next
//! call back to the file. What is returned is always a value read from the file, so a
//! `/proc/stat` that is not the kernel's (lxcfs, emulations) keeps its own `btime`.

use std::sync::atomic::{AtomicU64, Ordering};

use rustix::time::{clock_gettime, ClockId, Timespec};

use crate::Result;

const NANOS_PER_SEC: i128 = 1_000_000_000;

/// Nanoseconds by which the two clocks' readings may round apart at one instant (each
/// clock scales the same counter from its own base).
const ROUNDING_NS: i128 = 2;

/// The last `btime` read from the file and the clock second it was read at (0: none).
static LAST: AtomicU64 = AtomicU64::new(0);

fn nanos(t: Timespec) -> i128 {
    i128::from(t.tv_sec) * NANOS_PER_SEC + i128::from(t.tv_nsec)
}

/// The whole second of realtime − boottime, from boottime read before (`boot_before`) and
/// after (`boot_after`) realtime (`real`), all in nanoseconds. The true difference lies
/// between `real - boot_after` and `real - boot_before`; `None` when that range (widened
/// by the clocks' rounding) holds a second's boundary.
pub(crate) fn clock_second(boot_before: i128, real: i128, boot_after: i128) -> Option<i64> {
    let low = (real - boot_after - ROUNDING_NS).div_euclid(NANOS_PER_SEC);
    let high = (real - boot_before + ROUNDING_NS).div_euclid(NANOS_PER_SEC);
    if low == high {
        i64::try_from(low).ok()
    } else {
        None
    }
}

/// [`clock_second`] of the clocks now (`clock_gettime(2)` of `CLOCK_BOOTTIME`,
/// `CLOCK_REALTIME`, `CLOCK_BOOTTIME`).
fn clock_second_now() -> Option<i64> {
    let before = nanos(clock_gettime(ClockId::Boottime));
    let real = nanos(clock_gettime(ClockId::Realtime));
    let after = nanos(clock_gettime(ClockId::Boottime));
    clock_second(before, real, after)
}

/// `btime` and its clock second in one word (so no reader sees half of an update), when
/// both are whole numbers that fit 32 bits and the pair is not the empty word.
pub(crate) fn pack(second: i64, btime: f64) -> Option<u64> {
    let second = u32::try_from(second).ok()?;
    if !(btime >= 0.0 && btime <= f64::from(u32::MAX) && btime.fract() == 0.0) {
        return None;
    }
    let word = (u64::from(second) << 32) | btime as u64;
    (word != 0).then_some(word)
}

/// The `btime` of `word` when it was read at clock second `second`.
pub(crate) fn unpack(word: u64, second: i64) -> Option<f64> {
    (word != 0 && i64::try_from(word >> 32).ok() == Some(second)).then(|| (word & u64::from(u32::MAX)) as f64)
}

/// `btime` kept in `last` while `second_now` gives the second it was read at; else
/// `read_file`, kept when the second before and after the read agree.
pub(crate) fn boot_time_with(
    last: &AtomicU64,
    second_now: impl Fn() -> Option<i64>,
    read_file: impl FnOnce() -> Result<f64>,
) -> Result<f64> {
    let before = second_now();
    if let Some(btime) = before.and_then(|s| unpack(last.load(Ordering::Relaxed), s)) {
        return Ok(btime);
    }
    let btime = read_file()?;
    let steady = before.filter(|_| second_now() == before);
    if let Some(word) = steady.and_then(|s| pack(s, btime)) {
        last.store(word, Ordering::Relaxed);
    }
    Ok(btime)
}

/// The real `/proc/stat`'s `btime`: `read_file` only when the clocks cannot vouch for the
/// last value read.
pub(crate) fn boot_time(read_file: impl FnOnce() -> Result<f64>) -> Result<f64> {
    boot_time_with(&LAST, clock_second_now, read_file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const S: i128 = NANOS_PER_SEC;

    #[test]
    fn a_range_inside_one_second_gives_it() {
        let boot = 100 * S;
        let real = 1_700_000_100 * S + S / 2;
        assert_eq!(clock_second(boot, real, boot + 50), Some(1_700_000_000));
    }

    #[test]
    fn a_range_across_a_boundary_gives_nothing() {
        let boot = 100 * S;
        // real - boot is a whole second + 1 ns: the rounding margin reaches the boundary.
        let real = 1_700_000_100 * S + 1;
        assert_eq!(clock_second(boot, real, boot), None);
        // 1 ns under a whole second: within the rounding margin of it.
        let real = 1_700_000_100 * S - 1;
        assert_eq!(clock_second(boot, real, boot + 10), None);
        // 5 ns under, but the reads of boottime 10 ns apart: the range still crosses it.
        let real = 1_700_000_100 * S - 5;
        assert_eq!(clock_second(boot - 10, real, boot), None);
        // Well inside: fine again.
        assert_eq!(clock_second(boot, real - 100, boot + 10), Some(1_699_999_999));
    }

    #[test]
    fn negative_differences_floor_like_the_kernel() {
        // A wall clock set before the epoch: the kernel's timespec floors (tv_nsec >= 0).
        assert_eq!(clock_second(10 * S, 9 * S - S / 2, 10 * S), Some(-2));
        assert_eq!(pack(-2, 0.0), None);
    }

    #[test]
    fn pack_keeps_whole_32_bit_values_only() {
        let word = pack(1_700_000_000, 1_700_000_000.0).unwrap();
        assert_eq!(unpack(word, 1_700_000_000), Some(1_700_000_000.0));
        assert_eq!(unpack(word, 1_700_000_001), None);
        assert_eq!(pack(1, 1.5), None);
        assert_eq!(pack(1, -1.0), None);
        assert_eq!(pack(1, f64::NAN), None);
        assert_eq!(pack(1, 4_294_967_296.0), None);
        assert_eq!(pack(4_294_967_296, 1.0), None);
        assert_eq!(pack(0, 0.0), None);
        assert_eq!(unpack(0, 0), None);
        let top = pack(i64::from(u32::MAX), f64::from(u32::MAX)).unwrap();
        assert_eq!(unpack(top, i64::from(u32::MAX)), Some(f64::from(u32::MAX)));
    }

    /// A fake clock second and a counted file read.
    fn call(last: &AtomicU64, seconds: &[Option<i64>], file: f64, reads: &Cell<u32>) -> Result<f64> {
        let at = Cell::new(0);
        let second_now = || {
            let s = seconds[at.get().min(seconds.len() - 1)];
            at.set(at.get() + 1);
            s
        };
        boot_time_with(last, second_now, || {
            reads.set(reads.get() + 1);
            Ok(file)
        })
    }

    #[test]
    fn the_file_is_read_again_only_when_the_clock_second_moves() {
        let last = AtomicU64::new(0);
        let reads = Cell::new(0);
        let k = 1_700_000_000;
        assert_eq!(call(&last, &[Some(k)], 1_700_000_000.0, &reads).unwrap(), 1_700_000_000.0);
        assert_eq!(reads.get(), 1);
        // Same second: the kept value, even if the file would now say something else.
        assert_eq!(call(&last, &[Some(k)], 5.0, &reads).unwrap(), 1_700_000_000.0);
        assert_eq!(reads.get(), 1);
        // The wall clock was stepped: read again, and keep the new pair.
        assert_eq!(call(&last, &[Some(k + 3)], 1_700_000_003.0, &reads).unwrap(), 1_700_000_003.0);
        assert_eq!(reads.get(), 2);
        assert_eq!(call(&last, &[Some(k + 3)], 9.0, &reads).unwrap(), 1_700_000_003.0);
        assert_eq!(reads.get(), 2);
    }

    #[test]
    fn nothing_is_kept_from_an_unclear_or_moving_clock() {
        let last = AtomicU64::new(0);
        let reads = Cell::new(0);
        // No clear second: the file, and nothing kept.
        assert_eq!(call(&last, &[None], 7.0, &reads).unwrap(), 7.0);
        assert_eq!(call(&last, &[Some(7)], 8.0, &reads).unwrap(), 8.0);
        assert_eq!(reads.get(), 2);
        // Stepped during the read (before and after differ): returned, not kept.
        let last = AtomicU64::new(0);
        assert_eq!(call(&last, &[Some(7), Some(8)], 7.0, &reads).unwrap(), 7.0);
        assert_eq!(last.load(Ordering::Relaxed), 0);
        // An error of the file read is passed on and keeps nothing.
        let err = boot_time_with(&last, || Some(7), || Err(crate::Error::not_supported("btime", "test")));
        assert!(err.is_err());
        assert_eq!(last.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_clocks_give_the_kernels_btime() {
        let stat = std::fs::read_to_string("/proc/stat").unwrap();
        let btime: i64 = stat.lines().find_map(|l| l.strip_prefix("btime ")).unwrap().trim().parse().unwrap();
        // A step of the wall clock between the two reads would move both; a few tries.
        let agree = (0..5).any(|_| clock_second_now() == Some(btime));
        assert!(agree, "btime {btime}, clocks {:?}", clock_second_now());
    }
}
