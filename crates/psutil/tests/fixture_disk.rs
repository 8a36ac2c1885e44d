//! Disk functions on fixture trees (`tests/fixtures/disk_*`): every diskstats format, the
//! `/sys/block` fallback, neither present, garbage, mount tables with the nodev/zfs rule,
//! escapes, `none` and `/dev/root`, and nowrap on counters that wrap.
#![cfg(target_os = "linux")]

use std::fs;
use std::path::{Path, PathBuf};

use psutil_rs::os::linux::DiskIoCountersExt;
use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{
    disk_io_counters, disk_io_counters_cache_clear, disk_io_counters_perdisk, disk_partitions,
    DiskIoCounters, Error,
};

fn fixture(name: &str) -> Roots {
    Roots::fixture(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

fn io(f: [u64; 9]) -> DiskIoCounters {
    DiskIoCounters::from_fields(&f)
}

#[test]
fn partitions_physical_only() {
    let parts = with_roots(fixture("disk_modern"), || disk_partitions(false)).unwrap();
    let got: Vec<(&str, &str, &str)> =
        parts.iter().map(|p| (p.device.as_str(), p.mountpoint.as_str(), p.fstype.as_str())).collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0], ("/dev/sda1", "/", "ext4"));
    assert_eq!(got[1], ("/dev/sda2", "/mnt/my disk", "vfat"));
    assert_eq!(got[2], ("tank/home", "/home", "zfs"));
    // /dev/root is resolved through the real root device when that is possible; the row
    // is kept either way because ext4 is a physical file system.
    assert_eq!((got[3].1, got[3].2), ("/boot", "ext4"));
    assert!(got[3].0 == "/dev/root" || Path::new(got[3].0).exists(), "{:?}", got[3]);
    assert_eq!(parts[1].opts, "rw,relatime,fmask=0022");
}

#[test]
fn partitions_all_keeps_everything() {
    let parts = with_roots(fixture("disk_modern"), || disk_partitions(true)).unwrap();
    assert_eq!(parts.len(), 9);
    let run_user = parts.iter().find(|p| p.mountpoint == "/run/user").unwrap();
    assert_eq!(run_user.device, "", "'none' becomes an empty device");
    assert_eq!(parts[0].device, "sysfs");
    assert_eq!(parts[8].fstype, "fuse");
}

#[test]
fn partitions_missing_files_are_io_errors() {
    let err = with_roots(fixture("disk_none"), || disk_partitions(false)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
    let err = with_roots(fixture("disk_none"), || disk_partitions(true)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
}

#[test]
fn io_counters_modern_formats() {
    let per = with_roots(fixture("disk_modern"), || disk_io_counters_perdisk(false)).unwrap();
    let names: Vec<&str> = per.keys().map(String::as_str).collect();
    assert_eq!(names, ["cciss/c0d0", "dm-0", "nvme0n1", "nvme0n1p1", "sda", "sda1", "sdb1"]);
    assert_eq!(per["sda"], io([1000, 400, 20000 * 512, 8000 * 512, 300, 500, 10, 40, 600]));
    assert_eq!(per["sdb1"], io([11, 33, 22 * 512, 44 * 512, 0, 0, 0, 0, 0]), "7-field partition line");
    assert_eq!(per["nvme0n1"].busy_time(), 9);
    assert_eq!(per["dm-0"].read_merged_count(), 6);
    assert_eq!(per["dm-0"].write_merged_count(), 10);

    // Totals: only names with a /sys/block entry (cciss/c0d0 → cciss!c0d0), no partitions.
    let total = with_roots(fixture("disk_modern"), || disk_io_counters(false)).unwrap().unwrap();
    assert_eq!(total, io([1056, 472, 21009 * 512, 10015 * 512, 315, 520, 16, 51, 627]));
}

#[test]
fn io_counters_linux_2_4_format() {
    let per = with_roots(fixture("disk_old"), || disk_io_counters_perdisk(false)).unwrap();
    assert_eq!(per["hda"], io([8, 8, 8 * 512, 8 * 512, 8, 8, 8, 8, 8]));
    assert_eq!(per["hda1"], io([1, 3, 2 * 512, 4 * 512, 0, 0, 0, 0, 0]));
    let total = with_roots(fixture("disk_old"), || disk_io_counters(false)).unwrap();
    assert_eq!(total, Some(per["hda"].clone()));
}

#[test]
fn io_counters_sys_block_fallback() {
    let per = with_roots(fixture("disk_sysfs"), || disk_io_counters_perdisk(false)).unwrap();
    assert_eq!(per.keys().map(String::as_str).collect::<Vec<_>>(), ["loop0", "sda", "sda1"]);
    assert_eq!(per["sda"], io([100, 200, 2000 * 512, 4000 * 512, 30, 40, 10, 20, 50]));
    assert_eq!(per["sda1"], io([90, 190, 1800 * 512, 3800 * 512, 29, 39, 9, 19, 49]));
    let total = with_roots(fixture("disk_sysfs"), || disk_io_counters(false)).unwrap().unwrap();
    assert_eq!(total, io([101, 200, 2008 * 512, 4000 * 512, 30, 40, 10, 20, 51]));
}

#[test]
fn io_counters_neither_source_is_not_supported() {
    let err = with_roots(fixture("disk_none"), || disk_io_counters(false)).unwrap_err();
    assert!(err.is_not_supported(), "{err}");
    let err = with_roots(fixture("disk_none"), || disk_io_counters_perdisk(true)).unwrap_err();
    assert!(err.is_not_supported(), "{err}");
}

#[test]
fn io_counters_garbage_is_parse_error() {
    let err = with_roots(fixture("disk_garbage"), || disk_io_counters(false)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
}

struct TempTree(PathBuf);

impl TempTree {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("psutil-rs-fixture-disk-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("proc")).unwrap();
        fs::create_dir_all(dir.join("sys/block/sda")).unwrap();
        TempTree(dir)
    }
    fn diskstats(&self, body: &str) {
        fs::write(self.0.join("proc/diskstats"), body).unwrap();
    }
    fn roots(&self) -> Roots {
        Roots::fixture(&self.0)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn empty_diskstats_gives_none_and_empty_map() {
    let t = TempTree::new("empty");
    t.diskstats("");
    assert_eq!(with_roots(t.roots(), || disk_io_counters(true)).unwrap(), None);
    assert!(with_roots(t.roots(), || disk_io_counters_perdisk(true)).unwrap().is_empty());
}

#[test]
fn nowrap_corrects_wrapped_counters_and_cache_clear_resets() {
    let t = TempTree::new("wrap");
    let line = |name: &str, reads: u64| format!("8 0 {name} {reads} 0 0 0 0 0 0 0 0 0 0\n");
    let run = |nowrap: bool| with_roots(t.roots(), || disk_io_counters_perdisk(nowrap)).unwrap();
    let total = || with_roots(t.roots(), || disk_io_counters(true)).unwrap().unwrap();

    t.diskstats(&(line("sda", 1000) + &line("sdb", 5)));
    assert_eq!(run(true)["sda"].read_count, 1000);
    t.diskstats(&(line("sda", 10) + &line("sdb", 6)));
    assert_eq!(run(true)["sda"].read_count, 1010, "wrapped: 1000 + 10");
    assert_eq!(run(false)["sda"].read_count, 10, "nowrap=false is raw");
    // Totals are summed after wrapping (only sda has a /sys/block entry).
    assert_eq!(total().read_count, 1010);
    // A key that disappears loses its reminder; when it comes back it passes through.
    t.diskstats(&line("sdb", 7));
    assert!(!run(true).contains_key("sda"));
    t.diskstats(&(line("sda", 20) + &line("sdb", 8)));
    assert_eq!(run(true)["sda"].read_count, 20);
    // cache_clear forgets everything: a lower value is then taken as is.
    t.diskstats(&(line("sda", 30) + &line("sdb", 9)));
    assert_eq!(run(true)["sda"].read_count, 30);
    disk_io_counters_cache_clear();
    t.diskstats(&(line("sda", 3) + &line("sdb", 9)));
    assert_eq!(run(true)["sda"].read_count, 3);
}

#[test]
fn dev_root_and_rootfs_resolved_end_to_end() {
    use std::os::unix::fs::MetadataExt;
    // The real root's device number, listed in the fixture's partitions under a name that
    // exists in every /dev ("null"), so the resolution path is checked on any machine.
    let dev = fs::metadata("/").unwrap().dev();
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    let t = TempTree::new("devroot");
    fs::create_dir_all(t.0.join("proc/self")).unwrap();
    fs::write(t.0.join("proc/filesystems"), "nodev\tproc\n\text4\n").unwrap();
    fs::write(
        t.0.join("proc/partitions"),
        format!("major minor  #blocks  name\n\n {major} {minor} 100 null\n"),
    )
    .unwrap();
    fs::write(
        t.0.join("proc/self/mounts"),
        "/dev/root / ext4 rw 0 0\nrootfs /r ext4 rw 0 0\nproc /proc proc rw 0 0\n",
    )
    .unwrap();
    let parts = with_roots(t.roots(), || disk_partitions(false)).unwrap();
    let got: Vec<(&str, &str)> = parts.iter().map(|p| (p.device.as_str(), p.mountpoint.as_str())).collect();
    assert_eq!(got, [("/dev/null", "/"), ("/dev/null", "/r")]);
}

#[test]
fn raw_counters_keep_only_whole_disks_without_perdisk() {
    let disks = with_roots(fixture("disk_modern"), || psutil_rs::disk_io_counters_raw(false)).unwrap();
    assert_eq!(
        disks.keys().map(String::as_str).collect::<Vec<_>>(),
        ["cciss/c0d0", "dm-0", "nvme0n1", "sda"]
    );
    let all = with_roots(fixture("disk_modern"), || psutil_rs::disk_io_counters_raw(true)).unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(all["sda"], disks["sda"]);
}
