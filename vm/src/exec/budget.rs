//! The instruction budget and its hook (SCRIPT KILL, time limits).
//!
//! `Vm::budget` counts down: the dispatch loop takes one unit per backward jump, loop
//! iteration (numeric and generic `for`) and call (CALL/TAILCALL), so every endless loop and
//! every endless recursion of Lua code pays. Natives that do work proportional to their input
//! (`table.concat`, `table.sort` per comparison, `unpack`, …) pay through `Vm::charge`. When the
//! budget reaches zero it is reset to `i64::MAX` and `Vm::hook` runs; the hook re-arms itself
//! by setting `budget` (Redis: every 100000 instructions), and may raise an error —
//! `Throw::Uncatchable` for a kill that no `pcall` can stop.

use super::{Throw, Vm};

impl Vm {
    /// Charges `units` of work to the budget from a native; at zero runs the hook, whose error
    /// (if any) the native must propagate (`vm.charge(n)?`), so a kill can stop it mid-way.
    /// Call only where the native's state is consistent: the hook may end the script.
    #[inline]
    pub fn charge(&mut self, units: u64) -> Result<(), Throw> {
        self.budget = self
            .budget
            .saturating_sub(units.min(i64::MAX as u64) as i64);
        if self.budget <= 0 {
            return self.run_hook();
        }
        Ok(())
    }

    /// Resets the budget and runs the hook (the budget reached zero).
    #[inline(never)]
    pub(crate) fn run_hook(&mut self) -> Result<(), Throw> {
        self.budget = i64::MAX;
        match self.hook {
            Some(h) => h(self),
            None => Ok(()),
        }
    }
}
