//! `debug.sethook` and `debug.gethook` (ldblib.c's db_sethook/db_gethook). The VM runs the
//! hook (`ferrous_vm::exec::hooks`); one hook serves every thread (lua5.1 keeps one per
//! thread).

use crate::debug::{check_func, thread_arg};
use ferrous_vm::api::Args;
use ferrous_vm::exec::hooks::LuaHook;
use ferrous_vm::{Ret, Throw, Value, Vm};

/// lua5.1's `makemask`/`unmakemask`: the letters kept, in lua5.1's order.
fn mask_letters(mask: &[u8]) -> String {
    ['c', 'r', 'l']
        .into_iter()
        .filter(|&c| mask.contains(&(c as u8)))
        .collect()
}

pub(crate) fn sethook(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let (_, i) = thread_arg(vm, &a);
    if a.get(vm, i).is_nil() {
        vm.set_lua_hook(None);
        return Ok(Ret::Values(0));
    }
    let mask = a.check_bytes(vm, i + 1)?;
    let f = check_func(vm, &a, i)?;
    let count = a.opt_int(vm, i + 2, 0)?;
    // An empty mask without a count fires nothing, but `gethook` still returns the function
    // (ldblib keeps it in its hook table whatever the mask).
    vm.set_lua_hook(Some(LuaHook::new(f, &mask_letters(&mask), count)));
    Ok(Ret::Values(0))
}

pub(crate) fn gethook(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let (f, mask, count) = match vm.lua_hook() {
        Some(h) => (h.func, h.mask.clone(), h.count),
        None => (Value::Nil, String::new(), 0),
    };
    vm.push(f);
    vm.push_str(mask.as_bytes());
    vm.push(Value::Num(count as f64));
    Ok(Ret::Values(3))
}
