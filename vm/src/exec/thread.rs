//! Coroutines: each has its own value stack and frame stack, kept in the arena while it is not
//! running. Resume and yield swap those stacks with the running ones — no Rust recursion.

use super::{CallInfo, Frame, RetMode, Throw, Vm};
use crate::value::{ThreadRef, Value};

pub use crate::frame::{CoStatus, Coroutine};

pub enum CoFail {
    /// Deliver `false, err` to the resumer.
    Deliver(CallInfo, usize, usize),
    /// (wrap) Re-raise in the resumer.
    Rethrow(Value),
}

impl Vm {
    pub fn new_coroutine(&mut self, f: Value) -> Value {
        let mut co = Coroutine::new(f);
        co.globals = Some(self.globals);
        // lua5.1's luaE_newthread copies the creator's hook mask and count.
        co.hook = self.lua_hook.as_deref().map(|h| Box::new(h.inherited()));
        Value::Thread(self.heap.new_thread(co))
    }

    /// The running coroutine, or None on the main thread.
    pub fn running(&self) -> Option<ThreadRef> {
        self.current
    }

    /// `coroutine.status`.
    pub fn co_status(&self, co: ThreadRef) -> Result<&'static str, Throw> {
        if self.current == Some(co) {
            return Ok("running");
        }
        Ok(match self.heap.thread(co)?.status {
            CoStatus::Suspended => "suspended",
            CoStatus::Running => "running",
            CoStatus::Normal => "normal",
            CoStatus::Dead => "dead",
        })
    }

    /// Swaps the running stacks with coroutine `co`'s, then runs `then` on the coroutine
    /// (now holding the stacks switched away from) and the running value stack: one arena
    /// access per switch, and values crossing over are copied once, stack to stack.
    fn swap_thread<R>(
        &mut self,
        co: ThreadRef,
        then: impl FnOnce(&mut Coroutine, &mut Vec<Value>) -> R,
    ) -> Result<R, Throw> {
        let c = self.heap.thread_mut(co)?;
        std::mem::swap(&mut self.stack, &mut c.stack);
        std::mem::swap(&mut self.frames, &mut c.frames);
        std::mem::swap(&mut self.top, &mut c.top);
        std::mem::swap(&mut self.c_depth, &mut c.c_depth);
        std::mem::swap(&mut self.stack_charge, &mut c.stack_charge);
        std::mem::swap(&mut self.lua_hook, &mut c.hook);
        if let Some(g) = c.globals.as_mut() {
            std::mem::swap(&mut self.globals, g);
        }
        self.switched = true;
        Ok(then(c, &mut self.stack))
    }

    pub(crate) fn resume_coroutine(
        &mut self,
        co: ThreadRef,
        nargs: usize,
        wrap: bool,
        ci: CallInfo,
    ) -> Result<(), Throw> {
        let (status, first) = if self.current == Some(co) {
            (CoStatus::Running, false)
        } else {
            let c = self.heap.thread(co)?;
            (c.status, c.func.is_some())
        };
        let outer = self.outer_c + self.c_depth + 1;
        let err = match status {
            // lua_resume: nCcalls (carried from the resumer) at LUAI_MAXCCALLS.
            CoStatus::Suspended if self.c_levels() >= self.limits.max_ccalls => {
                Some("C stack overflow")
            }
            CoStatus::Suspended => None,
            CoStatus::Dead => Some("cannot resume dead coroutine"),
            CoStatus::Running => Some("cannot resume running coroutine"),
            CoStatus::Normal => Some("cannot resume normal coroutine"),
        };
        if let Some(e) = err {
            if wrap {
                return Err(Throw::msg(e));
            }
            self.stack.truncate(self.stack.len() - nargs);
            self.stack.push(Value::Bool(false));
            let v = self.str(e);
            self.stack.push(v);
            let src = self.stack.len() - 2;
            return self.finish(ci, src, 2);
        }
        if status == CoStatus::Suspended && first && !self.prepare_entry(co, nargs)? {
            // lua_resume's LUA_ERRMEM: the coroutine is dead, resume returns the error.
            self.heap.thread_mut(co)?.status = CoStatus::Dead;
            if wrap {
                return Err(Throw::Memory);
            }
            self.stack.truncate(self.stack.len() - nargs);
            self.stack.push(Value::Bool(false));
            let v = self.str("not enough memory");
            self.stack.push(v);
            let src = self.stack.len() - 2;
            return self.finish(ci, src, 2);
        }
        if let Some(cur) = self.current {
            self.heap.thread_mut(cur)?.status = CoStatus::Normal;
        }
        self.resumers.push(self.current);
        self.outer_saved.push(self.outer_c);
        self.outer_c = outer;
        self.current = Some(co);
        // The arguments move from the resumer's stack (swapped into `c`) to the coroutine's:
        // after its body function on the first resume, else where its yield's results go.
        let (pending_yield, src) = self.swap_thread(co, |c, st| {
            c.status = CoStatus::Running;
            c.resume_ci = Some(ci);
            c.wrap = wrap;
            let pending_yield = match c.func.take() {
                Some(f) => {
                    st.clear();
                    st.push(f);
                    None
                }
                None => Some(c.yield_ci.take()),
            };
            let from = c.stack.len() - nargs;
            let src = st.len();
            st.extend_from_slice(&c.stack[from..]);
            c.stack.truncate(from);
            (pending_yield, src)
        })?;
        match pending_yield {
            None => self.call_value(
                CallInfo {
                    func_idx: 0,
                    nresults: -1,
                    ret: RetMode::Normal,
                },
                nargs,
                false,
            ),
            Some(yield_ci) => {
                let yci = yield_ci.ok_or_else(|| Throw::msg("internal error: no pending yield"))?;
                self.finish_native(yci, src, nargs)
            }
        }
    }

    /// Before a coroutine's body is entered (its first resume): its stacks get room for the
    /// first frame, charged to the memory limit, while the resumer still runs — so that
    /// entering, after the switch, cannot fail half-way on the other thread's frames. False
    /// when the memory limit refuses it.
    fn prepare_entry(&mut self, co: ThreadRef, nargs: usize) -> Result<bool, Throw> {
        let Some(Value::Func(f)) = self.heap.thread(co)?.func else {
            return Ok(true);
        };
        let max_stack = match self.heap.function(f)? {
            crate::exec::Function::Lua(c) => c.proto.max_stack as usize,
            crate::exec::Function::Native(_) => 0,
        };
        // The function, its arguments (twice for a vararg body), its registers, headroom.
        let slots = 1 + 2 * nargs + max_stack + super::stack::STACK_HEADROOM + 1;
        const FRAMES: usize = 8;
        let bytes = slots * std::mem::size_of::<Value>() + FRAMES * std::mem::size_of::<Frame>();
        // The resume's arguments and the coroutine are on the resumer's stack: rooted.
        if self.reserve(bytes).is_err() {
            return Ok(false);
        }
        let c = self.heap.thread_mut(co)?;
        c.stack.reserve_exact(slots);
        c.frames.reserve_exact(FRAMES);
        let now = super::stack::stacks_bytes(&c.stack, &c.frames);
        let before = std::mem::replace(&mut c.stack_charge, now);
        self.heap.bytes = (self.heap.bytes + now).saturating_sub(before);
        Ok(true)
    }

    /// Switches back to the resumer; returns the coroutine's handle, its resume call, its
    /// wrap flag and where the moved values start. `yielded`: the pending yield's call and
    /// its `n` values, moved onto the resumer's stack (after `true` unless wrapped).
    fn switch_to_resumer(
        &mut self,
        status: CoStatus,
        yielded: Option<(CallInfo, usize)>,
    ) -> Result<(ThreadRef, CallInfo, bool, usize), Throw> {
        self.switch_back(status, yielded, false)
    }

    /// `switch_to_resumer`; `keep`: a dead coroutine keeps its stacks (it died of an error:
    /// `debug.traceback(co)` shows where, as lua5.1 keeps them).
    fn switch_back(
        &mut self,
        status: CoStatus,
        yielded: Option<(CallInfo, usize)>,
        keep: bool,
    ) -> Result<(ThreadRef, CallInfo, bool, usize), Throw> {
        let co = self
            .current
            .ok_or_else(|| Throw::msg("attempt to yield from outside a coroutine"))?;
        let (ci, wrap, src) = self.swap_thread(co, |c, st| {
            c.status = status;
            let src = st.len();
            if let Some((yci, n)) = yielded {
                c.yield_ci = Some(yci);
                if !c.wrap {
                    st.push(Value::Bool(true));
                }
                let from = c.stack.len() - n;
                st.extend_from_slice(&c.stack[from..]);
                c.stack.truncate(from);
            }
            (c.resume_ci.take(), c.wrap, src)
        })?;
        let ci = ci.ok_or_else(|| Throw::msg("internal error: no resumer"))?;
        let parent = self.resumers.pop().flatten();
        self.outer_c = self.outer_saved.pop().unwrap_or(0);
        self.current = parent;
        if let Some(p) = parent {
            self.heap.thread_mut(p)?.status = CoStatus::Running;
        }
        if status == CoStatus::Dead && !keep {
            let c = self.heap.thread_mut(co)?;
            c.stack = Vec::new();
            c.frames = Vec::new();
            let freed = std::mem::take(&mut c.stack_charge);
            self.heap.bytes = self.heap.bytes.saturating_sub(freed);
        }
        // The resumer's stacks may have grown while they were swapped out.
        self.sync_stack_charge();
        Ok((co, ci, wrap, src))
    }

    pub(crate) fn yield_coroutine(&mut self, n: usize, ci: CallInfo) -> Result<(), Throw> {
        // lua5.1 reports both a C boundary and the main thread (which always runs inside the
        // host's lua_pcall) with the same message.
        if self.c_depth > 0 || self.current.is_none() {
            // Raised inside lua_yield, where lua5.1 adds no position.
            return Err(Throw::Value(
                self.str("attempt to yield across metamethod/C-call boundary"),
            ));
        }
        let (_, rci, _, src) = self.switch_to_resumer(CoStatus::Suspended, Some((ci, n)))?;
        let cnt = self.stack.len() - src;
        self.finish_native(rci, src, cnt)
    }

    /// `finish` of a native's `n` results at the stack's top (`src..`): `yield` returning in
    /// the resumed coroutine, `resume` in the resumer it yielded to or that it ended; with
    /// the return event of that thread's hook first.
    pub(crate) fn finish_native(
        &mut self,
        ci: CallInfo,
        src: usize,
        n: usize,
    ) -> Result<(), Throw> {
        if self.lua_hook.is_some() && self.native_hooks() {
            let ret = self.native_returned(crate::frame::Ret::Values(n));
            return self.handle_ret(ret, ci);
        }
        self.finish(ci, src, n)
    }

    /// The running coroutine's body returned (its results are `stack[0..top]`).
    pub(crate) fn coroutine_return(&mut self) -> Result<(CallInfo, usize, usize), Throw> {
        let vals: Vec<Value> = self.stack[..self.top.min(self.stack.len())].to_vec();
        let (_, rci, wrap, src) = self.switch_to_resumer(CoStatus::Dead, None)?;
        if !wrap {
            self.stack.push(Value::Bool(true));
        }
        self.stack.extend_from_slice(&vals);
        Ok((rci, src, self.stack.len() - src))
    }

    /// The running coroutine died with `err` (`native`: raised by a native, which its
    /// traceback shows on top, as a suspended one's `yield`).
    pub(crate) fn coroutine_fail(&mut self, err: Value, native: bool) -> Result<CoFail, Throw> {
        let raiser = native
            .then(|| {
                let f = self.frames.last()?;
                let i = *self.frame_proto(f)?.code.get(f.pc.checked_sub(1)?)?;
                let calls = matches!(
                    crate::bytecode::op(i),
                    crate::bytecode::OP_CALL | crate::bytecode::OP_TAILCALL
                );
                calls.then(|| CallInfo {
                    func_idx: f.base + crate::bytecode::arg_a(i),
                    nresults: 0,
                    ret: RetMode::Normal,
                })
            })
            .flatten();
        let co = self.current;
        let (_, rci, wrap, _) = self.switch_back(CoStatus::Dead, None, true)?;
        if let Some(co) = co
            && let Ok(c) = self.heap.thread_mut(co)
        {
            c.yield_ci = raiser;
        }
        if wrap {
            // lua5.1's auxwrap prefixes string errors with the caller's position.
            if let Value::Str(_) | Value::Num(_) = err {
                let text = self.error_text(err);
                let s = format!("{}{}", self.where_(1), text);
                return Ok(CoFail::Rethrow(self.str(&s)));
            }
            return Ok(CoFail::Rethrow(err));
        }
        let src = self.stack.len();
        self.stack.push(Value::Bool(false));
        self.stack.push(err);
        Ok(CoFail::Deliver(rci, src, 2))
    }
}
