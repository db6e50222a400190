//! The dispatch loop. One `match` per instruction; fast paths inline, slow paths (metamethods,
//! coercions, errors) in helpers. Calls and returns switch frames without leaving the loop.

use super::arith::ArithOp;
use super::describe::describe_reg;
use super::meta::Meta;
use super::{CallInfo, FrameKind, Ret, RetMode, Throw, Vm};
use crate::bytecode::*;
use crate::heap::func::{Function, LuaClosure, Upvals};
use crate::value::{CellRef, Value};

impl Vm {
    /// Runs Lua frames until the frame stack is empty. Errors leave the failing frame's `pc`
    /// saved so the unwinder can position and trace them.
    pub(crate) fn run(&mut self) -> Result<(), Throw> {
        'reload: loop {
            let fi = match self.frames.len() {
                0 => return Ok(()),
                n => n - 1,
            };
            // The frame keeps the closure's cells; the loop reads them from there (rare ops), so
            // entering a frame clones only the prototype handle.
            let (proto, env, base, mut pc) = match &self.frames[fi].kind {
                FrameKind::Lua { proto, env, .. } => (
                    proto.clone(),
                    *env,
                    self.frames[fi].base,
                    self.frames[fi].pc,
                ),
                FrameKind::Cont(_) => {
                    return Err(Throw::msg("internal error: continuation frame on top"));
                }
            };
            let code: &[Instr] = &proto.code;
            let k: &[Value] = &proto.consts;
            let frame_top = base + proto.max_stack as usize;
            if self.stack.len() < frame_top {
                self.stack.resize(frame_top, Value::Nil);
            }

            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => {
                            self.frames[fi].pc = pc;
                            return Err(e.into());
                        }
                    }
                };
            }
            macro_rules! rk {
                ($x:expr) => {{
                    let x = $x;
                    if x & 256 != 0 {
                        k[x & 255]
                    } else {
                        self.stack[base + x]
                    }
                }};
            }
            macro_rules! rkref {
                ($x:expr) => {{
                    let x = $x;
                    if x & 256 != 0 {
                        &k[x & 255]
                    } else {
                        &self.stack[base + x]
                    }
                }};
            }
            // Runs a slow-path operation that may need a metamethod call whose single result
            // goes to `ret`; switches frames if one was pushed.
            macro_rules! meta_to {
                ($meta:expr, $ret:expr) => {{
                    match $meta {
                        Meta::Value(v) => {
                            if let RetMode::ToSlot(s) = $ret {
                                self.stack[s] = v;
                            }
                        }
                        Meta::Call { f, args, n } => {
                            self.frames[fi].pc = pc;
                            tri!(self.call_meta(frame_top, f, &args[..n], $ret));
                            continue 'reload;
                        }
                    }
                }};
            }
            // Binary arithmetic: numbers inline (operands read in place), else coercion and
            // metamethods.
            macro_rules! arith {
                ($i:expr, $a:expr, $aop:expr, $f:expr) => {{
                    let (i, a) = ($i, $a);
                    let (rb, rc) = (arg_b(i), arg_c(i));
                    let fast = match (rkref!(rb), rkref!(rc)) {
                        (Value::Num(x), Value::Num(y)) => Some($f(*x, *y)),
                        _ => None,
                    };
                    match fast {
                        Some(r) => self.stack[a] = Value::Num(r),
                        None => {
                            let (b, c) = (rk!(rb), rk!(rc));
                            let m = tri!(self.arith_op(&proto, pc, $aop, rb, rc, b, c));
                            meta_to!(m, RetMode::ToSlot(a));
                        }
                    }
                }};
            }
            // After a general call: switch frames if one was pushed (or a coroutine switch
            // happened), else make sure this frame's registers still exist.
            macro_rules! after_call {
                () => {
                    if self.frames.len() != fi + 1 || self.switched {
                        self.switched = false;
                        continue 'reload;
                    }
                    if self.stack.len() < frame_top {
                        self.stack.resize(frame_top, Value::Nil);
                    }
                };
            }
            macro_rules! budget {
                () => {
                    self.budget -= 1;
                    if self.budget <= 0 {
                        self.frames[fi].pc = pc;
                        tri!(self.run_hook());
                    }
                    // Loops that only grow tables allocate at no other safe point: the hard
                    // memory limit is enforced at backward jumps and calls too.
                    if self.memory_limit != 0 && self.heap.bytes > self.memory_limit {
                        self.frames[fi].pc = pc;
                        tri!(self.gc_check());
                    }
                };
            }
            macro_rules! jump_next {
                () => {{
                    let off = arg_sbx(code[pc]);
                    pc = (pc as isize + 1 + off) as usize;
                    if off < 0 {
                        budget!();
                    }
                }};
            }

            loop {
                let i = code[pc];
                pc += 1;
                let a = base + arg_a(i);
                match op(i) {
                    OP_MOVE => self.stack[a] = self.stack[base + arg_b(i)],
                    OP_LOADK => self.stack[a] = k[arg_bx(i)],
                    OP_LOADBOOL => {
                        self.stack[a] = Value::Bool(arg_b(i) != 0);
                        if arg_c(i) != 0 {
                            pc += 1;
                        }
                    }
                    OP_LOADNIL => {
                        for r in a..=base + arg_b(i) {
                            self.stack[r] = Value::Nil;
                        }
                    }
                    OP_GETUPVAL => {
                        let c = frame_upval(&self.frames[fi], arg_b(i));
                        self.stack[a] = tri!(self.heap.cell(c));
                    }
                    OP_SETUPVAL => {
                        let c = frame_upval(&self.frames[fi], arg_b(i));
                        tri!(self.heap.set_cell(c, self.stack[a]));
                    }
                    OP_GETCELL => {
                        let c = tri!(cell_of(self.stack[base + arg_b(i)]));
                        self.stack[a] = tri!(self.heap.cell(c));
                    }
                    OP_SETCELL => {
                        let c = tri!(cell_of(self.stack[a]));
                        let v = rk!(arg_b(i));
                        tri!(self.heap.set_cell(c, v));
                    }
                    OP_NEWCELL => {
                        let c = self.heap.new_cell(self.stack[a]);
                        self.stack[a] = Value::Cell(c);
                    }
                    OP_GETGLOBAL => {
                        let key = k[arg_bx(i)];
                        let t = tri!(self.heap.table(env));
                        let v = t.get_hash(key);
                        if !v.is_nil() || t.meta.is_none() {
                            self.stack[a] = v;
                        } else {
                            let m = tri!(self.index_op(&proto, pc, None, Value::Table(env), key));
                            meta_to!(m, RetMode::ToSlot(a));
                        }
                    }
                    OP_SETGLOBAL => {
                        let key = k[arg_bx(i)];
                        let v = self.stack[a];
                        let done = {
                            let mut t =
                                tri!(self.heap.table_mut(env).map_err(Throw::readonly_at_op));
                            if t.meta.is_none() {
                                Some(t.set(key, v))
                            } else {
                                None
                            }
                        };
                        if let Some(r) = done {
                            if let Err(e) = r {
                                tri!(self.store_after_refusal(env, key, v, e));
                            }
                        } else {
                            let m =
                                tri!(self.newindex_op(&proto, pc, None, Value::Table(env), key, v));
                            meta_to!(m, RetMode::Discard);
                        }
                    }
                    OP_GETTABLE => {
                        let obj = self.stack[base + arg_b(i)];
                        let key = rk!(arg_c(i));
                        if let Value::Table(t) = obj {
                            let tb = tri!(self.heap.table(t));
                            let v = tb.get(key);
                            if !v.is_nil() || tb.meta.is_none() {
                                self.stack[a] = v;
                                continue;
                            }
                            if let Some(v) = self.class_index(tb.meta, key) {
                                self.stack[a] = v;
                                continue;
                            }
                        }
                        let m = tri!(self.index_op(&proto, pc, Some(arg_b(i)), obj, key));
                        meta_to!(m, RetMode::ToSlot(a));
                    }
                    OP_SETTABLE => {
                        let obj = self.stack[a];
                        let key = rk!(arg_b(i));
                        let v = rk!(arg_c(i));
                        if let Value::Table(t) = obj {
                            let done = {
                                let mut t =
                                    tri!(self.heap.table_mut(t).map_err(Throw::readonly_at_op));
                                if t.meta.is_none() {
                                    Some(t.set(key, v))
                                } else {
                                    None
                                }
                            };
                            if let Some(r) = done {
                                if let Err(e) = r {
                                    tri!(self.store_after_refusal(t, key, v, e));
                                }
                                continue;
                            }
                        }
                        let m = tri!(self.newindex_op(&proto, pc, Some(arg_a(i)), obj, key, v));
                        meta_to!(m, RetMode::Discard);
                    }
                    OP_NEWTABLE => {
                        if self.gc_due() {
                            self.frames[fi].pc = pc;
                            // Slots above this frame are dead: drop them so they don't keep
                            // garbage alive (lua5.1 marks only below the frame top too).
                            self.stack.truncate(frame_top);
                            tri!(self.gc_check());
                        }
                        let t = self.heap.new_table(arg_b(i), arg_c(i));
                        self.stack[a] = Value::Table(t);
                    }
                    OP_SELF => {
                        let obj = self.stack[base + arg_b(i)];
                        let key = rk!(arg_c(i));
                        self.stack[a + 1] = obj;
                        if let Value::Table(t) = obj {
                            let tb = tri!(self.heap.table(t));
                            let v = tb.get(key);
                            if !v.is_nil() || tb.meta.is_none() {
                                self.stack[a] = v;
                                continue;
                            }
                            if let Some(v) = self.class_index(tb.meta, key) {
                                self.stack[a] = v;
                                continue;
                            }
                        }
                        let m = tri!(self.index_op(&proto, pc, Some(arg_b(i)), obj, key));
                        meta_to!(m, RetMode::ToSlot(a));
                    }
                    OP_ADD => arith!(i, a, ArithOp::Add, |x: f64, y: f64| x + y),
                    OP_SUB => arith!(i, a, ArithOp::Sub, |x: f64, y: f64| x - y),
                    OP_MUL => arith!(i, a, ArithOp::Mul, |x: f64, y: f64| x * y),
                    OP_DIV => arith!(i, a, ArithOp::Div, |x: f64, y: f64| x / y),
                    OP_MOD => arith!(i, a, ArithOp::Mod, |x: f64, y: f64| x - fast_floor(x / y)
                        * y),
                    OP_POW => arith!(i, a, ArithOp::Pow, |x: f64, y: f64| x.powf(y)),
                    OP_UNM => {
                        let b = self.stack[base + arg_b(i)];
                        if let Value::Num(x) = b {
                            self.stack[a] = Value::Num(-x);
                        } else {
                            let m = tri!(self.arith_op(
                                &proto,
                                pc,
                                ArithOp::Unm,
                                arg_b(i),
                                arg_b(i),
                                b,
                                b
                            ));
                            meta_to!(m, RetMode::ToSlot(a));
                        }
                    }
                    OP_NOT => self.stack[a] = Value::Bool(!self.stack[base + arg_b(i)].truthy()),
                    OP_LEN => {
                        let b = self.stack[base + arg_b(i)];
                        let m = match b {
                            Value::Table(t) => {
                                Meta::Value(Value::Num(tri!(self.heap.table(t)).border() as f64))
                            }
                            _ => tri!(self.len_op(&proto, pc, arg_b(i), b)),
                        };
                        meta_to!(m, RetMode::ToSlot(a));
                    }
                    OP_CONCAT => {
                        if self.gc_due() {
                            self.frames[fi].pc = pc;
                            // Slots above this frame are dead: drop them so they don't keep
                            // garbage alive (lua5.1 marks only below the frame top too).
                            self.stack.truncate(frame_top);
                            tri!(self.gc_check());
                        }
                        let (b, c) = (base + arg_b(i), base + arg_c(i));
                        // Sized first (a number takes at most 32 bytes); a big result is
                        // reserved and paid for before it is built (exec/alloc.rs).
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
                                self.frames[fi].pc = pc;
                                tri!(self.reserve(total));
                                tri!(self.charge_bytes(total));
                            }
                            let mut buf = Vec::with_capacity(total);
                            for r in b..=c {
                                self.append_concat(&mut buf, self.stack[r]);
                            }
                            self.stack[a] = Value::Str(self.heap.intern_vec(buf));
                        } else {
                            self.frames[fi].pc = pc;
                            if tri!(self.concat_from(b, c)) {
                                continue 'reload;
                            }
                            self.stack[a] = self.stack[b];
                        }
                    }
                    OP_JMP => {
                        let off = arg_sbx(i);
                        pc = (pc as isize + off) as usize;
                        if off < 0 {
                            budget!();
                        }
                    }
                    OP_EQ => {
                        let b = rk!(arg_b(i));
                        let c = rk!(arg_c(i));
                        let expect = arg_a(i) != 0;
                        let eq = match (b, c) {
                            (Value::Num(x), Value::Num(y)) => Some(x == y),
                            (Value::Table(_), Value::Table(_))
                            | (Value::UserData(_), Value::UserData(_)) => None,
                            _ => Some(b.raw_eq(c)),
                        };
                        let eq = match eq {
                            Some(r) => r,
                            None => match self.eq_meta(b, c) {
                                Meta::Value(v) => v.truthy(),
                                Meta::Call { f, args, n } => {
                                    self.frames[fi].pc = pc;
                                    tri!(self.call_meta(
                                        frame_top,
                                        f,
                                        &args[..n],
                                        RetMode::Cond {
                                            negate: false,
                                            expect
                                        }
                                    ));
                                    continue 'reload;
                                }
                            },
                        };
                        if eq == expect {
                            jump_next!();
                        } else {
                            pc += 1;
                        }
                    }
                    OP_LT | OP_LE => {
                        let b = rk!(arg_b(i));
                        let c = rk!(arg_c(i));
                        let expect = arg_a(i) != 0;
                        let le = op(i) == OP_LE;
                        let r = if let (Value::Num(x), Value::Num(y)) = (&b, &c) {
                            if le { *x <= *y } else { *x < *y }
                        } else {
                            match tri!(self.compare_op(b, c, le)) {
                                (Meta::Value(v), _) => v.truthy(),
                                (Meta::Call { f, args, n }, negate) => {
                                    self.frames[fi].pc = pc;
                                    tri!(self.call_meta(
                                        frame_top,
                                        f,
                                        &args[..n],
                                        RetMode::Cond { negate, expect }
                                    ));
                                    continue 'reload;
                                }
                            }
                        };
                        if r == expect {
                            jump_next!();
                        } else {
                            pc += 1;
                        }
                    }
                    OP_TEST => {
                        if self.stack[a].truthy() == (arg_c(i) != 0) {
                            jump_next!();
                        } else {
                            pc += 1;
                        }
                    }
                    OP_TESTSET => {
                        let b = self.stack[base + arg_b(i)];
                        if b.truthy() == (arg_c(i) != 0) {
                            self.stack[a] = b;
                            jump_next!();
                        } else {
                            pc += 1;
                        }
                    }
                    OP_CALL => {
                        let b = arg_b(i);
                        let nargs = if b != 0 { b - 1 } else { self.top - a - 1 };
                        let ci = CallInfo {
                            func_idx: a,
                            nresults: arg_c(i) as i32 - 1,
                            ret: RetMode::Normal,
                        };
                        self.frames[fi].pc = pc;
                        budget!();
                        // Fast paths: a Lua closure gets its frame and the loop switches to it;
                        // a native returning values has them copied in place.
                        if let Value::Func(fr) = self.stack[a] {
                            match self.heap.function(fr) {
                                Ok(Function::Lua(c)) => {
                                    let (p2, u2, e2) = (c.proto.clone(), c.upvals.clone(), c.env);
                                    tri!(self.push_lua_frame(ci, nargs, fr, p2, u2, e2));
                                    continue 'reload;
                                }
                                Ok(Function::Native(nc)) => {
                                    let f = nc.f;
                                    if tri!(self.call_native_inline(f, ci, nargs, frame_top)) {
                                        continue;
                                    }
                                    continue 'reload;
                                }
                                Err(_) => {}
                            }
                        }
                        tri!(self.call_value(ci, nargs, true));
                        after_call!();
                    }
                    OP_TAILCALL => {
                        let b = arg_b(i);
                        let mut nargs = if b != 0 { b - 1 } else { self.top - a - 1 };
                        self.frames[fi].pc = pc;
                        budget!();
                        // A callable object whose __call is a Lua function is tail-called
                        // too, as lua5.1's precall does after tryfuncTM (an endless
                        // `return self()` through __call loops, it does not overflow).
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
                        if let Value::Func(fr) = self.stack[a] {
                            if let Function::Lua(LuaClosure {
                                proto: p2,
                                upvals: u2,
                                env: e2,
                            }) = tri!(self.heap.function(fr))
                            {
                                let (p2, u2, e2) = (p2.clone(), u2.clone(), *e2);
                                let frame = self.frames.pop().expect("frame");
                                if !matches!(frame.ci.ret, RetMode::Normal) {
                                    self.c_depth -= 1;
                                }
                                let dst = frame.ci.func_idx;
                                for j in 0..=nargs {
                                    self.stack[dst + j] = self.stack[a + j];
                                }
                                tri_popped(
                                    self.push_lua_frame(frame.ci, nargs, fr, p2, u2, e2),
                                    &mut self.frames,
                                    frame,
                                )?;
                                continue 'reload;
                            }
                        }
                        let ci = CallInfo {
                            func_idx: a,
                            nresults: -1,
                            ret: RetMode::Normal,
                        };
                        tri!(self.call_value(ci, nargs, true));
                        after_call!();
                    }
                    OP_RETURN => {
                        let b = arg_b(i);
                        let n = if b != 0 { b - 1 } else { self.top - a };
                        let frame = self.frames.pop().expect("frame");
                        // Fast path: plain return into a Lua caller.
                        if let RetMode::Normal = frame.ci.ret {
                            if self.frames.last().is_some_and(|f| f.is_lua()) {
                                let dst = frame.ci.func_idx;
                                let want = if frame.ci.nresults < 0 {
                                    n
                                } else {
                                    frame.ci.nresults as usize
                                };
                                if self.stack.len() < dst + want {
                                    self.stack.resize(dst + want, Value::Nil);
                                }
                                for j in 0..want {
                                    self.stack[dst + j] =
                                        if j < n { self.stack[a + j] } else { Value::Nil };
                                }
                                self.top = dst + want;
                                continue 'reload;
                            }
                        } else {
                            self.c_depth -= 1;
                        }
                        self.finish(frame.ci, a, n)?;
                        continue 'reload;
                    }
                    OP_FORLOOP => {
                        if let (Value::Num(idx), Value::Num(limit), Value::Num(step)) =
                            (&self.stack[a], &self.stack[a + 1], &self.stack[a + 2])
                        {
                            let (idx, limit, step) = (*idx + *step, *limit, *step);
                            if if step > 0.0 {
                                idx <= limit
                            } else {
                                limit <= idx
                            } {
                                pc = (pc as isize + arg_sbx(i)) as usize;
                                self.stack[a] = Value::Num(idx);
                                self.stack[a + 3] = Value::Num(idx);
                                budget!();
                            }
                        }
                    }
                    OP_FORPREP => {
                        tri!(self.for_prep(a));
                        pc = (pc as isize + arg_sbx(i)) as usize;
                    }
                    OP_TFORCALL => {
                        let cb = a + 3;
                        if self.stack.len() < cb + 3 {
                            self.stack.resize(cb + 3, Value::Nil);
                        }
                        self.stack[cb] = self.stack[a];
                        self.stack[cb + 1] = self.stack[a + 1];
                        self.stack[cb + 2] = self.stack[a + 2];
                        let ci = CallInfo {
                            func_idx: cb,
                            nresults: arg_c(i) as i32,
                            ret: RetMode::Normal,
                        };
                        self.frames[fi].pc = pc;
                        if let Value::Func(fr) = self.stack[cb] {
                            if let Ok(Function::Native(nc)) = self.heap.function(fr) {
                                let f = nc.f;
                                if tri!(self.call_native_inline(f, ci, 2, frame_top)) {
                                    continue;
                                }
                                continue 'reload;
                            }
                        }
                        tri!(self.call_value(ci, 2, true));
                        after_call!();
                    }
                    OP_TFORLOOP => {
                        let v = self.stack[a + 1];
                        if !v.is_nil() {
                            self.stack[a] = v;
                            pc = (pc as isize + arg_sbx(i)) as usize;
                            budget!();
                        }
                    }
                    OP_SETLIST => {
                        let b = arg_b(i);
                        let n = if b != 0 { b } else { self.top - a - 1 };
                        let mut c = arg_c(i);
                        if c == 0 {
                            c = code[pc] as usize;
                            pc += 1;
                        }
                        let first = (c - 1) * FIELDS_PER_FLUSH as usize;
                        if let Value::Table(t) = self.stack[a] {
                            let (stack, heap) = (&self.stack, &mut self.heap);
                            let mut tm = tri!(heap.table_mut(t).map_err(Throw::readonly_at_op));
                            let mut refused = false;
                            for j in 1..=n {
                                if tm.set_int((first + j) as i64, stack[a + j]).is_err() {
                                    refused = true;
                                    break;
                                }
                            }
                            if refused {
                                tri!(self.setlist_after_refusal(t, first, a, n));
                            }
                        }
                    }
                    OP_CLOSURE => {
                        if self.gc_due() {
                            self.frames[fi].pc = pc;
                            // Slots above this frame are dead: drop them so they don't keep
                            // garbage alive (lua5.1 marks only below the frame top too).
                            self.stack.truncate(frame_top);
                            tri!(self.gc_check());
                        }
                        let p = proto.protos[arg_bx(i)].clone();
                        // One allocation (an exact-size iterator collects straight into the
                        // Rc). A register that unexpectedly holds no cell yields the null handle,
                        // which is stale: any use is an error, never UB.
                        let stack = &self.stack;
                        let upvals: &[CellRef] = match &self.frames[fi].kind {
                            FrameKind::Lua { upvals, .. } => upvals,
                            FrameKind::Cont(_) => &[],
                        };
                        let cells: Upvals = p
                            .upvals
                            .iter()
                            .map(|u| match *u {
                                UpvalSrc::Reg(r) => {
                                    cell_of(stack[base + r as usize]).unwrap_or_default()
                                }
                                UpvalSrc::Upval(j) => {
                                    upvals.get(j as usize).copied().unwrap_or_default()
                                }
                            })
                            .collect();
                        self.stack[a] = self.new_lua_closure(p, cells, env);
                    }
                    OP_VARARG => {
                        let (vs, vc) = self.frames[fi].varargs(proto.num_params as usize);
                        let b = arg_b(i);
                        let n = if b != 0 { b - 1 } else { vc };
                        tri!(self.ensure_stack(a + n));
                        if self.stack.len() < a + n {
                            self.stack.resize(a + n, Value::Nil);
                        }
                        for j in 0..n {
                            self.stack[a + j] = if j < vc {
                                self.stack[vs + j]
                            } else {
                                Value::Nil
                            };
                        }
                        if b == 0 {
                            self.top = a + n;
                        }
                    }
                    OP_VARARGTAB => {
                        let (vs, vc) = self.frames[fi].varargs(proto.num_params as usize);
                        // Sized before it is made; then the stores below never grow it.
                        tri!(self.reserve(crate::heap::table::Table::parts_bytes(vc, 2)));
                        let t = self.heap.new_table(vc, 1);
                        let nkey = self.str("n");
                        let (stack, heap) = (&self.stack, &mut self.heap);
                        {
                            let mut tbl = tri!(heap.table_mut(t));
                            for j in 0..vc {
                                let _ = tbl.set_int(j as i64 + 1, stack[vs + j]);
                            }
                            let _ = tbl.set(nkey, Value::Num(vc as f64));
                        }
                        self.stack[a] = Value::Table(t);
                    }
                    other => {
                        tri!(Err(Throw::msg(format!("invalid opcode {}", other))));
                    }
                }
            }
        }
    }

    /// Calls a native from a CALL-like instruction. Returns true when it returned values that
    /// are now in place (the frame continues as is); false when frames changed (reload).
    #[inline]
    fn call_native_inline(
        &mut self,
        f: crate::heap::func::NativeFn,
        ci: CallInfo,
        nargs: usize,
        frame_top: usize,
    ) -> Result<bool, Throw> {
        let a = ci.func_idx;
        self.stack.truncate(a + 1 + nargs);
        let depth = self.frames.len();
        let ret = match f(self, a + 1, nargs) {
            Ok(r) => r,
            Err(e) => {
                self.err_in_native = true;
                return Err(e);
            }
        };
        match ret {
            Ret::Values(n) => {
                let want = if ci.nresults < 0 {
                    n
                } else {
                    ci.nresults as usize
                };
                let src = self.stack.len() - n;
                let m = n.min(want);
                if src != a {
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
            other => {
                self.handle_ret(other, ci)?;
                if self.frames.len() == depth && !self.switched {
                    if self.stack.len() < frame_top {
                        self.stack.resize(frame_top, Value::Nil);
                    }
                    return Ok(true);
                }
                self.switched = false;
                Ok(false)
            }
        }
    }

    /// A raw miss on a table with a metatable: settle it here when `__index` is absent or a
    /// table (one level, the common class/instance shape) whose raw lookup decides. None: take
    /// the general path (which also reports stale handles).
    #[inline(never)]
    fn class_index(&self, meta: Option<crate::value::TableRef>, key: Value) -> Option<Value> {
        let mt = meta?;
        match self
            .heap
            .table(mt)
            .ok()?
            .get_hash(Value::Str(self.names.index))
        {
            Value::Nil => Some(Value::Nil),
            Value::Table(c) => {
                let class = self.heap.table(c).ok()?;
                let v = class.get(key);
                if !v.is_nil() || class.meta.is_none() {
                    Some(v)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn for_prep(&mut self, a: usize) -> Result<(), Throw> {
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
                    let d = match &self.frames[fi].kind {
                        FrameKind::Lua { proto, .. } => describe_reg(
                            &self.heap,
                            proto,
                            self.frames[fi].pc - 1,
                            reg - self.frames[fi].base,
                        ),
                        FrameKind::Cont(_) => None,
                    };
                    return Err(Throw::Msg(super::describe::type_error(
                        d,
                        bad,
                        "concatenate",
                    )));
                }
                let fi = self.frames.len() - 1;
                let top = match &self.frames[fi].kind {
                    FrameKind::Lua { proto, .. } => self.frames[fi].base + proto.max_stack as usize,
                    FrameKind::Cont(_) => self.stack.len(),
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

/// `floor` without a libm call for the common range (exact: truncation then adjustment).
#[inline(always)]
fn fast_floor(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        let t = x as i64 as f64;
        if t > x {
            t - 1.0
        } else if x == 0.0 {
            x // keeps -0
        } else {
            t
        }
    } else {
        x.floor()
    }
}

/// The closure cell `i` of a Lua frame (the null handle, always stale, if out of range).
#[inline(always)]
fn frame_upval(f: &super::Frame, i: usize) -> CellRef {
    match &f.kind {
        FrameKind::Lua { upvals, .. } => upvals.get(i).copied().unwrap_or_default(),
        FrameKind::Cont(_) => CellRef::default(),
    }
}

fn cell_of(v: Value) -> Result<CellRef, Throw> {
    match v {
        Value::Cell(c) => Ok(c),
        _ => Err(Throw::msg("internal error: register does not hold a cell")),
    }
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
