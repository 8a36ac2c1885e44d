//! `/proc/<pid>/statm`: seven decimal fields; the values are the first seven tokens and
//! survive a round trip through the kernel's format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = f::pid_statm(data) else { return };
    let toks: Vec<&[u8]> =
        data.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).take(7).collect();
    assert_eq!(toks.len(), 7);
    for (t, n) in toks.iter().zip(v) {
        assert!(t.iter().all(u8::is_ascii_digit), "a non-decimal token was accepted");
        assert_eq!(std::str::from_utf8(t).ok().and_then(|s| s.parse::<u64>().ok()), Some(n));
    }
    let text = v.map(|n| n.to_string()).join(" ") + "\n";
    assert_eq!(f::pid_statm(text.as_bytes()).ok(), Some(v), "round trip");
});
