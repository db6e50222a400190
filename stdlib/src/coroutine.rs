//! The coroutine library (lbaselib.c's co_funcs). Switching is done by the executor
//! (`Ret::Resume` / `Ret::Yield`): these natives only validate and ask.

use ferrous_vm::api::Args;
use ferrous_vm::exec::Function;
use ferrous_vm::{Ret, Throw, Value, Vm};

pub fn open_coroutine(vm: &mut Vm) {
    let t = vm.new_table();
    // The switch functions first: of two names whose handles share a node, the first
    // inserted keeps it, and a later one is found past it (`get_chain`). `yield` had lost its
    // node to `status`: ~30 more instructions per `coroutine.yield` lookup.
    vm.register(
        t,
        &[
            ("yield", yield_),
            ("resume", resume),
            ("create", create),
            ("wrap", wrap),
            ("status", status),
            ("running", running),
        ],
    );
    vm.set_global("coroutine", Value::Table(t));
}

fn check_co(vm: &Vm, a: Args, i: usize) -> Result<ferrous_vm::value::ThreadRef, Throw> {
    match a.get(vm, i) {
        Value::Thread(t) => Ok(t),
        _ => Err(Throw::Arg(i + 1, "coroutine expected".into())),
    }
}

fn check_lua_function(vm: &Vm, a: Args) -> Result<Value, Throw> {
    let f = a.get(vm, 0);
    if let Value::Func(fr) = f {
        if let Function::Lua(_) = vm.heap().function(fr)? {
            return Ok(f);
        }
    }
    Err(Throw::Arg(1, "Lua function expected".into()))
}

fn create(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let f = check_lua_function(vm, Args::new(base, n))?;
    let co = vm.new_coroutine(f);
    vm.push(co);
    Ok(Ret::Values(1))
}

fn resume(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let co = check_co(vm, Args::new(base, n), 0)?;
    Ok(Ret::Resume {
        co,
        nargs: n - 1,
        wrap: false,
    })
}

fn yield_(_vm: &mut Vm, _base: usize, n: usize) -> Result<Ret, Throw> {
    Ok(Ret::Yield(n))
}

fn status(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let co = check_co(vm, Args::new(base, n), 0)?;
    let s = vm.co_status(co)?;
    let v = vm.str(s);
    vm.push(v);
    Ok(Ret::Values(1))
}

fn running(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let v = vm.running().map_or(Value::Nil, Value::Thread);
    vm.push(v);
    Ok(Ret::Values(1))
}

fn wrap(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let f = check_lua_function(vm, Args::new(base, n))?;
    let co = vm.new_coroutine(f);
    let w = vm.new_native_with("wrap", wrap_aux, vec![co]);
    vm.push(w);
    Ok(Ret::Values(1))
}

fn wrap_aux(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    match vm.native_upvalue(base - 1, 0) {
        Value::Thread(co) => Ok(Ret::Resume {
            co,
            nargs: n,
            wrap: true,
        }),
        _ => Err(Throw::msg("internal error: wrap without coroutine")),
    }
}
