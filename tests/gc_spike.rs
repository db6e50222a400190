//! After a spike (issue 10): memory goes back, the collector's cost follows the live objects
//! (not the peak), and a host can reset the collector's parameters between scripts.
//!
//! The test binary counts the bytes allocated through the global allocator; the tests run
//! one at a time (`SERIAL`) so that the count is theirs alone.

use ferrous_vm::Vm;
use ferrous_vm::exec::GcStress;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::LIVE as ALLOCATED;

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

static SERIAL: Mutex<()> = Mutex::new(());

const MIB: usize = 1 << 20;

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    // These tests measure the ordinary collector, whatever the environment asks for.
    vm.set_gc_debug(GcStress::Off, false);
    vm
}

fn run(vm: &mut Vm, src: &str) -> Vec<ferrous_vm::Value> {
    let f = vm.load(src.as_bytes(), "=spike").unwrap();
    vm.call(f, &[]).unwrap_or_else(|e| panic!("{}", e.message))
}

/// One script builds 1,000,000 small tables (garbage when it ends; a global keeps the last
/// table built when `keep_last`, so that a live object holds a high slot index).
const SPIKE: &str =
    "local t = {} for i = 1, 1000000 do t[i] = {} end KEEP = KEEP_LAST and t[#t] or nil";

/// An allocation-heavy script run with an aggressive collector.
const CHURN: &str = "collectgarbage('setpause', 10) local s = 0 \
     for i = 1, 200000 do local t = {i, {}} s = s + t[1] end return s";

/// (a) After a 1,000,000-table spike and `collectgarbage()`, the VM's reserved memory
/// (`Vm::memory_stats`) and the bytes allocated by the whole process return to near their
/// baseline. When a live object holds one of the spike's highest slots, only the sparse slot
/// array (8 bytes per peak slot: 8 MB here, instead of the 115 MB the arenas held) stays.
#[test]
fn memory_returns_after_a_spike() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for keep_last in [false, true] {
        let mut vm = vm();
        vm.set_global("KEEP_LAST", ferrous_vm::Value::Bool(keep_last));
        run(&mut vm, "collectgarbage()");
        // The sparse slot array a live high slot keeps: 8 bytes per slot.
        let kept = if keep_last { 8 * 1_000_000 } else { 0 };
        let base_alloc = ALLOCATED.load(Ordering::Relaxed);
        let base = vm.memory_stats();
        run(&mut vm, SPIKE);
        let peak_alloc = ALLOCATED.load(Ordering::Relaxed);
        let peak = vm.memory_stats();
        run(&mut vm, "collectgarbage()");
        let after_alloc = ALLOCATED.load(Ordering::Relaxed);
        let after = vm.memory_stats();
        eprintln!(
            "keep_last {}: allocated {} / {} / {} KiB; reserved {} / {} / {} KiB; slots {} / {} / {}",
            keep_last,
            base_alloc >> 10,
            peak_alloc >> 10,
            after_alloc >> 10,
            base.reserved_bytes >> 10,
            peak.reserved_bytes >> 10,
            after.reserved_bytes >> 10,
            base.arena_slots,
            peak.arena_slots,
            after.arena_slots
        );
        assert!(peak_alloc > base_alloc + 50 * MIB, "no spike?");
        assert!(peak.live_objects >= 1_000_000);
        assert!(after.live_objects < base.live_objects + 100);
        assert!(
            after_alloc < base_alloc + 5 * MIB + kept,
            "allocated after {} KiB, baseline {} KiB",
            after_alloc >> 10,
            base_alloc >> 10
        );
        assert!(
            after.reserved_bytes < base.reserved_bytes + 5 * MIB + kept,
            "{:?} vs {:?}",
            after,
            base
        );
        if !keep_last {
            // The vacant tail of the slot arrays is cut off too.
            assert!(after.arena_slots < 4 * base.arena_slots.max(4096));
        }
        assert!(after.accounted_bytes < base.accounted_bytes + 64 * 1024);
    }
}

/// (b) After a spike, a script with `collectgarbage('setpause', 10)` costs the collector
/// about what it costs on a fresh VM: its work (deterministic work units, not time) follows
/// the live objects, not the arenas' peak — with or without a live object at a high slot.
#[test]
fn collector_cost_after_a_spike_follows_live_objects() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let work = |spike: Option<bool>| {
        let mut vm = vm();
        if let Some(keep_last) = spike {
            vm.set_global("KEEP_LAST", ferrous_vm::Value::Bool(keep_last));
            run(&mut vm, SPIKE);
            run(&mut vm, "collectgarbage()");
        }
        let before = vm.memory_stats();
        let r = run(&mut vm, CHURN);
        assert!(r[0].raw_eq(ferrous_vm::Value::Num(200000.0 * 200001.0 / 2.0)));
        let after = vm.memory_stats();
        (
            after.gc_work - before.gc_work,
            after.gc_cycles - before.gc_cycles,
        )
    };
    let (fresh, fresh_cycles) = work(None);
    for keep_last in [false, true] {
        let (spiked, cycles) = work(Some(keep_last));
        eprintln!(
            "keep_last {}: collector work fresh {} ({} cycles), after the spike {} ({} cycles)",
            keep_last, fresh, fresh_cycles, spiked, cycles
        );
        assert!(fresh_cycles > 10);
        assert!(
            spiked < 2 * fresh,
            "after the spike {} work units, fresh {}",
            spiked,
            fresh
        );
    }
}

/// (c) `Vm::gc_reset_params` restores pause and step multiplier to 200 and restarts a
/// stopped collector.
#[test]
fn gc_reset_params_restores_defaults_and_restarts() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut vm = vm();
    run(
        &mut vm,
        "collectgarbage('setpause', 10) collectgarbage('setstepmul', 50) collectgarbage('stop')",
    );
    // Stopped: allocation runs no cycle.
    let c0 = vm.gc_counters().cycles;
    run(&mut vm, "for i = 1, 100000 do local t = {i} end");
    assert_eq!(vm.gc_counters().cycles, c0);
    vm.gc_reset_params();
    assert_eq!(vm.gc_params(), (200, 200));
    let r = run(
        &mut vm,
        "local p = collectgarbage('setpause', 200) local m = collectgarbage('setstepmul', 200) \
         for i = 1, 300000 do local t = {i} end return p, m",
    );
    assert!(r[0].raw_eq(ferrous_vm::Value::Num(200.0)));
    assert!(r[1].raw_eq(ferrous_vm::Value::Num(200.0)));
    assert!(vm.gc_counters().cycles > c0, "the collector runs again");
}
