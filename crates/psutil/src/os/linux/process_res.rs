//! Linux extension traits: the Linux-only fields of a process's resource types
//! (`pmmap_*`, `popenfile`, `pio`).

use crate::process::{IoCounters, MemoryFullInfo, MemoryMap, OpenFile};

/// Linux-only fields of [`MemoryMap`] (psutil's `pmmap_grouped`/`pmmap_ext`), all bytes.
///
/// ```
/// use psutil_rs::os::linux::MemoryMapExt;
/// # fn main() -> psutil_rs::Result<()> {
/// let maps = psutil_rs::Process::current()?.memory_maps(false)?;
/// assert!(maps.iter().all(|m| m.rss <= m.size() && m.pss() <= m.rss));
/// # Ok(())
/// # }
/// ```
pub trait MemoryMapExt {
    /// Size of the mapping.
    fn size(&self) -> u64;
    /// Proportional set size.
    fn pss(&self) -> u64;
    /// Clean pages shared with other processes.
    fn shared_clean(&self) -> u64;
    /// Dirty pages shared with other processes.
    fn shared_dirty(&self) -> u64;
    /// Clean private pages.
    fn private_clean(&self) -> u64;
    /// Dirty private pages.
    fn private_dirty(&self) -> u64;
    /// Memory marked as referenced or accessed.
    fn referenced(&self) -> u64;
    /// Anonymous memory.
    fn anonymous(&self) -> u64;
    /// Swapped out memory.
    fn swap(&self) -> u64;
}

impl MemoryMapExt for MemoryMap {
    fn size(&self) -> u64 {
        self.os.size
    }
    fn pss(&self) -> u64 {
        self.os.pss
    }
    fn shared_clean(&self) -> u64 {
        self.os.shared_clean
    }
    fn shared_dirty(&self) -> u64 {
        self.os.shared_dirty
    }
    fn private_clean(&self) -> u64 {
        self.os.private_clean
    }
    fn private_dirty(&self) -> u64 {
        self.os.private_dirty
    }
    fn referenced(&self) -> u64 {
        self.os.referenced
    }
    fn anonymous(&self) -> u64 {
        self.os.anonymous
    }
    fn swap(&self) -> u64 {
        self.os.swap
    }
}

/// Linux-only fields of [`OpenFile`] (psutil's `popenfile`).
///
/// ```
/// use psutil_rs::os::linux::OpenFileExt;
/// # fn main() -> psutil_rs::Result<()> {
/// let _f = std::fs::File::open("Cargo.toml").map_err(psutil_rs::Error::from)?;
/// let files = psutil_rs::Process::current()?.open_files()?;
/// let f = files.iter().find(|o| o.path.ends_with("Cargo.toml")).expect("listed");
/// assert_eq!((f.mode(), f.position()), ("r", 0));
/// assert_eq!(f.flags() & libc::O_ACCMODE, libc::O_RDONLY);
/// # Ok(())
/// # }
/// ```
pub trait OpenFileExt {
    /// The file offset (`pos:` of `fdinfo`).
    fn position(&self) -> u64;
    /// The open mode: `r`, `w`, `a`, `r+` or `a+`.
    fn mode(&self) -> &str;
    /// The `open(2)` flags (`flags:` of `fdinfo`, octal there).
    fn flags(&self) -> i32;
}

impl OpenFileExt for OpenFile {
    fn position(&self) -> u64 {
        self.os.position
    }
    fn mode(&self) -> &str {
        &self.os.mode
    }
    fn flags(&self) -> i32 {
        self.os.flags
    }
}

/// Linux-only fields of [`IoCounters`] (psutil's `pio`).
///
/// ```
/// use psutil_rs::os::linux::IoCountersExt;
/// # fn main() -> psutil_rs::Result<()> {
/// let io = psutil_rs::Process::current()?.io_counters()?;
/// assert!(io.read_chars() > 0);
/// # Ok(())
/// # }
/// ```
pub trait IoCountersExt {
    /// Bytes passed to read-like syscalls (`rchar`), page-cache hits included.
    fn read_chars(&self) -> u64;
    /// Bytes passed to write-like syscalls (`wchar`).
    fn write_chars(&self) -> u64;
}

impl IoCountersExt for IoCounters {
    fn read_chars(&self) -> u64 {
        self.os.read_chars
    }
    fn write_chars(&self) -> u64 {
        self.os.write_chars
    }
}

/// Linux-only fields of [`MemoryFullInfo`] (psutil's `pfullmem`): the `memory_info` ones
/// and pss, swap. All bytes.
///
/// ```
/// use psutil_rs::os::linux::MemoryFullInfoExt;
/// # fn main() -> psutil_rs::Result<()> {
/// let m = psutil_rs::Process::current()?.memory_full_info()?;
/// assert!(m.pss() <= m.rss && m.lib() == 0 && m.dirty() == 0);
/// # Ok(())
/// # }
/// ```
pub trait MemoryFullInfoExt {
    /// Resident shared (file-backed) memory.
    fn shared(&self) -> u64;
    /// Text (code).
    fn text(&self) -> u64;
    /// Library (always 0 on Linux ≥ 2.6).
    fn lib(&self) -> u64;
    /// Data + stack.
    fn data(&self) -> u64;
    /// Dirty pages (always 0 on Linux ≥ 2.6).
    fn dirty(&self) -> u64;
    /// Proportional set size: private memory plus an equal share of shared memory.
    fn pss(&self) -> u64;
    /// Swapped out memory (`Swap:`, not `SwapPss:`).
    fn swap(&self) -> u64;
}

impl MemoryFullInfoExt for MemoryFullInfo {
    fn shared(&self) -> u64 {
        self.mem.shared
    }
    fn text(&self) -> u64 {
        self.mem.text
    }
    fn lib(&self) -> u64 {
        self.mem.lib
    }
    fn data(&self) -> u64 {
        self.mem.data
    }
    fn dirty(&self) -> u64 {
        self.mem.dirty
    }
    fn pss(&self) -> u64 {
        self.os.pss
    }
    fn swap(&self) -> u64 {
        self.os.swap
    }
}
