//! A process's terminal from its tty device number, as psutil's `_psposix.get_terminal_map`:
//! `st_rdev` of every `/dev/tty*` and `/dev/pts/*` mapped to its path ([`tty_devices`]).
//! psutil 7.2.2 builds the map once, so a terminal opened after its first call is never
//! found; [`terminal_of`] rebuilds it on a miss (psutil's development branch, gh-2830).

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Records the device of each entry of `dir` whose name starts with `prefix` (a name that
/// is not UTF-8 is kept lossily).
fn scan(dir: &Path, prefix: &[u8], map: &mut HashMap<u64, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if !entry.file_name().as_bytes().starts_with(prefix) {
            continue;
        }
        let path = entry.path();
        if let Ok(meta) = std::fs::metadata(&path) {
            map.insert(meta.rdev(), path.to_string_lossy().into_owned());
        }
    }
}

/// `st_rdev` → path of every `/dev/tty*` and `/dev/pts/*` (`stat(2)` of each, links
/// followed; a later path wins a shared device, as in psutil's dict).
pub(crate) fn tty_devices() -> HashMap<u64, String> {
    let mut map = HashMap::new();
    scan(Path::new("/dev"), b"tty", &mut map);
    scan(Path::new("/dev/pts"), b"", &mut map);
    map
}

/// The path of the terminal device `rdev`; `None` for "no terminal" (`nodev`: 0 in Linux's
/// `tty_nr`, all bits set on macOS and FreeBSD) or a device that is not a tty. A miss
/// rebuilds the map.
pub(crate) fn terminal_of(rdev: u64, nodev: u64) -> Option<String> {
    static MAP: std::sync::Mutex<Option<HashMap<u64, String>>> = std::sync::Mutex::new(None);
    if rdev == nodev {
        return None;
    }
    let mut guard = MAP.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = guard.as_ref().and_then(|m| m.get(&rdev)) {
        return Some(path.clone());
    }
    let map = tty_devices();
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
        let map = tty_devices();
        for (rdev, path) in map.iter().take(20) {
            let meta = std::fs::metadata(path).unwrap();
            assert_eq!(meta.rdev(), *rdev);
            assert!(path.starts_with("/dev/tty") || path.starts_with("/dev/pts/"), "{path}");
            assert_eq!(terminal_of(*rdev, u64::MAX).as_deref(), Some(path.as_str()));
        }
        assert_eq!(terminal_of(u64::MAX, u64::MAX), None);
        assert_eq!(terminal_of(0xdead_beef_0000, u64::MAX), None);
        if let Ok(meta) = std::fs::metadata("/dev/tty") {
            assert_eq!(terminal_of(meta.rdev(), u64::MAX).as_deref(), Some("/dev/tty"));
        }
    }
}
