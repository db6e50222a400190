//! Lua ↔ RESP conversions (script_lua.c `luaReplyToRedisReply`, `redisProtocolToLuaType_*`,
//! `luaPushErrorBuff`), iterative so that deep or self-referencing tables cannot recurse.
//!
//! - `to_reply.rs`: a script's return value → the client's reply, written to a [`Sink`];
//! - `reply_size.rs`: the bound on that reply (shared or cyclic tables would otherwise expand
//!   into a reply exponentially larger than the heap), checked before anything is written;
//! - `to_lua.rs`: a `redis.call` reply → Lua values, and Redis's error tables;
//! - `resp_writer.rs`: a sink writing RESP bytes, for tests and the CLI.

mod reply_size;
mod resp_writer;
mod to_lua;
mod to_reply;

pub use reply_size::{REPLY_LIMIT_WITHOUT_MEMORY_LIMIT, ReplyTooLarge, check_reply_size};
pub use resp_writer::RespWriter;
pub use to_lua::{error_table, reply_to_lua};
pub use to_reply::lua_to_reply;

use ferrous_vm::value::TableRef;
use ferrous_vm::{Value, Vm};

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

/// What a table converts to, in `luaReplyToRedisReply`'s order of checks.
enum Shape {
    Error(Value),
    Status(Value),
    Double(f64),
    BigNumber(Value),
    Verbatim { format: Value, string: Value },
    Map(TableRef),
    Set(TableRef),
    Array,
}

fn raw_field(vm: &mut Vm, t: TableRef, name: &str) -> Value {
    let k = vm.str(name);
    vm.heap().table(t).map(|t| t.get(k)).unwrap_or(Value::Nil)
}

fn shape(vm: &mut Vm, t: TableRef) -> Shape {
    let err = raw_field(vm, t, "err");
    if let Value::Str(_) = err {
        return Shape::Error(err);
    }
    let ok = raw_field(vm, t, "ok");
    if let Value::Str(_) = ok {
        return Shape::Status(ok);
    }
    if let Value::Num(d) = raw_field(vm, t, "double") {
        return Shape::Double(d);
    }
    let big = raw_field(vm, t, "big_number");
    if let Value::Str(_) = big {
        return Shape::BigNumber(big);
    }
    if let Value::Table(vt) = raw_field(vm, t, "verbatim_string") {
        let format = raw_field(vm, vt, "format");
        let string = raw_field(vm, vt, "string");
        if let (Value::Str(_), Value::Str(_)) = (format, string) {
            return Shape::Verbatim { format, string };
        }
    }
    if let Value::Table(mt) = raw_field(vm, t, "map") {
        return Shape::Map(mt);
    }
    if let Value::Table(st) = raw_field(vm, t, "set") {
        return Shape::Set(st);
    }
    Shape::Array
}

/// The array items of `t`: keys 1, 2, ... up to the first nil (`lua_rawgeti` until nil).
fn array_len(vm: &Vm, t: TableRef) -> usize {
    let Ok(tab) = vm.heap().table(t) else {
        return 0;
    };
    let mut n = 0;
    while !tab.get_int(n as i64 + 1).is_nil() {
        n += 1;
    }
    n
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
