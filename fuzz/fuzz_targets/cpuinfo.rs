//! `/proc/cpuinfo`: the processor count, psutil's cores fallback and the `cpu MHz` values
//! are consistent with the lines they come from, and additive over two sections.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let (processors, cores, mhz) = f::cpuinfo(data);
    let lines = data.split(|&b| b == b'\n').count();
    assert!(processors <= lines);
    if let Ok(Some(n)) = cores {
        assert!(n > 0);
    }
    if let Ok(mhz) = &mhz {
        let mhz_lines = data
            .split(|&b| b == b'\n')
            .filter(|l| l.len() >= 7 && l[..7].eq_ignore_ascii_case(b"cpu mhz"))
            .count();
        assert_eq!(mhz.len(), mhz_lines, "one value per 'cpu MHz' line");
    }
    let mut twice = data.to_vec();
    twice.push(b'\n');
    twice.extend_from_slice(data);
    let (p2, _, m2) = f::cpuinfo(&twice);
    assert_eq!(p2, 2 * processors);
    if let (Ok(m), Ok(m2)) = (&mhz, &m2) {
        assert_eq!(m2.len(), 2 * m.len());
    }
});
