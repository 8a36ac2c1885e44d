//! Linux backend: boot time (`<proc>/stat`), logged-in users (utmpx), and glibc's heap
//! statistics (`mallinfo2`/`mallinfo`, `malloc_trim`).

use crate::host::{HeapInfo, User};
use crate::paths::Roots;
use crate::Result;

pub(crate) fn boot_time(roots: &Roots) -> Result<f64> {
    super::cpu::read_stat(roots, super::cpu::parse_stat_btime)
}

/// psutil's host rule: an empty host, `:0` or `:0.0` is the local display, `"localhost"`.
pub(crate) fn host_name(raw: &[u8]) -> String {
    match raw {
        b"" | b":0" | b":0.0" => "localhost".to_owned(),
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

/// The bytes of a fixed-size C char array up to its first NUL (or its end).
#[cfg(target_env = "gnu")]
fn c_field(field: &[libc::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes = unsafe { std::slice::from_raw_parts(field.as_ptr().cast::<u8>(), field.len()) };
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

#[cfg(target_env = "gnu")]
mod utmp {
    use std::ffi::CStr;
    use std::sync::{Mutex, MutexGuard};

    use super::{c_field, host_name};
    use crate::host::User;

    /// getutxent's iteration state is process-global: one reader at a time.
    static LOCK: Mutex<()> = Mutex::new(());

    pub(super) fn lock() -> MutexGuard<'static, ()> {
        LOCK.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// glibc's default utmp file, restored after reading another one.
    pub(super) const DEFAULT: &CStr = c"/var/run/utmp";

    /// Reads the USER_PROCESS entries of the utmp file (the default one, or `file`).
    /// The caller holds [`lock`].
    pub(super) fn read_locked(file: Option<&CStr>) -> Vec<User> {
        let mut out = Vec::new();
        // SAFETY: the utmpx calls are serialised by LOCK (held by the caller); the entry
        // getutxent returns stays valid until the next call, and is copied out before it.
        unsafe {
            if let Some(f) = file {
                libc::utmpxname(f.as_ptr());
            }
            libc::setutxent();
            loop {
                let ut = libc::getutxent();
                let Some(ut) = ut.as_ref() else { break };
                if ut.ut_type != libc::USER_PROCESS {
                    continue;
                }
                let line = c_field(&ut.ut_line);
                out.push(User {
                    name: String::from_utf8_lossy(c_field(&ut.ut_user)).into_owned(),
                    terminal: (!line.is_empty()).then(|| String::from_utf8_lossy(line).into_owned()),
                    host: host_name(c_field(&ut.ut_host)),
                    started: ut.ut_tv.tv_sec as f64,
                    pid: u32::try_from(ut.ut_pid).ok(),
                });
            }
            libc::endutxent();
            if file.is_some() {
                libc::utmpxname(DEFAULT.as_ptr());
            }
        }
        out
    }
}

#[cfg(target_env = "gnu")]
pub(crate) fn users() -> Result<Vec<User>> {
    let _guard = utmp::lock();
    Ok(utmp::read_locked(None))
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
            Ok(HeapInfo { heap_used: m.uordblks as u64, mmap_used: m.hblkhd as u64 })
        }
        None => {
            // glibc < 2.33: the deprecated mallinfo(), whose int fields wrap past 2 GiB;
            // read as unsigned they are right modulo 4 GiB.
            // SAFETY: mallinfo has no preconditions.
            #[allow(deprecated)]
            let m = unsafe { libc::mallinfo() };
            Ok(HeapInfo { heap_used: u64::from(m.uordblks as u32), mmap_used: u64::from(m.hblkhd as u32) })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_rules() {
        assert_eq!(host_name(b""), "localhost");
        assert_eq!(host_name(b":0"), "localhost");
        assert_eq!(host_name(b":0.0"), "localhost");
        assert_eq!(host_name(b":1"), ":1");
        assert_eq!(host_name(b"10.0.0.1"), "10.0.0.1");
    }

    #[cfg(target_env = "gnu")]
    #[test]
    fn reads_entries_written_to_a_private_utmp_file() {
        use std::ffi::CString;
        fn put(dst: &mut [libc::c_char], s: &str) {
            for (d, b) in dst.iter_mut().zip(s.bytes()) {
                *d = b as libc::c_char;
            }
        }
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
        let users = {
            let _guard = utmp::lock();
            // SAFETY: serialised by the lock; writes only to our private file, then restores
            // the default file name.
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
                libc::utmpxname(utmp::DEFAULT.as_ptr());
            }
            utmp::read_locked(Some(&cfile))
        };
        std::fs::remove_dir_all(&dir).unwrap();
        let got: Vec<_> = users
            .iter()
            .map(|u| (u.name.as_str(), u.terminal.as_deref(), u.host.as_str(), u.started, u.pid))
            .collect();
        assert_eq!(
            got,
            vec![
                ("alice", Some("pts/7"), "localhost", 1_700_000_000.0, Some(111)),
                ("bob", None, "localhost", 1_700_000_100.0, Some(222)),
                ("carol", Some("tty2"), "example.org", 1_700_000_200.0, Some(333)),
            ]
        );
    }
}
