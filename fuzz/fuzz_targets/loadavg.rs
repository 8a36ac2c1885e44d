//! `/proc/loadavg`: three numbers that round-trip through their decimal text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fuzz_target!(|data: &[u8]| {
    let Ok((a, b, c)) = f::loadavg(data) else { return };
    let text = format!("{a:?} {b:?} {c:?} 2/345 6789\n");
    let (x, y, z) = f::loadavg(text.as_bytes()).expect("own output parses");
    assert!(same(a, x) && same(b, y) && same(c, z), "round trip");
});
