//! `/proc/<pid>/cmdline`: the arguments rejoined with the separator psutil split on give
//! the data back (less one trailing separator); the quick first-argument read agrees;
//! Python's file-name decoding helpers stay consistent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let args = f::pid_cmdline(data);
    assert_eq!(f::pid_cmdline_first(data), args.first().map(Vec::as_slice), "first argument");
    if data.is_empty() {
        assert!(args.is_empty());
        return;
    }
    let rejoins = [0u8, b' '].iter().any(|&sep| {
        let joined = args.join(&sep);
        joined == data || (matches!(data.last(), Some(0 | b' ')) && joined == data[..data.len() - 1])
    });
    assert!(rejoins, "arguments do not rejoin to the data: {args:?}");

    let (chars, starts_with_itself) = f::fs_decoded(data, data);
    assert!(starts_with_itself);
    assert!(chars <= data.len() && chars >= String::from_utf8_lossy(data).chars().count());
    assert!(f::fs_decoded(data, &[]).1);
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(chars, text.chars().count());
        if let Some(first) = args.first() {
            // For valid UTF-8 the decoded prefix test is the byte test at a char boundary.
            assert_eq!(f::fs_decoded(data, first).1, text.is_char_boundary(first.len()));
        }
    }
});
