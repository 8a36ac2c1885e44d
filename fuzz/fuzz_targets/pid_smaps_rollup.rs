//! `/proc/<pid>/smaps_rollup`: uss, pss and swap are whole KiB, and the values written
//! back in the kernel's format parse to the same values (also through the `smaps`
//! fallback parser, which must agree on such a file).
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok([uss, pss, swap]) = f::pid_smaps_rollup(data) else { return };
    assert!([uss, pss, swap].iter().all(|v| v % 1024 == 0));
    let text = format!(
        "00400000-7ffc0000 ---p 00000000 00:00 0    [rollup]\nRss:  {} kB\nPss:  {} kB\nPrivate_Clean:  {} kB\nPrivate_Dirty:  0 kB\nSwap:  {} kB\nSwapPss:  7 kB\n",
        pss / 1024,
        pss / 1024,
        uss / 1024,
        swap / 1024
    );
    assert_eq!(f::pid_smaps_rollup(text.as_bytes()).ok(), Some([uss, pss, swap]), "round trip");
    assert_eq!(f::pid_smaps_totals(text.as_bytes()).ok(), Some([uss, pss, swap]), "smaps fallback disagrees");
});
