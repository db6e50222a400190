//! Code generation: resolved syntax tree → register bytecode.
//!
//! Registers are allocated as a stack: active locals occupy the low registers in declaration
//! order, temporaries sit above them. A local that an inner function captures is boxed at
//! declaration (NEWCELL) and accessed through GETCELL/SETCELL; because loop bodies re-execute
//! their declarations, each iteration gets a fresh cell with no closing step.

use super::ast::*;
use super::error::CompileError;
use super::meter::Meter;
use crate::bytecode::*;
use crate::exec::Heap;
use crate::value::{StrRef, Value};
use rustc_hash::FxHashMap;
use std::rc::Rc;

mod chain;
mod jumps;
mod logic;

const MAX_REGS: u32 = 250;
const NO_REG: u32 = u32::MAX;
/// Sentinel result count for "all results".
const MULTRET: i32 = -1;

type R<T> = Result<T, CompileError>;

/// SHRT_MAX: lparser.c's limit on the locals declared in one function.
const MAX_LOCVARS: u32 = 32767;

/// An error lua5.1 raises from luaM_growvector (luaG_runerror while no Lua function runs):
/// the bare message, no chunk name or line.
fn plain_error(msg: &str) -> CompileError {
    CompileError {
        message: msg.to_string(),
        line: 0,
    }
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum KKey {
    Num(u64),
    Str(StrRef),
    Nil,
    Bool(bool),
}

struct LoopCtx {
    breaks: Vec<usize>,
}

pub(super) struct FuncState<'a> {
    f: &'a FuncBody,
    pub(super) p: Proto,
    kcache: FxHashMap<KKey, u32>,
    local_reg: Vec<u32>,
    /// Registers below this belong to active locals (including hidden loop state).
    nactive: u32,
    free_reg: u32,
    loops: Vec<LoopCtx>,
    /// Indexes into `p.locvars` of the locals currently in scope.
    pub(super) scope_vars: Vec<usize>,
    /// lua5.1's `nlocvars`: every local declared in the function, the hidden `for` control
    /// variables included (`p.locvars` lacks those), limited to SHRT_MAX.
    nlocvars: u32,
    chunk: &'a str,
    /// Debugger line traps (`compiler/traps.rs`); None in ordinary compiles.
    pub(super) traps: Option<super::traps::Traps>,
    /// Jumps to the next instruction emitted (`jumps.rs`).
    jpc: Vec<usize>,
    /// The jumps a JMP carries to its target (`emit_jump`).
    follow: FxHashMap<usize, Vec<usize>>,
    /// A jump discharged by `emit` that was too long, reported when the function ends.
    jump_error: Option<CompileError>,
}

/// Compiles a parsed main chunk into a prototype. String constants are interned in `heap`.
pub fn compile(heap: &mut Heap, main: &FuncBody, source: &str) -> Result<Rc<Proto>, CompileError> {
    compile_with(&mut Meter::new(heap, None), main, source)
}

/// `compile` reporting its work to `m` (one unit per statement, expression and chain link);
/// an abort by the host is in `m.abort`. The prototypes' vectors are shrunk to their length
/// (lua5.1's close_func), so `Proto::size_bytes` is what they hold.
pub fn compile_with(
    heap: &mut Meter,
    main: &FuncBody,
    source: &str,
) -> Result<Rc<Proto>, CompileError> {
    let chunk = super::error::chunk_id(source);
    let src: Rc<str> = Rc::from(source);
    let proto = compile_function(heap, main, &src, &chunk, &[])?;
    Ok(Rc::new(proto))
}

fn compile_function(
    heap: &mut Meter,
    f: &FuncBody,
    src: &Rc<str>,
    chunk: &str,
    upvals: &[UpvalSrc],
) -> R<Proto> {
    let mut fs = FuncState {
        f,
        p: Proto {
            source: src.clone(),
            line_defined: f.line,
            last_line: f.end_line,
            is_vararg: f.is_vararg,
            num_params: f.params.len() as u8,
            upvals: upvals.to_vec(),
            upval_names: f.upvals.iter().map(|u| u.name.clone()).collect(),
            max_stack: 2,
            ..Proto::default()
        },
        kcache: FxHashMap::default(),
        local_reg: vec![NO_REG; f.locals.len()],
        nactive: 0,
        free_reg: 0,
        loops: Vec::new(),
        scope_vars: Vec::new(),
        nlocvars: 0,
        chunk,
        traps: None,
        jpc: Vec::new(),
        follow: FxHashMap::default(),
        jump_error: None,
    };
    for &p in &f.params {
        let r = fs.alloc_reg(f.line)?;
        fs.activate(p, r)?;
    }
    if let Some(argl) = f.arg_local {
        let r = fs.alloc_reg(f.line)?;
        if f.needs_arg {
            fs.emit(abc(OP_VARARGTAB, r, 0, 0), f.line);
        } else {
            fs.emit(abc(OP_LOADNIL, r, r, 0), f.line);
        }
        fs.activate(argl, r)?;
    }
    for &p in f.params.iter().chain(f.arg_local.iter()) {
        if f.locals[p as usize].captured {
            fs.emit(abc(OP_NEWCELL, fs.local_reg[p as usize], 0, 0), f.line);
        }
    }
    let prologue = fs.p.code.len();
    // The prologue above stays trap-free: the first stop is at the body's first line.
    fs.traps = heap.debug_traps.then(super::traps::Traps::at_entry);
    fs.block(heap, &f.body)?;
    let end_line = if f.ret_line == 0 {
        fs.p.lines.last().copied().unwrap_or(0)
    } else {
        f.ret_line
    };
    fs.emit(abc(OP_RETURN, 0, 1, 0), end_line);
    if let Some(e) = fs.jump_error.take() {
        return Err(e);
    }
    fs.hide_prologue(prologue);
    let pc = fs.p.code.len() as u32;
    for &v in &fs.scope_vars {
        fs.p.locvars[v].end_pc = pc;
    }
    super::specialize::specialize(&mut fs.p);
    fs.p.shrink_to_fit();
    fs.p.index_numbers();
    Ok(fs.p)
}

fn is_multi(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Call(..) | ExprKind::Method(..) | ExprKind::Vararg
    )
}

impl<'a> FuncState<'a> {
    fn error(&self, line: u32, msg: &str) -> CompileError {
        CompileError {
            message: format!("{}:{}: {}", self.chunk, line, msg),
            line,
        }
    }

    fn emit(&mut self, i: Instr, line: u32) -> usize {
        if !self.jpc.is_empty()
            && let Err(e) = self.discharge_jpc()
        {
            self.jump_error.get_or_insert(e);
        }
        if self.traps.is_some() {
            self.trap_before(line);
        }
        self.p.code.push(i);
        self.p.lines.push(line);
        self.p.code.len() - 1
    }

    fn pc(&self) -> usize {
        self.p.code.len()
    }

    fn alloc_reg(&mut self, line: u32) -> R<u32> {
        let r = self.free_reg;
        self.free_reg += 1;
        if self.free_reg > MAX_REGS {
            return Err(self.error(line, "function or expression too complex"));
        }
        if self.free_reg as u8 > self.p.max_stack {
            self.p.max_stack = self.free_reg as u8;
        }
        Ok(r)
    }

    fn reserve(&mut self, n: u32, line: u32) -> R<()> {
        for _ in 0..n {
            self.alloc_reg(line)?;
        }
        Ok(())
    }

    fn activate(&mut self, id: LocalId, reg: u32) -> R<()> {
        self.count_locvars(1)?;
        self.local_reg[id as usize] = reg;
        self.scope_vars.push(self.p.locvars.len());
        self.p.locvars.push(LocVar {
            name: self.f.locals[id as usize].name.clone(),
            start_pc: self.pc() as u32,
            end_pc: u32::MAX,
            reg: reg as u8,
        });
        if reg + 1 > self.nactive {
            self.nactive = reg + 1;
        }
        Ok(())
    }

    /// A loop's three control registers, named as lua5.1 names them for `debug.getlocal`
    /// (already counted by the caller).
    fn hidden_locals(&mut self, names: [&str; 3], base: u32) {
        for (i, name) in names.into_iter().enumerate() {
            self.scope_vars.push(self.p.locvars.len());
            self.p.locvars.push(LocVar {
                name: name.to_string(),
                start_pc: self.pc() as u32,
                end_pc: u32::MAX,
                reg: (base + i as u32) as u8,
            });
        }
    }

    /// registerlocalvar's luaM_growvector limit (an error without position, as lua5.1's).
    fn count_locvars(&mut self, n: u32) -> R<()> {
        self.nlocvars += n;
        if self.nlocvars > MAX_LOCVARS {
            return Err(plain_error("too many local variables"));
        }
        Ok(())
    }

    pub(super) fn captured(&self, id: LocalId) -> bool {
        self.f.locals[id as usize].captured
    }

    /// A local living in a cell (captured by a closure), also in parentheses.
    pub(super) fn captured_local(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Local(id) => self.captured(*id),
            ExprKind::Paren(inner) => self.captured_local(inner),
            _ => false,
        }
    }

    fn constant(&mut self, k: KKey, v: Value) -> R<u32> {
        if let Some(&i) = self.kcache.get(&k) {
            return Ok(i);
        }
        let i = self.p.consts.len() as u32;
        if i > MAXARG_BX {
            return Err(plain_error("constant table overflow"));
        }
        self.p.consts.push(v);
        self.kcache.insert(k, i);
        Ok(i)
    }

    fn num_k(&mut self, n: f64) -> R<u32> {
        // Keyed by value as lua5.1's constant table is: 0 and -0 share one slot (whichever
        // came first), a quirk visible as `print(-0, 1/0)` giving `-0 -inf`.
        let key = if n == 0.0 { 0 } else { n.to_bits() };
        self.constant(KKey::Num(key), Value::Num(n))
    }

    fn str_k(&mut self, heap: &mut Meter, s: &[u8]) -> R<u32> {
        let r = heap.intern(s);
        self.constant(KKey::Str(r), Value::Str(r))
    }

    // ---- blocks and statements ----

    fn block(&mut self, heap: &mut Meter, b: &Block) -> R<()> {
        let (save_active, save_vars) = (self.nactive, self.scope_vars.len());
        for s in &b.stats {
            self.stat(heap, s)?;
            self.free_reg = self.nactive;
        }
        if let Some(r) = &b.ret {
            self.ret(heap, r)?;
        }
        self.close_scope(save_active, save_vars);
        Ok(())
    }

    fn close_scope(&mut self, save_active: u32, save_vars: usize) {
        let pc = self.pc() as u32;
        for &v in &self.scope_vars[save_vars..] {
            self.p.locvars[v].end_pc = pc;
        }
        self.scope_vars.truncate(save_vars);
        self.nactive = save_active;
        self.free_reg = save_active;
    }

    fn stat(&mut self, heap: &mut Meter, s: &Stat) -> R<()> {
        heap.step()?;
        match s {
            Stat::Call(e) => {
                self.call(heap, e, 0)?;
            }
            Stat::Local {
                locals,
                values,
                line,
            } => {
                let base = self.free_reg;
                self.adjust(heap, values, locals.len() as u32, *line)?;
                for (i, &id) in locals.iter().enumerate() {
                    self.activate(id, base + i as u32)?;
                }
                for (i, &id) in locals.iter().enumerate() {
                    if self.captured(id) {
                        self.emit(abc(OP_NEWCELL, base + i as u32, 0, 0), *line);
                    }
                }
            }
            Stat::LocalFunction { local, func } => {
                let r = self.alloc_reg(func.line)?;
                if self.captured(*local) {
                    self.emit(abc(OP_LOADNIL, r, r, 0), func.line);
                    self.emit(abc(OP_NEWCELL, r, 0, 0), func.line);
                    self.activate(*local, r)?;
                    let t = self.alloc_reg(func.line)?;
                    self.closure(heap, func, t)?;
                    self.emit(abc(OP_SETCELL, r, t, 0), func.end_line);
                } else {
                    self.activate(*local, r)?;
                    self.closure(heap, func, r)?;
                }
            }
            Stat::Assign {
                targets,
                values,
                line,
            } => self.assign(heap, targets, values, *line)?,
            Stat::Do(b) => self.block(heap, b)?,
            Stat::While { cond, body, line } => {
                self.loop_target();
                let start = self.pc();
                let exits = self.cond_jump(heap, cond)?;
                self.loops.push(LoopCtx { breaks: Vec::new() });
                self.block(heap, body)?;
                let j = self.emit_jump(*line);
                self.patch(j, start)?;
                let lp = self.loops.pop().expect("loop");
                self.patch_to_here(&exits);
                self.patch_to_here(&lp.breaks);
            }
            Stat::Repeat {
                body,
                cond,
                line: _,
            } => {
                self.loop_target();
                let start = self.pc();
                self.loops.push(LoopCtx { breaks: Vec::new() });
                let (save_active, save_vars) = (self.nactive, self.scope_vars.len());
                for s in &body.stats {
                    self.stat(heap, s)?;
                    self.free_reg = self.nactive;
                }
                if let Some(r) = &body.ret {
                    self.ret(heap, r)?;
                }
                let back = self.cond_jump(heap, cond)?;
                for j in back {
                    self.patch(j, start)?;
                }
                self.close_scope(save_active, save_vars);
                let lp = self.loops.pop().expect("loop");
                self.patch_to_here(&lp.breaks);
            }
            Stat::If {
                conds,
                else_block,
                line,
            } => {
                let mut ends = Vec::new();
                for (i, (c, b)) in conds.iter().enumerate() {
                    let next = self.cond_jump(heap, c)?;
                    self.block(heap, b)?;
                    let last = i + 1 == conds.len() && else_block.is_none();
                    if !last {
                        ends.push(self.emit_jump(*line));
                    }
                    self.patch_to_here(&next);
                }
                if let Some(b) = else_block {
                    self.block(heap, b)?;
                }
                self.patch_to_here(&ends);
            }
            Stat::NumFor {
                var,
                start,
                limit,
                step,
                body,
                line,
            } => {
                let (save_active, save_vars) = (self.nactive, self.scope_vars.len());
                let base = self.free_reg;
                self.expr_next(heap, start)?;
                self.expr_next(heap, limit)?;
                match step {
                    Some(s) => {
                        self.expr_next(heap, s)?;
                    }
                    None => {
                        let r = self.alloc_reg(*line)?;
                        let k = self.num_k(1.0)?;
                        self.emit(abx(OP_LOADK, r, k), *line);
                    }
                }
                self.nactive = base + 3;
                self.count_locvars(3)?;
                self.hidden_locals(["(for index)", "(for limit)", "(for step)"], base);
                let prep = self.emit(asbx(OP_FORPREP, base, 0), *line);
                self.loop_target();
                let body_start = self.pc();
                self.alloc_reg(*line)?;
                self.activate(*var, base + 3)?;
                if self.captured(*var) {
                    self.emit(abc(OP_NEWCELL, base + 3, 0, 0), *line);
                }
                self.loops.push(LoopCtx { breaks: Vec::new() });
                self.block(heap, body)?;
                self.end_loop_vars(save_vars + 3);
                let lp = self.emit(asbx(OP_FORLOOP, base, 0), *line);
                // To the FORLOOP itself (a debug compile may put a line trap before it).
                self.patch(prep, lp)?;
                self.patch(lp, body_start)?;
                let lc = self.loops.pop().expect("loop");
                self.close_scope(save_active, save_vars);
                self.patch_to_here(&lc.breaks);
            }
            Stat::GenFor {
                vars,
                exprs,
                body,
                line,
            } => {
                let (save_active, save_vars) = (self.nactive, self.scope_vars.len());
                let base = self.free_reg;
                self.adjust(heap, exprs, 3, *line)?;
                self.nactive = base + 3;
                self.count_locvars(3)?;
                self.hidden_locals(["(for generator)", "(for state)", "(for control)"], base);
                let to_call = self.emit_jump(*line);
                self.loop_target();
                let body_start = self.pc();
                self.reserve(vars.len() as u32, *line)?;
                for (i, &v) in vars.iter().enumerate() {
                    self.activate(v, base + 3 + i as u32)?;
                }
                for (i, &v) in vars.iter().enumerate() {
                    if self.captured(v) {
                        self.emit(abc(OP_NEWCELL, base + 3 + i as u32, 0, 0), *line);
                    }
                }
                self.loops.push(LoopCtx { breaks: Vec::new() });
                self.block(heap, body)?;
                // The call's results land in base+3.. which must exist in the frame.
                let need = base + 3 + vars.len() as u32;
                if need as u8 > self.p.max_stack {
                    self.p.max_stack = need as u8;
                }
                self.end_loop_vars(save_vars + 3);
                let call = self.emit(abc(OP_TFORCALL, base, 0, vars.len() as u32), *line);
                // To the TFORCALL itself (a debug compile may put a line trap before it).
                self.patch(to_call, call)?;
                let lp = self.emit(asbx(OP_TFORLOOP, base + 2, 0), *line);
                self.patch(lp, body_start)?;
                let lc = self.loops.pop().expect("loop");
                self.close_scope(save_active, save_vars);
                self.patch_to_here(&lc.breaks);
            }
            Stat::Break { line } => {
                let j = self.emit_jump(*line);
                match self.loops.last_mut() {
                    Some(l) => l.breaks.push(j),
                    None => return Err(self.error(*line, "no loop to break")),
                }
            }
        }
        Ok(())
    }

    fn ret(&mut self, heap: &mut Meter, r: &Return) -> R<()> {
        let line = r.line;
        match r.exprs.as_slice() {
            [] => {
                self.emit(abc(OP_RETURN, 0, 1, 0), line);
            }
            [e] if matches!(e.kind, ExprKind::Call(..) | ExprKind::Method(..)) => {
                let base = self.call(heap, e, MULTRET)?;
                let last = self.p.code.len() - 1;
                let i = self.p.code[last];
                self.p.code[last] = abc(OP_TAILCALL, arg_a(i) as u32, arg_b(i) as u32, 0);
                self.emit(abc(OP_RETURN, base, 0, 0), line);
            }
            [e] if !is_multi(e) => {
                let reg = self.expr_any(heap, e)?;
                self.emit(abc(OP_RETURN, reg, 2, 0), line);
            }
            exprs => {
                let base = self.free_reg;
                let n = self.push_list(heap, exprs)?;
                let b = n.map_or(0, |n| n + 1);
                self.emit(abc(OP_RETURN, base, b, 0), line);
            }
        }
        Ok(())
    }

    /// Evaluates `values` into `n` consecutive fresh registers (extra values evaluated and
    /// dropped, missing ones nil), as lua5.1's adjust_assign.
    fn adjust(&mut self, heap: &mut Meter, values: &[Expr], n: u32, line: u32) -> R<()> {
        let base = self.free_reg;
        let nv = values.len() as u32;
        for (i, e) in values.iter().enumerate() {
            let last = i as u32 + 1 == nv;
            if last && is_multi(e) {
                let want = n as i32 - (nv as i32 - 1);
                self.multi(heap, e, want.max(0))?;
            } else {
                self.expr_next(heap, e)?;
            }
        }
        let got = if values.last().is_some_and(is_multi) {
            n.max(nv - 1)
        } else {
            nv
        };
        if got < n {
            let first = base + got;
            self.reserve(n - got, line)?;
            self.emit(abc(OP_LOADNIL, first, base + n - 1, 0), line);
        }
        if self.free_reg < base + n {
            self.reserve(base + n - self.free_reg, line)?;
        }
        self.free_reg = base + n;
        Ok(())
    }

    fn assign(&mut self, heap: &mut Meter, targets: &[Expr], values: &[Expr], line: u32) -> R<()> {
        if let ([t], [v]) = (targets, values) {
            return self.assign_single(heap, t, v, line);
        }
        // Evaluate every target's table and key first, then the values, then store right to
        // left (lua5.1's order, which decides `a, a = 1, 2`).
        enum Slot {
            Var(Expr),
            Index(u32, u32),
        }
        let mut slots = Vec::with_capacity(targets.len());
        for t in targets {
            match &t.kind {
                ExprKind::Index(o, k) => {
                    let or = self.alloc_reg(t.line)?;
                    self.expr_to(heap, o, or)?;
                    let kr = match self.const_rk(heap, k)? {
                        Some(rk) => rk,
                        None => {
                            let kr = self.alloc_reg(t.line)?;
                            self.expr_to(heap, k, kr)?;
                            kr
                        }
                    };
                    slots.push(Slot::Index(or, kr));
                }
                _ => slots.push(Slot::Var(t.clone())),
            }
        }
        let base = self.free_reg;
        self.adjust(heap, values, targets.len() as u32, line)?;
        for (i, slot) in slots.iter().enumerate().rev() {
            let v = base + i as u32;
            match slot {
                Slot::Index(o, k) => {
                    self.emit(abc(OP_SETTABLE, *o, *k, v), line);
                }
                Slot::Var(t) => self.store_var(heap, t, v, line)?,
            }
        }
        Ok(())
    }

    fn store_var(&mut self, heap: &mut Meter, t: &Expr, src: u32, line: u32) -> R<()> {
        match &t.kind {
            ExprKind::Local(id) => {
                let r = self.local_reg[*id as usize];
                if self.captured(*id) {
                    self.emit(abc(OP_SETCELL, r, src, 0), line);
                } else if r != src {
                    self.emit(abc(OP_MOVE, r, src, 0), line);
                }
            }
            ExprKind::Upval(i) => {
                self.emit(abc(OP_SETUPVAL, src, *i, 0), line);
            }
            ExprKind::Global(name) => {
                let k = self.str_k(heap, name.as_bytes())?;
                self.emit(abx(OP_SETGLOBAL, src, k), line);
            }
            _ => return Err(self.error(line, "syntax error")),
        }
        Ok(())
    }

    fn assign_single(&mut self, heap: &mut Meter, t: &Expr, v: &Expr, line: u32) -> R<()> {
        match &t.kind {
            ExprKind::Local(id) if !self.captured(*id) => {
                let r = self.local_reg[*id as usize];
                self.expr_to(heap, v, r)
            }
            ExprKind::Local(id) => {
                let r = self.local_reg[*id as usize];
                let src = self.expr_rk(heap, v)?;
                self.emit(abc(OP_SETCELL, r, src, 0), line);
                Ok(())
            }
            ExprKind::Index(o, k) => {
                let or = self.expr_any(heap, o)?;
                let kr = self.expr_rk(heap, k)?;
                let vr = self.expr_rk(heap, v)?;
                self.emit(abc(OP_SETTABLE, or, kr, vr), line);
                Ok(())
            }
            _ => {
                let src = self.expr_any(heap, v)?;
                self.store_var(heap, t, src, line)
            }
        }
    }

    // ---- expressions ----

    /// Puts `e` in the next free register and returns it.
    fn expr_next(&mut self, heap: &mut Meter, e: &Expr) -> R<u32> {
        let r = self.alloc_reg(e.line)?;
        self.expr_to(heap, e, r)?;
        self.free_reg = r + 1;
        Ok(r)
    }

    /// A register holding `e`'s value: a plain local's own register, or a fresh temporary.
    fn expr_any(&mut self, heap: &mut Meter, e: &Expr) -> R<u32> {
        match &e.kind {
            ExprKind::Local(id) if !self.captured(*id) => Ok(self.local_reg[*id as usize]),
            _ => self.expr_next(heap, e),
        }
    }

    pub(super) fn const_rk(&mut self, heap: &mut Meter, e: &Expr) -> R<Option<u32>> {
        let k = match &e.kind {
            ExprKind::Number(n) => self.num_k(*n)?,
            ExprKind::String(s) => self.str_k(heap, s)?,
            ExprKind::Nil => self.constant(KKey::Nil, Value::Nil)?,
            ExprKind::True => self.constant(KKey::Bool(true), Value::Bool(true))?,
            ExprKind::False => self.constant(KKey::Bool(false), Value::Bool(false))?,
            // A numeral after folding (`-0`, `(2)`, `2^53`): lua5.1's VKNUM.
            _ => match fold_num(e) {
                Some(n) => self.num_k(n)?,
                None => return Ok(None),
            },
        };
        Ok(if k < BITRK { Some(k | BITRK) } else { None })
    }

    /// The RK operand of a numeral whose constant lua5.1 adds late (see `numeral_left`).
    pub(super) fn numeral_rk(&mut self, v: f64, line: u32) -> R<u32> {
        let k = self.num_k(v)?;
        if k < BITRK {
            return Ok(k | BITRK);
        }
        let r = self.alloc_reg(line)?;
        self.emit(abx(OP_LOADK, r, k), line);
        Ok(r)
    }

    /// The RK operands of a binary operator whose left operand `a` may be a numeral. For
    /// arithmetic lua5.1 adds a left numeral's constant only when the operator is coded,
    /// after the right operand was parsed, and then the right operand's own constant first
    /// (lcode.c luaK_infix, codearith); comparisons add the left operand at once. Which of
    /// `0`/`-0` is stored first decides what both read (the constants are one entry).
    pub(super) fn binary_operands(
        &mut self,
        heap: &mut Meter,
        a: &Expr,
        left_reg: Option<u32>,
        b: &Expr,
        arith: bool,
    ) -> R<(u32, u32)> {
        if let Some(r) = left_reg {
            return Ok((r, self.expr_rk(heap, b)?));
        }
        if self.captured_local(a) {
            // lua5.1 reads a local operand from its register when the operator runs, after
            // the right operand (a closure called there may assign it); its cell is read then.
            let rb = self.expr_rk(heap, b)?;
            return Ok((self.expr_any(heap, a)?, rb));
        }
        match fold_num(a) {
            Some(v) if arith => {
                let rb = self.expr_rk(heap, b)?;
                Ok((self.numeral_rk(v, a.line)?, rb))
            }
            Some(v) => {
                let ra = self.numeral_rk(v, a.line)?;
                Ok((ra, self.expr_rk(heap, b)?))
            }
            None => {
                let ra = self.expr_rk(heap, a)?;
                Ok((ra, self.expr_rk(heap, b)?))
            }
        }
    }

    /// An RK operand for `e`: a constant index when possible, else a register.
    fn expr_rk(&mut self, heap: &mut Meter, e: &Expr) -> R<u32> {
        match self.const_rk(heap, e)? {
            Some(rk) => Ok(rk),
            None => self.expr_any(heap, e),
        }
    }

    /// Evaluates `e` (one value) into register `dst`. `dst` may be a local that `e` reads,
    /// so every form either reads its operands before writing `dst` or goes through a temporary.
    fn expr_to(&mut self, heap: &mut Meter, e: &Expr, dst: u32) -> R<()> {
        heap.step()?;
        let save = self.free_reg.max(dst + 1);
        let line = e.line;
        // (`and`/`or` write a local only through TESTSETs and their last operand, as lcode.c's
        // exp2reg does.)
        let needs_temp = dst < self.nactive && matches!(e.kind, ExprKind::Table(_));
        if needs_temp {
            let t = self.expr_next(heap, e)?;
            self.emit(abc(OP_MOVE, dst, t, 0), line);
            self.free_reg = save;
            return Ok(());
        }
        if logic::is_logic(e) {
            self.logic_to(heap, e, dst)?;
            self.free_reg = save;
            return Ok(());
        }
        self.keep_above(dst);
        match &e.kind {
            ExprKind::Nil => {
                self.emit(abc(OP_LOADNIL, dst, dst, 0), line);
            }
            ExprKind::True => {
                self.emit(abc(OP_LOADBOOL, dst, 1, 0), line);
            }
            ExprKind::False => {
                self.emit(abc(OP_LOADBOOL, dst, 0, 0), line);
            }
            ExprKind::Number(n) => {
                let k = self.num_k(*n)?;
                self.emit(abx(OP_LOADK, dst, k), line);
            }
            ExprKind::String(s) => {
                let k = self.str_k(heap, s)?;
                self.emit(abx(OP_LOADK, dst, k), line);
            }
            ExprKind::Vararg => {
                self.emit(abc(OP_VARARG, dst, 2, 0), line);
            }
            ExprKind::Function(body) => self.closure(heap, body, dst)?,
            ExprKind::Table(fields) => self.table(heap, fields, dst, line)?,
            ExprKind::Local(id) => {
                let r = self.local_reg[*id as usize];
                if self.captured(*id) {
                    self.emit(abc(OP_GETCELL, dst, r, 0), line);
                } else if r != dst {
                    self.emit(abc(OP_MOVE, dst, r, 0), line);
                }
            }
            ExprKind::Upval(i) => {
                self.emit(abc(OP_GETUPVAL, dst, *i, 0), line);
            }
            ExprKind::Global(name) => {
                let k = self.str_k(heap, name.as_bytes())?;
                self.emit(abx(OP_GETGLOBAL, dst, k), line);
            }
            ExprKind::Paren(inner) => self.expr_to(heap, inner, dst)?,
            ExprKind::Unary(op, inner) => {
                if let (UnOp::Neg, Some(n)) = (op, fold_num(inner)) {
                    let k = self.num_k(-n)?;
                    self.emit(abx(OP_LOADK, dst, k), line);
                } else {
                    let r = self.expr_any(heap, inner)?;
                    let opc = match op {
                        UnOp::Neg => OP_UNM,
                        // (`not` is `logic.rs`'s)
                        UnOp::Not => OP_NOT,
                        UnOp::Len => OP_LEN,
                    };
                    self.emit(abc(opc, dst, r, 0), line);
                }
            }
            ExprKind::Binary(BinOp::Concat, a, b) => self.concat(heap, a, b, dst, line)?,
            // Operators, indexing and calls: chains of any length (`chain.rs`).
            ExprKind::Binary(..)
            | ExprKind::Index(..)
            | ExprKind::Call(..)
            | ExprKind::Method(..) => return self.expr_chain(heap, e, dst, save),
        }
        self.free_reg = save;
        Ok(())
    }

    /// `a .. b .. c`: one CONCAT over consecutive registers (the operator is right
    /// associative, so the chain is `b`'s right spine, bounded by the syntax-level limit).
    fn concat(&mut self, heap: &mut Meter, a: &Expr, b: &Expr, dst: u32, line: u32) -> R<()> {
        let mut parts = vec![a];
        let mut rest = b;
        while let ExprKind::Binary(BinOp::Concat, x, y) = &rest.kind {
            parts.push(x);
            rest = y;
        }
        parts.push(rest);
        // Reuse dst as the first operand slot when it is the top temporary (as lua5.1
        // does), so no stale value lingers in it.
        if dst + 1 == self.free_reg && dst >= self.nactive {
            self.free_reg = dst;
        }
        let base = self.free_reg;
        for p in &parts {
            self.expr_next(heap, p)?;
        }
        self.emit(
            abc(OP_CONCAT, dst, base, base + parts.len() as u32 - 1),
            line,
        );
        Ok(())
    }

    fn closure(&mut self, heap: &mut Meter, body: &FuncBody, dst: u32) -> R<()> {
        let ups: Vec<UpvalSrc> = body
            .upvals
            .iter()
            .map(|u| match u.source {
                UpvalSource::ParentLocal(id) => UpvalSrc::Reg(self.local_reg[id as usize] as u8),
                UpvalSource::ParentUpval(i) => UpvalSrc::Upval(i as u16),
            })
            .collect();
        let src = self.p.source.clone();
        let child = compile_function(heap, body, &src, self.chunk, &ups)?;
        let idx = self.p.protos.len() as u32;
        if idx > MAXARG_BX {
            // lparser.c's pushclosure grows `f->p` with this message too.
            return Err(plain_error("constant table overflow"));
        }
        self.p.protos.push(Rc::new(child));
        self.emit(abx(OP_CLOSURE, dst, idx), body.end_line.max(body.line));
        Ok(())
    }

    fn table(&mut self, heap: &mut Meter, fields: &[TableField], dst: u32, line: u32) -> R<()> {
        let items = fields
            .iter()
            .filter(|f| matches!(f, TableField::Item(_)))
            .count() as u32;
        let nhash = fields.len() as u32 - items;
        // As lparser.c: a last item giving several values is not counted.
        let multi_last = matches!(fields.last(), Some(TableField::Item(e)) if is_multi(e));
        let narr = items - u32::from(multi_last);
        let pc = self.emit(abc(OP_NEWTABLE, dst, int2fb(narr), int2fb(nhash)), line);
        let _ = pc;
        self.free_reg = dst + 1;
        let mut pending = 0u32;
        let mut batch = 1u32;
        for f in fields {
            match f {
                TableField::Item(e) => {
                    // Only the constructor's very last field keeps all its values.
                    let last_field = std::ptr::eq(f, fields.last().expect("field"));
                    if last_field && is_multi(e) {
                        self.multi(heap, e, MULTRET)?;
                        self.setlist(dst, 0, batch, line)?;
                        pending = 0;
                        continue;
                    }
                    self.expr_next(heap, e)?;
                    pending += 1;
                    if pending == FIELDS_PER_FLUSH {
                        self.setlist(dst, pending, batch, line)?;
                        batch += 1;
                        pending = 0;
                        self.free_reg = dst + 1;
                    }
                }
                TableField::Pair(k, v) => {
                    let save = self.free_reg;
                    let kr = self.expr_rk(heap, k)?;
                    let vr = self.expr_rk(heap, v)?;
                    self.emit(abc(OP_SETTABLE, dst, kr, vr), k.line.max(v.line));
                    self.free_reg = save;
                }
            }
        }
        if pending > 0 {
            self.setlist(dst, pending, batch, line)?;
        }
        self.free_reg = dst + 1;
        Ok(())
    }

    fn setlist(&mut self, t: u32, n: u32, batch: u32, line: u32) -> R<()> {
        if batch <= MAXARG_C {
            self.emit(abc(OP_SETLIST, t, n, batch), line);
        } else {
            self.emit(abc(OP_SETLIST, t, n, 0), line);
            self.emit(batch, line);
        }
        Ok(())
    }

    /// Evaluates a multi-value expression (call or `...`) into the next registers, producing
    /// `want` values (`MULTRET`: all, leaving the stack top after them).
    fn multi(&mut self, heap: &mut Meter, e: &Expr, want: i32) -> R<()> {
        match e.kind {
            ExprKind::Vararg => {
                let base = self.free_reg;
                if want > 0 {
                    self.reserve(want as u32, e.line)?;
                }
                self.emit(abc(OP_VARARG, base, (want + 1) as u32, 0), e.line);
                self.free_reg = base + want.max(0) as u32;
            }
            _ => {
                self.call(heap, e, want)?;
            }
        }
        Ok(())
    }

    /// Pushes every expression of a list into consecutive registers from `free_reg`; returns
    /// the count, or `None` when the last one is multi-valued (all its values are kept).
    fn push_list(&mut self, heap: &mut Meter, exprs: &[Expr]) -> R<Option<u32>> {
        for (i, e) in exprs.iter().enumerate() {
            if i + 1 == exprs.len() && is_multi(e) {
                self.multi(heap, e, MULTRET)?;
                return Ok(None);
            }
            self.expr_next(heap, e)?;
        }
        Ok(Some(exprs.len() as u32))
    }

    /// Emits a call with `nresults` results (`MULTRET` for all) placed from the returned base.
    fn call(&mut self, heap: &mut Meter, e: &Expr, nresults: i32) -> R<u32> {
        let base = self.free_reg;
        let callee = match &e.kind {
            ExprKind::Call(f, _) => self.expr_next(heap, f)?,
            ExprKind::Method(obj, ..) => self.expr_any(heap, obj)?,
            _ => return Err(self.error(e.line, "syntax error")),
        };
        self.call_finish(heap, e, base, callee, nresults)
    }

    /// The rest of a call once its function (in `base`) or, for a method call, its object
    /// (in `callee`) is evaluated: SELF, the arguments, CALL.
    fn call_finish(
        &mut self,
        heap: &mut Meter,
        e: &Expr,
        base: u32,
        callee: u32,
        nresults: i32,
    ) -> R<u32> {
        let args = match &e.kind {
            ExprKind::Call(_, args) => args,
            ExprKind::Method(_, name, args) => {
                self.free_reg = base;
                self.reserve(2, e.line)?;
                let k = self.str_k(heap, name.as_bytes())?;
                let kr = if k < BITRK {
                    k | BITRK
                } else {
                    let t = self.alloc_reg(e.line)?;
                    self.emit(abx(OP_LOADK, t, k), e.line);
                    t
                };
                self.emit(abc(OP_SELF, base, callee, kr), e.line);
                self.free_reg = base + 2;
                args
            }
            _ => return Err(self.error(e.line, "syntax error")),
        };
        let n = self.push_list(heap, args)?;
        let b = n.map_or(0, |n| n + 1 + matches!(e.kind, ExprKind::Method(..)) as u32);
        self.emit(abc(OP_CALL, base, b, (nresults + 1) as u32), e.line);
        let keep = nresults.max(0) as u32;
        self.free_reg = base + keep;
        if keep > 0 {
            let top = base + keep;
            if top as u8 > self.p.max_stack {
                self.p.max_stack = top as u8;
            }
        }
        Ok(base)
    }
}

/// (opcode, negate, swap operands) for a comparison operator.
fn cmp_parts(op: BinOp) -> (u8, bool, bool) {
    match op {
        BinOp::Eq => (OP_EQ, false, false),
        BinOp::Ne => (OP_EQ, true, false),
        BinOp::Lt => (OP_LT, false, false),
        BinOp::Le => (OP_LE, false, false),
        BinOp::Gt => (OP_LT, false, true),
        _ => (OP_LE, false, true),
    }
}

/// The value of a constant numeric expression, folded as lua5.1 does (through arithmetic,
/// unary minus and parentheses; never producing NaN or dividing by zero). The left operands of
/// a chain of operators are walked in a loop; the rest nests through syntax levels.
pub(crate) fn fold_num(e: &Expr) -> Option<f64> {
    let mut links = Vec::new();
    let mut cur = e;
    while let ExprKind::Binary(op, a, _) = &cur.kind {
        if !is_arith(*op) {
            return None;
        }
        links.push(cur);
        cur = a;
    }
    let mut v = fold_operand(cur)?;
    for l in links.iter().rev() {
        if let ExprKind::Binary(op, _, b) = &l.kind {
            v = fold_arith(*op, v, fold_num(b)?)?;
        }
    }
    Some(v)
}

/// `fold_num` of anything but a binary operator.
fn fold_operand(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Paren(inner) => fold_num(inner),
        ExprKind::Unary(UnOp::Neg, inner) => fold_num(inner).map(|n| -n).filter(|r| !r.is_nan()),
        _ => None,
    }
}

/// Arithmetic operators: the ones constant folding applies to.
fn is_arith(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Pow
    )
}

/// Constant folding as lua5.1's constfolding: no division/modulo by zero, no NaN results.
fn fold_arith(op: BinOp, a: f64, b: f64) -> Option<f64> {
    let v = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div if b != 0.0 => a / b,
        BinOp::Mod if b != 0.0 => a - (a / b).floor() * b,
        BinOp::Pow => a.powf(b),
        _ => return None,
    };
    if v.is_nan() { None } else { Some(v) }
}
