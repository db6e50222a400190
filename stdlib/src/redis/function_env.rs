//! The Redis 7.0 function engine's Lua environment (function_lua.c `luaEngineInitEngine`,
//! `luaEngineCreate`, `luaRegisterFunction`).
//!
//! One VM serves every library, as Redis keeps one Lua state for functions:
//! * the *real globals* are the EVAL-like sandbox (`Flavor::Function`: no `breakpoint`,
//!   `debug`, `replicate_commands`, no `__redis__err__handler` global), read-only;
//! * the *load API* is a read-only table holding only `redis` = {`register_function`, `log`,
//!   `LOG_*`, `REDIS_VERSION*`}; both tables raise
//!   `Script attempted to access nonexistent global variable` for anything else;
//! * `vm.globals()` (every chunk's environment) is an empty read-only table whose read-only
//!   metatable's `__index` points at the load API while a library body runs (FUNCTION LOAD)
//!   and at the real globals otherwise (FCALL). `_G` therefore reads the real globals.
//!
//! `redis.register_function` only works between [`begin_load`] and [`end_load`]; callbacks it
//! accepts are pinned in the registry under `__fn_<id>` until the host unpins them.

use super::Host;
use super::api::Flavor;
use super::convert::error_table;
use super::flags::Flags;
use super::sandbox::{install_global_protection, new_script_vm, protect_recursively};
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};
use std::rc::Rc;

/// The tables the environment switches between (kept in `vm.ext`).
#[derive(Clone, Copy)]
struct Env {
    real_globals: TableRef,
    load_api: TableRef,
    meta: TableRef,
}

/// A function registered by `redis.register_function` during a load.
#[derive(Clone, Debug)]
pub struct Registered {
    pub name: Vec<u8>,
    pub desc: Option<Vec<u8>>,
    pub flags: Flags,
    pub func: Value,
    /// Registry pin: `__fn_<pin>`.
    pub pin: u64,
}

/// The state of a running FUNCTION LOAD (Redis's `loadCtx`).
struct LoadState {
    funcs: Vec<Registered>,
}

/// Next pin id (per VM).
struct PinSeq(u64);

/// A VM with the function engine's environment. `version` is the server's.
pub fn new_function_vm(host: Rc<dyn Host>, version: &str) -> Vm {
    let mut vm = new_script_vm(host, Flavor::Function, version);
    // The function engine keeps its error handler in the registry, not in the globals.
    vm.set_global("__redis__err__handler", Value::Nil);
    let real_globals = vm.globals();

    // The load-time API: `redis` with register_function, log, LOG_*, REDIS_VERSION*, in
    // function_lua.c's order (the same `pairs` order as the built-in's).
    let load_api = vm.new_table();
    let redis = vm.new_table();
    vm.register(redis, &[("register_function", register_function)]);
    let real_redis = vm.get_field(real_globals, "redis");
    if let Value::Table(rr) = real_redis {
        for name in [
            "log",
            "LOG_DEBUG",
            "LOG_VERBOSE",
            "LOG_NOTICE",
            "LOG_WARNING",
            "REDIS_VERSION_NUM",
            "REDIS_VERSION",
        ] {
            let v = vm.get_field(rr, name);
            vm.set_field(redis, name, v);
        }
    }
    install_global_protection(&mut vm, redis);
    vm.set_field(load_api, "redis", Value::Table(redis));
    install_global_protection(&mut vm, load_api);
    protect_recursively(&mut vm, Value::Table(load_api));

    // The globals every library chunk sees: empty, read-only, reading through `meta`.
    let g = vm.new_table();
    let meta = vm.new_table();
    vm.set_field(meta, "__index", Value::Table(real_globals));
    if let Ok(mut t) = vm.heap_mut().table_mut_force(g) {
        t.set_meta(Some(meta));
    }
    let _ = vm.set_readonly(meta, true);
    let _ = vm.set_readonly(g, true);
    vm.set_globals(g);
    vm.pin("__GLOBALS_API__", Value::Table(real_globals));
    vm.pin("__LIBRARY_API__", Value::Table(load_api));
    vm.set_ext(
        "redis.function_env",
        Env {
            real_globals,
            load_api,
            meta,
        },
    );
    vm.set_ext("redis.function_pins", PinSeq(0));
    vm
}

fn env(vm: &Vm) -> Option<Env> {
    vm.ext::<Env>("redis.function_env").copied()
}

fn set_index(vm: &mut Vm, to: TableRef) {
    if let Some(e) = env(vm) {
        let k = vm.str("__index");
        let _ = vm.raw_set_force(e.meta, k, Value::Table(to));
    }
}

/// Switches the globals to the load API and enables `redis.register_function`.
pub fn begin_load(vm: &mut Vm) {
    if let Some(e) = env(vm) {
        set_index(vm, e.load_api);
    }
    vm.set_ext("redis.load", LoadState { funcs: Vec::new() });
}

/// Ends a load: back to the real globals; returns what was registered (still pinned).
pub fn end_load(vm: &mut Vm) -> Vec<Registered> {
    if let Some(e) = env(vm) {
        set_index(vm, e.real_globals);
    }
    vm.remove_ext("redis.load")
        .and_then(|b| b.downcast::<LoadState>().ok())
        .map(|s| s.funcs)
        .unwrap_or_default()
}

/// Releases a registered callback.
pub fn unpin(vm: &mut Vm, pin: u64) {
    vm.pin(&format!("__fn_{pin}"), Value::Nil);
}

/// functions.c `functionsVerifyName`: `[a-zA-Z0-9_]+`.
pub fn verify_name(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

pub const BAD_NAME: &str = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

fn raise(vm: &mut Vm, msg: &str) -> Throw {
    Throw::Value(error_table(vm, msg.as_bytes()))
}

/// `luaGetStringSds`: strings, and numbers converted as `lua_tostring` does.
fn string_of(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    match v {
        Value::Str(_) => vm.str_bytes(v).map(|b| b.to_vec()),
        Value::Num(_) => Some(vm.tostring_basic(v)),
        _ => None,
    }
}

fn read_flags(vm: &mut Vm, t: TableRef) -> Option<Flags> {
    let mut flags = Flags::default();
    let mut j = 1i64;
    loop {
        let v = vm
            .heap()
            .table(t)
            .map(|t| t.get_int(j))
            .unwrap_or(Value::Nil);
        j += 1;
        if matches!(v, Value::Nil) {
            return Some(flags);
        }
        let s = string_of(vm, v)?;
        if !flags.set_by_name(&s.to_ascii_lowercase()) {
            return None;
        }
    }
}

fn named_args(vm: &mut Vm, arg: Value) -> Result<(Vec<u8>, Option<Vec<u8>>, Value, Flags), String> {
    let Value::Table(t) = arg else {
        return Err("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).".into());
    };
    let (mut name, mut desc, mut callback, mut flags) = (None, None, None, Flags::default());
    let mut key = Value::Nil;
    loop {
        let next = vm
            .heap()
            .table(t)
            .ok()
            .and_then(|t| t.next(key).ok().flatten());
        let Some((k, v)) = next else { break };
        key = k;
        let Some(kname) = string_of(vm, k) else {
            return Err(
                "named argument key given to redis.register_function is not a string".into(),
            );
        };
        match kname.to_ascii_lowercase().as_slice() {
            b"function_name" => {
                name = Some(string_of(vm, v).ok_or(
                    "function_name argument given to redis.register_function must be a string",
                )?)
            }
            b"description" => {
                desc = Some(string_of(vm, v).ok_or(
                    "description argument given to redis.register_function must be a string",
                )?)
            }
            b"callback" => {
                if !matches!(v, Value::Func(_)) {
                    return Err(
                        "callback argument given to redis.register_function must be a function"
                            .into(),
                    );
                }
                callback = Some(v);
            }
            b"flags" => {
                let Value::Table(ft) = v else {
                    return Err("flags argument to redis.register_function must be a table representing function flags".into());
                };
                flags = read_flags(vm, ft).ok_or("unknown flag given")?;
            }
            _ => return Err("unknown argument given to redis.register_function".into()),
        }
    }
    let name = name.ok_or("redis.register_function must get a function name argument")?;
    let callback = callback.ok_or("redis.register_function must get a callback argument")?;
    Ok((name, desc, callback, flags))
}

/// `redis.register_function(name, callback)` or `redis.register_function{function_name=,
/// callback=, flags=, description=}`.
fn register_function(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if !vm.has_ext("redis.load") {
        return Err(raise(
            vm,
            "redis.register_function can only be called on FUNCTION LOAD command",
        ));
    }
    let parsed = match n {
        1 => named_args(vm, vm.slot(base)),
        2 => match string_of(vm, vm.slot(base)) {
            None => Err("first argument to redis.register_function must be a string".into()),
            Some(name) if matches!(vm.slot(base + 1), Value::Func(_)) => {
                Ok((name, None, vm.slot(base + 1), Flags::default()))
            }
            Some(_) => Err("second argument to redis.register_function must be a function".into()),
        },
        _ => Err("wrong number of arguments to redis.register_function".into()),
    };
    let (name, desc, func, flags) = match parsed {
        Ok(p) => p,
        Err(e) => return Err(raise(vm, &e)),
    };
    // functionLibCreateFunction: the name is used as a C string.
    let cname = &name[..name.iter().position(|&c| c == 0).unwrap_or(name.len())];
    if !verify_name(cname) || cname.len() != name.len() {
        return Err(raise(vm, BAD_NAME));
    }
    let dup = vm
        .ext::<LoadState>("redis.load")
        .is_some_and(|s| s.funcs.iter().any(|f| f.name == name));
    if dup {
        return Err(raise(vm, "Function already exists in the library"));
    }
    let pin = match vm.ext_mut::<PinSeq>("redis.function_pins") {
        Some(p) => {
            p.0 += 1;
            p.0
        }
        None => 0,
    };
    vm.pin(&format!("__fn_{pin}"), func);
    if let Some(s) = vm.ext_mut::<LoadState>("redis.load") {
        s.funcs.push(Registered {
            name,
            desc,
            flags,
            func,
            pin,
        });
    }
    Ok(Ret::Values(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redis::Reply;

    struct NoHost;
    impl Host for NoHost {
        fn call(&self, _: &[&[u8]], _: bool) -> Reply {
            Reply::Null
        }
        fn log(&self, _: i64, _: &[u8]) {}
        fn acl_check(&self, _: &[Vec<u8>]) -> Result<bool, String> {
            Ok(true)
        }
        fn set_repl(&self, _: i64) {}
    }

    fn load(vm: &mut Vm, code: &str) -> Result<Vec<Registered>, String> {
        let f = vm.load(code.as_bytes(), "@user_function")?;
        begin_load(vm);
        let r = vm.call(f, &[]);
        let regs = end_load(vm);
        match r {
            Ok(_) => Ok(regs),
            Err(e) => {
                let msg = match e.value {
                    Value::Table(t) => {
                        let v = vm.get_field(t, "err");
                        String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned()
                    }
                    v => String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned(),
                };
                for r in regs {
                    unpin(vm, r.pin);
                }
                Err(msg)
            }
        }
    }

    #[test]
    fn load_time_api_and_registration() {
        let mut vm = new_function_vm(Rc::new(NoHost), "7.0.15");
        let regs = load(
            &mut vm,
            "\nredis.register_function('f', function(k, a) return k[1] .. a[1] end)\n\
             redis.register_function{function_name='G', callback=function() return _VERSION end, flags={'NO-WRITES', 'allow-oom'}, description='d'}",
        )
        .unwrap();
        assert_eq!(regs.len(), 2);
        assert_eq!(regs[1].name, b"G");
        assert!(
            regs[1].flags.contains(Flags::NO_WRITES) && regs[1].flags.contains(Flags::ALLOW_OOM)
        );
        assert_eq!(regs[1].desc.as_deref(), Some(&b"d"[..]));
        let r = vm.call(regs[1].func, &[]).unwrap();
        assert_eq!(vm.str_bytes(r[0]), Some(&b"Lua 5.1"[..]));
        let e = load(&mut vm, "\nerror('x')").unwrap_err();
        assert_eq!(
            e,
            "user_function:2: Script attempted to access nonexistent global variable 'error'"
        );
        let e = load(&mut vm, "\nredis.call('ping')").unwrap_err();
        assert!(e.contains("nonexistent global variable 'call'"), "{e}");
        let e = load(&mut vm, "\na = 1").unwrap_err();
        assert!(e.contains("Attempt to modify a readonly table"), "{e}");
        let e = load(&mut vm, "\nredis.register_function('f')").unwrap_err();
        assert!(
            e.starts_with("ERR calling redis.register_function with a single"),
            "{e}"
        );
        let e = load(
            &mut vm,
            "\nredis.register_function('f', function() end) redis.register_function('f', function() end)",
        )
        .unwrap_err();
        assert_eq!(e, "ERR Function already exists in the library");
        let e = load(&mut vm, "\nredis.register_function('a-b', function() end)").unwrap_err();
        assert_eq!(e, format!("ERR {BAD_NAME}"));
        let e = load(
            &mut vm,
            "\nredis.register_function{function_name='a', callback=function() end, flags={'x'}}",
        )
        .unwrap_err();
        assert_eq!(e, "ERR unknown flag given");
        // At call time: no register_function, the real globals.
        let f = vm
            .load(
                b"return redis.register_function == nil, type(redis.call), type(math)",
                "@user_function",
            )
            .unwrap();
        let r = vm.call(f, &[]).unwrap();
        assert!(matches!(r[0], Value::Bool(true)));
        let reg = vm.get_field(vm.registry(), "__LIBRARY_API__");
        assert!(matches!(reg, Value::Table(_)));
    }
}
