//! Debugger line traps: a debug compile (`Meter::debug_traps`) puts an `OP_LINETRAP` before
//! the first instruction of each new source line and at each loop's jump target, which is
//! where lua5.1's line hook fires (a new line, a backward jump). Ordinary compiles emit none,
//! so only a debugging session pays for stepping.

use super::codegen::FuncState;
use crate::bytecode::*;

/// Trap-emission state of one function being compiled.
#[derive(Default)]
pub(super) struct Traps {
    /// The next instruction is a loop's jump target: it gets a trap whatever its line.
    loop_target: bool,
}

impl Traps {
    /// A function's first body instruction always gets a trap (lua5.1's hook fires on entry).
    pub(super) fn at_entry() -> Traps {
        Traps { loop_target: true }
    }
}

impl FuncState<'_> {
    /// Called by `emit` before each instruction of a debug compile.
    pub(super) fn trap_before(&mut self, line: u32) {
        let Some(t) = self.traps.as_mut() else {
            return;
        };
        let forced = std::mem::take(&mut t.loop_target);
        let prev = self.p.code.last().copied();
        let prev_line = self.p.lines.last().copied();
        // An instruction that skips or reads the next one keeps it adjacent.
        if let Some(i) = prev {
            let o = op(i);
            if matches!(o, OP_EQ | OP_LT | OP_LE | OP_TEST | OP_TESTSET)
                || (o == OP_LOADBOOL && arg_c(i) != 0)
                || (o == OP_SETLIST && arg_c(i) == 0)
            {
                return;
            }
        }
        if !forced && prev_line == Some(line) {
            return;
        }
        self.p.code.push(abc(OP_LINETRAP, forced as u32, 0, 0));
        self.p.lines.push(line);
    }

    /// In a debug compile, a `for` loop's variables end before its loop instruction (lua5.1's
    /// forbody closes their block first): a stop there shows only the hidden control state.
    pub(super) fn end_loop_vars(&mut self, from: usize) {
        if self.traps.is_none() || from > self.scope_vars.len() {
            return;
        }
        let pc = self.p.code.len() as u32;
        for &v in &self.scope_vars[from..] {
            self.p.locvars[v].end_pc = pc;
        }
        self.scope_vars.truncate(from);
    }

    /// The next instruction is a loop's jump target (a backward jump lands there).
    pub(super) fn loop_target(&mut self) {
        if let Some(t) = self.traps.as_mut() {
            t.loop_target = true;
        }
    }

    /// A jump emitted with a line earlier than the code before it (the jump ending an `if`
    /// branch, a `while` loop's jump back, which this compiler gives the statement's first
    /// line) gets no trap and that code's line, as lua5.1 gives it the branch's last line
    /// (line hooks see it in every compile).
    pub(super) fn backward_lined_jump(&self, line: u32) -> bool {
        self.p.lines.last().is_some_and(|&l| line < l)
    }

    /// Instructions lua5.1 does not have at a function's start — the prologue (cells for
    /// captured parameters, `arg`) and the leading LOADNILs it omits (`luaK_nil` at pc 0)
    /// unless a jump lands there — take the line of the first instruction after them, so the
    /// entry line event, `activelines` and `currentline` are lua5.1's. Not in a debug compile,
    /// whose traps stop at the LOADNIL's own line.
    pub(super) fn hide_prologue(&mut self, prologue: usize) {
        if self.traps.is_some() {
            return;
        }
        self.p.entry = prologue as u32;
        let code = &self.p.code;
        let target = |at: usize| {
            code.iter().enumerate().any(|(pc, &i)| {
                matches!(op(i), OP_JMP | OP_FORLOOP | OP_FORPREP | OP_TFORLOOP)
                    && pc as isize + 1 + arg_sbx(i) == at as isize
            })
        };
        let mut start = prologue;
        while start + 1 < code.len() && op(code[start]) == OP_LOADNIL && !target(start) {
            start += 1;
        }
        if start == 0 || start >= code.len() {
            return;
        }
        let first = self.p.lines[start];
        self.p.lines[..start].fill(first);
    }
}
