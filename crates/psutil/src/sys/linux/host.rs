//! Linux backend: boot time (`<proc>/stat`, re-read when `boot_clock` says it may have
//! changed), logged-in users (the utmp file, each record made a row by
//! `sys::unix::users`), and glibc's heap statistics (`mallinfo2`/`mallinfo`,
//! `malloc_trim`).

use crate::host::{HeapInfo, User};
use crate::paths::Roots;
use crate::Result;

/// No Linux-only fields in `HeapInfo`: psutil's Linux `pheap` has the portable two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct HeapInfoOs {}

/// `btime` of `<proc>/stat`. For the real `/proc`, the file is read again only when the
/// clocks say it may have changed (see `boot_clock`).
pub(crate) fn boot_time(roots: &Roots) -> Result<f64> {
    let read_file = || super::cpu::read_stat(roots, super::cpu::parse_stat_btime);
    if roots.is_real_proc() {
        super::boot_clock::boot_time(read_file)
    } else {
        read_file()
    }
}

/// The utmp database read as a file of `struct utmpx` records, as glibc's `getutxent`
/// reads it, but in one `read` instead of a locked read per record. This stays Linux's:
/// the file is glibc's layout (the BSDs keep theirs in other formats and read them through
/// utmpx), and only psutil's Linux layer keeps every `USER_PROCESS` row.
#[cfg(target_env = "gnu")]
pub(crate) mod utmp {
    use std::io;
    use std::path::Path;

    use crate::host::User;
    use crate::sys::linux::fs::with_file_raw;
    use crate::sys::unix::users::{user_fields, RawUser};

    /// glibc's default utmp file.
    pub(crate) const DEFAULT: &str = "/var/run/utmp";
    /// The name glibc reads instead of [`DEFAULT`] when it exists.
    const PREFERRED: &str = "/var/run/utmpx";

    /// The `USER_PROCESS` entries among the whole records of `bytes`, in file order. A
    /// trailing partial record is ignored (glibc's reader stops there too).
    pub(crate) fn parse(bytes: &[u8]) -> Vec<User> {
        let size = std::mem::size_of::<libc::utmpx>();
        let mut out = Vec::new();
        for record in bytes.chunks_exact(size) {
            // SAFETY: `record` holds size_of::<utmpx>() bytes, and utmpx is plain old data
            // (integers and char arrays) for which every bit pattern is valid.
            let ut: libc::utmpx = unsafe { std::ptr::read_unaligned(record.as_ptr().cast()) };
            out.extend(user_of(&ut));
        }
        out
    }

    /// The row of a `USER_PROCESS` record (psutil's fields and host rule, no row dropped),
    /// else `None`.
    pub(crate) fn user_of(ut: &libc::utmpx) -> Option<User> {
        RawUser::of(ut).map(|raw| user_fields(&raw))
    }

    /// The entries of the utmp file at `path`.
    pub(crate) fn read_file(path: &Path) -> io::Result<Vec<User>> {
        with_file_raw(path, parse)
    }

    /// The entries of the system's utmp file: `/var/run/utmpx` when it exists, else
    /// `/var/run/utmp` (glibc's choice); none when that cannot be read, as getutxent.
    pub(crate) fn read_default() -> Vec<User> {
        match read_file(Path::new(PREFERRED)) {
            Ok(users) => users,
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => {
                read_file(Path::new(DEFAULT)).unwrap_or_default()
            }
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(target_env = "gnu")]
pub(crate) fn users() -> Result<Vec<User>> {
    Ok(utmp::read_default())
}

#[cfg(not(target_env = "gnu"))]
pub(crate) fn users() -> Result<Vec<User>> {
    Err(crate::Error::not_supported("users", "this libc (utmpx needs glibc)"))
}

#[cfg(target_env = "gnu")]
type Mallinfo2Fn = unsafe extern "C" fn() -> libc::mallinfo2;

/// glibc's `mallinfo2` (glibc ≥ 2.33), looked up once in `libc.so.6` as psutil does.
/// The handle stays open: libc is loaded for the life of the process anyway.
#[cfg(target_env = "gnu")]
fn mallinfo2_fn() -> Option<Mallinfo2Fn> {
    static FN: std::sync::OnceLock<Option<Mallinfo2Fn>> = std::sync::OnceLock::new();
    *FN.get_or_init(|| {
        // SAFETY: dlopen/dlsym with valid C strings; the symbol, when found, is glibc's
        // `struct mallinfo2 mallinfo2(void)`, whose layout libc::mallinfo2 copies.
        unsafe {
            let handle = libc::dlopen(c"libc.so.6".as_ptr(), libc::RTLD_LAZY);
            if handle.is_null() {
                return None;
            }
            let sym = libc::dlsym(handle, c"mallinfo2".as_ptr());
            (!sym.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, Mallinfo2Fn>(sym))
        }
    })
}

#[cfg(target_env = "gnu")]
pub(crate) fn heap_info() -> Result<HeapInfo> {
    match mallinfo2_fn() {
        Some(f) => {
            // SAFETY: `f` is glibc's mallinfo2, which takes no arguments.
            let m = unsafe { f() };
            Ok(HeapInfo { heap_used: m.uordblks as u64, mmap_used: m.hblkhd as u64, os: HeapInfoOs {} })
        }
        None => {
            // glibc < 2.33: the deprecated mallinfo(), whose int fields wrap past 2 GiB;
            // read as unsigned they are right modulo 4 GiB.
            // SAFETY: mallinfo has no preconditions.
            #[allow(deprecated)]
            let m = unsafe { libc::mallinfo() };
            Ok(HeapInfo {
                heap_used: u64::from(m.uordblks as u32),
                mmap_used: u64::from(m.hblkhd as u32),
                os: HeapInfoOs {},
            })
        }
    }
}

#[cfg(target_env = "gnu")]
pub(crate) fn heap_trim() -> Result<()> {
    // SAFETY: malloc_trim has no preconditions. Its result (memory released or not) is
    // discarded, as psutil does.
    unsafe { libc::malloc_trim(0) };
    Ok(())
}

#[cfg(not(target_env = "gnu"))]
pub(crate) fn heap_info() -> Result<HeapInfo> {
    Err(crate::Error::not_supported("heap_info", "this libc (needs glibc)"))
}

#[cfg(not(target_env = "gnu"))]
pub(crate) fn heap_trim() -> Result<()> {
    Err(crate::Error::not_supported("heap_trim", "this libc (needs glibc)"))
}

// Every test here reads glibc's utmp layout.
#[cfg(all(test, target_env = "gnu"))]
mod tests {
    use super::*;
    // The utmpx lock of `sys::unix::users`: its getutxent test must not read while a test
    // here has pointed glibc at a private file.
    use crate::sys::unix::users::UTMPX;

    /// glibc's own reader (getutxent) over `file`: the oracle for [`utmp::read_file`].
    fn libc_users(file: &std::ffi::CStr) -> Vec<User> {
        let mut out = Vec::new();
        // SAFETY: the utmpx iteration is serialised by UTMPX (held by the callers, shared
        // with sys::unix::users); each entry is copied out before the next call; the
        // default name is restored.
        unsafe {
            libc::utmpxname(file.as_ptr());
            libc::setutxent();
            while let Some(ut) = libc::getutxent().as_ref() {
                out.extend(utmp::user_of(ut));
            }
            libc::endutxent();
            libc::utmpxname(c"/var/run/utmp".as_ptr());
        }
        out
    }

    type Row<'a> = (&'a str, Option<&'a str>, &'a str, f64, Option<u32>);

    fn fields(users: &[User]) -> Vec<Row<'_>> {
        users
            .iter()
            .map(|u| (u.name.as_str(), u.terminal.as_deref(), u.host.as_str(), u.started, u.pid))
            .collect()
    }

    #[test]
    fn reads_entries_written_to_a_private_utmp_file() {
        use std::ffi::CString;
        fn put(dst: &mut [libc::c_char], s: &str) {
            for (d, b) in dst.iter_mut().zip(s.bytes()) {
                *d = b as libc::c_char;
            }
        }
        let _guard = UTMPX.lock().unwrap_or_else(|e| e.into_inner());
        let dir = std::env::temp_dir().join(format!("psutil-rs-utmp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("utmp");
        std::fs::write(&file, b"").unwrap();
        let cfile = CString::new(file.to_str().unwrap()).unwrap();
        let entries = [
            (libc::USER_PROCESS, "alice", "pts/7", "", 111, 1_700_000_000),
            (libc::USER_PROCESS, "bob", "", ":0", 222, 1_700_000_100),
            (libc::USER_PROCESS, "carol", "tty2", "example.org", 333, 1_700_000_200),
            (libc::LOGIN_PROCESS, "LOGIN", "tty3", "", 444, 1_700_000_300),
        ];
        // SAFETY: serialised by UTMPX; writes only to our private file, then restores the
        // default file name.
        unsafe {
            libc::utmpxname(cfile.as_ptr());
            libc::setutxent();
            for (i, (ty, user, line, host, pid, secs)) in entries.iter().enumerate() {
                let mut ut: libc::utmpx = std::mem::zeroed();
                ut.ut_type = *ty;
                ut.ut_pid = *pid;
                put(&mut ut.ut_user, user);
                put(&mut ut.ut_line, line);
                put(&mut ut.ut_host, host);
                put(&mut ut.ut_id, &format!("t{i}"));
                ut.ut_tv.tv_sec = *secs;
                assert!(!libc::pututxline(&ut).is_null(), "pututxline failed");
            }
            libc::endutxent();
            libc::utmpxname(c"/var/run/utmp".as_ptr());
        }
        let ours = utmp::read_file(&file).unwrap();
        let glibc = libc_users(&cfile);
        // a trailing partial record is ignored, as glibc ignores it
        let mut bytes = std::fs::read(&file).unwrap();
        let head = bytes[..100].to_vec();
        bytes.extend_from_slice(&head);
        std::fs::write(&file, &bytes).unwrap();
        let truncated = utmp::read_file(&file).unwrap();
        let glibc_truncated = libc_users(&cfile);
        std::fs::remove_dir_all(&dir).unwrap();
        let expected = vec![
            ("alice", Some("pts/7"), "localhost", 1_700_000_000.0, Some(111)),
            ("bob", None, "localhost", 1_700_000_100.0, Some(222)),
            ("carol", Some("tty2"), "example.org", 1_700_000_200.0, Some(333)),
        ];
        assert_eq!(fields(&ours), expected);
        assert_eq!(fields(&glibc), expected);
        assert_eq!(fields(&truncated), expected);
        assert_eq!(fields(&glibc_truncated), expected);
        assert!(
            matches!(utmp::read_file(&dir.join("missing")), Err(e) if e.raw_os_error() == Some(libc::ENOENT))
        );
    }

    /// The system's utmp read directly equals glibc's getutxent over the same file.
    #[test]
    fn default_utmp_matches_getutxent() {
        let _guard = UTMPX.lock().unwrap_or_else(|e| e.into_inner());
        let name = if std::path::Path::new("/var/run/utmpx").exists() {
            c"/var/run/utmpx"
        } else {
            c"/var/run/utmp"
        };
        assert_eq!(fields(&utmp::read_default()), fields(&libc_users(name)));
    }

    proptest::proptest! {
        #[test]
        fn utmp_parser_never_panics(bytes: Vec<u8>) {
            let users = utmp::parse(&bytes);
            proptest::prop_assert!(users.len() <= bytes.len() / std::mem::size_of::<libc::utmpx>());
        }
    }
}
