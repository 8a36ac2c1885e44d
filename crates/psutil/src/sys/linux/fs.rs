//! Shared reading helpers for the Linux backend: one `read(2)` loop into a reused
//! per-thread buffer, errors that keep the path, and small byte-level number parsers.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::OnceLock;

use crate::{Error, Result};

const INITIAL_BUF: usize = 16 * 1024;

thread_local! {
    static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(INITIAL_BUF));
}

/// Reads all of `path` into `buf` (cleared first), growing it only when the file is larger.
pub(crate) fn read_into(path: &Path, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    let mut file = File::open(path)?;
    loop {
        if buf.capacity() - buf.len() < 4096 {
            buf.reserve(buf.capacity().max(4096));
        }
        let spare = buf.spare_capacity_mut();
        // SAFETY: `read` only writes into the slice; we then only expose the `n` bytes it
        // reports as initialised.
        let slice = unsafe { std::slice::from_raw_parts_mut(spare.as_mut_ptr().cast::<u8>(), spare.len()) };
        let n = match file.read(slice) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(());
        }
        // SAFETY: `n` bytes were just initialised by `read`.
        unsafe { buf.set_len(buf.len() + n) };
    }
}

/// One `read(2)` of the start of `path` into `buf`; the number of bytes read. For files
/// whose first lines are all the caller needs (the rest is not read).
pub(crate) fn read_head(path: &Path, buf: &mut [u8]) -> io::Result<usize> {
    let mut file = File::open(path)?;
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// Reads `path` into this thread's scratch buffer and hands the bytes to `parse`.
/// Re-entrant: a nested call gets a fresh buffer instead of the borrowed one.
pub(crate) fn with_file<T>(path: &Path, parse: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    let io_result = BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => read_into(path, &mut buf).map(|()| parse(&buf)),
        Err(_) => {
            let mut buf = Vec::with_capacity(INITIAL_BUF);
            read_into(path, &mut buf).map(|()| parse(&buf))
        }
    });
    io_result.map_err(|e| Error::io(path, e))?
}

/// Reads `path` as raw `io::Result`, for callers that map errno themselves (process files).
pub(crate) fn with_file_raw<T>(path: &Path, parse: impl FnOnce(&[u8]) -> T) -> io::Result<T> {
    BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => read_into(path, &mut buf).map(|()| parse(&buf)),
        Err(_) => {
            let mut buf = Vec::with_capacity(INITIAL_BUF);
            read_into(path, &mut buf).map(|()| parse(&buf))
        }
    })
}

/// `bytes` without leading and trailing ASCII whitespace.
pub(crate) fn trim_ascii(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// Parses a plain decimal `u64`; `None` on empty input, any non-digit, or overflow.
pub(crate) fn parse_u64(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Parses a decimal `i64` with an optional leading `-`.
pub(crate) fn parse_i64(bytes: &[u8]) -> Option<i64> {
    match bytes.split_first() {
        Some((b'-', rest)) => {
            let n = parse_u64(rest)?;
            if n == i64::MAX as u64 + 1 {
                Some(i64::MIN)
            } else {
                i64::try_from(n).ok().map(|v| -v)
            }
        }
        _ => i64::try_from(parse_u64(bytes)?).ok(),
    }
}

/// Clock ticks per second (`sysconf(_SC_CLK_TCK)`), read once.
pub(crate) fn clock_ticks() -> f64 {
    static TICKS: OnceLock<f64> = OnceLock::new();
    *TICKS.get_or_init(|| rustix::param::clock_ticks_per_second() as f64)
}

/// The page size in bytes, read once.
pub(crate) fn page_size() -> u64 {
    static PAGE: OnceLock<u64> = OnceLock::new();
    *PAGE.get_or_init(|| rustix::param::page_size() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_numbers() {
        assert_eq!(parse_u64(b"0"), Some(0));
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_u64(b"18446744073709551616"), None);
        assert_eq!(parse_u64(b""), None);
        assert_eq!(parse_u64(b"12a"), None);
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"-5"), Some(-5));
        assert_eq!(parse_i64(b"-"), None);
    }

    #[test]
    fn reads_real_and_missing_files() {
        let own = |b: &[u8]| Ok(String::from_utf8_lossy(b).into_owned());
        let s = with_file(Path::new("/proc/self/stat"), own).expect("own stat");
        assert!(s.starts_with(&std::process::id().to_string()));
        let err = with_file(Path::new("/proc/definitely-missing"), own).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    }

    #[test]
    fn nested_reads_do_not_clash() {
        let outer = with_file(Path::new("/proc/self/stat"), |a| {
            let inner = with_file(Path::new("/proc/self/statm"), |b| Ok(b.to_vec()))?;
            Ok((a.to_vec(), inner))
        })
        .expect("both reads");
        assert!(!outer.0.is_empty() && !outer.1.is_empty());
    }

    #[test]
    fn constants_are_sane() {
        assert!(clock_ticks() >= 1.0);
        assert!(page_size() >= 4096);
    }

    proptest! {
        #[test]
        fn u64_roundtrip(n: u64) {
            prop_assert_eq!(parse_u64(n.to_string().as_bytes()), Some(n));
        }

        #[test]
        fn i64_roundtrip(n: i64) {
            prop_assert_eq!(parse_i64(n.to_string().as_bytes()), Some(n));
        }

        #[test]
        fn garbage_never_panics(bytes: Vec<u8>) {
            let _ = parse_u64(&bytes);
            let _ = parse_i64(&bytes);
        }
    }
}
