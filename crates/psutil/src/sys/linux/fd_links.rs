//! The links of `<proc>/<pid>/fd/`: one directory listing and one `readlinkat` per fd,
//! with psutil's rules (`_pslinux.py` `open_files`, `get_proc_inodes`): a link closed
//! since the listing (ENOENT, ESRCH) is noted and skipped, one that is not a link or is too
//! long (EINVAL, ENAMETOOLONG) is skipped, any other error stops the read.
//!
//! [`FdTable`] keeps every target of one process, so that `open_files`, `net_connections`
//! and `num_fds` of one `oneshot` share a single read; the system-wide socket scan feeds
//! its own [`LinkSink`] that keeps only the sockets.

use std::ffi::CStr;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::OnceLock;

use rustix::fs::{Mode, OFlags, RawDir};
use rustix::io::Errno;

use crate::paths::Roots;
use crate::sys::linux::fs::parse_u64;
use crate::sys::linux::process::with_pid_path;
use crate::{Error, Pid, Result};

/// Where the links of one directory go, in the order of the fds asked for.
pub(crate) trait LinkSink: Default + Send {
    /// One readable link: the fd and its target (as the kernel gives it, NULs included).
    fn push(&mut self, fd: i32, target: &[u8]);
    /// Appends what another sink of the same kind collected after this one's fds.
    fn append(&mut self, later: Self);
}

/// The fd number of a directory entry name; only the kernel's canonical decimal form
/// (the name is rebuilt from the number for `readlinkat`).
pub(crate) fn parse_fd(name: &[u8]) -> Option<i32> {
    if name.len() > 1 && name.first() == Some(&b'0') {
        return None;
    }
    parse_u64(name).and_then(|n| i32::try_from(n).ok())
}

/// `fd` in decimal as a C string in `buf`.
pub(crate) fn fd_name(fd: i32, buf: &mut [u8; 12]) -> Option<&CStr> {
    let mut n = u32::try_from(fd).ok()?;
    let mut i = buf.len() - 1;
    buf[i] = 0;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    CStr::from_bytes_with_nul(&buf[i..]).ok()
}

/// A link target fits here unless the page size is above 4 KiB (the kernel builds the
/// target in one page); a longer one is read again into a bigger buffer.
const LINK_BUF: usize = 4096;

/// `readlinkat(dir, name)` into the stack buffer `short`, or, for a target that does not
/// fit there, into `long`, grown until it does (no allocation for usual targets).
fn read_link<'b>(
    dir: BorrowedFd<'_>,
    name: &CStr,
    short: &'b mut [MaybeUninit<u8>; LINK_BUF],
    long: &'b mut Vec<u8>,
) -> rustix::io::Result<&'b [u8]> {
    let (target, rest) = rustix::fs::readlinkat_raw(dir, name, &mut short[..])?;
    if !rest.is_empty() {
        return Ok(target);
    }
    let mut size = 2 * LINK_BUF;
    loop {
        long.resize(size, 0);
        let n = rustix::fs::readlinkat_raw(dir, name, &mut long[..])?;
        if n < size {
            return Ok(&long[..n]);
        }
        size *= 2;
    }
}

/// Why a read of links stopped: the errno and the fd whose link failed (`None`: the
/// directory itself).
pub(crate) type LinkError = (Errno, Option<i32>);

/// `readlinkat` of each fd in `fds` below `dir` into `sink`, in order. Returns true when a
/// link vanished (ENOENT/ESRCH) since the listing.
pub(crate) fn read_links<S: LinkSink>(
    dir: BorrowedFd<'_>,
    fds: &[i32],
    sink: &mut S,
) -> std::result::Result<bool, LinkError> {
    let mut short = [MaybeUninit::uninit(); LINK_BUF];
    let mut long = Vec::new();
    let mut name = [0u8; 12];
    let mut vanished = false;
    for &fd in fds {
        let Some(cname) = fd_name(fd, &mut name) else { continue };
        match read_link(dir, cname, &mut short, &mut long) {
            Ok(target) => sink.push(fd, target),
            Err(Errno::NOENT | Errno::SRCH) => vanished = true,
            Err(Errno::INVAL | Errno::NAMETOOLONG) => {}
            Err(e) => return Err((e, Some(fd))),
        }
    }
    Ok(vanished)
}

/// Directories with at least this many fds are read by two threads.
pub(crate) const PARALLEL_MIN: usize = 2048;

/// True when this process may run on more than one CPU (checked once).
fn parallel() -> bool {
    static MULTI: OnceLock<bool> = OnceLock::new();
    *MULTI.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}

/// [`read_links`], with the second half of a big `fds` (thousands of fds, one
/// `readlinkat` each) read on another thread; the sink keeps the order of `fds`. Without a
/// thread, it runs serially.
pub(crate) fn read_links_fast<S: LinkSink>(
    dir: BorrowedFd<'_>,
    fds: &[i32],
    sink: &mut S,
) -> std::result::Result<bool, LinkError> {
    if fds.len() < PARALLEL_MIN || !parallel() {
        return read_links(dir, fds, sink);
    }
    read_links_split(dir, fds, sink)
}

/// [`read_links`] over two threads, whatever the size of `fds`.
fn read_links_split<S: LinkSink>(
    dir: BorrowedFd<'_>,
    fds: &[i32],
    sink: &mut S,
) -> std::result::Result<bool, LinkError> {
    let (first, second) = fds.split_at(fds.len() / 2);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut rest = S::default();
            read_links(dir, second, &mut rest).map(|vanished| (rest, vanished))
        });
        let Ok(helper) = helper else { return read_links(dir, fds, sink) };
        let mine = read_links(dir, first, sink);
        match helper.join() {
            Ok(rest) => {
                let vanished = mine?;
                let (rest, also) = rest?;
                sink.append(rest);
                Ok(vanished || also)
            }
            // The helper cannot panic; if it did, redo its half here.
            Err(_) => mine.and_then(|v| read_links(dir, second, sink).map(|w| v || w)),
        }
    })
}

/// Lists the fd directory `dir` into `fds` (directory order), with `buf` for the
/// directory entries.
pub(crate) fn list_fds(
    dir: &OwnedFd,
    buf: &mut [MaybeUninit<u8>],
    fds: &mut Vec<i32>,
) -> std::result::Result<(), Errno> {
    fds.clear();
    let mut entries = RawDir::new(dir.as_fd(), buf);
    while let Some(entry) = entries.next() {
        if let Some(fd) = parse_fd(entry?.file_name().to_bytes()) {
            fds.push(fd);
        }
    }
    Ok(())
}

/// Bytes for the directory entries of one `getdents64` call, in a scan of every process.
pub(crate) const DIR_BUF: usize = 32 * 1024;

/// The same for one process's table (on the stack: about 300 fds per call).
const TABLE_DIR_BUF: usize = 8 * 1024;

/// One read of a process's `fd` directory: how many fds it listed and the target of
/// each link that could be read, in directory order.
#[derive(Debug, Default)]
pub(crate) struct FdTable {
    /// Every fd entry listed (psutil's `num_fds` counts the listing).
    listed: usize,
    /// The targets, one after another.
    targets: Vec<u8>,
    /// Per readable link: its fd and the end of its target in `targets`.
    links: Vec<(i32, usize)>,
    /// True when a link vanished between the listing and its `readlinkat`.
    vanished: bool,
}

impl LinkSink for FdTable {
    fn push(&mut self, fd: i32, target: &[u8]) {
        self.targets.extend_from_slice(target);
        self.links.push((fd, self.targets.len()));
    }

    fn append(&mut self, later: Self) {
        let base = self.targets.len();
        self.targets.extend_from_slice(&later.targets);
        self.links.extend(later.links.into_iter().map(|(fd, end)| (fd, base + end)));
    }
}

impl FdTable {
    /// Lists `<proc>/<pid>/fd` and reads every link. Errors are raw OS errors with the
    /// path of the directory or of the failing link, for the caller to map to
    /// `NoSuchProcess`/`AccessDenied`.
    pub(crate) fn read(roots: &Roots, pid: Pid) -> Result<FdTable> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fail = |e: Errno, fd: Option<i32>| {
            let mut at = roots.proc_file(format!("{pid}/fd"));
            if let Some(fd) = fd {
                at.push(fd.to_string());
            }
            Error::io(at, io::Error::from(e))
        };
        let dir = with_pid_path(roots, pid, "fd", |path| rustix::fs::open(path, flags, Mode::empty()))
            .map_err(|e| fail(e, None))?;
        let mut fds = Vec::new();
        let mut buf = [MaybeUninit::uninit(); TABLE_DIR_BUF];
        list_fds(&dir, &mut buf, &mut fds).map_err(|e| fail(e, None))?;
        let mut table = FdTable { listed: fds.len(), ..FdTable::default() };
        table.vanished = read_links_fast(dir.as_fd(), &fds, &mut table).map_err(|(e, fd)| fail(e, fd))?;
        Ok(table)
    }

    /// How many fds the directory listed.
    pub(crate) fn listed(&self) -> usize {
        self.listed
    }

    /// True when an fd was closed between the listing and the read of its link (the
    /// caller then checks that the process is still alive, as psutil does).
    pub(crate) fn vanished(&self) -> bool {
        self.vanished
    }

    /// Each readable link: (fd, target), in directory order.
    pub(crate) fn links(&self) -> impl Iterator<Item = (i32, &[u8])> {
        let mut start = 0;
        self.links.iter().map(move |&(fd, end)| {
            let target = self.targets.get(start..end).unwrap_or_default();
            start = end;
            (fd, target)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fd_names_round_trip() {
        let mut name = [0u8; 12];
        for fd in [0, 7, 10, 12345, i32::MAX] {
            assert_eq!(
                fd_name(fd, &mut name).map(|c| c.to_bytes().to_vec()),
                Some(fd.to_string().into_bytes())
            );
            assert_eq!(parse_fd(fd.to_string().as_bytes()), Some(fd));
        }
        assert_eq!(fd_name(-1, &mut name), None);
        assert_eq!(parse_fd(b"007"), None);
        assert_eq!(parse_fd(b"."), None);
        assert_eq!(parse_fd(b"99999999999"), None);
    }

    #[test]
    fn appended_sinks_keep_targets_in_order() {
        let mut a = FdTable::default();
        a.push(3, b"/a");
        let mut b = FdTable::default();
        b.push(9, b"socket:[7]");
        b.push(12, b"");
        a.append(b);
        let got: Vec<(i32, Vec<u8>)> = a.links().map(|(fd, t)| (fd, t.to_vec())).collect();
        assert_eq!(got, vec![(3, b"/a".to_vec()), (9, b"socket:[7]".to_vec()), (12, Vec::new())]);
    }

    #[test]
    fn own_table_matches_std_read_link() {
        let file = std::fs::File::open("/proc/self/stat").expect("open");
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
        let table = FdTable::read(&Roots::default(), std::process::id()).expect("own fds");
        let target = table.links().find(|(f, _)| *f == fd).map(|(_, t)| t.to_vec());
        let want = std::fs::read_link(format!("/proc/self/fd/{fd}")).expect("read_link");
        assert_eq!(target, Some(std::os::unix::ffi::OsStrExt::as_bytes(want.as_os_str()).to_vec()));
        assert!(table.listed() >= table.links().count());
        let err = FdTable::read(&Roots::default(), u32::MAX - 1).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    }

    #[test]
    fn long_targets_are_read_whole() {
        let dir = std::env::temp_dir().join(format!("psutil-rs-fdlinks-{}", std::process::id()));
        let mut deep = dir.clone();
        while deep.as_os_str().len() < LINK_BUF + 300 {
            deep.push("d".repeat(200));
        }
        // Paths longer than PATH_MAX are built relative, one level at a time.
        let made = (|| -> io::Result<std::fs::File> {
            let mut cur = std::fs::File::open(std::env::temp_dir())?;
            for part in deep.strip_prefix(std::env::temp_dir()).map_err(io::Error::other)?.iter() {
                let name = std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(part))?;
                let _ = rustix::fs::mkdirat(&cur, &name, Mode::RWXU);
                cur = rustix::fs::openat(&cur, &name, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty())?
                    .into();
            }
            Ok(cur)
        })();
        let Ok(held) = made else { return println!("skipped: cannot build a deep directory") };
        let fd = std::os::fd::AsRawFd::as_raw_fd(&held);
        let table = FdTable::read(&Roots::default(), std::process::id()).expect("own fds");
        // The kernel refuses targets longer than a page (ENAMETOOLONG: skipped), so the
        // fd is either absent or present with its whole path.
        if let Some((_, t)) = table.links().find(|(f, _)| *f == fd) {
            assert_eq!(t, std::os::unix::ffi::OsStrExt::as_bytes(deep.as_os_str()));
        }
        drop(held);
        let _ = std::process::Command::new("rm").arg("-rf").arg(&dir).status();
    }

    #[test]
    fn big_fd_directories_keep_order() {
        // More than PARALLEL_MIN fds: the split path, compared with the serial one.
        let lim = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        let _ = rustix::process::setrlimit(
            rustix::process::Resource::Nofile,
            rustix::process::Rlimit { current: lim.maximum, maximum: lim.maximum },
        );
        let socks: Vec<std::net::UdpSocket> =
            (0..PARALLEL_MIN + 10).map_while(|_| std::net::UdpSocket::bind("127.0.0.1:0").ok()).collect();
        if socks.len() < PARALLEL_MIN + 10 {
            return println!("skipped: RLIMIT_NOFILE too low for {} sockets", PARALLEL_MIN + 10);
        }
        let dir = rustix::fs::open(
            "/proc/self/fd",
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("open own fd dir");
        let mut fds: Vec<i32> = socks.iter().map(std::os::fd::AsRawFd::as_raw_fd).collect();
        fds.sort_unstable();
        let (mut serial, mut split) = (FdTable::default(), FdTable::default());
        assert_eq!(read_links(dir.as_fd(), &fds, &mut serial), Ok(false));
        assert_eq!(read_links_split(dir.as_fd(), &fds, &mut split), Ok(false));
        let serial: Vec<(i32, Vec<u8>)> = serial.links().map(|(f, t)| (f, t.to_vec())).collect();
        let split: Vec<(i32, Vec<u8>)> = split.links().map(|(f, t)| (f, t.to_vec())).collect();
        assert_eq!(serial.len(), socks.len());
        assert_eq!(serial, split);
        let st = rustix::fs::fstat(&socks[0]).expect("fstat");
        let want = format!("socket:[{}]", st.st_ino).into_bytes();
        assert!(split.contains(&(std::os::fd::AsRawFd::as_raw_fd(&socks[0]), want)));
    }
}
