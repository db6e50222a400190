//! The syntax tree the parser hands to code generation. Names are already resolved: every
//! variable reference is a local (by id), an upvalue (by index) or a global, and every local
//! knows whether an inner function captures it (so code generation can box it at declaration).

/// Index into `FuncBody::locals`.
pub type LocalId = u32;

#[derive(Debug, Clone)]
pub struct LocalInfo {
    pub name: String,
    /// True when some inner function refers to this local: it then lives in a heap cell
    /// created when the declaration executes (once per loop iteration for loop bodies).
    pub captured: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpvalSource {
    /// A local of the directly enclosing function (always `captured`).
    ParentLocal(LocalId),
    /// An upvalue of the directly enclosing function.
    ParentUpval(u32),
}

#[derive(Debug, Clone)]
pub struct UpvalDesc {
    pub name: String,
    pub source: UpvalSource,
}

#[derive(Debug, Clone)]
pub struct FuncBody {
    /// Parameters, in order (for methods the first is the implicit `self`).
    pub params: Vec<LocalId>,
    pub is_vararg: bool,
    /// lua5.1's LUA_COMPAT_VARARG: a vararg function has a hidden local `arg` after its
    /// parameters; it holds `{...; n = select('#', ...)}` when the body never uses `...`.
    pub arg_local: Option<LocalId>,
    pub needs_arg: bool,
    pub body: Block,
    /// Every local declared in this function (not in nested functions), by `LocalId`.
    pub locals: Vec<LocalInfo>,
    pub upvals: Vec<UpvalDesc>,
    /// Line of the `function` keyword (0 for the main chunk).
    pub line: u32,
    /// Line of the closing `end` (0 for the main chunk).
    pub end_line: u32,
    /// Line of the final RETURN: the last token's (lparser.c's `lastline` at close_func), so
    /// a main chunk's line hook sees its last line too.
    pub ret_line: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Block {
    pub stats: Vec<Stat>,
    pub ret: Option<Return>,
}

#[derive(Debug, Clone)]
pub struct Return {
    pub exprs: Vec<Expr>,
    pub line: u32,
}

/// Kept small (big variants boxed): a chunk of a million statements holds a million of them,
/// with the block vector's spare capacity (issue 10: the compile's memory is charged).
#[derive(Debug, Clone)]
pub enum Stat {
    /// A function call used as a statement (`Call` or `Method` expression).
    Call(Box<Expr>),
    /// `targets = values`; each target is `Local`, `Upval`, `Global` or `Index`.
    /// `line` is the line of the last token of the statement.
    Assign {
        targets: Vec<Expr>,
        values: Vec<Expr>,
        line: u32,
    },
    /// `local a, b = values`. The locals become visible after the statement.
    Local {
        locals: Vec<LocalId>,
        values: Vec<Expr>,
        line: u32,
    },
    /// `local function f`: `local` is visible inside the body.
    LocalFunction {
        local: LocalId,
        func: Box<FuncBody>,
    },
    Do(Box<Block>),
    While {
        cond: Box<Expr>,
        body: Box<Block>,
        line: u32,
    },
    /// The condition can see the body's locals.
    Repeat {
        body: Box<Block>,
        cond: Box<Expr>,
        line: u32,
    },
    If {
        conds: Vec<(Expr, Block)>,
        else_block: Option<Box<Block>>,
        line: u32,
    },
    /// `for var = start, limit, step do body end`; `var` is the visible loop variable.
    NumFor {
        var: LocalId,
        start: Box<Expr>,
        limit: Box<Expr>,
        step: Option<Box<Expr>>,
        body: Box<Block>,
        line: u32,
    },
    /// `for vars in exprs do body end`.
    GenFor {
        vars: Vec<LocalId>,
        exprs: Vec<Expr>,
        body: Box<Block>,
        line: u32,
    },
    Break {
        line: u32,
    },
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    /// The line PUC-Rio 5.1 attributes the expression's instruction to: for binary and unary
    /// operators and indexing, the line of the last token of the (right) operand/key; for calls,
    /// the line of the token opening the arguments; otherwise the line of the first token.
    pub line: u32,
    /// For `and`/`or`: the operator's line, where lcode.c's luaK_infix emits the left
    /// operand's test and jump (0 for everything else; fits in `line`'s padding).
    pub op_line: u32,
}

/// Left-deep chains (`a + b + c`, `t.a.b`, `f()()`, `o:m():m()`) are unbounded in length (the
/// parser builds them in loops, as lua5.1 does), so the default drop glue would recurse once per
/// link: this drop walks the left spine in a loop. Every other child is nested through a syntax
/// level (parentheses, operands of higher priority, arguments, keys, bodies), so the parser's
/// 200-level limit bounds the recursion through them.
impl Drop for Expr {
    fn drop(&mut self) {
        let mut kind = std::mem::replace(&mut self.kind, ExprKind::Nil);
        while let Some(mut child) = kind.take_spine() {
            kind = std::mem::replace(&mut child.kind, ExprKind::Nil);
        }
    }
}

impl ExprKind {
    /// The left operand / prefix of a chain link, with the rest of `self` dropped.
    fn take_spine(self) -> Option<Box<Expr>> {
        match self {
            ExprKind::Binary(_, a, _)
            | ExprKind::Index(a, _)
            | ExprKind::Call(a, _)
            | ExprKind::Method(a, ..) => Some(a),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Vararg,
    Number(f64),
    String(Vec<u8>),
    Function(Box<FuncBody>),
    Table(Vec<TableField>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Local(LocalId),
    Upval(u32),
    Global(String),
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    /// `obj:name(args)`.
    Method(Box<Expr>, String, Vec<Expr>),
    /// `(expr)`: truncates multiple results to one.
    Paren(Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum TableField {
    /// `expr` (array item).
    Item(Expr),
    /// `name = expr` or `[key] = expr` (a `name` key arrives as `ExprKind::String`).
    Pair(Expr, Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
}
