//! `cmsgpack` (lua-cmsgpack 0.4.0 as Redis 7.0 ships it): `pack`, `unpack`, `unpack_one`,
//! `unpack_limit`, with its type choices (smallest integer encoding, float32 when exact, arrays
//! for tables with keys 1..n, nesting limit 16 encoded as nil). Both directions use explicit
//! stacks: truncated or hostile input gives an error, never deep recursion. Unpacking stops
//! where the C's `luaL_checkstack` calls do: the values it holds on the Lua stack (top-level
//! results, open tables, pending indexes and keys) must fit LUAI_MAXCSTACK slots.

use ferrous_vm::api::Args;
use ferrous_vm::exec::alloc::OutMeter;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

const MAX_NESTING: usize = 16;

/// LUAI_MAXCSTACK: the Lua stack slots a C function may hold.
const LUA_MAX_C_STACK: usize = 8000;

pub fn open_cmsgpack(vm: &mut Vm) {
    let t = vm.new_table();
    vm.register(
        t,
        &[
            ("pack", pack),
            ("unpack", unpack),
            ("unpack_one", unpack_one),
            ("unpack_limit", unpack_limit),
        ],
    );
    let name = vm.str("cmsgpack");
    vm.set_field(t, "_NAME", name);
    let ver = vm.str("lua-cmsgpack 0.4.0");
    vm.set_field(t, "_VERSION", ver);
    let c = vm.str("Copyright (C) 2012, Salvatore Sanfilippo");
    vm.set_field(t, "_COPYRIGHT", c);
    let d = vm.str("MessagePack C implementation for Lua");
    vm.set_field(t, "_DESCRIPTION", d);
    vm.set_global("cmsgpack", Value::Table(t));
}

fn encode_int(out: &mut Vec<u8>, n: i64) {
    if n >= 0 {
        if n <= 127 {
            out.push(n as u8);
        } else if n <= 0xff {
            out.extend_from_slice(&[0xcc, n as u8]);
        } else if n <= 0xffff {
            out.push(0xcd);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= 0xffff_ffff {
            out.push(0xce);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    } else if n >= -32 {
        out.push(n as i8 as u8);
    } else if n >= -128 {
        out.extend_from_slice(&[0xd0, n as i8 as u8]);
    } else if n >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= -2_147_483_648 {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn encode_number(out: &mut Vec<u8>, x: f64) {
    // IS_INT64_EQUIVALENT: finite and equal to its int64 conversion.
    if x.is_finite()
        && x >= -9.223_372_036_854_775_808e18
        && x < 9.223_372_036_854_775_808e18
        && (x as i64) as f64 == x
    {
        encode_int(out, x as i64);
        return;
    }
    let f = x as f32;
    if f as f64 == x {
        out.push(0xca);
        out.extend_from_slice(&f.to_be_bytes());
    } else {
        out.push(0xcb);
        out.extend_from_slice(&x.to_be_bytes());
    }
}

fn encode_bytes(out: &mut Vec<u8>, s: &[u8]) {
    let len = s.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else if len <= 0xff {
        out.extend_from_slice(&[0xd9, len as u8]);
    } else if len <= 0xffff {
        out.push(0xda);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdb);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
    out.extend_from_slice(s);
}

fn header(out: &mut Vec<u8>, len: usize, fix: u8, b16: u8, b32: u8) {
    if len < 16 {
        out.push(fix | len as u8);
    } else if len <= 0xffff {
        out.push(b16);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(b32);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

/// lua-cmsgpack's table_is_an_array: only positive integer keys, exactly 1..n.
fn array_len(vm: &Vm, t: TableRef) -> Result<Option<usize>, Throw> {
    let tbl = vm.heap().table(t)?;
    let (mut count, mut max) = (0usize, 0f64);
    let mut k = Value::Nil;
    while let Ok(Some((key, _))) = tbl.next(k) {
        k = key;
        match key {
            Value::Num(n) if n > 0.0 && n.floor() == n => {
                count += 1;
                max = max.max(n);
            }
            _ => return Ok(None),
        }
    }
    Ok(if max == count as f64 {
        Some(count)
    } else {
        None
    })
}

fn pack(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if n == 0 {
        return Err(Throw::Arg(0, "MessagePack pack needs input.".into()));
    }
    let mut out = Vec::new();
    // The output is reserved and paid for as it grows (a table referenced many times).
    let mut meter = OutMeter::default();
    // (value, nesting level) in reverse order of emission.
    let mut work: Vec<(Value, usize)> = (0..n).rev().map(|i| (vm.slot(base + i), 0)).collect();
    while let Some((v, level)) = work.pop() {
        let extra = match v {
            Value::Str(s) => vm.heap().str_len(s).saturating_add(5),
            _ => 9,
        };
        meter.room(vm, &out, out.capacity(), extra)?;
        match v {
            Value::Num(x) => encode_number(&mut out, x),
            Value::Str(s) => encode_bytes(&mut out, vm.heap().str_bytes(s)?),
            Value::Bool(b) => out.push(if b { 0xc3 } else { 0xc2 }),
            Value::Table(t) if level < MAX_NESTING => {
                let mut items = Vec::new();
                match array_len(vm, t)? {
                    Some(len) => {
                        header(&mut out, len, 0x90, 0xdc, 0xdd);
                        let tbl = vm.heap().table(t)?;
                        for i in 1..=len as i64 {
                            items.push((tbl.get_int(i), level + 1));
                        }
                    }
                    None => {
                        let tbl = vm.heap().table(t)?;
                        let mut k = Value::Nil;
                        while let Ok(Some((key, val))) = tbl.next(k) {
                            k = key;
                            items.push((key, level + 1));
                            items.push((val, level + 1));
                        }
                        header(&mut out, items.len() / 2, 0x80, 0xde, 0xdf);
                    }
                }
                // A table's elements pay the budget too (shared small tables: little output).
                vm.charge(items.len() as u64)?;
                work.extend(items.into_iter().rev());
            }
            _ => out.push(0xc0),
        }
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

enum DecErr {
    Eof,
    BadFmt,
    /// A failed luaL_checkstack, with its message.
    Stack(&'static str),
    Other(Throw),
}

impl From<Throw> for DecErr {
    fn from(t: Throw) -> DecErr {
        DecErr::Other(t)
    }
}

impl From<ferrous_vm::heap::WriteError> for DecErr {
    fn from(e: ferrous_vm::heap::WriteError) -> DecErr {
        DecErr::Other(e.into())
    }
}

impl From<ferrous_vm::heap::StaleHandle> for DecErr {
    fn from(s: ferrous_vm::heap::StaleHandle) -> DecErr {
        DecErr::Other(s.into())
    }
}

struct Cur<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecErr> {
        if self.s.len() - self.pos < n {
            return Err(DecErr::Eof);
        }
        let r = &self.s[self.pos..self.pos + n];
        self.pos += n;
        Ok(r)
    }
    fn be(&mut self, n: usize) -> Result<u64, DecErr> {
        Ok(self.take(n)?.iter().fold(0u64, |a, &b| (a << 8) | b as u64))
    }
}

enum Open {
    Array {
        t: TableRef,
        left: usize,
        next: i64,
    },
    Map {
        t: TableRef,
        left: usize,
        key: Option<Value>,
    },
}

/// Decodes one top-level object (iteratively). `held`: the Lua stack slots the C holds when
/// it starts on this object (the argument and the earlier results).
fn decode_one(vm: &mut Vm, c: &mut Cur, mut held: usize) -> Result<Value, DecErr> {
    let mut stack: Vec<Open> = Vec::new();
    let keep = vm.stack_top();
    loop {
        // mp_decode_to_lua_type: mp_cur_need(c, 1), then luaL_checkstack(L, 1, ...).
        if c.pos >= c.s.len() {
            return Err(DecErr::Eof);
        }
        if held + 1 > LUA_MAX_C_STACK {
            return Err(DecErr::Stack(
                "too many return values at once; use unpack_one or unpack_limit instead.",
            ));
        }
        // One unit per value and the memory limit checked (pending keys are held here,
        // unrooted, so no collection: `check_alloc`).
        vm.charge(1)?;
        vm.check_alloc(0)?;
        let b = c.take(1)?[0];
        let mut v = match b {
            0x00..=0x7f => Value::Num(b as f64),
            0xe0..=0xff => Value::Num(b as i8 as f64),
            0xc0 => Value::Nil,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xcc => Value::Num(c.be(1)? as f64),
            0xcd => Value::Num(c.be(2)? as f64),
            0xce => Value::Num(c.be(4)? as f64),
            // Redis's lua-cmsgpack reads uint64 through a signed integer.
            0xcf => Value::Num(c.be(8)? as i64 as f64),
            0xd0 => Value::Num(c.be(1)? as u8 as i8 as f64),
            0xd1 => Value::Num(c.be(2)? as u16 as i16 as f64),
            0xd2 => Value::Num(c.be(4)? as u32 as i32 as f64),
            0xd3 => Value::Num(c.be(8)? as i64 as f64),
            0xca => Value::Num(f32::from_bits(c.be(4)? as u32) as f64),
            0xcb => Value::Num(f64::from_bits(c.be(8)?)),
            0xa0..=0xbf | 0xd9 | 0xda | 0xdb => {
                let len = match b {
                    0xa0..=0xbf => (b & 0x1f) as usize,
                    0xd9 => c.be(1)? as usize,
                    0xda => c.be(2)? as usize,
                    _ => c.be(4)? as usize,
                };
                let s = c.take(len)?;
                vm.bytes_value(s)
            }
            0x90..=0x9f | 0xdc | 0xdd | 0x80..=0x8f | 0xde | 0xdf => {
                let is_map = matches!(b, 0x80..=0x8f | 0xde | 0xdf);
                let len = match b {
                    0x90..=0x9f | 0x80..=0x8f => (b & 0x0f) as usize,
                    0xdc | 0xde => c.be(2)? as usize,
                    _ => c.be(4)? as usize,
                };
                // mp_decode_to_lua_array checks one more slot above its new table.
                if !is_map && held + 2 > LUA_MAX_C_STACK {
                    return Err(DecErr::Stack("in function mp_decode_to_lua_array"));
                }
                let t = vm.new_table();
                vm.push(Value::Table(t));
                if len > 0 {
                    // An array holds its table and the pending index, a map its table (and
                    // later the pending key).
                    held += if is_map { 1 } else { 2 };
                    stack.push(if is_map {
                        Open::Map {
                            t,
                            left: len,
                            key: None,
                        }
                    } else {
                        Open::Array {
                            t,
                            left: len,
                            next: 1,
                        }
                    });
                    continue;
                }
                vm.pop();
                Value::Table(t)
            }
            _ => return Err(DecErr::BadFmt),
        };
        // Place `v` into open containers, closing those that complete.
        loop {
            match stack.last_mut() {
                None => {
                    vm.set_stack_top(keep);
                    return Ok(v);
                }
                Some(Open::Array { t, left, next }) => {
                    let (tt, idx) = (*t, *next);
                    *next += 1;
                    *left -= 1;
                    let done = *left == 0;
                    vm.heap_mut().table_mut(tt)?.set_int(idx, v)?;
                    if !done {
                        break;
                    }
                    stack.pop();
                    vm.pop();
                    held -= 2;
                    v = Value::Table(tt);
                }
                Some(Open::Map { t, left, key }) => {
                    let tt = *t;
                    match key.take() {
                        None => {
                            *key = Some(v);
                            held += 1;
                            break;
                        }
                        Some(k) => {
                            *left -= 1;
                            let done = *left == 0;
                            vm.raw_set(tt, k, v)?;
                            held -= 1;
                            if !done {
                                break;
                            }
                            stack.pop();
                            vm.pop();
                            held -= 1;
                            v = Value::Table(tt);
                        }
                    }
                }
            }
        }
    }
}

fn unpack_full(vm: &mut Vm, base: usize, n: usize, limit: i64, offset: i64) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let s = a.check_bytes(vm, 0)?;
    let len = s.len() as i64;
    let decode_all = limit == 0 && offset == 0;
    // The C prints both numbers as `int` (and the input length as the "limit").
    if offset < 0 || limit < 0 {
        return Err(Throw::msg(format!(
            "Invalid request to unpack with offset of {} and limit of {}.",
            offset as i32, len as i32
        )));
    } else if offset > len {
        return Err(Throw::msg(format!(
            "Start offset {} greater than input length {}.",
            offset as i32, len as i32
        )));
    }
    let limit = if decode_all { i64::MAX } else { limit };
    let mut c = Cur {
        s: &s,
        pos: offset as usize,
    };
    let first = vm.stack_top();
    let mut cnt = 0i64;
    while c.pos < s.len() && cnt < limit {
        match decode_one(vm, &mut c, 1 + cnt as usize) {
            Ok(v) => vm.push(v),
            Err(DecErr::Eof) => return Err(Throw::msg("Missing bytes in input.")),
            Err(DecErr::BadFmt) => return Err(Throw::msg("Bad data format in input.")),
            Err(DecErr::Stack(m)) => return Err(Throw::msg(format!("stack overflow ({})", m))),
            Err(DecErr::Other(t)) => return Err(t),
        }
        cnt += 1;
    }
    let mut total = cnt as usize;
    if !decode_all {
        if 1 + total + 1 > LUA_MAX_C_STACK {
            return Err(Throw::msg("stack overflow (in function mp_unpack_full)"));
        }
        let next = if c.pos == s.len() { -1.0 } else { c.pos as f64 };
        vm.insert_slot(first, Value::Num(next));
        total += 1;
    }
    Ok(Ret::Values(total))
}

fn unpack(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    unpack_full(vm, base, n.min(1), 0, 0)
}

fn unpack_one(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let offset = Args::new(base, n).opt_int(vm, 1, 0)?;
    vm.set_stack_top(base + n.min(1));
    unpack_full(vm, base, n.min(1), 1, offset)
}

fn unpack_limit(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let limit = a.check_int(vm, 1)?;
    let offset = a.opt_int(vm, 2, 0)?;
    vm.set_stack_top(base + n.min(1));
    unpack_full(vm, base, n.min(1), limit, offset)
}
