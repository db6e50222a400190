//! The math library (lmathlib.c), with Redis 7.0's `random` generator (redisLrand48).

use ferrous_vm::api::Args;
use ferrous_vm::{Ret, Throw, Value, Vm};

pub fn open_math(vm: &mut Vm) {
    // lmathlib's list and order, then pi, huge and mod (LUA_COMPAT_MOD) as luaopen_math sets them.
    let t = vm.new_library(&[
        ("abs", abs),
        ("acos", acos),
        ("asin", asin),
        ("atan2", atan2),
        ("atan", atan),
        ("ceil", ceil),
        ("cosh", cosh),
        ("cos", cos),
        ("deg", deg),
        ("exp", exp),
        ("floor", floor),
        ("fmod", fmod),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("log10", log10),
        ("log", log),
        ("max", max),
        ("min", min),
        ("modf", modf),
        ("pow", pow),
        ("rad", rad),
        ("random", random),
        ("randomseed", randomseed),
        ("sinh", sinh),
        ("sin", sin),
        ("sqrt", sqrt),
        ("tanh", tanh),
        ("tan", tan),
    ]);
    vm.set_field(t, "pi", Value::Num(std::f64::consts::PI));
    vm.set_field(t, "huge", Value::Num(f64::INFINITY));
    let fmod_fn = vm.get_field(t, "fmod");
    vm.set_field(t, "mod", fmod_fn);
    vm.set_global("math", Value::Table(t));
}

fn one(vm: &mut Vm, base: usize, n: usize, f: fn(f64) -> f64) -> Result<Ret, Throw> {
    let x = Args::new(base, n).check_number(vm, 0)?;
    vm.push(Value::Num(f(x)));
    Ok(Ret::Values(1))
}

/// Both arguments are checked last first: lmathlib.c writes `f(luaL_checknumber(L, 1),
/// luaL_checknumber(L, 2))` and gcc on x86-64 evaluates C arguments right to left, so with two
/// bad arguments lua5.1 (and Redis) report #2.
fn two(vm: &mut Vm, base: usize, n: usize, f: fn(f64, f64) -> f64) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let y = a.check_number(vm, 1)?;
    let x = a.check_number(vm, 0)?;
    vm.push(Value::Num(f(x, y)));
    Ok(Ret::Values(1))
}

macro_rules! unary {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> { one(vm, base, n, $f) })*
    };
}

unary! {
    abs => f64::abs,
    acos => f64::acos,
    asin => f64::asin,
    atan => f64::atan,
    ceil => f64::ceil,
    cos => f64::cos,
    cosh => f64::cosh,
    // lmathlib.c divides by RADIANS_PER_DEGREE (a multiplication by 180/pi rounds differently).
    deg => |x| x / (std::f64::consts::PI / 180.0),
    exp => f64::exp,
    floor => f64::floor,
    log => f64::ln,
    log10 => f64::log10,
    rad => |x| x * (std::f64::consts::PI / 180.0),
    sin => f64::sin,
    sinh => f64::sinh,
    sqrt => f64::sqrt,
    tan => f64::tan,
    tanh => f64::tanh,
}

fn atan2(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    two(vm, base, n, f64::atan2)
}

fn fmod(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    // C fmod: the result has the sign of x (Rust's % on f64 is fmod).
    two(vm, base, n, |x, y| x % y)
}

fn pow(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    two(vm, base, n, f64::powf)
}

fn ldexp(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    // Right to left, as `two`.
    let e = a.check_int(vm, 1)? as i32;
    let x = a.check_number(vm, 0)?;
    vm.push(Value::Num(ldexp_f(x, e)));
    Ok(Ret::Values(1))
}

fn ldexp_f(x: f64, e: i32) -> f64 {
    // Scale in steps so intermediate powers of two stay representable.
    let mut r = x;
    let mut e = e;
    while e > 1000 {
        r *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        r *= 2f64.powi(-1000);
        e += 1000;
    }
    r * 2f64.powi(e)
}

fn frexp(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let x = Args::new(base, n).check_number(vm, 0)?;
    let (m, e) = if x == 0.0 || x.is_nan() || x.is_infinite() {
        (x, 0)
    } else {
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32;
        if exp == 0 {
            // subnormal: normalise first
            let y = x * 2f64.powi(64);
            let ey = ((y.to_bits() >> 52) & 0x7ff) as i32;
            let m = f64::from_bits((y.to_bits() & !(0x7ffu64 << 52)) | (1022u64 << 52));
            (m, ey - 1022 - 64)
        } else {
            let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
            (m, exp - 1022)
        }
    };
    vm.push(Value::Num(m));
    vm.push(Value::Num(e as f64));
    Ok(Ret::Values(2))
}

fn modf(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let x = Args::new(base, n).check_number(vm, 0)?;
    let ip = x.trunc();
    // C modf: the fraction keeps x's sign (modf(-5) gives -0, modf(-inf) gives -0).
    let fp = if x.is_infinite() { 0.0f64 } else { x - ip }.copysign(x);
    vm.push(Value::Num(ip));
    vm.push(Value::Num(fp));
    Ok(Ret::Values(2))
}

fn max(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let mut m = a.check_number(vm, 0)?;
    for i in 1..n {
        let x = a.check_number(vm, i)?;
        if x > m {
            m = x;
        }
    }
    vm.push(Value::Num(m));
    Ok(Ret::Values(1))
}

fn min(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let mut m = a.check_number(vm, 0)?;
    for i in 1..n {
        let x = a.check_number(vm, i)?;
        if x < m {
            m = x;
        }
    }
    vm.push(Value::Num(m));
    Ok(Ret::Values(1))
}

/// Redis's `redisLrand48` state (rand48: x' = 0x5DEECE66D * x + 0xB mod 2^48). Shared through
/// an `Rc` so that several VMs (Redis's EVAL and function VMs, and the VM that replaces the
/// EVAL one after SCRIPT FLUSH) continue one global sequence, as Redis has one generator.
pub type RandState = std::rc::Rc<std::cell::Cell<u64>>;

const RAND48_SEED: u64 = 0x1234_ABCD_330E;

/// The VM's generator state (created with Redis's initial seed on first use).
pub fn rand_state(vm: &mut Vm) -> RandState {
    vm.ext_or_insert_with("math.rand48", || {
        RandState::new(std::cell::Cell::new(RAND48_SEED))
    })
    .clone()
}

/// Makes `vm` use (and advance) `state`.
pub fn share_rand_state(vm: &mut Vm, state: RandState) {
    vm.set_ext("math.rand48", state);
}

fn lrand48(vm: &mut Vm) -> i64 {
    let s = rand_state(vm);
    let x = (0x5_DEEC_E66D_u64.wrapping_mul(s.get()).wrapping_add(0xB)) & ((1u64 << 48) - 1);
    s.set(x);
    (x >> 17) as i64
}

fn random(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    const INT32_MAX: i64 = 2_147_483_647;
    let r = (lrand48(vm) % INT32_MAX) as f64 / INT32_MAX as f64;
    let a = Args::new(base, n);
    let v = match n {
        0 => r,
        1 => {
            let u = crate::check_cint(&a, vm, 0)?;
            if u < 1 {
                return Err(Throw::Arg(1, "interval is empty".into()));
            }
            (r * u as f64).floor() + 1.0
        }
        2 => {
            let l = crate::check_cint(&a, vm, 0)?;
            let u = crate::check_cint(&a, vm, 1)?;
            if l > u {
                return Err(Throw::Arg(2, "interval is empty".into()));
            }
            // C computes `u-l+1` in int (wrapping in practice).
            let width = (u as i32).wrapping_sub(l as i32).wrapping_add(1);
            (r * width as f64).floor() + l as f64
        }
        _ => return Err(Throw::msg("wrong number of arguments")),
    };
    vm.push(Value::Num(v));
    Ok(Ret::Values(1))
}

fn randomseed(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    // Redis: redisSrand48(luaL_checkint(L, 1)).
    let seed = crate::check_cint(&Args::new(base, n), vm, 0)? as i32;
    rand_state(vm).set((((seed as u32 as u64) << 16) | 0x330E) & ((1u64 << 48) - 1));
    Ok(Ret::Values(0))
}

#[cfg(test)]
mod tests {
    //! Expected values are lua5.1's output for the same chunks (except where noted).

    fn check(body: &str, expected: &str) {
        assert_eq!(crate::run_for_test(body), expected, "{}", body);
    }

    /// Redis 7.0's generator (not lua5.1's): the first values from a fresh state
    /// (x0 = 0x1234ABCD330E), printed with %.14g.
    #[test]
    fn random_starts_like_redis_lrand48() {
        check(
            "return string.format('%.14g %.14g %.14g %.14g', math.random(), math.random(), math.random(), math.random())",
            "0.39646477363839 0.84048536971234 0.35333609737146 0.44658343468168",
        );
    }

    /// Checked against Redis 7.0.15's EVAL: randomseed as redisSrand48(luaL_checkint(x)),
    /// integer ranges through C ints.
    #[test]
    fn randomseed_and_ranges_like_redis() {
        check(
            "math.randomseed(0) local t = {} for i = 1, 3 do t[#t+1] = string.format('%.14g', math.random()) end \
             t[#t+1] = math.random(10) t[#t+1] = math.random(5, 7) t[#t+1] = math.random(-2^31, 2^31-1) \
             t[#t+1] = math.random(2^32+10) return table.concat(t, ' ')",
            "0.17082803611217 0.74990198051087 0.09637165539729 9 6 -2147483648 7",
        );
        check(
            "math.randomseed(2^32+5) local a = math.random(100) math.randomseed(-7) \
             return a, math.random(1000), string.format('%.14g', math.random())",
            "53\t76\t0.81776873106964",
        );
    }

    #[test]
    fn random_errors_like_redis() {
        check(
            "return pcall(math.random, 0)",
            "false\tbad argument #1 to '?' (interval is empty)",
        );
        check(
            "return pcall(math.random, 3, 1)",
            "false\tbad argument #2 to '?' (interval is empty)",
        );
        check(
            "return pcall(math.random, -3, 2^31+5)",
            "false\tbad argument #2 to '?' (interval is empty)",
        );
        check(
            "return pcall(math.random, 1, 2, 3)",
            "false\twrong number of arguments",
        );
    }

    #[test]
    fn functions_match_lua51() {
        check(
            r#"return math.floor(-0.5), math.ceil(-0.5), math.floor(3.7), math.ceil(3.2), math.abs('-3')"#,
            r#"-1	-0	3	4	3"#,
        );
        check(
            r#"return math.fmod(-7, 3), math.fmod(7, -3), math.mod(10, 4), math.modf(-3.7)"#,
            r#"-1	1	2	-3	-0.7"#,
        );
        check(
            r#"return math.frexp(0), math.frexp(1e-310), math.ldexp(1, 1024), math.ldexp(1, -1074), math.ldexp(3, 2.9)"#,
            r#"0	0.57526180315594	inf	4.9406564584125e-324	12"#,
        );
        check(
            r#"return math.modf(1/0), math.modf(-5), math.sqrt(2), math.exp(1), math.log10(1000)"#,
            r#"inf	-5	1.4142135623731	2.718281828459	3"#,
        );
        check(
            r#"return math.max(1, 5, 3), math.min(4, -2, 0), math.max(-0.0, 0), math.pi, math.huge, -math.huge"#,
            r#"5	-2	0	3.1415926535898	inf	-inf"#,
        );
        check(
            r#"return math.deg(math.pi), math.rad(180), math.pow(2, 0.5), math.atan2(1, -1)"#,
            r#"180	3.1415926535898	1.4142135623731	2.3561944901923"#,
        );
    }

    #[test]
    fn argument_errors() {
        check(
            r#"return pcall(math.max)"#,
            r#"false	bad argument #1 to '?' (number expected, got no value)"#,
        );
        check(
            r#"return pcall(math.floor, 'x')"#,
            r#"false	bad argument #1 to '?' (number expected, got string)"#,
        );
        check(
            r#"return pcall(math.ldexp, 1)"#,
            r#"false	bad argument #2 to '?' (number expected, got no value)"#,
        );
        check(
            r#"return pcall(math.randomseed)"#,
            r#"false	bad argument #1 to '?' (number expected, got no value)"#,
        );
    }
}
