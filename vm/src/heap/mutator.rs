//! What the heap stores for the program that runs on it (the *mutator*: the executor) without
//! naming its types: native functions take the executor, and a coroutine holds the
//! executor's frames and continuations, so naming them here would make the heap depend on
//! the executor. `Heap` is generic over a `Mutator`; the executor picks its types once
//! (`exec::Heap`), so the heap's code is compiled for them alone (no indirection added).

use crate::value::Value;

/// The mutator's types the heap stores.
pub trait Mutator: 'static {
    /// A native function (`Function::Native`): a plain `fn` pointer, called by the mutator.
    type Native: Copy;
    /// A coroutine's execution state (the thread arena's objects).
    type Thread: Thread;
}

/// What the collector needs of a coroutine it stores but does not look into.
pub trait Thread {
    /// Pushes every value the coroutine refers to onto `out`; returns the work (bytes
    /// examined).
    fn trace(&self, out: &mut Vec<Value>) -> usize;
    /// Bytes charged to the heap for it beyond `size::thread` (its stacks' capacity),
    /// credited back when it is swept.
    fn stack_charge(&self) -> usize;
}

/// A mutator with no natives and no coroutines: the heap's own tests run on it (the heap
/// needs no executor).
#[cfg(test)]
pub(crate) enum Bare {}

#[cfg(test)]
impl Mutator for Bare {
    type Native = ();
    type Thread = ();
}

#[cfg(test)]
impl Thread for () {
    fn trace(&self, _out: &mut Vec<Value>) -> usize {
        0
    }
    fn stack_charge(&self) -> usize {
        0
    }
}
