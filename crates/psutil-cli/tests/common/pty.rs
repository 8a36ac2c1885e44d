//! A real pseudo-terminal for the full-screen tests: the `psutil` binary runs on the
//! slave side as a session leader with it as controlling terminal; the master side is
//! fed to a `vt100` screen emulator, and keys are written to it.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{sleep, JoinHandle};
use std::time::{Duration, Instant};

/// A program running in a pseudo-terminal, with the screen it draws.
pub struct Pty {
    /// `stty -a` of the terminal before the program started.
    pub stty_before: String,
    master: File,
    slave: OwnedFd,
    child: Child,
    screen: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

fn winsize(rows: u16, cols: u16) -> libc::winsize {
    libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 }
}

const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
const END_FRAME: &[u8] = b"\x1b[?2026l";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How much of `pending` a terminal that honours synchronized updates (mode 2026) would
/// paint now: everything up to a frame whose end mark has not arrived yet, or up to the
/// start of a begin mark cut by the read. So the screen never shows half a frame.
pub fn whole_frames(pending: &[u8]) -> usize {
    let mut at = 0;
    loop {
        let Some(begin) = find(&pending[at..], BEGIN_FRAME).map(|i| at + i) else {
            let cut = (1..BEGIN_FRAME.len()).rev().find(|&k| pending[at..].ends_with(&BEGIN_FRAME[..k]));
            return pending.len() - cut.unwrap_or(0);
        };
        match find(&pending[begin..], END_FRAME) {
            Some(end) => at = begin + end + END_FRAME.len(),
            None => return begin,
        }
    }
}

/// Opens a pty pair of this size: (master, slave).
pub fn open(rows: u16, cols: u16) -> (File, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let ws = winsize(rows, cols);
    // SAFETY: openpty writes two fds into the provided ints; the other pointers may be null.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &ws) };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both fds were just opened by openpty and are owned by nobody else.
    unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// `stty -a` of the terminal behind `fd` (its settings, as a person would check them).
pub fn stty_of(fd: &OwnedFd) -> String {
    let out = Command::new("stty")
        .arg("-a")
        .stdin(Stdio::from(fd.try_clone().expect("dup pty slave")))
        .output()
        .expect("run stty");
    assert!(out.status.success(), "stty -a failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Pty {
    /// Starts `psutil ARGS...` in a fresh `rows` x `cols` terminal.
    pub fn spawn(args: &[&str], rows: u16, cols: u16) -> Pty {
        Pty::spawn_with_env(args, rows, cols, &[])
    }

    /// [`Pty::spawn`] with these environment variables added.
    pub fn spawn_with_env(args: &[&str], rows: u16, cols: u16, env: &[(&str, &str)]) -> Pty {
        let (master, slave) = open(rows, cols);
        let stty_before = stty_of(&slave);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_psutil"));
        cmd.args(args)
            .envs(env.iter().copied())
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave.try_clone().expect("dup")));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn psutil in a pty");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let mut master = master.try_clone().expect("dup master");
            let (screen, stop) = (screen.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let mut pending = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let mut pfd = libc::pollfd { fd: master.as_raw_fd(), events: libc::POLLIN, revents: 0 };
                    // SAFETY: one valid pollfd.
                    if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                        continue;
                    }
                    match master.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            pending.extend_from_slice(&buf[..n]);
                            let whole = whole_frames(&pending);
                            screen.lock().expect("screen lock").process(&pending[..whole]);
                            pending.drain(..whole);
                        }
                    }
                }
            })
        };
        Pty { stty_before, master, slave, child, screen, stop, reader: Some(reader) }
    }

    /// The pid of the program.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The slave side, for `stty`.
    pub fn slave(&self) -> &OwnedFd {
        &self.slave
    }

    /// Types these bytes (keys) into the terminal.
    pub fn send(&mut self, keys: &[u8]) {
        self.master.write_all(keys).expect("write to pty");
        self.master.flush().expect("flush pty");
    }

    /// The text on the screen now, one line per row, trailing spaces dropped.
    pub fn screen(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Waits until the screen satisfies `ok` and returns it; fails with the screen after
    /// `secs` seconds.
    pub fn wait_for(&mut self, what: &str, secs: f64, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs_f64(secs);
        loop {
            let text = self.screen();
            if ok(&text) {
                return text;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("psutil exited ({status}) while waiting for {what}; screen:\n{text}");
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{text}");
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen satisfies `ok`, whether or not the program still runs.
    pub fn wait_for_output(&self, what: &str, secs: f64, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs_f64(secs);
        loop {
            let text = self.screen();
            if ok(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{text}");
            sleep(Duration::from_millis(50));
        }
    }

    /// Resizes the terminal (the kernel sends SIGWINCH to the program).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let ws = winsize(rows, cols);
        self.screen.lock().expect("screen lock").set_size(rows, cols);
        // SAFETY: TIOCSWINSZ reads one winsize from the pointer.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &ws) };
        assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
    }

    /// Waits for the program to exit; kills it and fails after `secs` seconds.
    pub fn wait_exit(&mut self, secs: f64) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs_f64(secs);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("psutil did not exit within {secs} s; screen:\n{}", self.screen());
            }
            sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stop.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

#[test]
fn only_whole_frames_are_painted() {
    let framed = b"ab\x1b[?2026hframe\x1b[?2026lcd";
    assert_eq!(whole_frames(framed), framed.len());
    assert_eq!(whole_frames(b"ab\x1b[?2026hfra"), 2);
    assert_eq!(whole_frames(b"ab\x1b[?2026hframe\x1b[?20"), 2);
    assert_eq!(whole_frames(b"ab\x1b[?20"), 2);
    assert_eq!(whole_frames(b"ab\x1b"), 2);
    assert_eq!(whole_frames(b"ab\x1b[1m"), 6);
    assert_eq!(whole_frames(b""), 0);
    let two = b"\x1b[?2026hA\x1b[?2026l\x1b[?2026hB";
    assert_eq!(whole_frames(two), two.len() - 9);
}
