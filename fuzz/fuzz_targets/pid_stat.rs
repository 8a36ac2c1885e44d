//! `/proc/<pid>/stat` and `/proc/<pid>/task/<tid>/stat`: the full parse, the short
//! zombie-check parse and the thread parse must agree on the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let full = f::pid_stat(data);
    let short = f::pid_stat_state(data);
    let task = f::task_stat(data);
    let split = f::pid_stat_split(data);
    if let Ok(s) = &full {
        let open = data.iter().position(|&b| b == b'(').expect("a parsed stat has '('");
        let close = data.iter().rposition(|&b| b == b')').expect("a parsed stat has ')'");
        assert_eq!(s.comm, &data[open + 1..close], "comm is between the first '(' and the last ')'");
        assert_eq!(split.as_ref().ok().map(|(c, _)| *c), Some(&data[open + 1..close]));
        assert_eq!(task.as_ref().ok(), Some(&(s.utime, s.stime)), "thread parse disagrees");
        if let Some((state, ppid)) = short {
            assert_eq!((state, ppid), (s.state, s.ppid), "zombie-check parse disagrees");
        }
        assert_eq!(s.live_kernel_thread, s.flags & 0x0020_0000 != 0 && s.state != b'Z');
    }
    if let Some((state, _)) = short {
        assert!(split.is_ok(), "the short parse needs the comm split");
        assert_ne!(state, b' ');
    }
});
