//! `/proc/<pid>/fdinfo/<fd>`: pos (decimal) and flags (octal) round-trip through the
//! kernel's format; psutil's open mode exists for every access mode but 3.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok((pos, flags)) = f::pid_fdinfo(data) else { return };
    assert!(flags >= 0, "flags are an unsigned octal number");
    let text = format!("pos:\t{pos}\nflags:\t0{flags:o}\nmnt_id:\t25\nino:\t1\n");
    assert_eq!(f::pid_fdinfo(text.as_bytes()).ok(), Some((pos, flags)), "round trip");
    match f::fd_mode(flags) {
        Ok(mode) => {
            assert_ne!(flags & libc_accmode(), 3);
            assert!(["r", "w", "a", "r+", "a+"].contains(&mode));
        }
        Err(_) => assert_eq!(flags & libc_accmode(), 3),
    }
});

fn libc_accmode() -> i32 {
    0o3
}
