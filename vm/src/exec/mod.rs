//! The executor: a state machine over a `Vec` of frames per coroutine. Lua→Lua calls, returns
//! and tail calls, metamethods, native continuations (pcall, sort, gsub, tostring) and
//! coroutine switches are all data-structure operations; nothing here recurses on the Rust
//! stack in proportion to Lua's call depth.

pub mod alloc;
pub mod arith;
pub mod budget;
pub mod call;
pub mod debug;
pub mod describe;
pub mod dump;
pub mod error;
pub mod execute;
pub mod finalize;
pub mod hooks;
pub mod load;
pub mod meta;
pub mod ops;
pub mod stack;
pub mod thread;

use crate::bytecode::Proto;
use crate::heap::Heap;
use crate::heap::func::{Function, LuaClosure, NativeClosure, NativeFn, Upvals};
use crate::heap::gc::Phase;
use crate::value::{FuncRef, StrRef, TableRef, ThreadRef, Value};
pub use error::{LuaError, Throw};
pub use load::LoadError;
use std::rc::Rc;

/// What a native function (or a continuation) asks the executor to do next.
pub enum Ret {
    /// Return the top `n` values of the stack.
    Values(usize),
    /// Call the function at `stack[func]` with the `nargs` values above it, then resume
    /// `cont` with its results (at `stack[func..]`).
    Call {
        func: usize,
        nargs: usize,
        cont: Box<dyn Cont>,
    },
    /// Resume coroutine `co` passing the top `nargs` values (`coroutine.resume` / `wrap`).
    Resume {
        co: ThreadRef,
        nargs: usize,
        wrap: bool,
    },
    /// Yield the top `n` values to the resumer.
    Yield(usize),
}

/// A suspended native computation waiting for a call's results (or for an error, when
/// `protected`).
pub trait Cont {
    /// `Ok((base, n))`: the call returned `stack[base..base + n]` (the stack is truncated
    /// there). `Err(v)`: an error value was caught (only for protected continuations).
    fn resume(self: Box<Self>, vm: &mut Vm, r: Result<(usize, usize), Value>)
    -> Result<Ret, Throw>;
    /// Whether errors raised below this frame stop here (pcall/xpcall).
    fn protected(&self) -> bool {
        false
    }
    /// For xpcall: the message handler to run on an error before unwinding.
    fn handler(&self) -> Option<Value> {
        None
    }
    /// True only for the internal frame that runs an xpcall message handler.
    fn handler_marker(&self) -> bool {
        false
    }
    /// For the handler frame: whether the error came from a native, whose C level lua5.1
    /// keeps below the handler (`debug.traceback` names it).
    fn raised_by_native(&self) -> bool {
        false
    }
    /// True for the frame of a running `__gc` finalizer (no other starts meanwhile).
    fn is_finalizer(&self) -> bool {
        false
    }
    /// C levels this frame holds beyond its own one (an xpcall handler run for `C stack
    /// overflow`).
    fn extra_levels(&self) -> usize {
        0
    }
    /// Values this continuation holds (for the collector).
    fn roots(&self, _out: &mut Vec<Value>) {}
}

/// Where a call's results go. (The `repr`s of the frame types keep every field on a word
/// boundary: with the 4-aligned handles packed in between, frames and call infos were
/// copied in overlapping unaligned pieces, stalling store forwarding on every call.)
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum RetMode {
    /// Copy to `func_idx..` (adjusted to `nresults`), as a normal call.
    Normal,
    /// As `Normal`, for a frame entered by `calls` tail calls (lua5.1's `ci->tailcalls`):
    /// each is a `(tail call)` stack level below it, for error levels and tracebacks. Only
    /// TAILCALL writes it, so a plain call costs nothing; it must stay right after `Normal`
    /// (RETURN's fast path tests both with one comparison).
    Tail { calls: usize },
    /// Metamethod result: its first value into absolute stack slot.
    ToSlot(usize),
    /// Comparison metamethod: `pc++` in the caller when `(truthy(result) ^ negate) != expect`.
    Cond { negate: bool, expect: bool },
    /// Ignore the results (`__newindex`).
    Discard,
    /// `__concat` step: result into `stack[slot]`, then continue the CONCAT of the caller.
    Concat { slot: usize },
    /// A Lua hook's frame (`exec/hooks.rs`): results dropped, the caller's `top` restored.
    Hook { top: usize },
}

impl RetMode {
    /// A plain call's delivery (`Normal` or `Tail`): no C level of its own.
    #[inline]
    pub fn is_plain(&self) -> bool {
        matches!(self, RetMode::Normal | RetMode::Tail { .. })
    }
    /// Tail calls that led to this frame (lua5.1's `ci->tailcalls`).
    #[inline]
    pub fn tail_calls(&self) -> usize {
        match self {
            RetMode::Tail { calls } => *calls,
            _ => 0,
        }
    }
}

#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct CallInfo {
    pub func_idx: usize,
    /// Wanted results, -1 for all. (A word: a 4-byte field left padding that LLVM copied
    /// together with the next field, misaligned.)
    pub nresults: isize,
    pub ret: RetMode,
}

/// A Lua frame names its closure by handle (its prototype and cells are read through the
/// heap), so pushing and popping one moves a few words and touches no reference count.
#[repr(u64)]
pub enum FrameKind {
    Lua { env: TableRef, func: FuncRef },
    Cont(Box<dyn Cont>),
}

#[repr(C)]
pub struct Frame {
    pub base: usize,
    pub pc: usize,
    pub ci: CallInfo,
    pub kind: FrameKind,
}

impl Frame {
    /// The varargs of a vararg Lua frame: (first slot, count). They sit between the function
    /// slot's fixed arguments and `base` (the fixed parameters were copied above them).
    #[inline]
    pub fn varargs(&self, num_params: usize) -> (usize, usize) {
        let nargs = self.base - self.ci.func_idx - 1;
        (
            self.ci.func_idx + 1 + num_params,
            nargs.saturating_sub(num_params),
        )
    }

    pub fn is_lua(&self) -> bool {
        matches!(self.kind, FrameKind::Lua { .. })
    }
}

impl Vm {
    /// The prototype a Lua frame runs (None for a continuation frame or a stale closure,
    /// which a traced frame never holds).
    pub(crate) fn frame_proto(&self, f: &Frame) -> Option<&Proto> {
        match f.kind {
            FrameKind::Lua { func, .. } => match self.heap.function(func) {
                Ok(Function::Lua(c)) => Some(&c.proto),
                _ => None,
            },
            FrameKind::Cont(_) => None,
        }
    }
}

/// Interned names of metamethod events and other hot strings.
pub struct Names {
    pub index: StrRef,
    pub newindex: StrRef,
    pub call: StrRef,
    pub add: StrRef,
    pub sub: StrRef,
    pub mul: StrRef,
    pub div: StrRef,
    pub mod_: StrRef,
    pub pow: StrRef,
    pub unm: StrRef,
    pub concat: StrRef,
    pub eq: StrRef,
    pub lt: StrRef,
    pub le: StrRef,
    pub len: StrRef,
    pub tostring: StrRef,
    pub metatable: StrRef,
    pub mode: StrRef,
    pub gc: StrRef,
    pub name: StrRef,
}

impl Names {
    fn all(&self) -> [StrRef; 20] {
        [
            self.index,
            self.newindex,
            self.call,
            self.add,
            self.sub,
            self.mul,
            self.div,
            self.mod_,
            self.pow,
            self.unm,
            self.concat,
            self.eq,
            self.lt,
            self.le,
            self.len,
            self.tostring,
            self.metatable,
            self.mode,
            self.gc,
            self.name,
        ]
    }

    fn new(h: &mut Heap) -> Names {
        Names {
            index: h.intern(b"__index"),
            newindex: h.intern(b"__newindex"),
            call: h.intern(b"__call"),
            add: h.intern(b"__add"),
            sub: h.intern(b"__sub"),
            mul: h.intern(b"__mul"),
            div: h.intern(b"__div"),
            mod_: h.intern(b"__mod"),
            pow: h.intern(b"__pow"),
            unm: h.intern(b"__unm"),
            concat: h.intern(b"__concat"),
            eq: h.intern(b"__eq"),
            lt: h.intern(b"__lt"),
            le: h.intern(b"__le"),
            len: h.intern(b"__len"),
            tostring: h.intern(b"__tostring"),
            metatable: h.intern(b"__metatable"),
            mode: h.intern(b"__mode"),
            gc: h.intern(b"__gc"),
            name: h.intern(b"__name"),
        }
    }
}

/// Limits a host can configure.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum Lua call depth before `stack overflow` (lua5.1: LUAI_MAXCALLS = 20000).
    pub max_calls: usize,
    /// Maximum nesting of native→Lua calls (pcall, metamethods, …) before `C stack overflow`
    /// (lua5.1: LUAI_MAXCCALLS = 200).
    pub max_ccalls: usize,
    /// Native levels the host itself has below the chunk it calls (lua5.1's nCcalls when
    /// the chunk starts): 2 for lua.c (cpcall + pcall), 1 for Redis (lua_pcall). Nested
    /// pcalls and resumes reach `C stack overflow` at exactly lua5.1's depth.
    pub c_base: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_calls: 20000,
            max_ccalls: 200,
            c_base: 2,
        }
    }
}

pub struct Vm {
    pub heap: Heap,
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    /// End of the values produced by the last multi-result operation.
    pub top: usize,
    pub globals: TableRef,
    pub registry: TableRef,
    pub names: Names,
    /// Metatables of non-table types (string, number, …), indexed by `type_index`.
    pub type_metas: [Option<TableRef>; 9],
    pub limits: Limits,
    /// Number of native boundaries (continuation and metamethod frames) in the current thread.
    pub(crate) c_depth: usize,
    /// The running coroutine (None: the main thread) and its resumers.
    pub(crate) current: Option<ThreadRef>,
    pub(crate) resumers: Vec<Option<ThreadRef>>,
    /// Native boundaries held by the resumers (their `c_depth`s plus one per resume), as
    /// lua5.1's nCcalls carries across `coroutine.resume` (`lua_setlevel`); saved per resume.
    pub(crate) outer_c: usize,
    pub(crate) outer_saved: Vec<usize>,
    /// Set when a coroutine switch replaced the frame stack (the dispatch loop reloads).
    pub switched: bool,
    /// The error being raised came from a native (for the `[C]: in function` traceback line).
    pub(crate) err_in_native: bool,
    /// Bytes of `stack` and `frames` capacity charged to `heap.bytes` (see `exec/stack.rs`).
    pub(crate) stack_charge: usize,
    /// Scratch buffer for values moving between coroutine stacks.
    pub(crate) xfer: Vec<Value>,
    /// Host data (the stdlib and embedders keep their state here).
    pub ext: rustc_hash::FxHashMap<&'static str, Box<dyn std::any::Any>>,
    /// Instruction budget: decremented on backward jumps, loop iterations and calls, and by
    /// natives through `Vm::charge`; when it reaches zero it is reset to `i64::MAX` and the
    /// `hook` runs (see `exec/budget.rs`).
    pub budget: i64,
    /// The budget hook. It may set `budget` again (to be called again later), return
    /// `Ok(())` to continue, or raise an error: an ordinary `Throw` is catchable by `pcall`,
    /// `Throw::Uncatchable` ends the script whatever protects it (SCRIPT KILL).
    pub hook: Option<fn(&mut Vm) -> Result<(), Throw>>,
    /// The debugger's line hook, called at the line traps of debug compiles (`exec/debug.rs`).
    pub line_hook: Option<debug::LineHook>,
    /// The Lua hook of `debug.sethook` (`exec/hooks.rs`).
    pub lua_hook: Option<Box<hooks::LuaHook>>,
    /// The next compile emits line traps (`Vm::load_debug`).
    pub(crate) trap_compile: bool,
    /// The collector runs a step when `heap.bytes` reaches this (lua5.1's `GCthreshold`:
    /// `usize::MAX` after `collectgarbage("stop")`).
    pub gc_threshold: usize,
    /// Allocation debt not yet paid by collection work (lua5.1's `gcdept`).
    pub gc_debt: usize,
    pub gc_cycles: u64,
    /// GC stress mode (`FERROUS_GC_STRESS`): find missing roots and barriers in tests.
    pub gc_stress: GcStress,
    gc_stress_seed: u64,
    /// Debug check at every atomic step (`FERROUS_GC_VERIFY`): a stop-the-world marking from
    /// the same roots must find nothing the incremental marking missed (panics otherwise).
    pub gc_verify: bool,
    /// Hard memory limit in bytes (0: none). Crossing it raises `not enough memory`.
    pub memory_limit: usize,
    /// lua5.1's `setpause` (percent): the next cycle starts at live * pause / 100.
    pub gc_pause: usize,
    /// lua5.1's `setstepmul` (percent): work done per step relative to the allocation.
    pub gc_stepmul: usize,
    /// Incremental steps run, and the most work (bytes examined) one of them did.
    pub gc_steps: u64,
    pub gc_max_step_work: usize,
    /// Longest and total time spent in collector steps and full collections.
    pub gc_max_pause: std::time::Duration,
    pub gc_total_time: std::time::Duration,
    /// Bytes of prototypes dropped since the collector last settled them (`exec/load.rs`).
    proto_ledger: Rc<std::cell::Cell<usize>>,
    /// The key sealing binary chunks, when the host enabled them (`exec/dump.rs`).
    chunk_key: Option<[u8; 16]>,
}

/// What the VM holds in memory (`Vm::memory_stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoryStats {
    /// Bytes accounted to live objects (and garbage not yet swept): what
    /// `collectgarbage("count")` reports and the memory limit checks.
    pub accounted_bytes: usize,
    /// Bytes the VM holds in its own structures beyond that: the arenas' spare capacity and
    /// vacant slots, the collector's lists, the value and frame stacks.
    pub reserved_bytes: usize,
    /// Objects in the arenas (live, or dead and not yet swept).
    pub live_objects: usize,
    /// Slots in the arenas' sparse arrays (8 bytes each; see `heap::arena`).
    pub arena_slots: usize,
    /// Collection cycles finished.
    pub gc_cycles: u64,
    /// Collector work units done since the VM started (deterministic: marking counts bytes
    /// examined, the sweep a fixed cost per object examined).
    pub gc_work: u64,
}

/// Collector work units (about bytes examined) per instruction-budget unit.
const GC_WORK_PER_BUDGET_UNIT: usize = 16;
/// lua5.1's `GCSTEPSIZE`: a step runs per this many bytes allocated.
pub const GC_STEP_SIZE: usize = 1024;
/// At most this many remark rounds before the atomic step (see `Vm::gc_single_step`).
const GC_REMARK_ROUNDS: u32 = 16;
/// A remark round that found less work than this ends marking (the atomic step follows).
const GC_REMARK_CONVERGED: usize = 8 * 1024;
/// Most work done at a safe point in `GcStress::Step` mode.
const GC_STRESS_STEP: usize = 1000;

/// GC stress modes, from `FERROUS_GC_STRESS`: `1` runs a full collection at every safe point
/// (finds missing roots), `step` a small incremental step at every safe point (interleaves
/// the mutator with every phase of the cycle: finds missing barriers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcStress {
    Off,
    Full,
    Step,
}

impl GcStress {
    fn from_env() -> GcStress {
        match std::env::var("FERROUS_GC_STRESS").as_deref() {
            Err(_) | Ok("") | Ok("0") => GcStress::Off,
            Ok("step") => GcStress::Step,
            Ok(_) => GcStress::Full,
        }
    }
}

/// Pushes what the frames refer to (closure, environment, continuation values) onto `out`.
pub(crate) fn trace_frames(frames: &[Frame], out: &mut Vec<Value>) {
    for f in frames {
        match &f.kind {
            FrameKind::Lua { env, func, .. } => {
                out.push(Value::Table(*env));
                out.push(Value::Func(*func));
            }
            FrameKind::Cont(c) => c.roots(out),
        }
    }
}

pub fn type_index(v: Value) -> usize {
    match v {
        Value::Nil => 0,
        Value::Bool(_) => 1,
        Value::LightUserData(_) => 2,
        Value::Num(_) => 3,
        Value::Str(_) => 4,
        Value::Table(_) => 5,
        Value::Func(_) => 6,
        Value::UserData(_) => 7,
        Value::Thread(_) | Value::Cell(_) => 8,
    }
}

impl Default for Vm {
    fn default() -> Self {
        Self::new()
    }
}

impl Vm {
    pub fn new() -> Vm {
        let mut heap = Heap::new();
        let names = Names::new(&mut heap);
        heap.gc.mode_key = names.mode;
        heap.gc.gc_key = names.gc;
        let globals = heap.new_table(0, 64);
        let registry = heap.new_table(0, 8);
        let mut vm = Vm {
            heap,
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            top: 0,
            globals,
            registry,
            names,
            type_metas: [None; 9],
            limits: Limits::default(),
            c_depth: 0,
            current: None,
            resumers: Vec::new(),
            outer_c: 0,
            outer_saved: Vec::new(),
            switched: false,
            err_in_native: false,
            stack_charge: 0,
            xfer: Vec::new(),
            ext: Default::default(),
            budget: i64::MAX,
            hook: None,
            line_hook: None,
            lua_hook: None,
            trap_compile: false,
            gc_threshold: 4 << 20,
            gc_debt: 0,
            gc_cycles: 0,
            gc_stress: GcStress::from_env(),
            gc_stress_seed: 0x2545_f491_4f6c_dd1d,
            gc_verify: std::env::var_os("FERROUS_GC_VERIFY").is_some(),
            memory_limit: 0,
            gc_pause: 200,
            gc_stepmul: 200,
            gc_steps: 0,
            gc_max_step_work: 0,
            gc_max_pause: std::time::Duration::ZERO,
            gc_total_time: std::time::Duration::ZERO,
            proto_ledger: Rc::default(),
            chunk_key: None,
        };
        vm.sync_stack_charge();
        vm
    }

    pub fn new_lua_closure(&mut self, proto: Rc<Proto>, upvals: Upvals, env: TableRef) -> Value {
        Value::Func(
            self.heap
                .new_function(Function::Lua(LuaClosure { proto, upvals, env })),
        )
    }

    pub fn new_native(&mut self, name: &'static str, f: NativeFn) -> Value {
        self.new_native_with(name, f, Vec::new())
    }

    pub fn new_native_with(
        &mut self,
        name: &'static str,
        f: NativeFn,
        upvals: Vec<Value>,
    ) -> Value {
        Value::Func(self.heap.new_function(Function::Native(NativeClosure {
            f,
            name,
            upvals: upvals.into_boxed_slice(),
        })))
    }

    pub fn str(&mut self, s: &str) -> Value {
        self.heap.str_value(s)
    }

    pub fn bytes_value(&mut self, b: &[u8]) -> Value {
        Value::Str(self.heap.intern(b))
    }

    /// Sets a global variable (raw; `Value::Nil` removes it). A host operation: it writes
    /// even when the globals table is read-only (as Redis lifts the protection to set
    /// `KEYS`/`ARGV`).
    pub fn set_global(&mut self, name: &str, v: Value) {
        let k = self.str(name);
        let g = self.globals;
        if let Ok(mut t) = self.heap.table_mut_force(g) {
            let _ = t.set(k, v);
        }
    }

    pub fn get_global(&mut self, name: &str) -> Value {
        let k = self.str(name);
        self.heap
            .table(self.globals)
            .map(|t| t.get(k))
            .unwrap_or(Value::Nil)
    }

    /// Calls `f` with `args` from the host (no Lua code may be running). Returns all results.
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        if !self.frames.is_empty() || self.current.is_some() {
            return Err(LuaError::msg(
                self,
                "cannot call into the VM while it is running",
            ));
        }
        self.stack.clear();
        self.c_depth = 0;
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        let ci = CallInfo {
            func_idx: 0,
            nresults: -1,
            ret: RetMode::Normal,
        };
        // Table growth is checked against the limit while the script runs (D28 growth).
        self.heap.limit = self.memory_limit;
        let started = self.call_value(ci, args.len(), false);
        let r = match started {
            Ok(()) => self.drive(),
            Err(t) => self.unwind(t).and_then(|()| self.drive()),
        };
        self.heap.limit = 0;
        if r.is_ok() && !self.frames.is_empty() {
            // A line trap stopped a plain call (only `start_run` may be suspended).
            let e = self.abort_run("the debugger stopped a script outside a debugging run");
            return Err(e);
        }
        match r {
            Ok(()) => {
                let out = self.stack[0..self.top.min(self.stack.len())].to_vec();
                self.stack.clear();
                Ok(out)
            }
            Err(e) => {
                self.frames.clear();
                self.stack.clear();
                self.current = None;
                self.resumers.clear();
                self.outer_c = 0;
                self.outer_saved.clear();
                self.c_depth = 0;
                Err(e)
            }
        }
    }

    /// Runs a full collection (lua5.1's `luaC_fullgc`): a cycle in progress is abandoned and a
    /// complete one runs. Only call at a safe point: every live value must be reachable from
    /// the stacks, frames, continuations, globals or registry.
    pub fn collect_garbage(&mut self) -> crate::heap::gc::GcStats {
        let started = std::time::Instant::now();
        let before: usize = self.heap.counts().iter().sum();
        self.heap.gc_begin();
        self.gc_shade_roots();
        let mut work = self.heap.gc_propagate(usize::MAX);
        work += self.heap.gc_atomic();
        work += self.heap.gc_sweep(usize::MAX);
        self.settle_protos();
        work += self.heap.shrink(true);
        self.heap.gc.work_total += work as u64;
        self.charge_gc_work(work);
        let after: usize = self.heap.counts().iter().sum();
        self.gc_end_cycle();
        self.gc_debt = 0;
        self.shrink_stacks();
        let took = started.elapsed();
        self.gc_max_pause = self.gc_max_pause.max(took);
        self.gc_total_time += took;
        crate::heap::gc::GcStats {
            freed_objects: before - after,
            live_bytes: self.heap.bytes,
        }
    }

    /// Gives back the capacity a spike left in the executor's stacks (the value stack keeps
    /// its initial 1024 slots). Safe at any time: only capacities change.
    fn shrink_stacks(&mut self) {
        fn shrink<T>(v: &mut Vec<T>, min: usize) {
            if v.capacity() > min && v.capacity() > 4 * v.len() {
                v.shrink_to((2 * v.len()).max(min));
            }
        }
        shrink(&mut self.stack, 1024);
        shrink(&mut self.frames, 64);
        shrink(&mut self.xfer, 0);
        shrink(&mut self.resumers, 0);
        shrink(&mut self.outer_saved, 0);
        self.sync_stack_charge();
    }

    /// Gives back memory a spike left, without collecting (for a host whose VM goes idle
    /// between scripts): the arenas' free capacity, the intern table, the collector's lists
    /// and the executor's stacks. Garbage is freed only by a collection
    /// (`collect_garbage`, which also shrinks).
    pub fn shrink_idle(&mut self) {
        if self.heap.gc.phase() == Phase::Pause {
            self.heap.shrink(true);
        }
        self.shrink_stacks();
    }

    /// Restores the collector's parameters to their defaults (pause 200, step multiplier
    /// 200) and restarts a stopped collector: a host running scripts in one long-lived VM
    /// calls this before each, so that a script's `collectgarbage("setpause"|"setstepmul"|
    /// "stop")` does not carry over to the next ones.
    pub fn gc_reset_params(&mut self) {
        self.gc_pause = 200;
        self.gc_stepmul = 200;
        if self.heap.gc.phase() == Phase::Pause {
            self.gc_end_threshold();
        } else if self.gc_threshold == usize::MAX {
            self.gc_threshold = self.heap.bytes;
        }
    }

    /// What the VM holds in memory (for a host's statistics, e.g. Redis's `INFO`).
    pub fn memory_stats(&self) -> MemoryStats {
        let v = std::mem::size_of::<Value>();
        MemoryStats {
            accounted_bytes: self.heap.bytes,
            // The value and frame stacks are accounted (exec/stack.rs).
            reserved_bytes: self.heap.reserved_bytes() + self.xfer.capacity() * v,
            live_objects: self.heap.counts().iter().sum(),
            arena_slots: self.heap.slot_count(),
            gc_cycles: self.gc_cycles,
            gc_work: self.heap.gc.work_total(),
        }
    }

    /// Shades the roots the executor owns: globals, registry, basic-type metatables, event
    /// names, the running stack and frames (with their continuations), the running coroutine
    /// and its resumers. Suspended coroutines are reached through their handles.
    fn gc_shade_roots(&mut self) {
        let g = &mut self.heap.gc;
        g.push(Value::Table(self.globals));
        g.push(Value::Table(self.registry));
        if let Some(h) = &self.lua_hook {
            g.push(h.func);
        }
        for t in self.type_metas.iter().flatten() {
            g.push(Value::Table(*t));
        }
        for s in self.names.all() {
            g.push(Value::Str(s));
        }
        for &v in self.stack.iter() {
            g.push(v);
        }
        for t in self.current.iter().chain(self.resumers.iter().flatten()) {
            g.push(Value::Thread(*t));
        }
        for i in 0..g.tobefnz.len() {
            let u = g.tobefnz[i];
            g.push(Value::UserData(u));
        }
        trace_frames(&self.frames, &mut g.gray);
    }

    fn gc_end_cycle(&mut self) {
        self.gc_cycles += 1;
        self.gc_end_threshold();
    }

    fn gc_end_threshold(&mut self) {
        // lua5.1's setthreshold, with the live estimate counted as at least 512 KiB (so that
        // small programs do not run cycles back to back at the default pause).
        let est = self.heap.gc.estimate.max(512 << 10);
        self.gc_threshold = (est / 100).saturating_mul(self.gc_pause);
    }

    /// One unit of collector work (lua5.1's `singlestep`), doing about `budget` work units.
    /// Returns the work done.
    fn gc_single_step(&mut self, budget: usize) -> usize {
        let w = self.gc_single_step_work(budget);
        self.heap.gc.work_total += w as u64;
        self.charge_gc_work(w);
        w
    }

    /// Collector work pays the instruction budget, so the hook (BUSY, SCRIPT KILL) keeps its
    /// pace when a script makes the collector do most of the work (`setstepmul 0` runs a
    /// whole cycle per step; `collectgarbage()` in a loop).
    #[inline]
    fn charge_gc_work(&mut self, work: usize) {
        self.budget = self
            .budget
            .saturating_sub((work / GC_WORK_PER_BUDGET_UNIT) as i64);
    }

    fn gc_single_step_work(&mut self, budget: usize) -> usize {
        match self.heap.gc.phase() {
            Phase::Pause => {
                self.heap.gc_begin();
                self.gc_shade_roots();
                self.stack.len() + 64
            }
            Phase::Propagate => {
                if !self.heap.gc.gray_empty() {
                    return self.heap.gc_propagate(budget).max(1);
                }
                let g = &mut self.heap.gc;
                if g.rounds < GC_REMARK_ROUNDS
                    && (g.rounds == 0 || g.round_work >= GC_REMARK_CONVERGED)
                {
                    // Remark round: re-scan the roots and traverse the regrayed objects
                    // incrementally, until a round finds little new (what the mutator made
                    // reachable meanwhile), so that the atomic step has little left to do.
                    g.rounds += 1;
                    g.round_work = 0;
                    let again = std::mem::take(&mut self.heap.gc.again);
                    self.heap.gc.gray.extend(again);
                    self.gc_shade_roots();
                    return self.stack.len() + 64;
                }
                self.gc_shade_roots();
                if self.gc_verify {
                    let saved = self.heap.gc_verify_begin();
                    self.gc_shade_roots();
                    self.heap.gc_verify_end(saved);
                }
                self.heap.gc_atomic() + self.stack.len() + 64
            }
            Phase::Sweep => {
                let w = self.heap.gc_sweep(budget);
                if self.heap.gc.phase() == Phase::Pause {
                    self.gc_end_cycle();
                }
                w.max(1)
            }
        }
    }

    /// An incremental step paid by the allocation debt (lua5.1's `luaC_step`).
    pub fn gc_step(&mut self) {
        let started = std::time::Instant::now();
        self.settle_protos();
        let mut lim = (GC_STEP_SIZE / 100).saturating_mul(self.gc_stepmul);
        if lim == 0 {
            lim = usize::MAX / 2;
        }
        self.gc_debt = self
            .gc_debt
            .saturating_add(self.heap.bytes.saturating_sub(self.gc_threshold));
        let mut work = 0usize;
        loop {
            let w = self.gc_single_step(lim - work.min(lim));
            work += w;
            // A step without a work limit (stepmul 0) still stops when the budget is spent:
            // the cycle goes on at the next steps, and the hook runs in between.
            if self.heap.gc.phase() == Phase::Pause || work >= lim || self.budget <= 0 {
                break;
            }
        }
        if self.heap.gc.phase() != Phase::Pause {
            if self.gc_debt < GC_STEP_SIZE {
                self.gc_threshold = self.heap.bytes + GC_STEP_SIZE;
            } else {
                self.gc_debt -= GC_STEP_SIZE;
                self.gc_threshold = self.heap.bytes;
            }
        } else {
            self.gc_debt = 0;
        }
        self.gc_steps += 1;
        self.gc_max_step_work = self.gc_max_step_work.max(work);
        let took = started.elapsed();
        self.gc_max_pause = self.gc_max_pause.max(took);
        self.gc_total_time += took;
    }

    /// `collectgarbage("step", kb)` (lua5.1's `LUA_GCSTEP`): steps as if `kb` KiB had been
    /// allocated; true when a cycle finished.
    pub fn gc_step_kb(&mut self, kb: i64) -> bool {
        let a = if kb < 0 {
            usize::MAX
        } else {
            (kb as usize).saturating_mul(1024)
        };
        self.gc_threshold = self.heap.bytes.saturating_sub(a);
        while self.gc_threshold <= self.heap.bytes {
            self.gc_step();
            if self.heap.gc.phase() == Phase::Pause {
                return true;
            }
        }
        false
    }

    /// `collectgarbage("stop")` / `("restart")`.
    pub fn gc_stop(&mut self) {
        self.gc_threshold = usize::MAX;
    }
    pub fn gc_restart(&mut self) {
        self.gc_threshold = self.heap.bytes;
    }

    /// The collector's phase (for tests and statistics).
    pub fn gc_phase(&self) -> Phase {
        self.heap.gc.phase()
    }

    /// Runs collector work if the allocation debt says so, and enforces the memory limit
    /// (called at instruction boundaries and after natives return: safe points).
    #[inline(never)]
    pub fn gc_check(&mut self) -> Result<(), Throw> {
        match self.gc_stress {
            GcStress::Off => {
                if self.heap.bytes >= self.gc_threshold {
                    self.gc_step();
                }
            }
            // Stress modes respect collectgarbage("stop").
            GcStress::Full if self.gc_threshold != usize::MAX => {
                self.collect_garbage();
            }
            GcStress::Step if self.gc_threshold != usize::MAX => {
                // A pseudo-random budget per safe point varies where the steps fall.
                self.gc_stress_seed ^= self.gc_stress_seed << 13;
                self.gc_stress_seed ^= self.gc_stress_seed >> 7;
                self.gc_stress_seed ^= self.gc_stress_seed << 17;
                let budget = (self.gc_stress_seed % GC_STRESS_STEP as u64) as usize + 1;
                let w = self.gc_single_step(budget);
                self.gc_max_step_work = self.gc_max_step_work.max(w);
            }
            _ => {}
        }
        if self.memory_limit != 0 && self.heap.bytes > self.memory_limit {
            self.collect_garbage();
            if self.heap.bytes > self.memory_limit {
                return Err(Throw::Memory);
            }
        }
        if self.budget <= 0 {
            self.run_hook()?;
        }
        Ok(())
    }

    /// Whether `extra` more bytes fit under the memory limit, without collecting (natives
    /// use `Vm::reserve`, exec/alloc.rs, which collects before refusing).
    pub fn check_alloc(&self, extra: usize) -> Result<(), Throw> {
        if self.memory_limit != 0 && self.heap.bytes.saturating_add(extra) > self.memory_limit {
            return Err(Throw::Memory);
        }
        Ok(())
    }

    /// Whether the next safe point has collector work to do.
    #[inline]
    pub(crate) fn gc_due(&self) -> bool {
        self.heap.bytes >= self.gc_threshold || self.gc_stress != GcStress::Off
    }

    /// Keeps `v` alive for the host under `name` (in the registry).
    pub fn pin(&mut self, name: &str, v: Value) {
        let r = self.registry;
        self.set_field(r, name, v);
    }

    /// The string bytes of a string value (None for other types).
    pub fn str_bytes(&self, v: Value) -> Option<&[u8]> {
        match v {
            Value::Str(r) => self.heap.str_bytes(r).ok(),
            _ => None,
        }
    }
}
