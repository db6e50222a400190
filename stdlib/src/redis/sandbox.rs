//! Redis 7.0's scripting environment (script_lua.c `luaLoadLibraries`, the allow/deny lists,
//! `luaSetErrorMetatable`, `luaSetTableProtectionRecursively`), as in Debian's 7.0.15 build:
//! no `print dofile loadfile getfenv setfenv newproxy`, no `os io require debug`; reading a
//! missing global raises `Script attempted to access nonexistent global variable 'x'`; `_G`,
//! every table reachable from it and the basic-type metatables are read-only.

use super::api::{Flavor, open_redis, redis_pcall};
use super::{Host, set_host};
use ferrous_vm::{Ret, Throw, Value, Vm};
use std::rc::Rc;

/// Globals Redis's deny list (and Debian's CVE-2025-46818 backport) remove.
const DENIED: &[&str] = &[
    "print", "dofile", "loadfile", "getfenv", "setfenv", "newproxy",
];

const ERR_HANDLER: &[u8] = b"function __redis__err__handler(err)\n  if type(err) ~= 'table' then\n    err = {err='ERR ' .. tostring(err)}\n  end\n  return err\nend\n";

/// A VM with the EVAL environment (`Flavor::Eval`) or the function environment's call-time
/// globals (`Flavor::Function`, before the function VM's own wrapping).
pub fn new_script_vm(host: Rc<dyn Host>, flavor: Flavor, version: &str) -> Vm {
    let mut vm = Vm::new();
    // Redis's Lua hashes every character of a string: tables iterate in its order.
    vm.heap_mut()
        .set_str_hash(ferrous_vm::heap::luahash::StrHash::EveryChar);
    crate::open_all(&mut vm);
    for name in DENIED {
        vm.set_global(name, Value::Nil);
    }
    let p = vm.new_native("pcall", redis_pcall);
    vm.set_global("pcall", p);
    let redis = open_redis(&mut vm, flavor, version);
    vm.set_global("redis", Value::Table(redis));
    set_host(&mut vm, host);
    // Redis defines its error handler as a global Lua function; Ferrous builds the error
    // information in Rust, but keeps the global so that `_G` lists what Redis's does.
    if let Ok(f) = vm.load(ERR_HANDLER, "@err_handler_def") {
        let _ = vm.call(f, &[]);
    }
    // The same handler is the error function of the script's call, so a protected parse
    // (`load(reader)`) outside any pcall hands its error through it.
    let h = vm.new_native("__redis__err__handler", error_function);
    vm.pin(crate::base::HOST_ERROR_FUNCTION, h);
    let g = vm.globals();
    install_global_protection(&mut vm, g);
    protect_recursively(&mut vm, Value::Table(g));
    let metas: Vec<_> = vm.type_metatables().collect();
    for mt in metas {
        protect_recursively(&mut vm, Value::Table(mt));
    }
    vm
}

/// Redis 7.0's `__redis__err__handler`: a non-table error becomes `{err='ERR ' ..
/// tostring(err)}`, and the raising Lua function's source and current line are added.
fn error_function(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let e = if n > 0 { vm.slot(base) } else { Value::Nil };
    // The table stays on the stack (rooted) while its fields are made.
    let t = match e {
        Value::Table(t) => {
            vm.push(e);
            t
        }
        other => {
            let mut m = b"ERR ".to_vec();
            m.extend_from_slice(&vm.tostring_basic(other));
            let t = vm.new_table();
            vm.push(Value::Table(t));
            let (k, v) = (vm.str("err"), vm.bytes_value(&m));
            vm.raw_set(t, k, v)?;
            t
        }
    };
    if let (Some(source), Some(line)) = vm.error_location() {
        let (k, s) = (
            vm.str("source"),
            vm.bytes_value(&ferrous_vm::compiler::lexer::unlatin1(&source)),
        );
        vm.raw_set(t, k, s)?;
        let k = vm.str("line");
        vm.raw_set(t, k, Value::Num(line as f64))?;
    }
    Ok(Ret::Values(1))
}

/// Gives `t` a metatable whose `__index` raises the nonexistent-global error.
pub fn install_global_protection(vm: &mut Vm, t: ferrous_vm::value::TableRef) {
    let mt = vm.new_table();
    let f = vm.new_native("__index", nonexistent_global);
    vm.set_field(mt, "__index", f);
    if let Ok(mut tab) = vm.heap_mut().table_mut_force(t) {
        tab.set_meta(Some(mt));
    }
}

fn nonexistent_global(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if n != 2 {
        return Err(Throw::msg(
            "Wrong number of arguments to luaProtectedTableError",
        ));
    }
    let k = vm.slot(base + 1);
    let name = match k {
        Value::Str(_) | Value::Num(_) => vm.tostring_basic(k),
        _ => {
            return Err(Throw::msg(
                "Second argument to luaProtectedTableError must be a string or number",
            ));
        }
    };
    Err(Throw::msg(format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    )))
}

/// Marks `root` and every table reachable from it (keys, values, metatables) read-only.
pub fn protect_recursively(vm: &mut Vm, root: Value) {
    if let Value::Table(t) = root {
        let _ = vm.set_readonly_recursive(t);
    }
}

/// Sets a global even though `_G` is read-only (Redis lifts the protection to set KEYS and
/// ARGV before each EVAL).
pub fn set_global_forced(vm: &mut Vm, name: &str, v: Value) {
    // Vm::set_global writes through the read-only flag (the host's privilege).
    vm.set_global(name, v);
}
