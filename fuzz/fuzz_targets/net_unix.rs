//! `/proc/net/unix`: rows (type, inode, path) written back in the kernel's format parse
//! to the same rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = f::net_unix(data) else { return };
    let mut out = b"Num       RefCount Protocol Flags    Type St Inode Path\n".to_vec();
    for (ty, inode, path) in &rows {
        assert!(!path.iter().any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)));
        out.extend_from_slice(
            format!("0000000000000000: 00000002 00000000 00010000 {ty:04} 01 {inode}").as_bytes(),
        );
        if !path.is_empty() {
            out.push(b' ');
            out.extend_from_slice(path);
        }
        out.push(b'\n');
    }
    assert_eq!(f::net_unix(&out).ok(), Some(rows), "round trip");
});
