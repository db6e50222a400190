//! The executor as the heap's mutator: the heap stores its natives and coroutines as these
//! types without naming them (`heap::Mutator`), so that `heap` depends on neither `exec` nor
//! `frame`. The aliases keep the executor's, the stdlib's and the hosts' code naming one
//! concrete heap; the heap is compiled for these types alone (no indirection on calls).

use crate::frame::{Coroutine, NativeFn};

/// The types the executor's heap stores.
pub enum VmTypes {}

impl crate::heap::Mutator for VmTypes {
    type Native = NativeFn;
    type Thread = Coroutine;
}

/// The executor's heap.
pub type Heap = crate::heap::Heap<VmTypes>;
/// A function object of the executor's heap (Lua closure or native).
pub type Function = crate::heap::func::Function<NativeFn>;
/// A native closure of the executor's heap.
pub type NativeClosure = crate::heap::func::NativeClosure<NativeFn>;
