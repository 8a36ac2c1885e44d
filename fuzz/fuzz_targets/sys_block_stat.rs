//! `/sys/block/<dev>/stat`: ten counters at least; the `sdiskio` row equals the row
//! `/proc/diskstats` gives for the same counters after `major minor name`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = f::sys_block_stat(data) else { return };
    let toks: Vec<&[u8]> =
        data.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).take(11).collect();
    assert!(toks.len() >= 10);
    // The same eleven counters as a diskstats line (14 fields).
    let mut line = b"8 0 sda".to_vec();
    for i in 0..11 {
        line.push(b' ');
        line.extend_from_slice(toks.get(i).copied().unwrap_or(b"0"));
    }
    let eleventh_is_u64 = toks.get(10).is_none_or(|t| {
        std::str::from_utf8(t).is_ok_and(|s| s.parse::<u64>().is_ok()) && t.iter().all(u8::is_ascii_digit)
    });
    if eleventh_is_u64 {
        let rows = f::diskstats(&line).expect("the same counters parse as diskstats");
        assert_eq!(rows, vec![("sda".to_owned(), v)], "sysfs and diskstats rows differ");
    }
});
