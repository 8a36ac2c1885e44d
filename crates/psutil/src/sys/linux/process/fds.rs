//! Linux backend: a process's file descriptors — the `<proc>/<pid>/fd` directory and
//! `<proc>/<pid>/fdinfo/<fd>` (proc(5)): the fd count, the `fdinfo` parser, and the
//! `Process` getters `num_fds` and `open_files`, with the fd links they share with
//! `net_connections` ([`fd_table`]). Errors as described in [`super::res_common`].

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::sync::Arc;

use super::res_common::{
    in_file, is_gone, is_permission, mapped, raise_if_not_alive, second_token, strip_deleted_bytes,
};
use super::{pid_path, with_pid_path};
use crate::paths::Roots;
use crate::process::{OpenFile, ProcRef};
use crate::sys::linux::fd_links::FdTable;
use crate::sys::linux::fs;
use crate::{Error, Pid, Result};

/// The Linux-only part of [`OpenFile`], in psutil's order, read through
/// [`crate::os::linux::OpenFileExt`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct OpenFileOs {
    pub(crate) position: u64,
    pub(crate) mode: String,
    pub(crate) flags: i32,
}

// ---------------------------------------------------------------------------------------
// fd, fdinfo (open_files, num_fds)

/// The number of entries of `<proc>/<pid>/fd`. On a procfs that reports it (Linux 6.2 and
/// later give the count of open fds as the directory's size), an access check (the same
/// one listing makes) and one `stat`; otherwise, or when the size is 0, the directory is
/// listed and counted. Our own count includes the fd that lists the directory, as
/// psutil's does: one more than the size `stat` gives, or, when the size is 0, the size
/// of the directory open for listing.
fn num_fds_at(roots: &Roots, pid: Pid) -> Result<usize> {
    with_pid_path(roots, pid, "fd", |dir| count_fds(roots, pid, dir))
}

/// [`num_fds_at`] on the directory `dir`.
fn count_fds(roots: &Roots, pid: Pid, dir: &Path) -> Result<usize> {
    use rustix::fs::{Mode, OFlags};
    let err = |e: rustix::io::Errno| Error::io(dir, e.into());
    let sized =
        |size: i64| usize::try_from(size).map_err(|_| Error::parse("fd", "directory size out of range"));
    let on_procfs = is_procfs(roots.proc());
    if on_procfs && pid == std::process::id() {
        // psutil's listing of our own fds counts the one it lists them with.
        let size = rustix::fs::stat(dir).map_err(err)?.st_size;
        if size > 0 {
            return sized(size + 1);
        }
    } else if on_procfs {
        // The size is shown to anyone; psutil's answer needs the right to list the fds.
        use rustix::fs::{accessat, Access, AtFlags, CWD};
        accessat(CWD, dir, Access::READ_OK, AtFlags::EACCESS).map_err(err)?;
        let size = rustix::fs::stat(dir).map_err(err)?.st_size;
        if size > 0 {
            return sized(size);
        }
    }
    let listing = rustix::fs::open(dir, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
        .map_err(err)?;
    if on_procfs {
        let size = rustix::fs::fstat(&listing).map_err(err)?.st_size;
        if size > 0 {
            return sized(size);
        }
    }
    let mut buf = [std::mem::MaybeUninit::uninit(); 8192];
    let mut entries = rustix::fs::RawDir::new(&listing, &mut buf);
    let mut n = 0usize;
    while let Some(entry) = entries.next() {
        let entry = entry.map_err(err)?;
        let name = entry.file_name().to_bytes();
        n += usize::from(name != b"." && name != b"..");
    }
    Ok(n)
}

/// True when `root` is the mount point of a procfs (checked once per program for `/proc`;
/// other roots, such as fixture trees, are taken as plain directories).
fn is_procfs(root: &Path) -> bool {
    static PROC_IS_PROCFS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    root == Path::new("/proc")
        && *PROC_IS_PROCFS.get_or_init(|| {
            rustix::fs::statfs(root).is_ok_and(|st| st.f_type == rustix::fs::PROC_SUPER_MAGIC)
        })
}

/// Parses `fdinfo/<fd>` like psutil: line 1 `pos: N` (decimal), line 2 `flags: N` (octal).
pub(crate) fn parse_fdinfo(bytes: &[u8]) -> Result<(u64, i32)> {
    const PATH: &str = "fdinfo";
    let mut lines = bytes.split(|&b| b == b'\n');
    let pos = lines
        .next()
        .and_then(second_token)
        .and_then(fs::parse_u64)
        .ok_or_else(|| Error::parse(PATH, "line 1 is not 'pos: <decimal>'"))?;
    let flags = lines
        .next()
        .and_then(second_token)
        .and_then(parse_octal)
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| Error::parse(PATH, "line 2 is not 'flags: <octal>'"))?;
    Ok((pos, flags))
}

fn parse_octal(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u64, |n, &b| {
        let d = b.wrapping_sub(b'0');
        if d > 7 {
            return None;
        }
        n.checked_mul(8)?.checked_add(u64::from(d))
    })
}

/// psutil's `file_flags_to_mode`: r, w, a, r+ or a+. An access mode of 3 (no read, no
/// write) has no psutil mode (psutil raises KeyError): a parse error.
pub(crate) fn flags_to_mode(flags: i32) -> Result<&'static str> {
    let append = flags & libc::O_APPEND != 0;
    match flags & libc::O_ACCMODE {
        libc::O_RDONLY => Ok("r"),
        libc::O_WRONLY => Ok(if append { "a" } else { "w" }),
        libc::O_RDWR => Ok(if append { "a+" } else { "r+" }),
        _ => Err(Error::parse("fdinfo", format!("unknown access mode in flags {flags:o}"))),
    }
}

/// psutil's `readlink` on a target already read: truncated at the first NUL, ` (deleted)`
/// dropped unless a file of that name exists.
fn clean_link(target: &[u8]) -> Result<Vec<u8>> {
    let bytes = target.split(|&b| b == 0).next().unwrap_or_default();
    strip_deleted_bytes(bytes.to_vec())
}

/// psutil's `isfile_strict`: a permission error propagates, any other error is "no".
fn isfile_strict(path: &Path) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.is_file()),
        Err(e) if is_permission(&e) => Err(Error::io(path, e)),
        Err(_) => Ok(false),
    }
}

/// The regular files `pid` has open, from its fd links `table`, and whether an fd
/// vanished during the scan (then the caller checks that the process is still alive, as
/// psutil does).
fn open_files_in(roots: &Roots, pid: Pid, table: &FdTable) -> Result<(Vec<OpenFile>, bool)> {
    let mut out = Vec::new();
    let mut vanished = table.vanished();
    let mut info = pid_path(roots, pid, "fdinfo");
    for (fd, target) in table.links() {
        // Sockets, pipes and anonymous inodes are no paths: skipped before any copy. The
        // checks run on the raw bytes: a name that is not UTF-8 is still a file.
        if !target.starts_with(b"/") {
            continue;
        }
        let path = clean_link(target)?;
        if !isfile_strict(Path::new(OsStr::from_bytes(&path)))? {
            continue;
        }
        info.push(fd.to_string());
        let read = fs::with_record_raw(&info, parse_fdinfo);
        let (pos, flags) = match read {
            Ok(r) => in_file(&info, r)?,
            Err(e) if is_gone(&e) => {
                vanished = true;
                info.pop();
                continue;
            }
            Err(e) => return Err(Error::io(info, e)),
        };
        info.pop();
        let os = OpenFileOs { position: pos, mode: flags_to_mode(flags)?.to_string(), flags };
        out.push(OpenFile::new(OsString::from_vec(path), fd, os));
    }
    Ok((out, vanished))
}

/// [`open_files_in`] on a fresh read of the fd links.
#[cfg(test)]
fn open_files_at(roots: &Roots, pid: Pid) -> Result<(Vec<OpenFile>, bool)> {
    open_files_in(roots, pid, &FdTable::read(roots, pid)?)
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping ([`mapped`]) over the readers.

/// The fd links of `p`, read once per `as_dict` snapshot (`open_files`, `net_connections`
/// and `num_fds` share them), else afresh; errors mapped to psutil's classes.
pub(super) fn fd_table(p: &ProcRef<'_>) -> Result<Arc<FdTable>> {
    if !p.os.in_snapshot() {
        return FdTable::read(p.roots(), p.pid()).map(Arc::new).map_err(|e| mapped(p, e));
    }
    p.os.cached(
        |c| c.fds.clone(),
        || FdTable::read(p.roots(), p.pid()).map(Arc::new).map_err(|e| mapped(p, e)),
        |c, v| c.fds = Some(v),
    )
}

/// psutil's `num_fds`: the listing this `as_dict` snapshot already made, else
/// [`num_fds_at`].
pub(crate) fn num_fds(p: &ProcRef<'_>) -> Result<usize> {
    if let Some(table) = p.os.peek_cached(|c| c.fds.clone()) {
        return Ok(table.listed());
    }
    num_fds_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))
}

pub(crate) fn open_files(p: &ProcRef<'_>) -> Result<Vec<OpenFile>> {
    let table = fd_table(p)?;
    let (files, vanished) = open_files_in(p.roots(), p.pid(), &table).map_err(|e| mapped(p, e))?;
    if vanished {
        raise_if_not_alive(p)?;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::super::res_common::fixture;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fdinfo_and_modes() {
        assert_eq!(parse_fdinfo(b"pos:\t12\nflags:\t02100002\n").unwrap(), (12, 0o2100002));
        assert!(parse_fdinfo(b"pos:\t12\n").is_err());
        assert!(parse_fdinfo(b"pos:\tx\nflags:\t0\n").is_err());
        assert!(parse_fdinfo(b"pos:\t1\nflags:\t9\n").is_err());
        assert!(parse_fdinfo(b"").is_err());
        assert_eq!(flags_to_mode(0).unwrap(), "r");
        assert_eq!(flags_to_mode(libc::O_WRONLY).unwrap(), "w");
        assert_eq!(flags_to_mode(libc::O_WRONLY | libc::O_APPEND).unwrap(), "a");
        assert_eq!(flags_to_mode(libc::O_RDWR).unwrap(), "r+");
        assert_eq!(flags_to_mode(libc::O_RDWR | libc::O_APPEND).unwrap(), "a+");
        assert!(flags_to_mode(3).is_err());
    }

    #[test]
    fn open_files_on_fixture() {
        let (mut files, vanished) = open_files_at(&fixture(), 1000).unwrap();
        files.sort_by_key(|f| f.fd);
        let got: Vec<(i32, &str, u64, &str, i32)> = files
            .iter()
            .map(|f| (f.fd, f.path.as_str(), f.os.position, f.os.mode.as_str(), f.os.flags))
            .collect();
        assert_eq!(
            got,
            [
                (3, "/etc/passwd", 0, "r", 0o2100000),
                (4, "/etc/group", 5, "a", 0o2102001),
                (5, "/etc/passwd", 12, "w", 0o100001),
                (6, "/etc/group", 7, "a+", 0o2002),
                (13, "/etc/passwd", 99, "r+", 0o100002),
            ]
        );
        // fd 11 has no fdinfo: it vanished during the scan.
        assert!(vanished);
        assert_eq!(num_fds_at(&fixture(), 1000).unwrap(), 10);
        assert_eq!(num_fds_at(&fixture(), 4242).unwrap_err().raw_os_error(), Some(libc::ENOENT));
    }

    proptest! {
        #[test]
        fn fdinfo_round_trip(pos: u64, flags in 0i32..0o17777777) {
            let text = format!("pos:\t{pos}\nflags:\t0{flags:o}\nmnt_id:\t1\n");
            prop_assert_eq!(parse_fdinfo(text.as_bytes()).unwrap(), (pos, flags));
        }
    }
}
