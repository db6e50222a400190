//! The executor: a state machine over a `Vec` of frames per coroutine. Lua→Lua calls, returns
//! and tail calls, metamethods, native continuations (pcall, sort, gsub, tostring) and
//! coroutine switches are all data-structure operations; nothing here recurses on the Rust
//! stack in proportion to Lua's call depth.

pub mod alloc;
pub mod arith;
pub mod budget;
pub mod call;
pub mod context;
pub mod debug;
pub mod describe;
pub mod dump;
pub mod error;
pub mod execute;
pub mod finalize;
pub mod hooks;
pub mod load;
pub mod meta;
pub mod mutator;
pub mod ops;
pub mod stack;
pub mod thread;

use crate::bytecode::Proto;
pub(crate) use crate::frame::trace_frames;
pub use crate::frame::{CallInfo, Cont, Frame, FrameKind, NativeFn, Ret, RetMode, Then};
use crate::heap::func::Upvals;
use crate::heap::gc::Phase;
use crate::value::{StrRef, TableRef, ThreadRef, Value};
pub use context::{EXT_SLOTS, GcCounters, LevelError};
pub use error::{LuaError, Throw};
pub use load::LoadError;
pub use mutator::{Function, Heap, NativeClosure, VmTypes};
use std::rc::Rc;

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
    pub(crate) heap: Heap,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    /// End of the values produced by the last multi-result operation.
    pub(crate) top: usize,
    pub(crate) globals: TableRef,
    pub(crate) registry: TableRef,
    pub(crate) names: Names,
    /// Metatables of non-table types (string, number, …), indexed by `type_index`.
    pub(crate) type_metas: [Option<TableRef>; 9],
    pub(crate) limits: Limits,
    /// Number of native boundaries (continuation and metamethod frames) in the current thread.
    pub(crate) c_depth: usize,
    /// The running coroutine (None: the main thread). Its resumers are a chain through the
    /// coroutines (`Coroutine::resumer`).
    pub(crate) current: Option<ThreadRef>,
    /// Native boundaries held by the resumers (their `c_depth`s plus one per resume), as
    /// lua5.1's nCcalls carries across `coroutine.resume` (`lua_setlevel`); saved per resume
    /// in the resumed coroutine (`Coroutine::outer_c`).
    pub(crate) outer_c: usize,
    /// Set when a coroutine switch replaced the frame stack (the dispatch loop reloads).
    pub(crate) switched: bool,
    /// The error being raised came from a native (for the `[C]: in function` traceback line).
    pub(crate) err_in_native: bool,
    /// Bytes of `stack` and `frames` capacity charged to `heap.bytes` (see `exec/stack.rs`).
    pub(crate) stack_charge: usize,
    /// Scratch buffer for values moving between coroutine stacks.
    pub(crate) xfer: Vec<Value>,
    /// Byte buffers natives borrow for a result or a temporary copy (`Vm::take_buf`), so a
    /// hot library function allocates nothing per call.
    pub(crate) bufs: Vec<Vec<u8>>,
    /// The prototypes of the Lua callers the dispatch loop entered callees from, innermost
    /// last (`exec/execute.rs`): a RETURN into one of them pops its prototype here instead of
    /// looking its closure up in the arena and cloning the `Rc` again. Only the frames a run
    /// of the loop entered itself are here; it is cut back when that run ends, so it never
    /// holds more entries than `frames` (bounded by `Limits::max_calls`).
    pub(crate) callers: Vec<std::rc::Rc<crate::bytecode::Proto>>,
    /// The prototype of the Lua frame the dispatch loop last left for another thread's
    /// (`exec/execute.rs`, `reenter`), by its closure: a coroutine switch back to that frame
    /// takes it here instead of looking the closure up and cloning the `Rc`. A closure's
    /// prototype never changes and a handle is never reused for another closure, so a
    /// matching handle is the same prototype; an entry for a frame that is gone is only
    /// memory until the next switch replaces it.
    pub(crate) parked: Option<(crate::value::FuncRef, std::rc::Rc<crate::bytecode::Proto>)>,
    /// Host data (the stdlib and embedders keep their state here).
    pub(crate) ext: rustc_hash::FxHashMap<&'static str, Box<dyn std::any::Any>>,
    /// Host data by index, for state read on every script run (no key to hash).
    pub(crate) ext_slots: [Option<Box<dyn std::any::Any>>; EXT_SLOTS],
    /// Instruction budget: decremented on backward jumps, loop iterations and calls, and by
    /// natives through `Vm::charge`; when it reaches zero it is reset to `i64::MAX` and the
    /// `hook` runs (see `exec/budget.rs`).
    pub(crate) budget: i64,
    /// The budget hook. It may set `budget` again (to be called again later), return
    /// `Ok(())` to continue, or raise an error: an ordinary `Throw` is catchable by `pcall`,
    /// `Throw::Uncatchable` ends the script whatever protects it (SCRIPT KILL).
    pub(crate) hook: Option<fn(&mut Vm) -> Result<(), Throw>>,
    /// The debugger's line hook, called at the line traps of debug compiles (`exec/debug.rs`).
    pub(crate) line_hook: Option<debug::LineHook>,
    /// The Lua hook of `debug.sethook` (`exec/hooks.rs`).
    pub(crate) lua_hook: Option<Box<hooks::LuaHook>>,
    /// The next compile emits line traps (`Vm::load_debug`).
    pub(crate) trap_compile: bool,
    /// Hard memory limit in bytes (0: none). Crossing it raises `not enough memory`.
    pub(crate) memory_limit: usize,
    /// `memory_limit` for `tick`'s one comparison: `usize::MAX` when there is none (set only
    /// by `set_memory_limit`).
    pub(crate) tick_memory_cap: usize,
    /// The key sealing binary chunks, when the host enabled them (`exec/dump.rs`).
    pub(crate) chunk_key: Option<[u8; 16]>,
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

pub use crate::heap::gc::{GC_STEP_SIZE, GcStress};

/// The roots the executor owns, for the collector (`heap::gc::Roots`): globals, registry,
/// basic-type metatables, event names, the running stack and frames (with their
/// continuations), the running coroutine (its resumers are traced through it).
struct ExecRoots<'a> {
    globals: TableRef,
    registry: TableRef,
    type_metas: &'a [Option<TableRef>; 9],
    names: &'a Names,
    stack: &'a [Value],
    current: Option<ThreadRef>,
    frames: &'a [Frame],
    /// The function of `debug.sethook`.
    hook: Option<Value>,
}

/// An `ExecRoots` borrowing the VM's fields (not `&self`: the heap is borrowed mutably
/// alongside).
macro_rules! exec_roots {
    ($vm:expr) => {
        ExecRoots {
            globals: $vm.globals,
            registry: $vm.registry,
            type_metas: &$vm.type_metas,
            names: &$vm.names,
            stack: &$vm.stack,
            current: $vm.current,
            frames: &$vm.frames,
            hook: $vm.lua_hook.as_ref().map(|h| h.func),
        }
    };
}

impl crate::heap::gc::Roots for ExecRoots<'_> {
    fn shade(&self, g: &mut crate::heap::gc::Gc) {
        g.push(Value::Table(self.globals));
        g.push(Value::Table(self.registry));
        if let Some(f) = self.hook {
            g.push(f);
        }
        for t in self.type_metas.iter().flatten() {
            g.push(Value::Table(*t));
        }
        for s in self.names.all() {
            g.push(Value::Str(s));
        }
        for &v in self.stack {
            g.push(v);
        }
        if let Some(t) = self.current {
            g.push(Value::Thread(t));
        }
        trace_frames(self.frames, &mut g.gray);
    }

    fn len(&self) -> usize {
        self.stack.len()
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
            outer_c: 0,
            switched: false,
            err_in_native: false,
            stack_charge: 0,
            xfer: Vec::new(),
            bufs: Vec::new(),
            callers: Vec::new(),
            parked: None,
            ext: Default::default(),
            ext_slots: Default::default(),
            budget: i64::MAX,
            hook: None,
            line_hook: None,
            lua_hook: None,
            trap_compile: false,
            memory_limit: 0,
            tick_memory_cap: usize::MAX,
            chunk_key: None,
        };
        vm.sync_stack_charge();
        vm
    }

    #[inline]
    pub(crate) fn new_lua_closure(
        &mut self,
        proto: Rc<Proto>,
        upvals: Upvals,
        env: TableRef,
    ) -> Value {
        Value::Func(self.heap.new_lua_function(proto, upvals, env))
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

    /// A call from the host (`call`, `start_run`): `f(args)` on an empty stack, driven until
    /// it ends or a line trap suspends it. The outer `Err`: Lua code is already running.
    pub(crate) fn host_call(
        &mut self,
        f: Value,
        args: &[Value],
    ) -> Result<Result<(), LuaError>, LuaError> {
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
        Ok(match self.call_value(ci, args.len(), false) {
            Ok(()) => self.drive(),
            Err(t) => self.unwind(t).and_then(|()| self.drive()),
        })
    }

    /// Calls `f` with `args` from the host (no Lua code may be running). Returns all results.
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        self.call_with(f, args, |rs| rs.to_vec())
    }

    /// `call` keeping only the first result (nil if none): a script run's reply, without
    /// the results vector `call` allocates on every run.
    pub fn call_first(&mut self, f: Value, args: &[Value]) -> Result<Value, LuaError> {
        self.call_with(f, args, |rs| rs.first().copied().unwrap_or(Value::Nil))
    }

    /// `call`, handing the results (still on the stack) to `take`.
    fn call_with<R>(
        &mut self,
        f: Value,
        args: &[Value],
        take: impl FnOnce(&[Value]) -> R,
    ) -> Result<R, LuaError> {
        let r = self.host_call(f, args)?;
        self.heap.limit = 0;
        if r.is_ok() && !self.frames.is_empty() {
            // A line trap stopped a plain call (only `start_run` may be suspended).
            let e = self.abort_run("the debugger stopped a script outside a debugging run");
            return Err(e);
        }
        match r {
            Ok(()) => {
                let out = take(&self.stack[0..self.top.min(self.stack.len())]);
                self.stack.clear();
                Ok(out)
            }
            Err(e) => {
                self.reset_run();
                Err(e)
            }
        }
    }

    /// Runs a full collection (lua5.1's `luaC_fullgc`): a cycle in progress is abandoned and a
    /// complete one runs. Only call at a safe point: every live value must be reachable from
    /// the stacks, frames, continuations, globals or registry.
    pub fn collect_garbage(&mut self) -> crate::heap::gc::GcStats {
        let st = self.heap.collect_full(&exec_roots!(self), &mut self.budget);
        self.shrink_stacks();
        st
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
        self.bufs.clear();
        shrink(&mut self.callers, 0);
        self.parked = None;
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
        self.heap.gc_reset_params();
    }

    /// What the VM holds in memory (for a host's statistics, e.g. Redis's `INFO`).
    pub fn memory_stats(&self) -> MemoryStats {
        let v = std::mem::size_of::<Value>();
        MemoryStats {
            accounted_bytes: self.heap.bytes,
            // The value and frame stacks are accounted (exec/stack.rs).
            reserved_bytes: self.heap.reserved_bytes()
                + self.xfer.capacity() * v
                + self.bufs.iter().map(Vec::capacity).sum::<usize>()
                + self.callers.capacity() * std::mem::size_of::<usize>(),
            live_objects: self.heap.counts().iter().sum(),
            arena_slots: self.heap.slot_count(),
            gc_cycles: self.heap.gc.pace.cycles,
            gc_work: self.heap.gc.work_total(),
        }
    }

    /// An incremental step paid by the allocation debt (lua5.1's `luaC_step`).
    pub fn gc_step(&mut self) {
        self.heap.collect_step(&exec_roots!(self), &mut self.budget);
    }

    /// `collectgarbage("step", kb)` (lua5.1's `LUA_GCSTEP`): steps as if `kb` KiB had been
    /// allocated; true when a cycle finished.
    pub fn gc_step_kb(&mut self, kb: i64) -> bool {
        self.heap
            .collect_step_kb(kb, &exec_roots!(self), &mut self.budget)
    }

    /// `collectgarbage("stop")` / `("restart")`.
    pub fn gc_stop(&mut self) {
        self.heap.gc_stop();
    }
    pub fn gc_restart(&mut self) {
        self.heap.gc_restart();
    }

    /// The collector's phase (for tests and statistics).
    pub fn gc_phase(&self) -> Phase {
        self.heap.gc.phase()
    }

    /// Runs collector work if the allocation debt says so, and enforces the memory limit
    /// (called at instruction boundaries and after natives return: safe points).
    #[inline(never)]
    pub(crate) fn gc_check(&mut self) -> Result<(), Throw> {
        if self
            .heap
            .collect_if_due(&exec_roots!(self), &mut self.budget)
        {
            self.shrink_stacks();
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
        self.heap.gc_due()
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
