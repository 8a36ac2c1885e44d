//! `/proc/net/dev`: one row per non-blank line after the two headers; rows written back
//! in the kernel's format parse to the same rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = f::net_dev(data) else { return };
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let lines = if data.is_empty() {
        0
    } else {
        body.split(|&b| b == b'\n').skip(2).filter(|l| !l.trim_ascii().is_empty()).count()
    };
    assert_eq!(rows.len(), lines);
    if rows.iter().any(|(name, _)| name.is_empty()) {
        return;
    }
    // snetio: bytes_sent, bytes_recv, packets_sent, packets_recv, errin, errout, dropin, dropout.
    let mut text = String::from("Inter-|   Receive\n face |bytes    packets\n");
    for (name, v) in &rows {
        text.push_str(&format!(
            "{name:>6}: {} {} {} {} 0 0 0 0 {} {} {} {} 0 0 0 0\n",
            v[1], v[3], v[4], v[6], v[0], v[2], v[5], v[7]
        ));
    }
    assert_eq!(f::net_dev(text.as_bytes()).ok(), Some(rows), "round trip");
});
