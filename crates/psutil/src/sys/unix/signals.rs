//! Signal numbers and names (Python's `signal.Signals` names) of Linux, macOS and FreeBSD:
//! the signals every one of them has, each OS's own few, and its real-time range.

/// `SIGSTOP`.
pub(crate) const SIGSTOP: i32 = libc::SIGSTOP;
/// `SIGCONT`.
pub(crate) const SIGCONT: i32 = libc::SIGCONT;
/// `SIGTERM`.
pub(crate) const SIGTERM: i32 = libc::SIGTERM;
/// `SIGKILL`.
pub(crate) const SIGKILL: i32 = libc::SIGKILL;

/// The signals with a fixed number that Python names on all three OSes (`signal(7)`,
/// `sigaction(2)` of macOS and FreeBSD).
const COMMON: &[(i32, &str)] = &[
    (libc::SIGHUP, "SIGHUP"),
    (libc::SIGINT, "SIGINT"),
    (libc::SIGQUIT, "SIGQUIT"),
    (libc::SIGILL, "SIGILL"),
    (libc::SIGTRAP, "SIGTRAP"),
    (libc::SIGABRT, "SIGABRT"),
    (libc::SIGBUS, "SIGBUS"),
    (libc::SIGFPE, "SIGFPE"),
    (libc::SIGKILL, "SIGKILL"),
    (libc::SIGUSR1, "SIGUSR1"),
    (libc::SIGSEGV, "SIGSEGV"),
    (libc::SIGUSR2, "SIGUSR2"),
    (libc::SIGPIPE, "SIGPIPE"),
    (libc::SIGALRM, "SIGALRM"),
    (libc::SIGTERM, "SIGTERM"),
    (libc::SIGCHLD, "SIGCHLD"),
    (libc::SIGCONT, "SIGCONT"),
    (libc::SIGSTOP, "SIGSTOP"),
    (libc::SIGTSTP, "SIGTSTP"),
    (libc::SIGTTIN, "SIGTTIN"),
    (libc::SIGTTOU, "SIGTTOU"),
    (libc::SIGURG, "SIGURG"),
    (libc::SIGXCPU, "SIGXCPU"),
    (libc::SIGXFSZ, "SIGXFSZ"),
    (libc::SIGVTALRM, "SIGVTALRM"),
    (libc::SIGPROF, "SIGPROF"),
    (libc::SIGWINCH, "SIGWINCH"),
    (libc::SIGIO, "SIGIO"),
    (libc::SIGSYS, "SIGSYS"),
];

/// Linux's own: the coprocessor stack fault and power failure signals.
#[cfg(target_os = "linux")]
const OWN: &[(i32, &str)] = &[(libc::SIGSTKFLT, "SIGSTKFLT"), (libc::SIGPWR, "SIGPWR")];
/// The BSD family's own: the emulator trap and the status request (Ctrl-T).
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
const OWN: &[(i32, &str)] = &[(libc::SIGEMT, "SIGEMT"), (libc::SIGINFO, "SIGINFO")];

/// The largest signal number the kernel accepts: `SIGRTMAX` as the C library reserves it.
#[cfg(target_os = "linux")]
pub(crate) fn max_signal() -> i32 {
    libc::SIGRTMAX()
}

/// The largest valid signal number: 31 on macOS, 128 on FreeBSD (`_SIG_MAXSIG`).
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) fn max_signal() -> i32 {
    if cfg!(target_os = "freebsd") {
        128
    } else {
        31
    }
}

/// The real-time signals `SIGRTMIN..=SIGRTMAX` as the C library reserves them.
#[cfg(target_os = "linux")]
pub(crate) fn realtime_signals() -> Option<std::ops::RangeInclusive<i32>> {
    Some(libc::SIGRTMIN()..=libc::SIGRTMAX())
}

/// FreeBSD's real-time signals (`SIGRTMIN` 65 .. `SIGRTMAX` 126); macOS has none.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) fn realtime_signals() -> Option<std::ops::RangeInclusive<i32>> {
    cfg!(target_os = "freebsd").then_some(65..=126)
}

/// The name of `sig` as Python's `signal.Signals` has it (`None` if unnamed).
pub(crate) fn signal_name(sig: i32) -> Option<&'static str> {
    match realtime_signals() {
        Some(rt) if sig == *rt.start() => return Some("SIGRTMIN"),
        Some(rt) if sig == *rt.end() => return Some("SIGRTMAX"),
        _ => {}
    }
    COMMON.iter().chain(OWN).find(|(n, _)| *n == sig).map(|(_, name)| *name)
}

/// Every named signal, as (name, number), by number.
pub(crate) fn signal_names() -> Vec<(&'static str, i32)> {
    let mut all: Vec<(&'static str, i32)> = COMMON.iter().chain(OWN).map(|&(n, name)| (name, n)).collect();
    if let Some(rt) = realtime_signals() {
        all.push(("SIGRTMIN", *rt.start()));
        all.push(("SIGRTMAX", *rt.end()));
    }
    all.sort_by_key(|&(_, n)| n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_has_one_name() {
        let all = signal_names();
        let mut numbers: Vec<i32> = all.iter().map(|&(_, n)| n).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), all.len(), "{all:?}");
        for &(name, n) in &all {
            assert_eq!(signal_name(n), Some(name));
        }
        assert_eq!(signal_name(SIGTERM), Some("SIGTERM"));
        assert_eq!(signal_name(0), None);
        assert!(all.iter().all(|&(_, n)| n <= max_signal()));
    }

    /// On the Linux build host: the C library's real-time range (glibc keeps 32 and 33
    /// for itself, musl also 34) and the two Linux-only names.
    #[cfg(target_os = "linux")]
    #[test]
    fn linux_realtime_range_and_own_names() {
        let rt = realtime_signals().unwrap();
        assert!(matches!(*rt.start(), 34 | 35) && *rt.end() == 64, "{rt:?}");
        assert_eq!(signal_name(64), Some("SIGRTMAX"));
        assert_eq!(signal_name(40), None);
        assert_eq!(signal_name(libc::SIGPWR), Some("SIGPWR"));
        assert_eq!(max_signal(), 64);
    }
}
