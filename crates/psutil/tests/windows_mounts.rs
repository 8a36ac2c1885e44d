//! `disk_partitions()`'s folder mount points (psutil lists, before each drive, the
//! folders where volumes are mounted on it, when its file system supports reparse
//! points). The flags are read here with `GetVolumeInformationW` itself: under Wine 8.0
//! no drive has FILE_SUPPORTS_REPARSE_POINTS (windows.md section 7), so the list must be
//! exactly the drive roots; on Windows, every extra entry must be a folder of a drive
//! that has the flag.
#![cfg(windows)]

mod common;

use windows_sys::Win32::Storage::FileSystem::GetVolumeInformationW;

/// FILE_SUPPORTS_REPARSE_POINTS.
const REPARSE_POINTS: u32 = 0x80;

fn volume_flags(root: &str) -> Option<u32> {
    let wide: Vec<u16> = root.encode_utf16().chain([0]).collect();
    let mut flags = 0u32;
    // SAFETY: a NUL-terminated root; only the flags are asked for.
    let ok = unsafe {
        GetVolumeInformationW(
            wide.as_ptr(),
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut flags,
            std::ptr::null_mut(),
            0,
        )
    };
    (ok != 0).then_some(flags)
}

#[test]
fn mount_folders_appear_only_on_volumes_with_reparse_points() {
    let parts = psutil_rs::disk_partitions(true).expect("disk_partitions");
    for p in &parts {
        assert!(p.device.len() == 3 && p.device.ends_with(":\\"), "{p:?}");
        if p.mountpoint == p.device {
            continue;
        }
        assert!(p.mountpoint.starts_with(&p.device) && p.mountpoint.ends_with('\\'), "{p:?}");
        let flags = volume_flags(&p.device).expect("the volume's flags");
        assert!(flags & REPARSE_POINTS != 0, "{p:?}");
        // Options without the drive type, as psutil gives them.
        assert!(p.opts == "rw" || p.opts.starts_with("rw,") || p.opts.starts_with("ro"), "{p:?}");
        assert!(!p.opts.ends_with("fixed"), "{p:?}");
    }
    if common::under_wine() {
        let c = volume_flags("C:\\").expect("C: flags");
        assert_eq!(c & REPARSE_POINTS, 0, "Wine 8 reports no reparse points on C:");
        assert!(parts.iter().all(|p| p.mountpoint == p.device), "{parts:?}");
    }
}
