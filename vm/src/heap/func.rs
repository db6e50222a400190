//! Function objects: Lua closures (a prototype plus captured cells) and native functions.

use crate::bytecode::Proto;
use crate::value::{CellRef, TableRef, Value};
use std::rc::Rc;

pub struct LuaClosure {
    pub proto: Rc<Proto>,
    pub upvals: Upvals,
    pub env: TableRef,
}

/// A Lua closure's captured cells (frames read them through the closure, they hold no copy).
/// Up to one is held inline (most closures capture zero or one local): no block for those,
/// so a closure with its cell stays within lua5.1's `LClosure` + `UpVal` (`object_sizes`).
#[derive(Clone, Debug)]
pub enum Upvals {
    Inline(Option<CellRef>),
    Block(Box<[CellRef]>),
}

impl Upvals {
    /// Cell `i`, matched directly (no slice built for the inline case).
    #[inline(always)]
    pub fn cell(&self, i: usize) -> Option<CellRef> {
        match self {
            Upvals::Inline(c) if i == 0 => *c,
            Upvals::Inline(_) => None,
            Upvals::Block(b) => b.get(i).copied(),
        }
    }

    /// Bytes of the block, if any.
    pub fn block_bytes(&self) -> usize {
        match self {
            Upvals::Inline(_) => 0,
            Upvals::Block(b) => std::mem::size_of_val::<[CellRef]>(b),
        }
    }
}

impl std::ops::Deref for Upvals {
    type Target = [CellRef];
    #[inline(always)]
    fn deref(&self) -> &[CellRef] {
        match self {
            Upvals::Inline(c) => c.as_slice(),
            Upvals::Block(b) => b,
        }
    }
}

impl FromIterator<CellRef> for Upvals {
    /// Collects an exact-size iterator (CLOSURE's) in one allocation, or none for one cell.
    fn from_iter<I: IntoIterator<Item = CellRef>>(it: I) -> Upvals {
        let mut it = it.into_iter();
        match it.size_hint() {
            (0, Some(0)) => Upvals::Inline(None),
            (1, Some(1)) => Upvals::Inline(it.next()),
            _ => Upvals::Block(it.collect()),
        }
    }
}

/// A native function with its upvalues; `N` is the mutator's function type
/// (`Mutator::Native`).
pub struct NativeClosure<N> {
    pub f: N,
    pub name: &'static str,
    pub upvals: Box<[Value]>,
}

pub enum Function<N> {
    Lua(LuaClosure),
    Native(NativeClosure<N>),
}

impl<N> Function<N> {
    /// Bytes held, for memory accounting: the object in its arena and its upvalue block.
    pub fn size_bytes(&self) -> usize {
        match self {
            Function::Lua(c) => lua_closure_bytes::<N>(&c.upvals),
            Function::Native(n) => {
                super::size::native_closure::<N>() + n.upvals.len() * super::size::NATIVE_UPVAL
            }
        }
    }
}

/// Bytes a Lua closure with `upvals` holds (its `size_bytes`; `Heap::new_lua_function`
/// charges it before the closure exists).
#[inline(always)]
pub(crate) fn lua_closure_bytes<N>(upvals: &Upvals) -> usize {
    super::size::lua_closure::<N>() + upvals.block_bytes()
}

/// A full userdata: an opaque Rust value with a metatable.
pub struct UserData {
    pub meta: Option<TableRef>,
    pub data: Box<dyn std::any::Any>,
    /// Creation order (set by `Heap::new_userdata`): finalizers run newest first, as
    /// lua5.1's, whose userdata list is kept newest first.
    pub seq: u64,
}

impl UserData {
    pub fn new(meta: Option<TableRef>, data: Box<dyn std::any::Any>) -> UserData {
        UserData { meta, data, seq: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slotmap::KeyData;

    fn cell(n: u32) -> CellRef {
        KeyData::from_ffi((1u64 << 32) | u64::from(n)).into()
    }

    /// `Upvals::cell` (GETUPVAL's path) agrees with indexing the slice for every shape.
    #[test]
    fn cell_agrees_with_the_slice() {
        let shapes: [Upvals; 4] = [
            Upvals::Inline(None),
            Upvals::Inline(Some(cell(7))),
            (0..2).map(cell).collect(),
            (0..5).map(cell).collect(),
        ];
        for u in &shapes {
            for i in 0..7 {
                assert_eq!(u.cell(i), u.get(i).copied(), "index {i} of {u:?}");
            }
        }
    }
}
