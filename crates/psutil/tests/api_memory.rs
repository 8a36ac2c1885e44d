//! Portable invariants of `virtual_memory` and `swap_memory`. Not gated to Linux.

mod common;

use common::is_percent;

#[test]
fn virtual_memory_is_consistent() {
    let m = psutil_rs::virtual_memory().expect("virtual_memory");
    assert!(m.total > 0);
    assert!(m.used <= m.total, "used {} > total {}", m.used, m.total);
    assert!(m.available <= m.total, "available {} > total {}", m.available, m.total);
    assert!(m.free <= m.total);
    assert!(is_percent(m.percent), "{}", m.percent);
    // This test's own memory is part of what is in use.
    let rss = psutil_rs::Process::current().expect("current").memory_info().expect("memory_info").rss;
    assert!(rss > 0 && rss <= m.total);
}

#[test]
fn swap_memory_is_consistent() {
    if common::under_wine() {
        // Wine 8.0 has no SystemPageFileInformation: ERROR_INVALID_PARAMETER.
        let e = psutil_rs::swap_memory().expect_err("no paging-file information under Wine");
        assert_eq!(e.raw_os_error(), Some(87), "{e:?}");
        return;
    }
    let s = psutil_rs::swap_memory().expect("swap_memory");
    assert!(s.used <= s.total && s.free <= s.total, "{s:?}");
    assert!(is_percent(s.percent));
    if s.total == 0 {
        assert_eq!(s.percent, 0.0);
    }
}
