//! Linux backend: a process's memory mappings — `<proc>/<pid>/smaps` and
//! `<proc>/<pid>/smaps_rollup` (proc(5)): their parsers and readers, psutil's grouping of
//! the mappings by path, and the `Process` getters `memory_full_info` (uss, pss, swap),
//! `memory_maps` and `memory_maps_grouped`. Errors as described in [`super::res_common`].

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use super::res_common::{in_file, is_gone, mapped, second_token, strip_deleted_bytes, strip_deleted_slice};
use super::{known_kernel_thread, memory_info, pid_path, zombie_ppid};
use crate::paths::Roots;
use crate::process::ProcRef;
use crate::process::{group_maps, MemType, MemoryFullInfo, MemoryMap};
use crate::sys::linux::fs;
use crate::sys::linux::fs::split_lines;
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
fn smaps_totals_at(roots: &Roots, pid: Pid) -> Result<SmapsTotals> {
    let rollup = pid_path(roots, pid, "smaps_rollup");
    match fs::with_record_raw(&rollup, parse_smaps_rollup) {
        Ok(r) => in_file(&rollup, r),
        Err(e) if is_gone(&e) => {
            let smaps = pid_path(roots, pid, "smaps");
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

impl SmapsEntry {
    pub(crate) fn into_map(self) -> Result<MemoryMap> {
        let [rss, rest @ ..] = map_numbers(&self.fields);
        let path = OsString::from_vec(strip_deleted_bytes(self.path)?);
        Ok(MemoryMap::new(Some(self.addr), Some(self.perms), path, rss, MemoryMapOs::from_array(rest)))
    }
}

/// The ungrouped mappings of `pid` (psutil's `pmmap_ext` rows). An empty `smaps` (a
/// zombie, or a kernel thread) gives an empty `Vec`; the caller decides about zombies.
fn memory_maps_at(roots: &Roots, pid: Pid) -> Result<Vec<MemoryMap>> {
    let path = pid_path(roots, pid, "smaps");
    let entries = in_file(&path, fs::with_file_raw(&path, parse_smaps).map_err(|e| Error::io(&path, e))?)?;
    entries.into_iter().map(SmapsEntry::into_map).collect()
}

/// The mappings of `pid` grouped by path (psutil's `pmmap_grouped` rows) and the totals of
/// the same read, see [`group_smaps`]. An empty `smaps` gives an empty `Vec`.
fn memory_maps_grouped_at(roots: &Roots, pid: Pid) -> Result<(Vec<MemoryMap>, Option<SmapsTotals>)> {
    let path = pid_path(roots, pid, "smaps");
    fs::with_file_raw(&path, |bytes| group_smaps(bytes, &path)).map_err(|e| Error::io(&path, e))?
}

// ---------------------------------------------------------------------------------------
// The `Process` layer: psutil's error mapping ([`mapped`]) over the readers.

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
        if let Some(ppid) = zombie_ppid(p) {
            return Err(Error::zombie_process(p.pid(), p.cached_name(), Some(ppid)));
        }
    }
    Ok(maps)
}

#[cfg(test)]
mod tests {
    use super::super::res_common::{fixture, read};
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        use super::super::fds::OpenFileOs;
        use super::super::io_counters::IoCountersOs;
        use super::super::ProcessMemoryInfoOs;
        use crate::process::{IoCounters, OpenFile};
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
    }
}
