//! The string library (lstrlib.c): basic functions, `format`, and pattern matching (`find`,
//! `match`, `gmatch`, `gsub`). `gsub` with a function replacement calls Lua through a
//! continuation; the matcher (pattern.rs) never recurses, charges its work to the VM's
//! instruction budget and runs the budget hook in the middle of a search (ARCHITECTURE_ISSUES.md
//! D22).

pub mod format;
pub mod pattern;

use ferrous_vm::api::{Args, f64_to_i32, f64_to_i64};
use ferrous_vm::exec::Function;
use ferrous_vm::value::StrRef;
use ferrous_vm::{Ret, Then, Throw, Value, Vm};
use pattern::{Budget, CapValue, Gmatch, Match, PatternError, Search};
use std::rc::Rc;

pub fn open_string(vm: &mut Vm) {
    // lstrlib's list and order; "gfind" is gmatch itself (LUA_COMPAT_GFIND), set in its place.
    let t = vm.new_library(&[
        ("byte", byte),
        ("char", char_),
        ("dump", dump),
        ("find", find),
        ("format", format_),
        ("gfind", gmatch),
        ("gmatch", gmatch),
        ("gsub", gsub),
        ("len", len),
        ("lower", lower),
        ("match", match_),
        ("rep", rep),
        ("reverse", reverse),
        ("sub", sub),
        ("upper", upper),
    ]);
    let gm = vm.get_field(t, "gmatch");
    vm.set_field(t, "gfind", gm);
    vm.set_global("string", Value::Table(t));
    // The string metatable: ("x"):upper() indexes the string table.
    let mt = vm.new_table();
    vm.set_field(mt, "__index", Value::Table(t));
    let s = vm.str("");
    vm.set_type_metatable(s, Some(mt));
}

/// lstrlib's posrelat (5.1): negative positions count from the end; below 0 becomes 0.
fn posrelat(pos: i64, len: usize) -> i64 {
    let p = if pos < 0 { pos + len as i64 + 1 } else { pos };
    p.max(0)
}

fn len(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let s = Args::new(base, n).check_str(vm, 0)?;
    let l = vm.heap().str_bytes(s)?.len();
    vm.push(Value::Num(l as f64));
    Ok(Ret::Values(1))
}

fn sub(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let s = a.check_str(vm, 0)?;
    let l = vm.heap().str_bytes(s)?.len();
    let mut i = posrelat(a.check_int(vm, 1)?, l);
    let mut j = posrelat(a.opt_int(vm, 2, -1)?, l);
    if i < 1 {
        i = 1;
    }
    if j > l as i64 {
        j = l as i64;
    }
    if i <= j {
        vm.reserve((j - i + 1) as usize)?;
        vm.charge_bytes((j - i + 1) as usize)?;
        let b = vm.heap().str_bytes(s)?[(i - 1) as usize..j as usize].to_vec();
        vm.push_vec(b);
    } else {
        vm.push_str(b"");
    }
    Ok(Ret::Values(1))
}

/// upper/lower/reverse: the result is reserved, then built 1 MiB at a time, each piece paid
/// before it is copied (the hook can stop a copy of a huge string mid-way).
fn map_bytes(
    vm: &mut Vm,
    base: usize,
    n: usize,
    f: fn(&[u8], &mut Vec<u8>),
    rev: bool,
) -> Result<Ret, Throw> {
    const PIECE: usize = 1 << 20;
    let s = Args::new(base, n).check_str(vm, 0)?;
    let l = vm.heap().str_len(s);
    vm.reserve(l)?;
    let mut out = vm.take_buf();
    out.reserve(l);
    let mut done = 0;
    while done < l {
        let m = PIECE.min(l - done);
        vm.charge(1 + (m / ferrous_vm::exec::alloc::BYTES_PER_UNIT) as u64)?;
        let range = if rev {
            l - done - m..l - done
        } else {
            done..done + m
        };
        f(&vm.heap().str_bytes(s)?[range], &mut out);
        done += m;
    }
    vm.push_buf(out);
    Ok(Ret::Values(1))
}

fn upper(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    map_bytes(
        vm,
        base,
        n,
        |b, out| out.extend(b.iter().map(u8::to_ascii_uppercase)),
        false,
    )
}

fn lower(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    map_bytes(
        vm,
        base,
        n,
        |b, out| out.extend(b.iter().map(u8::to_ascii_lowercase)),
        false,
    )
}

fn reverse(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    map_bytes(vm, base, n, |b, out| out.extend(b.iter().rev()), true)
}

fn rep(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let s = a.check_bytes(vm, 0)?;
    let k = crate::check_cint(&a, vm, 1)?;
    if k <= 0 || s.is_empty() {
        vm.push_str(b"");
        return Ok(Ret::Values(1));
    }
    let total = (s.len() as u128) * (k as u128);
    if total > (1u128 << 31) {
        return Err(Throw::msg("resulting string too large"));
    }
    let total = total as usize;
    vm.reserve(total)?;
    // Doubling copies of at most 1 MiB each, each paid before it is made.
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&s);
    vm.charge_bytes(s.len())?;
    // Pieces are whole copies of `s` (so the repetition stays in phase past the first MiB).
    let piece = ((1 << 20) / s.len()).max(1) * s.len();
    while out.len() < total {
        let m = out.len().min(total - out.len()).min(piece);
        vm.charge(1 + (m / ferrous_vm::exec::alloc::BYTES_PER_UNIT) as u64)?;
        out.extend_from_within(..m);
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

fn byte(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let sr = a.check_str(vm, 0)?;
    let i_arg = a.opt_int(vm, 1, 1)?;
    let l = vm.heap().str_bytes(sr)?.len();
    let i = posrelat(i_arg, l);
    let j = posrelat(a.opt_int(vm, 2, i)?, l);
    let i = i.max(1);
    let j = j.min(l as i64);
    if i > j {
        return Ok(Ret::Values(0));
    }
    let cnt = (j - i + 1) as usize;
    // luaL_checkstack(L, n, ...): the arguments plus the results must fit LUAI_MAXCSTACK.
    if cnt > 8000 || n + cnt > 8000 {
        return Err(Throw::msg("stack overflow (string slice too long)"));
    }
    vm.check_stack(cnt)?;
    // Copy only the requested bytes, not the whole subject.
    let bytes = vm.heap().str_bytes(sr)?[(i - 1) as usize..j as usize].to_vec();
    for b in bytes {
        vm.push(Value::Num(b as f64));
    }
    Ok(Ret::Values(cnt))
}

fn char_(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    vm.reserve(n)?;
    vm.charge_bytes(n)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = crate::check_cint(&a, vm, i)?;
        if !(0..=255).contains(&c) {
            return Err(Throw::Arg(i + 1, "invalid value".into()));
        }
        out.push(c as u8);
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

fn dump(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let Value::Func(f) = a.get(vm, 0) else {
        return Err(a.type_error(vm, 0, "function"));
    };
    if matches!(
        vm.heap().function(f)?,
        ferrous_vm::exec::Function::Native(_)
    ) {
        return Err(Throw::msg("unable to dump given function"));
    }
    // With binary chunks enabled (the CLI) a sealed chunk this VM loads back; otherwise (Redis
    // loads none) lua5.1's binary-chunk header, which `load`/`loadstring` refuse like any
    // precompiled chunk.
    match vm.dump_function(f) {
        Some(bytes) => {
            vm.reserve(bytes.len())?;
            vm.push_vec(bytes);
        }
        None => vm.push_str(b"\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00"),
    }
    Ok(Ret::Values(1))
}

fn format_(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    // The format is copied (the loop charges the VM meanwhile) into a reused buffer, and the
    // result is built in another.
    let fr = a.check_str(vm, 0)?;
    let flen = vm.heap().str_len(fr);
    vm.reserve(flen)?;
    let mut fmt = vm.take_buf();
    fmt.extend_from_slice(vm.heap().str_bytes(fr)?);
    vm.charge_bytes(fmt.len())?;
    let mut out = vm.take_buf();
    out.reserve(fmt.len() + 16);
    let mut arg = 0;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg >= n {
            return Err(Throw::Arg(arg + 1, "no value".into()));
        }
        let (sp, conv, used) = format::scan(&fmt[i..]).map_err(Throw::Msg)?;
        i += used;
        match conv {
            // `%c` takes a C `int` ((int)d), `%d`/`%i` a `long`.
            b'c' => {
                let x = a.check_number(vm, arg)?;
                format::format_int(&mut out, f64_to_i32(x) as i64, conv, &sp);
            }
            b'd' | b'i' => {
                let x = a.check_number(vm, arg)?;
                format::format_int(&mut out, f64_to_i64(x), conv, &sp);
            }
            b'o' | b'u' | b'x' | b'X' => {
                let x = a.check_number(vm, arg)?;
                format::format_int(&mut out, format::f64_to_u64(x) as i64, conv, &sp);
            }
            b'e' | b'E' | b'f' | b'g' | b'G' => {
                let x = a.check_number(vm, arg)?;
                format::format_float(&mut out, x, conv, &sp);
            }
            b'q' => {
                let s = a.check_bytes(vm, arg)?;
                // At most 4 bytes per byte (`\000`) plus the quotes.
                reserve_out(vm, &out, s.len().saturating_mul(4).saturating_add(2))?;
                format::format_quoted(&mut out, &s);
            }
            b's' => {
                // Read in place: nothing runs between the reservation and the copy.
                let r = a.check_str(vm, arg)?;
                reserve_out(vm, &out, vm.heap().str_len(r).max(sp.width))?;
                format::format_str(&mut out, vm.heap().str_bytes(r)?, &sp);
            }
            // lua_pushfstring's `%c` writes the byte as a C string: a NUL writes nothing.
            0 => return Err(Throw::msg("invalid option '%' to 'format'")),
            other => {
                return Err(Throw::msg(format!(
                    "invalid option '%{}' to 'format'",
                    other as char
                )));
            }
        }
    }
    vm.put_buf(fmt);
    vm.push_buf(out);
    Ok(Ret::Values(1))
}

/// Reserves and pays for `extra` more bytes in a result buffer that already holds `out`.
fn reserve_out(vm: &mut Vm, out: &[u8], extra: usize) -> Result<(), Throw> {
    vm.reserve(out.len().saturating_add(extra))?;
    vm.charge_bytes(extra)
}

// ---------------------------------------------------------------------------------------------
// Pattern matching: `find`, `match`, `gmatch`, `gsub` over the resumable matcher in pattern.rs
// ---------------------------------------------------------------------------------------------

fn pattern_throw(e: PatternError) -> Throw {
    Throw::Msg(e.message().to_string())
}

/// Runs a resumable pattern step on the VM's instruction budget: one unit of matcher work is
/// one instruction. `step` gets the VM (to borrow the subject and pattern again: they do not
/// move, but the hook may run in between) and a budget holding what is left of `vm.budget()`.
/// When the budget runs out mid-search the hook runs exactly as it does between instructions
/// (its error ends the search and is raised as this function's error); if it returns, the step
/// is called again and continues where it stopped.
fn drive<T>(
    vm: &mut Vm,
    mut step: impl FnMut(&Vm, &mut Budget) -> Result<Result<T, PatternError>, Throw>,
) -> Result<T, Throw> {
    loop {
        let mut b = Budget::new(vm.budget().max(0) as u64);
        let r = step(vm, &mut b)?;
        vm.set_budget(
            vm.budget()
                .saturating_sub(b.used.min(i64::MAX as u64) as i64),
        );
        match r {
            Ok(v) => return Ok(v),
            Err(PatternError::Interrupted) => vm.run_hook()?,
            Err(e) => return Err(pattern_throw(e)),
        }
    }
}

/// Pushes captures `from..to` of `m` over the subject `sr` (lstrlib's push_captures): each
/// string capture is copied out of the subject through a reused buffer (the subject is
/// borrowed from the heap, which interning the capture changes).
fn push_caps(vm: &mut Vm, m: &Match, sr: StrRef, n: usize) -> Result<(), Throw> {
    let mut buf = vm.take_buf();
    for i in 0..n {
        let c = m.capture(i).map_err(pattern_throw)?;
        match c.value(vm.heap().str_bytes(sr)?) {
            CapValue::Str(b) => {
                buf.clear();
                buf.extend_from_slice(b);
                vm.push_str(&buf);
            }
            CapValue::Pos(p) => vm.push(Value::Num(p as f64)),
        }
    }
    vm.put_buf(buf);
    Ok(())
}

/// `str_find_aux` (5.1): `string.find` and `string.match`.
fn find_aux(vm: &mut Vm, base: usize, n: usize, find: bool) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let sr = a.check_str(vm, 0)?;
    let pr = a.check_str(vm, 1)?;
    let init_arg = a.opt_int(vm, 2, 1)?;
    let plain = find && a.get(vm, 3).truthy();
    // lua5.1 clamps init into [0, len] (no early nil as in 5.2).
    let init = pattern::find_init(init_arg, vm.heap().str_bytes(sr)?.len());
    let mut search = {
        let p = vm.heap().str_bytes(pr)?;
        if find {
            Search::find(p, init, plain)
        } else {
            Search::match_(p, init)
        }
    };
    let found = drive(vm, |vm, b| {
        Ok(search.run(vm.heap().str_bytes(sr)?, vm.heap().str_bytes(pr)?, b))
    })?;
    match found {
        Some(m) if find && m.num_captures() == 0 => {
            vm.push(Value::Num((m.start + 1) as f64));
            vm.push(Value::Num(m.end as f64));
            Ok(Ret::Values(2))
        }
        Some(m) => {
            // find: the positions, then the pattern's captures; match: the captures, or the
            // whole match when there are none.
            let ncap = if find {
                m.num_captures()
            } else {
                m.num_captures().max(1)
            };
            let mut cnt = ncap;
            if find {
                vm.push(Value::Num((m.start + 1) as f64));
                vm.push(Value::Num(m.end as f64));
                cnt += 2;
            }
            push_caps(vm, &m, sr, ncap)?;
            Ok(Ret::Values(cnt))
        }
        None => {
            vm.push(Value::Nil);
            Ok(Ret::Values(1))
        }
    }
}

fn find(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    find_aux(vm, base, n, true)
}

fn match_(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    find_aux(vm, base, n, false)
}

fn gmatch(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let s = a.check_str(vm, 0)?;
    let p = a.check_str(vm, 1)?;
    let f = vm.new_native_with(
        "gmatch_aux",
        gmatch_aux,
        vec![Value::Str(s), Value::Str(p), Value::Num(0.0)],
    );
    vm.push(f);
    Ok(Ret::Values(1))
}

/// `gmatch_aux` (5.1): the upvalues are the subject, the pattern and the 0-based position.
fn gmatch_aux(vm: &mut Vm, base: usize, _n: usize) -> Result<Ret, Throw> {
    let me = vm.slot(base - 1);
    let (sv, pv, pos) = (
        vm.native_upvalue(base - 1, 0),
        vm.native_upvalue(base - 1, 1),
        vm.native_upvalue(base - 1, 2),
    );
    let (Value::Str(sr), Value::Str(pr), Value::Num(pos)) = (sv, pv, pos) else {
        return Err(Throw::msg("internal error: gmatch state"));
    };
    let mut g = Gmatch::at(pos as usize);
    let found = drive(vm, |vm, b| {
        Ok(g.next(vm.heap().str_bytes(sr)?, vm.heap().str_bytes(pr)?, b))
    })?;
    let (newstart, found) = match found {
        Some(m) => {
            // A malformed capture raises before the position moves.
            for i in 0..m.num_captures().max(1) {
                m.capture(i).map_err(pattern_throw)?;
            }
            (g.position(), Some(m))
        }
        // lua5.1 leaves the position (the next call finds nothing again); past the end is
        // the same answer without the search.
        None => (vm.heap().str_bytes(sr)?.len() + 1, None),
    };
    if let Value::Func(fr) = me
        && let Function::Native(nc) = vm.heap_mut().function_mut(fr)?
    {
        nc.upvals[2] = Value::Num(newstart as f64);
    }
    match found {
        Some(m) => {
            let cnt = m.num_captures().max(1);
            push_caps(vm, &m, sr, cnt)?;
            Ok(Ret::Values(cnt))
        }
        None => Ok(Ret::Values(0)),
    }
}

/// The state of a `gsub` in progress, kept across replacement-function calls (the call goes
/// through the executor as a continuation: no Rust recursion).
struct GsubState {
    s: Rc<[u8]>,
    p: Rc<[u8]>,
    repl: Value,
    /// The replacement string (a string or number `repl`, converted once).
    repl_str: Option<Vec<u8>>,
    iter: pattern::Gsub,
    out: Vec<u8>,
    /// The match whose replacement call is pending.
    cur: Option<Match>,
}

impl GsubState {
    /// Appends the replacement for `m` (`add_value`), or returns the stack position of the
    /// call (a function, or a table's `__index` function) whose result replaces it.
    fn add_value(&mut self, vm: &mut Vm, m: &Match) -> Result<Option<usize>, Throw> {
        if let Some(r) = &self.repl_str {
            // Each `%d` (2 bytes) expands to at most the match (or a position's digits).
            let piece = (m.end - m.start).max(24);
            let bound = (r.len() / 2).saturating_mul(piece).saturating_add(r.len());
            reserve_out(vm, &self.out, bound)?;
            pattern::expand_replacement(r, &self.s, m, &mut self.out).map_err(pattern_throw)?;
            return Ok(None);
        }
        match self.repl {
            Value::Table(t) => {
                let key = match m.first_capture().map_err(pattern_throw)?.value(&self.s) {
                    CapValue::Str(b) => vm.bytes_value(b),
                    CapValue::Pos(p) => Value::Num(p as f64),
                };
                // lua_gettable: honours __index.
                let v = match vm.index_meta(Value::Table(t), key) {
                    Ok(ferrous_vm::exec::meta::Meta::Value(v)) => v,
                    Ok(ferrous_vm::exec::meta::Meta::Call { f, args, .. }) => {
                        let at = vm.stack_top();
                        vm.push(f);
                        vm.push(args[0]);
                        vm.push(args[1]);
                        return Ok(Some(at));
                    }
                    Err(_) => Value::Nil,
                };
                self.append_result(vm, v, m)?;
                Ok(None)
            }
            f => {
                for i in 0..m.num_captures().max(1) {
                    m.capture(i).map_err(pattern_throw)?;
                }
                let at = vm.stack_top();
                vm.push(f);
                for i in 0..m.num_captures().max(1) {
                    match m.capture(i).map_err(pattern_throw)?.value(&self.s) {
                        CapValue::Str(b) => vm.push_str(b),
                        CapValue::Pos(p) => vm.push(Value::Num(p as f64)),
                    }
                }
                Ok(Some(at))
            }
        }
    }

    /// A function or table replacement's value: false/nil keeps the match.
    fn append_result(&mut self, vm: &mut Vm, v: Value, m: &Match) -> Result<(), Throw> {
        match v {
            Value::Nil | Value::Bool(false) => self.out.extend_from_slice(&self.s[m.start..m.end]),
            Value::Str(r) => {
                reserve_out(vm, &self.out, vm.heap().str_len(r))?;
                self.out.extend_from_slice(vm.heap().str_bytes(r)?);
            }
            Value::Num(_) => {
                let b = vm.tostring_basic(v);
                reserve_out(vm, &self.out, b.len())?;
                self.out.extend_from_slice(&b);
            }
            other => {
                return Err(Throw::msg(format!(
                    "invalid replacement value (a {})",
                    other.type_name()
                )));
            }
        }
        Ok(())
    }

    /// Continues the substitution: the next sites, until the end or a replacement call.
    fn run(mut self: Box<Self>, vm: &mut Vm) -> Result<Ret, Throw> {
        let (s, p) = (self.s.clone(), self.p.clone());
        loop {
            let iter = &mut self.iter;
            let site = drive(vm, |_, b| Ok(iter.next(&s, &p, b)))?;
            let Some(site) = site else { break };
            let lit = site.m.start - site.literal_start;
            if lit > 0 {
                reserve_out(vm, &self.out, lit)?;
            }
            self.out
                .extend_from_slice(&s[site.literal_start..site.m.start]);
            if let Some(at) = self.add_value(vm, &site.m)? {
                self.cur = Some(site.m);
                return Ok(Ret::Call {
                    func: at,
                    nargs: vm.stack_top() - at - 1,
                    cont: self,
                });
            }
            self.iter.recycle(site.m);
        }
        let tail = &s[self.iter.tail_start()..];
        reserve_out(vm, &self.out, tail.len())?;
        self.out.extend_from_slice(tail);
        vm.push_vec(std::mem::take(&mut self.out));
        vm.push(Value::Num(self.iter.count() as f64));
        Ok(Ret::Values(2))
    }
}

impl Then for GsubState {
    fn then(mut self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        let v = if n > 0 { vm.slot(b) } else { Value::Nil };
        vm.set_stack_top(b);
        let Some(m) = self.cur.take() else {
            return Err(Throw::msg("internal error: gsub state"));
        };
        self.append_result(vm, v, &m)?;
        self.iter.recycle(m);
        self.run(vm)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.push(self.repl);
    }
}

fn gsub(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let s = a.check_bytes(vm, 0)?;
    let p = a.check_bytes(vm, 1)?;
    let repl = a.get(vm, 2);
    let repl_str = match repl {
        Value::Num(_) | Value::Str(_) => Some(vm.tostring_basic(repl)),
        Value::Table(_) | Value::Func(_) => None,
        _ => return Err(Throw::Arg(3, "string/function/table expected".into())),
    };
    let max = crate::opt_cint(&a, vm, 3, s.len() as i64 + 1)?;
    let iter = pattern::Gsub::new(&s, &p, Some(max));
    Box::new(GsubState {
        out: Vec::with_capacity(s.len()),
        s: s.into(),
        p: p.into(),
        repl,
        repl_str,
        iter,
        cur: None,
    })
    .run(vm)
}

#[cfg(test)]
mod hook_tests {
    //! The budget hook runs in the middle of one long pattern search (SCRIPT KILL must be able
    //! to stop it), and a search that the hook lets go on gives the same result as an
    //! uninterrupted one.

    use ferrous_vm::{Throw, Value, Vm};
    use std::cell::Cell;

    thread_local! {
        static CALLS: Cell<u64> = const { Cell::new(0) };
    }

    fn calls() -> u64 {
        CALLS.with(|c| c.get())
    }

    fn count() -> u64 {
        CALLS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        })
    }

    fn vm() -> Vm {
        let mut vm = Vm::new();
        crate::open_all(&mut vm);
        CALLS.with(|c| c.set(0));
        vm
    }

    fn run(vm: &mut Vm, src: &str) -> Result<Vec<String>, String> {
        let f = vm
            .load(src.as_bytes(), "=test")
            .map_err(|e| e.to_string())?;
        let r = vm.call(f, &[]).map_err(|e| e.message)?;
        Ok(r.iter()
            .map(|&v| String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned())
            .collect())
    }

    /// A single `string.find` of a catastrophic pattern (it would run for days) is stopped by
    /// the hook's error, which the host gets as the call's error.
    #[test]
    fn hook_kills_one_long_pattern_search() {
        let mut vm = vm();
        vm.set_budget(1000);
        vm.set_hook(Some(|vm| {
            if count() >= 5 {
                Err(Throw::msg("Script killed by user with SCRIPT KILL..."))
            } else {
                vm.set_budget(1000);
                Ok(())
            }
        }));
        let err = run(
            &mut vm,
            "return string.find(string.rep('a', 3000), '.-.-.-.-b')",
        )
        .unwrap_err();
        assert!(err.contains("Script killed by user"), "{}", err);
        assert_eq!(calls(), 5);
    }

    /// The same for the other pattern functions, and the kill error is an ordinary Lua error.
    #[test]
    fn hook_kills_match_gmatch_gsub() {
        for src in [
            "return string.match(string.rep('a', 3000), '(.-)(.-)(.-)%1b')",
            "for w in string.gmatch(string.rep('a', 3000), '.-.-.-b') do end",
            "return string.gsub(string.rep('a', 3000), 'a-a-a-a-b', 'x')",
            "return string.gsub(string.rep('a', 3000), 'a-a-a-a-b', function() end)",
            "return pcall(string.find, string.rep('a', 3000), '.-.-.-.-b')",
        ] {
            let mut vm = vm();
            vm.set_budget(500);
            vm.set_hook(Some(|vm| {
                if count() >= 3 {
                    Err(Throw::msg("killed"))
                } else {
                    vm.set_budget(500);
                    Ok(())
                }
            }));
            let r = run(&mut vm, src);
            if src.contains("pcall") {
                assert_eq!(r.unwrap()[..2], ["false".to_string(), "killed".to_string()]);
            } else {
                assert!(r.unwrap_err().contains("killed"), "{}", src);
            }
            assert_eq!(calls(), 3, "{}", src);
        }
    }

    /// A hook that returns lets the search go on: many hook calls during one search, and the
    /// results are those of the uninterrupted search.
    #[test]
    fn hook_returns_and_search_resumes() {
        let src = "local s = string.rep('a', 60) .. 'b' .. string.rep('a', 20)
            local t = {string.find(s, '.-.-.-b()')}
            t[#t + 1] = string.match(s, '(a-)(a-)%1%2b')
            local r, n = string.gsub(s, '(a-)a-b', function(x) return #x end)
            t[#t + 1] = r t[#t + 1] = n
            for a, b in string.gmatch(s, '(a*)(a-)b') do t[#t + 1] = #a .. ',' .. #b end
            t[#t + 1] = string.gsub(s, 'a-a-a*$', '<%0>')
            return unpack(t)";
        let mut plain = vm();
        let expected = run(&mut plain, src).unwrap();
        assert_eq!(calls(), 0);
        for chunk in [1i64, 3, 50] {
            let mut vm = vm();
            vm.set_budget(chunk);
            vm.set_ext("chunk", chunk);
            vm.set_hook(Some(|vm| {
                count();
                vm.set_budget(*vm.ext::<i64>("chunk").unwrap());
                Ok(())
            }));
            assert_eq!(run(&mut vm, src).unwrap(), expected, "chunk {}", chunk);
            assert!(
                calls() > 1000,
                "chunk {}: only {} hook calls",
                chunk,
                calls()
            );
        }
    }

    /// `pattern_cases.lua` (the generator of pattern_cases.txt, lua5.1's results) through the
    /// VM's string library gives lua5.1's output, also when the hook runs every few units of
    /// work (resuming the searches).
    #[test]
    fn pattern_cases_through_the_vm() {
        let generator = include_str!("pattern_cases.lua");
        let expected = include_str!("pattern_cases.txt");
        let src = format!(
            "local out = {{}}
            io = {{ write = function(...) for i = 1, select('#', ...) do out[#out + 1] = (select(i, ...)) end end }}
            (function() {} end)()
            return table.concat(out)",
            generator
        );
        for chunk in [i64::MAX, 3] {
            let mut vm = vm();
            vm.set_budget(chunk);
            if chunk != i64::MAX {
                vm.set_hook(Some(|vm| {
                    count();
                    vm.set_budget(3);
                    Ok(())
                }));
            }
            let f = vm.load(src.as_bytes(), "=pattern_cases").unwrap();
            let r = vm.call(f, &[]).unwrap_or_else(|e| panic!("{}", e.message));
            let Value::Str(out) = r[0] else {
                panic!("not a string")
            };
            let got = String::from_utf8_lossy(vm.heap().str_bytes(out).unwrap()).into_owned();
            for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
                assert_eq!(g, e, "line {} (budget chunk {})", i + 1, chunk);
            }
            assert_eq!(got.lines().count(), expected.lines().count());
        }
    }
}

#[cfg(test)]
mod tests {
    //! Expected values are lua5.1's output for the same chunks (obtained by running them through lua5.1).

    fn check(body: &str, expected: &str) {
        assert_eq!(crate::run_for_test(body), expected, "{}", body);
    }

    #[test]
    fn format_conversions() {
        check(
            r#"return string.format('%5.2f|%-8d|%+d|% d|%#x|%#o|%e|%g|%g|%g', 3.14159, 42, 5, 5, 255, 8, 12345.678, 1e-5, 1e20, 0.1)"#,
            r#" 3.14|42      |+5| 5|0xff|010|1.234568e+04|1e-05|1e+20|0.1"#,
        );
        check(
            r#"return string.format('%d %d %d %x %u', 3.7, -3.7, 2^31, -1, 2^64)"#,
            r#"3 -3 2147483648 ffffffffffffffff 0"#,
        );
        check(
            r#"return string.format('%5s|%-5s|%.2s|%5.1s|%c%c|%5c|', 'ab', 'ab', 'abc', 'xyz', 65, 66, 67)"#,
            r#"   ab|ab   |ab|    x|AB|    C|"#,
        );
        check(
            r#"return string.format('%#g|%#.0e|%#.0f|%.3g|%10.4f|%-+8.2f|%010.3f', 1.0, 1, 2, 2/3, math.pi, 2.5, -1.5)"#,
            r#"1.00000|1.e+00|2.|0.667|    3.1416|+2.50   |-00001.500"#,
        );
        check(
            r#"return (string.format('%q', 'a\0b\r\n"\\'):gsub('%z', '<0>'))"#,
            r#""a\000b\r\
\"\\""#,
        );
        check(
            r#"return #string.format('%c', 0), #string.format('%s', 'a\0b'), #string.format('%s', string.rep('a', 100) .. '\0')"#,
            r#"0	1	101"#,
        );
    }

    #[test]
    fn format_errors() {
        check(
            r#"return pcall(string.format, '%')"#,
            r#"false	bad argument #2 to '?' (no value)"#,
        );
        check(
            r#"return pcall(string.format, '%y', 1)"#,
            r#"false	invalid option '%y' to 'format'"#,
        );
        check(
            r#"return pcall(string.format, '%d', 'x')"#,
            r#"false	bad argument #2 to '?' (number expected, got string)"#,
        );
        check(
            r#"return pcall(string.format, '%------d', 1)"#,
            r#"false	invalid format (repeated flags)"#,
        );
        check(
            r#"return pcall(string.format, '%123d', 1)"#,
            r#"false	invalid format (width or precision too long)"#,
        );
        check(
            r#"return pcall(string.format, '%s', {})"#,
            r#"false	bad argument #2 to '?' (string expected, got table)"#,
        );
        check(
            r#"return pcall(string.format, '%d %d', 1)"#,
            r#"false	bad argument #3 to '?' (no value)"#,
        );
    }

    #[test]
    fn basic_functions() {
        check(
            r#"return string.len('abc'), string.upper('aBc'), string.lower('AbC'), string.reverse('abc'), string.rep('ab', 3)"#,
            r#"3	ABC	abc	cba	ababab"#,
        );
        check(
            r#"return string.sub('hello', 2, -2), string.sub('hello', -3), string.sub('hello', 0), string.sub('hello', 10), string.sub('hello', 2.9)"#,
            r#"ell	llo	hello		ello"#,
        );
        check(r#"return string.byte('abc', 1, -1)"#, r#"97	98	99"#);
        check(
            r#"return select('#', string.byte('abc', 0)), string.char(72, 105), string.char(2^32 + 65), pcall(string.char, 256)"#,
            r#"0	Hi	A	false	bad argument #1 to '?' (invalid value)"#,
        );
        check(
            r#"return string.rep('x', 2^32 + 2), string.rep('x', -1), pcall(string.rep)"#,
            r#"xx		false	bad argument #1 to '?' (string expected, got no value)"#,
        );
        check(
            r#"return pcall(string.byte, string.rep('a', 9000), 1, -1)"#,
            r#"false	stack overflow (string slice too long)"#,
        );
        check(
            r#"return pcall(string.dump, string.upper)"#,
            r#"false	unable to dump given function"#,
        );
        check(
            r#"return ('x'):upper(), ('%d'):format(7), getmetatable('').__index == string, string.gfind == string.gmatch"#,
            r#"X	7	true	true"#,
        );
    }

    #[test]
    fn find_and_match() {
        check(
            r#"return string.find('hello world', 'o w'), string.find('a.b', '.', 1, true), string.find('abc', '', 10), string.find('abc', 'b', -1)"#,
            r#"5	2	4	nil"#,
        );
        check(
            r#"return string.find('x = 10', '(%w+)%s*=%s*(%d+)')"#,
            r#"1	6	x	10"#,
        );
        check(
            r#"return string.match('2024-01-15', '(%d+)-(%d+)-(%d+)')"#,
            r#"2024	01	15"#,
        );
        check(
            r#"return string.match('  hi  ', '^%s*(.-)%s*$'), string.match('hello', '()ll()')"#,
            r#"hi	3	5"#,
        );
        check(
            r#"return string.match('a\0b', 'a\0b'), string.find('a\0b', '\0'), string.find('a\0.b', '\0.')"#,
            r#"a	2	2	3"#,
        );
        check(
            r#"return string.match('THE (quick) fox', '%f[%a]%a+'), string.match('x(a(b)c)y', '%b()')"#,
            r#"THE	(a(b)c)"#,
        );
        check(
            r#"return pcall(string.find, 'abc', '[a'), pcall(string.find, 'abc', '%'), pcall(string.find, 'abc', '(()')"#,
            r#"false	false	false	unfinished capture"#,
        );
        check(
            r#"return pcall(string.match, string.rep('a', 40), string.rep('(a)', 33))"#,
            r#"false	too many captures"#,
        );
    }

    #[test]
    fn gmatch_iterates() {
        check(
            r#"local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end return table.concat(t, ',')"#,
            r#"a1,b2"#,
        );
        check(
            r#"local t = {} for w in string.gmatch('abc', '') do t[#t+1] = '[' .. w .. ']' end return table.concat(t)"#,
            r#"[][][][]"#,
        );
        check(
            r#"local t = {} for w in string.gmatch('^a^a', '^a') do t[#t+1] = w end return table.concat(t, ',')"#,
            r#"^a,^a"#,
        );
        check(
            r#"local it = string.gmatch('ab', '.') return it(), it(), it()"#,
            r#"a	b"#,
        );
    }

    #[test]
    fn gsub_replacements() {
        check(
            r#"return string.gsub('hello world', '(%w+) (%w+)', '%2 %1 %%')"#,
            r#"world hello %	1"#,
        );
        check(
            r#"return string.gsub('hello', '', '-')"#,
            r#"-h-e-l-l-o-	6"#,
        );
        check(
            r#"return string.gsub('aaa', 'a', 'b', 2), string.gsub('aaa', 'a', 'b', 2^32 + 1)"#,
            r#"bba	baa	1"#,
        );
        check(
            r#"return string.gsub('hello world', '%w+', {hello = 'HI', world = false})"#,
            r#"HI world	2"#,
        );
        check(
            r#"return string.gsub('abc', '%w', function(c) if c ~= 'b' then return c:upper() end end)"#,
            r#"AbC	3"#,
        );
        check(
            r#"return pcall(string.gsub, 'abc', '%w', function() return {} end)"#,
            r#"false	invalid replacement value (a table)"#,
        );
        check(
            r#"return pcall(string.gsub, 'abc', '(a)', '%2')"#,
            r#"false	invalid capture index"#,
        );
        check(
            r#"return pcall(string.gsub, 'abc', 'b', true)"#,
            r#"false	bad argument #3 to '?' (string/function/table expected)"#,
        );
    }

    #[test]
    fn gsub_many_callbacks_without_recursion() {
        check(
            r#"local n = 0 local r, c = string.gsub(string.rep('a', 100000), 'a', function(x) n = n + 1 return 'bb' end) return #r, c, n"#,
            r#"200000	100000	100000"#,
        );
        check(
            r#"local r, c = string.gsub(string.rep('ab', 50000), '%a', setmetatable({}, {__index = function(t, k) return k == 'a' and 'x' or nil end})) return #r, c, r:sub(1, 6)"#,
            r#"100000	100000	xbxbxb"#,
        );
    }
}
