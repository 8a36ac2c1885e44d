//! Disk functions against independent sources on the running system: `df -B1` for usage
//! and the mount list, `/sys/block/*/stat` (read here, not through diskstats) for the
//! I/O counters, bracketed.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use psutil_rs::os::linux::DiskIoCountersExt;
use psutil_rs::{disk_io_counters, disk_io_counters_perdisk, disk_partitions, disk_usage, DiskIoCounters};

struct DfRow {
    source: String,
    fstype: String,
    size: u64,
    used: u64,
    avail: u64,
    pcent: Option<f64>,
    target: String,
}

fn df(args: &[&str]) -> Vec<DfRow> {
    let out = Command::new("df")
        .args(["-B1", "--output=source,fstype,size,used,avail,pcent,target"])
        .args(args)
        .output()
        .expect("df runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut it = line.split_whitespace();
            let source = it.next()?.to_string();
            let fstype = it.next()?.to_string();
            let size = it.next()?.parse().ok()?;
            let used = it.next()?.parse().ok()?;
            let avail = it.next()?.parse().ok()?;
            let pcent = it.next()?.trim_end_matches('%').parse().ok();
            let target = it.collect::<Vec<_>>().join(" ");
            Some(DfRow { source, fstype, size, used, avail, pcent, target })
        })
        .collect()
}

fn physical_fstypes() -> BTreeSet<String> {
    let text = fs::read_to_string("/proc/filesystems").unwrap();
    text.lines()
        .filter_map(|l| match l.split_once('\t') {
            Some(("", fs)) => Some(fs.trim().to_string()),
            Some(("nodev", "zfs")) => Some("zfs".to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn usage_matches_df() {
    const SLACK: u64 = 64 << 20; // other writers on the machine between the two reads
    let mut checked = 0;
    for mp in
        ["/".to_string()].into_iter().chain(disk_partitions(false).unwrap().into_iter().map(|p| p.mountpoint))
    {
        let before = disk_usage(&mp).unwrap();
        let Some(row) = df(&[&mp]).into_iter().next() else { continue };
        let after = disk_usage(&mp).unwrap();
        assert_eq!(before.total, row.size, "{mp}: total");
        assert_eq!(after.total, row.size, "{mp}: total");
        let lo = before.used.min(after.used).saturating_sub(SLACK);
        let hi = before.used.max(after.used) + SLACK;
        assert!((lo..=hi).contains(&row.used), "{mp}: used {} vs df {}", before.used, row.used);
        let lo = before.free.min(after.free).saturating_sub(SLACK);
        let hi = before.free.max(after.free) + SLACK;
        assert!((lo..=hi).contains(&row.avail), "{mp}: free {} vs df {}", before.free, row.avail);
        if let Some(p) = row.pcent {
            // df rounds Use% up to an integer; psutil rounds to one decimal.
            assert!(
                p - before.percent <= 1.0 + 1e-9 && before.percent <= p + 0.1,
                "{mp}: {} vs df {p}%",
                before.percent
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "df gave no row for / nor any partition");
}

#[test]
fn partitions_match_df_mount_list() {
    let ours = disk_partitions(false).unwrap();
    let all = disk_partitions(true).unwrap();
    assert!(ours.len() <= all.len());
    let rows = df(&["-a"]);
    let df_targets: BTreeSet<&str> = rows.iter().map(|r| r.target.as_str()).collect();
    let physical = physical_fstypes();
    for p in &ours {
        assert!(df_targets.contains(p.mountpoint.as_str()), "{} not listed by df -a", p.mountpoint);
        assert!(physical.contains(&p.fstype), "{} has nodev type {}", p.mountpoint, p.fstype);
        assert!(!p.device.is_empty());
    }
    let our_targets: BTreeSet<&str> = ours.iter().map(|p| p.mountpoint.as_str()).collect();
    for r in &rows {
        if physical.contains(&r.fstype) && r.source != "none" && !r.target.contains(char::is_whitespace) {
            assert!(
                our_targets.contains(r.target.as_str()),
                "df -a lists {} ({}) but we do not",
                r.target,
                r.fstype
            );
        }
    }
    let all_targets: BTreeSet<&str> = all.iter().map(|p| p.mountpoint.as_str()).collect();
    for r in &rows {
        if !r.target.contains(char::is_whitespace) {
            assert!(
                all_targets.contains(r.target.as_str()),
                "df -a lists {} but all=true does not",
                r.target
            );
        }
    }
}

#[test]
fn usage_of_missing_path_is_enoent() {
    let err = disk_usage("/nonexistent").unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    assert!(matches!(err, psutil_rs::Error::Io { .. }));
    assert!(disk_usage("bad\0path").unwrap_err().to_string().contains("null"));
}

fn sys_stat(name: &str) -> Option<[u64; 9]> {
    let path = Path::new("/sys/block").join(name.replace('/', "!")).join("stat");
    let text = fs::read_to_string(path).ok()?;
    let v: Vec<u64> = text.split_whitespace().map(|f| f.parse().unwrap()).collect();
    Some([v[0], v[4], v[2] * 512, v[6] * 512, v[3], v[7], v[1], v[5], v[9]])
}

fn fields(io: &DiskIoCounters) -> [u64; 9] {
    [
        io.read_count,
        io.write_count,
        io.read_bytes,
        io.write_bytes,
        io.read_time,
        io.write_time,
        io.read_merged_count(),
        io.write_merged_count(),
        io.busy_time(),
    ]
}

#[test]
fn io_counters_bracketed_by_sys_block() {
    let disks: Vec<String> = fs::read_dir("/sys/block")
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().replace('!', "/"))
        .collect();
    let before: Vec<_> = disks.iter().map(|d| sys_stat(d)).collect();
    let per = disk_io_counters_perdisk(false).unwrap();
    let total = disk_io_counters(false).unwrap();
    let after: Vec<_> = disks.iter().map(|d| sys_stat(d)).collect();
    let mut sum_before = [0u64; 9];
    let mut sum_after = [0u64; 9];
    let mut compared = 0;
    for ((name, b), a) in disks.iter().zip(&before).zip(&after) {
        let (Some(b), Some(a)) = (b, a) else { continue };
        let ours = fields(per.get(name).unwrap_or_else(|| panic!("{name} missing from perdisk")));
        for i in 0..9 {
            // Times can go either way under an in-flight request only by a tick; counts
            // and bytes are monotonic.
            assert!(
                b[i] <= ours[i] && ours[i] <= a[i],
                "{name} field {i}: {} not in [{}, {}]",
                ours[i],
                b[i],
                a[i]
            );
            sum_before[i] += b[i];
            sum_after[i] += a[i];
        }
        compared += 1;
    }
    if compared == 0 {
        assert!(total.is_none());
        eprintln!("skip: no block devices with a stat file");
        return;
    }
    let total = fields(&total.expect("disks exist, so totals exist"));
    for i in 0..9 {
        assert!(sum_before[i] <= total[i] && total[i] <= sum_after[i], "total field {i}");
    }
}
