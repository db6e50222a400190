//! `and`, `or`, `not` and comparisons as lcode.c codes them: an expression carries lists of
//! jumps taken when it is true (`t`) and false (`f`) through every operand, right operands
//! included (luaK_infix/luaK_posfix for OPR_AND/OPR_OR, luaK_goiftrue/luaK_goiffalse,
//! jumponcond, codenot, codecomp), and is placed in a register by `exp2reg` (TESTSETs
//! copying the deciding operand, `true`/`false` loads for comparisons). The jump shapes are
//! then lua5.1's, and so are the names error messages find along them and the order in which
//! numeral constants are added (which of `0`/`-0` a shared constant holds).
//!
//! The left spine of an `and`/`or` chain (`a or b or c ...`, millions of links) is walked in
//! a loop; right operands, parentheses and `not` nest through syntax levels.

use super::*;

/// lcode.c's expression kinds, for what the logic operators handle.
#[derive(Clone, Copy)]
enum Kind<'e> {
    Nil,
    False,
    True,
    /// A string constant, added when parsed (VK).
    Str(u32),
    /// A numeral, added as a constant only when loaded (VKNUM).
    Num(f64),
    /// A comparison: its jump, taken when it holds (VJMP).
    Jmp(usize),
    /// A NOT whose destination is set when it is placed (VRELOCABLE), or removed by a test
    /// of its operand (jumponcond).
    Not(usize),
    /// Any other expression, evaluated when placed (lcode.c has it relocatable or in a
    /// register by then; nothing is emitted in between).
    Value(&'e Expr),
}

/// lcode.c's expdesc for the logic operators: a kind and the pending jump lists.
pub(super) struct Logic<'e> {
    k: Kind<'e>,
    t: Vec<usize>,
    f: Vec<usize>,
}

/// Whether `expr_to` hands `e` to this module.
pub(super) fn is_logic(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Binary(BinOp::And | BinOp::Or, ..) | ExprKind::Unary(UnOp::Not, _)
    )
}

impl<'a> FuncState<'a> {
    /// `e` (an `and`/`or`/`not`) into register `dst` (lcode.c's exp2reg).
    pub(super) fn logic_to(&mut self, heap: &mut Meter, e: &Expr, dst: u32) -> R<()> {
        // lua5.1 reserves the destination after the operands (luaK_exp2nextreg): a top
        // temporary is released so that operands use it first, as theirs do.
        if dst >= self.nactive && dst + 1 == self.free_reg {
            self.free_reg = dst;
        }
        let d = self.logic_exp(heap, e)?;
        self.exp2reg(heap, d, dst, e.line)
    }

    /// The jumps taken when `e` is false, for `if`, `while` and `repeat` (lparser.c's cond).
    pub(super) fn cond_jump(&mut self, heap: &mut Meter, e: &Expr) -> R<Vec<usize>> {
        let save = self.free_reg;
        let mut d = self.logic_exp(heap, e)?;
        if let Kind::Nil = d.k {
            // "`falses' are all equal here"
            d.k = Kind::False;
        }
        self.go_if_true(heap, &mut d, e.line)?;
        self.free_reg = save;
        Ok(d.f)
    }

    /// The descriptor of `e` after it is parsed.
    fn logic_exp<'e>(&mut self, heap: &mut Meter, e: &'e Expr) -> R<Logic<'e>> {
        heap.step()?;
        let k = match &e.kind {
            ExprKind::Binary(BinOp::And | BinOp::Or, ..) => return self.logic_chain(heap, e),
            // Parentheses keep the jump lists (luaK_dischargevars leaves them); around a
            // plain value they cut it to one value.
            ExprKind::Paren(inner) => {
                let d = self.logic_exp(heap, inner)?;
                return Ok(match d.k {
                    Kind::Value(v) if std::ptr::eq(v, &**inner) => Logic {
                        k: Kind::Value(e),
                        ..d
                    },
                    _ => d,
                });
            }
            ExprKind::Nil => Kind::Nil,
            ExprKind::False => Kind::False,
            ExprKind::True => Kind::True,
            ExprKind::String(s) => Kind::Str(self.str_k(heap, s)?),
            ExprKind::Unary(UnOp::Not, inner) => {
                let d = self.logic_exp(heap, inner)?;
                return self.code_not(heap, d, e.line);
            }
            ExprKind::Binary(op, a, b) if is_cmp(*op) => {
                // lcode.c's codecomp: both operands as RK, left first; `>`/`>=` swap only
                // the registers.
                let save = self.free_reg;
                let (opc, flip, swap) = cmp_parts(*op);
                let (ra, rb) = self.binary_operands(heap, a, None, b, false)?;
                let (rx, ry) = if swap { (rb, ra) } else { (ra, rb) };
                self.free_reg = save;
                self.emit(abc(opc, (!flip) as u32, rx, ry), e.line);
                Kind::Jmp(self.emit_jump(e.line))
            }
            _ => match fold_num(e) {
                Some(v) => Kind::Num(v),
                None => Kind::Value(e),
            },
        };
        Ok(Logic {
            k,
            t: Vec::new(),
            f: Vec::new(),
        })
    }

    /// An `and`/`or` chain: its left spine in a loop (luaK_infix, then the right operand,
    /// then luaK_posfix, link by link).
    fn logic_chain<'e>(&mut self, heap: &mut Meter, e: &'e Expr) -> R<Logic<'e>> {
        let mut spine = Vec::new();
        let mut cur = e;
        while let ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) = &cur.kind {
            spine.push((*op, &**b, cur.op_line));
            cur = a;
        }
        let mut d = self.logic_exp(heap, cur)?;
        while let Some((op, b, line)) = spine.pop() {
            heap.step()?;
            if op == BinOp::And {
                self.go_if_true(heap, &mut d, line)?;
            } else {
                self.go_if_false(heap, &mut d, line)?;
            }
            let mut d2 = self.logic_exp(heap, b)?;
            // The left operand's remaining exits are the result's (its other list was
            // patched to the right operand).
            // (The long list is kept and the short one appended: a chain's list grows by a
            // jump per link.)
            let (long, short) = if op == BinOp::And {
                (&mut d.f, &mut d2.f)
            } else {
                (&mut d.t, &mut d2.t)
            };
            long.append(short);
            std::mem::swap(long, short);
            d = d2;
        }
        Ok(d)
    }

    /// lcode.c's codenot.
    fn code_not<'e>(&mut self, heap: &mut Meter, mut d: Logic<'e>, line: u32) -> R<Logic<'e>> {
        d.k = match d.k {
            Kind::Nil | Kind::False => Kind::True,
            Kind::Str(_) | Kind::Num(_) | Kind::True => Kind::False,
            Kind::Jmp(j) => {
                self.invert_jump(j);
                Kind::Jmp(j)
            }
            Kind::Not(_) | Kind::Value(_) => {
                let r = self.discharge_any(heap, &d, line)?;
                self.free_exp(r);
                Kind::Not(self.emit(abc(OP_NOT, r, r, 0), line))
            }
        };
        std::mem::swap(&mut d.t, &mut d.f);
        self.remove_values(&d.f);
        self.remove_values(&d.t);
        Ok(d)
    }

    /// lcode.c's luaK_goiftrue: falls through when `d` is true; its false exits are `d.f`.
    fn go_if_true(&mut self, heap: &mut Meter, d: &mut Logic, line: u32) -> R<()> {
        // (lua5.1.5 tests a `false` like any value: its 5.1.4 bug fix dropped the plain jump.)
        let pc = match d.k {
            Kind::Str(_) | Kind::Num(_) | Kind::True => None,
            Kind::Jmp(j) => {
                self.invert_jump(j);
                Some(j)
            }
            _ => Some(self.jump_on_cond(heap, d, false, line)?),
        };
        d.f.extend(pc);
        let t = std::mem::take(&mut d.t);
        self.patch_to_here(&t);
        Ok(())
    }

    /// lcode.c's luaK_goiffalse: falls through when `d` is false; its true exits are `d.t`
    /// (a `true` is tested too).
    fn go_if_false(&mut self, heap: &mut Meter, d: &mut Logic, line: u32) -> R<()> {
        let pc = match d.k {
            Kind::Nil | Kind::False => None,
            Kind::Jmp(j) => Some(j),
            _ => Some(self.jump_on_cond(heap, d, true, line)?),
        };
        d.t.extend(pc);
        let f = std::mem::take(&mut d.f);
        self.patch_to_here(&f);
        Ok(())
    }

    /// lcode.c's jumponcond: a jump taken when `d`'s truth is `cond`. A NOT just emitted is
    /// dropped for a TEST of its operand; anything else is tested by a TESTSET, whose
    /// destination its list decides (`jumps.rs`).
    fn jump_on_cond(&mut self, heap: &mut Meter, d: &Logic, cond: bool, line: u32) -> R<usize> {
        if let Kind::Not(pc) = d.k
            && pc + 1 == self.p.code.len()
        {
            let b = arg_b(self.p.code[pc]) as u32;
            self.p.code.pop();
            self.p.lines.pop();
            self.emit(abc(OP_TEST, b, 0, (!cond) as u32), line);
            return Ok(self.emit_jump(line));
        }
        let r = self.discharge_any(heap, d, line)?;
        self.free_exp(r);
        self.emit(abc(OP_TESTSET, r, r, cond as u32), line);
        Ok(self.emit_jump(line))
    }

    /// Flips the condition of a comparison's jump (lcode.c's invertjump).
    fn invert_jump(&mut self, j: usize) {
        let c = self.jump_control(j);
        let i = self.p.code[c];
        self.p.code[c] = abc(
            op(i),
            (arg_a(i) == 0) as u32,
            arg_b(i) as u32,
            arg_c(i) as u32,
        );
    }

    /// lcode.c's freeexp: a temporary holding a tested value is free again.
    fn free_exp(&mut self, r: u32) {
        if r >= self.nactive && r < self.free_reg {
            self.free_reg = r;
        }
    }

    /// lcode.c's discharge2anyreg: `d` in some register (a plain local's own, else the next
    /// free one).
    fn discharge_any(&mut self, heap: &mut Meter, d: &Logic, line: u32) -> R<u32> {
        match d.k {
            Kind::Value(e) => self.expr_any(heap, strip_parens(e)),
            _ => {
                let r = self.alloc_reg(line)?;
                self.discharge_to(heap, d, r, line)?;
                self.free_reg = r + 1;
                Ok(r)
            }
        }
    }

    /// lcode.c's discharge2reg: `d`'s value (not its jumps) into `reg`.
    fn discharge_to(&mut self, heap: &mut Meter, d: &Logic, reg: u32, line: u32) -> R<()> {
        match d.k {
            Kind::Nil => {
                self.emit(abc(OP_LOADNIL, reg, reg, 0), line);
            }
            Kind::False | Kind::True => {
                let b = matches!(d.k, Kind::True) as u32;
                self.emit(abc(OP_LOADBOOL, reg, b, 0), line);
            }
            Kind::Str(k) => {
                self.emit(abx(OP_LOADK, reg, k), line);
            }
            Kind::Num(v) => {
                let k = self.num_k(v)?;
                self.emit(abx(OP_LOADK, reg, k), line);
            }
            Kind::Not(pc) => {
                let i = self.p.code[pc];
                self.p.code[pc] = abc(OP_NOT, reg, arg_b(i) as u32, 0);
            }
            Kind::Value(e) => self.expr_to(heap, e, reg)?,
            Kind::Jmp(_) => {}
        }
        Ok(())
    }

    /// lcode.c's exp2reg: `d` with its jumps into `reg`.
    fn exp2reg(&mut self, heap: &mut Meter, mut d: Logic, reg: u32, line: u32) -> R<()> {
        self.discharge_to(heap, &d, reg, line)?;
        self.keep_above(reg);
        if let Kind::Jmp(j) = d.k {
            d.t.push(j);
        }
        if d.t.is_empty() && d.f.is_empty() {
            return Ok(());
        }
        let (mut p_f, mut p_t) = (None, None);
        if self.need_value(&d.t) || self.need_value(&d.f) {
            let fj = match d.k {
                Kind::Jmp(_) => None,
                _ => Some(self.emit_jump(line)),
            };
            p_f = Some(self.emit(abc(OP_LOADBOOL, reg, 0, 1), line));
            p_t = Some(self.emit(abc(OP_LOADBOOL, reg, 1, 0), line));
            if let Some(fj) = fj {
                self.patch_to_here(&[fj]);
            }
        }
        let end = self.pc();
        self.patch_values(&d.f, end, reg, p_f.unwrap_or(end))?;
        self.patch_values(&d.t, end, reg, p_t.unwrap_or(end))
    }
}

/// A local in parentheses is still in its own register (luaK_dischargevars).
fn strip_parens(mut e: &Expr) -> &Expr {
    while let ExprKind::Paren(inner) = &e.kind {
        if !matches!(inner.kind, ExprKind::Local(_) | ExprKind::Paren(_)) {
            break;
        }
        e = inner;
    }
    e
}

pub(super) fn is_cmp(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}
