//! The sweep: frees unmarked objects arena by arena, walking each arena's entries (not its
//! slots), then gives back the memory a spike left.

use super::Phase;
use crate::heap::{Heap, LuaStr, Mutator, Thread, size};
use crate::value::StrRef;

/// Arenas swept, in order: strings, tables, functions, cells, threads, userdata.
pub(super) const ARENAS: usize = 6;
/// Work units charged per object examined.
const SWEEP_COST: usize = 8;
/// Most objects examined per arena call (the budget is checked between calls).
const SWEEP_BATCH: usize = 4096;
/// Below this many entries the collector's own lists and the intern table are not shrunk.
const SHRINK_MIN: usize = 4096;

impl<M: Mutator> Heap<M> {
    /// Fixes where each arena's sweep starts: its entry count now (objects born later are not
    /// examined).
    pub(super) fn gc_sweep_start(&mut self) {
        let g = &mut self.gc;
        g.sweep_from = crate::heap::per_arena!(self, |a| a.len());
        g.sweep_arena = 0;
        g.sweep_pos = g.sweep_from[0];
    }

    /// Whether string `r` may still be examined by the sweep in progress (it is marked when
    /// interned again, so that it survives).
    pub(super) fn gc_not_swept_string(&self, r: StrRef) -> bool {
        self.gc.sweep_arena == 0
            && self
                .strings
                .position(r)
                .is_some_and(|p| p < self.gc.sweep_pos)
    }

    /// Frees unmarked objects from where the last call stopped, for about `budget` work
    /// units. Returns the work done; the phase becomes `Pause` at the end (after `shrink`).
    pub(crate) fn gc_sweep(&mut self, budget: usize) -> usize {
        let mut work = 0usize;
        let bytes_before = self.bytes;
        while work < budget && self.gc.phase == Phase::Sweep {
            let n = (budget - work).div_ceil(SWEEP_COST).clamp(1, SWEEP_BATCH);
            let mut pos = self.gc.sweep_pos;
            let Heap {
                strings,
                intern,
                tables,
                funcs,
                cells,
                threads,
                userdata,
                bytes,
                gc,
                pools,
                ..
            } = self;
            // Summed over the batch and settled once after it (nothing reads them meanwhile):
            // two read-modify-writes of heap fields per object otherwise.
            let (mut freed_bytes, mut freed_n) = (0usize, 0usize);
            let mut free = |b: usize| {
                freed_bytes += b;
                freed_n += 1;
            };
            let examined = match gc.sweep_arena {
                0 => strings.sweep(&mut pos, n, |k, s| {
                    if let Ok(e) = intern.find_entry(s.hash(), |&r| r == k) {
                        e.remove();
                    }
                    free(s.size_bytes());
                }),
                1 => tables.sweep(&mut pos, n, |_, t| {
                    free(t.size_bytes());
                    let (arr, nodes) = t.into_parts();
                    pools.arrays.put(arr);
                    pools.nodes.put(nodes);
                }),
                2 => funcs.sweep(&mut pos, n, |_, f| free(f.size_bytes())),
                3 => cells.sweep(&mut pos, n, |_, _| free(size::CELL)),
                4 => threads.sweep(&mut pos, n, |_, c| {
                    free(size::thread::<M::Thread>() + c.stack_charge())
                }),
                _ => userdata.sweep(&mut pos, n, |_, _| free(size::USERDATA)),
            };
            *bytes = bytes.saturating_sub(freed_bytes);
            gc.freed += freed_n;
            work += examined * SWEEP_COST + 1;
            if pos == 0 {
                gc.sweep_arena += 1;
                if gc.sweep_arena == ARENAS {
                    gc.phase = Phase::Pause;
                    gc.dirty = false;
                    work += self.shrink(false);
                    break;
                } else {
                    gc.sweep_pos = gc.sweep_from[gc.sweep_arena];
                }
            } else {
                gc.sweep_pos = pos;
            }
        }
        // As lua5.1: the estimate is what the atomic step found minus what the sweep freed
        // (objects allocated meanwhile do not count).
        self.gc.estimate = self
            .gc
            .estimate
            .saturating_sub(bytes_before.saturating_sub(self.bytes));
        work
    }

    /// Gives back what a spike left. At the end of every cycle (`full` false: cheap enough
    /// for a bounded step) the arenas' entry arrays and the collector's lists, each only when
    /// its capacity is over 4× its use (a `realloc` to a smaller size, no copy). With `full`
    /// (a full collection, an idle host) also the arenas' vacant slot tails and the intern
    /// table (a rehash: O(strings)). Returns the work done.
    pub fn shrink(&mut self, full: bool) -> usize {
        let mut work: usize = crate::heap::per_arena!(mut self, |a| a.shrink(full))
            .iter()
            .sum();
        let n = self.intern.len();
        if full && self.intern.capacity() > SHRINK_MIN && self.intern.capacity() > 4 * n {
            let (strings, before) = (&self.strings, self.intern.allocation_size());
            self.intern
                .shrink_to(2 * n, |&r| strings.get(r).map_or(0, LuaStr::hash));
            self.settle_intern(before);
            work += n;
        }
        if full {
            self.pools.clear();
        }
        let g = &mut self.gc;
        for v in [&mut g.gray, &mut g.again] {
            if v.capacity() > SHRINK_MIN && v.capacity() > 4 * v.len() {
                v.shrink_to(2 * v.len());
            }
        }
        if g.weak.capacity() > SHRINK_MIN && g.weak.capacity() > 4 * g.weak.len() {
            g.weak.shrink_to(2 * g.weak.len());
        }
        if full && g.protos.capacity() > SHRINK_MIN && g.protos.capacity() > 4 * g.protos.len() {
            g.protos.shrink_to(2 * g.protos.len());
        }
        work
    }

    /// Recomputes the accounted size of every live object.
    pub fn live_bytes(&self) -> usize {
        let s: usize = self.strings.values().map(LuaStr::size_bytes).sum();
        let t: usize = self.tables.values().map(|t| t.size_bytes()).sum();
        let f: usize = self.funcs.values().map(|f| f.size_bytes()).sum();
        s + self.intern.allocation_size()
            + t
            + f
            + self.cells.len() * size::CELL
            + self
                .threads
                .values()
                .map(|c| size::thread::<M::Thread>() + c.stack_charge())
                .sum::<usize>()
            + self.userdata.len() * size::USERDATA
    }
}
