//! Lua tables: an array part for keys `1..n` and an insertion-ordered hash part.
//!
//! The array part is lua5.1's: every slot of its block is addressable and may hold nil, so a
//! read `t[i]` is one bounds check, and keys `1..=n` never live in the hash part (a growth
//! moves them over). It grows when a store lands just past its end.
//!
//! The hash part keeps entries whose value became nil as tombstones so that `next` stays valid
//! while a traversal clears fields (allowed in Lua); tombstones are dropped only when a new key
//! is inserted (which Lua forbids during traversal anyway).
//!
//! Size: 56 bytes (two blocks, the hash part's counters, the metatable, a border hint), so
//! that with its arena entry and slot a table costs 72 bytes where lua5.1's `Table` is 64
//! (`object_sizes` pins it); the read-only flag lives in the arena entry's flag bit
//! (`Heap::set_readonly`).

use super::hashpart::HashPart;
use crate::value::{TableRef, Value};
use std::cell::Cell;

#[derive(Debug, Default)]
pub struct Table {
    arr: Box<[Value]>,
    pub hash: HashPart,
    pub meta: Option<TableRef>,
    /// The border `#t` last found inside the array part: `t[#t+1] = v` and `t[#t] = nil`
    /// then find the next one in O(1), where lua5.1 searches the array each time.
    hint: Cell<u32>,
}

/// Errors a raw table write can raise (messages as lua5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    Nil,
    NaN,
}

impl KeyError {
    pub fn message(self) -> &'static str {
        match self {
            KeyError::Nil => "table index is nil",
            KeyError::NaN => "table index is NaN",
        }
    }
}

/// Why a raw store failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetError {
    /// A nil or NaN key (lua5.1's messages).
    Key(KeyError),
    /// Growing the array or hash part would cross the heap's limit (`Heap::limit`): nothing
    /// was allocated and the table is unchanged.
    Memory,
}

impl From<KeyError> for SetError {
    fn from(e: KeyError) -> SetError {
        SetError::Key(e)
    }
}

/// A growth refused by `Room::take`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRoom;

impl From<NoRoom> for SetError {
    fn from(_: NoRoom) -> SetError {
        SetError::Memory
    }
}

/// Bytes accounted per array slot and per hash node (key and value): their real sizes.
pub const ARRAY_SLOT: usize = std::mem::size_of::<Value>();
pub const HASH_SLOT: usize = std::mem::size_of::<super::hashpart::Node>();

/// The memory a write may grow a table into: the heap's byte count and limit (0: none).
/// A growth is checked against the limit *before* the new capacity is allocated and charged
/// when it is made (so `bytes` always equals the sum of `Table::size_bytes`).
pub struct Room<'a> {
    pub bytes: &'a mut usize,
    pub limit: usize,
}

impl Room<'_> {
    /// Whether `more` bytes fit under the limit (nothing is charged).
    #[inline]
    pub fn check(&self, more: usize) -> Result<(), NoRoom> {
        if self.limit != 0 && self.bytes.saturating_add(more) > self.limit {
            return Err(NoRoom);
        }
        Ok(())
    }

    /// Records a capacity change from `before` to `after` bytes (after the allocation).
    #[inline]
    pub fn settle(&mut self, before: usize, after: usize) {
        *self.bytes = (*self.bytes + after).saturating_sub(before);
    }
}

/// If `n` is an integer in `1..=len`, its zero-based array index.
#[inline]
fn array_index(n: f64, len: usize) -> Option<usize> {
    let i = n as usize;
    if i as f64 == n && i >= 1 && i <= len {
        Some(i - 1)
    } else {
        None
    }
}

impl Table {
    /// A table whose array part already has `narr` (nil) slots, as lua5.1's constructors
    /// preallocate: `#{1, nil, 3}` is then 3, as there.
    pub fn with_capacity(narr: usize, nhash: usize) -> Table {
        Table {
            arr: vec![Value::Nil; narr].into_boxed_slice(),
            hash: HashPart::with_capacity(nhash),
            meta: None,
            hint: Cell::new(0),
        }
    }

    /// The array part: slot `i` holds key `i + 1` (nil included).
    #[inline]
    pub fn array(&self) -> &[Value] {
        &self.arr
    }

    /// The array part, writable (the collector's clearing of weak values).
    #[inline]
    pub(crate) fn array_mut(&mut self) -> &mut [Value] {
        &mut self.arr
    }

    /// Bytes held, for memory accounting: the object in its arena and its two blocks (at
    /// least what the process holds for it; `object_sizes` checks).
    pub fn size_bytes(&self) -> usize {
        super::size::TABLE + Table::parts_bytes(self.arr.len(), self.hash.capacity())
    }

    /// Bytes of an array part of `narr` slots and a hash part of `nhash` slots.
    #[inline]
    pub fn parts_bytes(narr: usize, nhash: usize) -> usize {
        narr.saturating_mul(ARRAY_SLOT)
            .saturating_add(nhash.saturating_mul(HASH_SLOT))
    }

    #[inline(always)]
    pub fn get(&self, key: Value) -> Value {
        match key {
            Value::Num(n) => self.get_num(n),
            Value::Nil => Value::Nil,
            _ => self.get_hash(key),
        }
    }

    #[inline(always)]
    pub fn get_num(&self, n: f64) -> Value {
        if let Some(i) = array_index(n, self.arr.len()) {
            return self.arr[i];
        }
        if n.is_nan() {
            return Value::Nil;
        }
        self.get_hash(Value::Num(n))
    }

    #[inline]
    pub fn get_int(&self, i: i64) -> Value {
        if let Some(v) = self.arr.get((i as usize).wrapping_sub(1)) {
            return *v;
        }
        self.get_hash(Value::Num(i as f64))
    }

    #[inline]
    pub fn get_hash(&self, key: Value) -> Value {
        self.hash.get(key)
    }

    /// `t[key] = val` (raw). A store that needs a bigger array or hash part checks `room`
    /// first: refused, it returns `SetError::Memory` with the table unchanged.
    pub fn set(&mut self, key: Value, val: Value, room: &mut Room) -> Result<(), SetError> {
        match key {
            Value::Num(n) => {
                if let Some(i) = array_index(n, self.arr.len()) {
                    self.arr[i] = val;
                    return Ok(());
                }
                if n.is_nan() {
                    return Err(KeyError::NaN.into());
                }
                if n == (self.arr.len() + 1) as f64 && !val.is_nil() {
                    self.push_array(val, room)?;
                    return Ok(());
                }
                self.set_hash(Value::Num(if n == 0.0 { 0.0 } else { n }), val, room)?;
                Ok(())
            }
            Value::Nil => Err(KeyError::Nil.into()),
            _ => {
                self.set_hash(key, val, room)?;
                Ok(())
            }
        }
    }

    /// `t[i] = val` (raw) for an integer key (never a key error).
    #[inline]
    pub fn set_int(&mut self, i: i64, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        match self.set(Value::Num(i as f64), val, room) {
            Err(SetError::Memory) => Err(NoRoom),
            _ => Ok(()),
        }
    }

    /// Stores at key `len+1` by growing the array part, then moves the keys the grown part
    /// covers out of the hash part; while the next key is in the hash part too (a descending
    /// fill), grows again. Only the first growth may fail (the table unchanged).
    fn push_array(&mut self, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        let at = self.arr.len();
        self.grow_array(room)?;
        if !self.hash.is_empty() {
            self.hash.take(Value::Num((at + 1) as f64));
        }
        self.arr[at] = val;
        let mut from = at + 1;
        while !self.hash.is_empty() {
            for i in from..self.arr.len() {
                if let Some(v) = self.hash.take(Value::Num((i + 1) as f64)) {
                    self.arr[i] = v;
                }
            }
            let next = Value::Num((self.arr.len() + 1) as f64);
            if self.hash.get(next).is_nil() {
                break;
            }
            from = self.arr.len();
            if self.grow_array(room).is_err() {
                break;
            }
        }
        Ok(())
    }

    /// Grows the array part to the next power of two (at least 4 slots: lua5.1's sizes
    /// from there, so that `#` finds the borders lua5.1 finds), checked against the limit
    /// before allocating.
    fn grow_array(&mut self, room: &mut Room) -> Result<(), NoRoom> {
        let old = self.arr.len();
        let want = (old + 1).next_power_of_two().max(4);
        room.check((want - old).saturating_mul(ARRAY_SLOT))?;
        let mut v = std::mem::take(&mut self.arr).into_vec();
        v.reserve_exact(want - old);
        v.resize(want, Value::Nil);
        self.arr = v.into_boxed_slice();
        room.settle(old * ARRAY_SLOT, want * ARRAY_SLOT);
        Ok(())
    }

    fn set_hash(&mut self, key: Value, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        if let Some(slot) = self.hash.get_mut(key) {
            *slot = val;
            return Ok(());
        }
        if !val.is_nil() {
            self.hash.insert_new(key, val, room)?;
        }
        Ok(())
    }

    /// The border `#t`, following lua5.1's `luaH_getn`.
    pub fn border(&self) -> usize {
        let n = self.arr.len();
        if n > 0 && self.arr[n - 1].is_nil() {
            let arr = &*self.arr;
            let is_border = |b: usize| b >= 1 && b < n && !arr[b - 1].is_nil() && arr[b].is_nil();
            // Next to the last border (an append, a removal at the end), or that one. 0 is
            // left to the search, which may find a border further up, as lua5.1's does.
            let h = self.hint.get() as usize;
            for b in [h + 1, h, h.wrapping_sub(1)] {
                if is_border(b) {
                    self.hint.set(b as u32);
                    return b;
                }
            }
            // Binary search for a border inside the array part.
            let (mut i, mut j) = (0usize, n);
            while j - i > 1 {
                let m = (i + j) / 2;
                if self.arr[m - 1].is_nil() {
                    j = m
                } else {
                    i = m
                }
            }
            self.hint.set(u32::try_from(i).unwrap_or(0));
            return i;
        }
        if self.hash.is_empty() {
            return n;
        }
        // Unbound search in the hash part, as luaH_getn does.
        let mut i = n;
        let mut j = n + 1;
        while !self.get_int(j as i64).is_nil() {
            i = j;
            if j > (i64::MAX / 2) as usize {
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return (k - 1) as usize;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m
            } else {
                i = m
            }
        }
        i
    }

    /// `next(t, key)`: `Ok(None)` at the end, `Err(())` for a key that is not in the table.
    pub fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        let start_arr = match key {
            Value::Nil => 0,
            Value::Num(n) if array_index(n, self.arr.len()).is_some() => n as usize,
            _ => {
                let key = match key {
                    Value::Num(n) if n == 0.0 => Value::Num(0.0),
                    k => k,
                };
                let idx = self.hash.find(key).ok_or(())?;
                return Ok(self.hash.next_from(idx + 1).map(|(_, k, v)| (k, v)));
            }
        };
        for i in start_arr..self.arr.len() {
            if !self.arr[i].is_nil() {
                return Ok(Some((Value::Num((i + 1) as f64), self.arr[i])));
            }
        }
        Ok(self.hash.next_from(0).map(|(_, k, v)| (k, v)))
    }

    /// After a collection: removes cleared entries whose key died (weak keys).
    pub fn drop_dead_keys(&mut self, dead: impl Fn(Value) -> bool) {
        if self.hash.iter().any(|(k, v)| v.is_nil() && dead(k)) {
            self.hash.retain(|k, v| !(v.is_nil() && dead(k)));
        }
    }

    /// `table.maxn`: the largest positive numeric key.
    pub fn maxn(&self) -> f64 {
        let mut max = 0.0f64;
        for (i, v) in self.arr.iter().enumerate().rev() {
            if !v.is_nil() {
                max = (i + 1) as f64;
                break;
            }
        }
        for (k, v) in self.hash.iter() {
            if let (Value::Num(n), false) = (k, v.is_nil()) {
                if n > max {
                    max = n;
                }
            }
        }
        max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64) -> Value {
        Value::Num(x)
    }

    /// Unlimited stores for the tests (the accounting itself is checked below).
    fn set(t: &mut Table, k: Value, v: Value) -> Result<(), SetError> {
        let mut bytes = 0;
        t.set(
            k,
            v,
            &mut Room {
                bytes: &mut bytes,
                limit: 0,
            },
        )
    }
    fn seti(t: &mut Table, i: i64, v: Value) {
        let mut bytes = 0;
        let _ = t.set_int(
            i,
            v,
            &mut Room {
                bytes: &mut bytes,
                limit: 0,
            },
        );
    }

    #[test]
    fn array_part_grows_and_migrates_from_hash() {
        let mut t = Table::default();
        set(&mut t, n(3.0), n(30.0)).unwrap();
        set(&mut t, n(2.0), n(20.0)).unwrap();
        assert_eq!(t.array().len(), 0);
        set(&mut t, n(1.0), n(10.0)).unwrap();
        assert_eq!(t.array().len(), 4, "keys 2 and 3 moved into the array part");
        assert!(
            t.hash.iter().all(|(_, v)| v.is_nil()),
            "no live hash entries left"
        );
        assert_eq!(t.border(), 3);
        assert!(t.get(n(2.0)).raw_eq(n(20.0)));
    }

    #[test]
    fn float_and_integer_keys_are_the_same() {
        let mut t = Table::default();
        set(&mut t, n(1.0), n(1.0)).unwrap();
        assert!(t.get_int(1).raw_eq(n(1.0)));
        set(&mut t, n(-0.0), n(5.0)).unwrap();
        assert!(t.get(n(0.0)).raw_eq(n(5.0)));
        set(&mut t, n(2.5), n(7.0)).unwrap();
        assert!(t.get(n(2.5)).raw_eq(n(7.0)));
    }

    #[test]
    fn nil_and_nan_keys_are_errors() {
        let mut t = Table::default();
        assert_eq!(set(&mut t, Value::Nil, n(1.0)), Err(KeyError::Nil.into()));
        assert_eq!(set(&mut t, n(f64::NAN), n(1.0)), Err(KeyError::NaN.into()));
        assert_eq!(KeyError::NaN.message(), "table index is NaN");
        assert!(t.get(n(f64::NAN)).is_nil());
    }

    #[test]
    fn border_follows_luah_getn() {
        // {1, 2, 3} then t[3] = nil: binary search in the array part gives 2.
        let mut t = Table::default();
        for i in 1..=3 {
            seti(&mut t, i, n(i as f64));
        }
        seti(&mut t, 3, Value::Nil);
        assert_eq!(t.border(), 2);
        // {1, nil, 3} built by a constructor keeps 3 (the last array slot is not nil).
        let mut u = Table::with_capacity(3, 0);
        seti(&mut u, 1, n(1.0));
        seti(&mut u, 3, n(3.0));
        assert_eq!(u.border(), 3);
        // empty
        assert_eq!(Table::default().border(), 0);
    }

    #[test]
    fn next_survives_clearing_fields_during_traversal() {
        let mut t = Table::default();
        let keys: Vec<Value> = (0..20).map(|i| n(i as f64 + 0.5)).collect();
        for k in &keys {
            set(&mut t, *k, n(1.0)).unwrap();
        }
        let mut k = Value::Nil;
        let mut seen = 0;
        while let Some((key, _)) = t.next(k).unwrap() {
            set(&mut t, key, Value::Nil).unwrap();
            seen += 1;
            k = key;
        }
        assert_eq!(seen, 20);
        assert!(t.next(Value::Nil).unwrap().is_none());
        assert!(t.next(n(99.5)).is_err(), "a key that is not in the table");
    }

    #[test]
    fn tombstones_are_compacted_on_insert() {
        let mut t = Table::default();
        for i in 0..100 {
            set(&mut t, n(i as f64 + 0.5), n(1.0)).unwrap();
        }
        for i in 0..100 {
            set(&mut t, n(i as f64 + 0.5), Value::Nil).unwrap();
        }
        set(&mut t, n(1000.5), n(1.0)).unwrap();
        assert!(t.hash.capacity() <= 256);
        assert!(t.get(n(1000.5)).raw_eq(n(1.0)));
    }

    #[test]
    fn refused_growth_leaves_the_table_unchanged_and_charges_match_sizes() {
        let mut t = Table::default();
        let mut bytes = t.size_bytes();
        let limit = bytes + 100 * ARRAY_SLOT + 64 * HASH_SLOT;
        let mut refused = 0;
        for i in 1..=1000i64 {
            let mut room = Room {
                bytes: &mut bytes,
                limit,
            };
            let (arr, hash) = (t.array().len(), t.hash.capacity());
            let before = t.border();
            let a = t.set_int(i, n(i as f64), &mut room);
            let h = t.set(n(i as f64 + 0.5), n(1.0), &mut room);
            if a.is_err() {
                refused += 1;
                assert_eq!(
                    (t.border(), t.array().len()),
                    (before, arr),
                    "array unchanged"
                );
            }
            if h.is_err() {
                assert_eq!(h, Err(SetError::Memory));
                assert_eq!(t.hash.capacity(), hash, "hash unchanged");
                assert!(t.get(n(i as f64 + 0.5)).is_nil());
            }
            // The charge always equals the table's size; never over the limit.
            assert_eq!(bytes, t.size_bytes());
            assert!(bytes <= limit);
        }
        assert!(refused > 0);
        let b = t.border();
        assert!(b >= 64);
        for i in 1..=b as i64 {
            assert!(t.get_int(i).raw_eq(n(i as f64)));
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn set(t: &mut Table, k: f64, v: Value) {
        let mut bytes = 0;
        t.set(
            Value::Num(k),
            v,
            &mut Room {
                bytes: &mut bytes,
                limit: 0,
            },
        )
        .unwrap();
    }

    #[test]
    fn descending_fill_ends_in_the_array_part() {
        let mut t = Table::default();
        for i in (1..=100).rev() {
            set(&mut t, i as f64, Value::Num(i as f64));
        }
        assert!(t.array().len() >= 100);
        assert!(t.hash.iter().all(|(_, v)| v.is_nil()));
        assert_eq!(t.border(), 100);
    }

    #[test]
    fn border_hint_follows_appends_and_removals() {
        let mut t = Table::default();
        for i in 1..=1000 {
            assert_eq!(t.border(), i - 1);
            set(&mut t, i as f64, Value::Num(1.0));
        }
        for i in (1..=1000).rev() {
            assert_eq!(t.border(), i);
            set(&mut t, i as f64, Value::Nil);
        }
        assert_eq!(t.border(), 0);
        // A hole below a stale hint: the search finds a border again.
        for i in 1..=10 {
            set(&mut t, i as f64, Value::Num(1.0));
        }
        assert_eq!(t.border(), 10);
        set(&mut t, 10.0, Value::Nil);
        set(&mut t, 9.0, Value::Nil);
        set(&mut t, 8.0, Value::Nil);
        let b = t.border();
        assert!(b == 7, "{b}");
    }

    #[test]
    fn a_table_is_56_bytes() {
        assert_eq!(std::mem::size_of::<Table>(), 56);
    }
}
