//! The executor's out-of-line instructions and slow paths: metamethods, coercions, errors,
//! calls other than Lua->Lua, and the rarer opcodes. `execute.rs` calls them; those that may
//! push a frame (or switch coroutines) return `true` when the loop must enter the new top.

use super::arith::ArithOp;
use super::call::FrameShape;
use super::describe::describe_reg;
use super::meta::Meta;
use super::{CallInfo, Ret, RetMode, Throw, Vm};
use crate::bytecode::*;
use crate::exec::Function;
use crate::heap::func::Upvals;
use crate::value::{CellRef, Value};
use std::rc::Rc;

/// `__index` tables the fast lookups follow (`Vm::class_get`); longer chains take the
/// general path.
const CHAIN_LEVELS: usize = 16;

impl Vm {
    /// A metamethod's outcome: a value goes where `ret` says; a call is set up (the loop
    /// then enters it: true).
    fn meta_to(&mut self, m: Meta, ret: RetMode, frame_top: usize) -> Result<bool, Throw> {
        match m {
            Meta::Value(v) => {
                if let RetMode::ToSlot(s) = ret {
                    self.stack[s] = v;
                }
                Ok(false)
            }
            Meta::Call { f, args, n } => {
                self.call_meta(frame_top, f, &args[..n], ret)?;
                Ok(true)
            }
        }
    }

    /// GETTABLE and SELF without a metamethod call: `R(a) := obj[key]` for a raw hit, a miss
    /// on a table without metatable, or a miss settled by a chain of `__index` tables
    /// (`class_get`). False: nothing stored, the general path decides. The value is stored
    /// here, on each path, rather than returned: an `Option<Value>` result went through the
    /// machine stack.
    #[inline(always)]
    pub(crate) fn index_to(&mut self, obj: Value, key: Value, a: usize) -> bool {
        let Value::Table(t) = obj else {
            return false;
        };
        let Ok(tb) = self.heap.table(t) else {
            return false;
        };
        let v = tb.get(key);
        if !v.is_nil() || tb.meta.is_none() {
            self.stack[a] = v;
            return true;
        }
        let meta = tb.meta;
        match self.class_get(meta, |c| c.get(key)) {
            Some(v) => {
                self.stack[a] = v;
                true
            }
            None => false,
        }
    }

    /// `index_to` for a constant string key (GETFIELD, SELFK, GETGLOBAL): the key's type is
    /// known, so the lookups go straight to the hash part.
    #[inline(always)]
    pub(crate) fn field_to(&mut self, obj: Value, key: Value, a: usize) -> bool {
        let (Value::Table(t), Value::Str(s)) = (obj, key) else {
            return false;
        };
        let Ok(tb) = self.heap.table(t) else {
            return false;
        };
        let v = tb.get_str(s);
        if !v.is_nil() || tb.meta.is_none() {
            self.stack[a] = v;
            return true;
        }
        let meta = tb.meta;
        match self.class_get(meta, |c| c.get_str(s)) {
            Some(v) => {
                self.stack[a] = v;
                true
            }
            None => false,
        }
    }

    /// `R(a) := obj[key]` through `__index` (or its error, naming register `reg`).
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn index_slow(
        &mut self,
        p: &Proto,
        pc: usize,
        reg: Option<usize>,
        obj: Value,
        key: Value,
        a: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        self.save_pc(pc);
        let m = self.index_op(p, pc, reg, obj, key)?;
        self.meta_to(m, RetMode::ToSlot(a), frame_top)
    }

    /// SETTABLE and SETGLOBAL: a raw store into a table without metatable, else through
    /// `__newindex` (true: its call was set up).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn settable(
        &mut self,
        p: &Proto,
        pc: usize,
        reg: Option<usize>,
        obj: Value,
        key: Value,
        v: Value,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        if let Value::Table(t) = obj {
            let done = {
                let mut tm = self.heap.table_mut(t).map_err(Throw::readonly_at_op)?;
                if tm.meta.is_none() {
                    Some(tm.set(key, v))
                } else {
                    None
                }
            };
            if let Some(r) = done {
                if let Err(e) = r {
                    self.store_after_refusal(t, key, v, e)?;
                }
                return Ok(false);
            }
        }
        self.newindex_slow(p, pc, reg, obj, key, v, frame_top)
    }

    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn newindex_slow(
        &mut self,
        p: &Proto,
        pc: usize,
        reg: Option<usize>,
        obj: Value,
        key: Value,
        v: Value,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        self.save_pc(pc);
        let m = self.newindex_op(p, pc, reg, obj, key, v)?;
        self.meta_to(m, RetMode::Discard, frame_top)
    }

    /// Arithmetic on operands that are not both numbers: coercion or a metamethod.
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn arith_slow(
        &mut self,
        p: &Proto,
        pc: usize,
        aop: ArithOp,
        regs: [usize; 2],
        vals: [Value; 2],
        a: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        self.save_pc(pc);
        let m = self.arith_op(p, pc, aop, regs[0], regs[1], vals[0], vals[1])?;
        self.meta_to(m, RetMode::ToSlot(a), frame_top)
    }

    /// LEN: a table's border, else a string's length or `__len`.
    #[inline(never)]
    pub(crate) fn op_len(
        &mut self,
        p: &Proto,
        pc: usize,
        base: usize,
        rb: usize,
        a: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let b = self.stack[base + rb];
        if let Value::Table(t) = b {
            self.stack[a] = Value::Num(self.heap.table(t)?.border() as f64);
            return Ok(false);
        }
        self.save_pc(pc);
        let m = self.len_op(p, pc, rb, b)?;
        self.meta_to(m, RetMode::ToSlot(a), frame_top)
    }

    /// EQ, LT, LE when the operands are not both numbers (nor, for EQ, both strings): the
    /// result, or None when a metamethod call was set up (it completes the jump).
    #[cold]
    #[inline(never)]
    pub(crate) fn compare_slow(
        &mut self,
        pc: usize,
        op: Op,
        b: Value,
        c: Value,
        expect: bool,
        frame_top: usize,
    ) -> Result<Option<bool>, Throw> {
        self.save_pc(pc);
        let (m, negate) = if op == Op::Eq {
            if !matches!(
                (b, c),
                (Value::Table(_), Value::Table(_)) | (Value::UserData(_), Value::UserData(_))
            ) {
                return Ok(Some(b.raw_eq(c)));
            }
            (self.eq_meta(b, c), false)
        } else {
            self.compare_op(b, c, op == Op::Le)?
        };
        match m {
            Meta::Value(v) => Ok(Some(v.truthy())),
            Meta::Call { f, args, n } => {
                let ret = RetMode::Cond { negate, expect };
                self.call_meta(frame_top, f, &args[..n], ret)?;
                Ok(None)
            }
        }
    }

    /// After a general call from the top frame (`fi`): true when frames changed (or a
    /// coroutine switch happened), else this frame's registers are made to exist again.
    #[inline]
    fn after_call(&mut self, fi: usize, frame_top: usize) -> bool {
        if self.frames.len() != fi + 1 || self.switched {
            self.switched = false;
            return true;
        }
        if self.stack.len() < frame_top {
            self.stack.resize(frame_top, Value::Nil);
        }
        false
    }

    /// CALL's one lookup of the callee `fr`: a Lua closure, or None with a native's function
    /// left in `native` (handed to `call_other`, which then need not look it up again).
    #[inline(always)]
    pub(crate) fn lua_callee(
        &self,
        fr: crate::value::FuncRef,
        native: &mut Option<crate::exec::NativeFn>,
    ) -> Option<&crate::heap::func::LuaClosure> {
        match self.heap.function(fr) {
            Ok(Function::Lua(c)) => Some(c),
            Ok(Function::Native(n)) => {
                *native = Some(n.f);
                None
            }
            Err(_) => None,
        }
    }

    /// CALL of a native `f` found by CALL's lookup (plain loop): it runs now and its values
    /// are copied in place (true), or frames changed (false). The call crosses as word
    /// scalars: a `CallInfo` built in the loop's stack frame and passed by reference cost
    /// its stores and loads on every native call.
    #[inline(never)]
    pub(crate) fn call_native(
        &mut self,
        f: crate::exec::NativeFn,
        func_idx: usize,
        nresults: isize,
        nargs: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let ci = CallInfo {
            func_idx,
            nresults,
            ret: RetMode::Normal,
        };
        self.call_native_inline(f, ci, nargs, frame_top)
    }

    /// CALL of anything but a Lua closure or a native found by CALL's lookup (a callable
    /// object through `__call`, a stale handle's error, any native in the hooked loop, where
    /// it gets its hook events from `call_value`).
    #[inline(never)]
    pub(crate) fn call_other<const HOOKED: bool>(
        &mut self,
        ci: CallInfo,
        nargs: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let fi = self.frames.len() - 1;
        self.call_value(ci, nargs, true)?;
        Ok(self.after_call(fi, frame_top))
    }

    /// TAILCALL: a Lua callee (directly or through a Lua `__call` handler) replaces the
    /// frame; anything else is called as by CALL with all results.
    #[inline(never)]
    pub(crate) fn op_tailcall<const HOOKED: bool>(
        &mut self,
        a: usize,
        b: usize,
        frame_top: usize,
    ) -> Result<Tail, Throw> {
        let mut nargs = if b != 0 { b - 1 } else { self.top - a - 1 };
        // A callable object whose __call is a Lua function is tail-called too, as lua5.1's
        // precall does after tryfuncTM (an endless `return self()` through __call loops, it
        // does not overflow).
        if !matches!(self.stack[a], Value::Func(_)) {
            let h = self.metamethod(self.stack[a], self.names.call);
            if let Value::Func(hf) = h
                && matches!(self.heap.function(hf), Ok(Function::Lua(_)))
            {
                self.stack.truncate(a + 1 + nargs);
                self.stack.insert(a, h);
                nargs += 1;
            }
        }
        // One lookup of the callee: a Lua closure replaces the frame, a native runs here.
        let (fr, proto, shape) = match self.stack[a] {
            Value::Func(fr) => match self.heap.function(fr)? {
                Function::Lua(c) => (fr, c.proto.clone(), FrameShape::of(c)),
                Function::Native(nc) if !HOOKED => {
                    let (f, ci) = (
                        nc.f,
                        CallInfo {
                            func_idx: a,
                            nresults: -1,
                            ret: RetMode::Normal,
                        },
                    );
                    return Ok(if self.call_native_inline(f, ci, nargs, frame_top)? {
                        Tail::Stay
                    } else {
                        Tail::Changed
                    });
                }
                Function::Native(_) => return self.tail_other::<HOOKED>(a, nargs, frame_top),
            },
            _ => return self.tail_other::<HOOKED>(a, nargs, frame_top),
        };
        let fi = self.frames.len() - 1;
        let ci = self.frames[fi].ci;
        let dst = ci.func_idx;
        for j in 0..=nargs {
            self.stack[dst + j] = self.stack[a + j];
        }
        // A plain call's frame is rewritten in place for the callee, one more tail call deep
        // (the frame count does not change, so no frame limit to check). The registers first:
        // growing the stack may fail or collect, and the frame must still be the caller's
        // then (the callee is rooted in the stack).
        if ci.ret.is_plain() {
            let calls = ci.ret.tail_calls().saturating_add(1);
            let (np, ms) = (shape.num_params as usize, shape.max_stack as usize);
            let base = self.lua_window(dst, nargs, np, ms, shape.is_vararg)?;
            let f = &mut self.frames[fi];
            f.kind = super::FrameKind::Lua {
                env: shape.env,
                func: fr,
            };
            f.base = base;
            f.pc = 0;
            f.ci.ret = RetMode::Tail { calls };
            return Ok(Tail::Replaced(proto));
        }
        // A metamethod's frame keeps its return mode and counts its tail calls in `nresults`
        // (`Frame::tail_calls`); popped and pushed again for the C-level accounting.
        let frame = self.frames.pop().expect("frame");
        self.c_depth -= 1;
        let tail = frame.tail_calls().saturating_add(1);
        tri_popped(
            self.push_lua_frame(frame.ci, nargs, fr, shape),
            &mut self.frames,
            frame,
        )?;
        let top = self.frames.last_mut().expect("frame");
        top.ci.nresults = tail.min(isize::MAX as usize) as isize;
        Ok(Tail::Replaced(proto))
    }

    /// TAILCALL of anything but a Lua closure (or of a native in the hooked loop).
    #[inline(never)]
    fn tail_other<const HOOKED: bool>(
        &mut self,
        a: usize,
        nargs: usize,
        frame_top: usize,
    ) -> Result<Tail, Throw> {
        // A native (or a non-Lua `__call`) runs as CALL runs it, keeping all its results for
        // the RETURN that follows (lua5.1's precall of a C function in OP_TAILCALL).
        let ci = CallInfo {
            func_idx: a,
            nresults: -1,
            ret: RetMode::Normal,
        };
        Ok(if self.call_other::<HOOKED>(ci, nargs, frame_top)? {
            Tail::Changed
        } else {
            Tail::Stay
        })
    }

    /// RETURN into a continuation, a metamethod's caller, or out of a coroutine's body.
    #[cold]
    #[inline(never)]
    pub(crate) fn return_slow(
        &mut self,
        frame: super::Frame,
        a: usize,
        n: usize,
    ) -> Result<(), Throw> {
        if !frame.ci.ret.is_plain() {
            self.c_depth -= 1;
        }
        self.finish(frame.ci, a, n)
    }

    /// TFORCALL: `R(a+3..a+2+c) := R(a)(R(a+1), R(a+2))`.
    #[inline(never)]
    pub(crate) fn op_tforcall<const HOOKED: bool>(
        &mut self,
        a: usize,
        c: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let cb = a + 3;
        if self.stack.len() < cb + 3 {
            self.stack.resize(cb + 3, Value::Nil);
        }
        self.stack.copy_within(a..a + 3, cb);
        let ci = CallInfo {
            func_idx: cb,
            nresults: c as isize,
            ret: RetMode::Normal,
        };
        if !HOOKED
            && let Value::Func(fr) = self.stack[cb]
            && let Ok(Function::Native(nc)) = self.heap.function(fr)
        {
            let f = nc.f;
            return Ok(!self.call_native_inline(f, ci, 2, frame_top)?);
        }
        let fi = self.frames.len() - 1;
        self.call_value(ci, 2, true)?;
        Ok(self.after_call(fi, frame_top))
    }

    /// SETLIST: `R(a)[(c-1)*FPF+j] := R(a+j)`, 1 <= j <= b (b = 0: up to top).
    #[inline(never)]
    pub(crate) fn op_setlist(&mut self, a: usize, b: usize, c: usize) -> Result<(), Throw> {
        let n = if b != 0 { b } else { self.top - a - 1 };
        let first = (c - 1) * FIELDS_PER_FLUSH as usize;
        if let Value::Table(t) = self.stack[a] {
            let (stack, heap) = (&self.stack, &mut self.heap);
            let mut tm = heap.table_mut(t).map_err(Throw::readonly_at_op)?;
            // lua5.1 grows the array part to the last index first (which lays the hash part
            // out anew: that decides `next` order).
            let mut refused = tm.resize_array(first + n).is_err();
            // The usual case: every value lands in the (presized) array part at once.
            if !refused && tm.set_array_run(first, &stack[a + 1..=a + n]) {
                return Ok(());
            }
            for j in 1..=n {
                if refused {
                    break;
                }
                if tm.set_int((first + j) as i64, stack[a + j]).is_err() {
                    refused = true;
                }
            }
            if refused {
                self.setlist_after_refusal(t, first, a, n)?;
            }
        }
        Ok(())
    }

    /// CLOSURE of prototype `p` in the frame of closure `func` (registers from `base`).
    #[inline(never)]
    pub(crate) fn op_closure(
        &mut self,
        func: crate::value::FuncRef,
        env: crate::value::TableRef,
        p: Rc<Proto>,
        base: usize,
    ) -> Value {
        // One allocation at most (none for one cell: `Upvals` holds it inline). A register
        // that unexpectedly holds no cell yields the null handle, which is stale: any use is
        // an error, never UB. The enclosing closure is looked up only for the cells taken
        // from it (most closures capture only locals of the frame).
        let (stack, heap) = (&self.stack, &self.heap);
        let cells: Upvals = p
            .upvals
            .iter()
            .map(|u| match *u {
                UpvalSrc::Reg(r) => cell_of(stack[base + r as usize]).unwrap_or_default(),
                UpvalSrc::Upval(j) => heap.upval_cell(func, j as usize).unwrap_or_default(),
            })
            .collect();
        self.new_lua_closure(p, cells, env)
    }

    /// VARARG: `R(a), ..., R(a+b-2) := vararg` (b = 0: all of them, setting top).
    #[inline(never)]
    pub(crate) fn op_vararg(&mut self, num_params: usize, a: usize, b: usize) -> Result<(), Throw> {
        let (vs, vc) = match self.frames.last() {
            Some(f) => f.varargs(num_params),
            None => (0, 0),
        };
        let n = if b != 0 { b - 1 } else { vc };
        self.ensure_stack(a + n)?;
        if self.stack.len() < a + n {
            self.stack.resize(a + n, Value::Nil);
        }
        // One block move and one fill (the varargs lie below the frame's base, so below
        // `a`): a per-value loop with its bounds checks made the recursion that passes a
        // growing `...` on (quadratic in its depth) four times lua5.1's time.
        let m = n.min(vc);
        self.stack.copy_within(vs..vs + m, a);
        self.stack[a + m..a + n].fill(Value::Nil);
        if b == 0 {
            self.top = a + n;
        }
        Ok(())
    }

    /// VARARGTAB: `R(a) := { vararg...; n = #vararg }`.
    #[inline(never)]
    pub(crate) fn op_varargtab(&mut self, num_params: usize, a: usize) -> Result<(), Throw> {
        let (vs, vc) = match self.frames.last() {
            Some(f) => f.varargs(num_params),
            None => (0, 0),
        };
        // Sized before it is made; then the stores below never grow it.
        self.reserve(crate::heap::table::Table::parts_bytes(vc, 2))?;
        let t = self.heap.new_table(vc, 1);
        let nkey = self.str("n");
        let (stack, heap) = (&self.stack, &mut self.heap);
        {
            let mut tbl = heap.table_mut(t)?;
            for j in 0..vc {
                let _ = tbl.set_int(j as i64 + 1, stack[vs + j]);
            }
            let _ = tbl.set(nkey, Value::Num(vc as f64));
        }
        self.stack[a] = Value::Table(t);
        Ok(())
    }

    /// CONCAT of `R(b..=c)` into `R(a)` (absolute slots): strings and numbers joined here,
    /// anything else through `__concat` (true: its call was set up).
    #[inline(never)]
    pub(crate) fn op_concat(
        &mut self,
        pc: usize,
        b: usize,
        c: usize,
        a: usize,
    ) -> Result<bool, Throw> {
        // Sized first (a number takes at most 32 bytes); a big result is reserved and paid
        // for before it is built (exec/alloc.rs).
        let mut total = 0usize;
        let mut ok = true;
        for r in b..=c {
            total = total.saturating_add(match self.stack[r] {
                Value::Str(s) => self.heap.str_len(s),
                Value::Num(_) => 32,
                _ => {
                    ok = false;
                    break;
                }
            });
        }
        if ok {
            if total > CONCAT_SMALL {
                self.save_pc(pc);
                self.reserve(total)?;
                self.charge_bytes(total)?;
            }
            let mut buf = Vec::with_capacity(total);
            for r in b..=c {
                self.append_concat(&mut buf, self.stack[r]);
            }
            self.stack[a] = Value::Str(self.heap.intern_vec(buf));
            return Ok(false);
        }
        self.save_pc(pc);
        if self.concat_from(b, c)? {
            return Ok(true);
        }
        self.stack[a] = self.stack[b];
        Ok(false)
    }

    /// Calls a native from a CALL-like instruction. Returns true when it returned values that
    /// are now in place (the frame continues as is); false when frames changed (reload).
    /// Inlined into its callers (CALL's and TAILCALL's out-of-line paths): one function
    /// entry per native call, not two.
    #[inline(always)]
    fn call_native_inline(
        &mut self,
        f: crate::exec::NativeFn,
        ci: CallInfo,
        nargs: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let a = ci.func_idx;
        self.stack.truncate(a + 1 + nargs);
        let depth = self.frames.len();
        // Matched in place, not moved out first: a moved `Ret` was read back with wide loads
        // over the native's narrow stores (a store-forwarding stall on every native call).
        match f(self, a + 1, nargs) {
            Err(e) => {
                self.err_in_native = true;
                Err(e)
            }
            Ok(Ret::Values(n)) if self.heap.finalizers_pending() => {
                self.native_ret_finalizing(n, ci, depth, frame_top)
            }
            Ok(Ret::Values(n)) => {
                let want = if ci.nresults < 0 {
                    n
                } else {
                    ci.nresults as usize
                };
                let src = self.stack.len() - n;
                let m = n.min(want);
                if m == 1 {
                    // The common single result: one copy, not a call to memmove.
                    self.stack[a] = self.stack[src];
                } else if m > 1 && src != a {
                    // (None wanted — a call as a statement — copies nothing: no memmove call.)
                    self.stack.copy_within(src..src + m, a);
                }
                let need = frame_top.max(a + want);
                if self.stack.len() < need {
                    self.stack.resize(need, Value::Nil);
                }
                for j in m..want {
                    self.stack[a + j] = Value::Nil;
                }
                self.top = a + want;
                if self.gc_due() {
                    self.stack.truncate(need);
                    self.gc_check()?;
                }
                if self.switched || self.frames.len() != depth {
                    self.switched = false;
                    return Ok(false);
                }
                Ok(true)
            }
            Ok(other) => self.native_ret_other(other, ci, depth, frame_top),
        }
    }

    /// A native asked for a call (or a coroutine switch) instead of returning values.
    fn native_ret_other(
        &mut self,
        ret: Ret,
        ci: CallInfo,
        depth: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        self.handle_ret(ret, ci)?;
        if self.frames.len() == depth && !self.switched {
            if self.stack.len() < frame_top {
                self.stack.resize(frame_top, Value::Nil);
            }
            return Ok(true);
        }
        self.switched = false;
        Ok(false)
    }

    /// A native returned while `__gc` finalizers are queued: they run before its results
    /// are delivered (`exec/finalize.rs`).
    #[cold]
    #[inline(never)]
    fn native_ret_finalizing(
        &mut self,
        n: usize,
        ci: CallInfo,
        depth: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        if self.gc_due() {
            self.gc_check()?;
        }
        let ret = self.with_finalizers(Ret::Values(n));
        self.native_ret_other(ret, ci, depth, frame_top)
    }

    /// A raw miss on a table with metatable `meta`, settled as lua5.1's `luaV_gettable` loop
    /// settles it while every `__index` is a table: the first raw hit (`get`) along the chain,
    /// or nil where a metatable has no `__index` or a table no metatable. The first level
    /// (the class/instance shape) is inline, deeper ones out of line. None: the general path
    /// decides (an `__index` function or other value, a stale handle, a chain longer than
    /// `CHAIN_LEVELS`, which the general path counts against lua5.1's limit).
    #[inline(always)]
    fn class_get(
        &self,
        meta: Option<crate::value::TableRef>,
        get: impl Fn(&crate::heap::table::Table) -> Value,
    ) -> Option<Value> {
        let mt = self.heap.table(meta?).ok()?;
        let c = match mt.get_str(self.names.index) {
            Value::Table(c) => c,
            Value::Nil => return Some(Value::Nil),
            _ => return None,
        };
        let class = self.heap.table(c).ok()?;
        let v = get(class);
        if !v.is_nil() || class.meta.is_none() {
            return Some(v);
        }
        self.class_get_deep(class.meta, get)
    }

    /// `class_get` past the first level.
    #[inline(never)]
    fn class_get_deep(
        &self,
        mut meta: Option<crate::value::TableRef>,
        get: impl Fn(&crate::heap::table::Table) -> Value,
    ) -> Option<Value> {
        for _ in 1..CHAIN_LEVELS {
            let mt = self.heap.table(meta?).ok()?;
            let c = match mt.get_str(self.names.index) {
                Value::Table(c) => c,
                Value::Nil => return Some(Value::Nil),
                _ => return None,
            };
            let class = self.heap.table(c).ok()?;
            let v = get(class);
            if !v.is_nil() || class.meta.is_none() {
                return Some(v);
            }
            meta = class.meta;
        }
        None
    }

    #[inline(never)]
    pub(crate) fn for_prep(&mut self, a: usize) -> Result<(), Throw> {
        let names = ["'for' initial value", "'for' limit", "'for' step"];
        for (j, what) in names.iter().enumerate() {
            match self.to_number(self.stack[a + j]) {
                Some(n) => self.stack[a + j] = Value::Num(n),
                None => return Err(Throw::msg(format!("{} must be a number", what))),
            }
        }
        if let (Value::Num(x), Value::Num(s)) = (self.stack[a], self.stack[a + 2]) {
            self.stack[a] = Value::Num(x - s);
        }
        Ok(())
    }

    /// Index with a metamethod fallback, naming `reg` in the error.
    fn index_op(
        &mut self,
        p: &Proto,
        pc: usize,
        reg: Option<usize>,
        obj: Value,
        key: Value,
    ) -> Result<Meta, Throw> {
        match self.index_meta(obj, key) {
            Ok(m) => Ok(m),
            Err(super::meta::IndexError::Other(t)) => Err(t),
            Err(super::meta::IndexError::NotIndexable { v, first }) => {
                let d = if first {
                    reg.and_then(|r| describe_reg(&self.heap, p, pc - 1, r))
                } else {
                    None
                };
                Err(Throw::Msg(super::describe::type_error(d, v, "index")))
            }
        }
    }

    fn newindex_op(
        &mut self,
        p: &Proto,
        pc: usize,
        reg: Option<usize>,
        obj: Value,
        key: Value,
        val: Value,
    ) -> Result<Meta, Throw> {
        match self.newindex_meta(obj, key, val) {
            Ok(m) => Ok(m),
            Err(super::meta::IndexError::Other(t)) => Err(t),
            Err(super::meta::IndexError::NotIndexable { v, first }) => {
                let d = if first {
                    reg.and_then(|r| describe_reg(&self.heap, p, pc - 1, r))
                } else {
                    None
                };
                Err(Throw::Msg(super::describe::type_error(d, v, "index")))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn arith_op(
        &mut self,
        p: &Proto,
        pc: usize,
        aop: ArithOp,
        rb: usize,
        rc: usize,
        b: Value,
        c: Value,
    ) -> Result<Meta, Throw> {
        match self.arith_meta(aop, b, c) {
            Ok(m) => Ok(m),
            Err(e) => Err(self.op_error(p, pc, e, [rb, rc], [b, c])),
        }
    }

    fn len_op(&mut self, p: &Proto, pc: usize, rb: usize, b: Value) -> Result<Meta, Throw> {
        match self.len_meta(b) {
            Ok(m) => Ok(m),
            Err(e) => Err(self.op_error(p, pc, e, [rb, rb], [b, b])),
        }
    }

    fn compare_op(&mut self, b: Value, c: Value, le: bool) -> Result<(Meta, bool), Throw> {
        match self.compare_meta(b, c, le) {
            Ok(m) => Ok(m),
            Err(super::arith::OpError::Msg(m)) => Err(Throw::Msg(m)),
            Err(super::arith::OpError::Throw(t)) => Err(t),
            Err(super::arith::OpError::Operand(..)) => Err(Throw::msg("attempt to compare")),
        }
    }

    /// Converts an operand error into a message naming the operand's variable (RK operands
    /// that are constants have no name).
    fn op_error(
        &self,
        p: &Proto,
        pc: usize,
        e: super::arith::OpError,
        regs: [usize; 2],
        vals: [Value; 2],
    ) -> Throw {
        match e {
            super::arith::OpError::Operand(which, verb) => {
                let r = regs[which];
                let d = if r & BITRK as usize == 0 {
                    describe_reg(&self.heap, p, pc - 1, r)
                } else {
                    None
                };
                Throw::Msg(super::describe::type_error(d, vals[which], verb))
            }
            super::arith::OpError::Msg(m) => Throw::Msg(m),
            super::arith::OpError::Throw(t) => t,
        }
    }

    /// Slow CONCAT of registers `b..=last` (absolute) right to left, as luaV_concat; stores the
    /// final value at `stack[b]`. Returns true when a metamethod frame was pushed (the
    /// instruction then completes in `finish`).
    pub(crate) fn concat_from(&mut self, b: usize, mut last: usize) -> Result<bool, Throw> {
        while last > b {
            let (x, y) = (self.stack[last - 1], self.stack[last]);
            let xs = matches!(x, Value::Str(_) | Value::Num(_));
            let ys = matches!(y, Value::Str(_) | Value::Num(_));
            if !(xs && ys) {
                let h = self.binary_handler(x, y, self.names.concat);
                if h.is_nil() {
                    let (bad, reg) = if xs { (y, last) } else { (x, last - 1) };
                    let fi = self.frames.len() - 1;
                    let f = &self.frames[fi];
                    let d = self
                        .frame_proto(f)
                        .and_then(|p| describe_reg(&self.heap, p, f.pc - 1, reg - f.base));
                    return Err(Throw::Msg(super::describe::type_error(
                        d,
                        bad,
                        "concatenate",
                    )));
                }
                let fi = self.frames.len() - 1;
                let f = &self.frames[fi];
                let top = match self.frame_proto(f) {
                    Some(p) => f.base + p.max_stack as usize,
                    None => self.stack.len(),
                };
                let before = self.frames.len();
                self.call_meta(top, h, &[x, y], RetMode::Concat { slot: last - 1 })?;
                if self.frames.len() != before || self.switched {
                    return Ok(true);
                }
                // A native metamethod already stored its result (and continued the concat).
                return Ok(true);
            }
            // Join as many string/number operands as possible.
            let mut first = last - 1;
            while first > b && matches!(self.stack[first - 1], Value::Str(_) | Value::Num(_)) {
                first -= 1;
            }
            // Sized first (a number takes at most 32 bytes), reserved and charged before
            // copying (exec/alloc.rs).
            let mut total = 0usize;
            for r in first..=last {
                let n = match self.stack[r] {
                    Value::Str(s) => self.heap.str_len(s),
                    _ => 32,
                };
                total = super::alloc::add_len(total, n)?;
            }
            self.reserve(total)?;
            self.charge_bytes(total)?;
            let mut buf = Vec::with_capacity(total);
            for r in first..=last {
                self.append_concat(&mut buf, self.stack[r]);
            }
            self.stack[first] = Value::Str(self.heap.intern_vec(buf));
            last = first;
        }
        Ok(false)
    }
}

/// Concatenations up to this size skip the reservation (their string is accounted when it is
/// interned and the limit is enforced at the next safe point).
const CONCAT_SMALL: usize = 4096;

/// `floor` without a libm call for the common range. Below 2^52 in magnitude, adding and
/// subtracting 2^52 rounds |x| to an integer exactly (one unit in the last place is 1 there);
/// the sign put back keeps -0 and makes (-1, 0) round to -0 before the adjustment. No
/// float-to-integer cast: Rust's saturating `as` costs six instructions of NaN and range
/// tests this range does not need.
#[inline(always)]
pub(crate) fn fast_floor(x: f64) -> f64 {
    const TWO52: f64 = 4_503_599_627_370_496.0;
    let a = x.abs();
    if a < TWO52 {
        let r = ((a + TWO52) - TWO52).copysign(x);
        if r > x { r - 1.0 } else { r }
    } else {
        x.floor()
    }
}

#[inline]
pub(crate) fn cell_of(v: Value) -> Result<CellRef, Throw> {
    match v {
        Value::Cell(c) => Ok(c),
        _ => Err(Throw::msg("internal error: register does not hold a cell")),
    }
}

/// What TAILCALL did to the frame stack.
pub(crate) enum Tail {
    /// The callee's Lua frame replaced the caller's, at the same index; its prototype, from
    /// the lookup that found the callee.
    Replaced(std::rc::Rc<crate::bytecode::Proto>),
    /// A native ran; its results are on the stack for the RETURN that follows.
    Stay,
    /// The frame stack changed otherwise (a native's continuation, a coroutine switch).
    Changed,
}

/// After a tail call popped the frame, a failure to push the callee restores it so the error
/// is positioned in the caller.
fn tri_popped(
    r: Result<(), Throw>,
    frames: &mut Vec<super::Frame>,
    frame: super::Frame,
) -> Result<(), Throw> {
    match r {
        Ok(()) => Ok(()),
        Err(e) => {
            frames.push(frame);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fast_floor;

    /// Bit-identical to libm's `floor` (sign of zero included) around every boundary of the
    /// fast range: zeros, halves, integers, 2^52 and 2^53 neighbours, infinities, NaN.
    #[test]
    fn fast_floor_is_floor_bit_for_bit() {
        let two52 = 4_503_599_627_370_496.0_f64;
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            1e-300,
            -1e-300,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            two52,
            -two52,
            two52 * 2.0,
            -two52 * 2.0,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            1000002.9999999999,
            -7.0 / 3.0,
            7.0 / -3.0,
            1e15 + 0.5,
            -1e15 - 0.5,
        ];
        for base in [1.0_f64, 3.0, 1e6, two52 / 2.0, two52, two52 * 2.0] {
            let mut v = base;
            for _ in 0..8 {
                xs.extend([v, -v]);
                v = f64::from_bits(v.to_bits() - 1);
            }
            let mut v = base;
            for _ in 0..8 {
                xs.extend([v, -v]);
                v = f64::from_bits(v.to_bits() + 1);
            }
        }
        for n in -2000..2000 {
            xs.push(n as f64 / 16.0);
            xs.push(n as f64 / 7.0);
        }
        for x in xs {
            let (got, want) = (fast_floor(x), x.floor());
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "floor({x:e}): {got:e} != {want:e}"
            );
        }
    }
}
