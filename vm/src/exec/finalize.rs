//! Running `__gc` finalizers (queued by the collector: `heap/gc/finalize.rs`) as ordinary
//! Lua calls: when a native returns and finalizers are pending, each is called through a
//! continuation before the native's results are delivered — no Rust recursion, the budget
//! and the memory limit apply, and an error raised by a finalizer propagates from that call
//! (lua5.1's GCTM calls unprotected: `pcall(collectgarbage)` catches it; the others stay
//! queued). Finalizers queued by a cycle that ends inside Lua code, or while a finalizer
//! runs, wait for a later native's return.

use super::{Cont, Ret, Throw, Vm};
use crate::value::Value;

/// Delivers the native's `n` results once the queue is empty.
struct Finalizing {
    n: usize,
}

impl Cont for Finalizing {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let (base, _) = r.map_err(Throw::Value)?;
        // The finalizer's results go; the native's results are below them.
        vm.stack.truncate(base);
        Ok(vm
            .next_finalizer_call(self.n)
            .unwrap_or(Ret::Values(self.n)))
    }

    fn is_finalizer(&self) -> bool {
        true
    }
}

impl Vm {
    /// `ret` of a native, with the pending finalizers run first — unless a finalizer is
    /// running already (lua5.1 runs none during another: GCTM holds the collector off).
    #[inline]
    pub(crate) fn with_finalizers(&mut self, ret: Ret) -> Ret {
        match ret {
            Ret::Values(n) if self.heap.finalizers_pending() && !self.in_finalizer() => {
                self.next_finalizer_call(n).unwrap_or(Ret::Values(n))
            }
            r => r,
        }
    }

    fn in_finalizer(&self) -> bool {
        self.frames
            .iter()
            .any(|f| matches!(&f.kind, super::FrameKind::Cont(c) if c.is_finalizer()))
    }

    /// The call of the next queued finalizer (its `__gc` looked up now, as lua5.1's GCTM),
    /// its userdata as argument, above the native's `n` results.
    fn next_finalizer_call(&mut self, n: usize) -> Option<Ret> {
        while let Some(u) = self.heap.next_finalizer() {
            let tm = self.metamethod(Value::UserData(u), self.names.gc);
            if tm.is_nil() {
                continue;
            }
            let at = self.stack.len();
            self.stack.push(tm);
            self.stack.push(Value::UserData(u));
            return Some(Ret::Call {
                func: at,
                nargs: 1,
                cont: Box::new(Finalizing { n }),
            });
        }
        None
    }

    /// lua5.1's `lua_close` for a host that is done with the VM: runs every finalizer not
    /// run yet (queued ones, then every userdata with `__gc`, newest first), each as its own
    /// call; their errors are ignored.
    pub fn close_state(&mut self) {
        for u in self.heap.take_all_finalizers() {
            let tm = self.metamethod(Value::UserData(u), self.names.gc);
            if !tm.is_nil() {
                let _ = self.call(tm, &[Value::UserData(u)]);
            }
        }
    }
}
