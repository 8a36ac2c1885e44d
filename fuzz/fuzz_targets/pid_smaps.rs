//! `/proc/<pid>/smaps`: the one-pass grouping `memory_maps(grouped=True)` uses must equal
//! the per-mapping parse grouped afterwards (psutil's algorithm), errors included; the
//! rows keep every mapping's numbers; psutil's regex totals are whole KiB.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let mappings = f::pid_smaps(data);
    let rows = f::pid_memory_maps(data);
    let slow = rows.as_ref().map_err(|_| ()).and_then(|r| f::group_memory_maps(r.clone()).map_err(|_| ()));
    let fast = f::pid_memory_maps_grouped(data);
    assert_eq!(mappings.is_ok(), rows.is_ok());
    match (&fast, &slow) {
        (Ok((fast, _)), Ok(slow)) => assert_eq!(fast, slow, "one-pass grouping differs"),
        (Err(_), Err(_)) => {}
        _ => panic!("grouping outcomes differ: fast {:?}, slow {:?}", fast.is_ok(), slow.is_ok()),
    }
    if let (Ok(mappings), Ok(rows)) = (&mappings, &rows) {
        assert_eq!(mappings.len(), rows.len());
        for (m, r) in mappings.iter().zip(rows) {
            assert!(!m.path.is_empty(), "a mapping without a path ([anon] expected)");
            assert_eq!(r.rss, m.fields[0]);
            assert!(m.fields.iter().all(|v| v % 1024 == 0), "smaps values are kB x 1024");
        }
        if let Ok((grouped, Some(_))) = &fast {
            let grouped_rss = grouped.iter().try_fold(0u64, |a, g| a.checked_add(g.rss));
            let mapped_rss = mappings.iter().try_fold(0u64, |a, m| a.checked_add(m.fields[0]));
            assert_eq!(grouped_rss, mapped_rss, "grouping lost rss");
        }
    }
    if let Ok(t) = f::pid_smaps_totals(data) {
        assert!(t.iter().all(|v| v % 1024 == 0), "totals are kB x 1024");
    }
});
