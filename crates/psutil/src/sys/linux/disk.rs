//! Linux backend: disk partitions (mount table + `<proc>/filesystems`), `statvfs`, and
//! I/O counters (`<proc>/diskstats`, else `/sys/block/**/stat`).

use std::fs;
use std::path::{Path, PathBuf};

use super::fs::{parse_u64, with_file};
use crate::disk::{DiskPartition, DISK_IO_FIELDS};
use crate::paths::Roots;
use crate::{Error, Result};

/// The Linux-only part of [`crate::DiskIoCounters`], read through
/// [`crate::os::linux::DiskIoCountersExt`]: the last three fields of psutil's `sdiskio`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct DiskIoOs {
    pub(crate) read_merged_count: u64,
    pub(crate) write_merged_count: u64,
    pub(crate) busy_time: u64,
}

impl DiskIoOs {
    /// How many fields follow the portable ones in the raw tuple.
    pub(crate) const FIELDS: usize = 3;

    /// From the raw tuple's tail (`read_merged_count, write_merged_count, busy_time`);
    /// missing values are 0.
    pub(crate) fn from_fields(f: &[u64]) -> Self {
        let g = |i: usize| f.get(i).copied().unwrap_or(0);
        DiskIoOs { read_merged_count: g(0), write_merged_count: g(1), busy_time: g(2) }
    }

    /// Writes the raw tuple's tail, the inverse of [`DiskIoOs::from_fields`].
    pub(crate) fn write_fields(&self, out: &mut [u64]) {
        for (slot, v) in out.iter_mut().zip([self.read_merged_count, self.write_merged_count, self.busy_time])
        {
            *slot = v;
        }
    }
}

/// psutil's `DISK_SECTOR_SIZE`: diskstats sectors are always 512 bytes.
const SECTOR_SIZE: u64 = 512;

/// One raw disk I/O row in psutil's `sdiskio` order, bytes already multiplied.
pub(crate) type RawDiskIo = (String, [u64; DISK_IO_FIELDS]);

/// The lines of a file as `readlines()` sees them: a final newline does not start an
/// empty last line.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let empty = bytes.is_empty();
    body.split(|&b| b == b'\n').filter(move |_| !empty)
}

fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace()).filter(|f| !f.is_empty())
}

// ---------------------------------------------------------------- partitions

/// One row of a mount table, decoded like glibc's `getmntent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MountEntry {
    pub(crate) device: String,
    pub(crate) mountpoint: String,
    pub(crate) fstype: String,
    pub(crate) opts: String,
}

/// glibc's `decode_name`: `\040` space, `\011` tab, `\012` newline, `\134` and `\\`
/// backslash; anything else is kept as is.
pub(crate) fn decode_mount_field(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned(); // nothing escaped: one copy
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let (byte, used) = match rest {
            [b'\\', b'0', b'4', b'0', ..] => (b' ', 4),
            [b'\\', b'0', b'1', b'1', ..] => (b'\t', 4),
            [b'\\', b'0', b'1', b'2', ..] => (b'\n', 4),
            [b'\\', b'1', b'3', b'4', ..] => (b'\\', 4),
            [b'\\', b'\\', ..] => (b'\\', 2),
            [b, ..] => (*b, 1),
            [] => break,
        };
        out.push(byte);
        i += used;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Parses a mount table (`/etc/mtab`, `/proc/self/mounts`) the way `getmntent` does:
/// blank and `#` lines are skipped, fields split on spaces and tabs, missing ones are `""`.
pub(crate) fn parse_mounts(bytes: &[u8]) -> Vec<MountEntry> {
    let mut out = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        let start = line.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(line.len());
        let line = &line[start..];
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let mut it = line.split(|&b| b == b' ' || b == b'\t').filter(|f| !f.is_empty());
        let mut next = || it.next().map(decode_mount_field).unwrap_or_default();
        let device = next();
        let mountpoint = next();
        let fstype = next();
        let opts = next();
        out.push(MountEntry { device, mountpoint, fstype, opts });
    }
    out
}

/// The file systems of `<proc>/filesystems` that psutil counts as physical: lines without
/// the `nodev` prefix, plus `nodev zfs`.
pub(crate) fn parse_filesystems(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines(bytes) {
        let line = line.trim_ascii();
        if !line.starts_with(b"nodev") {
            out.push(String::from_utf8_lossy(line).into_owned());
        } else if line.split(|&b| b == b'\t').nth(1) == Some(b"zfs") {
            out.push("zfs".to_string());
        }
    }
    out
}

/// `<proc>/partitions`: the name of the block device `major:minor`, if listed.
pub(crate) fn parse_partitions_find(bytes: &[u8], major: u32, minor: u32) -> Option<String> {
    lines(bytes).skip(2).find_map(|line| {
        let f: Vec<&[u8]> = fields(line).take(4).collect();
        if f.len() < 4 {
            return None;
        }
        let ma = parse_u64(f[0])?;
        let mi = parse_u64(f[1])?;
        (ma == u64::from(major) && mi == u64::from(minor)).then(|| String::from_utf8_lossy(f[3]).into_owned())
    })
}

/// `DEVNAME=` of a `uevent` file.
pub(crate) fn parse_uevent_devname(bytes: &[u8]) -> Option<String> {
    lines(bytes).find_map(|line| {
        let line = line.trim_ascii();
        if !line.starts_with(b"DEVNAME=") {
            return None;
        }
        let pos = line.windows(8).rposition(|w| w == b"DEVNAME=")?;
        let name = &line[pos + 8..];
        (!name.is_empty()).then(|| String::from_utf8_lossy(name).into_owned())
    })
}

/// psutil's `RootFsDeviceFinder`: the real device behind `/dev/root` or `rootfs`, asking
/// `<proc>/partitions`, then `<sys>/dev/block/M:m/uevent`, then `<sys>/class/block/*/dev`.
/// The answer must exist below `dev_dir` (normally `/dev`).
pub(crate) fn find_root_device(roots: &Roots, major: u32, minor: u32, dev_dir: &Path) -> Option<String> {
    let from_partitions = || {
        with_file(&roots.proc_file("partitions"), |b| Ok(parse_partitions_find(b, major, minor)))
            .ok()
            .flatten()
    };
    let from_uevent = || {
        let path = roots.sys_file(format!("dev/block/{major}:{minor}/uevent"));
        with_file(&path, |b| Ok(parse_uevent_devname(b))).ok().flatten()
    };
    let from_class_block = || {
        let needle = format!("{major}:{minor}");
        let mut names: Vec<_> =
            fs::read_dir(roots.sys_file("class/block")).ok()?.flatten().map(|e| e.file_name()).collect();
        names.sort();
        names.into_iter().find_map(|name| {
            let path = roots.sys_file("class/block").join(&name).join("dev");
            let matches = with_file(&path, |b| Ok(b.trim_ascii() == needle.as_bytes())).unwrap_or(false);
            matches.then(|| name.to_string_lossy().into_owned())
        })
    };
    let name = from_partitions().or_else(from_uevent).or_else(from_class_block)?;
    let path = dev_dir.join(&name);
    path.exists().then(|| format!("/dev/{name}"))
}

fn root_dev() -> Option<(u32, u32)> {
    let st = rustix::fs::stat("/").ok()?;
    Some((rustix::fs::major(st.st_dev), rustix::fs::minor(st.st_dev)))
}

pub(crate) fn disk_partitions(roots: &Roots, all: bool) -> Result<Vec<DiskPartition>> {
    let fstypes = if all {
        Vec::new()
    } else {
        with_file(&roots.proc_file("filesystems"), |b| Ok(parse_filesystems(b)))?
    };
    let etc_mtab = Path::new("/etc/mtab");
    let mounts_path: PathBuf = if roots.is_real_proc() && etc_mtab.is_file() {
        etc_mtab.to_path_buf()
    } else {
        roots.proc_file("self/mounts")
    };
    let entries = with_file(&mounts_path, |b| Ok(parse_mounts(b)))?;
    let mut root_device: Option<Option<String>> = None;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let mut device = if e.device == "none" { String::new() } else { e.device };
        if device == "/dev/root" || device == "rootfs" {
            let found = root_device.get_or_insert_with(|| {
                root_dev().and_then(|(ma, mi)| find_root_device(roots, ma, mi, Path::new("/dev")))
            });
            if let Some(found) = found {
                device = found.clone();
            }
        }
        if !all && (device.is_empty() || !fstypes.contains(&e.fstype)) {
            continue;
        }
        out.push(DiskPartition { device, mountpoint: e.mountpoint, fstype: e.fstype, opts: e.opts });
    }
    Ok(out)
}

// ---------------------------------------------------------------- usage

/// psutil's `disk_usage`: `statvfs(3)` through `sys::unix::statvfs` (the same numbers as
/// the kernel's `statfs(2)`, which glibc and musl call).
pub(crate) use crate::sys::unix::statvfs::disk_usage;

// ---------------------------------------------------------------- I/O counters

fn num(path: &str, f: &[u8]) -> Result<u64> {
    parse_u64(f)
        .ok_or_else(|| Error::parse(path, format!("not an integer: {:?}", String::from_utf8_lossy(f))))
}

/// Parses `<proc>/diskstats` into psutil's raw rows. Line formats: 15 fields (2.4), 14 or
/// ≥18 (2.6+, 4.18+, 5.5+), 7 (2.6 partitions; the missing counters are 0). Anything else
/// is a parse error, as psutil raises `ValueError`.
pub(crate) fn parse_diskstats(bytes: &[u8]) -> Result<Vec<RawDiskIo>> {
    const PATH: &str = "diskstats";
    let mut out = Vec::new();
    // Up to 20 fields are kept (the longest format has 20); more only matter as a count.
    let mut f: [&[u8]; 20] = [&[]; 20];
    for line in lines(bytes) {
        let mut count = 0;
        for field in fields(line) {
            if let Some(slot) = f.get_mut(count) {
                *slot = field;
            }
            count += 1;
        }
        let name;
        let mut v = [0u64; 11];
        match count {
            15 => {
                // Linux 2.4: `major minor #blocks name rio rmerge rsect ...`; psutil takes
                // the reads from the third column.
                name = f[3];
                v[0] = num(PATH, f[2])?;
                for (slot, raw) in v[1..].iter_mut().zip(&f[4..14]) {
                    *slot = num(PATH, raw)?;
                }
            }
            n if n == 14 || n >= 18 => {
                name = f[2];
                for (slot, raw) in v.iter_mut().zip(&f[3..14]) {
                    *slot = num(PATH, raw)?;
                }
            }
            7 => {
                name = f[2];
                // reads, sectors read, writes, sectors written.
                for (slot, raw) in [0usize, 2, 4, 6].into_iter().zip(&f[3..7]) {
                    v[slot] = num(PATH, raw)?;
                }
            }
            n => return Err(Error::parse(PATH, format!("not sure how to interpret a line with {n} fields"))),
        }
        out.push((String::from_utf8_lossy(name).into_owned(), sdiskio(&v)));
    }
    Ok(out)
}

/// Parses a `/sys/block/<dev>[/<part>]/stat` file (the first 10 counters are needed).
pub(crate) fn parse_sys_block_stat(bytes: &[u8]) -> Result<[u64; DISK_IO_FIELDS]> {
    const PATH: &str = "sys/block stat";
    let f: Vec<&[u8]> = fields(bytes).take(10).collect();
    if f.len() < 10 {
        return Err(Error::parse(PATH, format!("expected at least 10 fields, got {}", f.len())));
    }
    let mut v = [0u64; 10];
    for (slot, raw) in v.iter_mut().zip(&f) {
        *slot = num(PATH, raw)?;
    }
    Ok(sdiskio(&v))
}

/// The kernel's counter order (reads, reads_merged, sectors read, read ms, writes,
/// writes_merged, sectors written, write ms, in_flight, io ms, ...) to psutil's `sdiskio`
/// order, sectors turned into bytes.
fn sdiskio(v: &[u64]) -> [u64; DISK_IO_FIELDS] {
    let g = |i: usize| v.get(i).copied().unwrap_or(0);
    [
        g(0),
        g(4),
        g(2).saturating_mul(SECTOR_SIZE),
        g(6).saturating_mul(SECTOR_SIZE),
        g(3),
        g(7),
        g(1),
        g(5),
        g(9),
    ]
}

fn walk_sys_block(dir: &Path, out: &mut Vec<RawDiskIo>) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    let mut subdirs = Vec::new();
    let mut has_stat = false;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            subdirs.push(entry.path());
        } else if entry.file_name() == "stat" {
            has_stat = true;
        }
    }
    if has_stat {
        let path = dir.join("stat");
        let row = with_file(&path, parse_sys_block_stat)?;
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((name, row));
    }
    subdirs.sort();
    for sub in subdirs {
        walk_sys_block(&sub, out)?;
    }
    Ok(())
}

/// psutil's `is_storage_device`: `<sys>/block/<name with '/' → '!'>` exists. The
/// directory is listed once instead of one `stat` per row.
fn storage_devices(roots: &Roots) -> std::collections::HashSet<String> {
    let Ok(rd) = fs::read_dir(roots.sys_file("block")) else { return Default::default() };
    rd.flatten().map(|e| e.file_name().to_string_lossy().replace('!', "/")).collect()
}

pub(crate) fn disk_io_counters(roots: &Roots, perdisk: bool) -> Result<Vec<RawDiskIo>> {
    let diskstats = roots.proc_file("diskstats");
    let sys_block = roots.sys_file("block");
    let rows = match with_file(&diskstats, parse_diskstats) {
        Ok(rows) => rows,
        Err(e) if e.raw_os_error() != Some(libc::ENOENT) => return Err(e),
        Err(_) => sys_block_rows(&sys_block)?,
    };
    if perdisk {
        return Ok(rows);
    }
    let disks = storage_devices(roots);
    Ok(rows.into_iter().filter(|(name, _)| disks.contains(name)).collect())
}

/// The per-device rows from `<sys>/block/*/**/stat`, for systems without `diskstats`.
fn sys_block_rows(sys_block: &Path) -> Result<Vec<RawDiskIo>> {
    if sys_block.exists() {
        let mut rows = Vec::new();
        let mut blocks: Vec<_> =
            fs::read_dir(sys_block).map_err(|e| Error::io(sys_block, e))?.flatten().collect();
        blocks.sort_by_key(|e| e.file_name());
        for block in blocks {
            walk_sys_block(&block.path(), &mut rows)?;
        }
        Ok(rows)
    } else {
        Err(Error::not_supported("disk_io_counters", "this system (no diskstats nor /sys/block)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn json_has_psutil_keys_in_order() {
        let io = crate::DiskIoCounters::from_fields(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(
            serde_json::to_string(&io).unwrap(),
            r#"{"read_count":1,"write_count":2,"read_bytes":3,"write_bytes":4,"read_time":5,"#.to_string()
                + r#""write_time":6,"read_merged_count":7,"write_merged_count":8,"busy_time":9}"#
        );
    }

    #[test]
    fn disk_fields_round_trip_the_raw_tail() {
        let os = DiskIoOs::from_fields(&[3, 4, 5]);
        assert_eq!((os.read_merged_count, os.write_merged_count, os.busy_time), (3, 4, 5));
        let mut out = [0; DiskIoOs::FIELDS];
        os.write_fields(&mut out);
        assert_eq!(out, [3, 4, 5]);
        assert_eq!(DiskIoOs::from_fields(&[3]), DiskIoOs { read_merged_count: 3, ..DiskIoOs::default() });
    }
    use proptest::prelude::*;

    #[test]
    fn decodes_octal_escapes() {
        assert_eq!(decode_mount_field(br"/mnt/a\040b\011c\012d\134e\\f"), "/mnt/a b\tc\nd\\e\\f");
        assert_eq!(decode_mount_field(br"\04"), r"\04");
        assert_eq!(decode_mount_field(br"trailing\"), r"trailing\");
        // without a backslash the field is copied as is (invalid UTF-8 replaced, as with one)
        assert_eq!(decode_mount_field(b"/mnt/plain"), "/mnt/plain");
        assert_eq!(decode_mount_field(b"/mnt/\xff"), "/mnt/\u{fffd}");
        assert_eq!(decode_mount_field(b"/mnt/\xff\\040x"), "/mnt/\u{fffd} x");
    }

    #[test]
    fn parses_mount_lines_like_getmntent() {
        let m = parse_mounts(b"# comment\n\n  /dev/sda1 / ext4 rw,relatime 0 0\nnone\t/x  tmpfs\nshort\n");
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].device, "/dev/sda1");
        assert_eq!(m[0].opts, "rw,relatime");
        assert_eq!(
            m[1],
            MountEntry {
                device: "none".into(),
                mountpoint: "/x".into(),
                fstype: "tmpfs".into(),
                opts: "".into()
            }
        );
        assert_eq!(m[2].mountpoint, "");
    }

    #[test]
    fn filesystems_nodev_rule() {
        let f = parse_filesystems(b"nodev\tsysfs\nnodev\ttmpfs\n\text4\n\tvfat\nnodev\tzfs\nnodev\n");
        assert_eq!(f, vec!["ext4", "vfat", "zfs"]);
    }

    #[test]
    fn diskstats_formats() {
        let rows = parse_diskstats(
            b"   3    0   8 hda 8 8 8 8 8 8 8 8 8 8 8\n\
              8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n\
              8 1 sda1 1 2 3 4\n\
              259 0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 0 0 0 0 0 0 0 0\n",
        )
        .unwrap();
        assert_eq!(rows[0], ("hda".to_string(), [8, 8, 4096, 4096, 8, 8, 8, 8, 8]));
        assert_eq!(rows[1], ("sda".to_string(), [1, 5, 3 * 512, 7 * 512, 4, 8, 2, 6, 10]));
        assert_eq!(rows[2], ("sda1".to_string(), [1, 3, 2 * 512, 4 * 512, 0, 0, 0, 0, 0]));
        assert_eq!(rows[3].1, [1, 5, 3 * 512, 7 * 512, 4, 8, 2, 6, 10]);
        assert!(parse_diskstats(b"").unwrap().is_empty());
        assert!(matches!(parse_diskstats(b"8 0 sda 1 2\n"), Err(Error::Parse { .. })));
        assert!(matches!(parse_diskstats(b"8 0 sda 1 2 x 4\n"), Err(Error::Parse { .. })));
        assert!(matches!(parse_diskstats(b"8 0 sda 1 2 3 4\n\n"), Err(Error::Parse { .. })));
        // 16 and 17 fields are not a known format.
        assert!(parse_diskstats(b"8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13\n").is_err());
    }

    #[test]
    fn sys_block_stat() {
        let row = parse_sys_block_stat(b"  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n").unwrap();
        assert_eq!(row, [1, 5, 3 * 512, 7 * 512, 4, 8, 2, 6, 10]);
        assert!(parse_sys_block_stat(b"1 2 3").is_err());
        assert!(parse_sys_block_stat(b"").is_err());
    }

    #[test]
    fn partitions_and_uevent() {
        let p = b"major minor  #blocks  name\n\n   8        0  1000 sda\n   8        1   500 sda1\n x y 1\n";
        assert_eq!(parse_partitions_find(p, 8, 1).as_deref(), Some("sda1"));
        assert_eq!(parse_partitions_find(p, 9, 9), None);
        assert_eq!(
            parse_uevent_devname(b"MAJOR=8\nMINOR=1\nDEVNAME=sda1\nDEVTYPE=partition\n").as_deref(),
            Some("sda1")
        );
        assert_eq!(parse_uevent_devname(b"DEVNAME=\n"), None);
        assert_eq!(parse_uevent_devname(b""), None);
    }

    fn tempdir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("psutil-rs-disk-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn root_device_strategies() {
        let dir = tempdir("rootdev");
        let dev = dir.join("dev");
        fs::create_dir_all(&dev).unwrap();
        for n in ["vda1", "vdb2", "vdc3"] {
            fs::write(dev.join(n), b"").unwrap();
        }
        let roots = Roots::fixture(&dir);
        fs::create_dir_all(roots.proc()).unwrap();
        // Nothing to ask: no answer.
        assert_eq!(find_root_device(&roots, 253, 1, &dev), None);
        // class/block.
        let cb = roots.sys_file("class/block/vdc3");
        fs::create_dir_all(&cb).unwrap();
        fs::write(cb.join("dev"), b"253:1\n").unwrap();
        assert_eq!(find_root_device(&roots, 253, 1, &dev).as_deref(), Some("/dev/vdc3"));
        // uevent wins over class/block.
        let ue = roots.sys_file("dev/block/253:1");
        fs::create_dir_all(&ue).unwrap();
        fs::write(ue.join("uevent"), b"MAJOR=253\nDEVNAME=vdb2\n").unwrap();
        assert_eq!(find_root_device(&roots, 253, 1, &dev).as_deref(), Some("/dev/vdb2"));
        // partitions win over both.
        fs::write(roots.proc_file("partitions"), b"major minor  #blocks  name\n\n 253 1 100 vda1\n").unwrap();
        assert_eq!(find_root_device(&roots, 253, 1, &dev).as_deref(), Some("/dev/vda1"));
        // The answer must exist in /dev.
        fs::remove_file(dev.join("vda1")).unwrap();
        assert_eq!(find_root_device(&roots, 253, 1, &dev), None);
        let _ = fs::remove_dir_all(&dir);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(bytes: Vec<u8>) {
            let _ = parse_diskstats(&bytes);
            let _ = parse_sys_block_stat(&bytes);
            let _ = parse_mounts(&bytes);
            let _ = parse_filesystems(&bytes);
            let _ = parse_partitions_find(&bytes, 8, 0);
            let _ = parse_uevent_devname(&bytes);
        }

        #[test]
        fn diskstats_roundtrip(name in "[a-z]{1,8}[0-9]{0,2}", vals in proptest::array::uniform11(0u64..1u64 << 40)) {
            let line = format!("8 0 {name} {}\n", vals.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
            let rows = parse_diskstats(line.as_bytes()).unwrap();
            prop_assert_eq!(&rows[0].0, &name);
            prop_assert_eq!(rows[0].1, [vals[0], vals[4], vals[2] * 512, vals[6] * 512, vals[3], vals[7], vals[1], vals[5], vals[9]]);
        }

        #[test]
        fn mount_escape_roundtrip(s in "[ a-z\t\\\\/]{0,20}") {
            let enc = s.replace('\\', "\\134").replace(' ', "\\040").replace('\t', "\\011");
            prop_assert_eq!(decode_mount_field(enc.as_bytes()), s);
        }
    }
}
