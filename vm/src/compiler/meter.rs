//! The compiler's budget (issue 10): the memory a compile may hold and the work it reports.
//!
//! A compile holds its syntax tree, scope tables and the prototypes being generated until it
//! ends; all of that is proportional to the source's tokens and bytes, so it is charged per
//! token (by kind: `VALUE_TOKEN_BYTES`, `STRING_TOKEN_BYTES`, `OTHER_TOKEN_BYTES`, upper bounds
//! measured over the costliest shapes) and per source
//! byte scanned (`SCAN_BYTES`, the lexer's buffers and the literals' copies), *before* the
//! parser builds the token's nodes. Over `Meter::allowance` the compile fails with `not
//! enough memory`. The work is reported to the host every `TICK` units (one per token, per
//! 64 source bytes scanned, and per expression or statement generated), so the host's budget
//! hook (SCRIPT KILL, time limits) runs during a long compile and can stop it.
//!
//! The meter keeps the reason of an abort (`Meter::abort`); the error travelling through the
//! compiler is an ordinary `CompileError` that callers ignore when an abort is recorded.

use super::error::CompileError;
use crate::exec::{Heap, Throw};
use crate::value::StrRef;

/// Bytes charged per token: syntax tree nodes (with their vectors' spare capacity), scope
/// entries and the generated code, constants and debug information the token leads to.
/// Tokens that become an expression node (names, numerals, `true`, `nil`, `...`) cost the
/// most; operators and punctuation only link nodes; string literals also hold their text
/// twice. `tests/compile_budget.rs` checks that the charge bounds the real peak on the
/// costliest shapes; the bounds are kept tight so that the million-link chains lua5.1
/// compiles fit the default memory limit (a chain link's real cost is 120-230 bytes).
pub const VALUE_TOKEN_BYTES: usize = 200;
pub const STRING_TOKEN_BYTES: usize = 448;
pub const OTHER_TOKEN_BYTES: usize = 80;
/// `function`: a function body, its scope and its prototype.
pub const FUNCTION_TOKEN_BYTES: usize = 1024;
/// Bytes charged per source byte scanned: the lexer's token text, a literal's value and its
/// copy in the tree or among the constants.
pub const SCAN_BYTES: usize = 4;
/// Work units between two reports to the host.
pub const TICK: u64 = 4096;
/// Source bytes per work unit (as `Vm::charge_bytes`).
pub const BYTES_PER_UNIT: usize = 64;

/// What a compile needs from its host.
pub trait Host {
    /// The heap string constants are interned in.
    fn heap(&mut self) -> &mut Heap;
    /// `units` of work were done; an error aborts the compile.
    fn tick(&mut self, units: u64) -> Result<(), Throw>;
}

/// A bare heap: no hook.
impl Host for Heap {
    fn heap(&mut self) -> &mut Heap {
        self
    }
    fn tick(&mut self, _: u64) -> Result<(), Throw> {
        Ok(())
    }
}

/// Marks a failed check; the reason is in `Meter::abort`.
pub struct Abort;

pub struct Meter<'h> {
    host: &'h mut dyn Host,
    /// Bytes the compile may hold (`usize::MAX`: no limit).
    allowance: usize,
    /// Bytes charged so far.
    used: usize,
    /// Units not yet reported.
    units: u64,
    /// Why the compile was stopped (memory, or the host's hook).
    pub abort: Option<Throw>,
    /// Emit debugger line traps (`compiler/traps.rs`): set for a debugging session's compile.
    pub debug_traps: bool,
}

impl<'h> Meter<'h> {
    pub fn new(host: &'h mut dyn Host, allowance: Option<usize>) -> Meter<'h> {
        Meter {
            host,
            allowance: allowance.unwrap_or(usize::MAX),
            used: 0,
            units: 0,
            abort: None,
            debug_traps: false,
        }
    }

    pub fn heap(&mut self) -> &mut Heap {
        self.host.heap()
    }

    pub fn intern(&mut self, s: &[u8]) -> StrRef {
        self.host.heap().intern(s)
    }

    /// Bytes charged so far.
    pub fn used(&self) -> usize {
        self.used
    }

    /// Charges `bytes` the compile is about to hold.
    #[inline]
    pub fn alloc(&mut self, bytes: usize) -> Result<(), Abort> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.allowance {
            return Err(self.stop(Throw::Memory));
        }
        Ok(())
    }

    /// Counts `units` of work, reporting them to the host every `TICK`.
    #[inline]
    pub fn work(&mut self, units: u64) -> Result<(), Abort> {
        self.units += units;
        if self.units >= TICK {
            return self.report();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn report(&mut self) -> Result<(), Abort> {
        let u = std::mem::take(&mut self.units);
        match self.host.tick(u) {
            Ok(()) => Ok(()),
            Err(t) => Err(self.stop(t)),
        }
    }

    /// One unit of code generation (a statement, expression or chain link).
    #[inline]
    pub fn step(&mut self) -> Result<(), CompileError> {
        self.units += 1;
        if self.units >= TICK && self.report().is_err() {
            return Err(self.error());
        }
        Ok(())
    }

    /// One token of `bytes` (by kind, see `VALUE_TOKEN_BYTES`): its share of the tree and code.
    #[inline]
    pub fn token(&mut self, bytes: usize) -> Result<(), Abort> {
        self.alloc(bytes)?;
        self.work(1)
    }

    /// `n` source bytes scanned.
    #[inline]
    pub fn scanned(&mut self, n: usize) -> Result<(), Abort> {
        self.alloc(n.saturating_mul(SCAN_BYTES))?;
        self.work((n / BYTES_PER_UNIT) as u64)
    }

    fn stop(&mut self, t: Throw) -> Abort {
        if self.abort.is_none() {
            self.abort = Some(t);
        }
        Abort
    }

    /// The error standing for an abort while it travels through the compiler (never shown:
    /// `Vm::load` reports `abort` instead).
    pub fn error(&self) -> CompileError {
        CompileError {
            message: "not enough memory".into(),
            line: 0,
        }
    }
}
