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

    /// Swaps the running thread's state (stacks, frames, top, C depth, stack charge, hook,
    /// globals) with coroutine `co`'s and hands back the coroutine, now holding the state
    /// switched away from, beside the running stack: one arena access per switch, and the
    /// values crossing over are copied once, stack to stack.
    #[inline(always)]
    fn swap_thread(&mut self, co: ThreadRef) -> Result<Switched<'_>, Throw> {
        self.swap_thread_if(co, |_| true)?
            .ok_or_else(|| Throw::msg("internal error: coroutine switch"))
    }

    /// `swap_thread` when coroutine `co` passes `check` (None, nothing swapped, otherwise).
    #[inline(always)]
    fn swap_thread_if(
        &mut self,
        co: ThreadRef,
        check: impl FnOnce(&Coroutine) -> bool,
    ) -> Result<Option<Switched<'_>>, Throw> {
        let Vm {
            heap,
            stack,
            frames,
            top,
            c_depth,
            stack_charge,
            lua_hook,
            globals,
            switched,
            ..
        } = self;
        let c = heap.thread_mut(co)?;
        if !check(c) {
            return Ok(None);
        }
        std::mem::swap(stack, &mut c.stack);
        std::mem::swap(frames, &mut c.frames);
        std::mem::swap(top, &mut c.top);
        std::mem::swap(c_depth, &mut c.c_depth);
        std::mem::swap(stack_charge, &mut c.stack_charge);
        std::mem::swap(lua_hook, &mut c.hook);
        if let Some(g) = c.globals.as_mut() {
            std::mem::swap(globals, g);
        }
        *switched = true;
        // The switched-to thread continues in a Lua frame and has no hook: the values can go
        // straight to their registers (`Switched::deliver`), no `finish`.
        let plain = lua_hook.is_none() && frames.last().is_some_and(Frame::is_lua);
        Ok(Some(Switched {
            c,
            stack,
            top,
            plain,
        }))
    }

    pub(crate) fn resume_coroutine(
        &mut self,
        co: ThreadRef,
        nargs: usize,
        wrap: bool,
        ci: CallInfo,
    ) -> Result<(), Throw> {
        // The common case, a coroutine suspended in a yield: checked and switched with one
        // arena access; the resumer's bookkeeping follows the switch (nothing runs between).
        let parent = self.current;
        let saved = self.outer_c;
        let outer = saved + self.c_depth + 1;
        if parent != Some(co) && self.c_levels() < self.limits.max_ccalls {
            let yielded = |c: &Coroutine| c.status == CoStatus::Suspended && c.func.is_none();
            if let Some(s) = self.swap_thread_if(co, yielded)? {
                s.c.enter_resumed(ci, wrap, parent, saved);
                let from = s.c.stack.len() - nargs;
                let yci =
                    s.c.yield_ci
                        .take()
                        .ok_or_else(|| Throw::msg("internal error: no pending yield"))?;
                let pending = if s.plain && yci.ret.is_plain() {
                    s.deliver(yci, None, from);
                    None
                } else {
                    let src = s.stack.len();
                    s.stack.extend_from_slice(&s.c.stack[from..]);
                    s.c.stack.truncate(from);
                    Some(src)
                };
                self.outer_c = outer;
                self.current = Some(co);
                if let Some(p) = parent {
                    self.heap.thread_mut(p)?.status = CoStatus::Normal;
                }
                return match pending {
                    None => Ok(()),
                    Some(src) => self.finish_native(yci, src, nargs),
                };
            }
        }
        self.resume_other(co, nargs, wrap, ci)
    }

    /// A resume that is not of a coroutine suspended in a yield: its first resume, or one
    /// refused (not suspended, or past the C-call limit).
    #[inline(never)]
    fn resume_other(
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
        if status != CoStatus::Suspended || self.c_levels() >= self.limits.max_ccalls {
            return self.resume_refused(status, nargs, wrap, ci);
        }
        if !first {
            return Err(Throw::msg("internal error: resume"));
        }
        if !self.prepare_entry(co, nargs)? {
            // lua_resume's LUA_ERRMEM: the coroutine is dead, resume returns the error.
            self.heap.thread_mut(co)?.status = CoStatus::Dead;
            return self.resume_failed("not enough memory", Throw::Memory, nargs, wrap, ci);
        }
        let parent = self.current;
        if let Some(cur) = parent {
            self.heap.thread_mut(cur)?.status = CoStatus::Normal;
        }
        let saved = self.outer_c;
        self.outer_c = saved + self.c_depth + 1;
        self.current = Some(co);
        // The arguments move from the resumer's stack (swapped into `c`) to the coroutine's,
        // after its body function.
        let s = self.swap_thread(co)?;
        s.c.enter_resumed(ci, wrap, parent, saved);
        let from = s.c.stack.len() - nargs;
        // Not refused and not yielded: its first resume (the fast path took the others).
        let f =
            s.c.func
                .take()
                .ok_or_else(|| Throw::msg("internal error: resume"))?;
        s.stack.clear();
        s.stack.push(f);
        s.stack.extend_from_slice(&s.c.stack[from..]);
        s.c.stack.truncate(from);
        let body = CallInfo {
            func_idx: 0,
            nresults: -1,
            ret: RetMode::Normal,
        };
        self.call_value(body, nargs, false)
    }

    /// A resume of a coroutine that cannot run (`status`), or past the C-call limit.
    #[cold]
    #[inline(never)]
    fn resume_refused(
        &mut self,
        status: CoStatus,
        nargs: usize,
        wrap: bool,
        ci: CallInfo,
    ) -> Result<(), Throw> {
        let e = match status {
            // lua_resume: nCcalls (carried from the resumer) at LUAI_MAXCCALLS.
            CoStatus::Suspended => "C stack overflow",
            CoStatus::Dead => "cannot resume dead coroutine",
            CoStatus::Running => "cannot resume running coroutine",
            CoStatus::Normal => "cannot resume normal coroutine",
        };
        self.resume_failed(e, Throw::msg(e), nargs, wrap, ci)
    }

    /// A resume that fails before switching: `false, e` to the resumer, or `t` raised in it
    /// for `wrap`.
    #[cold]
    #[inline(never)]
    fn resume_failed(
        &mut self,
        e: &str,
        t: Throw,
        nargs: usize,
        wrap: bool,
        ci: CallInfo,
    ) -> Result<(), Throw> {
        if wrap {
            return Err(t);
        }
        self.stack.truncate(self.stack.len() - nargs);
        self.stack.push(Value::Bool(false));
        let v = self.str(e);
        self.stack.push(v);
        let src = self.stack.len() - 2;
        self.finish(ci, src, 2)
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

    /// Switches back to the resumer of a coroutine that ended (`status` Dead; `keep`: it
    /// keeps its stacks, as it died of an error: `debug.traceback(co)` shows where, as
    /// lua5.1 keeps them); returns the coroutine's handle, its resume call, its wrap flag
    /// and the resumer's stack top.
    fn switch_back(
        &mut self,
        status: CoStatus,
        keep: bool,
    ) -> Result<(ThreadRef, CallInfo, bool, usize), Throw> {
        let co = self
            .current
            .ok_or_else(|| Throw::msg("attempt to yield from outside a coroutine"))?;
        let s = self.swap_thread(co)?;
        s.c.status = status;
        let (ci, wrap, src) = (s.c.resume_ci.take(), s.c.wrap, s.stack.len());
        let (parent, outer) = (s.c.resumer.take(), s.c.outer_c);
        let ci = ci.ok_or_else(|| Throw::msg("internal error: no resumer"))?;
        self.back_in_resumer(parent, outer)?;
        if status == CoStatus::Dead && !keep {
            let c = self.heap.thread_mut(co)?;
            c.stack = Vec::new();
            c.frames = Vec::new();
            let freed = std::mem::take(&mut c.stack_charge);
            self.heap.bytes = self.heap.bytes.saturating_sub(freed);
        }
        Ok((co, ci, wrap, src))
    }

    /// After a switch back: the resumer (`parent`, whose `outer_c` was `outer`) runs again.
    #[inline(always)]
    fn back_in_resumer(&mut self, parent: Option<ThreadRef>, outer: usize) -> Result<(), Throw> {
        self.outer_c = outer;
        self.current = parent;
        if let Some(p) = parent {
            self.heap.thread_mut(p)?.status = CoStatus::Running;
        }
        // The resumer's stacks may have grown while they were swapped out.
        self.sync_stack_charge();
        Ok(())
    }

    pub(crate) fn yield_coroutine(&mut self, n: usize, ci: CallInfo) -> Result<(), Throw> {
        // lua5.1 reports both a C boundary and the main thread (which always runs inside the
        // host's lua_pcall) with the same message.
        let Some(co) = self.current.filter(|_| self.c_depth == 0) else {
            // Raised inside lua_yield, where lua5.1 adds no position.
            return Err(Throw::Value(
                self.str("attempt to yield across metamethod/C-call boundary"),
            ));
        };
        let s = self.swap_thread(co)?;
        s.c.status = CoStatus::Suspended;
        s.c.yield_ci = Some(ci);
        let rci =
            s.c.resume_ci
                .take()
                .ok_or_else(|| Throw::msg("internal error: no resumer"))?;
        let (parent, outer) = (s.c.resumer.take(), s.c.outer_c);
        // The yielded values move to the resumer's stack, after `true` unless wrapped.
        let lead = (!s.c.wrap).then_some(Value::Bool(true));
        let from = s.c.stack.len() - n;
        if s.plain && rci.ret.is_plain() {
            // The resumer's stacks changed while swapped out only if `deliver` grew them.
            if s.deliver(rci, lead, from) {
                return self.back_in_resumer(parent, outer);
            }
            self.outer_c = outer;
            self.current = parent;
            if let Some(p) = parent {
                self.heap.thread_mut(p)?.status = CoStatus::Running;
            }
            return Ok(());
        }
        let src = s.stack.len();
        s.stack.extend(lead);
        s.stack.extend_from_slice(&s.c.stack[from..]);
        s.c.stack.truncate(from);
        self.back_in_resumer(parent, outer)?;
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
        let (_, rci, wrap, src) = self.switch_back(CoStatus::Dead, false)?;
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
        let (_, rci, wrap, _) = self.switch_back(CoStatus::Dead, true)?;
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

/// A coroutine switch in progress (`Vm::swap_thread`): the coroutine's arena entry, holding
/// the state switched away from, and the running thread's stack and top.
struct Switched<'a> {
    c: &'a mut Coroutine,
    stack: &'a mut Vec<Value>,
    top: &'a mut usize,
    /// The running thread continues in a Lua frame and has no hook.
    plain: bool,
}

impl Switched<'_> {
    /// The values crossing over (`lead`, then `c.stack[from..]`) go straight to where the
    /// pending call `ci` (a plain call: `RetMode::Normal`/`Tail`) wants its results, adjusted
    /// to its result count: what `finish` does, without its generality. The stack ends at
    /// the last result (registers above a call's results are dead). True when the stack
    /// had to grow into a new allocation (its charge must be synced).
    #[inline(always)]
    fn deliver(self, ci: CallInfo, lead: Option<Value>, from: usize) -> bool {
        let dst = ci.func_idx;
        let vals = &self.c.stack[from..];
        let n = vals.len() + lead.is_some() as usize;
        let end = dst + usize::try_from(ci.nresults).unwrap_or(n);
        let st = self.stack;
        // The stack holds at least the pending call's function slot (and the resume's
        // coroutine argument): the results are written in place, no push per value.
        let grew = st.len() < end && grow(st, end);
        st.truncate(end);
        let mut out = &mut st[dst..];
        if let Some(v) = lead
            && let [first, rest @ ..] = out
        {
            *first = v;
            out = rest;
        }
        match (out, vals) {
            ([], _) => {}
            ([o], [v, ..]) => *o = *v,
            (out, vals) => {
                let m = out.len().min(vals.len());
                for (o, v) in out.iter_mut().zip(vals) {
                    *o = *v;
                }
                out[m..].fill(Value::Nil);
            }
        }
        self.c.stack.truncate(from);
        *self.top = end;
        grew
    }
}

/// `deliver`'s rare growth (more results wanted than the stack holds), out of line; true
/// when the stack was reallocated.
#[cold]
#[inline(never)]
fn grow(st: &mut Vec<Value>, end: usize) -> bool {
    let cap = st.capacity();
    st.resize(end, Value::Nil);
    st.capacity() != cap
}
