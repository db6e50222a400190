//! Runtime errors: what operations throw (`Throw`) and what reaches the host (`LuaError`).

use super::Vm;
use crate::value::Value;

/// An error raised inside the VM, before it gets its position.
#[derive(Debug)]
pub enum Throw {
    /// A message that gets the current position prefixed (`chunk:line: msg`), as luaG_runerror
    /// (for opcodes) or luaL_error (for natives called from Lua) do.
    Msg(String),
    /// An error value thrown as is (`error(v)`, already-positioned messages).
    Value(Value),
    /// A bad argument: `bad argument #n to 'name' (msg)`, the name taken from the call site.
    Arg(usize, String),
    /// Memory limit exceeded (`not enough memory`).
    Memory,
    /// lua5.1's `LUA_ERRERR`: the C-call depth went past the overflow zone reserved for
    /// error handling (see `Vm::c_check`). The nearest protected call catches it as `error
    /// in error handling` without running its message handler.
    ErrErr,
    /// A write into a read-only table from a native (`rawset`, `setmetatable`, `table.insert`,
    /// …): `Attempt to modify a readonly table` without position, as Redis's luaG_runerror
    /// inside a C function. Opcodes raise the positioned `Msg` instead (see
    /// `Throw::readonly_at_op`).
    ReadOnly,
    /// An error no `pcall`, `xpcall`, coroutine boundary or other protected continuation
    /// stops (SCRIPT KILL): it unwinds everything and reaches the host's `Vm::call` as a
    /// `LuaError` with `uncatchable` set and exactly this message (no position is added).
    /// Raised by the budget hook (`Vm::hook`), directly or through `Vm::charge`.
    Uncatchable(String),
    /// Not an error: the debugger's line hook stops the run here (`exec/debug.rs`). Only the
    /// LINETRAP instruction raises it, and the dispatch loop's driver returns to the host.
    Suspend,
    /// Not an error: a Lua hook event waits (`exec/hooks.rs`); the driver pushes the hook
    /// function's frame above the interrupted frame.
    Hook,
}

impl Throw {
    pub fn msg(s: impl Into<String>) -> Throw {
        Throw::Msg(s.into())
    }

    /// The uncatchable error of a script kill, with the message given as is.
    pub fn uncatchable(s: impl Into<String>) -> Throw {
        Throw::Uncatchable(s.into())
    }

    pub fn is_uncatchable(&self) -> bool {
        matches!(self, Throw::Uncatchable(_))
    }

    /// A refused write inside an opcode (SETTABLE, SETGLOBAL, SETLIST, a `__newindex` chain):
    /// positioned, as luaG_runerror in a Lua frame.
    pub(crate) fn readonly_at_op(e: crate::heap::WriteError) -> Throw {
        match e {
            crate::heap::WriteError::ReadOnly => Throw::Msg(crate::heap::READONLY_MSG.into()),
            crate::heap::WriteError::Stale => crate::heap::StaleHandle.into(),
            crate::heap::WriteError::Memory => Throw::Memory,
        }
    }

    /// A failed raw store inside an opcode: key errors positioned (luaG_runerror in a Lua
    /// frame), a refused growth is `not enough memory` (no position, as lua5.1's memory
    /// errors).
    pub(crate) fn set_at_op(e: crate::heap::table::SetError) -> Throw {
        match e {
            crate::heap::table::SetError::Key(k) => Throw::Msg(k.message().into()),
            crate::heap::table::SetError::Memory => Throw::Memory,
        }
    }
}

impl From<crate::heap::StaleHandle> for Throw {
    fn from(_: crate::heap::StaleHandle) -> Throw {
        Throw::Msg("stale object handle (internal error)".into())
    }
}

/// Natives' writes: a read-only table gives the unpositioned `Throw::ReadOnly`.
impl From<crate::heap::WriteError> for Throw {
    fn from(e: crate::heap::WriteError) -> Throw {
        match e {
            crate::heap::WriteError::ReadOnly => Throw::ReadOnly,
            crate::heap::WriteError::Stale => crate::heap::StaleHandle.into(),
            crate::heap::WriteError::Memory => Throw::Memory,
        }
    }
}

/// An error that escaped to the host: the error value and a traceback.
#[derive(Debug, Clone)]
pub struct LuaError {
    pub value: Value,
    /// The message text (`tostring` of the value when it is a string or number).
    pub message: String,
    pub traceback: String,
    /// Raised as `Throw::Uncatchable` (a script kill): nothing in the script could catch it.
    pub uncatchable: bool,
    /// The chunk name (as given to `Vm::load`, e.g. `@user_script`) of the innermost Lua
    /// function when the error escaped to the host — the raising point when nothing caught
    /// it, the re-raise point when a script caught it and raised it again (what Redis's error
    /// handler records from `lua_getstack` level 2, or 3 under a C function). For an
    /// uncatchable error, the innermost Lua function when the hook fired. None when no Lua
    /// function was running.
    pub source: Option<String>,
    /// The current line of that function.
    pub line: Option<u32>,
}

impl LuaError {
    pub fn msg(vm: &mut Vm, s: &str) -> LuaError {
        let v = vm.str(s);
        LuaError {
            value: v,
            message: s.to_string(),
            traceback: String::new(),
            uncatchable: false,
            source: None,
            line: None,
        }
    }
}

impl std::fmt::Display for LuaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
