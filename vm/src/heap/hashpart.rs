//! The hash part of a table: open addressing with linear probing over parallel key/value
//! vectors (a power-of-two number of slots), like PUC's node array. A removed field keeps its
//! key with a nil value (a tombstone), so probe chains and `next` stay valid during traversal;
//! tombstones disappear when the part is rebuilt on growth.

use super::table::{HASH_SLOT, NoRoom, Room};
use crate::value::Value;
use slotmap::Key as _;

#[derive(Debug, Default, Clone)]
pub struct HashPart {
    keys: Vec<Value>,
    vals: Vec<Value>,
    /// Slots holding a key (live or tombstone). (u32, so that `rebuilds` fits beside it.)
    used: u32,
    /// Times the slots were laid out anew (the collector restarts a chunked traversal then).
    rebuilds: u32,
}

#[inline(always)]
fn hash(k: Value) -> u64 {
    let x = match k {
        Value::Num(n) => (if n == 0.0 { 0.0f64 } else { n }).to_bits(),
        Value::Str(r) => r.data().as_ffi(),
        Value::Bool(b) => b as u64 + 1,
        other => other.identity() ^ 0x5bd1_e995,
    };
    let h = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

impl HashPart {
    pub fn with_capacity(n: usize) -> HashPart {
        let mut h = HashPart::default();
        if n > 0 {
            let cap = (n * 4 / 3 + 1).next_power_of_two();
            h.keys = vec![Value::Nil; cap];
            h.vals = vec![Value::Nil; cap];
        }
        h
    }

    /// How many times the slots were laid out anew.
    #[inline]
    pub fn rebuilds(&self) -> u32 {
        self.rebuilds
    }

    /// Slots (for memory accounting).
    pub fn capacity(&self) -> usize {
        self.keys.len()
    }

    /// True when no slot holds a key.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The slot holding `key`, if any.
    #[inline(always)]
    pub fn find(&self, key: Value) -> Option<usize> {
        if self.used == 0 {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut i = hash(key) as usize & mask;
        // Strings (the common key) compare by handle without the general match.
        if let Value::Str(s) = key {
            loop {
                match self.keys[i] {
                    Value::Str(k) if k == s => return Some(i),
                    Value::Nil => return None,
                    _ => i = (i + 1) & mask,
                }
            }
        }
        loop {
            let k = self.keys[i];
            if k.is_nil() {
                return None;
            }
            if k.raw_eq(key) {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub fn get(&self, key: Value) -> Value {
        match self.find(key) {
            Some(i) => self.vals[i],
            None => Value::Nil,
        }
    }

    /// The value slot of an existing key (live or tombstone).
    #[inline]
    pub fn get_mut(&mut self, key: Value) -> Option<&mut Value> {
        let i = self.find(key)?;
        Some(&mut self.vals[i])
    }

    /// Inserts a key that is not present (callers check with `get_mut` first). When the
    /// slots must be laid out anew, the new size is checked against `room` first: refused,
    /// nothing changed.
    pub fn insert_new(&mut self, key: Value, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        if (self.used as usize + 1) * 4 > self.keys.len() * 3 {
            let cap = self.rebuilt_capacity(1);
            let old = self.keys.len();
            room.check(cap.saturating_sub(old).saturating_mul(HASH_SLOT))?;
            self.rebuild(cap);
            room.settle(old * HASH_SLOT, self.keys.len() * HASH_SLOT);
        }
        let mask = self.keys.len() - 1;
        let mut i = hash(key) as usize & mask;
        while !self.keys[i].is_nil() {
            i = (i + 1) & mask;
        }
        self.keys[i] = key;
        self.vals[i] = val;
        self.used += 1;
        Ok(())
    }

    /// The slot count a rebuild makes for the live entries and `extra` more.
    fn rebuilt_capacity(&self, extra: usize) -> usize {
        let live = self.vals.iter().filter(|v| !v.is_nil()).count();
        ((live + extra) * 2).next_power_of_two().max(4)
    }

    /// Rehashes the live entries (dropping tombstones) into `cap` slots. The old vectors
    /// are moved out and dropped after the move, so the peak is old + new (no third copy).
    fn rebuild(&mut self, cap: usize) {
        self.rebuilds = self.rebuilds.wrapping_add(1);
        let keys = std::mem::replace(&mut self.keys, vec![Value::Nil; cap]);
        let vals = std::mem::replace(&mut self.vals, vec![Value::Nil; cap]);
        self.used = 0;
        let mask = cap - 1;
        for (k, v) in keys.into_iter().zip(vals) {
            if k.is_nil() || v.is_nil() {
                continue;
            }
            let mut i = hash(k) as usize & mask;
            while !self.keys[i].is_nil() {
                i = (i + 1) & mask;
            }
            self.keys[i] = k;
            self.vals[i] = v;
            self.used += 1;
        }
    }

    /// Takes the value of `key` out (leaving a tombstone).
    pub fn take(&mut self, key: Value) -> Option<Value> {
        let i = self.find(key)?;
        Some(std::mem::take(&mut self.vals[i]))
    }

    /// Entries from slot `from` on: the first live one and its slot.
    pub fn next_from(&self, from: usize) -> Option<(usize, Value, Value)> {
        (from..self.keys.len())
            .find(|&i| !self.keys[i].is_nil() && !self.vals[i].is_nil())
            .map(|i| (i, self.keys[i], self.vals[i]))
    }

    /// The key and value in slot `i` (nil key: an empty slot). For the collector's chunked
    /// traversal.
    #[inline]
    pub fn slot(&self, i: usize) -> (Value, Value) {
        (self.keys[i], self.vals[i])
    }

    /// Every slot with a key: (key, value), tombstones included.
    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.keys
            .iter()
            .zip(self.vals.iter())
            .filter(|(k, _)| !k.is_nil())
            .map(|(k, v)| (*k, *v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (Value, &mut Value)> + '_ {
        self.keys
            .iter()
            .zip(self.vals.iter_mut())
            .filter(|(k, _)| !k.is_nil())
            .map(|(k, v)| (*k, v))
    }

    /// Keeps the entries for which `f` holds (a rebuild).
    pub fn retain(&mut self, mut f: impl FnMut(Value, Value) -> bool) {
        for i in 0..self.keys.len() {
            if !self.keys[i].is_nil() && !f(self.keys[i], self.vals[i]) {
                self.vals[i] = Value::Nil;
            }
        }
        // The collector's clearing: never bigger than the part it replaces (the caller
        // accounts the change).
        let cap = self.rebuilt_capacity(0).min(self.keys.len().max(4));
        self.rebuild(cap);
    }
}
