//! The execution context natives and hosts see: `Vm`'s fields are private to the vm crate,
//! and what a library needs goes through these methods — the call's stack slots, calling
//! back into Lua through a continuation, the environments of running frames, host data, the
//! instruction budget and the collector's parameters. (Argument checking is `api::Args`.)

use super::{Cont, Frame, FrameKind, Limits, Names, Ret, Throw, Vm};
use crate::exec::{Function, Heap};
use crate::value::{FuncRef, TableRef, Value};

/// Number of indexed host-data slots (`Vm::ext_slot`).
pub const EXT_SLOTS: usize = 2;

/// Why a stack level names no frame (`getfenv`/`setfenv` with a level).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelError {
    Negative,
    Invalid,
    /// The level is a `(tail call)` one, which has no function.
    Tail(i64),
}

impl LevelError {
    /// lua5.1's argument error for the level.
    pub fn to_throw(self, arg: usize) -> Throw {
        let m = match self {
            LevelError::Negative => "level must be non-negative",
            LevelError::Invalid => "invalid level",
            LevelError::Tail(l) => {
                return Throw::msg(format!(
                    "no function environment for tail call at level {}",
                    l
                ));
            }
        };
        Throw::Arg(arg, m.into())
    }
}

/// Collector counters for a host's statistics.
#[derive(Clone, Copy, Debug, Default)]
pub struct GcCounters {
    pub cycles: u64,
    pub steps: u64,
    pub max_step_work: usize,
    pub max_pause: std::time::Duration,
    pub total_time: std::time::Duration,
}

impl Vm {
    /// The object heap (tables, strings, functions, threads, userdata) through its API.
    #[inline]
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    #[inline]
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }

    // --- The running call's stack. A native's arguments are the slots `base..base + n`;
    // its results are the values it pushes (`Ret::Values(n)` returns the top `n`).

    /// The value in stack slot `i`.
    #[inline]
    pub fn slot(&self, i: usize) -> Value {
        self.stack[i]
    }

    #[inline]
    pub fn set_slot(&mut self, i: usize, v: Value) {
        self.stack[i] = v;
    }

    /// Slots `from..from + n`.
    #[inline]
    pub fn slots(&self, from: usize, n: usize) -> &[Value] {
        &self.stack[from..from + n]
    }

    /// The running thread's whole value stack (read-only: `debug` inspects locals).
    pub fn stack(&self) -> &[Value] {
        &self.stack
    }

    /// The stack's height: where the next pushed value goes.
    #[inline]
    pub fn stack_top(&self) -> usize {
        self.stack.len()
    }

    /// Drops the values above `top`.
    #[inline]
    pub fn set_stack_top(&mut self, top: usize) {
        self.stack.truncate(top);
    }

    /// Pops the top value (nil on an empty stack).
    #[inline]
    pub fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::Nil)
    }

    pub fn push_values(&mut self, vs: &[Value]) {
        self.stack.extend_from_slice(vs);
    }

    /// Inserts `v` at slot `i`, moving the values above it up.
    pub fn insert_slot(&mut self, i: usize, v: Value) {
        self.stack.insert(i, v);
    }

    /// Calls `f` with `args` and resumes `cont` with its results: what a native returns to
    /// call back into Lua without recursing on the Rust stack (`tostring`'s `__tostring`,
    /// `sort`'s comparator, `gsub`'s replacement function).
    pub fn call_then(&mut self, f: Value, args: &[Value], cont: Box<dyn Cont>) -> Ret {
        let func = self.stack.len();
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        Ret::Call {
            func,
            nargs: args.len(),
            cont,
        }
    }

    // --- Frames.

    /// The running thread's frames, innermost last (read-only: `debug.getinfo`, tracebacks).
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The Lua frame at `level` (1 = the caller of the running native) as (environment,
    /// closure); `None` when that level is a native.
    pub fn level_env(&self, level: i64) -> Result<Option<(TableRef, FuncRef)>, LevelError> {
        let idx = self.level_index(level)?;
        Ok(match self.frames[idx].kind {
            FrameKind::Lua { env, func } => Some((env, func)),
            FrameKind::Cont(_) => None,
        })
    }

    fn level_index(&self, level: i64) -> Result<usize, LevelError> {
        if level < 0 {
            return Err(LevelError::Negative);
        }
        // Each frame is a level, followed by one `(tail call)` level per tail call into it.
        let mut l = level as usize;
        for (i, f) in self.frames.iter().enumerate().rev() {
            if l <= 1 {
                return if l == 1 {
                    Ok(i)
                } else {
                    Err(LevelError::Invalid)
                };
            }
            l -= 1;
            let t = f.ci.ret.tail_calls();
            if l <= t {
                return Err(LevelError::Tail(level));
            }
            l -= t;
        }
        Err(LevelError::Invalid)
    }

    /// `setfenv(level, t)`: gives the Lua frame at `level` and its closure the environment
    /// `t` (every running frame of that closure sees it). Returns the closure, `None` when the
    /// level is a native.
    pub fn set_level_env(&mut self, level: i64, t: TableRef) -> Result<Option<FuncRef>, Throw> {
        let Some((_, f)) = self.level_env(level).map_err(|e| e.to_throw(1))? else {
            return Ok(None);
        };
        Ok(self.set_closure_env(f, t)?.then_some(f))
    }

    /// Sets a Lua closure's environment, and that of its running frames (the dispatch loop
    /// reloads). False for a native, whose environment cannot change.
    pub fn set_closure_env(&mut self, f: FuncRef, t: TableRef) -> Result<bool, Throw> {
        match self.heap.function_mut(f)? {
            Function::Lua(c) => c.env = t,
            Function::Native(_) => return Ok(false),
        }
        for fr in self.frames.iter_mut() {
            if let FrameKind::Lua { env, func } = &mut fr.kind
                && *func == f
            {
                *env = t;
            }
        }
        self.switched = true;
        Ok(true)
    }

    /// The message handler of the innermost protected call of the running thread: `Some`
    /// (xpcall's handler, or `None` for pcall) when there is one.
    pub fn innermost_handler(&self) -> Option<Option<Value>> {
        self.frames.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Cont(c) if c.protected() => Some(c.handler()),
            _ => None,
        })
    }

    // --- Globals, registry, per-type metatables, interned names.

    /// The running thread's globals table (lua5.1's `LUA_GLOBALSINDEX`).
    #[inline]
    pub fn globals(&self) -> TableRef {
        self.globals
    }

    pub fn set_globals(&mut self, t: TableRef) {
        self.globals = t;
    }

    #[inline]
    pub fn registry(&self) -> TableRef {
        self.registry
    }

    /// Interned metamethod names (`__index`, `__tostring`, …).
    #[inline]
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The metatable shared by every value of `v`'s (non-table, non-userdata) type.
    pub fn type_metatable(&self, v: Value) -> Option<TableRef> {
        self.type_metas[super::type_index(v)]
    }

    pub fn set_type_metatable(&mut self, v: Value, mt: Option<TableRef>) {
        self.type_metas[super::type_index(v)] = mt;
    }

    /// Every per-type metatable set.
    pub fn type_metatables(&self) -> impl Iterator<Item = TableRef> + '_ {
        self.type_metas.iter().flatten().copied()
    }

    // --- Host data: the stdlib and embedders keep their state here, by key.

    pub fn ext<T: 'static>(&self, key: &str) -> Option<&T> {
        self.ext.get(key).and_then(|b| b.downcast_ref())
    }

    pub fn ext_mut<T: 'static>(&mut self, key: &str) -> Option<&mut T> {
        self.ext.get_mut(key).and_then(|b| b.downcast_mut())
    }

    pub fn set_ext<T: 'static>(&mut self, key: &'static str, v: T) {
        self.ext.insert(key, Box::new(v));
    }

    /// The entry under `key`, made by `make` when absent (or holding another type).
    pub fn ext_or_insert_with<T: 'static>(
        &mut self,
        key: &'static str,
        make: impl FnOnce() -> T,
    ) -> &mut T {
        let b = self.ext.entry(key).or_insert_with(|| Box::new(()));
        if !b.is::<T>() {
            *b = Box::new(make());
        }
        b.downcast_mut().expect("replaced above")
    }

    /// The entry in slot `i` (`i < EXT_SLOTS`), if it holds a `T`: `ext` without hashing a
    /// key, for host data read on every run (the embedder assigns the indices).
    #[inline]
    pub fn ext_slot<T: 'static>(&self, i: usize) -> Option<&T> {
        self.ext_slots.get(i)?.as_ref()?.downcast_ref()
    }

    /// The entry in slot `i`, writable, if it holds a `T`.
    #[inline]
    pub fn ext_slot_mut<T: 'static>(&mut self, i: usize) -> Option<&mut T> {
        self.ext_slots.get_mut(i)?.as_mut()?.downcast_mut()
    }

    /// Slot `i`'s entry, made by `make` when absent (or holding another type).
    pub fn ext_slot_or_insert_with<T: 'static>(
        &mut self,
        i: usize,
        make: impl FnOnce() -> T,
    ) -> &mut T {
        let slot = &mut self.ext_slots[i];
        if !slot.as_ref().is_some_and(|b| b.is::<T>()) {
            *slot = Some(Box::new(make()));
        }
        slot.as_mut()
            .and_then(|b| b.downcast_mut())
            .expect("filled above")
    }

    pub fn has_ext(&self, key: &str) -> bool {
        self.ext.contains_key(key)
    }

    pub fn remove_ext(&mut self, key: &str) -> Option<Box<dyn std::any::Any>> {
        self.ext.remove(key)
    }

    // --- Instruction budget and its hook (see `exec/budget.rs`).

    /// Instruction units left before the hook runs.
    #[inline]
    pub fn budget(&self) -> i64 {
        self.budget
    }

    #[inline]
    pub fn set_budget(&mut self, b: i64) {
        self.budget = b;
    }

    /// The hook run when the budget is spent: it may set the budget again, return `Ok(())`
    /// to continue, or raise (`Throw::Uncatchable` ends the script whatever protects it).
    pub fn set_hook(&mut self, hook: Option<fn(&mut Vm) -> Result<(), Throw>>) {
        self.hook = hook;
    }

    // --- Limits and the collector's parameters.

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn limits_mut(&mut self) -> &mut Limits {
        &mut self.limits
    }

    /// Hard memory limit in bytes (0: none).
    pub fn memory_limit(&self) -> usize {
        self.memory_limit
    }

    pub fn set_memory_limit(&mut self, bytes: usize) {
        self.memory_limit = bytes;
        self.tick_memory_cap = if bytes == 0 { usize::MAX } else { bytes };
    }

    /// The collector's (pause, step multiplier), in percent.
    pub fn gc_params(&self) -> (usize, usize) {
        (self.heap.gc.pace.pause, self.heap.gc.pace.stepmul)
    }

    /// lua5.1's `setpause`: sets the pause (percent), returns the previous one.
    pub fn gc_set_pause(&mut self, pause: usize) -> usize {
        std::mem::replace(&mut self.heap.gc.pace.pause, pause)
    }

    /// lua5.1's `setstepmul`: sets the step multiplier (percent), returns the previous one.
    pub fn gc_set_stepmul(&mut self, mul: usize) -> usize {
        std::mem::replace(&mut self.heap.gc.pace.stepmul, mul)
    }

    /// Debug modes of the collector (a host reads `FERROUS_GC_STRESS`/`FERROUS_GC_VERIFY`):
    /// `stress` collects at every safe point, `verify` checks each atomic step against a
    /// stop-the-world marking (panics on a missed object).
    pub fn set_gc_debug(&mut self, stress: super::GcStress, verify: bool) {
        self.heap.gc.pace.stress = stress;
        self.heap.gc.pace.verify = verify;
    }

    pub fn gc_counters(&self) -> GcCounters {
        let p = &self.heap.gc.pace;
        GcCounters {
            cycles: p.cycles,
            steps: p.steps,
            max_step_work: p.max_step_work,
            max_pause: p.max_pause,
            total_time: p.total_time,
        }
    }
}
