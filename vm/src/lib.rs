//! Ferrous VM: a Lua 5.1 compiler and a non-recursive executor over generational handle arenas.
#![forbid(unsafe_code)]

pub mod compiler;
