//! The byte-exact getters (`name_os`, `exe_os`, `cwd_os`, `cmdline_os`,
//! `OpenFile::path_os`, `MemoryMap::path_os`, UNIX socket paths) on a `/proc` tree built
//! here with names that are not UTF-8, and the `String` getters as their lossy views.
//! The tree is written at run time (no undecodable file names in the repository).
#![cfg(target_os = "linux")]

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use psutil_rs::paths::{with_roots, Roots};
use psutil_rs::{net_connections, Attr, AttrValue, ConnAddr, ConnectionKind, Process};

fn os(b: &[u8]) -> OsString {
    OsString::from_vec(b.to_vec())
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A stat line for `pid` with `comm` (the fields after it are a plain sleeping process).
fn stat(pid: u32, comm: &[u8]) -> Vec<u8> {
    let mut v = format!("{pid} (").into_bytes();
    v.extend_from_slice(comm);
    v.extend_from_slice(b") S 1 1 1 0 -1 4194560 10 0 0 0 5 3 0 0 20 0 1 0 100 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    v
}

struct Tree {
    dir: PathBuf,
    /// A real file with a name that is not UTF-8 (open_files checks that it is a file).
    file: PathBuf,
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn pid_dir(t: &Tree, pid: u32) -> PathBuf {
    let d = t.dir.join("proc").join(pid.to_string());
    std::fs::create_dir_all(d.join("fd")).unwrap();
    std::fs::create_dir_all(d.join("fdinfo")).unwrap();
    d
}

fn build(tag: &str) -> Tree {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("names-os-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("proc/net")).unwrap();
    let file = dir.join(OsStr::from_bytes(b"data-\xff\xfe.txt"));
    std::fs::write(&file, b"x").unwrap();
    let t = Tree { dir, file };

    // 300: a 15-character comm that is not UTF-8, cut from a longer argv[0]; links and an
    // open file that are not UTF-8 either; two mapped files whose lossy names are equal.
    let d = pid_dir(&t, 300);
    std::fs::write(d.join("stat"), stat(300, b"caf\xe9-\xff\xfeabcdefgh")).unwrap();
    std::fs::write(d.join("cmdline"), b"/opt/x\xff/caf\xe9-\xff\xfeabcdefghIJK\0--opt=\xff\0\0").unwrap();
    std::os::unix::fs::symlink(OsStr::from_bytes(b"/opt/x\xff/caf\xe9 (deleted)"), d.join("exe")).unwrap();
    std::os::unix::fs::symlink(OsStr::from_bytes(b"/srv/\xfe\xfd"), d.join("cwd")).unwrap();
    std::os::unix::fs::symlink(&t.file, d.join("fd/3")).unwrap();
    std::fs::write(d.join("fdinfo/3"), b"pos:\t7\nflags:\t0100002\n").unwrap();
    let mut smaps = Vec::new();
    for (i, path) in
        [&b"/lib/\xff.so"[..], b"/lib/\xfe.so", b"/lib/\xff.so", b"/lib/ok.so"].iter().enumerate()
    {
        smaps.extend_from_slice(format!("{:x}000-{:x}000 r-xp 00000000 08:01 1 ", i + 1, i + 2).as_bytes());
        smaps.extend_from_slice(path);
        smaps.extend_from_slice(b"\nSize: 4 kB\nRss: 4 kB\nPss: 4 kB\n");
    }
    std::fs::write(d.join("smaps"), smaps).unwrap();

    // 301: a 15-byte comm ending in half of a UTF-8 character: Python counts 15
    // characters, but the argv[0] basename completes that character, so as Python
    // compares them it does not start with the comm: the comm stays.
    let d = pid_dir(&t, 301);
    std::fs::write(d.join("stat"), stat(301, b"abcdefghijklmn\xc3")).unwrap();
    std::fs::write(d.join("cmdline"), b"/bin/abcdefghijklmn\xc3\xa9xyz\0").unwrap();

    // 302: 15 bytes but 14 characters: too short for the long-name rule.
    let d = pid_dir(&t, 302);
    std::fs::write(d.join("stat"), stat(302, b"abcdefghijklm\xc3\xa9")).unwrap();
    std::fs::write(d.join("cmdline"), b"/bin/abcdefghijklm\xc3\xa9xyz\0").unwrap();

    // 303: a command line rewritten as one space-separated string (setproctitle).
    let d = pid_dir(&t, 303);
    std::fs::write(d.join("stat"), stat(303, b"worker")).unwrap();
    std::fs::write(d.join("cmdline"), b"worker: \xff queue \xfe").unwrap();

    let mut unix = b"Num       RefCount Protocol Flags    Type St Inode Path\n".to_vec();
    unix.extend_from_slice(b"0000000000000000: 00000002 00000000 00010000 0001 01 7001 /run/\xff.sock\n");
    unix.extend_from_slice(b"0000000000000000: 00000002 00000000 00010000 0001 01 7002 /run/\xfe.sock\n");
    std::fs::write(t.dir.join("proc/net/unix"), unix).unwrap();
    t
}

fn roots(t: &Tree) -> Roots {
    Roots::fixture(&t.dir)
}

#[test]
fn name_long_rule_counts_and_compares_as_python() {
    let t = build("name");
    with_roots(roots(&t), || {
        let p = Process::new(300).unwrap();
        assert_eq!(p.name_os().unwrap(), os(b"caf\xe9-\xff\xfeabcdefghIJK"));
        assert_eq!(p.name().unwrap(), lossy(b"caf\xe9-\xff\xfeabcdefghIJK"));
        // the comm ends inside a character the basename completes → the comm
        let p = Process::new(301).unwrap();
        assert_eq!(p.name_os().unwrap(), os(b"abcdefghijklmn\xc3"));
        assert_eq!(p.name().unwrap(), "abcdefghijklmn\u{FFFD}");
        // 14 characters → the comm, though the basename starts with it
        assert_eq!(Process::new(302).unwrap().name_os().unwrap(), os(b"abcdefghijklm\xc3\xa9"));
        assert_eq!(Process::new(303).unwrap().name_os().unwrap(), os(b"worker"));
    });
}

#[test]
fn exe_and_cwd_keep_bytes_and_drop_deleted() {
    let t = build("links");
    with_roots(roots(&t), || {
        let p = Process::new(300).unwrap();
        assert_eq!(p.exe_os().unwrap(), Path::new(OsStr::from_bytes(b"/opt/x\xff/caf\xe9")));
        assert_eq!(p.exe().unwrap(), lossy(b"/opt/x\xff/caf\xe9"));
        assert_eq!(p.cwd_os().unwrap(), Path::new(OsStr::from_bytes(b"/srv/\xfe\xfd")));
        assert_eq!(p.cwd().unwrap(), "/srv/\u{FFFD}\u{FFFD}");
        // no links at all: psutil's "" for an existing process
        let q = Process::new(301).unwrap();
        assert_eq!(q.cwd_os().unwrap(), PathBuf::new());
    });
}

#[test]
fn cmdline_os_splits_like_cmdline() {
    let t = build("cmdline");
    with_roots(roots(&t), || {
        let p = Process::new(300).unwrap();
        let args = p.cmdline_os().unwrap();
        assert_eq!(args, [os(b"/opt/x\xff/caf\xe9-\xff\xfeabcdefghIJK"), os(b"--opt=\xff"), os(b"")]);
        let lossy_args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(p.cmdline().unwrap(), lossy_args);
        let q = Process::new(303).unwrap();
        assert_eq!(q.cmdline_os().unwrap(), [os(b"worker:"), os(b"\xff"), os(b"queue"), os(b"\xfe")]);
    });
}

#[test]
fn open_files_and_memory_maps_keep_raw_paths() {
    let t = build("files");
    with_roots(roots(&t), || {
        let p = Process::new(300).unwrap();
        let files = p.open_files().unwrap();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].path_os(), t.file);
        assert_eq!(files[0].path, t.file.to_string_lossy());
        assert_eq!(files[0].fd, 3);

        // grouped by exact path: \xff and \xfe stay apart although both read "/lib/\u{FFFD}.so"
        let grouped = p.memory_maps(true).unwrap();
        let paths: Vec<&Path> = grouped.iter().map(|m| m.path_os()).collect();
        let want: Vec<&Path> = [&b"/lib/\xff.so"[..], b"/lib/\xfe.so", b"/lib/ok.so"]
            .iter()
            .map(|b| Path::new(OsStr::from_bytes(b)))
            .collect();
        assert_eq!(paths, want);
        assert_eq!(grouped[0].rss, 8 * 1024);
        assert_eq!(grouped[1].path, "/lib/\u{FFFD}.so");
        assert_eq!(grouped[2].path_os(), Path::new("/lib/ok.so"));
        let flat = p.memory_maps(false).unwrap();
        assert_eq!(flat.len(), 4);
        assert_eq!(flat[1].path_os(), Path::new(OsStr::from_bytes(b"/lib/\xfe.so")));
    });
}

#[test]
fn as_dict_carries_the_exact_values() {
    let t = build("asdict");
    with_roots(roots(&t), || {
        let p = Process::new(300).unwrap();
        let info = p.as_dict(&[Attr::Name, Attr::Exe, Attr::Cwd, Attr::Cmdline]).unwrap();
        assert_eq!(info.value(Attr::Name), Some(&AttrValue::OsStr(p.name_os().unwrap())));
        assert_eq!(info.name().as_deref(), Some(p.name().unwrap().as_str()));
        assert_eq!(info.value(Attr::Exe), Some(&AttrValue::Path(p.exe_os().unwrap())));
        assert_eq!(info.value(Attr::Cwd), Some(&AttrValue::Path(p.cwd_os().unwrap())));
        assert_eq!(info.value(Attr::Cmdline), Some(&AttrValue::OsStrList(p.cmdline_os().unwrap())));
    });
}

#[test]
fn unix_socket_paths_are_exact() {
    let t = build("unix");
    let rows = with_roots(roots(&t), || net_connections(ConnectionKind::Unix)).unwrap();
    let mut paths: Vec<OsString> =
        rows.iter().filter_map(|c| c.laddr.unix_path().map(OsStr::to_os_string)).collect();
    paths.sort();
    assert_eq!(paths, [os(b"/run/\xfe.sock"), os(b"/run/\xff.sock")]);
    assert!(rows.iter().all(|c| c.raddr == ConnAddr::Unix(OsString::new()) && c.pid.is_none()));
    assert_eq!(rows[0].laddr.to_string(), "/run/\u{FFFD}.sock");
}
