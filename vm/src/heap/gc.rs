//! Mark-and-sweep collection over the arenas with an explicit gray worklist (no recursion,
//! whatever the depth or shape of the object graph).
//!
//! The collector runs only at safe points chosen by the executor (instruction boundaries), where
//! every live value is reachable from the roots the executor passes in: thread stacks and
//! frames, continuations' `roots()`, globals, registry, basic-type metatables, and interned
//! metamethod names. Weak tables (`__mode`) follow lua5.1: strings are never cleared from them.

use super::Heap;
use super::func::Function;
use crate::bytecode::Proto;
use crate::exec::{Frame, FrameKind};
use crate::value::{StrRef, Value};
use slotmap::Key;
use std::collections::HashSet;

#[derive(Default)]
struct Bits(Vec<u64>);

impl Bits {
    #[inline]
    fn idx<K: Key>(k: K) -> usize {
        (k.data().as_ffi() & 0xffff_ffff) as usize
    }
    /// Sets the bit; returns true if it was newly set.
    #[inline]
    fn set<K: Key>(&mut self, k: K) -> bool {
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
    fn get<K: Key>(&self, k: K) -> bool {
        let i = Self::idx(k);
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
}

#[derive(Default)]
struct Marks {
    strings: Bits,
    tables: Bits,
    funcs: Bits,
    cells: Bits,
    threads: Bits,
    userdata: Bits,
}

/// Statistics of one collection.
#[derive(Debug, Clone, Copy, Default)]
pub struct GcStats {
    pub freed_objects: usize,
    pub live_bytes: usize,
}

impl Heap {
    /// Collects everything not reachable from `roots` (plus `frames`/`stack`, the running
    /// thread's, which are not in the arena). `mode_key` is the interned `"__mode"`.
    pub fn collect(&mut self, roots: &[Value], frames: &[Frame], mode_key: StrRef) -> GcStats {
        let mut m = Marks::default();
        let mut gray: Vec<Value> = roots.to_vec();
        let mut protos: HashSet<*const Proto> = HashSet::new();
        let mut weak: Vec<(crate::value::TableRef, bool, bool)> = Vec::new();
        trace_frames(frames, &mut gray);
        while let Some(v) = gray.pop() {
            match v {
                Value::Str(s) => {
                    m.strings.set(s);
                }
                Value::Table(t) => {
                    if !m.tables.set(t) {
                        continue;
                    }
                    let Some(tbl) = self.tables.get(t) else {
                        continue;
                    };
                    let (mut wk, mut wv) = (false, false);
                    if let Some(mt) = tbl.meta {
                        gray.push(Value::Table(mt));
                        if let Some(mode) = self
                            .tables
                            .get(mt)
                            .map(|x| x.get_hash(Value::Str(mode_key)))
                        {
                            if let Value::Str(ms) = mode {
                                if let Some(b) = self.strings.get(ms) {
                                    wk = b.bytes.contains(&b'k');
                                    wv = b.bytes.contains(&b'v');
                                }
                            }
                        }
                    }
                    if wk || wv {
                        weak.push((t, wk, wv));
                    }
                    if !wv {
                        gray.extend(tbl.arr.iter().copied().filter(|v| collectable(*v)));
                    }
                    for (k, val) in tbl.hash.iter() {
                        if (!wk || matches!(k, Value::Str(_))) && collectable(k) {
                            gray.push(k);
                        }
                        if (!wv || matches!(val, Value::Str(_))) && collectable(val) {
                            gray.push(val);
                        }
                    }
                }
                Value::Func(f) => {
                    if !m.funcs.set(f) {
                        continue;
                    }
                    match self.funcs.get(f) {
                        Some(Function::Lua(c)) => {
                            gray.push(Value::Table(c.env));
                            for &cell in c.upvals.iter() {
                                gray.push(Value::Cell(cell));
                            }
                            trace_proto(&c.proto, &mut protos, &mut gray);
                        }
                        Some(Function::Native(n)) => gray.extend(n.upvals.iter().copied()),
                        None => {}
                    }
                }
                Value::Cell(c) => {
                    if m.cells.set(c) {
                        if let Some(v) = self.cells.get(c) {
                            gray.push(*v);
                        }
                    }
                }
                Value::Thread(th) => {
                    if !m.threads.set(th) {
                        continue;
                    }
                    if let Some(co) = self.threads.get(th) {
                        gray.extend(co.stack.iter().copied().filter(|v| collectable(*v)));
                        if let Some(f) = co.func {
                            gray.push(f);
                        }
                        trace_frames(&co.frames, &mut gray);
                    }
                }
                Value::UserData(u) => {
                    if m.userdata.set(u) {
                        if let Some(mt) = self.userdata.get(u).and_then(|u| u.meta) {
                            gray.push(Value::Table(mt));
                        }
                    }
                }
                _ => {}
            }
        }
        // Clear weak entries whose weak part died (strings count as alive, as in lua5.1).
        for (t, wk, wv) in weak {
            let Some(tbl) = self.tables.get_mut(t) else {
                continue;
            };
            let dead = |v: Value, m: &Marks| match v {
                Value::Table(x) => !m.tables.get(x),
                Value::Func(x) => !m.funcs.get(x),
                Value::Thread(x) => !m.threads.get(x),
                Value::UserData(x) => !m.userdata.get(x),
                _ => false,
            };
            if wv {
                for v in tbl.arr.iter_mut() {
                    if dead(*v, &m) {
                        *v = Value::Nil;
                    }
                }
            }
            for (k, v) in tbl.hash.iter_mut() {
                if (wk && dead(k, &m)) || (wv && dead(*v, &m)) {
                    *v = Value::Nil;
                }
            }
            tbl.drop_dead_keys(|k| dead(k, &m));
        }
        // Sweep.
        let before = self.strings.len()
            + self.tables.len()
            + self.funcs.len()
            + self.cells.len()
            + self.threads.len()
            + self.userdata.len();
        self.strings.retain(|k, _| m.strings.get(k));
        let strings = &self.strings;
        self.intern.retain(|r| strings.contains_key(*r));
        self.tables.retain(|k, _| m.tables.get(k));
        self.funcs.retain(|k, _| m.funcs.get(k));
        self.cells.retain(|k, _| m.cells.get(k));
        self.threads.retain(|k, _| m.threads.get(k));
        self.userdata.retain(|k, _| m.userdata.get(k));
        let after = self.strings.len()
            + self.tables.len()
            + self.funcs.len()
            + self.cells.len()
            + self.threads.len()
            + self.userdata.len();
        self.bytes = self.live_bytes();
        GcStats {
            freed_objects: before - after,
            live_bytes: self.bytes,
        }
    }

    /// Recomputes the accounted size of every live object.
    pub fn live_bytes(&self) -> usize {
        let s: usize = self.strings.values().map(|s| s.bytes.len() + 40).sum();
        let t: usize = self.tables.values().map(|t| t.size_bytes()).sum();
        let f: usize = self.funcs.values().map(|f| f.size_bytes()).sum();
        let th: usize = self
            .threads
            .values()
            .map(|c| 256 + c.stack.capacity() * 16 + c.frames.capacity() * 64)
            .sum();
        s + t + f + self.cells.len() * 24 + th + self.userdata.len() * 64
    }
}

#[inline]
fn collectable(v: Value) -> bool {
    !matches!(
        v,
        Value::Nil | Value::Bool(_) | Value::Num(_) | Value::LightUserData(_)
    )
}

fn trace_frames(frames: &[Frame], gray: &mut Vec<Value>) {
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

/// Marks a prototype's constants and nested prototypes (iteratively, once per prototype).
fn trace_proto(p: &std::rc::Rc<Proto>, seen: &mut HashSet<*const Proto>, gray: &mut Vec<Value>) {
    let mut work: Vec<std::rc::Rc<Proto>> = vec![p.clone()];
    while let Some(p) = work.pop() {
        if !seen.insert(std::rc::Rc::as_ptr(&p)) {
            continue;
        }
        gray.extend(p.consts.iter().copied().filter(|v| collectable(*v)));
        work.extend(p.protos.iter().cloned());
    }
}
