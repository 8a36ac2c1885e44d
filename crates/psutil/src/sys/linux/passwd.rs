//! User names by uid without re-reading the passwd database on every call, where glibc's
//! answer is known to come from `/etc/passwd` alone.
//!
//! psutil's `username()` calls `getpwuid(3)` every time. With glibc, when the `passwd`
//! entry of `/etc/nsswitch.conf` names `files` first (no action after it) and no nscd
//! socket exists, `getpwuid` answers a uid that `/etc/passwd` lists from that file: the
//! first line with that uid whose name does not start with `+` or `-`, parsed by the
//! parser `fgetpwent_r(3)` shares with the `files` module. That answer depends only on
//! the two files' contents, so it is kept while both files keep the identity they had
//! (device, inode, size, modification and change times): one `statx(2)` per file and one
//! of the nscd socket per lookup, instead of glibc's `stat` of `nsswitch.conf`, then open,
//! `fstat`, `lseek`, read, close and parse of `/etc/passwd`.
//!
//! Exactness: a file whose change time is less than [`SETTLED`] before the lookup is read
//! and not kept (two writes within one timestamp tick could leave the same identity);
//! this assumes the files' timestamps come from a clock that is not stepped back by more
//! than that. A uid `/etc/passwd` does not list, any other `passwd` configuration (or a
//! `nsswitch.conf` glibc would refuse), a missing file or an nscd socket: `getpwuid_r`
//! answers, as before. Not covered: a process that changed its root directory after its
//! first passwd lookup keeps glibc's earlier `nsswitch.conf` while this reads the new
//! root's.
//!
//! glibc only: musl reads `/etc/passwd` without `nsswitch.conf`; other C libraries go
//! straight to `getpwuid_r`.

use std::collections::HashMap;
use std::ffi::CStr;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long before a lookup a file's last change must be for its contents to be kept.
const SETTLED: Duration = Duration::from_secs(1);

/// The files the `files` module's answer depends on, and the nscd socket glibc tries
/// first (the same paths glibc uses).
struct Paths {
    nsswitch: &'static CStr,
    passwd: &'static CStr,
    nscd_socket: &'static CStr,
}

const SYSTEM: Paths =
    Paths { nsswitch: c"/etc/nsswitch.conf", passwd: c"/etc/passwd", nscd_socket: c"/var/run/nscd/socket" };

/// What identifies one version of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileKey {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

fn path_of(path: &CStr) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(path.to_bytes()))
}

fn key_of(path: &CStr) -> Option<FileKey> {
    let m = std::fs::metadata(path_of(path)).ok()?;
    Some(FileKey {
        dev: m.dev(),
        ino: m.ino(),
        size: m.size(),
        mtime: (m.mtime(), m.mtime_nsec()),
        ctime: (m.ctime(), m.ctime_nsec()),
    })
}

/// True when nothing exists at `path` (an error other than "not found" is not absence).
fn absent(path: &CStr) -> bool {
    matches!(std::fs::metadata(path_of(path)), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// True when `key`'s file last changed at least `settled` before `now`.
fn settled(key: &FileKey, now: SystemTime, settled: Duration) -> bool {
    let (secs, nanos) = key.ctime;
    let Ok(secs) = u64::try_from(secs) else { return false };
    let Ok(nanos) = u32::try_from(nanos) else { return false };
    let changed = UNIX_EPOCH + Duration::new(secs, nanos);
    now.duration_since(changed).is_ok_and(|age| age >= settled)
}

/// What one version of both files says: the names the `files` module gives, when the
/// `passwd` configuration makes it answer first.
struct Known {
    nsswitch: FileKey,
    passwd: FileKey,
    /// `None`: the configuration does not let `/etc/passwd` answer first.
    names: Option<HashMap<u32, String>>,
}

static KNOWN: Mutex<Option<Known>> = Mutex::new(None);

/// The user name of `uid` as `getpwuid_r(3)` gives it (`None`: no entry).
pub(crate) fn user_name(uid: u32) -> Option<String> {
    match lookup(&SYSTEM, uid, &KNOWN, SETTLED) {
        Some(known) => Some(known),
        None => crate::sys::unix::users::user_name(uid),
    }
}

/// The name of `uid` from `/etc/passwd` when glibc would answer from it; `None` when
/// `getpwuid_r` must be asked.
fn lookup(paths: &Paths, uid: u32, known: &Mutex<Option<Known>>, settle: Duration) -> Option<String> {
    // without the socket, glibc cannot be asking nscd
    if !absent(paths.nscd_socket) {
        return None;
    }
    let nsswitch = key_of(paths.nsswitch)?;
    let passwd = key_of(paths.passwd)?;
    {
        let guard = try_lock(known)?;
        if let Some(k) = guard.as_ref().filter(|k| k.nsswitch == nsswitch && k.passwd == passwd) {
            return k.names.as_ref()?.get(&uid).cloned();
        }
    }
    let fresh = read_known(paths, nsswitch, passwd)?;
    let name = fresh.names.as_ref().and_then(|n| n.get(&uid).cloned());
    let now = SystemTime::now();
    if settled(&fresh.nsswitch, now, settle) && settled(&fresh.passwd, now, settle) {
        if let Some(mut slot) = try_lock(known) {
            *slot = Some(fresh);
        }
    }
    name
}

/// The table's lock if it is free: a lookup never waits for it (another thread's lookup
/// goes to `getpwuid_r` meanwhile), so a child forked while a thread held it, where it
/// stays held, asks `getpwuid_r` (whose own locks glibc resets across `fork`) instead of
/// hanging.
fn try_lock(known: &Mutex<Option<Known>>) -> Option<std::sync::MutexGuard<'_, Option<Known>>> {
    match known.try_lock() {
        Ok(guard) => Some(guard),
        Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

/// Reads both files; `None` when either changed meanwhile (the next lookup reads again).
fn read_known(paths: &Paths, nsswitch: FileKey, passwd: FileKey) -> Option<Known> {
    let conf = std::fs::read(path_of(paths.nsswitch)).ok()?;
    let names = if files_answer_first(&conf) { Some(passwd_names(paths.passwd)?) } else { None };
    let unchanged = key_of(paths.nsswitch) == Some(nsswitch) && key_of(paths.passwd) == Some(passwd);
    unchanged.then_some(Known { nsswitch, passwd, names })
}

/// The `files` module's answer per uid: each uid's first entry whose name does not start
/// with `+` or `-`, parsed by glibc (`fgetpwent_r(3)`, the `files` module's parser).
fn passwd_names(path: &CStr) -> Option<HashMap<u32, String>> {
    // SAFETY: both arguments are NUL-terminated strings; a NULL result is checked.
    let file = unsafe { libc::fopen(path.as_ptr(), c"rce".as_ptr()) };
    if file.is_null() {
        return None;
    }
    struct Close(*mut libc::FILE);
    impl Drop for Close {
        fn drop(&mut self) {
            // SAFETY: the stream was opened above and is closed once, here.
            unsafe { libc::fclose(self.0) };
        }
    }
    let file = Close(file);
    let mut names = HashMap::new();
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: zeroed `passwd` is a valid out-parameter; `buf` outlives the call and its
        // length is passed; `result` is checked before `pwd` is read.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: as above; the stream is open.
        let rc =
            unsafe { libc::fgetpwent_r(file.0, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut result) };
        if rc == libc::ERANGE {
            if buf.len() >= (1 << 20) {
                return None;
            }
            // glibc rewinds to the entry's start on ERANGE: read it again, larger
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc == libc::ENOENT {
            return Some(names);
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success `pw_name` points to a NUL-terminated string inside `buf`.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) };
        if !matches!(name.to_bytes().first(), Some(b'+' | b'-')) {
            names.entry(pwd.pw_uid).or_insert_with(|| name.to_string_lossy().into_owned());
        }
    }
}

/// True when `nsswitch.conf` (its bytes) makes glibc ask the `files` module first for
/// `passwd` and return what it finds: the last `passwd` line (glibc keeps the last) lists
/// `files` first with no action after it, and every action block of the file is one
/// glibc accepts (a file it refuses leaves glibc's lookups failing).
pub(crate) fn files_answer_first(conf: &[u8]) -> bool {
    let mut passwd: Option<&[u8]> = None;
    for line in conf.split(|&b| b == b'\n') {
        let line = line.iter().position(|&b| b == b'#').map_or(line, |hash| &line[..hash]);
        let line = line.trim_ascii_start();
        let name_end = line.iter().position(|&b| b.is_ascii_whitespace() || b == b':').unwrap_or(line.len());
        if name_end == 0 || name_end == line.len() {
            continue; // not a database line: glibc skips it
        }
        let services = line[name_end..].trim_ascii_start();
        let services = services.strip_prefix(b":").unwrap_or(services);
        let services =
            &services[services.iter().take_while(|&&b| b.is_ascii_whitespace() || b == b':').count()..];
        if !actions_valid(services) {
            return false;
        }
        if &line[..name_end] == b"passwd" {
            passwd = Some(services);
        }
    }
    let Some(services) = passwd else { return false };
    let mut tokens = services.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty());
    tokens.next() == Some(b"files") && tokens.next().is_none_or(|next| !next.starts_with(b"["))
}

/// True when every `[...]` block of a service list is well formed for glibc: each item
/// `[!]STATUS=ACTION` with a known status and action (case-insensitive), closed on the line.
fn actions_valid(services: &[u8]) -> bool {
    let mut rest = services;
    while let Some(open) = rest.iter().position(|&b| b == b'[') {
        let Some(len) = rest[open..].iter().position(|&b| b == b']') else { return false };
        let block = &rest[open + 1..open + len];
        for item in block.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()) {
            let item = item.strip_prefix(b"!").unwrap_or(item);
            let Some(eq) = item.iter().position(|&b| b == b'=') else { return false };
            let (status, action) = (&item[..eq], &item[eq + 1..]);
            let known = |set: &[&[u8]], word: &[u8]| set.iter().any(|k| k.eq_ignore_ascii_case(word));
            if !known(&[b"success", b"notfound", b"unavail", b"tryagain"], status)
                || !known(&[b"return", b"continue", b"merge"], action)
            {
                return false;
            }
        }
        rest = &rest[open + len + 1..];
    }
    !rest.contains(&b']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passwd_line_decides() {
        let debian = b"# comment\npasswd:         files systemd\ngroup:          files systemd\n\
                       hosts:          files dns\nnetgroup:       nis\n";
        assert!(files_answer_first(debian));
        assert!(files_answer_first(b"passwd: files\n"));
        assert!(files_answer_first(b"  passwd:files\n"), "leading blanks, no space after the colon");
        assert!(files_answer_first(b"passwd files\n"), "glibc takes the name up to a blank too");
        assert!(!files_answer_first(b"passwd: files [NOTFOUND=return]x\n"));
        assert!(!files_answer_first(b"passwd: files [NOTFOUND=return] systemd\n"), "an action after files");
        assert!(!files_answer_first(b"passwd: sss files\n"));
        assert!(!files_answer_first(b"passwd: compat\n"));
        assert!(!files_answer_first(b"passwd:\n"));
        assert!(!files_answer_first(b"group: files\n"), "no passwd line: glibc's default, not kept");
        assert!(!files_answer_first(b"passwd: files\npasswd: sss files\n"), "the last line wins");
        assert!(files_answer_first(b"passwd: sss\npasswd: files\n"));
        assert!(!files_answer_first(b"# passwd: files\n"));
        assert!(!files_answer_first(b"passwd: filesx\n"));
        assert!(!files_answer_first(b"Passwd: files\n"), "database names are case-sensitive");
    }

    #[test]
    fn action_blocks_must_be_ones_glibc_accepts() {
        let fedora = b"passwd: files systemd\nhosts: files myhostname resolve [!UNAVAIL=return] dns\n";
        assert!(files_answer_first(fedora));
        assert!(files_answer_first(b"passwd: files\nhosts: dns [NotFound=Return success=continue]\n"));
        assert!(!files_answer_first(b"passwd: files\nhosts: dns [NOTFOUND=stop]\n"), "unknown action");
        assert!(!files_answer_first(b"passwd: files\nhosts: dns [BOGUS=return]\n"), "unknown status");
        assert!(!files_answer_first(b"passwd: files\nhosts: dns [NOTFOUND=return\n"), "unclosed block");
        assert!(!files_answer_first(b"passwd: files\nhosts: dns NOTFOUND=return]\n"), "stray bracket");
    }

    #[test]
    fn settled_needs_the_age() {
        let now = SystemTime::now();
        let secs = now.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        let key = |s: i64| FileKey { dev: 1, ino: 2, size: 3, mtime: (s, 0), ctime: (s, 0) };
        assert!(settled(&key(secs - 5), now, SETTLED));
        assert!(!settled(&key(secs), now, SETTLED));
        assert!(!settled(&key(secs + 60), now, SETTLED), "a change time in the future");
        assert!(!settled(&key(-1), now, SETTLED));
    }

    /// Test files under a temporary directory, with a path constant for each.
    struct Fixture {
        dir: std::path::PathBuf,
        paths: Paths,
    }

    fn leak(path: std::path::PathBuf) -> &'static CStr {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        Box::leak(c.into_boxed_c_str())
    }

    fn fixture(tag: &str, nsswitch: &str, passwd: &str) -> Fixture {
        let dir = std::env::temp_dir().join(format!("psutil-rs-passwd-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("nsswitch.conf"), nsswitch).unwrap();
        std::fs::write(dir.join("passwd"), passwd).unwrap();
        let paths = Paths {
            nsswitch: leak(dir.join("nsswitch.conf")),
            passwd: leak(dir.join("passwd")),
            nscd_socket: leak(dir.join("nscd-socket")),
        };
        Fixture { dir, paths }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n# a comment\n+nis:x:7:7::/:/bin/sh\n\
                          lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nalias:x:7:7::/:/bin/sh\n\
                          broken line\nalice:x:1000:1000::/home/alice:/bin/sh\n";

    #[test]
    fn names_follow_the_files_module() {
        let f = fixture("rules", "passwd: files\n", PASSWD);
        let known = Mutex::new(None);
        let name = |uid| lookup(&f.paths, uid, &known, Duration::ZERO);
        assert_eq!(name(0).as_deref(), Some("root"));
        assert_eq!(name(7).as_deref(), Some("lp"), "the first entry that is not +/-");
        assert_eq!(name(1000).as_deref(), Some("alice"), "after a line that does not parse");
        assert_eq!(name(4242), None, "not listed: getpwuid_r is asked");
        assert!(known.lock().unwrap().is_some(), "settled files are kept");
    }

    #[test]
    fn a_held_table_is_not_waited_for() {
        let f = fixture("held", "passwd: files\n", PASSWD);
        let known = Mutex::new(None);
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO).as_deref(), Some("root"));
        let held = known.lock().unwrap();
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO), None, "getpwuid_r answers meanwhile");
        drop(held);
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO).as_deref(), Some("root"));
    }

    #[test]
    fn other_configurations_ask_glibc() {
        let f = fixture("config", "passwd: sss files\n", PASSWD);
        let known = Mutex::new(None);
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO), None);
        std::fs::write(f.dir.join("nscd-socket"), "").unwrap();
        std::fs::write(f.dir.join("nsswitch.conf"), "passwd: files\n").unwrap();
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO), None, "an nscd socket exists");
        std::fs::remove_file(f.dir.join("nscd-socket")).unwrap();
        assert_eq!(lookup(&f.paths, 0, &known, Duration::ZERO).as_deref(), Some("root"));
    }

    #[test]
    fn a_change_is_seen_and_a_fresh_file_is_not_kept() {
        let f = fixture("change", "passwd: files\n", PASSWD);
        let known = Mutex::new(None);
        assert_eq!(lookup(&f.paths, 1000, &known, Duration::ZERO).as_deref(), Some("alice"));
        // same size, another name: a new inode (rename over), as editors write
        let edited = PASSWD.replace("alice", "brian");
        std::fs::write(f.dir.join("passwd.new"), &edited).unwrap();
        std::fs::rename(f.dir.join("passwd.new"), f.dir.join("passwd")).unwrap();
        assert_eq!(lookup(&f.paths, 1000, &known, Duration::ZERO).as_deref(), Some("brian"));
        // in place, same size: the change time moves (or, within one tick, the file is
        // too fresh to be kept below)
        std::fs::write(f.dir.join("passwd"), edited.replace("brian", "carol")).unwrap();
        let fresh = Mutex::new(None);
        assert_eq!(lookup(&f.paths, 1000, &fresh, SETTLED).as_deref(), Some("carol"));
        assert!(fresh.lock().unwrap().is_none(), "a file changed just now is read, not kept");
    }

    #[test]
    fn the_system_lookup_agrees_with_getpwuid_r() {
        let Ok(passwd) = std::fs::read_to_string("/etc/passwd") else { return };
        let uids: Vec<u32> = passwd.lines().filter_map(|l| l.split(':').nth(2)?.parse().ok()).collect();
        assert!(!uids.is_empty());
        for uid in uids.iter().copied().chain([4_000_123, 65534]) {
            for _ in 0..2 {
                assert_eq!(user_name(uid), crate::sys::unix::users::user_name(uid), "uid {uid}");
            }
        }
    }
}
