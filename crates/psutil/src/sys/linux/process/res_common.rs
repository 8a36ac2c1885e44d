//! Helpers shared by the readers of a process's resources ([`super::smaps`],
//! [`super::fds`], [`super::threads`], [`super::io_counters`]): parse errors labelled with
//! their file, the errno classes the readers test, the ` (deleted)` rule psutil applies to
//! paths read from the kernel, and the error mapping of their `Process` layer.
//!
//! The readers return raw I/O failures as [`Error::Io`] (errno kept) so that the `Process`
//! layer maps them to psutil's classes ([`mapped`]); malformed content is [`Error::Parse`].

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::{os_error, pid_path};
#[cfg(test)]
use crate::paths::Roots;
use crate::process::ProcRef;
#[cfg(test)]
use crate::Pid;
use crate::{Error, Result};

/// Re-labels a parse error with the full path of the file it came from.
pub(super) fn in_file<T>(path: &Path, r: Result<T>) -> Result<T> {
    match r {
        Err(Error::Parse { msg, .. }) => Err(Error::parse(path.display(), msg)),
        other => other,
    }
}

pub(super) fn is_gone(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOENT) | Some(libc::ESRCH))
}

pub(super) fn is_permission(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EACCES) | Some(libc::EPERM))
}

/// The second whitespace-separated token of `line` ("Key:   123 kB" → "123").
pub(super) fn second_token(line: &[u8]) -> Option<&[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).nth(1)
}

/// psutil's `path_exists_strict`: a permission error propagates, any other error is "no".
fn path_exists_strict(path: &Path) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if is_permission(&e) => Err(Error::io(path, e)),
        Err(_) => Ok(false),
    }
}

/// Drops a trailing ` (deleted)` unless a file with that very name exists (psutil): on
/// borrowed bytes, the path without the suffix, or as it was.
pub(super) fn strip_deleted_slice(path: &[u8]) -> Result<&[u8]> {
    const SUFFIX: &[u8] = b" (deleted)";
    match path.strip_suffix(SUFFIX) {
        Some(stripped) if !path_exists_strict(Path::new(OsStr::from_bytes(path)))? => Ok(stripped),
        _ => Ok(path),
    }
}

/// [`strip_deleted_slice`] on owned bytes.
pub(super) fn strip_deleted_bytes(mut path: Vec<u8>) -> Result<Vec<u8>> {
    const SUFFIX: &[u8] = b" (deleted)";
    if path.ends_with(SUFFIX) && !path_exists_strict(Path::new(OsStr::from_bytes(&path)))? {
        path.truncate(path.len() - SUFFIX.len());
    }
    Ok(path)
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping (proc's `os_error`) over the readers.

/// Maps an I/O error of a reader to psutil's classes for `p`; a parse error gets the full
/// path of the file when the reader only knew its short name.
pub(super) fn mapped(p: &ProcRef<'_>, e: Error) -> Error {
    match e {
        Error::Io { path, source } => {
            // `<proc>/<pid>/`, with the trailing `/` (the `join("")`) this label has always had.
            let path = path.unwrap_or_else(|| pid_path(p.roots(), p.pid(), "").join(""));
            os_error(p, source, &path)
        }
        other => other,
    }
}

/// psutil's `_raise_if_not_alive`: `stat(<proc>/<pid>)`, errors mapped.
pub(super) fn raise_if_not_alive(p: &ProcRef<'_>) -> Result<()> {
    let dir = p.roots().proc_file(p.pid().to_string());
    std::fs::metadata(&dir).map(|_| ()).map_err(|e| os_error(p, e, &dir))
}

/// The fixture tree of the resource readers' unit tests.
#[cfg(test)]
pub(super) fn fixture() -> Roots {
    Roots::fixture(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pres_basic"))
}

/// The bytes of `<fixture>/<pid>/<rel>`.
#[cfg(test)]
pub(super) fn read(pid: Pid, rel: &str) -> Vec<u8> {
    std::fs::read(pid_path(&fixture(), pid, rel)).unwrap()
}

#[cfg(test)]
mod tests {
    //! The properties that span the four families.
    use super::super::fds::parse_fdinfo;
    use super::super::io_counters::parse_io;
    use super::super::smaps::{parse_smaps, parse_smaps_rollup, parse_smaps_totals};
    use super::super::threads::parse_task_stat;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsers_never_panic(bytes: Vec<u8>) {
            let _ = parse_smaps(&bytes);
            let _ = parse_smaps_totals(&bytes);
            let _ = parse_smaps_rollup(&bytes);
            let _ = parse_fdinfo(&bytes);
            let _ = parse_task_stat(&bytes);
            let _ = parse_io(&bytes, "io");
        }

        #[test]
        fn line_parsers_never_panic(lines in prop::collection::vec("[A-Za-z_: 0-9\t()-]{0,40}", 0..20)) {
            let bytes = lines.join("\n").into_bytes();
            let _ = parse_smaps(&bytes);
            let _ = parse_smaps_totals(&bytes);
            let _ = parse_smaps_rollup(&bytes);
            let _ = parse_io(&bytes, "io");
        }
    }
}
