//! The memory lines of `/proc/<pid>/status`, and `statm`'s fields computed from them.
//!
//! The kernel writes both files from the same counters of the process's `mm_struct`
//! (`task_mem()` and `task_statm()` in `fs/proc/task_mmu.c`): `statm` in pages, `status`
//! in kB. When a oneshot has read `status` already, `memory_info()` takes statm's values
//! from it instead of reading `statm` too.

use crate::sys::linux::fs::parse_u64;

/// The memory lines of a `status` file, in kB. Each is `None` when its line is absent
/// (a kernel thread has none; kernels before 4.5 have no `RssFile`/`RssShmem`) or is not
/// a number followed by `kB`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StatusVm {
    /// `VmSize:` (`mm->total_vm`).
    pub(crate) size: Option<u64>,
    /// `VmRSS:` (anon + file + shmem pages).
    pub(crate) rss: Option<u64>,
    /// `RssFile:`.
    pub(crate) file: Option<u64>,
    /// `RssShmem:`.
    pub(crate) shmem: Option<u64>,
    /// `VmData:` (`mm->data_vm`).
    pub(crate) data: Option<u64>,
    /// `VmStk:` (`mm->stack_vm`).
    pub(crate) stack: Option<u64>,
    /// `VmExe:` (the text range, capped at the executable mappings' size).
    pub(crate) exe: Option<u64>,
    /// `VmLib:` (the executable mappings' size minus `VmExe`).
    pub(crate) lib: Option<u64>,
}

impl StatusVm {
    /// Records `key: value` when `key` is one of the memory lines; returns false otherwise.
    pub(crate) fn take(&mut self, key: &[u8], value: &[u8]) -> bool {
        let slot = match key {
            b"VmSize" => &mut self.size,
            b"VmRSS" => &mut self.rss,
            b"RssFile" => &mut self.file,
            b"RssShmem" => &mut self.shmem,
            b"VmData" => &mut self.data,
            b"VmStk" => &mut self.stack,
            b"VmExe" => &mut self.exe,
            b"VmLib" => &mut self.lib,
            _ => return false,
        };
        *slot = kilobytes(value);
        true
    }

    /// `statm`'s seven fields (size, resident, shared, text, lib, data, dirty) in bytes, as
    /// `task_statm()` computes them, when these lines give them exactly; `None` otherwise
    /// (then `statm` must be read).
    ///
    /// `statm`'s text is the whole text range, while `VmExe` is that range capped at the
    /// executable mappings' size, with `VmLib` the rest: a non-zero `VmLib` proves the cap
    /// did not apply. `lib` and `dirty` are always 0 in `statm`.
    pub(crate) fn statm_bytes(&self) -> Option<[u64; 7]> {
        if self.lib? == 0 {
            return None;
        }
        let bytes = |kb: Option<u64>| kb?.checked_mul(1024);
        let shared = bytes(self.file)?.checked_add(bytes(self.shmem)?)?;
        let data = bytes(self.data)?.checked_add(bytes(self.stack)?)?;
        Some([bytes(self.size)?, bytes(self.rss)?, shared, bytes(self.exe)?, 0, data, 0])
    }
}

/// A `status` value of the form `<number> kB`.
fn kilobytes(value: &[u8]) -> Option<u64> {
    parse_u64(value.strip_suffix(b"kB")?.trim_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(text: &str) -> StatusVm {
        let mut vm = StatusVm::default();
        for line in text.lines() {
            let (key, value) = line.split_once(':').unwrap();
            vm.take(key.as_bytes(), value.trim().as_bytes());
        }
        vm
    }

    const FULL: &str = "VmPeak:\t  20000 kB\nVmSize:\t   16384 kB\nVmRSS:\t    5000 kB\n\
        RssAnon:\t 1000 kB\nRssFile:\t    3000 kB\nRssShmem:\t    1000 kB\nVmData:\t     800 kB\n\
        VmStk:\t     132 kB\nVmExe:\t      24 kB\nVmLib:\t    2048 kB\nVmSwap:\t 0 kB";

    #[test]
    fn statm_fields_from_the_memory_lines() {
        let vm = parsed(FULL);
        let k = 1024;
        assert_eq!(vm.statm_bytes(), Some([16384 * k, 5000 * k, 4000 * k, 24 * k, 0, 932 * k, 0]));
    }

    #[test]
    fn a_zero_vmlib_may_hide_a_capped_text_size() {
        let vm = parsed(&FULL.replace("2048 kB", "0 kB"));
        assert_eq!(vm.lib, Some(0));
        assert_eq!(vm.statm_bytes(), None);
    }

    #[test]
    fn any_missing_or_malformed_line_means_read_statm() {
        for key in ["VmSize", "VmRSS", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmLib"] {
            let without: String =
                FULL.lines().filter(|l| !l.starts_with(&format!("{key}:"))).collect::<Vec<_>>().join("\n");
            assert_eq!(parsed(&without).statm_bytes(), None, "without {key}");
            let malformed = FULL.replace(&format!("{key}:\t"), &format!("{key}:\tx"));
            assert_eq!(parsed(&malformed).statm_bytes(), None, "malformed {key}");
        }
        assert_eq!(parsed(&FULL.replace("VmSize:\t   16384 kB", "VmSize:\t   16384")).statm_bytes(), None);
        assert_eq!(StatusVm::default().statm_bytes(), None, "a kernel thread has no lines");
    }

    #[test]
    fn other_keys_are_not_taken() {
        let mut vm = StatusVm::default();
        assert!(!vm.take(b"VmPeak", b"1 kB"));
        assert!(!vm.take(b"Uid", b"0 0 0 0"));
        assert!(vm.take(b"VmExe", b"4 kB"));
        assert_eq!(vm, StatusVm { exe: Some(4), ..StatusVm::default() });
    }

    #[test]
    fn overflow_is_not_a_value() {
        let huge = u64::MAX / 1024 + 1;
        let vm = parsed(&FULL.replace("16384 kB", &format!("{huge} kB")));
        assert_eq!(vm.statm_bytes(), None);
    }

    proptest! {
        #[test]
        fn never_panics(key in proptest::collection::vec(any::<u8>(), 0..12), value in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut vm = StatusVm::default();
            vm.take(&key, &value);
            let _ = vm.statm_bytes();
        }
    }
}
