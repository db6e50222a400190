//! Architecture regression tests, each named in ARCHITECTURE_ISSUES.md.
//!
//! The deep-nesting tests run on a thread with a deliberately small Rust stack (256 KiB): any
//! Rust recursion proportional to Lua's nesting would overflow it and abort the test binary.

use ferrous_vm::{Value, Vm};

const SMALL_STACK: usize = 256 * 1024;

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm
}

fn eval(vm: &mut Vm, src: &str) -> Result<Vec<Value>, String> {
    let f = vm.load(src.as_bytes(), "=test")?;
    vm.call(f, &[]).map_err(|e| e.message)
}

fn eval_str(vm: &mut Vm, src: &str) -> String {
    match eval(vm, src) {
        Ok(v) => v
            .iter()
            .map(|x| String::from_utf8_lossy(&vm.tostring_basic(*x)).into_owned())
            .collect::<Vec<_>>()
            .join(","),
        Err(e) => format!("error: {}", e),
    }
}

fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .expect("test thread failed");
}

/// (a) A chunk run by `loadstring` from inside an outer chunk has its own captured locals;
/// nothing it does can alias the outer frame's cells.
#[test]
fn nested_execution_cannot_alias_captures() {
    let mut vm = vm();
    let src = r#"
        local a, b = 1, 2
        local function geta() return a end
        local function run_inner()
            local f = loadstring([[
                local a, b = 100, 200
                local function seta(v) a = v end
                seta(300)
                local function getb() return b end
                return a, getb(), function() return a end
            ]])
            return f()
        end
        local ia, ib, ig = run_inner()
        -- the outer locals are untouched by the inner chunk; closures share the outer cells
        -- (checked against lua5.1: 300 200 300 7 1 5 7)
        local function setb(v) b = v end
        setb(5)
        local g2 = function() return a, b end
        local x, y = g2()
        a = 7
        return ia, ib, ig(), geta(), x, y, (g2())
    "#;
    assert_eq!(eval_str(&mut vm, src), "300,200,300,7,1,5,7");
}

/// (b) Each loop iteration gets a fresh cell for captured loop variables and body locals.
#[test]
fn fresh_cell_per_iteration() {
    let mut vm = vm();
    let src = r#"
        local fs = {}
        for i = 1, 3 do fs[#fs + 1] = function() return i end end
        for _, v in ipairs({10, 20}) do fs[#fs + 1] = function() return v end end
        local j = 0
        while j < 2 do j = j + 1; local k = j * 100; fs[#fs + 1] = function() k = k + 1; return k end end
        local out = {}
        for n = 1, #fs do out[n] = fs[n]() end
        out[#out + 1] = fs[6]()  -- the same cell again: incremented twice
        local s = tostring(out[1])
        for n = 2, #out do s = s .. " " .. out[n] end
        return s
    "#;
    assert_eq!(eval_str(&mut vm, src), "1 2 3 10 20 101 201 102");
}

/// (c) 200,000 nested pcall levels complete without Rust recursion.
#[test]
fn no_rust_recursion_nested_pcall() {
    on_small_stack(|| {
        let mut vm = vm();
        vm.limits_mut().max_calls = 10_000_000;
        vm.limits_mut().max_ccalls = 10_000_000;
        let src = r#"
            local function f(n)
                if n == 0 then return 0 end
                local ok, v = pcall(f, n - 1)
                assert(ok, v)
                return v + 1
            end
            return f(200000)
        "#;
        assert_eq!(eval_str(&mut vm, src), "200000");
    });
}

/// (c) A 100,000-long chain of `__index` functions, each indexing the next table.
#[test]
fn no_rust_recursion_index_chain() {
    on_small_stack(|| {
        let mut vm = vm();
        vm.limits_mut().max_calls = 10_000_000;
        vm.limits_mut().max_ccalls = 10_000_000;
        let src = r#"
            local last = {answer = 42}
            local t = last
            for i = 1, 100000 do
                local nxt = t
                t = setmetatable({}, {__index = function(_, k) return nxt[k] end})
            end
            return t.answer
        "#;
        assert_eq!(eval_str(&mut vm, src), "42");
    });
}

/// (c) 1,000,000-deep non-tail recursion with the call limit raised.
#[test]
fn no_rust_recursion_deep_calls() {
    on_small_stack(|| {
        let mut vm = vm();
        vm.limits_mut().max_calls = 2_000_000;
        let src = r#"
            local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
            return depth(1000000)
        "#;
        assert_eq!(eval_str(&mut vm, src), "1000000");
    });
}

/// The default call limit matches lua5.1 (LUAI_MAXCALLS): deep recursion is a catchable
/// `stack overflow` error, not a crash.
#[test]
fn default_limit_gives_stack_overflow() {
    let mut vm = vm();
    let r = eval_str(
        &mut vm,
        "local function f() return 1 + f() end local ok, e = pcall(f) return ok, e",
    );
    assert!(
        r.starts_with("false,") && r.contains("stack overflow"),
        "{}",
        r
    );
    // the VM keeps working afterwards
    assert_eq!(eval_str(&mut vm, "return 1 + 1"), "2");
}

/// (d) A handle to a freed object is an error, never a panic or UB.
#[test]
fn stale_handles_are_errors() {
    let mut vm = vm();
    let t = vm.new_table();
    vm.set_global("t", Value::Table(t));
    assert_eq!(eval_str(&mut vm, "t.x = 1 return t.x"), "1");
    vm.heap_mut().free_table(t);
    assert!(vm.heap().table(t).is_err());
    let r = eval_str(&mut vm, "return t.x");
    assert!(r.starts_with("error:") && r.contains("stale"), "{}", r);
    let r = eval_str(&mut vm, "t.y = 2");
    assert!(r.starts_with("error:") && r.contains("stale"), "{}", r);
    // a fresh table reusing the slot is a different object
    let t2 = vm.new_table();
    assert_ne!(Value::Table(t2).identity(), Value::Table(t).identity());
    assert_eq!(eval_str(&mut vm, "return type(t)"), "table");
}

/// Value and handle sizes stay small (values are copied everywhere).
#[test]
fn sizes() {
    assert!(std::mem::size_of::<Value>() <= 16);
    assert_eq!(std::mem::size_of::<ferrous_vm::value::TableRef>(), 8);
    assert!(std::mem::size_of::<ferrous_vm::Throw>() <= 32);
    assert_eq!(std::mem::size_of::<ferrous_vm::bytecode::Instr>(), 4);
}
