//! What the module does to a script VM around each script so that one script's memory
//! behaviour does not carry over to the next: collector settings are reset, and a heap spike
//! is collected and given back to the system once the script's reply has gone out.

use crate::ffi::{self, Ctx};
use ferrous_vm::Vm;
use std::cell::Cell;

/// Below this heap size a VM is left to its collector's own pacing.
const SPIKE_MIN: usize = 32 * 1024 * 1024;
/// Delay of the settling after the script (the reply is written first).
const SETTLE_AFTER_MS: i64 = 1;

/// The heap left after the module's last settling of this VM (in `Vm::ext`).
struct Settled(usize);

thread_local! {
    /// A settling timer is pending.
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Before a script: `collectgarbage("setpause"|"setstepmul"|"stop")` of an earlier script does
/// not apply (Ferrous's decision; the built-in keeps them in its one Lua state, where an
/// aggressive setting slows every later script).
pub fn before_script(vm: &mut Vm) {
    vm.gc_reset_params();
}

/// After a script: when its VM needs settling (see `needs_settling`), a timer does it from the
/// event loop, so that the collection does not delay the script's reply (a killed script's
/// client included).
#[inline]
pub fn after_script(ctx: Ctx, vm: &mut Vm, heap_before: usize) {
    // The usual run: a heap below the spike size that did not shrink by one (two
    // comparisons inline; the rest is out of line).
    let now = vm.heap().bytes;
    if now <= SPIKE_MIN && heap_before <= now.saturating_add(SPIKE_MIN) {
        return;
    }
    after_big_script(ctx, vm, heap_before);
}

#[cold]
#[inline(never)]
fn after_big_script(ctx: Ctx, vm: &mut Vm, heap_before: usize) {
    if heap_before > vm.heap().bytes.saturating_add(SPIKE_MIN) {
        // The script itself freed much (`collectgarbage()` after a spike): capacity and the
        // allocator's free memory are left to give back. Its KEYS/ARGV were made while the
        // spike still filled the arenas, so they may sit in the highest slots and keep the
        // vacant tail from being cut: they are dropped (the next EVAL sets its own; nothing
        // runs in between) and collected first (a cost proportional to the live objects,
        // amortised by the 32 MiB or more the script freed).
        for name in ["KEYS", "ARGV"] {
            let k = vm.str(name);
            let _ = vm.raw_set_force(vm.globals(), k, ferrous_vm::Value::Nil);
        }
        vm.collect_garbage();
        vm.shrink_idle();
        set_settled(vm, vm.heap().bytes);
        ffi::trim_allocator();
    } else if needs_settling(vm) && !SCHEDULED.with(|s| s.replace(true)) {
        ffi::defer_settle(ctx, SETTLE_AFTER_MS);
    }
}

/// A heap over 32 MiB that at least doubled since the module last settled it: collected at
/// once (cost proportional to the live objects, amortised by the allocation that doubled
/// it), then the VM shrunk and the C allocator trimmed.
fn needs_settling(vm: &Vm) -> bool {
    // The size first: the keyed lookup only for a heap that is big at all.
    let now = vm.heap().bytes;
    now > SPIKE_MIN && now / 2 > vm.ext::<Settled>("ferrous.settled").map_or(0, |s| s.0)
}

fn set_settled(vm: &mut Vm, bytes: usize) {
    vm.set_ext("ferrous.settled", Settled(bytes));
}

fn settle(vm: &mut Vm) {
    if needs_settling(vm) {
        vm.collect_garbage();
        vm.shrink_idle();
        set_settled(vm, vm.heap().bytes);
        ffi::trim_allocator();
    }
}

/// The timer's work: settles the EVAL VM and the function VM (skipped if one is in use).
pub fn settle_deferred() {
    SCHEDULED.with(|s| s.set(false));
    crate::engine::ENGINE.with(|e| {
        if let Ok(mut b) = e.try_borrow_mut()
            && let Some(eng) = b.as_mut()
        {
            settle(&mut eng.vm);
        }
    });
    crate::functions::FVM.with(|v| {
        if let Ok(mut b) = v.try_borrow_mut()
            && let Some(vm) = b.as_mut()
        {
            settle(vm);
        }
    });
}
