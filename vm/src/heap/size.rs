//! The bytes each object kind is accounted for (the memory limit, `collectgarbage("count")`
//! and the collector's pacing all use these). Named once here: the heap charges them at
//! allocation, the sweep credits them back. Tables are charged their real size (arena entry
//! and slot, `arena::object_bytes`, plus their blocks); the other kinds lua5.1-like sizes
//! that are at least their real ones (`tests/object_sizes.rs` checks both).

use super::arena::object_bytes;

/// A table in its arena (its array and hash blocks are charged by `Table::size_bytes`).
pub const TABLE: usize = object_bytes::<super::table::Table>();

/// A string: its bytes plus its arena entry and slot (24 + 8: lua5.1's `TString` is 24 and a
/// string-table pointer 8). The intern table is charged as a whole (`Heap::settle_intern`).
pub const STRING_HEADER: usize = object_bytes::<super::LuaStr>();
/// A captured local's cell (32: lua5.1's `UpVal` is 40).
pub const CELL: usize = object_bytes::<crate::value::Value>();
/// A coroutine of the mutator's type `T` (its stacks are charged apart,
/// `mutator::Thread::stack_charge`).
pub const fn thread<T>() -> usize {
    max(256, object_bytes::<T>())
}
/// A full userdata (its Rust payload is opaque).
pub const USERDATA: usize = max(64, object_bytes::<super::func::UserData>());
/// A Lua closure in its arena (`N`: the mutator's native function type); a closure capturing
/// more than one cell also holds a shared block (`Upvals::block_bytes`) with `LUA_UPVAL` per
/// cell.
pub const fn lua_closure<N>() -> usize {
    object_bytes::<super::func::Function<N>>()
}
pub const LUA_UPVAL: usize = std::mem::size_of::<crate::value::CellRef>();
/// A native closure, plus `NATIVE_UPVAL` per upvalue.
pub const fn native_closure<N>() -> usize {
    object_bytes::<super::func::Function<N>>()
}
pub const NATIVE_UPVAL: usize = std::mem::size_of::<crate::value::Value>();

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// A string of `len` bytes (with its stored hash from `HASHED_FROM` bytes on).
#[inline]
pub fn string(len: usize) -> usize {
    let hash = if len >= super::HASHED_FROM { 8 } else { 0 };
    STRING_HEADER + len + hash
}
