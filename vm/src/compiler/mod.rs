//! Front end: lexer, parser (with scope and capture analysis) and code generation.
pub mod ast;
pub mod codegen;
pub mod error;
pub mod lexer;
pub mod meter;
pub mod parser;
pub mod scope;
mod specialize;
pub mod token;
mod traps;

pub use error::{CompileError, chunk_id, runtime_chunk_id};
pub use lexer::{latin1, unlatin1};
pub use meter::Host;
pub use parser::{parse, parse_with};

use crate::bytecode::Proto;
use crate::exec::Throw;
use std::rc::Rc;

/// Why a compile produced no prototype.
#[derive(Debug)]
pub enum CompileFailure {
    /// lua5.1's syntax or size message.
    Syntax(String),
    /// Stopped: over the memory allowance (`Throw::Memory`), or the host's hook raised.
    Stopped(Throw),
}

/// The compiler's one entry point: parses `source` as a main chunk named `chunkname` and
/// generates its prototype, holding at most `allowance` bytes meanwhile (`None`: no limit)
/// and reporting its work to `host` (whose hook may stop it). `traps`: a debug compile, with
/// the debugger's line traps (`traps.rs`).
pub fn compile(
    source: &[u8],
    chunkname: &str,
    host: &mut dyn Host,
    allowance: Option<usize>,
    traps: bool,
) -> Result<Rc<Proto>, CompileFailure> {
    let mut m = meter::Meter::new(host, allowance);
    m.debug_traps = traps;
    // The prototypes keep a copy of the chunk name (which is the source for `loadstring`).
    let r = match m.alloc(chunkname.len()) {
        Ok(()) => parse_with(source, chunkname, &mut m)
            .and_then(|ast| codegen::compile_with(&mut m, &ast, chunkname)),
        Err(_) => Err(m.error()),
    };
    // A tree that went over the limit is dropped here, before anything else allocates.
    if let Some(t) = m.abort.take() {
        return Err(CompileFailure::Stopped(t));
    }
    r.map_err(|e| CompileFailure::Syntax(e.message))
}
