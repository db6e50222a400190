//! Allocations a script controls: sized and charged before they are made.
//!
//! Every native (and opcode) that builds something whose size a script chooses — a string
//! result, a table's array or hash part, a value-stack window, a decoder's output — first
//! computes that size (with overflow checks) and asks `Vm::reserve`; crossing
//! `Vm::memory_limit` is the catchable `not enough memory` and nothing was allocated. The
//! copy or scan that follows pays the instruction budget through `Vm::charge_bytes` as it
//! goes, so the budget hook (SCRIPT KILL, time limits) runs during long copies.

use super::{Throw, Vm};
use crate::heap::WriteError;
use crate::heap::table::SetError;
use crate::value::{TableRef, Value};

/// Bytes of copying or scanning per budget unit (`Vm::charge_bytes`).
pub const BYTES_PER_UNIT: usize = 64;

impl Vm {
    /// Reserves room for `bytes` about to be allocated: `Err(Throw::Memory)` when they would
    /// cross the memory limit even after a full collection. May run that collection, so call
    /// it before holding heap objects that are not on the stack (a native's arguments are).
    /// Costs one comparison when no limit is set or the allocation fits.
    #[inline]
    pub fn reserve(&mut self, bytes: usize) -> Result<(), Throw> {
        if self.memory_limit != 0 && self.heap.bytes.saturating_add(bytes) > self.memory_limit {
            return self.reserve_slow(bytes);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn reserve_slow(&mut self, bytes: usize) -> Result<(), Throw> {
        if bytes <= self.memory_limit {
            self.collect_garbage();
            if self.heap.bytes.saturating_add(bytes) <= self.memory_limit {
                return Ok(());
            }
        }
        Err(Throw::Memory)
    }

    /// `reserve` for `count` items of `size` bytes each (a product that overflows is refused).
    #[inline]
    pub fn reserve_n(&mut self, count: usize, size: usize) -> Result<(), Throw> {
        match count.checked_mul(size) {
            Some(b) => self.reserve(b),
            None => Err(Throw::Memory),
        }
    }

    /// Charges the budget for copying or scanning `bytes` (one unit per 64 bytes): called
    /// per piece inside loops, so a long copy reaches the hook while it runs.
    #[inline]
    pub fn charge_bytes(&mut self, bytes: usize) -> Result<(), Throw> {
        self.charge((bytes / BYTES_PER_UNIT) as u64)
    }
}

/// Table growth (see `heap::table::Room`): every store that needs a bigger array or hash part
/// is checked against `Heap::limit` before the allocation, inside the heap, where no
/// collection can run (the values being stored need not be rooted there). Refused, the table
/// is unchanged. Where every live value is rooted — an opcode's operands are registers or
/// constants, `rawset`'s and `table.insert`'s are their arguments — the refusal runs one full
/// collection and retries the store once (as `reserve` does); decoders and reply converters,
/// which hold values off the stack, refuse without collecting (as `check_alloc`).
impl Vm {
    /// One full collection after a refused growth, when a limit is armed; whether it freed
    /// anything (then the refused write is worth retrying once). Only call it where every
    /// live value is rooted.
    #[cold]
    #[inline(never)]
    pub(crate) fn collect_for_growth(&mut self) -> bool {
        if self.heap.limit == 0 {
            return false;
        }
        let before = self.heap.bytes;
        self.collect_garbage();
        self.heap.bytes < before
    }

    /// An opcode's raw store `t[k] = v` (SETTABLE, SETGLOBAL, a `__newindex` chain's last
    /// table) failed with `e`: a key error is raised positioned; a refused growth collects
    /// and retries once.
    #[cold]
    #[inline(never)]
    pub(crate) fn store_after_refusal(
        &mut self,
        t: TableRef,
        k: Value,
        v: Value,
        e: SetError,
    ) -> Result<(), Throw> {
        if e == SetError::Memory && self.collect_for_growth() {
            return self
                .heap
                .table_mut(t)
                .map_err(Throw::readonly_at_op)?
                .set(k, v)
                .map_err(Throw::set_at_op);
        }
        Err(Throw::set_at_op(e))
    }

    /// SETLIST's stores `t[first+j] = stack[a+j]` (j in 1..=n) were refused part way: collect
    /// and store them all again (storing the same values twice is harmless).
    #[cold]
    #[inline(never)]
    pub(crate) fn setlist_after_refusal(
        &mut self,
        t: TableRef,
        first: usize,
        a: usize,
        n: usize,
    ) -> Result<(), Throw> {
        if !self.collect_for_growth() {
            return Err(Throw::Memory);
        }
        let (stack, heap) = (&self.stack, &mut self.heap);
        let mut tm = heap.table_mut(t).map_err(Throw::readonly_at_op)?;
        tm.resize_array(first + n)?;
        for j in 1..=n {
            tm.set_int((first + j) as i64, stack[a + j])?;
        }
        Ok(())
    }

    /// `raw_set` for a native whose values are all rooted (its arguments, on the stack): a
    /// refused growth runs one full collection and is retried once (`rawset`).
    pub fn raw_set_rooted(&mut self, t: TableRef, k: Value, v: Value) -> Result<(), Throw> {
        match self.raw_set(t, k, v) {
            Err(Throw::Memory) if self.collect_for_growth() => self.raw_set(t, k, v),
            r => r,
        }
    }

    /// `t[i] = v` for a native whose values are all rooted (`table.insert`), as
    /// `raw_set_rooted`.
    pub fn raw_seti_rooted(&mut self, t: TableRef, i: i64, v: Value) -> Result<(), Throw> {
        match self.heap.table_mut(t)?.set_int(i, v) {
            Err(WriteError::Memory) if self.collect_for_growth() => {
                Ok(self.heap.table_mut(t)?.set_int(i, v)?)
            }
            r => Ok(r?),
        }
    }
}

/// Sum of lengths with overflow mapped to `not enough memory`.
#[inline]
pub fn add_len(total: usize, len: usize) -> Result<usize, Throw> {
    total.checked_add(len).ok_or(Throw::Memory)
}

/// Bytes an output buffer may grow between two checks of `OutMeter`.
const OUT_CHUNK: usize = 64 << 10;

/// The accounting of an encoder's growing output buffer: before each append of at most
/// `extra` bytes, `OutMeter::room` reserves the buffer's size (and capacity) and pays for
/// the bytes appended since the last check — once per 64 KiB, so small appends cost a
/// comparison.
#[derive(Default)]
pub struct OutMeter {
    mark: usize,
    paid: usize,
}

impl OutMeter {
    #[inline]
    pub fn room(&mut self, vm: &mut Vm, out: &[u8], cap: usize, extra: usize) -> Result<(), Throw> {
        let need = out.len().saturating_add(extra);
        if need > self.mark {
            return self.check(vm, need, cap);
        }
        Ok(())
    }

    #[cold]
    fn check(&mut self, vm: &mut Vm, need: usize, cap: usize) -> Result<(), Throw> {
        vm.reserve(need.max(cap))?;
        vm.charge_bytes(need.saturating_sub(self.paid))?;
        self.paid = need;
        self.mark = need.saturating_add(OUT_CHUNK);
        Ok(())
    }
}
