//! Linux backend: a process's resources — `smaps`/`smaps_rollup`, `fd`/`fdinfo`, `task/*/stat`
//! and `io` below `<proc>/<pid>`.
//!
//! The readers return raw I/O failures as [`Error::Io`] (errno kept) so that the `Process`
//! layer maps them to psutil's classes; malformed content is [`Error::Parse`].

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fd_links::FdTable;
use super::fs;
use super::fs::split_lines;
use super::process::{known_kernel_thread, memory_info, os_error};
use crate::paths::Roots;
use crate::process::ProcRef;
use crate::process::{group_maps, IoCounters, MemType, MemoryFullInfo, MemoryMap, OpenFile, Thread};
use crate::{Error, Pid, Result};

/// The Linux-only part of [`MemoryFullInfo`], read through
/// [`crate::os::linux::MemoryFullInfoExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MemoryFullInfoOs {
    pub(crate) pss: u64,
    pub(crate) swap: u64,
}

impl MemoryFullInfoOs {
    /// The value of a memtype held here (`pss`, `swap`).
    pub(crate) fn field(&self, memtype: MemType) -> Option<u64> {
        match memtype {
            MemType::Pss => Some(self.pss),
            MemType::Swap => Some(self.swap),
            _ => None,
        }
    }
}

/// The Linux-only part of [`MemoryMap`], in psutil's order, read through
/// [`crate::os::linux::MemoryMapExt`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct MemoryMapOs {
    pub(crate) size: u64,
    pub(crate) pss: u64,
    pub(crate) shared_clean: u64,
    pub(crate) shared_dirty: u64,
    pub(crate) private_clean: u64,
    pub(crate) private_dirty: u64,
    pub(crate) referenced: u64,
    pub(crate) anonymous: u64,
    pub(crate) swap: u64,
}

impl MemoryMapOs {
    fn to_array(self) -> [u64; 9] {
        [
            self.size,
            self.pss,
            self.shared_clean,
            self.shared_dirty,
            self.private_clean,
            self.private_dirty,
            self.referenced,
            self.anonymous,
            self.swap,
        ]
    }

    /// From size, pss, shared_clean, shared_dirty, private_clean, private_dirty,
    /// referenced, anonymous, swap.
    fn from_array(a: [u64; 9]) -> Self {
        let [size, pss, shared_clean, shared_dirty, private_clean, private_dirty, referenced, anonymous, swap] =
            a;
        MemoryMapOs {
            size,
            pss,
            shared_clean,
            shared_dirty,
            private_clean,
            private_dirty,
            referenced,
            anonymous,
            swap,
        }
    }

    /// Field-wise sum (psutil's grouping of rows by path); `None` on overflow.
    pub(crate) fn checked_add(&self, other: &Self) -> Option<Self> {
        let mut acc = self.to_array();
        for (a, b) in acc.iter_mut().zip(other.to_array()) {
            *a = a.checked_add(b)?;
        }
        Some(MemoryMapOs::from_array(acc))
    }
}

/// The Linux-only part of [`OpenFile`], in psutil's order, read through
/// [`crate::os::linux::OpenFileExt`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct OpenFileOs {
    pub(crate) position: u64,
    pub(crate) mode: String,
    pub(crate) flags: i32,
}

/// The Linux-only part of [`IoCounters`], read through [`crate::os::linux::IoCountersExt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct IoCountersOs {
    pub(crate) read_chars: u64,
    pub(crate) write_chars: u64,
}

/// uss, pss and swap in bytes, psutil's extra fields of `memory_full_info`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SmapsTotals {
    pub(crate) uss: u64,
    pub(crate) pss: u64,
    pub(crate) swap: u64,
}

/// The numeric fields of one `smaps` block, in bytes. `private_hugetlb` is not part of
/// psutil's `pmmap_*` tuples but is part of uss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SmapsFields {
    pub(crate) rss: u64,
    pub(crate) size: u64,
    pub(crate) pss: u64,
    pub(crate) shared_clean: u64,
    pub(crate) shared_dirty: u64,
    pub(crate) private_clean: u64,
    pub(crate) private_dirty: u64,
    pub(crate) referenced: u64,
    pub(crate) anonymous: u64,
    pub(crate) swap: u64,
    pub(crate) private_hugetlb: u64,
}

/// One mapping of `smaps`: its header and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SmapsEntry {
    pub(crate) addr: String,
    pub(crate) perms: String,
    /// The path's bytes as in the header, trimmed; `[anon]` when empty. ` (deleted)` is
    /// still there.
    pub(crate) path: Vec<u8>,
    pub(crate) fields: SmapsFields,
}

/// The raw fields of `/proc/<pid>/io` psutil reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IoRaw {
    pub(crate) syscr: u64,
    pub(crate) syscw: u64,
    pub(crate) read_bytes: u64,
    pub(crate) write_bytes: u64,
    pub(crate) rchar: u64,
    pub(crate) wchar: u64,
}

fn pid_file(roots: &Roots, pid: Pid, rel: &str) -> PathBuf {
    let mut p = roots.proc_file(pid.to_string());
    p.push(rel);
    p
}

/// Re-labels a parse error with the full path of the file it came from.
fn in_file<T>(path: &Path, r: Result<T>) -> Result<T> {
    match r {
        Err(Error::Parse { msg, .. }) => Err(Error::parse(path.display(), msg)),
        other => other,
    }
}

fn is_gone(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOENT) | Some(libc::ESRCH))
}

fn is_permission(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EACCES) | Some(libc::EPERM))
}

/// The second whitespace-separated token of `line` ("Key:   123 kB" → "123").
fn second_token(line: &[u8]) -> Option<&[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).nth(1)
}

fn kb_to_bytes(kb: u64, path: &str, line: &[u8]) -> Result<u64> {
    kb.checked_mul(1024).ok_or_else(|| {
        Error::parse(path, format!("value out of range in line {:?}", String::from_utf8_lossy(line)))
    })
}

fn add(acc: u64, v: u64, path: &str) -> Result<u64> {
    acc.checked_add(v).ok_or_else(|| Error::parse(path, "sum out of range"))
}

// ---------------------------------------------------------------------------------------
// smaps_rollup / smaps totals (memory_full_info)

/// Parses `smaps_rollup` like psutil: `Private_*` lines summed into uss, the `Pss:` and
/// `Swap:` lines (not `Pss_*`, not `SwapPss:`) taken as they are; kB × 1024.
pub(crate) fn parse_smaps_rollup(bytes: &[u8]) -> Result<SmapsTotals> {
    const PATH: &str = "smaps_rollup";
    let mut t = SmapsTotals::default();
    for line in bytes.split(|&b| b == b'\n') {
        let slot = if line.starts_with(b"Private_") {
            0
        } else if line.starts_with(b"Pss:") {
            1
        } else if line.starts_with(b"Swap:") {
            2
        } else {
            continue;
        };
        let v = second_token(line).and_then(fs::parse_u64).ok_or_else(|| {
            Error::parse(
                PATH,
                format!("don't know how to interpret line {:?}", String::from_utf8_lossy(line)),
            )
        })?;
        let v = kb_to_bytes(v, PATH, line)?;
        match slot {
            0 => t.uss = add(t.uss, v, PATH)?,
            1 => t.pss = v,
            _ => t.swap = v,
        }
    }
    Ok(t)
}

/// The value of a line matched by psutil's `\n<Key>:\s+(\d+)` regexes: after the colon at
/// `colon`, at least one whitespace byte, then the leading digits.
fn regex_value(line: &[u8], colon: usize) -> Option<u64> {
    let rest = line.get(colon + 1..)?;
    let ws = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if ws == 0 {
        return None;
    }
    let rest = &rest[ws..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    // A run of digits too long for u64 cannot be represented: treat as no match here and
    // let the caller's overflow check handle sums.
    fs::parse_u64(&rest[..digits])
}

/// Sums `smaps` like psutil's regexes when `smaps_rollup` is unavailable: every
/// `Private*:` line into uss, every `Pss:` line into pss, every `Swap:` line into swap.
/// The first line (a header) is never a field line, as in psutil's `\n`-anchored regexes.
pub(crate) fn parse_smaps_totals(bytes: &[u8]) -> Result<SmapsTotals> {
    const PATH: &str = "smaps";
    let mut t = SmapsTotals::default();
    for line in bytes.split(|&b| b == b'\n').skip(1) {
        if line.starts_with(b"Private") {
            // `Private.*:` is greedy: the last colon that is followed by whitespace + digits.
            let v = line
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, &b)| b == b':')
                .find_map(|(i, _)| regex_value(line, i));
            if let Some(v) = v {
                t.uss = add(t.uss, kb_to_bytes(v, PATH, line)?, PATH)?;
            }
        } else if line.starts_with(b"Pss:") {
            if let Some(v) = regex_value(line, 3) {
                t.pss = add(t.pss, kb_to_bytes(v, PATH, line)?, PATH)?;
            }
        } else if line.starts_with(b"Swap:") {
            if let Some(v) = regex_value(line, 4) {
                t.swap = add(t.swap, kb_to_bytes(v, PATH, line)?, PATH)?;
            }
        }
    }
    Ok(t)
}

/// uss, pss and swap of `pid`: `smaps_rollup`, or `smaps` when the rollup gives ESRCH or
/// ENOENT (as psutil; a zombie's rollup gives ESRCH and its empty `smaps` gives zeros).
pub(crate) fn smaps_totals_at(roots: &Roots, pid: Pid) -> Result<SmapsTotals> {
    let rollup = pid_file(roots, pid, "smaps_rollup");
    match fs::with_record_raw(&rollup, parse_smaps_rollup) {
        Ok(r) => in_file(&rollup, r),
        Err(e) if is_gone(&e) => {
            let smaps = pid_file(roots, pid, "smaps");
            let r = fs::with_file_raw(&smaps, parse_smaps_totals).map_err(|e| Error::io(&smaps, e))?;
            in_file(&smaps, r)
        }
        Err(e) => Err(Error::io(rollup, e)),
    }
}

// ---------------------------------------------------------------------------------------
// smaps (memory_maps)

fn set_field(f: &mut SmapsFields, key: &[u8], v: u64) {
    match key {
        b"Rss:" => f.rss = v,
        b"Size:" => f.size = v,
        b"Pss:" => f.pss = v,
        b"Shared_Clean:" => f.shared_clean = v,
        b"Shared_Dirty:" => f.shared_dirty = v,
        b"Private_Clean:" => f.private_clean = v,
        b"Private_Dirty:" => f.private_dirty = v,
        b"Referenced:" => f.referenced = v,
        b"Anonymous:" => f.anonymous = v,
        b"Swap:" => f.swap = v,
        b"Private_Hugetlb:" => f.private_hugetlb = v,
        _ => {}
    }
}

/// Splits off the first whitespace-delimited token, returning it and the rest with its
/// leading whitespace removed (Python's `split(None, n)` step).
fn next_token(s: &[u8]) -> (&[u8], &[u8]) {
    let s = s.trim_ascii_start();
    let end = s.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(s.len());
    (&s[..end], s[end..].trim_ascii_start())
}

/// The address, permissions and path of a mapping's header line, borrowed from it; the
/// path is trimmed and `[anon]` when empty (` (deleted)` is still there).
fn parse_header(line: &[u8]) -> Result<(&[u8], &[u8], &[u8])> {
    let (addr, rest) = next_token(line);
    let (perms, rest) = next_token(rest);
    let (offset, rest) = next_token(rest);
    let (dev, rest) = next_token(rest);
    let (inode, rest) = next_token(rest);
    if [addr, perms, offset, dev, inode].iter().any(|t| t.is_empty()) {
        return Err(Error::parse(
            "smaps",
            format!("don't know how to interpret header {:?}", String::from_utf8_lossy(line)),
        ));
    }
    let path = rest.trim_ascii();
    Ok((addr, perms, if path.is_empty() { b"[anon]" } else { path }))
}

/// One meaningful line of `smaps`, as [`scan_smaps`] hands it over.
enum SmapsLine<'a> {
    /// A mapping starts: address, permissions, path (see [`parse_header`]).
    Header(&'a [u8], &'a [u8], &'a [u8]),
    /// A `Key: N kB` line of the current mapping: the key with its colon, N × 1024.
    Field(&'a [u8], u64),
}

/// Walks `/proc/<pid>/smaps` like psutil's `memory_maps`: a line whose first token does
/// not end in `:` starts a mapping; `Key: N kB` lines are kB × 1024; a `VmFlags:` line is
/// skipped; any other unparsable line is an error. Blank lines are ignored; empty input
/// gives no lines. The first line is always a header.
fn scan_smaps<'a>(bytes: &'a [u8], mut each: impl FnMut(SmapsLine<'a>)) -> Result<()> {
    const PATH: &str = "smaps";
    let data = bytes.trim_ascii();
    if data.is_empty() {
        return Ok(());
    }
    let mut lines = split_lines(data);
    let first = lines.next().unwrap_or_default();
    let (addr, perms, path) = parse_header(first)?;
    each(SmapsLine::Header(addr, perms, path));
    for line in lines {
        let (key, rest) = next_token(line);
        if key.is_empty() {
            continue;
        }
        if !key.ends_with(b":") {
            let (addr, perms, path) = parse_header(line)?;
            each(SmapsLine::Header(addr, perms, path));
            continue;
        }
        let (value, _) = next_token(rest);
        match fs::parse_u64(value) {
            Some(v) => each(SmapsLine::Field(key, kb_to_bytes(v, PATH, line)?)),
            None if key.starts_with(b"VmFlags:") => {}
            None => {
                return Err(Error::parse(
                    PATH,
                    format!("don't know how to interpret line {:?}", String::from_utf8_lossy(line)),
                ))
            }
        }
    }
    Ok(())
}

/// Parses `/proc/<pid>/smaps` into one entry per mapping (see [`scan_smaps`] for the rules).
pub(crate) fn parse_smaps(bytes: &[u8]) -> Result<Vec<SmapsEntry>> {
    let mut out: Vec<SmapsEntry> = Vec::new();
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    scan_smaps(bytes, |line| match line {
        SmapsLine::Header(addr, perms, path) => out.push(SmapsEntry {
            addr: lossy(addr),
            perms: lossy(perms),
            path: path.to_vec(),
            fields: SmapsFields::default(),
        }),
        SmapsLine::Field(key, v) => {
            if let Some(cur) = out.last_mut() {
                set_field(&mut cur.fields, key, v);
            }
        }
    })?;
    Ok(out)
}

/// The numbers of a row: `rss`, then the rest in [`MemoryMapOs::from_array`]'s order.
fn map_numbers(f: &SmapsFields) -> [u64; 10] {
    [
        f.rss,
        f.size,
        f.pss,
        f.shared_clean,
        f.shared_dirty,
        f.private_clean,
        f.private_dirty,
        f.referenced,
        f.anonymous,
        f.swap,
    ]
}

/// Adds `b` to `a` field by field; false (and `a` partly summed) on overflow.
fn add_numbers(a: &mut [u64; 10], b: &[u64; 10]) -> bool {
    a.iter_mut().zip(b).all(|(x, y)| match x.checked_add(*y) {
        Some(s) => {
            *x = s;
            true
        }
        None => false,
    })
}

/// The mappings of one raw header path, summed, borrowed from the `smaps` buffer.
struct RawGroup<'a> {
    path: &'a [u8],
    nums: [u64; 10],
}

/// Adds a `smaps` field line to the process totals psutil's `_parse_smaps` makes: every
/// `Private*` line into uss, `Pss:` into pss, `Swap:` into swap. False on overflow.
fn add_to_totals(t: &mut SmapsTotals, key: &[u8], v: u64) -> bool {
    let slot = match key {
        b"Pss:" => &mut t.pss,
        b"Swap:" => &mut t.swap,
        _ if key.starts_with(b"Private") => &mut t.uss,
        _ => return true,
    };
    slot.checked_add(v).map(|sum| *slot = sum).is_some()
}

/// `smaps` summed per raw header path, in first-seen order, without a row (or any
/// allocation beyond the group list and its index) per mapping, and the process totals
/// of `memory_full_info` (see [`add_to_totals`]). `Ok(None)` when a sum overflows.
fn group_smaps_raw(bytes: &[u8]) -> Result<Option<(Vec<RawGroup<'_>>, SmapsTotals)>> {
    let mut groups: Vec<RawGroup<'_>> = Vec::new();
    let mut index: HashMap<&[u8], usize> = HashMap::new();
    let mut totals = SmapsTotals::default();
    // The mapping being read: its group and its fields (a repeated key overwrites).
    let mut cur: Option<(usize, SmapsFields)> = None;
    let mut overflow = false;
    let mut totals_overflow = false;
    let mut flush = |groups: &mut Vec<RawGroup<'_>>, cur: Option<(usize, SmapsFields)>| {
        if let Some((g, f)) = cur {
            overflow |= !add_numbers(&mut groups[g].nums, &map_numbers(&f));
        }
    };
    scan_smaps(bytes, |line| match line {
        SmapsLine::Header(_, _, path) => {
            flush(&mut groups, cur.take());
            // Consecutive mappings of one file are common: try the newest group first.
            let g = match groups.len().checked_sub(1) {
                Some(last) if groups[last].path == path => last,
                _ => *index.entry(path).or_insert_with(|| {
                    groups.push(RawGroup { path, nums: [0; 10] });
                    groups.len() - 1
                }),
            };
            cur = Some((g, SmapsFields::default()));
        }
        SmapsLine::Field(key, v) => {
            if let Some((_, f)) = cur.as_mut() {
                set_field(f, key, v);
            }
            totals_overflow |= !add_to_totals(&mut totals, key, v);
        }
    })?;
    flush(&mut groups, cur);
    Ok(if overflow || totals_overflow { None } else { Some((groups, totals)) })
}

/// psutil's `memory_maps(grouped=True)` rows from the bytes of `smaps`: the same result
/// (errors included) as [`parse_smaps`], [`SmapsEntry::into_map`] on each entry, then
/// [`group_maps`], but summing while parsing. Paths are built once per distinct header
/// path; when a ` (deleted)` strip makes two of them equal, the rows are merged again; on
/// any sum overflow the per-mapping algorithm runs, so the error is the one it reports.
/// `file` is the path parse errors are labelled with. Also gives the totals psutil's
/// `_parse_smaps` would sum from the same bytes (`None` after an overflow).
pub(crate) fn group_smaps(bytes: &[u8], file: &Path) -> Result<(Vec<MemoryMap>, Option<SmapsTotals>)> {
    let per_mapping = || -> Result<(Vec<MemoryMap>, Option<SmapsTotals>)> {
        let entries = in_file(file, parse_smaps(bytes))?;
        let maps = group_maps(entries.into_iter().map(SmapsEntry::into_map).collect::<Result<Vec<_>>>()?)?;
        Ok((maps, None))
    };
    let Some((groups, totals)) = in_file(file, group_smaps_raw(bytes))? else { return per_mapping() };
    let mut out = Vec::with_capacity(groups.len());
    let mut changed = false;
    for g in groups {
        let stripped = strip_deleted_slice(g.path)?;
        changed |= stripped.len() != g.path.len();
        let [rss, rest @ ..] = g.nums;
        out.push(MemoryMap::new(
            None,
            None,
            OsStr::from_bytes(stripped).to_os_string(),
            rss,
            MemoryMapOs::from_array(rest),
        ));
    }
    if !changed {
        // Distinct raw paths, each kept as it was: the rows are distinct already.
        return Ok((out, Some(totals)));
    }
    match group_maps(out) {
        Ok(maps) => Ok((maps, Some(totals))),
        Err(_) => per_mapping(),
    }
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
fn strip_deleted_slice(path: &[u8]) -> Result<&[u8]> {
    const SUFFIX: &[u8] = b" (deleted)";
    match path.strip_suffix(SUFFIX) {
        Some(stripped) if !path_exists_strict(Path::new(OsStr::from_bytes(path)))? => Ok(stripped),
        _ => Ok(path),
    }
}

/// [`strip_deleted_slice`] on owned bytes.
fn strip_deleted_bytes(mut path: Vec<u8>) -> Result<Vec<u8>> {
    const SUFFIX: &[u8] = b" (deleted)";
    if path.ends_with(SUFFIX) && !path_exists_strict(Path::new(OsStr::from_bytes(&path)))? {
        path.truncate(path.len() - SUFFIX.len());
    }
    Ok(path)
}

impl SmapsEntry {
    pub(crate) fn into_map(self) -> Result<MemoryMap> {
        let [rss, rest @ ..] = map_numbers(&self.fields);
        let path = OsString::from_vec(strip_deleted_bytes(self.path)?);
        Ok(MemoryMap::new(Some(self.addr), Some(self.perms), path, rss, MemoryMapOs::from_array(rest)))
    }
}

/// The ungrouped mappings of `pid` (psutil's `pmmap_ext` rows). An empty `smaps` (a
/// zombie, or a kernel thread) gives an empty `Vec`; the caller decides about zombies.
pub(crate) fn memory_maps_at(roots: &Roots, pid: Pid) -> Result<Vec<MemoryMap>> {
    let path = pid_file(roots, pid, "smaps");
    let entries = in_file(&path, fs::with_file_raw(&path, parse_smaps).map_err(|e| Error::io(&path, e))?)?;
    entries.into_iter().map(SmapsEntry::into_map).collect()
}

/// The mappings of `pid` grouped by path (psutil's `pmmap_grouped` rows) and the totals of
/// the same read, see [`group_smaps`]. An empty `smaps` gives an empty `Vec`.
pub(crate) fn memory_maps_grouped_at(
    roots: &Roots,
    pid: Pid,
) -> Result<(Vec<MemoryMap>, Option<SmapsTotals>)> {
    let path = pid_file(roots, pid, "smaps");
    fs::with_file_raw(&path, |bytes| group_smaps(bytes, &path)).map_err(|e| Error::io(&path, e))?
}

// ---------------------------------------------------------------------------------------
// fd, fdinfo (open_files, num_fds)

/// The number of entries of `<proc>/<pid>/fd`. On a procfs that reports it (Linux 6.2 and
/// later give the count of open fds as the directory's size), an access check (the same
/// one listing makes) and one `stat`; otherwise, or when the size is 0, the directory is
/// listed and counted. Our own count includes the fd that lists the directory, as
/// psutil's does: one more than the size `stat` gives, or, when the size is 0, the size
/// of the directory open for listing.
pub(crate) fn num_fds_at(roots: &Roots, pid: Pid) -> Result<usize> {
    super::process::with_pid_path(roots, pid, "fd", |dir| count_fds(roots, pid, dir))
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
pub(crate) fn open_files_in(roots: &Roots, pid: Pid, table: &FdTable) -> Result<(Vec<OpenFile>, bool)> {
    let mut out = Vec::new();
    let mut vanished = table.vanished();
    let mut info = pid_file(roots, pid, "fdinfo");
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
pub(crate) fn open_files_at(roots: &Roots, pid: Pid) -> Result<(Vec<OpenFile>, bool)> {
    open_files_in(roots, pid, &FdTable::read(roots, pid)?)
}

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
pub(crate) fn threads_at(roots: &Roots, pid: Pid) -> Result<(Vec<Thread>, bool)> {
    let dir = pid_file(roots, pid, "task");
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
pub(crate) fn canonical_tids(dir: &Path) -> Result<Option<Vec<Pid>>> {
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
// io

/// Parses `/proc/<pid>/io` like psutil: `name: value` lines (others skipped); no fields at
/// all → "file was empty"; a missing one of syscr, syscw, read_bytes, write_bytes, rchar,
/// wchar → "field was not found". `fname` names the file in the messages.
pub(crate) fn parse_io(bytes: &[u8], fname: &str) -> Result<IoRaw> {
    const KEYS: [&[u8]; 6] = [b"syscr", b"syscw", b"read_bytes", b"write_bytes", b"rchar", b"wchar"];
    let mut found: Vec<(&[u8], u64)> = Vec::with_capacity(8);
    let mut vals: [Option<u64>; 6] = [None; 6];
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.windows(2).enumerate().filter(|(_, w)| w == b": ").map(|(i, _)| i);
        let (Some(sep), None) = (parts.next(), parts.next()) else {
            continue;
        };
        let (name, value) = (&line[..sep], line[sep + 2..].trim_ascii());
        let v = fs::parse_u64(value).ok_or_else(|| {
            Error::parse(fname, format!("invalid value in line {:?}", String::from_utf8_lossy(line)))
        })?;
        if let Some(i) = KEYS.iter().position(|k| *k == name) {
            vals[i] = Some(v);
        }
        match found.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = v,
            None => found.push((name, v)),
        }
    }
    if found.is_empty() {
        return Err(Error::parse(fname, format!("{fname} file was empty")));
    }
    let get = |i: usize| {
        vals[i].ok_or_else(|| {
            let listed: Vec<String> =
                found.iter().map(|(k, v)| format!("b'{}': {v}", String::from_utf8_lossy(k))).collect();
            Error::parse(
                fname,
                format!(
                    "b'{}' field was not found in {fname}; found fields are {{{}}}",
                    String::from_utf8_lossy(KEYS[i]),
                    listed.join(", ")
                ),
            )
        })
    };
    Ok(IoRaw {
        syscr: get(0)?,
        syscw: get(1)?,
        read_bytes: get(2)?,
        write_bytes: get(3)?,
        rchar: get(4)?,
        wchar: get(5)?,
    })
}

/// [`parse_io`] for well-formed data: `Some` exactly when `parse_io` would succeed (same
/// line rules), without tracking the fields for the error message. Used first, so that the
/// common case needs no path text and no allocation.
pub(crate) fn parse_io_fields(bytes: &[u8]) -> Option<IoRaw> {
    const KEYS: [&[u8]; 6] = [b"syscr", b"syscw", b"read_bytes", b"write_bytes", b"rchar", b"wchar"];
    let mut vals: [Option<u64>; 6] = [None; 6];
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        let mut parts = line.windows(2).enumerate().filter(|(_, w)| w == b": ").map(|(i, _)| i);
        let (Some(sep), None) = (parts.next(), parts.next()) else {
            continue;
        };
        let v = fs::parse_u64(line[sep + 2..].trim_ascii())?;
        if let Some(i) = KEYS.iter().position(|k| *k == &line[..sep]) {
            vals[i] = Some(v);
        }
    }
    Some(IoRaw {
        syscr: vals[0]?,
        syscw: vals[1]?,
        read_bytes: vals[2]?,
        write_bytes: vals[3]?,
        rchar: vals[4]?,
        wchar: vals[5]?,
    })
}

/// psutil's `pio` from the fields of `/proc/<pid>/io`.
fn io_counters_of(r: &IoRaw) -> IoCounters {
    let os = IoCountersOs { read_chars: r.rchar, write_chars: r.wchar };
    IoCounters::new(r.syscr, r.syscw, r.read_bytes, r.write_bytes, os)
}

/// psutil's `pio` of `pid`.
pub(crate) fn io_counters_at(roots: &Roots, pid: Pid) -> Result<IoCounters> {
    let fast = super::process::with_pid_path(roots, pid, "io", |p| fs::with_record_raw(p, parse_io_fields));
    if let Ok(Some(r)) = fast {
        return Ok(io_counters_of(&r));
    }
    // Anything unusual: the general path, with psutil's messages naming the file.
    let path = pid_file(roots, pid, "io");
    let fname = path.display().to_string();
    let r = fs::with_file_raw(&path, |b| parse_io(b, &fname)).map_err(|e| Error::io(&path, e))??;
    Ok(io_counters_of(&r))
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping (proc's `os_error`) over the readers.

/// Maps an I/O error of a reader to psutil's classes for `p`; a parse error gets the full
/// path of the file when the reader only knew its short name.
fn mapped(p: &ProcRef<'_>, e: Error) -> Error {
    match e {
        Error::Io { path, source } => {
            let path = path.unwrap_or_else(|| pid_file(p.roots(), p.pid(), ""));
            os_error(p, source, &path)
        }
        other => other,
    }
}

/// psutil's `_raise_if_not_alive`: `stat(<proc>/<pid>)`, errors mapped.
fn raise_if_not_alive(p: &ProcRef<'_>) -> Result<()> {
    let dir = p.roots().proc_file(p.pid().to_string());
    std::fs::metadata(&dir).map(|_| ()).map_err(|e| os_error(p, e, &dir))
}

/// psutil's `memory_full_info`: `memory_info` plus uss, pss and swap from `smaps_rollup`.
/// Inside a `oneshot` that already read `smaps` for `memory_maps`, the totals come from
/// that read instead, summed as psutil sums `smaps` on kernels without the rollup (pss
/// then adds each mapping's value, rounded down to a kB by the kernel, so it can be
/// below the rollup's by less than 1 kB per mapping; uss and swap are the same). A kernel
/// thread has no address space: zeros, with nothing read.
pub(crate) fn memory_full_info(p: &ProcRef<'_>) -> Result<MemoryFullInfo> {
    let t = if known_kernel_thread(p) {
        SmapsTotals::default()
    } else if let Some(t) = p.os.peek_cached(|c| c.smaps) {
        t
    } else {
        smaps_totals_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))?
    };
    let info = memory_info(p)?;
    Ok(MemoryFullInfo::new(info, t.uss, MemoryFullInfoOs { pss: t.pss, swap: t.swap }))
}

pub(crate) fn memory_maps(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    zombie_if_empty(p, memory_maps_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))?)
}

/// [`memory_maps`] grouped by path (psutil's `memory_maps(grouped=True)`); inside a
/// `oneshot`, the totals of the same read are kept for [`memory_full_info`]. A kernel
/// thread has no mappings, with nothing read.
pub(crate) fn memory_maps_grouped(p: &ProcRef<'_>) -> Result<Vec<MemoryMap>> {
    if known_kernel_thread(p) {
        return Ok(Vec::new());
    }
    let (maps, totals) = memory_maps_grouped_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))?;
    if let Some(t) = totals {
        p.os.store_cached(|c| c.smaps = Some(t));
    }
    zombie_if_empty(p, maps)
}

/// No mappings from a zombie is `ZombieProcess`; otherwise `maps` as they are.
fn zombie_if_empty(p: &ProcRef<'_>, maps: Vec<MemoryMap>) -> Result<Vec<MemoryMap>> {
    if maps.is_empty() {
        if let Some(ppid) = super::process::zombie_ppid(p) {
            return Err(Error::zombie_process(p.pid(), p.cached_name(), Some(ppid)));
        }
    }
    Ok(maps)
}

/// The fd links of `p`, read once per `as_dict` snapshot (`open_files`, `net_connections`
/// and `num_fds` share them), else afresh; errors mapped to psutil's classes.
pub(crate) fn fd_table(p: &ProcRef<'_>) -> Result<Arc<FdTable>> {
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

pub(crate) fn threads(p: &ProcRef<'_>) -> Result<Vec<Thread>> {
    // Inside `oneshot` with a thread count of 1 already read (`status`' `Threads:` or
    // `stat`'s field 20; `as_dict` reads them first), the only task is the thread-group
    // leader, whose tid is the pid (a leader that exited stays listed, as a zombie, while
    // other threads run, so it is counted): its `stat` is read without listing `task/`.
    // The list is the one a listing at the time of that read would have given.
    let single = super::process::cached_num_threads(p) == Some(1);
    let read = if single {
        read_task_stats(&pid_file(p.roots(), p.pid(), "task"), &[p.pid()])
    } else {
        threads_at(p.roots(), p.pid())
    };
    let (threads, vanished) = read.map_err(|e| mapped(p, e))?;
    if vanished {
        raise_if_not_alive(p)?;
    }
    Ok(threads)
}

pub(crate) fn io_counters(p: &ProcRef<'_>) -> Result<IoCounters> {
    io_counters_at(p.roots(), p.pid()).map_err(|e| mapped(p, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        use super::super::process::ProcessMemoryInfoOs;
        let info = crate::ProcessMemoryInfo {
            rss: 1,
            vms: 2,
            os: ProcessMemoryInfoOs { shared: 3, text: 4, lib: 5, data: 6, dirty: 7 },
        };
        let full = MemoryFullInfo::new(info, 8, MemoryFullInfoOs { pss: 9, swap: 10 });
        assert_eq!(
            serde_json::to_string(&full).unwrap(),
            r#"{"rss":1,"vms":2,"shared":3,"text":4,"lib":5,"data":6,"dirty":7,"uss":8,"pss":9,"swap":10}"#
        );
        let os = MemoryMapOs::from_array([2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let map = MemoryMap::new(Some("0-1".into()), Some("r--p".into()), "/x".into(), 1, os);
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"addr":"0-1","perms":"r--p","path":"/x","rss":1,"size":2,"pss":3,"shared_clean":4,"#
                .to_string()
                + r#""shared_dirty":5,"private_clean":6,"private_dirty":7,"referenced":8,"anonymous":9,"swap":10}"#
        );
        let file = OpenFile::new("/x".into(), 3, OpenFileOs { position: 4, mode: "r+".into(), flags: 2 });
        assert_eq!(
            serde_json::to_string(&file).unwrap(),
            r#"{"path":"/x","fd":3,"position":4,"mode":"r+","flags":2}"#
        );
        let io = IoCounters::new(1, 2, 3, 4, IoCountersOs { read_chars: 5, write_chars: 6 });
        assert_eq!(
            serde_json::to_string(&io).unwrap(),
            r#"{"read_count":1,"write_count":2,"read_bytes":3,"write_bytes":4,"read_chars":5,"write_chars":6}"#
        );
    }
    use proptest::prelude::*;

    const KB: u64 = 1024;

    fn fixture() -> Roots {
        Roots::fixture(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pres_basic"))
    }

    #[test]
    fn map_fields_add_field_by_field_and_refuse_overflow() {
        let a = MemoryMapOs::from_array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let b = MemoryMapOs::from_array([10, 20, 30, 40, 50, 60, 70, 80, 90]);
        let sum = a.checked_add(&b).unwrap();
        assert_eq!(sum.to_array(), [11, 22, 33, 44, 55, 66, 77, 88, 99]);
        assert_eq!((sum.size, sum.swap), (11, 99));
        let max = MemoryMapOs::from_array([0, 0, 0, 0, 0, 0, 0, 0, u64::MAX]);
        assert_eq!(max.checked_add(&a), None);
        let rows = |n: u64| MemoryMap::new(None, None, "/x".into(), n, MemoryMapOs::from_array([n; 9]));
        let grouped = group_maps(vec![rows(1), rows(3)]).unwrap();
        assert_eq!((grouped[0].rss, grouped[0].os.to_array()), (4, [4; 9]));
    }

    #[test]
    fn full_info_fields_answer_only_their_memtypes() {
        let os = MemoryFullInfoOs { pss: 7, swap: 9 };
        let got: Vec<Option<u64>> = MemType::ALL.iter().map(|&t| os.field(t)).collect();
        let want = [None, None, None, None, None, None, None, None, Some(7), Some(9)];
        assert_eq!(got, want);
    }

    fn read(pid: Pid, rel: &str) -> Vec<u8> {
        std::fs::read(pid_file(&fixture(), pid, rel)).unwrap()
    }

    #[test]
    fn rollup_sums_private_and_takes_pss_swap() {
        let t = parse_smaps_rollup(&read(1000, "smaps_rollup")).unwrap();
        assert_eq!(t, SmapsTotals { uss: 2700 * KB, pss: 654 * KB, swap: 88 * KB });
        // Pss_Anon / SwapPss are not Pss / Swap.
        let t = parse_smaps_rollup(b"Pss_Anon: 5 kB\nSwapPss: 7 kB\nPss: 1 kB\nSwap: 2 kB\n").unwrap();
        assert_eq!(t, SmapsTotals { uss: 0, pss: KB, swap: 2 * KB });
        assert_eq!(parse_smaps_rollup(b"").unwrap(), SmapsTotals::default());
        assert!(parse_smaps_rollup(&read(1002, "smaps_rollup")).is_err());
        assert!(parse_smaps_rollup(b"Private_Clean:\n").is_err());
        assert!(parse_smaps_rollup(b"Swap: 18446744073709551615 kB\n").is_err());
    }

    #[test]
    fn smaps_totals_match_rollup_on_fixture() {
        let from_smaps = parse_smaps_totals(&read(1000, "smaps")).unwrap();
        assert_eq!(from_smaps, parse_smaps_rollup(&read(1000, "smaps_rollup")).unwrap());
        // Old kernel: no Pss/Swap lines at all.
        let old = parse_smaps_totals(&read(1003, "smaps")).unwrap();
        assert_eq!(old, SmapsTotals { uss: 16 * KB, pss: 0, swap: 0 });
        // Regex semantics: unparsable lines are not counted, the header is never a field.
        let t =
            parse_smaps_totals(b"Pss: 9 kB\nPss: x kB\nPss:\t3 kB\nPrivate_X:5\nPrivate_Y:  6 kB\n").unwrap();
        assert_eq!(t, SmapsTotals { uss: 6 * KB, pss: 3 * KB, swap: 0 });
        assert_eq!(parse_smaps_totals(b"").unwrap(), SmapsTotals::default());
    }

    #[test]
    fn totals_reader_falls_back_to_smaps() {
        let r = fixture();
        assert_eq!(smaps_totals_at(&r, 1000).unwrap().uss, 2700 * KB);
        // 1003 has no smaps_rollup (ENOENT) → smaps.
        assert_eq!(smaps_totals_at(&r, 1003).unwrap().uss, 16 * KB);
        // zombie: no rollup, empty smaps → zeros.
        assert_eq!(smaps_totals_at(&r, 1001).unwrap(), SmapsTotals::default());
        // gone: the smaps error keeps ENOENT for the caller's mapping.
        assert_eq!(smaps_totals_at(&r, 4242).unwrap_err().raw_os_error(), Some(libc::ENOENT));
    }

    #[test]
    fn smaps_blocks_vmflags_hugetlb_anon() {
        let e = parse_smaps(&read(1000, "smaps")).unwrap();
        let paths: Vec<String> = e.iter().map(|x| String::from_utf8_lossy(&x.path).into_owned()).collect();
        assert_eq!(
            paths,
            [
                "/usr/bin/demo",
                "/usr/bin/demo",
                "[heap]",
                "[anon]",
                "/anon_hugepage (deleted)",
                "/nonexistent-pres/lib.so (deleted)",
                "[anon]",
                "[stack]"
            ]
        );
        assert_eq!(e[0].addr, "55b399ac0000-55b399ac2000");
        assert_eq!(e[1].perms, "r-xp");
        assert_eq!(e[2].fields.swap, 16 * KB);
        assert_eq!(e[3].fields.size, 2048 * KB);
        assert_eq!(e[4].fields.private_hugetlb, 2048 * KB);
        assert_eq!(e[6].fields.swap, 8 * KB);
        // Old kernel format: missing fields are 0.
        let old = parse_smaps(&read(1003, "smaps")).unwrap();
        assert_eq!(old.len(), 3);
        assert_eq!(old[2].path, b"[anon]");
        assert_eq!((old[2].fields.pss, old[2].fields.private_dirty), (0, 8 * KB));
    }

    #[test]
    fn smaps_malformed_and_empty() {
        let err = parse_smaps(&read(1002, "smaps")).unwrap_err();
        assert!(err.to_string().contains("don't know how to interpret line"), "{err}");
        assert!(parse_smaps(b"").unwrap().is_empty());
        assert!(parse_smaps(b" \n\n").unwrap().is_empty());
        assert!(parse_smaps(b"00400000-00401000 r-xp\nRss: 4 kB\n").is_err());
        assert!(parse_smaps(b"00400000-00401000 r-xp 0 0:0 0\nRss: 4\n").is_ok());
        assert!(parse_smaps(b"00400000-00401000 r-xp 0 0:0 0\nRss:\n").is_err());
    }

    #[test]
    fn memory_maps_strips_deleted_only_when_missing() {
        let maps = memory_maps_at(&fixture(), 1000).unwrap();
        assert_eq!(maps[4].path, "/anon_hugepage");
        assert_eq!(maps[5].path, "/nonexistent-pres/lib.so");
        assert_eq!(maps[0].addr.as_deref(), Some("55b399ac0000-55b399ac2000"));
        assert!(memory_maps_at(&fixture(), 1001).unwrap().is_empty());
        let dir = std::env::temp_dir().join(format!("pres-deleted-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("x (deleted)");
        std::fs::write(&real, b"").unwrap();
        let kept = strip_deleted_bytes(real.as_os_str().as_bytes().to_vec()).unwrap();
        assert!(kept.ends_with(b" (deleted)"));
        let gone = dir.join("y (deleted)");
        let stripped = strip_deleted_slice(gone.as_os_str().as_bytes()).unwrap();
        assert_eq!(stripped, dir.join("y").as_os_str().as_bytes());
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
    fn io_file_variants() {
        let io = parse_io(&read(1000, "io"), "io").unwrap();
        assert_eq!(
            io,
            IoRaw { syscr: 10, syscw: 3, read_bytes: 4096, write_bytes: 8192, rchar: 6976, wchar: 123 }
        );
        let e = parse_io(b"", "/p/io").unwrap_err();
        assert_eq!(e.to_string(), "cannot parse /p/io: /p/io file was empty");
        let e = parse_io(&read(1003, "io"), "/p/io").unwrap_err();
        assert!(
            e.to_string().contains("b'rchar' field was not found in /p/io; found fields are {b'wchar': 0"),
            "{e}"
        );
        // issue 1004: lines without ": " are skipped
        let e = parse_io(b"garbage\nfoo:bar\n", "io").unwrap_err();
        assert!(e.to_string().contains("file was empty"));
        assert!(parse_io(b"rchar: x\n", "io").is_err());
        let c = io_counters_at(&fixture(), 1000).unwrap();
        assert_eq!((c.read_count, c.write_count, c.os.read_chars, c.os.write_chars), (10, 3, 6976, 123));
        assert!(io_counters_at(&fixture(), 1002).unwrap_err().to_string().contains("file was empty"));
    }

    #[derive(Debug, Clone)]
    struct GenMap {
        anon: bool,
        nums: [u32; 11],
        vmflags: bool,
    }

    fn gen_map() -> impl Strategy<Value = GenMap> {
        (any::<bool>(), prop::array::uniform11(0u32..1 << 24), any::<bool>())
            .prop_map(|(anon, nums, vmflags)| GenMap { anon, nums, vmflags })
    }

    /// The `smaps` keys the generated mappings use: the 11 summed ones, then `SwapPss`.
    const SMAPS_KEYS: [&str; 12] = [
        "Size",
        "Rss",
        "Pss",
        "Shared_Clean",
        "Shared_Dirty",
        "Private_Clean",
        "Private_Dirty",
        "Referenced",
        "Anonymous",
        "Swap",
        "Private_Hugetlb",
        "SwapPss",
    ];

    fn render(maps: &[GenMap]) -> String {
        let keys = &SMAPS_KEYS[..11];
        let mut s = String::new();
        for (i, m) in maps.iter().enumerate() {
            let path = if m.anon { String::new() } else { format!("/lib/x{}.so", i % 3) };
            s += &format!("{:08x}-{:08x} r-xp 00000000 08:01 {i}     {path}\n", i * 4096, i * 4096 + 4096);
            for (k, v) in keys.iter().zip(m.nums) {
                s += &format!("{k}:{:>12} kB\n", v);
            }
            s += "SwapPss:           1 kB\nPss_Dirty:         2 kB\nTHPeligible:    0\n";
            if m.vmflags {
                s += "VmFlags: rd ex mr mw me dw\n";
            }
        }
        s
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

    /// The grouped rows as before [`group_smaps`]: a row per mapping, then [`group_maps`].
    fn group_per_mapping(bytes: &[u8], file: &Path) -> Result<Vec<MemoryMap>> {
        let entries = in_file(file, parse_smaps(bytes))?;
        group_maps(entries.into_iter().map(SmapsEntry::into_map).collect::<Result<Vec<_>>>()?)
    }

    /// A header path for the grouping property: repeats, `[anon]`, deleted files (one that
    /// exists), non-UTF-8 bytes that turn into the same text, and a path equal to another's
    /// stripped form.
    fn gen_path() -> impl Strategy<Value = Vec<u8>> {
        static PATHS: [&[u8]; 12] = [
            b"",
            b"[anon]",
            b"[heap]",
            b"/lib/a.so",
            b"/lib/b.so",
            b"/lib/a.so (deleted)",
            b"/ (deleted)",
            b"/",
            b"/tmp/\xff",
            b"/tmp/\xfe",
            b"/tmp/\xef\xbf\xbd",
            b"/tmp/\xff (deleted)",
        ];
        proptest::sample::select(&PATHS[..]).prop_map(<[u8]>::to_vec)
    }

    /// A `Key: N kB` line's value: small, large, or large enough that sums overflow.
    fn gen_kb() -> impl Strategy<Value = u64> {
        prop_oneof![4 => 0u64..5000, 1 => Just(u64::MAX / 1024 / 2), 1 => Just(u64::MAX / 1024)]
    }

    /// A generated mapping: header path, (key index, kB) lines, whether a garbage line follows.
    type RawMap = (Vec<u8>, Vec<(usize, u64)>, bool);

    /// Renders mappings as `smaps`.
    fn render_raw(maps: &[RawMap]) -> Vec<u8> {
        let mut s = Vec::new();
        for (i, (path, fields, garbage)) in maps.iter().enumerate() {
            s.extend_from_slice(
                format!("{:08x}-{:08x} r-xp 00000000 08:01 {i}   ", i * 4096, i * 4096 + 4096).as_bytes(),
            );
            s.extend_from_slice(path);
            s.push(b'\n');
            for &(k, v) in fields {
                s.extend_from_slice(format!("{}: {v} kB\n", SMAPS_KEYS[k % SMAPS_KEYS.len()]).as_bytes());
            }
            if *garbage {
                s.extend_from_slice(b"Rss: x kB\n");
            }
            s.extend_from_slice(b"VmFlags: rd ex\n\n");
        }
        s
    }

    /// Totals that `group_smaps` gives are those of psutil's `_parse_smaps` on the same
    /// bytes.
    fn assert_totals_match_psutils_smaps_sum(
        bytes: &[u8],
        grouped: &Result<(Vec<MemoryMap>, Option<SmapsTotals>)>,
    ) {
        if let Ok((_, Some(totals))) = grouped {
            assert_eq!(Some(*totals), parse_smaps_totals(bytes).ok());
        }
    }

    #[test]
    fn grouped_maps_on_fixture() {
        let file = Path::new("/proc/1000/smaps");
        for pid in [1000, 1001, 1002] {
            let bytes = read(pid, "smaps");
            let fast = group_smaps(&bytes, file);
            assert_totals_match_psutils_smaps_sum(&bytes, &fast);
            let fast = fast.map(|(maps, _)| maps).map_err(|e| e.to_string());
            let slow = group_per_mapping(&bytes, file).map_err(|e| e.to_string());
            assert_eq!(fast, slow, "pid {pid}");
        }
        let (maps, totals) = memory_maps_grouped_at(&fixture(), 1000).unwrap();
        assert_eq!(totals, Some(parse_smaps_totals(&read(1000, "smaps")).unwrap()));
        assert!(maps.iter().all(|m| m.addr.is_none() && m.perms.is_none()));
        assert_eq!(maps, group_maps(memory_maps_at(&fixture(), 1000).unwrap()).unwrap());
        let err = memory_maps_grouped_at(&fixture(), 1002).unwrap_err().to_string();
        assert!(err.contains("1002") && err.contains("smaps"), "{err}");
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
        fn grouped_maps_equal_the_per_mapping_grouping(maps in proptest::collection::vec(
            (gen_path(), proptest::collection::vec((0usize..12, gen_kb()), 0..6), proptest::bool::weighted(0.05)),
            0..24,
        )) {
            let bytes = render_raw(&maps);
            let file = Path::new("/proc/7/smaps");
            let fast = group_smaps(&bytes, file);
            assert_totals_match_psutils_smaps_sum(&bytes, &fast);
            let fast = fast.map(|(maps, _)| maps).map_err(|e| e.to_string());
            let slow = group_per_mapping(&bytes, file).map_err(|e| e.to_string());
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn io_fast_path_agrees_with_parse_io(lines in proptest::collection::vec(
            (prop_oneof![Just("rchar"), Just("wchar"), Just("syscr"), Just("syscw"), Just("read_bytes"),
                Just("write_bytes"), Just("cancelled_write_bytes"), Just("x")],
             prop_oneof![Just(": "), Just(":"), Just(": : ")],
             prop_oneof![Just("1".to_string()), Just("x".to_string()), any::<u32>().prop_map(|v| v.to_string())]),
            0..9)) {
            let text: String = lines.iter().map(|(k, s, v)| format!("{k}{s}{v}\n")).collect();
            prop_assert_eq!(parse_io_fields(text.as_bytes()), parse_io(text.as_bytes(), "io").ok());
        }

        #[test]
        fn decimal_is_to_string(n in any::<u32>()) {
            let (d, text) = (decimal(n), n.to_string());
            prop_assert_eq!(d.as_slice(), text.as_bytes());
        }

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

        #[test]
        fn per_mapping_sums_equal_rollup(maps in prop::collection::vec(gen_map(), 1..12)) {
            let text = render(&maps);
            let entries = parse_smaps(text.as_bytes()).unwrap();
            prop_assert_eq!(entries.len(), maps.len());
            let totals = parse_smaps_totals(text.as_bytes()).unwrap();
            let uss: u64 = entries.iter().map(|e| e.fields.private_clean + e.fields.private_dirty + e.fields.private_hugetlb).sum();
            let pss: u64 = entries.iter().map(|e| e.fields.pss).sum();
            let swap: u64 = entries.iter().map(|e| e.fields.swap).sum();
            prop_assert_eq!(totals, SmapsTotals { uss, pss, swap });
            // The rollup the kernel would print for the same mappings parses to the same.
            let pc: u64 = entries.iter().map(|e| e.fields.private_clean).sum();
            let pd: u64 = entries.iter().map(|e| e.fields.private_dirty).sum();
            let ph: u64 = entries.iter().map(|e| e.fields.private_hugetlb).sum();
            let rollup = format!(
                "00000000-ffffffff ---p 00000000 00:00 0 [rollup]\nPss: {} kB\nPss_Anon: 3 kB\nPrivate_Clean: {} kB\nPrivate_Dirty: {} kB\nPrivate_Hugetlb: {} kB\nSwap: {} kB\nSwapPss: 9 kB\n",
                pss / KB, pc / KB, pd / KB, ph / KB, swap / KB
            );
            prop_assert_eq!(parse_smaps_rollup(rollup.as_bytes()).unwrap(), totals);
            for (e, m) in entries.iter().zip(&maps) {
                prop_assert_eq!(e.fields.rss, u64::from(m.nums[1]) * KB);
                prop_assert_eq!(e.path == b"[anon]", m.anon);
            }
        }

        #[test]
        fn io_round_trip(v in prop::array::uniform6(any::<u64>())) {
            let text = format!(
                "rchar: {}\nwchar: {}\nsyscr: {}\nsyscw: {}\nread_bytes: {}\nwrite_bytes: {}\ncancelled_write_bytes: 0\n",
                v[0], v[1], v[2], v[3], v[4], v[5]
            );
            let io = parse_io(text.as_bytes(), "io").unwrap();
            prop_assert_eq!(io, IoRaw { rchar: v[0], wchar: v[1], syscr: v[2], syscw: v[3], read_bytes: v[4], write_bytes: v[5] });
        }

        #[test]
        fn fdinfo_round_trip(pos: u64, flags in 0i32..0o17777777) {
            let text = format!("pos:\t{pos}\nflags:\t0{flags:o}\nmnt_id:\t1\n");
            prop_assert_eq!(parse_fdinfo(text.as_bytes()).unwrap(), (pos, flags));
        }

        #[test]
        fn task_stat_round_trip(comm in "[a-z) (]{0,15}", u: u64, s: u64) {
            let text = format!("7 ({comm}) S 1 1 0 0 -1 0 0 0 0 0 {u} {s} 0 0 20 0 1 0 5\n");
            prop_assert_eq!(parse_task_stat(text.as_bytes()).unwrap(), (u, s));
        }
    }
}
