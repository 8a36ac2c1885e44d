//! A process's resources read from the `pres_basic` fixture tree through
//! `paths::with_roots`: smaps with VmFlags/hugetlb/deleted paths, smaps_rollup, an old
//! kernel without smaps_rollup, malformed files, fdinfo, task dirs, io variants, a zombie.
#![cfg(target_os = "linux")]

use std::path::PathBuf;

use psutil_rs::os::linux::{IoCountersExt, MemoryFullInfoExt, MemoryMapExt, OpenFileExt};
use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{Error, MemType, Process};

const KB: u64 = 1024;

fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pres_basic");
    // git keeps no empty directories: the zombie's fd/fdinfo dirs are made here.
    for d in ["proc/1001/fd", "proc/1001/fdinfo"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    dir
}

fn with_fixture<T>(f: impl FnOnce() -> T) -> T {
    with_roots(Roots::fixture(root()), f)
}

fn proc(pid: u32) -> Process {
    Process::new(pid).unwrap()
}

#[test]
fn memory_full_info_from_rollup_and_statm() {
    with_fixture(|| {
        let m = proc(1000).memory_full_info().unwrap();
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
        assert_eq!((m.vms, m.rss), (1000 * page, 200 * page));
        assert_eq!((m.shared(), m.text(), m.data()), (50 * page, 10 * page, 100 * page));
        assert_eq!((m.lib(), m.dirty()), (0, 0));
        assert_eq!((m.uss, m.pss(), m.swap()), (2700 * KB, 654 * KB, 88 * KB));
    });
}

#[test]
fn memory_full_info_falls_back_to_smaps() {
    with_fixture(|| {
        // Old kernel: no smaps_rollup, smaps without Pss/Swap.
        let m = proc(1003).memory_full_info().unwrap();
        assert_eq!((m.uss, m.pss(), m.swap()), (16 * KB, 0, 0));
        // Zombie: zeros.
        let z = proc(1001).memory_full_info().unwrap();
        assert_eq!((z.rss, z.uss, z.pss(), z.swap()), (0, 0, 0, 0));
        // Malformed smaps_rollup → a parse error naming the file.
        let e = proc(1002).memory_full_info().unwrap_err();
        assert!(matches!(e, Error::Parse { ref path, .. } if path.ends_with("1002/smaps_rollup")), "{e}");
    });
}

#[test]
fn memory_maps_grouped_and_not() {
    with_fixture(|| {
        let p = proc(1000);
        let ext = p.memory_maps(false).unwrap();
        assert_eq!(ext.len(), 8);
        assert_eq!(ext[0].addr.as_deref(), Some("55b399ac0000-55b399ac2000"));
        assert_eq!(ext[0].perms.as_deref(), Some("r--p"));
        assert_eq!(ext[3].path, "[anon]");
        // ` (deleted)` is dropped since the file does not exist.
        assert_eq!(ext[4].path, "/anon_hugepage");
        assert_eq!(ext[5].path, "/nonexistent-pres/lib.so");
        let g = p.memory_maps(true).unwrap();
        let paths: Vec<&str> = g.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/usr/bin/demo", "[heap]", "[anon]", "/anon_hugepage", "/nonexistent-pres/lib.so", "[stack]"]
        );
        let demo = &g[0];
        assert_eq!((demo.rss, demo.size(), demo.pss()), (32 * KB, 32 * KB, 16 * KB));
        assert_eq!(
            (demo.shared_clean(), demo.private_clean(), demo.referenced()),
            (16 * KB, 16 * KB, 32 * KB)
        );
        let anon = &g[2];
        assert_eq!(
            (anon.rss, anon.size(), anon.anonymous(), anon.swap()),
            (516 * KB, 2052 * KB, 516 * KB, 72 * KB)
        );
        assert_eq!((anon.private_dirty(), anon.shared_dirty()), (516 * KB, 0));
        assert!(g.iter().all(|m| m.addr.is_none() && m.perms.is_none()));
        // Totals agree between the grouped and ungrouped forms.
        let sum = |v: &[psutil_rs::MemoryMap]| v.iter().map(|m| m.rss + m.size() + m.swap()).sum::<u64>();
        assert_eq!(sum(&g), sum(&ext));
    });
}

#[test]
fn memory_maps_edge_cases() {
    with_fixture(|| {
        // Zombie with an empty smaps → ZombieProcess.
        let e = proc(1001).memory_maps(true).unwrap_err();
        assert!(e.is_zombie(), "{e}");
        // Malformed line → parse error.
        let e = proc(1002).memory_maps(false).unwrap_err();
        assert!(e.to_string().contains("don't know how to interpret line"), "{e}");
        // Old kernel format.
        let old = proc(1003).memory_maps(true).unwrap();
        assert_eq!(old.len(), 2);
        assert_eq!((old[0].path.as_str(), old[0].rss, old[0].pss()), ("/opt/old", 8 * KB, 0));
        assert_eq!(old[1].path, "[anon]");
    });
}

#[test]
fn open_files_and_num_fds() {
    with_fixture(|| {
        let p = proc(1000);
        let mut files = p.open_files().unwrap();
        files.sort_by_key(|f| f.fd);
        let got: Vec<(i32, &str, u64, &str, i32)> =
            files.iter().map(|f| (f.fd, f.path.as_str(), f.position(), f.mode(), f.flags())).collect();
        assert_eq!(
            got,
            [
                (3, "/etc/passwd", 0, "r", 0o2100000),
                (4, "/etc/group", 5, "a", 0o2102001),
                (5, "/etc/passwd", 12, "w", 0o100001),
                (6, "/etc/group", 7, "a+", 0o2002),
                (13, "/etc/passwd", 99, "r+", 0o100002),
            ]
        );
        assert_eq!(p.num_fds().unwrap(), 10);
        let z = proc(1001);
        assert!(z.open_files().unwrap().is_empty());
        assert_eq!(z.num_fds().unwrap(), 0);
    });
}

#[test]
fn threads_sorted_as_strings() {
    with_fixture(|| {
        let t = proc(1000).threads().unwrap();
        let ids: Vec<u32> = t.iter().map(|t| t.id).collect();
        // task/1002 has no stat (vanished): skipped, and the process is still there.
        assert_eq!(ids, [1000, 1001, 999]);
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        assert_eq!((t[1].user_time, t[1].system_time), (30.0 / ticks, 20.0 / ticks));
        assert!(proc(1002).threads().unwrap_err().to_string().contains("cannot parse"));
        assert_eq!(proc(1001).threads().unwrap().len(), 1);
    });
}

#[test]
fn threads_in_oneshot_after_status() {
    with_fixture(|| {
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        // Outside oneshot the task directory is listed (1005's holds 1005 and 1006).
        let listed = proc(1005).threads().unwrap();
        assert_eq!(listed.iter().map(|t| t.id).collect::<Vec<_>>(), [1005, 1006]);
        // Inside oneshot, once status said `Threads: 1`, only the leader's stat is read
        // (this fixture is inconsistent on purpose, to show the listing was skipped).
        let p = proc(1005);
        let single = p.oneshot(|p| {
            assert_eq!(p.num_threads().unwrap(), 1);
            p.threads().unwrap()
        });
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].id, 1005);
        assert_eq!((single[0].user_time, single[0].system_time), (7.0 / ticks, 4.0 / ticks));
        assert_eq!(single[0], listed[0]);
        // More than one thread in status: listed as usual.
        let many = proc(1000).oneshot(|p| {
            assert_eq!(p.num_threads().unwrap(), 3);
            p.threads().unwrap()
        });
        assert_eq!(many, proc(1000).threads().unwrap());
    });
}

#[test]
fn io_counters_variants() {
    with_fixture(|| {
        let io = proc(1000).io_counters().unwrap();
        assert_eq!((io.read_count, io.write_count, io.read_bytes, io.write_bytes), (10, 3, 4096, 8192));
        assert_eq!((io.read_chars(), io.write_chars()), (6976, 123));
        let e = proc(1002).io_counters().unwrap_err();
        assert!(e.to_string().ends_with("1002/io file was empty"), "{e}");
        let e = proc(1003).io_counters().unwrap_err();
        assert!(e.to_string().contains("b'rchar' field was not found"), "{e}");
    });
}

#[test]
fn memory_percent_uses_memtotal() {
    with_fixture(|| {
        let p = proc(1000);
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
        let total = 2048000.0 * 1024.0;
        assert_eq!(p.memory_percent(MemType::Rss).unwrap(), (200 * page) as f64 / total * 100.0);
        assert_eq!(p.memory_percent(MemType::Vms).unwrap(), (1000 * page) as f64 / total * 100.0);
        assert_eq!(p.memory_percent(MemType::Uss).unwrap(), (2700 * KB) as f64 / total * 100.0);
        assert_eq!(p.memory_percent(MemType::Swap).unwrap(), (88 * KB) as f64 / total * 100.0);
        assert_eq!(p.memory_percent(MemType::Dirty).unwrap(), 0.0);
        let e = "foo".parse::<MemType>().unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)));
    });
}

#[test]
fn gone_process_is_no_such_process() {
    with_fixture(|| {
        assert!(Process::new(4242).unwrap_err().is_no_such_process());
    });
}
