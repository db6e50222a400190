//! A generational arena with dense storage: the objects of one kind.
//!
//! Handles are slotmap keys, (slot index, version). A sparse `slots` array maps an index to
//! the object's position in the dense `entries` array (or, for a vacant slot, to the next
//! vacant slot). Why dense: the collector's work and the memory kept after a spike follow
//! the live objects, not the peak — the sweep walks `entries` (live objects and those that
//! died since the last cycle), and `entries` shrinks when the live set does. Only the sparse
//! array (8 bytes per slot) may stay at the peak, when a live object holds a high index; its
//! vacant tail is cut off after a cycle (`shrink`).
//!
//! Each entry carries the collector's mark bit and one flag bit the object's kind may use (a
//! table's read-only flag): lua5.1's `marked` byte in the object header. They fit in the
//! entry's padding, so an object costs `object_bytes::<V>()` here: its entry and its slot.
//!
//! Stale handles: versions only grow. A truncated tail raises `floor`, the first version of
//! any slot created again, so a handle to a freed object never names a new one (the host may
//! hold unpinned stale handles: they stay errors, never aliases).

use slotmap::{Key, KeyData};
use std::marker::PhantomData;

/// No vacant slot.
const NONE: u32 = u32::MAX;
/// Below this many slots or entries an arena is never shrunk (no churn on small heaps).
const SHRINK_MIN: usize = 4096;

#[derive(Clone, Copy)]
struct Slot {
    /// Odd: occupied; even: vacant (slotmap's convention: key versions are odd).
    version: u32,
    /// Occupied: position in `entries`. Vacant: the next vacant slot (`NONE` ends the list).
    pos: u32,
}

struct Entry<V> {
    value: V,
    idx: u32,
    mark: bool,
    flag: bool,
}

/// The bytes one object of type `V` takes in its arena: its dense entry and its sparse slot
/// (what the object owns outside, such as a table's parts, is not included).
pub(crate) const fn object_bytes<V>() -> usize {
    std::mem::size_of::<Entry<V>>() + std::mem::size_of::<Slot>()
}

pub(crate) struct Arena<K, V> {
    slots: Vec<Slot>,
    entries: Vec<Entry<V>>,
    free: u32,
    /// Version floor (even) for slots created anew after a truncation.
    floor: u32,
    /// A live object's slot that stopped the last tail cut (see `shrink`).
    blocked: Option<u32>,
    _k: PhantomData<fn(K) -> K>,
}

impl<K: Key, V> Default for Arena<K, V> {
    fn default() -> Self {
        Arena {
            slots: Vec::new(),
            entries: Vec::new(),
            free: NONE,
            floor: 0,
            blocked: None,
            _k: PhantomData,
        }
    }
}

#[inline(always)]
fn split<K: Key>(k: K) -> (usize, u32) {
    let ffi = k.data().as_ffi();
    ((ffi & 0xffff_ffff) as usize, (ffi >> 32) as u32)
}

#[inline(always)]
fn key<K: Key>(idx: u32, version: u32) -> K {
    KeyData::from_ffi((u64::from(version) << 32) | u64::from(idx)).into()
}

impl<K: Key, V> Arena<K, V> {
    #[inline]
    pub(crate) fn insert(&mut self, value: V) -> K {
        self.insert_with(|| value)
    }

    /// Inserts the value `make` builds. The entry array's room is made first, so that the
    /// value is built after the only call that may happen (`reserve`) and written straight
    /// into its entry; the slot's new version is kept in a register, not read back.
    #[inline(always)]
    pub(crate) fn insert_with(&mut self, make: impl FnOnce() -> V) -> K {
        if self.entries.len() == self.entries.capacity() {
            self.entries.reserve(1);
        }
        let pos = self.entries.len() as u32;
        let (idx, version) = if self.free != NONE {
            let i = self.free;
            let s = &mut self.slots[i as usize];
            self.free = s.pos;
            let v = s.version.wrapping_add(1) | 1;
            s.version = v;
            s.pos = pos;
            (i, v)
        } else {
            let i = self.slots.len() as u32;
            let v = self.floor | 1;
            self.slots.push(Slot { version: v, pos });
            (i, v)
        };
        self.entries.push(Entry {
            value: make(),
            idx,
            mark: false,
            flag: false,
        });
        key(idx, version)
    }

    /// The entry position of a live handle (entries move when others are freed).
    pub(crate) fn position(&self, k: K) -> Option<usize> {
        self.pos(k)
    }

    #[inline(always)]
    fn pos(&self, k: K) -> Option<usize> {
        let (i, v) = split(k);
        match self.slots.get(i) {
            Some(s) if s.version == v => Some(s.pos as usize),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn get(&self, k: K) -> Option<&V> {
        let p = self.pos(k)?;
        self.entries.get(p).map(|e| &e.value)
    }

    #[inline(always)]
    pub(crate) fn get_mut(&mut self, k: K) -> Option<&mut V> {
        let p = self.pos(k)?;
        self.entries.get_mut(p).map(|e| &mut e.value)
    }

    /// The value and its mark bit.
    #[inline(always)]
    pub(crate) fn get_marked(&mut self, k: K) -> Option<(&mut V, &mut bool)> {
        let p = self.pos(k)?;
        self.entries.get_mut(p).map(|e| (&mut e.value, &mut e.mark))
    }

    /// The value, its mark bit and its flag bit.
    #[inline(always)]
    pub(crate) fn get_flagged(&mut self, k: K) -> Option<(&mut V, &mut bool, bool)> {
        let p = self.pos(k)?;
        self.entries
            .get_mut(p)
            .map(|e| (&mut e.value, &mut e.mark, e.flag))
    }

    /// The flag bit of a live object.
    #[inline]
    pub(crate) fn flag(&self, k: K) -> Option<bool> {
        let p = self.pos(k)?;
        self.entries.get(p).map(|e| e.flag)
    }

    /// Sets the flag bit of a live object; false for a dead handle.
    pub(crate) fn set_flag(&mut self, k: K, on: bool) -> bool {
        let Some(e) = self.pos(k).and_then(|p| self.entries.get_mut(p)) else {
            return false;
        };
        e.flag = on;
        true
    }

    /// The value and flag of a live object, mutably (the flag as well).
    pub(crate) fn get_mut_flag(&mut self, k: K) -> Option<(&mut V, &mut bool)> {
        let p = self.pos(k)?;
        self.entries.get_mut(p).map(|e| (&mut e.value, &mut e.flag))
    }

    /// Whether `k` is marked (a dead handle counts as marked: there is nothing to traverse).
    #[inline(always)]
    pub(crate) fn is_marked(&self, k: K) -> bool {
        match self.pos(k) {
            Some(p) => self.entries.get(p).is_none_or(|e| e.mark),
            None => true,
        }
    }

    /// Sets the mark; true if it was newly set (false for a dead handle).
    #[inline(always)]
    pub(crate) fn set_mark(&mut self, k: K) -> bool {
        let Some(p) = self.pos(k) else {
            return false;
        };
        match self.entries.get_mut(p) {
            Some(e) if !e.mark => {
                e.mark = true;
                true
            }
            _ => false,
        }
    }

    /// Every object white. O(live).
    pub(crate) fn clear_marks(&mut self) {
        for e in self.entries.iter_mut() {
            e.mark = false;
        }
    }

    /// The mark bits in entry order (for the verification marking; entries do not move while
    /// marking).
    pub(crate) fn marks(&self) -> Vec<bool> {
        self.entries.iter().map(|e| e.mark).collect()
    }

    pub(crate) fn set_marks(&mut self, marks: &[bool]) {
        for (e, &m) in self.entries.iter_mut().zip(marks) {
            e.mark = m;
        }
    }

    /// The handles of the objects for which `pred(value, mark, flag)` holds (O(live)).
    pub(crate) fn keys_where(&self, pred: impl Fn(&V, bool, bool) -> bool) -> Vec<K> {
        self.entries
            .iter()
            .filter(|e| pred(&e.value, e.mark, e.flag))
            .map(|e| key(e.idx, self.slots[e.idx as usize].version))
            .collect()
    }

    /// Frees the entry at position `p`: the last entry moves into it.
    fn remove_at(&mut self, p: usize) -> (K, V) {
        let e = self.entries.swap_remove(p);
        if let Some(moved) = self.entries.get(p) {
            self.slots[moved.idx as usize].pos = p as u32;
        }
        let s = &mut self.slots[e.idx as usize];
        let k = key(e.idx, s.version);
        s.version = s.version.wrapping_add(1) & !1;
        s.pos = self.free;
        self.free = e.idx;
        (k, e.value)
    }

    pub(crate) fn remove(&mut self, k: K) -> Option<V> {
        let p = self.pos(k)?;
        Some(self.remove_at(p).1)
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|e| &e.value)
    }

    /// Sweeps downward from entry position `*pos`, examining up to `n` entries: unmarked ones
    /// are freed (passed to `free`), marked ones turn white again (so that a finished cycle
    /// leaves every object white). Entries at or above the starting position (survivors
    /// already examined, objects born since the sweep started) are never examined: the entry
    /// that a removal moves down comes from above. Returns the entries examined.
    pub(crate) fn sweep(&mut self, pos: &mut usize, n: usize, mut free: impl FnMut(K, V)) -> usize {
        *pos = (*pos).min(self.entries.len());
        let mut examined = 0;
        while *pos > 0 && examined < n {
            *pos -= 1;
            examined += 1;
            let e = &mut self.entries[*pos];
            if std::mem::replace(&mut e.mark, false) {
                continue;
            }
            let (k, v) = self.remove_at(*pos);
            free(k, v);
        }
        examined
    }

    /// Gives memory back after a spike (called after a cycle). Always (cheap: a `realloc`
    /// to a smaller size does not copy): the entries' capacity when it is over 4× the live
    /// count. With `cut_slots` (a full collection, an idle host): the vacant tail of the slot
    /// array, when at least half the slots are in it — the scan down the tail and the rebuild
    /// of the vacant list over the slots kept cost no more than the slots cut, which were
    /// each allocated once; a tail found blocked by a live object is not scanned again while
    /// that object lives. Returns the work done (slots passed).
    pub(crate) fn shrink(&mut self, cut_slots: bool) -> usize {
        let live = self.entries.len();
        if self.entries.capacity() > SHRINK_MIN && self.entries.capacity() > 4 * live {
            self.entries.shrink_to(2 * live);
        }
        let len = self.slots.len();
        if !cut_slots || len <= SHRINK_MIN || len <= 4 * live {
            return 0;
        }
        if let Some(b) = self.blocked {
            if self
                .slots
                .get(b as usize)
                .is_some_and(|s| s.version & 1 == 1)
            {
                return 0;
            }
        }
        let mut hi = len;
        let mut top = 0;
        while hi > 0 && self.slots[hi - 1].version & 1 == 0 {
            hi -= 1;
            top = top.max(self.slots[hi].version);
        }
        let mut work = len - hi;
        if hi > len / 2 {
            // Blocked (typically by a few objects made while the vacant list was empty, at the
            // top of a spike). The vacant list goes in index order all the same, so the objects
            // made from now on fill the low slots and the cut can succeed once the blockers die
            // (before, the list kept the sweep's order and new objects kept landing high).
            self.blocked = Some(hi as u32 - 1);
            return work + self.relink_vacant(len);
        }
        self.blocked = None;
        self.floor = self.floor.max(top.wrapping_add(2) & !1);
        self.slots.truncate(hi);
        self.slots.shrink_to(2 * hi);
        // Rebuild the vacant list in index order: new objects fill the low slots first, which
        // keeps the next cut possible.
        work += self.relink_vacant(hi);
        work
    }

    /// Links the vacant slots below `end` into the vacant list in index order (the lowest
    /// first). Returns the work done (slots passed).
    fn relink_vacant(&mut self, end: usize) -> usize {
        self.free = NONE;
        for i in (0..end).rev() {
            if self.slots[i].version & 1 == 0 {
                self.slots[i].pos = self.free;
                self.free = i as u32;
            }
        }
        end
    }

    /// Bytes reserved by the arena beyond its objects' own entries and slots (those are
    /// accounted to the objects, `object_bytes`): the arrays' spare capacity and vacant slots.
    pub(crate) fn reserved_bytes(&self) -> usize {
        (self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.entries.capacity() * std::mem::size_of::<Entry<V>>())
        .saturating_sub(self.entries.len() * object_bytes::<V>())
    }

    /// Slots in the sparse array (live, vacant and vacant tail not yet cut).
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::TableRef;

    #[test]
    fn stale_handles_stay_stale_after_reuse_and_truncation() {
        let mut a: Arena<TableRef, u32> = Arena::default();
        let ks: Vec<TableRef> = (0..10_000).map(|i| a.insert(i)).collect();
        let keep = ks[3];
        for &k in &ks {
            if k != keep {
                assert!(a.remove(k).is_some());
            }
        }
        assert!(a.shrink(true) > 0);
        assert!(a.slot_count() <= 4, "{}", a.slot_count());
        assert_eq!(a.get(keep), Some(&3));
        let fresh: Vec<TableRef> = (0..10_000).map(|i| a.insert(100_000 + i)).collect();
        for &k in &ks {
            if k != keep {
                assert!(a.get(k).is_none());
                assert!(!fresh.contains(&k));
            }
        }
        for (i, &k) in fresh.iter().enumerate() {
            assert_eq!(a.get(k), Some(&(100_000 + i as u32)));
        }
        assert_eq!(a.len(), 10_001);
    }

    #[test]
    fn sweep_frees_unmarked_and_whitens_survivors() {
        let mut a: Arena<TableRef, u32> = Arena::default();
        let ks: Vec<TableRef> = (0..100).map(|i| a.insert(i)).collect();
        for k in ks.iter().step_by(2) {
            assert!(a.set_mark(*k));
        }
        let mut pos = a.len();
        let mut freed = Vec::new();
        while pos > 0 {
            a.sweep(&mut pos, 7, |_, v| freed.push(v));
        }
        assert_eq!(freed.len(), 50);
        assert!(freed.iter().all(|v| v % 2 == 1));
        for (i, k) in ks.iter().enumerate() {
            assert_eq!(a.get(*k).is_some(), i % 2 == 0);
            assert!(i % 2 == 1 || !a.is_marked(*k));
        }
    }

    /// A spike's top slot held by a late object blocks the cut; objects made after the
    /// blocked attempt fill low slots, so once the blocker dies the tail is cut.
    #[test]
    fn a_blocked_tail_is_cut_once_the_blocker_dies() {
        let mut a: Arena<TableRef, u32> = Arena::default();
        let spike: Vec<TableRef> = (0..100_000).map(|i| a.insert(i)).collect();
        let blocker = a.insert(7);
        for &k in &spike {
            a.remove(k);
        }
        a.shrink(true);
        assert_eq!(a.slot_count(), 100_001, "the blocker holds the top slot");
        let later: Vec<TableRef> = (0..1_000).map(|i| a.insert(i)).collect();
        a.remove(blocker);
        assert!(a.shrink(true) > 0);
        assert!(a.slot_count() <= 1_000, "{}", a.slot_count());
        for (i, &k) in later.iter().enumerate() {
            assert_eq!(a.get(k), Some(&(i as u32)));
        }
    }
}
