//! Ferrous VM: a Lua 5.1 compiler and a non-recursive executor over generational handle arenas.
#![forbid(unsafe_code)]

pub mod api;
pub mod bytecode;
pub mod compiler;
pub mod exec;
pub mod frame;
pub mod heap;
pub mod hookstate;
pub mod number;
pub mod value;

pub use exec::{Cont, EXT_SLOTS, LoadError, LuaError, MemoryStats, Ret, Then, Throw, Vm};
pub use value::Value;
