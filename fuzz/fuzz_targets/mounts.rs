//! The mount table (`/proc/self/mounts`, `/etc/mtab`) decoded like `getmntent`, and
//! `/proc/filesystems`: rows are additive over concatenated tables, and a table written
//! back with glibc's escapes parses to the same rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fn escape(field: &str) -> String {
    let mut out = String::new();
    for c in field.chars() {
        match c {
            ' ' => out.push_str("\\040"),
            '\t' => out.push_str("\\011"),
            '\n' => out.push_str("\\012"),
            '\\' => out.push_str("\\134"),
            c => out.push(c),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let rows = f::mounts(data);
    let mut twice = data.to_vec();
    twice.push(b'\n');
    twice.extend_from_slice(data);
    let again = f::mounts(&twice);
    assert_eq!(again.len(), 2 * rows.len());
    assert_eq!(&again[rows.len()..], &rows[..]);

    // Rows with every field present and no '#' start write back exactly.
    let complete = rows.iter().all(|r| r.iter().all(|f| !f.is_empty()) && !r[0].starts_with('#'));
    if complete {
        let text: String = rows
            .iter()
            .map(|r| format!("{} {} {} {} 0 0\n", escape(&r[0]), escape(&r[1]), escape(&r[2]), escape(&r[3])))
            .collect();
        assert_eq!(f::mounts(text.as_bytes()), rows, "escape round trip");
    }
    for field in data.split(|&b| b == b' ') {
        if !field.contains(&b'\\') {
            assert_eq!(f::mount_field(field), String::from_utf8_lossy(field));
        }
    }

    let fs = f::filesystems(data);
    if !data.is_empty() && !data.ends_with(b"\n") {
        let mut twice = data.to_vec();
        twice.push(b'\n');
        twice.extend_from_slice(data);
        assert_eq!(f::filesystems(&twice).len(), 2 * fs.len());
    }
    for name in &fs {
        assert!(!name.starts_with("nodev") || name == "zfs");
    }
});
