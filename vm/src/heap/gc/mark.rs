//! Marking: traversing gray objects (in bounded chunks) and the atomic step.

use super::{Gc, Phase};
use crate::bytecode::Proto;
use crate::heap::arena::Arena;
use crate::heap::func::{Function, UserData};
use crate::heap::table::Table;
use crate::heap::{Heap, LuaStr, Mutator, Thread};
use crate::value::{CellRef, FuncRef, StrRef, TableRef, ThreadRef, UserRef, Value};
use std::rc::Rc;

/// Entries of a table traversed before the budget is checked again.
const CHUNK: usize = 256;
use super::work::{
    CELL as WORK_CELL, ENTRY as WORK_ENTRY, STRING as WORK_STRING, TABLE as WORK_TABLE,
    USERDATA as WORK_USERDATA,
};

/// A table whose traversal is split over several steps: its hash part first, then its array
/// part. Writes into it meanwhile go through the forward barrier (it is marked), so only
/// entries that *move* matter: a hash-part rebuild (new layout) restarts the traversal of the
/// hash part; entries moving from the hash part to the end of the array part (appends) are
/// still ahead of the cursor; array entries never move.
#[derive(Clone, Copy)]
pub(super) struct Cursor {
    t: TableRef,
    pos: usize,
    in_arr: bool,
    rebuilds: u32,
    restarts: u8,
    wk: bool,
    wv: bool,
}

/// Shades children while one object of `tables` (or another arena) is borrowed for reading:
/// white objects go gray, strings (no children) black at once.
struct Shade<'a, M: Mutator> {
    strings: &'a mut Arena<StrRef, LuaStr>,
    tables: &'a Arena<TableRef, Table>,
    funcs: &'a Arena<FuncRef, Function<M::Native>>,
    cells: &'a Arena<CellRef, Value>,
    threads: &'a Arena<ThreadRef, M::Thread>,
    userdata: &'a Arena<UserRef, UserData>,
    gray: &'a mut Vec<Value>,
}

impl<M: Mutator> Shade<'_, M> {
    #[inline(always)]
    fn shade(&mut self, v: Value) {
        let white = match v {
            Value::Str(s) => {
                self.strings.set_mark(s);
                false
            }
            Value::Table(t) => !self.tables.is_marked(t),
            Value::Func(f) => !self.funcs.is_marked(f),
            Value::Cell(c) => !self.cells.is_marked(c),
            Value::Thread(t) => !self.threads.is_marked(t),
            Value::UserData(u) => !self.userdata.is_marked(u),
            _ => false,
        };
        if white {
            self.gray.push(v);
        }
    }
}

impl<M: Mutator> Heap<M> {
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
        let Gc {
            gray,
            cursor,
            weak,
            protos,
            mode_key,
            ..
        } = gc;
        macro_rules! shade {
            () => {
                Shade::<M> {
                    strings: &mut *strings,
                    tables: &*tables,
                    funcs: &*funcs,
                    cells: &*cells,
                    threads: &*threads,
                    userdata: &*userdata,
                    gray: &mut *gray,
                }
            };
        }
        let mut work = 0usize;
        while work < budget {
            if let Some(c) = cursor.take() {
                if let Some(tbl) = tables.get(c.t) {
                    work += scan_chunk(tbl, c, &mut shade!(), cursor);
                }
                continue;
            }
            let Some(v) = gray.pop() else {
                break;
            };
            match v {
                Value::Str(s) => {
                    strings.set_mark(s);
                    work += WORK_STRING;
                }
                Value::Table(t) => {
                    if !tables.set_mark(t) {
                        continue;
                    }
                    let Some(tbl) = tables.get(t) else {
                        continue;
                    };
                    let (mut wk, mut wv) = (false, false);
                    if let Some(mt) = tbl.meta {
                        if !tables.is_marked(mt) {
                            gray.push(Value::Table(mt));
                        }
                        if let Some(Value::Str(ms)) =
                            tables.get(mt).map(|x| x.get_hash(Value::Str(*mode_key)))
                        {
                            if let Some(b) = strings.get(ms) {
                                wk = b.bytes().contains(&b'k');
                                wv = b.bytes().contains(&b'v');
                            }
                        }
                    }
                    if wk || wv {
                        weak.push((t, wk, wv));
                    }
                    work += WORK_TABLE;
                    let c = Cursor {
                        t,
                        pos: 0,
                        in_arr: false,
                        rebuilds: tbl.hash.rebuilds(),
                        restarts: 0,
                        wk,
                        wv,
                    };
                    work += scan_chunk(tbl, c, &mut shade!(), cursor);
                }
                Value::Func(f) => {
                    if !funcs.set_mark(f) {
                        continue;
                    }
                    let mut s = shade!();
                    match funcs.get(f) {
                        Some(Function::Lua(c)) => {
                            s.shade(Value::Table(c.env));
                            for &cell in c.upvals.iter() {
                                s.shade(Value::Cell(cell));
                            }
                            work += crate::heap::size::lua_closure::<M::Native>()
                                + crate::heap::size::LUA_UPVAL * c.upvals.len()
                                + trace_proto(protos, &c.proto, &mut s);
                        }
                        Some(Function::Native(n)) => {
                            for &u in n.upvals.iter() {
                                s.shade(u);
                            }
                            work += crate::heap::size::native_closure::<M::Native>()
                                + crate::heap::size::NATIVE_UPVAL * n.upvals.len();
                        }
                        None => {}
                    }
                }
                Value::Cell(c) => {
                    if cells.set_mark(c) {
                        if let Some(&v) = cells.get(c) {
                            shade!().shade(v);
                        }
                        work += WORK_CELL;
                    }
                }
                Value::Thread(th) => {
                    if !threads.set_mark(th) {
                        continue;
                    }
                    if let Some(co) = threads.get(th) {
                        // Pushed unchecked: popping checks the marks.
                        work += co.trace(gray);
                    }
                }
                Value::UserData(u) => {
                    if userdata.set_mark(u) {
                        if let Some(mt) = userdata.get(u).and_then(|u| u.meta) {
                            shade!().shade(Value::Table(mt));
                        }
                        work += WORK_USERDATA;
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
            self.gc_verify(&v);
        }
        work += self.separate_udata();
        work += self.clear_weak();
        self.gc.protos.clear();
        self.gc.gray = Vec::new();
        self.gc.phase = Phase::Sweep;
        self.gc_sweep_start();
        self.gc.estimate = self.bytes;
        work
    }

    /// An existing string was interned again: while it may still be swept it is marked (a
    /// dead string not swept yet is resurrected, as lua5.1's `luaS_newlstr` does).
    #[inline]
    pub(crate) fn interned(&mut self, r: StrRef) {
        match self.gc.phase {
            Phase::Pause => {}
            Phase::Propagate => {
                self.strings.set_mark(r);
            }
            Phase::Sweep => {
                if self.gc_not_swept_string(r) {
                    self.strings.set_mark(r);
                }
            }
        }
    }
}

/// Traverses up to `CHUNK` entries of the table at the cursor; leaves the cursor in `next` if
/// entries remain. Returns the work done.
fn scan_chunk<M: Mutator>(
    tbl: &Table,
    mut c: Cursor,
    s: &mut Shade<'_, M>,
    next: &mut Option<Cursor>,
) -> usize {
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
                    s.shade(k);
                }
                // Weak values: only strings are marked (they are values, never cleared).
                if !c.wv || matches!(v, Value::Str(_)) {
                    s.shade(v);
                }
            }
        }
        work += WORK_ENTRY * (end - c.pos);
        budget = budget.saturating_sub(end - c.pos);
        if end < cap {
            *next = Some(Cursor { pos: end, ..c });
            return work;
        }
        c.in_arr = true;
        c.pos = 0;
    }
    let arr = tbl.array();
    let alen = arr.len();
    let end = c.pos.saturating_add(budget).min(alen);
    for &v in &arr[c.pos.min(end)..end] {
        if !c.wv || matches!(v, Value::Str(_)) {
            s.shade(v);
        }
    }
    work += WORK_ENTRY * end.saturating_sub(c.pos);
    if end < alen {
        *next = Some(Cursor { pos: end, ..c });
    }
    work
}

/// Marks a prototype's constants and nested prototypes (iteratively, once per prototype and
/// cycle). Returns the work done.
fn trace_proto<M: Mutator>(
    protos: &mut std::collections::HashMap<*const Proto, Rc<Proto>>,
    p: &Rc<Proto>,
    s: &mut Shade<'_, M>,
) -> usize {
    let mut work = 0;
    let mut stack: Vec<Rc<Proto>> = Vec::new();
    if !protos.contains_key(&Rc::as_ptr(p)) {
        stack.push(p.clone());
    }
    while let Some(p) = stack.pop() {
        let ptr = Rc::as_ptr(&p);
        if protos.contains_key(&ptr) {
            continue;
        }
        for &k in p.consts.iter() {
            s.shade(k);
        }
        work += super::work::PROTO_CONST * p.consts.len() + super::work::PROTO;
        stack.extend(p.protos.iter().cloned());
        protos.insert(ptr, p);
    }
    work
}
