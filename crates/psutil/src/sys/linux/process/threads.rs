//! Linux backend: a process's threads — the `<proc>/<pid>/task` directory and
//! `<proc>/<pid>/task/<tid>/stat` (proc(5)): the task `stat` parser, the thread ids of a
//! `task` directory in psutil's order (also used by [`super::child_pids`]), and the
//! `Process` getter `threads`. Errors as described in [`super::res_common`].

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::res_common::{in_file, is_gone, mapped, raise_if_not_alive};
use super::{cached_num_threads, pid_path};
use crate::paths::Roots;
use crate::process::{ProcRef, Thread};
use crate::sys::linux::fs;
use crate::{Error, Pid, Result};

// ---------------------------------------------------------------------------------------
// task (threads)

/// utime and stime (fields 14 and 15) of a `task/<tid>/stat`, in clock ticks. The fields
/// are counted after the last `)`, so a comm holding `)` or spaces is read correctly.
pub(crate) fn parse_task_stat(bytes: &[u8]) -> Result<(u64, u64)> {
    const PATH: &str = "task stat";
    let data = bytes.trim_ascii();
    let close =
        data.iter().rposition(|&b| b == b')').ok_or_else(|| Error::parse(PATH, "no ')' after comm"))?;
    let mut fields = data
        .get(close + 1..)
        .unwrap_or_default()
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty());
    // After ")" come state (3), ppid (4), ... utime (14), stime (15).
    let utime = fields.nth(11).and_then(fs::parse_u64);
    let stime = fields.next().and_then(fs::parse_u64);
    match (utime, stime) {
        (Some(u), Some(s)) => Ok((u, s)),
        _ => Err(Error::parse(PATH, "utime/stime missing or not numbers")),
    }
}

/// The threads of `pid` (task dirs sorted as strings, like psutil), and whether one
/// vanished during the scan.
fn threads_at(roots: &Roots, pid: Pid) -> Result<(Vec<Thread>, bool)> {
    let dir = pid_path(roots, pid, "task");
    if let Some(tids) = canonical_tids(&dir)? {
        return read_task_stats(&dir, &tids);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        names.push(entry.map_err(|e| Error::io(&dir, e))?.file_name());
    }
    names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let ticks = fs::clock_ticks();
    let mut out = Vec::with_capacity(names.len());
    let mut vanished = false;
    for name in names {
        let stat = dir.join(&name).join("stat");
        let (utime, stime) = match fs::with_record_raw(&stat, parse_task_stat) {
            Ok(r) => in_file(&stat, r)?,
            Err(e) if is_gone(&e) => {
                vanished = true;
                continue;
            }
            Err(e) => return Err(Error::io(stat, e)),
        };
        let id: Pid = fs::parse_u64(name.as_bytes())
            .and_then(|v| Pid::try_from(v).ok())
            .ok_or_else(|| Error::parse(dir.display(), format!("not a thread id: {:?}", name)))?;
        out.push(Thread { id, user_time: utime as f64 / ticks, system_time: stime as f64 / ticks });
    }
    Ok((out, vanished))
}

/// The entries of a `task` directory as thread ids, listed with `getdents64` into a stack
/// buffer and sorted as their names sort (psutil sorts the names as strings). `None` when
/// a name is not a plain decimal without leading zero (then the general path handles it).
pub(super) fn canonical_tids(dir: &Path) -> Result<Option<Vec<Pid>>> {
    use rustix::fs::{open, Mode, OFlags, RawDir};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = open(dir, flags, Mode::empty()).map_err(|e| Error::io(dir, e.into()))?;
    let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 4096];
    let mut entries = RawDir::new(fd, &mut buf);
    let mut tids = Vec::new();
    while let Some(entry) = entries.next() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        match fs::parse_u64(name).and_then(|v| Pid::try_from(v).ok()) {
            Some(tid) if name[0] != b'0' => tids.push(tid),
            _ => return Ok(None),
        }
    }
    tids.sort_by(|a, b| decimal(*a).as_slice().cmp(decimal(*b).as_slice()));
    Ok(Some(tids))
}

/// The decimal digits of `n` (no allocation).
#[derive(Clone, Copy)]
struct Decimal {
    buf: [u8; 10],
    start: usize,
}

impl Decimal {
    fn as_slice(&self) -> &[u8] {
        &self.buf[self.start.min(self.buf.len())..]
    }
}

fn decimal(mut n: Pid) -> Decimal {
    let mut buf = [b'0'; 10];
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    Decimal { buf, start }
}

/// Reads `<dir>/<tid>/stat` of each thread (path built on the stack when it fits).
fn read_task_stats(dir: &Path, tids: &[Pid]) -> Result<(Vec<Thread>, bool)> {
    use std::io::Write;
    let ticks = fs::clock_ticks();
    let mut out = Vec::with_capacity(tids.len());
    let mut vanished = false;
    let root = dir.as_os_str().as_bytes();
    for &id in tids {
        let mut buf = [0u8; 256];
        let mut cur = io::Cursor::new(&mut buf[..]);
        let fits = cur.write_all(root).is_ok() && write!(cur, "/{id}/stat").is_ok();
        let stat_path = || dir.join(id.to_string()).join("stat");
        let read = match usize::try_from(cur.position()) {
            Ok(len) if fits => {
                fs::with_record_raw(Path::new(OsStr::from_bytes(&buf[..len])), parse_task_stat)
            }
            _ => fs::with_record_raw(&stat_path(), parse_task_stat),
        };
        let (utime, stime) = match read {
            Ok(Ok(times)) => times,
            Ok(Err(e)) => return in_file(&stat_path(), Err(e)),
            Err(e) if is_gone(&e) => {
                vanished = true;
                continue;
            }
            Err(e) => return Err(Error::io(stat_path(), e)),
        };
        out.push(Thread { id, user_time: utime as f64 / ticks, system_time: stime as f64 / ticks });
    }
    Ok((out, vanished))
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping ([`mapped`]) over the readers.

pub(crate) fn threads(p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    // Inside `oneshot` with a thread count of 1 already read (`status`' `Threads:` or
    // `stat`'s field 20; `as_dict` reads them first), the only task is the thread-group
    // leader, whose tid is the pid (a leader that exited stays listed, as a zombie, while
    // other threads run, so it is counted): its `stat` is read without listing `task/`.
    // The list is the one a listing at the time of that read would have given.
    let single = cached_num_threads(p) == Some(1);
    let read = if single {
        read_task_stats(&pid_path(p.roots(), p.pid(), "task"), &[p.pid()])
    } else {
        threads_at(p.roots(), p.pid())
    };
    let (threads, vanished) = read.map_err(|e| mapped(p, e))?;
    if vanished {
        raise_if_not_alive(p)?;
    }
    Ok(threads)
}

#[cfg(test)]
mod tests {
    use super::super::res_common::{fixture, read};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn task_stat_and_threads() {
        assert_eq!(parse_task_stat(&read(1000, "task/1001/stat")).unwrap(), (30, 20));
        assert!(parse_task_stat(&read(1002, "task/1002/stat")).is_err());
        assert!(parse_task_stat(b"").is_err());
        assert!(parse_task_stat(b"1 (x) S 1 2 3").is_err());
        let (t, vanished) = threads_at(&fixture(), 1000).unwrap();
        let ids: Vec<Pid> = t.iter().map(|t| t.id).collect();
        assert_eq!(ids, [1000, 1001, 999]);
        assert!(vanished);
        let ticks = fs::clock_ticks();
        assert_eq!(t[0].user_time, 200.0 / ticks);
        assert_eq!(t[2].system_time, 5.0 / ticks);
        assert!(threads_at(&fixture(), 1002).is_err());
    }

    #[test]
    fn thread_ids_sort_as_names() {
        let mut tids: Vec<Pid> = vec![9, 100, 10, 1, 4_194_304, 0];
        tids.sort_by(|a, b| decimal(*a).as_slice().cmp(decimal(*b).as_slice()));
        let as_names: Vec<String> = tids.iter().map(|t| t.to_string()).collect();
        let mut sorted = as_names.clone();
        sorted.sort();
        assert_eq!(as_names, sorted);
        assert_eq!(decimal(u32::MAX).as_slice(), b"4294967295");
    }

    proptest! {
        #[test]
        fn decimal_is_to_string(n in any::<u32>()) {
            let (d, text) = (decimal(n), n.to_string());
            prop_assert_eq!(d.as_slice(), text.as_bytes());
        }

        #[test]
        fn task_stat_round_trip(comm in "[a-z) (]{0,15}", u: u64, s: u64) {
            let text = format!("7 ({comm}) S 1 1 0 0 -1 0 0 0 0 0 {u} {s} 0 0 20 0 1 0 5\n");
            prop_assert_eq!(parse_task_stat(text.as_bytes()).unwrap(), (u, s));
        }
    }
}
