//! Recursive-descent parser for Lua 5.1 (lparser.c's grammar, precedences and messages),
//! resolving names while it parses (see `scope.rs`). Nesting is bounded like lua5.1
//! (`chunk has too many syntax levels`), so the Rust stack use is bounded too.

use super::ast::*;
use super::error::CompileError;
use super::lexer::{Lexer, Tok, token_str};
use super::scope::{FuncScope, Resolved, Scopes};

type R<T> = Result<T, CompileError>;

/// LUAI_MAXCCALLS: the syntactic nesting limit.
const MAX_LEVELS: u32 = 200;

struct Parser<'a> {
    lx: Lexer<'a>,
    tok: Tok,
    text: String,
    ahead: Option<(Tok, String, u32)>,
    /// Line of the last consumed token (lparser.c's lastline).
    lastline: u32,
    scopes: Scopes,
    level: u32,
    /// A resolution error (upvalue limit) raised while building a variable expression.
    pending: Option<String>,
}

/// Parses a main chunk into a resolved syntax tree.
pub fn parse(source: &[u8], chunkname: &str) -> Result<FuncBody, CompileError> {
    let mut lx = Lexer::new(source, chunkname);
    let (tok, text) = lx.next_token()?;
    let mut p = Parser {
        lx,
        tok,
        text,
        ahead: None,
        lastline: 1,
        scopes: Scopes::default(),
        level: 0,
        pending: None,
    };
    p.scopes.open_function(0, true);
    let body = p.block()?;
    if p.tok != Tok::Eof {
        return Err(p.error_near("'<eof>' expected"));
    }
    let fs = p.scopes.close_function();
    Ok(finish_function(fs, Vec::new(), None, true, body, 0, 0))
}

fn finish_function(
    fs: FuncScope,
    params: Vec<LocalId>,
    arg_local: Option<LocalId>,
    is_vararg: bool,
    body: Block,
    line: u32,
    end_line: u32,
) -> FuncBody {
    let needs_arg = arg_local.is_some() && !fs.uses_vararg;
    FuncBody {
        params,
        is_vararg,
        arg_local,
        needs_arg,
        body,
        locals: fs.locals,
        upvals: fs.upvals,
        line,
        end_line,
    }
}

fn binop(t: &Tok) -> Option<(BinOp, u8, u8)> {
    // (op, left priority, right priority) as lparser.c's priority table.
    Some(match t {
        Tok::Char(b'+') => (BinOp::Add, 6, 6),
        Tok::Char(b'-') => (BinOp::Sub, 6, 6),
        Tok::Char(b'*') => (BinOp::Mul, 7, 7),
        Tok::Char(b'/') => (BinOp::Div, 7, 7),
        Tok::Char(b'%') => (BinOp::Mod, 7, 7),
        Tok::Char(b'^') => (BinOp::Pow, 10, 9),
        Tok::Concat => (BinOp::Concat, 5, 4),
        Tok::Ne => (BinOp::Ne, 3, 3),
        Tok::Eq => (BinOp::Eq, 3, 3),
        Tok::Char(b'<') => (BinOp::Lt, 3, 3),
        Tok::Le => (BinOp::Le, 3, 3),
        Tok::Char(b'>') => (BinOp::Gt, 3, 3),
        Tok::Ge => (BinOp::Ge, 3, 3),
        Tok::And => (BinOp::And, 2, 2),
        Tok::Or => (BinOp::Or, 1, 1),
        _ => return None,
    })
}

const UNARY_PRIORITY: u8 = 8;

impl<'a> Parser<'a> {
    fn next(&mut self) -> R<()> {
        self.lastline = self.lx.line;
        let (t, s) = match self.ahead.take() {
            Some((t, s, _)) => (t, s),
            None => self.lx.next_token()?,
        };
        self.tok = t;
        self.text = s;
        Ok(())
    }

    fn lookahead(&mut self) -> R<&Tok> {
        if self.ahead.is_none() {
            let (t, s) = self.lx.next_token()?;
            self.ahead = Some((t, s, self.lx.line));
        }
        Ok(&self.ahead.as_ref().expect("lookahead").0)
    }

    /// `msg near 'token'` at the current line (luaX_syntaxerror).
    fn error_near(&self, msg: &str) -> CompileError {
        let near = match &self.tok {
            Tok::Name(_) | Tok::Str(_) | Tok::Num(_) => self.text.clone(),
            t => token_str(t),
        };
        self.lx.error(msg, Some(near))
    }

    fn error_plain(&self, msg: &str) -> CompileError {
        self.lx.error(msg, None)
    }

    fn check(&mut self, t: Tok) -> R<()> {
        if self.tok != t {
            return Err(self.error_near(&format!("'{}' expected", token_str(&t))));
        }
        Ok(())
    }

    fn check_next(&mut self, t: Tok) -> R<()> {
        self.check(t)?;
        self.next()
    }

    fn test_next(&mut self, t: &Tok) -> R<bool> {
        if &self.tok == t {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// check_match: `what` expected (to close `who` at line N).
    fn check_match(&mut self, what: Tok, who: Tok, line: u32) -> R<()> {
        if self.tok != what {
            if line == self.lx.line {
                return Err(self.error_near(&format!("'{}' expected", token_str(&what))));
            }
            return Err(self.error_near(&format!(
                "'{}' expected (to close '{}' at line {})",
                token_str(&what),
                token_str(&who),
                line
            )));
        }
        self.next()
    }

    fn name(&mut self) -> R<String> {
        match &self.tok {
            Tok::Name(n) => {
                let n = n.clone();
                self.next()?;
                Ok(n)
            }
            _ => Err(self.error_near("'<name>' expected")),
        }
    }

    fn enter(&mut self) -> R<()> {
        self.level += 1;
        if self.level > MAX_LEVELS {
            return Err(self.error_plain("chunk has too many syntax levels"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.level -= 1;
    }

    fn block_follow(&self) -> bool {
        matches!(
            self.tok,
            Tok::Else | Tok::Elseif | Tok::End | Tok::Until | Tok::Eof
        )
    }

    /// A block in its own scope.
    fn block(&mut self) -> R<Block> {
        self.scopes.enter_block();
        let b = self.chunk()?;
        self.scopes.leave_block();
        Ok(b)
    }

    /// Statements up to a block end (lparser.c's `chunk`).
    fn chunk(&mut self) -> R<Block> {
        self.enter()?;
        let mut b = Block::default();
        while !self.block_follow() {
            if self.tok == Tok::Return {
                let line = self.lx.line;
                self.next()?;
                let exprs = if self.block_follow() || self.tok == Tok::Char(b';') {
                    Vec::new()
                } else {
                    self.exprlist()?
                };
                self.test_next(&Tok::Char(b';'))?;
                b.ret = Some(Return { exprs, line });
                break;
            }
            if self.tok == Tok::Break {
                let line = self.lx.line;
                self.next()?;
                if !self.scopes.in_loop() {
                    return Err(self.lx.error("no loop to break", Some(self.near_text())));
                }
                b.stats.push(Stat::Break { line });
                self.test_next(&Tok::Char(b';'))?;
                break;
            }
            let s = self.statement()?;
            b.stats.push(s);
            self.test_next(&Tok::Char(b';'))?;
        }
        self.leave();
        Ok(b)
    }

    fn near_text(&self) -> String {
        match &self.tok {
            Tok::Name(_) | Tok::Str(_) | Tok::Num(_) => self.text.clone(),
            t => token_str(t),
        }
    }

    fn statement(&mut self) -> R<Stat> {
        let line = self.lx.line;
        match self.tok {
            Tok::If => self.if_stat(line),
            Tok::While => {
                self.next()?;
                let cond = self.expr()?;
                self.check_next(Tok::Do)?;
                self.scopes.enter_loop();
                let body = self.block()?;
                self.scopes.leave_loop();
                self.check_match(Tok::End, Tok::While, line)?;
                Ok(Stat::While { cond, body, line })
            }
            Tok::Do => {
                self.next()?;
                let b = self.block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
                Ok(Stat::Do(b))
            }
            Tok::For => self.for_stat(line),
            Tok::Repeat => {
                self.next()?;
                self.scopes.enter_loop();
                self.scopes.enter_block();
                let body = self.chunk()?;
                self.check_match(Tok::Until, Tok::Repeat, line)?;
                let cond = self.expr()?;
                self.scopes.leave_block();
                self.scopes.leave_loop();
                Ok(Stat::Repeat { body, cond, line })
            }
            Tok::Function => {
                self.next()?;
                // funcname: NAME {'.' NAME} [':' NAME]
                let n = self.name()?;
                let nline = self.lastline;
                let mut target = self.var_expr(n, nline);
                let mut is_method = false;
                loop {
                    match self.tok {
                        Tok::Char(b'.') => {
                            self.next()?;
                            let k = self.name()?;
                            let l = self.lastline;
                            target = Expr {
                                kind: ExprKind::Index(Box::new(target), Box::new(str_expr(k, l))),
                                line: l,
                            };
                        }
                        Tok::Char(b':') => {
                            self.next()?;
                            let k = self.name()?;
                            let l = self.lastline;
                            target = Expr {
                                kind: ExprKind::Index(Box::new(target), Box::new(str_expr(k, l))),
                                line: l,
                            };
                            is_method = true;
                            break;
                        }
                        _ => break,
                    }
                }
                let f = self.body(is_method, line)?;
                let end = f.end_line;
                Ok(Stat::Assign {
                    targets: vec![target],
                    values: vec![Expr {
                        kind: ExprKind::Function(Box::new(f)),
                        line: end,
                    }],
                    line: end,
                })
            }
            Tok::Local => {
                self.next()?;
                if self.test_next(&Tok::Function)? {
                    let n = self.name()?;
                    let id = self
                        .scopes
                        .declare(&n, 0)
                        .map_err(|m| self.error_plain(&m))?;
                    self.scopes.activate(1);
                    let f = self.body(false, line)?;
                    Ok(Stat::LocalFunction {
                        local: id,
                        func: Box::new(f),
                    })
                } else {
                    let mut names = Vec::new();
                    loop {
                        let n = self.name()?;
                        let id = self
                            .scopes
                            .declare(&n, names.len())
                            .map_err(|m| self.error_plain(&m))?;
                        names.push(id);
                        if !self.test_next(&Tok::Char(b','))? {
                            break;
                        }
                    }
                    let values = if self.test_next(&Tok::Char(b'='))? {
                        self.exprlist()?
                    } else {
                        Vec::new()
                    };
                    self.scopes.activate(names.len());
                    Ok(Stat::Local {
                        locals: names,
                        values,
                        line: self.lastline,
                    })
                }
            }
            _ => self.expr_stat(),
        }
    }

    fn if_stat(&mut self, line: u32) -> R<Stat> {
        let mut conds = Vec::new();
        self.next()?;
        let c = self.expr()?;
        self.check_next(Tok::Then)?;
        let b = self.block()?;
        conds.push((c, b));
        while self.tok == Tok::Elseif {
            self.next()?;
            let c = self.expr()?;
            self.check_next(Tok::Then)?;
            let b = self.block()?;
            conds.push((c, b));
        }
        let else_block = if self.test_next(&Tok::Else)? {
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(Tok::End, Tok::If, line)?;
        Ok(Stat::If {
            conds,
            else_block,
            line,
        })
    }

    fn for_stat(&mut self, line: u32) -> R<Stat> {
        self.next()?;
        let n1 = self.name()?;
        self.scopes.enter_block();
        let r = match self.tok {
            Tok::Char(b'=') => {
                self.next()?;
                let start = self.expr()?;
                self.check_next(Tok::Char(b','))?;
                let limit = self.expr()?;
                let step = if self.test_next(&Tok::Char(b','))? {
                    Some(self.expr()?)
                } else {
                    None
                };
                self.check_next(Tok::Do)?;
                // Hidden control variables count against the locals limit, as in lua5.1.
                self.scopes.hidden(3).map_err(|m| self.error_plain(&m))?;
                let var = self
                    .scopes
                    .declare(&n1, 0)
                    .map_err(|m| self.error_plain(&m))?;
                self.scopes.activate(1);
                self.scopes.enter_loop();
                let body = self.block()?;
                self.scopes.leave_loop();
                Stat::NumFor {
                    var,
                    start,
                    limit,
                    step,
                    body,
                    line,
                }
            }
            Tok::Char(b',') | Tok::In => {
                let mut names = vec![n1];
                while self.test_next(&Tok::Char(b','))? {
                    names.push(self.name()?);
                }
                self.check_next(Tok::In)?;
                // lua5.1 attributes the iterator call to the line of the first token after `in`.
                let call_line = self.lx.line;
                let exprs = self.exprlist()?;
                self.check_next(Tok::Do)?;
                self.scopes.hidden(3).map_err(|m| self.error_plain(&m))?;
                let mut vars = Vec::new();
                for (i, n) in names.iter().enumerate() {
                    vars.push(
                        self.scopes
                            .declare(n, i)
                            .map_err(|m| self.error_plain(&m))?,
                    );
                }
                self.scopes.activate(vars.len());
                self.scopes.enter_loop();
                let body = self.block()?;
                self.scopes.leave_loop();
                Stat::GenFor {
                    vars,
                    exprs,
                    body,
                    line: call_line,
                }
            }
            _ => return Err(self.error_near("'=' or 'in' expected")),
        };
        self.scopes.leave_block();
        self.check_match(Tok::End, Tok::For, line)?;
        Ok(r)
    }

    fn expr_stat(&mut self) -> R<Stat> {
        let e = self.suffixed_exp()?;
        let is_call = matches!(e.kind, ExprKind::Call(..) | ExprKind::Method(..));
        if !is_call || matches!(self.tok, Tok::Char(b'=') | Tok::Char(b',')) {
            let mut targets = vec![e];
            while self.test_next(&Tok::Char(b','))? {
                targets.push(self.suffixed_exp()?);
            }
            for t in &targets {
                if !matches!(
                    t.kind,
                    ExprKind::Local(_)
                        | ExprKind::Upval(_)
                        | ExprKind::Global(_)
                        | ExprKind::Index(..)
                ) {
                    return Err(self.error_near("syntax error"));
                }
            }
            self.check_next(Tok::Char(b'='))?;
            let values = self.exprlist()?;
            return Ok(Stat::Assign {
                targets,
                values,
                line: self.lastline,
            });
        }
        Ok(Stat::Call(e))
    }

    fn exprlist(&mut self) -> R<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while self.test_next(&Tok::Char(b','))? {
            v.push(self.expr()?);
        }
        Ok(v)
    }

    fn expr(&mut self) -> R<Expr> {
        self.subexpr(0)
    }

    fn subexpr(&mut self, limit: u8) -> R<Expr> {
        self.enter()?;
        let mut left = match self.tok {
            Tok::Not | Tok::Char(b'-') | Tok::Char(b'#') => {
                let op = match self.tok {
                    Tok::Not => UnOp::Not,
                    Tok::Char(b'-') => UnOp::Neg,
                    _ => UnOp::Len,
                };
                self.next()?;
                let e = self.subexpr(UNARY_PRIORITY)?;
                // Fold negative numerals (lua5.1's constant folding keeps -0 distinct).
                if let (UnOp::Neg, ExprKind::Number(n)) = (op, &e.kind) {
                    Expr {
                        kind: ExprKind::Number(-n),
                        line: self.lastline,
                    }
                } else {
                    Expr {
                        kind: ExprKind::Unary(op, Box::new(e)),
                        line: self.lastline,
                    }
                }
            }
            _ => self.simple_exp()?,
        };
        while let Some((op, lp, rp)) = binop(&self.tok) {
            if lp <= limit {
                break;
            }
            self.next()?;
            let right = self.subexpr(rp)?;
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                line: self.lastline,
            };
        }
        self.leave();
        Ok(left)
    }

    fn simple_exp(&mut self) -> R<Expr> {
        let line = self.lx.line;
        let kind = match &self.tok {
            Tok::Num(n) => ExprKind::Number(*n),
            Tok::Str(s) => ExprKind::String(s.clone()),
            Tok::Nil => ExprKind::Nil,
            Tok::True => ExprKind::True,
            Tok::False => ExprKind::False,
            Tok::Dots => {
                if !self.scopes.is_vararg() {
                    return Err(self.error_near("cannot use '...' outside a vararg function"));
                }
                self.scopes.note_vararg_use();
                ExprKind::Vararg
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => {
                self.next()?;
                let f = self.body(false, line)?;
                return Ok(Expr {
                    kind: ExprKind::Function(Box::new(f)),
                    line,
                });
            }
            _ => return self.suffixed_exp(),
        };
        self.next()?;
        Ok(Expr { kind, line })
    }

    fn var_expr(&mut self, name: String, line: u32) -> Expr {
        let kind = match self.scopes.resolve(&name) {
            Ok(Resolved::Local(id)) => ExprKind::Local(id),
            Ok(Resolved::Upval(i)) => ExprKind::Upval(i),
            Ok(Resolved::Global) => ExprKind::Global(name),
            Err(m) => {
                self.pending = Some(m);
                ExprKind::Nil
            }
        };
        Expr { kind, line }
    }

    fn primary_exp(&mut self) -> R<Expr> {
        match &self.tok {
            Tok::Name(n) => {
                let n = n.clone();
                let line = self.lx.line;
                self.next()?;
                let e = self.var_expr(n, line);
                if let Some(m) = self.pending.take() {
                    return Err(self.error_plain(&m));
                }
                Ok(e)
            }
            Tok::Char(b'(') => {
                let line = self.lx.line;
                self.next()?;
                let e = self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                let l = e.line;
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(e)),
                    line: l,
                })
            }
            _ => Err(self.error_near("unexpected symbol")),
        }
    }

    fn suffixed_exp(&mut self) -> R<Expr> {
        let mut e = self.primary_exp()?;
        loop {
            match self.tok {
                Tok::Char(b'.') => {
                    self.next()?;
                    let n = self.name()?;
                    let l = self.lastline;
                    e = Expr {
                        kind: ExprKind::Index(Box::new(e), Box::new(str_expr(n, l))),
                        line: l,
                    };
                }
                Tok::Char(b'[') => {
                    self.next()?;
                    let k = self.expr()?;
                    self.check_next(Tok::Char(b']'))?;
                    let l = self.lastline;
                    e = Expr {
                        kind: ExprKind::Index(Box::new(e), Box::new(k)),
                        line: l,
                    };
                }
                Tok::Char(b':') => {
                    self.next()?;
                    let n = self.name()?;
                    let (args, line) = self.call_args()?;
                    e = Expr {
                        kind: ExprKind::Method(Box::new(e), n, args),
                        line,
                    };
                }
                Tok::Char(b'(') | Tok::Str(_) | Tok::Char(b'{') => {
                    let (args, line) = self.call_args()?;
                    e = Expr {
                        kind: ExprKind::Call(Box::new(e), args),
                        line,
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    /// funcargs: returns the arguments and the line of the token that opens them.
    fn call_args(&mut self) -> R<(Vec<Expr>, u32)> {
        let line = self.lx.line;
        match &self.tok {
            Tok::Str(s) => {
                let e = Expr {
                    kind: ExprKind::String(s.clone()),
                    line,
                };
                self.next()?;
                Ok((vec![e], line))
            }
            Tok::Char(b'{') => Ok((vec![self.constructor()?], line)),
            Tok::Char(b'(') => {
                if line != self.lastline {
                    return Err(self.error_near("ambiguous syntax (function call x new statement)"));
                }
                self.next()?;
                let args = if self.tok == Tok::Char(b')') {
                    Vec::new()
                } else {
                    self.exprlist()?
                };
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                Ok((args, line))
            }
            _ => Err(self.error_near("function arguments expected")),
        }
    }

    fn constructor(&mut self) -> R<Expr> {
        let line = self.lx.line;
        self.check_next(Tok::Char(b'{'))?;
        let mut fields = Vec::new();
        loop {
            if self.tok == Tok::Char(b'}') {
                break;
            }
            match self.tok.clone() {
                Tok::Name(n) => {
                    if self.lookahead()? == &Tok::Char(b'=') {
                        let l = self.lx.line;
                        self.next()?;
                        self.next()?;
                        let v = self.expr()?;
                        fields.push(TableField::Pair(str_expr(n, l), v));
                    } else {
                        fields.push(TableField::Item(self.expr()?));
                    }
                }
                Tok::Char(b'[') => {
                    self.next()?;
                    let k = self.expr()?;
                    self.check_next(Tok::Char(b']'))?;
                    self.check_next(Tok::Char(b'='))?;
                    let v = self.expr()?;
                    fields.push(TableField::Pair(k, v));
                }
                _ => fields.push(TableField::Item(self.expr()?)),
            }
            if !self.test_next(&Tok::Char(b','))? && !self.test_next(&Tok::Char(b';'))? {
                break;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        Ok(Expr {
            kind: ExprKind::Table(fields),
            line,
        })
    }

    /// Function body: `(params) block end`.
    fn body(&mut self, is_method: bool, line: u32) -> R<FuncBody> {
        self.scopes.open_function(line, false);
        let mut params = Vec::new();
        if is_method {
            params.push(
                self.scopes
                    .declare("self", 0)
                    .map_err(|m| self.error_plain(&m))?,
            );
        }
        self.check_next(Tok::Char(b'('))?;
        let mut vararg = false;
        if self.tok != Tok::Char(b')') {
            loop {
                match &self.tok {
                    Tok::Name(_) => {
                        let n = self.name()?;
                        params.push(
                            self.scopes
                                .declare(&n, params.len())
                                .map_err(|m| self.error_plain(&m))?,
                        );
                    }
                    Tok::Dots => {
                        self.next()?;
                        vararg = true;
                    }
                    _ => return Err(self.error_near("<name> or '...' expected")),
                }
                if vararg || !self.test_next(&Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.scopes.set_vararg(vararg);
        let arg_local = if vararg {
            Some(
                self.scopes
                    .declare("arg", params.len())
                    .map_err(|m| self.error_plain(&m))?,
            )
        } else {
            None
        };
        self.scopes
            .activate(params.len() + arg_local.is_some() as usize);
        self.check_next(Tok::Char(b')'))?;
        let body = self.chunk()?;
        let end_line = self.lx.line;
        self.check_match(Tok::End, Tok::Function, line)?;
        let fs = self.scopes.close_function();
        Ok(finish_function(
            fs, params, arg_local, vararg, body, line, end_line,
        ))
    }
}

fn str_expr(s: String, line: u32) -> Expr {
    Expr {
        kind: ExprKind::String(s.into_bytes()),
        line,
    }
}
