//! Code generation for left-deep chains: `a + b + c`, `a == b == c`,
//! `t.a[k].b`, `f()()`, `o:m():m()`. The parser builds them in loops, as lua5.1 does, so a
//! chain can be millions of links long: its left spine is walked with an explicit stack instead
//! of recursion. Each link is generated in two halves, before and after its left operand, in
//! the order the recursive form used, so the bytecode is the same. Only a chain whose fresh
//! temporaries have reached `SPILL_REG` evaluates further operands into the link's own
//! destination (as lua5.1 always does), so a chain of any length fits in the frame.
//! Everything a link evaluates besides its left operand (right operands, keys, arguments) is
//! nested through a syntax level, so the ordinary recursion through it is bounded. `and`/`or`
//! chains are `logic.rs`'s.

use super::logic::is_cmp;
use super::*;

/// Above this register, chain links reuse their destination instead of taking a fresh
/// temporary each (leaving room for the operands, keys and arguments of the last links).
const SPILL_REG: u32 = MAX_REGS - 50;

/// How a link's left operand is evaluated (what the recursive form called).
#[derive(Clone, Copy)]
enum Operand {
    /// `expr_any` (indexing).
    Any,
    /// `expr_any` at the call's base (a method call's object).
    Object,
    /// `expr_rk` (arithmetic and comparison operands).
    Rk,
    /// `expr_next` (the function of a call).
    Next,
}

/// `Link::reg` of a left operand that is a numeral or a captured local: its constant is added,
/// its cell read, with the operator.
const NUMERAL: u32 = u32::MAX;

/// A link whose left operand is being generated.
struct Link<'e> {
    e: &'e Expr,
    dst: u32,
    /// `free_reg` to restore when the link is done.
    save: u32,
    /// Register of the left operand.
    reg: u32,
    /// A call's base register.
    aux: u32,
}

/// The left operand of a link.
fn left(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Binary(BinOp::And | BinOp::Or | BinOp::Concat, ..) => None,
        ExprKind::Binary(_, a, _) => Some(a),
        ExprKind::Index(a, _) | ExprKind::Call(a, _) | ExprKind::Method(a, ..) => Some(a),
        _ => None,
    }
}

/// Folded values of the arithmetic links of a spine (its last link's operand is not a link),
/// computed bottom-up once so a long chain is not re-folded at every link.
fn fold_spine(spine: &[&Expr]) -> Vec<Option<f64>> {
    let mut folds = vec![None; spine.len()];
    for i in (0..spine.len()).rev() {
        if let ExprKind::Binary(op, a, b) = &spine[i].kind
            && is_arith(*op)
        {
            let x = if i + 1 < spine.len() {
                folds[i + 1]
            } else {
                fold_num(a)
            };
            folds[i] = x.and_then(|x| fold_arith(*op, x, fold_num(b)?));
        }
    }
    folds
}

impl<'a> FuncState<'a> {
    /// `expr_to` for a link `e` (operator other than `..`, indexing, call), `free_reg` already
    /// above `dst`; restores `free_reg` to `save`.
    pub(super) fn expr_chain(&mut self, heap: &mut Meter, e: &Expr, dst: u32, save: u32) -> R<()> {
        let mut spine = vec![e];
        let mut arith = false;
        let mut cur = e;
        while let Some(a) = left(cur) {
            arith |= matches!(cur.kind, ExprKind::Binary(op, ..) if is_arith(op));
            if left(a).is_none() {
                break;
            }
            spine.push(a);
            cur = a;
        }
        let folds = if arith {
            fold_spine(&spine)
        } else {
            Vec::new()
        };
        let mut stack: Vec<Link> = Vec::new();
        let mut link = Link {
            e,
            dst,
            save,
            reg: 0,
            aux: 0,
        };
        let mut i = 0;
        loop {
            heap.step()?;
            let fold = folds.get(i).copied().flatten();
            let Some(how) = self.link_before(&mut link, fold)? else {
                self.free_reg = link.save;
                break;
            };
            let operand = left(link.e).unwrap_or(link.e);
            // An operand link that folds to a numeral is one (lcode.c's VKNUM): its constant
            // is added with this operator, not loaded first.
            let numeral =
                matches!(how, Operand::Rk) && folds.get(i + 1).copied().flatten().is_some();
            if i + 1 < spine.len() && !numeral {
                // The operand is a link too: descend (what `expr_to` on it did on entry).
                let dst = match how {
                    // Into the destination itself when that is the top temporary, as lua5.1's
                    // exp2anyreg takes the next free register (`debug.getlocal` sees it there).
                    Operand::Any | Operand::Rk
                        if link.dst >= self.nactive && link.dst + 1 == self.free_reg =>
                    {
                        link.dst
                    }
                    Operand::Any | Operand::Rk => self.spill_reg(link.dst, operand.line)?,
                    Operand::Next | Operand::Object => self.alloc_reg(operand.line)?,
                };
                link.reg = dst;
                let save = self.free_reg.max(dst + 1);
                self.keep_above(dst);
                stack.push(link);
                link = Link {
                    e: spine[i + 1],
                    dst,
                    save,
                    reg: 0,
                    aux: 0,
                };
                i += 1;
                continue;
            }
            link.reg = match how {
                // `t[k]` with `t` in a cell: read when GETTABLE runs, after the key.
                Operand::Any
                    if matches!(link.e.kind, ExprKind::Index(..))
                        && self.captured_local(operand) =>
                {
                    NUMERAL
                }
                Operand::Any => self.expr_top(heap, operand, link.dst)?,
                Operand::Object => self.expr_any(heap, operand)?,
                // A numeral's constant is added with the operator, a captured local read then
                // (`binary_operands`).
                Operand::Rk if fold_num(operand).is_some() || self.captured_local(operand) => {
                    NUMERAL
                }
                Operand::Rk => match self.const_rk(heap, operand)? {
                    Some(rk) => rk,
                    None => self.expr_top(heap, operand, link.dst)?,
                },
                Operand::Next => self.expr_next(heap, operand)?,
            };
            self.link_after(heap, &link)?;
            self.free_reg = link.save;
            break;
        }
        while let Some(link) = stack.pop() {
            self.link_after(heap, &link)?;
            self.free_reg = link.save;
        }
        Ok(())
    }

    /// `expr_any` for a link's left operand: into the link's destination when that is the
    /// top temporary, as lua5.1's exp2anyreg takes the next free register (`debug.getlocal`
    /// sees the operand there).
    fn expr_top(&mut self, heap: &mut Meter, e: &Expr, dst: u32) -> R<u32> {
        let plain_local = matches!(e.kind, ExprKind::Local(id) if !self.captured(id));
        if !plain_local && dst >= self.nactive && dst + 1 == self.free_reg {
            self.expr_to(heap, e, dst)?;
            self.free_reg = dst + 1;
            return Ok(dst);
        }
        self.expr_any(heap, e)
    }

    /// `free_reg` above `dst` (temporaries of an expression stay above its destination).
    pub(super) fn keep_above(&mut self, dst: u32) {
        if self.free_reg <= dst {
            self.free_reg = dst + 1;
            if self.free_reg as u8 > self.p.max_stack {
                self.p.max_stack = self.free_reg as u8;
            }
        }
    }

    /// The register for a link operand that is itself a link: a fresh temporary, or the
    /// link's own destination once the chain's temporaries reach `SPILL_REG`.
    fn spill_reg(&mut self, dst: u32, line: u32) -> R<u32> {
        if self.free_reg >= SPILL_REG && dst >= self.nactive {
            return Ok(dst);
        }
        self.alloc_reg(line)
    }

    /// The first half of a link: everything before its left operand. `None` when the link is
    /// complete already (a folded constant).
    fn link_before(&mut self, link: &mut Link, fold: Option<f64>) -> R<Option<Operand>> {
        let line = link.e.line;
        Ok(Some(match &link.e.kind {
            ExprKind::Binary(op, ..) if is_cmp(*op) => Operand::Rk,
            ExprKind::Binary(..) => {
                if let Some(v) = fold {
                    let k = self.num_k(v)?;
                    self.emit(abx(OP_LOADK, link.dst, k), line);
                    return Ok(None);
                }
                Operand::Rk
            }
            ExprKind::Index(..) => Operand::Any,
            _ => {
                // A call: its base is the destination itself when that is the top temporary
                // (as lua5.1 places it: no copy, and no stale value left in the register
                // below, which would keep an object alive for the collector), else the next
                // free register.
                let dst = link.dst;
                if dst >= self.nactive && dst + 1 == self.free_reg {
                    self.free_reg = dst;
                }
                link.aux = self.free_reg;
                match link.e.kind {
                    ExprKind::Method(..) => Operand::Object,
                    _ => Operand::Next,
                }
            }
        }))
    }

    /// The second half of a link, once its left operand is in `link.reg`.
    fn link_after(&mut self, heap: &mut Meter, link: &Link) -> R<()> {
        let (e, dst, line) = (link.e, link.dst, link.e.line);
        match &e.kind {
            ExprKind::Binary(op, a, b) if is_cmp(*op) => {
                let (opc, flip, swap) = cmp_parts(*op);
                // The right operand after the left (lua5.1's order); `>`/`>=` swap registers.
                let left = (link.reg != NUMERAL).then_some(link.reg);
                let (ra, rb) = self.binary_operands(heap, a, left, b, false)?;
                let (rx, ry) = if swap { (rb, ra) } else { (ra, rb) };
                // if (cmp ~= A) skip the jump: A = !flip jumps to the `true` load on success.
                self.emit(abc(opc, (!flip) as u32, rx, ry), line);
                let j = self.emit_jump(line);
                self.emit(abc(OP_LOADBOOL, dst, 0, 1), line);
                self.patch_here(&[j])?;
                self.emit(abc(OP_LOADBOOL, dst, 1, 0), line);
            }
            ExprKind::Binary(op, a, b) => {
                let left = (link.reg != NUMERAL).then_some(link.reg);
                let (rb, rc) = self.binary_operands(heap, a, left, b, true)?;
                let opc = match op {
                    BinOp::Add => OP_ADD,
                    BinOp::Sub => OP_SUB,
                    BinOp::Mul => OP_MUL,
                    BinOp::Div => OP_DIV,
                    BinOp::Mod => OP_MOD,
                    _ => OP_POW,
                };
                self.emit(abc(opc, dst, rb, rc), line);
            }
            ExprKind::Index(t, k) => {
                let kr = self.expr_rk(heap, k)?;
                let tr = if link.reg == NUMERAL {
                    self.expr_any(heap, t)?
                } else {
                    link.reg
                };
                self.emit(abc(OP_GETTABLE, dst, tr, kr), line);
            }
            _ => {
                let base = self.call_finish(heap, e, link.aux, link.reg, 1)?;
                if base != dst {
                    self.emit(abc(OP_MOVE, dst, base, 0), line);
                }
            }
        }
        Ok(())
    }
}
