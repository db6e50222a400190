//! Collector and memory-limit tests (issue 4), each named in ARCHITECTURE_ISSUES.md.

use ferrous_vm::Vm;
use std::process::Command;
use std::time::Duration;

/// Runs the `ferrous` binary on `code` and returns (stdout, peak RSS in KiB from VmHWM).
fn run_cli(args: &[&str], code: &str) -> (String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferrous"))
        .args(args)
        .arg("-e")
        .arg(code)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn ferrous");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            for line in s.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb);
                }
            }
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("output");
    (String::from_utf8_lossy(&out.stdout).into_owned(), peak)
}

/// 10,000,000 short-lived tables and strings run in well under 64 MiB of peak RSS.
#[test]
fn short_lived_garbage_keeps_rss_small() {
    let (out, peak_kb) = run_cli(
        &[],
        "local n = 0 for i = 1, 10000000 do local t = {i} local s = 'k' .. i n = n + #t end print(n)",
    );
    assert_eq!(out.trim(), "10000000");
    assert!(
        peak_kb > 0 && peak_kb < 64 * 1024,
        "peak RSS {} KiB",
        peak_kb
    );
}

/// Crossing the memory limit is a catchable `not enough memory` error and the VM keeps working.
#[test]
fn memory_limit_is_a_catchable_error() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.memory_limit = 16 << 20;
    let f = vm
        .load(
            b"local ok, e = pcall(function() local t = {} for i = 1, 1e8 do t[i] = {i} end end) return ok, e",
            "=limit",
        )
        .unwrap();
    let r = vm.call(f, &[]).unwrap();
    assert!(matches!(r[0], ferrous_vm::Value::Bool(false)));
    assert_eq!(vm.error_text(r[1]), "not enough memory");
    // A second script (allocating again) runs normally: the garbage of the first is collected.
    let g = vm
        .load(
            b"local t = {} for i = 1, 100000 do t[i] = tostring(i) end return #t",
            "=after",
        )
        .unwrap();
    let r = vm.call(g, &[]).unwrap();
    assert_eq!(vm.error_text(r[0]), "100000");
    // Uncaught, it reaches the host as an error, not an abort.
    let h = vm
        .load(b"local t = {} for i = 1, 1e8 do t[i] = {} end", "=uncaught")
        .unwrap();
    let e = vm.call(h, &[]).unwrap_err();
    assert_eq!(e.message, "not enough memory");
}

/// The CLI exposes the limit.
#[test]
fn cli_memory_limit_option() {
    let (out, _) = run_cli(
        &["--memory-limit", "8m"],
        "print(pcall(function() local t = {} for i = 1, 1e7 do t[i] = {i} end end))",
    );
    assert_eq!(out.trim(), "false\tnot enough memory");
}

/// A deep linked list and a deeply nested table are collected without recursion (the mark
/// phase uses an explicit worklist), on a small Rust stack.
#[test]
fn deep_structures_collect_on_small_stack() {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut vm = Vm::new();
            ferrous_stdlib::open_all(&mut vm);
            let f = vm
                .load(
                    b"local l = nil for i = 1, 1000000 do l = {next = l} end
                      local n = {} local cur = n for i = 1, 200000 do cur[1] = {} cur = cur[1] end
                      collectgarbage() local c1 = collectgarbage('count')
                      l = nil n = nil cur = nil collectgarbage()
                      return c1 > collectgarbage('count') * 4",
                    "=deep",
                )
                .unwrap();
            let r = vm.call(f, &[]).unwrap();
            assert!(matches!(r[0], ferrous_vm::Value::Bool(true)));
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
}

/// A loop that only grows a table (no allocation instruction inside) still hits the limit:
/// it is checked at backward jumps and calls too.
#[test]
fn memory_limit_holds_in_loops_that_only_grow_a_table() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.memory_limit = 8 << 20;
    let f = vm
        .load(
            b"return pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end)",
            "=grow",
        )
        .unwrap();
    let r = vm.call(f, &[]).unwrap();
    assert!(matches!(r[0], ferrous_vm::Value::Bool(false)));
    assert_eq!(vm.error_text(r[1]), "not enough memory");
    vm.collect_garbage();
    assert!(
        vm.heap.bytes < 8 << 20,
        "the failed table was not collected"
    );
}
