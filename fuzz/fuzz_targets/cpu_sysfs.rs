//! The CPU files of `/sys/devices/system/cpu`: the `online` list count (additive over a
//! repeated list), cpufreq integers (round trip), and the affinity mask's CPU list.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    if let Some(n) = f::cpu_list_count(data) {
        assert!(data.ends_with(b"\n"));
        let list = &data[..data.len() - 1];
        let mut twice = list.to_vec();
        twice.push(b',');
        twice.extend_from_slice(list);
        twice.push(b'\n');
        assert_eq!(f::cpu_list_count(&twice), n.checked_add(n), "count of a list given twice");
    }
    if let Ok(v) = f::sysfs_int(data) {
        assert_eq!(f::sysfs_int(format!("{v}\n").as_bytes()).ok(), Some(v));
    }
    let mask: Vec<u64> =
        data.chunks_exact(8).map(|c| u64::from_ne_bytes(c.try_into().expect("8 bytes"))).collect();
    let cpus = f::mask_to_cpus(&mask);
    assert_eq!(cpus.len(), mask.iter().map(|w| w.count_ones() as usize).sum::<usize>());
    assert!(cpus.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
    for c in cpus {
        assert!(mask[c / 64] & (1 << (c % 64)) != 0);
    }
});
