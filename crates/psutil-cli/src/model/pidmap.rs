//! Maps and sets keyed by pid for the samplers, hashed with one multiplication: a
//! monitor touches several of them per process at every refresh, and pids are small
//! distinct integers, for which SipHash's resistance to chosen keys buys nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use psutil_rs::Pid;

/// A map from pid.
pub type PidMap<V> = HashMap<Pid, V, BuildHasherDefault<PidHasher>>;

/// A set of pids.
pub type PidSet = HashSet<Pid, BuildHasherDefault<PidHasher>>;

/// Fibonacci hashing: the key times 2^64 / φ, which spreads consecutive pids over both
/// the high bits (the table's tags) and the low bits (its buckets).
#[derive(Debug, Default, Clone, Copy)]
pub struct PidHasher(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for PidHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(GOLDEN);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(GOLDEN);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn consecutive_pids_spread_over_tags_and_buckets() {
        let build = BuildHasherDefault::<PidHasher>::default();
        let hashes: Vec<u64> = (1000..1064u32).map(|pid| build.hash_one(pid)).collect();
        let tags: HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        let buckets: HashSet<u64> = hashes.iter().map(|h| h & 63).collect();
        assert!(tags.len() > 32, "{} distinct tags", tags.len());
        assert!(buckets.len() > 32, "{} distinct buckets", buckets.len());
    }

    #[test]
    fn maps_behave_as_maps() {
        let mut m = PidMap::default();
        for pid in 0..5000u32 {
            m.insert(pid, pid * 2);
        }
        assert_eq!(m.len(), 5000);
        assert!((0..5000u32).all(|pid| m.get(&pid) == Some(&(pid * 2))));
        assert_eq!(m.get(&5000), None);
        let s: PidSet = [3, 1, 3].into_iter().collect();
        assert_eq!(s.len(), 2);
    }
}
