//! psutil's `PROCFS_PATH`: the process-wide root redirects every reader. The setting is
//! global, so this file holds a single test and runs as its own binary.

use std::path::Path;

use psutil_rs::paths::{procfs_path, set_procfs_path};

#[test]
fn setting_procfs_path_redirects_readers_and_back() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/proc_tree/proc");
    let mut expected: Vec<u32> = std::fs::read_dir(fixture)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.parse().ok())
        .collect();
    expected.sort_unstable();
    assert!(!expected.is_empty());

    set_procfs_path(fixture);
    let in_fixture = psutil_rs::pids();
    let name = psutil_rs::Process::new(expected[0]).and_then(|p| p.name());
    set_procfs_path("/proc");

    assert_eq!(in_fixture.unwrap(), expected);
    let comm = std::fs::read_to_string(format!("{fixture}/{}/stat", expected[0])).unwrap();
    assert!(comm.contains(&format!("({})", name.unwrap())), "{comm}");
    assert_eq!(procfs_path(), Path::new("/proc"));
    assert!(psutil_rs::pids().unwrap().contains(&std::process::id()));
}
