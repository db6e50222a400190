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

    /// Resets the budget and runs the hook (the budget reached zero; natives with their own
    /// budget accounting, such as the pattern matcher, call it directly).
    #[inline(never)]
    pub fn run_hook(&mut self) -> Result<(), Throw> {
        self.budget = i64::MAX;
        match self.hook {
            Some(h) => h(self),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Throw, Value, Vm};

    /// Re-arms every 1000 units and kills on its third invocation.
    fn kill_on_third(vm: &mut Vm) -> Result<(), Throw> {
        let n = vm
            .ext
            .entry("hook_calls")
            .or_insert_with(|| Box::new(0u32))
            .downcast_mut::<u32>()
            .expect("counter");
        *n += 1;
        if *n >= 3 {
            return Err(Throw::uncatchable("killed by the test hook"));
        }
        vm.budget = 1000;
        Ok(())
    }

    fn hook_calls(vm: &Vm) -> u32 {
        vm.ext
            .get("hook_calls")
            .and_then(|b| b.downcast_ref::<u32>())
            .copied()
            .unwrap_or(0)
    }

    fn run(vm: &mut Vm, src: &str) -> Result<Vec<Value>, crate::LuaError> {
        let f = vm.load(src.as_bytes(), "@user_script").expect("compiles");
        vm.call(f, &[])
    }

    #[test]
    fn budget_hook_reached_in_every_endless_loop_kind() {
        let loops = [
            (
                "numeric for",
                "local x = 0\nfor i = 1, math_huge do x = x + 1 end",
            ),
            ("numeric for, negative step", "for i = 0, -1/0, -1 do end"),
            (
                "generic for, Lua iterator",
                "local function it() return 1 end\nfor v in it do end",
            ),
            ("while", "local n = 0\nwhile true do n = n + 1 end"),
            ("while, empty body", "while true do end"),
            ("repeat", "repeat local x = 1 until false"),
            (
                "tail-call recursion",
                "local function f(n) return f(n + 1) end\nreturn f(1)",
            ),
            (
                "mutual tail calls",
                "local g\nlocal function f() return g() end\ng = function() return f() end\nreturn f()",
            ),
            (
                "recursion that keeps unwinding",
                "local function f(n) if n > 150 then return end f(n + 1) f(n + 1) end\nf(0)",
            ),
        ];
        for (what, src) in loops {
            let mut vm = Vm::new();
            vm.set_global("math_huge", Value::Num(f64::INFINITY));
            vm.hook = Some(kill_on_third);
            vm.budget = 1000;
            let e = run(&mut vm, src).expect_err(what);
            assert!(e.uncatchable, "{what}");
            assert_eq!(e.message, "killed by the test hook", "{what}");
            assert_eq!(e.source.as_deref(), Some("@user_script"), "{what}");
            assert!(e.line.is_some(), "{what}");
            assert_eq!(hook_calls(&vm), 3, "{what}");
            // The VM is usable afterwards.
            vm.hook = None;
            vm.budget = i64::MAX;
            let r = run(
                &mut vm,
                "local t = {} for i = 1, 10 do t[i] = i end return #t",
            )
            .unwrap();
            assert!(r[0].raw_eq(Value::Num(10.0)), "{what}");
        }
    }

    #[test]
    fn charge_runs_the_hook_at_zero_and_propagates_its_error() {
        let mut vm = Vm::new();
        vm.hook = Some(kill_on_third);
        vm.budget = 10;
        assert!(vm.charge(9).is_ok());
        assert_eq!(hook_calls(&vm), 0);
        assert!(vm.charge(1).is_ok(), "first hook call re-arms");
        assert_eq!((hook_calls(&vm), vm.budget), (1, 1000));
        assert!(
            vm.charge(u64::MAX).is_ok(),
            "saturates instead of overflowing"
        );
        assert_eq!(hook_calls(&vm), 2);
        assert!(vm.charge(1000).unwrap_err().is_uncatchable());
        // Without a hook the budget is simply reset.
        vm.hook = None;
        vm.budget = 1;
        assert!(vm.charge(5).is_ok());
        assert_eq!(vm.budget, i64::MAX);
    }

    #[test]
    fn catchable_hook_error_is_positioned_like_a_runtime_error() {
        fn timeout(_: &mut Vm) -> Result<(), Throw> {
            Err(Throw::msg("timeout"))
        }
        let mut vm = Vm::new();
        vm.hook = Some(timeout);
        vm.budget = 100;
        let e = run(&mut vm, "\nwhile true do end").unwrap_err();
        assert!(!e.uncatchable);
        assert_eq!(e.message, "user_script:2: timeout");
        assert_eq!(
            (e.source.as_deref(), e.line),
            (Some("@user_script"), Some(2))
        );
    }
}
