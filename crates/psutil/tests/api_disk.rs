//! Portable invariants of the disk functions. Not gated to Linux.

mod common;

use common::is_percent;

#[test]
fn usage_of_the_current_directory_is_consistent() {
    let here = std::env::current_dir().expect("current_dir");
    let u = psutil_rs::disk_usage(&here).expect("disk_usage");
    assert!(u.total > 0);
    assert!(u.used <= u.total && u.free <= u.total, "{u:?}");
    assert!(u.used + u.free <= u.total, "used + free above total: {u:?}");
    assert!(is_percent(u.percent));
    let expected = if u.used + u.free == 0 { 0.0 } else { u.used as f64 * 100.0 / (u.used + u.free) as f64 };
    assert!((u.percent - expected).abs() <= 0.05 + f64::EPSILON, "{} vs {expected}", u.percent);
}

#[test]
fn a_missing_path_is_an_error() {
    let missing = std::env::temp_dir().join("psutil-rs-api-disk-no-such-dir").join("x");
    assert!(psutil_rs::disk_usage(missing).is_err());
}

#[test]
fn partitions_are_listed_with_mount_points() {
    let parts = psutil_rs::disk_partitions(false).expect("disk_partitions");
    assert!(!parts.is_empty());
    assert!(parts.iter().all(|p| !p.mountpoint.is_empty()), "{parts:?}");
}
