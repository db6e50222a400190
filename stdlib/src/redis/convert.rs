//! Lua ↔ RESP conversions (script_lua.c `luaReplyToRedisReply`, `redisProtocolToLuaType_*`,
//! `luaPushErrorBuff`), iterative so that deep or self-referencing tables cannot recurse.

use super::Reply;
use ferrous_vm::api::f64_to_i64;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Throw, Value, Vm};

/// Where a script's return value is written (the module writes RESP through the module API;
/// tests write bytes).
pub trait Sink {
    fn bulk(&mut self, b: &[u8]);
    fn int(&mut self, i: i64);
    fn null(&mut self);
    fn boolean(&mut self, b: bool);
    /// A status reply (CR/LF already replaced by spaces).
    fn status(&mut self, s: &[u8]);
    /// An error reply written verbatim after the `-`.
    fn error(&mut self, s: &[u8]);
    fn double(&mut self, d: f64);
    fn big_number(&mut self, s: &[u8]);
    fn verbatim(&mut self, format: &[u8; 3], s: &[u8]);
    fn array(&mut self, n: usize);
    fn map(&mut self, n: usize);
    fn set(&mut self, n: usize);
}

/// Nesting depth at which Redis's `lua_checkstack(lua, 4)` fails while converting a reply
/// (LUAI_MAXCSTACK 8000 minus the slots in use when the conversion starts), emitting
/// `reached lua stack limit` in place of the value.
pub const MAX_REPLY_DEPTH: usize = 7995;

fn raw_field(vm: &mut Vm, t: TableRef, name: &str) -> Value {
    let k = vm.str(name);
    vm.heap.table(t).map(|t| t.get(k)).unwrap_or(Value::Nil)
}

fn bytes_of(vm: &Vm, v: Value) -> Vec<u8> {
    vm.str_bytes(v).map(|b| b.to_vec()).unwrap_or_default()
}

fn crlf_to_spaces(b: &[u8]) -> Vec<u8> {
    b.iter()
        .map(|&c| if c == b'\r' || c == b'\n' { b' ' } else { c })
        .collect()
}

/// C-string view (`lua_tostring` passed to `%s`/`sdsnew`): up to the first NUL.
fn cstr(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

/// Writes `v`, a script's return value, to `sink`. `resp3`: the script's `redis.setresp`.
pub fn lua_to_reply(vm: &mut Vm, v: Value, resp3: bool, sink: &mut dyn Sink) {
    let mut work: Vec<(Value, usize)> = vec![(v, 1)];
    while let Some((v, depth)) = work.pop() {
        if depth > MAX_REPLY_DEPTH {
            sink.error(b"ERR reached lua stack limit");
            continue;
        }
        match v {
            Value::Str(_) => {
                let b = bytes_of(vm, v);
                sink.bulk(&b)
            }
            Value::Bool(b) => {
                if resp3 {
                    sink.boolean(b)
                } else if b {
                    sink.int(1)
                } else {
                    sink.null()
                }
            }
            Value::Num(n) => sink.int(f64_to_i64(n)),
            Value::Table(t) => table_to_reply(vm, t, depth, &mut work, sink),
            _ => sink.null(),
        }
    }
}

fn table_to_reply(
    vm: &mut Vm,
    t: TableRef,
    depth: usize,
    work: &mut Vec<(Value, usize)>,
    sink: &mut dyn Sink,
) {
    let err = raw_field(vm, t, "err");
    if let Value::Str(_) = err {
        let b = bytes_of(vm, err);
        sink.error(&crlf_to_spaces(cstr(&b)));
        return;
    }
    let ok = raw_field(vm, t, "ok");
    if let Value::Str(_) = ok {
        let b = bytes_of(vm, ok);
        sink.status(&crlf_to_spaces(&b));
        return;
    }
    if let Value::Num(d) = raw_field(vm, t, "double") {
        sink.double(d);
        return;
    }
    let big = raw_field(vm, t, "big_number");
    if let Value::Str(_) = big {
        let b = bytes_of(vm, big);
        sink.big_number(&crlf_to_spaces(&b));
        return;
    }
    if let Value::Table(vt) = raw_field(vm, t, "verbatim_string") {
        let format = raw_field(vm, vt, "format");
        let string = raw_field(vm, vt, "string");
        if let (Value::Str(_), Value::Str(_)) = (format, string) {
            let f = bytes_of(vm, format);
            let mut ext = [0u8; 3];
            for (i, c) in f.iter().take(3).enumerate() {
                ext[i] = *c;
            }
            let s = bytes_of(vm, string);
            sink.verbatim(&ext, &s);
            return;
        }
    }
    if let Value::Table(mt) = raw_field(vm, t, "map") {
        let pairs = entries(vm, mt);
        sink.map(pairs.len());
        for (k, v) in pairs.into_iter().rev() {
            work.push((v, depth + 1));
            work.push((k, depth + 1));
        }
        return;
    }
    if let Value::Table(st) = raw_field(vm, t, "set") {
        let pairs = entries(vm, st);
        sink.set(pairs.len());
        for (k, _) in pairs.into_iter().rev() {
            work.push((k, depth + 1));
        }
        return;
    }
    let mut items = Vec::new();
    if let Ok(tab) = vm.heap.table(t) {
        let mut i = 1;
        loop {
            let v = tab.get_int(i);
            if v.is_nil() {
                break;
            }
            items.push(v);
            i += 1;
        }
    }
    sink.array(items.len());
    for v in items.into_iter().rev() {
        work.push((v, depth + 1));
    }
}

/// The entries of `t` in `next` order.
fn entries(vm: &Vm, t: TableRef) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    let Ok(tab) = vm.heap.table(t) else {
        return out;
    };
    let mut k = Value::Nil;
    while let Ok(Some((nk, v))) = tab.next(k) {
        out.push((nk, v));
        k = nk;
    }
    out
}

/// luaPushErrorBuff: the `{err="CODE msg"}` table for an error text (`-CODE msg` as Redis
/// sends it, or a plain message that gets the `ERR` code).
pub fn error_table(vm: &mut Vm, text: &[u8]) -> Value {
    let text = cstr(text);
    let (code, msg): (Vec<u8>, Vec<u8>) = if let Some(rest) = text.strip_prefix(b"-") {
        match rest.iter().position(|&c| c == b' ') {
            Some(sp) => (rest[..sp].to_vec(), rest[sp + 1..].to_vec()),
            None => (b"ERR".to_vec(), rest.to_vec()),
        }
    } else {
        (b"ERR".to_vec(), text.to_vec())
    };
    // sdstrim(msg, "\r\n"): both ends.
    let mut m: &[u8] = &msg;
    while let [b'\r' | b'\n', rest @ ..] = m {
        m = rest;
    }
    while let [rest @ .., b'\r' | b'\n'] = m {
        m = rest;
    }
    let mut full = code;
    full.push(b' ');
    full.extend_from_slice(m);
    let t = vm.new_table();
    let v = vm.bytes_value(&full);
    vm.set_field(t, "err", v);
    Value::Table(t)
}

/// Converts a `redis.call` reply to Lua (`resp3`: the script's protocol; RESP2 nulls are
/// `false`). Error replies become error tables; the bool says whether the reply was an error.
pub fn reply_to_lua(vm: &mut Vm, r: &Reply, resp3: bool) -> Result<(Value, bool), Throw> {
    if let Reply::Error(e) = r {
        let t = error_table(vm, e);
        if let Value::Table(tt) = t {
            // The error was already counted in the stats when the command ran.
            vm.set_field(tt, "ignore_error_stats_update", Value::Bool(true));
        }
        return Ok((t, true));
    }
    Ok((value_of(vm, r, resp3, 0)?, false))
}

fn value_of(vm: &mut Vm, r: &Reply, resp3: bool, depth: usize) -> Result<Value, Throw> {
    if depth > 1000 {
        return Err(Throw::msg("reply nesting too deep"));
    }
    Ok(match r {
        Reply::Status(s) => {
            let t = vm.new_table();
            let v = vm.bytes_value(s);
            vm.set_field(t, "ok", v);
            Value::Table(t)
        }
        Reply::Error(e) => error_table(vm, e),
        Reply::Int(i) => Value::Num(*i as f64),
        Reply::Bulk(b) => vm.bytes_value(b),
        Reply::Null => {
            if resp3 {
                Value::Nil
            } else {
                Value::Bool(false)
            }
        }
        Reply::Array(items) => {
            let t = vm.heap.new_table(items.len(), 0);
            for (i, it) in items.iter().enumerate() {
                let v = value_of(vm, it, resp3, depth + 1)?;
                vm.heap.table_mut(t)?.set_int(i as i64 + 1, v);
            }
            Value::Table(t)
        }
        Reply::Map(pairs) => {
            let inner = vm.new_table();
            for (k, v) in pairs {
                let k = value_of(vm, k, resp3, depth + 1)?;
                let v = value_of(vm, v, resp3, depth + 1)?;
                let _ = vm.raw_set(inner, k, v);
            }
            let t = vm.new_table();
            vm.set_field(t, "map", Value::Table(inner));
            Value::Table(t)
        }
        Reply::Set(items) => {
            let inner = vm.new_table();
            for it in items {
                let k = value_of(vm, it, resp3, depth + 1)?;
                let _ = vm.raw_set(inner, k, Value::Bool(true));
            }
            let t = vm.new_table();
            vm.set_field(t, "set", Value::Table(inner));
            Value::Table(t)
        }
        Reply::Bool(b) => Value::Bool(*b),
        Reply::Double(d) => {
            let t = vm.new_table();
            vm.set_field(t, "double", Value::Num(*d));
            Value::Table(t)
        }
        Reply::BigNumber(s) => {
            let t = vm.new_table();
            let v = vm.bytes_value(s);
            vm.set_field(t, "big_number", v);
            Value::Table(t)
        }
        Reply::Verbatim(f, s) => {
            let inner = vm.new_table();
            let fv = vm.bytes_value(f);
            vm.set_field(inner, "format", fv);
            let sv = vm.bytes_value(s);
            vm.set_field(inner, "string", sv);
            let t = vm.new_table();
            vm.set_field(t, "verbatim_string", Value::Table(inner));
            Value::Table(t)
        }
    })
}

/// A sink that writes RESP bytes (RESP2 or RESP3), for tests and the CLI.
pub struct RespWriter {
    pub out: Vec<u8>,
    pub resp3: bool,
}

impl RespWriter {
    fn line(&mut self, prefix: u8, body: &[u8]) {
        self.out.push(prefix);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\r\n");
    }
}

impl Sink for RespWriter {
    fn bulk(&mut self, b: &[u8]) {
        self.line(b'$', b.len().to_string().as_bytes());
        self.out.extend_from_slice(b);
        self.out.extend_from_slice(b"\r\n");
    }
    fn int(&mut self, i: i64) {
        self.line(b':', i.to_string().as_bytes());
    }
    fn null(&mut self) {
        if self.resp3 {
            self.out.extend_from_slice(b"_\r\n")
        } else {
            self.out.extend_from_slice(b"$-1\r\n")
        }
    }
    fn boolean(&mut self, b: bool) {
        if self.resp3 {
            self.line(b'#', if b { b"t" } else { b"f" })
        } else {
            self.int(b as i64)
        }
    }
    fn status(&mut self, s: &[u8]) {
        self.line(b'+', s);
    }
    fn error(&mut self, s: &[u8]) {
        self.line(b'-', s);
    }
    fn double(&mut self, d: f64) {
        let s = super::fmt_g17(d);
        if self.resp3 {
            self.line(b',', &s)
        } else {
            self.bulk(&s)
        }
    }
    fn big_number(&mut self, s: &[u8]) {
        if self.resp3 {
            self.line(b'(', s)
        } else {
            self.bulk(s)
        }
    }
    fn verbatim(&mut self, format: &[u8; 3], s: &[u8]) {
        if self.resp3 {
            self.line(b'=', (s.len() + 4).to_string().as_bytes());
            self.out.extend_from_slice(format);
            self.out.push(b':');
            self.out.extend_from_slice(s);
            self.out.extend_from_slice(b"\r\n");
        } else {
            self.bulk(s)
        }
    }
    fn array(&mut self, n: usize) {
        self.line(b'*', n.to_string().as_bytes());
    }
    fn map(&mut self, n: usize) {
        if self.resp3 {
            self.line(b'%', n.to_string().as_bytes())
        } else {
            self.line(b'*', (2 * n).to_string().as_bytes())
        }
    }
    fn set(&mut self, n: usize) {
        if self.resp3 {
            self.line(b'~', n.to_string().as_bytes())
        } else {
            self.line(b'*', n.to_string().as_bytes())
        }
    }
}
