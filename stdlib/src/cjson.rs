//! `cjson` (lua-cjson 2.1.0 as Redis 7.0 ships it): encode/decode with its type mapping, sparse
//! array rule, `%.14g` numbers, `\/` escaping, `cjson.null`, depth limits and error texts.
//!
//! The codec is hand-written rather than serde_json: lua-cjson's behaviour (error messages with
//! token names and character positions, strtod numbers, NaN/Inf handling, the sparse-array
//! heuristic, key order from table traversal) cannot be reproduced through a generic parser.
//! Encoding walks tables with an explicit stack (no recursion); decoding nests only up to
//! `decode_max_depth` (1000), bounded like lua-cjson's own recursion.

use ferrous_vm::api::Args;
use ferrous_vm::exec::alloc::OutMeter;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

/// `cjson.null`: a light userdata NULL, printed `userdata: (nil)`.
pub const NULL: Value = Value::LightUserData(0);

#[derive(Clone, Copy)]
struct Config {
    sparse_convert: bool,
    sparse_ratio: i64,
    sparse_safe: i64,
    encode_max_depth: i64,
    decode_max_depth: i64,
    precision: i64,
    keep_buffer: bool,
    encode_invalid_numbers: bool,
    decode_invalid_numbers: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sparse_convert: false,
            sparse_ratio: 2,
            sparse_safe: 10,
            encode_max_depth: 1000,
            decode_max_depth: 1000,
            precision: 14,
            keep_buffer: true,
            encode_invalid_numbers: false,
            decode_invalid_numbers: true,
        }
    }
}

fn config(vm: &mut Vm) -> &mut Config {
    vm.ext
        .entry("cjson.config")
        .or_insert_with(|| Box::new(Config::default()))
        .downcast_mut::<Config>()
        .expect("cjson config")
}

pub fn open_cjson(vm: &mut Vm) {
    let t = cjson_table(vm);
    vm.set_global("cjson", Value::Table(t));
}

fn cjson_table(vm: &mut Vm) -> TableRef {
    let t = vm.new_table();
    vm.register(
        t,
        &[
            ("encode", encode),
            ("decode", decode),
            ("new", new),
            ("encode_sparse_array", encode_sparse_array),
            ("encode_max_depth", encode_max_depth),
            ("decode_max_depth", decode_max_depth),
            ("encode_number_precision", encode_number_precision),
            ("encode_keep_buffer", encode_keep_buffer),
            ("encode_invalid_numbers", encode_invalid_numbers),
            ("decode_invalid_numbers", decode_invalid_numbers),
        ],
    );
    vm.set_field(t, "null", NULL);
    let name = vm.str("cjson");
    vm.set_field(t, "_NAME", name);
    let ver = vm.str("2.1.0");
    vm.set_field(t, "_VERSION", ver);
    t
}

fn new(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let t = cjson_table(vm);
    vm.push(Value::Table(t));
    Ok(Ret::Values(1))
}

// ---------------------------------------------------------------- configuration

fn opt_bool(vm: &mut Vm, a: Args, i: usize, cur: bool) -> Result<bool, Throw> {
    match a.get(vm, i) {
        Value::Nil if i >= a.n => Ok(cur),
        Value::Bool(b) => Ok(b),
        Value::Nil => Ok(cur),
        Value::Str(s) => match vm.heap.str_bytes(s)? {
            b"on" => Ok(true),
            b"off" => Ok(false),
            _ => Err(Throw::Arg(
                i + 1,
                "invalid option 'on' or 'off' expected".into(),
            )),
        },
        _ => Err(Throw::Arg(
            i + 1,
            "invalid option 'on' or 'off' expected".into(),
        )),
    }
}

fn opt_int_range(vm: &mut Vm, a: Args, i: usize, cur: i64, lo: i64, hi: i64) -> Result<i64, Throw> {
    if a.is_none(vm, i) {
        return Ok(cur);
    }
    let v = a.check_int(vm, i)?;
    if v < lo || v > hi {
        return Err(Throw::Arg(
            i + 1,
            format!("expected integer between {} and {}", lo, hi),
        ));
    }
    Ok(v)
}

fn encode_sparse_array(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let c = *config(vm);
    let convert = opt_bool(vm, a, 0, c.sparse_convert)?;
    let ratio = opt_int_range(vm, a, 1, c.sparse_ratio, 0, i32::MAX as i64)?;
    let safe = opt_int_range(vm, a, 2, c.sparse_safe, 0, i32::MAX as i64)?;
    let cfg = config(vm);
    cfg.sparse_convert = convert;
    cfg.sparse_ratio = ratio;
    cfg.sparse_safe = safe;
    vm.push(Value::Bool(convert));
    vm.push(Value::Num(ratio as f64));
    vm.push(Value::Num(safe as f64));
    Ok(Ret::Values(3))
}

macro_rules! int_setting {
    ($name:ident, $field:ident, $lo:expr, $hi:expr) => {
        fn $name(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
            let a = Args::new(base, n);
            let cur = config(vm).$field;
            let v = opt_int_range(vm, a, 0, cur, $lo, $hi)?;
            config(vm).$field = v;
            vm.push(Value::Num(v as f64));
            Ok(Ret::Values(1))
        }
    };
}

int_setting!(encode_max_depth, encode_max_depth, 1, i32::MAX as i64);
int_setting!(decode_max_depth, decode_max_depth, 1, i32::MAX as i64);
int_setting!(encode_number_precision, precision, 1, 14);

macro_rules! bool_setting {
    ($name:ident, $field:ident) => {
        fn $name(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
            let a = Args::new(base, n);
            let cur = config(vm).$field;
            let v = opt_bool(vm, a, 0, cur)?;
            config(vm).$field = v;
            vm.push(Value::Bool(v));
            Ok(Ret::Values(1))
        }
    };
}

bool_setting!(encode_keep_buffer, keep_buffer);
bool_setting!(encode_invalid_numbers, encode_invalid_numbers);
bool_setting!(decode_invalid_numbers, decode_invalid_numbers);

// ---------------------------------------------------------------- encoding

fn encode_error(v: Value, reason: &str) -> Throw {
    Throw::msg(format!("Cannot serialise {}: {}", v.type_name(), reason))
}

fn append_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            c if c < 0x20 || c == 0x7f => out.extend_from_slice(format!("\\u{:04x}", c).as_bytes()),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

fn append_number(out: &mut Vec<u8>, x: f64, cfg: &Config) -> Result<(), Throw> {
    if x.is_nan() || x.is_infinite() {
        if !cfg.encode_invalid_numbers {
            return Err(encode_error(Value::Num(x), "must not be NaN or Inf"));
        }
        out.extend_from_slice(if x.is_nan() {
            b"nan"
        } else if x > 0.0 {
            b"inf"
        } else {
            b"-inf"
        });
        return Ok(());
    }
    let spec = crate::string::format::Spec {
        prec: Some(cfg.precision as usize),
        ..Default::default()
    };
    crate::string::format::format_float(out, x, b'g', &spec);
    Ok(())
}

/// lua-cjson's lua_array_length: the array length, or None for an object. Its `max` is a C
/// `int` assigned from the double key: a key from 2^31 up converts to INT_MIN on x86-64 (the
/// "integer indefinite" value), so such a table is an object unless a later key in the
/// traversal brings `max` back up — reproduced, since the built-in engine is the reference.
fn array_length(vm: &Vm, t: TableRef, cfg: &Config) -> Result<Option<usize>, Throw> {
    let tbl = vm.heap.table(t)?;
    let mut max = 0i32;
    let mut items = 0i64;
    let mut k = Value::Nil;
    while let Ok(Some((key, _))) = tbl.next(k) {
        k = key;
        match key {
            Value::Num(n) if n.floor() == n && n >= 1.0 => {
                if n > max as f64 {
                    max = if n < 2147483648.0 { n as i32 } else { i32::MIN };
                }
                items += 1;
            }
            _ => return Ok(None),
        }
    }
    let max = max as i64;
    if cfg.sparse_ratio > 0 && max > items * cfg.sparse_ratio && max > cfg.sparse_safe {
        if !cfg.sparse_convert {
            return Err(encode_error(Value::Table(t), "excessively sparse array"));
        }
        return Ok(None);
    }
    Ok((max > 0).then_some(max as usize))
}

enum Work {
    Value(Value),
    Bytes(&'static [u8]),
    Owned(Vec<u8>),
    /// The elements `next..=len` of an array still to write. One element is taken at a time:
    /// a sparse array's length may be 2^31 - 1 for one key, so nothing proportional to it is
    /// made up front; the output meter and the budget stop it.
    Array {
        t: TableRef,
        next: usize,
        len: usize,
    },
    /// Leaving a table: depth decreases.
    Leave,
}

fn encode(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if n != 1 {
        return Err(Throw::Arg(1, "expected 1 argument".into()));
    }
    let cfg = *config(vm);
    let mut out = Vec::new();
    // The output is reserved and paid for as it grows: a table referenced many times (or a
    // DAG of them) makes an output far bigger than its input.
    let mut meter = OutMeter::default();
    let mut work = vec![Work::Value(a.get(vm, 0))];
    let mut depth = 0i64;
    while let Some(w) = work.pop() {
        let v = match w {
            Work::Bytes(b) => {
                out.extend_from_slice(b);
                continue;
            }
            Work::Owned(b) => {
                meter.room(vm, &out, out.capacity(), b.len())?;
                out.extend_from_slice(&b);
                continue;
            }
            Work::Leave => {
                depth -= 1;
                continue;
            }
            Work::Array { t, next, len } => {
                if next > len {
                    out.push(b']');
                    continue;
                }
                if next > 1 {
                    meter.room(vm, &out, out.capacity(), 1)?;
                    out.push(b',');
                }
                vm.charge(1)?;
                let v = vm.heap.table(t)?.get_int(next as i64);
                work.push(Work::Array {
                    t,
                    next: next + 1,
                    len,
                });
                v
            }
            Work::Value(v) => v,
        };
        // A string escapes to at most 6 bytes per byte (`\u001f`); other values take 32.
        let extra = match v {
            Value::Str(s) => vm.heap.str_len(s).saturating_mul(6).saturating_add(2),
            _ => 32,
        };
        meter.room(vm, &out, out.capacity(), extra)?;
        match v {
            Value::Nil => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Value::Num(x) => append_number(&mut out, x, &cfg)?,
            Value::Str(s) => append_string(&mut out, vm.heap.str_bytes(s)?),
            Value::LightUserData(0) => out.extend_from_slice(b"null"),
            Value::Table(t) => {
                depth += 1;
                if depth > cfg.encode_max_depth {
                    return Err(Throw::msg(format!(
                        "Cannot serialise, excessive nesting ({})",
                        depth
                    )));
                }
                // Items are pushed in reverse so they pop in order.
                let mut items: Vec<Work> = vec![Work::Leave];
                match array_length(vm, t, &cfg)? {
                    Some(len) => {
                        meter.room(vm, &out, out.capacity(), 1)?;
                        out.push(b'[');
                        items.push(Work::Array { t, next: 1, len });
                    }
                    _ => {
                        let tbl = vm.heap.table(t)?;
                        let mut pairs = Vec::new();
                        let mut k = Value::Nil;
                        while let Ok(Some((key, val))) = tbl.next(k) {
                            k = key;
                            pairs.push((key, val));
                        }
                        items.push(Work::Bytes(b"}"));
                        for (i, (key, val)) in pairs.into_iter().enumerate().rev() {
                            items.push(Work::Value(val));
                            let mut kb = Vec::new();
                            if i > 0 {
                                kb.push(b',');
                            }
                            match key {
                                Value::Str(s) => append_string(&mut kb, vm.heap.str_bytes(s)?),
                                Value::Num(x) => {
                                    let mut num = Vec::new();
                                    append_number(&mut num, x, &cfg)?;
                                    kb.push(b'"');
                                    kb.extend_from_slice(&num);
                                    kb.push(b'"');
                                }
                                other => {
                                    return Err(encode_error(
                                        other,
                                        "table key must be a number or string",
                                    ));
                                }
                            }
                            kb.push(b':');
                            items.push(Work::Owned(kb));
                        }
                        items.push(Work::Bytes(b"{"));
                    }
                }
                // A table's elements pay the budget too: a DAG of small shared tables makes
                // little output per table visited.
                vm.charge(items.len() as u64)?;
                work.extend(items);
            }
            other => return Err(encode_error(other, "type not supported")),
        }
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

// ---------------------------------------------------------------- decoding

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    Str(Vec<u8>),
    Num(f64),
    Bool(bool),
    Null,
    Colon,
    Comma,
    End,
    Error(&'static str),
}

fn tok_name(t: &Tok) -> &'static str {
    match t {
        Tok::ObjBegin => "T_OBJ_BEGIN",
        Tok::ObjEnd => "T_OBJ_END",
        Tok::ArrBegin => "T_ARR_BEGIN",
        Tok::ArrEnd => "T_ARR_END",
        Tok::Str(_) => "T_STRING",
        Tok::Num(_) => "T_NUMBER",
        Tok::Bool(_) => "T_BOOLEAN",
        Tok::Null => "T_NULL",
        Tok::Colon => "T_COLON",
        Tok::Comma => "T_COMMA",
        Tok::End => "T_END",
        Tok::Error(m) => m,
    }
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
    invalid_numbers: bool,
}

fn push_utf8(out: &mut Vec<u8>, cp: u32) {
    let mut b = [0u8; 4];
    if let Some(c) = char::from_u32(cp) {
        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }
}

impl<'a> Lexer<'a> {
    /// Next token and its 0-based start index.
    fn next(&mut self) -> (Tok, usize) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(&c) = self.s.get(self.pos) else {
            return (Tok::End, start);
        };
        let single = match c {
            b'{' => Some(Tok::ObjBegin),
            b'}' => Some(Tok::ObjEnd),
            b'[' => Some(Tok::ArrBegin),
            b']' => Some(Tok::ArrEnd),
            b':' => Some(Tok::Colon),
            b',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(t) = single {
            self.pos += 1;
            return (t, start);
        }
        if c == b'"' {
            return self.string();
        }
        if c == b'-'
            || c.is_ascii_digit()
            || (self.invalid_numbers && matches!(c | 0x20, b'i' | b'n'))
        {
            if let Some(t) = self.number() {
                return (t, start);
            }
            if !matches!(c | 0x20, b'i' | b'n') {
                return (Tok::Error("invalid number"), start);
            }
        }
        for (word, tok) in [
            (&b"true"[..], Tok::Bool(true)),
            (b"false", Tok::Bool(false)),
            (b"null", Tok::Null),
        ] {
            if self.s[self.pos..].starts_with(word) {
                self.pos += word.len();
                return (tok, start);
            }
        }
        (Tok::Error("invalid token"), start)
    }

    fn number(&mut self) -> Option<Tok> {
        let rest = &self.s[self.pos..];
        // The longest prefix that parses, like strtod.
        let mut end = 0;
        while end < rest.len()
            && (rest[end].is_ascii_alphanumeric() || matches!(rest[end], b'.' | b'+' | b'-'))
        {
            end += 1;
        }
        while end > 0 {
            if let Some(v) = ferrous_vm::number::str_to_number(&rest[..end]) {
                // JSON forbids leading zeros like 01 unless invalid numbers are accepted.
                self.pos += end;
                return Some(Tok::Num(v));
            }
            end -= 1;
        }
        None
    }

    fn string(&mut self) -> (Tok, usize) {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.pos) else {
                return (Tok::Error("unexpected end of string"), self.pos);
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return (Tok::Str(out), start);
                }
                b'\\' => {
                    let at = self.pos;
                    let Some(&e) = self.s.get(self.pos + 1) else {
                        return (Tok::Error("unexpected end of string"), self.pos + 1);
                    };
                    self.pos += 2;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => match self.unicode() {
                            Some(cp) => push_utf8(&mut out, cp),
                            None => return (Tok::Error("invalid unicode escape code"), at),
                        },
                        _ => return (Tok::Error("invalid escape code"), at),
                    }
                }
                c => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    fn unicode(&mut self) -> Option<u32> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.s.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return None;
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return None;
            }
            return Some(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
        }
        if (0xDC00..0xE000).contains(&hi) {
            return None;
        }
        Some(hi)
    }
}

fn parse_error(expected: &str, t: &Tok, at: usize) -> Throw {
    Throw::msg(format!(
        "Expected {} but found {} at character {}",
        expected,
        tok_name(t),
        at + 1
    ))
}

enum Frame {
    Array { t: TableRef, n: i64 },
    Object { t: TableRef, key: Option<Value> },
}

fn decode(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if n != 1 {
        return Err(Throw::Arg(1, "expected 1 argument".into()));
    }
    let src = a.check_bytes(vm, 0)?;
    let cfg = *config(vm);
    let mut lx = Lexer {
        s: &src,
        pos: 0,
        invalid_numbers: cfg.decode_invalid_numbers,
    };
    let mut stack: Vec<Frame> = Vec::new();
    // Values under construction stay reachable: the tables are pushed on the VM stack.
    let keep_from = vm.stack.len();
    let mut tok = lx.next();
    let result: Value;
    'outer: loop {
        // Parse one value starting at `tok`. Every value pays one unit and the memory limit
        // is checked (a small input decodes to tables many times its size; a pending key
        // is held here, unrooted, so no collection: `check_alloc`).
        vm.charge(1)?;
        vm.check_alloc(0)?;
        let (t, at) = tok.clone();
        let v = match t {
            Tok::Str(s) => vm.bytes_value(&s),
            Tok::Num(x) => Value::Num(x),
            Tok::Bool(b) => Value::Bool(b),
            Tok::Null => NULL,
            Tok::ObjBegin | Tok::ArrBegin => {
                if stack.len() as i64 + 1 > cfg.decode_max_depth {
                    return Err(Throw::msg(format!(
                        "Found too many nested data structures ({}) at character {}",
                        stack.len() + 1,
                        at + 1
                    )));
                }
                let tbl = vm.new_table();
                vm.push(Value::Table(tbl));
                let is_obj = t == Tok::ObjBegin;
                let next = lx.next();
                if is_obj {
                    if next.0 == Tok::ObjEnd {
                        vm.stack.pop();
                        Value::Table(tbl)
                    } else {
                        match next.0 {
                            Tok::Str(k) => {
                                let key = vm.bytes_value(&k);
                                let colon = lx.next();
                                if colon.0 != Tok::Colon {
                                    return Err(parse_error("colon", &colon.0, colon.1));
                                }
                                stack.push(Frame::Object {
                                    t: tbl,
                                    key: Some(key),
                                });
                                tok = lx.next();
                                continue 'outer;
                            }
                            other => return Err(parse_error("object key string", &other, next.1)),
                        }
                    }
                } else if next.0 == Tok::ArrEnd {
                    vm.stack.pop();
                    Value::Table(tbl)
                } else {
                    stack.push(Frame::Array { t: tbl, n: 0 });
                    tok = next;
                    continue 'outer;
                }
            }
            other => return Err(parse_error("value", &other, at)),
        };
        // Store `v` into the enclosing container(s) and read what follows.
        let mut v = v;
        loop {
            match stack.last_mut() {
                None => {
                    result = v;
                    break 'outer;
                }
                Some(Frame::Array { t, n }) => {
                    *n += 1;
                    let (t, idx) = (*t, *n);
                    vm.heap.table_mut(t)?.set_int(idx, v)?;
                    let next = lx.next();
                    match next.0 {
                        Tok::ArrEnd => {
                            stack.pop();
                            vm.stack.pop();
                            v = Value::Table(t);
                        }
                        Tok::Comma => {
                            tok = lx.next();
                            continue 'outer;
                        }
                        other => return Err(parse_error("comma or array end", &other, next.1)),
                    }
                }
                Some(Frame::Object { t, key }) => {
                    let t = *t;
                    let k = key.take().unwrap_or(Value::Nil);
                    vm.raw_set(t, k, v)?;
                    let next = lx.next();
                    match next.0 {
                        Tok::ObjEnd => {
                            stack.pop();
                            vm.stack.pop();
                            v = Value::Table(t);
                        }
                        Tok::Comma => {
                            let kt = lx.next();
                            match kt.0 {
                                Tok::Str(ks) => {
                                    let kv = vm.bytes_value(&ks);
                                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                                        *key = Some(kv);
                                    }
                                    let colon = lx.next();
                                    if colon.0 != Tok::Colon {
                                        return Err(parse_error("colon", &colon.0, colon.1));
                                    }
                                    tok = lx.next();
                                    continue 'outer;
                                }
                                other => {
                                    return Err(parse_error("object key string", &other, kt.1));
                                }
                            }
                        }
                        other => return Err(parse_error("comma or object end", &other, next.1)),
                    }
                }
            }
        }
    }
    let end = lx.next();
    if end.0 != Tok::End {
        return Err(parse_error("the end", &end.0, end.1));
    }
    vm.stack.truncate(keep_from);
    vm.push(result);
    Ok(Ret::Values(1))
}
