//! Signal numbers and names of the BSD family (Python's `signal.Signals` names).

/// `SIGSTOP`.
pub(crate) const SIGSTOP: i32 = libc::SIGSTOP;
/// `SIGCONT`.
pub(crate) const SIGCONT: i32 = libc::SIGCONT;
/// `SIGTERM`.
pub(crate) const SIGTERM: i32 = libc::SIGTERM;
/// `SIGKILL`.
pub(crate) const SIGKILL: i32 = libc::SIGKILL;

/// The largest valid signal number: 31 on macOS, 128 on FreeBSD (`_SIG_MAXSIG`).
pub(crate) fn max_signal() -> i32 {
    if cfg!(target_os = "freebsd") {
        128
    } else {
        31
    }
}

/// The signals Python's `signal.Signals` names on macOS and FreeBSD.
const NAMES: &[(i32, &str)] = &[
    (libc::SIGHUP, "SIGHUP"),
    (libc::SIGINT, "SIGINT"),
    (libc::SIGQUIT, "SIGQUIT"),
    (libc::SIGILL, "SIGILL"),
    (libc::SIGTRAP, "SIGTRAP"),
    (libc::SIGABRT, "SIGABRT"),
    (libc::SIGEMT, "SIGEMT"),
    (libc::SIGFPE, "SIGFPE"),
    (libc::SIGKILL, "SIGKILL"),
    (libc::SIGBUS, "SIGBUS"),
    (libc::SIGSEGV, "SIGSEGV"),
    (libc::SIGSYS, "SIGSYS"),
    (libc::SIGPIPE, "SIGPIPE"),
    (libc::SIGALRM, "SIGALRM"),
    (libc::SIGTERM, "SIGTERM"),
    (libc::SIGURG, "SIGURG"),
    (libc::SIGSTOP, "SIGSTOP"),
    (libc::SIGTSTP, "SIGTSTP"),
    (libc::SIGCONT, "SIGCONT"),
    (libc::SIGCHLD, "SIGCHLD"),
    (libc::SIGTTIN, "SIGTTIN"),
    (libc::SIGTTOU, "SIGTTOU"),
    (libc::SIGIO, "SIGIO"),
    (libc::SIGXCPU, "SIGXCPU"),
    (libc::SIGXFSZ, "SIGXFSZ"),
    (libc::SIGVTALRM, "SIGVTALRM"),
    (libc::SIGPROF, "SIGPROF"),
    (libc::SIGWINCH, "SIGWINCH"),
    (libc::SIGINFO, "SIGINFO"),
    (libc::SIGUSR1, "SIGUSR1"),
    (libc::SIGUSR2, "SIGUSR2"),
];

/// FreeBSD's real-time signals (`SIGRTMIN` 65 .. `SIGRTMAX` 126); macOS has none.
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
    NAMES.iter().find(|(n, _)| *n == sig).map(|(_, name)| *name)
}

/// Every named signal, as (name, number), by number.
pub(crate) fn signal_names() -> Vec<(&'static str, i32)> {
    let mut all: Vec<(&'static str, i32)> = NAMES.iter().map(|&(n, name)| (name, n)).collect();
    if let Some(rt) = realtime_signals() {
        all.push(("SIGRTMIN", *rt.start()));
        all.push(("SIGRTMAX", *rt.end()));
    }
    all.sort_by_key(|&(_, n)| n);
    all
}
