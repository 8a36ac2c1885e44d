//! Names and paths holding bytes that are not UTF-8.
//!
//! The library returns UTF-8 strings and replaces such bytes with U+FFFD; psutil decodes
//! them with the file-system encoding and `surrogateescape`, so they survive a round
//! trip to `open()`. When a string from the library holds U+FFFD, the bytes it came from
//! are read again here and returned instead, decoded the way Python decodes file names
//! (`os.fsdecode`), but only if they turn into that very string when decoded lossily:
//! whatever the second read finds, the value can only gain its original bytes back,
//! never change. Strings without U+FFFD (nearly all) cost one `contains` scan.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use pyo3::prelude::*;

const BAD: char = '\u{FFFD}';
const DELETED: &[u8] = b" (deleted)";

/// `s` as a Python str, or, when it holds U+FFFD, the first of `candidates()` that
/// decodes lossily to `s`, decoded like a file name.
pub fn fs_str<'py>(
    py: Python<'py>,
    s: &str,
    candidates: impl FnOnce() -> Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyAny>> {
    if s.contains(BAD) {
        if let Some(raw) = candidates().into_iter().find(|c| String::from_utf8_lossy(c) == s) {
            return Ok(OsStr::from_bytes(&raw).into_pyobject(py)?.into_any());
        }
    }
    Ok(s.into_pyobject(py)?.into_any())
}

/// A link's target cut at the first NUL, and the same without a ` (deleted)` suffix.
pub fn link(path: &str) -> Vec<Vec<u8>> {
    let Ok(target) = std::fs::read_link(path) else {
        return Vec::new();
    };
    let bytes = target.as_os_str().as_bytes();
    let bytes = bytes.split(|b| *b == 0).next().unwrap_or_default().to_vec();
    with_undeleted(vec![bytes])
}

fn with_undeleted(mut v: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let extra: Vec<Vec<u8>> = v.iter().filter_map(|b| b.strip_suffix(DELETED)).map(<[u8]>::to_vec).collect();
    v.extend(extra);
    v
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// `/proc/PID/cmdline` split as psutil splits it (NUL-separated, or space-separated when
/// the process rewrote its arguments as one string).
pub fn cmdline_parts(procfs: &str, pid: u32) -> Vec<Vec<u8>> {
    let data = read(&format!("{procfs}/{pid}/cmdline"));
    if data.is_empty() {
        return Vec::new();
    }
    let sep = if data.ends_with(b"\0") { b'\0' } else { b' ' };
    let body = data.strip_suffix(&[sep]).unwrap_or(&data);
    let mut parts: Vec<Vec<u8>> = body.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if sep == b'\0' && parts.len() == 1 && body.contains(&b' ') {
        parts = body.split(|b| *b == b' ').map(<[u8]>::to_vec).collect();
    }
    parts
}

/// A process name: the raw `comm` from `/proc/PID/stat`, and the base name of the raw
/// first argument (the library uses it for names cut at 15 bytes).
pub fn name_candidates(procfs: &str, pid: u32) -> Vec<Vec<u8>> {
    let stat = read(&format!("{procfs}/{pid}/stat"));
    let mut out = Vec::new();
    if let (Some(l), Some(r)) = (stat.iter().position(|b| *b == b'('), stat.iter().rposition(|b| *b == b')'))
    {
        if l < r {
            out.push(stat[l + 1..r].to_vec());
        }
    }
    if let Some(first) = cmdline_parts(procfs, pid).into_iter().next() {
        let base = first.rsplit(|b| *b == b'/').next().unwrap_or_default().to_vec();
        out.push(base);
    }
    out
}

/// The paths in `/proc/PID/maps` that are not UTF-8 (each also without ` (deleted)`).
pub fn map_paths(procfs: &str, pid: u32) -> Vec<Vec<u8>> {
    with_undeleted(non_utf8_tails(&read(&format!("{procfs}/{pid}/maps")), 0, 5))
}

/// The UNIX socket paths in `/proc/net/unix` that are not UTF-8.
pub fn unix_paths(procfs: &str) -> Vec<Vec<u8>> {
    non_utf8_tails(&read(&format!("{procfs}/net/unix")), 1, 7)
}

/// Per line of a table (after `header` lines), what follows the first `fields`
/// space-separated fields, trimmed, when it is not UTF-8.
fn non_utf8_tails(data: &[u8], header: usize, fields: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for line in data.split(|b| *b == b'\n').skip(header) {
        let mut rest = line;
        for _ in 0..fields {
            rest = rest.trim_ascii_start();
            rest = rest.iter().position(|b| *b == b' ').map_or(&[][..], |i| &rest[i..]);
        }
        let tail = rest.trim_ascii();
        if std::str::from_utf8(tail).is_err() {
            out.push(tail.to_vec());
        }
    }
    out
}
