//! Incremental tri-color mark-and-sweep over the arenas, with an explicit gray worklist (no
//! recursion, whatever the depth or shape of the object graph).
//!
//! Colors: an object is *black* when its mark bit is set (it has been traversed, or — strings —
//! it has no children), *gray* when it sits in the gray worklist (`gray`, or `again` for objects
//! regrayed by a backward barrier) unmarked, *white* otherwise. The invariant kept while the
//! mutator runs between steps (phase `Propagate`): no black object refers to a white one, except
//! through the roots the executor owns (value stack, frames, continuations, VM fields), which are
//! not barriered and are re-scanned in the atomic step.
//!
//! Write barriers live in the heap's accessors (the transaction type, `super::Heap`):
//! - tables (`TableMut::set`/`set_int`/`set_meta`): *forward* — writing into a black table shades
//!   the key and the value (and a new metatable), so a black table never needs re-traversal;
//! - cells (`Heap::set_cell`): forward, the stored value is shaded;
//! - functions, threads and userdata (`function_mut`, `thread_mut`, `userdata_mut`, rarely
//!   written: setfenv, gmatch state, coroutine stack swaps, metatables): *backward* — a black
//!   object turns gray again (`again`) and is traversed again before the cycle ends;
//! - the table being traversed in chunks (`cursor`) counts as black; a rebuild of its hash part
//!   (entries move) restarts the traversal of the hash part (see `Cursor`).
//!
//! New objects are allocated white while marking (they are traced only if reachable) and black
//! while sweeping (so the sweep in progress never frees them). Interning an existing string
//! marks it while a cycle is running (a dead, not yet swept string is resurrected, as lua5.1's
//! `changewhite` in `luaS_newlstr`). Weak tables (`__mode`) are cleared in the atomic step;
//! strings are never cleared from them (lua5.1).

use super::Heap;
use super::func::Function;
use crate::bytecode::Proto;
use crate::exec::{Frame, FrameKind};
use crate::value::{StrRef, TableRef, Value};
use slotmap::{Key, KeyData};
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Default)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    #[inline]
    fn idx<K: Key>(k: K) -> usize {
        (k.data().as_ffi() & 0xffff_ffff) as usize
    }
    /// Sets the bit; returns true if it was newly set.
    #[inline]
    pub(crate) fn set<K: Key>(&mut self, k: K) -> bool {
        let i = Self::idx(k);
        let (w, b) = (i / 64, 1u64 << (i % 64));
        if w >= self.0.len() {
            self.0.resize(w + 1, 0);
        }
        let new = self.0[w] & b == 0;
        self.0[w] |= b;
        new
    }
    #[inline]
    pub(crate) fn get<K: Key>(&self, k: K) -> bool {
        self.get_idx(Self::idx(k))
    }
    #[inline]
    fn get_idx(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
    #[inline]
    fn clear<K: Key>(&mut self, k: K) {
        let i = Self::idx(k);
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }
    fn clear_all(&mut self) {
        self.0.iter_mut().for_each(|w| *w = 0);
    }
}

#[derive(Default)]
pub(crate) struct Marks {
    pub(crate) strings: Bits,
    pub(crate) tables: Bits,
    pub(crate) funcs: Bits,
    pub(crate) cells: Bits,
    pub(crate) threads: Bits,
    pub(crate) userdata: Bits,
}

/// Versions of the occupied slots of one arena, by slot index (0: free). The incremental sweep
/// walks slot indices and rebuilds each key from its index and version.
#[derive(Default)]
pub(crate) struct Versions(Vec<u32>);

impl Versions {
    #[inline]
    pub(crate) fn note<K: Key>(&mut self, k: K) {
        let ffi = k.data().as_ffi();
        let i = (ffi & 0xffff_ffff) as usize;
        match self.0.get_mut(i) {
            Some(v) => *v = (ffi >> 32) as u32,
            None => self.grow(i, (ffi >> 32) as u32),
        }
    }
    #[cold]
    #[inline(never)]
    fn grow(&mut self, i: usize, version: u32) {
        self.0.resize((i + 1).max(self.0.len() * 2), 0);
        self.0[i] = version;
    }
    #[inline]
    pub(crate) fn forget<K: Key>(&mut self, k: K) {
        let i = (k.data().as_ffi() & 0xffff_ffff) as usize;
        if let Some(v) = self.0.get_mut(i) {
            *v = 0;
        }
    }
    #[inline]
    fn key<K: Key>(&self, i: usize) -> Option<K> {
        match self.0.get(i) {
            Some(&v) if v != 0 => Some(KeyData::from_ffi((u64::from(v) << 32) | i as u64).into()),
            _ => None,
        }
    }
}

#[derive(Default)]
pub(crate) struct AllVersions {
    pub(crate) strings: Versions,
    pub(crate) tables: Versions,
    pub(crate) funcs: Versions,
    pub(crate) cells: Versions,
    pub(crate) threads: Versions,
    pub(crate) userdata: Versions,
}

/// Where the collector is in its cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// No cycle running (waiting for the allocation threshold).
    #[default]
    Pause,
    /// Marking incrementally; the barriers are active.
    Propagate,
    /// Freeing unmarked objects incrementally; new objects are allocated black.
    Sweep,
}

/// A table whose traversal is split over several steps: its hash part first, then its array
/// part. Writes into it meanwhile go through the forward barrier (it is marked), so only
/// entries that *move* matter: a hash-part rebuild (new layout) restarts the traversal of the
/// hash part; entries moving from the hash part to the end of the array part (appends) are
/// still ahead of the cursor; array entries never move.
#[derive(Clone, Copy)]
struct Cursor {
    t: TableRef,
    pos: usize,
    in_arr: bool,
    rebuilds: u32,
    restarts: u8,
    wk: bool,
    wv: bool,
}

/// Entries of a table traversed before the budget is checked again.
const CHUNK: usize = 256;
/// Work units charged per object examined by the sweep (free slots cost 1/SWEEP_SKIP).
const SWEEP_COST: usize = 8;
/// Free slots the sweep may skip per object it may examine.
const SWEEP_SKIP: usize = 16;

/// The collector's state (kept in the heap, so that the barriers in the heap's accessors can
/// reach it).
#[derive(Default)]
pub struct Gc {
    pub(crate) phase: Phase,
    pub(crate) marks: Marks,
    pub(crate) versions: AllVersions,
    /// Gray objects: reached, not yet traversed (possibly duplicated; popping checks the mark).
    pub(crate) gray: Vec<Value>,
    /// Objects regrayed by a backward barrier, traversed again in a remark round or the atomic
    /// step (lua5.1's `grayagain`).
    pub(crate) again: Vec<Value>,
    /// Tables found weak while traversing: (table, weak keys, weak values).
    weak: Vec<(TableRef, bool, bool)>,
    /// Prototypes whose constants were marked this cycle (holding them keeps their addresses
    /// from being reused by a new prototype while the cycle runs).
    protos: HashMap<*const Proto, Rc<Proto>>,
    cursor: Option<Cursor>,
    /// Remark rounds done in this cycle (see `Vm::gc_single_step`).
    pub(crate) rounds: u32,
    /// Marking work done since the last remark round began.
    pub(crate) round_work: usize,
    sweep_arena: usize,
    sweep_pos: usize,
    /// Accounted bytes after the atomic step minus what the sweep freed (lua5.1's `estimate`).
    pub(crate) estimate: usize,
    /// Objects freed by the current cycle's sweep.
    freed: usize,
    /// The interned `"__mode"`.
    pub(crate) mode_key: StrRef,
    /// Debug check (`FERROUS_GC_VERIFY`): the marks of a stop-the-world marking from the same
    /// roots, which the incremental marking must cover.
    pub(crate) verify: Option<Box<Marks>>,
}

/// Statistics of one collection.
#[derive(Debug, Clone, Copy, Default)]
pub struct GcStats {
    pub freed_objects: usize,
    pub live_bytes: usize,
}

impl Gc {
    /// Makes a white value gray (strings, which have no children, turn black at once).
    #[inline(always)]
    pub(crate) fn shade(&mut self, v: Value) {
        let white = match v {
            Value::Str(s) => {
                self.marks.strings.set(s);
                false
            }
            Value::Table(t) => !self.marks.tables.get(t),
            Value::Func(f) => !self.marks.funcs.get(f),
            Value::Cell(c) => !self.marks.cells.get(c),
            Value::Thread(t) => !self.marks.threads.get(t),
            Value::UserData(u) => !self.marks.userdata.get(u),
            _ => false,
        };
        if white {
            self.gray.push(v);
        }
    }

    /// Table write barrier (called while marking, out of line: the write paths only test the
    /// phase inline): storing `key`/`val` into a black table shades them. The table being
    /// traversed in chunks is marked, so it counts as black.
    #[cold]
    #[inline(never)]
    pub(crate) fn table_barrier(&mut self, t: TableRef, key: Value, val: Value) {
        if self.marks.tables.get(t) {
            self.shade(key);
            self.shade(val);
        }
    }

    /// Cell write barrier (called while marking): a black cell shades what it now holds.
    #[cold]
    #[inline(never)]
    pub(crate) fn cell_barrier(&mut self, c: crate::value::CellRef, v: Value) {
        if self.marks.cells.get(c) {
            self.shade(v);
        }
    }

    /// Bookkeeping for a new object: its slot's version (for the sweep), and black while
    /// sweeping. Out of line: it keeps the executor's allocation sites small.
    #[inline(never)]
    pub(crate) fn born(&mut self, v: Value) {
        match v {
            Value::Str(x) => self.versions.strings.note(x),
            Value::Table(x) => self.versions.tables.note(x),
            Value::Func(x) => self.versions.funcs.note(x),
            Value::Cell(x) => self.versions.cells.note(x),
            Value::Thread(x) => self.versions.threads.note(x),
            Value::UserData(x) => self.versions.userdata.note(x),
            _ => {}
        }
        if self.phase == Phase::Sweep {
            self.mark_new(v);
        }
    }

    /// An object allocated while sweeping starts black (the sweep in progress keeps it).
    #[cold]
    #[inline(never)]
    pub(crate) fn mark_new(&mut self, v: Value) {
        match v {
            Value::Str(x) => self.marks.strings.set(x),
            Value::Table(x) => self.marks.tables.set(x),
            Value::Func(x) => self.marks.funcs.set(x),
            Value::Cell(x) => self.marks.cells.set(x),
            Value::Thread(x) => self.marks.threads.set(x),
            Value::UserData(x) => self.marks.userdata.set(x),
            _ => false,
        };
    }

    /// Backward barrier for functions, threads and userdata: a black object turns gray again.
    #[inline]
    pub(crate) fn regray(&mut self, v: Value) {
        if self.phase == Phase::Propagate {
            self.regray_slow(v);
        }
    }

    #[cold]
    #[inline(never)]
    fn regray_slow(&mut self, v: Value) {
        let black = match v {
            Value::Func(f) => self.marks.funcs.get(f),
            Value::Thread(t) => self.marks.threads.get(t),
            Value::UserData(u) => self.marks.userdata.get(u),
            _ => false,
        };
        if black {
            match v {
                Value::Func(f) => self.marks.funcs.clear(f),
                Value::Thread(t) => self.marks.threads.clear(t),
                Value::UserData(u) => self.marks.userdata.clear(u),
                _ => {}
            }
            self.again.push(v);
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// True when marking has nothing left to traverse (time for a remark round or the atomic
    /// step).
    pub(crate) fn gray_empty(&self) -> bool {
        self.gray.is_empty() && self.cursor.is_none()
    }
}

impl Heap {
    /// Starts a cycle: every object white, nothing gray. The caller then shades the roots.
    pub(crate) fn gc_begin(&mut self) {
        let g = &mut self.gc;
        g.marks.strings.clear_all();
        g.marks.tables.clear_all();
        g.marks.funcs.clear_all();
        g.marks.cells.clear_all();
        g.marks.threads.clear_all();
        g.marks.userdata.clear_all();
        g.gray.clear();
        g.again.clear();
        g.weak.clear();
        g.protos.clear();
        g.cursor = None;
        g.rounds = 0;
        g.round_work = 0;
        g.freed = 0;
        g.phase = Phase::Propagate;
    }

    /// Traverses gray objects until about `budget` work units (bytes examined) are done or
    /// nothing is gray. Returns the work done.
    pub(crate) fn gc_propagate(&mut self, budget: usize) -> usize {
        let Heap {
            strings,
            tables,
            funcs,
            cells,
            threads,
            userdata,
            gc,
            ..
        } = self;
        let mut work = 0usize;
        while work < budget {
            if let Some(c) = gc.cursor.take() {
                work += gc.scan_table(tables, c);
                continue;
            }
            let Some(v) = gc.gray.pop() else {
                break;
            };
            match v {
                Value::Str(s) => {
                    gc.marks.strings.set(s);
                    work += 8;
                }
                Value::Table(t) => {
                    if !gc.marks.tables.set(t) {
                        continue;
                    }
                    let Some(tbl) = tables.get(t) else {
                        continue;
                    };
                    let (mut wk, mut wv) = (false, false);
                    if let Some(mt) = tbl.meta {
                        gc.shade(Value::Table(mt));
                        if let Some(Value::Str(ms)) =
                            tables.get(mt).map(|x| x.get_hash(Value::Str(gc.mode_key)))
                        {
                            if let Some(b) = strings.get(ms) {
                                wk = b.bytes.contains(&b'k');
                                wv = b.bytes.contains(&b'v');
                            }
                        }
                    }
                    if wk || wv {
                        gc.weak.push((t, wk, wv));
                    }
                    work += 64;
                    let c = Cursor {
                        t,
                        pos: 0,
                        in_arr: false,
                        rebuilds: tbl.hash.rebuilds(),
                        restarts: 0,
                        wk,
                        wv,
                    };
                    work += gc.scan_chunk(tbl, c);
                }
                Value::Func(f) => {
                    if !gc.marks.funcs.set(f) {
                        continue;
                    }
                    match funcs.get(f) {
                        Some(Function::Lua(c)) => {
                            gc.shade(Value::Table(c.env));
                            for &cell in c.upvals.iter() {
                                gc.shade(Value::Cell(cell));
                            }
                            work += 64 + 8 * c.upvals.len() + gc.trace_proto(&c.proto);
                        }
                        Some(Function::Native(n)) => {
                            for &u in n.upvals.iter() {
                                gc.shade(u);
                            }
                            work += 48 + 16 * n.upvals.len();
                        }
                        None => {}
                    }
                }
                Value::Cell(c) => {
                    if gc.marks.cells.set(c) {
                        if let Some(v) = cells.get(c) {
                            gc.shade(*v);
                        }
                        work += 24;
                    }
                }
                Value::Thread(th) => {
                    if !gc.marks.threads.set(th) {
                        continue;
                    }
                    if let Some(co) = threads.get(th) {
                        for &v in co.stack.iter() {
                            gc.shade(v);
                        }
                        if let Some(f) = co.func {
                            gc.shade(f);
                        }
                        trace_frames(&co.frames, &mut gc.gray);
                        work += 256 + 16 * co.stack.len() + 64 * co.frames.len();
                    }
                }
                Value::UserData(u) => {
                    if gc.marks.userdata.set(u) {
                        if let Some(mt) = userdata.get(u).and_then(|u| u.meta) {
                            gc.shade(Value::Table(mt));
                        }
                        work += 64;
                    }
                }
                _ => {}
            }
        }
        gc.round_work = gc.round_work.saturating_add(work);
        work
    }

    /// Ends marking (the caller has shaded the roots again): traverses everything still gray,
    /// clears weak tables and starts the sweep. Returns the work done.
    pub(crate) fn gc_atomic(&mut self) -> usize {
        let again = std::mem::take(&mut self.gc.again);
        self.gc.gray.extend(again);
        let mut work = self.gc_propagate(usize::MAX);
        if let Some(v) = self.gc.verify.take() {
            self.gc_verify(v);
        }
        work += self.clear_weak();
        let g = &mut self.gc;
        g.protos.clear();
        g.gray = Vec::new();
        g.phase = Phase::Sweep;
        g.sweep_arena = 0;
        g.sweep_pos = 0;
        g.estimate = self.bytes;
        work
    }

    /// Debug check: every object the stop-the-world marking `full` reached is marked.
    fn gc_verify(&mut self, full: Box<Marks>) {
        let m = &self.gc.marks;
        let mut bad = 0;
        for (k, t) in self.tables.iter() {
            if full.tables.get(k) && !m.tables.get(k) {
                bad += 1;
                eprintln!(
                    "gc verify: table {:?} unmarked (arr {}, hash {})",
                    k,
                    t.arr.len(),
                    t.hash.capacity()
                );
            }
        }
        for (k, _) in self.funcs.iter() {
            if full.funcs.get(k) && !m.funcs.get(k) {
                bad += 1;
                eprintln!("gc verify: function {:?} unmarked", k);
            }
        }
        for (k, _) in self.cells.iter() {
            if full.cells.get(k) && !m.cells.get(k) {
                bad += 1;
                eprintln!("gc verify: cell {:?} unmarked", k);
            }
        }
        for (k, _) in self.threads.iter() {
            if full.threads.get(k) && !m.threads.get(k) {
                bad += 1;
                eprintln!("gc verify: thread {:?} unmarked", k);
            }
        }
        for (k, s) in self.strings.iter() {
            if full.strings.get(k) && !m.strings.get(k) {
                bad += 1;
                eprintln!(
                    "gc verify: string {:?} unmarked",
                    String::from_utf8_lossy(&s.bytes)
                );
            }
        }
        if bad > 0 {
            // Who refers to the unmarked tables?
            for (k, t) in self.tables.iter() {
                let refs = t
                    .arr
                    .iter()
                    .copied()
                    .chain(t.hash.iter().flat_map(|(a, b)| [a, b]))
                    .chain(t.meta.map(Value::Table));
                for v in refs {
                    if let Value::Table(x) = v {
                        if full.tables.get(x) && !m.tables.get(x) {
                            eprintln!(
                                "  referenced from table {:?} marked {} (arr {}, hash {})",
                                k,
                                m.tables.get(k),
                                t.arr.len(),
                                t.hash.capacity()
                            );
                        }
                    }
                }
            }
            for (k, c) in self.threads.iter() {
                for v in c.stack.iter() {
                    if let Value::Table(x) = *v {
                        if full.tables.get(x) && !m.tables.get(x) {
                            eprintln!(
                                "  referenced from thread {:?} marked {}",
                                k,
                                m.threads.get(k)
                            );
                        }
                    }
                }
            }
            for (k, c) in self.cells.iter() {
                if let Value::Table(x) = *c {
                    if full.tables.get(x) && !m.tables.get(x) {
                        eprintln!("  referenced from cell {:?} marked {}", k, m.cells.get(k));
                    }
                }
            }
            panic!("gc verify: {} reachable objects unmarked", bad);
        }
    }

    /// Starts a verification marking: the collector state is set aside and a fresh one marks.
    pub(crate) fn gc_verify_begin(&mut self) -> Gc {
        let mut fresh = Gc {
            mode_key: self.gc.mode_key,
            phase: Phase::Propagate,
            ..Gc::default()
        };
        std::mem::swap(&mut fresh, &mut self.gc);
        fresh
    }

    /// Ends a verification marking: the saved state comes back, with the fresh marks attached.
    pub(crate) fn gc_verify_end(&mut self, mut saved: Gc) {
        self.gc_propagate(usize::MAX);
        std::mem::swap(&mut saved, &mut self.gc);
        self.gc.verify = Some(Box::new(saved.marks));
    }

    /// Clears weak entries whose weak part died (strings count as alive, as in lua5.1).
    fn clear_weak(&mut self) -> usize {
        let mut weak = std::mem::take(&mut self.gc.weak);
        weak.sort_unstable_by_key(|w| w.0);
        weak.dedup_by_key(|w| w.0);
        let m = &self.gc.marks;
        let dead = |v: Value| match v {
            Value::Table(x) => !m.tables.get(x),
            Value::Func(x) => !m.funcs.get(x),
            Value::Thread(x) => !m.threads.get(x),
            Value::UserData(x) => !m.userdata.get(x),
            _ => false,
        };
        let mut work = 0;
        for &(t, wk, wv) in &weak {
            let Some(tbl) = self.tables.get_mut(t) else {
                continue;
            };
            let before = tbl.size_bytes();
            work += 16 * (tbl.arr.len() + tbl.hash.capacity());
            if wv {
                for v in tbl.arr.iter_mut() {
                    if dead(*v) {
                        *v = Value::Nil;
                    }
                }
            }
            for (k, v) in tbl.hash.iter_mut() {
                if (wk && dead(k)) || (wv && dead(*v)) {
                    *v = Value::Nil;
                }
            }
            tbl.drop_dead_keys(dead);
            let after = tbl.size_bytes();
            self.bytes = (self.bytes + after).saturating_sub(before);
        }
        weak.clear();
        self.gc.weak = weak;
        work
    }

    /// Frees unmarked objects, walking the arenas' slots from where the last call stopped, for
    /// about `budget` work units. Returns the work done; the phase becomes `Pause` at the end.
    pub(crate) fn gc_sweep(&mut self, budget: usize) -> usize {
        let mut work = 0usize;
        let bytes_before = self.bytes;
        while work < budget && self.gc.phase == Phase::Sweep {
            let a = self.gc.sweep_arena;
            let pos = self.gc.sweep_pos;
            let n = (budget - work).div_ceil(SWEEP_COST).clamp(1, 4096);
            let (slots, objs, end) = match a {
                0 => self.sweep_strings(pos, n),
                1 => sweep_arena(
                    &mut self.tables,
                    &mut self.gc.versions.tables,
                    &self.gc.marks.tables,
                    &mut self.bytes,
                    &mut self.gc.freed,
                    pos,
                    n,
                    |t| t.size_bytes(),
                ),
                2 => sweep_arena(
                    &mut self.funcs,
                    &mut self.gc.versions.funcs,
                    &self.gc.marks.funcs,
                    &mut self.bytes,
                    &mut self.gc.freed,
                    pos,
                    n,
                    |f| f.size_bytes(),
                ),
                3 => sweep_arena(
                    &mut self.cells,
                    &mut self.gc.versions.cells,
                    &self.gc.marks.cells,
                    &mut self.bytes,
                    &mut self.gc.freed,
                    pos,
                    n,
                    |_| 24,
                ),
                4 => sweep_arena(
                    &mut self.threads,
                    &mut self.gc.versions.threads,
                    &self.gc.marks.threads,
                    &mut self.bytes,
                    &mut self.gc.freed,
                    pos,
                    n,
                    |_| 256,
                ),
                _ => sweep_arena(
                    &mut self.userdata,
                    &mut self.gc.versions.userdata,
                    &self.gc.marks.userdata,
                    &mut self.bytes,
                    &mut self.gc.freed,
                    pos,
                    n,
                    |_| 64,
                ),
            };
            work += objs * SWEEP_COST + slots / SWEEP_SKIP + 1;
            if end {
                self.gc.sweep_arena += 1;
                self.gc.sweep_pos = 0;
                if self.gc.sweep_arena == 6 {
                    self.gc.phase = Phase::Pause;
                }
            } else {
                self.gc.sweep_pos = pos + slots;
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

    fn sweep_strings(&mut self, pos: usize, n: usize) -> (usize, usize, bool) {
        let len = self.gc.versions.strings.0.len();
        let (mut i, mut objs) = (pos, 0);
        while i < len && objs < n && i - pos < n * SWEEP_SKIP {
            let k = self.gc.versions.strings.key::<StrRef>(i);
            i += 1;
            let Some(k) = k else {
                continue;
            };
            objs += 1;
            if self.gc.marks.strings.get_idx(i - 1) {
                continue;
            }
            if let Some(s) = self.strings.remove(k) {
                if let Ok(e) = self.intern.find_entry(s.hash, |&r| r == k) {
                    e.remove();
                }
                self.bytes = self.bytes.saturating_sub(s.bytes.len() + 40);
                self.gc.freed += 1;
            }
            self.gc.versions.strings.0[i - 1] = 0;
        }
        (i - pos, objs, i >= len)
    }

    /// Recomputes the accounted size of every live object.
    pub fn live_bytes(&self) -> usize {
        let s: usize = self.strings.values().map(|s| s.bytes.len() + 40).sum();
        let t: usize = self.tables.values().map(|t| t.size_bytes()).sum();
        let f: usize = self.funcs.values().map(|f| f.size_bytes()).sum();
        s + t + f + self.cells.len() * 24 + self.threads.len() * 256 + self.userdata.len() * 64
    }
}

/// Sweeps one arena from slot `pos`, examining up to `n` objects (and `n * SWEEP_SKIP` slots).
/// Returns (slots passed, objects examined, reached the end).
#[allow(clippy::too_many_arguments)]
fn sweep_arena<K: Key, V>(
    arena: &mut slotmap::SlotMap<K, V>,
    versions: &mut Versions,
    marks: &Bits,
    bytes: &mut usize,
    freed: &mut usize,
    pos: usize,
    n: usize,
    size: impl Fn(&V) -> usize,
) -> (usize, usize, bool) {
    let len = versions.0.len();
    let (mut i, mut objs) = (pos, 0);
    while i < len && objs < n && i - pos < n * SWEEP_SKIP {
        let k = versions.key::<K>(i);
        i += 1;
        let Some(k) = k else {
            continue;
        };
        objs += 1;
        if marks.get_idx(i - 1) {
            continue;
        }
        if let Some(v) = arena.remove(k) {
            *bytes = bytes.saturating_sub(size(&v));
            *freed += 1;
        }
        versions.0[i - 1] = 0;
    }
    (i - pos, objs, i >= len)
}

impl Gc {
    /// Traverses up to `CHUNK` entries of the table at the cursor; keeps the cursor if entries
    /// remain. Returns the work done.
    fn scan_table(
        &mut self,
        tables: &slotmap::SlotMap<TableRef, super::table::Table>,
        c: Cursor,
    ) -> usize {
        match tables.get(c.t) {
            Some(tbl) => self.scan_chunk(tbl, c),
            None => 0,
        }
    }

    fn scan_chunk(&mut self, tbl: &super::table::Table, mut c: Cursor) -> usize {
        if !c.in_arr && tbl.hash.rebuilds() != c.rebuilds {
            // The hash part was laid out anew: entries may have moved behind the cursor.
            c.pos = 0;
            c.rebuilds = tbl.hash.rebuilds();
            c.restarts = c.restarts.saturating_add(1);
        }
        // After two restarts the rest is traversed at once (no livelock with a table rebuilt
        // faster than it is traversed).
        let mut budget = if c.restarts >= 2 { usize::MAX } else { CHUNK };
        let mut work = 0;
        if !c.in_arr {
            let cap = tbl.hash.capacity();
            let end = c.pos.saturating_add(budget).min(cap);
            for i in c.pos..end {
                let (k, v) = tbl.hash.slot(i);
                if !k.is_nil() {
                    if !c.wk || matches!(k, Value::Str(_)) {
                        self.shade(k);
                    }
                    // Weak values: only strings are marked (they are values, never cleared).
                    if !c.wv || matches!(v, Value::Str(_)) {
                        self.shade(v);
                    }
                }
            }
            work += 16 * (end - c.pos);
            budget = budget.saturating_sub(end - c.pos);
            if end < cap {
                self.cursor = Some(Cursor { pos: end, ..c });
                return work;
            }
            c.in_arr = true;
            c.pos = 0;
        }
        let alen = tbl.arr.len();
        let end = c.pos.saturating_add(budget).min(alen);
        for &v in &tbl.arr[c.pos.min(end)..end] {
            if !c.wv || matches!(v, Value::Str(_)) {
                self.shade(v);
            }
        }
        work += 16 * end.saturating_sub(c.pos);
        if end < alen {
            self.cursor = Some(Cursor { pos: end, ..c });
        }
        work
    }

    /// Marks a prototype's constants and nested prototypes (iteratively, once per prototype
    /// and cycle). Returns the work done.
    fn trace_proto(&mut self, p: &Rc<Proto>) -> usize {
        let mut work = 0;
        let mut stack: Vec<Rc<Proto>> = Vec::new();
        if !self.protos.contains_key(&Rc::as_ptr(p)) {
            stack.push(p.clone());
        }
        while let Some(p) = stack.pop() {
            let ptr = Rc::as_ptr(&p);
            if self.protos.contains_key(&ptr) {
                continue;
            }
            for &k in p.consts.iter() {
                self.shade(k);
            }
            work += 8 * p.consts.len() + 32;
            stack.extend(p.protos.iter().cloned());
            self.protos.insert(ptr, p);
        }
        work
    }
}

/// Pushes what the frames refer to (closure, environment, continuation values) onto `gray`.
pub(crate) fn trace_frames(frames: &[Frame], gray: &mut Vec<Value>) {
    for f in frames {
        match &f.kind {
            FrameKind::Lua { env, func, .. } => {
                gray.push(Value::Table(*env));
                gray.push(Value::Func(*func));
            }
            FrameKind::Cont(c) => c.roots(gray),
        }
    }
}
