//! Debugger support (issue 14): a run that stops at a line trap and resumes later.
//!
//! A debug compile (`Vm::load_debug`) puts `OP_LINETRAP` at each new line and loop target
//! (`compiler/traps.rs`). When a trap runs, the host's `Vm::line_hook` decides whether to
//! stop; a stop leaves the run exactly where it is — frames, continuations (pcall, sort
//! comparators, gsub callbacks, metamethods), coroutines — and returns to the host
//! (`Run::Suspended`). The executor keeps all of a run's state in its own vectors, so
//! resuming is just driving the dispatch loop again (`Vm::resume_run`).

use super::{CallInfo, FrameKind, LuaError, RetMode, Throw, Vm};
use crate::bytecode::Proto;
use crate::exec::Function;
use crate::value::Value;
use std::rc::Rc;

/// The host's line hook: called at each line trap (`loop_target`: the trap sits where a
/// backward jump lands). True stops the run there.
pub type LineHook = fn(&mut Vm, bool) -> bool;

impl Vm {
    /// The host's line hook for the traps of debug compiles (`None`: traps do nothing).
    pub fn set_line_hook(&mut self, hook: Option<LineHook>) {
        self.line_hook = hook;
    }
}

/// How far a resumable run got.
#[derive(Debug)]
pub enum Run {
    /// The function returned these values.
    Done(Vec<Value>),
    /// The line hook stopped it; `Vm::resume_run` goes on.
    Suspended,
}

/// One Lua level of a suspended run, innermost first (`Vm::debug_levels`).
#[derive(Debug, Clone)]
pub struct Level {
    /// Index into the frame stack.
    pub frame: usize,
    /// The chunk name (`@user_script`).
    pub source: Rc<str>,
    pub line: u32,
    /// The name the caller called it by (lua_getinfo's `n`), if any.
    pub name: Option<String>,
    /// The function running there.
    pub func: Value,
    /// The line its definition starts on (0: a main chunk).
    pub line_defined: u32,
    /// The frame stands at its function's first line trap (a function entry).
    pub entry: bool,
}

impl Vm {
    /// `load` with debugger line traps in every function of the chunk.
    pub fn load_debug(
        &mut self,
        source: &[u8],
        chunkname: &str,
    ) -> Result<Value, super::LoadError> {
        self.trap_compile = true;
        let r = self.load(source, chunkname);
        self.trap_compile = false;
        r
    }

    /// Whether a run is suspended (frames kept between host calls).
    pub fn is_suspended(&self) -> bool {
        !self.frames.is_empty()
    }

    /// Starts `f(args)` as a run the line hook may suspend.
    pub fn start_run(&mut self, f: Value, args: &[Value]) -> Result<Run, LuaError> {
        let r = self.host_call(f, args)?;
        self.end_leg(r)
    }

    /// Resumes a suspended run until it stops again or ends.
    pub fn resume_run(&mut self) -> Result<Run, LuaError> {
        if self.frames.is_empty() {
            return Err(LuaError::msg(self, "no suspended run"));
        }
        self.heap.limit = self.memory_limit;
        let r = self.drive();
        self.end_leg(r)
    }

    /// Ends a suspended run with an error no `pcall` catches (the debugger's `abort`).
    pub fn abort_run(&mut self, message: &str) -> LuaError {
        self.heap.limit = self.memory_limit;
        let r = self.unwind(Throw::Uncatchable(message.into()));
        self.heap.limit = 0;
        match r {
            Err(e) => e,
            // Unreachable: nothing stops an uncatchable error.
            Ok(()) => {
                self.reset_run();
                LuaError::msg(self, message)
            }
        }
    }

    fn end_leg(&mut self, r: Result<(), LuaError>) -> Result<Run, LuaError> {
        self.heap.limit = 0;
        match r {
            Ok(()) if !self.frames.is_empty() => Ok(Run::Suspended),
            Ok(()) => {
                let out = self.stack[0..self.top.min(self.stack.len())].to_vec();
                self.stack.clear();
                Ok(Run::Done(out))
            }
            Err(e) => {
                self.reset_run();
                Err(e)
            }
        }
    }

    /// Forgets a run that ended in an error: frames, stacks, coroutine chain, C levels.
    pub(crate) fn reset_run(&mut self) {
        self.frames.clear();
        self.stack.clear();
        self.current = None;
        self.outer_c = 0;
        self.c_depth = 0;
    }

    /// Calls `f(args)` while a run is suspended, on top of it (the debugger's `eval`): the
    /// suspended frames are set aside and their values kept on the stack (rooted), an error
    /// comes back as `Err` and leaves the suspended run as it was. Not inside a coroutine.
    pub fn call_while_suspended(
        &mut self,
        f: Value,
        args: &[Value],
    ) -> Result<Vec<Value>, LuaError> {
        if self.current.is_some() {
            return Err(LuaError::msg(
                self,
                "cannot evaluate while stopped inside a coroutine",
            ));
        }
        let parked = std::mem::take(&mut self.frames);
        let (top, c_depth, len) = (self.top, self.c_depth, self.stack.len());
        let mut roots = Vec::new();
        super::trace_frames(&parked, &mut roots);
        self.stack.extend(roots);
        let base = self.stack.len();
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        self.c_depth = 0;
        let ci = CallInfo {
            func_idx: base,
            nresults: -1,
            ret: RetMode::Normal,
        };
        self.heap.limit = self.memory_limit;
        let r = match self.call_value(ci, args.len(), false) {
            Ok(()) => self.drive(),
            Err(t) => self.unwind(t).and_then(|()| self.drive()),
        };
        self.heap.limit = 0;
        let out = r.map(|()| self.stack[base..self.top.max(base).min(self.stack.len())].to_vec());
        self.frames = parked;
        self.stack.truncate(len);
        self.top = top;
        self.c_depth = c_depth;
        self.sync_stack_charge();
        out
    }

    /// The Lua levels of the running (suspended) thread, innermost first.
    pub fn debug_levels(&self) -> Vec<Level> {
        let mut out = Vec::new();
        for (idx, f) in self.frames.iter().enumerate().rev() {
            if let (Some(p), FrameKind::Lua { func, .. }) = (self.frame_proto(f), &f.kind) {
                let line = p.lines.get(f.pc.saturating_sub(1)).copied().unwrap_or(0);
                out.push(Level {
                    frame: idx,
                    source: p.source.clone(),
                    line,
                    name: self.called_as(idx),
                    func: Value::Func(*func),
                    line_defined: p.line_defined,
                    entry: p
                        .code
                        .iter()
                        .position(|&i| crate::bytecode::op(i) == crate::bytecode::OP_LINETRAP)
                        .is_some_and(|first| f.pc == first + 1),
                });
            }
        }
        out
    }

    /// The active local variables of the Lua frame `frame` (lua_getlocal's order, hidden
    /// `for` state included), cells read through.
    pub fn debug_locals(&self, frame: usize) -> Vec<(String, Value)> {
        let Some(f) = self.frames.get(frame) else {
            return Vec::new();
        };
        let FrameKind::Lua { func, .. } = f.kind else {
            return Vec::new();
        };
        let Ok(Function::Lua(c)) = self.heap.function(func) else {
            return Vec::new();
        };
        let p: &Proto = &c.proto;
        let pc = f.pc.saturating_sub(1);
        p.locvars
            .iter()
            .filter(|l| (l.start_pc as usize) <= pc && pc < l.end_pc as usize)
            .map(|l| {
                let v = self
                    .stack
                    .get(f.base + l.reg as usize)
                    .copied()
                    .unwrap_or(Value::Nil);
                let v = match v {
                    Value::Cell(c) => self.heap.cell(c).unwrap_or(Value::Nil),
                    v => v,
                };
                (l.name.clone(), v)
            })
            .collect()
    }

    /// Called by the LINETRAP instruction (the frame's `pc` is saved): asks the host's hook.
    #[cold]
    #[inline(never)]
    pub(crate) fn line_trap(&mut self, loop_target: bool) -> Result<(), Throw> {
        let hook = self.line_hook;
        match hook {
            Some(h) if h(self, loop_target) => Err(Throw::Suspend),
            _ => Ok(()),
        }
    }
}
