//! Weak tables (`__mode`): entries whose weak part died are cleared in the atomic step.

use crate::heap::table::Table;
use crate::heap::{Heap, Mutator};
use crate::value::Value;

use super::work::ENTRY as WORK_ENTRY;

impl<M: Mutator> Heap<M> {
    /// Clears weak entries whose weak part died (strings count as alive, as in lua5.1).
    pub(super) fn clear_weak(&mut self) -> usize {
        let mut weak = std::mem::take(&mut self.gc.weak);
        weak.sort_unstable_by_key(|w| w.0);
        weak.dedup_by_key(|w| w.0);
        let Heap {
            tables,
            funcs,
            threads,
            userdata,
            bytes,
            ..
        } = self;
        let mut work = 0;
        for &(t, wk, wv) in &weak {
            // The table is taken out of its entry while it is cleared, so that the marks of
            // the tables it refers to (itself included) can be read meanwhile.
            let Some(slot) = tables.get_mut(t) else {
                continue;
            };
            let mut tbl = std::mem::replace(slot, Table::with_capacity(0, 0));
            let dead = |v: Value| match v {
                Value::Table(x) => !tables.is_marked(x),
                Value::Func(x) => !funcs.is_marked(x),
                Value::Thread(x) => !threads.is_marked(x),
                Value::UserData(x) => !userdata.is_marked(x),
                _ => false,
            };
            // lua5.1's iscleared: a finalized userdata (kept alive for its `__gc`, or
            // resurrected by it) is cleared as a value, but stays as a key until it dies.
            let dead_value = |v: Value| {
                dead(v) || matches!(v, Value::UserData(x) if userdata.flag(x) == Some(true))
            };
            let before = tbl.size_bytes();
            work += WORK_ENTRY * (tbl.array().len() + tbl.hash.capacity());
            if wv {
                for v in tbl.array_mut().iter_mut() {
                    if dead_value(*v) {
                        *v = Value::Nil;
                    }
                }
            }
            for (k, v) in tbl.hash.iter_mut() {
                if (wk && dead(k)) || (wv && dead_value(*v)) {
                    *v = Value::Nil;
                }
            }
            let after = tbl.size_bytes();
            *bytes = (*bytes + after).saturating_sub(before);
            if let Some(slot) = tables.get_mut(t) {
                *slot = tbl;
            }
        }
        weak.clear();
        self.gc.weak = weak;
        work
    }
}
