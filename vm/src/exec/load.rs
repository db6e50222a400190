//! Compiling a chunk inside the VM's limits (issue 10).
//!
//! The compile is given the memory left under `Vm::memory_limit` (`compiler/meter.rs` charges
//! its tree and code per token and per source byte) and reports its work to `Vm::charge`, so
//! the host's hook (busy yield, SCRIPT KILL) runs during a long compile. A hook's error ends
//! the compile and comes back as `LoadError::Throw`, never as a syntax message, so a kill stays
//! uncatchable through `loadstring`.
//!
//! The prototypes a compile produces are then charged to the heap (`heap.bytes`), as lua5.1
//! counts them in `collectgarbage("count")`. They are `Rc`s the collector does not track:
//! each carries a `ProtoCharge` that, when the prototype is dropped (its last closure swept,
//! its last frame gone), adds its bytes to the heap's ledger; the collector's entry points
//! (`heap/protos.rs`) take them off `heap.bytes`. Until then the freed bytes still count:
//! the accounting errs on the side of more, never less.

use super::{Throw, Vm};
use crate::compiler::{self, CompileFailure, Host};
use crate::exec::Heap;

/// Why `Vm::load` produced no function.
#[derive(Debug)]
pub enum LoadError<M = String> {
    /// A syntax or size error: lua5.1's exact message (as `String`, or raw bytes from
    /// `Vm::load_raw`).
    Syntax(M),
    /// The compile was stopped: `Throw::Memory` over the memory limit (lua5.1's LUA_ERRMEM,
    /// which `loadstring` returns as `nil, "not enough memory"`), or the budget hook's error
    /// (a kill is `Throw::Uncatchable` and must be propagated as such).
    Throw(Throw),
}

impl<M: AsRef<[u8]>> LoadError<M> {
    /// The message text (a hook's catchable error value that is not a string gives a
    /// placeholder).
    pub fn message_bytes(&self) -> Vec<u8> {
        match self {
            LoadError::Syntax(m) => m.as_ref().to_vec(),
            LoadError::Throw(t) => throw_text(t).into_bytes(),
        }
    }
}

fn throw_text(t: &Throw) -> String {
    match t {
        Throw::Memory => "not enough memory".into(),
        Throw::Msg(m) | Throw::Uncatchable(m) | Throw::Arg(_, m) => m.clone(),
        Throw::ReadOnly => crate::heap::READONLY_MSG.into(),
        Throw::ErrErr => "error in error handling".into(),
        Throw::Value(_) => "(error object is not a string)".into(),
        Throw::Suspend => "suspended".into(),
        Throw::Hook => "hook".into(),
    }
}

impl std::fmt::Display for LoadError<String> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Syntax(m) => f.write_str(m),
            LoadError::Throw(t) => f.write_str(&throw_text(t)),
        }
    }
}

/// Hosts and tests that only want the text.
impl From<LoadError<String>> for String {
    fn from(e: LoadError<String>) -> String {
        e.to_string()
    }
}

impl Host for Vm {
    fn heap(&mut self) -> &mut Heap {
        &mut self.heap
    }
    fn tick(&mut self, units: u64) -> Result<(), Throw> {
        self.charge(units)
    }
}

impl Vm {
    /// Compiles `source` as a main chunk named `chunkname` (5.1 conventions: `@file`, `=name`,
    /// or the source itself) and returns it as a function value. Binary chunks are refused
    /// unless `enable_binary_chunks` was called (then only this VM's own dumps load).
    /// Under a memory limit it may run a full collection (as `Vm::reserve`), so values the host
    /// holds must be rooted (on the stack, pinned).
    pub fn load(&mut self, source: &[u8], chunkname: &str) -> Result<Value, LoadError> {
        if source.first() == Some(&0x1b) {
            // Refused unless the host enabled binary chunks (`exec/dump.rs`).
            return self.undump(source, chunkname);
        }
        let mut collected = false;
        loop {
            let room = self.memory_limit.saturating_sub(self.heap.bytes);
            match self.compile(source, chunkname) {
                // Over the limit: as `Vm::reserve`, one full collection (the failed compile's
                // constants are garbage too), and a second try if it made room.
                Err(LoadError::Throw(Throw::Memory)) if !collected => {
                    self.collect_garbage();
                    collected = true;
                    if self.memory_limit.saturating_sub(self.heap.bytes) <= room {
                        return Err(LoadError::Throw(Throw::Memory));
                    }
                }
                r => return r,
            }
        }
    }

    fn compile(&mut self, source: &[u8], chunkname: &str) -> Result<Value, LoadError> {
        let allowance =
            (self.memory_limit != 0).then(|| self.memory_limit.saturating_sub(self.heap.bytes));
        let traps = self.trap_compile;
        let proto =
            compiler::compile(source, chunkname, self, allowance, traps).map_err(|e| match e {
                CompileFailure::Syntax(m) => LoadError::Syntax(m),
                CompileFailure::Stopped(t) => LoadError::Throw(t),
            })?;
        self.heap.charge_protos(&proto);
        Ok(self.new_lua_closure(proto, crate::heap::func::Upvals::Inline(None), self.globals))
    }

    /// `load` with the error message as the exact bytes lua5.1 would give (source bytes
    /// quoted in "near '...'" are not re-encoded).
    pub fn load_raw(
        &mut self,
        source: &[u8],
        chunkname: &str,
    ) -> Result<Value, LoadError<Vec<u8>>> {
        self.load(source, chunkname).map_err(|e| match e {
            LoadError::Syntax(m) => LoadError::Syntax(compiler::unlatin1(&m)),
            LoadError::Throw(t) => LoadError::Throw(t),
        })
    }
}

use crate::value::Value;
