//! A seeded, deterministic generator of valid Lua 5.1 programs (locals, functions, tables,
//! bounded and unbounded loops, pcall, string ops, `redis.call` on three keys), of mutants of
//! them and of token garbage. Same seed, same programs: a failure names its seed and index.

use super::{Case, Expect};

/// xorshift64*: tiny, and stable across platforms and crate versions.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds give unrelated streams (and never 0).
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// True with probability `num/den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The keys every random program gets (numkeys 3).
pub const KEYS: [&str; 3] = ["hostile:a", "hostile:b", "hostile:c"];

const PRELUDE: &str = "local a, b, c, d = 1, 'two', {3}, nil\n\
local t, s, n = {}, 'str', 0\n\
local function clip(x) if type(x) == 'string' and #x > 256 then return string.sub(x, 1, 256) end return x end\n\
local f0 = function(x, y) return x end\n";

const NUMBERS: &[&str] = &[
    "0", "1", "-1", "2", "3.5", "1e308", "-1e308", "2^53", "255", "0x10", "0.1", "(0/0)", "(1/0)",
    "7",
];
const STRINGS: &[&str] = &[
    "''", "'a'", "'hello'", "'\\0x'", "'\\255'", "'10'", "' 12 '", "'nan'", "'%d'", "'[a-'",
    "'0x1p4'",
];
const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or",
];

struct Gen<'r> {
    rng: &'r mut Rng,
    out: String,
    /// Names readable (and assignable) here.
    scope: Vec<String>,
    /// Functions callable here (`f0`..).
    funcs: usize,
    next_id: usize,
    /// Statements left to emit.
    budget: usize,
    writes: bool,
    unbounded_ok: bool,
    unbounded: bool,
    in_function: bool,
}

impl Gen<'_> {
    fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn var(&mut self) -> String {
        let i = self.rng.below(self.scope.len());
        self.scope[i].clone()
    }

    fn small(&mut self) -> usize {
        1 + self.rng.below(10)
    }

    fn expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.chance(1, 4) {
            return self.leaf();
        }
        let d = depth - 1;
        match self.rng.below(22) {
            0..=5 => {
                let op = *self.rng.pick(BINOPS);
                format!("({} {op} {})", self.expr(d), self.expr(d))
            }
            6 => format!("(- {})", self.expr(d)),
            7 => format!("(not {})", self.expr(d)),
            8 => format!("#tostring({})", self.expr(d)),
            9 => {
                let f = self.rng.below(self.funcs);
                format!("f{f}({}, {})", self.expr(d), self.expr(d))
            }
            10 => {
                let f = self.rng.below(self.funcs);
                format!("select(2, pcall(f{f}, {}))", self.expr(d))
            }
            11 => format!(
                "{{{}, {}, k = {}}}",
                self.expr(d),
                self.expr(d),
                self.expr(d)
            ),
            12 => format!("t[{}]", self.expr(d)),
            13 => {
                let k = self.small();
                let which = *self.rng.pick(&[
                    "string.sub(tostring({e}), 1, {k})",
                    "string.upper(tostring({e}))",
                    "string.rep('ab', {k})",
                    "string.format('%d', {k})",
                    "string.format('%q', tostring({e}))",
                    "string.byte(tostring({e}), 1)",
                    "string.char(64 + {k})",
                    "string.len(tostring({e}))",
                    "select(2, string.gsub(tostring({e}), '%w', '%0%0'))",
                    "string.find(tostring({e}), 'a', 1, true)",
                    "string.match(tostring({e}), '(%d+)')",
                    "string.reverse(tostring({e}))",
                ]);
                let e = self.expr(d);
                which.replace("{e}", &e).replace("{k}", &k.to_string())
            }
            14 => {
                let which = *self.rng.pick(&[
                    "math.floor(tonumber({e}) or 0)",
                    "math.max(tonumber({e}) or 0, 1)",
                    "math.abs(tonumber({e}) or -1)",
                    "math.fmod(tonumber({e}) or 1, 3)",
                    "tonumber({e})",
                    "tostring({e})",
                    "type({e})",
                    "select('#', {e}, {e})",
                ]);
                let e = self.expr(d);
                which.replace("{e}", &e)
            }
            15 => format!(
                "(function(x) return {} end)({})",
                self.expr(d),
                self.expr(d)
            ),
            16 => format!(
                "table.concat({{tostring({}), tostring({})}}, ',')",
                self.expr(d),
                self.expr(d)
            ),
            17 => format!("cjson.encode({{{}}})", self.expr(d)),
            18 => format!(
                "(redis.pcall('GET', KEYS[{}]) or false)",
                1 + self.rng.below(3)
            ),
            19 => format!("#{}", self.var()),
            20 => format!(
                "({} and {} or {})",
                self.expr(d),
                self.expr(d),
                self.expr(d)
            ),
            _ => format!("({})", self.expr(d)),
        }
    }

    fn leaf(&mut self) -> String {
        match self.rng.below(7) {
            0 => self.rng.pick(NUMBERS).to_string(),
            1 => self.rng.pick(STRINGS).to_string(),
            2 => self.rng.pick(&["nil", "true", "false"]).to_string(),
            3 => format!("KEYS[{}]", 1 + self.rng.below(4)),
            _ => self.var(),
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn block(&mut self, indent: usize, loops_ok: bool) {
        let mark = self.scope.len();
        let n = 1 + self.rng.below(4);
        for _ in 0..n {
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            self.stat(indent, loops_ok);
        }
        self.scope.truncate(mark);
    }

    fn stat(&mut self, ind: usize, loops_ok: bool) {
        let nested = ind < 4;
        match self.rng.below(20) {
            0 | 1 => {
                let name = self.fresh("l");
                let e = self.expr(3);
                self.line(ind, &format!("local {name} = clip({e})"));
                self.scope.push(name);
            }
            2..=4 => {
                let v = self.var();
                let e = self.expr(3);
                self.line(ind, &format!("{v} = clip({e})"));
            }
            5 => {
                let k = self.expr(2);
                let e = self.expr(2);
                self.line(ind, &format!("t[{k}] = clip({e})"));
            }
            6 => {
                let e = self.expr(2);
                self.line(ind, &format!("t[#t + 1] = clip({e})"));
            }
            7 if nested => {
                let e = self.expr(2);
                self.line(ind, &format!("if {e} then"));
                self.block(ind + 1, loops_ok);
                if self.rng.chance(1, 2) {
                    let e2 = self.expr(2);
                    self.line(ind, &format!("elseif {e2} then"));
                    self.block(ind + 1, loops_ok);
                }
                self.line(ind, "else");
                self.block(ind + 1, loops_ok);
                self.line(ind, "end");
            }
            8 if nested && loops_ok => {
                let i = self.fresh("i");
                let hi = self.small();
                let step = *self.rng.pick(&["", ", 1", ", 2", ", -1"]);
                let lo = if step == ", -1" { hi } else { 1 };
                let hi = if step == ", -1" { 1 } else { hi };
                self.line(ind, &format!("for {i} = {lo}, {hi}{step} do"));
                self.scope.push(i);
                self.block(ind + 1, true);
                self.scope.pop();
                self.line(ind, "end");
            }
            9 if nested && loops_ok => {
                let (k, v) = (self.fresh("k"), self.fresh("v"));
                // A snapshot of `t`: the body may append to `t`, and `pairs` over a table that
                // grows while it is traversed can go on forever (lua5.1 too) — endless, and
                // unkillable once the program has written.
                let src = if self.rng.chance(1, 2) {
                    "pairs({unpack(t)})".to_string()
                } else {
                    format!("ipairs({{{}, {}}})", self.expr(1), self.expr(1))
                };
                self.line(ind, &format!("for {k}, {v} in {src} do"));
                self.scope.push(k);
                self.scope.push(v);
                self.block(ind + 1, true);
                self.scope.truncate(self.scope.len() - 2);
                self.line(ind, "end");
            }
            10 if nested && loops_ok => {
                let w = self.fresh("w");
                let k = self.small();
                self.line(ind, &format!("local {w} = 0"));
                if self.rng.chance(1, 2) {
                    self.line(ind, &format!("while {w} < {k} do {w} = {w} + 1"));
                    self.block(ind + 1, true);
                    self.line(ind, "end");
                } else {
                    self.line(ind, &format!("repeat {w} = {w} + 1"));
                    self.block(ind + 1, true);
                    self.line(ind, &format!("until {w} >= {k}"));
                }
            }
            11 if nested && loops_ok && self.unbounded_ok => {
                // May never end: SCRIPT KILL is the way out.
                self.unbounded = true;
                let e = self.expr(2);
                if self.rng.chance(1, 2) {
                    self.line(ind, "while true do");
                    self.block(ind + 1, true);
                    self.line(ind + 1, &format!("if {e} then break end"));
                    self.line(ind, "end");
                } else {
                    self.line(ind, &format!("while {e} do"));
                    self.block(ind + 1, true);
                    self.line(ind, "end");
                }
            }
            12 if nested => {
                self.line(ind, "do");
                self.block(ind + 1, loops_ok);
                self.line(ind, "end");
            }
            13 if nested => {
                let (ok, err) = (self.fresh("ok"), self.fresh("err"));
                self.line(ind, &format!("local {ok}, {err} = pcall(function()"));
                self.block(ind + 1, loops_ok);
                if self.rng.chance(1, 3) {
                    let e = self.expr(1);
                    self.line(ind + 1, &format!("error({e})"));
                }
                self.line(ind, "end)");
                self.scope.push(ok);
                self.scope.push(err);
            }
            14 if ind == 0 && !self.in_function && self.funcs < 5 => {
                // Top level only (a function stays callable); bodies have no loops: calls nest, so
                // loops inside would multiply.
                let f = self.funcs;
                self.line(ind, &format!("local f{f} = function(x, y)"));
                let saved = std::mem::replace(&mut self.in_function, true);
                self.scope.push("x".into());
                self.scope.push("y".into());
                self.block(ind + 1, false);
                self.scope.truncate(self.scope.len() - 2);
                let e = self.expr(2);
                self.line(ind + 1, &format!("return {e}"));
                self.in_function = saved;
                self.line(ind, "end");
                self.funcs += 1;
            }
            15 => {
                let f = self.rng.below(self.funcs);
                let (x, y) = (self.expr(2), self.expr(2));
                self.line(ind, &format!("f{f}({x}, {y})"));
            }
            16 | 17 => {
                let key = 1 + self.rng.below(3);
                let cmd = if self.writes {
                    let e = self.expr(2);
                    match self.rng.below(5) {
                        0 => format!("redis.call('SET', KEYS[{key}], tostring({e}))"),
                        1 => format!("redis.pcall('INCR', KEYS[{key}])"),
                        2 => format!("redis.call('DEL', KEYS[{key}])"),
                        3 => format!("redis.pcall('APPEND', KEYS[{key}], tostring({e}))"),
                        _ => format!("redis.call('GET', KEYS[{key}])"),
                    }
                } else {
                    match self.rng.below(3) {
                        0 => format!("redis.call('GET', KEYS[{key}])"),
                        1 => format!("redis.pcall('STRLEN', KEYS[{key}])"),
                        _ => "redis.call('PING')".to_string(),
                    }
                };
                let v = self.var();
                self.line(ind, &format!("{v} = {cmd}"));
            }
            18 => {
                let e = self.expr(1);
                self.line(ind, &format!("n = (tonumber(n) or 0) + #tostring({e})"));
            }
            _ => {
                let v = self.var();
                let num = *self.rng.pick(NUMBERS);
                self.line(ind, &format!("{v} = {num}"));
            }
        }
    }
}

/// One random program: (source, writes, may-not-end).
pub fn program(rng: &mut Rng, allow_writes: bool) -> (String, bool, bool) {
    let writes = allow_writes && rng.chance(1, 2);
    let mut g = Gen {
        rng,
        out: String::from(PRELUDE),
        scope: ["a", "b", "c", "d", "t", "s", "n"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        funcs: 1,
        next_id: 0,
        budget: 0,
        writes,
        unbounded_ok: !writes,
        unbounded: false,
        in_function: false,
    };
    g.budget = 10 + g.rng.below(40);
    while g.budget > 0 {
        g.budget -= 1;
        g.stat(0, true);
    }
    let ret = match g.rng.below(3) {
        0 => format!("return {}", g.expr(3)),
        1 => format!("return {{{}, {}, {}}}", g.expr(2), g.expr(2), g.expr(2)),
        _ => "return {a, b, n, #t, s}".to_string(),
    };
    g.line(0, &ret);
    (g.out, writes, g.unbounded)
}

const TOKENS: &[&str] = &[
    "end", "(", ")", "{", "}", "[", "]", "..", "...", "function", "local", "=", "==", "[[", "]]",
    "--[[", "--", "\0", "\u{ff}", "'", "\"", "\\", "return", "break", "do", "then", "if", "for",
    "while", "repeat", "until", "not", "#", ",", ";", ":", ".", "1e", "0x", "nil", "a", "t", "f0",
    "\n", " ",
];

/// A mutant of `src`: one to four span deletions, duplications, token insertions, byte flips
/// or truncations.
pub fn mutate(rng: &mut Rng, src: &str) -> Vec<u8> {
    let mut b = src.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let i = rng.below(b.len());
        let len = 1 + rng.below(16.min(b.len() - i));
        match rng.below(5) {
            0 => {
                b.drain(i..i + len);
            }
            1 => {
                let span = b[i..i + len].to_vec();
                b.splice(i..i, span);
            }
            2 => {
                let tok = rng.pick(TOKENS).as_bytes().to_vec();
                b.splice(i..i, tok);
            }
            3 => b[i] ^= 1 << rng.below(8),
            _ => b.truncate(i),
        }
    }
    b
}

/// A line of random tokens: nearly always a compile error.
pub fn garbage(rng: &mut Rng) -> Vec<u8> {
    let n = 1 + rng.below(200);
    let mut b = Vec::new();
    for _ in 0..n {
        b.extend_from_slice(rng.pick(TOKENS).as_bytes());
        if rng.chance(1, 2) {
            b.push(b' ');
        }
    }
    b
}

/// `count` random cases from `seed`: programs (some writing), mutants of read-only programs and
/// token garbage, in the ratio 3:2:1. Case `i` depends only on `(seed, i)`.
pub fn cases(seed: u64, start: usize, count: usize) -> Vec<Case> {
    (start..start + count)
        .map(|i| {
            let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let name = format!("seed-{seed}-{i}");
            let mut case = match i % 6 {
                0..=2 => {
                    let (src, _, _) = program(&mut rng, true);
                    Case::new("random", name, src, Expect::CleanOrKilled)
                }
                3 | 4 => {
                    let (src, _, _) = program(&mut rng, false);
                    Case::new(
                        "mutant",
                        name,
                        mutate(&mut rng, &src),
                        Expect::CleanOrKilled,
                    )
                }
                _ => Case::new("garbage", name, garbage(&mut rng), Expect::CleanOrKilled),
            };
            case.keys = KEYS.iter().map(|k| k.to_string()).collect();
            case
        })
        .collect()
}
