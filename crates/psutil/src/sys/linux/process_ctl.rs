//! Linux backend: process control (signals, wait, nice, ionice, rlimit, CPU affinity).
//!
//! Every call here works on a bare pid (or on a pidfd that pins one process) and returns
//! the raw `io::Error`, so the facade can map errno to psutil's classes with the
//! process's name at hand. Signals and waits go through a pidfd when the kernel has them
//! (5.3+), so a pid that was reused after the identity check can never be hit. What every
//! Unix does the same way (`kill`, `get/setpriority`, `waitpid` and psutil's polling loop,
//! the errno classes, the signal table) is `sys::unix`'s.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub(crate) use crate::sys::unix::process_ctl::{is_denied, is_gone, is_invalid, WaitOutcome};
pub(crate) use crate::sys::unix::signals::{
    max_signal, realtime_signals, signal_name, signal_names, SIGCONT, SIGKILL, SIGSTOP, SIGTERM,
};

use crate::paths::Roots;
use crate::process::ExitStatus;
use crate::sys::linux::fs;
use crate::sys::unix::process_ctl::{self as unix, raw_pid, unknown_status};
use crate::{Error, Pid, Result};

/// A pin: a pidfd, a file descriptor that refers to one process for its whole life.
/// It is opened by the call that needs it and closed when that call returns (only a
/// blocking `wait` holds one longer), so a `Process` keeps no descriptor between calls.
#[derive(Debug)]
pub(crate) struct Pin(OwnedFd);

/// True for `PIDFS_MAGIC` (`include/uapi/linux/magic.h`), the filesystem of pidfds since
/// Linux 6.9 (`statfs.f_type`'s integer type differs between architectures).
fn is_pidfs<T: TryInto<i64>>(f_type: T) -> bool {
    f_type.try_into().ok() == Some(0x5049_4446)
}

impl Pin {
    /// The pinned process's identity as the kernel numbers it: the pidfd's inode number on
    /// pidfs (Linux 6.9+, 64-bit), which is never given to another process while the system
    /// runs. `None` on older kernels, where every pidfd shares one anonymous inode.
    /// `fstatfs(2)` and `fstat(2)` on the pidfd.
    pub(crate) fn identity(&self) -> Option<u64> {
        if cfg!(not(target_pointer_width = "64")) {
            return None;
        }
        let fd = self.0.as_raw_fd();
        // SAFETY: a zeroed statfs is a valid out-buffer; `fd` is a live descriptor we own.
        let mut fs_info: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: as above; the kernel writes only into `fs_info`.
        if unsafe { libc::fstatfs(fd, &mut fs_info) } != 0 || !is_pidfs(fs_info.f_type) {
            return None;
        }
        // SAFETY: a zeroed stat is a valid out-buffer.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: as above; the kernel writes only into `st`.
        if unsafe { libc::fstat(fd, &mut st) } != 0 {
            return None;
        }
        Some(st.st_ino)
    }
}

fn cvt(ret: libc::c_long) -> io::Result<libc::c_long> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// `pidfd_open(pid, 0)`.
fn pidfd_open(pid: Pid) -> Result<Pin> {
    let pid = raw_pid(pid)?;
    // SAFETY: plain syscall with integer arguments; on success it returns a new fd that we
    // own from here on.
    let fd = cvt(unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) })?;
    let fd = i32::try_from(fd).map_err(|_| io::Error::from_raw_os_error(libc::EBADF))?;
    // SAFETY: `fd` was just returned by the kernel and nothing else owns it.
    Ok(Pin(unsafe { OwnedFd::from_raw_fd(fd) }))
}

/// True when `errno` from `pidfd_open` means "this kernel or sandbox has no pidfds"
/// rather than "this process is gone".
fn pidfd_unavailable(err: &Error) -> bool {
    matches!(
        err.raw_os_error(),
        Some(
            libc::ENOSYS
                | libc::EPERM
                | libc::EACCES
                | libc::EMFILE
                | libc::ENFILE
                | libc::ENODEV
                | libc::EINVAL
        )
    )
}

/// Whether `pidfd_open` works here at all (probed once on our own pid, as psutil does;
/// the probe's pidfd is closed at once).
fn pidfd_supported() -> bool {
    static SUPPORTED: OnceLock<bool> = OnceLock::new();
    *SUPPORTED.get_or_init(|| match pidfd_open(std::process::id()) {
        Ok(_) => true,
        Err(e) => matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)),
    })
}

/// Pins `pid` for the length of one call: `pidfd_open(2)`. `Ok(None)` when this kernel or
/// sandbox gives no pidfds (before 5.3, seccomp, out of descriptors): the caller then acts
/// by pid. A process that is gone fails with ESRCH.
pub(crate) fn pin_open(pid: Pid) -> Result<Option<Pin>> {
    if !pidfd_supported() {
        return Ok(None);
    }
    match pidfd_open(pid) {
        Ok(pin) => Ok(Some(pin)),
        Err(e) if !is_gone(&e) && pidfd_unavailable(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends `sig` (0 = existence check) through `pidfd` when given, else with `kill(2)`.
pub(crate) fn send_signal(pid: Pid, pidfd: Option<&Pin>, sig: i32) -> Result<()> {
    match pidfd {
        Some(fd) => {
            // SAFETY: syscall with a valid fd we own, a signal number, a null siginfo and
            // zero flags.
            let ret = unsafe {
                libc::syscall(
                    libc::SYS_pidfd_send_signal,
                    fd.0.as_raw_fd(),
                    sig,
                    std::ptr::null::<libc::siginfo_t>(),
                    0u32,
                )
            };
            Ok(cvt(ret).map(drop)?)
        }
        None => Ok(unix::kill(pid, sig)?),
    }
}

/// `getpriority(PRIO_PROCESS, pid)`.
pub(crate) fn get_nice(pid: Pid) -> Result<i32> {
    Ok(unix::get_nice(pid)?)
}

/// `setpriority(PRIO_PROCESS, pid, value)`.
pub(crate) fn set_nice(pid: Pid, value: i32) -> Result<()> {
    Ok(unix::set_nice(pid, value)?)
}

const IOPRIO_WHO_PROCESS: libc::c_long = 1;
const IOPRIO_CLASS_SHIFT: u32 = 13;
const IOPRIO_PRIO_MASK: u32 = (1 << IOPRIO_CLASS_SHIFT) - 1;

/// `ioprio_get(IOPRIO_WHO_PROCESS, pid)` split into (class, data).
pub(crate) fn get_ionice(pid: Pid) -> Result<(u32, u32)> {
    let pid = raw_pid(pid)?;
    // SAFETY: plain integers.
    let prio = cvt(unsafe { libc::syscall(libc::SYS_ioprio_get, IOPRIO_WHO_PROCESS, pid) })?;
    let prio = u32::try_from(prio).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    Ok((prio >> IOPRIO_CLASS_SHIFT, prio & IOPRIO_PRIO_MASK))
}

/// `ioprio_set(IOPRIO_WHO_PROCESS, pid, class << 13 | value)`.
pub(crate) fn set_ionice(pid: Pid, class: u32, value: u32) -> Result<()> {
    let pid = raw_pid(pid)?;
    let prio = libc::c_long::from((class << IOPRIO_CLASS_SHIFT) | (value & IOPRIO_PRIO_MASK));
    // SAFETY: plain integers.
    Ok(cvt(unsafe { libc::syscall(libc::SYS_ioprio_set, IOPRIO_WHO_PROCESS, pid, prio) }).map(drop)?)
}

fn to_rlim(v: i64) -> libc::rlim64_t {
    if v < 0 {
        libc::RLIM64_INFINITY
    } else {
        v as libc::rlim64_t
    }
}

fn from_rlim(v: libc::rlim64_t) -> i64 {
    if v == libc::RLIM64_INFINITY {
        -1
    } else {
        i64::try_from(v).unwrap_or(i64::MAX)
    }
}

/// `prlimit(pid, resource, new, old)`: returns the old (soft, hard) pair, -1 = infinity.
pub(crate) fn prlimit(pid: Pid, resource: i32, new: Option<(i64, i64)>) -> Result<(i64, i64)> {
    let pid = raw_pid(pid)?;
    let new = new.map(|(soft, hard)| libc::rlimit64 { rlim_cur: to_rlim(soft), rlim_max: to_rlim(hard) });
    let mut old = libc::rlimit64 { rlim_cur: 0, rlim_max: 0 };
    let new_ptr = new.as_ref().map_or(std::ptr::null(), |n| n as *const libc::rlimit64);
    // SAFETY: both pointers are valid for the duration of the call (or null for `new`).
    let ret = unsafe { libc::prlimit64(pid, resource as _, new_ptr, &mut old) };
    cvt(ret.into())?;
    Ok((from_rlim(old.rlim_cur), from_rlim(old.rlim_max)))
}

/// `sched_getaffinity(pid)`, growing the mask until the kernel accepts its size.
pub(crate) fn get_cpu_affinity(pid: Pid) -> Result<Vec<usize>> {
    let pid = raw_pid(pid)?;
    let mut words = 16usize; // 1024 CPUs
    loop {
        let mut mask = vec![0u64; words];
        let bytes = words * 8;
        // SAFETY: `mask` is `bytes` long and writable.
        let ret = unsafe { libc::syscall(libc::SYS_sched_getaffinity, pid, bytes, mask.as_mut_ptr()) };
        match cvt(ret) {
            Ok(_) => return Ok(mask_to_cpus(&mask)),
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) && words < (1 << 16) => words *= 2,
            Err(e) => return Err(e.into()),
        }
    }
}

/// `sched_setaffinity(pid, cpus)`.
pub(crate) fn set_cpu_affinity(pid: Pid, cpus: &[usize]) -> Result<()> {
    let pid = raw_pid(pid)?;
    let max = cpus.iter().copied().max().unwrap_or(0);
    let mut mask = vec![0u64; max / 64 + 1];
    for &cpu in cpus {
        mask[cpu / 64] |= 1u64 << (cpu % 64);
    }
    let bytes = mask.len() * 8;
    // SAFETY: `mask` is `bytes` long and only read.
    Ok(cvt(unsafe { libc::syscall(libc::SYS_sched_setaffinity, pid, bytes, mask.as_ptr()) }).map(drop)?)
}

/// The CPU numbers whose bits are set in a kernel CPU mask.
pub(crate) fn mask_to_cpus(mask: &[u64]) -> Vec<usize> {
    let mut cpus = Vec::new();
    for (i, &word) in mask.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            let bit = w.trailing_zeros() as usize;
            cpus.push(i * 64 + bit);
            w &= w - 1;
        }
    }
    cpus
}

/// psutil's `_get_eligible_cpus` regex, `Cpus_allowed_list:\t(\d+)-(\d+)`: the first
/// `a-b` range right after the tab, or `None` (e.g. a single CPU `0`, or a list that
/// starts with a lone CPU such as `0,2-3`).
pub(crate) fn parse_cpus_allowed_range(status: &[u8]) -> Option<(usize, usize)> {
    const KEY: &[u8] = b"Cpus_allowed_list:\t";
    let mut rest = status;
    while let Some(pos) = find(rest, KEY) {
        let after = &rest[pos + KEY.len()..];
        if let Some(range) = leading_range(after) {
            return Some(range);
        }
        rest = after;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn leading_range(s: &[u8]) -> Option<(usize, usize)> {
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let n1 = digits(s);
    if n1 == 0 || s.get(n1) != Some(&b'-') {
        return None;
    }
    let tail = &s[n1 + 1..];
    let n2 = digits(tail);
    if n2 == 0 {
        return None;
    }
    let lo = usize::try_from(fs::parse_u64(&s[..n1])?).ok()?;
    let hi = usize::try_from(fs::parse_u64(&tail[..n2])?).ok()?;
    Some((lo, hi))
}

/// The number of `cpuN` lines of `/proc/stat` (psutil's `len(per_cpu_times())`).
pub(crate) fn parse_stat_cpu_count(stat: &[u8]) -> usize {
    stat.split(|&b| b == b'\n')
        .filter(|line| line.starts_with(b"cpu") && line.get(3).is_some_and(u8::is_ascii_digit))
        .count()
}

/// All CPUs psutil considers valid: `0..len(per_cpu_times())`.
pub(crate) fn all_cpus(roots: &Roots) -> Result<Vec<usize>> {
    let path = roots.proc_file("stat");
    let n = fs::with_file(&path, |b| Ok(parse_stat_cpu_count(b)))?;
    if n == 0 {
        return Err(Error::parse(path.display(), "no cpuN lines"));
    }
    Ok((0..n).collect())
}

/// psutil's eligible CPUs for `pid`: the first range of `Cpus_allowed_list`, else all.
pub(crate) fn eligible_cpus(roots: &Roots, pid: Pid) -> Result<Vec<usize>> {
    let path = roots.proc_file(Path::new(&pid.to_string()).join("status"));
    let range = fs::with_file_raw(&path, parse_cpus_allowed_range).map_err(|e| Error::io(&path, e))?;
    match range {
        Some((lo, hi)) if lo <= hi => Ok((lo..=hi).collect()),
        Some(_) => Ok(Vec::new()),
        None => all_cpus(roots),
    }
}

fn status_from_siginfo(info: &libc::siginfo_t) -> Option<ExitStatus> {
    // SAFETY: the kernel filled `info` for a CLD_* event, where si_status is valid.
    let status = unsafe { info.si_status() };
    match info.si_code {
        libc::CLD_EXITED => Some(ExitStatus::Exited(status)),
        libc::CLD_KILLED | libc::CLD_DUMPED => Some(ExitStatus::Signaled(status)),
        _ => None,
    }
}

/// Reaps `pid`, which is known to have exited: `waitid(P_PIDFD)` when we hold a pidfd
/// (never touches a reused pid), else `waitpid(pid, 0)`. ECHILD → `Gone`.
fn reap(pid: Pid, pidfd: Option<&Pin>) -> io::Result<WaitOutcome> {
    if let Some(fd) = pidfd {
        // SAFETY: zeroed siginfo_t is a valid "nothing happened" value.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: valid fd and a writable siginfo_t.
            let ret = unsafe {
                libc::waitid(libc::P_PIDFD, fd.0.as_raw_fd() as libc::id_t, &mut info, libc::WEXITED)
            };
            match cvt(ret.into()) {
                Ok(_) => {
                    return status_from_siginfo(&info)
                        .map(WaitOutcome::Status)
                        .ok_or_else(|| unknown_status(info.si_code));
                }
                Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
                Err(e) if e.raw_os_error() == Some(libc::ECHILD) => return Ok(WaitOutcome::Gone),
                // Kernel 5.3 has pidfds but not P_PIDFD: fall through to waitpid.
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => break,
                Err(e) => return Err(e),
            }
        }
    }
    match unix::waitpid(pid, 0)? {
        Some(status) => Ok(status),
        None => Ok(WaitOutcome::Gone),
    }
}

/// Polls `pidfd` for readability (= the process exited) for at most `timeout`
/// (`None` = forever). True when it exited.
pub(crate) fn pidfd_wait_exit(pidfd: &Pin, timeout: Option<Duration>) -> io::Result<bool> {
    // a deadline too far to represent is no deadline (waits until the end)
    let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
    loop {
        let ms = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                // Round up so a sub-millisecond timeout still waits rather than spins.
                i32::try_from(left.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX)
            }
        };
        let mut pfd = libc::pollfd { fd: pidfd.0.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd.
        let ret = unsafe { libc::poll(&mut pfd, 1, ms) };
        match cvt(ret.into()) {
            Ok(0) => return Ok(false),
            Ok(_) => return Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// psutil's `wait_pid`: with a pidfd, poll it then reap through it; without one (no
/// pidfds here, or the process was already gone when the caller tried to open one),
/// psutil's polling loop.
pub(crate) fn wait(pid: Pid, pidfd: Option<&Pin>, timeout: Option<Duration>) -> Result<WaitOutcome> {
    match pidfd {
        Some(fd) => {
            if pidfd_wait_exit(fd, timeout)? {
                Ok(reap(pid, Some(fd))?)
            } else {
                Ok(WaitOutcome::TimedOut)
            }
        }
        None => Ok(unix::wait_polling(pid, timeout)?),
    }
}

// Children are reaped by the waits under test, not by `Child::wait`.
#[cfg(test)]
#[allow(clippy::zombie_processes)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::process::{Command, Stdio};

    fn sleeper(secs: &str) -> std::process::Child {
        Command::new("sleep").arg(secs).stdin(Stdio::null()).spawn().expect("spawn sleep")
    }

    #[test]
    fn eligible_range_matches_psutil_regex() {
        assert_eq!(parse_cpus_allowed_range(b"Name:\tx\nCpus_allowed_list:\t0-1\n"), Some((0, 1)));
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t2-5,7\n"), Some((2, 5)));
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t0\n"), None);
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t0,2-3\n"), None);
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list: 0-1\n"), None);
        assert_eq!(parse_cpus_allowed_range(b""), None);
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t"), None);
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t3-"), None);
        assert_eq!(parse_cpus_allowed_range(b"Cpus_allowed_list:\t99999999999999999999999-1"), None);
    }

    #[test]
    fn counts_cpu_lines() {
        assert_eq!(parse_stat_cpu_count(b"cpu  1 2 3\ncpu0 1 2\ncpu1 3 4\nintr 5\n"), 2);
        assert_eq!(parse_stat_cpu_count(b"cpu  1 2 3\n"), 0);
        assert_eq!(parse_stat_cpu_count(b""), 0);
    }

    #[test]
    fn mask_bits_become_sorted_cpus() {
        assert_eq!(mask_to_cpus(&[0b101, 1]), vec![0, 2, 64]);
        assert!(mask_to_cpus(&[0, 0]).is_empty());
    }

    #[test]
    fn signal_and_reap_a_child_through_its_pidfd() {
        let mut child = sleeper("30");
        let pid = child.id();
        let fd = pin_open(pid).expect("pidfd_open").expect("pidfds on a 5.3+ kernel");
        assert!(!pidfd_wait_exit(&fd, Some(Duration::ZERO)).expect("poll"));
        assert_eq!(
            wait(pid, Some(&fd), Some(Duration::from_millis(20))).expect("wait"),
            WaitOutcome::TimedOut
        );
        assert_eq!(signal_name(libc::SIGTERM), Some("SIGTERM"));
        assert_eq!(signal_name(64), Some("SIGRTMAX"));
        assert_eq!(signal_name(40), None);
        send_signal(pid, Some(&fd), libc::SIGTERM).expect("pidfd_send_signal");
        let out = wait(pid, Some(&fd), None).expect("wait");
        assert_eq!(out, WaitOutcome::Status(ExitStatus::Signaled(libc::SIGTERM)));
        // Reaped: the pidfd now reports ESRCH, and so does std's own wait (ECHILD).
        let err = send_signal(pid, Some(&fd), 0).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
        assert!(child.try_wait().is_err());
    }

    #[test]
    fn a_pins_identity_is_its_pidfs_inode() {
        use std::os::unix::fs::MetadataExt;
        let mut child = sleeper("30");
        let pin = pin_open(child.id()).expect("pidfd_open").expect("pidfds on a 5.3+ kernel");
        let again = pin_open(child.id()).expect("pidfd_open").expect("pidfd");
        let me = pin_open(std::process::id()).expect("pidfd_open").expect("pidfd");
        match pin.identity() {
            Some(id) => {
                // The inode of the pidfd as the fd table shows it, read through /proc.
                let fd = pin.0.as_raw_fd();
                let via_proc = std::fs::metadata(format!("/proc/self/fd/{fd}")).expect("fd link").ino();
                assert_eq!(id, via_proc);
                assert_eq!(again.identity(), Some(id), "one process, one identity");
                assert_ne!(me.identity(), Some(id), "two processes, two identities");
            }
            None => println!("no pidfs here (kernel < 6.9): pins carry no identity"),
        }
        child.kill().expect("kill");
        child.wait().expect("reap");
        let gone = pin_open(child.id()).unwrap_err();
        assert_eq!(gone.raw_os_error(), Some(libc::ESRCH));
    }

    #[test]
    fn setters_round_trip_on_a_child() {
        let mut child = sleeper("30");
        let pid = child.id();
        set_nice(pid, 7).expect("setpriority");
        assert_eq!(get_nice(pid).expect("getpriority"), 7);
        set_ionice(pid, 2, 5).expect("ioprio_set");
        assert_eq!(get_ionice(pid).expect("ioprio_get"), (2, 5));
        let old = prlimit(pid, libc::RLIMIT_NOFILE as i32, Some((100, 200))).expect("prlimit set");
        assert!(old.0 >= 0);
        assert_eq!(prlimit(pid, libc::RLIMIT_NOFILE as i32, None).expect("prlimit get"), (100, 200));
        prlimit(pid, libc::RLIMIT_CORE as i32, Some((-1, -1))).expect("prlimit infinity");
        assert_eq!(prlimit(pid, libc::RLIMIT_CORE as i32, None).expect("prlimit get"), (-1, -1));
        let cpus = get_cpu_affinity(pid).expect("affinity");
        set_cpu_affinity(pid, &cpus[..1]).expect("set affinity");
        assert_eq!(get_cpu_affinity(pid).expect("affinity"), cpus[..1].to_vec());
        let err = set_cpu_affinity(pid, &[100_000]).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
        child.kill().expect("kill");
        child.wait().expect("reap");
        assert_eq!(get_nice(pid).unwrap_err().raw_os_error(), Some(libc::ESRCH));
    }

    /// Without a pin, `wait` is the shared polling loop (its own tests are in
    /// `sys::unix::process_ctl`), and a pid-signal reaches the child.
    #[test]
    fn without_a_pin_wait_polls_and_signals_go_by_pid() {
        let child = Command::new("sh").args(["-c", "exit 3"]).spawn().expect("spawn sh");
        assert_eq!(wait(child.id(), None, None).expect("wait"), WaitOutcome::Status(ExitStatus::Exited(3)));
        let child = sleeper("30");
        assert_eq!(wait(child.id(), None, Some(Duration::ZERO)).expect("wait"), WaitOutcome::TimedOut);
        send_signal(child.id(), None, libc::SIGKILL).expect("kill");
        let out = wait(child.id(), None, Some(Duration::from_secs(10))).expect("wait");
        assert_eq!(out, WaitOutcome::Status(ExitStatus::Signaled(libc::SIGKILL)));
        assert_eq!(wait(4_194_305, None, None).expect("wait"), WaitOutcome::Gone, "above any pid_max");
    }

    proptest! {
        #[test]
        fn status_parsers_never_panic(bytes: Vec<u8>) {
            let _ = parse_cpus_allowed_range(&bytes);
            let _ = parse_stat_cpu_count(&bytes);
        }

        #[test]
        fn ranges_round_trip(lo in 0usize..100_000, len in 0usize..100_000) {
            let text = format!("Cpus_allowed:\tff\nCpus_allowed_list:\t{}-{}\n", lo, lo + len);
            prop_assert_eq!(parse_cpus_allowed_range(text.as_bytes()), Some((lo, lo + len)));
        }

        #[test]
        fn masks_round_trip(mut cpus in proptest::collection::btree_set(0usize..4096, 0..64)) {
            let max = cpus.iter().copied().max().unwrap_or(0);
            let mut mask = vec![0u64; max / 64 + 1];
            for &c in &cpus { mask[c / 64] |= 1 << (c % 64); }
            let back: Vec<usize> = std::mem::take(&mut cpus).into_iter().collect();
            prop_assert_eq!(mask_to_cpus(&mask), back);
        }
    }
}
