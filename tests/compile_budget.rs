//! The compiler inside the VM's limits (issue 10): a compile's memory is charged before it is
//! held (`vm/src/compiler/meter.rs`: per token and per source byte), so a huge source under a
//! memory limit fails with lua5.1's `not enough memory` and a bounded process heap; its work
//! is reported to the budget hook, so a kill stops a long compile and stays uncatchable; the
//! prototypes it makes are charged to the heap (`collectgarbage("count")`), as lua5.1 counts
//! them. A counting global allocator measures the process's peak heap; the tests run one at a
//! time (a mutex) so the peaks are their own.

use ferrous_vm::compiler::meter::Meter;
use ferrous_vm::exec::Heap;
use ferrous_vm::{Throw, Value, Vm};
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

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm
}

fn rep(item: &str, n: usize, sep: &str) -> String {
    vec![item; n].join(sep)
}

/// Sources of the costliest shapes per token (tree nodes, vectors' spare capacity, locals,
/// nested functions, code per token).
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("folded chain", format!("return {}", rep("1", n, "+"))),
        ("chain", format!("local a = 1 return {}", rep("a", n, "+"))),
        (
            "and chain",
            format!("local a return {}", rep("a", n, " and ")),
        ),
        (
            "compare chain",
            format!("local a return {}", rep("a", n, "==")),
        ),
        (
            "fields",
            format!("local t = {{}} return t{}", ".a".repeat(n)),
        ),
        (
            "calls",
            format!("local function f() return f end return f{}", "()".repeat(n)),
        ),
        ("methods", format!("local o return o{}", ":m()".repeat(n))),
        ("items", format!("return {{{}}}", rep("1", n, ","))),
        ("named fields", format!("return {{{}}}", rep("a=1", n, ","))),
        (
            "keyed fields",
            format!("return {{{}}}", rep("[a]=a", n, ",")),
        ),
        ("assignments", rep("a=1", n, " ")),
        (
            "multiple assignment",
            format!("local a {} = 1", rep("a", 190, ",")),
        ),
        (
            "locals",
            rep(
                &format!("do {} end", rep("local a", 100, " ")),
                n / 100,
                " ",
            ),
        ),
        (
            "local lists",
            rep("do local a,a,a,a,a,a,a,a end", n / 8, " "),
        ),
        ("blocks", rep("do end", n, " ")),
        ("ifs", rep("if a then end", n, " ")),
        ("functions", rep("function f() end", n, " ")),
        (
            "local functions",
            rep(
                &format!("do {} end", rep("local function f() end", 100, " ")),
                n / 100,
                " ",
            ),
        ),
        (
            "function values",
            format!("return {{{}}}", rep("function() end", n, ",")),
        ),
        (
            "vararg functions",
            rep("function f(...) return ... end", n, " "),
        ),
        ("returns", rep("do return end", n, " ")),
        (
            "names",
            (0..n)
                .map(|i| format!("v{i}=1"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "strings",
            format!(
                "return {{{}}}",
                (0..n)
                    .map(|i| format!("'s{i}'"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        ("calls with args", rep("f(a,a,a,a)", n, " ")),
        ("numeric fors", rep("for i=1,2 do end", n / 4, " ")),
        ("generic fors", rep("for k,v in a do end", n / 4, " ")),
        (
            "upvalues",
            format!(
                "local a return {{{}}}",
                rep("function() return a end", n, ",")
            ),
        ),
    ]
}

/// What the meter charges for compiling `src` (unlimited).
fn charged(src: &str) -> usize {
    let mut heap = Heap::new();
    let mut m = Meter::new(&mut heap, None);
    let ast = ferrous_vm::compiler::parse_with(src.as_bytes(), "=test", &mut m).expect("parses");
    ferrous_vm::compiler::codegen::compile_with(&mut m, &ast, "=test").expect("compiles");
    m.used()
}

/// The meter's charge is an upper bound of what a compile really holds at its peak (the
/// tree, scopes, prototypes, interned constants), on every shape.
#[test]
fn charge_bounds_the_real_peak_on_every_shape() {
    let _g = serial();
    for (what, src) in shapes(20_000) {
        let charge = charged(&src);
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        {
            let mut heap = Heap::new();
            let ast = ferrous_vm::compiler::parse(src.as_bytes(), "=test").expect(what);
            let p = ferrous_vm::compiler::codegen::compile(&mut heap, &ast, "=test").expect(what);
            drop((ast, p));
        }
        let peak = PEAK.load(Ordering::Relaxed) - base;
        eprintln!(
            "{what:20} {:8} bytes  peak {:10}  charged {:10}  ratio {:.2}",
            src.len(),
            peak,
            charge,
            peak as f64 / charge as f64
        );
        assert!(peak <= charge, "{what}: peak {peak} > charged {charge}");
    }
}

fn run(vm: &mut Vm, src: &str) -> Result<Vec<Value>, ferrous_vm::LuaError> {
    let f = vm.load(src.as_bytes(), "=test").expect("compiles");
    vm.call(f, &[])
}

fn text(vm: &Vm, v: Value) -> String {
    String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned()
}

const SMALL_LIMIT: usize = 16 << 20;

/// `loadstring` of sources far too big to compile under a 16 MiB limit returns lua5.1's `nil,
/// "not enough memory"` (checked: lua5.1 under `ulimit -v` gives exactly that) quickly, the
/// process heap stays bounded, and the VM goes on working; a source that fits compiles.
#[test]
fn huge_loadstring_under_a_memory_limit_is_not_enough_memory() {
    let _g = serial();
    let sources = [
        ("chain", "'return ' .. string.rep('1+', 2e6) .. '1'"),
        ("statements", "string.rep('a=1 ', 1e6)"),
        ("long string", "'return [[' .. string.rep('x', 3e6) .. ']]'"),
        (
            "string literal",
            "'return \"' .. string.rep('x', 3e6) .. '\"'",
        ),
    ];
    for (what, expr) in sources {
        let mut vm = vm();
        vm.set_memory_limit(SMALL_LIMIT);
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t0 = CpuClock::start();
        let r = run(
            &mut vm,
            &format!("local f, m = loadstring({expr}) return f == nil, m"),
        )
        .unwrap_or_else(|e| panic!("{what}: {}", e.message));
        let took = t0.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - base;
        assert_eq!(text(&vm, r[0]), "true", "{what}");
        assert_eq!(text(&vm, r[1]), "not enough memory", "{what}");
        assert!(took < Duration::from_secs(2), "{what}: {took:?}");
        assert!(
            peak < 2 * SMALL_LIMIT,
            "{what}: process heap grew by {peak}"
        );
        // The VM works afterwards, and a chunk that fits compiles under the same limit.
        let r = run(
            &mut vm,
            "local f = assert(loadstring('return ' .. string.rep('1+', 1000) .. '1')) return f()",
        )
        .expect(what);
        assert_eq!(text(&vm, r[0]), "1001", "{what}");
    }
}

/// Kills on the `kill_at`-th hook call (re-arming every 1000 units before that); counts the
/// calls in `vm.ext["hook_calls"]`.
fn counting_hook(vm: &mut Vm) -> Result<(), Throw> {
    let kill_at = vm.ext::<u32>("kill_at").copied().unwrap_or(u32::MAX);
    let n = vm.ext_or_insert_with("hook_calls", || 0u32);
    *n += 1;
    if *n >= kill_at {
        return Err(Throw::uncatchable("killed"));
    }
    vm.set_budget(1000);
    Ok(())
}

fn hook_calls(vm: &Vm) -> u32 {
    vm.ext::<u32>("hook_calls").copied().unwrap_or(0)
}

fn killing_vm(kill_at: u32) -> Vm {
    let mut vm = vm();
    vm.set_ext("kill_at", kill_at);
    vm.set_hook(Some(counting_hook));
    vm.set_budget(1000);
    vm
}

/// A budget hook that kills stops a long compile (parse, long comment, code generation)
/// within a bounded number of units, and `pcall(loadstring, …)` does not catch the kill.
#[test]
fn budget_hook_kills_a_long_compile_uncatchably() {
    let _g = serial();
    let sources = [
        // 20M tokens: seconds of parsing, GiBs of tree, unless killed.
        ("chain", "'return ' .. string.rep('1+', 1e7) .. '1'"),
        (
            "long comment",
            "'--[[' .. string.rep('x', 5e7) .. ']] return 1'",
        ),
        (
            "short comment",
            "'--' .. string.rep('x', 5e7) .. '\\nreturn 1'",
        ),
    ];
    for (what, expr) in sources {
        let mut vm = killing_vm(3);
        // string.rep and the concatenation pay the budget too: measure from the loadstring.
        vm.set_hook(None);
        vm.set_budget(i64::MAX);
        let s = format!("s = {expr}");
        run(&mut vm, &s).expect("setup");
        vm.set_hook(Some(counting_hook));
        vm.set_budget(1000);
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
        let before = LIVE.load(Ordering::Relaxed);
        let t0 = CpuClock::start();
        let e = run(&mut vm, "return pcall(loadstring, s)").expect_err(what);
        let took = t0.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - before;
        assert!(e.uncatchable, "{what}: {}", e.message);
        assert_eq!(e.message, "killed", "{what}");
        assert_eq!(hook_calls(&vm), 3, "{what}");
        assert!(took < Duration::from_millis(500), "{what}: {took:?}");
        // loadstring's copies of the source and of its name (the source), reserved, and
        // ~2000 units of compile work: a few MiB.
        let sv = vm.get_global("s");
        let len = vm.str_bytes(sv).map_or(0, |b| b.len());
        assert!(peak < 2 * len + (8 << 20), "{what}: {peak} bytes for {len}");
        vm.set_hook(None);
        vm.set_budget(i64::MAX);
        let r = run(&mut vm, "return 1 + 1").expect(what);
        assert_eq!(text(&vm, r[0]), "2", "{what}");
    }
}

/// The kill lands wherever the compile is: a source is compiled once with a hook that only
/// counts, then killed at its first, middle and last hook call (the last one is in code
/// generation, which reports after parsing).
#[test]
fn kill_lands_in_every_phase_of_a_compile() {
    let _g = serial();
    let src = format!(
        "local t = {{}} {} return {}",
        rep("t.x = t.x or function(a) return a end", 5000, " "),
        rep("1", 20000, "+")
    );
    let mut vm = killing_vm(u32::MAX);
    vm.load(src.as_bytes(), "=test").expect("compiles");
    let calls = hook_calls(&vm);
    assert!(calls > 20, "{calls}");
    for k in [1, calls / 2, calls] {
        let mut vm = killing_vm(k);
        match vm.load(src.as_bytes(), "=test") {
            Err(ferrous_vm::LoadError::Throw(Throw::Uncatchable(m))) => assert_eq!(m, "killed"),
            other => panic!("kill at {k}: {:?}", other.map(|_| ())),
        }
        assert_eq!(hook_calls(&vm), k);
    }
}

/// Prototypes count in `collectgarbage("count")` (lua5.1 counts them: this chunk of 2000 small
/// functions adds 688 KiB there; 987 KiB here), and are given back once nothing uses them.
#[test]
fn prototypes_are_charged_to_the_heap() {
    let _g = serial();
    let mut vm = vm();
    let r = run(
        &mut vm,
        "collectgarbage() collectgarbage()
         local k0 = collectgarbage('count')
         local body = {}
         for i = 1, 2000 do body[i] = 't[' .. i .. '] = function(a, b) local c = a + b * 2 return c, a, b end' end
         local src = 'local t = {} ' .. table.concat(body, ' ')
         local f = assert(loadstring(src))
         src, body = nil, nil
         collectgarbage() collectgarbage()
         local k1 = collectgarbage('count')
         f = nil
         collectgarbage() collectgarbage()
         local k2 = collectgarbage('count')
         return k1 - k0, k2 - k0",
    )
    .expect("runs");
    let grown: f64 = text(&vm, r[0]).parse().expect("number");
    let left: f64 = text(&vm, r[1]).parse().expect("number");
    // Of lua5.1's order, not just the closure and the strings (0.06 KiB before).
    assert!(grown > 200.0 && grown < 1500.0, "grew by {grown} KiB");
    assert!(
        left < 50.0,
        "{left} KiB left after the function was collected"
    );
}

/// Garbage does not make a compile fail: over the limit, `Vm::load` collects once and tries
/// again (as `Vm::reserve` does for natives).
#[test]
fn compile_over_the_limit_collects_garbage_first() {
    let _g = serial();
    let mut vm = vm();
    vm.set_memory_limit(SMALL_LIMIT);
    let r = run(
        &mut vm,
        "collectgarbage('stop')
         for i = 1, 70 do local s = string.rep('x', 2^17) .. i end
         local before = collectgarbage('count')
         local f, m = loadstring('return ' .. string.rep('1+', 20000) .. '1')
         return before, f and f() or m",
    )
    .expect("runs");
    let before: f64 = text(&vm, r[0]).parse().expect("number");
    assert!(before > 8.0 * 1024.0, "{before} KiB of garbage");
    assert_eq!(text(&vm, r[1]), "20001");
}
