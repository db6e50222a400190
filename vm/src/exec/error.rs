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
}

impl Throw {
    pub fn msg(s: impl Into<String>) -> Throw {
        Throw::Msg(s.into())
    }
}

impl From<crate::heap::StaleHandle> for Throw {
    fn from(_: crate::heap::StaleHandle) -> Throw {
        Throw::Msg("stale object handle (internal error)".into())
    }
}

/// An error that escaped to the host: the error value and a traceback.
#[derive(Debug, Clone)]
pub struct LuaError {
    pub value: Value,
    /// The message text (`tostring` of the value when it is a string or number).
    pub message: String,
    pub traceback: String,
}

impl LuaError {
    pub fn msg(vm: &mut Vm, s: &str) -> LuaError {
        let v = vm.str(s);
        LuaError {
            value: v,
            message: s.to_string(),
            traceback: String::new(),
        }
    }
}

impl std::fmt::Display for LuaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
