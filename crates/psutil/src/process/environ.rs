//! [`Environ`]: one process's environment, as [`crate::Process::environ`] returns it.
//!
//! The variables live in one string buffer; a small index of `(key, value)` spans points
//! into it. Building one costs two allocations whatever the number of variables (a map of
//! owned strings costs two per variable plus its nodes), which matters in whole-table scans.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::iter::FusedIterator;

use crate::{Error, Result};

/// Where one variable's key and value sit in [`Environ`]'s buffer (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    key: u32,
    key_len: u32,
    value: u32,
    value_len: u32,
}

/// One process's environment variables: psutil's `environ()` dict.
///
/// Semantics follow psutil's parsing of `/proc/PID/environ`: items are NUL-separated
/// `KEY=VALUE` strings, split at the first `=`; items without `=` or with an empty key are
/// skipped; a later duplicate of a key replaces the earlier value. Iteration is in the
/// order of a Python dict built that way: each key at the position of its **first**
/// occurrence, with its **last** value.
///
/// [`Environ::get`] is a linear scan (environments hold tens of variables, rarely a few
/// hundred); convert with `BTreeMap::from` or `HashMap::from` for many look-ups.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let env = psutil_rs::Process::current()?.environ()?;
/// assert_eq!(env.get("PATH"), std::env::var("PATH").ok().as_deref());
/// for (key, value) in &env {
///     assert!(!key.is_empty() && !key.contains('='));
///     assert_eq!(env.get(key), Some(value));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct Environ {
    buf: String,
    spans: Vec<Span>,
}

impl Environ {
    /// Parses an environment block (psutil's `parse_environ_block`): only NUL-terminated
    /// items count, an empty item ends the block, bytes that are not UTF-8 are replaced
    /// with U+FFFD (per item, which is the same as over the whole block since NUL and `=`
    /// are ASCII). A block over 4 GiB (impossible from `execve`) is `Error::Parse`.
    #[cfg_attr(any(not(target_os = "linux"), psutil_unsupported), allow(dead_code))]
    pub(crate) fn from_block(bytes: &[u8], path: &dyn fmt::Display) -> Result<Environ> {
        let Some(last_nul) = bytes.iter().rposition(|&b| b == 0) else { return Ok(Environ::default()) };
        let bytes = &bytes[..=last_nul];
        // `from_utf8` first: its ASCII fast path is several times quicker than the lossy
        // decoder's, and nearly every environment is valid UTF-8.
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        if u32::try_from(text.len()).is_err() {
            return Err(Error::parse(path, "environment block larger than 4 GiB"));
        }
        let items = text.bytes().filter(|&b| b == 0).count();
        let mut index = KeyIndex::with_capacity(items);
        let mut spans = Vec::with_capacity(items);
        let mut pos = 0;
        while let Some(len) = text[pos..].find('\0') {
            if len == 0 {
                break;
            }
            if let Some(eq) = text[pos..pos + len].find('=') {
                if eq > 0 {
                    let span = Span {
                        key: pos as u32,
                        key_len: eq as u32,
                        value: (pos + eq + 1) as u32,
                        value_len: (len - eq - 1) as u32,
                    };
                    index.insert(&text, &mut spans, span);
                }
            }
            pos += len + 1;
        }
        let buf = match text {
            std::borrow::Cow::Borrowed(s) => s[..pos].to_owned(),
            std::borrow::Cow::Owned(mut s) => {
                s.truncate(pos);
                s
            }
        };
        Ok(Environ { buf, spans })
    }

    /// The value of `key`, if set.
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("HOME", "/root"), ("LANG", "C")].into_iter().collect();
    /// assert_eq!(env.get("LANG"), Some("C"));
    /// assert_eq!(env.get("lang"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// True when `key` is set.
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("HOME", "/root")].into_iter().collect();
    /// assert!(env.contains_key("HOME"));
    /// assert!(!env.contains_key("PATH"));
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of distinct variables.
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("A", "1"), ("B", "2"), ("A", "3")].into_iter().collect();
    /// assert_eq!(env.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there is no variable (a kernel thread's environment, for one).
    ///
    /// ```
    /// assert!(psutil_rs::Environ::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// `(key, value)` pairs, each key at the position of its first occurrence with its
    /// last value (a Python dict's order for psutil's `environ()`).
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("B", "1"), ("A", "2"), ("B", "3")].into_iter().collect();
    /// assert_eq!(env.iter().collect::<Vec<_>>(), [("B", "3"), ("A", "2")]);
    /// ```
    pub fn iter(&self) -> EnvironIter<'_> {
        EnvironIter { buf: &self.buf, spans: self.spans.iter() }
    }

    /// The keys, in [`Environ::iter`] order.
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("B", "1"), ("A", "2")].into_iter().collect();
    /// assert_eq!(env.keys().collect::<Vec<_>>(), ["B", "A"]);
    /// ```
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + FusedIterator + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values, in [`Environ::iter`] order.
    ///
    /// ```
    /// let env: psutil_rs::Environ = [("B", "1"), ("A", "2")].into_iter().collect();
    /// assert_eq!(env.values().collect::<Vec<_>>(), ["1", "2"]);
    /// ```
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + FusedIterator + '_ {
        self.iter().map(|(_, v)| v)
    }
}

/// The text at `start..start + len` of `buf` (always a valid range by construction; an
/// empty string otherwise rather than a panic).
fn slice(buf: &str, start: u32, len: u32) -> &str {
    let start = start as usize;
    buf.get(start..start + len as usize).unwrap_or_default()
}

impl Span {
    fn key_of(self, buf: &str) -> &str {
        slice(buf, self.key, self.key_len)
    }
}

/// Finds a key's first occurrence while an [`Environ`] is built: open addressing on a
/// multiplicative hash of the key, slots holding `span index + 1` (0 = free). Up to 64
/// keys the table sits on the stack, so a usual environment costs no allocation here.
struct KeyIndex {
    inline: [u32; INLINE_SLOTS],
    heap: Vec<u32>,
    mask: usize,
}

const INLINE_SLOTS: usize = 128;

impl KeyIndex {
    /// A table with room for `keys` keys at a load of at most one half.
    fn with_capacity(keys: usize) -> KeyIndex {
        // A bound on the first size (more keys grow the table as they come).
        let slots = (keys.min(1 << 20) * 2).max(16).next_power_of_two();
        let heap = if slots > INLINE_SLOTS { vec![0; slots] } else { Vec::new() };
        KeyIndex { inline: [0; INLINE_SLOTS], heap, mask: slots - 1 }
    }

    fn slots(&mut self) -> &mut [u32] {
        if self.heap.is_empty() {
            &mut self.inline[..=self.mask]
        } else {
            &mut self.heap
        }
    }

    /// Adds `span` to `spans`, or, when its key is already there, gives that entry the new
    /// value (the entry keeps its position).
    fn insert(&mut self, buf: &str, spans: &mut Vec<Span>, span: Span) {
        if (spans.len() + 1) * 2 > self.mask + 1 {
            self.grow(buf, spans);
        }
        let key = span.key_of(buf);
        let mask = self.mask;
        let slots = self.slots();
        let mut at = hash(key.as_bytes()) as usize & mask;
        loop {
            let Some(slot) = slots.get_mut(at) else { return };
            let Some(i) = slot.checked_sub(1) else {
                *slot = spans.len() as u32 + 1;
                spans.push(span);
                return;
            };
            if let Some(old) = spans.get_mut(i as usize) {
                if old.key_of(buf) == key {
                    old.value = span.value;
                    old.value_len = span.value_len;
                    return;
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the table (on the heap) and re-inserts every key.
    fn grow(&mut self, buf: &str, spans: &[Span]) {
        let slots = (self.mask + 1) * 2;
        self.heap = vec![0; slots];
        self.mask = slots - 1;
        for (i, span) in spans.iter().enumerate() {
            let mut at = hash(span.key_of(buf).as_bytes()) as usize & self.mask;
            while self.heap.get(at).is_some_and(|&s| s != 0) {
                at = (at + 1) & self.mask;
            }
            if let Some(slot) = self.heap.get_mut(at) {
                *slot = i as u32 + 1;
            }
        }
    }
}

/// A fast non-cryptographic hash of a whole key (eight bytes at a time, multiply and
/// rotate), so keys that differ anywhere spread over the table.
fn hash(key: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// The iterator of [`Environ::iter`]: `(key, value)` pairs.
///
/// ```
/// let env: psutil_rs::Environ = [("A", "1")].into_iter().collect();
/// let mut it: psutil_rs::EnvironIter<'_> = env.iter();
/// assert_eq!(it.len(), 1);
/// assert_eq!(it.next(), Some(("A", "1")));
/// assert_eq!(it.next(), None);
/// ```
#[derive(Debug, Clone)]
pub struct EnvironIter<'a> {
    buf: &'a str,
    spans: std::slice::Iter<'a, Span>,
}

impl<'a> EnvironIter<'a> {
    fn pair(&self, s: &Span) -> (&'a str, &'a str) {
        (slice(self.buf, s.key, s.key_len), slice(self.buf, s.value, s.value_len))
    }
}

impl<'a> Iterator for EnvironIter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.spans.next()?;
        Some(self.pair(s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl DoubleEndedIterator for EnvironIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let s = self.spans.next_back()?;
        Some(self.pair(s))
    }
}

impl ExactSizeIterator for EnvironIter<'_> {}

impl FusedIterator for EnvironIter<'_> {}

impl<'a> IntoIterator for &'a Environ {
    type Item = (&'a str, &'a str);
    type IntoIter = EnvironIter<'a>;

    fn into_iter(self) -> EnvironIter<'a> {
        self.iter()
    }
}

/// Builds an environment from pairs with the same rules as the kernel block: a repeated
/// key keeps its first position and takes the last value. Keys are taken as given (an
/// empty key or one holding `=` is kept, unlike in a parsed block).
///
/// ```
/// let env: psutil_rs::Environ = vec![("A".to_string(), "1".to_string())].into_iter().collect();
/// assert_eq!(env.get("A"), Some("1"));
/// ```
impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Environ {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Environ {
        let pairs = pairs.into_iter();
        let mut index = KeyIndex::with_capacity(pairs.size_hint().0);
        let mut buf = String::new();
        let mut spans = Vec::with_capacity(pairs.size_hint().0.min(1 << 20));
        for (k, v) in pairs {
            let (k, v) = (k.as_ref(), v.as_ref());
            // Past 4 GiB the offsets no longer fit: such pairs are dropped (unreachable for
            // a real environment).
            let Ok(key) = u32::try_from(buf.len()) else { break };
            let (Ok(key_len), Ok(value_len)) = (u32::try_from(k.len()), u32::try_from(v.len())) else {
                break;
            };
            let Some(value) = key.checked_add(key_len).and_then(|n| n.checked_add(1)) else { break };
            if value.checked_add(value_len).is_none() {
                break;
            }
            buf.push_str(k);
            buf.push('=');
            buf.push_str(v);
            buf.push('\0');
            index.insert(&buf, &mut spans, Span { key, key_len, value, value_len });
        }
        Environ { buf, spans }
    }
}

/// Equal when both hold the same keys with the same values, in any order (as Python dicts
/// compare).
///
/// ```
/// let a: psutil_rs::Environ = [("A", "1"), ("B", "2")].into_iter().collect();
/// let b: psutil_rs::Environ = [("B", "2"), ("A", "1")].into_iter().collect();
/// assert_eq!(a, b);
/// ```
impl PartialEq for Environ {
    fn eq(&self, other: &Environ) -> bool {
        self.len() == other.len()
            && (self.iter().eq(other.iter()) || self.iter().all(|(k, v)| other.get(k) == Some(v)))
    }
}

impl Eq for Environ {}

/// Shown as a map, in iteration order.
///
/// ```
/// let env: psutil_rs::Environ = [("A", "1")].into_iter().collect();
/// assert_eq!(format!("{env:?}"), r#"{"A": "1"}"#);
/// ```
impl fmt::Debug for Environ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Owned copies of every pair, sorted by key.
///
/// ```
/// use std::collections::BTreeMap;
/// let env: psutil_rs::Environ = [("B", "1"), ("A", "2")].into_iter().collect();
/// let map = BTreeMap::from(env);
/// assert_eq!(map.keys().collect::<Vec<_>>(), ["A", "B"]);
/// ```
impl From<Environ> for BTreeMap<String, String> {
    fn from(env: Environ) -> Self {
        env.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    }
}

/// Owned copies of every pair.
///
/// ```
/// use std::collections::HashMap;
/// let env: psutil_rs::Environ = [("A", "1")].into_iter().collect();
/// let map: HashMap<String, String> = env.into();
/// assert_eq!(map["A"], "1");
/// ```
impl<S: BuildHasher + Default> From<Environ> for HashMap<String, String, S> {
    fn from(env: Environ) -> Self {
        env.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    }
}

/// Serialized as a map (a JSON object), in iteration order.
#[cfg(feature = "serde")]
impl serde::Serialize for Environ {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// psutil's rules written the plain way (the previous implementation): a map of owned
    /// strings, plus the first-occurrence order of the keys.
    fn reference(bytes: &[u8]) -> (BTreeMap<String, String>, Vec<String>) {
        let mut map = BTreeMap::new();
        let mut order = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(len) = bytes[pos..].iter().position(|&b| b == 0) else { break };
            if len == 0 {
                break;
            }
            let item = &bytes[pos..pos + len];
            if let Some(eq) = item.iter().position(|&b| b == b'=') {
                if eq > 0 {
                    let key = String::from_utf8_lossy(&item[..eq]).into_owned();
                    let value = String::from_utf8_lossy(&item[eq + 1..]).into_owned();
                    if map.insert(key.clone(), value).is_none() {
                        order.push(key);
                    }
                }
            }
            pos += len + 1;
        }
        (map, order)
    }

    fn parse(bytes: &[u8]) -> Environ {
        Environ::from_block(bytes, &"environ").unwrap()
    }

    fn check_against_reference(bytes: &[u8]) -> std::result::Result<(), TestCaseError> {
        let env = parse(bytes);
        let (map, order) = reference(bytes);
        prop_assert_eq!(env.len(), map.len());
        prop_assert_eq!(env.keys().collect::<Vec<_>>(), order.iter().map(String::as_str).collect::<Vec<_>>());
        for (k, v) in &map {
            prop_assert_eq!(env.get(k), Some(v.as_str()));
        }
        prop_assert_eq!(BTreeMap::from(env.clone()), map.clone());
        let hashed: HashMap<String, String> = env.clone().into();
        prop_assert_eq!(hashed, map.into_iter().collect::<HashMap<_, _>>());
        Ok(())
    }

    #[test]
    fn block_rules() {
        let env = parse(b"A=1\0B=x=y\0noeq\0=empty\0A=2\0\0C=3\0");
        assert_eq!(env.iter().collect::<Vec<_>>(), [("A", "2"), ("B", "x=y")]);
        assert!(parse(b"A=1").is_empty());
        assert!(parse(b"\0A=1\0").is_empty());
        assert!(parse(b"").is_empty());
        assert_eq!(parse(b"A=1\0B=2").iter().collect::<Vec<_>>(), [("A", "1")]);
        assert_eq!(parse(b"K=\0").get("K"), Some(""));
        assert_eq!(parse(b"K\xff=v\xfe\0").iter().collect::<Vec<_>>(), [("K\u{fffd}", "v\u{fffd}")]);
        assert!(!parse(b"K=v\0").contains_key("k"));
    }

    #[test]
    fn many_keys_grow_past_the_inline_table() {
        let mut block = Vec::new();
        for round in 0..2 {
            for i in 0..300 {
                block.extend_from_slice(format!("KEY_{i}={round}\0").as_bytes());
            }
        }
        let env = parse(&block);
        assert_eq!(env.len(), 300);
        assert_eq!(env.get("KEY_0"), Some("1"));
        assert_eq!(env.keys().nth(299), Some("KEY_299"));
        let built: Environ = (0..300).map(|i| (format!("KEY_{i}"), "1")).collect();
        assert_eq!(built, env);
        // No size hint: the table starts inline and grows on the heap as keys come.
        let grown: Environ = (0..600)
            .filter(|_| true)
            .map(|i| (format!("KEY_{}", i % 300), i / 300))
            .map(|(k, r)| (k, r.to_string()))
            .collect();
        assert_eq!(grown.iter().collect::<Vec<_>>(), env.iter().collect::<Vec<_>>());
        assert!(check_against_reference(&block).is_ok());
    }

    #[test]
    fn equality_ignores_order_but_not_values() {
        let a: Environ = [("A", "1"), ("B", "2")].into_iter().collect();
        let b: Environ = [("B", "2"), ("A", "1")].into_iter().collect();
        let c: Environ = [("B", "2"), ("A", "9")].into_iter().collect();
        let d: Environ = [("A", "1")].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert_eq!(Environ::default(), parse(b""));
    }

    #[test]
    fn iterators_run_both_ways() {
        let env = parse(b"A=1\0B=2\0C=3\0");
        assert_eq!(env.iter().rev().map(|(k, _)| k).collect::<String>(), "CBA");
        assert_eq!(env.values().rev().collect::<String>(), "321");
        assert_eq!(env.keys().len(), 3);
        let mut n = 0;
        for (k, v) in &env {
            assert_eq!(env.get(k), Some(v));
            n += 1;
        }
        assert_eq!(n, 3);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_an_object_in_order() {
        let env = parse(b"Z=1\0A=2\0Z=3\0");
        assert_eq!(serde_json::to_string(&env).unwrap(), r#"{"Z":"3","A":"2"}"#);
    }

    proptest! {
        #[test]
        fn same_as_reference_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            check_against_reference(&bytes)?;
        }

        #[test]
        fn same_as_reference_on_env_like_blocks(tokens in proptest::collection::vec(prop_oneof![
            4 => Just(&b"\0"[..]), 3 => Just(&b"="[..]), 4 => Just(&b"a"[..]), 2 => Just(&b"B"[..]),
            2 => Just(&b"PATH"[..]), 1 => Just(&b" "[..]), 1 => Just("\u{e9}".as_bytes()),
            1 => Just(&b"\xff"[..]), 1 => Just(&b"\xc3"[..]),
        ], 0..60)) {
            check_against_reference(&tokens.concat())?;
        }

        #[test]
        fn later_duplicate_wins_first_position_kept(pairs in proptest::collection::vec(("[A-D]{1,2}", "[a-z=]{0,3}"), 0..80)) {
            let mut block = Vec::new();
            for (k, v) in &pairs {
                block.extend_from_slice(format!("{k}={v}\0").as_bytes());
            }
            check_against_reference(&block)?;
            let built: Environ = pairs.iter().map(|(k, v)| (k, v)).collect();
            let parsed = parse(&block);
            prop_assert_eq!(built.iter().collect::<Vec<_>>(), parsed.iter().collect::<Vec<_>>());
        }
    }
}
