//! `cjson.encode`: lua-cjson's json_append_data walked with an explicit stack, in the C's
//! order (an object's keys and values are written, and checked, as the traversal meets
//! them), with its nesting limit: the depth setting and `lua_checkstack`'s slot count.

use super::{Config, InvalidNumbers, LUA_MAX_C_STACK, config};
use ferrous_vm::api::Args;
use ferrous_vm::exec::alloc::OutMeter;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

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
        match cfg.encode_invalid_numbers {
            InvalidNumbers::Off => {
                return Err(encode_error(Value::Num(x), "must not be NaN or Inf"));
            }
            InvalidNumbers::Null => {
                out.extend_from_slice(b"null");
                return Ok(());
            }
            InvalidNumbers::On => {}
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
    let tbl = vm.heap().table(t)?;
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
    let (ratio, safe) = (cfg.sparse_ratio as i64, cfg.sparse_safe as i64);
    if ratio > 0 && max > items * ratio && max > safe {
        if !cfg.sparse_convert {
            return Err(encode_error(Value::Table(t), "excessively sparse array"));
        }
        return Ok(None);
    }
    Ok((max > 0).then_some(max as usize))
}

/// What is left to write. `slots` counts the Lua stack slots lua-cjson's C function holds
/// while a value is on top: 1 for the argument, +1 per enclosing array (`lua_rawgeti`), +2
/// per enclosing object (`lua_next`'s key and value).
enum Work {
    Value {
        v: Value,
        slots: usize,
    },
    /// The elements `next..=len` of an array still to write. One element is taken at a time:
    /// a sparse array's length may be 2^31 - 1 for one key, so nothing proportional to it is
    /// made up front; the output meter and the budget stop it.
    Array {
        t: TableRef,
        next: usize,
        len: usize,
        slots: usize,
    },
    /// An object's entries after `key` (nil: from the start) still to write.
    Object {
        t: TableRef,
        key: Value,
        slots: usize,
    },
}

pub(super) fn encode(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if n != 1 {
        return Err(Throw::Arg(1, "expected 1 argument".into()));
    }
    let cfg = *config(vm);
    let mut out = Vec::new();
    // The output is reserved and paid for as it grows: a table referenced many times (or a
    // DAG of them) makes an output far bigger than its input.
    let mut meter = OutMeter::default();
    let mut work = vec![Work::Value {
        v: a.get(vm, 0),
        slots: 1,
    }];
    // Open tables: Array and Object items on `work`.
    let mut depth = 0usize;
    while let Some(w) = work.pop() {
        vm.charge(1)?;
        let (v, slots) = match w {
            Work::Value { v, slots } => (v, slots),
            Work::Array {
                t,
                next,
                len,
                slots,
            } => {
                if next > len {
                    meter.room(vm, &out, out.capacity(), 1)?;
                    out.push(b']');
                    depth -= 1;
                    continue;
                }
                if next > 1 {
                    meter.room(vm, &out, out.capacity(), 1)?;
                    out.push(b',');
                }
                let v = vm.heap().table(t)?.get_int(next as i64);
                work.push(Work::Array {
                    t,
                    next: next + 1,
                    len,
                    slots,
                });
                (v, slots + 1)
            }
            Work::Object { t, key, slots } => {
                let Ok(entry) = vm.heap().table(t)?.next(key) else {
                    return Err(Throw::msg("invalid key to 'next'"));
                };
                let Some((k, v)) = entry else {
                    meter.room(vm, &out, out.capacity(), 1)?;
                    out.push(b'}');
                    depth -= 1;
                    continue;
                };
                let extra = match k {
                    Value::Str(s) => vm.heap().str_len(s).saturating_mul(6).saturating_add(4),
                    _ => 40,
                };
                meter.room(vm, &out, out.capacity(), extra)?;
                if !key.is_nil() {
                    out.push(b',');
                }
                match k {
                    Value::Num(x) => {
                        out.push(b'"');
                        append_number(&mut out, x, &cfg)?;
                        out.extend_from_slice(b"\":");
                    }
                    Value::Str(s) => {
                        append_string(&mut out, vm.heap().str_bytes(s)?);
                        out.push(b':');
                    }
                    other => {
                        return Err(encode_error(other, "table key must be a number or string"));
                    }
                }
                work.push(Work::Object { t, key: k, slots });
                (v, slots + 2)
            }
        };
        // A string escapes to at most 6 bytes per byte (`\u001f`); other values take 32.
        let extra = match v {
            Value::Str(s) => vm.heap().str_len(s).saturating_mul(6).saturating_add(2),
            _ => 32,
        };
        meter.room(vm, &out, out.capacity(), extra)?;
        match v {
            Value::Nil => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Value::Num(x) => append_number(&mut out, x, &cfg)?,
            Value::Str(s) => append_string(&mut out, vm.heap().str_bytes(s)?),
            Value::LightUserData(0) => out.extend_from_slice(b"null"),
            Value::Table(t) => {
                // json_check_encode_depth: the depth is the number of open tables, and
                // lua_checkstack(3) must fit under LUAI_MAXCSTACK.
                depth += 1;
                if depth > cfg.encode_max_depth as usize || slots + 3 > LUA_MAX_C_STACK {
                    return Err(Throw::msg(format!(
                        "Cannot serialise, excessive nesting ({})",
                        depth
                    )));
                }
                match array_length(vm, t, &cfg)? {
                    Some(len) => {
                        out.push(b'[');
                        work.push(Work::Array {
                            t,
                            next: 1,
                            len,
                            slots,
                        });
                    }
                    None => {
                        out.push(b'{');
                        work.push(Work::Object {
                            t,
                            key: Value::Nil,
                            slots,
                        });
                    }
                }
            }
            other => return Err(encode_error(other, "type not supported")),
        }
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}
