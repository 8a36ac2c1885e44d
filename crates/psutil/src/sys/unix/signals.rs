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

/// The name of `sig` as Python's `signal.Signals` has it (`None` if unnamed).
pub(crate) fn signal_name(sig: i32) -> Option<&'static str> {
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
    NAMES.iter().find(|(n, _)| *n == sig).map(|(_, name)| *name)
}
