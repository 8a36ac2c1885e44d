//! Logged-in users and user names, the POSIX way: psutil's fields of a utmpx
//! `USER_PROCESS` record (`arch/posix/users.c`), the rows its Python layer then drops on
//! macOS and FreeBSD, the utmpx cursor (`setutxent`/`getutxent`/`endutxent`) those two
//! read, and `getpwuid_r(3)` for every Unix. Linux reads its utmp file itself
//! (`sys::linux::host::utmp`, one `read` instead of glibc's locked read per record) and
//! turns each record into a row here.

use crate::host::User;

/// The utmpx cursor (and on Linux the database name, `utmpxname`) is process-global: one
/// user at a time inside this library, tests included.
#[cfg(any(target_os = "macos", target_os = "freebsd", all(test, target_os = "linux", target_env = "gnu")))]
pub(crate) static UTMPX: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The raw fields of one `USER_PROCESS` record.
#[cfg_attr(all(target_os = "linux", not(target_env = "gnu"), not(test)), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawUser<'a> {
    pub(crate) user: &'a [u8],
    pub(crate) line: &'a [u8],
    pub(crate) host: &'a [u8],
    pub(crate) tv_sec: i64,
    pub(crate) pid: i32,
}

#[cfg(any(target_os = "macos", target_os = "freebsd", all(target_os = "linux", target_env = "gnu")))]
impl<'a> RawUser<'a> {
    /// The fields of a `USER_PROCESS` record; `None` for a record of any other type.
    pub(crate) fn of(ut: &'a libc::utmpx) -> Option<Self> {
        if ut.ut_type != libc::USER_PROCESS {
            return None;
        }
        #[allow(clippy::useless_conversion)] // tv_sec's type differs between the Unixes
        Some(RawUser {
            user: c_field(&ut.ut_user),
            line: c_field(&ut.ut_line),
            host: c_field(&ut.ut_host),
            tv_sec: ut.ut_tv.tv_sec.into(),
            pid: ut.ut_pid,
        })
    }
}

/// psutil's row of a record: the host "", ":0" or ":0.0" is "localhost" (the local
/// display); an empty tty is `None`; a negative pid is `None`; text is decoded lossily.
#[cfg_attr(all(target_os = "linux", not(target_env = "gnu"), not(test)), allow(dead_code))]
pub(crate) fn user_fields(raw: &RawUser<'_>) -> User {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let host = match raw.host {
        b"" | b":0" | b":0.0" => "localhost".to_string(),
        other => text(other),
    };
    User {
        name: text(raw.user),
        terminal: (!raw.line.is_empty()).then(|| text(raw.line)),
        host,
        started: raw.tv_sec as f64,
        pid: u32::try_from(raw.pid).ok(),
    }
}

/// psutil's macOS and FreeBSD rows: a tty of `~` (a reboot/shutdown marker) is dropped,
/// and on macOS (`drop_zero_start`) so is a record that started at 0; the rest as
/// [`user_fields`]. (psutil's Linux layer drops nothing.)
#[cfg(any(target_os = "macos", target_os = "freebsd", test))]
pub(crate) fn user_of(raw: &RawUser<'_>, drop_zero_start: bool) -> Option<User> {
    if raw.line == b"~" || (drop_zero_start && raw.tv_sec == 0) {
        return None;
    }
    Some(user_fields(raw))
}

/// The bytes of a fixed-size C char array up to its first NUL (or its end).
#[cfg(any(target_os = "macos", target_os = "freebsd", all(target_os = "linux", target_env = "gnu")))]
fn c_field(field: &[libc::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes: &[u8] = unsafe { std::slice::from_raw_parts(field.as_ptr().cast(), field.len()) };
    bytes.split(|&b| b == 0).next().unwrap_or(bytes)
}

/// Every `USER_PROCESS` record of the system's utmpx database, through [`user_of`].
#[cfg(any(target_os = "macos", target_os = "freebsd", all(test, target_os = "linux", target_env = "gnu")))]
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
            if let Some(raw) = RawUser::of(&*ut) {
                out.extend(user_of(&raw, drop_zero_start));
            }
        }
        libc::endutxent();
    }
    out
}

/// The login name of `uid` (`getpwuid_r(3)`, its buffer grown on ERANGE up to 1 MiB),
/// `None` when it has none.
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
        assert_eq!(user_of(&raw(b"pts/1", b":1", 5), false).unwrap().host, ":1", "another display");
        assert_eq!(user_of(&raw(b"", b"h", 5), false).unwrap().terminal, None);
        assert!(user_of(&raw(b"~", b"", 5), false).is_none());
        assert!(user_of(&raw(b"console", b"", 0), true).is_none(), "macOS drops a zero start");
        assert!(user_of(&raw(b"console", b"", 0), false).is_some());
        let neg = RawUser { pid: -1, ..raw(b"x", b"", 1) };
        assert_eq!(user_of(&neg, false).unwrap().pid, None);
        let bad = RawUser { user: b"\xff", ..raw(b"x", b"", 1) };
        assert_eq!(user_of(&bad, false).unwrap().name, "\u{fffd}");
        // Linux keeps every row: user_fields drops nothing.
        assert_eq!(user_fields(&raw(b"~", b"", 0)).terminal.as_deref(), Some("~"));
    }

    /// The passwd database read another way: `/etc/passwd`'s own line for uid 0 (root is
    /// a local account everywhere), and no name for a uid no account has.
    #[test]
    fn user_names_from_getpwuid_r() {
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
        let root = passwd.lines().find(|l| l.split(':').nth(2) == Some("0")).unwrap();
        assert_eq!(user_name(0).as_deref(), root.split(':').next());
        assert_eq!(user_name(u32::MAX - 7), None);
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
