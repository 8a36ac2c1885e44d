//! `/proc/<pid>/status`: the full parse, the head-only `Tgid:` parse and psutil's
//! `Cpus_allowed_list` regex must agree where their rules coincide.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fuzz_target!(|data: &[u8]| {
    let full = f::pid_status(data);
    let head_tgid = f::pid_status_tgid(data);
    let eligible = f::pid_status_cpus_allowed(data);
    let Ok(st) = full else { return };
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    // One complete `Tgid:` line: the head parse reads the same value.
    let tgid_lines: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with(b"Tgid:")).collect();
    if tgid_lines.len() == 1 && tgid_lines[0] + 1 < lines.len() {
        assert_eq!(head_tgid, st.tgid, "head Tgid parse disagrees");
    }
    // One `Cpus_allowed_list:` in the whole file, at a line start: where both parsers find
    // a range it is the same range.
    if occurrences(data, b"Cpus_allowed_list:") == 1 {
        if let (Some((lo, hi)), Some((a, b))) = (st.cpus_allowed_first_range, eligible) {
            assert_eq!((lo as usize, hi as usize), (a, b), "Cpus_allowed_list parsers disagree");
        }
    }
    for line in &lines {
        if line.starts_with(b"Threads:") {
            assert!(st.threads.is_some(), "a Threads line was not kept");
        }
    }
});
