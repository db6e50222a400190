//! lua-cjson's configuration functions: argument counts (`json_arg_init`), integer and enum
//! options with their error texts, and settings written one option at a time, as the C does
//! (an error in the second option leaves the first one set).

use super::{Config, InvalidNumbers, config};
use ferrous_vm::api::{Args, f64_to_i64};
use ferrous_vm::{Ret, Throw, Value, Vm};

/// json_arg_init: at most `max` arguments (the rest are read as nil).
fn arg_init(n: usize, max: usize) -> Result<(), Throw> {
    if n > max {
        return Err(Throw::Arg(max + 1, "found too many arguments".into()));
    }
    Ok(())
}

/// json_integer_option: nil keeps the setting; otherwise luaL_checkinteger cast to a C
/// `int`, and the range error always names argument #1.
fn integer_option(
    vm: &mut Vm,
    a: Args,
    i: usize,
    field: fn(&mut Config) -> &mut i32,
    lo: i32,
    hi: i32,
) -> Result<i32, Throw> {
    if !a.is_none(vm, i) {
        let v = f64_to_i64(a.check_number(vm, i)?) as i32;
        if v < lo || v > hi {
            return Err(Throw::Arg(
                1,
                format!("expected integer between {} and {}", lo, hi),
            ));
        }
        *field(config(vm)) = v;
    }
    Ok(*field(config(vm)))
}

/// json_enum_option's luaL_checkoption: the option's index in `options`.
fn check_option(vm: &mut Vm, a: Args, i: usize, options: &[&str]) -> Result<usize, Throw> {
    let s = a.check_bytes(vm, i)?;
    // strcmp: the argument is compared as a C string.
    let s = ferrous_vm::number::c_string(&s);
    match options.iter().position(|o| o.as_bytes() == s) {
        Some(k) => Ok(k),
        None => Err(Throw::Arg(
            i + 1,
            format!("invalid option '{}'", String::from_utf8_lossy(s)),
        )),
    }
}

/// json_enum_option for on/off settings: a boolean, or the option `off`/`on`.
fn bool_option(
    vm: &mut Vm,
    a: Args,
    i: usize,
    field: fn(&mut Config) -> &mut bool,
) -> Result<bool, Throw> {
    match a.get(vm, i) {
        Value::Nil => {}
        Value::Bool(b) => *field(config(vm)) = b,
        _ => *field(config(vm)) = check_option(vm, a, i, &["off", "on"])? == 1,
    }
    Ok(*field(config(vm)))
}

pub(super) fn encode_sparse_array(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    arg_init(n, 3)?;
    let convert = bool_option(vm, a, 0, |c| &mut c.sparse_convert)?;
    let ratio = integer_option(vm, a, 1, |c| &mut c.sparse_ratio, 0, i32::MAX)?;
    let safe = integer_option(vm, a, 2, |c| &mut c.sparse_safe, 0, i32::MAX)?;
    vm.push(Value::Bool(convert));
    vm.push(Value::Num(ratio as f64));
    vm.push(Value::Num(safe as f64));
    Ok(Ret::Values(3))
}

macro_rules! int_setting {
    ($name:ident, $field:ident, $lo:expr, $hi:expr) => {
        pub(super) fn $name(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
            arg_init(n, 1)?;
            let v = integer_option(vm, Args::new(base, n), 0, |c| &mut c.$field, $lo, $hi)?;
            vm.push(Value::Num(v as f64));
            Ok(Ret::Values(1))
        }
    };
}

int_setting!(encode_max_depth, encode_max_depth, 1, i32::MAX);
int_setting!(decode_max_depth, decode_max_depth, 1, i32::MAX);
int_setting!(encode_number_precision, precision, 1, 14);

macro_rules! bool_setting {
    ($name:ident, $field:ident) => {
        pub(super) fn $name(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
            arg_init(n, 1)?;
            let v = bool_option(vm, Args::new(base, n), 0, |c| &mut c.$field)?;
            vm.push(Value::Bool(v));
            Ok(Ret::Values(1))
        }
    };
}

bool_setting!(encode_keep_buffer, keep_buffer);
bool_setting!(decode_invalid_numbers, decode_invalid_numbers);

/// `off`, `on` (true/false too) or `null`; answers a boolean unless the setting is `null`.
pub(super) fn encode_invalid_numbers(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    arg_init(n, 1)?;
    let set = match a.get(vm, 0) {
        Value::Nil => None,
        Value::Bool(b) => Some(if b {
            InvalidNumbers::On
        } else {
            InvalidNumbers::Off
        }),
        _ => Some(match check_option(vm, a, 0, &["off", "on", "null"])? {
            0 => InvalidNumbers::Off,
            1 => InvalidNumbers::On,
            _ => InvalidNumbers::Null,
        }),
    };
    if let Some(v) = set {
        config(vm).encode_invalid_numbers = v;
    }
    match config(vm).encode_invalid_numbers {
        InvalidNumbers::Off => vm.push(Value::Bool(false)),
        InvalidNumbers::On => vm.push(Value::Bool(true)),
        InvalidNumbers::Null => {
            let s = vm.str("null");
            vm.push(s);
        }
    }
    Ok(Ret::Values(1))
}
