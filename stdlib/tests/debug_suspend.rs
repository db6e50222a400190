//! The VM's debugger support (exec/debug.rs): a debug compile stops at each new line and loop
//! target, a stop inside continuations (pcall, sort comparators, gsub callbacks, metamethods,
//! coroutines) resumes correctly, and code evaluated while stopped leaves the run intact.

use ferrous_vm::exec::debug::Run;
use ferrous_vm::{Value, Vm};

/// Stops at every trap and records the line.
fn stop_always(vm: &mut Vm, _loop_target: bool) -> bool {
    let line = vm.debug_levels().first().map(|l| l.line).unwrap_or(0);
    vm.ext_or_insert_with("lines", Vec::<u32>::new).push(line);
    true
}

fn lines(vm: &Vm) -> Vec<u32> {
    vm.ext::<Vec<u32>>("lines").cloned().unwrap_or_default()
}

/// Runs `src` stopping at every trap; returns the stop lines and the first result.
fn run_stepping(src: &str) -> (Vec<u32>, String) {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.set_line_hook(Some(stop_always));
    let f = vm
        .load_debug(src.as_bytes(), "@user_script")
        .expect("compiles");
    let mut r = vm.start_run(f, &[]).expect("runs");
    let mut n = 0;
    while let Run::Suspended = r {
        n += 1;
        assert!(n < 10_000, "too many stops");
        r = vm.resume_run().expect("resumes");
    }
    let Run::Done(v) = r else { unreachable!() };
    let out = v
        .first()
        .map(|&x| String::from_utf8_lossy(&vm.tostring_basic(x)).into_owned())
        .unwrap_or_default();
    (lines(&vm), out)
}

#[test]
fn stops_at_each_new_line_and_each_loop_iteration() {
    let (l, out) =
        run_stepping("local a = 1\nlocal b = 2\nfor i = 1, 2 do\n  a = a + i\nend\nreturn a + b");
    assert_eq!(out, "6");
    assert_eq!(l, vec![1, 2, 3, 4, 3, 4, 3, 6]);
}

#[test]
fn a_plain_compile_has_no_traps() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.set_line_hook(Some(stop_always));
    let f = vm
        .load(b"local a = 1\nreturn a", "@user_script")
        .expect("compiles");
    assert!(matches!(vm.start_run(f, &[]).expect("runs"), Run::Done(_)));
    assert!(lines(&vm).is_empty());
}

#[test]
fn stops_inside_continuations_resume_correctly() {
    let src = "local t = {3, 1, 2}\n\
               table.sort(t, function(a, b)\n  return a < b\nend)\n\
               local ok, e = pcall(function()\n  local x = 1\n  error('boom')\nend)\n\
               local s = string.gsub('ab', '%w', function(c)\n  return c:upper()\nend)\n\
               local mt = setmetatable({}, {__index = function(_, k)\n  return k .. '!'\nend})\n\
               local co = coroutine.wrap(function()\n  coroutine.yield(1)\n  return 2\nend)\n\
               local y = co() + co()\n\
               return table.concat(t, ',') .. tostring(ok) .. s .. mt.z .. y";
    let (l, out) = run_stepping(src);
    assert_eq!(out, "1,2,3falseABz!3");
    assert!(l.contains(&3) && l.contains(&8) && l.contains(&11) && l.contains(&14));
    assert!(l.contains(&17) && l.contains(&18));
}

#[test]
fn eval_while_suspended_leaves_the_run_intact() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.set_line_hook(Some(stop_always));
    let f = vm
        .load_debug(
            b"local a = 10\nlocal b = a * 2\nreturn a + b",
            "@user_script",
        )
        .expect("compiles");
    assert!(matches!(
        vm.start_run(f, &[]).expect("runs"),
        Run::Suspended
    ));
    assert!(matches!(vm.resume_run().expect("resumes"), Run::Suspended));
    let locals = vm.debug_locals(vm.debug_levels()[0].frame);
    assert_eq!(locals.len(), 1);
    assert_eq!(locals[0].0, "a");
    let g = vm.load(b"return 1 + 41", "@ldb_eval").expect("compiles");
    let r = vm.call_while_suspended(g, &[]).expect("evaluates");
    assert!(matches!(r.first(), Some(Value::Num(n)) if *n == 42.0));
    let bad = vm.load(b"error('x')", "@ldb_eval").expect("compiles");
    assert!(vm.call_while_suspended(bad, &[]).is_err());
    vm.collect_garbage();
    let mut r = vm.resume_run().expect("resumes");
    while let Run::Suspended = r {
        r = vm.resume_run().expect("resumes");
    }
    let Run::Done(v) = r else { unreachable!() };
    assert!(matches!(v.first(), Some(Value::Num(n)) if *n == 30.0));
}

#[test]
fn abort_ends_a_suspended_run() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.set_line_hook(Some(stop_always));
    let f = vm
        .load_debug(
            b"local ok = pcall(function()\n  local x = 1\nend)\nreturn 1",
            "@user_script",
        )
        .expect("compiles");
    let _ = vm.start_run(f, &[]).expect("runs");
    let _ = vm.resume_run().expect("resumes");
    let e = vm.abort_run("script aborted for user request");
    assert!(e.uncatchable);
    assert!(!vm.is_suspended());
    let g = vm.load(b"return 5", "=x").expect("compiles");
    assert!(vm.call(g, &[]).is_ok());
}
