//! `struct` 0.2 (Roberto Ierusalimschy's library, as Redis 7.0 ships it with its overflow
//! fixes): `pack`, `unpack`, `size` over a format of endianness/alignment controls and typed
//! fields. Sizes and counts are checked, so absurd formats give errors, never overflow. As in
//! the C: the format is a C string (a NUL ends it), offsets and sizes are `size_t` (wrapping),
//! and doubles convert to integers as x86-64 code compiled by gcc does.

use ferrous_vm::api::{Args, f64_to_i64};
use ferrous_vm::exec::alloc::OutMeter;
use ferrous_vm::{Ret, Throw, Value, Vm};

/// C's `(unsigned long)d` as gcc compiles it for x86-64 (2^64 and beyond, and inf, give 0).
use crate::string::format::f64_to_u64;

const MAXINTSIZE: usize = 32;
const MAXALIGN: usize = 8;
/// LUAI_MAXCSTACK: the Lua stack slots a C function may hold.
const LUA_MAX_C_STACK: usize = 8000;

pub fn open_struct(vm: &mut Vm) {
    let t = vm.new_table();
    vm.register(t, &[("pack", pack), ("unpack", unpack), ("size", size)]);
    vm.set_global("struct", Value::Table(t));
}

#[derive(Clone, Copy)]
struct Header {
    little: bool,
    align: usize,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            little: true,
            align: 1,
        }
    }
}

/// `getnum`: digits at `fmt[*i..]`, or `df`.
fn getnum(fmt: &[u8], i: &mut usize, df: usize) -> Result<usize, Throw> {
    if *i >= fmt.len() || !fmt[*i].is_ascii_digit() {
        return Ok(df);
    }
    let mut a: usize = 0;
    while *i < fmt.len() && fmt[*i].is_ascii_digit() {
        let d = (fmt[*i] - b'0') as usize;
        if a > (i32::MAX as usize) / 10 || a * 10 > (i32::MAX as usize) - d {
            return Err(Throw::msg("integral size overflow"));
        }
        a = a * 10 + d;
        *i += 1;
    }
    Ok(a)
}

fn optsize(opt: u8, fmt: &[u8], i: &mut usize) -> Result<usize, Throw> {
    Ok(match opt {
        b'B' | b'b' => 1,
        b'H' | b'h' => 2,
        b'L' | b'l' | b'T' => 8,
        b'f' => 4,
        b'd' => 8,
        b'x' => 1,
        b'c' => getnum(fmt, i, 1)?,
        b'i' | b'I' => {
            let sz = getnum(fmt, i, 4)?;
            if sz > MAXINTSIZE {
                return Err(Throw::msg(format!(
                    "integral size {} is larger than limit of {}",
                    sz, MAXINTSIZE
                )));
            }
            sz
        }
        _ => 0,
    })
}

fn gettoalign(len: usize, h: &Header, opt: u8, size: usize) -> usize {
    if size == 0 || opt == b'c' {
        return 0;
    }
    let size = size.min(h.align);
    (size - (len & (size - 1))) & (size - 1)
}

fn controloptions(opt: u8, fmt: &[u8], i: &mut usize, h: &mut Header) -> Result<(), Throw> {
    match opt {
        b' ' => {}
        b'>' => h.little = false,
        // Redis 7.0's struct has no '=' (native) option.
        b'<' => h.little = true,
        b'!' => {
            let a = getnum(fmt, i, MAXALIGN)?;
            if a == 0 || a & (a - 1) != 0 {
                return Err(Throw::msg(format!("alignment {} is not a power of 2", a)));
            }
            h.align = a;
        }
        other => {
            return Err(Throw::Arg(
                1,
                format!("invalid format option '{}'", other as char),
            ));
        }
    }
    Ok(())
}

fn put_integer(out: &mut Vec<u8>, n: f64, little: bool, size: usize) {
    let mut value: u64 = if n < 0.0 {
        f64_to_i64(n) as u64
    } else {
        f64_to_u64(n)
    };
    let mut buf = vec![0u8; size];
    if little {
        for b in buf.iter_mut() {
            *b = (value & 0xff) as u8;
            value >>= 8;
        }
    } else {
        for b in buf.iter_mut().rev() {
            *b = (value & 0xff) as u8;
            value >>= 8;
        }
    }
    out.extend_from_slice(&buf);
}

fn get_integer(data: &[u8], little: bool, signed: bool, size: usize) -> f64 {
    let mut l: u64 = 0;
    if little {
        for &b in data[..size].iter().rev() {
            l = l.wrapping_shl(8) | b as u64;
        }
    } else {
        for &b in &data[..size] {
            l = l.wrapping_shl(8) | b as u64;
        }
    }
    if !signed {
        return l as f64;
    }
    if size == 0 {
        // `i0`: nothing was read (struct.c's mask shift would be out of range here).
        return 0.0;
    }
    let mask = (!0u64).wrapping_shl((size * 8 - 1) as u32);
    if l & mask != 0 {
        l |= mask;
    }
    l as i64 as f64
}

fn pack(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    // struct.c pushes a nil mark right after the arguments, so a missing argument reads as nil.
    vm.push(Value::Nil);
    let a = Args::new(base, n + 1);
    let fmt = a.check_bytes(vm, 0)?;
    let fmt = ferrous_vm::number::c_string(&fmt);
    let mut h = Header::default();
    let mut arg = 1;
    let mut total = 0usize;
    let mut out = Vec::new();
    let mut meter = OutMeter::default();
    let mut i = 0;
    while i < fmt.len() {
        let opt = fmt[i];
        i += 1;
        let mut size = optsize(opt, fmt, &mut i)?;
        let toalign = gettoalign(total, &h, opt, size);
        total += toalign;
        // Every option appends its size (at most 8 for numbers) after the alignment.
        meter.room(vm, &out, out.capacity(), toalign + size.max(8) + 1)?;
        out.resize(out.len() + toalign, 0);
        match opt {
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let x = a.check_number(vm, arg)?;
                arg += 1;
                put_integer(&mut out, x, h.little, size);
            }
            b'x' => out.push(0),
            b'f' => {
                let x = a.check_number(vm, arg)? as f32;
                arg += 1;
                out.extend_from_slice(&if h.little {
                    x.to_le_bytes()
                } else {
                    x.to_be_bytes()
                });
            }
            b'd' => {
                let x = a.check_number(vm, arg)?;
                arg += 1;
                out.extend_from_slice(&if h.little {
                    x.to_le_bytes()
                } else {
                    x.to_be_bytes()
                });
            }
            b'c' | b's' => {
                let s = a.check_bytes(vm, arg)?;
                arg += 1;
                if size == 0 {
                    size = s.len();
                }
                if s.len() < size {
                    return Err(Throw::Arg(arg + 1, "string too short".into()));
                }
                meter.room(vm, &out, out.capacity(), size + 1)?;
                out.extend_from_slice(&s[..size]);
                if opt == b's' {
                    out.push(0);
                    size += 1;
                }
            }
            _ => controloptions(opt, fmt, &mut i, &mut h)?,
        }
        total += size;
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

fn unpack(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let fmt = a.check_bytes(vm, 0)?;
    let fmt = ferrous_vm::number::c_string(&fmt);
    let data = a.check_bytes(vm, 1)?;
    let ld = data.len() as u64;
    // A size_t: a negative offset passes the check as a huge one.
    let start = a.opt_int(vm, 2, 1)? as u64;
    if start == 0 {
        return Err(Throw::Arg(3, "offset must be 1 or greater".into()));
    }
    let mut pos = start - 1;
    let mut h = Header::default();
    let mut results: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        let opt = fmt[i];
        i += 1;
        let size = optsize(opt, fmt, &mut i)?;
        pos = pos.wrapping_add(gettoalign(pos as usize, &h, opt, size) as u64);
        let mut size = size as u64;
        if !(size <= ld && pos <= ld - size) {
            return Err(Throw::Arg(2, "data string too short".into()));
        }
        // luaL_checkstack(L, 2, "too many results") over the arguments and the results.
        if n + results.len() + 2 > LUA_MAX_C_STACK {
            return Err(Throw::msg("stack overflow (too many results)"));
        }
        // In range now: the check above.
        let (at, len) = (pos as usize, size as usize);
        match opt {
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let signed = opt.is_ascii_lowercase();
                results.push(Value::Num(get_integer(&data[at..], h.little, signed, len)));
            }
            b'x' => {}
            b'f' => {
                let b: [u8; 4] = data[at..at + 4].try_into().expect("4 bytes");
                let f = if h.little {
                    f32::from_le_bytes(b)
                } else {
                    f32::from_be_bytes(b)
                };
                results.push(Value::Num(f as f64));
            }
            b'd' => {
                let b: [u8; 8] = data[at..at + 8].try_into().expect("8 bytes");
                let d = if h.little {
                    f64::from_le_bytes(b)
                } else {
                    f64::from_be_bytes(b)
                };
                results.push(Value::Num(d));
            }
            b'c' => {
                if size == 0 {
                    // The previous result, if lua_isnumber (a numeric string too), as size_t.
                    let prev = results.last().and_then(|&v| vm.to_number(v));
                    let Some(prev) = prev else {
                        return Err(Throw::msg("format 'c0' needs a previous size"));
                    };
                    results.pop();
                    size = f64_to_u64(prev);
                    if !(size <= ld && pos <= ld - size) {
                        return Err(Throw::Arg(2, "data string too short".into()));
                    }
                }
                let v = vm.bytes_value(&data[at..at + size as usize]);
                results.push(v);
            }
            b's' => {
                let Some(e) = data[at..].iter().position(|&c| c == 0) else {
                    return Err(Throw::msg("unfinished string in data"));
                };
                size = e as u64 + 1;
                let v = vm.bytes_value(&data[at..at + e]);
                results.push(v);
            }
            _ => controloptions(opt, fmt, &mut i, &mut h)?,
        }
        pos = pos.wrapping_add(size);
    }
    let cnt = results.len() + 1;
    vm.push_values(&results);
    // lua_pushinteger of the size_t: wraps to a negative number past 2^63.
    vm.push(Value::Num(pos.wrapping_add(1) as i64 as f64));
    Ok(Ret::Values(cnt))
}

fn size(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let fmt = a.check_bytes(vm, 0)?;
    let fmt = ferrous_vm::number::c_string(&fmt);
    let mut h = Header::default();
    let mut pos = 0usize;
    let mut i = 0;
    while i < fmt.len() {
        let opt = fmt[i];
        i += 1;
        let size = optsize(opt, fmt, &mut i)?;
        pos = pos.saturating_add(gettoalign(pos, &h, opt, size));
        if opt == b's' {
            return Err(Throw::Arg(1, "option 's' has no fixed size".into()));
        } else if opt == b'c' && size == 0 {
            return Err(Throw::Arg(1, "option 'c0' has no fixed size".into()));
        }
        if !opt.is_ascii_alphanumeric() {
            controloptions(opt, fmt, &mut i, &mut h)?;
        }
        pos = pos.saturating_add(size);
    }
    vm.push(Value::Num(pos as f64));
    Ok(Ret::Values(1))
}
