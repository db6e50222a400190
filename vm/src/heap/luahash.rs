//! lua5.1's hashes, which decide where a key's node is in the hash part (its "main
//! position") and so the order `next` visits keys in: `luaS_hash` for strings (lstring.c),
//! `hashnum` for numbers and `hashboolean` (ltable.c). Tables, functions, threads and
//! userdata hash by handle here (lua5.1 hashes their addresses, so their order is not
//! reproducible anyway).

use crate::value::Value;
use slotmap::Key as _;

/// Which string hash a heap uses. lua5.1 hashes at most about 32 characters of a long string
/// (a step of `len / 32 + 1` from the end); Redis's bundled Lua hashes every character
/// (its fix against collisions on long strings), so the module turns that on to iterate as
/// Redis's built-in engine does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StrHash {
    #[default]
    Lua51,
    EveryChar,
}

/// `luaS_hash` of `s`: seeded with the length, characters taken from the end.
pub fn str_hash(s: &[u8], mode: StrHash) -> u32 {
    let l = s.len();
    let mut h = l as u32;
    let step = match mode {
        StrHash::Lua51 => (l >> 5) + 1,
        StrHash::EveryChar => 1,
    };
    let mut l1 = l;
    while l1 >= step {
        h ^= (h << 5)
            .wrapping_add(h >> 2)
            .wrapping_add(u32::from(s[l1 - 1]));
        l1 -= step;
    }
    h
}

/// `hashnum`'s sum of the double's two 32-bit words (0 for both zeros, which lua5.1 places
/// in node 0: `0 % m` is 0 too).
#[inline]
pub fn num_hash(n: f64) -> u32 {
    if n == 0.0 {
        return 0;
    }
    let b = n.to_bits();
    (b as u32).wrapping_add((b >> 32) as u32)
}

/// The hash of a key that is not a string (strings need their bytes: `str_hash`).
#[inline]
pub fn other_hash(k: Value) -> u32 {
    match k {
        Value::Num(n) => num_hash(n),
        Value::Bool(b) => u32::from(b),
        Value::Str(r) => r.data().as_ffi() as u32,
        other => {
            let x = other.identity();
            (x as u32) ^ ((x >> 32) as u32)
        }
    }
}

/// The main position of a key of hash `h` in a node array of `size` nodes (a power of two):
/// strings and booleans by mask (`hashpow2`), the others modulo an odd number (`hashmod`).
#[inline]
pub fn main_position(k: Value, h: u32, size: usize) -> usize {
    let size = size as u32;
    (match k {
        Value::Str(_) | Value::Bool(_) => h & (size - 1),
        _ => h % ((size - 1) | 1),
    }) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_strings_are_sampled_unless_every_char() {
        let a = vec![b'a'; 64];
        let mut b = a.clone();
        b[62] = b'b'; // not sampled with a step of 3 from the end
        assert_eq!(str_hash(&a, StrHash::Lua51), str_hash(&b, StrHash::Lua51));
        assert_ne!(
            str_hash(&a, StrHash::EveryChar),
            str_hash(&b, StrHash::EveryChar)
        );
        // Up to 31 bytes both hash every character.
        assert_eq!(
            str_hash(b"key", StrHash::Lua51),
            str_hash(b"key", StrHash::EveryChar)
        );
    }
}
