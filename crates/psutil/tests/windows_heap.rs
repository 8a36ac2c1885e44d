//! `heap_info()` / `heap_trim()` on Windows against allocations the test makes itself
//! with the Win32 calls psutil's own `test_heap.py` uses: a block of the process heap
//! (`HeapAlloc`), a private region (`VirtualAlloc`), a private heap (`HeapCreate`), and a
//! large Rust allocation. One test in its own binary, so that no other test allocates
//! between two readings; a reading disturbed anyway is retried, as psutil's tests do.
#![cfg(windows)]

use psutil_rs::os::windows::HeapInfoExt;
use psutil_rs::{heap_info, heap_trim, HeapInfo};
use windows_sys::Win32::System::Memory::{
    GetProcessHeap, HeapAlloc, HeapCreate, HeapDestroy, HeapFree, VirtualAlloc, VirtualFree, MEM_COMMIT,
    MEM_RELEASE, MEM_RESERVE, PAGE_READWRITE,
};

const HEAP_SIZE: usize = 64 * 1024;
const MMAP_SIZE: usize = 64 * 1024 * 1024;

fn info() -> HeapInfo {
    heap_info().expect("heap_info")
}

/// Runs `check` up to 3 times, until it returns no complaint.
fn retried(what: &str, mut check: impl FnMut() -> Option<String>) {
    for attempt in 1..=3 {
        match check() {
            None => return,
            Some(why) if attempt < 3 => eprintln!("{what}: retrying after: {why}"),
            Some(why) => panic!("{what}: {why}"),
        }
    }
}

#[test]
fn heap_figures_follow_known_allocations() {
    heap_trim().expect("heap_trim");

    // psutil's TestHeapWindows.test_heap_used: HeapAlloc without HeapFree.
    retried("HeapAlloc", || {
        // SAFETY: the process heap; the block is freed below.
        let heap = unsafe { GetProcessHeap() };
        let before = info();
        // SAFETY: a valid heap, no flags.
        let block = unsafe { HeapAlloc(heap, 0, HEAP_SIZE) };
        assert!(!block.is_null(), "HeapAlloc failed");
        let during = info();
        // SAFETY: the block allocated above.
        unsafe { HeapFree(heap, 0, block) };
        let after = info();
        let grew = during.heap_used as i64 - before.heap_used as i64;
        (grew != HEAP_SIZE as i64 || after.heap_used != before.heap_used)
            .then(|| format!("heap_used {} -> {} -> {}", before.heap_used, during.heap_used, after.heap_used))
    });

    // psutil's test_mmap_used: VirtualAlloc without VirtualFree.
    retried("VirtualAlloc", || {
        let before = info();
        // SAFETY: a fresh committed read-write region, released below.
        let region =
            unsafe { VirtualAlloc(std::ptr::null(), MMAP_SIZE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE) };
        assert!(!region.is_null(), "VirtualAlloc failed");
        let during = info();
        // SAFETY: the region allocated above, released whole.
        unsafe { VirtualFree(region, 0, MEM_RELEASE) };
        let after = info();
        let grew = during.mmap_used as i64 - before.mmap_used as i64;
        (grew != MMAP_SIZE as i64 || after.mmap_used != before.mmap_used)
            .then(|| format!("mmap_used {} -> {} -> {}", before.mmap_used, during.mmap_used, after.mmap_used))
    });

    // psutil's test_heap_count: HeapCreate without HeapDestroy.
    let before = info().heap_count();
    assert!(before >= 1, "the process heap at least");
    // SAFETY: a new growable private heap, destroyed below.
    let private = unsafe { HeapCreate(0, HEAP_SIZE, 0) };
    assert!(!private.is_null(), "HeapCreate failed");
    let during = info().heap_count();
    // SAFETY: the heap created above.
    unsafe { HeapDestroy(private) };
    assert_eq!((during, info().heap_count()), (before + 1, before));

    // A large Rust allocation (the process heap hands it its own region) moves mmap_used
    // by its size, give or take the region's rounding to pages and the block header.
    retried("Vec", || {
        let before = info();
        let big = vec![1u8; MMAP_SIZE];
        let during = info();
        drop(std::hint::black_box(big));
        let grew = during.mmap_used as i64 - before.mmap_used as i64;
        let expected = MMAP_SIZE as i64..=MMAP_SIZE as i64 + (1 << 20);
        (!expected.contains(&grew)).then(|| format!("mmap_used {} -> {}", before.mmap_used, during.mmap_used))
    });
    heap_trim().expect("heap_trim after");
}
