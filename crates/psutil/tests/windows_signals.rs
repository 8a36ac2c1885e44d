//! `send_signal`'s Windows signals (psutil's `_pswindows.Process.send_signal`): the console
//! events CTRL_C_EVENT (0) and CTRL_BREAK_EVENT (1) through `GenerateConsoleCtrlEvent`,
//! observed by a child of this test binary started in its own process group that records,
//! from its own console control handler, the event it receives; any other number but
//! SIGTERM is refused; a process that has ended is not signalled. Under Wine 8.0
//! (`ntdll!wine_get_version`) the outcome Wine gives is asserted as documented in
//! docs/coverage.md.
#![cfg(windows)]

mod common;

use std::io::{BufRead, BufReader};
use std::os::windows::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::under_wine;
use psutil_rs::os::windows::{CTRL_BREAK_EVENT, CTRL_C_EVENT};
use psutil_rs::{Error, Process};
use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;

const EVENT_CHILD: &str = "PSUTIL_RS_CONSOLE_EVENT_MARKER";

/// Where the child's handler writes the event it received.
static MARKER: OnceLock<PathBuf> = OnceLock::new();

/// The child's console control handler: writes the event's number to the marker file.
unsafe extern "system" fn record_event(event: u32) -> i32 {
    if let Some(path) = MARKER.get() {
        let _ = std::fs::write(path, event.to_string());
    }
    1
}

/// The child's body: when the switch names a marker file, install the handler, say READY,
/// and wait (at most 30 s) for the handler to write the marker.
#[test]
fn console_event_child_body() {
    let Ok(path) = std::env::var(EVENT_CHILD) else { return };
    MARKER.set(PathBuf::from(path)).unwrap();
    // SAFETY: a valid handler function, added to the process's list.
    assert_ne!(unsafe { SetConsoleCtrlHandler(Some(record_event), 1) }, 0, "SetConsoleCtrlHandler");
    println!("READY");
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end && !MARKER.get().unwrap().exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A child in a new process group, running [`console_event_child_body`], once it is ready.
struct EventChild {
    child: Child,
    marker: PathBuf,
}

impl EventChild {
    fn spawn(tag: &str) -> EventChild {
        let marker = std::env::temp_dir().join(format!("psutil_rs_{tag}_{}.txt", std::process::id()));
        let _ = std::fs::remove_file(&marker);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["console_event_child_body", "--exact", "--nocapture", "--test-threads=1"])
            .env(EVENT_CHILD, &marker)
            .creation_flags(CREATE_NEW_PROCESS_GROUP)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the event child");
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = lines.map_while(|l| l.ok()).any(|l| l.contains("READY"));
        let me = EventChild { child, marker };
        assert!(ready, "the event child did not start");
        me
    }

    /// The event number the child's handler recorded within `within`, if any.
    fn received(&self, within: Duration) -> Option<u32> {
        let end = Instant::now() + within;
        while Instant::now() < end {
            if let Some(n) = std::fs::read_to_string(&self.marker).ok().and_then(|s| s.parse().ok()) {
                return Some(n);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for EventChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.marker);
    }
}

#[test]
fn ctrl_break_reaches_the_childs_console_handler() {
    let child = EventChild::spawn("break");
    let p = Process::new(child.child.id()).expect("the event child");
    let sent = p.send_signal(CTRL_BREAK_EVENT);
    if under_wine() {
        // Wine 8.0, as the test command runs it (no terminal): GenerateConsoleCtrlEvent
        // fails with ERROR_INVALID_ACCESS and no event reaches the child.
        assert_eq!(sent.expect_err("no console events under Wine").raw_os_error(), Some(12));
        assert_eq!(child.received(Duration::from_secs(1)), None);
    } else {
        sent.expect("send_signal(CTRL_BREAK_EVENT)");
        assert_eq!(
            child.received(Duration::from_secs(10)),
            Some(1),
            "the child's handler got CTRL_BREAK_EVENT"
        );
    }
}

#[test]
fn only_sigterm_and_the_console_events_are_signals() {
    let me = Process::current().unwrap();
    for sig in [2, 3, 4, 9999, -1] {
        assert!(matches!(me.send_signal(sig), Err(Error::InvalidArgument(_))), "signal {sig}");
    }
    assert_eq!((CTRL_C_EVENT, CTRL_BREAK_EVENT), (0, 1));
}

#[test]
fn an_ended_process_is_not_signalled() {
    let mut child = EventChild::spawn("ended");
    let p = Process::new(child.child.id()).expect("the event child");
    child.child.kill().unwrap();
    child.child.wait().unwrap();
    for sig in [CTRL_C_EVENT, CTRL_BREAK_EVENT] {
        assert!(matches!(p.send_signal(sig), Err(Error::NoSuchProcess { .. })), "signal {sig}");
    }
}
