//! The value and frame stacks of each thread, charged to the heap's byte count.
//!
//! Each stack pair (the running one in `Vm::stack`/`Vm::frames`, a suspended coroutine's in
//! its `Coroutine`) carries `stack_charge`: the bytes of its capacity already in
//! `Heap::bytes`. The charge moves with the vectors when a resume or yield swaps them, is
//! credited back when a coroutine dies or is swept, and is brought up to date whenever the
//! capacity changes.
//!
//! Growth is checked before it happens at the points where a script makes the stacks grow:
//! a Lua call (its register window, the varargs below it, one more frame), VARARG, and
//! natives pushing many results (`Vm::check_stack`, lua_checkstack). Each checked growth
//! leaves `STACK_HEADROOM` free slots, which covers what natives and metamethod calls push
//! without checking (lua5.1's LUA_MINSTACK); a push past that still grows the vector
//! (bounded by the values already on a charged stack) and is charged at the next checked
//! growth, resume/yield, collection or safe point that syncs.

use super::{Frame, Throw, Vm};
use crate::value::Value;

/// Free slots a checked growth leaves above what was asked (lua5.1: LUA_MINSTACK 20 +
/// EXTRA_STACK 5, rounded up).
pub const STACK_HEADROOM: usize = 32;

/// Bytes a value stack and a frame stack hold (their capacity).
#[inline]
pub(crate) fn stacks_bytes(stack: &Vec<Value>, frames: &Vec<Frame>) -> usize {
    stack.capacity() * std::mem::size_of::<Value>()
        + frames.capacity() * std::mem::size_of::<Frame>()
}

impl Vm {
    /// Brings the heap's charge for the running stacks to their capacity.
    pub(crate) fn sync_stack_charge(&mut self) {
        let now = stacks_bytes(&self.stack, &self.frames);
        if now != self.stack_charge {
            self.heap.bytes = (self.heap.bytes + now).saturating_sub(self.stack_charge);
            self.stack_charge = now;
        }
    }

    /// Before the value stack grows to `need` slots (or a frame is pushed): grows both
    /// stacks, if needed, after checking the memory limit. May collect, so every live value
    /// must be rooted (true at calls: the function and its arguments are on the stack).
    #[inline(always)]
    pub(crate) fn ensure_stack(&mut self, need: usize) -> Result<(), Throw> {
        if need + STACK_HEADROOM > self.stack.capacity()
            || self.frames.len() == self.frames.capacity()
        {
            return self.grow_stacks(need);
        }
        Ok(())
    }

    /// lua_checkstack for natives: room for `n` more values above the current top, checked
    /// against the memory limit before the stack grows (`unpack`, `string.byte`). Only call
    /// it while every live value is rooted (it may collect).
    pub fn check_stack(&mut self, n: usize) -> Result<(), Throw> {
        let need = self.stack.len().saturating_add(n);
        if need + STACK_HEADROOM > self.stack.capacity() {
            return self.grow_stacks(need);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn grow_stacks(&mut self, need: usize) -> Result<(), Throw> {
        // Pushes since the last sync may have grown the vectors already.
        self.sync_stack_charge();
        let v = std::mem::size_of::<Value>();
        let f = std::mem::size_of::<Frame>();
        let (scap, fcap) = (self.stack.capacity(), self.frames.capacity());
        let slots = need.saturating_add(STACK_HEADROOM);
        let grow_frames = self.frames.len() == fcap;
        // Doubling, as `Vec` does; near the limit, only what is needed plus an eighth.
        let target = |double: bool| {
            let s = if slots > scap {
                slots.max(if double { scap * 2 } else { scap + scap / 8 })
            } else {
                scap
            };
            let fr = if grow_frames {
                if double {
                    (fcap * 2).max(8)
                } else {
                    fcap + fcap / 8 + 1
                }
            } else {
                fcap
            };
            (s, fr)
        };
        let bytes = |(s, fr): (usize, usize)| {
            (s - scap)
                .saturating_mul(v)
                .saturating_add((fr - fcap).saturating_mul(f))
        };
        let mut want = target(true);
        if self.check_alloc(bytes(want)).is_err() {
            want = target(false);
            self.reserve(bytes(want))?;
        }
        let (s, fr) = want;
        self.stack.reserve_exact(s.saturating_sub(self.stack.len()));
        self.frames
            .reserve_exact(fr.saturating_sub(self.frames.len()));
        self.sync_stack_charge();
        Ok(())
    }
}
