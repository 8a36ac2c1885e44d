//! `users()` through the utmpx API (`setutxent`/`getutxent`/`endutxent`), as psutil's
//! `arch/posix/users.c` plus the rows its Python layer drops on macOS and FreeBSD.

use std::sync::Mutex;

use crate::host::User;

/// The utmpx cursor is process-global: one reader at a time inside this library.
static UTMPX: Mutex<()> = Mutex::new(());

/// The raw fields of one `USER_PROCESS` record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawUser<'a> {
    pub(crate) user: &'a [u8],
    pub(crate) line: &'a [u8],
    pub(crate) host: &'a [u8],
    pub(crate) tv_sec: i64,
    pub(crate) pid: i32,
}

/// psutil's rules for one record: a tty of `~` (a reboot/shutdown marker) is dropped, and
/// on macOS (`drop_zero_start`) so is a record that started at 0; the host "", ":0" or
/// ":0.0" is "localhost"; an empty tty is `None`.
pub(crate) fn user_of(raw: &RawUser<'_>, drop_zero_start: bool) -> Option<User> {
    if raw.line == b"~" || (drop_zero_start && raw.tv_sec == 0) {
        return None;
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let host = match raw.host {
        b"" | b":0" | b":0.0" => "localhost".to_string(),
        other => text(other),
    };
    Some(User {
        name: text(raw.user),
        terminal: (!raw.line.is_empty()).then(|| text(raw.line)),
        host,
        started: raw.tv_sec as f64,
        pid: u32::try_from(raw.pid).ok(),
    })
}

fn c_field(field: &[libc::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes: &[u8] = unsafe { std::slice::from_raw_parts(field.as_ptr().cast(), field.len()) };
    bytes.split(|&b| b == 0).next().unwrap_or(bytes)
}

/// Every `USER_PROCESS` record of the system's utmpx database, through [`user_of`].
#[cfg(any(target_os = "macos", target_os = "freebsd", all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn users(drop_zero_start: bool) -> Vec<User> {
    let _guard = UTMPX.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::new();
    // SAFETY: the cursor is used by this thread only (the lock), each record is read
    // before the next call, and endutxent closes the database.
    unsafe {
        libc::setutxent();
        loop {
            let ut = libc::getutxent();
            if ut.is_null() {
                break;
            }
            let ut = &*ut;
            if ut.ut_type != libc::USER_PROCESS {
                continue;
            }
            #[allow(clippy::useless_conversion)] // tv_sec's type differs between the Unixes
            let raw = RawUser {
                user: c_field(&ut.ut_user),
                line: c_field(&ut.ut_line),
                host: c_field(&ut.ut_host),
                tv_sec: ut.ut_tv.tv_sec.into(),
                pid: ut.ut_pid,
            };
            out.extend(user_of(&raw, drop_zero_start));
        }
        libc::endutxent();
    }
    out
}

/// The login name of `uid` (`getpwuid_r`), `None` when it has none.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub(crate) fn user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: zeroed `passwd` is a valid out-parameter; `buf` outlives the call and its
        // length is passed; `result` is checked before `pwd` is read.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut result) };
        if rc == libc::ERANGE && buf.len() < (1 << 20) {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success `pw_name` points to a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(line: &'a [u8], host: &'a [u8], tv_sec: i64) -> RawUser<'a> {
        RawUser { user: b"alice", line, host, tv_sec, pid: 42 }
    }

    #[test]
    fn rules() {
        let u = user_of(&raw(b"ttys000", b"", 1_700_000_000), true).unwrap();
        assert_eq!(u.name, "alice");
        assert_eq!(u.terminal.as_deref(), Some("ttys000"));
        assert_eq!(u.host, "localhost");
        assert_eq!(u.started, 1_700_000_000.0);
        assert_eq!(u.pid, Some(42));
        assert_eq!(user_of(&raw(b"pts/1", b":0.0", 5), false).unwrap().host, "localhost");
        assert_eq!(user_of(&raw(b"pts/1", b":0", 5), false).unwrap().host, "localhost");
        assert_eq!(user_of(&raw(b"pts/1", b"10.0.0.1", 5), false).unwrap().host, "10.0.0.1");
        assert_eq!(user_of(&raw(b"", b"h", 5), false).unwrap().terminal, None);
        assert!(user_of(&raw(b"~", b"", 5), false).is_none());
        assert!(user_of(&raw(b"console", b"", 0), true).is_none(), "macOS drops a zero start");
        assert!(user_of(&raw(b"console", b"", 0), false).is_some());
        let neg = RawUser { pid: -1, ..raw(b"x", b"", 1) };
        assert_eq!(user_of(&neg, false).unwrap().pid, None);
        let bad = RawUser { user: b"\xff", ..raw(b"x", b"", 1) };
        assert_eq!(user_of(&bad, false).unwrap().name, "\u{fffd}");
    }

    /// On the Linux build host: glibc's getutxent gives what the Linux backend reads from
    /// the utmp file (its own test compares with glibc over a private file).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn getutxent_matches_the_utmp_file() {
        let ours: Vec<_> = users(false).into_iter().map(|u| (u.name, u.terminal, u.started)).collect();
        let file: Vec<_> = crate::sys::linux::host::utmp::read_default()
            .into_iter()
            .filter(|u| u.terminal.as_deref() != Some("~"))
            .map(|u| (u.name, u.terminal, u.started))
            .collect();
        assert_eq!(ours, file);
    }
}
