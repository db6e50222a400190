//! Blocks of dead tables kept for new ones: the array and hash parts of small tables.
//!
//! Why: a short-lived object (`{x = x, y = y}` per method call, `{left, right}` per tree node)
//! cost a `malloc` at NEWTABLE and a `free` in the sweep — about a fifth of oop.lua's time.
//! The sweep hands a dead table's small parts here and NEWTABLE takes them back, reset.
//! Bounded: at most `MAX_BYTES` per pool, reported in `Heap::reserved_bytes` (the blocks are
//! no object's), emptied when the heap gives memory back (`Heap::shrink` with `full`).

use super::hashpart::Node;
use crate::value::Value;

/// Largest block length kept (slots or nodes): small tables are the short-lived ones.
const MAX_LEN: usize = 4;
/// Most bytes one pool keeps.
const MAX_BYTES: usize = 1024 * 1024;

/// Freed boxed slices of lengths `1..=MAX_LEN`, one free list per length.
pub(crate) struct BlockPool<T> {
    free: [Vec<Box<[T]>>; MAX_LEN],
    bytes: usize,
}

impl<T> Default for BlockPool<T> {
    fn default() -> Self {
        BlockPool {
            free: Default::default(),
            bytes: 0,
        }
    }
}

impl<T: Copy> BlockPool<T> {
    /// A block of `len` items, all `fill`: a kept one if there is one, else a new one (an
    /// empty one allocates nothing).
    #[inline]
    pub(crate) fn take(&mut self, len: usize, fill: T) -> Box<[T]> {
        if len == 0 {
            return Box::default();
        }
        if let Some(mut b) = self.free.get_mut(len - 1).and_then(Vec::pop) {
            self.bytes -= len * std::mem::size_of::<T>();
            reset(&mut b, fill);
            return b;
        }
        vec![fill; len].into_boxed_slice()
    }

    /// Keeps `b` for a later `take` when it is small and the pool has room; drops it otherwise.
    #[inline]
    pub(crate) fn put(&mut self, b: Box<[T]>) {
        let size = std::mem::size_of_val::<[T]>(&b);
        let Some(list) = b.len().checked_sub(1).and_then(|c| self.free.get_mut(c)) else {
            return;
        };
        if self.bytes + size <= MAX_BYTES {
            self.bytes += size;
            list.push(b);
        }
    }

    /// Bytes held: the blocks and the lists' own arrays.
    pub(crate) fn reserved_bytes(&self) -> usize {
        self.bytes
            + self
                .free
                .iter()
                .map(|l| l.capacity() * std::mem::size_of::<Box<[T]>>())
                .sum::<usize>()
    }

    /// Drops every kept block.
    pub(crate) fn clear(&mut self) {
        self.free = Default::default();
        self.bytes = 0;
    }
}

/// Sets every item of a kept block to `fill`: the lengths a pool keeps written out (a
/// generic `fill` loop spends more on its setup than on 1–4 stores).
#[inline(always)]
fn reset<T: Copy>(b: &mut [T], fill: T) {
    match b {
        [a] => *a = fill,
        [a, b] => (*a, *b) = (fill, fill),
        [a, b, c] => (*a, *b, *c) = (fill, fill, fill),
        [a, b, c, d] => (*a, *b, *c, *d) = (fill, fill, fill, fill),
        b => b.fill(fill),
    }
}

/// The pools of table parts.
#[derive(Default)]
pub(crate) struct PartPools {
    pub(crate) arrays: BlockPool<Value>,
    pub(crate) nodes: BlockPool<Node>,
}

impl PartPools {
    pub(crate) fn reserved_bytes(&self) -> usize {
        self.arrays.reserved_bytes() + self.nodes.reserved_bytes()
    }

    pub(crate) fn clear(&mut self) {
        self.arrays.clear();
        self.nodes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_come_back_reset_and_the_pool_is_bounded() {
        let mut p: BlockPool<u64> = BlockPool::default();
        let mut b = p.take(2, 0);
        b[0] = 7;
        let addr = b.as_ptr();
        p.put(b);
        let b = p.take(2, 0);
        assert_eq!(b.as_ptr(), addr, "the kept block is reused");
        assert_eq!(&*b, &[0, 0]);
        for len in 1..=MAX_LEN {
            p.put(vec![9u64; len].into_boxed_slice());
            assert_eq!(&*p.take(len, 3), &vec![3u64; len][..], "length {len} reset");
        }
        assert!(p.take(0, 3).is_empty());
        p.put(vec![1u64; 5].into_boxed_slice());
        assert_eq!(p.bytes, 0, "blocks over MAX_LEN are not kept");
        for _ in 0..MAX_BYTES {
            p.put(vec![1u64; 4].into_boxed_slice());
        }
        assert!(p.bytes <= MAX_BYTES);
        p.clear();
        assert_eq!(p.reserved_bytes(), 0);
    }
}
