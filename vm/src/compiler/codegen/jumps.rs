//! Jump lists as lcode.c keeps them. Jumps "to here" wait in `jpc` until the next
//! instruction is emitted (lcode.c's `fs->jpc`, discharged by `luaK_code`); a JMP emitted
//! meanwhile takes them along (`luaK_jump`): they land where it lands, so a jump never
//! lands on a jump. A value-producing test is a TESTSET whose destination is set when its
//! list is patched (`patchtestreg`): the register of the value the list produces, or none
//! (the TESTSET becomes a TEST). Error messages name what lua5.1 names (ldebug.c's
//! `symbexec` follows these jumps), which is why the shapes must be lua5.1's.

use super::*;

impl FuncState<'_> {
    /// lcode.c's `luaK_jump`: a JMP that carries the jumps waiting for the next instruction.
    pub(super) fn emit_jump(&mut self, line: u32) -> usize {
        let pending = std::mem::take(&mut self.jpc);
        let j = if self.backward_lined_jump(line) {
            let l = self.p.lines.last().copied().unwrap_or(line);
            self.p.code.push(asbx(OP_JMP, 0, 0));
            self.p.lines.push(l);
            self.p.code.len() - 1
        } else {
            self.emit(asbx(OP_JMP, 0, 0), line)
        };
        if !pending.is_empty() {
            self.follow.insert(j, pending);
        }
        j
    }

    /// Jumps to the next instruction emitted (lcode.c's `luaK_patchtohere`).
    pub(super) fn patch_to_here(&mut self, jumps: &[usize]) {
        self.jpc.extend_from_slice(jumps);
    }

    /// Called by `emit` before an instruction: the waiting jumps land on it.
    pub(super) fn discharge_jpc(&mut self) -> R<()> {
        let jumps = std::mem::take(&mut self.jpc);
        let here = self.pc();
        for j in self.expand(&jumps) {
            self.patch_test_reg(j, None);
            self.fix_jump(j, here)?;
        }
        Ok(())
    }

    /// Every jump of a list: the listed ones and those each carries (`emit_jump`).
    pub(super) fn expand(&self, jumps: &[usize]) -> Vec<usize> {
        let mut out = Vec::with_capacity(jumps.len());
        let mut work: Vec<usize> = jumps.iter().rev().copied().collect();
        while let Some(j) = work.pop() {
            out.push(j);
            if let Some(more) = self.follow.get(&j) {
                work.extend(more.iter().rev());
            }
        }
        out
    }

    /// Points one jump (or FORPREP/FORLOOP/TFORLOOP) at `target`.
    pub(super) fn fix_jump(&mut self, at: usize, target: usize) -> R<()> {
        let off = target as i64 - (at as i64 + 1);
        if off.abs() > MAXARG_SBX as i64 {
            return Err(self.error(self.p.lines[at], "control structure too long"));
        }
        let i = self.p.code[at];
        self.p.code[at] = asbx(op(i), arg_a(i) as u32, off as i32);
        Ok(())
    }

    /// A jump and those it carries, to `target`, producing no value (lcode.c's
    /// `luaK_patchlist`).
    pub(super) fn patch(&mut self, at: usize, target: usize) -> R<()> {
        for j in self.expand(&[at]) {
            self.patch_test_reg(j, None);
            self.fix_jump(j, target)?;
        }
        Ok(())
    }

    /// `patch` of each jump to the current pc, at once.
    pub(super) fn patch_here(&mut self, jumps: &[usize]) -> R<()> {
        let here = self.pc();
        for &j in jumps {
            self.patch(j, here)?;
        }
        Ok(())
    }

    /// The instruction deciding jump `j`: the test before it, or the jump itself.
    pub(super) fn jump_control(&self, j: usize) -> usize {
        if j >= 1
            && matches!(
                op(self.p.code[j - 1]),
                OP_EQ | OP_LT | OP_LE | OP_TEST | OP_TESTSET
            )
        {
            j - 1
        } else {
            j
        }
    }

    /// lcode.c's `patchtestreg`: a TESTSET deciding `j` copies its value into `reg`, or
    /// becomes a TEST (no register, or the value is there already). False when `j` is not
    /// decided by a TESTSET.
    pub(super) fn patch_test_reg(&mut self, j: usize, reg: Option<u32>) -> bool {
        let c = self.jump_control(j);
        let i = self.p.code[c];
        if op(i) != OP_TESTSET {
            return false;
        }
        let (b, k) = (arg_b(i) as u32, arg_c(i) as u32);
        self.p.code[c] = match reg {
            Some(r) if r != b => abc(OP_TESTSET, r, b, k),
            _ => abc(OP_TEST, b, 0, k),
        };
        true
    }

    /// lcode.c's `need_value`: some jump of the list is not decided by a TESTSET, so the
    /// value it produces must be loaded (`true`/`false`).
    pub(super) fn need_value(&self, jumps: &[usize]) -> bool {
        self.expand(jumps)
            .into_iter()
            .any(|j| op(self.p.code[self.jump_control(j)]) != OP_TESTSET)
    }

    /// lcode.c's `patchlistaux`: TESTSET-decided jumps produce their value in `reg` and go
    /// to `vtarget`, the others to `dtarget`.
    pub(super) fn patch_values(
        &mut self,
        jumps: &[usize],
        vtarget: usize,
        reg: u32,
        dtarget: usize,
    ) -> R<()> {
        for j in self.expand(jumps) {
            let target = if self.patch_test_reg(j, Some(reg)) {
                vtarget
            } else {
                dtarget
            };
            self.fix_jump(j, target)?;
        }
        Ok(())
    }

    /// lcode.c's `removevalues`: the list's TESTSETs become TESTs.
    pub(super) fn remove_values(&mut self, jumps: &[usize]) {
        for j in self.expand(jumps) {
            self.patch_test_reg(j, None);
        }
    }
}
