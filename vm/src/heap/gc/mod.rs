//! Incremental tri-color mark-and-sweep over the arenas, with an explicit gray worklist (no
//! recursion, whatever the depth or shape of the object graph).
//!
//! Colors: an object is *black* when its mark bit (in its arena entry) is set (it has been
//! traversed, or — strings — it has no children), *gray* when it sits in the gray worklist
//! (`gray`, or `again` for objects regrayed by a backward barrier) unmarked, *white*
//! otherwise. The invariant kept while the mutator runs between steps (phase `Propagate`): no
//! black object refers to a white one, except through the roots the executor owns (value
//! stack, frames, continuations, VM fields), which are not barriered and are re-scanned in
//! the atomic step.
//!
//! Write barriers live in the heap's accessors (the transaction type, `super::Heap`):
//! - tables (`TableMut::set`/`set_int`/`set_meta`): *forward* — writing into a black table
//!   shades the key and the value (and a new metatable), so a black table never needs
//!   re-traversal;
//! - cells (`Heap::set_cell`): forward, the stored value is shaded;
//! - functions, threads and userdata (`function_mut`, `thread_mut`, `userdata_mut`, rarely
//!   written: setfenv, gmatch state, coroutine stack swaps, metatables): *backward* — a black
//!   object turns gray again (`again`) and is traversed again before the cycle ends;
//! - the table being traversed in chunks (`Cursor`) counts as black; a rebuild of its hash
//!   part (entries move) restarts the traversal of the hash part.
//!
//! New objects are allocated white. The sweep walks each arena's entries downward from the
//! count it had at the atomic step, so objects born while sweeping are never examined (they
//! survive); it turns survivors white again, so a finished cycle leaves every object white
//! (a cycle abandoned by a full collection is cleared at the next start: `dirty`). Interning
//! an existing string marks it while it may still be swept (a dead, not yet swept string is
//! resurrected, as lua5.1's `changewhite` in `luaS_newlstr`). Weak tables (`__mode`) are
//! cleared in the atomic step; strings are never cleared from them (lua5.1).
//!
//! Cost: marking follows the reachable objects, the sweep the entries (live objects and those
//! that died since the last cycle), never the arenas' peak capacity; after a cycle the arenas,
//! the intern table and the collector's lists give back what a spike left (`sweep::shrink`).

mod finalize;
mod mark;
mod pace;
mod sweep;
mod verify;
mod weak;
pub mod work;

use crate::bytecode::Proto;
use crate::value::{StrRef, TableRef, Value};
pub use pace::{GC_STEP_SIZE, GcStress, Roots};
use std::collections::HashMap;
use std::rc::Rc;

/// Where the collector is in its cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// No cycle running (waiting for the allocation threshold).
    #[default]
    Pause,
    /// Marking incrementally; the barriers are active.
    Propagate,
    /// Freeing unmarked objects incrementally.
    Sweep,
}

/// The collector's state (kept in the heap, so that the barriers in the heap's accessors can
/// reach it).
#[derive(Default)]
pub struct Gc {
    pub(crate) phase: Phase,
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
    cursor: Option<mark::Cursor>,
    /// Remark rounds done in this cycle (see `pace.rs`).
    pub(crate) rounds: u32,
    /// Marking work done since the last remark round began.
    pub(crate) round_work: usize,
    /// The arena being swept, the entry position the sweep goes down from, and each arena's
    /// entry count at the atomic step (entries above it were born since: never examined).
    sweep_arena: usize,
    sweep_pos: usize,
    sweep_from: [usize; sweep::ARENAS],
    /// Some object may be marked: a cycle started and has not finished its sweep.
    dirty: bool,
    /// Accounted bytes after the atomic step minus what the sweep freed (lua5.1's `estimate`).
    pub(crate) estimate: usize,
    /// Objects freed by the current cycle's sweep.
    freed: usize,
    /// All the work (work units) the collector did since the VM started: deterministic, for
    /// statistics and tests.
    pub(crate) work_total: u64,
    /// The interned `"__mode"`.
    pub(crate) mode_key: StrRef,
    /// The interned `"__gc"`.
    pub(crate) gc_key: StrRef,
    /// Dead userdata whose `__gc` has still to run, in calling order (kept alive, as roots,
    /// until it has run: `finalize.rs`).
    pub(crate) tobefnz: std::collections::VecDeque<crate::value::UserRef>,
    /// The last userdata creation number given (`UserData::seq`).
    pub(crate) udata_seq: u64,
    /// Debug check (`FERROUS_GC_VERIFY`): the marks (in entry order, per arena) of a
    /// stop-the-world marking from the same roots, which the incremental marking must cover.
    verify: Option<Box<verify::Marks>>,
    /// Pacing: threshold, debt, parameters and counters (`pace.rs`).
    pub(crate) pace: pace::Pacer,
}

/// Statistics of one collection.
#[derive(Debug, Clone, Copy, Default)]
pub struct GcStats {
    pub freed_objects: usize,
    pub live_bytes: usize,
}

impl Gc {
    /// Makes a value gray without looking at its mark (roots and barriers: popping checks the
    /// mark, so an object already black costs one pop).
    #[inline(always)]
    pub(crate) fn push(&mut self, v: Value) {
        if matches!(
            v,
            Value::Str(_)
                | Value::Table(_)
                | Value::Func(_)
                | Value::Cell(_)
                | Value::Thread(_)
                | Value::UserData(_)
        ) {
            self.gray.push(v);
        }
    }

    /// Table write barrier (the caller has checked that the phase is `Propagate` and the
    /// table black): the key and the value are shaded.
    #[cold]
    #[inline(never)]
    pub(crate) fn table_barrier(&mut self, key: Value, val: Value) {
        self.push(key);
        self.push(val);
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// True when marking has nothing left to traverse (time for a remark round or the atomic
    /// step).
    pub(crate) fn gray_empty(&self) -> bool {
        self.gray.is_empty() && self.cursor.is_none()
    }

    /// Bytes held by the collector's lists.
    pub(crate) fn reserved_bytes(&self) -> usize {
        let v = std::mem::size_of::<Value>();
        (self.gray.capacity() + self.again.capacity()) * v
            + self.weak.capacity() * std::mem::size_of::<(TableRef, bool, bool)>()
            + self.protos.capacity() * 2 * std::mem::size_of::<usize>()
    }

    /// Total work units done so far.
    pub fn work_total(&self) -> u64 {
        self.work_total
    }
}

impl<M: super::Mutator> super::Heap<M> {
    /// Turns every object white (O(live)).
    pub(crate) fn clear_all_marks(&mut self) {
        super::per_arena!(mut self, |a| a.clear_marks());
    }

    /// Starts a cycle: every object white, nothing gray. The caller then shades the roots.
    pub(crate) fn gc_begin(&mut self) {
        if self.gc.dirty {
            // A cycle was abandoned (full collection in the middle of one): O(live).
            self.clear_all_marks();
        }
        let g = &mut self.gc;
        g.gray.clear();
        g.again.clear();
        g.weak.clear();
        g.protos.clear();
        g.cursor = None;
        g.rounds = 0;
        g.round_work = 0;
        g.freed = 0;
        g.dirty = true;
        g.phase = Phase::Propagate;
    }
}
