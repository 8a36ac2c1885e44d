//! filesystem and diskstats, under node_exporter's names.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Duration;

use psutil_rs::os::linux;
use regex::Regex;

use super::{lib, CollectResult, Context};
use crate::exporter::metrics::{Kind, Metrics};

/// node_exporter's default mount points left out.
const MOUNT_POINTS_EXCLUDE: &str =
    r"^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";
/// node_exporter's default file system types left out.
const FS_TYPES_EXCLUDE: &str = "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$";
/// node_exporter 1.5's default disk devices left out (partitions, RAM disks, loops, floppies).
const DISK_EXCLUDE: &str = r"^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$";

/// How long a `statvfs` may take before its mount counts as stuck.
const STATFS_TIMEOUT: Duration = Duration::from_secs(5);

/// Mount points whose `statvfs` is still running past its deadline (a hung NFS server):
/// later scrapes report them as device errors at once instead of waiting on them again.
static STUCK: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn stuck() -> std::sync::MutexGuard<'static, Vec<String>> {
    STUCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` on its own thread and waits at most `timeout` for it. On a timeout `key` is
/// marked stuck until `f` returns; while marked, `f` is not started again.
pub fn with_deadline<T: Send + 'static>(
    key: &str,
    timeout: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    if stuck().iter().any(|k| k == key) {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    let finished = Arc::new(AtomicBool::new(false));
    let (owned, flag) = (key.to_owned(), finished.clone());
    let spawned = std::thread::Builder::new().name("statfs".into()).spawn(move || {
        let value = f();
        {
            // Under the lock, so the waiter's timeout decision sees either "finished" or
            // its own mark, which this then removes.
            let mut marks = stuck();
            flag.store(true, Ordering::SeqCst);
            marks.retain(|k| *k != owned);
        }
        let _ = tx.send(value);
    });
    if spawned.is_err() {
        return None;
    }
    match rx.recv_timeout(timeout) {
        Ok(v) => Some(v),
        Err(_) => {
            let mut marks = stuck();
            if finished.load(Ordering::SeqCst) {
                drop(marks);
                return rx.recv().ok(); // sent right after it finished
            }
            marks.push(key.to_owned());
            None
        }
    }
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Result<&'static Regex, String> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref().ok_or_else(|| format!("bad pattern {pattern}"))
}

pub fn filesystem(m: &mut Metrics, _: &Context) -> CollectResult {
    static MOUNTS: OnceLock<Option<Regex>> = OnceLock::new();
    static TYPES: OnceLock<Option<Regex>> = OnceLock::new();
    let (mounts_re, types_re) = (regex(&MOUNTS, MOUNT_POINTS_EXCLUDE)?, regex(&TYPES, FS_TYPES_EXCLUDE)?);
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for mount in lib(linux::mount_info())? {
        if mounts_re.is_match(&mount.mount_point) || types_re.is_match(&mount.fs_type) {
            continue;
        }
        let key = (mount.source.clone(), mount.fs_type.clone(), mount.mount_point.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let labels = [
            ("device", mount.source.as_str()),
            ("fstype", &mount.fs_type),
            ("mountpoint", &mount.mount_point),
        ];
        let path = mount.mount_point.clone();
        let stats = match with_deadline(&mount.mount_point, STATFS_TIMEOUT, move || linux::fs_stats(&path)) {
            Some(Ok(s)) => s,
            failed => {
                if let Some(Err(e)) = failed {
                    eprintln!("psutil exporter: statvfs {}: {e}", mount.mount_point);
                }
                m.add(
                    "node_filesystem_device_error",
                    "Whether an error occurred while getting statistics for the given device.",
                    Kind::Gauge,
                    &labels,
                    1.0,
                );
                continue;
            }
        };
        let ro_option =
            mount.mount_options.split(',').chain(mount.super_options.split(',')).any(|o| o == "ro");
        let bsize = stats.block_size as f64;
        let rows = [
            (
                "node_filesystem_avail_bytes",
                "Filesystem space available to non-root users in bytes.",
                stats.blocks_available as f64 * bsize,
            ),
            (
                "node_filesystem_device_error",
                "Whether an error occurred while getting statistics for the given device.",
                0.0,
            ),
            ("node_filesystem_files", "Filesystem total file nodes.", stats.files as f64),
            ("node_filesystem_files_free", "Filesystem total free file nodes.", stats.files_free as f64),
            (
                "node_filesystem_free_bytes",
                "Filesystem free space in bytes.",
                stats.blocks_free as f64 * bsize,
            ),
            (
                "node_filesystem_readonly",
                "Filesystem read-only status.",
                if ro_option || stats.read_only { 1.0 } else { 0.0 },
            ),
            ("node_filesystem_size_bytes", "Filesystem size in bytes.", stats.blocks as f64 * bsize),
        ];
        for (name, help, v) in rows {
            m.add(name, help, Kind::Gauge, &labels, v);
        }
    }
    Ok(())
}

pub fn diskstats(m: &mut Metrics, _: &Context) -> CollectResult {
    static EXCLUDE: OnceLock<Option<Regex>> = OnceLock::new();
    let exclude = regex(&EXCLUDE, DISK_EXCLUDE)?;
    const SECTOR: f64 = 512.0;
    for d in lib(linux::disk_stats())? {
        if exclude.is_match(&d.name) {
            continue;
        }
        let l = [("device", d.name.as_str())];
        let ms = |v: u64| v as f64 / 1000.0;
        let counters = [
            (
                "node_disk_reads_completed_total",
                "The total number of reads completed successfully.",
                d.reads_completed as f64,
            ),
            ("node_disk_reads_merged_total", "The total number of reads merged.", d.reads_merged as f64),
            (
                "node_disk_read_bytes_total",
                "The total number of bytes read successfully.",
                d.sectors_read as f64 * SECTOR,
            ),
            (
                "node_disk_read_time_seconds_total",
                "The total number of seconds spent by all reads.",
                ms(d.read_time_ms),
            ),
            (
                "node_disk_writes_completed_total",
                "The total number of writes completed successfully.",
                d.writes_completed as f64,
            ),
            ("node_disk_writes_merged_total", "The number of writes merged.", d.writes_merged as f64),
            (
                "node_disk_written_bytes_total",
                "The total number of bytes written successfully.",
                d.sectors_written as f64 * SECTOR,
            ),
            (
                "node_disk_write_time_seconds_total",
                "This is the total number of seconds spent by all writes.",
                ms(d.write_time_ms),
            ),
            ("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", ms(d.io_time_ms)),
            (
                "node_disk_io_time_weighted_seconds_total",
                "The weighted # of seconds spent doing I/Os.",
                ms(d.weighted_io_time_ms),
            ),
        ];
        for (name, help, v) in counters {
            m.add(name, help, Kind::Counter, &l, v);
        }
        m.add(
            "node_disk_io_now",
            "The number of I/Os currently in progress.",
            Kind::Gauge,
            &l,
            d.io_in_progress as f64,
        );
        if let Some([completed, merged, sectors, time]) = d.discards {
            m.add(
                "node_disk_discards_completed_total",
                "The total number of discards completed successfully.",
                Kind::Counter,
                &l,
                completed as f64,
            );
            m.add(
                "node_disk_discards_merged_total",
                "The total number of discards merged.",
                Kind::Counter,
                &l,
                merged as f64,
            );
            m.add(
                "node_disk_discarded_sectors_total",
                "The total number of sectors discarded successfully.",
                Kind::Counter,
                &l,
                sectors as f64,
            );
            m.add(
                "node_disk_discard_time_seconds_total",
                "This is the total number of seconds spent by all discards.",
                Kind::Counter,
                &l,
                ms(time),
            );
        }
        if let Some([requests, time]) = d.flushes {
            m.add(
                "node_disk_flush_requests_total",
                "The total number of flush requests completed successfully",
                Kind::Counter,
                &l,
                requests as f64,
            );
            m.add(
                "node_disk_flush_requests_time_seconds_total",
                "This is the total number of seconds spent by all flush requests.",
                Kind::Counter,
                &l,
                ms(time),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_past_its_deadline_is_skipped_until_it_returns() {
        assert_eq!(with_deadline("fast", Duration::from_secs(5), || 7), Some(7));
        let slow = || std::thread::sleep(Duration::from_millis(300));
        assert_eq!(with_deadline("slow", Duration::from_millis(50), slow), None);
        // Still running: not started again, answered at once.
        let start = std::time::Instant::now();
        assert_eq!(with_deadline("slow", Duration::from_secs(5), || 1), None);
        assert!(start.elapsed() < Duration::from_millis(100));
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(with_deadline("slow", Duration::from_secs(5), || 2), Some(2));
    }
}
