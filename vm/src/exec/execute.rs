//! The dispatch loop, shaped like lvm.c's `luaV_execute`: one exhaustive `match` on `Op` per
//! instruction, the common cases inline, everything else in helpers (`exec/ops.rs`). Calls
//! and returns switch frames without recursion: a Lua call into a Lua closure and a return
//! into a Lua caller re-enter `run_frame`'s frame loop; any other frame change ends
//! `run_frame`, and `execute` enters whatever frame is then on top.

use super::arith::ArithOp;
use super::ops::Tail;
use super::{CallInfo, Frame, FrameKind, RetMode, Throw, Vm};
use crate::bytecode::*;
use crate::exec::Function;
use crate::heap::hashpart::node_count;
use crate::heap::table::Table;
use crate::value::{FuncRef, StrRef, TableRef, Value};
use std::rc::Rc;

/// An error leaving `run_frame`. `positioned`: the failing instruction's frame is still at
/// the frame index the loop ran, so its `pc` is saved there (the unwinder positions and
/// traces errors with it); false after RETURN popped that frame.
pub(crate) struct Fault {
    pub t: Throw,
    pub positioned: bool,
}

impl From<Throw> for Fault {
    #[inline]
    fn from(t: Throw) -> Fault {
        Fault {
            t,
            positioned: true,
        }
    }
}

impl From<crate::heap::StaleHandle> for Fault {
    #[inline]
    fn from(e: crate::heap::StaleHandle) -> Fault {
        Throw::from(e).into()
    }
}

/// A hook event raised by the hooked loop: it positioned the frame itself.
#[cold]
fn unpositioned(t: Throw) -> Fault {
    Fault {
        t,
        positioned: false,
    }
}

/// An opcode field no instruction uses (the compiler emits none; binary chunks are sealed).
#[cold]
#[inline(never)]
fn invalid_opcode(i: Instr) -> Fault {
    Throw::msg(format!("invalid opcode {}", i & 0x3f)).into()
}

/// GETUPVAL of a closure or cell that is gone (never for a compiled program).
#[cold]
#[inline(never)]
fn stale_upval() -> Fault {
    Throw::from(crate::heap::StaleHandle).into()
}

/// R(x) or the constant x - 256 (an RK operand).
#[inline(always)]
pub(crate) fn rk(stack: &[Value], k: &[Value], base: usize, x: usize) -> Value {
    if x & BITRK as usize != 0 {
        k[x & 255]
    } else {
        stack[base + x]
    }
}

impl Vm {
    /// Runs Lua frames until the frame stack is empty. An error leaves the failing frame's
    /// `pc` saved so the unwinder can position and trace it.
    pub(crate) fn execute(&mut self) -> Result<(), Throw> {
        while let Some(fi) = self.frames.len().checked_sub(1) {
            if self.lua_hook.is_some() {
                self.execute_hooked()?;
                continue;
            }
            self.run_top::<false>(fi)?;
        }
        Ok(())
    }

    /// `execute` while the running thread has a hook (`exec/hooks.rs`): the copy of the
    /// dispatch loop that traces hook events, so the plain one pays nothing for hooks. A
    /// thread without a hook returns to the plain loop (`Ok` with frames left).
    #[cold]
    #[inline(never)]
    fn execute_hooked(&mut self) -> Result<(), Throw> {
        while let Some(fi) = self.frames.len().checked_sub(1) {
            if self.lua_hook.is_none() {
                return Ok(());
            }
            self.run_top::<true>(fi)?;
        }
        Ok(())
    }

    /// Runs the top frame (index `fi`) from its saved `pc`; a positioned error leaves the
    /// loop's `pc` saved in the frame it ran, for the unwinder.
    #[inline(always)]
    fn run_top<const HOOKED: bool>(&mut self, mut fi: usize) -> Result<(), Throw> {
        let mut pc = self.frames[fi].pc;
        let mark = self.callers.len();
        let r = self.run_frame::<HOOKED>(&mut fi, &mut pc, mark);
        // The callers this run entered callees from: their frames are entered by lookup
        // from now on.
        self.callers.truncate(mark);
        if let Err(f) = r {
            if f.positioned
                && let Some(fr) = self.frames.get_mut(fi)
            {
                fr.pc = pc;
            }
            return Err(f.t);
        }
        Ok(())
    }

    /// Runs the top frame (index `fi`) from `pc`. A Lua call into a Lua closure and a return
    /// into a Lua caller switch frames here (`fi`, `pc` follow, as lvm.c's `goto reentry`);
    /// any other change of the frame stack (a metamethod, a native's continuation, a
    /// coroutine switch) ends the run and `execute` enters the new top.
    #[inline(always)]
    fn run_frame<const HOOKED: bool>(
        &mut self,
        cur: &mut usize,
        pc: &mut usize,
        mark: usize,
    ) -> Result<(), Fault> {
        // The running frame's prototype, owned here: code and constants are borrowed from it
        // while the loop calls `&mut self` methods. CALL hands over the callee's (cloned from
        // the closure it looked up anyway) and keeps the caller's in `self.callers`, where
        // RETURN takes it back; only the first frame and a frame replaced by a tail call or
        // returned into from below `mark` are looked up.
        let mut proto = self.frame_proto_rc(*cur)?;
        'frame: loop {
            let fi = *cur;
            let FrameKind::Lua { func, env } = self.frames[fi].kind else {
                return Err(Throw::msg("internal error: continuation frame on top").into());
            };
            let base = self.frames[fi].base;
            let (code, k): (&[Instr], &[Value]) = (&proto.code, &proto.consts);
            let frame_top = base + proto.max_stack as usize;
            if self.stack.len() < frame_top {
                self.stack.resize(frame_top, Value::Nil);
            }
            // The instruction run before the next one in this frame (hooked loop only).
            let mut last = pc.wrapping_sub(1);
            if HOOKED {
                self.hook_enter(*pc).map_err(unpositioned)?;
            }
            loop {
                if HOOKED {
                    self.hook_trace(&proto, *pc, &mut last)
                        .map_err(unpositioned)?;
                }
                let i = code[*pc];
                *pc += 1;
                // R(A), computed where an arm uses it (kept out of the shared dispatch path).
                let ra = move || base + arg_a(i);
                let op = Op::decode(i);
                match op {
                    Op::Move => self.stack[ra()] = self.stack[base + arg_b(i)],
                    Op::LoadK => self.stack[ra()] = k[arg_bx(i)],
                    Op::LoadBool => {
                        self.stack[ra()] = Value::Bool(arg_b(i) != 0);
                        if arg_c(i) != 0 {
                            *pc += 1;
                        }
                    }
                    Op::LoadNil => self.stack[ra()..=base + arg_b(i)].fill(Value::Nil),
                    Op::GetUpval => {
                        let Some(&v) = self.heap.upval_ref(func, arg_b(i)) else {
                            return Err(stale_upval());
                        };
                        self.stack[ra()] = v;
                    }
                    Op::SetUpval => {
                        let c = self.heap.upval_cell(func, arg_b(i))?;
                        self.heap.set_cell(c, self.stack[ra()])?;
                    }
                    Op::GetCell => {
                        let c = super::ops::cell_of(self.stack[base + arg_b(i)])?;
                        self.stack[ra()] = self.heap.cell(c)?;
                    }
                    Op::SetCell => {
                        let c = super::ops::cell_of(self.stack[ra()])?;
                        let v = rk(&self.stack, k, base, arg_b(i));
                        self.heap.set_cell(c, v)?;
                    }
                    Op::NewCell => {
                        let c = self.heap.new_cell(self.stack[ra()]);
                        self.stack[ra()] = Value::Cell(c);
                    }
                    Op::GetGlobal => {
                        // The key is a constant string (the compiler's global names).
                        let key = k[arg_bx(i)];
                        let obj = Value::Table(env);
                        if !self.field_to(obj, key, ra()) {
                            let g = Some(env);
                            if self.index_at(&proto, *pc, i, k, base, g, frame_top)? {
                                return Ok(());
                            }
                        }
                    }
                    // One arm per opcode (a shared arm would need the opcode after the
                    // dispatch, and LLVM then keeps it live from the dispatch on).
                    Op::GetTable => {
                        if self.get_table::<false, false>(&proto, *pc, i, k, base, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SelfOp => {
                        if self.get_table::<true, false>(&proto, *pc, i, k, base, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::GetField => {
                        if self.get_table::<false, true>(&proto, *pc, i, k, base, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SelfK => {
                        if self.get_table::<true, true>(&proto, *pc, i, k, base, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SetGlobal => {
                        let (key, v) = (k[arg_bx(i)], self.stack[ra()]);
                        let obj = Value::Table(env);
                        if self.settable(&proto, *pc, None, obj, key, v, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SetTable => {
                        let obj = self.stack[ra()];
                        let key = rk(&self.stack, k, base, arg_b(i));
                        let v = rk(&self.stack, k, base, arg_c(i));
                        // A constant string key (a constructor's `x = ...` fields: SETFIELD
                        // is not used there) into a table without metatable: one lookup.
                        let stored = match key {
                            Value::Str(s) if arg_b(i) & BITRK as usize != 0 => {
                                self.store_str(obj, s, v)?
                            }
                            _ => false,
                        };
                        if !stored {
                            let reg = Some(arg_a(i));
                            if self.settable(&proto, *pc, reg, obj, key, v, frame_top)? {
                                return Ok(());
                            }
                        }
                    }
                    Op::SetField => {
                        let key = k[arg_b(i) & 0xff];
                        let v = rk(&self.stack, k, base, arg_c(i));
                        // A table without metatable is stored into here (present or new
                        // key); anything else goes the general way.
                        let stored = match key {
                            Value::Str(s) => self.store_str(self.stack[ra()], s, v)?,
                            _ => false,
                        };
                        if !stored {
                            let obj = self.stack[ra()];
                            let reg = Some(arg_a(i));
                            if self.settable(&proto, *pc, reg, obj, key, v, frame_top)? {
                                return Ok(());
                            }
                        }
                    }
                    Op::NewTable => {
                        self.check_gc(*pc, frame_top)?;
                        let (narr, nhash) = (fb2int(arg_b(i)), fb2int(arg_c(i)));
                        // Sized before it is made (a constructor's sizes come from its source).
                        self.reserve(Table::parts_bytes(narr, node_count(nhash)))?;
                        let t = self.heap.new_table(narr, nhash);
                        self.stack[ra()] = Value::Table(t);
                    }
                    Op::Add => {
                        if self.arith(
                            &proto,
                            *pc,
                            i,
                            k,
                            base,
                            ArithOp::Add,
                            |x, y| x + y,
                            frame_top,
                        )? {
                            return Ok(());
                        }
                    }
                    Op::Sub => {
                        if self.arith(
                            &proto,
                            *pc,
                            i,
                            k,
                            base,
                            ArithOp::Sub,
                            |x, y| x - y,
                            frame_top,
                        )? {
                            return Ok(());
                        }
                    }
                    Op::Mul => {
                        if self.arith(
                            &proto,
                            *pc,
                            i,
                            k,
                            base,
                            ArithOp::Mul,
                            |x, y| x * y,
                            frame_top,
                        )? {
                            return Ok(());
                        }
                    }
                    Op::Div => {
                        if self.arith(
                            &proto,
                            *pc,
                            i,
                            k,
                            base,
                            ArithOp::Div,
                            |x, y| x / y,
                            frame_top,
                        )? {
                            return Ok(());
                        }
                    }
                    Op::Mod => {
                        let f = |x: f64, y: f64| x - super::ops::fast_floor(x / y) * y;
                        if self.arith(&proto, *pc, i, k, base, ArithOp::Mod, f, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Pow => {
                        let f = |x: f64, y: f64| x.powf(y);
                        if self.arith(&proto, *pc, i, k, base, ArithOp::Pow, f, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::AddK => {
                        let ak = (ArithOp::Add, |x, y| x + y);
                        if self.arith_k(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::AddRR => {
                        let ak = (ArithOp::Add, |x, y| x + y);
                        if self.arith_rr(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SubK => {
                        let ak = (ArithOp::Sub, |x, y| x - y);
                        if self.arith_k(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::SubRR => {
                        let ak = (ArithOp::Sub, |x, y| x - y);
                        if self.arith_rr(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::MulK => {
                        let ak = (ArithOp::Mul, |x, y| x * y);
                        if self.arith_k(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::MulRR => {
                        let ak = (ArithOp::Mul, |x, y| x * y);
                        if self.arith_rr(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::DivK => {
                        let ak = (ArithOp::Div, |x, y| x / y);
                        if self.arith_k(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::DivRR => {
                        let ak = (ArithOp::Div, |x, y| x / y);
                        if self.arith_rr(&proto, *pc, i, k, base, ak, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::ModK => {
                        let f = |x: f64, y: f64| x - super::ops::fast_floor(x / y) * y;
                        if self.arith_k(&proto, *pc, i, k, base, (ArithOp::Mod, f), frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Unm => {
                        let rb = arg_b(i);
                        let b = self.stack[base + rb];
                        if let Value::Num(x) = b {
                            self.stack[ra()] = Value::Num(-x);
                        } else if self.arith_slow(
                            &proto,
                            *pc,
                            ArithOp::Unm,
                            [rb, rb],
                            [b, b],
                            ra(),
                            frame_top,
                        )? {
                            return Ok(());
                        }
                    }
                    Op::Not => {
                        self.stack[ra()] = Value::Bool(!self.stack[base + arg_b(i)].truthy())
                    }
                    Op::Len => {
                        if self.op_len(&proto, *pc, base, arg_b(i), ra(), frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Concat => {
                        self.check_gc(*pc, frame_top)?;
                        if self.op_concat(*pc, base + arg_b(i), base + arg_c(i), ra())? {
                            return Ok(());
                        }
                    }
                    Op::Jmp => {
                        let off = arg_sbx(i);
                        *pc = (*pc as isize + off) as usize;
                        if off < 0 {
                            self.tick(*pc)?;
                        }
                    }
                    Op::Eq => {
                        let b = rk(&self.stack, k, base, arg_b(i));
                        let c = rk(&self.stack, k, base, arg_c(i));
                        let r = match (b, c) {
                            (Value::Num(x), Value::Num(y)) => Some(x == y),
                            (Value::Str(x), Value::Str(y)) => Some(x == y),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Eq, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Lt => {
                        let b = rk(&self.stack, k, base, arg_b(i));
                        let c = rk(&self.stack, k, base, arg_c(i));
                        let r = match (b, c) {
                            (Value::Num(x), Value::Num(y)) => Some(x < y),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Lt, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Le => {
                        let b = rk(&self.stack, k, base, arg_b(i));
                        let c = rk(&self.stack, k, base, arg_c(i));
                        let r = match (b, c) {
                            (Value::Num(x), Value::Num(y)) => Some(x <= y),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Le, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::EqK => {
                        let r = match (self.stack[base + arg_b(i)], k[arg_c(i) & 0xff]) {
                            (Value::Num(x), Value::Num(y)) => Some(x == y),
                            (Value::Str(x), Value::Str(y)) => Some(x == y),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Eq, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::LtK => {
                        // C is a number constant (`specialize`): read as an f64, no tag test.
                        let r = match self.stack[base + arg_b(i)] {
                            Value::Num(x) => Some(x < proto.numk[arg_c(i) & (NUMK_SLOTS - 1)]),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Lt, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::LeK => {
                        // C is a number constant (`specialize`): read as an f64, no tag test.
                        let r = match self.stack[base + arg_b(i)] {
                            Value::Num(x) => Some(x <= proto.numk[arg_c(i) & (NUMK_SLOTS - 1)]),
                            _ => None,
                        };
                        if self.cond_jump(code, pc, Op::Le, i, k, base, r, frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::Test => {
                        if self.stack[ra()].truthy() == (arg_c(i) != 0) {
                            self.jump_next(code, pc)?;
                        } else {
                            *pc += 1;
                        }
                    }
                    Op::TestSet => {
                        let b = self.stack[base + arg_b(i)];
                        if b.truthy() == (arg_c(i) != 0) {
                            self.stack[ra()] = b;
                            self.jump_next(code, pc)?;
                        } else {
                            *pc += 1;
                        }
                    }
                    Op::Call => {
                        let b = arg_b(i);
                        let nargs = if b != 0 { b - 1 } else { self.top - ra() - 1 };
                        let nresults = arg_c(i) as isize - 1;
                        self.frames[fi].pc = *pc;
                        self.tick(*pc)?;
                        // A Lua callee gets its frame and `execute` enters it. A call of
                        // the running closure (recursion) needs no lookup. One push site for
                        // both: LLVM left the second copy of `push_caller`'s `extend` an
                        // out-of-line call.
                        // A native's function comes back in `native` from the same lookup.
                        let mut native = None;
                        if let Value::Func(fr) = self.stack[ra()] {
                            let callee = if fr == func {
                                Some((proto.clone(), env))
                            } else if let Some(c) = self.lua_callee(fr, &mut native) {
                                Some((c.proto.clone(), c.env))
                            } else {
                                None
                            };
                            if let Some((p, env)) = callee {
                                if self
                                    .push_lua_call(ra(), nresults, nargs, fr, env, &p)
                                    .is_none()
                                {
                                    self.push_lua_call_slow(ra(), nresults, nargs, fr, env, &p)?;
                                }
                                self.push_caller(std::mem::replace(&mut proto, p));
                                *cur = fi + 1;
                                *pc = 0;
                                continue 'frame;
                            }
                        }
                        if !HOOKED && let Some(f) = native {
                            if !self.call_native(f, ra(), nresults, nargs, frame_top)? {
                                // A coroutine switch (or a native's call-back) left a Lua
                                // frame on top: entered here, not through `execute`.
                                if let Some(top) = self.reenter(func, &mut proto, mark) {
                                    *cur = top;
                                    *pc = self.frames[top].pc;
                                    continue 'frame;
                                }
                                self.parked = Some((func, proto));
                                return Ok(());
                            }
                        } else {
                            // The call info as a value only here: built before the callee
                            // test, its three stores were paid by every Lua call too.
                            let ci = CallInfo {
                                func_idx: ra(),
                                nresults,
                                ret: RetMode::Normal,
                            };
                            if self.call_other::<HOOKED>(ci, nargs, frame_top)? {
                                return Ok(());
                            }
                        }
                    }
                    Op::TailCall => {
                        self.frames[fi].pc = *pc;
                        self.tick(*pc)?;
                        match self.op_tailcall::<HOOKED>(ra(), arg_b(i), frame_top)? {
                            // The callee's frame replaced this one: enter it here.
                            Tail::Replaced(p) => {
                                proto = p;
                                *pc = 0;
                                continue 'frame;
                            }
                            Tail::Stay => {}
                            Tail::Changed => return Ok(()),
                        }
                    }
                    Op::Return => {
                        if HOOKED {
                            self.frames[fi].pc = *pc;
                            self.hook_return(*pc - 1).map_err(unpositioned)?;
                        }
                        let b = arg_b(i);
                        let n = if b != 0 { b - 1 } else { self.top - ra() };
                        // Into a caller this run entered the frame from (so a Lua frame, and
                        // this one's return mode is Normal or Tail): its prototype is kept.
                        if self.callers.len() > mark
                            && let Some(caller) = self.callers.pop()
                            && let Some(frame) = self.frames.pop()
                        {
                            let ci = frame.ci;
                            // A Lua frame owns nothing: no drop glue call.
                            std::mem::forget(frame);
                            self.return_into(ci, ra(), n);
                            proto = caller;
                            *cur = fi - 1;
                            *pc = self.frames[fi - 1].pc;
                            continue 'frame;
                        }
                        let frame = self.frames.pop().expect("frame");
                        // A plain return into a Lua caller: results copied in place.
                        if let RetMode::Normal | RetMode::Tail { .. } = frame.ci.ret
                            && self.frames.last().is_some_and(|f| f.is_lua())
                        {
                            self.return_into(frame.ci, ra(), n);
                            proto = self.frame_proto_rc(fi - 1)?;
                            *cur = fi - 1;
                            *pc = self.frames[fi - 1].pc;
                            continue 'frame;
                        }
                        self.return_slow(frame, ra(), n).map_err(|t| Fault {
                            t,
                            positioned: false,
                        })?;
                        return Ok(());
                    }
                    Op::ForLoop => {
                        // The loop's four registers as one slice: one bounds check.
                        let r = &mut self.stack[ra()..ra() + 4];
                        if let (Value::Num(idx), Value::Num(limit), Value::Num(step)) =
                            (r[0], r[1], r[2])
                        {
                            let idx = idx + step;
                            // The step's sign picks one comparison by a branch (it predicts
                            // perfectly), not a select of both.
                            if step > 0.0 {
                                if idx <= limit {
                                    r[0] = Value::Num(idx);
                                    r[3] = Value::Num(idx);
                                    *pc = (*pc as isize + arg_sbx(i)) as usize;
                                    self.tick(*pc)?;
                                }
                            } else if limit <= idx {
                                r[0] = Value::Num(idx);
                                r[3] = Value::Num(idx);
                                *pc = (*pc as isize + arg_sbx(i)) as usize;
                                self.tick(*pc)?;
                            }
                        }
                    }
                    Op::ForPrep => {
                        self.for_prep(ra())?;
                        *pc = (*pc as isize + arg_sbx(i)) as usize;
                    }
                    Op::TForCall => {
                        self.frames[fi].pc = *pc;
                        if self.op_tforcall::<HOOKED>(ra(), arg_c(i), frame_top)? {
                            return Ok(());
                        }
                    }
                    Op::TForLoop => {
                        let v = self.stack[ra() + 1];
                        if !v.is_nil() {
                            self.stack[ra()] = v;
                            *pc = (*pc as isize + arg_sbx(i)) as usize;
                            self.tick(*pc)?;
                        }
                    }
                    Op::SetList => {
                        let mut c = arg_c(i);
                        if c == 0 {
                            c = code[*pc] as usize;
                            *pc += 1;
                        }
                        self.op_setlist(ra(), arg_b(i), c)?;
                    }
                    Op::Closure => {
                        self.check_gc(*pc, frame_top)?;
                        let p = proto.protos[arg_bx(i)].clone();
                        self.stack[ra()] = self.op_closure(func, env, p, base);
                    }
                    Op::Vararg => self.op_vararg(proto.num_params as usize, ra(), arg_b(i))?,
                    Op::VarargTab => self.op_varargtab(proto.num_params as usize, ra())?,
                    Op::LineTrap => {
                        self.frames[fi].pc = *pc;
                        self.line_trap(arg_a(i) != 0)?;
                    }
                    Op::Unused58
                    | Op::Unused59
                    | Op::Unused60
                    | Op::Unused61
                    | Op::Unused62
                    | Op::Unused63 => return Err(invalid_opcode(i)),
                }
            }
        }
    }

    /// After a native's CALL changed the frames (a coroutine switch): the new top frame's
    /// index when the plain loop can enter it in this run, as `execute` would, without a
    /// lookup — a Lua frame, no hook, no callers entered in this run (they would belong to
    /// the frames left), and its prototype parked by the switch that left it. `proto` (the
    /// left frame's, of closure `left`) is parked in exchange. None: `execute` enters it.
    #[inline(always)]
    fn reenter(&mut self, left: FuncRef, proto: &mut Rc<Proto>, mark: usize) -> Option<usize> {
        let top = self.frames.len().wrapping_sub(1);
        if let Some(Frame {
            kind: FrameKind::Lua { func, .. },
            ..
        }) = self.frames.get(top)
            && let Some((f, p)) = &mut self.parked
            && f == func
            && self.lua_hook.is_none()
            && self.callers.len() == mark
        {
            *f = left;
            std::mem::swap(p, proto);
            return Some(top);
        }
        None
    }

    /// The prototype of the Lua frame at index `fi`, for the loop to own while it runs.
    #[inline]
    fn frame_proto_rc(&self, fi: usize) -> Result<Rc<Proto>, Fault> {
        if let FrameKind::Lua { func, .. } = self.frames[fi].kind
            && let Ok(Function::Lua(c)) = self.heap.function(func)
        {
            return Ok(c.proto.clone());
        }
        Err(Throw::msg("internal error: frame without a Lua closure").into())
    }

    /// Keeps a caller's prototype for the RETURN into it (growth out of line). `push` is
    /// inline here now (measured: 2 instructions per call fewer than `extend` with one item,
    /// which repeated the capacity test).
    #[inline(always)]
    fn push_caller(&mut self, p: Rc<Proto>) {
        if self.callers.len() == self.callers.capacity() {
            self.grow_callers();
        }
        self.callers.push(p);
    }

    #[cold]
    #[inline(never)]
    fn grow_callers(&mut self) {
        self.callers.reserve(self.callers.capacity().max(16));
    }

    /// A plain return's `n` results at `src` copied to where its call info wants them.
    #[inline(always)]
    fn return_into(&mut self, ci: CallInfo, src: usize, n: usize) {
        let dst = ci.func_idx;
        let want = if ci.nresults < 0 {
            n
        } else {
            ci.nresults as usize
        };
        if want == 1 && n != 0 {
            // The common `return x` into `local y = f()`: one copy, no loop, and no resize
            // (the call slot lies below the callee's registers, `dst < src`).
            self.stack[dst] = self.stack[src];
        } else {
            if self.stack.len() < dst + want {
                self.stack.resize(dst + want, Value::Nil);
            }
            for j in 0..want {
                self.stack[dst + j] = if j < n {
                    self.stack[src + j]
                } else {
                    Value::Nil
                };
            }
        }
        self.top = dst + want;
    }

    /// A binary arithmetic instruction: numbers inline (one arm per opcode, so the operation
    /// is not dispatched twice), else coercion and metamethods. True: a frame was pushed.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn arith(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        aop: ArithOp,
        f: impl Fn(f64, f64) -> f64,
        frame_top: usize,
    ) -> Result<bool, Fault> {
        let (rb, rc) = (arg_b(i), arg_c(i));
        let (b, c) = (rk(&self.stack, k, base, rb), rk(&self.stack, k, base, rc));
        let a = base + arg_a(i);
        if let (Value::Num(x), Value::Num(y)) = (b, c) {
            self.stack[a] = Value::Num(f(x, y));
            return Ok(false);
        }
        Ok(self.arith_slow(proto, pc, aop, [rb, rc], [b, c], a, frame_top)?)
    }

    /// GETTABLE (`FIELD`: GETFIELD, the key a constant string) and SELF/SELFK (`SELF_`: the
    /// object also goes to R(A+1)): the fast lookup inline, the general one out of line.
    /// True: a frame was pushed.
    #[inline(always)]
    fn get_table<const SELF_: bool, const FIELD: bool>(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        frame_top: usize,
    ) -> Result<bool, Fault> {
        let obj = self.stack[base + arg_b(i)];
        let key = if FIELD {
            k[arg_c(i) & 0xff]
        } else {
            rk(&self.stack, k, base, arg_c(i))
        };
        let a = base + arg_a(i);
        if SELF_ {
            self.stack[a + 1] = obj;
        }
        let done = if FIELD {
            self.field_to(obj, key, a)
        } else {
            self.index_to(obj, key, a)
        };
        if !done {
            return Ok(self.index_at(proto, pc, i, k, base, None, frame_top)?);
        }
        Ok(false)
    }

    /// `obj[s] = v` (raw) when `obj` is a writable table without metatable (true: done);
    /// false: nothing done, the general store decides (metatables, read-only tables, errors).
    #[inline(always)]
    fn store_str(&mut self, obj: Value, s: StrRef, v: Value) -> Result<bool, Throw> {
        let Value::Table(t) = obj else {
            return Ok(false);
        };
        let Ok(mut tm) = self.heap.table_mut(t) else {
            return Ok(false);
        };
        if tm.meta.is_some() {
            return Ok(false);
        }
        if let Err(e) = tm.set_str(s, v) {
            self.store_after_refusal(t, Value::Str(s), v, e)?;
        }
        Ok(true)
    }

    /// ADDK and the other arithmetic with a register and a number constant (`specialize`
    /// emits them only for one): no RK tests, the constant read from `numk` with no tag test.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn arith_k(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        (aop, f): (ArithOp, impl Fn(f64, f64) -> f64),
        frame_top: usize,
    ) -> Result<bool, Fault> {
        if let Value::Num(x) = self.stack[base + arg_b(i)] {
            let y = proto.numk[arg_c(i) & (NUMK_SLOTS - 1)];
            self.stack[base + arg_a(i)] = Value::Num(f(x, y));
            return Ok(false);
        }
        Ok(self.arith_at(proto, pc, i, k, base, aop, frame_top)?)
    }

    /// ADDRR and the other arithmetic on two registers: no RK tests.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn arith_rr(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        (aop, f): (ArithOp, impl Fn(f64, f64) -> f64),
        frame_top: usize,
    ) -> Result<bool, Fault> {
        let (b, c) = (base + arg_b(i), base + arg_c(i));
        if let (Value::Num(x), Value::Num(y)) = (self.stack[b], self.stack[c]) {
            self.stack[base + arg_a(i)] = Value::Num(f(x, y));
            return Ok(false);
        }
        Ok(self.arith_at(proto, pc, i, k, base, aop, frame_top)?)
    }

    /// The general arithmetic of a specialised instruction, its operands read again from
    /// the instruction (as `compare_at`).
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn arith_at(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        aop: ArithOp,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let (rb, rc) = (arg_b(i), arg_c(i));
        let (b, c) = (rk(&self.stack, k, base, rb), rk(&self.stack, k, base, rc));
        self.arith_slow(proto, pc, aop, [rb, rc], [b, c], base + arg_a(i), frame_top)
    }

    /// EQ/LT/LE after the inline number (and string equality) case: `fast` is its result, or
    /// None for the general comparison. Skips or takes the following jump. True: a
    /// metamethod frame was pushed (its result settles the jump).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn cond_jump(
        &mut self,
        code: &[Instr],
        pc: &mut usize,
        op: Op,
        i: Instr,
        k: &[Value],
        base: usize,
        fast: Option<bool>,
        frame_top: usize,
    ) -> Result<bool, Fault> {
        let expect = arg_a(i) != 0;
        let r = match fast {
            Some(r) => r,
            None => match self.compare_at(*pc, op, i, k, base, expect, frame_top)? {
                Some(r) => r,
                None => return Ok(true),
            },
        };
        if r == expect {
            self.jump_next(code, pc)?;
        } else {
            *pc += 1;
        }
        Ok(false)
    }

    /// The general comparison, its operands read again from the instruction: the fast path
    /// only matches them, so they are never copied whole (a 16-byte load of a register just
    /// written as two 8-byte halves, by arithmetic or FORLOOP, stalls store forwarding).
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn compare_at(
        &mut self,
        pc: usize,
        op: Op,
        i: Instr,
        k: &[Value],
        base: usize,
        expect: bool,
        frame_top: usize,
    ) -> Result<Option<bool>, Throw> {
        let b = rk(&self.stack, k, base, arg_b(i));
        let c = rk(&self.stack, k, base, arg_c(i));
        self.compare_slow(pc, op, b, c, expect, frame_top)
    }

    /// GETTABLE, SELF (`env` None) and GETGLOBAL's general path, the operands read again
    /// from the instruction (see `compare_at`). SELF's object is still in R(B): B is A or
    /// below, and R(A) is written only by the lookup.
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn index_at(
        &mut self,
        proto: &Proto,
        pc: usize,
        i: Instr,
        k: &[Value],
        base: usize,
        env: Option<TableRef>,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let (reg, obj, key) = match env {
            Some(e) => (None, Value::Table(e), k[arg_bx(i)]),
            None => {
                let b = arg_b(i);
                (
                    Some(b),
                    self.stack[base + b],
                    rk(&self.stack, k, base, arg_c(i)),
                )
            }
        };
        self.index_slow(proto, pc, reg, obj, key, base + arg_a(i), frame_top)
    }

    /// The jump that follows a test (always a JMP), taken; a backward one pays the budget.
    #[inline(always)]
    fn jump_next(&mut self, code: &[Instr], pc: &mut usize) -> Result<(), Throw> {
        let off = arg_sbx(code[*pc]);
        *pc = (*pc as isize + 1 + off) as usize;
        if off < 0 {
            self.tick(*pc)?;
        }
        Ok(())
    }

    /// One unit of the instruction budget, at backward jumps, loop iterations and calls; the
    /// hard memory limit is enforced here too (loops that only grow tables allocate at no
    /// other safe point).
    #[inline(always)]
    fn tick(&mut self, pc: usize) -> Result<(), Throw> {
        self.budget -= 1;
        // `memory_limit != 0 && bytes > memory_limit` as one comparison with a cap that is
        // the largest value when there is no limit.
        if self.budget <= 0 || self.heap.bytes > self.tick_memory_cap {
            return self.tick_slow(pc);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn tick_slow(&mut self, pc: usize) -> Result<(), Throw> {
        self.save_pc(pc);
        if self.budget <= 0 {
            self.run_hook()?;
        }
        if self.memory_limit != 0 && self.heap.bytes > self.memory_limit {
            self.gc_check()?;
        }
        Ok(())
    }

    /// The collector's safe point before an instruction allocates (NEWTABLE, CONCAT, CLOSURE).
    #[inline(always)]
    fn check_gc(&mut self, pc: usize, frame_top: usize) -> Result<(), Throw> {
        if self.gc_due() {
            return self.check_gc_slow(pc, frame_top);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn check_gc_slow(&mut self, pc: usize, frame_top: usize) -> Result<(), Throw> {
        self.save_pc(pc);
        // Slots above this frame are dead: drop them so they don't keep garbage alive
        // (lua5.1 marks only below the frame top too).
        self.stack.truncate(frame_top);
        self.gc_check()
    }

    /// Saves the running instruction's position in the top frame (before anything that may
    /// raise, run the hook, or push frames).
    #[inline]
    pub(crate) fn save_pc(&mut self, pc: usize) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::func::Upvals;

    /// A prototype that runs `code` (hand-assembled: the compiler emits no unused opcode).
    fn closure_of(vm: &mut Vm, code: Vec<Instr>) -> Value {
        let n = code.len();
        let proto = Proto {
            code,
            lines: vec![1; n],
            max_stack: 2,
            source: "=dispatch".into(),
            ..Proto::default()
        };
        let g = vm.globals;
        vm.new_lua_closure(Rc::new(proto), std::iter::empty().collect::<Upvals>(), g)
    }

    #[test]
    fn every_unused_opcode_is_an_error_not_a_panic() {
        for op in 58..64u8 {
            let mut vm = Vm::new();
            let f = closure_of(&mut vm, vec![abc(op, 0, 0, 0), abc(OP_RETURN, 0, 1, 0)]);
            let e = vm.call(f, &[]).expect_err("unused opcode");
            assert!(
                e.message.contains(&format!("invalid opcode {op}")),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn a_hand_assembled_prototype_runs() {
        // The same harness with valid opcodes, so the test above fails for the right reason.
        let mut vm = Vm::new();
        let f = closure_of(
            &mut vm,
            vec![abc(OP_LOADBOOL, 0, 1, 0), abc(OP_RETURN, 0, 2, 0)],
        );
        let r = vm.call(f, &[]).expect("runs");
        assert!(r.len() == 1 && r[0].raw_eq(Value::Bool(true)));
    }
}
