//! `/proc/zoneinfo`: the `low` watermark sum is additive over concatenated files, and
//! `virtual_memory()` takes any sum without breaking its invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let Ok(sum) = f::zoneinfo_low(data) else { return };
    let mut twice = data.to_vec();
    twice.push(b'\n');
    twice.extend_from_slice(data);
    assert_eq!(f::zoneinfo_low(&twice).ok(), sum.checked_add(sum), "sum over two copies");
    let meminfo = b"MemTotal: 1000000 kB\nMemFree: 1000 kB\nActive(file): 5000 kB\nInactive(file): 7000 kB\nSReclaimable: 900 kB\nCached: 100 kB\n";
    let vm = f::virtual_memory(meminfo, Some(sum)).expect("a complete meminfo");
    assert!(vm.available <= vm.total && vm.used == vm.total - vm.available);
});
