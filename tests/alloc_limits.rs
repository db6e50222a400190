//! Allocation bombs and long natives (issue 10): every allocation whose size a script
//! controls is reserved before it is made (`Vm::reserve`, vm/src/exec/alloc.rs), every long
//! native loop pays the budget so the hook can kill it, and chains of natives calling back
//! are bounded by the C-call limit. A counting global allocator measures the process's peak
//! heap; the tests run one at a time (a mutex) so the peaks are their own.

use ferrous_vm::{LuaError, Throw, Value, Vm};
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[path = "support/cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::CpuClock;
#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

static SERIAL: Mutex<()> = Mutex::new(());

const LIMIT: usize = 64 << 20;

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm
}

fn run(vm: &mut Vm, src: &str) -> Result<Vec<Value>, LuaError> {
    let f = vm.load(src.as_bytes(), "@bomb").expect("compiles");
    vm.call(f, &[])
}

/// Runs `body` (which returns the error it expects) with a 64 MiB limit: it fails with `not
/// enough memory`, quickly, and the process's heap never went past twice the limit; then
/// the VM runs a normal chunk.
fn bomb(what: &str, body: &str) {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut vm = vm();
    vm.set_memory_limit(LIMIT);
    let setup = "big = string.rep('x', 2^20)";
    run(&mut vm, setup).expect("setup");
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t0 = CpuClock::start();
    let src = format!("return pcall(function() {body} end)");
    let r = run(&mut vm, &src).expect(what);
    let took = t0.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let msg = vm
        .str_bytes(r[1])
        .map(|b| String::from_utf8_lossy(b).into_owned());
    eprintln!("{what}: {took:?}, peak {} MiB over the start", peak >> 20);
    assert!(!r[0].truthy(), "{what}: succeeded");
    assert_eq!(msg.as_deref(), Some("not enough memory"), "{what}");
    assert!(took < Duration::from_secs(2), "{what}: took {took:?}");
    assert!(peak < 2 * LIMIT, "{what}: peak {peak} bytes");
    let r = run(
        &mut vm,
        "local t = {} for i = 1, 100 do t[i] = i .. '' end return #table.concat(t)",
    )
    .expect("VM usable");
    assert!(r[0].raw_eq(Value::Num(192.0)), "{what}");
}

#[test]
fn table_concat_bomb() {
    bomb(
        "table.concat",
        "local t = {} for i = 1, 16384 do t[i] = big end return table.concat(t)",
    );
    bomb(
        "table.concat sep",
        "local t = {} for i = 1, 16384 do t[i] = '' end return table.concat(t, big)",
    );
}

#[test]
fn concat_opcode_bomb() {
    bomb(
        "..",
        "local s = big for i = 1, 100 do s = s .. s end return s",
    );
    let many = vec!["big"; 100].join(" .. ");
    bomb(".. many", &format!("return {many}"));
}

#[test]
fn string_natives_bombs() {
    bomb("rep", "return string.rep(big, 1000)");
    bomb(
        "format %s",
        "local t = {} for i = 1, 1000 do t[i] = big end return string.format(string.rep('%s', 1000), unpack(t))",
    );
    bomb(
        "format %q",
        "local t = {} for i = 1, 100 do t[i] = big end return string.format(string.rep('%q', 100), unpack(t))",
    );
    bomb("gsub growth", "return big:gsub('x', big)");
    bomb(
        "gsub expansion",
        "return big:gsub('.+', string.rep('%0', 1000))",
    );
    bomb(
        "gsub callback",
        "return big:sub(1, 4096):gsub('x', function() return big end)",
    );
    bomb(
        "upper",
        "local s = big:rep(60) local t = {} for i = 1, 10 do t[i] = s:upper() end",
    );
    bomb(
        "reverse/lower/sub",
        "local s = big:rep(60) local t = {s:reverse(), s:lower(), s:sub(2)} return t",
    );
}

#[test]
fn codec_bombs() {
    bomb(
        "cjson.encode",
        "local t = {} for i = 1, 1000 do t[i] = big end return cjson.encode(t)",
    );
    bomb(
        "cjson.encode dag",
        "local t = {big:sub(1, 4096)} for i = 1, 40 do t = {t, t} end return cjson.encode(t)",
    );
    bomb(
        "cjson.decode",
        "return cjson.decode('[' .. string.rep('[],', 3000000) .. '[]]')",
    );
    bomb(
        "cmsgpack.pack",
        "local t = {} for i = 1, 1000 do t[i] = big end return cmsgpack.pack(t)",
    );
    bomb(
        "cmsgpack.unpack",
        "return cmsgpack.unpack('\\221\\0\\96\\0\\0' .. string.rep('\\144', 6291456))",
    );
    bomb(
        "struct.pack",
        "local t = {} for i = 1, 1000 do t[i] = big end return struct.pack(string.rep('c0', 1000), unpack(t))",
    );
}

/// Re-arms every 10,000 units and kills on its fifth call.
fn kill_hook(vm: &mut Vm) -> Result<(), Throw> {
    let n = vm.ext_or_insert_with("kills", || 0u32);
    *n += 1;
    if *n >= 5 {
        return Err(Throw::uncatchable("killed"));
    }
    vm.set_budget(10_000);
    Ok(())
}

/// Each long native is stopped by the budget hook while it runs (no memory limit set).
#[test]
fn long_natives_are_killed() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let cases = [
        (
            "concat of 10^6 pieces",
            "local t = {} for i = 1, 1e6 do t[i] = 'ab' end vm_arm() return table.concat(t)",
        ),
        ("rep 10^9", "vm_arm() return string.rep('x', 1e9)"),
        (
            "gsub over 20 MB",
            "local s = string.rep('x', 2e7) vm_arm() return s:gsub('x', 'yy')",
        ),
        (
            "format",
            "local t = {} for i = 1, 100 do t[i] = string.rep('x', 2^20) end vm_arm() return string.format(string.rep('%s', 100), unpack(t))",
        ),
        (
            "upper of 100 MB",
            "local s = string.rep('x', 1e8) vm_arm() return s:upper()",
        ),
        (
            "cjson.encode",
            "local t = {} for i = 1, 1e6 do t[i] = 'abc' end vm_arm() return cjson.encode(t)",
        ),
        (
            "cjson.decode",
            "local s = '[' .. string.rep('1,', 1e6) .. '1]' vm_arm() return cjson.decode(s)",
        ),
        (
            "cmsgpack",
            "local t = {} for i = 1, 1e6 do t[i] = i end vm_arm() return cmsgpack.unpack(cmsgpack.pack(t))",
        ),
        (
            "sort of 10^6",
            "local t = {} for i = 1, 1e6 do t[i] = (i * 7919) % 1000003 end vm_arm() table.sort(t)",
        ),
    ];
    for (what, src) in cases {
        let mut vm = vm();
        fn arm(vm: &mut Vm, _: usize, _: usize) -> Result<ferrous_vm::Ret, Throw> {
            vm.set_hook(Some(kill_hook));
            vm.set_budget(10_000);
            Ok(ferrous_vm::Ret::Values(0))
        }
        let f = vm.new_native("vm_arm", arm);
        vm.set_global("vm_arm", f);
        let t0 = CpuClock::start();
        let e = run(&mut vm, src).expect_err(what);
        assert!(e.uncatchable, "{what}: {}", e.message);
        assert_eq!(e.message, "killed", "{what}");
        eprintln!("{what}: killed after {:?} of CPU", t0.elapsed());
        vm.set_hook(None);
        vm.set_budget(i64::MAX);
        let r = run(&mut vm, "return 1 + 1").expect("usable");
        assert!(r[0].raw_eq(Value::Num(2.0)));
    }
}

fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow");
}

/// An xpcall handler that calls xpcall with itself ends in lua5.1's `error in error
/// handling` (it used to retry the failing handler call forever, growing the stack to 2 GiB),
/// with Redis's C base (1) and lua.c's (2), and with a raised C limit, on a small stack.
#[test]
fn xpcall_handler_chain_is_bounded() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    on_small_stack(|| {
        for (c_base, max_ccalls) in [(1, 200), (2, 200), (1, 5000)] {
            let mut vm = vm();
            vm.limits_mut().c_base = c_base;
            vm.limits_mut().max_ccalls = max_ccalls;
            vm.set_memory_limit(LIMIT);
            let r = run(
                &mut vm,
                "local function h(e) return select(2, xpcall(error, h)) end
                 local a, b = xpcall(error, h)
                 local c, d, e = pcall(function() return xpcall(error, h) end)
                 local n = 0
                 local function h2(e) n = n + 1 error(e) end
                 local f, g = xpcall(error, h2)
                 return tostring(a) .. ' ' .. b .. '|' .. tostring(c) .. ' ' .. tostring(d) .. ' ' .. e .. '|' .. g",
            )
            .expect("runs");
            let s = String::from_utf8_lossy(vm.str_bytes(r[0]).unwrap()).into_owned();
            assert_eq!(
                s,
                "false error in error handling|true false error in error handling|error in error handling",
                "c_base {c_base} max_ccalls {max_ccalls}"
            );
        }
    });
}

/// Chains of natives calling back stop at `C stack overflow`: metamethods, tostring, sort
/// comparators, gsub callbacks, coroutine nesting, load readers.
#[test]
fn native_reentry_is_bounded() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    on_small_stack(|| {
        let mut vm = vm();
        let cases = [
            "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x",
            "local t = setmetatable({}, {}) getmetatable(t).__tostring = function(t) return tostring(t) end return tostring(t)",
            "local function c(a, b) table.sort({3, 2, 1}, c) return a < b end table.sort({3, 2, 1}, c)",
            "local function g(s) return (s:gsub('.', g)) end return g('ab')",
            "local function r() return coroutine.wrap(r)() end return r()",
            // (load runs its reader protected, as lua_load: the overflow comes back as
            // load's `nil, message`, which assert raises level after level)
            "local function rd() return assert(load(rd)) and nil end return assert(load(rd))",
            "local t = setmetatable({}, {}) getmetatable(t).__concat = function(a, b) return a .. b end return t .. 'x'",
        ];
        for src in cases {
            let e = run(&mut vm, src).expect_err(src);
            assert!(
                e.message.contains("C stack overflow") || e.message.contains("stack overflow"),
                "{src}: {}",
                e.message
            );
            let r = run(&mut vm, "return 3").expect("usable");
            assert!(r[0].raw_eq(Value::Num(3.0)));
        }
        // load's reader runs in a protected parse (lua_load): the innermost `C stack
        // overflow` is caught there and each level's chunk compiles; bounded all the same.
        let r = run(
            &mut vm,
            "local function rd() return load(rd) and nil end return type(load(rd))",
        )
        .expect("load catches the overflow");
        assert_eq!(vm.str_bytes(r[0]), Some(&b"function"[..]));
        let r = run(&mut vm, "return 3").expect("usable");
        assert!(r[0].raw_eq(Value::Num(3.0)));
    });
}
