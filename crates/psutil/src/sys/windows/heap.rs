//! Windows backend: this process's heaps (psutil's `heap_info()` and `heap_trim()`, its
//! `arch/windows/heap.c`). psutil walks the C runtime's heap with `_heapwalk`; Rust's
//! allocator and the UCRT both allocate from the process heap, so this walks
//! `GetProcessHeap()` with `HeapWalk`. Regions from `VirtualQuery`, heap handles from
//! `GetProcessHeaps`, trimming with `HeapCompact`. Nothing is kept between calls.

use std::mem::size_of;

use windows_sys::Win32::Foundation::{GetLastError, ERROR_NO_MORE_ITEMS, HANDLE, NO_ERROR};
use windows_sys::Win32::System::Memory::{
    GetProcessHeap, GetProcessHeaps, HeapCompact, HeapLock, HeapUnlock, HeapWalk, VirtualQuery,
    MEMORY_BASIC_INFORMATION, MEM_COMMIT, MEM_PRIVATE, PAGE_READWRITE, PROCESS_HEAP_ENTRY,
};
use windows_sys::Win32::System::SystemServices::PROCESS_HEAP_ENTRY_BUSY;

use super::ffi::{last_error, win32_error};
use crate::host::HeapInfo;
use crate::Result;

/// The Windows-only field of [`HeapInfo`]: psutil's `heap_count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(crate) struct HeapInfoOs {
    /// The heaps of this process (`GetProcessHeaps`): the process heap, the CRT's, and
    /// one per `HeapCreate` not yet destroyed.
    pub(crate) heap_count: u64,
}

/// The heap handles of this process (`GetProcessHeaps`, grown until the list fits).
fn process_heaps() -> Result<Vec<HANDLE>> {
    // SAFETY: a count probe with no buffer.
    let mut count = unsafe { GetProcessHeaps(0, std::ptr::null_mut()) };
    for _ in 0..8 {
        if count == 0 {
            return Err(last_error("GetProcessHeaps"));
        }
        let mut heaps: Vec<HANDLE> = vec![std::ptr::null_mut(); count as usize];
        // SAFETY: the buffer holds `count` handles.
        let written = unsafe { GetProcessHeaps(count, heaps.as_mut_ptr()) };
        if written == 0 {
            return Err(last_error("GetProcessHeaps"));
        }
        if written <= count {
            heaps.truncate(written as usize);
            return Ok(heaps);
        }
        count = written;
    }
    Err(last_error("GetProcessHeaps"))
}

/// The bytes of the busy blocks of the process heap (`HeapWalk` under `HeapLock`, so
/// that other threads' allocations wait for the walk; nothing is allocated during it).
fn process_heap_used() -> Result<u64> {
    // SAFETY: no arguments; the process heap lives as long as the process.
    let heap = unsafe { GetProcessHeap() };
    if heap.is_null() {
        return Err(last_error("GetProcessHeap"));
    }
    // SAFETY: a valid heap handle; unlocked below on every path.
    if unsafe { HeapLock(heap) } == 0 {
        return Err(last_error("HeapLock"));
    }
    let mut used = 0u64;
    // SAFETY: a zeroed entry (lpData NULL) starts the walk.
    let mut entry: PROCESS_HEAP_ENTRY = unsafe { std::mem::zeroed() };
    // SAFETY: a valid, locked heap and an entry the walk owns.
    let code = loop {
        if unsafe { HeapWalk(heap, &mut entry) } == 0 {
            // SAFETY: reads this thread's last error.
            break unsafe { GetLastError() };
        }
        if u32::from(entry.wFlags) & PROCESS_HEAP_ENTRY_BUSY != 0 {
            used += u64::from(entry.cbData);
        }
    };
    // SAFETY: the lock taken above.
    unsafe { HeapUnlock(heap) };
    if code != ERROR_NO_MORE_ITEMS {
        return Err(win32_error("HeapWalk", code));
    }
    Ok(used)
}

/// psutil's `mmap_used`: committed private read-write regions (`VirtualQuery` over the
/// whole address space) that no heap owns, i.e. `VirtualAlloc`'d memory: large heap
/// blocks, thread stacks and direct allocations.
fn virtual_alloc_bytes(heaps: &[HANDLE]) -> u64 {
    let mut total = 0u64;
    let mut addr = 0usize;
    loop {
        // SAFETY: MEMORY_BASIC_INFORMATION is plain data, filled by the call.
        let mut mbi: MEMORY_BASIC_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: any address may be queried; the out-struct has the size given.
        let n = unsafe { VirtualQuery(addr as *const _, &mut mbi, size_of::<MEMORY_BASIC_INFORMATION>()) };
        if n != size_of::<MEMORY_BASIC_INFORMATION>() || mbi.RegionSize == 0 {
            return total;
        }
        if mbi.State == MEM_COMMIT
            && mbi.Type == MEM_PRIVATE
            && mbi.AllocationProtect & PAGE_READWRITE != 0
            && !heaps.contains(&mbi.AllocationBase)
        {
            total += mbi.RegionSize as u64;
        }
        match (mbi.BaseAddress as usize).checked_add(mbi.RegionSize) {
            Some(next) if next > addr => addr = next,
            _ => return total,
        }
    }
}

/// psutil's `heap_info()` on Windows: (busy bytes of the process heap, `VirtualAlloc`'d
/// bytes, number of heaps).
pub(crate) fn heap_info() -> Result<HeapInfo> {
    let heaps = process_heaps()?;
    let heap_used = process_heap_used()?;
    let mmap_used = virtual_alloc_bytes(&heaps);
    Ok(HeapInfo { heap_used, mmap_used, os: HeapInfoOs { heap_count: heaps.len() as u64 } })
}

/// psutil's `heap_trim()` on Windows: `HeapCompact(GetProcessHeap(), 0)`, which coalesces
/// free blocks and decommits large free ones. A 0 result with an error set is an error.
pub(crate) fn heap_trim() -> Result<()> {
    // SAFETY: no arguments.
    let heap = unsafe { GetProcessHeap() };
    if heap.is_null() {
        return Err(last_error("GetProcessHeap"));
    }
    // SAFETY: clears this thread's last error, so that a 0 result can be told apart.
    unsafe { windows_sys::Win32::Foundation::SetLastError(NO_ERROR) };
    // SAFETY: a valid heap handle.
    if unsafe { HeapCompact(heap, 0) } == 0 {
        // SAFETY: reads this thread's last error.
        let code = unsafe { GetLastError() };
        if code != NO_ERROR {
            return Err(win32_error("HeapCompact", code));
        }
    }
    Ok(())
}
