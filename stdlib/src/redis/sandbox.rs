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
    vm.heap
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
    let g = vm.globals;
    install_global_protection(&mut vm, g);
    protect_recursively(&mut vm, Value::Table(g));
    for mt in vm.type_metas.into_iter().flatten() {
        protect_recursively(&mut vm, Value::Table(mt));
    }
    vm
}

/// Gives `t` a metatable whose `__index` raises the nonexistent-global error.
pub fn install_global_protection(vm: &mut Vm, t: ferrous_vm::value::TableRef) {
    let mt = vm.new_table();
    let f = vm.new_native("__index", nonexistent_global);
    vm.set_field(mt, "__index", f);
    if let Ok(mut tab) = vm.heap.table_mut_force(t) {
        tab.set_meta(Some(mt));
    }
}

fn nonexistent_global(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if n != 2 {
        return Err(Throw::msg(
            "Wrong number of arguments to luaProtectedTableError",
        ));
    }
    let k = vm.stack[base + 1];
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
