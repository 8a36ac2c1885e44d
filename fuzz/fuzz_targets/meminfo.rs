//! `/proc/meminfo`: the parsed values round-trip through the kernel's format, and
//! `virtual_memory()`/`swap_memory()` built from them keep psutil's invariants
//! (available <= total unless it is a bogus free, used = total - available, percents in
//! 0..=100).
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

const KEYS: [&str; 18] = [
    "MemTotal",
    "MemFree",
    "MemAvailable",
    "Buffers",
    "Cached",
    "SReclaimable",
    "Shmem",
    "MemShared",
    "Active",
    "Inactive",
    "Inact_dirty",
    "Inact_clean",
    "Inact_laundry",
    "Slab",
    "Active(file)",
    "Inactive(file)",
    "SwapTotal",
    "SwapFree",
];

fn percent_ok(p: f64) -> bool {
    p.is_finite() && (0.0..=100.0).contains(&p)
}

fuzz_target!(|data: &[u8]| {
    let Ok(values) = f::meminfo(data) else {
        assert!(f::virtual_memory(data, None).is_err());
        return;
    };
    let mut text = String::new();
    for (k, v) in KEYS.iter().zip(values) {
        if let Some(v) = v {
            assert_eq!(v % 1024, 0, "{k} is kB x 1024");
            text.push_str(&format!("{k}:{:>16} kB\n", v / 1024));
        }
    }
    assert_eq!(f::meminfo(text.as_bytes()).ok(), Some(values), "round trip");

    let zone = data.len() as u64 * 7;
    for zone in [None, Some(0), Some(zone)] {
        match f::virtual_memory(data, zone) {
            Ok(vm) => {
                assert_eq!(Some(vm.total), values[0]);
                assert_eq!(Some(vm.free), values[1]);
                // psutil: an estimate above total is replaced by free, which a broken
                // kernel may report above total too; used stops at 0 then.
                assert!(vm.available <= vm.total || vm.available == vm.free, "available > total");
                assert_eq!(vm.used, vm.total.saturating_sub(vm.available));
                assert!(percent_ok(vm.percent), "percent {}", vm.percent);
            }
            Err(_) => assert!(values[0].is_none() || values[1].is_none(), "MemTotal and MemFree present"),
        }
    }
    let sm = f::swap_memory(data, b"pswpin 3\npswpout 4\n", (10 << 20, 4 << 20)).expect("meminfo parsed");
    assert!(sm.used <= sm.total && percent_ok(sm.percent));
    assert_eq!((sm.sin, sm.sout), (3 * 4096, 4 * 4096));
    if let (Some(t), Some(fr)) = (values[16], values[17]) {
        assert_eq!((sm.total, sm.free), (t, fr));
    } else {
        assert_eq!((sm.total, sm.free), (10 << 20, 4 << 20), "sysinfo fallback");
    }
});
