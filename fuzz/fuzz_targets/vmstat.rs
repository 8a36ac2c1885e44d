//! `/proc/vmstat`: `pswpin`/`pswpout` are pages x 4096 and round-trip; `swap_memory()`
//! takes them as they are.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let parsed = f::vmstat_swap(data);
    let swap = f::swap_memory(b"SwapTotal: 8 kB\nSwapFree: 2 kB\n", data, (0, 0));
    assert_eq!(parsed.is_ok(), swap.is_ok());
    let Ok(parsed) = parsed else { return };
    let sm = swap.expect("checked above");
    match parsed {
        Some((sin, sout)) => {
            assert!(sin % 4096 == 0 && sout % 4096 == 0);
            assert_eq!((sm.sin, sm.sout), (sin, sout));
            let text = format!("nr_free_pages 1\npswpin {}\npswpout {}\n", sin / 4096, sout / 4096);
            assert_eq!(f::vmstat_swap(text.as_bytes()).ok(), Some(Some((sin, sout))), "round trip");
        }
        None => assert_eq!((sm.sin, sm.sout), (0, 0)),
    }
    assert_eq!((sm.total, sm.used, sm.free), (8192, 6144, 2048));
});
