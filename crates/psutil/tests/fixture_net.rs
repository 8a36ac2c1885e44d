//! Network functions on fixture trees (`tests/fixtures/net_*`): `/proc/net/dev` parsing,
//! names with colons, empty and garbage files, NICs that do not exist for `net_if_stats`,
//! and nowrap on wrapping counters.
#![cfg(target_os = "linux")]

use std::fs;
use std::path::{Path, PathBuf};

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{
    net_if_stats, net_io_counters, net_io_counters_cache_clear, net_io_counters_pernic, Error, NetIoCounters,
};

fn fixture(name: &str) -> Roots {
    Roots::fixture(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

#[test]
fn pernic_field_map_and_names() {
    let per = with_roots(fixture("net_basic"), || net_io_counters_pernic(false)).unwrap();
    assert_eq!(per.keys().map(String::as_str).collect::<Vec<_>>(), ["eth0", "eth0:1", "lo", "psutilfake0"]);
    assert_eq!(
        per["eth0"],
        NetIoCounters {
            bytes_sent: 510105,
            bytes_recv: 162829692,
            packets_sent: 6296,
            packets_recv: 8937,
            errin: 1,
            errout: 3,
            dropin: 2,
            dropout: 4,
        }
    );
    assert_eq!(per["psutilfake0"].to_fields(), [9, 5, 10, 6, 7, 11, 8, 12]);
    assert_eq!(per["eth0:1"].bytes_recv, 100);
}

#[test]
fn totals_sum_every_nic() {
    let t = with_roots(fixture("net_basic"), || net_io_counters(false)).unwrap().unwrap();
    assert_eq!(t.bytes_recv, 8204753 + 162829692 + 100 + 5);
    assert_eq!(t.bytes_sent, 8204753 + 510105 + 200 + 9);
    assert_eq!(t.dropout, 4 + 12);
}

#[test]
fn empty_garbage_and_missing() {
    assert_eq!(with_roots(fixture("net_empty"), || net_io_counters(true)).unwrap(), None);
    assert!(with_roots(fixture("net_empty"), || net_io_counters_pernic(true)).unwrap().is_empty());
    assert!(with_roots(fixture("net_empty"), net_if_stats).unwrap().is_empty());
    let err = with_roots(fixture("net_garbage"), || net_io_counters(false)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    let err = with_roots(fixture("disk_none"), || net_io_counters(false)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    let err = with_roots(fixture("disk_none"), net_if_stats).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}

#[test]
fn stats_skip_nics_that_do_not_exist() {
    // Names come from the fixture's net/dev; the ioctls ask the real kernel, which has `lo`
    // but no `psutilfake0` (ENODEV → skipped, as psutil).
    let stats = with_roots(fixture("net_basic"), net_if_stats).unwrap();
    assert!(!stats.contains_key("psutilfake0"));
    let lo = stats.get("lo").expect("every Linux system has lo");
    assert!(lo.flags.split(',').any(|f| f == "loopback"), "{}", lo.flags);
    assert!(lo.mtu > 0);
}

struct TempTree(PathBuf);

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn nowrap_on_net_counters() {
    let dir = std::env::temp_dir().join(format!("psutil-rs-fixture-net-wrap-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("proc/net")).unwrap();
    let t = TempTree(dir);
    let write = |rows: &[(&str, u64)]| {
        let mut s = String::from("h1\nh2\n");
        for (name, recv) in rows {
            s += &format!("{name}: {recv} 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0\n");
        }
        fs::write(t.0.join("proc/net/dev"), s).unwrap();
    };
    let roots = Roots::fixture(&t.0);
    let per = |nowrap: bool| with_roots(roots.clone(), || net_io_counters_pernic(nowrap)).unwrap();
    write(&[("a", 4_000_000_000), ("b", 1)]);
    assert_eq!(per(true)["a"].bytes_recv, 4_000_000_000);
    write(&[("a", 5), ("b", 2)]);
    assert_eq!(per(true)["a"].bytes_recv, 4_000_000_005);
    assert_eq!(per(false)["a"].bytes_recv, 5);
    let total = with_roots(roots.clone(), || net_io_counters(true)).unwrap().unwrap();
    assert_eq!(total.bytes_recv, 4_000_000_005 + 2, "totals are summed after wrapping");
    assert_eq!(total.bytes_sent, 14);
    net_io_counters_cache_clear();
    write(&[("a", 1), ("b", 2)]);
    assert_eq!(per(true)["a"].bytes_recv, 1);
}
