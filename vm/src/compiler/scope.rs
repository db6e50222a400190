//! Scope and capture analysis, done while parsing: which names are locals (by id), upvalues
//! (by index, created in every function between the use and the declaration, deduplicated in
//! order of first use as lparser.c's `indexupvalue`), or globals; and which locals are
//! captured by an inner function (they are boxed at declaration by code generation).

use super::ast::{LocalId, LocalInfo, UpvalDesc, UpvalSource};

const MAX_VARS: usize = 200;
const MAX_UPVALS: usize = 60;

pub enum Resolved {
    Local(LocalId),
    Upval(u32),
    Global,
}

#[derive(Default)]
pub struct FuncScope {
    pub locals: Vec<LocalInfo>,
    pub upvals: Vec<UpvalDesc>,
    actives: Vec<LocalId>,
    /// Declared by the current statement, visible after it.
    pending: Vec<LocalId>,
    /// Hidden for-loop control variables currently in scope (they count for the limit).
    hidden: usize,
    /// (actives, hidden) at each open block.
    blocks: Vec<(usize, usize)>,
    loops: u32,
    is_vararg: bool,
    pub uses_vararg: bool,
    line: u32,
}

impl FuncScope {
    fn limit_error(&self, limit: usize, what: &str) -> String {
        if self.line == 0 {
            format!("main function has more than {} {}", limit, what)
        } else {
            format!(
                "function at line {} has more than {} {}",
                self.line, limit, what
            )
        }
    }
}

#[derive(Default)]
pub struct Scopes {
    fs: Vec<FuncScope>,
}

impl Scopes {
    fn cur(&mut self) -> &mut FuncScope {
        self.fs.last_mut().expect("function scope")
    }

    pub fn open_function(&mut self, line: u32, is_vararg: bool) {
        self.fs.push(FuncScope {
            line,
            is_vararg,
            ..FuncScope::default()
        });
    }

    pub fn close_function(&mut self) -> FuncScope {
        self.fs.pop().expect("function scope")
    }

    pub fn set_vararg(&mut self, v: bool) {
        self.cur().is_vararg = v;
    }

    pub fn is_vararg(&self) -> bool {
        self.fs.last().is_some_and(|f| f.is_vararg)
    }

    pub fn note_vararg_use(&mut self) {
        self.cur().uses_vararg = true;
    }

    pub fn enter_block(&mut self) {
        let f = self.cur();
        let mark = (f.actives.len(), f.hidden);
        f.blocks.push(mark);
    }

    pub fn leave_block(&mut self) {
        let f = self.cur();
        if let Some((a, h)) = f.blocks.pop() {
            f.actives.truncate(a);
            f.hidden = h;
        }
    }

    pub fn enter_loop(&mut self) {
        self.cur().loops += 1;
    }

    pub fn leave_loop(&mut self) {
        self.cur().loops -= 1;
    }

    pub fn in_loop(&self) -> bool {
        self.fs.last().is_some_and(|f| f.loops > 0)
    }

    /// Declares a local (the `n`-th of its statement); it becomes visible on `activate`.
    pub fn declare(&mut self, name: &str, n: usize) -> Result<LocalId, String> {
        let f = self.cur();
        if f.actives.len() + f.hidden + n + 1 > MAX_VARS {
            return Err(f.limit_error(MAX_VARS, "local variables"));
        }
        let id = f.locals.len() as LocalId;
        f.locals.push(LocalInfo {
            name: name.to_string(),
            captured: false,
        });
        f.pending.push(id);
        Ok(id)
    }

    /// lparser.c's `new_localvar` check for a statement declaring `n` locals at once
    /// (for-loop control variables included): more than 200 active is an error.
    pub fn check_locals(&mut self, n: usize) -> Result<(), String> {
        let f = self.cur();
        if f.actives.len() + f.hidden + n > MAX_VARS {
            return Err(f.limit_error(MAX_VARS, "local variables"));
        }
        Ok(())
    }

    /// errorlimit's message for the current function (`main function has more than ...`).
    pub fn limit_message(&self, limit: usize, what: &str) -> String {
        self.fs
            .last()
            .map_or_else(String::new, |f| f.limit_error(limit, what))
    }

    /// Reserves `n` hidden control variables in the current block.
    pub fn hidden(&mut self, n: usize) -> Result<(), String> {
        let f = self.cur();
        if f.actives.len() + f.hidden + n > MAX_VARS {
            return Err(f.limit_error(MAX_VARS, "local variables"));
        }
        f.hidden += n;
        Ok(())
    }

    /// Makes the last `k` declared locals visible.
    pub fn activate(&mut self, k: usize) {
        let f = self.cur();
        let from = f.pending.len() - k;
        let ids: Vec<LocalId> = f.pending.drain(from..).collect();
        f.actives.extend(ids);
    }

    /// lparser.c's singlevaraux, iteratively (function nesting can be ~100 deep and this runs
    /// at the bottom of the parser's deepest recursion): the innermost function with an active
    /// local of that name declares it; every function between it and the current one gets an
    /// upvalue for it (outermost first, deduplicated by source like indexupvalue).
    pub fn resolve(&mut self, name: &str) -> Result<Resolved, String> {
        let top = self.fs.len() - 1;
        let mut found = None;
        for level in (0..=top).rev() {
            let f = &self.fs[level];
            if let Some(&id) = f
                .actives
                .iter()
                .rev()
                .find(|&&id| f.locals[id as usize].name == name)
            {
                found = Some((level, id));
                break;
            }
        }
        let Some((decl, id)) = found else {
            return Ok(Resolved::Global);
        };
        if decl == top {
            return Ok(Resolved::Local(id));
        }
        self.fs[decl].locals[id as usize].captured = true;
        let mut source = UpvalSource::ParentLocal(id);
        let mut index = 0;
        for f in &mut self.fs[decl + 1..=top] {
            index = match f.upvals.iter().position(|u| u.source == source) {
                Some(i) => i,
                None => {
                    if f.upvals.len() + 1 > MAX_UPVALS {
                        return Err(f.limit_error(MAX_UPVALS, "upvalues"));
                    }
                    f.upvals.push(UpvalDesc {
                        name: name.to_string(),
                        source,
                    });
                    f.upvals.len() - 1
                }
            };
            source = UpvalSource::ParentUpval(index as u32);
        }
        Ok(Resolved::Upval(index as u32))
    }
}
