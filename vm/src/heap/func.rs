//! Function objects: Lua closures (a prototype plus captured cells) and native functions.

use crate::bytecode::Proto;
use crate::exec::{Ret, Throw, Vm};
use crate::value::{CellRef, TableRef, Value};
use std::rc::Rc;

/// A native function: receives its arguments at `vm.stack[base..base + nargs]` and either
/// pushes results on the stack and returns `Ret::Values(n)`, or asks the executor to call
/// something and resume a continuation (never calling Lua itself, so no Rust recursion).
pub type NativeFn = fn(&mut Vm, usize, usize) -> Result<Ret, Throw>;

pub struct LuaClosure {
    pub proto: Rc<Proto>,
    pub upvals: Rc<[CellRef]>,
    pub env: TableRef,
}

pub struct NativeClosure {
    pub f: NativeFn,
    pub name: &'static str,
    pub upvals: Box<[Value]>,
}

pub enum Function {
    Lua(LuaClosure),
    Native(NativeClosure),
}

impl Function {
    pub fn size_bytes(&self) -> usize {
        match self {
            Function::Lua(c) => super::size::LUA_CLOSURE + c.upvals.len() * super::size::LUA_UPVAL,
            Function::Native(n) => {
                super::size::NATIVE_CLOSURE + n.upvals.len() * super::size::NATIVE_UPVAL
            }
        }
    }
}

/// A full userdata: an opaque Rust value with a metatable.
pub struct UserData {
    pub meta: Option<TableRef>,
    pub data: Box<dyn std::any::Any>,
}
