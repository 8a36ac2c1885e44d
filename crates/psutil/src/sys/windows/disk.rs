//! Windows backend: disks. Drive letters (`GetLogicalDriveStringsW`, `GetDriveTypeW`,
//! `GetVolumeInformationW`), space (`GetDiskFreeSpaceExW`) and I/O counters
//! (`\\.\PhysicalDriveN` + `IOCTL_DISK_PERFORMANCE`), as psutil's `arch/windows/disk.c`.

use std::path::Path;

use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED,
    INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FindFirstVolumeMountPointW, FindNextVolumeMountPointW, FindVolumeMountPointClose,
    GetDiskFreeSpaceExW, GetDriveTypeW, GetLogicalDriveStringsW, GetVolumeInformationW, FILE_SHARE_READ,
    FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Diagnostics::Debug::{SetErrorMode, SEM_FAILCRITICALERRORS};
use windows_sys::Win32::System::Ioctl::IOCTL_DISK_PERFORMANCE;
use windows_sys::Win32::System::SystemServices::FILE_SUPPORTS_REPARSE_POINTS;
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::decode;
use super::ffi::{last_error, wide};
use crate::disk::{usage_percent, DiskPartition, DiskUsage, DISK_IO_FIELDS};
use crate::paths::Roots;
use crate::{Error, Result};

/// No Windows-only disk I/O fields: psutil's `sdiskio` there has the portable six.
pub(crate) use crate::sys::unsupported::disk::DiskIoOs;

/// Restores the process's error mode when dropped (psutil turns critical-error dialogs
/// off around the drive queries, so an empty floppy or CD drive shows no dialog).
struct ErrorModeGuard(u32);

impl ErrorModeGuard {
    fn quiet() -> Self {
        // SAFETY: changes the process error mode; restored on drop.
        ErrorModeGuard(unsafe { SetErrorMode(SEM_FAILCRITICALERRORS) })
    }
}

impl Drop for ErrorModeGuard {
    fn drop(&mut self) {
        // SAFETY: restores the previous mode.
        unsafe { SetErrorMode(self.0) };
    }
}

/// The drive roots ("C:\\", ...) from `GetLogicalDriveStringsW`.
fn drive_roots() -> Result<Vec<Vec<u16>>> {
    let mut buf = vec![0u16; 256];
    loop {
        let cap = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        // SAFETY: the buffer holds `cap` UTF-16 units.
        let n = unsafe { GetLogicalDriveStringsW(cap, buf.as_mut_ptr()) };
        if n == 0 {
            return Err(last_error("GetLogicalDriveStringsW"));
        }
        if n <= cap {
            buf.truncate(n as usize);
            break;
        }
        buf = vec![0u16; n as usize + 1];
    }
    Ok(buf.split(|&u| u == 0).filter(|s| !s.is_empty()).map(|s| s.to_vec()).collect())
}

/// The folders of volume `root` (NUL-terminated) where other volumes are mounted
/// (`FindFirstVolumeMountPointW`/`FindNextVolumeMountPointW`, e.g. "mnt\\data\\"). None
/// when the volume has none or may not be asked (psutil ignores those failures too).
fn mount_folders(root_z: &[u16]) -> Vec<String> {
    let mut folders = Vec::new();
    let mut buf = vec![0u16; 4096];
    let cap = buf.len() as u32;
    // SAFETY: a NUL-terminated root and a buffer of `cap` UTF-16 units.
    let find = unsafe { FindFirstVolumeMountPointW(root_z.as_ptr(), buf.as_mut_ptr(), cap) };
    if find == INVALID_HANDLE_VALUE {
        return folders;
    }
    loop {
        folders.push(decode::utf16_until_nul(&buf));
        // SAFETY: an open search handle and the same buffer.
        if unsafe { FindNextVolumeMountPointW(find, buf.as_mut_ptr(), cap) } == 0 {
            break;
        }
    }
    // SAFETY: the search handle opened above, closed once.
    unsafe { FindVolumeMountPointClose(find) };
    folders
}

/// psutil's `disk_partitions(all)`: one entry per drive letter (device = mountpoint =
/// "X:\\"), the file system's name, and psutil's option string; before each drive's
/// entry, one per folder where a volume is mounted on it (when its file system supports
/// reparse points): device the drive, mountpoint the folder's full path, options without
/// the drive type, as psutil.
pub(crate) fn disk_partitions(_roots: &Roots, all: bool) -> Result<Vec<DiskPartition>> {
    let _quiet = ErrorModeGuard::quiet();
    let mut out = Vec::new();
    for root in drive_roots()? {
        let root_str = String::from_utf16_lossy(&root);
        let mut root_z = root.clone();
        root_z.push(0);
        // SAFETY: a NUL-terminated root path.
        let drive_type = unsafe { GetDriveTypeW(root_z.as_ptr()) };
        if !decode::partition_listed(all, drive_type, &root_str) {
            continue;
        }
        let mut fs_name = [0u16; 261];
        let mut flags = 0u32;
        // SAFETY: a NUL-terminated root and buffers of the sizes given.
        let ok = unsafe {
            GetVolumeInformationW(
                root_z.as_ptr(),
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut flags,
                fs_name.as_mut_ptr(),
                fs_name.len() as u32,
            )
        };
        let (fstype, flags) =
            if ok != 0 { (decode::utf16_until_nul(&fs_name), Some(flags)) } else { (String::new(), None) };
        if let Some(flags) = flags.filter(|f| f & FILE_SUPPORTS_REPARSE_POINTS != 0) {
            for folder in mount_folders(&root_z) {
                out.push(DiskPartition {
                    device: root_str.clone(),
                    mountpoint: format!("{root_str}{folder}"),
                    fstype: fstype.clone(),
                    opts: decode::volume_opts(flags),
                });
            }
        }
        out.push(DiskPartition {
            device: root_str.clone(),
            mountpoint: root_str,
            fstype,
            opts: decode::partition_opts(flags, drive_type),
        });
    }
    Ok(out)
}

/// psutil's `disk_usage(path)` from `GetDiskFreeSpaceExW`: free is the volume's free
/// bytes (not the caller's quota), used = total − free.
pub(crate) fn disk_usage(path: &Path) -> Result<DiskUsage> {
    let p = wide(path.as_os_str());
    let (mut avail, mut total, mut free) = (0u64, 0u64, 0u64);
    // SAFETY: a NUL-terminated path and valid out-pointers.
    if unsafe { GetDiskFreeSpaceExW(p.as_ptr(), &mut avail, &mut total, &mut free) } == 0 {
        return Err(Error::io(path, std::io::Error::last_os_error()));
    }
    let used = total.saturating_sub(free);
    Ok(DiskUsage { total, used, free, percent: usage_percent(used, total) })
}

/// The `DISK_PERFORMANCE` bytes of `\\.\PhysicalDriveN`; `Ok(None)` when the drive does
/// not exist or does not report performance (psutil skips those).
fn physical_drive_performance(n: u32) -> Result<Option<Vec<u8>>> {
    let name = wide(std::ffi::OsStr::new(&format!("\\\\.\\PhysicalDrive{n}")));
    // SAFETY: a NUL-terminated device path; no access rights are needed for the ioctl.
    let h = unsafe {
        CreateFileW(
            name.as_ptr(),
            0,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    if h == INVALID_HANDLE_VALUE {
        return Ok(None);
    }
    let mut buf = vec![0u8; 88];
    let result = loop {
        let mut returned = 0u32;
        // SAFETY: a valid handle and an output buffer of the given size.
        let ok = unsafe {
            DeviceIoControl(
                h,
                IOCTL_DISK_PERFORMANCE,
                std::ptr::null(),
                0,
                buf.as_mut_ptr().cast(),
                buf.len() as u32,
                &mut returned,
                std::ptr::null_mut(),
            )
        };
        if ok != 0 {
            break Ok(Some(buf));
        }
        // SAFETY: reads the calling thread's last error.
        match unsafe { GetLastError() } {
            ERROR_INSUFFICIENT_BUFFER if buf.len() < 1 << 16 => buf.resize(buf.len() * 2, 0),
            ERROR_INVALID_FUNCTION | ERROR_NOT_SUPPORTED => break Ok(None),
            code => break Err(super::ffi::win32_error("DeviceIoControl", code)),
        }
    };
    // SAFETY: the handle was opened above and is closed once.
    unsafe { CloseHandle(h) };
    result
}

/// psutil's `disk_io_counters(perdisk=True)` rows, keyed "PhysicalDriveN" (N = 0..=32).
/// Drives that do not report performance are skipped (under Wine: all of them).
pub(crate) fn disk_io_counters(
    _roots: &Roots,
    _perdisk: bool,
) -> Result<Vec<(String, [u64; DISK_IO_FIELDS])>> {
    let mut rows = Vec::new();
    for n in 0..=32 {
        let Some(buf) = physical_drive_performance(n)? else { continue };
        let six = decode::disk_performance(&buf)
            .ok_or_else(|| Error::parse("DISK_PERFORMANCE", "shorter than its fields"))?;
        let mut fields = [0u64; DISK_IO_FIELDS];
        fields[..6].copy_from_slice(&six);
        rows.push((format!("PhysicalDrive{n}"), fields));
    }
    Ok(rows)
}
