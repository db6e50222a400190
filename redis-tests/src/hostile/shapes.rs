//! Hostile shapes by class, each parameterised by size. Expected results follow lua5.1 where it
//! gives a clear answer (right-recursive nesting past 200 levels is `chunk has too many syntax
//! levels`; left-deep chains compile); where lua5.1's answer is an implementation limit or
//! impractical (a 1M-long `and` chain is quadratic there), any clean reply is accepted.

use super::{Case, Expect};

/// Sizes of the generated shapes.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Length of left-deep chains (lua5.1 compiles these).
    pub chain: usize,
    /// Depth of right-recursive nesting (lua5.1 refuses past 200).
    pub deep: usize,
}

impl Sizes {
    /// The sizes the brief asks for: 1,000,000-long chains, 100,000-deep nesting.
    pub const FULL: Sizes = Sizes {
        chain: 1_000_000,
        deep: 100_000,
    };
}

/// Every shape class at the given sizes.
pub fn all(s: Sizes) -> Vec<Case> {
    let mut v = Vec::new();
    v.extend(chains(s.chain));
    v.extend(deep(s.deep));
    v.extend(literals(s.chain));
    v.extend(metamethods());
    v.extend(callbacks());
    v.extend(shared_replies());
    v.extend(alloc_bombs());
    v.extend(collector());
    v.extend(endless());
    v
}

/// A source shape: prefix, repeated unit, middle, repeated closer, suffix.
struct Shape {
    name: &'static str,
    prefix: &'static str,
    open: &'static str,
    middle: &'static str,
    close: &'static str,
    suffix: &'static str,
    expect_body: Expect,
}

impl Shape {
    fn source(&self, n: usize) -> String {
        format!(
            "{}{}{}{}{}",
            self.prefix,
            self.open.repeat(n),
            self.middle,
            self.close.repeat(n),
            self.suffix
        )
    }

    /// The same source built inside the script with `string.rep` and compiled by `loadstring`;
    /// the script returns the compile message, or `ok:` and the chunk's result.
    fn loadstring_script(&self, n: usize) -> String {
        format!(
            "local src = {} .. string.rep({}, {n}) .. {} .. string.rep({}, {n}) .. {}\n\
             local f, e = loadstring(src)\n\
             if not f then return 'compile error: ' .. e end\n\
             return 'ok: ' .. tostring(f())",
            lua_quote(self.prefix),
            lua_quote(self.open),
            lua_quote(self.middle),
            lua_quote(self.close),
            lua_quote(self.suffix)
        )
    }
}

/// A Lua long-bracket-free quoted string (the shapes use no quotes or backslashes but `'`).
fn lua_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Each shape as the EVAL body and built inside the script for `loadstring`.
fn shape_cases(class: &'static str, shapes: &[Shape], n: usize) -> Vec<Case> {
    let mut v = Vec::new();
    for sh in shapes {
        let ls_expect = match &sh.expect_body {
            Expect::Value => Expect::Contains("ok: "),
            Expect::ValueOrMemory => Expect::ContainsOrMemory("ok: "),
            Expect::Error(m) => Expect::Contains(m),
            other => other.clone(),
        };
        v.push(Case::new(
            class,
            format!("{}-{n}", sh.name),
            sh.source(n),
            sh.expect_body.clone(),
        ));
        v.push(Case::new(
            class,
            format!("{}-{n}-loadstring", sh.name),
            sh.loadstring_script(n),
            ls_expect,
        ));
    }
    v
}

/// Left-deep chains of every syntactic form at length `n`.
pub fn chains(n: usize) -> Vec<Case> {
    let sh = |name, prefix, open, suffix, expect_body| Shape {
        name,
        prefix,
        open,
        middle: "",
        close: "",
        suffix,
        expect_body,
    };
    // The nine shapes (add, and, or, eq, field, index, call, method; add twice) must
    // compile within the default memory limit; the other million-long forms may meet it.
    let shapes = [
        sh("add-const", "return 1", "+1", "", Expect::Value),
        sh("add-local", "local x = 1 return x", "+x", "", Expect::Value),
        sh(
            "sub-mul-local",
            "local x = 1 return x",
            "-x*x",
            "",
            Expect::ValueOrMemory,
        ),
        // Quadratic jump-list patching in lua5.1 at this length: any clean reply will do.
        sh("and", "local x = 1 return x", " and x", "", Expect::Clean),
        sh("or", "local x = false return x", " or x", "", Expect::Clean),
        sh("eq", "local x = 1 return x", "==x", "", Expect::Clean),
        sh(
            "field",
            "local t = {} t.a = t return t",
            ".a",
            " == t",
            Expect::Value,
        ),
        sh(
            "index",
            "local t = {} t[1] = t return t",
            "[1]",
            " == t",
            Expect::Value,
        ),
        sh(
            "call",
            "local function f() return f end return f",
            "()",
            " == f",
            Expect::Value,
        ),
        sh(
            "method",
            "local o = {} function o:m() return self end return o",
            ":m()",
            " == o",
            Expect::Value,
        ),
        sh(
            "assign-stmts",
            "local a ",
            "a = 1 ",
            "return a",
            Expect::ValueOrMemory,
        ),
        sh(
            "call-stmts",
            "local function f() end ",
            "f() ",
            "return 1",
            Expect::ValueOrMemory,
        ),
    ];
    shape_cases("chain", &shapes, n)
}

/// Right-recursive nesting of every form at depth `n`: `chunk has too many syntax levels`.
pub fn deep(n: usize) -> Vec<Case> {
    let sh = |name, prefix, open, middle, close, suffix| Shape {
        name,
        prefix,
        open,
        middle,
        close,
        suffix,
        expect_body: Expect::Error("too many syntax levels"),
    };
    let shapes = [
        sh("parens", "return ", "(", "1", ")", ""),
        sh("concat", "return 'a'", "..'a'", "", "", ""),
        sh("pow", "return 2", "^1", "", "", ""),
        sh("unary-minus", "return ", "- ", "1", "", ""),
        sh("not", "return ", "not ", "1", "", ""),
        sh("len", "return ", "#", "'a'", "", ""),
        sh("tables", "return ", "{", "", "}", ""),
        sh("tables-keyed", "return ", "{a=", "1", "}", ""),
        sh(
            "functions",
            "return ",
            "function() return ",
            "1",
            " end",
            "",
        ),
        sh("do-blocks", "", "do ", "", "end ", "return 1"),
        sh("if-blocks", "", "if true then ", "", "end ", "return 1"),
        sh(
            "while-blocks",
            "",
            "while false do ",
            "",
            "end ",
            "return 1",
        ),
        sh(
            "repeat-blocks",
            "",
            "repeat ",
            "",
            "until true ",
            "return 1",
        ),
        sh(
            "call-args",
            "local function f(x) return x end return ",
            "f(",
            "1",
            ")",
            "",
        ),
        sh("index-keys", "local t = {} return ", "t[", "1", "]", ""),
        sh("compare-right", "return 1 == ", "(1 == ", "1", ")", ""),
    ];
    let mut v = shape_cases("deep", &shapes, n);
    // Each `for` holds 4 locals: lua5.1 stops at 200 locals (level 50) before 200 levels.
    let fors = Shape {
        name: "for-blocks",
        prefix: "",
        open: "for i = 1, 0 do ",
        middle: "",
        close: "end ",
        suffix: "return 1",
        expect_body: Expect::Error("more than 200 local variables"),
    };
    v.extend(shape_cases("deep", &[fors], n));
    v
}

/// Huge literals and constant counts.
pub fn literals(n: usize) -> Vec<Case> {
    let class = "literal";
    let ones = format!("local t = {{{}}} return #t", "1,".repeat(n));
    let distinct: String = (1..=n).map(|i| format!("{i},")).collect();
    let distinct_nums = format!("local t = {{{distinct}}} return #t");
    let strs: String = (1..=n).map(|i| format!("'{i}',")).collect();
    let distinct_strs = format!("local t = {{{strs}}} return #t");
    let keyed: String = (1..=n / 4).map(|i| format!("k{i}=1,")).collect();
    let keyed = format!("local t = {{{keyed}}} return t.k1");
    let big = format!("return #'{}'", "x".repeat(32 << 20));
    let long_bracket = format!("return #[[{}]]", "y\n".repeat(8 << 20));
    let many_locals_in_fns: String = (0..n / 100)
        .map(|i| format!("local function f{i}() local a, b, c = 1, 2, 3 return a + b + c end "))
        .collect::<Vec<_>>()
        .join("");
    vec![
        Case::new(class, format!("ctor-{n}-same"), ones, Expect::Value),
        // lua5.1: `constant table overflow`; another limit is fine if the reply is clean.
        Case::new(
            class,
            format!("ctor-{n}-distinct-numbers"),
            distinct_nums,
            Expect::Clean,
        ),
        Case::new(
            class,
            format!("ctor-{n}-distinct-strings"),
            distinct_strs,
            Expect::Clean,
        ),
        Case::new(class, format!("ctor-{}-keyed", n / 4), keyed, Expect::Clean),
        Case::new(class, "string-literal-32MiB", big, Expect::Value),
        Case::new(class, "long-bracket-16MiB", long_bracket, Expect::Value),
        Case::new(
            class,
            format!("local-functions-{}", n / 100),
            many_locals_in_fns,
            Expect::Clean,
        ),
        Case::new(
            class,
            format!("ctor-{n}-loadstring"),
            format!(
                "local f, e = loadstring('return {{' .. string.rep('1,', {n}) .. '}}') \
                 if not f then return e end return #f()"
            ),
            Expect::Value,
        ),
        Case::new(
            class,
            format!("distinct-{n}-loadstring"),
            format!(
                "local p = {{}} for i = 1, {n} do p[i] = tostring(i) end \
                 local f, e = loadstring('return {{' .. table.concat(p, ',') .. '}}') \
                 p = nil if not f then return e end return #f()"
            ),
            Expect::Clean,
        ),
    ]
}

/// Recursion through every metamethod (lua5.1: a stack overflow error), loops in `__index`.
pub fn metamethods() -> Vec<Case> {
    let class = "metamethod";
    let binop = |op: &str, mm: &str| {
        Case::new(
            class,
            mm.to_string(),
            format!(
                "local mt = {{}} mt.{mm} = function(a, b) return a {op} b end \
                 local x, y = setmetatable({{}}, mt), setmetatable({{}}, mt) return x {op} y"
            ),
            Expect::Error(""),
        )
    };
    let mut v = vec![
        binop("+", "__add"),
        binop("-", "__sub"),
        binop("*", "__mul"),
        binop("/", "__div"),
        binop("%", "__mod"),
        binop("^", "__pow"),
        binop("..", "__concat"),
        binop("==", "__eq"),
        binop("<", "__lt"),
        binop("<=", "__le"),
    ];
    for (name, script, expect) in [
        (
            "__unm",
            "local mt = {} mt.__unm = function(a) return -a end return -setmetatable({}, mt)",
            Expect::Error(""),
        ),
        (
            "__le-via-__lt",
            "local mt = {} mt.__lt = function(a, b) return not (b <= a) end local x, y = setmetatable({}, mt), setmetatable({}, mt) return x <= y",
            Expect::Error(""),
        ),
        (
            "__index-fn",
            "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x",
            Expect::Error(""),
        ),
        (
            "__index-self-loop",
            "local t = {} setmetatable(t, {__index = t}) return t.x",
            Expect::Error(""),
        ),
        (
            "__index-chain-1M",
            "local t = {} for i = 1, 1e6 do t = setmetatable({}, {__index = t}) end return t.x",
            Expect::Clean,
        ),
        (
            "__index-fn-chain-1e5",
            "local t = {} for i = 1, 1e5 do local p = t t = setmetatable({}, {__index = function(_, k) return p[k] end}) end return t.x",
            Expect::Clean,
        ),
        (
            "__newindex-fn",
            "local t = setmetatable({}, {}) getmetatable(t).__newindex = function(t, k, v) t[k] = v end t.x = 1 return 1",
            Expect::Error(""),
        ),
        (
            "__newindex-self-loop",
            "local t = {} setmetatable(t, {__newindex = t}) t.x = 1 return t.x",
            Expect::Clean,
        ),
        (
            "__newindex-chain-1M",
            "local t = {} for i = 1, 1e6 do t = setmetatable({}, {__newindex = t}) end t.x = 1 return 1",
            Expect::Clean,
        ),
        (
            "__call-nontail",
            "local o = setmetatable({}, {}) getmetatable(o).__call = function(self) return (self()) end return o()",
            Expect::Error(""),
        ),
        (
            "__call-chain-1e5",
            "local o = function() return 1 end for i = 1, 1e5 do o = setmetatable({}, {__call = o}) end return o()",
            Expect::Clean,
        ),
        (
            "__tostring-via-tostring",
            "local t = setmetatable({}, {}) getmetatable(t).__tostring = function(s) return tostring(s) end return tostring(t)",
            Expect::Error(""),
        ),
        (
            "__tostring-via-format",
            "local t = setmetatable({}, {}) getmetatable(t).__tostring = function(s) return string.format('%s', s) end return tostring(t)",
            Expect::Clean,
        ),
        (
            "__concat-via-table-concat",
            "local mt = {} mt.__concat = function(a, b) return table.concat({a, b}) end local x = setmetatable({}, mt) return x .. 'a'",
            Expect::Clean,
        ),
        (
            "__eq-via-sort",
            "local mt = {} mt.__lt = function(a, b) table.sort({a, b}) return false end local x, y = setmetatable({}, mt), setmetatable({}, mt) return x < y",
            Expect::Error(""),
        ),
        // Not in 5.1 for tables: never called, the script ends.
        (
            "__gc-table-ignored",
            "for i = 1, 1e5 do setmetatable({}, {__gc = function() while true do end end}) end collectgarbage() return 'done'",
            Expect::Value,
        ),
        (
            "__mode-weak-cycle",
            "local t = setmetatable({}, {__mode = 'kv'}) for i = 1, 1e5 do local k = {} t[k] = {k} end collectgarbage() return 1",
            Expect::Value,
        ),
        (
            "__metatable-locked",
            "local t = setmetatable({}, {__metatable = false}) setmetatable(t, {}) return 1",
            Expect::Error(""),
        ),
    ] {
        v.push(Case::new(class, name, script, expect));
    }
    v
}

/// Natives that call back into Lua, nested until something gives.
pub fn callbacks() -> Vec<Case> {
    let class = "callback";
    let list: [(&str, &str, Expect); 16] = [
        (
            "sort-comparator-recursion",
            "local function cmp(a, b) table.sort({3, 2, 1}, cmp) return a < b end table.sort({3, 2, 1}, cmp) return 1",
            Expect::Error(""),
        ),
        (
            "sort-invalid-order",
            "local t = {} for i = 1, 1e5 do t[i] = i % 7 end table.sort(t, function() return true end) return 1",
            Expect::Clean,
        ),
        (
            "sort-erroring",
            "local t = {} for i = 1, 1e4 do t[i] = i end return pcall(table.sort, t, function(a, b) error({}) end)",
            Expect::Value,
        ),
        (
            "gsub-callback-recursion",
            "local function f(s) return (string.gsub('a', 'a', f)) end return f('a')",
            Expect::Error(""),
        ),
        (
            "xpcall-handler-chain",
            "local function h(e) return select(2, xpcall(error, h)) end return xpcall(error, h)",
            Expect::Clean,
        ),
        (
            "xpcall-handler-chain-in-pcall",
            "local function h(e) return select(2, xpcall(error, h)) end return {pcall(xpcall, error, h)}",
            Expect::Clean,
        ),
        (
            "xpcall-handler-errors",
            "return {xpcall(error, function(e) error(e) end)}",
            Expect::Clean,
        ),
        (
            "xpcall-handler-recurses",
            "local function h(e) return h(e) .. 'x' end return {xpcall(error, h)}",
            Expect::Clean,
        ),
        (
            "pcall-nesting",
            "local function f(n) return pcall(f, n + 1) end return f(0)",
            Expect::Clean,
        ),
        (
            "pcall-error-nesting",
            "local function f(n) local ok, e = pcall(f, n + 1) error(e, 0) end return {pcall(f, 0)}",
            Expect::Clean,
        ),
        (
            "coroutine-wrap-nesting",
            "local function f() return coroutine.wrap(f)() end return f()",
            Expect::Error(""),
        ),
        (
            "coroutine-resume-nesting",
            "local function f() return select(2, coroutine.resume(coroutine.create(f))) end return f()",
            Expect::Clean,
        ),
        (
            "loadstring-nesting",
            "local function g(self) return (loadstring('local g = ... return (g(g))')(self)) end return g(g)",
            Expect::Error(""),
        ),
        (
            "tostring-callback-in-sort",
            "local mt = {__lt = function(a, b) return tostring(a) < tostring(b) end} mt.__tostring = function(s) table.sort({setmetatable({}, mt), setmetatable({}, mt)}) return 'x' end local t = {} for i = 1, 100 do t[i] = setmetatable({}, mt) end table.sort(t) return 1",
            Expect::Clean,
        ),
        (
            "setmetatable-chain-call",
            "local function f(n) if n == 0 then return 0 end return setmetatable({}, {__index = function() return f(n - 1) end}).x end return f(1e5)",
            Expect::Clean,
        ),
        (
            "gsub-in-sort-in-gsub",
            "local function f(s) local t = {3, 2, 1} table.sort(t, function(a, b) string.gsub('ab', '%w', f) return a < b end) return s end return (string.gsub('ab', '%w', f))",
            Expect::Error(""),
        ),
    ];
    list.into_iter()
        .map(|(name, script, expect)| Case::new(class, name, script, expect))
        .collect()
}

/// Shared and cyclic tables as the reply and through the codecs.
pub fn shared_replies() -> Vec<Case> {
    let class = "shared";
    let list: [(&str, &str, Expect); 12] = [
        (
            "cycle-reply",
            "local t = {} t[1] = t t[2] = t return t",
            Expect::Clean,
        ),
        (
            "self-reply",
            "local t = {} t[1] = t return t",
            Expect::Clean,
        ),
        (
            "dag-40-reply",
            "local t = {} for i = 1, 40 do t = {t, t} end return t",
            Expect::CleanOrKilled,
        ),
        (
            "deep-1e5-reply",
            "local t = {} for i = 1, 1e5 do t = {t} end return t",
            Expect::Clean,
        ),
        (
            "cycle-map-reply",
            "local t = {} t.a = t t[1] = t return t",
            Expect::Clean,
        ),
        (
            "cycle-cjson",
            "local t = {} t[1] = t t[2] = t return cjson.encode(t)",
            Expect::Error(""),
        ),
        (
            "dag-40-cjson",
            "local t = {} for i = 1, 40 do t = {t, t} end return #cjson.encode(t)",
            Expect::CleanOrKilled,
        ),
        (
            "deep-1e5-cjson",
            "local t = {} for i = 1, 1e5 do t = {t} end return cjson.encode(t)",
            Expect::Error(""),
        ),
        (
            "cycle-cmsgpack",
            "local t = {} t[1] = t t[2] = t return #cmsgpack.pack(t)",
            Expect::Clean,
        ),
        (
            "dag-40-cmsgpack",
            "local t = {} for i = 1, 40 do t = {t, t} end return #cmsgpack.pack(t)",
            Expect::CleanOrKilled,
        ),
        (
            "deep-1e5-cmsgpack",
            "local t = {} for i = 1, 1e5 do t = {t} end return #cmsgpack.pack(t)",
            Expect::Clean,
        ),
        (
            "deep-cjson-decode",
            "return cjson.decode(string.rep('[', 1e5) .. string.rep(']', 1e5))",
            Expect::Error(""),
        ),
    ];
    let mut v: Vec<Case> = list
        .into_iter()
        .map(|(name, script, expect)| Case::new(class, name, script, expect))
        .collect();
    v.push(Case::new(
        class,
        "deep-cmsgpack-unpack",
        "return #cmsgpack.unpack(string.rep('\\145', 1e5) .. '\\192')",
        Expect::Clean,
    ));
    v
}

/// Allocation bombs through every string and table native and the codecs. Under a memory
/// limit: `not enough memory`; without one the bomb must still end cleanly.
pub fn alloc_bombs() -> Vec<Case> {
    let class = "alloc";
    let mib = "local s = string.rep('x', 2^20) ";
    let refs = "local t = {} for i = 1, 16384 do t[i] = s end ";
    let list: Vec<(&str, String)> = vec![
        ("string.rep-4GiB", "return #string.rep('x', 2^32)".into()),
        ("string.rep-overflow", "return #string.rep(string.rep('x', 2^20), 2^44)".into()),
        ("concat-doubling", "local s = 'x' for i = 1, 40 do s = s .. s end return #s".into()),
        ("concat-operands", format!("{mib}return #(s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s)")),
        ("table.concat-16384x1MiB", format!("{mib}{refs}return #table.concat(t)")),
        ("table.concat-sep", format!("{mib}local t = {{}} for i = 1, 16384 do t[i] = 'a' end return #table.concat(t, s)")),
        ("format-%s-x4096", format!("{mib}local t = {{}} for i = 1, 4000 do t[i] = s end return #string.format(string.rep('%s', 4000), unpack(t))")),
        ("format-width", "return string.format('%99999999999d', 1)".into()),
        ("gsub-expansion", "local s = string.rep('a', 2^20) return #string.gsub(s, 'a', string.rep('b', 4096))".into()),
        ("gsub-repl-%0", "local s = string.rep('a', 2^24) return #string.gsub(s, '.*', '%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0%0')".into()),
        ("upper-128MiB-loop", "local s = string.rep('a', 2^27) for i = 1, 4 do local u = s:upper() end return 1".into()),
        ("lower-rev-sub", "local s = string.rep('Ab', 2^26) return #s:lower():reverse():sub(2)".into()),
        ("cjson-encode-big", "local t = {} for i = 1, 2^22 do t[i] = 'xxxxxxxxxxxxxxxx' end return #cjson.encode(t)".into()),
        ("cjson-encode-shared", format!("{mib}{refs}return #cjson.encode(t)")),
        ("cjson-encode-sparse-2^31", "cjson.encode_sparse_array(true, 0) return #cjson.encode({[2^31 - 1] = 1})".into()),
        ("cmsgpack-pack-shared", format!("{mib}{refs}return #cmsgpack.pack(t)")),
        ("cmsgpack-pack-args", format!("{mib}local t = {{}} for i = 1, 4000 do t[i] = s end return #cmsgpack.pack(unpack(t))")),
        ("struct-pack-shared", format!("{mib}local t = {{}} for i = 1, 4000 do t[i] = s end return #struct.pack(string.rep('c0', 4000), unpack(t))")),
        ("struct-pack-width", "return #struct.pack('c2000000000', 'x')".into()),
        ("unpack-huge-range", "return select('#', unpack({}, 1, 1e8))".into()),
        ("unpack-2^31", "return select('#', unpack({}, -2^31, 2^31))".into()),
        ("table-array-growth", "local t = {} for i = 1, 1e9 do t[i] = i end return #t".into()),
        ("table-hash-growth", "local t = {} for i = 1, 1e9 do t['k' .. i] = i end return 1".into()),
        ("table-insert-growth", "local t = {} for i = 1, 1e9 do table.insert(t, {}) end return #t".into()),
        ("coroutines-1M", "local t = {} for i = 1, 1e6 do t[i] = coroutine.create(function() end) end return #t".into()),
        ("coroutines-1M-suspended", "local t = {} for i = 1, 1e6 do local co = coroutine.wrap(function(...) coroutine.yield(...) end) co(i, i, i, i) t[i] = co end return #t".into()),
        ("recursion-to-limit", "local function f(n) return 1 + f(n + 1) end return f(1)".into()),
        ("recursion-growing-varargs", "local function f(...) return 1 + f(1, ...) end return f()".into()),
        ("closures-1e7", "local t = {} for i = 1, 1e7 do t[i] = function() return i end end return #t".into()),
        ("tostring-1e7", "local t = {} for i = 1, 1e7 do t[i] = tostring(i) .. 'abcdefgh' end return #t".into()),
        ("reply-64x1MiB-shared", format!("{mib}local t = {{}} for i = 1, 64 do t[i] = s end return t")),
        ("char-unpack", "local t = {} for i = 1, 1e6 do t[i] = 65 end return #string.char(unpack(t))".into()),
        ("loadstring-64MiB", "local f, e = loadstring('return ' .. string.rep('1+', 2^25) .. '1') if not f then return e end return f()".into()),
    ];
    // Growth loops are killable when nothing else stops them (no memory limit).
    list.into_iter()
        .map(|(name, script)| Case::new(class, name, script, Expect::CleanOrKilled))
        .collect()
}

/// Collector settings at extremes, each followed by ordinary scripts in the same VM.
pub fn collector() -> Vec<Case> {
    let class = "collector";
    let churn = "local t = {} for i = 1, 2e6 do t[i % 1000 + 1] = {i, tostring(i)} end return 1";
    let strings =
        "local n = 0 for i = 1, 2e5 do n = n + #string.rep('y', 1000 + i % 7) end return n";
    [
        ("setpause-0", "return collectgarbage('setpause', 0)"),
        ("setpause-huge", "return collectgarbage('setpause', 2^31)"),
        ("setpause-negative", "return collectgarbage('setpause', -100)"),
        ("setstepmul-0", "return collectgarbage('setstepmul', 0)"),
        ("setstepmul-huge", "return collectgarbage('setstepmul', 2^31)"),
        ("setstepmul-1e308", "return collectgarbage('setstepmul', 1e308)"),
        ("stop", "collectgarbage('stop') return 1"),
        ("stop-then-allocate", "collectgarbage('stop') local t = {} for i = 1, 3e6 do t[i % 100 + 1] = {i} end return 1"),
        ("step-huge", "collectgarbage('setpause', 0) collectgarbage('setstepmul', 0) return collectgarbage('step', 2^31)"),
        ("step-loop", "collectgarbage('setstepmul', 2^31) for i = 1, 1e4 do collectgarbage('step', 1e9) end return 1"),
        ("pause-0-stepmul-0-churn", "collectgarbage('setpause', 0) collectgarbage('setstepmul', 0) local t = {} for i = 1, 1e6 do t[i % 10 + 1] = {i} end return 1"),
    ]
    .into_iter()
    .map(|(name, script)| {
        // lua5.1 itself needs seconds for some of these (pause 0 + stepmul 0 is a full cycle
        // per step): they must end or be killable.
        Case::new(class, name, script, Expect::CleanOrKilled)
            .then(churn)
            .then(strings)
            .then("return collectgarbage('count') > 0")
    })
    .collect()
}

/// Loops that never end, in every construct and inside every callback: SCRIPT KILL must work.
pub fn endless() -> Vec<Case> {
    let class = "endless";
    [
        ("while", "while true do end"),
        ("while-arith", "local i = 0 while true do i = i + 1 end"),
        ("repeat", "repeat until false"),
        ("numeric-for", "for i = 1, math.huge do end"),
        ("numeric-for-step-0", "for i = 1, 0, 0 do end"),
        ("generic-for", "for k in function() return 1 end do end"),
        ("generic-for-next", "local t = {1, 2, a = 3} while true do for k, v in pairs(t) do end end"),
        ("tail-recursion", "local function f() return f() end return f()"),
        ("mutual-tail-recursion", "local g local function f() return g() end g = function() return f() end return f()"),
        ("pcall-recursion-tree", "local function f() pcall(f) return f() end return f()"),
        ("pcall-loop", "while true do pcall(error) end"),
        ("pcall-inner-loop", "while true do pcall(function() while true do end end) end"),
        ("xpcall-loop", "while true do xpcall(error, function(e) return e end) end"),
        ("sort-comparator", "table.sort({3, 2, 1}, function(a, b) while true do end end)"),
        ("gsub-callback", "string.gsub('abc', '%w', function() while true do end end)"),
        ("xpcall-handler", "xpcall(error, function() while true do end end)"),
        ("coroutine-body", "coroutine.wrap(function() while true do end end)()"),
        ("coroutine-ping-pong", "local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end"),
        ("__index-body", "return setmetatable({}, {__index = function() while true do end end}).x"),
        ("__call-tail", "local o = setmetatable({}, {}) getmetatable(o).__call = function(self) return self() end return o()"),
        ("loadstring-body", "loadstring('while true do end')()"),
        ("pattern-backtracking", "return string.find(string.rep('a', 40), string.rep('a?', 40) .. string.rep('a', 40))"),
        ("pattern-gmatch-loop", "local s = string.rep('a', 1e5) while true do for w in s:gmatch('a*') do end end"),
        ("alloc-churn", "while true do local s = string.rep('x', 1e6) local t = {s, s} end"),
        ("coroutine-churn", "while true do coroutine.wrap(function() end)() end"),
        ("cjson-loop", "while true do cjson.decode(cjson.encode({1, 2, {a = 3}})) end"),
        ("redis-call-loop", "while true do redis.call('GET', 'hostile:k') end"),
        ("deep-then-loop", "local function f(n) if n > 15000 then while true do end end return 1 + f(n + 1) end return f(1)"),
        ("sort-inside-gsub-loop", "string.gsub('ab', '%w', function() table.sort({3, 2, 1}, function(a, b) while true do end end) end)"),
        ("error-handler-loop-in-pcall", "pcall(function() xpcall(error, function() while true do end end) end)"),
    ]
    .into_iter()
    .map(|(name, script)| Case::new(class, name, script, Expect::Killed))
    .collect()
}
