//! The compiler inside the VM's limits (issue 10): a compile's memory is charged before it is
//! held (`vm/src/compiler/meter.rs`: per token and per source byte), so a huge source under a
//! memory limit fails with lua5.1's `not enough memory` and a bounded process heap; its work
//! is reported to the budget hook, so a kill stops a long compile and stays uncatchable; the
//! prototypes it makes are charged to the heap (`collectgarbage("count")`), as lua5.1 counts
//! them. A counting global allocator measures the process's peak heap; the tests run one at a
//! time (a mutex) so the peaks are their own.

use ferrous_vm::compiler::meter::Meter;
use ferrous_vm::heap::Heap;
use ferrous_vm::{Throw, Value, Vm};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// The only unsafe here is the allocator shim the test binary needs to count bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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
