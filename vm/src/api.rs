//! Helpers for native functions: argument access and checking with lua5.1's messages
//! (`bad argument #1 to 'f' (number expected, got nil)`), and value conversions.

use crate::exec::{Throw, Vm};
use crate::heap::table::SetError;
use crate::value::{StrRef, TableRef, Value};

/// The arguments of a native call: `vm.stack[base..base + n]`.
#[derive(Clone, Copy, Debug)]
pub struct Args {
    pub base: usize,
    pub n: usize,
}

fn type_name_of_arg(args: Args, v: Value, i: usize) -> &'static str {
    if i >= args.n {
        "no value"
    } else {
        v.type_name()
    }
}

impl Args {
    pub fn new(base: usize, n: usize) -> Args {
        Args { base, n }
    }

    /// Argument `i` (0-based), nil when absent.
    #[inline]
    pub fn get(&self, vm: &Vm, i: usize) -> Value {
        if i < self.n {
            vm.stack[self.base + i]
        } else {
            Value::Nil
        }
    }

    pub fn is_none(&self, vm: &Vm, i: usize) -> bool {
        i >= self.n || vm.stack[self.base + i].is_nil()
    }

    pub fn type_error(&self, vm: &Vm, i: usize, expected: &str) -> Throw {
        let v = self.get(vm, i);
        Throw::Arg(
            i + 1,
            format!(
                "{} expected, got {}",
                expected,
                type_name_of_arg(*self, v, i)
            ),
        )
    }

    /// luaL_checkany.
    pub fn check_any(&self, vm: &Vm, i: usize) -> Result<Value, Throw> {
        if i >= self.n {
            return Err(Throw::Arg(i + 1, "value expected".into()));
        }
        Ok(vm.stack[self.base + i])
    }

    pub fn check_table(&self, vm: &Vm, i: usize) -> Result<TableRef, Throw> {
        match self.get(vm, i) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_error(vm, i, "table")),
        }
    }

    /// luaL_checknumber: numbers and numeric strings.
    #[inline]
    pub fn check_number(&self, vm: &Vm, i: usize) -> Result<f64, Throw> {
        // A number argument inline, read by reference (tag and payload as two 8-byte loads:
        // a whole-value load over the two stores that just wrote the argument stalls);
        // coercion and the error out of line, which read the argument again.
        if i < self.n
            && let Value::Num(n) = &vm.stack[self.base + i]
        {
            return Ok(*n);
        }
        self.check_number_slow(vm, i)
    }

    #[inline(never)]
    fn check_number_slow(&self, vm: &Vm, i: usize) -> Result<f64, Throw> {
        let v = self.get(vm, i);
        match vm.to_number(v) {
            Some(n) => Ok(n),
            None => Err(self.type_error(vm, i, "number")),
        }
    }

    pub fn opt_number(&self, vm: &Vm, i: usize, def: f64) -> Result<f64, Throw> {
        if self.is_none(vm, i) {
            Ok(def)
        } else {
            self.check_number(vm, i)
        }
    }

    /// luaL_checkinteger: the number truncated toward zero (C cast to ptrdiff_t).
    pub fn check_int(&self, vm: &Vm, i: usize) -> Result<i64, Throw> {
        Ok(f64_to_i64(self.check_number(vm, i)?))
    }

    pub fn opt_int(&self, vm: &Vm, i: usize, def: i64) -> Result<i64, Throw> {
        if self.is_none(vm, i) {
            Ok(def)
        } else {
            self.check_int(vm, i)
        }
    }

    /// luaL_checklstring: strings, and numbers converted to strings (the converted string
    /// is interned; the argument slot is updated as lua_tolstring does).
    #[inline]
    pub fn check_str(&self, vm: &mut Vm, i: usize) -> Result<StrRef, Throw> {
        // A string argument inline, read by reference (as `check_number`); conversion and
        // the error out of line.
        if i < self.n
            && let Value::Str(r) = &vm.stack[self.base + i]
        {
            return Ok(*r);
        }
        self.check_str_slow(vm, i)
    }

    #[inline(never)]
    fn check_str_slow(&self, vm: &mut Vm, i: usize) -> Result<StrRef, Throw> {
        match self.get(vm, i) {
            Value::Str(r) => Ok(r),
            Value::Num(n) => {
                let r = vm.heap.intern(crate::number::fmt_number(n).as_bytes());
                vm.stack[self.base + i] = Value::Str(r);
                Ok(r)
            }
            _ => Err(self.type_error(vm, i, "string")),
        }
    }

    /// The bytes of a string argument (copied, so the VM can be used meanwhile).
    /// A copy of a string argument (the copy is reserved: exec/alloc.rs).
    pub fn check_bytes(&self, vm: &mut Vm, i: usize) -> Result<Vec<u8>, Throw> {
        let r = self.check_str(vm, i)?;
        vm.reserve(vm.heap.str_len(r))?;
        Ok(vm.heap.str_bytes(r)?.to_vec())
    }

    pub fn opt_bytes(&self, vm: &mut Vm, i: usize, def: &[u8]) -> Result<Vec<u8>, Throw> {
        if self.is_none(vm, i) {
            Ok(def.to_vec())
        } else {
            self.check_bytes(vm, i)
        }
    }
}

/// C's `(ptrdiff_t)d` on x86-64: truncation, with out-of-range and NaN giving i64::MIN.
#[inline]
pub fn f64_to_i64(d: f64) -> i64 {
    if d.is_nan() || d >= 9.223_372_036_854_775_807e18 || d < -9.223_372_036_854_775_808e18 {
        i64::MIN
    } else {
        d as i64
    }
}

/// C's `(int)d` on x86-64 (cvttsd2si with 32-bit destination): out of range gives i32::MIN.
#[inline]
pub fn f64_to_i32(d: f64) -> i32 {
    if d.is_nan() || d >= 2_147_483_648.0 || d <= -2_147_483_649.0 {
        i32::MIN
    } else {
        d as i32
    }
}

/// Buffers `Vm::put_buf` keeps, and the largest capacity it keeps.
const MAX_BUFS: usize = 4;
const MAX_BUF_KEPT: usize = 4096;

impl Vm {
    /// Pushes a value as a native result.
    #[inline]
    pub fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    /// Pushes a string built in a buffer (no second copy of a big result).
    pub fn push_vec(&mut self, s: Vec<u8>) {
        let v = Value::Str(self.heap.intern_vec(s));
        self.stack.push(v);
    }

    /// An empty byte buffer for building a result or a temporary copy. Give it back with
    /// `push_buf` or `put_buf`: the VM keeps a few small ones, so a native called in a loop
    /// allocates nothing per call. (The caller reserves what it writes, as for any buffer.)
    pub fn take_buf(&mut self) -> Vec<u8> {
        self.bufs.pop().unwrap_or_default()
    }

    /// Returns a buffer from `take_buf` (or any other) for reuse.
    pub fn put_buf(&mut self, mut b: Vec<u8>) {
        if self.bufs.len() < MAX_BUFS && b.capacity() <= MAX_BUF_KEPT {
            b.clear();
            self.bufs.push(b);
        }
    }

    /// Pushes the string in `b` and keeps the buffer: a short result is interned from it
    /// (copied only if new), a long one takes the buffer over (no second copy).
    pub fn push_buf(&mut self, b: Vec<u8>) {
        if b.len() > MAX_BUF_KEPT {
            return self.push_vec(b);
        }
        self.push_str(&b);
        self.put_buf(b);
    }

    pub fn push_str(&mut self, s: &[u8]) {
        let v = Value::Str(self.heap.intern(s));
        self.stack.push(v);
    }

    /// `tostring` without metamethods (`__tostring` is the caller's business).
    pub fn tostring_basic(&self, v: Value) -> Vec<u8> {
        match v {
            Value::Nil => b"nil".to_vec(),
            Value::Bool(true) => b"true".to_vec(),
            Value::Bool(false) => b"false".to_vec(),
            Value::Num(n) => crate::number::fmt_number(n).into_bytes(),
            Value::Str(r) => self
                .heap
                .str_bytes(r)
                .map(|b| b.to_vec())
                .unwrap_or_default(),
            Value::LightUserData(0) => b"userdata: (nil)".to_vec(),
            other => format!(
                "{}: 0x{:08x}",
                other.type_name(),
                other.identity() & 0xffff_ffff_ffff
            )
            .into_bytes(),
        }
    }

    /// Raw table read.
    pub fn raw_get(&self, t: TableRef, k: Value) -> Result<Value, Throw> {
        Ok(self.heap.table(t)?.get(k))
    }

    /// Raw table write, with lua5.1's key errors (raised inside a C function, so without
    /// position).
    pub fn raw_set(&mut self, t: TableRef, k: Value, v: Value) -> Result<(), Throw> {
        let r = self.heap.table_mut(t)?.set(k, v);
        self.raw_set_result(r)
    }

    fn raw_set_result(&mut self, r: Result<(), SetError>) -> Result<(), Throw> {
        match r {
            Ok(()) => Ok(()),
            Err(SetError::Key(e)) => Err(Throw::Value(self.str(e.message()))),
            Err(SetError::Memory) => Err(Throw::Memory),
        }
    }

    /// Raw table write that ignores the read-only flag (for the host: Redis lifts `_G`'s
    /// protection to set `KEYS`/`ARGV`). Key errors as `raw_set`.
    pub fn raw_set_force(&mut self, t: TableRef, k: Value, v: Value) -> Result<(), Throw> {
        let r = self.heap.table_mut_force(t)?.set(k, v);
        self.raw_set_result(r)
    }

    /// `raw_set_force` with a string key: a key the table already holds is stored in place
    /// (one probe by the string's handle). For a host's per-run globals (Redis's `KEYS`/`ARGV`).
    pub fn raw_set_str_force(&mut self, t: TableRef, k: StrRef, v: Value) -> Result<(), Throw> {
        let mut tm = self.heap.table_mut_force(t)?;
        if tm.raw_set_existing_str(k, v) {
            return Ok(());
        }
        let r = tm.set(Value::Str(k), v);
        self.raw_set_result(r)
    }

    /// `raw_set_str_force` of several keys with one table lookup: the keys the table already
    /// holds are stored in place; from the first absent one on, the rest go through
    /// `raw_set_str_force` (out of line: a host's per-run globals are present after the first
    /// run).
    pub fn raw_set_strs_force(
        &mut self,
        t: TableRef,
        kvs: &[(StrRef, Value)],
    ) -> Result<(), Throw> {
        let mut tm = self.heap.table_mut_force(t)?;
        for (i, &(k, v)) in kvs.iter().enumerate() {
            if !tm.raw_set_existing_str(k, v) {
                return self.raw_set_strs_slow(t, &kvs[i..]);
            }
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn raw_set_strs_slow(&mut self, t: TableRef, kvs: &[(StrRef, Value)]) -> Result<(), Throw> {
        for &(k, v) in kvs {
            self.raw_set_str_force(t, k, v)?;
        }
        Ok(())
    }

    /// A Lua function's fixed parameter count and whether it takes `...` (None for a native
    /// or a non-function): arguments past the parameters of a function without `...` are
    /// dropped at the call, unseen.
    pub fn lua_params(&self, func: Value) -> Option<(usize, bool)> {
        let Value::Func(r) = func else { return None };
        match self.heap.function(r) {
            Ok(crate::exec::Function::Lua(c)) => {
                Some((c.proto.num_params as usize, c.proto.is_vararg))
            }
            _ => None,
        }
    }

    /// Calls `f` with the name of every global that Lua function `func`'s code (its nested
    /// functions' included) reads or writes by name (GETGLOBAL/SETGLOBAL), or with `None`
    /// for such an operand that names no string constant (a word of data read as an
    /// instruction; callers treat it as any name). Nothing for a native or a non-function.
    /// Code reaches a global by another name only through a reference to the globals table
    /// (`_G`, `getfenv`, `loadstring`, ...), which it must name first.
    pub fn visit_global_names(&self, func: Value, f: &mut dyn FnMut(Option<&[u8]>)) {
        let Value::Func(r) = func else { return };
        let Ok(crate::exec::Function::Lua(c)) = self.heap.function(r) else {
            return;
        };
        let mut work = vec![c.proto.clone()];
        while let Some(p) = work.pop() {
            for &i in &p.code {
                use crate::bytecode::{OP_GETGLOBAL, OP_SETGLOBAL, arg_bx, op};
                if op(i) != OP_GETGLOBAL && op(i) != OP_SETGLOBAL {
                    continue;
                }
                match p.consts.get(arg_bx(i)) {
                    Some(&Value::Str(s)) => f(self.heap.str_bytes(s).ok()),
                    _ => f(None),
                }
            }
            work.extend(p.protos.iter().cloned());
        }
    }

    /// Marks table `t` read-only (`on`) or writable again: Redis's `lua_enablereadonlytable`.
    /// Every write from Lua then raises `Attempt to modify a readonly table` — positioned
    /// (`chunk:line: `) for assignments, SETLIST and `__newindex` chains reaching `t`, without
    /// position for natives (`rawset`, `setmetatable`, `table.insert`/`remove`/`sort`, …).
    /// Reads, iteration and `getmetatable` are unaffected. Host writes can go through
    /// `raw_set_force` / `set_global`.
    pub fn set_readonly(&mut self, t: TableRef, on: bool) -> Result<(), Throw> {
        Ok(self.heap.set_readonly(t, on)?)
    }

    pub fn is_readonly(&self, t: TableRef) -> bool {
        self.heap.is_readonly(t).unwrap_or(false)
    }

    /// Marks `root` and every table reachable from it (keys, values, metatables) read-only,
    /// iteratively: Redis's `luaSetTableProtectionRecursively`. Functions' environments and
    /// upvalues are not followed (Redis does not either). Returns the number of tables marked.
    pub fn set_readonly_recursive(&mut self, root: TableRef) -> Result<usize, Throw> {
        Ok(self.heap.set_readonly_recursive(root)?)
    }

    /// The metatable shared by all strings (its `__index` is the `string` table once the
    /// string library is open). Mark it read-only with `set_readonly` as Debian's Redis does
    /// (`getmetatable('').x = 1` then raises `Attempt to modify a readonly table`).
    pub fn string_metatable(&self) -> Option<TableRef> {
        self.type_metas[crate::exec::type_index(Value::Str(StrRef::default()))]
    }

    pub fn new_table(&mut self) -> TableRef {
        self.heap.new_table(0, 0)
    }

    /// Sets `t[name] = v` (raw).
    pub fn set_field(&mut self, t: TableRef, name: &str, v: Value) {
        let k = self.str(name);
        let _ = self.raw_set(t, k, v);
    }

    pub fn get_field(&mut self, t: TableRef, name: &str) -> Value {
        let k = self.str(name);
        self.heap.table(t).map(|t| t.get(k)).unwrap_or(Value::Nil)
    }

    /// Registers native functions into table `t`.
    pub fn register(&mut self, t: TableRef, fns: &[(&'static str, crate::exec::NativeFn)]) {
        for &(name, f) in fns {
            let v = self.new_native(name, f);
            self.set_field(t, name, v);
        }
    }

    /// A library table as lua5.1's `luaL_register` makes it: the hash part presized for
    /// `fns`, the functions inserted in the order given. With lua5.1's node layout (D30
    /// "order") this reproduces its `pairs` order when `fns` is the C library's `luaL_Reg`
    /// list in its order.
    pub fn new_library(&mut self, fns: &[(&'static str, crate::exec::NativeFn)]) -> TableRef {
        let t = self.heap.new_table(0, fns.len());
        self.register(t, fns);
        t
    }

    /// The upvalue `i` of the running native (natives created with `new_native_with`).
    pub fn native_upvalue(&self, func_slot: usize, i: usize) -> Value {
        match self.stack.get(func_slot) {
            Some(Value::Func(f)) => match self.heap.function(*f) {
                Ok(crate::exec::Function::Native(n)) => {
                    n.upvals.get(i).copied().unwrap_or(Value::Nil)
                }
                _ => Value::Nil,
            },
            _ => Value::Nil,
        }
    }
}
