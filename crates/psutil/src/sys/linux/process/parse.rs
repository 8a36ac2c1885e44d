//! Pure parsers for the per-pid files under `/proc/<pid>/`: bytes in, typed values out,
//! no I/O. Malformed input gives [`Error::Parse`], never a panic or a made-up number.

use std::borrow::Cow;
use std::fmt;

use super::status_vm::StatusVm;
use crate::sys::linux::fs::{parse_i64, parse_u64, split_lines};
use crate::{Error, Pid, Result};

/// The fields of `/proc/<pid>/stat` psutil uses (man 5 proc numbering in comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stat {
    /// Field 2, the text between the first `(` and the **last** `)`.
    pub(crate) comm: Comm,
    /// Field 3, the one-letter state.
    pub(crate) state: u8,
    /// Field 4.
    pub(crate) ppid: Pid,
    /// Field 7, the controlling terminal's device number (kernel encoding).
    pub(crate) tty_nr: i64,
    /// Field 9, the kernel's `PF_*` task flags.
    pub(crate) flags: u64,
    /// Field 10.
    pub(crate) minflt: u64,
    /// Field 12.
    pub(crate) majflt: u64,
    /// Field 14, in clock ticks.
    pub(crate) utime: u64,
    /// Field 15, in clock ticks.
    pub(crate) stime: u64,
    /// Field 16, in clock ticks (signed in the kernel).
    pub(crate) cutime: i64,
    /// Field 17, in clock ticks (signed in the kernel).
    pub(crate) cstime: i64,
    /// Field 20, the thread count (`get_nr_threads()`, which status' `Threads:` prints
    /// too); `None` when it is not a number.
    pub(crate) num_threads: Option<u64>,
    /// Field 22, clock ticks since boot when the process started.
    pub(crate) starttime: u64,
    /// Field 39, the CPU last run on.
    pub(crate) processor: i64,
    /// Field 42 `delayacct_blkio_ticks`; 0 when the kernel does not have it (psutil #2455).
    pub(crate) blkio_ticks: u64,
}

/// Bytes of a comm kept inline: the kernel writes at most 63 there (64-byte buffer for
/// kernel and workqueue threads, 16 for the rest).
const COMM_INLINE: usize = 64;

/// The raw comm bytes of `stat`, stored without a heap allocation when they fit (always, on
/// real kernels), so parsing `stat` allocates nothing. Converted lossily to UTF-8 on use.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Comm {
    /// Up to [`COMM_INLINE`] bytes.
    Inline { len: usize, buf: [u8; COMM_INLINE] },
    /// Longer input (not seen from a kernel; fixtures may have it).
    Heap(Box<[u8]>),
}

impl Comm {
    /// Stores `bytes`.
    pub(crate) fn new(bytes: &[u8]) -> Comm {
        if bytes.len() <= COMM_INLINE {
            let mut buf = [0u8; COMM_INLINE];
            buf[..bytes.len()].copy_from_slice(bytes);
            Comm::Inline { len: bytes.len(), buf }
        } else {
            Comm::Heap(bytes.into())
        }
    }

    /// The raw bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Comm::Inline { len, buf } => &buf[..(*len).min(COMM_INLINE)],
            Comm::Heap(b) => b,
        }
    }

    /// The text, invalid UTF-8 replaced (borrowed when it is valid).
    pub(crate) fn to_str_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

impl fmt::Debug for Comm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.to_str_lossy(), f)
    }
}

impl PartialEq<&str> for Comm {
    fn eq(&self, other: &&str) -> bool {
        self.to_str_lossy() == *other
    }
}

impl PartialEq<String> for Comm {
    fn eq(&self, other: &String) -> bool {
        self.to_str_lossy() == other.as_str()
    }
}

fn bad(file: &str, msg: &str) -> Error {
    Error::parse(file, msg)
}

/// Splits `stat` content into the comm bytes and the whitespace-separated fields after it.
/// The comm runs from the first `(` to the last `)`, so it may hold spaces and parens.
pub(crate) fn split_stat(bytes: &[u8]) -> Result<(&[u8], &[u8])> {
    let open = bytes.iter().position(|&b| b == b'(').ok_or_else(|| bad("stat", "no '(' before comm"))?;
    let close = rfind_byte(bytes, b')').ok_or_else(|| bad("stat", "no ')' after comm"))?;
    if close < open {
        return Err(bad("stat", "')' before '('"));
    }
    Ok((&bytes[open + 1..close], &bytes[close + 1..]))
}

/// The position of the last `needle` in `s`, looked for eight bytes at a time from the
/// end (the `)` after the comm is followed by some 250 bytes of numbers).
fn rfind_byte(s: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let pattern = ONES * u64::from(needle);
    let mut chunks = s.rchunks_exact(8);
    let mut end = s.len();
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Zero bytes of `x` are the needles; the test is true iff there is one.
        let x = u64::from_ne_bytes(word) ^ pattern;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return chunk.iter().rposition(|&b| b == needle).map(|i| end - 8 + i);
        }
        end -= 8;
    }
    chunks.remainder().iter().rposition(|&b| b == needle)
}

/// The first `N` whitespace-separated tokens of `s` (fewer when it has fewer), in one
/// pass over its bytes.
fn first_tokens<const N: usize>(s: &[u8]) -> [Option<&[u8]>; N] {
    let mut out = [None; N];
    let mut i = 0;
    for slot in &mut out {
        while s.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let start = i;
        while s.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        if start == i {
            break;
        }
        *slot = s.get(start..i);
    }
    out
}

/// Parses `/proc/<pid>/stat`.
pub(crate) fn parse_stat(bytes: &[u8]) -> Result<Stat> {
    let (comm, rest) = split_stat(bytes)?;
    // Fields after the comm, numbered from 0 = field 3 (state).
    let nums = first_tokens::<40>(rest);
    let state = match nums[0] {
        Some([c]) => *c,
        Some(_) => return Err(bad("stat", "state is not one letter")),
        None => return Err(bad("stat", "missing state field")),
    };
    let field = |i: usize, what: &str| -> Result<&[u8]> {
        nums[i].ok_or_else(|| Error::parse("stat", format!("missing field {what}")))
    };
    let u = |i: usize, what: &str| -> Result<u64> {
        parse_u64(field(i, what)?)
            .ok_or_else(|| Error::parse("stat", format!("field {what} is not a number")))
    };
    let s = |i: usize, what: &str| -> Result<i64> {
        parse_i64(field(i, what)?)
            .ok_or_else(|| Error::parse("stat", format!("field {what} is not a number")))
    };
    let ppid = Pid::try_from(s(1, "ppid")?).map_err(|_| bad("stat", "ppid out of range"))?;
    let blkio_ticks = match nums[39] {
        Some(t) => parse_u64(t).ok_or_else(|| bad("stat", "field delayacct_blkio_ticks is not a number"))?,
        None => 0,
    };
    Ok(Stat {
        comm: Comm::new(comm),
        state,
        ppid,
        tty_nr: s(4, "tty_nr")?,
        flags: u(6, "flags")?,
        minflt: u(7, "minflt")?,
        majflt: u(9, "majflt")?,
        utime: u(11, "utime")?,
        stime: u(12, "stime")?,
        cutime: s(13, "cutime")?,
        cstime: s(14, "cstime")?,
        num_threads: nums[17].and_then(parse_u64),
        starttime: u(19, "starttime")?,
        processor: s(36, "processor")?,
        blkio_ticks,
    })
}

impl Stat {
    /// True for a kernel thread that is not a zombie. The kernel gives such a task no
    /// address space in `/proc` (`get_task_mm` refuses `PF_KTHREAD` tasks), so its
    /// world-readable `cmdline`, `statm`, `smaps` and `smaps_rollup` are known without
    /// reading them: empty, all zeros, or ESRCH, whoever asks (a security module that
    /// denies those files would be the one case where psutil reports AccessDenied
    /// instead). `environ` (mode 0400) is still opened, for its permission check.
    pub(crate) fn is_live_kernel_thread(&self) -> bool {
        const PF_KTHREAD: u64 = 0x0020_0000;
        self.flags & PF_KTHREAD != 0 && self.state != b'Z'
    }
}

/// Only the state letter and ppid of a `stat` file (used by the zombie check).
pub(crate) fn parse_stat_state(bytes: &[u8]) -> Option<(u8, Pid)> {
    let (_, rest) = split_stat(bytes).ok()?;
    let mut it = rest.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty());
    let state = match it.next()? {
        [c] => *c,
        _ => return None,
    };
    let ppid = parse_u64(it.next()?).and_then(|p| Pid::try_from(p).ok())?;
    Some((state, ppid))
}

/// The fields of `/proc/<pid>/status` psutil uses. Each is `None` when its line is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Status {
    /// `Uid:` real, effective, saved.
    pub(crate) uids: Option<[u32; 3]>,
    /// `Gid:` real, effective, saved.
    pub(crate) gids: Option<[u32; 3]>,
    /// `Threads:`.
    pub(crate) threads: Option<u64>,
    /// `Tgid:`.
    pub(crate) tgid: Option<Pid>,
    /// `voluntary_ctxt_switches:`.
    pub(crate) voluntary_ctxt_switches: Option<u64>,
    /// `nonvoluntary_ctxt_switches:`.
    pub(crate) nonvoluntary_ctxt_switches: Option<u64>,
    /// The first range of `Cpus_allowed_list:` when it has the form `N-M` (psutil's
    /// "eligible CPUs" for `cpu_affinity([])`), inclusive.
    pub(crate) cpus_allowed_first_range: Option<(u32, u32)>,
    /// The memory lines (`VmSize:`, `VmRSS:`, ...), lenient: a malformed one is `None`.
    pub(crate) vm: StatusVm,
}

fn id_triple(value: &[u8]) -> Option<[u32; 3]> {
    let mut it = value.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty());
    let mut out = [0u32; 3];
    for slot in &mut out {
        *slot = u32::try_from(parse_u64(it.next()?)?).ok()?;
    }
    Some(out)
}

fn first_range(value: &[u8]) -> Option<(u32, u32)> {
    let first = value.split(|&b| b == b',').next()?;
    let dash = first.iter().position(|&b| b == b'-')?;
    let lo = u32::try_from(parse_u64(&first[..dash])?).ok()?;
    let hi = u32::try_from(parse_u64(&first[dash + 1..])?).ok()?;
    Some((lo, hi))
}

/// The `Tgid:` value of the start of a status file, when a complete `Tgid:` line (ended by
/// a newline) is in `head`; `None` when it is not there or is not a number.
pub(crate) fn parse_status_tgid(head: &[u8]) -> Option<Pid> {
    let end = head.iter().rposition(|&b| b == b'\n')?;
    let line = head[..end].split(|&b| b == b'\n').find(|l| l.starts_with(b"Tgid:"))?;
    Pid::try_from(parse_u64(line[5..].trim_ascii())?).ok()
}

/// Parses `/proc/<pid>/status`. A known line whose value is malformed is an error; unknown
/// lines and absent lines are fine (the getter that needs one reports it).
pub(crate) fn parse_status(bytes: &[u8]) -> Result<Status> {
    let mut st = Status::default();
    for line in split_lines(bytes) {
        // Every key below starts with one of these bytes: skip the other lines cheaply.
        let first = line.first().copied();
        if !matches!(first, Some(b'U' | b'G' | b'T' | b'v' | b'n' | b'C' | b'V' | b'R')) {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (key, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if matches!(first, Some(b'V' | b'R')) {
            st.vm.take(key, value);
            continue;
        }
        let num = |what: &str| {
            parse_u64(value).ok_or_else(|| Error::parse("status", format!("{what} is not a number")))
        };
        match key {
            b"Uid" => st.uids = Some(id_triple(value).ok_or_else(|| bad("status", "malformed Uid line"))?),
            b"Gid" => st.gids = Some(id_triple(value).ok_or_else(|| bad("status", "malformed Gid line"))?),
            b"Threads" => st.threads = Some(num("Threads")?),
            b"Tgid" => {
                st.tgid = Some(Pid::try_from(num("Tgid")?).map_err(|_| bad("status", "Tgid out of range"))?)
            }
            b"voluntary_ctxt_switches" => st.voluntary_ctxt_switches = Some(num("voluntary_ctxt_switches")?),
            b"nonvoluntary_ctxt_switches" => {
                st.nonvoluntary_ctxt_switches = Some(num("nonvoluntary_ctxt_switches")?)
            }
            b"Cpus_allowed_list" => st.cpus_allowed_first_range = first_range(value),
            _ => {}
        }
    }
    Ok(st)
}

/// `/proc/<pid>/statm`: the first seven fields, in pages, in the kernel's order
/// size, resident, shared, text, lib, data, dt.
pub(crate) fn parse_statm(bytes: &[u8]) -> Result<[u64; 7]> {
    let mut it = bytes.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty());
    let mut out = [0u64; 7];
    for slot in &mut out {
        let tok = it.next().ok_or_else(|| bad("statm", "fewer than 7 fields"))?;
        *slot = parse_u64(tok).ok_or_else(|| bad("statm", "field is not a number"))?;
    }
    Ok(out)
}

/// `/proc/<pid>/cmdline` with psutil's rules: split on NUL, dropping one trailing
/// separator; data not ending in NUL is split on spaces (setproctitle); NUL-terminated data
/// giving a single argument that contains spaces is split on spaces too. Empty → `[]`.
/// Each argument's bytes go through `conv` (a lossy `String`, or an exact `OsString`).
pub(crate) fn parse_cmdline_with<T>(bytes: &[u8], mut conv: impl FnMut(&[u8]) -> T) -> Vec<T> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let sep = if bytes.last() == Some(&0) { 0u8 } else { b' ' };
    let data = match bytes.split_last() {
        Some((&last, rest)) if last == sep => rest,
        _ => bytes,
    };
    // One NUL-terminated argument holding spaces is split on spaces (same test as
    // `cmdline_first`): decided before converting, so no argument is converted twice.
    let sep = if sep == 0 && !data.contains(&0) && data.contains(&b' ') { b' ' } else { sep };
    data.split(|&b| b == sep).map(&mut conv).collect()
}

/// [`parse_cmdline_with`] giving lossy UTF-8 strings.
#[cfg(test)]
pub(crate) fn parse_cmdline(bytes: &[u8]) -> Vec<String> {
    parse_cmdline_with(bytes, |a| String::from_utf8_lossy(a).into_owned())
}

/// The name in a `/proc/<pid>/comm` file: its bytes before the newline the kernel ends it
/// with. `None` without that newline (not a whole `comm` file).
pub(crate) fn parse_comm_file(bytes: &[u8]) -> Option<&[u8]> {
    bytes.strip_suffix(b"\n")
}

/// The number of characters Python gets when it decodes `bytes` as a file name (UTF-8 with
/// `surrogateescape`): every valid character counts one, and so does every byte that is
/// not part of one.
pub(crate) fn fs_char_count(bytes: &[u8]) -> usize {
    bytes.utf8_chunks().map(|c| c.valid().chars().count() + c.invalid().len()).sum()
}

/// True when `bytes` decoded as a file name (see [`fs_char_count`]) starts with `prefix`
/// decoded the same way: the bytes must match and `prefix` must not end inside a character
/// that `bytes` completes.
pub(crate) fn fs_starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    if !bytes.starts_with(prefix) {
        return false;
    }
    let n = prefix.len();
    let mut off = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if n < off + valid.len() {
            return valid.is_char_boundary(n - off);
        }
        off += valid.len() + chunk.invalid().len();
        if n <= off {
            return true;
        }
    }
    n == off
}

/// The first argument [`parse_cmdline`] would give, without splitting the rest (no
/// allocation); `None` for empty data.
pub(crate) fn cmdline_first(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.is_empty() {
        return None;
    }
    let sep = if bytes.last() == Some(&0) { 0u8 } else { b' ' };
    let data = match bytes.split_last() {
        Some((&last, rest)) if last == sep => rest,
        _ => bytes,
    };
    // A NUL-terminated single argument holding spaces is split on spaces.
    let sep = if sep == 0 && !data.contains(&0) && data.contains(&b' ') { b' ' } else { sep };
    data.split(|&b| b == sep).next()
}

/// Readlink result cleaning: cut at the first NUL (everything after is garbage, psutil
/// #717); a ` (deleted)` suffix is dropped when the path with the suffix does not exist.
pub(crate) fn clean_link(raw: &[u8], exists: impl Fn(&[u8]) -> bool) -> &[u8] {
    let path = raw.split(|&b| b == 0).next().unwrap_or(raw);
    match path.strip_suffix(b" (deleted)") {
        Some(stripped) if !exists(path) => stripped,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STAT: &[u8] = b"1234 (my (weird) name) S 1 1234 1234 34816 1234 4194560 500 0 7 0 120 30 5 6 20 0 3 0 98765 12345678 400 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 42 0 0\n";

    #[test]
    fn stat_with_parens_and_spaces() {
        let s = parse_stat(STAT).unwrap();
        assert_eq!(s.comm, "my (weird) name");
        assert_eq!((s.state, s.ppid, s.tty_nr), (b'S', 1, 34816));
        assert_eq!((s.minflt, s.majflt, s.utime, s.stime, s.cutime, s.cstime), (500, 7, 120, 30, 5, 6));
        assert_eq!((s.starttime, s.processor, s.blkio_ticks), (98765, 1, 42));
    }

    #[test]
    fn comm_file_is_the_stat_comm() {
        assert_eq!(parse_comm_file(b"my (weird) name\n"), Some(&b"my (weird) name"[..]));
        assert_eq!(parse_stat(STAT).unwrap().comm, "my (weird) name");
        // The kernel does not escape a comm: its own newlines stay, the last one is the
        // file's.
        assert_eq!(parse_comm_file(b"a\nb\n"), Some(&b"a\nb"[..]));
        assert_eq!(parse_comm_file(b"ab\n\n"), Some(&b"ab\n"[..]));
        assert_eq!(parse_comm_file(b"\n"), Some(&b""[..]));
        assert_eq!(parse_comm_file(b"cut"), None);
        assert_eq!(parse_comm_file(b""), None);
    }

    #[test]
    fn stat_without_blkio_field() {
        // An old kernel: the line stops at field 39 (processor).
        let old = b"7 (a) R 1 7 7 0 -1 0 1 0 2 0 3 4 0 0 20 0 1 0 55 1 1 1 1 1 0 0 0 0 0 0 0 0 0 0 17 3";
        let s = parse_stat(old).unwrap();
        assert_eq!((s.processor, s.blkio_ticks, s.starttime), (3, 0, 55));
    }

    #[test]
    fn stat_errors() {
        assert!(parse_stat(b"").is_err());
        assert!(parse_stat(b"12 (x").is_err());
        assert!(parse_stat(b"12 (x) S 1 2 3").is_err());
        assert!(parse_stat(b"12 (x) SS 1").is_err());
        assert!(parse_stat(b"x) (y").is_err());
        let mut bad_num = STAT.to_vec();
        let pos = bad_num.windows(5).position(|w| w == b" 120 ").unwrap();
        bad_num[pos + 1] = b'x';
        assert!(parse_stat(&bad_num).is_err());
        assert_eq!(parse_stat_state(STAT), Some((b'S', 1)));
        assert_eq!(parse_stat_state(b"garbage"), None);
    }

    #[test]
    fn status_lines() {
        let data = b"Name:\tcat\nTgid:\t10\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t6\t7\t8\nThreads:\t4\nCpus_allowed_list:\t0-3,5\nvoluntary_ctxt_switches:\t11\nnonvoluntary_ctxt_switches:\t2\n";
        let s = parse_status(data).unwrap();
        assert_eq!(s.uids, Some([1000, 1001, 1002]));
        assert_eq!(s.gids, Some([5, 6, 7]));
        assert_eq!((s.threads, s.tgid), (Some(4), Some(10)));
        assert_eq!((s.voluntary_ctxt_switches, s.nonvoluntary_ctxt_switches), (Some(11), Some(2)));
        assert_eq!(s.cpus_allowed_first_range, Some((0, 3)));
        let old = parse_status(b"Name:\tx\nThreads:\t1\nCpus_allowed_list:\t2\n").unwrap();
        assert_eq!(old.voluntary_ctxt_switches, None);
        assert_eq!(old.cpus_allowed_first_range, None);
        assert!(parse_status(b"Uid:\t1\t2\n").is_err());
        assert!(parse_status(b"Threads:\tmany\n").is_err());
        assert_eq!(parse_status(b"").unwrap(), Status::default());
    }

    #[test]
    fn statm_fields() {
        assert_eq!(parse_statm(b"10 5 3 1 0 4 0\n").unwrap(), [10, 5, 3, 1, 0, 4, 0]);
        assert!(parse_statm(b"10 5 3").is_err());
        assert!(parse_statm(b"").is_err());
        assert!(parse_statm(b"a b c d e f g").is_err());
    }

    /// Python's `bytes.decode("utf-8", "surrogateescape")`, written independently of
    /// `utf8_chunks`: at each position a whole valid character, else the byte escaped
    /// (U+DC80..U+DCFF stand-ins, as numbers since Rust chars cannot be surrogates).
    fn py_fsdecode(bytes: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut i = 0;
        'next: while i < bytes.len() {
            for len in 1..=4.min(bytes.len() - i) {
                if let Ok(s) = std::str::from_utf8(&bytes[i..i + len]) {
                    out.extend(s.chars().map(u32::from));
                    i += len;
                    continue 'next;
                }
            }
            out.push(0xDC00 + u32::from(bytes[i]));
            i += 1;
        }
        out
    }

    #[test]
    fn fs_counts_and_prefixes() {
        assert_eq!(fs_char_count(b"abc"), 3);
        assert_eq!(fs_char_count("caf\u{e9}".as_bytes()), 4);
        assert_eq!(fs_char_count(b"caf\xe9"), 4);
        assert_eq!(fs_char_count(b"ab\xe2\x82"), 4, "a cut character: one per byte");
        assert_eq!(fs_char_count(b""), 0);
        assert!(fs_starts_with(b"abc\xff", b"abc"));
        assert!(fs_starts_with(b"abc\xffz", b"abc\xff"));
        assert!(!fs_starts_with("ab\u{e9}".as_bytes(), b"ab\xc3"), "ends inside a character");
        assert!(fs_starts_with(b"ab\xc3z", b"ab\xc3"));
        assert!(fs_starts_with(b"ab\xe2\x82z", b"ab\xe2"), "inside an invalid run every byte counts");
        assert!(!fs_starts_with(b"ab", b"abc"));
        assert!(fs_starts_with(b"", b""));
    }

    #[test]
    fn cmdline_os_keeps_bytes() {
        let raw = parse_cmdline_with(b"/x/\xff\0a b\0", <[u8]>::to_vec);
        assert_eq!(raw, [b"/x/\xff".to_vec(), b"a b".to_vec()]);
        let raw = parse_cmdline_with(b"one \xfe two\0", <[u8]>::to_vec);
        assert_eq!(raw, [b"one".to_vec(), b"\xfe".to_vec(), b"two".to_vec()]);
    }

    #[test]
    fn cmdline_rules() {
        assert_eq!(parse_cmdline(b"foo\0bar\0"), ["foo", "bar"]);
        assert_eq!(parse_cmdline(b"foo\0\0bar\0"), ["foo", "", "bar"]);
        assert_eq!(parse_cmdline(b"foo bar  baz"), ["foo", "bar", "", "baz"]);
        assert_eq!(parse_cmdline(b"foo bar "), ["foo", "bar"]);
        assert_eq!(parse_cmdline(b"foo bar\0"), ["foo", "bar"]);
        assert_eq!(parse_cmdline(b"foo bar\0x\0"), ["foo bar", "x"]);
        assert_eq!(parse_cmdline(b"foo"), ["foo"]);
        assert!(parse_cmdline(b"").is_empty());
    }

    #[test]
    fn link_cleaning() {
        assert_eq!(clean_link(b"/bin/ls\0garbage", |_| true), b"/bin/ls");
        assert_eq!(clean_link(b"/tmp/x (deleted)", |_| false), b"/tmp/x");
        assert_eq!(clean_link(b"/tmp/x (deleted)", |_| true), b"/tmp/x (deleted)");
    }

    #[test]
    fn status_tgid_from_the_head() {
        let status = b"Name:\tbash\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4321\nNgid:\t0\nPid:\t4322\n";
        assert_eq!(parse_status_tgid(status), Some(4321));
        assert_eq!(parse_status(status).unwrap().tgid, Some(4321));
        // cut inside the Tgid line: not trusted
        let cut = status.iter().position(|&b| b == b'4').unwrap() + 2;
        assert_eq!(parse_status_tgid(&status[..cut]), None);
        assert_eq!(parse_status_tgid(b"Name:\tx\n"), None);
        assert_eq!(parse_status_tgid(b"Tgid:\tnope\n"), None);
        assert_eq!(parse_status_tgid(b""), None);
        // the live file: the head agrees with the whole file
        let me = std::fs::read("/proc/self/status").unwrap();
        assert_eq!(parse_status_tgid(&me[..me.len().min(512)]), parse_status(&me).unwrap().tgid);
    }

    proptest! {
        #[test]
        fn status_tgid_head_agrees_with_the_whole_file(
            lines in proptest::collection::vec(prop_oneof![
                Just("Name:\tx".to_owned()), Just("Umask:\t0022".to_owned()),
                (0u64..1 << 33).prop_map(|t| format!("Tgid:\t{t}")), Just("Tgid: junk".to_owned()),
            ], 0..6),
            cut in 0usize..200,
        ) {
            let text = lines.join("\n") + "\n";
            let bytes = text.as_bytes();
            if let Some(t) = parse_status_tgid(&bytes[..cut.min(bytes.len())]) {
                // the first Tgid line decides, as in the whole-file parse when that succeeds
                let first = lines.iter().find(|l| l.starts_with("Tgid:")).unwrap();
                prop_assert_eq!(first.clone(), format!("Tgid:\t{t}"));
                if let Ok(st) = parse_status(bytes) {
                    if lines.iter().filter(|l| l.starts_with("Tgid:")).count() == 1 {
                        prop_assert_eq!(st.tgid, Some(t));
                    }
                }
            }
        }

        #[test]
        fn stat_scanners_agree_with_plain_iterators(
            bytes in proptest::collection::vec(prop_oneof![
                Just(b')'), Just(b' '), Just(b'\n'), Just(b'\t'), Just(b'7'), Just(b'('), any::<u8>(),
            ], 0..100),
        ) {
            prop_assert_eq!(rfind_byte(&bytes, b')'), bytes.iter().rposition(|&b| b == b')'));
            let plain: Vec<&[u8]> =
                bytes.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).take(5).collect();
            let tokens = first_tokens::<5>(&bytes);
            prop_assert_eq!(tokens.iter().flatten().count(), plain.len());
            prop_assert!(tokens.iter().flatten().zip(&plain).all(|(a, b)| a == b));
            prop_assert!(tokens.iter().skip(plain.len()).all(Option::is_none));
        }

        #[test]
        fn stat_comm_roundtrip(comm in proptest::collection::vec(any::<u8>(), 0..64), start in any::<u64>()) {
            let mut line = b"42 (".to_vec();
            line.extend_from_slice(&comm);
            line.extend_from_slice(format!(") S 1 42 42 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 {start} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0").as_bytes());
            let s = parse_stat(&line).unwrap();
            let expect = String::from_utf8_lossy(&comm).into_owned();
            prop_assert_eq!(s.comm, expect);
            prop_assert_eq!(s.starttime, start);
            prop_assert_eq!(s.blkio_ticks, 0);
        }

        #[test]
        fn cmdline_first_is_the_first_of_cmdline(bytes in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(b' '), Just(b'a'), Just(b'/'), Just(0xffu8)], 0..24)) {
            let all = parse_cmdline(&bytes);
            let first = cmdline_first(&bytes).map(|b| String::from_utf8_lossy(b).into_owned());
            prop_assert_eq!(first.as_ref(), all.first());
        }

        #[test]
        fn fs_helpers_match_python_decoding(
            a in proptest::collection::vec(prop_oneof![Just(0xC3u8), Just(0xA9), Just(0xE2), Just(0x82), Just(0xFF), Just(b'a'), any::<u8>()], 0..24),
            cut in 0usize..25,
        ) {
            let da = py_fsdecode(&a);
            prop_assert_eq!(fs_char_count(&a), da.len());
            let prefix = &a[..cut.min(a.len())];
            prop_assert_eq!(fs_starts_with(&a, prefix), da.starts_with(&py_fsdecode(prefix)));
            let other: Vec<u8> = a.iter().rev().copied().collect();
            prop_assert_eq!(fs_starts_with(&other, prefix), py_fsdecode(&other).starts_with(&py_fsdecode(prefix)));
        }

        #[test]
        fn cmdline_exact_args_rejoin_to_the_data(bytes in proptest::collection::vec(prop_oneof![Just(0u8), Just(b' '), Just(0xFF), any::<u8>()], 0..64)) {
            // the exact arguments joined back with NUL or space give the data (less one
            // trailing separator): no byte is lost or changed
            let exact = parse_cmdline_with(&bytes, <[u8]>::to_vec);
            let data = bytes.strip_suffix(&[0]).or_else(|| bytes.strip_suffix(b" ")).unwrap_or(&bytes);
            prop_assert!(bytes.is_empty() == exact.is_empty());
            prop_assert!(exact.join(&0u8) == data || exact.join(&b' ') == data, "{:?}", exact);
        }

        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_stat(&bytes);
            let _ = parse_stat_state(&bytes);
            let _ = parse_status(&bytes);
            let _ = parse_statm(&bytes);
            let _ = parse_cmdline(&bytes);
            let _ = crate::process::Environ::from_block(&bytes, &"environ");
            let _ = clean_link(&bytes, |_| false);
        }

        #[test]
        fn cmdline_nul_roundtrip(args in proptest::collection::vec("[a-z0-9=/.-]{1,8}", 2..6)) {
            let mut data = Vec::new();
            for a in &args {
                data.extend_from_slice(a.as_bytes());
                data.push(0);
            }
            prop_assert_eq!(parse_cmdline(&data), args);
        }

        #[test]
        fn status_roundtrip(u in any::<[u32; 4]>(), g in any::<[u32; 4]>(), threads in any::<u64>(), v in any::<u64>(), n in any::<u64>()) {
            let text = format!(
                "Name:\tx\nUid:\t{}\t{}\t{}\t{}\nGid:\t{}\t{}\t{}\t{}\nThreads:\t{threads}\nvoluntary_ctxt_switches:\t{v}\nnonvoluntary_ctxt_switches:\t{n}\n",
                u[0], u[1], u[2], u[3], g[0], g[1], g[2], g[3]
            );
            let st = parse_status(text.as_bytes()).unwrap();
            prop_assert_eq!(st.uids, Some([u[0], u[1], u[2]]));
            prop_assert_eq!(st.gids, Some([g[0], g[1], g[2]]));
            prop_assert_eq!((st.threads, st.voluntary_ctxt_switches, st.nonvoluntary_ctxt_switches), (Some(threads), Some(v), Some(n)));
        }

        #[test]
        fn statm_roundtrip(v in any::<[u64; 7]>()) {
            let text = v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(parse_statm(text.as_bytes()).unwrap(), v);
        }
    }
}
