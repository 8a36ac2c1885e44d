//! Executables made by the tests, written by a child process.
//!
//! A file this process holds open for writing is inherited by any child that another
//! test thread forks at that moment, until that child execs; running the file in that
//! window fails with ETXTBSY ("Text file busy"). When `cp` or `sh` writes the file, no
//! thread of the test ever holds a write fd to it.

#![allow(dead_code)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Writes `contents` to `path` (through `sh -c 'cat > path'`) and makes it executable.
pub fn write_executable(path: &Path, contents: &[u8]) {
    let mut sh = Command::new("sh")
        .args(["-c", "cat > \"$1\"", "sh"])
        .arg(path)
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn sh to write an executable");
    sh.stdin.take().expect("piped stdin").write_all(contents).expect("write to sh");
    let status = sh.wait().expect("wait for sh");
    assert!(status.success(), "writing {} failed: {status}", path.display());
    make_executable(path);
}

/// Copies the executable `from` to `to` with `cp`, runnable by any user.
pub fn copy_executable(from: &Path, to: &Path) {
    let status = Command::new("cp").arg(from).arg(to).status().expect("run cp");
    assert!(status.success(), "cp {} {}: {status}", from.display(), to.display());
    make_executable(to);
}

fn make_executable(path: &Path) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod 755");
}
