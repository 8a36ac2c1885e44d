//! A process's resources: `memory_full_info`, `memory_maps`, `memory_percent`,
//! `open_files`, `num_fds`, `threads` and `io_counters`, with psutil's types
//! (`pfullmem`, `pmmap_grouped`/`pmmap_ext`, `popenfile`, `pthread`, `pio`).

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::sys::process::ProcessMemoryInfoOs;
use crate::sys::process_res as imp;
use crate::{Error, Pid, Process, ProcessMemoryInfo, Result};

// ---------------------------------------------------------------------------------------
// memory_full_info

/// [`ProcessMemoryInfo`] plus uss, pss and swap, in bytes (psutil's `pfullmem`), from
/// [`Process::memory_full_info`].
///
/// `rss`, `vms` and `uss` (memory unique to the process: what would be freed if it exited)
/// are portable. `shared`, `text`, `lib`, `data`, `dirty`, `pss` and `swap` are Linux-only:
/// `psutil_rs::os::linux::MemoryFullInfoExt`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// # #[cfg(target_os = "linux")] {
/// let m = psutil_rs::Process::current()?.memory_full_info()?;
/// assert!(m.uss > 0 && m.uss <= m.rss);
/// # }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MemoryFullInfo {
    /// Resident set size.
    pub rss: u64,
    /// Virtual memory size.
    pub vms: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) mem: ProcessMemoryInfoOs,
    /// Unique set size: private pages (clean, dirty and hugetlb).
    pub uss: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::MemoryFullInfoOs,
}

impl MemoryFullInfo {
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn new(info: ProcessMemoryInfo, uss: u64, os: imp::MemoryFullInfoOs) -> Self {
        MemoryFullInfo { rss: info.rss, vms: info.vms, mem: info.os, uss, os }
    }

    /// The `memory_info()` part (psutil's `pmem` fields).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let m = psutil_rs::Process::current()?.memory_full_info()?;
    /// assert_eq!(m.memory_info().vms, m.vms);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn memory_info(&self) -> ProcessMemoryInfo {
        ProcessMemoryInfo { rss: self.rss, vms: self.vms, os: self.mem }
    }
}

// ---------------------------------------------------------------------------------------
// memory_maps

/// One row of [`Process::memory_maps`](crate::Process::memory_maps): psutil's
/// `pmmap_ext` (`grouped = false`: `addr` and `perms` are set) or `pmmap_grouped`
/// (`grouped = true`: they are `None` and the numbers are summed per path).
///
/// All numbers are bytes. The Linux-only fields (`size`, `pss`, `shared_clean`,
/// `shared_dirty`, `private_clean`, `private_dirty`, `referenced`, `anonymous`, `swap`) are
/// read through `psutil_rs::os::linux::MemoryMapExt`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// # #[cfg(target_os = "linux")] {
/// let maps = psutil_rs::Process::current()?.memory_maps(true)?;
/// assert!(maps.iter().all(|m| m.addr.is_none() && !m.path.is_empty()));
/// # }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MemoryMap {
    /// The address range `start-end` (hex), ungrouped rows only.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub addr: Option<String>,
    /// The permissions, e.g. `r-xp`, ungrouped rows only.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub perms: Option<String>,
    /// The mapped file, or `[anon]`, `[heap]`, `[stack]`, ... Bytes that are not UTF-8
    /// become U+FFFD; [`MemoryMap::path_os`] keeps them.
    pub path: String,
    /// Resident set size of the mapping.
    pub rss: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::MemoryMapOs,
    /// The exact path, kept only when `path` lost bytes.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) raw_path: Option<PathBuf>,
}

/// A path read as bytes, split into its lossy `String` view and, only when that view
/// lost bytes, the exact path (so valid UTF-8, nearly every path, costs no second copy).
fn split_path(path: OsString) -> (String, Option<PathBuf>) {
    match path.into_string() {
        Ok(s) => (s, None),
        Err(raw) => (raw.to_string_lossy().into_owned(), Some(PathBuf::from(raw))),
    }
}

impl MemoryMap {
    /// Builds a row; `os` holds the backend's numbers.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn new(
        addr: Option<String>,
        perms: Option<String>,
        path: OsString,
        rss: u64,
        os: imp::MemoryMapOs,
    ) -> Self {
        let (path, raw_path) = split_path(path);
        MemoryMap { addr, perms, path, rss, os, raw_path }
    }

    /// The mapped file byte-exact, as the kernel has it (Python's psutil decodes it with
    /// `surrogateescape`); the same as [`MemoryMap::path`] when that is valid UTF-8.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let exe = std::fs::read_link("/proc/self/exe")?;
    /// let maps = psutil_rs::Process::current()?.memory_maps(true)?;
    /// assert!(maps.iter().any(|m| m.path_os() == exe));
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn path_os(&self) -> &Path {
        self.raw_path.as_deref().unwrap_or_else(|| Path::new(&self.path))
    }
}

/// psutil's grouping: one row per path (byte-exact) in the order first seen, every number
/// summed, `addr`/`perms` dropped.
#[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
pub(crate) fn group_maps(maps: Vec<MemoryMap>) -> Result<Vec<MemoryMap>> {
    let mut out: Vec<MemoryMap> = Vec::new();
    // Keyed by the bytes: `Path` equality ignores repeated and trailing separators, and
    // psutil's dict does not (`//x` and `/x` are two rows).
    let mut index: std::collections::HashMap<OsString, usize> = std::collections::HashMap::new();
    for m in maps {
        match index.get(m.path_os().as_os_str()) {
            Some(&i) => {
                let g = &mut out[i];
                let overflow = || Error::parse("smaps", format!("sum out of range for {}", m.path));
                g.rss = g.rss.checked_add(m.rss).ok_or_else(overflow)?;
                g.os = g.os.checked_add(&m.os).ok_or_else(overflow)?;
            }
            None => {
                index.insert(m.path_os().as_os_str().to_os_string(), out.len());
                out.push(MemoryMap { addr: None, perms: None, ..m });
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// open_files

/// A regular file a process has open (psutil's `popenfile`), from
/// [`Process::open_files`](crate::Process::open_files).
///
/// `position`, `mode` and `flags` are Linux-only: `psutil_rs::os::linux::OpenFileExt`.
/// [`OpenFile::path_os`] is the path byte-exact.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// # #[cfg(target_os = "linux")] {
/// let f = std::fs::File::open("Cargo.toml").map_err(psutil_rs::Error::from)?;
/// let files = psutil_rs::Process::current()?.open_files()?;
/// assert!(files.iter().any(|o| o.path.ends_with("Cargo.toml")));
/// drop(f);
/// # }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OpenFile {
    /// The absolute path of the file. Bytes that are not UTF-8 become U+FFFD;
    /// [`OpenFile::path_os`] keeps them.
    pub path: String,
    /// The file descriptor number.
    pub fd: i32,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::OpenFileOs,
    /// The exact path, kept only when `path` lost bytes.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) raw_path: Option<PathBuf>,
}

impl OpenFile {
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn new(path: OsString, fd: i32, os: imp::OpenFileOs) -> Self {
        let (path, raw_path) = split_path(path);
        OpenFile { path, fd, os, raw_path }
    }

    /// The file's path byte-exact, as the kernel has it (Python's psutil decodes it with
    /// `surrogateescape`); the same as [`OpenFile::path`] when that is valid UTF-8.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let f = std::fs::File::open("Cargo.toml")?;
    /// let want = std::fs::canonicalize("Cargo.toml")?;
    /// let files = psutil_rs::Process::current()?.open_files()?;
    /// assert!(files.iter().any(|o| o.path_os() == want));
    /// drop(f);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn path_os(&self) -> &Path {
        self.raw_path.as_deref().unwrap_or_else(|| Path::new(&self.path))
    }
}

// ---------------------------------------------------------------------------------------
// threads

/// One thread of a process (psutil's `pthread`), from
/// [`Process::threads`](crate::Process::threads). Times are seconds.
///
/// ```
/// let t = psutil_rs::Thread { id: 42, user_time: 0.5, system_time: 0.25 };
/// assert_eq!(t.user_time + t.system_time, 0.75);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Thread {
    /// The thread id (a Linux task id).
    pub id: Pid,
    /// CPU time spent in user mode, seconds.
    pub user_time: f64,
    /// CPU time spent in kernel mode, seconds.
    pub system_time: f64,
}

// ---------------------------------------------------------------------------------------
// io_counters

/// A process's I/O counters (psutil's `pio`), from
/// [`Process::io_counters`](crate::Process::io_counters).
///
/// `read_chars` and `write_chars` (bytes passed to read/write-like syscalls, cache hits
/// included) are Linux-only: `psutil_rs::os::linux::IoCountersExt`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// # #[cfg(target_os = "linux")] {
/// let io = psutil_rs::Process::current()?.io_counters()?;
/// assert!(io.read_count > 0);
/// # }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IoCounters {
    /// Number of read syscalls (`syscr`).
    pub read_count: u64,
    /// Number of write syscalls (`syscw`).
    pub write_count: u64,
    /// Bytes read from storage (`read_bytes`). 0 on FreeBSD, which counts block
    /// operations (`read_count`), not bytes, per process (psutil reports -1 there).
    pub read_bytes: u64,
    /// Bytes written to storage (`write_bytes`); 0 on FreeBSD, as `read_bytes`.
    pub write_bytes: u64,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub(crate) os: imp::IoCountersOs,
}

impl IoCounters {
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn new(
        read_count: u64,
        write_count: u64,
        read_bytes: u64,
        write_bytes: u64,
        os: imp::IoCountersOs,
    ) -> Self {
        IoCounters { read_count, write_count, read_bytes, write_bytes, os }
    }
}

// ---------------------------------------------------------------------------------------
// memory_percent

/// The memory figure [`Process::memory_percent`](crate::Process::memory_percent) compares
/// with total physical memory (psutil's `memtype`, the fields of `pfullmem`).
///
/// ```
/// use psutil_rs::MemType;
/// let t: MemType = "uss".parse()?;
/// assert_eq!(t, MemType::Uss);
/// assert_eq!(t.to_string(), "uss");
/// let err = "foo".parse::<MemType>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid memtype 'foo'; valid types are ('rss', 'vms', 'shared', 'text', 'lib', 'data', 'dirty', 'uss', 'pss', 'swap')"
/// );
/// # Ok::<(), psutil_rs::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum MemType {
    /// Resident set size (the default).
    #[default]
    Rss,
    /// Virtual memory size.
    Vms,
    /// Shared (file-backed resident) memory.
    Shared,
    /// Text (code).
    Text,
    /// Library (always 0 on Linux ≥ 2.6).
    Lib,
    /// Data + stack.
    Data,
    /// Dirty pages (always 0 on Linux ≥ 2.6).
    Dirty,
    /// Unique set size (reads `smaps`; slower).
    Uss,
    /// Proportional set size (reads `smaps`; slower).
    Pss,
    /// Swapped out memory (reads `smaps`; slower).
    Swap,
}

impl MemType {
    /// Every memtype, in psutil's order (`pfullmem._fields`).
    pub const ALL: [MemType; 10] = [
        MemType::Rss,
        MemType::Vms,
        MemType::Shared,
        MemType::Text,
        MemType::Lib,
        MemType::Data,
        MemType::Dirty,
        MemType::Uss,
        MemType::Pss,
        MemType::Swap,
    ];

    /// psutil's name of the memtype.
    ///
    /// ```
    /// assert_eq!(psutil_rs::MemType::Pss.as_str(), "pss");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MemType::Rss => "rss",
            MemType::Vms => "vms",
            MemType::Shared => "shared",
            MemType::Text => "text",
            MemType::Lib => "lib",
            MemType::Data => "data",
            MemType::Dirty => "dirty",
            MemType::Uss => "uss",
            MemType::Pss => "pss",
            MemType::Swap => "swap",
        }
    }

    /// True for the memtypes that need `memory_full_info` (uss, pss, swap).
    ///
    /// ```
    /// assert!(psutil_rs::MemType::Uss.needs_full_info());
    /// assert!(!psutil_rs::MemType::Rss.needs_full_info());
    /// ```
    pub fn needs_full_info(self) -> bool {
        matches!(self, MemType::Uss | MemType::Pss | MemType::Swap)
    }
}

impl fmt::Display for MemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MemType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        MemType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| invalid_memtype(s, MemType::ALL.iter().map(|t| t.as_str())))
    }
}

/// psutil's ValueError for a memtype that is not one of `valid` (its `pfullmem` fields).
pub(crate) fn invalid_memtype<'a>(name: &str, valid: impl Iterator<Item = &'a str>) -> Error {
    let names: Vec<String> = valid.map(|n| format!("'{n}'")).collect();
    Error::invalid(format!("invalid memtype '{name}'; valid types are ({})", names.join(", ")))
}

impl Process {
    /// [`Process::memory_info`] plus uss, pss and swap (psutil's `memory_full_info()`).
    ///
    /// On Linux they come from `/proc/<pid>/smaps_rollup` (`Private_*` lines → uss, `Pss:`,
    /// `Swap:`; kB × 1024), or from `smaps` when the rollup gives ESRCH/ENOENT. A zombie
    /// gives zeros. Slower than `memory_info`, and often `AccessDenied` for other users'
    /// processes.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// use psutil_rs::os::linux::MemoryFullInfoExt;
    /// let m = psutil_rs::Process::current()?.memory_full_info()?;
    /// assert!(m.pss() <= m.rss);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn memory_full_info(&self) -> Result<MemoryFullInfo> {
        imp::memory_full_info(&self.backend())
    }

    /// The mapped memory regions (psutil's `memory_maps(grouped)`), from
    /// `/proc/<pid>/smaps`.
    ///
    /// `grouped = true` gives one row per path (first-seen order) with every number summed
    /// and `addr`/`perms` = `None`; `false` gives one row per mapping with them set. An
    /// empty path is `[anon]`; ` (deleted)` is dropped when no such file exists. A zombie
    /// → `ZombieProcess`; a process without mappings (kernel thread) → empty.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let p = psutil_rs::Process::current()?;
    /// let all = p.memory_maps(false)?;
    /// assert!(all.iter().all(|m| m.addr.is_some() && m.perms.is_some()));
    /// assert!(p.memory_maps(true)?.len() <= all.len());
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn memory_maps(&self, grouped: bool) -> Result<Vec<MemoryMap>> {
        if grouped {
            imp::memory_maps_grouped(&self.backend())
        } else {
            imp::memory_maps(&self.backend())
        }
    }

    /// The process's memory as a percentage of total physical memory (psutil's
    /// `memory_percent(memtype)`), **not rounded**: `value / total * 100`, where total is
    /// [`crate::virtual_memory`]'s `total` (`MemTotal`). uss, pss and swap call
    /// [`Process::memory_full_info`]; the others [`Process::memory_info`].
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// use psutil_rs::MemType;
    /// let p = psutil_rs::Process::current()?;
    /// let rss = p.memory_percent(MemType::Rss)?;
    /// assert!(rss > 0.0 && rss <= 100.0);
    /// assert!(p.memory_percent("vms".parse()?)? >= rss);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn memory_percent(&self, memtype: MemType) -> Result<f64> {
        let value = if memtype.needs_full_info() {
            let m = self.memory_full_info()?;
            match memtype {
                MemType::Uss => Some(m.uss),
                _ => m.os.field(memtype),
            }
        } else {
            let m = self.memory_info()?;
            match memtype {
                MemType::Rss => Some(m.rss),
                MemType::Vms => Some(m.vms),
                _ => m.os.field(memtype),
            }
        };
        let value = value.ok_or_else(|| {
            Error::invalid(format!("invalid memtype '{memtype}' on {}", std::env::consts::OS))
        })?;
        // psutil: `_TOTAL_PHYMEM or virtual_memory().total`.
        let total = crate::virtual_memory()?.total;
        percent_of_total(value, total)
    }

    /// The regular files the process has open (psutil's `open_files()`): the fd links of
    /// `/proc/<pid>/fd` that are absolute paths of regular files, with `position` and
    /// `flags` from `fdinfo`. fds closed during the scan are skipped; if one vanished, the
    /// process must still exist (`NoSuchProcess` otherwise).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let files = psutil_rs::Process::current()?.open_files()?;
    /// assert!(files.iter().all(|f| f.path.starts_with('/') && f.fd >= 0));
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn open_files(&self) -> Result<Vec<OpenFile>> {
        imp::open_files(&self.backend())
    }

    /// The number of file descriptors the process has open (psutil's `num_fds()`): the
    /// entries of `/proc/<pid>/fd`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// assert!(psutil_rs::Process::current()?.num_fds()? >= 3);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn num_fds(&self) -> Result<usize> {
        imp::num_fds(&self.backend())
    }

    /// The process's threads with their CPU times (psutil's `threads()`), from
    /// `/proc/<pid>/task/*/stat`, ordered by task id **as strings** like psutil. A thread
    /// that exits during the scan is skipped.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let threads = psutil_rs::Process::current()?.threads()?;
    /// assert!(!threads.is_empty());
    /// assert!(threads.iter().all(|t| t.user_time >= 0.0 && t.system_time >= 0.0));
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn threads(&self) -> Result<Vec<Thread>> {
        imp::threads(&self.backend())
    }

    /// The process's I/O counters (psutil's `io_counters()`), from `/proc/<pid>/io`. An
    /// empty file or a missing field is a parse error (psutil's RuntimeError/ValueError).
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// # #[cfg(target_os = "linux")] {
    /// let io = psutil_rs::Process::current()?.io_counters()?;
    /// assert!(io.read_count > 0);
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub fn io_counters(&self) -> Result<IoCounters> {
        imp::io_counters(&self.backend())
    }
}

/// psutil's formula: `value / total * 100`, unrounded; a total that is not positive is an
/// error (psutil's ValueError).
pub(crate) fn percent_of_total(value: u64, total: u64) -> Result<f64> {
    if total == 0 {
        return Err(Error::invalid(
            "can't calculate process memory percent because total physical system memory is not positive (0)",
        ));
    }
    Ok(value as f64 / total as f64 * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, n: u64) -> MemoryMap {
        MemoryMap::new(Some("0-1".into()), Some("r--p".into()), path.into(), n, imp::MemoryMapOs::default())
    }

    #[test]
    fn grouping_keeps_first_seen_order_and_sums() {
        let g = group_maps(vec![row("/b", 1), row("[anon]", 2), row("/b", 3), row("/a", 4)]).unwrap();
        let paths: Vec<&str> = g.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["/b", "[anon]", "/a"]);
        assert_eq!(g[0].rss, 4);
        assert!(g.iter().all(|m| m.addr.is_none() && m.perms.is_none()));
        assert!(group_maps(vec![]).unwrap().is_empty());
    }

    /// Found by the `pid_smaps` fuzz target: `//opt/old` and `/opt/old` were one row
    /// (`Path` equality), while psutil and the one-pass grouping keep two.
    #[test]
    fn grouping_compares_path_bytes() {
        let g = group_maps(vec![
            row("/opt/old", 1),
            row("//opt/old", 2),
            row("/opt/old/", 4),
            row("/opt/old", 8),
        ])
        .unwrap();
        let rows: Vec<(&str, u64)> = g.iter().map(|m| (m.path.as_str(), m.rss)).collect();
        assert_eq!(rows, [("/opt/old", 9), ("//opt/old", 2), ("/opt/old/", 4)]);
    }

    #[test]
    fn grouping_overflow_is_an_error() {
        assert!(group_maps(vec![row("/b", u64::MAX), row("/b", 1)]).is_err());
    }

    #[test]
    fn memtype_names_round_trip() {
        for t in MemType::ALL {
            assert_eq!(t.as_str().parse::<MemType>().unwrap(), t);
        }
        assert!("RSS".parse::<MemType>().is_err());
        assert!(matches!("".parse::<MemType>(), Err(Error::InvalidArgument(_))));
    }

    #[test]
    fn percent_formula() {
        assert_eq!(percent_of_total(50, 200).unwrap(), 25.0);
        assert_eq!(percent_of_total(1, 3).unwrap(), 1.0 / 3.0 * 100.0);
        let e = percent_of_total(1, 0).unwrap_err();
        assert!(e.to_string().contains("not positive (0)"));
    }
}
