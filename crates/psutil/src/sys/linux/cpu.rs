//! Linux backend: CPU times, counts, statistics, frequencies and load average.
//!
//! Sources: `<proc>/stat`, `<proc>/cpuinfo`, `<proc>/loadavg`, and below `<sys>`:
//! `devices/system/cpu/cpu*/topology/*` and `devices/system/cpu/{cpufreq/policy*,cpu*/cpufreq}`.
//! Every file has a pure parser (bytes in, value out) beside the reader.

use std::path::{Path, PathBuf};

use super::fs::{parse_u64, trim_ascii, with_file};
use crate::cpu::{CpuFreq, CpuStats, CpuTimes};
use crate::paths::Roots;
use crate::{Error, Result};

/// The Linux-only part of [`CpuTimes`], read through [`crate::os::linux::CpuTimesExt`].
/// `steal`, `guest` and `guest_nice` are `None` when the kernel's line lacks them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct CpuTimesOs {
    pub(crate) iowait: f64,
    pub(crate) irq: f64,
    pub(crate) softirq: f64,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) steal: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) guest: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) guest_nice: Option<f64>,
}

impl CpuTimesOs {
    /// Field-wise `f(a, b)`; an optional field is present only when both sides have it.
    pub(crate) fn zip(&self, other: &Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let opt = |a: Option<f64>, b: Option<f64>| Some(f(a?, b?));
        CpuTimesOs {
            iowait: f(self.iowait, other.iowait),
            irq: f(self.irq, other.irq),
            softirq: f(self.softirq, other.softirq),
            steal: opt(self.steal, other.steal),
            guest: opt(self.guest, other.guest),
            guest_nice: opt(self.guest_nice, other.guest_nice),
        }
    }

    /// `acc` plus every present field, added in psutil's field order (Python's `sum`).
    pub(crate) fn fold_sum(&self, acc: f64) -> f64 {
        let mut acc = acc + self.iowait + self.irq + self.softirq;
        for v in [self.steal, self.guest, self.guest_nice].into_iter().flatten() {
            acc += v;
        }
        acc
    }

    /// The guest times, which Linux already counts in user/nice: `(guest, guest_nice)`.
    pub(crate) fn guest_parts(&self) -> (f64, f64) {
        (self.guest.unwrap_or(0.0), self.guest_nice.unwrap_or(0.0))
    }

    /// The time spent waiting for I/O, which is idle time too.
    pub(crate) fn iowait(&self) -> f64 {
        self.iowait
    }
}

const STAT: &str = "stat";
const CPUINFO: &str = "cpuinfo";
const CPU_DIR: &str = "devices/system/cpu";

/// The lines of a file as Python iterates them: a final newline does not start an
/// empty last line.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n').filter(move |_| !bytes.is_empty())
}

/// Splits a line into whitespace-separated tokens.
fn tokens(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty())
}

/// Parses one `cpu…` line of `/proc/stat` (label included) into seconds.
/// At least the 7 fields of Linux 2.6 are required; the 8th to 10th are optional;
/// any later ones are ignored, as psutil does.
pub(crate) fn parse_cpu_line(line: &[u8], ticks: f64, path: &str) -> Result<CpuTimes> {
    let mut vals = [0f64; 10];
    let mut n = 0;
    for tok in tokens(line).skip(1).take(10) {
        let v = parse_u64(tok).ok_or_else(|| Error::parse(path, "cpu time is not an unsigned integer"))?;
        vals[n] = v as f64 / ticks;
        n += 1;
    }
    if n < 7 {
        return Err(Error::parse(path, format!("a cpu line has {n} values, at least 7 expected")));
    }
    let opt = |i: usize| (i < n).then_some(vals[i]);
    Ok(CpuTimes {
        user: vals[0],
        nice: vals[1],
        system: vals[2],
        idle: vals[3],
        os: CpuTimesOs {
            iowait: vals[4],
            irq: vals[5],
            softirq: vals[6],
            steal: opt(7),
            guest: opt(8),
            guest_nice: opt(9),
        },
    })
}

/// System-wide times: the first line of `/proc/stat`, which must be the `cpu` line.
pub(crate) fn parse_stat_total(bytes: &[u8], ticks: f64) -> Result<CpuTimes> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    if !first.starts_with(b"cpu") {
        return Err(Error::parse("/proc/stat", "the first line is not the cpu line"));
    }
    parse_cpu_line(first, ticks, "/proc/stat")
}

/// Per-CPU times: every line after the first that starts with `cpu`.
pub(crate) fn parse_stat_percpu(bytes: &[u8], ticks: f64) -> Result<Vec<CpuTimes>> {
    bytes
        .split(|&b| b == b'\n')
        .skip(1)
        .filter(|l| l.starts_with(b"cpu"))
        .map(|l| parse_cpu_line(l, ticks, "/proc/stat"))
        .collect()
}

/// The first number after `key` on the line of `/proc/stat` starting with `key`.
fn stat_value(bytes: &[u8], key: &[u8]) -> Result<u64> {
    let line = bytes.split(|&b| b == b'\n').find(|l| l.starts_with(key)).ok_or_else(|| {
        Error::parse("/proc/stat", format!("line '{}' not found", String::from_utf8_lossy(key)))
    })?;
    tokens(line)
        .nth(1)
        .and_then(parse_u64)
        .ok_or_else(|| Error::parse("/proc/stat", format!("bad '{}' line", String::from_utf8_lossy(key))))
}

/// `ctxt`, `intr` (the total) and `softirq` (the total) of `/proc/stat`.
pub(crate) fn parse_stat_cpu_stats(bytes: &[u8]) -> Result<CpuStats> {
    Ok(CpuStats {
        ctx_switches: stat_value(bytes, b"ctxt")?,
        interrupts: stat_value(bytes, b"intr")?,
        soft_interrupts: stat_value(bytes, b"softirq")?,
        syscalls: 0,
    })
}

/// `btime` of `/proc/stat` as float seconds since the epoch.
pub(crate) fn parse_stat_btime(bytes: &[u8]) -> Result<f64> {
    stat_value(bytes, b"btime").map(|v| v as f64)
}

/// Number of `cpuN` lines of `/proc/stat` (first token `cpu` followed by a digit).
pub(crate) fn count_stat_cpus(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.len() > 3 && l.starts_with(b"cpu") && l[3].is_ascii_digit())
        .count()
}

/// Number of lines of `/proc/cpuinfo` starting with `processor` (any case).
pub(crate) fn count_cpuinfo_processors(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').filter(|l| l.len() >= 9 && l[..9].eq_ignore_ascii_case(b"processor")).count()
}

/// psutil's cores fallback: the sum, over distinct `physical id`, of `cpu cores`; a section
/// counts only when closed by a blank line. `None` when nothing was found.
pub(crate) fn parse_cpuinfo_cores(bytes: &[u8]) -> Result<Option<usize>> {
    let mut mapping: Vec<(u64, u64)> = Vec::new();
    let (mut phys, mut cores) = (None, None);
    for raw in lines(bytes) {
        let line = trim_ascii(raw);
        if line.is_empty() {
            if let (Some(p), Some(c)) = (phys, cores) {
                match mapping.iter_mut().find(|(k, _)| *k == p) {
                    Some(entry) => entry.1 = c,
                    None => mapping.push((p, c)),
                }
            }
            (phys, cores) = (None, None);
            continue;
        }
        let starts = |key: &[u8]| line.len() >= key.len() && line[..key.len()].eq_ignore_ascii_case(key);
        if !starts(b"physical id") && !starts(b"cpu cores") {
            continue;
        }
        // psutil splits at the first "\t:" and keys the section by the text before it.
        let bad = || Error::parse("/proc/cpuinfo", "bad 'physical id' or 'cpu cores' line");
        let sep = line.windows(2).position(|w| w == b"\t:").ok_or_else(bad)?;
        let value = parse_u64(trim_ascii(&line[sep + 2..])).ok_or_else(bad)?;
        let key = &line[..sep];
        if key.eq_ignore_ascii_case(b"physical id") {
            phys = Some(value);
        } else if key.eq_ignore_ascii_case(b"cpu cores") {
            cores = Some(value);
        }
    }
    let total = mapping.iter().fold(0u64, |acc, (_, c)| acc.saturating_add(*c));
    Ok(usize::try_from(total).ok().filter(|&n| n > 0))
}

/// The `cpu MHz` values of `/proc/cpuinfo`, one per logical CPU that reports one.
pub(crate) fn parse_cpuinfo_mhz(bytes: &[u8]) -> Result<Vec<f64>> {
    let mut out = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        if line.len() < 7 || !line[..7].eq_ignore_ascii_case(b"cpu mhz") {
            continue;
        }
        let value = line
            .iter()
            .position(|&b| b == b':')
            .and_then(|i| std::str::from_utf8(trim_ascii(&line[i + 1..])).ok())
            .and_then(|s| s.parse::<f64>().ok())
            .ok_or_else(|| Error::parse("/proc/cpuinfo", "bad 'cpu MHz' line"))?;
        out.push(value);
    }
    Ok(out)
}

/// The 1, 5 and 15 minute load averages of `/proc/loadavg`.
pub(crate) fn parse_loadavg(bytes: &[u8]) -> Result<(f64, f64, f64)> {
    let mut it = tokens(bytes).map(|t| std::str::from_utf8(t).ok().and_then(|s| s.parse::<f64>().ok()));
    match (it.next().flatten(), it.next().flatten(), it.next().flatten()) {
        (Some(a), Some(b), Some(c)) => Ok((a, b, c)),
        _ => Err(Error::parse("/proc/loadavg", "expected three load averages")),
    }
}

/// Parses a sysfs integer attribute (kHz) the way Python's `int()` does: surrounding
/// whitespace allowed, then digits.
pub(crate) fn sysfs_int(bytes: &[u8], path: &Path) -> Result<u64> {
    parse_u64(trim_ascii(bytes)).ok_or_else(|| Error::parse(path.display(), "expected an unsigned integer"))
}

pub(crate) fn read_stat<T>(roots: &Roots, parse: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    with_file(&roots.proc_file(STAT), parse)
}

pub(crate) fn cpu_times(roots: &Roots) -> Result<CpuTimes> {
    let ticks = super::fs::clock_ticks();
    read_stat(roots, |b| parse_stat_total(b, ticks))
}

pub(crate) fn cpu_times_percpu(roots: &Roots) -> Result<Vec<CpuTimes>> {
    let ticks = super::fs::clock_ticks();
    read_stat(roots, |b| parse_stat_percpu(b, ticks))
}

pub(crate) fn cpu_stats(roots: &Roots) -> Result<CpuStats> {
    read_stat(roots, parse_stat_cpu_stats)
}

/// psutil's `getloadavg()` is Python's `os.getloadavg()`, i.e. libc's `getloadavg(3)`
/// (recent glibc computes it from `sysinfo(2)`, with more decimals than `/proc/loadavg`).
/// That is used with the real `/proc`; below another root, `<proc>/loadavg` is parsed.
pub(crate) fn getloadavg(roots: &Roots) -> Result<(f64, f64, f64)> {
    if roots.is_real_proc() {
        let mut loads = [0f64; 3];
        // SAFETY: `loads` has room for the 3 values asked for.
        let n = unsafe { libc::getloadavg(loads.as_mut_ptr(), 3) };
        if n == 3 {
            return Ok((loads[0], loads[1], loads[2]));
        }
    }
    with_file(&roots.proc_file("loadavg"), parse_loadavg)
}

/// The number of CPUs in a kernel CPU list such as `0-3,6,8-9\n` (the format of
/// `/sys/devices/system/cpu/online`). `None` unless the whole text is ranges or numbers
/// separated by commas, ranges ascending, ending in one newline.
pub(crate) fn parse_cpu_list_count(bytes: &[u8]) -> Option<usize> {
    let list = bytes.strip_suffix(b"\n")?;
    let mut total = 0usize;
    for item in list.split(|&b| b == b',') {
        let (lo, hi) = match item.iter().position(|&b| b == b'-') {
            Some(dash) => (parse_u64(&item[..dash])?, parse_u64(&item[dash + 1..])?),
            None => {
                let n = parse_u64(item)?;
                (n, n)
            }
        };
        let span = hi.checked_sub(lo)?.checked_add(1)?;
        total = total.checked_add(usize::try_from(span).ok()?)?;
    }
    Some(total)
}

/// The online CPUs, as `sysconf(_SC_NPROCESSORS_ONLN)` (what psutil asks) counts them:
/// glibc (except 2.34, which counted the affinity mask) opens, reads and closes
/// `/sys/devices/system/cpu/online` and counts its list; this does the same with one
/// `read(2)` into a stack buffer and falls back to `sysconf` when the file cannot be
/// read or parsed. Nothing stays open between calls.
pub(crate) fn cpu_count_online() -> Option<usize> {
    if !glibc_counts_affinity() {
        let mut buf = [0u8; 4096];
        let read = super::fs::read_head(Path::new("/sys/devices/system/cpu/online"), &mut buf);
        let counted = read.ok().filter(|&n| n < buf.len()).and_then(|n| parse_cpu_list_count(&buf[..n]));
        if let Some(count) = counted.filter(|&c| c > 0) {
            return Some(count);
        }
    }
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    usize::try_from(n).ok().filter(|&n| n > 0)
}

/// glibc 2.34 answered `_SC_NPROCESSORS_ONLN` from the affinity mask, not the file.
#[cfg(target_env = "gnu")]
fn glibc_counts_affinity() -> bool {
    // SAFETY: gnu_get_libc_version returns a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(libc::gnu_get_libc_version()) };
    version.to_bytes().starts_with(b"2.34")
}

/// Other C libraries: `sysconf` is asked directly.
#[cfg(not(target_env = "gnu"))]
fn glibc_counts_affinity() -> bool {
    true
}

/// Logical CPUs: [`cpu_count_online`], else the file-based fallbacks.
pub(crate) fn cpu_count_logical(roots: &Roots) -> Result<Option<usize>> {
    match cpu_count_online() {
        Some(n) => Ok(Some(n)),
        None => cpu_count_logical_from_files(roots),
    }
}

/// psutil's fallbacks: `processor` lines of cpuinfo, then `cpuN` lines of stat.
pub(crate) fn cpu_count_logical_from_files(roots: &Roots) -> Result<Option<usize>> {
    let n = with_file(&roots.proc_file(CPUINFO), |b| Ok(count_cpuinfo_processors(b)))?;
    if n > 0 {
        return Ok(Some(n));
    }
    let n = read_stat(roots, |b| Ok(count_stat_cpus(b)))?;
    Ok((n > 0).then_some(n))
}

/// Entries of `dir` named `prefix` + a digit + anything, with the number after the prefix,
/// sorted by that number. A missing directory gives an empty list (an empty glob).
fn numbered_entries(dir: &Path, prefix: &str) -> Vec<(u64, PathBuf)> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(u64, PathBuf)> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name();
            let rest = name.as_encoded_bytes().strip_prefix(prefix.as_bytes())?;
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let n = parse_u64(&rest[..digits])?;
            Some((n, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Physical cores: distinct `core_cpus_list` (else `thread_siblings_list`) contents,
/// else the cpuinfo `physical id`/`cpu cores` sum.
pub(crate) fn cpu_count_cores(roots: &Roots) -> Result<Option<usize>> {
    let cpus = numbered_entries(&roots.sys_file(CPU_DIR), "cpu");
    for file in ["topology/core_cpus_list", "topology/thread_siblings_list"] {
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut found = false;
        for (_, dir) in &cpus {
            let path = dir.join(file);
            if !path.exists() {
                continue;
            }
            found = true;
            let content = with_file(&path, |b| Ok(trim_ascii(b).to_vec()))?;
            if !seen.contains(&content) {
                seen.push(content);
            }
        }
        if found {
            if !seen.is_empty() {
                return Ok(Some(seen.len()));
            }
            break;
        }
    }
    with_file(&roots.proc_file(CPUINFO), parse_cpuinfo_cores)
}

/// Per-CPU frequencies in MHz, psutil's `_pslinux.cpu_freq()`.
pub(crate) fn cpu_freq_percpu(roots: &Roots) -> Result<Vec<CpuFreq>> {
    let cpu_dir = roots.sys_file(CPU_DIR);
    let cpuinfo_mhz = || with_file(&roots.proc_file(CPUINFO), parse_cpuinfo_mhz);
    if !cpu_dir.join("cpufreq/policy0").exists() && !cpu_dir.join("cpu0/cpufreq").exists() {
        return Ok(cpuinfo_mhz()?.into_iter().map(|c| CpuFreq { current: c, min: 0.0, max: 0.0 }).collect());
    }
    let from_info = cpuinfo_mhz()?;
    let mut dirs = numbered_entries(&cpu_dir.join("cpufreq"), "policy");
    if dirs.is_empty() {
        dirs = numbered_entries(&cpu_dir, "cpu")
            .into_iter()
            .map(|(n, p)| (n, p.join("cpufreq")))
            .filter(|(_, p)| p.exists())
            .collect();
    }
    let read_opt = |p: PathBuf| -> Result<Option<u64>> {
        match super::fs::with_file_raw(&p, |b| sysfs_int(b, &p)) {
            Ok(v) => v.map(Some),
            Err(_) => Ok(None),
        }
    };
    let read_req = |p: PathBuf| -> Result<u64> { with_file(&p, |b| sysfs_int(b, &p)) };
    let mut out = Vec::with_capacity(dirs.len());
    for (i, (_, dir)) in dirs.iter().enumerate() {
        let mut cur_khz = if dirs.len() == from_info.len() {
            let khz = (from_info[i] * 1000.0).trunc();
            if !khz.is_finite() || khz < 0.0 {
                return Err(Error::parse("/proc/cpuinfo", "'cpu MHz' is not a finite frequency"));
            }
            Some(khz)
        } else {
            read_opt(dir.join("scaling_cur_freq"))?.map(|v| v as f64)
        };
        if cur_khz.is_none() {
            cur_khz = read_opt(dir.join("cpuinfo_cur_freq"))?.map(|v| v as f64);
        }
        let Some(cur_khz) = cur_khz else {
            // psutil looks at cpu<i>/online with the enumeration index.
            let online = cpu_dir.join(format!("cpu{i}/online"));
            if super::fs::with_file_raw(&online, |b| b == b"0\n").unwrap_or(false) {
                out.push(CpuFreq { current: 0.0, min: 0.0, max: 0.0 });
                continue;
            }
            return Err(Error::not_supported("cpu_freq", "this kernel: can't find current frequency file"));
        };
        let max = read_req(dir.join("scaling_max_freq"))? as f64 / 1000.0;
        let min = read_req(dir.join("scaling_min_freq"))? as f64 / 1000.0;
        out.push(CpuFreq { current: cur_khz / 1000.0, min, max });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::{cpu_percent_between, cpu_times_percent_between};
    use proptest::prelude::*;

    const STAT10: &[u8] = b"cpu  100 20 300 4000 50 6 7 8 9 10\ncpu0 50 10 150 2000 25 3 3 4 4 5\n\
cpu1 50 10 150 2000 25 3 4 4 5 5\nintr 12345 1 2 3\nctxt 999\nbtime 1700000000\n\
processes 10\nprocs_running 1\nsoftirq 777 1 2\n";

    #[test]
    fn parses_stat_with_ten_fields() {
        let t = parse_stat_total(STAT10, 100.0).unwrap();
        assert_eq!((t.user, t.nice, t.system, t.idle), (1.0, 0.2, 3.0, 40.0));
        assert_eq!((t.os.iowait, t.os.irq, t.os.softirq), (0.5, 0.06, 0.07));
        assert_eq!((t.os.steal, t.os.guest, t.os.guest_nice), (Some(0.08), Some(0.09), Some(0.1)));
        let per = parse_stat_percpu(STAT10, 100.0).unwrap();
        assert_eq!(per.len(), 2);
        assert_eq!(per[1].os.softirq, 0.04);
        let s = parse_stat_cpu_stats(STAT10).unwrap();
        assert_eq!((s.ctx_switches, s.interrupts, s.soft_interrupts, s.syscalls), (999, 12345, 777, 0));
        assert_eq!(parse_stat_btime(STAT10).unwrap(), 1_700_000_000.0);
        assert_eq!(count_stat_cpus(STAT10), 2);
    }

    #[test]
    fn old_kernels_lack_trailing_fields() {
        for (line, n) in
            [(&b"cpu 1 2 3 4 5 6 7\n"[..], 7), (b"cpu 1 2 3 4 5 6 7 8\n", 8), (b"cpu 1 2 3 4 5 6 7 8 9\n", 9)]
        {
            let t = parse_stat_total(line, 1.0).unwrap();
            assert_eq!(t.os.steal.is_some(), n >= 8);
            assert_eq!(t.os.guest.is_some(), n >= 9);
            assert!(t.os.guest_nice.is_none());
        }
        // More than 10 values: the extra ones are ignored, like psutil.
        let t = parse_stat_total(b"cpu 1 2 3 4 5 6 7 8 9 10 11\n", 1.0).unwrap();
        assert_eq!(t.os.guest_nice, Some(10.0));
    }

    #[test]
    fn bad_stat_is_a_parse_error() {
        for bad in [
            &b""[..],
            b"cpu 1 2 3\n",
            b"cpu 1 2 x 4 5 6 7\n",
            b"intr 1\ncpu 1 2 3 4 5 6 7\n",
            b"cpu -1 2 3 4 5 6 7",
        ] {
            assert!(matches!(parse_stat_total(bad, 100.0), Err(Error::Parse { .. })), "{bad:?}");
        }
        assert!(matches!(parse_stat_btime(b"cpu 1 2 3 4 5 6 7\n"), Err(Error::Parse { .. })));
        assert!(matches!(parse_stat_btime(b"btime abc\n"), Err(Error::Parse { .. })));
        assert!(matches!(parse_stat_cpu_stats(b"ctxt 1\nintr 2\n"), Err(Error::Parse { .. })));
        assert!(parse_stat_percpu(b"cpu 1 2 3 4 5 6 7\ncpu0 1 2\n", 1.0).is_err());
    }

    #[test]
    fn cpuinfo_parsers() {
        let info = b"processor\t: 0\nphysical id\t: 0\ncpu cores\t: 2\ncpu MHz\t\t: 2596.123\n\n\
processor\t: 1\nphysical id\t: 0\ncpu cores\t: 2\ncpu MHz\t\t: 1200\n\n\
Processor\t: 2\nphysical id\t: 1\ncpu cores\t: 4\n\n";
        assert_eq!(count_cpuinfo_processors(info), 3);
        assert_eq!(parse_cpuinfo_cores(info).unwrap(), Some(6));
        assert_eq!(parse_cpuinfo_mhz(info).unwrap(), vec![2596.123, 1200.0]);
        // A section not closed by a blank line does not count (psutil).
        assert_eq!(parse_cpuinfo_cores(b"physical id\t: 0\ncpu cores\t: 2\n").unwrap(), None);
        assert_eq!(parse_cpuinfo_cores(b"").unwrap(), None);
        assert!(parse_cpuinfo_cores(b"physical id\t: x\n\n").is_err());
        assert!(parse_cpuinfo_mhz(b"cpu MHz\t: fast\n").is_err());
        assert_eq!(count_cpuinfo_processors(b"garbage\n"), 0);
    }

    #[test]
    fn loadavg_parser() {
        assert_eq!(parse_loadavg(b"0.52 0.58 0.59 1/389 12345\n").unwrap(), (0.52, 0.58, 0.59));
        assert!(parse_loadavg(b"0.52 0.58\n").is_err());
        assert!(parse_loadavg(b"").is_err());
        assert!(parse_loadavg(b"a b c").is_err());
    }

    #[test]
    fn os_part_arithmetic() {
        let a = parse_stat_total(b"cpu 1 2 3 4 5 6 7 8 9 10\n", 1.0).unwrap().os;
        let b = parse_stat_total(b"cpu 1 2 3 4 5 6 7 8\n", 1.0).unwrap().os;
        let z = a.zip(&b, |x, y| x - y);
        assert_eq!((z.steal, z.guest), (Some(0.0), None));
        assert_eq!(a.fold_sum(1.0), 1.0 + 5.0 + 6.0 + 7.0 + 8.0 + 9.0 + 10.0);
        assert_eq!(a.guest_parts(), (9.0, 10.0));
        assert_eq!(b.guest_parts(), (0.0, 0.0));
        assert_eq!(a.zip(&a, |x, y| x + y).iowait(), 10.0);
    }

    fn fixture(name: &str) -> Roots {
        Roots::fixture(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))
    }

    #[test]
    fn logical_count_fallbacks() {
        // cpuinfo `processor` lines first, then `cpuN` lines of stat, then None.
        assert_eq!(cpu_count_logical_from_files(&fixture("cpu_modern")).unwrap(), Some(4));
        assert_eq!(cpu_count_logical_from_files(&fixture("cpu_sparc")).unwrap(), Some(3));
        assert_eq!(cpu_count_logical_from_files(&fixture("cpu_nocpus")).unwrap(), None);
        assert!(cpu_count_logical_from_files(&fixture("mem_modern")).is_err());
    }

    /// A scratch tree below the temp dir, removed on drop.
    struct Tree(std::path::PathBuf);
    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn sysfs_tree(files: &[(&str, &[u8])]) -> Tree {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "psutil-rs-cpu-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        for (rel, content) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        Tree(dir)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn sysfs_readers_never_panic(cur: Vec<u8>, lo: Vec<u8>, topo: Vec<u8>, info: Vec<u8>, online: Vec<u8>) {
            let tree = sysfs_tree(&[
                ("proc/cpuinfo", &info),
                ("sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", &cur),
                ("sys/devices/system/cpu/cpufreq/policy0/scaling_min_freq", &lo),
                ("sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq", b"3000000\n"),
                ("sys/devices/system/cpu/cpufreq/policy1/scaling_min_freq", &lo),
                ("sys/devices/system/cpu/cpu1/online", &online),
                ("sys/devices/system/cpu/cpu0/topology/core_cpus_list", &topo),
                ("sys/devices/system/cpu/cpu1/topology/core_cpus_list", b"1\n"),
            ]);
            let roots = Roots::fixture(&tree.0);
            if let Ok(freqs) = cpu_freq_percpu(&roots) {
                prop_assert_eq!(freqs.len(), 2);
                prop_assert!(freqs.iter().all(|f| f.current >= 0.0 && f.min >= 0.0 && f.max >= 0.0));
            }
            let cores = cpu_count_cores(&roots).unwrap();
            // Two CPUs: one or two distinct core lists.
            prop_assert!(cores == Some(1) || cores == Some(2));
        }
    }

    #[test]
    fn cpu_list_counts() {
        assert_eq!(parse_cpu_list_count(b"0\n"), Some(1));
        assert_eq!(parse_cpu_list_count(b"0-1\n"), Some(2));
        assert_eq!(parse_cpu_list_count(b"0-3,6,8-9\n"), Some(7));
        assert_eq!(parse_cpu_list_count(b"0-127\n"), Some(128));
        for bad in [&b""[..], b"\n", b"0-1", b"0-1\n\n", b"3-1\n", b"0,\n", b"a-b\n", b"0--1\n", b"0 1\n"] {
            assert_eq!(parse_cpu_list_count(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse_cpu_list_count(format!("0-{}\n", u64::MAX).as_bytes()), None);
    }

    /// The online count is the file's list, read afresh: equal on every call, and no
    /// descriptor is left open by it.
    #[test]
    fn online_cpus_read_afresh_and_nothing_kept_open() {
        let Ok(text) = std::fs::read("/sys/devices/system/cpu/online") else {
            eprintln!("skipped: no /sys/devices/system/cpu/online");
            return;
        };
        let fresh = parse_cpu_list_count(&text).unwrap();
        // SAFETY: sysconf has no preconditions.
        let by_libc = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
        assert_eq!(by_libc, fresh as libc::c_long);
        for _ in 0..3 {
            assert_eq!(cpu_count_online(), Some(fresh));
        }
        assert_eq!(cpu_count_logical(&Roots::default()).unwrap(), Some(fresh));
        let held = |fd: std::fs::DirEntry| std::fs::read_link(fd.path()).ok();
        let online_held = std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| e.ok().and_then(held))
            .any(|target| target == std::path::Path::new("/sys/devices/system/cpu/online"));
        assert!(!online_held, "cpu_count left /sys/devices/system/cpu/online open");
    }

    proptest! {
        #[test]
        fn cpu_list_count_matches_ranges(ranges in proptest::collection::vec((0u64..5000, 0u64..64), 1..20)) {
            let text = ranges.iter().map(|&(lo, len)| if len == 0 { lo.to_string() } else { format!("{lo}-{}", lo + len) })
                .collect::<Vec<_>>().join(",") + "\n";
            let expected: u64 = ranges.iter().map(|&(_, len)| len + 1).sum();
            prop_assert_eq!(parse_cpu_list_count(text.as_bytes()), Some(expected as usize));
        }

        #[test]
        fn cpu_list_count_never_panics(bytes: Vec<u8>) {
            let _ = parse_cpu_list_count(&bytes);
        }

        #[test]
        fn stat_parsers_never_panic(bytes: Vec<u8>) {
            let _ = parse_stat_total(&bytes, 100.0);
            let _ = parse_stat_percpu(&bytes, 100.0);
            let _ = parse_stat_cpu_stats(&bytes);
            let _ = parse_stat_btime(&bytes);
            let _ = count_stat_cpus(&bytes);
            let _ = count_cpuinfo_processors(&bytes);
            let _ = parse_cpuinfo_cores(&bytes);
            let _ = parse_cpuinfo_mhz(&bytes);
            let _ = parse_loadavg(&bytes);
        }

        #[test]
        fn cpu_line_roundtrip(vals in proptest::collection::vec(0u64..1u64 << 40, 7..=10)) {
            let line = format!("cpu {}\n", vals.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" "));
            let t = parse_stat_total(line.as_bytes(), 100.0).unwrap();
            let sum: f64 = vals.iter().map(|&v| v as f64 / 100.0).sum();
            let ours = t.os.fold_sum(t.user + t.nice + t.system + t.idle);
            prop_assert!((ours - sum).abs() <= sum * 1e-12);
            prop_assert_eq!(t.os.guest_nice.is_some(), vals.len() == 10);
        }
    }

    /// The facade's percent formulas on samples parsed from `/proc/stat` lines.
    fn t(line: &str) -> CpuTimes {
        parse_stat_total(line.as_bytes(), 1.0).unwrap()
    }

    #[test]
    fn percent_formula_matches_psutil() {
        // deltas: user 10, nice 0, system 10, idle 70, iowait 10 → total 100, busy 20.
        let a = t("cpu 0 0 0 0 0 0 0 0 0 0");
        let b = t("cpu 10 0 10 70 10 0 0 0 0 0");
        assert_eq!(cpu_percent_between(&a, &b), 20.0);
        // Guest time (already in user) is not counted twice: 20/100, not 20/105 (19.0).
        let b = t("cpu 10 0 10 70 10 0 0 0 5 0");
        assert_eq!(cpu_percent_between(&a, &b), 20.0);
        // Steal counts as busy: 30/110 → 27.3.
        let b3 = t("cpu 10 0 10 70 10 0 0 10 0 0");
        assert_eq!(cpu_percent_between(&a, &b3), round_ref(30.0 / 110.0 * 100.0));
        assert_eq!(cpu_percent_between(&a, &b3), 27.3);
        // A decreasing field is clamped to 0.
        let a2 = t("cpu 0 0 0 0 0 0 0 9 0 0");
        let b2 = t("cpu 10 0 10 70 10 0 0 3 0 0");
        assert_eq!(cpu_percent_between(&a2, &b2), 20.0);
        // No time elapsed → 0.0.
        assert_eq!(cpu_percent_between(&b, &b), 0.0);
        let p = cpu_times_percent_between(&a, &t("cpu 10 0 10 70 10 0 0 0 0 0"));
        assert_eq!((p.user, p.system, p.idle, p.os.iowait), (10.0, 10.0, 70.0, 10.0));
        assert_eq!(p.os.steal, Some(0.0));
        // Totals under one second are divided by 1 (psutil's max(1, total)).
        let small = cpu_times_percent_between(&t("cpu 0 0 0 0 0 0 0"), &t("cpu 0 0 0 0 0 0 0"));
        assert_eq!(small.idle, 0.0);
    }

    fn round_ref(x: f64) -> f64 {
        format!("{x:.1}").parse().unwrap()
    }

    #[test]
    fn old_and_new_samples_mix() {
        // 7-field vs 10-field samples: optional fields drop out, nothing panics.
        let a = t("cpu 0 0 0 0 0 0 0");
        let b = t("cpu 1 0 1 2 0 0 0 1 1 1");
        let p = cpu_times_percent_between(&a, &b);
        assert_eq!(p.os.steal, None);
        assert_eq!(cpu_percent_between(&a, &b), 50.0);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        let json = serde_json::to_string(&t("cpu 1 2 3 4 5 6 7 8")).unwrap();
        let keys: Vec<&str> = json.split('"').skip(1).step_by(2).collect();
        assert_eq!(keys, ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]);
    }
}
