//! The `debug` library (CLI only: Redis 7.0 removes it from scripts). Stack levels are read
//! from the frame stack: level 0 is the running debug function, level k the k-th frame below
//! it (continuation frames stand for lua5.1's C levels: pcall, sort, …), and on the main
//! thread a last C level for the host's own call, as lua.c's `pmain`.

use ferrous_vm::api::Args;
use ferrous_vm::bytecode::{OP_CALL, OP_TAILCALL, arg_a, op};
use ferrous_vm::exec::describe::describe_reg;
use ferrous_vm::exec::{Frame, FrameKind, Function};
use ferrous_vm::value::{TableRef, ThreadRef};
use ferrous_vm::{Ret, Throw, Value, Vm};

pub fn open_debug(vm: &mut Vm) {
    // ldblib's list and order (less `debug.debug`, the interactive prompt), presized as
    // luaL_register does.
    let d = vm.new_library(&[
        ("getfenv", getfenv),
        ("gethook", crate::debug_hook::gethook),
        ("getinfo", getinfo),
        ("getlocal", getlocal),
        ("getregistry", getregistry),
        ("getmetatable", getmetatable),
        ("getupvalue", getupvalue),
        ("setfenv", setfenv),
        ("sethook", crate::debug_hook::sethook),
        ("setlocal", setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("traceback", traceback),
    ]);
    vm.set_global("debug", Value::Table(d));
}

/// One stack level of the thread being inspected.
#[derive(Clone, Copy)]
enum Level {
    /// The debug function itself (level 0 of the running thread), or the `yield` of a
    /// suspended coroutine.
    Running,
    /// `frames[i]`.
    Frame(usize),
    /// The host's C call under the main chunk.
    Host,
    /// One of the `(tail call)` levels below a frame entered by tail calls.
    Tail,
}

/// The optional thread first argument of most debug functions: (thread, index of the next
/// argument). `None` is the running thread.
pub(crate) fn thread_arg(vm: &Vm, a: &Args) -> (Option<ThreadRef>, usize) {
    match a.get(vm, 0) {
        Value::Thread(t) if Some(t) != vm.running() => (Some(t), 1),
        Value::Thread(_) => (None, 1),
        _ => (None, 0),
    }
}

/// The frames of `th` (the running thread's when `None`).
fn frames_of(vm: &Vm, th: Option<ThreadRef>) -> &[Frame] {
    match th {
        None => vm.frames(),
        Some(t) => vm.heap().thread(t).map(|c| &c.frames[..]).unwrap_or(&[]),
    }
}

fn stack_of(vm: &Vm, th: Option<ThreadRef>) -> &[Value] {
    match th {
        None => vm.stack(),
        Some(t) => vm.heap().thread(t).map(|c| &c.stack[..]).unwrap_or(&[]),
    }
}

/// Whether level 0 of `th` is a native: the running debug function, or the `yield` a
/// suspended coroutine waits in.
fn native_on_top(vm: &Vm, th: Option<ThreadRef>) -> bool {
    match th {
        None => true,
        Some(t) => vm.heap().thread(t).is_ok_and(|c| c.yield_ci.is_some()),
    }
}

/// Whether frame `f` is a stack level: an xpcall handler's internal frame is one only when
/// it stands for the native that raised the error (lua5.1 runs the handler above it).
fn is_level(f: &Frame) -> bool {
    match &f.kind {
        FrameKind::Cont(c) if c.handler_marker() => c.raised_by_native(),
        _ => true,
    }
}

/// `lua_getstack`: the level `level` of `th`, if it exists.
fn level_at(vm: &Vm, th: Option<ThreadRef>, level: i64) -> Option<Level> {
    if level < 0 {
        return None;
    }
    let mut l = level as usize;
    if native_on_top(vm, th) {
        if l == 0 {
            return Some(Level::Running);
        }
        l -= 1;
    }
    let frames = frames_of(vm, th);
    // Each frame is a level, followed by one `(tail call)` level per tail call into it.
    for (i, f) in frames.iter().enumerate().rev().filter(|(_, f)| is_level(f)) {
        if l == 0 {
            return Some(Level::Frame(i));
        }
        l -= 1;
        let t = f.tail_calls();
        if l < t {
            return Some(Level::Tail);
        }
        l -= t;
    }
    if l == 0 && th.is_none() && vm.running().is_none() {
        return Some(Level::Host);
    }
    None
}

fn lua_closure(f: &Frame) -> Option<ferrous_vm::value::FuncRef> {
    match f.kind {
        FrameKind::Lua { func, .. } => Some(func),
        FrameKind::Cont(_) => None,
    }
}

/// The called-as name of level `lv` (lua5.1's `getfuncname`): from the caller's CALL.
fn level_name(vm: &Vm, th: Option<ThreadRef>, lv: Level) -> Option<(&'static str, String)> {
    let frames = frames_of(vm, th);
    let (caller, func_idx) = match lv {
        Level::Running => (frames.last()?, None),
        // The native that raised an error under an xpcall handler: the caller's CALL names it.
        Level::Frame(i) if matches!(&frames[i].kind, FrameKind::Cont(c) if c.handler_marker()) => {
            (frames.get(i.checked_sub(1)?)?, None)
        }
        // lua5.1's getfuncname: a frame entered by a tail call has no name.
        Level::Frame(i) if frames[i].tail_calls() > 0 => return None,
        Level::Frame(i) => (frames.get(i.checked_sub(1)?)?, Some(frames[i].ci.func_idx)),
        Level::Host | Level::Tail => return None,
    };
    let FrameKind::Lua { func, .. } = caller.kind else {
        return None;
    };
    let Ok(Function::Lua(c)) = vm.heap().function(func) else {
        return None;
    };
    let pc = caller.pc.checked_sub(1)?;
    let i = *c.proto.code.get(pc)?;
    if !matches!(op(i), OP_CALL | OP_TAILCALL) {
        return None;
    }
    if let Some(fi) = func_idx
        && caller.base + arg_a(i) != fi
    {
        return None;
    }
    describe_reg(vm.heap(), &c.proto, pc, arg_a(i))
}

/// The function running at `lv`.
fn level_func(vm: &Vm, th: Option<ThreadRef>, lv: Level, running: Value) -> Value {
    match lv {
        Level::Running if th.is_none() => running,
        Level::Running => {
            let ci = vm.heap().thread(th.unwrap()).ok().and_then(|c| c.yield_ci);
            ci.and_then(|ci| stack_of(vm, th).get(ci.func_idx).copied())
                .unwrap_or(Value::Nil)
        }
        Level::Host | Level::Tail => Value::Nil,
        Level::Frame(i) => {
            let f = &frames_of(vm, th)[i];
            match lua_closure(f) {
                Some(func) => Value::Func(func),
                None => stack_of(vm, th)
                    .get(f.ci.func_idx)
                    .copied()
                    .unwrap_or(Value::Nil),
            }
        }
    }
}

fn set(vm: &mut Vm, t: TableRef, k: &str, v: Value) -> Result<(), Throw> {
    let k = vm.str(k);
    vm.raw_set(t, k, v)
}

fn set_str(vm: &mut Vm, t: TableRef, k: &str, s: &str) -> Result<(), Throw> {
    let v = vm.bytes_value(&ferrous_vm::compiler::lexer::unlatin1(s));
    set(vm, t, k, v)
}

/// Fills lua5.1's `lua_Debug` fields for `what` into table `t` (the function `f`, and the
/// level it runs at, if any).
fn fill_info(
    vm: &mut Vm,
    t: TableRef,
    what: &[u8],
    f: Value,
    at: Option<(Option<ThreadRef>, Level)>,
) -> Result<(), Throw> {
    let proto = match f {
        Value::Func(r) => match vm.heap().function(r)? {
            Function::Lua(c) => Some(c.proto.clone()),
            Function::Native(_) => None,
        },
        _ => None,
    };
    let tail = matches!(at, Some((_, Level::Tail)));
    for &c in what {
        match c {
            // lua5.1's info_tailcall.
            b'S' if tail => {
                set_str(vm, t, "source", "=(tail call)")?;
                set_str(vm, t, "short_src", "(tail call)")?;
                set_str(vm, t, "what", "tail")?;
                set(vm, t, "linedefined", Value::Num(-1.0))?;
                set(vm, t, "lastlinedefined", Value::Num(-1.0))?;
            }
            b'L' if tail => set(vm, t, "activelines", Value::Nil)?,
            b'n' if tail => {
                set_str(vm, t, "name", "")?;
                set_str(vm, t, "namewhat", "")?;
            }
            b'S' => match &proto {
                Some(p) => {
                    let src = p.source.to_string();
                    let short = ferrous_vm::compiler::error::chunk_id(&src);
                    set_str(vm, t, "source", &src)?;
                    set_str(vm, t, "short_src", &short)?;
                    let main = p.line_defined == 0;
                    set_str(vm, t, "what", if main { "main" } else { "Lua" })?;
                    set(vm, t, "linedefined", Value::Num(p.line_defined as f64))?;
                    set(vm, t, "lastlinedefined", Value::Num(p.last_line as f64))?;
                }
                None => {
                    set_str(vm, t, "source", "=[C]")?;
                    set_str(vm, t, "short_src", "[C]")?;
                    set_str(vm, t, "what", "C")?;
                    set(vm, t, "linedefined", Value::Num(-1.0))?;
                    set(vm, t, "lastlinedefined", Value::Num(-1.0))?;
                }
            },
            b'l' => {
                let line = match (at, &proto) {
                    (Some((th, Level::Frame(i))), Some(p)) => {
                        let fr = &frames_of(vm, th)[i];
                        p.lines.get(fr.pc.saturating_sub(1)).map(|&l| l as f64)
                    }
                    _ => None,
                };
                set(vm, t, "currentline", Value::Num(line.unwrap_or(-1.0)))?;
            }
            b'u' => {
                let n = match f {
                    Value::Func(r) => match vm.heap().function(r)? {
                        Function::Lua(c) => c.upvals.len(),
                        Function::Native(n) => n.upvals.len(),
                    },
                    _ => 0,
                };
                set(vm, t, "nups", Value::Num(n as f64))?;
            }
            b'n' => {
                let name = at.and_then(|(th, lv)| level_name(vm, th, lv));
                match name {
                    Some((kind, name)) => {
                        set_str(vm, t, "name", &name)?;
                        set_str(vm, t, "namewhat", kind)?;
                    }
                    None => {
                        set(vm, t, "name", Value::Nil)?;
                        set_str(vm, t, "namewhat", "")?;
                    }
                }
            }
            b'f' => set(vm, t, "func", f)?,
            b'L' => {
                let lines = vm.new_table();
                set(vm, t, "activelines", Value::Table(lines))?;
                if let Some(p) = &proto {
                    for &l in p.lines.iter() {
                        vm.raw_set(lines, Value::Num(l as f64), Value::Bool(true))?;
                    }
                }
            }
            _ => return Err(Throw::Arg(2, "invalid option".into())),
        }
    }
    Ok(())
}

fn getinfo(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, i) = thread_arg(vm, &a);
    let what = a.opt_bytes(vm, i + 1, b"flnSu")?;
    if what.iter().any(|c| !b"SlnufL".contains(c)) {
        return Err(Throw::Arg(i + 2, "invalid option".into()));
    }
    let running = vm
        .stack()
        .get(base.wrapping_sub(1))
        .copied()
        .unwrap_or(Value::Nil);
    let (f, at) = match a.get(vm, i) {
        Value::Func(f) => (Value::Func(f), None),
        v @ (Value::Num(_) | Value::Str(_)) if vm.to_number(v).is_some() => {
            let level = a.check_int(vm, i)?;
            let Some(lv) = level_at(vm, th, level) else {
                vm.push(Value::Nil);
                return Ok(Ret::Values(1));
            };
            (level_func(vm, th, lv, running), Some((th, lv)))
        }
        _ => {
            return Err(Throw::Arg(i + 1, "function or level expected".into()));
        }
    };
    let t = vm.new_table();
    vm.push(Value::Table(t));
    fill_info(vm, t, &what, f, at)?;
    Ok(Ret::Values(1))
}

/// The `n`-th local of level `lv` (lua5.1's `findlocal`): its stack slot and name.
fn find_local(
    vm: &Vm,
    th: Option<ThreadRef>,
    lv: Level,
    n: i64,
    base: usize,
    nargs: usize,
) -> Option<(usize, String)> {
    // The running debug function's own arguments (lua5.1: up to its `top`).
    if let (Level::Running, None) = (lv, th) {
        return (n >= 1 && n as usize <= nargs)
            .then(|| (base + n as usize - 1, "(*temporary)".into()));
    }
    let Level::Frame(i) = lv else {
        return None;
    };
    let frames = frames_of(vm, th);
    let fr = &frames[i];
    let limit = match frames.get(i + 1) {
        Some(next) => next.ci.func_idx,
        None if th.is_none() => base.saturating_sub(1),
        None => th
            .and_then(|t| vm.heap().thread(t).ok()?.yield_ci)
            .map_or(stack_of(vm, th).len(), |ci| ci.func_idx),
    };
    if n <= 0 {
        return None;
    }
    let n = n as usize;
    if let Some(func) = lua_closure(fr)
        && let Ok(Function::Lua(c)) = vm.heap().function(func)
    {
        let pc = fr.pc.saturating_sub(1);
        let active = c
            .proto
            .locvars
            .iter()
            .filter(|l| (l.start_pc as usize) <= pc && pc < l.end_pc as usize);
        if let Some(l) = active.clone().nth(n - 1) {
            return Some((fr.base + l.reg as usize, l.name.clone()));
        }
    }
    if limit >= fr.base && limit - fr.base >= n {
        return Some((fr.base + n - 1, "(*temporary)".into()));
    }
    None
}

fn stack_value(vm: &Vm, th: Option<ThreadRef>, slot: usize) -> Value {
    let v = stack_of(vm, th).get(slot).copied().unwrap_or(Value::Nil);
    match v {
        Value::Cell(c) => vm.heap().cell(c).unwrap_or(Value::Nil),
        v => v,
    }
}

fn getlocal(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, i) = thread_arg(vm, &a);
    let level = a.check_int(vm, i)?;
    let Some(lv) = level_at(vm, th, level) else {
        return Err(Throw::Arg(i + 1, "level out of range".into()));
    };
    let idx = a.check_int(vm, i + 1)?;
    match find_local(vm, th, lv, idx, base, n) {
        Some((slot, name)) => {
            let v = stack_value(vm, th, slot);
            let name = vm.str(&name);
            vm.push(name);
            vm.push(v);
            Ok(Ret::Values(2))
        }
        None => {
            vm.push(Value::Nil);
            Ok(Ret::Values(1))
        }
    }
}

fn setlocal(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, i) = thread_arg(vm, &a);
    let level = a.check_int(vm, i)?;
    let Some(lv) = level_at(vm, th, level) else {
        return Err(Throw::Arg(i + 1, "level out of range".into()));
    };
    let idx = a.check_int(vm, i + 1)?;
    let v = a.check_any(vm, i + 2)?;
    match find_local(vm, th, lv, idx, base, n) {
        Some((slot, name)) => {
            let cur = stack_of(vm, th).get(slot).copied().unwrap_or(Value::Nil);
            match cur {
                Value::Cell(c) => vm.heap_mut().set_cell(c, v)?,
                _ => match th {
                    None => vm.set_slot(slot, v),
                    Some(t) => {
                        if let Some(s) = vm.heap_mut().thread_mut(t)?.stack.get_mut(slot) {
                            *s = v;
                        }
                    }
                },
            }
            let name = vm.str(&name);
            vm.push(name);
        }
        None => vm.push(Value::Nil),
    }
    Ok(Ret::Values(1))
}

/// Upvalue `n` of a Lua function: (name, value).
fn upvalue(vm: &Vm, f: Value, n: i64) -> Option<(String, Value)> {
    let Value::Func(r) = f else { return None };
    if n < 1 {
        return None;
    }
    let i = n as usize - 1;
    match vm.heap().function(r).ok()? {
        Function::Lua(c) => {
            let cell = *c.upvals.get(i)?;
            let name = c.proto.upval_names.get(i).cloned().unwrap_or_default();
            Some((name, vm.heap().cell(cell).ok()?))
        }
        // lua5.1's auxupvalue: "cannot touch C upvalues from Lua".
        Function::Native(_) => None,
    }
}

pub(crate) fn check_func(vm: &Vm, a: &Args, i: usize) -> Result<Value, Throw> {
    match a.get(vm, i) {
        f @ Value::Func(_) => Ok(f),
        _ => Err(a.type_error(vm, i, "function")),
    }
}

fn getupvalue(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let f = check_func(vm, &a, 0)?;
    let idx = a.check_int(vm, 1)?;
    match upvalue(vm, f, idx) {
        Some((name, v)) => {
            let name = vm.str(&name);
            vm.push(name);
            vm.push(v);
            Ok(Ret::Values(2))
        }
        None => Ok(Ret::Values(0)),
    }
}

fn setupvalue(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let f = check_func(vm, &a, 0)?;
    let idx = a.check_int(vm, 1)?;
    let v = a.check_any(vm, 2)?;
    let Some((name, _)) = upvalue(vm, f, idx) else {
        return Ok(Ret::Values(0));
    };
    let Value::Func(r) = f else { unreachable!() };
    let i = idx as usize - 1;
    if let Function::Lua(c) = vm.heap().function(r)? {
        let cell = c.upvals[i];
        vm.heap_mut().set_cell(cell, v)?;
    }
    let name = vm.str(&name);
    vm.push(name);
    Ok(Ret::Values(1))
}

/// Environments of userdata and natives (Lua closures and threads keep theirs): a weak-keyed
/// table in the registry; absent means the globals table (lua5.1's default for both).
fn fenv_table(vm: &mut Vm) -> Result<TableRef, Throw> {
    let r = vm.registry();
    if let Value::Table(t) = vm.get_field(r, "debug.fenv") {
        return Ok(t);
    }
    let t = vm.new_table();
    let mt = vm.new_table();
    let k = vm.str("k");
    set(vm, mt, "__mode", k)?;
    vm.heap_mut().table_mut(t)?.set_meta(Some(mt));
    vm.set_field(r, "debug.fenv", Value::Table(t));
    Ok(t)
}

fn getfenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let o = a.check_any(vm, 0)?;
    let env = match o {
        Value::Func(f) if matches!(vm.heap().function(f)?, Function::Lua(_)) => {
            match vm.heap().function(f)? {
                Function::Lua(c) => Value::Table(c.env),
                Function::Native(_) => unreachable!(),
            }
        }
        Value::Thread(t) if Some(t) == vm.running() => Value::Table(vm.globals()),
        Value::Thread(t) => vm
            .heap()
            .thread(t)?
            .globals
            .map_or(Value::Nil, Value::Table),
        Value::Func(_) | Value::UserData(_) => {
            let t = fenv_table(vm)?;
            match vm.raw_get(t, o)? {
                Value::Nil => Value::Table(vm.globals()),
                e => e,
            }
        }
        _ => Value::Nil,
    };
    vm.push(env);
    Ok(Ret::Values(1))
}

fn setfenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let o = a.get(vm, 0);
    let env = a.check_table(vm, 1)?;
    match o {
        Value::Func(f) if matches!(vm.heap().function(f)?, Function::Lua(_)) => {
            vm.set_closure_env(f, env)?;
        }
        Value::Thread(t) if Some(t) == vm.running() => vm.set_globals(env),
        Value::Thread(t) => vm.heap_mut().thread_mut(t)?.globals = Some(env),
        Value::Func(_) | Value::UserData(_) => {
            let t = fenv_table(vm)?;
            vm.raw_set(t, o, Value::Table(env))?;
        }
        _ => {
            return Err(Throw::msg(
                "'setfenv' cannot change environment of given object",
            ));
        }
    }
    vm.push(o);
    Ok(Ret::Values(1))
}

fn getmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = Args::new(base, n).check_any(vm, 0)?;
    let r = vm.metatable_of(v).map_or(Value::Nil, Value::Table);
    vm.push(r);
    Ok(Ret::Values(1))
}

fn setmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let v = a.get(vm, 0);
    let mt = match a.get(vm, 1) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        _ => return Err(Throw::Arg(2, "nil or table expected".into())),
    };
    match v {
        Value::Table(t) => vm.heap_mut().table_mut(t)?.set_meta(mt),
        Value::UserData(u) => vm.heap_mut().userdata_mut(u)?.meta = mt,
        other => vm.set_type_metatable(other, mt),
    }
    vm.push(Value::Bool(true));
    Ok(Ret::Values(1))
}

fn getregistry(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    vm.push(Value::Table(vm.registry()));
    Ok(Ret::Values(1))
}

/// lua5.1's LEVELS1/LEVELS2: a traceback shows the first 12 and the last 10 levels.
const LEVELS1: i64 = 12;
const LEVELS2: i64 = 10;

fn traceback(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, i) = thread_arg(vm, &a);
    let first = if th.is_none() { 1 } else { 0 };
    let mut level = a.opt_int(vm, i + 1, first)?;
    let msg = a.get(vm, i);
    let mut out: Vec<u8> = match msg {
        _ if a.n <= i => Vec::new(),
        Value::Str(_) | Value::Num(_) => {
            let mut m = a.check_bytes(vm, i)?;
            m.push(b'\n');
            m
        }
        // A non-string message is returned untouched (lua5.1's db_errorfb).
        other => {
            vm.push(other);
            return Ok(Ret::Values(1));
        }
    };
    out.extend_from_slice(b"stack traceback:");
    let running = vm
        .stack()
        .get(base.wrapping_sub(1))
        .copied()
        .unwrap_or(Value::Nil);
    let mut firstpart = true;
    while let Some(lv) = level_at(vm, th, level) {
        level += 1;
        if level > LEVELS1 && firstpart {
            if level_at(vm, th, level + LEVELS2).is_none() {
                level -= 1;
            } else {
                out.extend_from_slice(b"\n\t...");
                while level_at(vm, th, level + LEVELS2).is_some() {
                    level += 1;
                }
            }
            firstpart = false;
            continue;
        }
        let line = level_line(vm, th, lv, running);
        out.extend_from_slice(&ferrous_vm::compiler::lexer::unlatin1(&line));
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

/// One traceback line (lua5.1's db_errorfb).
fn level_line(vm: &Vm, th: Option<ThreadRef>, lv: Level, running: Value) -> String {
    let f = level_func(vm, th, lv, running);
    let proto = match f {
        Value::Func(r) => match vm.heap().function(r) {
            Ok(Function::Lua(c)) => Some(c.proto.clone()),
            _ => None,
        },
        _ => None,
    };
    if let Level::Tail = lv {
        return "\n\t(tail call): ?".into();
    }
    let name = level_name(vm, th, lv);
    let mut s = String::from("\n\t");
    match &proto {
        Some(p) => {
            let line = match lv {
                Level::Frame(i) => {
                    let fr = &frames_of(vm, th)[i];
                    p.lines.get(fr.pc.saturating_sub(1)).copied().unwrap_or(0) as i64
                }
                _ => -1,
            };
            let chunk = ferrous_vm::compiler::error::chunk_id(&p.source);
            s.push_str(&chunk);
            s.push(':');
            if line > 0 {
                s.push_str(&format!("{}:", line));
            }
            if let Some((_, n)) = name {
                s.push_str(&format!(" in function '{}'", n));
            } else if p.line_defined == 0 {
                s.push_str(" in main chunk");
            } else {
                s.push_str(&format!(" in function <{}:{}>", chunk, p.line_defined));
            }
        }
        None => {
            s.push_str("[C]:");
            match name {
                Some((_, n)) => s.push_str(&format!(" in function '{}'", n)),
                None => s.push_str(" ?"),
            }
        }
    }
    s
}
