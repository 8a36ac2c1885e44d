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
    read_until(path, buf, false)
}

/// [`read_into`] for a file the kernel hands out whole: `read(2)` fills the buffer or
/// returns everything left, so a short read is the end and the usual `read` that
/// returns 0 is skipped (one system call less per file). True of the single-record
/// `/proc/<pid>` files (`stat`, `statm`, `status`, `io`, `smaps_rollup`, built whole
/// by `single_open`), of `cmdline` and `environ` (copied page by page until the buffer
/// or the data ends), and of regular files (fixture trees). Not of multi-record
/// `seq_file`s (`maps`, `smaps`, `net/*`), which may stop short before a record that
/// does not fit.
pub(crate) fn read_record_into(path: &Path, buf: &mut Vec<u8>) -> io::Result<()> {
    read_until(path, buf, true)
}

fn read_until(path: &Path, buf: &mut Vec<u8>, short_read_ends: bool) -> io::Result<()> {
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
        let asked = slice.len();
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
        if short_read_ends && n < asked {
            return Ok(());
        }
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
    with_buf(path, read_into, parse).map_err(|e| Error::io(path, e))?
}

/// Reads `path` as raw `io::Result`, for callers that map errno themselves (process files).
pub(crate) fn with_file_raw<T>(path: &Path, parse: impl FnOnce(&[u8]) -> T) -> io::Result<T> {
    with_buf(path, read_into, parse)
}

/// Reads `path` with `read` into this thread's scratch buffer (a fresh one when a caller
/// up the stack holds it) and hands the bytes to `parse`.
fn with_buf<T>(
    path: &Path,
    read: fn(&Path, &mut Vec<u8>) -> io::Result<()>,
    parse: impl FnOnce(&[u8]) -> T,
) -> io::Result<T> {
    BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => read(path, &mut buf).map(|()| parse(&buf)),
        Err(_) => {
            let mut buf = Vec::with_capacity(INITIAL_BUF);
            read(path, &mut buf).map(|()| parse(&buf))
        }
    })
}

/// [`with_file_raw`] for a file read whole by one `read(2)` (see [`read_record_into`]).
pub(crate) fn with_record_raw<T>(path: &Path, parse: impl FnOnce(&[u8]) -> T) -> io::Result<T> {
    with_buf(path, read_record_into, parse)
}

/// The position of the first `\n` in `s`, looked for eight bytes at a time (`smaps` and
/// `status` lines are short and many; a byte loop was a sixth of the `smaps` parse).
pub(crate) fn find_newline(s: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    const NEWLINES: u64 = ONES * b'\n' as u64;
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Zero bytes of `x` are the newlines; the test is true iff there is one.
        let x = u64::from_ne_bytes(word) ^ NEWLINES;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return chunk.iter().position(|&b| b == b'\n').map(|i| base + i);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&b| b == b'\n').map(|i| base + i)
}

/// `data.split(|&b| b == b'\n')`, with [`find_newline`].
pub(crate) fn split_lines(mut data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match find_newline(data) {
            Some(i) => {
                let line = &data[..i];
                data = &data[i + 1..];
                Some(line)
            }
            None => {
                done = true;
                Some(data)
            }
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
        fn split_lines_is_split_on_newline(bytes in proptest::collection::vec(
            prop_oneof![Just(b'\n'), Just(b'a'), Just(0u8), Just(0x0bu8), Just(0x8au8), Just(0xffu8)], 0..70)) {
            let fast: Vec<&[u8]> = split_lines(&bytes).collect();
            let slow: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            prop_assert_eq!(fast, slow);
        }

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
