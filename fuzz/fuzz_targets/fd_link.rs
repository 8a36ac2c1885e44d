//! `/proc/<pid>/fd` entry names and link targets: a parsed fd number is written back to
//! the same name, a `socket:[N]` inode round-trips, a cleaned link is a NUL-free prefix.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    if let Some(fd) = f::fd_number(data) {
        assert!(fd >= 0);
        assert_eq!(f::fd_name(fd).as_deref(), Some(data), "fd name round trip");
    }
    if let Some(inode) = f::socket_inode(data) {
        let text = format!("socket:[{inode}]");
        assert_eq!(f::socket_inode(text.as_bytes()), Some(inode));
        assert!(data.starts_with(b"socket:[") && data.ends_with(b"]"));
    }
    let kept = f::clean_link(data, |_| true);
    let dropped = f::clean_link(data, |_| false);
    let head = data.split(|&b| b == 0).next().unwrap_or_default();
    assert_eq!(kept, head, "an existing ' (deleted)' name is kept whole");
    assert!(!dropped.contains(&0) && head.starts_with(dropped));
    if head.ends_with(b" (deleted)") {
        assert_eq!(dropped.len() + b" (deleted)".len(), head.len());
    } else {
        assert_eq!(dropped, head);
    }
});
