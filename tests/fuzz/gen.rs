//! A seeded generator of random, deterministic, terminating Lua 5.1 programs.
//!
//! Programs only print through the prelude's `P`/`W` (see `program::PRELUDE`), which never show
//! an address. Termination: loops have literal bounds and control variables no statement
//! assigns, a function may call only functions defined before it, and the work of every loop
//! body and function is estimated so nested loops and calls stay small (`MAX_WORK`).
//! Unspecified behaviour is not generated: the order of assignments to one location in a
//! multiple assignment, `pairs` order of tables with table/function keys, `table.sort` with an
//! inconsistent comparator, anything depending on collection.

use super::program::Node;
use oorandom::Rand64;

/// Rough bound on statements executed per generated statement (loops multiply, calls add the
/// callee's estimate).
const MAX_WORK: u64 = 4000;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Ty {
    Num,
    Str,
    Bool,
    Tab,
    Fun,
}

#[derive(Clone)]
struct Sig {
    params: Vec<Ty>,
    ret: Ty,
    cost: u64,
}

#[derive(Clone)]
struct Var {
    name: String,
    ty: Ty,
    /// Loop counters and the like: never assigned, so loops terminate.
    fixed: bool,
    sig: Option<Sig>,
}

pub struct Gen {
    rng: Rand64,
    scopes: Vec<Vec<Var>>,
    next_name: usize,
    /// Statements executed per execution of the current position (product of enclosing loops).
    mult: u64,
    /// Estimated statements run so far in the current function body.
    work: u64,
    in_loop: bool,
    vararg: bool,
    in_coroutine: bool,
    depth: usize,
}

const NUMS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "7",
    "10",
    "255",
    "0.5",
    "1.5",
    "0.1",
    "3.25",
    "1e3",
    "1e15",
    "1e100",
    "2^53",
    "0x10",
    "1e-3",
    "100",
    "-0",
    "12345678901234",
    "2^31",
    "1/3",
    "-2.5",
    "4e-320",
];
const STRS: &[&str] = &[
    r#""""#,
    r#""a""#,
    r#""abc""#,
    r#""Hello World""#,
    r#""10""#,
    r#"" 12 ""#,
    r#""0x1F""#,
    r#""1e2""#,
    r#""3.5""#,
    r#""-7""#,
    r#""a,b,c""#,
    r#""x\0y""#,
    r#""tab\there""#,
    r#""\200\255""#,
    r#""%d""#,
    r#""(x)""#,
    r#""aaa""#,
    r#""one two  three""#,
    r#"'q"uote'"#,
    r#""back\\slash""#,
    r#""nl\nline""#,
    r#"[[long]]"#,
];
const PATTERNS: &[&str] = &[
    r#""a""#,
    r#""%a+""#,
    r#""%d+""#,
    r#""(%w+)""#,
    r#""^a""#,
    r#""c$""#,
    r#"".""#,
    r#""%s*""#,
    r#""[abc]""#,
    r#""[^%s]+""#,
    r#""(a)(b)""#,
    r#""%(x%)""#,
    r#""x*""#,
    r#""%.""#,
    r#""()""#,
    r#""[%a%d]""#,
    r#""a-""#,
    r#""a?b""#,
    r#""%f[%w]%w+""#,
    r#""(%d)(%d?)""#,
    r#""%bxy""#,
    r#""[0-9]+""#,
];
const BAD_PATTERNS: &[&str] = &[
    r#""[a""#, r#""%""#, r#""(""#, r#""%b""#, r#""(()""#, r#""a)""#, r#""%1""#, r#""[%""#,
];
const FORMATS: &[(&str, Ty)] = &[
    ("%d", Ty::Num),
    ("%5.2f", Ty::Num),
    ("%g", Ty::Num),
    ("%x", Ty::Num),
    ("%X", Ty::Num),
    ("%o", Ty::Num),
    ("%s", Ty::Str),
    ("%s", Ty::Num),
    ("%q", Ty::Str),
    ("%-6s|", Ty::Str),
    ("%05d", Ty::Num),
    ("%e", Ty::Num),
    ("%.3s", Ty::Str),
    ("%10.4g", Ty::Num),
    ("%+d", Ty::Num),
    ("%i", Ty::Num),
    ("%.14g", Ty::Num),
    ("%#x", Ty::Num),
    ("% d", Ty::Num),
    ("%.0f", Ty::Num),
    ("%u", Ty::Num),
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rand64::new(seed as u128),
            scopes: vec![Vec::new()],
            next_name: 0,
            mult: 1,
            work: 0,
            in_loop: false,
            vararg: false,
            in_coroutine: false,
            depth: 0,
        }
    }

    /// One program: a list of top-level statements. With `standalone`, it may end with an
    /// uncaught error (run as a file, to compare lua.c's message and exit status).
    pub fn program(&mut self, standalone: bool) -> Vec<Node> {
        self.scopes = vec![Vec::new()];
        self.next_name = 0;
        self.mult = 1;
        self.work = 0;
        let n = 3 + self.below(10);
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.stmt());
        }
        if standalone && self.chance(2, 3) {
            let e = self.failing_stmt();
            out.push(Node::Line(e));
        }
        out
    }

    // ---- randomness helpers ----

    fn below(&mut self, n: usize) -> usize {
        self.rng.rand_range(0..n as u64) as usize
    }
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn small_int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    // ---- scopes ----

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_name += 1;
        format!("{}{}", prefix, self.next_name)
    }
    fn declare(&mut self, name: &str, ty: Ty, fixed: bool, sig: Option<Sig>) {
        self.scopes.last_mut().unwrap().push(Var {
            name: name.to_string(),
            ty,
            fixed,
            sig,
        });
    }
    fn vars_of(&self, ty: Ty, assignable: bool) -> Vec<String> {
        // Innermost declaration of a name wins (shadowing).
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for v in scope.iter().rev() {
                if seen.contains(&v.name.as_str()) {
                    continue;
                }
                seen.push(&v.name);
                if v.ty == ty && v.sig.is_none() && !(assignable && v.fixed) {
                    out.push(v.name.clone());
                }
            }
        }
        out
    }
    fn funcs(&self) -> Vec<(String, Sig)> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for v in scope.iter().rev() {
                if seen.contains(&v.name.as_str()) {
                    continue;
                }
                seen.push(&v.name);
                if let Some(s) = &v.sig {
                    out.push((v.name.clone(), s.clone()));
                }
            }
        }
        out
    }
    fn var(&mut self, ty: Ty) -> Option<String> {
        let vs = self.vars_of(ty, false);
        if vs.is_empty() {
            None
        } else {
            let i = self.below(vs.len());
            Some(vs[i].clone())
        }
    }
    fn block<F: FnOnce(&mut Gen) -> R, R>(&mut self, f: F) -> R {
        self.scopes.push(Vec::new());
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        self.scopes.pop();
        r
    }
    fn body(&mut self, max: usize) -> Vec<Node> {
        let n = 1 + self.below(max);
        (0..n).map(|_| self.stmt()).collect()
    }

    // ---- expressions ----

    fn expr(&mut self, ty: Ty, d: usize) -> String {
        match ty {
            Ty::Num => self.num(d),
            Ty::Str => self.str(d),
            Ty::Bool => self.boolean(d),
            Ty::Tab => self.table(d),
            Ty::Fun => self.func_value(),
        }
    }

    fn any_ty(&mut self) -> Ty {
        self.pick(&[Ty::Num, Ty::Num, Ty::Str, Ty::Str, Ty::Bool, Ty::Tab])
    }

    /// A value of any type, also nil and `and`/`or` mixtures.
    fn any(&mut self, d: usize) -> String {
        match self.below(12) {
            0 => "nil".into(),
            1 => {
                let (a, b) = (self.any_ty(), self.any_ty());
                format!("({} and {})", self.expr(a, d + 1), self.expr(b, d + 1))
            }
            2 => {
                let (a, b) = (self.any_ty(), self.any_ty());
                let l = if self.chance(1, 2) {
                    "nil".to_string()
                } else {
                    self.expr(a, d + 1)
                };
                format!("({} or {})", l, self.expr(b, d + 1))
            }
            _ => {
                let t = self.any_ty();
                self.expr(t, d)
            }
        }
    }

    fn num(&mut self, d: usize) -> String {
        let leaf = d >= 3 || self.chance(2, 5);
        if leaf {
            if self.chance(1, 2)
                && let Some(v) = self.var(Ty::Num)
            {
                return v;
            }
            let n = self.pick(NUMS);
            return if n.starts_with('-') || n.contains('^') || n.contains('/') {
                format!("({})", n)
            } else {
                n.to_string()
            };
        }
        match self.below(22) {
            0..=5 => {
                let op = self.pick(&["+", "-", "*", "/", "%", "^", "+", "-", "*"]);
                let (a, b) = (self.num(d + 1), self.num(d + 1));
                if op == "^" {
                    format!("({} ^ ({} % 4))", a, b)
                } else if self.chance(1, 3) {
                    format!("{} {} {}", a, op, b)
                } else {
                    format!("({} {} {})", a, op, b)
                }
            }
            6 => format!("-{}", self.num(d + 1)),
            7 => format!("#{}", self.str(d + 1)),
            8 => {
                let f = self.pick(&["floor", "ceil", "abs", "sqrt", "exp", "log", "sin", "deg"]);
                format!("math.{}({})", f, self.num(d + 1))
            }
            9 => {
                let f = self.pick(&["max", "min", "fmod", "pow", "ldexp", "atan2"]);
                format!("math.{}({}, {})", f, self.num(d + 1), self.num(d + 1))
            }
            10 => format!("(tonumber({}) or -1)", self.numeric_string()),
            11 => {
                let base = self.pick(&[2, 8, 10, 16, 36, 7]);
                let s = self.pick(&[
                    r#""101""#,
                    r#""ff""#,
                    r#""zz""#,
                    r#""777""#,
                    r#""1a""#,
                    r#"" 11 ""#,
                ]);
                format!("(tonumber({}, {}) or -2)", s, base)
            }
            12 => format!("({} + {})", self.numeric_string(), self.num(d + 1)),
            13 => format!("W({})", self.num(d + 1)),
            14 => format!(
                "(string.byte({}, {}) or 0)",
                self.str(d + 1),
                self.small_int(-3, 4)
            ),
            15 | 16 => self.call_of(Ty::Num, d).unwrap_or_else(|| "1".into()),
            17 => {
                if self.vararg {
                    "select('#', ...)".to_string()
                } else {
                    "math.huge".into()
                }
            }
            18 => {
                if let Some(t) = self.var(Ty::Tab) {
                    format!("#{}", t)
                } else {
                    "math.pi".into()
                }
            }
            19 => format!(
                "({} and {} or {})",
                self.boolean(d + 1),
                self.num(d + 1),
                self.num(d + 1)
            ),
            20 => format!("string.len({})", self.str(d + 1)),
            _ => format!("select({}, 5, 6, 7)", self.small_int(1, 3)),
        }
    }

    fn numeric_string(&mut self) -> String {
        self.pick(&[
            r#""10""#,
            r#"" 0x1A ""#,
            r#""1e2""#,
            r#""-3.5""#,
            r#""  7""#,
            r#""0x""#,
            r#""1e""#,
            r#""inf""#,
            r#""nan""#,
            r#"".5""#,
            r#""5.""#,
            r#""0x1p4""#,
            r#""12abc""#,
            r#""""#,
        ])
        .to_string()
    }

    fn str(&mut self, d: usize) -> String {
        let leaf = d >= 3 || self.chance(2, 5);
        if leaf {
            if self.chance(1, 2)
                && let Some(v) = self.var(Ty::Str)
            {
                return v;
            }
            return self.pick(STRS).to_string();
        }
        match self.below(18) {
            0..=3 => {
                let a = if self.chance(1, 3) {
                    self.num(d + 1)
                } else {
                    self.str(d + 1)
                };
                let b = if self.chance(1, 3) {
                    self.num(d + 1)
                } else {
                    self.str(d + 1)
                };
                format!("{} .. {}", a, b)
            }
            4 => format!("tostring({})", self.num(d + 1)),
            5 => format!("string.rep({}, {})", self.str(d + 1), self.small_int(-1, 3)),
            6 => {
                let (i, j) = (self.small_int(-6, 6), self.small_int(-6, 6));
                format!("string.sub({}, {}, {})", self.str(d + 1), i, j)
            }
            7 => {
                let f = self.pick(&["upper", "lower", "reverse"]);
                format!("({}):{}()", self.str(d + 1), f)
            }
            8 => self.format_call(d),
            9 => {
                let n = 1 + self.below(3);
                let cs: Vec<String> = (0..n)
                    .map(|_| self.small_int(32, 126).to_string())
                    .collect();
                format!("string.char({})", cs.join(", "))
            }
            10 => {
                let n = self.below(4);
                let es: Vec<String> = (0..n)
                    .map(|_| {
                        if self.chance(1, 2) {
                            self.num(d + 1)
                        } else {
                            self.str(d + 1)
                        }
                    })
                    .collect();
                let sep = self.pick(&[r#""""#, r#"", ""#, r#""-""#]);
                format!("table.concat({{{}}}, {})", es.join(", "), sep)
            }
            11 => {
                let t = self.any_ty();
                format!("type({})", self.expr(t, d + 1))
            }
            12 => {
                let p = self.pick(PATTERNS);
                let r = self.pick(&[r#""%1""#, r#""<%0>""#, r#""x""#, r#""%%""#, r#""""#]);
                format!("(string.gsub({}, {}, {}))", self.str(d + 1), p, r)
            }
            13 => {
                let p = self.pick(PATTERNS);
                format!("(string.match({}, {}) or \"-\")", self.str(d + 1), p)
            }
            14 => self.call_of(Ty::Str, d).unwrap_or_else(|| "\"f\"".into()),
            15 => format!("W({})", self.str(d + 1)),
            16 => format!("({} or {})", self.str(d + 1), self.str(d + 1)),
            _ => format!("string.format(\"%q\", {})", self.str(d + 1)),
        }
    }

    fn format_call(&mut self, d: usize) -> String {
        let n = 1 + self.below(3);
        let mut fmt = String::new();
        let mut args = Vec::new();
        for _ in 0..n {
            let (f, ty) = self.pick(FORMATS);
            fmt.push_str(f);
            fmt.push(' ');
            args.push(if ty == Ty::Num {
                if self.chance(1, 4) {
                    format!("{}", self.small_int(-300, 300))
                } else {
                    self.num(d + 1)
                }
            } else {
                self.str(d + 1)
            });
        }
        format!("string.format(\"{}\", {})", fmt.trim_end(), args.join(", "))
    }

    fn boolean(&mut self, d: usize) -> String {
        if d >= 3 || self.chance(1, 5) {
            if self.chance(1, 2)
                && let Some(v) = self.var(Ty::Bool)
            {
                return v;
            }
            return self.pick(&["true", "false"]).to_string();
        }
        match self.below(10) {
            0..=2 => {
                let op = self.pick(&["<", "<=", ">", ">=", "==", "~="]);
                let (a, b) = if self.chance(1, 3) {
                    (
                        format!("W({})", self.num(d + 1)),
                        format!("W({})", self.num(d + 1)),
                    )
                } else {
                    (self.num(d + 1), self.num(d + 1))
                };
                format!("{} {} {}", a, op, b)
            }
            3 => {
                let op = self.pick(&["<", "<=", ">", ">=", "==", "~="]);
                format!("{} {} {}", self.str(d + 1), op, self.str(d + 1))
            }
            4 => format!("not {}", self.boolean(d + 1)),
            5 => format!("({} and {})", self.boolean(d + 1), self.boolean(d + 1)),
            6 => format!("({} or {})", self.boolean(d + 1), self.boolean(d + 1)),
            7 => format!("{} == {}", self.any(d + 1), self.any(d + 1)),
            8 => format!("rawequal({}, {})", self.any(d + 1), self.any(d + 1)),
            _ => self.call_of(Ty::Bool, d).unwrap_or_else(|| "true".into()),
        }
    }

    fn table(&mut self, d: usize) -> String {
        if self.chance(1, 3)
            && let Some(v) = self.var(Ty::Tab)
        {
            return v;
        }
        let n = self.below(5);
        let mut items = Vec::new();
        for _ in 0..n {
            let item = match self.below(4) {
                0 => format!(
                    "{} = {}",
                    self.pick(&["x", "y", "name", "n", "k1"]),
                    self.num(d + 1)
                ),
                1 => format!("[{}] = {}", self.small_int(1, 6), self.str(d + 1)),
                _ => {
                    if self.chance(1, 2) {
                        self.num(d + 1)
                    } else {
                        self.str(d + 1)
                    }
                }
            };
            items.push(item);
        }
        let sep = if self.chance(1, 4) { "; " } else { ", " };
        format!("{{{}}}", items.join(sep))
    }

    fn func_value(&mut self) -> String {
        format!(
            "function(a) return {} end",
            self.pick(&["a", "1", "nil", "'f'"])
        )
    }

    /// A call of a generated function returning `ty`, when one exists and its work fits.
    fn call_of(&mut self, ty: Ty, d: usize) -> Option<String> {
        let fs: Vec<(String, Sig)> = self
            .funcs()
            .into_iter()
            .filter(|(_, s)| s.ret == ty && self.mult * s.cost <= MAX_WORK)
            .collect();
        if fs.is_empty() {
            return None;
        }
        let (name, sig) = fs[self.below(fs.len())].clone();
        self.work += self.mult * sig.cost;
        let args: Vec<String> = sig.params.iter().map(|&t| self.expr(t, d + 1)).collect();
        Some(format!("{}({})", name, args.join(", ")))
    }

    // ---- statements ----

    fn stmt(&mut self) -> Node {
        self.work += self.mult;
        let deep = self.depth >= 3;
        loop {
            let k = self.below(30);
            let node = match k {
                0..=5 => Some(self.print_stmt()),
                6..=8 => Some(self.local_stmt()),
                9 | 10 => self.assign_stmt(),
                11 if !deep => Some(self.if_stmt()),
                12 if !deep => self.numeric_for(),
                13 if !deep => self.while_stmt(),
                14 if !deep => self.repeat_stmt(),
                15 if !deep => self.generic_for(),
                16 if !deep => Some(self.function_def()),
                17 => Some(if self.chance(1, 2) {
                    self.pcall_risky()
                } else {
                    self.mixed_op()
                }),
                18 if !deep => Some(self.closures_in_loop()),
                19 if !deep => Some(self.metatable_case()),
                20 if !deep && !self.in_coroutine => Some(self.coroutine_case()),
                21 => Some(self.varargs_case()),
                22 => Some(self.string_lib_case()),
                23 => Some(self.table_lib_case()),
                24 => Some(self.error_level_case()),
                25 => Some(self.tail_call_case()),
                26 => self.multi_assign(),
                27 if !deep => Some(self.do_block()),
                28 if self.in_loop => {
                    Some(Node::Line(format!("if {} then break end", self.boolean(1))))
                }
                29 if self.in_coroutine => Some(self.yield_stmt()),
                _ => None,
            };
            if let Some(n) = node {
                return n;
            }
        }
    }

    fn print_stmt(&mut self) -> Node {
        let n = 1 + self.below(3);
        let es: Vec<String> = (0..n).map(|_| self.any(0)).collect();
        Node::Line(format!("P({})", es.join(", ")))
    }

    fn local_stmt(&mut self) -> Node {
        let n = 1 + self.below(3);
        let tys: Vec<Ty> = (0..n).map(|_| self.any_ty()).collect();
        let es: Vec<String> = tys.iter().map(|&t| self.expr(t, 0)).collect();
        // Shadow an existing name now and then (`local x = x + 1`).
        let names: Vec<String> = tys
            .iter()
            .map(|&t| {
                let vs = self.vars_of(t, true);
                if !vs.is_empty() && self.chance(1, 6) {
                    vs[self.below(vs.len())].clone()
                } else {
                    self.fresh("v")
                }
            })
            .collect();
        let mut dedup = names.clone();
        dedup.dedup();
        if dedup.len() != names.len() {
            let fresh: Vec<String> = (0..n).map(|_| self.fresh("v")).collect();
            return self.finish_local(fresh, tys, es);
        }
        self.finish_local(names, tys, es)
    }

    fn finish_local(&mut self, names: Vec<String>, tys: Vec<Ty>, es: Vec<String>) -> Node {
        let line = format!("local {} = {}", names.join(", "), es.join(", "));
        for (n, t) in names.iter().zip(tys) {
            self.declare(n, t, false, None);
        }
        Node::Line(line)
    }

    fn assign_stmt(&mut self) -> Option<Node> {
        if self.chance(1, 8) {
            // Globals g1/g2 hold values of any type (read by `mixed_op`; programs of a batch
            // share them, deterministically).
            let g = self.pick(&["g1", "g2"]);
            return Some(Node::Line(format!("{} = {}", g, self.any(1))));
        }
        let t = self.any_ty();
        let vs = self.vars_of(t, true);
        if vs.is_empty() {
            return None;
        }
        let v = vs[self.below(vs.len())].clone();
        if t == Ty::Tab && self.chance(2, 3) {
            let key = self.pick(&["x", "y", "n", "name"]);
            let val = self.any(0);
            return Some(Node::Line(if self.chance(1, 2) {
                format!("{}.{} = {}", v, key, val)
            } else {
                format!("{}[{}] = {}", v, self.small_int(1, 5), val)
            }));
        }
        let e = self.expr(t, 0);
        // A string assigned in a loop may contain itself (`s = s .. s`): cut it, or it
        // grows exponentially with the iterations.
        Some(Node::Line(if t == Ty::Str && self.in_loop {
            format!("{} = string.sub({}, 1, 64)", v, e)
        } else {
            format!("{} = {}", v, e)
        }))
    }

    /// Multiple assignment to distinct variables (swaps, multiple results, a table slot indexed
    /// by a variable assigned in the same statement: evaluated before any assignment).
    fn multi_assign(&mut self) -> Option<Node> {
        let nums = self.vars_of(Ty::Num, true);
        if nums.len() < 2 {
            return None;
        }
        let a = nums[0].clone();
        let b = nums[1].clone();
        Some(Node::Line(match self.below(4) {
            0 => format!("{a}, {b} = {b}, {a}"),
            1 => format!("{a}, {b} = W({}), W({})", self.num(1), self.num(1)),
            2 => format!("{a}, {b} = select(2, 1, {}, {})", self.num(1), self.num(1)),
            _ => match self.var(Ty::Tab) {
                Some(t) => format!("{a}, {t}[{a}] = {}, {}", self.num(1), self.any(1)),
                None => format!("{a}, {b} = {b}"),
            },
        }))
    }

    fn if_stmt(&mut self) -> Node {
        let c = self.boolean(0);
        let then = self.block(|g| g.body(3));
        let mut body = then;
        // `elseif`/`else` parts are blocks with an empty tail at the end of the `then` body:
        // the text is valid Lua, and the reducer can still drop or unwrap them.
        if self.chance(1, 2) {
            let c2 = self.boolean(0);
            let elif = self.block(|g| g.body(2));
            body.push(Node::Block {
                head: format!("elseif {} then", c2),
                body: elif,
                tail: String::new(),
            });
        }
        if self.chance(1, 2) {
            let els = self.block(|g| g.body(2));
            body.push(Node::Block {
                head: "else".into(),
                body: els,
                tail: String::new(),
            });
        }
        Node::Block {
            head: format!("if {} then", c),
            body,
            tail: "end".into(),
        }
    }

    fn loop_body(&mut self, iters: u64, setup: impl FnOnce(&mut Gen)) -> Option<Vec<Node>> {
        if self.mult * iters > 64 || self.work > MAX_WORK {
            return None;
        }
        let (m, l) = (self.mult, self.in_loop);
        self.mult *= iters.max(1);
        self.in_loop = true;
        let b = self.block(|g| {
            setup(g);
            g.body(4)
        });
        self.mult = m;
        self.in_loop = l;
        Some(b)
    }

    fn numeric_for(&mut self) -> Option<Node> {
        let (a, b, step): (f64, f64, f64) = match self.below(5) {
            0 => (1.0, self.small_int(0, 5) as f64, 1.0),
            1 => (self.small_int(3, 6) as f64, 1.0, -1.0),
            2 => (0.0, 1.0, self.pick(&[0.25, 0.1, 0.5, 0.3])),
            3 => (1.0, 10.0, self.small_int(2, 4) as f64),
            _ => (-2.0, 2.0, 1.5),
        };
        let iters = (((b - a) / step).floor() + 2.0).max(1.0) as u64;
        let i = self.fresh("i");
        let body = self.loop_body(iters, |g| g.declare(&i, Ty::Num, false, None))?;
        let step_s = if step == 1.0 && self.chance(1, 2) {
            String::new()
        } else {
            format!(", {}", step)
        };
        let a_s = if self.chance(1, 8) {
            format!("\"{}\"", a)
        } else {
            format!("{}", a)
        };
        Some(Node::Block {
            head: format!("for {} = {}, {}{} do", i, a_s, b, step_s),
            body,
            tail: "end".into(),
        })
    }

    fn while_stmt(&mut self) -> Option<Node> {
        let n = self.small_int(0, 4);
        let c = self.fresh("c");
        self.declare(&c, Ty::Num, true, None);
        let body = self.loop_body(n as u64 + 1, |_| {})?;
        let mut all = vec![Node::Line(format!("{} = {} + 1", c, c))];
        all.extend(body);
        Some(Node::Block {
            head: format!("local {} = 0 while {} < {} do", c, c, n),
            body: all,
            tail: "end".into(),
        })
    }

    fn repeat_stmt(&mut self) -> Option<Node> {
        let n = self.small_int(1, 4);
        let c = self.fresh("c");
        let u = self.fresh("u");
        self.declare(&c, Ty::Num, true, None);
        let cond = format!("until {} >= {} or {}", u, 2 * n, self.boolean(2));
        let body = self.loop_body(n as u64 + 1, |g| g.declare(&u, Ty::Num, true, None))?;
        let mut all = vec![
            Node::Line(format!("{} = {} + 1", c, c)),
            Node::Line(format!("local {} = {} * 2", u, c)),
        ];
        all.extend(body);
        Some(Node::Block {
            head: format!("local {} = 0 repeat", c),
            body: all,
            tail: cond,
        })
    }

    fn generic_for(&mut self) -> Option<Node> {
        let (k, v) = (self.fresh("k"), self.fresh("e"));
        let (head, kt, vt, iters) = match self.below(5) {
            0 => {
                let n = self.below(5);
                let items: Vec<String> = (0..n).map(|_| self.num(1)).collect();
                (
                    format!("for {k}, {v} in ipairs({{{}}}) do", items.join(", ")),
                    Ty::Num,
                    Ty::Num,
                    n as u64,
                )
            }
            1 => {
                // String and number keys only: lua5.1's order for these is what Ferrous
                // reproduces (D30); table or function keys would be unspecified.
                let n = self.below(6);
                let items: Vec<String> = (0..n)
                    .map(|i| match self.below(3) {
                        0 => format!(
                            "{} = {}",
                            self.pick(&["a", "b", "c", "name", "x", "longer_key", "k9"]),
                            i
                        ),
                        1 => format!(
                            "[{}] = {}",
                            self.pick(&["1", "2", "3", "10", "0.5", "-1", "100"]),
                            i
                        ),
                        _ => format!("{}", i),
                    })
                    .collect();
                (
                    format!("for {k}, {v} in pairs({{{}}}) do", items.join(", ")),
                    Ty::Str,
                    Ty::Num,
                    n as u64,
                )
            }
            2 => {
                let s = self.pick(&[r#""one two  three""#, r#""a,b,c""#, r#""x1 y22 z333""#]);
                let p = self.pick(&[r#""(%w)(%w*)""#, r#""([^,]+)(,?)""#, r#""(%a)(%d*)""#]);
                (
                    format!("for {k}, {v} in string.gmatch({}, {}) do", s, p),
                    Ty::Str,
                    Ty::Str,
                    3,
                )
            }
            3 => {
                let n = self.small_int(0, 4);
                (
                    format!(
                        "for {k}, {v} in (function(n) local i = 0 return function() i = i + 1 if i <= n then return i, i * i end end end)({}) do",
                        n
                    ),
                    Ty::Num,
                    Ty::Num,
                    n as u64,
                )
            }
            _ => {
                let n = self.below(4);
                let items: Vec<String> = (0..n).map(|_| self.str(1)).collect();
                (
                    format!("for {k}, {v} in next, {{{}}} do", items.join(", ")),
                    Ty::Num,
                    Ty::Str,
                    n as u64,
                )
            }
        };
        let body = self.loop_body(iters + 1, |g| {
            // Keys are not assigned: a changed key would make `next` fail.
            g.declare(&k, kt, true, None);
            g.declare(&v, vt, false, None);
        })?;
        let mut all = vec![Node::Line(format!("P({}, {})", k, v))];
        all.extend(body);
        Some(Node::Block {
            head,
            body: all,
            tail: "end".into(),
        })
    }

    fn function_def(&mut self) -> Node {
        let name = self.fresh("f");
        let np = self.below(3);
        let params: Vec<Ty> = (0..np)
            .map(|_| self.pick(&[Ty::Num, Ty::Num, Ty::Str, Ty::Bool]))
            .collect();
        let pnames: Vec<String> = (0..np).map(|_| self.fresh("p")).collect();
        let ret = self.pick(&[Ty::Num, Ty::Str, Ty::Bool]);
        let vararg = self.chance(1, 4);
        let (m, w, l, va, co) = (
            self.mult,
            self.work,
            self.in_loop,
            self.vararg,
            self.in_coroutine,
        );
        self.mult = 1;
        self.work = 0;
        self.in_loop = false;
        self.vararg = vararg;
        self.in_coroutine = false;
        let mut body = self.block(|g| {
            for (n, &t) in pnames.iter().zip(&params) {
                g.declare(n, t, false, None);
            }
            g.body(4)
        });
        let r = self.block(|g| {
            for (n, &t) in pnames.iter().zip(&params) {
                g.declare(n, t, false, None);
            }
            g.expr(ret, 1)
        });
        body.push(Node::Line(format!("return {}", r)));
        let cost = self.work.max(1) + 2;
        self.mult = m;
        self.work = w;
        self.in_loop = l;
        self.vararg = va;
        self.in_coroutine = co;
        let mut plist = pnames.clone();
        if vararg {
            plist.push("...".into());
        }
        // Declared after the body: no recursion, so calls terminate.
        self.declare(&name, Ty::Fun, false, Some(Sig { params, ret, cost }));
        Node::Block {
            head: format!("local function {}({})", name, plist.join(", ")),
            body,
            tail: "end".into(),
        }
    }

    /// A body that may fail, under pcall; its results (or the error) are printed.
    fn pcall_risky(&mut self) -> Node {
        let risky = match self.below(16) {
            0 => format!("return {} + {}", self.str(1), self.num(1)),
            1 => format!("return {{}} .. {}", self.str(1)),
            2 => format!("return {} < {}", self.num(1), self.str(1)),
            3 => "local t = nil return t.x".to_string(),
            4 => "local t = {} return t.x.y".to_string(),
            5 => format!("return undefined_global({})", self.num(1)),
            6 => format!("return #{}", self.num(1)),
            7 => format!(
                "return -{}",
                self.pick(&["{}", "'x'", "'2'", "nil", "true"])
            ),
            8 => format!(
                "return string.rep({}, {})",
                self.str(1),
                self.pick(&["'x'", "nil", "{}"])
            ),
            9 => format!(
                "return string.find({}, {})",
                self.str(1),
                self.pick(BAD_PATTERNS)
            ),
            10 => format!("return ({}):bad()", self.str(1)),
            11 => format!("local a = {{}} a.b.c = {}", self.num(1)),
            12 => format!(
                "return math.floor({})",
                self.pick(&["'x'", "nil", "{}", "'12'"])
            ),
            13 => format!(
                "return setmetatable({}, {{}})",
                self.pick(&["1", "'s'", "nil"])
            ),
            14 => "return string.sub()".to_string(),
            _ => format!(
                "local x = {} return x.field",
                self.pick(&["1", "'str'", "true", "nil"])
            ),
        };
        let (m, l, va) = (self.mult, self.in_loop, self.vararg);
        self.in_loop = false;
        self.vararg = false;
        let r = Node::Line(format!("P(pcall(function() {} end))", risky));
        self.mult = m;
        self.in_loop = l;
        self.vararg = va;
        r
    }

    /// An operator on operands of any type (locals, upvalues, globals, fields, constants,
    /// and/or mixtures) under pcall: the error messages name the culprit as lua5.1's
    /// getobjname does.
    fn mixed_op(&mut self) -> Node {
        let a = self.operand();
        let b = self.operand();
        let e = match self.below(10) {
            0 | 1 => {
                let op = self.pick(&["+", "-", "*", "/", "%", "^"]);
                format!("{} {} {}", a, op, b)
            }
            2 => format!("{} .. {}", a, b),
            3 => {
                let op = self.pick(&["<", "<=", ">", ">=", "==", "~="]);
                format!("{} {} {}", a, op, b)
            }
            4 => format!("#{}", a),
            5 => format!("-{}", a),
            6 => format!("{}.x", a),
            7 => format!("{}[{}]", a, b),
            8 => format!("{}({})", a, b),
            _ => format!("{}:m({})", a, b),
        };
        let inside = self.chance(1, 2);
        Node::Line(if inside {
            format!("P(pcall(function() return {} end))", e)
        } else {
            let t = self.fresh("q");
            format!(
                "P(pcall(function() local {} = {} return {} end))",
                t,
                a,
                e.replacen(&a, &t, 1)
            )
        })
    }

    /// An operand for `mixed_op`: a variable of any type (an upvalue inside the pcall's
    /// function), a global (assigned or not), a field, a constant or an and/or mixture.
    fn operand(&mut self) -> String {
        match self.below(8) {
            0 | 1 => {
                let t = self.any_ty();
                self.var(t).unwrap_or_else(|| "nil".into())
            }
            2 => self
                .pick(&["g1", "g2", "undefined", "math.nothing", "string"])
                .to_string(),
            3 => match self.var(Ty::Tab) {
                Some(t) => format!("{}.{}", t, self.pick(&["x", "y", "n", "missing"])),
                None => "P".into(),
            },
            4 => self
                .pick(&["nil", "true", "1", "'s'", "{}", "-0"])
                .to_string(),
            5 => format!("({})", self.any(2)),
            _ => {
                let t = self.any_ty();
                self.expr(t, 2)
            }
        }
    }

    fn closures_in_loop(&mut self) -> Node {
        let fs = self.fresh("fs");
        let n = self.small_int(1, 4);
        let j0 = self.num(2);
        let body = vec![
            Node::Line(format!("local j = {}", j0)),
            Node::Line(format!(
                "{fs}[i] = function(d) j = j + d return i * 10 + j end"
            )),
            Node::Line(format!(
                "if i == {} then j = j * 2 end",
                self.small_int(1, 4)
            )),
        ];
        let calls: Vec<String> = (0..3)
            .map(|_| format!("{fs}[{}]({})", self.small_int(1, n), self.small_int(-2, 3)))
            .collect();
        Node::Block {
            head: "do".into(),
            body: vec![
                Node::Line(format!("local {fs} = {{}}")),
                Node::Block {
                    head: format!("for i = 1, {} do", n),
                    body,
                    tail: "end".into(),
                },
                Node::Line(format!("P({})", calls.join(", "))),
            ],
            tail: "end".into(),
        }
    }

    fn metatable_case(&mut self) -> Node {
        let mut mt_fields = Vec::new();
        let arith = [
            "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__concat",
        ];
        for m in arith {
            if self.chance(1, 3) {
                mt_fields.push(format!(
                    "{m} = function(a, b) io.write(\"{m} \") return {} end",
                    self.pick(&["7", "'r'", "type(a) .. type(b)", "nil", "a"])
                ));
            }
        }
        for m in ["__eq", "__lt", "__le"] {
            if self.chance(1, 2) {
                mt_fields.push(format!(
                    "{m} = function(a, b) io.write(\"{m} \") return {} end",
                    self.pick(&["true", "false", "nil", "1", "rawequal(a, b)"])
                ));
            }
        }
        match self.below(3) {
            0 => mt_fields.push("__index = function(t, k) return 'idx:' .. tostring(k) end".into()),
            1 => mt_fields.push("__index = {inherited = 42, x = 'base'}".into()),
            _ => {}
        }
        if self.chance(1, 2) {
            mt_fields.push("__newindex = function(t, k, v) io.write('set ', tostring(k), ' ') rawset(t, k, v) end".into());
        }
        if self.chance(1, 2) {
            mt_fields.push("__call = function(self, ...) return select('#', ...), ... end".into());
        }
        // Without __tostring, tostring(a) shows an address: only asked for with one.
        let has_tostring = self.chance(1, 2);
        if has_tostring {
            mt_fields.push("__tostring = function(s) return 'OBJ' end".into());
        }
        if self.chance(1, 4) {
            mt_fields.push("__metatable = 'locked'".into());
        }
        if self.chance(1, 3) {
            mt_fields.push("__len = function() return 99 end".into());
        }
        let ops = [
            "a + 1",
            "1 + a",
            "a - b",
            "a * 2",
            "a / a",
            "a % 3",
            "a ^ 2",
            "-a",
            "a .. 'x'",
            "'x' .. a",
            "a .. b",
            "a == b",
            "a ~= b",
            "a == a",
            "a < b",
            "a <= b",
            "a > b",
            "b >= a",
            "a < 1",
            "#a",
            "a(1, nil, 3)",
            "a.inherited",
            "a.x",
            "a.missing",
            "a[1]",
            "getmetatable(a) == mt",
            "rawget(a, 'x')",
            "rawequal(a, b)",
            "setmetatable(a, {})",
            "rawlen and 1",
            "a ~= nil",
            "a.v",
            "b.v + a.v",
        ];
        let mut body = vec![
            Node::Line(format!("local mt = {{{}}}", mt_fields.join(", "))),
            Node::Line("local a = setmetatable({v = 1}, mt)".into()),
            Node::Line(if self.chance(2, 3) {
                "local b = setmetatable({v = 2}, mt)".into()
            } else {
                "local b = {v = 3}".into()
            }),
        ];
        let n = 2 + self.below(6);
        for _ in 0..n {
            let op = if has_tostring && self.chance(1, 8) {
                "tostring(a)"
            } else {
                self.pick(&ops)
            };
            body.push(Node::Line(format!(
                "P(pcall(function() return {} end))",
                op
            )));
        }
        if self.chance(1, 2) {
            body.push(Node::Line(
                "P(pcall(function() a.newkey = 5 a.v = 9 return rawget(a, 'newkey'), a.v end))"
                    .into(),
            ));
        }
        Node::Block {
            head: "do".into(),
            body,
            tail: "end".into(),
        }
    }

    fn yield_stmt(&mut self) -> Node {
        Node::Line(match self.below(3) {
            0 => format!("P(coroutine.yield({}))", self.any(1)),
            1 => {
                let y = self.fresh("y");
                format!(
                    "local {} = coroutine.yield({}, {})",
                    y,
                    self.num(1),
                    self.str(1)
                )
            }
            _ => "P(coroutine.status(coroutine.running()))".to_string(),
        })
    }

    fn coroutine_case(&mut self) -> Node {
        let (m, l, co, va, w) = (
            self.mult,
            self.in_loop,
            self.in_coroutine,
            self.vararg,
            self.work,
        );
        self.in_loop = false;
        self.in_coroutine = true;
        self.vararg = true;
        let mut body = self.block(|g| {
            g.declare("a", Ty::Num, false, None);
            g.declare("b", Ty::Str, false, None);
            let mut b = vec![Node::Line("P('in', a, b, select('#', ...))".into())];
            b.push(Node::Line(format!(
                "local r = coroutine.yield(a, {})",
                g.num(1)
            )));
            b.push(Node::Line("P('r', r)".into()));
            b.extend(g.body(4));
            b
        });
        self.in_loop = l;
        self.in_coroutine = co;
        self.vararg = va;
        self.mult = m;
        self.work = w + 50;
        body.push(Node::Line(match self.below(4) {
            0 => "error('co fail')".into(),
            1 => "error({})".into(),
            _ => format!("return {}, 'end'", self.num(1)),
        }));
        let wrap = self.chance(1, 3);
        let resumes = 1 + self.below(6);
        let mut out = vec![Node::Block {
            head: format!(
                "local co = coroutine.{}(function(a, b, ...)",
                if wrap { "wrap" } else { "create" }
            ),
            body,
            tail: "end)".into(),
        }];
        for i in 0..resumes {
            // The first resume's value is the body's `a`, a number.
            let arg = if i == 0 { self.num(2) } else { self.any(2) };
            if wrap {
                out.push(Node::Line(format!("P(pcall(co, {}, 'w{}'))", arg, i)));
            } else {
                out.push(Node::Line(format!(
                    "P(coroutine.resume(co, {}, 's{}', 3))",
                    arg, i
                )));
                out.push(Node::Line("P(coroutine.status(co))".into()));
            }
        }
        if self.chance(1, 4) {
            out.push(Node::Line(
                "P(coroutine.resume(coroutine.create(function() return pcall(coroutine.yield, 1) end)))".into(),
            ));
        }
        if self.chance(1, 5) {
            out.push(Node::Line(
                "P(pcall(coroutine.yield, 1), coroutine.running())".into(),
            ));
        }
        Node::Block {
            head: "do".into(),
            body: out,
            tail: "end".into(),
        }
    }

    fn varargs_case(&mut self) -> Node {
        let n = self.below(5);
        let args: Vec<String> = (0..n).map(|_| self.any(2)).collect();
        let k = self.pick(&["1", "2", "-1", "-2", "3", "'#'", "0"]);
        let (i, j) = (self.small_int(-1, 4), self.small_int(-1, 5));
        let body = vec![
            Node::Line("local x, y = ...".into()),
            Node::Line("P(select('#', ...), x, y)".into()),
            Node::Line(format!("P(pcall(select, {}, ...))", k)),
            Node::Line("local t = {...}".into()),
            Node::Line(format!("P(unpack(t, {}, {}))", i, j)),
            Node::Line("P((...))".into()),
            Node::Line(format!(
                "return {}",
                self.pick(&[
                    "...",
                    "select(2, ...)",
                    "x, ...",
                    "..., x",
                    "(...)",
                    "unpack(t)"
                ])
            )),
        ];
        let fname = self.fresh("va");
        Node::Block {
            head: "do".into(),
            body: vec![
                Node::Block {
                    head: format!("local function {}(...)", fname),
                    body,
                    tail: "end".into(),
                },
                Node::Line(format!("P({}({}))", fname, args.join(", "))),
                Node::Line(format!("P(({}({})))", fname, args.join(", "))),
                Node::Line(format!("P({{{}({})}}, 'after')", fname, args.join(", "))),
                // lua5.1's compatibility `arg` table: a vararg function that never uses `...`.
                Node::Line(format!(
                    "P((function(...) return type(arg), arg and arg.n, arg and #arg end)({}))",
                    args.join(", ")
                )),
            ],
            tail: "end".into(),
        }
    }

    fn string_lib_case(&mut self) -> Node {
        let s = self.str(1);
        let p = self.pick(PATTERNS);
        Node::Line(match self.below(10) {
            0 => format!("P(string.find({}, {}, {}))", s, p, self.small_int(-4, 5)),
            1 => format!("P(string.find({}, {}, 1, true))", s, self.str(2)),
            2 => format!("P(string.match({}, {}))", s, p),
            3 => {
                let r = self.pick(&[
                    r#""%1""#,
                    r#""<%0>""#,
                    r#""%2""#,
                    "{a = 'A', b = false}",
                    "function(c) return c:upper() end",
                    "function() end",
                    r#""%%""#,
                ]);
                format!(
                    "P(pcall(string.gsub, {}, {}, {}, {}))",
                    s,
                    p,
                    r,
                    self.pick(&["nil", "1", "2", "0"])
                )
            }
            4 => format!(
                "P(pcall(string.format, {}))",
                self.format_call(1)
                    .trim_start_matches("string.format(")
                    .trim_end_matches(')')
            ),
            5 => format!(
                "P(string.byte({}, {}, {}))",
                s,
                self.small_int(-3, 3),
                self.small_int(-3, 5)
            ),
            6 => format!("P(pcall(string.find, {}, {}))", s, self.pick(BAD_PATTERNS)),
            7 => format!(
                "P(tostring({}), tonumber({}), tonumber({}))",
                self.num(1),
                self.numeric_string(),
                s
            ),
            8 => format!(
                "P(string.format({}, {}))",
                self.pick(&[
                    r#""%5.1f|%-5d|%5s""#,
                    r#""[%10.3s]""#,
                    r#""%c%c""#,
                    r#""%q""#
                ]),
                self.format_args()
            ),
            _ => format!("P(({}):len(), ({}):rep(2, 'x'))", s, self.str(2)),
        })
    }

    fn format_args(&mut self) -> String {
        format!(
            "{}, {}, {}",
            self.small_int(65, 90),
            self.small_int(65, 90),
            self.str(2)
        )
    }

    fn table_lib_case(&mut self) -> Node {
        let n = self.below(6);
        let strs = self.chance(1, 3);
        let items: Vec<String> = (0..n)
            .map(|_| if strs { self.str(2) } else { self.num(2) })
            .collect();
        let t = self.fresh("t");
        let mut body = vec![Node::Line(format!(
            "local {} = {{{}}}",
            t,
            items.join(", ")
        ))];
        for _ in 0..(1 + self.below(4)) {
            body.push(Node::Line(match self.below(9) {
                0 => format!("table.insert({}, {})", t, self.num(2)),
                1 => format!(
                    "P(pcall(table.insert, {}, {}, {}))",
                    t,
                    self.small_int(-1, 8),
                    self.num(2)
                ),
                2 => format!("P(table.remove({}))", t),
                3 => format!("P(table.remove({}, {}))", t, self.small_int(0, 6)),
                4 => format!("P(pcall(table.sort, {}))", t),
                5 => format!(
                    "P(pcall(table.sort, {}, function(a, b) return a > b end))",
                    t
                ),
                6 => format!(
                    "P(pcall(table.concat, {}, ',', {}, {}))",
                    t,
                    self.small_int(0, 3),
                    self.small_int(0, 7)
                ),
                7 => format!("P(#{}, table.maxn({}), table.getn({}))", t, t, t),
                _ => format!("{}[#{} + {}] = {}", t, t, self.small_int(1, 2), self.num(2)),
            }));
        }
        body.push(Node::Line(format!("P(pcall(table.concat, {}, ' '))", t)));
        Node::Block {
            head: "do".into(),
            body,
            tail: "end".into(),
        }
    }

    /// error with levels and non-string values, through direct, nested and tail calls.
    fn error_level_case(&mut self) -> Node {
        let msg = self.pick(&["'m'", "42", "nil", "{}", "true", "'x' .. 1"]);
        let lvl = self.pick(&["", ", 0", ", 1", ", 2", ", 3"]);
        let mid = self.pick(&[
            "l1()",
            "return l1()",
            "local x = l1() return x",
            "return (l1())",
            "l1() return 1",
        ]);
        let outer = self.pick(&["return l2()", "local y = l2() return y", "l2()"]);
        let call = self.pick(&["pcall(l3)", "pcall(l2)", "xpcall(l3, function(e) return 'H:' .. type(e) .. ':' .. (type(e) == 'string' and e or '') end)"]);
        Node::Block {
            head: "do".into(),
            body: vec![
                Node::Line(format!("local function l1() error({}{}) end", msg, lvl)),
                Node::Line(format!("local function l2() {} end", mid)),
                Node::Line(format!("local function l3() {} end", outer)),
                Node::Line(format!("P({})", call)),
            ],
            tail: "end".into(),
        }
    }

    fn tail_call_case(&mut self) -> Node {
        let n = self.pick(&["0", "1", "10", "3000"]);
        Node::Block {
            head: "do".into(),
            body: vec![
                Node::Line("local function loop(n, acc) if n <= 0 then return acc end return loop(n - 1, acc + n) end".into()),
                Node::Line(format!("P(loop({}, 0))", n)),
                Node::Line(format!(
                    "local function rec(n) if n <= 0 then return {} end return n + rec(n - 1) end",
                    self.pick(&["0", "'s'", "nil", "{}"])
                )),
                Node::Line(format!("P(pcall(rec, {}))", self.pick(&["0", "5", "150"]))),
            ],
            tail: "end".into(),
        }
    }

    fn do_block(&mut self) -> Node {
        let body = self.block(|g| g.body(4));
        Node::Block {
            head: "do".into(),
            body,
            tail: "end".into(),
        }
    }

    /// A last statement raising an uncaught error (standalone programs only).
    fn failing_stmt(&mut self) -> String {
        match self.below(8) {
            0 => format!(
                "error({})",
                self.pick(&["'top'", "'top', 0", "'top', 2", "42", "nil", "{}"])
            ),
            1 => "local t = nil t.x = 1".into(),
            2 => format!("local s = {} .. {{}}", self.str(1)),
            3 => "undefined_fn()".into(),
            4 => "local function f() error('deep') end local function g() f() end g()".into(),
            5 => "local function f() error('tail', 2) end local function g() return f() end g()"
                .into(),
            6 => "string.rep()".into(),
            _ => format!(
                "assert({}, 'assertion msg')",
                self.pick(&["false", "nil", "1 == 2"])
            ),
        }
    }
}
