//! `/sys/class/power_supply` values: the first byte says which files exist, the rest holds
//! their texts separated by NUL (energy_now, power_now, energy_full, time_to_empty_now,
//! capacity, AC online, status). A battery has a finite percent and psutil's secsleft
//! rules (UNLIMITED when plugged, else >= 0 or UNKNOWN).
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;
use psutil_rs::PowerTime;

fuzz_target!(|data: &[u8]| {
    let Some((&present, rest)) = data.split_first() else { return };
    let mut parts = rest.split(|&b| b == 0);
    let files: [Option<&[u8]>; 7] = std::array::from_fn(|i| parts.next().filter(|_| present & (1 << i) != 0));
    let Ok(Some(b)) = f::battery(files) else { return };
    assert!(b.percent.is_finite(), "percent {}", b.percent);
    if b.power_plugged == Some(true) {
        assert_eq!(b.secsleft, PowerTime::UNLIMITED);
    } else {
        assert!(b.secsleft >= 0 || b.secsleft == PowerTime::UNKNOWN, "secsleft {}", b.secsleft);
    }
});
