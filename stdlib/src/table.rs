//! The table library (ltablib.c). `sort` is lua5.1's quicksort run as a resumable state machine:
//! comparator calls (and `__lt` metamethods) go through the executor's continuations, so a
//! comparator may itself sort, pcall, … without Rust recursion.

use ferrous_vm::api::Args;
use ferrous_vm::exec::meta::Meta;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Then, Throw, Value, Vm};

pub fn open_table(vm: &mut Vm) {
    // ltablib's list and order.
    let t = vm.new_library(&[
        ("concat", concat),
        ("foreach", foreach),
        ("foreachi", foreachi),
        ("getn", getn),
        ("maxn", maxn),
        ("insert", insert),
        ("remove", remove),
        ("setn", setn),
        ("sort", sort),
    ]);
    vm.set_global("table", Value::Table(t));
}

fn len(vm: &Vm, t: TableRef) -> Result<i64, Throw> {
    Ok(vm.heap().table(t)?.border() as i64)
}

fn geti(vm: &Vm, t: TableRef, i: i64) -> Result<Value, Throw> {
    Ok(vm.heap().table(t)?.get_int(i))
}

fn seti(vm: &mut Vm, t: TableRef, i: i64, v: Value) -> Result<(), Throw> {
    vm.heap_mut().table_mut(t)?.set_int(i, v)?;
    Ok(())
}

fn getn(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let t = Args::new(base, n).check_table(vm, 0)?;
    let l = len(vm, t)?;
    vm.push(Value::Num(l as f64));
    Ok(Ret::Values(1))
}

fn setn(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    Args::new(base, n).check_table(vm, 0)?;
    Err(Throw::msg("'setn' is obsolete"))
}

fn maxn(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let t = Args::new(base, n).check_table(vm, 0)?;
    let m = vm.heap().table(t)?.maxn();
    vm.push(Value::Num(m));
    Ok(Ret::Values(1))
}

fn insert(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let t = a.check_table(vm, 0)?;
    let e = len(vm, t)? + 1;
    match n {
        2 => {
            let v = a.get(vm, 1);
            vm.raw_seti_rooted(t, e, v)?;
        }
        3 => {
            let pos = crate::check_cint(&a, vm, 1)?;
            let v = a.get(vm, 2);
            let e = e.max(pos);
            // The shift is work proportional to the table: charged to the budget.
            vm.charge((e - pos).max(0) as u64)?;
            let mut i = e;
            while i > pos {
                let x = geti(vm, t, i - 1)?;
                vm.raw_seti_rooted(t, i, x)?;
                i -= 1;
            }
            vm.raw_seti_rooted(t, pos, v)?;
        }
        _ => return Err(Throw::msg("wrong number of arguments to 'insert'")),
    }
    Ok(Ret::Values(0))
}

fn remove(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let t = a.check_table(vm, 0)?;
    let e = len(vm, t)?;
    let pos = crate::opt_cint(&a, vm, 1, e)?;
    if !(1 <= pos && pos <= e) {
        return Ok(Ret::Values(0));
    }
    let v = geti(vm, t, pos)?;
    vm.charge((e - pos) as u64)?;
    let mut p = pos;
    while p < e {
        let x = geti(vm, t, p + 1)?;
        seti(vm, t, p, x)?;
        p += 1;
    }
    seti(vm, t, e, Value::Nil)?;
    vm.push(v);
    Ok(Ret::Values(1))
}

use ferrous_vm::exec::alloc::add_len;

fn concat(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let sep = a.opt_bytes(vm, 1, b"")?;
    let t = a.check_table(vm, 0)?;
    let i = crate::opt_cint(&a, vm, 2, 1)?;
    let last = if a.is_none(vm, 3) {
        len(vm, t)?
    } else {
        crate::check_cint(&a, vm, 3)?
    };
    // Sized first (a number takes at most 32 bytes; overflow is `not enough memory`),
    // reserved, then copied paying 1 unit per element plus 1 per 64 bytes (exec/alloc.rs).
    let mut total = 0usize;
    let mut k = i;
    while k <= last {
        vm.charge(1)?;
        let v = geti(vm, t, k)?;
        let n = match v {
            Value::Str(s) => vm.heap().str_len(s),
            Value::Num(_) => 32,
            _ => {
                return Err(Throw::msg(format!(
                    "invalid value ({}) at index {} in table for 'concat'",
                    v.type_name(),
                    k
                )));
            }
        };
        total = add_len(add_len(total, n)?, if k != last { sep.len() } else { 0 })?;
        k += 1;
    }
    vm.reserve(total)?;
    let mut out = Vec::with_capacity(total);
    let mut k = i;
    while k <= last {
        let v = geti(vm, t, k)?;
        let before = out.len();
        if !vm.append_concat(&mut out, v) {
            // The table changed under a hook: the same error as the sizing pass.
            return Err(Throw::msg(format!(
                "invalid value ({}) at index {} in table for 'concat'",
                v.type_name(),
                k
            )));
        }
        if k != last {
            out.extend_from_slice(&sep);
        }
        vm.charge_bytes(out.len() - before)?;
        k += 1;
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

/// `foreach`/`foreachi`: call f(k, v) for each entry until it returns non-nil.
struct ForEach {
    t: TableRef,
    f: Value,
    key: Value,
    /// foreachi: next index and the bound.
    idx: Option<(i64, i64)>,
}

impl ForEach {
    fn step(mut self: Box<Self>, vm: &mut Vm) -> Result<Ret, Throw> {
        vm.charge(1)?;
        let (k, v) = match &mut self.idx {
            Some((i, n)) => {
                if *i > *n {
                    return Ok(Ret::Values(0));
                }
                let k = *i;
                *i += 1;
                (Value::Num(k as f64), geti(vm, self.t, k)?)
            }
            None => match vm.heap().table(self.t)?.next(self.key) {
                Ok(Some(kv)) => kv,
                Ok(None) => return Ok(Ret::Values(0)),
                // luaG_runerror while a C function runs: no position.
                Err(()) => return Err(Throw::Value(vm.str("invalid key to 'next'"))),
            },
        };
        self.key = k;
        Ok(vm.call_then(self.f, &[k, v], self))
    }
}

impl Then for ForEach {
    fn then(self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        if n > 0 && !vm.slot(b).is_nil() {
            vm.set_stack_top(b + 1);
            return Ok(Ret::Values(1));
        }
        self.step(vm)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.extend([Value::Table(self.t), self.f, self.key]);
    }
}

fn check_function(vm: &Vm, a: Args, i: usize) -> Result<Value, Throw> {
    match a.get(vm, i) {
        f @ Value::Func(_) => Ok(f),
        _ => Err(a.type_error(vm, i, "function")),
    }
}

fn foreach(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let t = a.check_table(vm, 0)?;
    let f = check_function(vm, a, 1)?;
    Box::new(ForEach {
        t,
        f,
        key: Value::Nil,
        idx: None,
    })
    .step(vm)
}

fn foreachi(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let t = a.check_table(vm, 0)?;
    let f = check_function(vm, a, 1)?;
    let len = len(vm, t)?;
    Box::new(ForEach {
        t,
        f,
        key: Value::Nil,
        idx: Some((1, len)),
    })
    .step(vm)
}

/// The states of lua5.1's `auxsort`, one per comparison point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum St {
    Top,
    CmpUL,
    CmpIL,
    CmpUI,
    Pivot,
    IncI,
    CmpIP,
    DecJ,
    CmpPJ,
    Partitioned,
}

struct Sort {
    t: TableRef,
    cmp: Option<Value>,
    l: i64,
    u: i64,
    i: i64,
    j: i64,
    pivot: Value,
    pending: Vec<(i64, i64)>,
    st: St,
    /// The result of the comparison the current state asked for.
    answer: Option<bool>,
}

enum Less {
    Now(bool),
    Call(usize),
}

impl Sort {
    /// `sort_comp(x, y)`: direct when possible, else sets up a call (comparator or `__lt`).
    fn less(&self, vm: &mut Vm, x: Value, y: Value) -> Result<Less, Throw> {
        // One budget unit per comparison (a comparator without loops or calls of its own
        // would otherwise never reach the hook).
        vm.charge(1)?;
        let at = vm.stack_top();
        if let Some(f) = self.cmp {
            vm.push(f);
            vm.push(x);
            vm.push(y);
            return Ok(Less::Call(at));
        }
        match vm.compare_meta(x, y, false) {
            Ok((Meta::Value(v), _)) => Ok(Less::Now(v.truthy())),
            Ok((Meta::Call { f, args, .. }, _)) => {
                vm.push(f);
                vm.push(args[0]);
                vm.push(args[1]);
                Ok(Less::Call(at))
            }
            // Raised while sort (a C function) runs: lua5.1 adds no position.
            Err(ferrous_vm::exec::arith::OpError::Msg(m)) => Err(Throw::Value(vm.str(&m))),
            Err(ferrous_vm::exec::arith::OpError::Throw(t)) => Err(t),
            Err(ferrous_vm::exec::arith::OpError::Operand(..)) => {
                Err(Throw::msg("attempt to compare"))
            }
        }
    }

    fn swap(&self, vm: &mut Vm, a: i64, b: i64) -> Result<(), Throw> {
        let (x, y) = (geti(vm, self.t, a)?, geti(vm, self.t, b)?);
        seti(vm, self.t, a, y)?;
        seti(vm, self.t, b, x)
    }

    fn run(mut self: Box<Self>, vm: &mut Vm) -> Result<Ret, Throw> {
        macro_rules! compare {
            ($x:expr, $y:expr) => {{
                match self.answer.take() {
                    Some(b) => b,
                    None => {
                        let (x, y) = ($x, $y);
                        match self.less(vm, x, y)? {
                            Less::Now(b) => b,
                            Less::Call(at) => {
                                return Ok(Ret::Call {
                                    func: at,
                                    nargs: 2,
                                    cont: self,
                                });
                            }
                        }
                    }
                }
            }};
        }
        loop {
            match self.st {
                St::Top => {
                    if self.l < self.u {
                        self.st = St::CmpUL;
                    } else if let Some((l, u)) = self.pending.pop() {
                        self.l = l;
                        self.u = u;
                    } else {
                        return Ok(Ret::Values(0));
                    }
                }
                St::CmpUL => {
                    let (l, u) = (self.l, self.u);
                    if compare!(geti(vm, self.t, u)?, geti(vm, self.t, l)?) {
                        self.swap(vm, l, u)?;
                    }
                    if u - l == 1 {
                        self.st = St::Top;
                        self.u = self.l; // finished this range
                        continue;
                    }
                    self.i = (l + u) / 2;
                    self.st = St::CmpIL;
                }
                St::CmpIL => {
                    let (i, l) = (self.i, self.l);
                    if compare!(geti(vm, self.t, i)?, geti(vm, self.t, l)?) {
                        self.swap(vm, i, l)?;
                        self.st = St::Pivot;
                    } else {
                        self.st = St::CmpUI;
                    }
                }
                St::CmpUI => {
                    let (i, u) = (self.i, self.u);
                    if compare!(geti(vm, self.t, u)?, geti(vm, self.t, i)?) {
                        self.swap(vm, i, u)?;
                    }
                    self.st = St::Pivot;
                }
                St::Pivot => {
                    let (l, u, i) = (self.l, self.u, self.i);
                    if u - l == 2 {
                        self.u = self.l;
                        self.st = St::Top;
                        continue;
                    }
                    let p = geti(vm, self.t, i)?;
                    let x = geti(vm, self.t, u - 1)?;
                    seti(vm, self.t, i, x)?;
                    seti(vm, self.t, u - 1, p)?;
                    self.pivot = p;
                    self.i = l;
                    self.j = u - 1;
                    self.st = St::IncI;
                }
                St::IncI => {
                    self.i += 1;
                    self.st = St::CmpIP;
                }
                St::CmpIP => {
                    let i = self.i;
                    if compare!(geti(vm, self.t, i)?, self.pivot) {
                        if i > self.u {
                            return Err(Throw::msg("invalid order function for sorting"));
                        }
                        self.st = St::IncI;
                    } else {
                        self.st = St::DecJ;
                    }
                }
                St::DecJ => {
                    self.j -= 1;
                    self.st = St::CmpPJ;
                }
                St::CmpPJ => {
                    let j = self.j;
                    if compare!(self.pivot, geti(vm, self.t, j)?) {
                        if j < self.l {
                            return Err(Throw::msg("invalid order function for sorting"));
                        }
                        self.st = St::DecJ;
                    } else if self.j < self.i {
                        self.st = St::Partitioned;
                    } else {
                        let (i, j) = (self.i, self.j);
                        self.swap(vm, i, j)?;
                        self.st = St::IncI;
                    }
                }
                St::Partitioned => {
                    let (l, u, i) = (self.l, self.u, self.i);
                    self.swap(vm, u - 1, i)?;
                    // Sort the smaller half first (the "recursive call"), then the larger.
                    let (small, large) = if i - l < u - i {
                        ((l, i - 1), (i + 1, u))
                    } else {
                        ((i + 1, u), (l, i - 1))
                    };
                    self.pending.push(large);
                    self.l = small.0;
                    self.u = small.1;
                    self.st = St::Top;
                }
            }
        }
    }
}

impl Then for Sort {
    fn then(mut self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        self.answer = Some(n > 0 && vm.slot(b).truthy());
        vm.set_stack_top(b);
        self.run(vm)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.push(Value::Table(self.t));
        out.push(self.pivot);
        out.extend(self.cmp);
    }
}

fn sort(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let t = a.check_table(vm, 0)?;
    let len = len(vm, t)?;
    let cmp = if a.is_none(vm, 1) {
        None
    } else {
        Some(check_function(vm, a, 1)?)
    };
    Box::new(Sort {
        t,
        cmp,
        l: 1,
        u: len,
        i: 0,
        j: 0,
        pivot: Value::Nil,
        pending: Vec::new(),
        st: St::Top,
        answer: None,
    })
    .run(vm)
}

#[cfg(test)]
mod tests {
    //! Expected values are lua5.1's output for the same chunks (obtained by running them through lua5.1).

    fn check(body: &str, expected: &str) {
        assert_eq!(crate::run_for_test(body), expected, "{}", body);
    }

    #[test]
    fn sort_comparison_sequence_matches_lua51() {
        check(
            r#"local log = {} local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0, 5, 5, 2} table.sort(t, function(a, b) log[#log + 1] = a .. '<' .. b return a < b end) return table.concat(t, ','), #log, table.concat(log, ' ')"#,
            r#"0,1,2,2,3,4,5,5,5,6,7,8,9	39	2<5 7<2 5<7 2<5 8<5 5<5 1<5 9<5 5<0 3<5 5<5 5<6 5<4 5<5 5<4 7<6 8<6 7<8 9<7 7<5 9<7 7<5 8<9 5<6 4<2 1<2 2<2 2<0 5<2 2<3 2<5 2<0 0<1 4<3 2<3 5<3 3<5 3<2 4<5"#,
        );
        check(
            r#"local n = 0 local t = {} for i = 1, 30 do t[i] = (i * 7) % 13 end table.sort(t, function(a, b) n = n + 1 return n % 3 == 0 end) return table.concat(t, ',')"#,
            r#"8,11,0,11,5,12,9,7,8,10,10,4,2,3,6,0,7,12,1,2,5,2,7,3,1,1,4,8,9,6"#,
        );
        check(
            r#"local t = {} for i = 1, 50 do t[i] = (i * 37) % 11 end local ok, e = pcall(table.sort, t, function(a, b) return a <= b end) return ok, e, table.concat(t, ',')"#,
            r#"false	stdin:2: attempt to compare number with nil	0,1,1,0,1,0,0,1,1,2,2,4,8,3,5,9,2,6,10,3,7,10,4,8,9,5,9,2,6,10,3,7,6,4,8,9,5,9,2,6,10,3,7,5,4,8,8,5,7,4"#,
        );
    }

    #[test]
    fn sort_errors() {
        check(
            r#"return pcall(table.sort, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, function(a, b) return true end)"#,
            r#"false	invalid order function for sorting"#,
        );
        check(
            r#"return pcall(table.sort, {3, 1, {}, 2})"#,
            r#"false	attempt to compare table with number"#,
        );
        check(
            r#"return pcall(table.sort, {1, 'x', 2})"#,
            r#"false	attempt to compare string with number"#,
        );
        check(
            r#"return pcall(table.sort, {3, 2, 1}, 1)"#,
            r#"false	bad argument #2 to '?' (function expected, got number)"#,
        );
        check(
            r#"return pcall(table.sort, {3, 2, 1}, function(a, b) error('boom', 0) end)"#,
            r#"false	boom"#,
        );
    }

    #[test]
    fn sort_defaults_and_metamethods() {
        check(
            r#"local t = {'banana', 'apple', 'Cherry', '', 'a', 'B'} table.sort(t) return table.concat(t, '|')"#,
            r#"|B|Cherry|a|apple|banana"#,
        );
        check(
            r#"local t = {3.5, -1, 0, 1e100, -1/0, 1/0, 0.1} table.sort(t) return table.concat(t, ' ')"#,
            r#"-inf -1 0 0.1 3.5 1e+100 inf"#,
        );
        check(
            r#"local mt = {__lt = function(a, b) return a.v < b.v end} local o = {} for i = 1, 20 do o[i] = setmetatable({v = (i * 13) % 17}, mt) end table.sort(o) local r = {} for i = 1, 20 do r[i] = o[i].v end return table.concat(r, ' ')"#,
            r#"0 1 2 3 4 5 5 6 7 8 9 9 10 11 12 13 13 14 15 16"#,
        );
        check(
            r#"local t = {3, 1, 2} table.sort(t, nil) return table.concat(t)"#,
            r#"123"#,
        );
    }

    #[test]
    fn sort_large_with_lua_comparator() {
        check(
            r#"local t = {} for i = 1, 100000 do t[i] = (i * 7919) % 100003 end local c = 0 table.sort(t, function(a, b) c = c + 1 return a > b end) for i = 2, #t do if t[i - 1] < t[i] then return 'unsorted' end end return t[1], t[100000], c"#,
            r#"100002	1	1799471"#,
        );
    }

    #[test]
    fn insert_remove() {
        check(
            r#"local t = {1, 2, 3} table.insert(t, 2, 'x') table.insert(t, 'y') table.insert(t, 10, 'z') return table.concat(t, ',', 1, 5), t[10], table.maxn(t)"#,
            r#"1,x,2,3,y	z	10"#,
        );
        check(
            r#"local t = {1, 2, 3} table.insert(t, 2^32 + 1, 'big') return table.concat(t, ',')"#,
            r#"big,1,2,3"#,
        );
        check(
            r#"return pcall(table.insert, {}, 1, 2, 3)"#,
            r#"false	wrong number of arguments to 'insert'"#,
        );
        check(
            r#"return pcall(table.insert, {})"#,
            r#"false	wrong number of arguments to 'insert'"#,
        );
        check(
            r#"local t = {1, 2, 3} return table.remove(t), table.remove(t, 1), table.concat(t, ','), select('#', table.remove({})), table.remove({1}, 5)"#,
            r#"3	1	2	0"#,
        );
    }

    #[test]
    fn concat_getn_maxn_setn() {
        check(
            r#"return table.concat({1, 2.5, 'x'}, '-'), table.concat({'a', 'b', 'c'}, ',', 2, 3), table.concat({}, 'x'), table.concat({1, 2, 3}, '', 3, 2)"#,
            r#"1-2.5-x	b,c		"#,
        );
        check(
            r#"return pcall(table.concat, {1, {}, 3})"#,
            r#"false	invalid value (table) at index 2 in table for 'concat'"#,
        );
        check(
            r#"return pcall(table.concat, {1, 2}, ',', 1, 3)"#,
            r#"false	invalid value (nil) at index 3 in table for 'concat'"#,
        );
        check(
            r#"return table.getn({1, 2, 3}), table.maxn({[1.5] = 1, [-3] = 2}), table.maxn({1, 2, [10] = 3})"#,
            r#"3	1.5	10"#,
        );
        check(
            r#"return pcall(table.setn, {}, 1)"#,
            r#"false	'setn' is obsolete"#,
        );
        check(
            r#"return pcall(table.setn)"#,
            r#"false	bad argument #1 to '?' (table expected, got no value)"#,
        );
    }

    #[test]
    fn foreach_variants() {
        check(
            r#"local s = '' local r = table.foreachi({'a', 'b', 'c'}, function(i, v) s = s .. i .. v if v == 'b' then return 'stop' end end) return s, r"#,
            r#"1a2b	stop"#,
        );
        check(
            r#"return table.foreach({10}, function(k, v) return k + v end)"#,
            r#"11"#,
        );
        check(
            r#"return pcall(table.foreach, {}, 1)"#,
            r#"false	bad argument #2 to '?' (function expected, got number)"#,
        );
        check(
            r#"return pcall(table.foreachi, {1, 2, 3}, function(i) if i == 2 then error('at ' .. i, 0) end end)"#,
            r#"false	at 2"#,
        );
        check(
            r#"local n = 0 local t = {} for i = 1, 50000 do t[i] = i end table.foreachi(t, function(i, v) n = n + v end) return n"#,
            r#"1250025000"#,
        );
    }
}
