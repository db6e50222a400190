//! Lua debug hooks (`debug.sethook`, CLI only): line events from the line traps of code
//! compiled while a line hook is set, count events from the instruction budget.
//!
//! A hook never runs on the Rust stack: the trap or the budget tick records the event and
//! raises `Throw::Hook`; the dispatch loop's driver then pushes the hook function as a frame
//! above the interrupted Lua frame (`RetMode::Hook`, results dropped, `top` restored), and the
//! interrupted frame goes on from its saved `pc` when the hook returns. As lua5.1's
//! `allowhook`, no event fires while a hook frame is on the frame stack.

use super::{CallInfo, RetMode, Throw, Vm};
use crate::value::Value;

/// The Lua hook set by `debug.sethook`.
#[derive(Debug, Clone)]
pub struct LuaHook {
    pub func: Value,
    /// The mask as given (`"l"`, `"c"`, `"r"` letters), for `debug.gethook`.
    pub mask: String,
    /// Budget units between count events (0: none). A unit is a backward jump, a loop
    /// iteration or a call, not a VM instruction.
    pub count: i64,
    /// An event waits for the driver: (name, line).
    pending: Option<(&'static str, Option<u32>)>,
    /// A count event raised by CALL/TAILCALL: the call runs again after the hook.
    again: bool,
    /// A hook frame is running (lua5.1's `allowhook` cleared).
    running: bool,
}

impl LuaHook {
    pub fn new(func: Value, mask: &str, count: i64) -> LuaHook {
        LuaHook {
            func,
            mask: mask.to_string(),
            count: count.max(0),
            pending: None,
            again: false,
            running: false,
        }
    }

    pub fn lines(&self) -> bool {
        self.mask.contains('l')
    }
}

impl Vm {
    /// Sets (or with `None` clears) the Lua hook. A line mask makes later compiles emit line
    /// traps; a count arms the budget.
    /// The hook `debug.sethook` set, for `debug.gethook`.
    pub fn lua_hook(&self) -> Option<&LuaHook> {
        self.lua_hook.as_deref()
    }

    pub fn set_lua_hook(&mut self, h: Option<LuaHook>) {
        let had_count = self.lua_hook.as_ref().is_some_and(|h| h.count > 0);
        let count = h.as_ref().map_or(0, |h| h.count);
        self.trap_compile = h.as_ref().is_some_and(|h| h.lines());
        self.lua_hook = h.map(Box::new);
        if count > 0 {
            self.hook = Some(count_event);
            self.budget = count;
        } else if had_count {
            self.hook = None;
            self.budget = i64::MAX;
        }
    }

    fn hook_allowed(&self) -> bool {
        self.lua_hook.as_ref().is_some_and(|h| !h.running)
    }

    /// A line trap of a trap compile ran (the frame's `pc` is saved).
    #[cold]
    pub(crate) fn line_event(&mut self) -> Result<(), Throw> {
        if !self.lua_hook.as_ref().is_some_and(|h| h.lines()) || !self.hook_allowed() {
            return Ok(());
        }
        let line = self
            .frames
            .last()
            .and_then(|f| Some(*self.frame_proto(f)?.lines.get(f.pc.checked_sub(1)?)?));
        if let Some(h) = self.lua_hook.as_mut() {
            h.pending = Some(("line", line));
        }
        Err(Throw::Hook)
    }

    /// The dispatch loop's budget tick reached zero with a count event waiting: raise it
    /// (`call`: the tick was a CALL's or TAILCALL's, which runs again after the hook).
    #[cold]
    pub(crate) fn count_tick(&mut self, call: bool) -> Result<(), Throw> {
        let allowed = self.hook_allowed();
        let Some(h) = self.lua_hook.as_mut() else {
            return Ok(());
        };
        if h.pending != Some(("count", None)) {
            return Ok(());
        }
        h.pending = None;
        self.budget = h.count.max(1);
        if !allowed {
            return Ok(());
        }
        h.pending = Some(("count", None));
        h.again = call;
        // The CALL that runs again pays its unit a second time.
        self.budget += i64::from(call);
        Err(Throw::Hook)
    }

    /// The driver caught `Throw::Hook`: pushes the hook function above the top Lua frame.
    pub(crate) fn push_hook_frame(&mut self) -> Result<(), Throw> {
        let Some(h) = self.lua_hook.as_mut() else {
            return Ok(());
        };
        let Some((event, line)) = h.pending.take() else {
            return Ok(());
        };
        let func = h.func;
        h.running = true;
        let Some(f) = self.frames.last() else {
            return Ok(());
        };
        let frame_top = f.base + self.frame_proto(f).map_or(0, |p| p.max_stack as usize);
        let top = self.top;
        let at = frame_top.max(top).max(f.base);
        let ev = self.str(event);
        let line = line.map_or(Value::Nil, |l| Value::Num(l as f64));
        if self.stack.len() < at {
            self.stack.resize(at, Value::Nil);
        }
        self.stack.truncate(at);
        self.stack.push(func);
        self.stack.push(ev);
        self.stack.push(line);
        self.call_value(
            CallInfo {
                func_idx: at,
                nresults: 0,
                ret: RetMode::Hook { top },
            },
            2,
            false,
        )
    }

    /// A hook frame returned: the caller's `top` comes back, and a CALL or TAILCALL the
    /// count event came before runs now.
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_returned(&mut self, top: usize) {
        self.top = top;
        if let Some(h) = self.lua_hook.as_mut()
            && std::mem::take(&mut h.again)
            && let Some(f) = self.frames.last_mut()
        {
            f.pc -= 1;
        }
        self.hook_ended();
    }

    /// A hook frame returned (or an error unwound past it): hooks are allowed again when no
    /// hook frame is left.
    pub(crate) fn hook_ended(&mut self) {
        let running = self
            .frames
            .iter()
            .any(|f| matches!(f.ci.ret, RetMode::Hook { .. }));
        if let Some(h) = self.lua_hook.as_mut() {
            h.running = running;
            h.again &= running;
        }
    }

    /// An error left the VM: no hook frame is running any more.
    pub(crate) fn hook_reset(&mut self) {
        if let Some(h) = self.lua_hook.as_mut() {
            h.running = false;
            h.again = false;
            h.pending = None;
        }
    }
}

/// The budget hook while a Lua count hook is set: the event waits for the dispatch loop's
/// next tick (a native charging the budget cannot run Lua), which comes at once.
fn count_event(vm: &mut Vm) -> Result<(), Throw> {
    if let Some(h) = vm.lua_hook.as_mut() {
        h.pending = Some(("count", None));
    }
    vm.budget = 1;
    Ok(())
}
