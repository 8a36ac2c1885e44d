//! A process's handles (psutil's `arch/windows/proc_handles.c`): the system-wide list
//! (`NtQuerySystemInformation(SystemExtendedHandleInformation)`), each of the process's
//! handles duplicated into this process (`DuplicateHandle`), and the NT names of those
//! that are disk files (`GetFileType`, `NtQueryObject(ObjectNameInformation)`).
//!
//! Those two calls can block for ever on a handle with synchronous I/O pending (a pipe
//! being read), so, as psutil does, they run on a worker thread and the caller waits at
//! most 100 ms per handle; a worker that does not answer is ended with `TerminateThread`
//! and a new one takes the remaining handles. The worker runs no code that allocates or
//! takes a lock: it makes those two calls into a buffer the caller owns and signals an
//! event. The worker, its two events and every duplicated handle are closed before the
//! call returns.

use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

use windows_sys::Wdk::Foundation::NtQueryObject;
use windows_sys::Win32::Foundation::{DuplicateHandle, DUPLICATE_SAME_ACCESS, HANDLE, WAIT_OBJECT_0};
use windows_sys::Win32::Storage::FileSystem::{GetFileType, QueryDosDeviceW, FILE_TYPE_DISK};
use windows_sys::Win32::System::Threading::{
    CreateEventW, CreateThread, GetCurrentProcess, SetEvent, TerminateThread, WaitForSingleObject, INFINITE,
    PROCESS_DUP_HANDLE, PROCESS_QUERY_INFORMATION,
};

use super::ffi::{last_error, nt_error, query_system_information};
use super::handle::{open_process, ProcessHandle};
use super::handle_list;
use crate::{Error, Pid, Result};

/// `SystemExtendedHandleInformation` (not in windows-sys).
const SYSTEM_EXTENDED_HANDLE_INFORMATION: i32 = 64;
/// `ObjectNameInformation` (not in windows-sys).
const OBJECT_NAME_INFORMATION: i32 = 1;
/// psutil's first buffer for the handle list.
const HANDLE_LIST_INITIAL: usize = 0x10000;
/// psutil's wait for one handle's name.
const NAME_TIMEOUT_MS: u32 = 100;
/// How long a worker may take to start, or to end once told or terminated.
const WORKER_GRACE_MS: u32 = 5000;
/// An `OBJECT_NAME_INFORMATION` with the longest `UNICODE_STRING` (65535 bytes) and its
/// NUL, in 8-byte words: one call always fits.
const NAME_BUF_WORDS: usize = (16 + 65536 + 8) / 8;
/// The worker's answer for a handle that is not a disk file.
const NOT_A_DISK_FILE: i32 = i32::MIN;

/// The system-wide handle list (grown as the call asks).
fn handle_list() -> Result<Vec<u8>> {
    query_system_information(SYSTEM_EXTENDED_HANDLE_INFORMATION, HANDLE_LIST_INITIAL)
}

/// How many handles `pid` holds, counted in the system-wide handle list.
pub(crate) fn count_of(pid: Pid) -> Result<u64> {
    Ok(handle_list::count_of(&handle_list()?, u64::from(pid)))
}

/// What the caller and the worker share. It lives (in a `Box`) until the worker has
/// ended; the events order every access to `handle`, `status` and the name buffer.
struct Shared {
    /// Signalled by the caller: a handle is in `handle` (null: end).
    go: HANDLE,
    /// Signalled by the worker: ready, or the answer is in `status` and `name`.
    done: HANDLE,
    handle: AtomicUsize,
    status: AtomicI32,
    name: *mut u64,
}

/// The worker's body: only Win32/NT calls and atomics, no allocation, no lock.
unsafe extern "system" fn name_worker(param: *mut c_void) -> u32 {
    // SAFETY: `param` is the `Shared` the caller keeps alive until this thread has ended.
    let shared = unsafe { &*(param as *const Shared) };
    loop {
        // SAFETY: an event handle that outlives this thread.
        unsafe { SetEvent(shared.done) };
        // SAFETY: as above.
        if unsafe { WaitForSingleObject(shared.go, INFINITE) } != WAIT_OBJECT_0 {
            return 1;
        }
        let h = shared.handle.load(Ordering::Acquire) as HANDLE;
        if h.is_null() {
            return 0;
        }
        // SAFETY: a handle the caller duplicated and keeps open while this runs.
        let status = if unsafe { GetFileType(h) } != FILE_TYPE_DISK {
            NOT_A_DISK_FILE
        } else {
            let mut returned = 0u32;
            let bytes = (NAME_BUF_WORDS * 8) as u32;
            // SAFETY: the name buffer holds `bytes` bytes, 8-aligned, and only this thread
            // touches it until it signals `done`.
            unsafe { NtQueryObject(h, OBJECT_NAME_INFORMATION, shared.name.cast(), bytes, &mut returned) }
        };
        shared.status.store(status, Ordering::Release);
    }
}

/// A worker thread and what it shares with the caller, for one `open_files` call.
struct Worker {
    thread: HANDLE,
    shared: *mut Shared,
    name: *mut [u64],
}

/// What the worker said of one handle.
enum Answer {
    /// A disk file with this NT name (`None`: an empty name).
    File(Option<Vec<u16>>),
    /// Not a disk file.
    Other,
    /// The name query failed with this NTSTATUS.
    Failed(i32),
    /// No answer within the timeout (the worker was ended).
    Hung,
}

fn new_event() -> Result<ProcessHandle> {
    // SAFETY: an unnamed auto-reset event, unsignalled.
    let h = unsafe { CreateEventW(null(), 0, 0, null()) };
    if h.is_null() {
        return Err(last_error("CreateEventW"));
    }
    Ok(ProcessHandle::adopt(h))
}

impl Worker {
    /// Creates the events and the thread (`CreateThread`) and waits until it is ready.
    fn start() -> Result<Worker> {
        let (go, done) = (new_event()?, new_event()?);
        let name = Box::into_raw(vec![0u64; NAME_BUF_WORDS].into_boxed_slice());
        let shared = Box::into_raw(Box::new(Shared {
            go: go.raw(),
            done: done.raw(),
            handle: AtomicUsize::new(0),
            status: AtomicI32::new(0),
            name: name.cast(),
        }));
        // SAFETY: `shared` stays valid until the thread has ended (see `Drop`).
        let thread =
            unsafe { CreateThread(null(), 0, Some(name_worker), shared as *const c_void, 0, null_mut()) };
        if thread.is_null() {
            let e = last_error("CreateThread");
            // SAFETY: no thread uses them: both boxes are ours again.
            unsafe { drop((Box::from_raw(shared), Box::from_raw(name))) };
            return Err(e);
        }
        // The events now belong to the worker; `Drop` closes them once it has ended.
        std::mem::forget((go, done));
        let worker = Worker { thread, shared, name };
        // SAFETY: an event that lives as long as `worker`.
        if unsafe { WaitForSingleObject(worker.shared().done, WORKER_GRACE_MS) } != WAIT_OBJECT_0 {
            return Err(Error::io("CreateThread", std::io::Error::from(std::io::ErrorKind::TimedOut)));
        }
        Ok(worker)
    }

    fn shared(&self) -> &Shared {
        // SAFETY: valid while `self` lives.
        unsafe { &*self.shared }
    }

    /// Asks the worker for the type and name of `h`, waiting at most 100 ms.
    fn ask(&self, h: HANDLE) -> Answer {
        let s = self.shared();
        s.handle.store(h as usize, Ordering::Release);
        // SAFETY: events that live as long as `self`.
        let answered =
            unsafe { SetEvent(s.go) != 0 && WaitForSingleObject(s.done, NAME_TIMEOUT_MS) == WAIT_OBJECT_0 };
        if !answered {
            return Answer::Hung;
        }
        match s.status.load(Ordering::Acquire) {
            NOT_A_DISK_FILE => Answer::Other,
            status if status < 0 => Answer::Failed(status),
            _ => {
                // SAFETY: the worker is waiting for `go` again: the buffer is ours to read.
                let buf = unsafe { &*self.name };
                // SAFETY: plain bytes of the same allocation.
                let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), buf.len() * 8) };
                Answer::File(handle_list::object_name(bytes, buf.as_ptr() as usize))
            }
        }
    }

    /// Ends the thread: told to stop, or terminated when it does not answer; true once
    /// it has ended.
    fn end(&self, hung: bool) -> bool {
        let s = self.shared();
        // SAFETY: handles that live as long as `self`.
        unsafe {
            if !hung {
                s.handle.store(0, Ordering::Release);
                SetEvent(s.go);
                if WaitForSingleObject(self.thread, WORKER_GRACE_MS) == WAIT_OBJECT_0 {
                    return true;
                }
            }
            TerminateThread(self.thread, 0);
            WaitForSingleObject(self.thread, WORKER_GRACE_MS) == WAIT_OBJECT_0
        }
    }

    /// Ends a worker that did not answer and frees what it held.
    fn kill(self) {
        self.finish(true);
    }

    fn finish(self, hung: bool) {
        let ended = self.end(hung);
        let this = std::mem::ManuallyDrop::new(self);
        if !ended {
            // A thread that outlives every attempt to end it may still write to what it
            // was given: that memory and its events are left to it (never seen here).
            return;
        }
        // SAFETY: the thread has ended: nothing else uses these any more.
        unsafe {
            let shared = Box::from_raw(this.shared);
            drop((ProcessHandle::adopt(shared.go), ProcessHandle::adopt(shared.done)));
            drop(Box::from_raw(this.name));
            drop(ProcessHandle::adopt(this.thread));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let w = Worker { thread: self.thread, shared: self.shared, name: self.name };
        w.finish(false);
    }
}

/// `DuplicateHandle` of a handle of `process` into this process (same access, not
/// inheritable); `None` when it cannot be duplicated (psutil skips those).
fn duplicate(process: &ProcessHandle, value: u64) -> Option<ProcessHandle> {
    let mut dup: HANDLE = null_mut();
    // SAFETY: a valid process handle opened with PROCESS_DUP_HANDLE and an out-pointer.
    let ok = unsafe {
        DuplicateHandle(
            process.raw(),
            value as usize as HANDLE,
            GetCurrentProcess(),
            &mut dup,
            0,
            0,
            DUPLICATE_SAME_ACCESS,
        )
    };
    (ok != 0 && !dup.is_null()).then(|| ProcessHandle::adopt(dup))
}

/// The NT names of the disk files `pid` holds open, in the handle list's order (psutil's
/// `proc_open_files`). A handle whose name does not come within 100 ms is skipped, as in
/// psutil; a failed name query fails the call, as psutil's.
pub(crate) fn open_file_names(pid: Pid) -> Result<Vec<String>> {
    let process = open_process(pid, PROCESS_DUP_HANDLE | PROCESS_QUERY_INFORMATION)?;
    let values = handle_list::handles_of(&handle_list()?, u64::from(pid));
    let mut names = Vec::new();
    let mut worker: Option<Worker> = None;
    for value in values {
        let Some(dup) = duplicate(&process, value) else { continue };
        let w = match worker.take() {
            Some(w) => w,
            None => Worker::start()?,
        };
        match w.ask(dup.raw()) {
            Answer::File(Some(name)) => names.push(String::from_utf16_lossy(&name)),
            Answer::File(None) | Answer::Other => {}
            Answer::Failed(status) => return Err(nt_error("NtQueryObject", status)),
            Answer::Hung => {
                w.kill();
                continue;
            }
        }
        worker = Some(w);
    }
    Ok(names)
}

/// Each drive letter with its device (`QueryDosDeviceW("X:")`'s first target), for
/// [`handle_list::convert_dos_path`].
pub(crate) fn dos_devices() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut target = vec![0u16; 1024];
    for letter in b'A'..=b'Z' {
        let drive = format!("{}:", letter as char);
        let wide: Vec<u16> = drive.encode_utf16().chain(std::iter::once(0)).collect();
        // SAFETY: a NUL-terminated name and a buffer of the length passed.
        let n = unsafe { QueryDosDeviceW(wide.as_ptr(), target.as_mut_ptr(), target.len() as u32) } as usize;
        if n == 0 {
            continue;
        }
        let first = target[..n.min(target.len())].split(|&u| u == 0).next().unwrap_or(&[]);
        out.push((drive, String::from_utf16_lossy(first)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker tells a process handle from a file, then ends when told.
    #[test]
    fn a_worker_answers_and_ends() {
        let w = Worker::start().expect("worker");
        // SAFETY: the pseudo-handle of this process: not a file.
        assert!(matches!(w.ask(unsafe { GetCurrentProcess() }), Answer::Other));
        assert!(w.end(false));
    }

    /// The path taken when a name query hangs: the worker is terminated, has ended once
    /// `end` returns, and a new one answers.
    #[test]
    fn a_terminated_worker_ends_and_another_takes_over() {
        let w = Worker::start().expect("worker");
        assert!(w.end(true), "TerminateThread ended the worker");
        // SAFETY: a thread handle `w` still owns.
        assert_eq!(unsafe { WaitForSingleObject(w.thread, 0) }, WAIT_OBJECT_0);
        w.kill();
        let next = Worker::start().expect("a new worker");
        // SAFETY: the pseudo-handle of this process: not a file.
        assert!(matches!(next.ask(unsafe { GetCurrentProcess() }), Answer::Other));
    }
}
