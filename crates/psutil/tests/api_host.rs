//! Portable invariants of `boot_time` and `users`. Not gated to Linux.

mod common;

#[test]
fn boot_time_is_in_the_past() {
    let boot = psutil_rs::boot_time().expect("boot_time");
    let now = common::now();
    assert!(boot > 0.0 && boot < now, "boot {boot}, now {now}");
    // Our own process started after the boot.
    let started = psutil_rs::Process::current().expect("current").create_time().expect("create_time");
    assert!(started >= boot - 1.0, "started {started} before boot {boot}");
}

#[test]
fn users_have_names_and_times() {
    for u in psutil_rs::users().expect("users") {
        assert!(!u.name.is_empty(), "{u:?}");
        assert!(u.started <= common::now() + 1.0, "{u:?}");
    }
}
