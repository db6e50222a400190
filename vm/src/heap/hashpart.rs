//! The hash part of a table: lua5.1's node array, so that `next` visits keys in the order
//! lua5.1 does (ltable.c). Each key goes to its main position (from its lua5.1 hash,
//! `luahash.rs`); a collision takes the free node `lastfree` finds scanning down from the
//! end, and, as in `luaH_newkey` (Brent's variation), the node already at the main position
//! moves there instead when it is not in its own main position. The chain of colliding keys
//! (`next`) is kept only to reproduce those moves. A removed field keeps its key with a nil
//! value until the next rehash, as in lua5.1, and a new key whose main position holds such a
//! field takes that node.
//!
//! Lookups do not follow lua5.1's chains: a string's lua5.1 hash needs its bytes, which a
//! table read does not have, so every node also heads a bucket of keys chosen by a hash of
//! the key's handle (`head`, `link`): a read is that hash, one node and a compare, as before.
//! A node is 48 bytes (lua5.1's is 40).

use super::luahash::main_position;
use crate::value::{StrRef, Value};
use slotmap::Key as _;

/// No node (the end of a chain).
const NONE: u32 = u32::MAX;

/// One key/value pair and its links.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    key: Value,
    val: Value,
    /// The key's lua5.1 hash (its main position for a given size).
    mph: u32,
    /// lua5.1's collision chain (`gnext`).
    next: u32,
    /// The first node of the lookup bucket this node's index names.
    head: u32,
    /// The next node in this node's lookup bucket.
    link: u32,
}

impl Default for Node {
    fn default() -> Node {
        Node {
            key: Value::Nil,
            val: Value::Nil,
            mph: 0,
            next: NONE,
            head: NONE,
            link: NONE,
        }
    }
}

impl Node {
    /// The key, the value and the key's lua5.1 hash.
    #[inline]
    pub fn entry(&self) -> (Value, Value, u32) {
        (self.key, self.val, self.mph)
    }
}

/// No free node is left: the table must be rehashed (`luaH_newkey` calling `rehash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

#[derive(Debug, Default, Clone)]
pub struct HashPart {
    nodes: Box<[Node]>,
    /// Nodes at or above this index are never free (`lastfree`).
    lastfree: u32,
    /// Times nodes were laid out anew or moved (the collector restarts a chunked traversal
    /// then: a moved entry may land behind its cursor).
    rebuilds: u32,
}

/// The lookup hash of a key (its handle's or value's bits).
#[inline(always)]
fn hash(k: Value) -> u64 {
    let x = match k {
        // -0 and 0 are one key (lua5.1 keeps whichever was stored first).
        Value::Num(n) => (if n == 0.0 { 0.0f64 } else { n }).to_bits(),
        Value::Str(r) => r.data().as_ffi(),
        Value::Bool(b) => b as u64 + 1,
        other => other.identity() ^ 0x5bd1_e995,
    };
    let h = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // The product's high half folded in: numbers such as `i + 0.5` have many low zero bits.
    h ^ (h >> 32)
}

/// The node count lua5.1's `setnodevector` makes for `n` keys: none, or the power of two
/// at least `n`.
pub fn node_count(n: usize) -> usize {
    if n == 0 { 0 } else { n.next_power_of_two() }
}

fn empty_nodes(cap: usize) -> Box<[Node]> {
    vec![Node::default(); cap].into_boxed_slice()
}

impl HashPart {
    /// A part sized for `n` keys (a constructor's fields).
    pub fn with_capacity(n: usize) -> HashPart {
        let cap = node_count(n);
        HashPart {
            nodes: empty_nodes(cap),
            lastfree: cap as u32,
            rebuilds: 0,
        }
    }

    /// A part over `nodes`, which must all be `Node::default()` (a pooled block, reset).
    pub(crate) fn from_nodes(nodes: Box<[Node]>) -> HashPart {
        HashPart {
            lastfree: nodes.len() as u32,
            nodes,
            rebuilds: 0,
        }
    }

    /// The node block (for the pool of a dead table's parts).
    pub(crate) fn into_nodes(self) -> Box<[Node]> {
        self.nodes
    }

    /// How many times the nodes were laid out anew or moved.
    #[inline]
    pub fn rebuilds(&self) -> u32 {
        self.rebuilds
    }

    /// Nodes (for memory accounting).
    #[inline]
    pub fn capacity(&self) -> usize {
        self.nodes.len()
    }

    /// True when there are no nodes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node holding `key` (live or removed), if any. The bucket's first node is checked
    /// inline (string keys by handle); the rest of the bucket out of line.
    #[inline(always)]
    pub fn find(&self, key: Value) -> Option<usize> {
        let mask = self.nodes.len().wrapping_sub(1);
        let i = self.nodes.get(hash(key) as usize & mask)?.head;
        let n = self.nodes.get(i as usize)?;
        if let Value::Str(s) = key {
            return match n.key {
                Value::Str(k) if k == s => Some(i as usize),
                _ if n.link == NONE => None,
                _ => self.find_chain(key, n.link),
            };
        }
        if n.key.raw_eq(key) {
            return Some(i as usize);
        }
        self.find_chain(key, n.link)
    }

    /// `find` past the bucket's first node.
    #[inline(never)]
    fn find_chain(&self, key: Value, mut i: u32) -> Option<usize> {
        while let Some(n) = self.nodes.get(i as usize) {
            if n.key.raw_eq(key) {
                return Some(i as usize);
            }
            i = n.link;
        }
        None
    }

    /// The value of `key` (nil when absent), as `find`.
    #[inline(always)]
    pub fn get(&self, key: Value) -> Value {
        let mask = self.nodes.len().wrapping_sub(1);
        let Some(b) = self.nodes.get(hash(key) as usize & mask) else {
            return Value::Nil;
        };
        let Some(n) = self.nodes.get(b.head as usize) else {
            return Value::Nil;
        };
        if let Value::Str(s) = key {
            return match n.key {
                Value::Str(k) if k == s => n.val,
                _ if n.link == NONE => Value::Nil,
                _ => self.get_chain(key, n.link),
            };
        }
        if n.key.raw_eq(key) {
            return n.val;
        }
        if n.link == NONE {
            return Value::Nil;
        }
        self.get_chain(key, n.link)
    }

    /// `get` of a string key (GETFIELD/SELF with a constant key: no dispatch on the key's
    /// type).
    #[inline(always)]
    pub fn get_str(&self, s: StrRef) -> Value {
        let mask = self.nodes.len().wrapping_sub(1);
        let Some(b) = self.nodes.get(hash(Value::Str(s)) as usize & mask) else {
            return Value::Nil;
        };
        let Some(n) = self.nodes.get(b.head as usize) else {
            return Value::Nil;
        };
        match n.key {
            Value::Str(k) if k == s => n.val,
            _ if n.link == NONE => Value::Nil,
            _ => self.get_str_chain(s, n.link),
        }
    }

    /// `get_str` past the bucket's first node: handles compared, no dispatch on the key's
    /// type (small parts are full, so a class's fields often share a bucket).
    #[inline(never)]
    fn get_str_chain(&self, s: StrRef, mut i: u32) -> Value {
        while let Some(n) = self.nodes.get(i as usize) {
            if let Value::Str(k) = n.key
                && k == s
            {
                return n.val;
            }
            i = n.link;
        }
        Value::Nil
    }

    /// `get` past the bucket's first node.
    #[inline(never)]
    fn get_chain(&self, key: Value, mut i: u32) -> Value {
        while let Some(n) = self.nodes.get(i as usize) {
            if n.key.raw_eq(key) {
                return n.val;
            }
            i = n.link;
        }
        Value::Nil
    }

    /// `get_mut` of a string key (SETFIELD: no dispatch on the key's type).
    #[inline(always)]
    pub fn get_str_mut(&mut self, s: StrRef) -> Option<&mut Value> {
        let i = self.find(Value::Str(s))?;
        self.nodes.get_mut(i).map(|n| &mut n.val)
    }

    /// `t[s] = val` for a string key in one lookup: stored in place when `s` is present
    /// (live or removed), else inserted as `insert_new` inserts it, its lua5.1 hash from
    /// `mph` (asked only then). Inline for the constructor's case, a free main position;
    /// collisions go to `insert_new`. `Full`: no free node (nothing changed).
    #[inline(always)]
    pub fn set_str(
        &mut self,
        s: StrRef,
        val: Value,
        mph: impl FnOnce() -> u32,
    ) -> Result<(), Full> {
        let mask = self.nodes.len().wrapping_sub(1);
        let b = hash(Value::Str(s)) as usize & mask;
        let Some(bucket) = self.nodes.get(b) else {
            return Err(Full);
        };
        let mut i = bucket.head;
        while let Some(n) = self.nodes.get_mut(i as usize) {
            if let Value::Str(k) = n.key
                && k == s
            {
                n.val = val;
                return Ok(());
            }
            i = n.link;
        }
        let h = mph();
        // Strings take their main position by mask (`main_position`'s `hashpow2`).
        let mp = h as usize & mask;
        if let Some(n) = self.nodes.get_mut(mp)
            && n.key.is_nil()
        {
            // A node that never held a key: its `next` (lua5.1's chain through it) stays.
            (n.key, n.val, n.mph) = (Value::Str(s), val, h);
            let head = self.nodes[b].head;
            if let Some(n) = self.nodes.get_mut(mp) {
                n.link = head;
            }
            self.nodes[b].head = mp as u32;
            return Ok(());
        }
        self.insert_new(Value::Str(s), h, val)
    }

    /// The value slot of an existing key (live or removed).
    #[inline]
    pub fn get_mut(&mut self, key: Value) -> Option<&mut Value> {
        let i = self.find(key)?;
        Some(&mut self.nodes[i].val)
    }

    /// Adds node `i` to the lookup bucket of its key.
    fn link_in(&mut self, i: usize) {
        let b = hash(self.nodes[i].key) as usize & (self.nodes.len() - 1);
        self.nodes[i].link = self.nodes[b].head;
        self.nodes[b].head = i as u32;
    }

    /// Takes node `i` out of the lookup bucket of its key.
    fn unlink(&mut self, i: usize) {
        let b = hash(self.nodes[i].key) as usize & (self.nodes.len() - 1);
        let after = self.nodes[i].link;
        if self.nodes[b].head == i as u32 {
            self.nodes[b].head = after;
            return;
        }
        let mut j = self.nodes[b].head;
        while let Some(n) = self.nodes.get(j as usize) {
            if n.link == i as u32 {
                self.nodes[j as usize].link = after;
                return;
            }
            j = n.link;
        }
    }

    /// `getfreepos`: the next node below `lastfree` that never held a key.
    fn free_pos(&mut self) -> Option<usize> {
        while self.lastfree > 0 {
            self.lastfree -= 1;
            if self.nodes[self.lastfree as usize].key.is_nil() {
                return Some(self.lastfree as usize);
            }
        }
        None
    }

    /// Inserts a key that is not present (callers check with `get_mut` first) whose lua5.1
    /// hash is `mph`, as `luaH_newkey` does; `Full` when no node is free (nothing changed).
    pub fn insert_new(&mut self, key: Value, mph: u32, val: Value) -> Result<(), Full> {
        let size = self.nodes.len();
        if size == 0 {
            return Err(Full);
        }
        let mut mp = main_position(key, mph, size);
        if !self.nodes[mp].val.is_nil() {
            let n = self.free_pos().ok_or(Full)?;
            let c = self.nodes[mp];
            let mut other = main_position(c.key, c.mph, size);
            if other != mp {
                // The colliding node is out of its main position: it moves to the free node
                // (its chain now goes through there) and the new key takes its place.
                let mut steps = 0;
                while self.nodes[other].next != mp as u32 && steps < size {
                    match self.nodes.get(self.nodes[other].next as usize) {
                        Some(_) => other = self.nodes[other].next as usize,
                        None => break,
                    }
                    steps += 1;
                }
                self.nodes[other].next = n as u32;
                self.unlink(mp);
                let m = &mut self.nodes[n];
                (m.key, m.val, m.mph, m.next) = (c.key, c.val, c.mph, c.next);
                self.link_in(n);
                let m = &mut self.nodes[mp];
                (m.key, m.val, m.next) = (Value::Nil, Value::Nil, NONE);
                self.rebuilds = self.rebuilds.wrapping_add(1);
            } else {
                // The colliding node is in its main position: the new key goes to the free
                // node, chained after it.
                self.nodes[n].next = self.nodes[mp].next;
                self.nodes[mp].next = n as u32;
                mp = n;
            }
        }
        // A removed field in the node leaves the table now.
        if !self.nodes[mp].key.is_nil() {
            self.unlink(mp);
        }
        let m = &mut self.nodes[mp];
        (m.key, m.val, m.mph) = (key, val, mph);
        self.link_in(mp);
        Ok(())
    }

    /// Replaces the nodes with `cap` empty ones (`setnodevector`), returning the old ones for
    /// the caller to insert again.
    pub fn replace(&mut self, cap: usize) -> Box<[Node]> {
        self.rebuilds = self.rebuilds.wrapping_add(1);
        self.lastfree = cap as u32;
        std::mem::replace(&mut self.nodes, empty_nodes(cap))
    }

    /// Entries from node `from` on: the first live one and its node.
    pub fn next_from(&self, from: usize) -> Option<(usize, Value, Value)> {
        self.nodes
            .get(from..)?
            .iter()
            .position(|n| !n.val.is_nil())
            .map(|p| {
                let n = &self.nodes[from + p];
                (from + p, n.key, n.val)
            })
    }

    /// The key and value in node `i` (nil key: an empty node). For the collector's chunked
    /// traversal.
    #[inline]
    pub fn slot(&self, i: usize) -> (Value, Value) {
        (self.nodes[i].key, self.nodes[i].val)
    }

    /// Every node with a key: (key, value), removed fields included.
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::luahash::other_hash;

    fn num(x: f64) -> Value {
        Value::Num(x)
    }

    fn order(h: &HashPart) -> Vec<f64> {
        let mut out = vec![];
        let mut i = 0;
        while let Some((at, Value::Num(k), _)) = h.next_from(i) {
            out.push(k);
            i = at + 1;
        }
        out
    }

    /// `set_str` lays keys out exactly as `get_mut` + `insert_new` do (so `next` order is
    /// unchanged), whatever the collisions, and stores present or removed keys in place.
    #[test]
    fn set_str_places_keys_as_insert_new_does() {
        fn s(i: u64) -> StrRef {
            slotmap::KeyData::from_ffi((1 << 32) | i).into()
        }
        // Lua hashes chosen to collide in main positions (all even, or equal).
        let mph = |i: u64| [0u32, 2, 4, 2, 6, 0, 8, 3][i as usize % 8];
        for cap in [1, 2, 4, 8] {
            let (mut a, mut b) = (HashPart::with_capacity(cap), HashPart::with_capacity(cap));
            for i in 0..cap as u64 {
                let v = Value::Num(i as f64);
                a.set_str(s(i), v, || mph(i)).unwrap();
                assert!(b.get_mut(Value::Str(s(i))).is_none());
                b.insert_new(Value::Str(s(i)), mph(i), v).unwrap();
            }
            let entries = |h: &HashPart| {
                h.nodes
                    .iter()
                    .map(|n| (n.key, n.val, n.next))
                    .collect::<Vec<_>>()
            };
            let (ea, eb) = (entries(&a), entries(&b));
            assert_eq!(ea.len(), eb.len());
            for (x, y) in ea.iter().zip(&eb) {
                assert!(
                    x.0.raw_eq(y.0) && x.1.raw_eq(y.1) && x.2 == y.2,
                    "cap {cap}"
                );
            }
            assert_eq!(a.set_str(s(99), Value::Num(0.0), || 1), Err(Full));
            // Present and removed keys are stored in place without asking for the hash.
            a.set_str(s(0), Value::Nil, || unreachable!()).unwrap();
            assert!(a.get_str(s(0)).is_nil());
            a.set_str(s(0), Value::Num(7.0), || unreachable!()).unwrap();
            assert!(a.get_str(s(0)).raw_eq(Value::Num(7.0)));
        }
    }

    #[test]
    fn collisions_take_free_nodes_from_the_end_and_displace_strangers() {
        // 4 nodes: numbers go to hash % 3. 1.5 and 2.5 are placed, then keys fill the rest.
        let mut h = HashPart::with_capacity(4);
        let keys = [1.5, 2.5, 3.5, 4.5];
        for k in keys {
            h.insert_new(num(k), other_hash(num(k)), num(1.0)).unwrap();
        }
        assert_eq!(
            h.insert_new(num(9.5), other_hash(num(9.5)), num(1.0)),
            Err(Full)
        );
        for k in keys {
            assert!(h.get(num(k)).raw_eq(num(1.0)));
        }
        let mut o = order(&h);
        o.sort_by(f64::total_cmp);
        assert_eq!(o, keys);
        // A removed field keeps its node and is found again.
        *h.get_mut(num(2.5)).unwrap() = Value::Nil;
        assert!(h.find(num(2.5)).is_some());
        assert!(h.get(num(2.5)).is_nil());
    }
}
