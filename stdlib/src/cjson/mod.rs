//! `cjson` (lua-cjson 2.1.0 as Redis 7.0 ships it): encode/decode with its type mapping, sparse
//! array rule, `%.14g` numbers, `\/` escaping, `cjson.null`, depth limits and error texts.
//!
//! The codec is hand-written rather than serde_json: lua-cjson's behaviour (error messages with
//! token names and character positions, strtod numbers, NaN/Inf handling, the sparse-array
//! heuristic, key order from table traversal) cannot be reproduced through a generic parser.
//! Encoding walks tables with an explicit stack (no recursion); decoding nests only up to
//! `decode_max_depth` (1000), bounded like lua-cjson's own recursion. Where lua-cjson's C
//! recursion is bounded by `lua_checkstack` (LUAI_MAXCSTACK, 8000 slots) rather than by the
//! configured depth, the same slot count is kept (`LUA_MAX_C_STACK`).

/// LUAI_MAXCSTACK: the Lua stack slots a C function may use; lua-cjson's
/// `lua_checkstack` calls fail beyond it, which limits nesting when the depth setting is raised.
const LUA_MAX_C_STACK: usize = 8000;

mod config;
mod decode;
mod encode;

use config::{
    decode_invalid_numbers, decode_max_depth, encode_invalid_numbers, encode_keep_buffer,
    encode_max_depth, encode_number_precision, encode_sparse_array,
};
use decode::decode;
use encode::encode;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

/// `cjson.null`: a light userdata NULL, printed `userdata: (nil)`.
pub const NULL: Value = Value::LightUserData(0);

/// lua-cjson's `encode_invalid_numbers` setting (its options `off`, `on`, `null`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum InvalidNumbers {
    Off,
    On,
    Null,
}

/// lua-cjson's json_config_t settings (C `int`s).
#[derive(Clone, Copy)]
struct Config {
    sparse_convert: bool,
    sparse_ratio: i32,
    sparse_safe: i32,
    encode_max_depth: i32,
    decode_max_depth: i32,
    precision: i32,
    keep_buffer: bool,
    encode_invalid_numbers: InvalidNumbers,
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
            encode_invalid_numbers: InvalidNumbers::Off,
            decode_invalid_numbers: true,
        }
    }
}

fn config(vm: &mut Vm) -> &mut Config {
    vm.ext_or_insert_with("cjson.config", || Config::default())
}

pub fn open_cjson(vm: &mut Vm) {
    let t = cjson_table(vm);
    vm.set_global("cjson", Value::Table(t));
}

fn cjson_table(vm: &mut Vm) -> TableRef {
    // lua_cjson_new's list and order (a growing table, as its lua_newtable).
    let t = vm.new_table();
    vm.register(
        t,
        &[
            ("encode", encode),
            ("decode", decode),
            ("encode_sparse_array", encode_sparse_array),
            ("encode_max_depth", encode_max_depth),
            ("decode_max_depth", decode_max_depth),
            ("encode_number_precision", encode_number_precision),
            ("encode_keep_buffer", encode_keep_buffer),
            ("encode_invalid_numbers", encode_invalid_numbers),
            ("decode_invalid_numbers", decode_invalid_numbers),
            ("new", new),
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
