//! `/proc/partitions` and a block device's sysfs `uevent` (the root device finder): a
//! found name comes from the line of that `major minor`, a `DEVNAME` from its line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let (major, minor, text) = match data {
        [a, b, rest @ ..] => (u32::from(*a), u32::from(*b), rest),
        _ => return,
    };
    if let Some(name) = f::partitions_find(text, major, minor) {
        let lossy = String::from_utf8_lossy(text);
        let found = lossy.lines().skip(2).any(|l| {
            let t: Vec<&str> = l.split_ascii_whitespace().collect();
            t.len() >= 4
                && t[3] == name
                && t[0].parse::<u64>().ok() == Some(u64::from(major))
                && t[1].parse::<u64>().ok() == Some(u64::from(minor))
        });
        assert!(found, "{name} is not on a line of {major}:{minor}");
    }
    if let Some(name) = f::uevent_devname(text) {
        assert!(!name.is_empty());
        assert!(String::from_utf8_lossy(text).contains(&format!("DEVNAME={name}")));
    }
});
