//! The base library (lbaselib.c), minus `print`/`dofile`/`loadfile` which live in `os_io.rs`
//! (registered by the CLI only).

use ferrous_vm::api::Args;
use ferrous_vm::exec::Function;
use ferrous_vm::{Cont, LoadError, Ret, Then, Throw, Value, Vm};

pub fn open_base(vm: &mut Vm) {
    let g = vm.globals();
    vm.register(
        g,
        &[
            ("assert", assert),
            ("error", error),
            ("pcall", pcall),
            ("xpcall", xpcall),
            ("type", type_),
            ("tostring", tostring),
            ("tonumber", tonumber),
            ("select", select),
            ("unpack", unpack),
            ("next", next),
            ("rawget", rawget),
            ("rawset", rawset),
            ("rawequal", rawequal),
            ("setmetatable", setmetatable),
            ("getmetatable", getmetatable),
            ("loadstring", loadstring),
            ("load", load),
            ("getfenv", getfenv),
            ("setfenv", setfenv),
            ("collectgarbage", collectgarbage),
            ("gcinfo", gcinfo),
            ("newproxy", newproxy),
        ],
    );
    // pairs/ipairs return these iterators; keep one shared instance of each, as lua5.1 does.
    let next_fn = vm.get_field(g, "next");
    let pairs_fn = vm.new_native_with("pairs", pairs, vec![next_fn]);
    vm.set_field(g, "pairs", pairs_fn);
    let inext = vm.new_native("ipairs_aux", ipairs_aux);
    let ipairs_fn = vm.new_native_with("ipairs", ipairs, vec![inext]);
    vm.set_field(g, "ipairs", ipairs_fn);
    let gv = Value::Table(g);
    vm.set_field(g, "_G", gv);
    let ver = vm.str("Lua 5.1");
    vm.set_field(g, "_VERSION", ver);
    let ts = vm.get_field(g, "tostring");
    vm.pin("base.tostring", ts);
}

fn args(base: usize, n: usize) -> Args {
    Args::new(base, n)
}

fn assert(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let v = a.check_any(vm, 0)?;
    if v.truthy() {
        return Ok(Ret::Values(n));
    }
    let msg = a.opt_bytes(vm, 1, b"assertion failed!")?;
    Err(positioned(vm, &msg))
}

/// A luaL_error-style error (positioned at the caller) whose text may hold any bytes.
pub fn positioned(vm: &mut Vm, msg: &[u8]) -> Throw {
    let mut s = ferrous_vm::compiler::lexer::unlatin1(&vm.where_(1));
    s.extend_from_slice(msg);
    Throw::Value(vm.bytes_value(&s))
}

fn error(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let v = a.get(vm, 0);
    let level = a.opt_int(vm, 1, 1)?;
    if let (Value::Str(_) | Value::Num(_), true) = (v, level > 0) {
        let text = vm.tostring_basic(v);
        let mut s = ferrous_vm::compiler::lexer::unlatin1(&vm.where_(level as usize));
        s.extend_from_slice(&text);
        return Err(Throw::Value(vm.bytes_value(&s)));
    }
    Err(Throw::Value(v))
}

struct PcallCont;

impl Cont for PcallCont {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        match r {
            Ok((b, n)) => {
                vm.insert_slot(b, Value::Bool(true));
                Ok(Ret::Values(n + 1))
            }
            Err(e) => {
                vm.push(Value::Bool(false));
                vm.push(e);
                Ok(Ret::Values(2))
            }
        }
    }
    fn protected(&self) -> bool {
        true
    }
}

fn pcall(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    args(base, n).check_any(vm, 0)?;
    Ok(Ret::Call {
        func: base,
        nargs: n - 1,
        cont: Box::new(PcallCont),
    })
}

struct XpcallCont {
    handler: Value,
}

impl Cont for XpcallCont {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        Box::new(PcallCont).resume(vm, r)
    }
    fn protected(&self) -> bool {
        true
    }
    fn handler(&self) -> Option<Value> {
        Some(self.handler)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.push(self.handler);
    }
}

fn xpcall(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    a.check_any(vm, 1)?;
    let handler = a.get(vm, 1);
    Ok(Ret::Call {
        func: base,
        nargs: 0,
        cont: Box::new(XpcallCont { handler }),
    })
}

fn type_(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = args(base, n).check_any(vm, 0)?;
    let s = vm.str(v.type_name());
    vm.push(s);
    Ok(Ret::Values(1))
}

struct FirstResult;

impl Then for FirstResult {
    fn then(self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        let v = if n > 0 { vm.slot(b) } else { Value::Nil };
        vm.push(v);
        Ok(Ret::Values(1))
    }
}

fn tostring(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = args(base, n).check_any(vm, 0)?;
    let h = vm.metamethod(v, vm.names().tostring);
    if !h.is_nil() {
        return Ok(vm.call_then(h, &[v], Box::new(FirstResult)));
    }
    let s = vm.tostring_basic(v);
    vm.push_str(&s);
    Ok(Ret::Values(1))
}

fn tonumber(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let b = a.opt_int(vm, 1, 10)?;
    let r = if b == 10 {
        let v = a.check_any(vm, 0)?;
        vm.to_number(v)
    } else {
        let s = a.check_bytes(vm, 0)?;
        if !(2..=36).contains(&b) {
            return Err(Throw::Arg(2, "base out of range".into()));
        }
        ferrous_vm::number::str_to_number_base(&s, b as u32)
    };
    vm.push(r.map_or(Value::Nil, Value::Num));
    Ok(Ret::Values(1))
}

fn select(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    if let Value::Str(r) = a.get(vm, 0) {
        if vm.heap().str_bytes(r)?.first() == Some(&b'#') {
            vm.push(Value::Num((n - 1) as f64));
            return Ok(Ret::Values(1));
        }
    }
    let i = a.check_int(vm, 0)?;
    let top = n as i64;
    let i = if i < 0 {
        top + i
    } else if i > top {
        top
    } else {
        i
    };
    if i < 1 {
        return Err(Throw::Arg(1, "index out of range".into()));
    }
    Ok(Ret::Values((top - i) as usize))
}

fn unpack(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let i = a.opt_int(vm, 1, 1)?;
    let j = if a.is_none(vm, 2) {
        vm.heap().table(t)?.border() as i64
    } else {
        a.check_int(vm, 2)?
    };
    if i > j {
        return Ok(Ret::Values(0));
    }
    let count = (j as i128) - (i as i128) + 1;
    // lua_checkstack(L, count): the arguments plus the results must fit LUAI_MAXCSTACK.
    if count <= 0 || count + n as i128 > 8000 {
        return Err(Throw::msg("too many results to unpack"));
    }
    vm.charge(count as u64)?;
    vm.check_stack(count as usize)?;
    let tbl = vm.heap().table(t)?;
    let vals: Vec<Value> = (i..=j).map(|k| tbl.get_int(k)).collect();
    vm.push_values(&vals);
    Ok(Ret::Values(vals.len()))
}

fn next(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let k = a.get(vm, 1);
    match vm.heap().table(t)?.next(k) {
        Ok(Some((k, v))) => {
            vm.push(k);
            vm.push(v);
            Ok(Ret::Values(2))
        }
        Ok(None) => {
            vm.push(Value::Nil);
            Ok(Ret::Values(1))
        }
        // luaG_runerror while a C function runs: no position.
        Err(()) => Err(Throw::Value(vm.str("invalid key to 'next'"))),
    }
}

fn pairs(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let t = args(base, n).check_table(vm, 0)?;
    let f = vm.native_upvalue(base - 1, 0);
    vm.push(f);
    vm.push(Value::Table(t));
    vm.push(Value::Nil);
    Ok(Ret::Values(3))
}

fn ipairs(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let t = args(base, n).check_table(vm, 0)?;
    let f = vm.native_upvalue(base - 1, 0);
    vm.push(f);
    vm.push(Value::Table(t));
    vm.push(Value::Num(0.0));
    Ok(Ret::Values(3))
}

fn ipairs_aux(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let i = a.check_int(vm, 1)? + 1;
    let v = vm.heap().table(t)?.get_int(i);
    if v.is_nil() {
        return Ok(Ret::Values(0));
    }
    vm.push(Value::Num(i as f64));
    vm.push(v);
    Ok(Ret::Values(2))
}

fn rawget(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let k = a.check_any(vm, 1)?;
    let v = vm.raw_get(t, k)?;
    vm.push(v);
    Ok(Ret::Values(1))
}

fn rawset(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let k = a.check_any(vm, 1)?;
    let v = a.check_any(vm, 2)?;
    // Its arguments are on the stack: a refused growth may collect and retry.
    vm.raw_set_rooted(t, k, v)?;
    vm.push(Value::Table(t));
    Ok(Ret::Values(1))
}

fn rawequal(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let x = a.check_any(vm, 0)?;
    let y = a.check_any(vm, 1)?;
    vm.push(Value::Bool(x.raw_eq(y)));
    Ok(Ret::Values(1))
}

fn setmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 0)?;
    let mt = match a.get(vm, 1) {
        _ if n < 2 => return Err(Throw::Arg(2, "nil or table expected".into())),
        Value::Nil => None,
        Value::Table(m) => Some(m),
        _ => return Err(Throw::Arg(2, "nil or table expected".into())),
    };
    if let Some(old) = vm.heap().table(t)?.meta {
        let prot = vm
            .heap()
            .table(old)?
            .get_hash(Value::Str(vm.names().metatable));
        if !prot.is_nil() {
            return Err(Throw::msg("cannot change a protected metatable"));
        }
    }
    vm.heap_mut().table_mut(t)?.set_meta(mt);
    vm.push(Value::Table(t));
    Ok(Ret::Values(1))
}

fn getmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = args(base, n).check_any(vm, 0)?;
    let r = match vm.metatable_of(v) {
        None => Value::Nil,
        Some(mt) => {
            let prot = vm
                .heap()
                .table(mt)?
                .get_hash(Value::Str(vm.names().metatable));
            if prot.is_nil() {
                Value::Table(mt)
            } else {
                prot
            }
        }
    };
    vm.push(r);
    Ok(Ret::Values(1))
}

/// `load`-style results: the function, or nil and the message. A compile over the memory
/// limit gives `nil, "not enough memory"` (lua5.1's LUA_ERRMEM from the protected parser);
/// an error of the budget hook (a kill) is raised, not returned.
pub fn push_load_result(vm: &mut Vm, r: Result<Value, LoadError>) -> Result<Ret, Throw> {
    let msg = match r {
        Ok(f) => {
            vm.push(f);
            return Ok(Ret::Values(1));
        }
        Err(LoadError::Syntax(msg)) => msg,
        Err(LoadError::Throw(Throw::Memory)) => "not enough memory".to_string(),
        Err(LoadError::Throw(t)) => return Err(t),
    };
    vm.push(Value::Nil);
    let m = vm.bytes_value(&ferrous_vm::compiler::lexer::unlatin1(&msg));
    vm.push(m);
    Ok(Ret::Values(2))
}

/// Compiles a chunk whose functions get the current global table as environment.
fn load_chunk(vm: &mut Vm, src: &[u8], name: &str) -> Result<Value, LoadError> {
    vm.load(src, name)
}

fn loadstring(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let s = a.check_bytes(vm, 0)?;
    // Without a name the chunk is named by its source: one copy, reserved (as `s`).
    let name = if a.is_none(vm, 1) {
        vm.reserve(s.len().saturating_mul(2))?;
        ferrous_vm::compiler::lexer::latin1(&s)
    } else {
        ferrous_vm::compiler::lexer::latin1(&a.check_bytes(vm, 1)?)
    };
    let r = load_chunk(vm, &s, &name);
    push_load_result(vm, r)
}

/// lua5.1 parses as it reads, so a reader is not called again once the chunk cannot parse.
/// Ferrous compiles what was read as a whole; it stops reading early in the one case known
/// from the first token: a one-character operator no statement starts with, once the lexer's
/// lookahead character after it has been read (lua5.1's count of reader calls).
fn first_token_is_error(buf: &[u8]) -> bool {
    let Some(i) = buf.iter().position(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    i + 1 < buf.len() && b"*/%^+)]},:=<>~#".contains(&buf[i])
}

/// `load(reader)`: lua_load runs the reader inside luaD_protectedparser, a protected call
/// that keeps the current error function (an enclosing xpcall's handler).
struct LoadCont {
    reader: Value,
    name: String,
    buf: Vec<u8>,
    handler: Option<Value>,
}

impl Cont for LoadCont {
    fn resume(
        mut self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        // The reader's error (through the handler, if any) is load's second result.
        let (b, n) = match r {
            Ok(r) => r,
            Err(e) => {
                vm.push(Value::Nil);
                vm.push(e);
                return Ok(Ret::Values(2));
            }
        };
        let piece = if n > 0 { vm.slot(b) } else { Value::Nil };
        // generic_reader: nil ends; strings and numbers (lua_isstring) are pieces.
        let bytes = match piece {
            Value::Nil => None,
            Value::Str(s) => Some(vm.heap().str_bytes(s)?.to_vec()),
            Value::Num(x) => Some(ferrous_vm::number::fmt_number(x).into_bytes()),
            _ => {
                // luaL_error inside the protected parser: positioned at load's caller, and
                // handed to the error function like any error there.
                let m = vm.throw_to_value(Throw::msg("reader function must return a string"));
                if let Some(h) = self.handler {
                    return Ok(vm.call_then(h, &[m], Box::new(LoadFailed)));
                }
                vm.push(Value::Nil);
                vm.push(m);
                return Ok(Ret::Values(2));
            }
        };
        // An empty piece ends the chunk too (luaZ_fill).
        if let Some(bytes) = bytes.filter(|b| !b.is_empty()) {
            // A reader that never ends (`function() return ' ' end`) runs no budgeted
            // instruction of its own: each piece pays here.
            vm.charge(1 + bytes.len() as u64 / 64)?;
            self.buf.extend_from_slice(&bytes);
            if !first_token_is_error(&self.buf) {
                return Ok(vm.call_then(self.reader, &[], self));
            }
        }
        let r = load_chunk(vm, &self.buf, &self.name);
        push_load_result(vm, r)
    }
    fn protected(&self) -> bool {
        true
    }
    fn handler(&self) -> Option<Value> {
        self.handler
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.push(self.reader);
        out.extend(self.handler);
    }
}

/// load's result after the error function ran on the reader's type error: nil and its value.
struct LoadFailed;

impl Then for LoadFailed {
    fn then(self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        let v = if n > 0 { vm.slot(b) } else { Value::Nil };
        vm.push(Value::Nil);
        vm.push(v);
        Ok(Ret::Values(2))
    }
}

/// Registry key of the error function the host runs its outermost call with (Redis's
/// `__redis__err__handler`); none when unset.
pub const HOST_ERROR_FUNCTION: &str = "ferrous.host_error_function";

/// The error function in force (L->errfunc): the handler of the nearest protected call of
/// this thread (xpcall's; none for pcall); outside any, the host's on the main thread and none
/// in a coroutine (lua_resume runs without one).
fn current_error_function(vm: &mut Vm) -> Option<Value> {
    match vm.innermost_handler() {
        Some(h) => h,
        None if vm.running().is_none() => {
            let r = vm.registry();
            Some(vm.get_field(r, HOST_ERROR_FUNCTION)).filter(|v| !v.is_nil())
        }
        None => None,
    }
}

fn load(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    // lbaselib.c checks the chunk name before the reader.
    let name = a.opt_bytes(vm, 1, b"=(load)")?;
    let reader = a.get(vm, 0);
    if !matches!(reader, Value::Func(_)) {
        return Err(a.type_error(vm, 0, "function"));
    }
    let name = ferrous_vm::compiler::lexer::latin1(&name);
    let handler = current_error_function(vm);
    Ok(vm.call_then(
        reader,
        &[],
        Box::new(LoadCont {
            reader,
            name,
            buf: Vec::new(),
            handler,
        }),
    ))
}

fn getfenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let env = match a.get(vm, 0) {
        Value::Func(f) => match vm.heap().function(f)? {
            Function::Lua(c) => c.env,
            Function::Native(_) => vm.globals(),
        },
        _ => {
            let level = a.opt_int(vm, 0, 1)?;
            if level == 0 {
                vm.globals()
            } else {
                match vm.level_env(level).map_err(|e| e.to_throw(1))? {
                    Some((env, _)) => env,
                    None => vm.globals(),
                }
            }
        }
    };
    vm.push(Value::Table(env));
    Ok(Ret::Values(1))
}

fn setfenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let t = a.check_table(vm, 1)?;
    let changed = match a.get(vm, 0) {
        Value::Func(f) => vm.set_closure_env(f, t)?.then_some(f),
        _ => {
            let level = a.check_int(vm, 0)?;
            if level == 0 {
                vm.set_globals(t);
                return Ok(Ret::Values(0));
            }
            vm.set_level_env(level, t)?
        }
    };
    let Some(f) = changed else {
        return Err(Throw::msg(
            "'setfenv' cannot change environment of given object",
        ));
    };
    vm.push(Value::Func(f));
    Ok(Ret::Values(1))
}

fn collectgarbage(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let opt = a.opt_bytes(vm, 0, b"collect")?;
    let arg = a.opt_int(vm, 1, 0)?;
    // Results as lua5.1 5.1.5's luaB_collectgarbage / lua_gc.
    let v = match &opt[..] {
        b"collect" => {
            vm.collect_garbage();
            Value::Num(0.0)
        }
        b"stop" => {
            vm.gc_stop();
            Value::Num(0.0)
        }
        b"restart" => {
            vm.gc_restart();
            Value::Num(0.0)
        }
        b"count" => Value::Num(vm.heap().bytes as f64 / 1024.0),
        b"step" => Value::Bool(vm.gc_step_kb(arg)),
        b"setpause" => {
            let old = vm.gc_set_pause(arg.clamp(0, i32::MAX as i64) as usize);
            Value::Num(old as f64)
        }
        b"setstepmul" => {
            let old = vm.gc_set_stepmul(arg.clamp(0, i32::MAX as i64) as usize);
            Value::Num(old as f64)
        }
        _ => {
            return Err(Throw::Arg(
                1,
                format!("invalid option '{}'", String::from_utf8_lossy(&opt)),
            ));
        }
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

/// lua5.1's undocumented `newproxy`: a userdata with no metatable (`false`/none), a fresh one
/// (`true`), or another proxy's metatable.
fn newproxy(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = args(base, n);
    let meta = match a.get(vm, 0) {
        Value::Nil | Value::Bool(false) => None,
        Value::Bool(true) => Some(vm.new_table()),
        Value::UserData(u) => match vm.heap().userdata(u)?.meta {
            Some(m) => Some(m),
            None => return Err(Throw::Arg(1, "boolean or proxy expected".into())),
        },
        _ => return Err(Throw::Arg(1, "boolean or proxy expected".into())),
    };
    let u = vm
        .heap_mut()
        .new_userdata(ferrous_vm::heap::func::UserData::new(meta, Box::new(())));
    vm.push(Value::UserData(u));
    Ok(Ret::Values(1))
}

fn gcinfo(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    vm.push(Value::Num((vm.heap().bytes / 1024) as f64));
    Ok(Ret::Values(1))
}

/// Whether `v` is the built-in `tostring` (so `print` can skip calling it).
pub fn is_builtin_tostring(vm: &mut Vm, v: Value) -> bool {
    let r = vm.registry();
    vm.get_field(r, "base.tostring").raw_eq(v)
}
