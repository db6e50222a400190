//! Userdata finalizers (`__gc`), as lua5.1 5.1's: at the atomic step every dead userdata not
//! finalized before is flagged finalized (the arena entry's flag bit), and those whose
//! metatable has a `__gc` field *now* are queued newest first and marked, with everything
//! they reach, so that they outlive the cycle. The executor runs the queue as Lua calls
//! (`exec/finalize.rs`). A finalized userdata is never queued again: resurrected by its
//! finalizer it lives on, and is freed by the first cycle that finds it dead.

use crate::heap::{Heap, Mutator};
use crate::value::{UserRef, Value};

use super::work::UDATA_FINALIZE as WORK_UDATA;

impl<M: Mutator> Heap<M> {
    /// lua5.1's `luaC_separateudata` + `marktmu` + the remark: returns the work done.
    pub(super) fn separate_udata(&mut self) -> usize {
        let dead = self.userdata.keys_where(|_, mark, flag| !mark && !flag);
        if dead.is_empty() {
            return 0;
        }
        let mut queue = self.with_gc_metamethod(&dead);
        for &u in &dead {
            self.userdata.set_flag(u, true);
        }
        queue.sort_unstable_by_key(|q| std::cmp::Reverse(q.0));
        for &(_, u) in &queue {
            self.gc.tobefnz.push_back(u);
            self.gc.gray.push(Value::UserData(u));
        }
        dead.len() * WORK_UDATA + self.gc_propagate(usize::MAX)
    }

    /// Those of `us` whose metatable has `__gc`, with their creation numbers.
    fn with_gc_metamethod(&self, us: &[UserRef]) -> Vec<(u64, UserRef)> {
        let key = Value::Str(self.gc.gc_key);
        us.iter()
            .filter_map(|&u| {
                let ud = self.userdata.get(u)?;
                let mt = self.tables.get(ud.meta?)?;
                (!mt.get_hash(key).is_nil()).then_some((ud.seq, u))
            })
            .collect()
    }

    /// The next queued finalizer's userdata.
    pub(crate) fn next_finalizer(&mut self) -> Option<UserRef> {
        self.gc.tobefnz.pop_front()
    }

    pub(crate) fn finalizers_pending(&self) -> bool {
        !self.gc.tobefnz.is_empty()
    }

    /// For closing the state (lua5.1's `lua_close`): the queued userdata, then every other
    /// userdata not finalized yet whose metatable has `__gc`, newest first — all flagged
    /// finalized.
    pub(crate) fn take_all_finalizers(&mut self) -> Vec<UserRef> {
        let mut out: Vec<UserRef> = self.gc.tobefnz.drain(..).collect();
        let live = self.userdata.keys_where(|_, _, flag| !flag);
        let mut rest = self.with_gc_metamethod(&live);
        rest.sort_unstable_by_key(|q| std::cmp::Reverse(q.0));
        for &u in &live {
            self.userdata.set_flag(u, true);
        }
        out.extend(rest.into_iter().map(|(_, u)| u));
        out
    }
}
