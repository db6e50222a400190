//! The hash part of a table: open addressing with linear probing over one block of nodes
//! (key and value side by side, a power-of-two number of them), like PUC's node array. A
//! removed field keeps its key with a nil value (a tombstone), so probe chains and `next`
//! stay valid during traversal; tombstones disappear when the part is rebuilt on growth.
//!
//! Sizes follow lua5.1's: a part of up to `SMALL` nodes may be full (a one-field object is one
//! node, as there); bigger parts keep a quarter free so that probe chains stay short.

use super::table::{HASH_SLOT, NoRoom, Room};
use crate::value::Value;
use slotmap::Key as _;

/// One key/value pair (32 bytes: lua5.1's `Node` is 40).
#[derive(Debug, Default, Clone, Copy)]
pub struct Node {
    key: Value,
    val: Value,
}

/// Parts of at most this many nodes may be full (a lookup then stops after one lap).
const SMALL: usize = 4;

#[derive(Debug, Default, Clone)]
pub struct HashPart {
    nodes: Box<[Node]>,
    /// Nodes holding a key (live or tombstone). (u32, so that `rebuilds` fits beside it.)
    used: u32,
    /// Times the nodes were laid out anew (the collector restarts a chunked traversal then).
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

/// Whether `used` keys fit in `cap` nodes.
#[inline]
fn fits(used: usize, cap: usize) -> bool {
    if cap <= SMALL {
        used <= cap
    } else {
        used * 4 <= cap * 3
    }
}

/// The node count for `n` keys: the smallest that fits them.
fn capacity_for(n: usize) -> usize {
    let mut cap = n.next_power_of_two();
    while !fits(n, cap) {
        cap *= 2;
    }
    cap
}

fn empty_nodes(cap: usize) -> Box<[Node]> {
    vec![Node::default(); cap].into_boxed_slice()
}

impl HashPart {
    /// A part sized for `n` keys (a constructor's fields).
    pub fn with_capacity(n: usize) -> HashPart {
        let mut h = HashPart::default();
        if n > 0 {
            h.nodes = empty_nodes(capacity_for(n));
        }
        h
    }

    /// How many times the nodes were laid out anew.
    #[inline]
    pub fn rebuilds(&self) -> u32 {
        self.rebuilds
    }

    /// Nodes (for memory accounting).
    #[inline]
    pub fn capacity(&self) -> usize {
        self.nodes.len()
    }

    /// True when no node holds a key.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The node holding `key`, if any. The first probe is checked inline (string keys by
    /// handle); collisions go on in `find_probing`, one lap at most.
    #[inline(always)]
    pub fn find(&self, key: Value) -> Option<usize> {
        if self.used == 0 {
            return None;
        }
        let mask = self.nodes.len() - 1;
        let start = hash(key) as usize & mask;
        let k = self.nodes.get(start)?.key;
        if let (Value::Str(a), Value::Str(b)) = (k, key) {
            if a == b {
                return Some(start);
            }
        } else if k.raw_eq(key) {
            return Some(start);
        }
        if k.is_nil() {
            return None;
        }
        self.find_probing(key, start, mask)
    }

    /// `find` past a first probe that found another key: one lap at most (a small part may
    /// be full).
    #[inline(never)]
    fn find_probing(&self, key: Value, start: usize, mask: usize) -> Option<usize> {
        let mut i = (start + 1) & mask;
        while i != start {
            let k = self.nodes.get(i)?.key;
            if k.raw_eq(key) {
                return Some(i);
            }
            if k.is_nil() {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// The value of `key` (nil when absent). The first probe is checked inline (string
    /// keys, the common ones, compared by handle); collisions go on out of line, one lap at
    /// most (a small part may be full).
    #[inline(always)]
    pub fn get(&self, key: Value) -> Value {
        if self.used == 0 {
            return Value::Nil;
        }
        let mask = self.nodes.len() - 1;
        let start = hash(key) as usize & mask;
        let Some(n) = self.nodes.get(start) else {
            return Value::Nil;
        };
        if let Value::Str(s) = key {
            return match n.key {
                Value::Str(k) if k == s => n.val,
                Value::Nil => Value::Nil,
                _ => self.get_str_probing(s, start, mask),
            };
        }
        if n.key.raw_eq(key) {
            return n.val;
        }
        if n.key.is_nil() {
            return Value::Nil;
        }
        self.get_probing(key, start, mask)
    }

    /// `get` of a string key past a first probe that found another key.
    #[inline(never)]
    fn get_str_probing(&self, s: crate::value::StrRef, start: usize, mask: usize) -> Value {
        let mut i = (start + 1) & mask;
        while i != start {
            let Some(n) = self.nodes.get(i) else { break };
            match n.key {
                Value::Str(k) if k == s => return n.val,
                Value::Nil => break,
                _ => i = (i + 1) & mask,
            }
        }
        Value::Nil
    }

    /// `get` past a first probe that found another key (as `find_probing`).
    #[inline(never)]
    fn get_probing(&self, key: Value, start: usize, mask: usize) -> Value {
        let mut i = (start + 1) & mask;
        while i != start {
            let Some(n) = self.nodes.get(i) else { break };
            if n.key.raw_eq(key) {
                return n.val;
            }
            if n.key.is_nil() {
                break;
            }
            i = (i + 1) & mask;
        }
        Value::Nil
    }

    /// The value slot of an existing key (live or tombstone).
    #[inline]
    pub fn get_mut(&mut self, key: Value) -> Option<&mut Value> {
        let i = self.find(key)?;
        Some(&mut self.nodes[i].val)
    }

    /// Inserts a key that is not present (callers check with `get_mut` first). When the
    /// nodes must be laid out anew, the new size is checked against `room` first: refused,
    /// nothing changed.
    pub fn insert_new(&mut self, key: Value, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        if !fits(self.used as usize + 1, self.nodes.len()) {
            let cap = self.rebuilt_capacity(1);
            let old = self.nodes.len();
            room.check(cap.saturating_sub(old).saturating_mul(HASH_SLOT))?;
            self.rebuild(cap);
            room.settle(old * HASH_SLOT, self.nodes.len() * HASH_SLOT);
        }
        let mask = self.nodes.len() - 1;
        let mut i = hash(key) as usize & mask;
        while !self.nodes[i].key.is_nil() {
            i = (i + 1) & mask;
        }
        self.nodes[i] = Node { key, val };
        self.used += 1;
        Ok(())
    }

    /// The node count a rebuild makes for the live entries and `extra` more: exact for small
    /// parts (as lua5.1's rehash), half free for bigger ones (so that a part full of
    /// tombstones is not rebuilt again at once).
    fn rebuilt_capacity(&self, extra: usize) -> usize {
        let n = self.nodes.iter().filter(|n| !n.val.is_nil()).count() + extra;
        if n <= SMALL {
            capacity_for(n)
        } else {
            (n * 2).next_power_of_two()
        }
    }

    /// Rehashes the live entries (dropping tombstones) into `cap` nodes. The old block is
    /// moved out and dropped after the move, so the peak is old + new (no third copy).
    fn rebuild(&mut self, cap: usize) {
        self.rebuilds = self.rebuilds.wrapping_add(1);
        let old = std::mem::replace(&mut self.nodes, empty_nodes(cap));
        self.used = 0;
        let mask = cap.wrapping_sub(1);
        for n in old.iter() {
            if n.key.is_nil() || n.val.is_nil() {
                continue;
            }
            let mut i = hash(n.key) as usize & mask;
            while !self.nodes[i].key.is_nil() {
                i = (i + 1) & mask;
            }
            self.nodes[i] = *n;
            self.used += 1;
        }
    }

    /// Takes the value of `key` out (leaving a tombstone).
    pub fn take(&mut self, key: Value) -> Option<Value> {
        let i = self.find(key)?;
        Some(std::mem::take(&mut self.nodes[i].val))
    }

    /// Entries from node `from` on: the first live one and its node.
    pub fn next_from(&self, from: usize) -> Option<(usize, Value, Value)> {
        (from..self.nodes.len())
            .find(|&i| !self.nodes[i].key.is_nil() && !self.nodes[i].val.is_nil())
            .map(|i| (i, self.nodes[i].key, self.nodes[i].val))
    }

    /// The key and value in node `i` (nil key: an empty node). For the collector's chunked
    /// traversal.
    #[inline]
    pub fn slot(&self, i: usize) -> (Value, Value) {
        (self.nodes[i].key, self.nodes[i].val)
    }

    /// Every node with a key: (key, value), tombstones included.
    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.nodes
            .iter()
            .filter(|n| !n.key.is_nil())
            .map(|n| (n.key, n.val))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (Value, &mut Value)> + '_ {
        self.nodes
            .iter_mut()
            .filter(|n| !n.key.is_nil())
            .map(|n| (n.key, &mut n.val))
    }

    /// Keeps the entries for which `f` holds (a rebuild).
    pub fn retain(&mut self, mut f: impl FnMut(Value, Value) -> bool) {
        for n in self.nodes.iter_mut() {
            if !n.key.is_nil() && !f(n.key, n.val) {
                n.val = Value::Nil;
            }
        }
        // The collector's clearing: never bigger than the part it replaces (the caller
        // accounts the change).
        let cap = self.rebuilt_capacity(0).min(self.nodes.len());
        self.rebuild(cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    fn insert(h: &mut HashPart, k: Value, v: Value) {
        let mut bytes = 0;
        let mut room = Room {
            bytes: &mut bytes,
            limit: 0,
        };
        if let Some(slot) = h.get_mut(k) {
            *slot = v;
        } else {
            h.insert_new(k, v, &mut room).unwrap();
        }
    }

    #[test]
    fn small_parts_are_full_and_misses_stop_after_one_lap() {
        let mut heap = Heap::new();
        let names: Vec<Value> = (0..6).map(|i| heap.str_value(&format!("k{i}"))).collect();
        let mut h = HashPart::default();
        for (n, &k) in names.iter().enumerate().take(4) {
            insert(&mut h, k, Value::Num(n as f64));
            // Exact powers of two up to 4 nodes: 1, 2, 4, 4.
            assert_eq!(h.capacity(), [1, 2, 4, 4][n]);
        }
        for (n, &k) in names.iter().enumerate() {
            let want = if n < 4 {
                Value::Num(n as f64)
            } else {
                Value::Nil
            };
            assert!(h.get(k).raw_eq(want), "{n}");
            assert_eq!(h.find(k).is_some(), n < 4);
        }
        // Non-string keys, present and absent, in a full part.
        let mut g = HashPart::with_capacity(1);
        insert(&mut g, Value::Bool(true), Value::Num(1.0));
        assert_eq!(g.capacity(), 1);
        assert!(g.get(Value::Bool(true)).raw_eq(Value::Num(1.0)));
        assert!(g.get(Value::Num(2.5)).is_nil());
        assert!(g.get(names[0]).is_nil());
        assert!(g.find(Value::Bool(false)).is_none());
        // A fifth key: the part grows to keep a quarter free.
        insert(&mut h, names[4], Value::Num(4.0));
        assert_eq!(h.capacity(), 16);
        assert!(h.get(names[4]).raw_eq(Value::Num(4.0)));
    }
}
