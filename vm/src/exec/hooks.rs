//! Lua debug hooks (`debug.sethook`, CLI only), as lua5.1's `luaG_traceexec` and
//! `luaD_callhook`: line and count events traced before each instruction by the hooked copy
//! of the dispatch loop (`run_frame::<true>`, chosen by `execute` while the running thread's
//! hook is active), call events at function entries, return and tail return events at
//! RETURN, and call and return events of natives (`call_native_hooked`).
//!
//! A hook never runs on the Rust stack. An event of a Lua frame records itself and raises
//! `Throw::Hook`; the driver pushes the hook function as a frame above the interrupted one
//! (`RetMode::Hook`, results dropped, `top` restored) and the interrupted instruction runs
//! again when it returns, `LuaHook::resume` telling the loop which of its events already
//! ran. A native's events call the hook through a continuation (`NativeHook`), which then
//! runs the native or delivers its results. As lua5.1's `allowhook`, no event fires on a
//! thread while a hook frame is on its frame stack.

use super::{CallInfo, Cont, Ret, RetMode, Throw, Vm};
use crate::bytecode::Proto;
use crate::frame::FrameKind;
pub use crate::hookstate::LuaHook;
use crate::hookstate::{MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET, Resume, Stage};
use crate::value::{ThreadRef, Value};

impl Vm {
    /// The hook of thread `th` (`None`: the running thread), for `debug.gethook`.
    pub fn lua_hook(&self, th: Option<ThreadRef>) -> Option<&LuaHook> {
        match th {
            None => self.lua_hook.as_deref(),
            Some(t) => self.heap.thread(t).ok()?.hook.as_deref(),
        }
    }

    /// Sets (`None`: clears) the hook of thread `th` (`None`: the running thread). A hook
    /// frame running on that thread keeps running and keeps later events off until it
    /// returns (lua5.1's `lua_sethook` leaves `allowhook` alone).
    pub fn set_lua_hook(&mut self, th: Option<ThreadRef>, h: Option<LuaHook>) {
        let slot = match th {
            None => {
                // The dispatch loop re-enters, picking its hooked or plain copy again.
                self.switched = true;
                &mut self.lua_hook
            }
            Some(t) => match self.heap.thread_mut(t) {
                Ok(c) => &mut c.hook,
                Err(_) => return,
            },
        };
        let mut new = h.unwrap_or_else(|| LuaHook::new(Value::Nil, b"", 0));
        if let Some(old) = slot.as_deref() {
            new.running = old.running;
            new.again = old.again;
            new.resume = old.resume;
        }
        // Cleared: the thread runs the plain loop again (once a running hook returns).
        *slot = (!new.is_empty() || new.running).then(|| Box::new(new));
    }

    /// Records event `ev` of the top Lua frame's instruction `pc` and raises it; `stage`: what
    /// is done when that instruction is re-entered. `again`: the frame stands after the
    /// instruction while the hook runs (its current line) and steps back when it returns.
    fn raise_hook(
        &mut self,
        pc: usize,
        stage: Stage,
        ev: &'static str,
        line: Option<u32>,
        again: bool,
    ) -> Result<(), Throw> {
        let depth = self.frames.len();
        if let Some(h) = self.lua_hook.as_deref_mut() {
            h.resume = Some(Resume { depth, pc, stage });
            h.pending = Some((ev, line));
            h.again = again;
        }
        if again && let Some(f) = self.frames.last_mut() {
            f.pc = pc + 1;
        }
        Err(Throw::Hook)
    }

    /// The hooked loop enters the top frame at `pc`: at a function's entry, its call event.
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_enter(&mut self, pc: usize) -> Result<(), Throw> {
        let depth = self.frames.len();
        let Some(h) = self.lua_hook.as_deref() else {
            return Ok(());
        };
        if pc != 0 || !h.active() || h.mask & MASK_CALL == 0 {
            return Ok(());
        }
        // Re-entered after the call event (or a later one of the first instruction).
        if h.resume.is_some_and(|r| r.depth == depth && r.pc == 0) {
            return Ok(());
        }
        self.raise_hook(0, Stage::Called, "call", None, false)
    }

    /// lua5.1's `traceexec` before instruction `pc` of the top frame (`last`: the one run
    /// before it in this frame, updated): a count event every `count` instructions, a line
    /// event at a function's entry, a new line, or a jump back.
    #[inline(never)]
    pub(crate) fn hook_trace(
        &mut self,
        proto: &Proto,
        pc: usize,
        last: &mut usize,
    ) -> Result<(), Throw> {
        let depth = self.frames.len();
        let old = std::mem::replace(last, pc);
        let Some(h) = self.lua_hook.as_deref_mut() else {
            return Ok(());
        };
        if !h.active() {
            return Ok(());
        }
        let mut line_only = None;
        if let Some(r) = h.resume
            && r.depth == depth
            && r.pc == pc
        {
            match r.stage {
                Stage::Called => h.resume = None,
                Stage::Line(l) => {
                    h.resume = None;
                    line_only = Some(l);
                }
                Stage::Traced => {
                    h.resume = None;
                    return Ok(());
                }
                Stage::Returned => return Ok(()),
            }
        }
        if let Some(l) = line_only {
            return self.raise_hook(pc, Stage::Traced, "line", Some(l), true);
        }
        if h.mask & (MASK_LINE | MASK_COUNT) == 0 {
            return Ok(());
        }
        let entry = proto.entry as usize;
        if pc < entry {
            // The prologue lua5.1 runs before the function starts (`Proto::entry`).
            return Ok(());
        }
        let line = if h.mask & MASK_LINE != 0 {
            let at = |p: usize| proto.lines.get(p).copied().unwrap_or(0);
            let new = at(pc);
            (pc == entry || pc <= old || new != at(old)).then_some(new)
        } else {
            None
        };
        if h.mask & MASK_COUNT != 0 {
            h.left -= 1;
            if h.left <= 0 {
                h.left = h.count;
                let next = line.map_or(Stage::Traced, Stage::Line);
                return self.raise_hook(pc, next, "count", None, true);
            }
        }
        match line {
            Some(l) => self.raise_hook(pc, Stage::Traced, "line", Some(l), true),
            None => Ok(()),
        }
    }

    /// RETURN at `pc` in the hooked loop, before the frame is popped: its return event, then
    /// one tail return event per tail call that led to the frame (lua5.1's `callrethooks`).
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_return(&mut self, pc: usize) -> Result<(), Throw> {
        let depth = self.frames.len();
        let Some(h) = self.lua_hook.as_deref_mut() else {
            return Ok(());
        };
        if !h.active() || h.mask & MASK_RET == 0 {
            return Ok(());
        }
        let again = h
            .resume
            .is_some_and(|r| r.depth == depth && r.pc == pc && r.stage == Stage::Returned);
        if !again {
            return self.raise_hook(pc, Stage::Returned, "return", None, true);
        }
        h.resume = None;
        if let Some(f) = self.frames.last_mut()
            && let RetMode::Tail { calls } = &mut f.ci.ret
            && *calls > 0
        {
            *calls -= 1;
            return self.raise_hook(pc, Stage::Returned, "tail return", None, true);
        }
        Ok(())
    }

    /// The driver caught `Throw::Hook`: pushes the hook function above the top Lua frame.
    pub(crate) fn push_hook_frame(&mut self) -> Result<(), Throw> {
        let Some(h) = self.lua_hook.as_mut() else {
            return Ok(());
        };
        let Some((event, line)) = h.pending.take() else {
            return Ok(());
        };
        let func = h.func;
        h.running = true;
        let Some(f) = self.frames.last() else {
            return Ok(());
        };
        let frame_top = f.base + self.frame_proto(f).map_or(0, |p| p.max_stack as usize);
        let top = self.top;
        let at = frame_top.max(top).max(f.base);
        let ev = self.str(event);
        let line = line.map_or(Value::Nil, |l| Value::Num(l as f64));
        if self.stack.len() < at {
            self.stack.resize(at, Value::Nil);
        }
        self.stack.truncate(at);
        self.stack.push(func);
        self.stack.push(ev);
        self.stack.push(line);
        self.call_value(
            CallInfo {
                func_idx: at,
                nresults: 0,
                ret: RetMode::Hook { top },
            },
            2,
            false,
        )
    }

    /// A hook frame returned: the caller's `top` comes back, and the instruction it
    /// interrupted runs again.
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_returned(&mut self, top: usize) {
        self.top = top;
        if let Some(h) = self.lua_hook.as_mut()
            && std::mem::take(&mut h.again)
            && let Some(f) = self.frames.last_mut()
        {
            f.pc -= 1;
        }
        self.hook_ended();
    }

    /// A hook returned (or an error unwound past it): hooks are allowed again when no hook
    /// frame is left on this thread.
    pub(crate) fn hook_ended(&mut self) {
        let running = self.frames.iter().any(|f| match &f.kind {
            FrameKind::Cont(c) => c.is_hook(),
            FrameKind::Lua { .. } => matches!(f.ci.ret, RetMode::Hook { .. }),
        });
        if let Some(h) = self.lua_hook.as_mut() {
            h.running = running;
            if !running && h.is_empty() {
                self.lua_hook = None;
            }
        }
    }

    /// An error was caught: the interrupted instruction of a hook that the error unwound
    /// is gone with its frame.
    pub(crate) fn hook_unwound(&mut self) {
        self.hook_ended();
        if let Some(h) = self.lua_hook.as_mut()
            && !h.running
        {
            h.again = false;
            h.pending = None;
            h.resume = None;
        }
    }

    /// An error left the VM: no hook frame is running any more.
    pub(crate) fn hook_reset(&mut self) {
        if let Some(h) = self.lua_hook.as_mut() {
            h.running = false;
            h.again = false;
            h.pending = None;
            h.resume = None;
        }
    }

    /// Whether a native called now gets call or return events.
    #[inline]
    pub(crate) fn native_hooks(&self) -> bool {
        self.lua_hook
            .as_deref()
            .is_some_and(|h| h.active() && h.mask & (MASK_CALL | MASK_RET) != 0)
    }

    /// Calls native `f` (at `ci.func_idx`, `nargs` arguments above it) with its call and
    /// return events: the call event's hook runs first, through a continuation that then
    /// runs the native.
    #[cold]
    #[inline(never)]
    pub(crate) fn call_native_hooked(
        &mut self,
        ci: CallInfo,
        nargs: usize,
        f: crate::frame::NativeFn,
    ) -> Result<(), Throw> {
        let base = ci.func_idx + 1;
        self.stack.truncate(base + nargs);
        let calls = self
            .lua_hook
            .as_deref()
            .is_some_and(|h| h.mask & MASK_CALL != 0);
        let ret = if calls {
            let at = self.stack.len();
            let cont = NativeHook {
                native: Some(f),
                base,
                nargs,
                at,
                n: 0,
            };
            self.hook_call(at, "call", cont)
        } else {
            match f(self, base, nargs) {
                Ok(r) => self.native_returned(r),
                Err(e) => {
                    self.err_in_native = true;
                    return Err(e);
                }
            }
        };
        self.handle_ret(ret, ci)
    }

    /// A native returned `ret`: with a return mask, its return event comes first (for a
    /// native calling something, when its continuation returns).
    pub fn native_returned(&mut self, ret: Ret) -> Ret {
        let rets = self
            .lua_hook
            .as_deref()
            .is_some_and(|h| h.active() && h.mask & MASK_RET != 0);
        if !rets {
            return ret;
        }
        match ret {
            Ret::Values(n) => {
                let at = self.stack.len();
                let cont = NativeHook {
                    native: None,
                    base: at,
                    nargs: 0,
                    at,
                    n,
                };
                self.hook_call(at, "return", cont)
            }
            Ret::Call { func, nargs, cont } => Ret::Call {
                func,
                nargs,
                cont: Box::new(ReturnHooked(cont)),
            },
            // A coroutine switch: its events are not reported.
            other => other,
        }
    }

    /// Pushes the hook function and its arguments at `at` (the stack top) and asks for it to
    /// be called, `cont` going on afterwards.
    fn hook_call(&mut self, at: usize, ev: &'static str, cont: NativeHook) -> Ret {
        let func = self.lua_hook.as_deref().map_or(Value::Nil, |h| h.func);
        if let Some(h) = self.lua_hook.as_deref_mut() {
            h.running = true;
        }
        let ev = self.str(ev);
        self.stack.truncate(at);
        self.stack.push(func);
        self.stack.push(ev);
        self.stack.push(Value::Nil);
        Ret::Call {
            func: at,
            nargs: 2,
            cont: Box::new(cont),
        }
    }
}

/// After a hook run for a native's event: the call event's continuation runs the native
/// (`native`), the return event's delivers the `n` results below `at`.
struct NativeHook {
    native: Option<crate::frame::NativeFn>,
    base: usize,
    nargs: usize,
    /// Where the hook function was (its results are dropped there).
    at: usize,
    n: usize,
}

impl Cont for NativeHook {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        r.map_err(Throw::Value)?;
        vm.stack.truncate(self.at);
        vm.hook_ended();
        let Some(f) = self.native else {
            return Ok(Ret::Values(self.n));
        };
        match f(vm, self.base, self.nargs) {
            Ok(r) => Ok(vm.native_returned(r)),
            Err(e) => {
                vm.err_in_native = true;
                Err(e)
            }
        }
    }

    fn is_hook(&self) -> bool {
        true
    }
}

/// A native's continuation whose final values get the native's return event.
struct ReturnHooked(Box<dyn Cont>);

impl Cont for ReturnHooked {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let ret = self.0.resume(vm, r)?;
        Ok(vm.native_returned(ret))
    }
    fn protected(&self) -> bool {
        self.0.protected()
    }
    fn handler(&self) -> Option<Value> {
        self.0.handler()
    }
    fn handler_marker(&self) -> bool {
        self.0.handler_marker()
    }
    fn raised_by_native(&self) -> bool {
        self.0.raised_by_native()
    }
    fn is_finalizer(&self) -> bool {
        self.0.is_finalizer()
    }
    fn extra_levels(&self) -> usize {
        self.0.extra_levels()
    }
    fn is_hook(&self) -> bool {
        self.0.is_hook()
    }
    fn roots(&self, out: &mut Vec<Value>) {
        self.0.roots(out)
    }
}
