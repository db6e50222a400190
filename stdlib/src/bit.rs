//! Lua BitOp 1.0.2 (`bit`), as Redis ships it: 32-bit operations on doubles, results as
//! signed 32-bit numbers, and Redis's fix for `tohex` with the most negative count.

use ferrous_vm::api::Args;
use ferrous_vm::{Ret, Throw, Value, Vm};

pub fn open_bit(vm: &mut Vm) {
    let t = vm.new_table();
    vm.register(
        t,
        &[
            ("tobit", tobit),
            ("bnot", bnot),
            ("band", band),
            ("bor", bor),
            ("bxor", bxor),
            ("lshift", lshift),
            ("rshift", rshift),
            ("arshift", arshift),
            ("rol", rol),
            ("ror", ror),
            ("bswap", bswap),
            ("tohex", tohex),
        ],
    );
    vm.set_global("bit", Value::Table(t));
}

/// BitOp's `barg`: add 2^52 + 2^51 so the FPU rounds to an integer (to nearest, ties to
/// even) and take the low 32 bits of the mantissa; wraps modulo 2^32.
fn to_bit(x: f64) -> u32 {
    (x + 6_755_399_441_055_744.0).to_bits() as u32
}

fn arg(vm: &Vm, a: Args, i: usize) -> Result<u32, Throw> {
    Ok(to_bit(a.check_number(vm, i)?))
}

fn ret(vm: &mut Vm, b: u32) -> Result<Ret, Throw> {
    vm.push(Value::Num(b as i32 as f64));
    Ok(Ret::Values(1))
}

fn tobit(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let b = arg(vm, Args::new(base, n), 0)?;
    ret(vm, b)
}

fn bnot(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let b = arg(vm, Args::new(base, n), 0)?;
    ret(vm, !b)
}

/// BitOp's BIT_OP: the first argument, then the others from the last down (so a bad
/// argument is reported from the end).
fn fold(vm: &mut Vm, base: usize, n: usize, f: fn(u32, u32) -> u32) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let mut b = arg(vm, a, 0)?;
    for i in (1..n).rev() {
        b = f(b, arg(vm, a, i)?);
    }
    ret(vm, b)
}

fn band(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    fold(vm, base, n, |x, y| x & y)
}

fn bor(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    fold(vm, base, n, |x, y| x | y)
}

fn bxor(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    fold(vm, base, n, |x, y| x ^ y)
}

fn shift(vm: &mut Vm, base: usize, n: usize, f: fn(u32, u32) -> u32) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let b = arg(vm, a, 0)?;
    let s = arg(vm, a, 1)? & 31;
    ret(vm, f(b, s))
}

fn lshift(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    shift(vm, base, n, |b, s| b << s)
}

fn rshift(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    shift(vm, base, n, |b, s| b >> s)
}

fn arshift(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    shift(vm, base, n, |b, s| ((b as i32) >> s) as u32)
}

fn rol(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    shift(vm, base, n, |b, s| b.rotate_left(s))
}

fn ror(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    shift(vm, base, n, |b, s| b.rotate_right(s))
}

fn bswap(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let b = arg(vm, Args::new(base, n), 0)?;
    ret(vm, b.swap_bytes())
}

fn tohex(vm: &mut Vm, base: usize, nargs: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, nargs);
    let mut b = arg(vm, a, 0)?;
    let mut n: i32 = if a.is_none(vm, 1) && nargs < 2 {
        8
    } else {
        arg(vm, a, 1)? as i32
    };
    // Redis's fix: -INT32_MIN would overflow.
    if n == i32::MIN {
        n = i32::MIN + 1;
    }
    let digits: &[u8; 16] = if n < 0 {
        n = -n;
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let n = n.min(8) as usize;
    let mut buf = [0u8; 8];
    for i in (0..n).rev() {
        buf[i] = digits[(b & 15) as usize];
        b >>= 4;
    }
    vm.push_str(&buf[..n]);
    Ok(Ret::Values(1))
}

#[cfg(test)]
mod tests {
    fn eval(src: &str) -> String {
        let mut vm = ferrous_vm::Vm::new();
        crate::open_all(&mut vm);
        let f = vm.load(src.as_bytes(), "=t").unwrap();
        let r = vm.call(f, &[]).unwrap();
        vm.error_text(r[0])
    }

    /// lua5.1 + lua-bitop crashes here (negating INT32_MIN); Redis's bit.c clamps the count,
    /// giving 8 upper-case digits.
    #[test]
    fn tohex_most_negative_count_does_not_overflow() {
        assert_eq!(eval("return bit.tohex(255, -2^31)"), "000000FF");
        assert_eq!(eval("return bit.tohex(255, 2^31 - 1)"), "000000ff");
        assert_eq!(eval("return bit.tohex(-1, -2^32)"), "");
    }
}
