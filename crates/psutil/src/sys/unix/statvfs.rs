//! `disk_usage` by `statvfs(3)`, as psutil's `_psposix.disk_usage`, on Linux, macOS and
//! FreeBSD.

use std::io;
use std::path::Path;

use crate::disk::{usage_percent, DiskUsage};
use crate::{Error, Result};

/// psutil's formula: total = `f_blocks * f_frsize`, free = `f_bavail * f_frsize` (what an
/// unprivileged user may still use), used = `(f_blocks - f_bfree) * f_frsize`, percent =
/// `used / (used + free)` rounded to one decimal.
pub(crate) fn usage_from(blocks: u64, bfree: u64, bavail: u64, frsize: u64) -> DiskUsage {
    let total = blocks.saturating_mul(frsize);
    let free = bavail.saturating_mul(frsize);
    let used = blocks.saturating_sub(bfree).saturating_mul(frsize);
    let percent = usage_percent(used, used.saturating_add(free));
    DiskUsage { total, used, free, percent }
}

/// `statvfs(path)` decoded by [`usage_from`]. A path with a NUL byte is `InvalidArgument`
/// (Python's "embedded null byte").
pub(crate) fn disk_usage(path: &Path) -> Result<DiskUsage> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| Error::invalid("embedded null byte"))?;
    // SAFETY: zeroed statvfs is a valid out-parameter, `c` is a NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(Error::io(path, io::Error::last_os_error()));
    }
    #[allow(clippy::useless_conversion)] // the field types differ between the Unixes
    Ok(usage_from(st.f_blocks.into(), st.f_bfree.into(), st.f_bavail.into(), st.f_frsize.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula() {
        let u = usage_from(1000, 400, 300, 4096);
        assert_eq!((u.total, u.used, u.free), (4_096_000, 2_457_600, 1_228_800));
        assert_eq!(u.percent, 66.7);
        let empty = usage_from(0, 0, 0, 4096);
        assert_eq!((empty.total, empty.percent), (0, 0.0));
        let odd = usage_from(10, 20, 30, 1);
        assert_eq!(odd.used, 0, "more free blocks than blocks is not negative use");
        assert_eq!(usage_from(u64::MAX, 0, 0, 2).total, u64::MAX);
    }

    /// Live on the Linux build host: the C library's `statvfs` decoded here equals the
    /// kernel's `statfs(2)` numbers fetched by the raw syscall (rustix) and put through
    /// psutil's formula by hand (`df` is the oracle of the facade's own live test).
    #[cfg(target_os = "linux")]
    #[test]
    fn matches_the_raw_statfs_syscall() {
        let st = rustix::fs::statvfs("/").unwrap();
        let ours = disk_usage(Path::new("/")).unwrap();
        assert_eq!(ours.total, st.f_blocks * st.f_frsize);
        // Used and free move with other writers; a few MiB is what moves in between.
        let used = (st.f_blocks - st.f_bfree) * st.f_frsize;
        assert!(ours.used.abs_diff(used) < 64 << 20, "{} vs {used}", ours.used);
        assert!(ours.free.abs_diff(st.f_bavail * st.f_frsize) < 64 << 20);
        assert!(matches!(disk_usage(Path::new("/no/such/dir")), Err(Error::Io { .. })));
        assert!(matches!(disk_usage(Path::new("a\0b")), Err(Error::InvalidArgument(_))));
    }
}
