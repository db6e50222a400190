//! `debug.sethook` and `debug.gethook` (ldblib.c's db_sethook/db_gethook), one hook per
//! thread. The VM runs the hooks (`ferrous_vm::exec::hooks`).

use crate::debug::{check_func, thread_arg};
use ferrous_vm::api::Args;
use ferrous_vm::exec::hooks::LuaHook;
use ferrous_vm::{Ret, Throw, Value, Vm};

pub(crate) fn sethook(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, i) = thread_arg(vm, &a);
    if a.get(vm, i).is_nil() {
        vm.set_lua_hook(th, None);
        return Ok(Ret::Values(0));
    }
    let mask = a.check_bytes(vm, i + 1)?;
    let f = check_func(vm, &a, i)?;
    let count = a.opt_int(vm, i + 2, 0)?;
    // An empty mask without a count fires nothing, but `gethook` still returns the function
    // (ldblib keeps it in its hook table whatever the mask).
    vm.set_lua_hook(th, Some(LuaHook::new(f, &mask, count)));
    // lua5.1 reports sethook's own return to a return hook set on the running thread.
    Ok(match th {
        None => vm.native_returned(Ret::Values(0)),
        Some(_) => Ret::Values(0),
    })
}

pub(crate) fn gethook(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (th, _) = thread_arg(vm, &a);
    let (f, mask, count) = match vm.lua_hook(th) {
        Some(h) => (h.func, h.mask_letters(), h.count),
        None => (Value::Nil, String::new(), 0),
    };
    vm.push(f);
    vm.push_str(mask.as_bytes());
    vm.push(Value::Num(count as f64));
    Ok(Ret::Values(3))
}
