//! Lua tables: lua5.1's array part and hash part, laid out as lua5.1 lays them out so that
//! `next` visits keys in lua5.1's order.
//!
//! The array part is lua5.1's: every slot of its block is addressable and may hold nil, so a
//! read `t[i]` is one bounds check, and keys `1..=n` never live in the hash part. As in
//! ltable.c, both parts change size only in a rehash, when a new key finds no free node:
//! the array part gets the largest power of two more than half used by integer keys
//! (`computesizes`), the hash part the rest (`rehash`, `resize`).
//!
//! A field set to nil keeps its node (so `next` stays valid while a traversal clears fields)
//! until the next rehash; storing to an absent key inserts it even when the value is nil, as
//! `luaH_set` does (it may cause a rehash).
//!
//! Size: 56 bytes (two blocks, the hash part's counters, the metatable, the array's shape), so
//! that with its arena entry and slot a table costs 72 bytes where lua5.1's `Table` is 64
//! (`object_sizes` pins it); the read-only flag lives in the arena entry's flag bit
//! (`Heap::set_readonly`).

use super::LuaStr;
use super::arena::Arena;
use super::hashpart::{HashPart, node_count};
use super::luahash::{StrHash, other_hash, str_hash};
use crate::value::{StrRef, TableRef, Value};

#[derive(Debug, Default)]
pub struct Table {
    arr: Box<[Value]>,
    pub hash: HashPart,
    pub meta: Option<TableRef>,
    /// `PREFIX | b`: the array part's non-nil slots are exactly `1..=b`, so `#t` is `b`
    /// without lua5.1's binary search (which finds that one border too). Kept through
    /// appends at `b + 1` and removals at `b`; any other change of shape clears `PREFIX`
    /// until the next resize, and `#` then searches as lua5.1 does.
    shape: u32,
}

/// `Table::shape`'s flag: the non-nil slots are a prefix of the array part.
const PREFIX: u32 = 1 << 31;

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
    /// Where a new string key's lua5.1 hash comes from.
    pub(crate) keys: KeyHash<'a>,
}

/// The lua5.1 hash of keys: a string's from its bytes in the heap (with the heap's variant),
/// the others' from their value.
#[derive(Clone, Copy, Default)]
pub(crate) struct KeyHash<'a> {
    pub(crate) strings: Option<&'a Arena<StrRef, LuaStr>>,
    pub(crate) mode: StrHash,
}

impl KeyHash<'_> {
    #[inline]
    fn of(&self, k: Value) -> u32 {
        if let Value::Str(r) = k
            && let Some(s) = self.strings.and_then(|a| a.get(r))
        {
            return str_hash(s.bytes(), self.mode);
        }
        other_hash(k)
    }
}

impl KeyHash<'_> {
    /// `of` for a string key.
    #[inline]
    fn of_str(&self, r: StrRef) -> u32 {
        match self.strings.and_then(|a| a.get(r)) {
            Some(s) => str_hash(s.bytes(), self.mode),
            None => other_hash(Value::Str(r)),
        }
    }
}

impl<'a> Room<'a> {
    /// Room under `limit` (0: none) with `bytes` used; string keys hash by handle (tests).
    pub fn new(bytes: &'a mut usize, limit: usize) -> Room<'a> {
        Room {
            bytes,
            limit,
            keys: KeyHash::default(),
        }
    }

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
    // A signed cast is one `cvttsd2si` plus two saturation fixes; `as usize` needs a
    // second conversion path for values above 2^63 (~8 more instructions per lookup).
    // Saturated, NaN and negative values fail the round trip or the range test below.
    let i = n as i64;
    let slot = (i as usize).wrapping_sub(1);
    if i as f64 == n && slot < len {
        Some(slot)
    } else {
        None
    }
}

/// lua5.1's `MAXBITS`: array parts stay under 2^26 slots.
const MAXBITS: usize = 26;

/// `ceil(log2(x))` for x >= 1.
fn ceil_log2(x: usize) -> usize {
    (usize::BITS - (x - 1).leading_zeros()) as usize
}

/// `countint`: counts `key` in its slice when it is an integer in 1..=2^26.
fn count_int(key: Value, nums: &mut [usize; MAXBITS + 1]) -> usize {
    if let Value::Num(n) = key {
        let k = n as i64;
        if k as f64 == n && (1..=1i64 << MAXBITS).contains(&k) {
            nums[ceil_log2(k as usize)] += 1;
            return 1;
        }
    }
    0
}

/// `numusearray`: the non-nil slots of the array part, by slices (2^(lg-1), 2^lg].
fn num_use_array(arr: &[Value], nums: &mut [usize; MAXBITS + 1]) -> usize {
    let mut total = 0;
    let mut i = 1;
    for (lg, slot) in nums.iter_mut().enumerate() {
        let lim = (1usize << lg).min(arr.len());
        if i > lim {
            break;
        }
        let used = arr[i - 1..lim].iter().filter(|v| !v.is_nil()).count();
        i = lim + 1;
        *slot += used;
        total += used;
    }
    total
}

/// `computesizes`: the largest power of two `n` such that more than half of `1..=n` are
/// keys (`*narray` in: the integer keys; out: `n`). Returns how many keys go there.
fn compute_sizes(nums: &[usize; MAXBITS + 1], narray: &mut usize) -> usize {
    let (mut a, mut na, mut n) = (0, 0, 0);
    let mut twotoi = 1usize;
    for &c in nums.iter() {
        if twotoi / 2 >= *narray {
            break;
        }
        if c > 0 {
            a += c;
            if a > twotoi / 2 {
                n = twotoi;
                na = a;
            }
        }
        if a == *narray {
            break;
        }
        twotoi *= 2;
    }
    *narray = n;
    na
}

/// `Table::shape` after a store of `val` into array slot `i`.
#[inline(always)]
fn reshape(shape: &mut u32, i: usize, val: Value) {
    if *shape & PREFIX == 0 {
        return;
    }
    let b = (*shape & !PREFIX) as usize;
    if val.is_nil() {
        if i + 1 == b {
            *shape -= 1;
        } else if i + 1 < b {
            *shape = 0;
        }
    } else if i == b {
        *shape += 1;
    } else if i > b {
        *shape = 0;
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
            shape: PREFIX,
        }
    }

    /// An empty table over blocks already sized and reset (all nil, all `Node::default()`):
    /// a new table made from pooled parts.
    pub(crate) fn from_parts(arr: Box<[Value]>, nodes: Box<[super::hashpart::Node]>) -> Table {
        Table {
            arr,
            hash: HashPart::from_nodes(nodes),
            meta: None,
            shape: PREFIX,
        }
    }

    /// The array and node blocks of a dead table (for the pool).
    pub(crate) fn into_parts(self) -> (Box<[Value]>, Box<[super::hashpart::Node]>) {
        (self.arr, self.hash.into_nodes())
    }

    /// A table whose array part is `arr`, every slot non-nil (keys `1..=arr.len()`), with no
    /// hash part: its border is its length, nothing to measure.
    pub(crate) fn from_full_array(arr: Box<[Value]>) -> Table {
        debug_assert!(arr.iter().all(|v| !v.is_nil()));
        let n = arr.len();
        Table {
            arr,
            hash: HashPart::from_nodes(Box::default()),
            meta: None,
            shape: if n < PREFIX as usize {
                PREFIX | n as u32
            } else {
                0
            },
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
        self.shape = 0;
        &mut self.arr
    }

    /// Bytes held, for memory accounting: the object in its arena and its two blocks (at
    /// least what the process holds for it; `object_sizes` checks).
    /// Plain sums: both blocks exist, so their byte sizes fit (no saturating arithmetic, which
    /// cost a checked multiply per table made and per table swept).
    #[inline]
    pub fn size_bytes(&self) -> usize {
        Table::held_bytes(self.arr.len(), self.hash.capacity())
    }

    /// `size_bytes` of a table whose blocks of `narr` slots and `nodes` nodes exist.
    #[inline(always)]
    pub(crate) fn held_bytes(narr: usize, nodes: usize) -> usize {
        super::size::TABLE + narr * ARRAY_SLOT + nodes * HASH_SLOT
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

    /// `get` of a string key.
    #[inline(always)]
    pub fn get_str(&self, s: StrRef) -> Value {
        self.hash.get_str(s)
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
                    self.reshape(i, val);
                    return Ok(());
                }
                if n.is_nan() {
                    return Err(KeyError::NaN.into());
                }
                self.set_hash(key, val, room)?;
                Ok(())
            }
            Value::Nil => Err(KeyError::Nil.into()),
            _ => {
                self.set_hash(key, val, room)?;
                Ok(())
            }
        }
    }

    /// `t[s] = val` (raw) for a string key: one lookup, and a new key inserted inline when
    /// its main position is free (`HashPart::set_str`); a full part rehashes as `set` does.
    #[inline(always)]
    pub fn set_str(&mut self, s: StrRef, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        let keys = room.keys;
        if self.hash.set_str(s, val, || keys.of_str(s)).is_ok() {
            return Ok(());
        }
        self.set_str_full(s, val, room)
    }

    /// `set_str` into a full hash part: rehash, then store (the key may go anywhere now).
    #[cold]
    #[inline(never)]
    fn set_str_full(&mut self, s: StrRef, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        let key = Value::Str(s);
        let h = room.keys.of_str(s);
        self.rehash(key, room)?;
        self.put(key, h, val);
        Ok(())
    }

    /// SETLIST's stores: `vals` into array slots `first..` when they all lie in the array
    /// part (as many `set`s of integer keys would store them). False: nothing stored.
    pub fn set_array_run(&mut self, first: usize, vals: &[Value]) -> bool {
        let Some(dst) = first
            .checked_add(vals.len())
            .and_then(|end| self.arr.get_mut(first..end))
        else {
            return false;
        };
        // One pass, storing and following the shape (a constructor's run is short: a
        // `memcpy` call and a second pass cost more than the stores).
        let shape = &mut self.shape;
        for (j, (d, v)) in dst.iter_mut().zip(vals).enumerate() {
            *d = *v;
            reshape(shape, first + j, *v);
        }
        true
    }

    /// Follows a store of `val` into array slot `i` in `shape`.
    #[inline(always)]
    fn reshape(&mut self, i: usize, val: Value) {
        reshape(&mut self.shape, i, val);
    }

    /// Measures `shape` anew (after a resize: the array part changed wholesale).
    fn measure_shape(&mut self) {
        let b = self
            .arr
            .iter()
            .position(|v| v.is_nil())
            .unwrap_or(self.arr.len());
        self.shape = if self.arr[b..].iter().all(|v| v.is_nil()) {
            PREFIX | b as u32
        } else {
            0
        };
    }

    /// `t[i] = val` (raw) for an integer key (never a key error).
    #[inline]
    pub fn set_int(&mut self, i: i64, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        match self.set(Value::Num(i as f64), val, room) {
            Err(SetError::Memory) => Err(NoRoom),
            _ => Ok(()),
        }
    }

    fn set_hash(&mut self, key: Value, val: Value, room: &mut Room) -> Result<(), NoRoom> {
        if let Some(slot) = self.hash.get_mut(key) {
            *slot = val;
            return Ok(());
        }
        let h = room.keys.of(key);
        if self.hash.insert_new(key, h, val).is_ok() {
            return Ok(());
        }
        self.rehash(key, room)?;
        // `luaH_set` again: the key may belong to the grown array part now.
        self.put(key, h, val);
        Ok(())
    }

    /// Stores an absent key into a part sized for it (a rehash's re-insertions).
    fn put(&mut self, key: Value, h: u32, val: Value) {
        if let Value::Num(n) = key
            && let Some(i) = array_index(n, self.arr.len())
        {
            self.arr[i] = val;
            self.reshape(i, val);
            return;
        }
        // Cannot be full: the sizes counted this key.
        let _ = self.hash.insert_new(key, h, val);
    }

    /// lua5.1's `rehash` for a new key `extra`: counts the integer keys by power-of-two
    /// slices, then resizes both parts.
    fn rehash(&mut self, extra: Value, room: &mut Room) -> Result<(), NoRoom> {
        let mut nums = [0usize; MAXBITS + 1];
        let mut nasize = num_use_array(&self.arr, &mut nums);
        let mut total = nasize;
        for (k, v) in self.hash.iter() {
            if !v.is_nil() {
                nasize += count_int(k, &mut nums);
                total += 1;
            }
        }
        nasize += count_int(extra, &mut nums);
        total += 1;
        let na = compute_sizes(&nums, &mut nasize);
        self.resize(nasize, total - na, room)
    }

    /// lua5.1's `luaH_resizearray` (SETLIST's presizing): an array part of at least `n`
    /// slots; the hash part is laid out anew at its size.
    pub fn resize_array(&mut self, n: usize, room: &mut Room) -> Result<(), NoRoom> {
        if n <= self.arr.len() {
            return Ok(());
        }
        self.resize(n, self.hash.capacity(), room)
    }

    /// lua5.1's `resize`: the array part to `nasize` slots, the hash part to the nodes for
    /// `nhsize` keys; the keys of a vanishing array slice, then the old nodes from the last
    /// to the first, are inserted again. Checked against the limit first (refused: nothing
    /// changed).
    fn resize(&mut self, nasize: usize, nhsize: usize, room: &mut Room) -> Result<(), NoRoom> {
        let old_arr = self.arr.len();
        let cap = node_count(nhsize);
        let before = Table::parts_bytes(old_arr, self.hash.capacity());
        let after = Table::parts_bytes(nasize, cap);
        room.check(after.saturating_sub(before))?;
        if nasize > old_arr {
            let mut v = std::mem::take(&mut self.arr).into_vec();
            v.reserve_exact(nasize - old_arr);
            v.resize(nasize, Value::Nil);
            self.arr = v.into_boxed_slice();
        }
        let old = self.hash.replace(cap);
        if nasize < old_arr {
            for i in nasize..old_arr {
                let v = self.arr[i];
                if !v.is_nil() {
                    let k = Value::Num((i + 1) as f64);
                    let _ = self.hash.insert_new(k, other_hash(k), v);
                }
            }
            let mut v = std::mem::take(&mut self.arr).into_vec();
            v.truncate(nasize);
            self.arr = v.into_boxed_slice();
        }
        for n in old.iter().rev() {
            let (k, v, h) = n.entry();
            if !v.is_nil() {
                self.put(k, h, v);
            }
        }
        drop(old);
        self.measure_shape();
        room.settle(before, after);
        Ok(())
    }

    /// The border `#t`, following lua5.1's `luaH_getn`.
    pub fn border(&self) -> usize {
        let n = self.arr.len();
        if n > 0 && self.arr[n - 1].is_nil() {
            if self.shape & PREFIX != 0 {
                return (self.shape & !PREFIX) as usize;
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
        t.set(k, v, &mut Room::new(&mut bytes, 0))
    }
    fn seti(t: &mut Table, i: i64, v: Value) {
        let mut bytes = 0;
        let _ = t.set_int(i, v, &mut Room::new(&mut bytes, 0));
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
            let mut room = Room::new(&mut bytes, limit);
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
        t.set(Value::Num(k), v, &mut Room::new(&mut bytes, 0))
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
    fn border_follows_appends_and_removals() {
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
        // Holes: lua5.1's binary search.
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
    fn border_with_holes_is_lua51s_binary_search() {
        // Expected values printed by lua5.1 for the same stores.
        let mut t = Table::default();
        for i in 1..=8 {
            set(&mut t, i as f64, Value::Num(1.0));
        }
        set(&mut t, 8.0, Value::Nil);
        set(&mut t, 2.0, Value::Nil);
        assert_eq!(t.border(), 7);
        set(&mut t, 5.0, Value::Nil);
        assert_eq!(t.border(), 7);
        set(&mut t, 3.0, Value::Nil);
        set(&mut t, 4.0, Value::Nil);
        assert_eq!(t.border(), 1);
        set(&mut t, 8.0, Value::Num(1.0));
        assert_eq!(t.border(), 8);
        set(&mut t, 8.0, Value::Nil);
        set(&mut t, 2.0, Value::Num(1.0));
        assert_eq!(t.border(), 2);
    }

    #[test]
    fn a_table_is_56_bytes() {
        assert_eq!(std::mem::size_of::<Table>(), 56);
    }
}
