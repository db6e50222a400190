//! The data a running program keeps: frames and continuations (a suspended coroutine holds
//! them in the heap's thread arena), the coroutine state itself, and the signature of a
//! native function (a heap object). The heap stores natives and coroutines without naming
//! these types (`heap::Mutator`; the executor's choice is `exec::mutator`).

use crate::exec::{Throw, Vm};
use crate::value::{FuncRef, TableRef, ThreadRef, Value};

/// A native function: receives its arguments at `vm.stack[base..base + nargs]` and either
/// pushes results on the stack and returns `Ret::Values(n)`, or asks the executor to call
/// something and resume a continuation (never calling Lua itself, so no Rust recursion).
pub type NativeFn = fn(&mut Vm, usize, usize) -> Result<Ret, Throw>;

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
    /// True for the continuation of a native's hook event (`exec/hooks.rs`): a hook runs
    /// above it, so no other event fires meanwhile.
    fn is_hook(&self) -> bool {
        false
    }
    /// Values this continuation holds (for the collector).
    fn roots(&self, _out: &mut Vec<Value>) {}
}

/// The continuation most natives need: it sees a call's results, and an error the call
/// raises unwinds past it (only protected continuations catch). Implementing `Then` makes a
/// type a `Cont`; pass it to `Vm::call_then`.
pub trait Then: 'static {
    /// The call returned `stack[base..base + n]` (the stack is truncated there).
    fn then(self: Box<Self>, vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw>;
    /// Values this continuation holds (for the collector).
    fn roots(&self, _out: &mut Vec<Value>) {}
}

impl<T: Then> Cont for T {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let (base, n) = r.map_err(Throw::Value)?;
        self.then(vm, base, n)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        Then::roots(self, out)
    }
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
    /// Tail calls that led to a plain call's frame (lua5.1's `ci->tailcalls`; a metamethod
    /// frame's are `Frame::tail_calls`).
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
    /// together with the next field, misaligned.) A metamethod's or hook's Lua frame
    /// delivers one value or none whatever this says, so there it counts the tail calls that
    /// led to the frame instead (`Frame::tail_calls`): the return mode has no room for them.
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

    /// Tail calls that led to this frame (lua5.1's `ci->tailcalls`): each is a `(tail call)`
    /// stack level below it. A plain call's are in its return mode (`RetMode::Tail`), a
    /// metamethod's or hook's Lua frame's in `ci.nresults` (see there).
    #[inline]
    pub fn tail_calls(&self) -> usize {
        match self.ci.ret {
            RetMode::Normal | RetMode::Tail { .. } => self.ci.ret.tail_calls(),
            _ if self.is_lua() => self.ci.nresults.max(0) as usize,
            _ => 0,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoStatus {
    Suspended,
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    Dead,
}

pub struct Coroutine {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub top: usize,
    pub c_depth: usize,
    pub status: CoStatus,
    /// The body, until the first resume.
    pub func: Option<Value>,
    /// The resumer's call (where resume's results go), while running.
    pub resume_ci: Option<CallInfo>,
    /// The thread that resumed it (None: the main thread), while running or normal; traced,
    /// as the running thread's resumers are live.
    pub(crate) resumer: Option<ThreadRef>,
    /// `Vm::outer_c` of its resumer, restored when it yields or ends.
    pub(crate) outer_c: usize,
    pub wrap: bool,
    /// The pending `yield` call (where the next resume's arguments go), while suspended.
    pub yield_ci: Option<CallInfo>,
    /// Bytes of `stack` and `frames` capacity charged to the heap (exec/stack.rs): swapped
    /// with the running thread's along with the vectors, credited when they are dropped.
    pub(crate) stack_charge: usize,
    /// The thread's globals table (lua5.1 keeps one per thread: `setfenv(0, t)` in a coroutine
    /// changes only that coroutine's), swapped with `Vm::globals` while it runs. `None` until
    /// `Vm::new_coroutine` gives it its creator's.
    pub globals: Option<TableRef>,
    /// The thread's `debug.sethook` hook, swapped with `Vm::lua_hook` while it runs.
    pub hook: Option<Box<crate::hookstate::LuaHook>>,
}

impl Coroutine {
    /// Marks it running, resumed from the call `ci` by `resumer` (whose `Vm::outer_c` was
    /// `outer_c`, restored when it yields or ends). Both resume paths (after a yield, first
    /// resume) set the same bookkeeping.
    #[inline(always)]
    pub(crate) fn enter_resumed(
        &mut self,
        ci: CallInfo,
        wrap: bool,
        resumer: Option<ThreadRef>,
        outer_c: usize,
    ) {
        self.status = CoStatus::Running;
        self.resume_ci = Some(ci);
        self.wrap = wrap;
        self.resumer = resumer;
        self.outer_c = outer_c;
    }

    pub fn new(func: Value) -> Coroutine {
        Coroutine {
            stack: Vec::new(),
            frames: Vec::new(),
            top: 0,
            c_depth: 0,
            status: CoStatus::Suspended,
            func: Some(func),
            resume_ci: None,
            resumer: None,
            outer_c: 0,
            wrap: false,
            yield_ci: None,
            stack_charge: 0,
            globals: None,
            hook: None,
        }
    }
}

impl crate::heap::Thread for Coroutine {
    fn trace(&self, out: &mut Vec<Value>) -> usize {
        out.extend_from_slice(&self.stack);
        out.extend(self.func);
        out.extend(self.resumer.map(Value::Thread));
        out.extend(self.globals.map(Value::Table));
        out.extend(self.hook.as_ref().map(|h| h.func));
        trace_frames(&self.frames, out);
        use crate::heap::gc::work;
        work::THREAD + work::THREAD_SLOT * self.stack.len() + work::THREAD_FRAME * self.frames.len()
    }
    fn stack_charge(&self) -> usize {
        self.stack_charge
    }
}
