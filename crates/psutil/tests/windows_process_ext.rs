//! The Windows-only process calls (`os::windows`) and `open_files` against what the test
//! itself does and reads: handles it creates and closes (`num_handles`), a file it holds
//! open (`open_files`), a known allocation and its own `GetProcessMemoryInfo` and
//! `GetProcessIoCounters` calls (psutil's Windows `pmem` and `pio` fields), its token
//! (SeDebugPrivilege, read by a child before and after its first use of the library) and
//! the I/O priority. Under Wine 8.0 (`ntdll!wine_get_version`), what Wine does not
//! implement is asserted to read as documented (windows.md section 7, docs/coverage.md).
#![cfg(windows)]

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::ptr::{null, null_mut};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use common::under_wine;
use psutil_rs::os::windows::{IoCountersExt, IoPriority, ProcessExt, ProcessMemoryInfoExt};
use psutil_rs::Process;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LUID};
use windows_sys::Win32::Security::{
    AdjustTokenPrivileges, GetTokenInformation, LookupPrivilegeValueW, TokenPrivileges, LUID_AND_ATTRIBUTES,
    SE_DEBUG_NAME, SE_PRIVILEGE_ENABLED, TOKEN_ADJUST_PRIVILEGES, TOKEN_PRIVILEGES, TOKEN_QUERY,
};
use windows_sys::Win32::System::ProcessStatus::{GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS_EX};
use windows_sys::Win32::System::Threading::{
    CreateEventW, GetCurrentProcess, GetProcessHandleCount, GetProcessIoCounters, OpenProcessToken,
    IO_COUNTERS,
};

const PRIVILEGE_CHILD: &str = "PSUTIL_RS_PRIVILEGE_CHILD";
const HOLDER_CHILD: &str = "PSUTIL_RS_HOLD_FILE";

/// Some tests count this process's handles, threads and memory, others spawn children or
/// open handles: one runs at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `check` until it passes, at most 5 times: the test harness may start or end a
/// thread (and its handles) while a test counts.
fn settled(mut check: impl FnMut() -> Result<(), String>) {
    let mut last = String::new();
    for _ in 0..5 {
        match check() {
            Ok(()) => return,
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{last}");
}

/// A directory of this test binary's own under `%TEMP%`, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("psutil_rs_{tag}_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
}

/// An event handle, closed on drop.
struct Event(HANDLE);

impl Event {
    fn new() -> Event {
        // SAFETY: an unnamed manual-reset event.
        let h = unsafe { CreateEventW(null(), 1, 0, null()) };
        assert!(!h.is_null());
        Event(h)
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: a handle this value owns.
        unsafe { CloseHandle(self.0) };
    }
}

fn own_handle_count() -> u32 {
    let mut n = 0u32;
    // SAFETY: the pseudo-handle of this process and an out-pointer.
    assert!(unsafe { GetProcessHandleCount(GetCurrentProcess(), &mut n) } != 0);
    n
}

#[test]
fn num_handles_follows_the_handles_the_test_opens() {
    let _one = serial();
    let me = Process::current().unwrap();
    let dir = Scratch::new("handles");
    settled(|| {
        let n0 = me.num_handles().map_err(|e| e.to_string())?;
        let events: Vec<Event> = (0..3).map(|_| Event::new()).collect();
        let files: Vec<File> = (0..2).map(|i| File::create(dir.0.join(format!("h{i}"))).unwrap()).collect();
        let n1 = me.num_handles().map_err(|e| e.to_string())?;
        drop((events, files));
        let n2 = me.num_handles().map_err(|e| e.to_string())?;
        if n1 == n0 + 5 && n2 == n0 {
            Ok(())
        } else {
            Err(format!("3 events and 2 files: {n0} -> {n1} -> {n2} handles"))
        }
    });
    if under_wine() {
        // Wine 8.0's GetProcessHandleCount is a stub that answers 0: the count above came
        // from the handle list.
        assert_eq!(own_handle_count(), 0);
    } else {
        // Our count is taken while the call holds its own handle on the process.
        settled(|| {
            let (ours, theirs) = (me.num_handles().map_err(|e| e.to_string())?, own_handle_count());
            (ours == u64::from(theirs) + 1)
                .then_some(())
                .ok_or(format!("{ours} vs GetProcessHandleCount {theirs}"))
        });
    }
}

#[test]
fn open_files_lists_a_file_the_test_holds() {
    let _one = serial();
    let me = Process::current().unwrap();
    let dir = Scratch::new("open_files");
    let path = dir.0.join("held.txt");
    std::fs::write(&path, b"held open by the test").unwrap();
    let held = File::open(&path).unwrap();
    let files = me.open_files().expect("open_files");
    let hits: Vec<_> = files.iter().filter(|f| same_path(Path::new(&f.path), &path)).collect();
    assert_eq!(hits.len(), 1, "{path:?} once in {files:?}");
    assert_eq!(hits[0].fd, -1);
    assert!(files.iter().all(|f| Path::new(&f.path).is_file()), "{files:?}");
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), files.len(), "each path once: {files:?}");
    drop(held);
    let after = me.open_files().expect("open_files");
    assert!(!after.iter().any(|f| same_path(Path::new(&f.path), &path)), "{after:?}");

    // The call keeps no thread and no handle: the counts are the same around it.
    settled(|| {
        let before =
            (me.num_threads().map_err(|e| e.to_string())?, me.num_handles().map_err(|e| e.to_string())?);
        me.open_files().map_err(|e| e.to_string())?;
        let after =
            (me.num_threads().map_err(|e| e.to_string())?, me.num_handles().map_err(|e| e.to_string())?);
        (before == after).then_some(()).ok_or(format!("(threads, handles) {before:?} -> {after:?}"))
    });
}

/// The holder child's body: when the switch names a file, hold it open, say so on stdout,
/// and wait at most 60 s (the test kills it long before).
#[test]
fn holder_child_body() {
    let Ok(path) = std::env::var(HOLDER_CHILD) else { return };
    let _held = File::open(&path).expect("the file to hold");
    println!("HOLDING");
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn open_files_and_num_handles_of_a_child() {
    let _one = serial();
    let dir = Scratch::new("holder");
    let path = dir.0.join("held_by_child.txt");
    std::fs::write(&path, b"held open by the child").unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["holder_child_body", "--exact", "--nocapture", "--test-threads=1"])
        .env(HOLDER_CHILD, &path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the holder");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines.by_ref().map_while(|l| l.ok()).any(|l| l.contains("HOLDING"));
    let p = Process::new(child.id()).expect("the holder");
    let files = p.open_files();
    let handles = p.num_handles();
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "the holder did not start");
    let files = files.expect("open_files of the child");
    assert!(files.iter().any(|f| same_path(Path::new(&f.path), &path)), "{path:?} in {files:?}");
    assert!(files.iter().all(|f| Path::new(&f.path).is_file() && f.fd == -1), "{files:?}");
    // The file, its stdio and at least one thread: a count, not the stub's 0.
    assert!(handles.expect("num_handles of the child") > 3);
}

/// The ten counters of psutil's Windows `pmem`, from the test's own
/// `GetProcessMemoryInfo(PROCESS_MEMORY_COUNTERS_EX)`.
fn own_memory_counters() -> [u64; 10] {
    // SAFETY: all-zero is a valid PROCESS_MEMORY_COUNTERS_EX.
    let mut c: PROCESS_MEMORY_COUNTERS_EX = unsafe { std::mem::zeroed() };
    let cb = std::mem::size_of::<PROCESS_MEMORY_COUNTERS_EX>() as u32;
    // SAFETY: the pseudo-handle of this process; the struct with its own size.
    assert!(
        unsafe {
            GetProcessMemoryInfo(GetCurrentProcess(), (&mut c as *mut PROCESS_MEMORY_COUNTERS_EX).cast(), cb)
        } != 0
    );
    [
        u64::from(c.PageFaultCount),
        c.PeakWorkingSetSize as u64,
        c.WorkingSetSize as u64,
        c.QuotaPeakPagedPoolUsage as u64,
        c.QuotaPagedPoolUsage as u64,
        c.QuotaPeakNonPagedPoolUsage as u64,
        c.QuotaNonPagedPoolUsage as u64,
        c.PagefileUsage as u64,
        c.PeakPagefileUsage as u64,
        c.PrivateUsage as u64,
    ]
}

fn fields(m: &impl ProcessMemoryInfoExt) -> [u64; 10] {
    [
        m.num_page_faults(),
        m.peak_wset(),
        m.wset(),
        m.peak_paged_pool(),
        m.paged_pool(),
        m.peak_nonpaged_pool(),
        m.nonpaged_pool(),
        m.pagefile(),
        m.peak_pagefile(),
        m.private(),
    ]
}

const MIB: u64 = 1 << 20;

#[test]
fn memory_info_windows_fields_match_the_call_and_follow_an_allocation() {
    let _one = serial();
    let me = Process::current().unwrap();
    // Each field between the test's own reads before and after (1 MiB of slack for the
    // gauges, which the calls themselves move a little).
    settled(|| {
        let before = own_memory_counters();
        let m = me.memory_info().map_err(|e| e.to_string())?;
        let after = own_memory_counters();
        let ours = fields(&m);
        for (i, ((&o, &b), &a)) in ours.iter().zip(&before).zip(&after).enumerate() {
            let (lo, hi) = (b.min(a).saturating_sub(MIB), b.max(a) + MIB);
            if !(lo..=hi).contains(&o) {
                return Err(format!("field {i}: {o} outside {b}..{a}"));
            }
        }
        if (m.wset(), m.pagefile()) != (m.rss, m.vms) {
            return Err(format!(
                "rss/vms {:?} vs wset/pagefile {:?}",
                (m.rss, m.vms),
                (m.wset(), m.pagefile())
            ));
        }
        Ok(())
    });

    let m0 = me.memory_info().unwrap();
    let block = vec![1u8; 64 << 20];
    let m1 = me.memory_info().unwrap();
    assert!(m1.pagefile() >= m0.pagefile() + 60 * MIB, "pagefile {} -> {}", m0.pagefile(), m1.pagefile());
    assert!(m1.wset() >= m0.wset() + 60 * MIB || m1.wset() > 64 * MIB, "wset {} -> {}", m0.wset(), m1.wset());
    for m in [&m0, &m1] {
        assert!(m.peak_wset() >= m.wset() && m.peak_pagefile() >= m.pagefile());
        assert!(m.peak_paged_pool() >= m.paged_pool() && m.peak_nonpaged_pool() >= m.nonpaged_pool());
    }
    if under_wine() {
        // Wine 8.0 fills the counters from the host's /proc/<pid>/status (working set from
        // VmRSS and VmHWM, pagefile from RssAnon + VmSwap) and copies pagefile into the
        // peak; page faults, pool quotas and PrivateUsage stay 0.
        for m in [&m0, &m1] {
            assert_eq!(m.peak_pagefile(), m.pagefile());
            let f = fields(m);
            assert_eq!([f[0], f[3], f[4], f[5], f[6], f[9]], [0; 6], "{f:?}");
        }
    } else {
        assert!(m1.private() >= m0.private() + 60 * MIB, "private {} -> {}", m0.private(), m1.private());
        assert!(m1.num_page_faults() > m0.num_page_faults());
    }
    drop(std::hint::black_box(block));
    let m3 = me.memory_info().unwrap();
    // (Under Wine the peak is Linux's VmHWM, whose batched counters may sit a little below
    // an earlier VmRSS reading.)
    assert!(
        m3.peak_wset() + MIB >= m1.wset(),
        "the peak working set keeps the allocation: {m1:?} then {m3:?}"
    );
    if !under_wine() {
        assert!(m3.peak_pagefile() >= m1.pagefile());
    }
    // memory_full_info starts with the same fields (psutil's pfullmem).
    if let Ok(full) = me.memory_full_info() {
        assert!(full.peak_wset() >= m3.peak_wset());
    }
}

fn own_io_counters() -> [u64; 6] {
    // SAFETY: all-zero IO_COUNTERS is valid.
    let mut c: IO_COUNTERS = unsafe { std::mem::zeroed() };
    // SAFETY: the pseudo-handle of this process and an out-pointer.
    assert!(unsafe { GetProcessIoCounters(GetCurrentProcess(), &mut c) } != 0);
    [
        c.ReadOperationCount,
        c.WriteOperationCount,
        c.ReadTransferCount,
        c.WriteTransferCount,
        c.OtherOperationCount,
        c.OtherTransferCount,
    ]
}

#[test]
fn io_counters_windows_fields_match_the_call() {
    let _one = serial();
    let me = Process::current().unwrap();
    let dir = Scratch::new("io");
    std::fs::write(dir.0.join("io.txt"), vec![7u8; 1 << 16]).unwrap();
    assert_eq!(std::fs::read(dir.0.join("io.txt")).unwrap().len(), 1 << 16);
    let before = own_io_counters();
    let io = me.io_counters().expect("io_counters");
    let after = own_io_counters();
    let ours =
        [io.read_count, io.write_count, io.read_bytes, io.write_bytes, io.other_count(), io.other_bytes()];
    for (i, ((b, o), a)) in before.iter().zip(&ours).zip(&after).enumerate() {
        assert!(b <= o && o <= a, "field {i}: {before:?} {ours:?} {after:?}");
    }
    if under_wine() {
        // Wine 8.0's GetProcessIoCounters answers zeros: not verified under Wine.
        assert_eq!(ours, [0; 6]);
    } else {
        assert!(io.write_bytes >= 1 << 16 && io.read_bytes >= 1 << 16, "{ours:?}");
    }
}

/// This process's SeDebugPrivilege as its token shows it: "absent", "disabled" or
/// "enabled" (`GetTokenInformation(TokenPrivileges)`, `LookupPrivilegeValueW`).
fn debug_privilege_state() -> &'static str {
    let mut luid = LUID { LowPart: 0, HighPart: 0 };
    // SAFETY: a NUL-terminated name and an out-pointer.
    assert!(unsafe { LookupPrivilegeValueW(null(), SE_DEBUG_NAME, &mut luid) } != 0);
    let mut token: HANDLE = null_mut();
    // SAFETY: the pseudo-handle of this process and an out-pointer.
    assert!(unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } != 0);
    let mut buf = vec![0u32; 1024];
    let mut needed = 0u32;
    // SAFETY: a token opened for query; the buffer is 4-aligned and this many bytes long.
    let ok = unsafe {
        GetTokenInformation(
            token,
            TokenPrivileges,
            buf.as_mut_ptr().cast(),
            (buf.len() * 4) as u32,
            &mut needed,
        )
    };
    // SAFETY: the token this function opened.
    unsafe { CloseHandle(token) };
    assert!(ok != 0, "GetTokenInformation needs {needed} bytes");
    // TOKEN_PRIVILEGES: a count, then (LowPart, HighPart, Attributes) per privilege.
    let count = buf[0] as usize;
    let entry =
        buf[1..].chunks_exact(3).take(count).find(|e| e[0] == luid.LowPart && e[1] as i32 == luid.HighPart);
    match entry {
        None => "absent",
        Some(e) if e[2] & SE_PRIVILEGE_ENABLED != 0 => "enabled",
        Some(_) => "disabled",
    }
}

/// Enables or disables this process's SeDebugPrivilege (`AdjustTokenPrivileges`); a
/// token without it is left as it is.
fn set_debug_privilege(enabled: bool) {
    let mut luid = LUID { LowPart: 0, HighPart: 0 };
    // SAFETY: a NUL-terminated name and an out-pointer.
    assert!(unsafe { LookupPrivilegeValueW(null(), SE_DEBUG_NAME, &mut luid) } != 0);
    let mut token: HANDLE = null_mut();
    // SAFETY: the pseudo-handle of this process and an out-pointer.
    let opened =
        unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &mut token) };
    assert!(opened != 0);
    let wanted = TOKEN_PRIVILEGES {
        PrivilegeCount: 1,
        Privileges: [LUID_AND_ATTRIBUTES {
            Luid: luid,
            Attributes: if enabled { SE_PRIVILEGE_ENABLED } else { 0 },
        }],
    };
    // SAFETY: a token opened to adjust privileges; no previous state asked for.
    unsafe {
        AdjustTokenPrivileges(token, 0, &wanted, 0, null_mut(), null_mut());
        CloseHandle(token);
    }
}

/// The child's body: when the switch is set, print the token's SeDebugPrivilege before
/// and after this process's first call into the library.
#[test]
fn privilege_child_body() {
    if std::env::var(PRIVILEGE_CHILD).as_deref() != Ok("1") {
        return;
    }
    // The test's own AdjustTokenPrivileges turns it off where the token has it enabled
    // already (Wine's does), so that the library's first use has something to change.
    set_debug_privilege(false);
    let before = debug_privilege_state();
    Process::current().expect("first use").name().expect("name");
    let after = debug_privilege_state();
    println!("SEDEBUG before={before} after={after}");
}

#[test]
fn debug_privilege_is_enabled_at_first_use() {
    let _one = serial();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["privilege_child_body", "--exact", "--nocapture", "--test-threads=1"])
        .env(PRIVILEGE_CHILD, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout.lines().find_map(|l| l.split_once("SEDEBUG ").map(|(_, rest)| rest));
    let line = line.unwrap_or_else(|| panic!("{stdout}"));
    let (before, after) = line
        .strip_prefix("before=")
        .and_then(|rest| rest.split_once(" after="))
        .unwrap_or_else(|| panic!("{line}"));
    if before == "absent" {
        // A token without the privilege cannot enable it: the failure is ignored.
        assert_eq!(after, "absent");
    } else {
        assert_eq!(after, "enabled", "{line}");
    }
    if under_wine() {
        // Wine 8.0's default token holds SeDebugPrivilege (enabled from the start; the
        // child turned it off before its first call).
        assert_eq!((before, after), ("disabled", "enabled"));
    }
}

#[test]
fn io_priority_with_the_windows_values() {
    let _one = serial();
    let me = Process::current().unwrap();
    let got = me.io_priority();
    if under_wine() {
        // Wine 8.0: ProcessIoPriority is STATUS_INVALID_INFO_CLASS to query and
        // STATUS_NOT_IMPLEMENTED to set: not verified under Wine.
        assert_eq!(got.expect_err("no I/O priority under Wine").raw_os_error(), Some(87));
        let set = me.set_io_priority(IoPriority::Low).expect_err("no I/O priority under Wine");
        assert_eq!(set.raw_os_error(), Some(1), "{set:?}");
    } else {
        assert_eq!(got.unwrap(), IoPriority::Normal);
        me.set_io_priority(IoPriority::Low).unwrap();
        assert_eq!(me.io_priority().unwrap(), IoPriority::Low);
        assert_eq!(me.ionice().unwrap().ioclass as u32, IoPriority::Low as u32);
        me.set_io_priority(IoPriority::Normal).unwrap();
        assert_eq!(me.io_priority().unwrap(), IoPriority::Normal);
    }
}
