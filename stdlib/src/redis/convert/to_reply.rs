//! A script's return value → the client's reply (`luaReplyToRedisReply`), written by an
//! iterative walk. Callers bound the reply first with [`super::check_reply_size`].

use super::{MAX_REPLY_DEPTH, Shape, Sink, array_len, crlf_to_spaces, cstr, shape};
use ferrous_vm::api::f64_to_i64;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Value, Vm};

/// Writes `v`, a script's return value, to `sink`. `resp3`: the script's `redis.setresp`.
pub fn lua_to_reply(vm: &mut Vm, v: Value, resp3: bool, sink: &mut dyn Sink) {
    // Most scripts return a scalar: no work list (an allocation per reply) for them.
    let mut work: Vec<(Value, usize)> = match v {
        Value::Table(_) => vec![(v, 1)],
        _ => return scalar_to_reply(vm, v, resp3, sink),
    };
    while let Some((v, depth)) = work.pop() {
        if depth > MAX_REPLY_DEPTH {
            sink.error(b"ERR reached lua stack limit");
            continue;
        }
        match v {
            Value::Table(t) => table_to_reply(vm, t, depth, &mut work, sink),
            v => scalar_to_reply(vm, v, resp3, sink),
        }
    }
}

/// A value that is not a table.
fn scalar_to_reply(vm: &mut Vm, v: Value, resp3: bool, sink: &mut dyn Sink) {
    match v {
        Value::Str(_) => sink.bulk(vm.str_bytes(v).unwrap_or_default()),
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
        _ => sink.null(),
    }
}

fn table_to_reply(
    vm: &mut Vm,
    t: TableRef,
    depth: usize,
    work: &mut Vec<(Value, usize)>,
    sink: &mut dyn Sink,
) {
    match shape(vm, t) {
        Shape::Error(e) => sink.error(&crlf_to_spaces(cstr(vm.str_bytes(e).unwrap_or_default()))),
        Shape::Status(s) => sink.status(&crlf_to_spaces(vm.str_bytes(s).unwrap_or_default())),
        Shape::Double(d) => sink.double(d),
        Shape::BigNumber(b) => {
            sink.big_number(&crlf_to_spaces(vm.str_bytes(b).unwrap_or_default()))
        }
        Shape::Verbatim { format, string } => {
            let mut ext = [0u8; 3];
            for (i, c) in vm
                .str_bytes(format)
                .unwrap_or_default()
                .iter()
                .take(3)
                .enumerate()
            {
                ext[i] = *c;
            }
            sink.verbatim(&ext, vm.str_bytes(string).unwrap_or_default());
        }
        Shape::Map(mt) => {
            let pairs = entries(vm, mt);
            sink.map(pairs.len());
            for (k, v) in pairs.into_iter().rev() {
                work.push((v, depth + 1));
                work.push((k, depth + 1));
            }
        }
        Shape::Set(st) => {
            let pairs = entries(vm, st);
            sink.set(pairs.len());
            for (k, _) in pairs.into_iter().rev() {
                work.push((k, depth + 1));
            }
        }
        Shape::Array => {
            let n = array_len(vm, t);
            sink.array(n);
            if let Ok(tab) = vm.heap().table(t) {
                for i in (1..=n).rev() {
                    work.push((tab.get_int(i as i64), depth + 1));
                }
            }
        }
    }
}

/// The entries of `t` in `next` order.
fn entries(vm: &Vm, t: TableRef) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    let Ok(tab) = vm.heap().table(t) else {
        return out;
    };
    let mut k = Value::Nil;
    while let Ok(Some((nk, v))) = tab.next(k) {
        out.push((nk, v));
        k = nk;
    }
    out
}
