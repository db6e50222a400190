//! `cjson.decode`: lua-cjson's tokenizer and parser, with an explicit stack of open
//! containers. The text is a C string for the C code: the first NUL ends it (after the
//! UTF-16/32 check, which looks at the first two bytes of the whole string).

use super::{LUA_MAX_C_STACK, NULL, config};
use ferrous_vm::api::Args;
use ferrous_vm::number::strtod::strtod;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

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
        let rest = &self.s[self.pos..];
        if c == b'-' || c.is_ascii_digit() {
            if !self.invalid_numbers && is_invalid_number(rest) {
                return (Tok::Error("invalid number"), start);
            }
            return (self.number(), start);
        }
        for (word, tok) in [
            (&b"true"[..], Tok::Bool(true)),
            (b"false", Tok::Bool(false)),
            (b"null", Tok::Null),
        ] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return (tok, start);
            }
        }
        // Inf, NaN, hex and `+` numbers: only with decode_invalid_numbers, and only these
        // (so other bad tokens stay "invalid token").
        if self.invalid_numbers && is_invalid_number(rest) {
            return (self.number(), start);
        }
        (Tok::Error("invalid token"), start)
    }

    /// json_next_number_token: strtod from here.
    fn number(&mut self) -> Tok {
        match strtod(&self.s[self.pos..]) {
            (_, 0) => Tok::Error("invalid number"),
            (v, n) => {
                self.pos += n;
                Tok::Num(v)
            }
        }
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
                    // A backslash ending the text escapes the NUL: an invalid escape.
                    let Some(&e) = self.s.get(self.pos + 1) else {
                        return (Tok::Error("invalid escape code"), at);
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

    /// decode_hex4: exactly four hex digits (no sign, unlike a radix parser).
    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.pos..self.pos + 4)?;
        let mut v = 0;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
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

/// json_is_invalid_number: forms strtod reads that strict JSON does not allow (a leading `+`,
/// hex, leading zeros, Inf/NaN). Past the end reads as the C string's NUL.
fn is_invalid_number(p: &[u8]) -> bool {
    let at = |k: usize| p.get(k).copied().unwrap_or(0);
    if at(0) == b'+' {
        return true;
    }
    let i = (at(0) == b'-') as usize;
    if at(i) == b'0' {
        let c2 = at(i + 1);
        return (c2 | 0x20) == b'x' || c2.is_ascii_digit();
    }
    // `*p <= '9'` on a signed char: bytes from 0x80 are negative.
    if at(i) <= b'9' || at(i) >= 0x80 {
        return false;
    }
    let word = &p[i..];
    let ci = |w: &[u8]| word.len() >= 3 && word[..3].eq_ignore_ascii_case(w);
    ci(b"inf") || ci(b"nan")
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

impl Frame {
    /// The Lua stack slots lua-cjson holds for this open container while parsing inside it:
    /// the table, and for an object the pending key.
    fn slots(&self) -> usize {
        match self {
            Frame::Array { .. } => 1,
            Frame::Object { .. } => 2,
        }
    }
}

pub(super) fn decode(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if n != 1 {
        return Err(Throw::Arg(1, "expected 1 argument".into()));
    }
    let src = a.check_bytes(vm, 0)?;
    if src.len() >= 2 && (src[0] == 0 || src[1] == 0) {
        return Err(Throw::msg("JSON parser does not support UTF-16 or UTF-32"));
    }
    let cfg = *config(vm);
    let mut lx = Lexer {
        s: ferrous_vm::number::c_string(&src),
        pos: 0,
        invalid_numbers: cfg.decode_invalid_numbers,
    };
    let mut stack: Vec<Frame> = Vec::new();
    // Values under construction stay reachable: the tables are pushed on the VM stack.
    let keep_from = vm.stack_top();
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
                // json_decode_descend: the depth setting, and lua_checkstack for the table
                // and its key/value (3 slots for an object, 2 for an array) on top of the
                // argument and the open containers' slots.
                let held = 1 + stack.iter().map(Frame::slots).sum::<usize>();
                let need = if t == Tok::ObjBegin { 3 } else { 2 };
                if stack.len() as i64 + 1 > cfg.decode_max_depth as i64
                    || held + need > LUA_MAX_C_STACK
                {
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
                        vm.pop();
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
                    vm.pop();
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
                    vm.heap_mut().table_mut(t)?.set_int(idx, v)?;
                    let next = lx.next();
                    match next.0 {
                        Tok::ArrEnd => {
                            stack.pop();
                            vm.pop();
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
                            vm.pop();
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
    vm.set_stack_top(keep_from);
    vm.push(result);
    Ok(Ret::Values(1))
}
