//! A process's terminal from its tty device number, as psutil's `_psposix.get_terminal_map`:
//! `st_rdev` of every `/dev/tty*` and `/dev/pts/*` mapped to its path. psutil 7.2.2
//! builds the map once; here a miss rebuilds it (psutil's development branch, gh-2830),
//! so a terminal opened after the first call is found.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::sync::Mutex;

static MAP: Mutex<Option<HashMap<u64, String>>> = Mutex::new(None);

/// Scans `dir` for entries whose name starts with `prefix` and records their devices.
fn scan(dir: &str, prefix: &str, map: &mut HashMap<u64, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(prefix) {
            continue;
        }
        let path = format!("{}/{name}", dir.trim_end_matches('/'));
        if let Ok(meta) = std::fs::metadata(&path) {
            map.insert(meta.rdev(), path);
        }
    }
}

fn build() -> HashMap<u64, String> {
    let mut map = HashMap::new();
    scan("/dev", "tty", &mut map);
    scan("/dev/pts", "", &mut map);
    map
}

/// The path of the terminal device `rdev`; `None` for "no terminal" (`NODEV`, i.e. all
/// bits set in the OS's width) or a device that is not a tty.
pub(crate) fn terminal_of(rdev: u64, nodev: u64) -> Option<String> {
    if rdev == nodev {
        return None;
    }
    let mut guard = MAP.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = guard.as_ref().and_then(|m| m.get(&rdev)) {
        return Some(path.clone());
    }
    let map = build();
    let found = map.get(&rdev).cloned();
    *guard = Some(map);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Live: every tty device under /dev maps back to its own path (the kernel's `stat`
    /// of each path is the independent side), and NODEV or an unknown device is `None`.
    #[test]
    fn maps_devices_back_to_their_paths() {
        let map = build();
        for (rdev, path) in map.iter().take(20) {
            let meta = std::fs::metadata(path).unwrap();
            assert_eq!(meta.rdev(), *rdev);
            assert_eq!(terminal_of(*rdev, u64::MAX).as_deref(), Some(path.as_str()));
        }
        assert_eq!(terminal_of(u64::MAX, u64::MAX), None);
        assert_eq!(terminal_of(0xdead_beef_0000, u64::MAX), None);
        if let Ok(meta) = std::fs::metadata("/dev/tty") {
            assert_eq!(terminal_of(meta.rdev(), u64::MAX).as_deref(), Some("/dev/tty"));
        }
    }
}
