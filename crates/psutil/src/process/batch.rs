//! Lookups that are the same for every process of one batch (a [`process_iter_with`]
//! pass, an [`as_dict_many`] call) are made once per batch: today the user name of each
//! uid, which otherwise re-reads the passwd database for every process.
//!
//! The memo is per thread and lives only while the batch runs, so a user renamed between
//! two scans is seen by the next one, as with psutil.
//!
//! [`process_iter_with`]: crate::process_iter_with
//! [`as_dict_many`]: crate::as_dict_many

use std::cell::RefCell;
use std::collections::HashMap;

use crate::sys::process as imp;

type UserNames = HashMap<u32, Option<String>>;

thread_local! {
    static USER_NAMES: RefCell<Option<UserNames>> = const { RefCell::new(None) };
}

/// Runs `f` as one batch: inside it, each uid's user name is looked up once. Nested
/// batches share the outer one's memo.
pub(crate) fn in_batch<T>(f: impl FnOnce() -> T) -> T {
    struct End(bool);
    impl Drop for End {
        fn drop(&mut self) {
            if self.0 {
                USER_NAMES.with(|m| m.borrow_mut().take());
            }
        }
    }
    let opened = USER_NAMES.with(|m| {
        let mut m = m.borrow_mut();
        let fresh = m.is_none();
        if fresh {
            *m = Some(HashMap::new());
        }
        fresh
    });
    let _end = End(opened);
    f()
}

/// The user name of `uid` (none without a passwd entry), from the batch memo when a batch
/// runs on this thread.
#[cfg_attr(all(windows, not(psutil_unsupported)), allow(dead_code))]
pub(crate) fn user_name(uid: u32) -> Option<String> {
    let memo = USER_NAMES.with(|m| m.borrow().as_ref().map(|names| names.get(&uid).cloned()));
    match memo {
        Some(Some(known)) => known,
        Some(None) => {
            let name = imp::user_name(uid);
            USER_NAMES.with(|m| {
                if let Some(names) = m.borrow_mut().as_mut() {
                    names.insert(uid, name.clone());
                }
            });
            name
        }
        None => imp::user_name(uid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memo_len() -> Option<usize> {
        USER_NAMES.with(|m| m.borrow().as_ref().map(HashMap::len))
    }

    #[test]
    fn memo_lives_only_inside_the_outer_batch() {
        assert_eq!(memo_len(), None);
        let name = in_batch(|| {
            let first = user_name(0);
            assert_eq!(memo_len(), Some(1));
            in_batch(|| assert_eq!(user_name(0), first));
            assert_eq!(memo_len(), Some(1), "the nested batch kept the outer memo");
            first
        });
        assert_eq!(memo_len(), None);
        assert_eq!(user_name(0), name, "memoized and direct lookups agree");
    }

    #[test]
    fn memo_is_dropped_when_the_batch_panics() {
        let caught = std::panic::catch_unwind(|| in_batch(|| panic!("boom")));
        assert!(caught.is_err());
        assert_eq!(memo_len(), None);
    }
}
