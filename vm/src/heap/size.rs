//! The bytes each object kind is accounted for (the memory limit, `collectgarbage("count")`
//! and the collector's pacing all use these; lua5.1-like header sizes, not Rust's exact
//! layout). Named once here: the heap charges them at allocation, the sweep credits them back.

/// A string: its bytes plus a header.
pub const STRING_HEADER: usize = 40;
/// A captured local's cell.
pub const CELL: usize = 24;
/// A coroutine (its stack and frames are not counted, as before).
pub const THREAD: usize = 256;
/// A full userdata (its Rust payload is opaque).
pub const USERDATA: usize = 64;
/// A Lua closure, plus `LUA_UPVAL` per captured cell.
pub const LUA_CLOSURE: usize = 64;
pub const LUA_UPVAL: usize = 8;
/// A native closure, plus `NATIVE_UPVAL` per upvalue.
pub const NATIVE_CLOSURE: usize = 48;
pub const NATIVE_UPVAL: usize = 16;

#[inline]
pub fn string(len: usize) -> usize {
    len + STRING_HEADER
}
