//! Allocations a script controls: sized and charged before they are made.
//!
//! Every native (and opcode) that builds something whose size a script chooses — a string
//! result, a table's array or hash part, a value-stack window, a decoder's output — first
//! computes that size (with overflow checks) and asks `Vm::reserve`; crossing
//! `Vm::memory_limit` is the catchable `not enough memory` and nothing was allocated. The
//! copy or scan that follows pays the instruction budget through `Vm::charge_bytes` as it
//! goes, so the budget hook (SCRIPT KILL, time limits) runs during long copies.

use super::{Throw, Vm};

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
