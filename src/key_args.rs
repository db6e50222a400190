//! `redis.call`'s key arguments as module strings kept across calls.
//!
//! RM_Call turns every `b` (buffer) argument into a new string object and frees it when the
//! call's temporary client is reset: about 270 instructions per argument, for a key a script
//! names again and again (`KEYS[1]` in a loop). An `s` argument is only referenced. Redis
//! reads a key argument's bytes and copies them where it keeps them (`dbAdd`), so a shared
//! object behaves as a fresh one there; values are not cached (a stored value may be the
//! argument object itself, and its encoding depends on it being unshared).
//!
//! A small direct-mapped table of short names: a miss creates the string and displaces the
//! slot's previous one, which is freed only at the next call (the current one may pass it).

use crate::ffi::RetainedString;
use redis_module::raw;

const SLOTS: usize = 64;
/// Longer names are passed as buffers (the cache's memory stays a few KiB).
pub const MAX_LEN: usize = 48;

struct Slot {
    len: u8,
    bytes: [u8; MAX_LEN],
    s: Option<RetainedString>,
}

pub struct Cache {
    slots: [Slot; SLOTS],
    /// Strings displaced by a miss: the call being prepared may already pass them, so they
    /// are freed when the next call locks the cache.
    retired: Vec<RetainedString>,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            slots: [const {
                Slot {
                    len: 0,
                    bytes: [0; MAX_LEN],
                    s: None,
                }
            }; SLOTS],
            retired: Vec::new(),
        }
    }
}

impl Cache {
    /// Frees the strings displaced before the previous call (which has returned).
    #[inline(always)]
    pub fn begin_call(&mut self) {
        if !self.retired.is_empty() {
            self.free_retired();
        }
    }

    // The rare paths out of line: the usual call (a hit) keeps its code small.
    #[cold]
    #[inline(never)]
    fn free_retired(&mut self) {
        self.retired.clear();
    }

    /// The retained string holding `b`, created on a miss; None when `b` is too long to
    /// cache. It stays alive until the next `begin_call`.
    #[inline(always)]
    pub fn get(&mut self, b: &[u8]) -> Option<*mut raw::RedisModuleString> {
        if b.len() > MAX_LEN {
            return None;
        }
        let i = slot_of(b);
        let slot = &self.slots[i];
        if let Some(s) = &slot.s
            && slot.len as usize == b.len()
            && same_bytes(&slot.bytes, b)
        {
            return Some(s.as_ptr());
        }
        Some(self.insert(i, b))
    }

    /// A miss: `b` (at most MAX_LEN bytes) becomes slot `i`'s string.
    #[cold]
    #[inline(never)]
    fn insert(&mut self, i: usize, b: &[u8]) -> *mut raw::RedisModuleString {
        let slot = &mut self.slots[i];
        let s = RetainedString::new(b);
        let p = s.as_ptr();
        if let Some(old) = slot.s.replace(s) {
            self.retired.push(old);
        }
        slot.len = b.len() as u8;
        slot.bytes[..b.len()].copy_from_slice(b);
        p
    }
}

/// `stored[..b.len()] == b` for `b.len() <= N`, compared inline by 8-byte words (the last
/// one overlapping): a short variable-length `==` is a call to `memcmp`.
#[inline(always)]
pub(crate) fn same_bytes<const N: usize>(stored: &[u8; N], b: &[u8]) -> bool {
    let n = b.len();
    if n < 8 {
        // Two overlapping loads of 4 or 2 bytes (a byte loop costs ~10 per byte).
        let w4 =
            |s: &[u8], i: usize| u32::from_ne_bytes(s[i..i + 4].try_into().unwrap_or_default());
        let w2 =
            |s: &[u8], i: usize| u16::from_ne_bytes(s[i..i + 2].try_into().unwrap_or_default());
        return match n {
            4.. => w4(stored, 0) == w4(b, 0) && w4(stored, n - 4) == w4(b, n - 4),
            2.. => w2(stored, 0) == w2(b, 0) && w2(stored, n - 2) == w2(b, n - 2),
            1 => stored[0] == b[0],
            _ => true,
        };
    }
    let word = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().unwrap_or_default());
    let mut i = 0;
    while i + 8 < n {
        if word(stored, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    word(stored, n - 8) == word(b, n - 8)
}

#[inline(always)]
/// The slot of a name: its length and last 8 bytes (names of one family differ at the end,
/// `user:17`), mixed by one multiplication. A collision only costs a miss.
fn slot_of(b: &[u8]) -> usize {
    let tail = if b.len() >= 8 {
        u64::from_le_bytes(b[b.len() - 8..].try_into().unwrap_or_default())
    } else {
        b.iter().fold(0u64, |h, &c| (h << 8) | c as u64)
    };
    let h = (tail ^ b.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 58) as usize % SLOTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_of_names_spreads_over_the_slots() {
        let mut used = [false; SLOTS];
        for i in 0..SLOTS {
            used[slot_of(format!("user:{i}").as_bytes())] = true;
        }
        // 64 names into 64 slots at random would fill about 40.
        assert!(used.iter().filter(|&&u| u).count() >= 32);
    }

    #[test]
    fn same_bytes_compares_every_length() {
        let mut stored = [0u8; MAX_LEN];
        for n in 0..=MAX_LEN {
            let name: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            stored[..n].copy_from_slice(&name);
            assert!(same_bytes(&stored, &name), "{n}");
            for at in 0..n {
                let mut other = name.clone();
                other[at] ^= 1;
                assert!(!same_bytes(&stored, &other), "{n} {at}");
            }
        }
    }
}
