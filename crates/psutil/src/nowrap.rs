//! psutil's `wrap_numbers`: undoing counter overflow in `disk_io_counters` and
//! `net_io_counters` (`nowrap=True`).
//!
//! Kernel counters are fixed-width and wrap back to zero (or restart when a driver is
//! reloaded). psutil remembers the previous raw value of every (key, field); when a raw
//! value is lower than the previous one it adds the previous value to a per-(key, field)
//! "reminder", and returns `raw + reminder` from then on. A key seen for the first time
//! passes through unchanged; the reminders of a key that disappears are dropped; the
//! first call returns its input unchanged.
//!
//! [`WrapCorrector`] is that algorithm for one stream of samples, with no I/O and no global
//! state. [`WrapNumbers`] is a thread-safe registry of correctors by name, psutil's
//! `_wrap_numbers` object; [`wrap_numbers`] is the process-wide one the library uses.
//!
//! ```
//! use std::collections::BTreeMap;
//! use psutil_rs::nowrap::WrapCorrector;
//!
//! let mut c = WrapCorrector::new();
//! let sample = |v: u64| BTreeMap::from([("eth0".to_string(), vec![v])]);
//! assert_eq!(c.correct(sample(100)), sample(100));
//! assert_eq!(c.correct(sample(150)), sample(150));
//! assert_eq!(c.correct(sample(10)), sample(160)); // wrapped: 150 + 10
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

/// One sample: counter tuples by key (disk or NIC name), fields in a fixed order.
pub type Sample = BTreeMap<String, Vec<u64>>;

/// psutil's wrap-around correction for one stream of samples (one `name` in psutil).
///
/// ```
/// use std::collections::BTreeMap;
/// use psutil_rs::nowrap::WrapCorrector;
///
/// let mut c = WrapCorrector::new();
/// let s = |a: u64, b: u64| BTreeMap::from([("sda".to_string(), vec![a, b])]);
/// c.correct(s(5, 5));
/// assert_eq!(c.correct(s(1, 6)), s(6, 6));
/// assert_eq!(c.reminder("sda", 0), 5);
/// ```
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WrapCorrector {
    /// The previous raw (uncorrected) sample; `None` before the first call.
    prev: Option<Sample>,
    /// Accumulated reminders per key, one per field.
    reminders: BTreeMap<String, Vec<u64>>,
}

impl WrapCorrector {
    /// A corrector that has seen nothing yet.
    ///
    /// ```
    /// let c = psutil_rs::nowrap::WrapCorrector::new();
    /// assert!(c.previous().is_none());
    /// ```
    pub fn new() -> Self {
        WrapCorrector::default()
    }

    /// Corrects `input` (raw counters) against the previous sample and remembers it.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// let mut c = psutil_rs::nowrap::WrapCorrector::new();
    /// let s = BTreeMap::from([("lo".to_string(), vec![7, 8])]);
    /// assert_eq!(c.correct(s.clone()), s);
    /// ```
    pub fn correct(&mut self, input: Sample) -> Sample {
        let Some(prev) = self.prev.take() else {
            self.prev = Some(input.clone());
            return input;
        };
        // Keys that disappeared lose their reminders.
        self.reminders.retain(|key, _| input.contains_key(key));
        let mut out = Sample::new();
        for (key, raw) in &input {
            let Some(old) = prev.get(key) else {
                out.insert(key.clone(), raw.clone());
                continue;
            };
            let rem = self.reminders.entry(key.clone()).or_default();
            if rem.len() < raw.len() {
                rem.resize(raw.len(), 0);
            }
            let fixed = raw
                .iter()
                .zip(rem.iter_mut())
                .enumerate()
                .map(|(i, (&value, rem))| {
                    if let Some(&o) = old.get(i).filter(|&&o| value < o) {
                        *rem = rem.saturating_add(o);
                    }
                    value.saturating_add(*rem)
                })
                .collect();
            out.insert(key.clone(), fixed);
        }
        self.reminders.retain(|_, rem| rem.iter().any(|&r| r != 0));
        self.prev = Some(input);
        out
    }

    /// The previous raw sample (psutil's `cache[name]`), if any.
    ///
    /// ```
    /// assert!(psutil_rs::nowrap::WrapCorrector::new().previous().is_none());
    /// ```
    pub fn previous(&self) -> Option<&Sample> {
        self.prev.as_ref()
    }

    /// The reminder added to field `field` of `key` (0 if it never wrapped).
    ///
    /// ```
    /// assert_eq!(psutil_rs::nowrap::WrapCorrector::new().reminder("sda", 3), 0);
    /// ```
    pub fn reminder(&self, key: &str, field: usize) -> u64 {
        self.reminders.get(key).and_then(|r| r.get(field)).copied().unwrap_or(0)
    }

    /// The keys that currently carry a non-zero reminder (psutil's `reminder_keys`).
    ///
    /// ```
    /// assert!(psutil_rs::nowrap::WrapCorrector::new().reminder_keys().is_empty());
    /// ```
    pub fn reminder_keys(&self) -> Vec<&str> {
        self.reminders.keys().map(String::as_str).collect()
    }
}

/// A thread-safe registry of [`WrapCorrector`]s by name (psutil's `_wrap_numbers`).
///
/// ```
/// use std::collections::BTreeMap;
/// use psutil_rs::nowrap::WrapNumbers;
///
/// let w = WrapNumbers::new();
/// let s = |v: u64| BTreeMap::from([("eth0".to_string(), vec![v])]);
/// w.run("net", s(9));
/// assert_eq!(w.run("net", s(1)), s(10));
/// w.cache_clear(Some("net"));
/// assert_eq!(w.run("net", s(1)), s(1));
/// ```
#[derive(Debug, Default)]
pub struct WrapNumbers {
    by_name: Mutex<BTreeMap<String, WrapCorrector>>,
}

impl WrapNumbers {
    /// An empty registry.
    ///
    /// ```
    /// assert!(psutil_rs::nowrap::WrapNumbers::new().names().is_empty());
    /// ```
    pub const fn new() -> Self {
        WrapNumbers { by_name: Mutex::new(BTreeMap::new()) }
    }

    /// Corrects `input` with the corrector called `name` (made on first use).
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// let w = psutil_rs::nowrap::WrapNumbers::new();
    /// let s = BTreeMap::from([("sda".to_string(), vec![1])]);
    /// assert_eq!(w.run("disk", s.clone()), s);
    /// ```
    pub fn run(&self, name: &str, input: Sample) -> Sample {
        let mut map = self.by_name.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(name.to_string()).or_default().correct(input)
    }

    /// Forgets the corrector `name` and its variants `name@...` (all of them when `None`),
    /// psutil's `wrap_numbers.cache_clear(name)`.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// let w = psutil_rs::nowrap::WrapNumbers::new();
    /// w.run("a", BTreeMap::new());
    /// w.cache_clear(None);
    /// assert!(w.names().is_empty());
    /// ```
    pub fn cache_clear(&self, name: Option<&str>) {
        let mut map = self.by_name.lock().unwrap_or_else(|e| e.into_inner());
        match name {
            None => map.clear(),
            Some(name) => map.retain(|k, _| !is_variant(k, name)),
        }
    }

    /// A copy of the corrector called `name`, if it exists (psutil's `cache_info()`).
    ///
    /// ```
    /// let w = psutil_rs::nowrap::WrapNumbers::new();
    /// assert!(w.corrector("x").is_none());
    /// ```
    pub fn corrector(&self, name: &str) -> Option<WrapCorrector> {
        let map = self.by_name.lock().unwrap_or_else(|e| e.into_inner());
        map.get(name).cloned()
    }

    /// The names that have a corrector.
    ///
    /// ```
    /// assert!(psutil_rs::nowrap::WrapNumbers::new().names().is_empty());
    /// ```
    pub fn names(&self) -> Vec<String> {
        let map = self.by_name.lock().unwrap_or_else(|e| e.into_inner());
        map.keys().cloned().collect()
    }
}

fn is_variant(key: &str, name: &str) -> bool {
    key == name || key.strip_prefix(name).is_some_and(|rest| rest.starts_with('@'))
}

static GLOBAL: WrapNumbers = WrapNumbers::new();

/// The process-wide registry used by `disk_io_counters` and `net_io_counters`.
///
/// The real `/proc` uses psutil's names (`"psutil.disk_io_counters"`,
/// `"psutil.net_io_counters"`); other roots get `"<name>@<proc>|<sys>"`, so fixture trees
/// never disturb the real counters.
///
/// ```
/// let w = psutil_rs::nowrap::wrap_numbers();
/// w.run("example", Default::default());
/// assert!(w.names().iter().any(|n| n == "example"));
/// ```
pub fn wrap_numbers() -> &'static WrapNumbers {
    &GLOBAL
}

/// The registry name for `base` under `roots` (see [`wrap_numbers`]).
pub(crate) fn cache_name(base: &str, roots: &crate::paths::Roots) -> String {
    if *roots == crate::paths::Roots::default() {
        base.to_string()
    } else {
        format!("{base}@{}|{}", roots.proc().display(), roots.sys().display())
    }
}

/// Adds up the tuples of a sample field by field (psutil sums after wrapping).
pub(crate) fn sum_fields<const N: usize>(sample: &Sample) -> [u64; N] {
    let mut total = [0u64; N];
    for values in sample.values() {
        for (t, v) in total.iter_mut().zip(values) {
            *t = t.saturating_add(*v);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(items: &[(&str, &[u64])]) -> Sample {
        items.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect()
    }

    #[test]
    fn first_call_passes_through() {
        let mut c = WrapCorrector::new();
        let a = s(&[("a", &[5, 6]), ("b", &[1, 2])]);
        assert_eq!(c.correct(a.clone()), a);
        assert_eq!(c.previous(), Some(&a));
    }

    #[test]
    fn wraps_accumulate_per_field() {
        let mut c = WrapCorrector::new();
        c.correct(s(&[("a", &[100, 100])]));
        assert_eq!(c.correct(s(&[("a", &[10, 120])])), s(&[("a", &[110, 120])]));
        assert_eq!(c.correct(s(&[("a", &[20, 130])])), s(&[("a", &[120, 130])]));
        // A second wrap adds the previous raw value again.
        assert_eq!(c.correct(s(&[("a", &[5, 130])])), s(&[("a", &[125, 130])]));
        assert_eq!(c.reminder("a", 0), 120);
        assert_eq!(c.reminder("a", 1), 0);
        assert_eq!(c.reminder_keys(), vec!["a"]);
    }

    #[test]
    fn new_key_passes_and_gone_key_forgets() {
        let mut c = WrapCorrector::new();
        c.correct(s(&[("a", &[50])]));
        // "b" appears: unchanged even though it is lower than anything.
        assert_eq!(c.correct(s(&[("a", &[10]), ("b", &[1])])), s(&[("a", &[60]), ("b", &[1])]));
        assert_eq!(c.reminder("a", 0), 50);
        // "a" disappears: its reminder goes.
        assert_eq!(c.correct(s(&[("b", &[2])])), s(&[("b", &[2])]));
        assert_eq!(c.reminder("a", 0), 0);
        // "a" comes back: first sight again, passes through.
        assert_eq!(c.correct(s(&[("a", &[3]), ("b", &[3])])), s(&[("a", &[3]), ("b", &[3])]));
    }

    #[test]
    fn registry_names_and_cache_clear() {
        let w = WrapNumbers::new();
        w.run("psutil.disk_io_counters", s(&[("a", &[9])]));
        w.run("psutil.disk_io_counters@/x|/y", s(&[("a", &[9])]));
        w.run("psutil.net_io_counters", s(&[("a", &[9])]));
        assert_eq!(w.run("psutil.disk_io_counters", s(&[("a", &[1])])), s(&[("a", &[10])]));
        w.cache_clear(Some("psutil.disk_io_counters"));
        assert_eq!(w.names(), vec!["psutil.net_io_counters".to_string()]);
        assert_eq!(w.run("psutil.disk_io_counters", s(&[("a", &[1])])), s(&[("a", &[1])]));
        assert_eq!(w.run("psutil.net_io_counters", s(&[("a", &[1])])), s(&[("a", &[10])]));
        assert!(w.corrector("psutil.net_io_counters").is_some_and(|c| c.reminder("a", 0) == 9));
    }

    #[test]
    fn sums_fields() {
        let total: [u64; 2] = sum_fields(&s(&[("a", &[1, 2]), ("b", &[10, 20])]));
        assert_eq!(total, [11, 22]);
        let sat: [u64; 1] = sum_fields(&s(&[("a", &[u64::MAX]), ("b", &[1])]));
        assert_eq!(sat, [u64::MAX]);
    }

    proptest! {
        /// Corrected output never decreases for a key that stays, and equals raw+reminder.
        #[test]
        fn output_is_monotonic(values in proptest::collection::vec(0u64..1_000_000, 1..30)) {
            let mut c = WrapCorrector::new();
            let mut last = 0u64;
            for v in values {
                let out = c.correct(s(&[("k", &[v])]));
                let got = out["k"][0];
                prop_assert!(got >= last);
                prop_assert_eq!(got, v + c.reminder("k", 0));
                last = got;
            }
        }

        #[test]
        fn never_panics(samples in proptest::collection::vec(
            proptest::collection::btree_map("[a-c]", proptest::collection::vec(any::<u64>(), 0..4), 0..4), 0..8)) {
            let mut c = WrapCorrector::new();
            for sample in samples {
                let out = c.correct(sample.clone());
                prop_assert_eq!(out.keys().collect::<Vec<_>>(), sample.keys().collect::<Vec<_>>());
            }
        }
    }
}
