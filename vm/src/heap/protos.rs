//! Prototype bytes in the heap's count. Prototypes are `Rc`s the collector does not track
//! (`exec/load.rs`): each carries a `ProtoCharge` that, when the prototype is dropped, adds its
//! bytes to the heap's ledger; the collector's entry points settle the ledger off `bytes`.

use super::{Heap, Mutator};
use crate::bytecode::Proto;
use std::cell::Cell;
use std::rc::Rc;

/// A prototype's share of the heap's byte count, given back when it is dropped.
#[derive(Debug, Default)]
pub struct ProtoCharge {
    bytes: Cell<usize>,
    ledger: std::cell::RefCell<Option<Rc<Cell<usize>>>>,
}

impl Drop for ProtoCharge {
    fn drop(&mut self) {
        if let Some(l) = self.ledger.get_mut().take() {
            l.set(l.get().saturating_add(self.bytes.get()));
        }
    }
}

impl<M: Mutator> Heap<M> {
    /// Charges a new prototype tree and ties each prototype to the ledger that gives its
    /// bytes back when it is dropped. The tree is walked with an explicit stack.
    pub(crate) fn charge_protos(&mut self, root: &Rc<Proto>) {
        // The chunk name all of them share is counted with the main prototype.
        let mut total = root.source.len();
        root.charge.bytes.set(total);
        let mut stack = vec![root];
        while let Some(p) = stack.pop() {
            let b = p.size_bytes();
            p.charge.bytes.set(p.charge.bytes.get() + b);
            *p.charge.ledger.borrow_mut() = Some(self.proto_ledger.clone());
            total = total.saturating_add(b);
            stack.extend(p.protos.iter());
        }
        self.bytes = self.bytes.saturating_add(total);
    }

    /// Takes the bytes of the prototypes dropped since the last call off the count.
    pub(crate) fn settle_protos(&mut self) {
        let freed = self.proto_ledger.replace(0);
        self.bytes = self.bytes.saturating_sub(freed);
    }
}
