//! Calls, returns, continuations and error unwinding — all as frame-stack operations.

use super::describe::describe_reg;
use super::stack::STACK_HEADROOM;
use super::{CallInfo, Cont, Frame, FrameKind, LuaError, Ret, RetMode, Throw, Vm};
use crate::bytecode::{OP_CALL, OP_TAILCALL, OP_TFORCALL, arg_a, arg_b, op};
use crate::exec::Function;
use crate::heap::func::LuaClosure;
use crate::value::{FuncRef, TableRef, Value};
use std::num::NonZeroUsize;

impl Vm {
    /// Calls `stack[ci.func_idx]` with the `nargs` values above it. A Lua callee gets a frame
    /// (the dispatch loop picks it up); a native runs now. `from_lua`: called by a CALL-like
    /// instruction of the top frame (so call errors can name the variable).
    pub(crate) fn call_value(
        &mut self,
        ci: CallInfo,
        mut nargs: usize,
        from_lua: bool,
    ) -> Result<(), Throw> {
        loop {
            let f = self.stack[ci.func_idx];
            if let Value::Func(fr) = f {
                match self.heap.function(fr)? {
                    Function::Lua(c) => {
                        let shape = FrameShape::of(c);
                        return self.push_lua_frame(ci, nargs, fr, shape);
                    }
                    Function::Native(n) => {
                        let nf = n.f;
                        if self.lua_hook.is_some() && self.native_hooks() {
                            return self.call_native_hooked(ci, nargs, nf);
                        }
                        let base = ci.func_idx + 1;
                        self.stack.truncate(base + nargs);
                        let ret = match nf(self, base, nargs) {
                            Ok(r) => r,
                            Err(e) => {
                                self.err_in_native = true;
                                return Err(e);
                            }
                        };
                        // A safe point only when every value is on the stack (a pending
                        // continuation is not rooted yet).
                        if matches!(ret, Ret::Values(_)) && self.gc_due() {
                            self.gc_check()?;
                        }
                        let ret = self.with_finalizers(ret);
                        return self.handle_ret(ret, ci);
                    }
                }
            }
            let h = self.metamethod(f, self.names.call);
            if h.is_nil() {
                let d = if from_lua {
                    self.describe_call_site(ci.func_idx)
                } else {
                    None
                };
                return Err(Throw::Msg(super::describe::type_error(d, f, "call")));
            }
            // lua5.1 follows one __call level: a non-function handler is a call error.
            if !matches!(h, Value::Func(_)) {
                let d = if from_lua {
                    self.describe_call_site(ci.func_idx)
                } else {
                    None
                };
                return Err(Throw::Msg(super::describe::type_error(d, f, "call")));
            }
            self.stack.truncate(ci.func_idx + 1 + nargs);
            self.stack.insert(ci.func_idx, h);
            nargs += 1;
        }
    }

    /// Describes register `abs` of the top Lua frame if its current instruction is a call.
    fn describe_call_site(&self, abs: usize) -> Option<(&'static str, String)> {
        let f = self.frames.last()?;
        let proto = self.frame_proto(f)?;
        let pc = f.pc.checked_sub(1)?;
        let i = proto.code[pc];
        if !matches!(op(i), OP_CALL | OP_TAILCALL) || f.base + arg_a(i) != abs {
            return None;
        }
        describe_reg(&self.heap, proto, pc, abs - f.base)
    }

    #[inline(always)]
    pub(crate) fn push_lua_frame(
        &mut self,
        ci: CallInfo,
        nargs: usize,
        func: FuncRef,
        shape: FrameShape,
    ) -> Result<(), Throw> {
        // Everything crosses as word-sized scalars: a call info or shape passed by reference
        // was read back with loads over the narrower stores that had just built it (a
        // store-forwarding stall), and a plain call does not pass its return mode at all.
        let (np, ms, va) = (
            shape.num_params as usize,
            shape.max_stack as usize,
            shape.is_vararg,
        );
        match ci.ret {
            RetMode::Normal => {
                self.push_plain_frame(ci.func_idx, ci.nresults, nargs, func, shape.env, np, ms, va)
            }
            ret => self.push_lua_frame_at(ci.func_idx, ret, nargs, func, shape),
        }
    }

    /// CALL's frame for a Lua closure, the common case: no varargs, both stacks with room
    /// and the registers already there. Returns the new frame's base, or None (nothing done)
    /// for anything else: the caller then takes `push_lua_call_slow`. A leaf (no call, no
    /// error to build) with the result in a register. The tests short-circuit (`||`): as
    /// one branchless `|` they held four flags in callee-saved registers. The shape is read
    /// from the prototype (written when it was compiled, so no load waits on a store just
    /// made). Out of line: inlined into the dispatch loop it made the loop's register
    /// pressure worse.
    #[inline(never)]
    pub(crate) fn push_lua_call(
        &mut self,
        func_idx: usize,
        nresults: isize,
        nargs: usize,
        func: FuncRef,
        env: TableRef,
        proto: &crate::bytecode::Proto,
    ) -> Option<NonZeroUsize> {
        let (np, ms) = (proto.num_params as usize, proto.max_stack as usize);
        let base = func_idx + 1;
        let need = base + ms;
        let n = self.frames.len();
        let slow = proto.is_vararg
            || n >= self.limits.max_calls
            || n == self.frames.capacity()
            || need + STACK_HEADROOM > self.stack.capacity()
            || self.stack.len() < need;
        if slow {
            return None;
        }
        if nargs < np {
            self.stack[base + nargs..base + np].fill(Value::Nil);
        }
        self.frames.resize_with(n + 1, || Frame {
            kind: FrameKind::Lua { env, func },
            ci: CallInfo {
                func_idx,
                nresults,
                ret: RetMode::Normal,
            },
            base,
            pc: 0,
        });
        NonZeroUsize::new(base)
    }

    /// CALL's frame for a Lua closure when `push_lua_call` declined: the frame limit, stack
    /// growth (checked against the memory limit), varargs. The stack is then at least
    /// `base + max_stack` long (the dispatch loop relies on it).
    #[cold]
    #[inline(never)]
    pub(crate) fn push_lua_call_slow(
        &mut self,
        func_idx: usize,
        nresults: isize,
        nargs: usize,
        func: FuncRef,
        env: TableRef,
        proto: &crate::bytecode::Proto,
    ) -> Result<usize, Throw> {
        if self.frames.len() >= self.limits.max_calls {
            return Err(Throw::msg("stack overflow"));
        }
        let ci = CallInfo {
            func_idx,
            nresults,
            ret: RetMode::Normal,
        };
        let (np, ms) = (proto.num_params as usize, proto.max_stack as usize);
        self.enter_lua(ci, nargs, func, env, np, ms, proto.is_vararg)
    }

    /// A plain call's frame (a tail call, a native calling back).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn push_plain_frame(
        &mut self,
        func_idx: usize,
        nresults: isize,
        nargs: usize,
        func: FuncRef,
        env: TableRef,
        num_params: usize,
        max_stack: usize,
        is_vararg: bool,
    ) -> Result<(), Throw> {
        if self.frames.len() >= self.limits.max_calls {
            return Err(Throw::msg("stack overflow"));
        }
        let ci = CallInfo {
            func_idx,
            nresults,
            ret: RetMode::Normal,
        };
        self.enter_lua(ci, nargs, func, env, num_params, max_stack, is_vararg)?;
        Ok(())
    }

    /// A metamethod's frame (its results go where `ret` says; `nresults` counts its tail
    /// calls, none yet).
    #[inline(never)]
    fn push_lua_frame_at(
        &mut self,
        func_idx: usize,
        ret: RetMode,
        nargs: usize,
        func: FuncRef,
        shape: FrameShape,
    ) -> Result<(), Throw> {
        let ci = CallInfo {
            func_idx,
            nresults: 0,
            ret,
        };
        if self.frames.len() >= self.limits.max_calls {
            return Err(Throw::msg("stack overflow"));
        }
        if self.c_levels() + 1 >= self.limits.max_ccalls {
            match self.c_check() {
                CLevel::Ok => {}
                CLevel::Overflow => return Err(Throw::msg("C stack overflow")),
                CLevel::ErrErr => return Err(Throw::ErrErr),
            }
        }
        self.c_depth += 1;
        let (np, ms) = (shape.num_params as usize, shape.max_stack as usize);
        self.enter_lua(ci, nargs, func, shape.env, np, ms, shape.is_vararg)?;
        Ok(())
    }

    /// Sets up a Lua frame for the closure at `ci.func_idx` with `nargs` arguments above it
    /// (the caller checked the frame limit); returns its base.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn enter_lua(
        &mut self,
        ci: CallInfo,
        nargs: usize,
        func: FuncRef,
        env: TableRef,
        np: usize,
        max_stack: usize,
        is_vararg: bool,
    ) -> Result<usize, Throw> {
        let base = self.lua_window(ci.func_idx, nargs, np, max_stack, is_vararg)?;
        // Built in place: a `push` of a finished Frame copies it through memory with wide
        // loads right after narrow stores (a store-forwarding stall on every call).
        let n = self.frames.len() + 1;
        self.frames.resize_with(n, || Frame {
            kind: FrameKind::Lua { env, func },
            ci,
            base,
            pc: 0,
        });
        Ok(base)
    }

    /// The registers of a Lua frame for the closure at `func_idx` with `nargs` arguments
    /// above it: the stack grown (checked against the memory limit, room for one more frame
    /// too), varargs left below the window, missing parameters nil. Returns the base.
    #[inline(always)]
    pub(crate) fn lua_window(
        &mut self,
        func_idx: usize,
        nargs: usize,
        np: usize,
        max_stack: usize,
        is_vararg: bool,
    ) -> Result<usize, Throw> {
        // The register window (above the varargs) and one more frame, checked against the
        // memory limit before the stacks grow.
        let window = if is_vararg { nargs } else { 0 };
        self.ensure_stack(func_idx + 1 + window + max_stack)?;
        let base;
        if is_vararg {
            base = func_idx + 1 + nargs;
            let need = base + max_stack;
            if self.stack.len() < need {
                self.stack.resize(need, Value::Nil);
            }
            for i in 0..np {
                self.stack[base + i] = if i < nargs {
                    self.stack[func_idx + 1 + i]
                } else {
                    Value::Nil
                };
            }
        } else {
            base = func_idx + 1;
            let need = base + max_stack;
            if self.stack.len() < need {
                self.stack.resize(need, Value::Nil);
            }
            for i in nargs..np {
                self.stack[base + i] = Value::Nil;
            }
        }
        Ok(base)
    }

    /// Calls a metamethod `f(args)` from the top Lua frame; its result goes where `ret` says.
    /// `at` is the first free slot above that frame's registers.
    pub(crate) fn call_meta(
        &mut self,
        at: usize,
        f: Value,
        args: &[Value],
        ret: RetMode,
    ) -> Result<(), Throw> {
        if self.stack.len() < at {
            self.stack.resize(at, Value::Nil);
        }
        self.stack.truncate(at);
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        self.call_value(
            CallInfo {
                func_idx: at,
                nresults: 1,
                ret,
            },
            args.len(),
            false,
        )
    }

    /// lua5.1's nCcalls: the host's levels, the resumers' and this thread's boundaries.
    #[inline]
    pub(crate) fn c_levels(&self) -> usize {
        self.limits.c_base + self.outer_c + self.c_depth
    }

    /// What lua5.1's `luaD_call` does with one more C level: below the limit, call; at
    /// exactly the limit, raise `C stack overflow`; above it (reachable only while that error
    /// is being handled: its message handler runs one level deeper) call on, up to an eighth
    /// more, then throw `LUA_ERRERR`. This bounds every chain of natives calling back
    /// (handlers, pcall, metamethods, comparators, callbacks) including an xpcall handler
    /// that fails again.
    pub(crate) fn c_check(&self) -> CLevel {
        let level = self.c_levels() + 1;
        let max = self.limits.max_ccalls;
        if level < max {
            CLevel::Ok
        } else if level == max {
            CLevel::Overflow
        } else if level < max + (max >> 3) {
            CLevel::Ok
        } else {
            CLevel::ErrErr
        }
    }

    /// Acts on what a native (or continuation) returned.
    pub(crate) fn handle_ret(&mut self, ret: Ret, ci: CallInfo) -> Result<(), Throw> {
        match ret {
            Ret::Values(n) => {
                let src = self.stack.len() - n;
                self.finish(ci, src, n)
            }
            Ret::Call { func, nargs, cont } => {
                let level = if self.c_levels() + 1 >= self.limits.max_ccalls {
                    self.c_check()
                } else {
                    CLevel::Ok
                };
                if !matches!(level, CLevel::Ok) {
                    // Raised while the native is the running function: luaG_runerror adds
                    // no position (lua5.1 and Redis: plain "C stack overflow"). lua_pcall
                    // raises it inside its own protection, so pcall catches it (and
                    // LUA_ERRERR too, as `error in error handling`).
                    if matches!(level, CLevel::ErrErr) {
                        if !cont.protected() {
                            return Err(Throw::ErrErr);
                        }
                        let v = self.str(ERRERR_MSG);
                        self.stack.truncate(func);
                        let r = cont.resume(self, Err(v))?;
                        return self.handle_ret(r, ci);
                    }
                    let v = self.str("C stack overflow");
                    if cont.protected() {
                        // The failed call keeps its level (the handler of an xpcall runs
                        // one level deeper, in the overflow zone): the frame is pushed and
                        // the error unwinds to it.
                        self.c_depth += 1;
                        self.frames.push(Frame {
                            kind: FrameKind::Cont(cont),
                            ci,
                            base: func,
                            pc: 0,
                        });
                    }
                    return Err(Throw::Value(v));
                }
                self.c_depth += 1;
                self.frames.push(Frame {
                    kind: FrameKind::Cont(cont),
                    ci,
                    base: func,
                    pc: 0,
                });
                self.call_value(
                    CallInfo {
                        func_idx: func,
                        nresults: -1,
                        ret: RetMode::Normal,
                    },
                    nargs,
                    false,
                )
            }
            Ret::Resume { co, nargs, wrap } => self.resume_coroutine(co, nargs, wrap, ci),
            Ret::Yield(n) => self.yield_coroutine(n, ci),
        }
    }

    /// Delivers `n` results at `stack[src..]` per `ci`, then keeps resuming continuations and
    /// finished coroutines that those results complete (a loop, not recursion).
    pub(crate) fn finish(
        &mut self,
        mut ci: CallInfo,
        mut src: usize,
        mut n: usize,
    ) -> Result<(), Throw> {
        loop {
            match self.deliver(ci, src, n)? {
                Some((cont, cci, base, cnt)) => {
                    self.c_depth -= 1;
                    match cont.resume(self, Ok((base, cnt)))? {
                        Ret::Values(k) => {
                            ci = cci;
                            src = self.stack.len() - k;
                            n = k;
                        }
                        other => return self.handle_ret(other, cci),
                    }
                }
                None => {
                    if self.frames.is_empty() && self.current.is_some() {
                        let (pci, psrc, pn) = self.coroutine_return()?;
                        if self.lua_hook.is_some() && self.native_hooks() {
                            // `resume`'s return event in the resumer (a hook call: no
                            // recursion into `finish`).
                            let ret = self.native_returned(Ret::Values(pn));
                            return self.handle_ret(ret, pci);
                        }
                        ci = pci;
                        src = psrc;
                        n = pn;
                        continue;
                    }
                    return Ok(());
                }
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn deliver(
        &mut self,
        ci: CallInfo,
        src: usize,
        n: usize,
    ) -> Result<Option<(Box<dyn Cont>, CallInfo, usize, usize)>, Throw> {
        let first = if n > 0 { self.stack[src] } else { Value::Nil };
        match ci.ret {
            RetMode::Normal | RetMode::Tail { .. } => {
                let dst = ci.func_idx;
                let want = if ci.nresults < 0 {
                    n
                } else {
                    ci.nresults as usize
                };
                let m = n.min(want);
                if src != dst {
                    self.stack.copy_within(src..src + m, dst);
                }
                if self.stack.len() < dst + want {
                    self.stack.resize(dst + want, Value::Nil);
                }
                for j in m..want {
                    self.stack[dst + j] = Value::Nil;
                }
                self.top = dst + want;
                if let Some(f) = self.frames.last() {
                    if !f.is_lua() {
                        let f = self.frames.pop().expect("frame");
                        let FrameKind::Cont(cont) = f.kind else {
                            unreachable!()
                        };
                        self.stack.truncate(dst + want);
                        return Ok(Some((cont, f.ci, dst, want)));
                    }
                }
            }
            RetMode::ToSlot(slot) => self.stack[slot] = first,
            RetMode::Discard => {}
            RetMode::Hook { top } => self.hook_returned(top),
            RetMode::Cond { negate, expect } => {
                if (first.truthy() ^ negate) != expect {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc += 1;
                    }
                }
            }
            RetMode::Concat { slot } => {
                self.stack[slot] = first;
                let f = self
                    .frames
                    .last()
                    .ok_or_else(|| Throw::msg("internal error: concat"))?;
                let proto = self
                    .frame_proto(f)
                    .ok_or_else(|| Throw::msg("internal error: concat"))?;
                let i = proto.code[f.pc - 1];
                let (a, b, base) = (arg_a(i), arg_b(i), f.base);
                if !self.concat_from(base + b, slot)? {
                    self.stack[base + a] = self.stack[base + b];
                }
            }
        }
        Ok(None)
    }

    /// Drives the dispatch loop until the frame stack empties, unwinding errors to the nearest
    /// protected continuation.
    pub(crate) fn drive(&mut self) -> Result<(), LuaError> {
        loop {
            if self.frames.is_empty() {
                return Ok(());
            }
            if let Err(t) = self.execute() {
                if let Throw::Suspend = t {
                    // A line trap stopped the run: the frames stay for `Vm::resume_run`.
                    return Ok(());
                }
                let t = if let Throw::Hook = t {
                    match self.push_hook_frame() {
                        Ok(()) => continue,
                        Err(t) => t,
                    }
                } else {
                    t
                };
                let r = self.unwind(t);
                if self.lua_hook.is_some() {
                    match r {
                        Ok(()) => self.hook_unwound(),
                        Err(_) => self.hook_reset(),
                    }
                }
                r?;
            }
        }
    }

    /// Turns a thrown error into its Lua value, positioning messages at the top Lua frame.
    pub fn throw_to_value(&mut self, t: Throw) -> Value {
        match t {
            Throw::Value(v) => v,
            // Chunk names keep source bytes as U+0000-U+00FF chars (lexer::latin1).
            Throw::Msg(m) => {
                let s = format!("{}{}", self.where_(1), m);
                self.bytes_value(&crate::compiler::unlatin1(&s))
            }
            Throw::Arg(n, m) => {
                let s = self.arg_error_text(n, &m);
                let s = format!("{}{}", self.where_(1), s);
                self.bytes_value(&crate::compiler::unlatin1(&s))
            }
            Throw::Memory => self.str("not enough memory"),
            Throw::ErrErr => self.str(ERRERR_MSG),
            Throw::ReadOnly => self.str(crate::heap::READONLY_MSG),
            // Only `unwind` decides what an uncatchable error does; anywhere else it is text.
            Throw::Uncatchable(m) => self.str(&m),
            Throw::Suspend => self.str("internal error: suspended"),
            Throw::Hook => self.str("internal error: hook"),
        }
    }

    /// The chunk name and current line of the innermost Lua frame (what Redis's error handler
    /// records with `lua_getstack`/`lua_getinfo("nSl")`), or `(None, None)` when no Lua
    /// function is running.
    pub fn error_location(&self) -> (Option<String>, Option<u32>) {
        for f in self.frames.iter().rev() {
            if let Some(proto) = self.frame_proto(f) {
                let line = proto
                    .lines
                    .get(f.pc.saturating_sub(1))
                    .copied()
                    .unwrap_or(0);
                return (Some(proto.source.to_string()), Some(line));
            }
        }
        (None, None)
    }

    /// An uncatchable error (`Throw::Uncatchable`) ends the whole execution: no protected
    /// continuation runs, every coroutine taking part in it (the running one and its resumers)
    /// is left dead, and the frame and value stacks are emptied so the next `Vm::call` starts
    /// from a clean state.
    fn kill(&mut self, message: String) -> LuaError {
        let (source, line) = self.error_location();
        let traceback = self.traceback();
        self.outer_c = 0;
        // The running coroutine, then its resumers (a chain through the coroutines).
        let mut next = self.current.take();
        while let Some(co) = next {
            next = None;
            if let Ok(c) = self.heap.thread_mut(co) {
                next = c.resumer.take();
                c.status = super::thread::CoStatus::Dead;
                c.stack = Vec::new();
                c.frames = Vec::new();
                let freed = std::mem::take(&mut c.stack_charge);
                c.top = 0;
                c.c_depth = 0;
                c.func = None;
                c.resume_ci = None;
                c.yield_ci = None;
                self.heap.bytes = self.heap.bytes.saturating_sub(freed);
            }
        }
        self.frames.clear();
        self.stack.clear();
        self.top = 0;
        self.c_depth = 0;
        self.switched = false;
        self.err_in_native = false;
        let value = self.str(&message);
        LuaError {
            value,
            message,
            traceback,
            uncatchable: true,
            source,
            line,
        }
    }

    /// The value of an error raised while unwinding (by a handler, a continuation, a
    /// coroutine switch); an uncatchable one ends the unwinding (`Err`).
    fn rethrown(&mut self, t: Throw) -> Result<Value, LuaError> {
        match t {
            Throw::Uncatchable(m) => Err(self.kill(m)),
            t => Ok(self.throw_to_value(t)),
        }
    }

    /// `bad argument #n to 'name' (msg)`, the name from the calling instruction.
    fn arg_error_text(&self, n: usize, msg: &str) -> String {
        let site = self.frames.last().and_then(|f| match self.frame_proto(f) {
            Some(proto) => {
                let pc = f.pc.checked_sub(1)?;
                let i = proto.code[pc];
                if matches!(op(i), OP_CALL | OP_TAILCALL | OP_TFORCALL) {
                    describe_reg(&self.heap, proto, pc, arg_a(i))
                } else {
                    None
                }
            }
            None => None,
        });
        match site {
            Some(("method", name)) => {
                if n == 1 {
                    format!("calling '{}' on bad self ({})", name, msg)
                } else {
                    format!("bad argument #{} to '{}' ({})", n - 1, name, msg)
                }
            }
            Some((_, name)) => format!("bad argument #{} to '{}' ({})", n, name, msg),
            None => format!("bad argument #{} to '?' ({})", n, msg),
        }
    }

    /// `chunk:line: ` of the function at `level` (1 = the function running the current native
    /// or instruction), or "" when that level is not a Lua function.
    pub fn where_(&self, level: usize) -> String {
        // lua_getstack: each frame is a level, followed by one `(tail call)` level (no
        // position) per tail call that led to it.
        let mut l = level;
        let mut found = None;
        for f in self.frames.iter().rev() {
            if l == 0 {
                break;
            }
            if l == 1 {
                found = Some(f);
                break;
            }
            l -= 1;
            let t = f.tail_calls();
            if l <= t {
                break;
            }
            l -= t;
        }
        let Some(f) = found else {
            return String::new();
        };
        match self.frame_proto(f) {
            Some(proto) => {
                let line = proto
                    .lines
                    .get(f.pc.saturating_sub(1))
                    .copied()
                    .unwrap_or(0);
                format!(
                    "{}:{}: ",
                    crate::compiler::runtime_chunk_id(&proto.source),
                    line
                )
            }
            None => String::new(),
        }
    }

    /// A lua5.1-style `stack traceback:` of the current frames.
    pub fn traceback(&self) -> String {
        let mut s = String::from("stack traceback:");
        for (idx, f) in self.frames.iter().enumerate().rev() {
            match self.frame_proto(f) {
                Some(proto) => {
                    let chunk = crate::compiler::runtime_chunk_id(&proto.source);
                    let line = proto
                        .lines
                        .get(f.pc.saturating_sub(1))
                        .copied()
                        .unwrap_or(0);
                    if proto.line_defined == 0 {
                        s.push_str(&format!("\n\t{}:{}: in main chunk", chunk, line));
                    } else if let Some(name) = self.called_as(idx).filter(|_| f.tail_calls() == 0) {
                        s.push_str(&format!("\n\t{}:{}: in function '{}'", chunk, line, name));
                    } else {
                        s.push_str(&format!(
                            "\n\t{}:{}: in function <{}:{}>",
                            chunk, line, chunk, proto.line_defined
                        ));
                    }
                }
                // A native boundary (pcall, load, sort, …): named by its caller's CALL.
                None => match self.called_as(idx) {
                    Some(name) => s.push_str(&format!("\n\t[C]: in function '{}'", name)),
                    None => s.push_str("\n\t[C]: ?"),
                },
            }
            for _ in 0..f.tail_calls() {
                s.push_str("\n\t(tail call): ?");
            }
        }
        s.push_str("\n\t[C]: ?");
        s
    }

    /// The name frame `idx` was called by, from its caller's call instruction (as lua5.1's
    /// getfuncname: global, local, method, field or upvalue names).
    pub(crate) fn called_as(&self, idx: usize) -> Option<String> {
        let caller = self.frames.get(idx.checked_sub(1)?)?;
        let proto = self.frame_proto(caller)?;
        let pc = caller.pc.checked_sub(1)?;
        let i = *proto.code.get(pc)?;
        if !matches!(op(i), OP_CALL | OP_TAILCALL)
            || caller.base + arg_a(i) != self.frames[idx].ci.func_idx
        {
            return None;
        }
        describe_reg(&self.heap, proto, pc, arg_a(i)).map(|(_, n)| n)
    }

    /// The name of the native the Lua frame `f` is calling (its current CALL instruction).
    fn called_as_native(&self, f: &Frame) -> Option<String> {
        let proto = self.frame_proto(f)?;
        let pc = f.pc.checked_sub(1)?;
        let i = *proto.code.get(pc)?;
        if !matches!(op(i), OP_CALL | OP_TAILCALL) {
            return None;
        }
        describe_reg(&self.heap, proto, pc, arg_a(i)).map(|(_, n)| n)
    }

    /// The text of an error value, as `lua.c` prints it.
    pub fn error_text(&self, v: Value) -> String {
        match v {
            Value::Str(r) => {
                String::from_utf8_lossy(self.heap.str_bytes(r).unwrap_or(b"?")).into_owned()
            }
            Value::Num(n) => crate::number::fmt_number(n),
            // lua.c: anything lua_tostring cannot convert.
            _ => "(error object is not a string)".into(),
        }
    }

    fn recount_c_depth(&mut self) {
        self.c_depth = self
            .frames
            .iter()
            .map(|f| match &f.kind {
                FrameKind::Cont(c) => 1 + c.extra_levels(),
                FrameKind::Lua { .. } => usize::from(!f.ci.ret.is_plain()),
            })
            .sum();
    }

    /// Unwinds an error to the nearest protected continuation (running an xpcall handler
    /// first), across coroutine boundaries; returns the error when nothing catches it.
    pub(crate) fn unwind(&mut self, t: Throw) -> Result<(), LuaError> {
        let native = std::mem::take(&mut self.err_in_native);
        // The native that raised it stays the top level of a coroutine it kills.
        let mut native_top = native;
        let mut errerr = matches!(t, Throw::ErrErr);
        let mut value = self.rethrown(t)?;
        loop {
            let pos = self
                .frames
                .iter()
                .rposition(|f| matches!(&f.kind, FrameKind::Cont(c) if c.protected()));
            if let Some(i) = pos {
                let handler = match &self.frames[i].kind {
                    FrameKind::Cont(c) => c.handler(),
                    FrameKind::Lua { .. } => None,
                };
                let mut in_handler = std::mem::take(&mut errerr)
                    || self.frames[i + 1..]
                        .iter()
                        .any(|f| matches!(&f.kind, FrameKind::Cont(c) if c.handler_marker()));
                // lua5.1's luaG_errormsg calls the handler through luaD_call: at exactly the
                // C limit that call raises `C stack overflow`, whose handling calls the handler
                // with it one level deeper; past the overflow zone, LUA_ERRERR.
                let mut extra = 0;
                if handler.is_some() && !in_handler && self.c_levels() + 1 >= self.limits.max_ccalls
                {
                    match self.c_check() {
                        CLevel::Ok => {}
                        CLevel::Overflow => {
                            value = if native {
                                self.str("C stack overflow")
                            } else {
                                self.throw_to_value(Throw::msg("C stack overflow"))
                            };
                            extra = 1;
                        }
                        CLevel::ErrErr => in_handler = true,
                    }
                }
                if in_handler {
                    value = self.str(ERRERR_MSG);
                }
                if let (Some(h), false) = (handler, in_handler) {
                    let ci = self.frames[i].ci;
                    let at = self.stack.len();
                    self.stack.push(h);
                    self.stack.push(value);
                    self.c_depth += extra;
                    let ret = Ret::Call {
                        func: at,
                        nargs: 1,
                        cont: Box::new(HandlerCont {
                            target: i,
                            extra,
                            native,
                        }),
                    };
                    match self.handle_ret(ret, ci) {
                        Ok(()) => return Ok(()),
                        Err(t) => {
                            errerr = matches!(t, Throw::ErrErr);
                            value = self.rethrown(t)?;
                            continue;
                        }
                    }
                }
                self.frames.truncate(i + 1);
                let f = self.frames.pop().expect("frame");
                self.recount_c_depth();
                let FrameKind::Cont(cont) = f.kind else {
                    unreachable!()
                };
                self.stack.truncate(f.base);
                match cont
                    .resume(self, Err(value))
                    .and_then(|ret| self.handle_ret(ret, f.ci))
                {
                    Ok(()) => return Ok(()),
                    Err(t) => {
                        errerr = matches!(t, Throw::ErrErr);
                        value = self.rethrown(t)?;
                        continue;
                    }
                }
            }
            if self.current.is_some() {
                match self.coroutine_fail(value, std::mem::take(&mut native_top)) {
                    Ok(super::thread::CoFail::Deliver(ci, src, n)) => {
                        match self.finish_native(ci, src, n) {
                            Ok(()) => return Ok(()),
                            Err(t) => value = self.rethrown(t)?,
                        }
                    }
                    Ok(super::thread::CoFail::Rethrow(v)) => value = v,
                    Err(t) => value = self.rethrown(t)?,
                }
                continue;
            }
            let mut traceback = self.traceback();
            if native {
                // lua.c shows the C function that raised the error first.
                let name = self
                    .frames
                    .last()
                    .and_then(|f| self.called_as_native(f))
                    .unwrap_or_else(|| "?".into());
                traceback = traceback.replacen(
                    "stack traceback:",
                    &format!("stack traceback:\n\t[C]: in function '{}'", name),
                    1,
                );
            }
            let message = self.error_text(value);
            let (source, line) = self.error_location();
            self.frames.clear();
            self.c_depth = 0;
            return Err(LuaError {
                value,
                message,
                traceback,
                uncatchable: false,
                source,
                line,
            });
        }
    }
}

/// Runs after an xpcall message handler: drops the failed frames and completes the xpcall
/// with `false, handler_result`.
struct HandlerCont {
    target: usize,
    /// C levels above its own one: 1 when it runs for a `C stack overflow` (lua5.1 keeps
    /// the level of the failed call, so the handler runs in the overflow zone).
    extra: usize,
    /// The error was raised by a native (`error`, `assert`, …): its C level is below the
    /// handler in lua5.1's stack, so `debug.traceback` shows it here.
    native: bool,
}

impl Cont for HandlerCont {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let v = match r {
            Ok((base, n)) => {
                if n > 0 {
                    vm.stack[base]
                } else {
                    Value::Nil
                }
            }
            Err(v) => v,
        };
        vm.frames.truncate(self.target + 1);
        let f = vm.frames.pop().expect("xpcall frame");
        vm.recount_c_depth();
        let FrameKind::Cont(cont) = f.kind else {
            return Err(Throw::msg("internal error: xpcall"));
        };
        vm.stack.truncate(f.base);
        cont.resume(vm, Err(v))
    }

    fn handler_marker(&self) -> bool {
        true
    }

    fn raised_by_native(&self) -> bool {
        self.native
    }

    fn extra_levels(&self) -> usize {
        self.extra
    }
}

/// lua5.1's message for `LUA_ERRERR`.
pub(crate) const ERRERR_MSG: &str = "error in error handling";

/// The outcome of one more C level (`Vm::c_check`).
pub(crate) enum CLevel {
    Ok,
    Overflow,
    ErrErr,
}

/// What entering a Lua closure needs from it, copied out so the heap is free while the
/// frame is set up (growing the stacks may collect).
#[derive(Clone, Copy)]
pub(crate) struct FrameShape {
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack: u8,
    pub env: TableRef,
}

impl FrameShape {
    #[inline(always)]
    pub(crate) fn of(c: &LuaClosure) -> FrameShape {
        FrameShape {
            num_params: c.proto.num_params,
            is_vararg: c.proto.is_vararg,
            max_stack: c.proto.max_stack,
            env: c.env,
        }
    }
}
