//! `/proc/diskstats`: one row per line, sector counts turned into whole 512-byte units,
//! additive over two copies, and rows written back in the 2.6+ format parse the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = f::diskstats(data) else { return };
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let lines = if data.is_empty() { 0 } else { body.split(|&b| b == b'\n').count() };
    assert_eq!(rows.len(), lines, "one row per line");
    for (_, v) in &rows {
        assert!(v[2] % 512 == 0 || v[2] == u64::MAX, "read bytes are sectors x 512");
        assert!(v[3] % 512 == 0 || v[3] == u64::MAX, "write bytes are sectors x 512");
    }
    let mut twice = body.to_vec();
    if !data.is_empty() {
        twice.push(b'\n');
    }
    twice.extend_from_slice(data);
    let again = f::diskstats(&twice).expect("two copies parse");
    assert_eq!(again.len(), 2 * rows.len());
    assert_eq!(&again[rows.len()..], &rows[..]);
    // sdiskio: reads, writes, read_bytes, write_bytes, read_time, write_time,
    // read_merged, write_merged, busy_time; the kernel's order is reads, merged, sectors,
    // time, writes, merged, sectors, time, in flight, io time, weighted.
    let mut text = String::new();
    for (name, v) in &rows {
        if v[2] == u64::MAX || v[3] == u64::MAX || name.is_empty() || name.contains(char::is_whitespace) {
            return;
        }
        text.push_str(&format!(
            "   8       0 {name} {} {} {} {} {} {} {} {} 0 {} 0 0 0 0 0 0 0 0\n",
            v[0],
            v[6],
            v[2] / 512,
            v[4],
            v[1],
            v[7],
            v[3] / 512,
            v[5],
            v[8]
        ));
    }
    assert_eq!(f::diskstats(text.as_bytes()).ok(), Some(rows), "round trip");
});
