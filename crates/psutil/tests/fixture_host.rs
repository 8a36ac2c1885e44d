//! boot_time() on fixture trees (psutil 7.2.2 gives the same values or errors).
#![cfg(target_os = "linux")]

mod sysa_oracle;

use sysa_oracle::at;

use psutil_rs::paths::with_roots;
use psutil_rs::{boot_time, Error};

#[test]
fn btime() {
    // The real /proc's value, kept by the library between calls, is not another root's.
    let real = boot_time().unwrap();
    assert!(real > 0.0 && real != 1_700_000_000.0);
    assert_eq!(with_roots(at("host_btime"), boot_time).unwrap(), 1_700_000_000.0);
    assert_eq!(with_roots(at("cpu_huge"), boot_time).unwrap(), 4_102_444_800.0);
    assert_eq!(boot_time().unwrap(), real);
}

#[test]
fn missing_or_bad_btime_is_a_parse_error() {
    boot_time().unwrap();
    for name in ["host_nobtime", "host_badbtime", "cpu_empty", "cpu_garbage", "cpu_truncated"] {
        assert!(matches!(with_roots(at(name), boot_time), Err(Error::Parse { .. })), "{name}");
    }
    assert_eq!(with_roots(at("mem_modern"), boot_time).unwrap_err().raw_os_error(), Some(libc::ENOENT));
}
