//! Ferrous standard libraries: the Lua libraries Redis ships, plus the CLI-only os/io group.
#![forbid(unsafe_code)]

pub mod base;
pub mod bit;
pub mod cjson;
pub mod cmsgpack;
pub mod coroutine;
pub mod debug;
mod debug_hook;
pub mod io;
pub mod io_file;
pub mod math;
pub mod os;
pub mod os_io;
pub mod redis;
pub mod string;
pub mod structlib;
pub mod table;

use ferrous_vm::Vm;
use ferrous_vm::api::Args;

/// lauxlib's `luaL_checkint`: `luaL_checkinteger` cast to a C `int` (the low 32 bits, so
/// `2^32 + 3` is 3), as the 5.1 libraries read counts and positions.
pub(crate) fn check_cint(a: &Args, vm: &Vm, i: usize) -> Result<i64, ferrous_vm::Throw> {
    Ok(a.check_int(vm, i)? as i32 as i64)
}

/// lauxlib's `luaL_optint`.
pub(crate) fn opt_cint(a: &Args, vm: &Vm, i: usize, def: i64) -> Result<i64, ferrous_vm::Throw> {
    if a.is_none(vm, i) {
        Ok(def)
    } else {
        check_cint(a, vm, i)
    }
}

/// Opens every library a script gets inside Redis (no os/io).
pub fn open_all(vm: &mut Vm) {
    gc_debug_from_env(vm);
    base::open_base(vm);
    coroutine::open_coroutine(vm);
    table::open_table(vm);
    math::open_math(vm);
    string::open_string(vm);
    bit::open_bit(vm);
    cjson::open_cjson(vm);
    structlib::open_struct(vm);
    cmsgpack::open_cmsgpack(vm);
}

/// Opens everything plus the CLI-only `print`, `io`, `os`, `debug`, `dofile`, `loadfile`.
pub fn open_cli(vm: &mut Vm) {
    open_all(vm);
    os_io::open_os_io(vm);
    debug::open_debug(vm);
    vm.enable_binary_chunks();
}

/// The collector's debug modes a host asks for through the environment (the vm library reads
/// no variables): `FERROUS_GC_STRESS` (`1`: a full collection at every safe point, `step`: a
/// small incremental step there) and `FERROUS_GC_VERIFY` (each atomic step checked against a
/// stop-the-world marking). Every VM opened with `open_all`/`open_cli` honours them, as the
/// suite's stress runs expect.
pub fn gc_debug_from_env(vm: &mut Vm) {
    let stress = std::env::var("FERROUS_GC_STRESS").unwrap_or_default();
    let verify = std::env::var_os("FERROUS_GC_VERIFY").is_some();
    vm.set_gc_debug(ferrous_vm::exec::GcStress::parse(&stress), verify);
}

/// Test helper: runs `body` as lua5.1 runs `local function f() <body> end` read from stdin
/// (same chunk name and line numbers) and joins the results, converted by `tostring` without
/// metamethods, with tabs.
#[cfg(test)]
pub(crate) fn run_for_test(body: &str) -> String {
    let mut vm = Vm::new();
    open_all(&mut vm);
    let src = format!("\n{}", body);
    let f = vm
        .load(src.as_bytes(), "=stdin")
        .unwrap_or_else(|e| panic!("{}: {}", body, e));
    let r = vm
        .call(f, &[])
        .unwrap_or_else(|e| panic!("{}: {}", body, e.message));
    r.iter()
        .map(|&v| String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}
