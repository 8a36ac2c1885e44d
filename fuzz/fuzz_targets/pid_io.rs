//! `/proc/<pid>/io`: the allocation-free fast path succeeds exactly when the full parser
//! does, with the same values; the values round-trip through the kernel's format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let full = f::pid_io(data);
    let fast = f::pid_io_fast(data);
    assert_eq!(full.as_ref().ok(), fast.as_ref(), "fast path and full parser disagree");
    if let Ok(v) = full {
        let text = format!(
            "rchar: {}\nwchar: {}\nsyscr: {}\nsyscw: {}\nread_bytes: {}\nwrite_bytes: {}\ncancelled_write_bytes: 0\n",
            v[4], v[5], v[0], v[1], v[2], v[3]
        );
        assert_eq!(f::pid_io(text.as_bytes()).ok(), Some(v), "round trip");
    }
});
