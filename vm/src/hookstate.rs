//! The state of one thread's `debug.sethook` hook (lua5.1 keeps `hook`, `hookmask`,
//! `basehookcount`, `hookcount` and `allowhook` per `lua_State`). The running thread's is
//! `Vm::lua_hook`; a coroutine keeps its own in `Coroutine::hook` while it is not running.
//! Here, apart from the executor, so the coroutine type does not depend on it.

use crate::value::Value;

/// lua5.1's `LUA_MASKCALL`, `LUA_MASKRET`, `LUA_MASKLINE`, `LUA_MASKCOUNT`.
pub const MASK_CALL: u8 = 1;
pub const MASK_RET: u8 = 2;
pub const MASK_LINE: u8 = 4;
pub const MASK_COUNT: u8 = 8;

/// How far the hooks of the instruction at (`depth`, `pc`) got before a hook frame ran: the
/// driver re-enters that instruction afterwards and must not repeat them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The call event of a function entry ran; its first instruction is traced next.
    Called,
    /// The count event ran; the line event (this line) is still due.
    Line(u32),
    /// Count and line events are done.
    Traced,
    /// The RETURN's return event (and `Tail` tail returns) ran.
    Returned,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Resume {
    pub depth: usize,
    pub pc: usize,
    pub stage: Stage,
}

/// One thread's hook.
#[derive(Debug, Clone)]
pub struct LuaHook {
    /// The hook function (`Nil` for a coroutine that copied its creator's mask: lua5.1's
    /// `lua_newthread` copies the C hook, and ldblib's table has no function for it).
    pub func: Value,
    /// `MASK_*` bits (0 when the function or the mask is empty, as `lua_sethook` does).
    pub mask: u8,
    /// The count as given (`basehookcount`).
    pub count: i64,
    /// Instructions left before the next count event (`hookcount`).
    pub(crate) left: i64,
    /// An event waits for the driver: (name, line).
    pub(crate) pending: Option<(&'static str, Option<u32>)>,
    /// The hook frame interrupted an instruction: it runs again (its `pc` steps back).
    pub(crate) again: bool,
    /// A hook frame is running (lua5.1's `allowhook` cleared).
    pub(crate) running: bool,
    pub(crate) resume: Option<Resume>,
}

impl LuaHook {
    /// `debug.sethook(f, mask, count)`: `mask` holds the letters `c`, `r`, `l`.
    pub fn new(func: Value, mask: &[u8], count: i64) -> LuaHook {
        let count = count.max(0);
        let mut m = 0;
        for (c, bit) in [(b'c', MASK_CALL), (b'r', MASK_RET), (b'l', MASK_LINE)] {
            if mask.contains(&c) {
                m |= bit;
            }
        }
        if count > 0 {
            m |= MASK_COUNT;
        }
        LuaHook {
            func,
            mask: m,
            count,
            left: count,
            pending: None,
            again: false,
            running: false,
            resume: None,
        }
    }

    /// What a new coroutine gets from its creator (`luaE_newthread`): the mask and count,
    /// not the function.
    pub fn inherited(&self) -> LuaHook {
        LuaHook {
            func: Value::Nil,
            mask: self.mask,
            count: self.count,
            left: self.count,
            pending: None,
            again: false,
            running: false,
            resume: None,
        }
    }

    /// The mask letters in lua5.1's `unmakemask` order.
    pub fn mask_letters(&self) -> String {
        [(MASK_CALL, 'c'), (MASK_RET, 'r'), (MASK_LINE, 'l')]
            .into_iter()
            .filter(|&(b, _)| self.mask & b != 0)
            .map(|(_, c)| c)
            .collect()
    }

    /// Cleared (`debug.sethook()`): nothing to keep for the thread.
    pub fn is_empty(&self) -> bool {
        self.func.is_nil() && self.mask == 0 && self.count == 0
    }

    /// Events can fire: a function, a mask, and no hook running on this thread.
    #[inline]
    pub fn active(&self) -> bool {
        self.mask != 0 && !self.running && !self.func.is_nil()
    }
}
