//! The socket inode → (pid, fd) map, built from the `socket:[N]` links in
//! `<proc>/<pid>/fd/`, with psutil's rules (`_pslinux.py` `get_proc_inodes`,
//! `get_all_inodes`): a pid that is gone or denied is skipped; for an inode held by several
//! processes, the last pid listed wins (psutil's `dict.update`), keeping all its fds.

use std::collections::HashMap;
use std::ffi::CStr;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};

use rustix::fs::{Mode, OFlags, RawDir};
use rustix::io::Errno;

use crate::paths::Roots;
use crate::sys::linux::fd_links::{list_fds, read_links_fast, FdTable, LinkError, LinkSink, DIR_BUF};
use crate::sys::linux::fs::parse_u64;
use crate::{Error, Pid, Result};

/// A multiplicative hasher for inode numbers: small, well spread integers the kernel
/// assigns (no peer can choose them, so no flooding concern).
#[derive(Default)]
pub(crate) struct InodeHasher(u64);

impl Hasher for InodeHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Slot {
    pid: Pid,
    fd: i32,
    /// Index in `extra` of the second fd, and of the last one (a list kept in fd order).
    next: u32,
    tail: u32,
}

/// Socket inode → the (pid, fd) pairs that hold it.
#[derive(Debug, Default)]
pub(crate) struct InodeMap {
    slots: HashMap<u64, Slot, BuildHasherDefault<InodeHasher>>,
    extra: Vec<(i32, u32)>,
}

impl InodeMap {
    /// True when no socket was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Adds the socket fds of one pid, as `(inode, fd)` in directory order. An inode seen
    /// for an earlier pid is taken over by this one.
    pub(crate) fn add_pid(&mut self, pid: Pid, entries: &[(u64, i32)]) {
        // One growth for a process with thousands of sockets, not one per doubling.
        self.slots.reserve(entries.len());
        for &(inode, fd) in entries {
            let fresh = Slot { pid, fd, next: NONE, tail: NONE };
            let slot = self.slots.entry(inode).or_insert(fresh);
            if slot.pid != pid {
                *slot = fresh;
            } else if slot.fd != fd {
                let idx = u32::try_from(self.extra.len()).unwrap_or(NONE);
                if idx == NONE {
                    continue;
                }
                self.extra.push((fd, NONE));
                match self.extra.get_mut(slot.tail as usize) {
                    Some(last) => last.1 = idx,
                    None => slot.next = idx,
                }
                slot.tail = idx;
            }
        }
    }

    /// The first (pid, fd) of `inode`: the owner psutil gives inet sockets.
    pub(crate) fn first(&self, inode: u64) -> Option<(Pid, i32)> {
        self.slots.get(&inode).map(|s| (s.pid, s.fd))
    }

    /// Calls `f` for every (pid, fd) of `inode`, in order; returns how many there were.
    pub(crate) fn each(&self, inode: u64, mut f: impl FnMut(Pid, i32)) -> usize {
        let Some(slot) = self.slots.get(&inode) else { return 0 };
        f(slot.pid, slot.fd);
        let mut n = 1;
        let mut next = slot.next;
        while let Some(&(fd, after)) = self.extra.get(next as usize) {
            f(slot.pid, fd);
            n += 1;
            next = after;
        }
        n
    }
}

/// The socket links of one directory, as `(inode, fd)` in directory order.
#[derive(Default)]
struct SocketFds(Vec<(u64, i32)>);

impl LinkSink for SocketFds {
    fn push(&mut self, fd: i32, target: &[u8]) {
        if let Some(inode) = socket_inode(target) {
            self.0.push((inode, fd));
        }
    }

    fn append(&mut self, later: Self) {
        self.0.extend(later.0);
    }
}

/// Reused buffers for one scan.
pub(crate) struct Scanner {
    proc_dir: Vec<u8>,
    fd_dir: Vec<u8>,
    fds: Vec<i32>,
    staged: SocketFds,
}

/// The inode of a `socket:[N]` link target.
pub(crate) fn socket_inode(link: &[u8]) -> Option<u64> {
    parse_u64(link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?)
}

/// The sockets of one process's [`FdTable`] (psutil's `get_proc_inodes`).
pub(crate) fn process_inodes(pid: Pid, table: &FdTable) -> InodeMap {
    let mut sockets = SocketFds::default();
    for (fd, target) in table.links() {
        sockets.push(fd, target);
    }
    let mut map = InodeMap::default();
    map.add_pid(pid, &sockets.0);
    map
}

impl Scanner {
    pub(crate) fn new() -> Self {
        Scanner {
            proc_dir: Vec::with_capacity(DIR_BUF),
            fd_dir: Vec::with_capacity(DIR_BUF),
            fds: Vec::new(),
            staged: SocketFds::default(),
        }
    }

    /// Reads the socket links of the fd directory `dir` into `self.staged`, in directory
    /// order. Links that vanished or are not links are skipped, as psutil does.
    fn read_fd_dir(&mut self, dir: &OwnedFd) -> std::result::Result<(), LinkError> {
        self.staged.0.clear();
        list_fds(dir, self.fd_dir.spare_capacity_mut(), &mut self.fds).map_err(|e| (e, None))?;
        read_links_fast(dir.as_fd(), &self.fds, &mut self.staged).map(|_vanished| ())
    }

    /// Every process's socket fds (psutil's `get_all_inodes`).
    pub(crate) fn scan_all(&mut self, roots: &Roots) -> Result<InodeMap> {
        let proc_path = roots.proc();
        let proc_fd =
            rustix::fs::open(proc_path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
                .map_err(|e| Error::io(proc_path, e.into()))?;
        let mut map = InodeMap::default();
        let mut proc_buf = std::mem::take(&mut self.proc_dir);
        let result = self.scan_pids(roots, &proc_fd, proc_buf.spare_capacity_mut(), &mut map);
        self.proc_dir = proc_buf;
        result.map(|()| map)
    }

    fn scan_pids(
        &mut self,
        roots: &Roots,
        proc_fd: &OwnedFd,
        buf: &mut [MaybeUninit<u8>],
        map: &mut InodeMap,
    ) -> Result<()> {
        let mut pids = RawDir::new(proc_fd.as_fd(), buf);
        let mut path = [0u8; 32];
        while let Some(entry) = pids.next() {
            let entry = entry.map_err(|e| Error::io(roots.proc(), e.into()))?;
            let name = entry.file_name().to_bytes();
            let Some(pid) = parse_u64(name).and_then(|p| Pid::try_from(p).ok()) else { continue };
            let Some(rel) = fd_dir_path(name, &mut path) else { continue };
            let dir = match rustix::fs::openat(
                proc_fd.as_fd(),
                rel,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            ) {
                Ok(dir) => dir,
                Err(Errno::NOENT | Errno::SRCH | Errno::ACCESS | Errno::PERM) => continue,
                Err(e) => return Err(Error::io(roots.proc_file(format!("{pid}/fd")), e.into())),
            };
            match self.read_fd_dir(&dir) {
                Ok(()) => map.add_pid(pid, &self.staged.0),
                // Gone or denied: psutil skips the whole pid.
                Err((Errno::NOENT | Errno::SRCH | Errno::ACCESS | Errno::PERM, _)) => {}
                Err((e, fd)) => return Err(pid_error(roots, pid, e, fd)),
            }
        }
        Ok(())
    }
}

fn pid_error(roots: &Roots, pid: Pid, e: Errno, fd: Option<i32>) -> Error {
    let path = match fd {
        Some(fd) => roots.proc_file(format!("{pid}/fd/{fd}")),
        None => roots.proc_file(format!("{pid}/fd")),
    };
    Error::io(path, io::Error::from(e))
}

/// `<name>/fd` as a C string in `buf`, or `None` when the name is too long.
fn fd_dir_path<'a>(name: &[u8], buf: &'a mut [u8; 32]) -> Option<&'a CStr> {
    let len = name.len();
    buf.get_mut(..len)?.copy_from_slice(name);
    buf.get_mut(len..len + 4)?.copy_from_slice(b"/fd\0");
    CStr::from_bytes_with_nul(&buf[..len + 4]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn last_pid_wins_and_keeps_all_fds() {
        let mut m = InodeMap::default();
        m.add_pid(10, &[(7, 3), (8, 4)]);
        m.add_pid(20, &[(7, 5), (7, 9), (7, 11)]);
        assert_eq!(m.first(7), Some((20, 5)));
        assert_eq!(m.first(8), Some((10, 4)));
        let mut all = Vec::new();
        assert_eq!(m.each(7, |p, f| all.push((p, f))), 3);
        assert_eq!(all, vec![(20, 5), (20, 9), (20, 11)]);
        assert_eq!(m.each(99, |_, _| {}), 0);
        assert_eq!(m.first(99), None);
    }

    #[test]
    fn socket_links() {
        assert_eq!(socket_inode(b"socket:[12345]"), Some(12345));
        assert_eq!(socket_inode(b"socket:[]"), None);
        assert_eq!(socket_inode(b"pipe:[12]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
        let mut buf = [0u8; 32];
        assert_eq!(fd_dir_path(b"123", &mut buf).map(|c| c.to_bytes().to_vec()), Some(b"123/fd".to_vec()));
        assert!(fd_dir_path(&[b'1'; 40], &mut buf).is_none());
    }

    #[test]
    fn own_process_sockets_are_found() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let fd = std::os::fd::AsRawFd::as_raw_fd(&listener);
        let me = std::process::id();
        let roots = Roots::default();
        let own = process_inodes(me, &FdTable::read(&roots, me).expect("own fds"));
        let all = Scanner::new().scan_all(&roots).expect("all fds");
        let st = rustix::fs::fstat(&listener).expect("fstat");
        assert_eq!(own.first(st.st_ino), Some((me, fd)));
        assert_eq!(all.first(st.st_ino), Some((me, fd)));
    }

    proptest! {
        #[test]
        fn links_never_panic(bytes: Vec<u8>) {
            let _ = socket_inode(&bytes);
            let mut buf = [0u8; 32];
            let _ = fd_dir_path(&bytes, &mut buf);
        }

        #[test]
        fn map_matches_naive_model(pids in proptest::collection::vec(proptest::collection::vec((0u64..8, 0i32..64), 0..8), 0..6)) {
            let mut m = InodeMap::default();
            let mut model: std::collections::HashMap<u64, (Pid, Vec<i32>)> = Default::default();
            for (pid, entries) in pids.iter().enumerate() {
                let pid = pid as Pid;
                // Real fd dirs never repeat an fd.
                let mut seen = std::collections::HashSet::new();
                let entries: Vec<_> = entries.iter().copied().filter(|e| seen.insert(e.1)).collect();
                m.add_pid(pid, &entries);
                let mut per: std::collections::HashMap<u64, Vec<i32>> = Default::default();
                for (inode, fd) in &entries {
                    per.entry(*inode).or_default().push(*fd);
                }
                for (inode, fds) in per {
                    model.insert(inode, (pid, fds));
                }
            }
            for (inode, (pid, fds)) in &model {
                let mut got = Vec::new();
                m.each(*inode, |p, f| got.push((p, f)));
                let want: Vec<_> = fds.iter().map(|f| (*pid, *f)).collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
