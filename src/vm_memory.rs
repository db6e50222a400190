//! What the module does to a script VM around each script so that one script's memory
//! behaviour does not carry over to the next: collector settings are reset, and a heap spike
//! is collected and given back to the system once the script ends.

use crate::ffi;
use ferrous_vm::Vm;

/// Below this heap size a VM is left to its collector's own pacing.
const SPIKE_MIN: usize = 32 * 1024 * 1024;

/// The heap left after the module's last collection of this VM (in `Vm::ext`).
struct Settled(usize);

/// Before a script: `collectgarbage("setpause"|"setstepmul"|"stop")` of an earlier script does
/// not apply (Ferrous's decision; the built-in keeps them in its one Lua state, where an
/// aggressive setting slows every later script).
pub fn before_script(vm: &mut Vm) {
    vm.gc_reset_params();
}

/// After a script (its reply written): a heap that at least doubled since the last settling
/// and is large is collected at once (cost proportional to the live objects, amortised by the
/// allocation that doubled it), and the VM's spare capacity and the C allocator's free memory
/// go back to the system. `heap_before`: the heap when the script started (a script that
/// freed much, e.g. by `collectgarbage()`, also gives memory back).
pub fn after_script(vm: &mut Vm, heap_before: usize) {
    let settled = vm
        .ext
        .get("ferrous.settled")
        .and_then(|b| b.downcast_ref::<Settled>())
        .map_or(0, |s| s.0);
    let now = vm.heap.bytes;
    if now > SPIKE_MIN && now / 2 > settled {
        vm.collect_garbage();
        vm.shrink_idle();
        vm.ext
            .insert("ferrous.settled", Box::new(Settled(vm.heap.bytes)));
        ffi::trim_allocator();
    } else if heap_before > now.saturating_add(SPIKE_MIN) {
        vm.shrink_idle();
        vm.ext.insert("ferrous.settled", Box::new(Settled(now)));
        ffi::trim_allocator();
    }
}
