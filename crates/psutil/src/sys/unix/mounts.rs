//! `disk_partitions` on macOS and FreeBSD: `getfsstat(2)` into a `statfs` array, the
//! flags decoded by `bsd::mount::mount_opts`.

use std::io;

use super::bsd::mount::mount_opts;
use crate::disk::DiskPartition;
use crate::Result;

fn text(field: &[libc::c_char]) -> String {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes: &[u8] = unsafe { std::slice::from_raw_parts(field.as_ptr().cast(), field.len()) };
    let bytes = bytes.split(|&b| b == 0).next().unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every mounted file system (`getfsstat(MNT_NOWAIT)`), with `table`'s option names.
/// `keep(device)` decides which rows stay (psutil's `all=False` filter on macOS).
pub(crate) fn partitions(table: &[(u64, &str)], keep: impl Fn(&str) -> bool) -> Result<Vec<DiskPartition>> {
    // SAFETY: a null buffer asks for the count only.
    let n = unsafe { libc::getfsstat(std::ptr::null_mut(), 0, libc::MNT_NOWAIT) };
    if n < 0 {
        return Err(io::Error::last_os_error().into());
    }
    // Room for mounts made between the two calls.
    let cap = n as usize + 8;
    // SAFETY: statfs is plain data; zeroes are a valid value.
    let mut buf: Vec<libc::statfs> = vec![unsafe { std::mem::zeroed() }; cap];
    let bytes = cap * std::mem::size_of::<libc::statfs>();
    // SAFETY: `buf` holds `bytes` writable bytes of statfs records.
    let got = unsafe { libc::getfsstat(buf.as_mut_ptr(), bytes as _, libc::MNT_NOWAIT) };
    if got < 0 {
        return Err(io::Error::last_os_error().into());
    }
    buf.truncate(got as usize);
    Ok(buf
        .iter()
        .map(|fs| {
            let device = text(&fs.f_mntfromname);
            #[allow(clippy::useless_conversion)] // f_flags is u32 on macOS, u64 on FreeBSD
            let flags = u64::from(fs.f_flags);
            DiskPartition {
                device: if device == "none" { String::new() } else { device },
                mountpoint: text(&fs.f_mntonname),
                fstype: text(&fs.f_fstypename),
                opts: mount_opts(flags, table),
            }
        })
        .filter(|p| keep(&p.device))
        .collect())
}
