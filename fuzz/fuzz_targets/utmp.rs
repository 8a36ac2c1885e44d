//! utmp records (`/var/run/utmp`, `struct utmpx`): only whole records count, users are
//! additive over concatenated files, and the fields keep psutil's rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let users = f::utmp(data);
    assert!(users.len() <= data.len() / f::UTMP_RECORD_LEN);
    for u in &users {
        assert!(!u.host.is_empty(), "an empty host is 'localhost'");
        assert!(!u.name.contains('\0') && !u.host.contains('\0'));
        assert!(u.terminal.as_deref().is_none_or(|t| !t.is_empty() && !t.contains('\0')));
        assert!(u.started.is_finite());
    }
    let whole = data.len() / f::UTMP_RECORD_LEN * f::UTMP_RECORD_LEN;
    let mut twice = data[..whole].to_vec();
    twice.extend_from_slice(data);
    let again = f::utmp(&twice);
    assert_eq!(again.len(), 2 * users.len());
    assert_eq!(&again[users.len()..], &users[..]);
});
