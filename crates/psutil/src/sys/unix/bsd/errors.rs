//! psutil's error translation for the BSD-family backends (`_psosx.py`/`_psbsd.py`
//! `wrap_exceptions`, `raise_for_pid` in `arch/posix/proc.c`), as pure functions: the
//! facts (errno, whether the pid still exists, whether it is a zombie) go in, the class of
//! psutil exception comes out. The thin FFI layer gathers the facts only when needed.

/// The exception psutil raises for a failed per-process call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// `NoSuchProcess`.
    NoSuchProcess,
    /// `ZombieProcess`.
    Zombie,
    /// `AccessDenied`.
    AccessDenied,
    /// `OSError(errno)`, raised as is.
    Os(i32),
    /// `RuntimeError("<call> syscall failed")`: the call failed without an errno.
    Runtime(&'static str),
}

/// psutil's mapping of an errno raised by a process call: `ESRCH` becomes ZombieProcess
/// when a fresh `kinfo_proc` says zombie, else NoSuchProcess; `EPERM`/`EACCES` become
/// AccessDenied; anything else stays an `OSError`. `zombie` is asked only for `ESRCH`.
pub(crate) fn classify_errno(errno: i32, zombie: impl FnOnce() -> bool) -> Failure {
    match errno {
        libc::ESRCH => {
            if zombie() {
                Failure::Zombie
            } else {
                Failure::NoSuchProcess
            }
        }
        libc::EPERM | libc::EACCES => Failure::AccessDenied,
        other => Failure::Os(other),
    }
}

/// FreeBSD's extra rule: an `OSError` other than the three classes above, on pid 0 while
/// 0 is among `pids()`, is AccessDenied.
pub(crate) fn freebsd_pid0(failure: Failure, pid: i32, pid0_listed: impl FnOnce() -> bool) -> Failure {
    match failure {
        Failure::Os(_) | Failure::Runtime(_) if pid == 0 => {
            if pid0_listed() {
                Failure::AccessDenied
            } else {
                failure
            }
        }
        other => other,
    }
}

/// `raise_for_pid`: a call that reported failure without a reliable errno. A set errno
/// goes through [`classify_errno`]; else a gone pid is NoSuchProcess, a zombie is
/// ZombieProcess, and anything else a RuntimeError naming the call.
pub(crate) fn raise_for_pid(
    errno: i32,
    call: &'static str,
    alive: impl FnOnce() -> bool,
    zombie: impl Fn() -> bool,
) -> Failure {
    if errno != 0 {
        return classify_errno(errno, zombie);
    }
    if !alive() {
        Failure::NoSuchProcess
    } else if zombie() {
        Failure::Zombie
    } else {
        Failure::Runtime(call)
    }
}

/// The C-level `pid_exists` (`kill(pid, 0)`): `kill_errno` is 0 when the signal could be
/// sent. `EPERM` means it exists. Pid 0 answers `pid0` (yes on macOS, no on FreeBSD).
pub(crate) fn pid_exists_from_kill(pid: i32, kill_errno: i32, pid0: bool) -> bool {
    if pid == 0 {
        return pid0;
    }
    pid > 0 && (kill_errno == 0 || kill_errno == libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_table() {
        let rows: &[(i32, bool, Failure)] = &[
            (libc::ESRCH, false, Failure::NoSuchProcess),
            (libc::ESRCH, true, Failure::Zombie),
            (libc::EPERM, false, Failure::AccessDenied),
            (libc::EPERM, true, Failure::AccessDenied),
            (libc::EACCES, false, Failure::AccessDenied),
            (libc::EINVAL, true, Failure::Os(libc::EINVAL)),
            (libc::ENOMEM, false, Failure::Os(libc::ENOMEM)),
            (0, false, Failure::Os(0)),
        ];
        for (errno, zombie, want) in rows {
            assert_eq!(&classify_errno(*errno, || *zombie), want, "errno {errno} zombie {zombie}");
        }
    }

    #[test]
    fn zombie_is_asked_only_for_esrch() {
        let asked = std::cell::Cell::new(false);
        let _ = classify_errno(libc::EPERM, || {
            asked.set(true);
            true
        });
        assert!(!asked.get());
    }

    #[test]
    fn raise_for_pid_table() {
        // (errno, alive, zombie) -> failure
        let rows: &[(i32, bool, bool, Failure)] = &[
            (0, false, false, Failure::NoSuchProcess),
            (0, false, true, Failure::NoSuchProcess),
            (0, true, true, Failure::Zombie),
            (0, true, false, Failure::Runtime("proc_pidinfo")),
            (libc::ESRCH, true, true, Failure::Zombie),
            (libc::ESRCH, true, false, Failure::NoSuchProcess),
            (libc::EACCES, true, false, Failure::AccessDenied),
            (libc::EIO, true, false, Failure::Os(libc::EIO)),
        ];
        for (errno, alive, zombie, want) in rows {
            assert_eq!(
                &raise_for_pid(*errno, "proc_pidinfo", || *alive, || *zombie),
                want,
                "errno {errno} alive {alive} zombie {zombie}"
            );
        }
    }

    #[test]
    fn freebsd_pid0_table() {
        assert_eq!(freebsd_pid0(Failure::Os(libc::EINVAL), 0, || true), Failure::AccessDenied);
        assert_eq!(freebsd_pid0(Failure::Runtime("x"), 0, || true), Failure::AccessDenied);
        assert_eq!(freebsd_pid0(Failure::Os(libc::EINVAL), 0, || false), Failure::Os(libc::EINVAL));
        assert_eq!(freebsd_pid0(Failure::Os(libc::EINVAL), 1, || true), Failure::Os(libc::EINVAL));
        assert_eq!(freebsd_pid0(Failure::NoSuchProcess, 0, || true), Failure::NoSuchProcess);
    }

    #[test]
    fn pid_exists_table() {
        assert!(pid_exists_from_kill(1, 0, false));
        assert!(pid_exists_from_kill(1, libc::EPERM, false));
        assert!(!pid_exists_from_kill(1, libc::ESRCH, false));
        assert!(!pid_exists_from_kill(-3, 0, true));
        assert!(pid_exists_from_kill(0, libc::ESRCH, true), "macOS: pid 0 exists");
        assert!(!pid_exists_from_kill(0, 0, false), "FreeBSD C level: pid 0 does not");
    }
}

/// The crate's error for a classified failure of a call on `pid`.
pub(crate) fn to_error(failure: Failure, pid: crate::Pid) -> crate::Error {
    match failure {
        Failure::NoSuchProcess => crate::Error::no_such_process(pid, None),
        Failure::Zombie => crate::Error::zombie_process(pid, None, None),
        Failure::AccessDenied => crate::Error::access_denied(Some(pid), None),
        Failure::Os(errno) => std::io::Error::from_raw_os_error(errno).into(),
        Failure::Runtime(call) => std::io::Error::other(format!("{call} syscall failed")).into(),
    }
}

#[cfg(test)]
mod to_error_tests {
    use super::*;

    #[test]
    fn classes_become_psutils_exceptions() {
        assert!(to_error(Failure::NoSuchProcess, 5).is_no_such_process());
        assert!(to_error(Failure::Zombie, 5).is_zombie());
        assert!(to_error(Failure::AccessDenied, 5).is_access_denied());
        assert_eq!(to_error(Failure::Os(libc::EIO), 5).raw_os_error(), Some(libc::EIO));
        let rt = to_error(Failure::Runtime("proc_pidinfo"), 5);
        assert!(rt.to_string().contains("proc_pidinfo syscall failed"), "{rt}");
    }
}
