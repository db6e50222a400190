//! A `redis.call` reply → Lua values (`redisProtocolToLuaType_*`), and Redis's error tables
//! (`luaPushErrorBuff`). Replies come from Redis (bounded nesting); their size is charged to
//! the memory limit before the tables and strings are made.

use super::cstr;
use crate::redis::{Reply, reply_names};
use ferrous_vm::value::{StrRef, TableRef};
use ferrous_vm::{Throw, Value, Vm};

/// Bytes charged per array/map/set element before the table holding it is made (a value slot
/// plus the hash-node share), so a huge reply meets the memory limit up front.
const ELEMENT_CHARGE: usize = 16;

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
    // Sized for its fields (`err`, `ignore_error_stats_update`): `set_field` never grows it,
    // so it cannot be refused for memory (nor can the other small reply tables below).
    let t = vm.heap_mut().new_table(0, 2);
    let v = vm.bytes_value(&full);
    match reply_names(vm) {
        Some(n) => set_pinned(vm, t, n.err, v),
        None => vm.set_field(t, "err", v),
    }
    Value::Table(t)
}

/// `t[k] = v` for a fresh reply table sized for its fields (cannot fail: no growth).
#[inline]
fn set_pinned(vm: &mut Vm, t: TableRef, k: StrRef, v: Value) {
    if let Ok(mut tm) = vm.heap_mut().table_mut(t) {
        let _ = tm.set_str(k, v);
    }
}

/// A status reply's `{ok=text}`: the key (and the text when it is `OK`) by pinned handle.
fn status_table(vm: &mut Vm, s: &[u8]) -> Value {
    let t = vm.heap_mut().new_table(0, 1);
    match reply_names(vm) {
        Some(n) => {
            let v = if s == b"OK" {
                Value::Str(n.ok_text)
            } else {
                vm.bytes_value(s)
            };
            set_pinned(vm, t, n.ok, v);
        }
        None => {
            let v = vm.bytes_value(s);
            vm.set_field(t, "ok", v);
        }
    }
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
        Reply::Status(s) => status_table(vm, s),
        Reply::Error(e) => error_table(vm, e),
        Reply::Int(i) => Value::Num(*i as f64),
        Reply::Bulk(b) => {
            vm.check_alloc(b.len())?;
            vm.bytes_value(b)
        }
        Reply::Null => {
            if resp3 {
                Value::Nil
            } else {
                Value::Bool(false)
            }
        }
        Reply::Array(items) => {
            vm.check_alloc(items.len().saturating_mul(ELEMENT_CHARGE))?;
            let t = vm.heap_mut().new_table(items.len(), 0);
            for (i, it) in items.iter().enumerate() {
                let v = value_of(vm, it, resp3, depth + 1)?;
                vm.heap_mut().table_mut(t)?.set_int(i as i64 + 1, v)?;
            }
            Value::Table(t)
        }
        Reply::Map(pairs) => {
            vm.check_alloc(pairs.len().saturating_mul(2 * ELEMENT_CHARGE))?;
            let inner = vm.new_table();
            for (k, v) in pairs {
                let k = value_of(vm, k, resp3, depth + 1)?;
                let v = value_of(vm, v, resp3, depth + 1)?;
                vm.raw_set(inner, k, v)?;
            }
            let t = vm.heap_mut().new_table(0, 1);
            vm.set_field(t, "map", Value::Table(inner));
            Value::Table(t)
        }
        Reply::Set(items) => {
            vm.check_alloc(items.len().saturating_mul(2 * ELEMENT_CHARGE))?;
            let inner = vm.new_table();
            for it in items {
                let k = value_of(vm, it, resp3, depth + 1)?;
                vm.raw_set(inner, k, Value::Bool(true))?;
            }
            let t = vm.heap_mut().new_table(0, 1);
            vm.set_field(t, "set", Value::Table(inner));
            Value::Table(t)
        }
        Reply::Bool(b) => Value::Bool(*b),
        Reply::Double(d) => {
            let t = vm.heap_mut().new_table(0, 1);
            vm.set_field(t, "double", Value::Num(*d));
            Value::Table(t)
        }
        Reply::BigNumber(s) => {
            let t = vm.heap_mut().new_table(0, 1);
            let v = vm.bytes_value(s);
            vm.set_field(t, "big_number", v);
            Value::Table(t)
        }
        Reply::Verbatim(f, s) => {
            let inner = vm.heap_mut().new_table(0, 2);
            let fv = vm.bytes_value(&f[..]);
            vm.set_field(inner, "format", fv);
            let sv = vm.bytes_value(s);
            vm.set_field(inner, "string", sv);
            let t = vm.heap_mut().new_table(0, 1);
            vm.set_field(t, "verbatim_string", Value::Table(inner));
            Value::Table(t)
        }
    })
}
