//! The `redis` table (script_lua.c `luaRegisterRedisAPI`, eval.c): call, pcall,
//! error_reply, status_reply, sha1hex, log, setresp, set_repl, replicate_commands,
//! breakpoint, debug, acl_check_cmd and the constants.

use super::convert::{error_table, reply_to_lua};
use super::{Reply, host, host_and_state, host_ref, run_state, set_run_state};
use ferrous_vm::api::Args;
use ferrous_vm::value::TableRef;
use ferrous_vm::{Ret, Throw, Value, Vm};

/// Which parts of the API a VM gets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// EVAL: everything.
    Eval,
    /// FCALL at call time: no breakpoint, debug, replicate_commands.
    Function,
}

/// Creates the `redis` table. `version` is the server's (`"7.0.15"`).
pub fn open_redis(vm: &mut Vm, flavor: Flavor, version: &str) -> TableRef {
    // Fields in the order luaRegisterRedisAPI (script_lua.c) and, for EVAL, scriptingInit
    // (eval.c) set them: with lua5.1's node layout `pairs(redis)` visits them as the
    // built-in does.
    let t = vm.new_table();
    vm.register(t, &[("call", call), ("pcall", pcall)]);
    register_log_and_version(vm, t, version);
    vm.register(
        t,
        &[
            ("setresp", setresp),
            ("sha1hex", sha1hex),
            ("error_reply", error_reply),
            ("status_reply", status_reply),
            ("set_repl", set_repl),
        ],
    );
    for (name, v) in [
        ("REPL_NONE", 0.0),
        ("REPL_AOF", 1.0),
        ("REPL_SLAVE", 2.0),
        ("REPL_REPLICA", 2.0),
        ("REPL_ALL", 3.0),
    ] {
        vm.set_field(t, name, Value::Num(v));
    }
    vm.register(t, &[("acl_check_cmd", acl_check_cmd)]);
    if flavor == Flavor::Eval {
        vm.register(
            t,
            &[
                ("breakpoint", breakpoint),
                ("debug", debug),
                ("replicate_commands", replicate_commands),
            ],
        );
    }
    t
}

/// `log`, the `LOG_*` levels and `REDIS_VERSION_NUM`/`REDIS_VERSION`, in the order of
/// luaRegisterLogFunction and luaRegisterVersion (the EVAL/FCALL table and the FUNCTION LOAD
/// one both use it).
pub fn register_log_and_version(vm: &mut Vm, t: TableRef, version: &str) {
    vm.register(t, &[("log", log)]);
    for (name, v) in [
        ("LOG_DEBUG", 0.0),
        ("LOG_VERBOSE", 1.0),
        ("LOG_NOTICE", 2.0),
        ("LOG_WARNING", 3.0),
    ] {
        vm.set_field(t, name, Value::Num(v));
    }
    vm.set_field(
        t,
        "REDIS_VERSION_NUM",
        Value::Num(version_num(version) as f64),
    );
    let ver = vm.str(version);
    vm.set_field(t, "REDIS_VERSION", ver);
}

/// `7.0.15` → 0x00070f.
pub fn version_num(v: &str) -> u32 {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (a, b, c) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    (a << 16) | (b << 8) | c
}

/// Raises (`luaError`) the `{err="ERR msg"}` table for a script-generated message.
fn raise(vm: &mut Vm, msg: &str) -> Throw {
    Throw::Value(error_table(vm, msg.as_bytes()))
}

/// luaArgsToRedisArgv's checks: strings as they are, numbers as `%.17g` (formatted into
/// `nums`), anything else refused.
fn check_args(vm: &Vm, base: usize, n: usize, nums: &mut Vec<Vec<u8>>) -> Result<(), &'static str> {
    if n == 0 {
        return Err("Please specify at least one argument for this redis lib call");
    }
    for i in 0..n {
        match vm.slot(base + i) {
            Value::Str(_) => {}
            Value::Num(x) => nums.push(super::fmt_g17(x)),
            _ => return Err("Lua redis lib command arguments must be strings or integers"),
        }
    }
    Ok(())
}

/// The arguments as byte slices borrowed from the VM's strings (no copies).
fn arg_slices<'a>(vm: &'a Vm, base: usize, n: usize, nums: &'a [Vec<u8>]) -> Vec<&'a [u8]> {
    let mut k = 0;
    (0..n)
        .map(|i| match vm.slot(base + i) {
            v @ Value::Str(_) => vm.str_bytes(v).unwrap_or(b""),
            _ => {
                k += 1;
                nums[k - 1].as_slice()
            }
        })
        .collect()
}

/// luaArgsToRedisArgv, owned.
fn argv_of(vm: &mut Vm, base: usize, n: usize) -> Result<Vec<Vec<u8>>, &'static str> {
    let mut nums = Vec::new();
    check_args(vm, base, n, &mut nums)?;
    Ok(arg_slices(vm, base, n, &nums)
        .iter()
        .map(|s| s.to_vec())
        .collect())
}

/// Arguments up to this count are passed to the host from an array on the stack.
const INLINE_ARGS: usize = 8;

fn generic_call(vm: &mut Vm, base: usize, n: usize, raise_error: bool) -> Result<Ret, Throw> {
    let (reply, resp3) = {
        // The host is borrowed from the VM for the call (no `Rc` clone): the arguments borrow
        // the VM's strings too, and neither is touched by the command.
        let Some((h, state)) = host_ref(vm).filter(|(h, _)| h.in_script()) else {
            return Err(not_in_script(vm));
        };
        let mut argv: [&[u8]; INLINE_ARGS] = [&[]; INLINE_ARGS];
        if !inline_strings(vm, base, n, &mut argv) {
            return call_with_numbers(vm, base, n, raise_error);
        }
        // The usual call: strings only, read in one pass, no allocation for the list.
        (h.call(&argv[..n], state.resp3), state.resp3)
    };
    deliver(vm, reply, resp3, raise_error)
}

/// The reply pushed (or raised, for `redis.call`'s errors).
#[inline(always)]
fn deliver(vm: &mut Vm, reply: Reply, resp3: bool, raise_error: bool) -> Result<Ret, Throw> {
    // Integer replies (INCR, EXISTS, DEL...) need no conversion and own nothing: forgotten
    // rather than dropped, which would call the enum's out-of-line drop glue.
    if let Reply::Int(i) = reply {
        std::mem::forget(reply);
        vm.push(Value::Num(i as f64));
        return Ok(Ret::Values(1));
    }
    deliver_owned(vm, reply, resp3, raise_error)
}

/// `deliver` for replies other than integers, out of line (the integer path stays small).
/// A bulk reply (GET...) hands its buffer to the string table: a new string keeps it (no
/// second allocation and copy), a known one drops it.
#[inline(never)]
fn deliver_owned(vm: &mut Vm, reply: Reply, resp3: bool, raise_error: bool) -> Result<Ret, Throw> {
    if let Reply::Bulk(b) = reply {
        vm.check_alloc(b.len())?;
        let s = vm.heap_mut().intern_vec(b);
        vm.push(Value::Str(s));
        return Ok(Ret::Values(1));
    }
    push_reply(vm, &reply, resp3, raise_error)
}

/// Room for an integer's `%.17g` digits (at most 17, and a sign).
pub(crate) const INT_DIGITS: usize = 24;

/// `%.17g` of `x` when it is an integer below 1e17 in magnitude — its decimal digits, as
/// `%.17g` prints every such number (fixed notation, nothing after the point) — written at
/// the end of `buf`; returns where they start. None for other numbers (fractions, -0, ±inf,
/// NaN, 1e17 and above: exponent notation), which `fmt_g17` formats.
#[inline]
pub(crate) fn int_g17(x: f64, buf: &mut [u8; INT_DIGITS]) -> Option<usize> {
    let i = x as i64;
    if i as f64 != x || !(-99_999_999_999_999_999..=99_999_999_999_999_999).contains(&i) {
        return None;
    }
    if i == 0 && x.is_sign_negative() {
        return None;
    }
    let mut v = i.unsigned_abs();
    let mut at = INT_DIGITS;
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    Some(at)
}

/// `redis.call` with an argument `inline_strings` does not take: integers (`SET k i`,
/// `INCRBY k 5`, `EXPIRE k 10`) are formatted on the stack, with no allocation, and passed
/// with the strings; other numbers, none or too many arguments, or a type to refuse go
/// through `call_checked`. The host check was made by the caller, as for strings.
#[inline(never)]
fn call_with_numbers(vm: &mut Vm, base: usize, n: usize, raise_error: bool) -> Result<Ret, Throw> {
    if n == 0 || n > INLINE_ARGS {
        return call_checked(vm, base, n, raise_error);
    }
    let mut digits = [[0u8; INT_DIGITS]; INLINE_ARGS];
    let mut starts = [0usize; INLINE_ARGS];
    for i in 0..n {
        match vm.slot(base + i) {
            Value::Str(_) => {}
            Value::Num(x) => match int_g17(x, &mut digits[i]) {
                Some(at) => starts[i] = at,
                None => return call_checked(vm, base, n, raise_error),
            },
            _ => return call_checked(vm, base, n, raise_error),
        }
    }
    let (reply, resp3) = {
        let Some((h, state)) = host_ref(vm) else {
            return Err(not_in_script(vm));
        };
        let heap = vm.heap();
        let mut argv: [&[u8]; INLINE_ARGS] = [&[]; INLINE_ARGS];
        for (i, a) in argv[..n].iter_mut().enumerate() {
            *a = match vm.slot(base + i) {
                Value::Str(r) => heap.str_bytes(r).unwrap_or(b""),
                _ => &digits[i][starts[i]..],
            };
        }
        (h.call(&argv[..n], state.resp3), state.resp3)
    };
    deliver(vm, reply, resp3, raise_error)
}

#[cold]
#[inline(never)]
fn not_in_script(vm: &mut Vm) -> Throw {
    raise(
        vm,
        "redis.call/pcall can only be called inside a script invocation",
    )
}

/// A reply other than an integer converted (`reply_to_lua`) and pushed, or raised.
fn push_reply(vm: &mut Vm, reply: &Reply, resp3: bool, raise_error: bool) -> Result<Ret, Throw> {
    let (v, is_err) = reply_to_lua(vm, reply, resp3)?;
    if is_err && raise_error {
        return Err(Throw::Value(v));
    }
    vm.push(v);
    Ok(Ret::Values(1))
}

/// `redis.call` with arguments `inline_strings` does not take: none, more than
/// `INLINE_ARGS`, numbers to format (`%.17g`), or a type to refuse.
#[cold]
#[inline(never)]
fn call_checked(vm: &mut Vm, base: usize, n: usize, raise_error: bool) -> Result<Ret, Throw> {
    let mut nums = Vec::new();
    if let Err(msg) = check_args(vm, base, n, &mut nums) {
        let e = error_table(vm, msg.as_bytes());
        if raise_error {
            return Err(Throw::Value(e));
        }
        vm.push(e);
        return Ok(Ret::Values(1));
    }
    let (h, state) = host_and_state(vm);
    let Some(h) = h else {
        return Err(not_in_script(vm));
    };
    let reply = h.call(&arg_slices(vm, base, n, &nums), state.resp3);
    push_reply(vm, &reply, state.resp3, raise_error)
}

/// The arguments' bytes into `argv` when there are 1..=INLINE_ARGS and all are strings;
/// false sends the call through `call_checked` (numbers to format, an error to raise).
#[inline(always)]
fn inline_strings<'a>(
    vm: &'a Vm,
    base: usize,
    n: usize,
    argv: &mut [&'a [u8]; INLINE_ARGS],
) -> bool {
    if n == 0 || n > INLINE_ARGS {
        return false;
    }
    // The heap's own lookup (`Vm::str_bytes` stays an out-of-line call here).
    let heap = vm.heap();
    for (i, a) in argv[..n].iter_mut().enumerate() {
        match vm.slot(base + i) {
            Value::Str(r) => *a = heap.str_bytes(r).unwrap_or(b""),
            _ => return false,
        }
    }
    true
}

fn call(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    generic_call(vm, base, n, true)
}

fn pcall(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    generic_call(vm, base, n, false)
}

/// `lua_gettop == 1 && lua_type == LUA_TSTRING`, else the returned (not raised) error table.
fn single_string(vm: &mut Vm, base: usize, n: usize) -> Result<Vec<u8>, Value> {
    if n != 1 || !matches!(vm.slot(base), Value::Str(_)) {
        return Err(error_table(vm, b"wrong number or type of arguments"));
    }
    Ok(vm.str_bytes(vm.slot(base)).unwrap_or(b"").to_vec())
}

fn error_reply(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = match single_string(vm, base, n) {
        Ok(s) => {
            let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
            let mut e = Vec::with_capacity(s.len() + 1);
            if s.first() != Some(&b'-') {
                e.push(b'-');
            }
            e.extend_from_slice(s);
            error_table(vm, &e)
        }
        Err(e) => e,
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

fn status_reply(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let v = match single_string(vm, base, n) {
        Ok(s) => {
            let t = vm.heap_mut().new_table(0, 1);
            let sv = vm.bytes_value(&s);
            vm.set_field(t, "ok", sv);
            Value::Table(t)
        }
        Err(e) => e,
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

fn sha1hex(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if n != 1 {
        return Err(raise(vm, "wrong number of arguments"));
    }
    let v = vm.slot(base);
    let mut h = sha1_smol::Sha1::new();
    match v {
        Value::Str(_) => {
            // Hashed in pieces that charge the budget: a 512 MB string stays killable and is
            // never copied.
            const PIECE: usize = 64 * 1024;
            let len = vm.str_bytes(v).map_or(0, |b| b.len());
            let mut at = 0;
            while at < len {
                let end = (at + PIECE).min(len);
                h.update(&vm.str_bytes(v).unwrap_or_default()[at..end]);
                vm.charge((end - at) as u64 / 64 + 1)?;
                at = end;
            }
        }
        Value::Num(x) => h.update(ferrous_vm::number::fmt_number(x).as_bytes()),
        _ => {}
    }
    let hex = h.digest().to_string();
    vm.push_str(hex.as_bytes());
    Ok(Ret::Values(1))
}

fn log(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if n < 2 {
        return Err(raise(vm, "redis.log() requires two arguments or more."));
    }
    let Some(level) = vm.to_number(vm.slot(base)) else {
        return Err(raise(vm, "First argument must be a number (log level)."));
    };
    let level = level as i32 as i64;
    if !(0..=3).contains(&level) {
        return Err(raise(vm, "Invalid debug level."));
    }
    let mut msg = Vec::new();
    for j in 1..n {
        let v = vm.slot(base + j);
        let s = match v {
            Value::Str(_) => vm.str_bytes(v).unwrap_or(b"").to_vec(),
            Value::Num(x) => ferrous_vm::number::fmt_number(x).into_bytes(),
            _ => continue,
        };
        if j != 1 {
            msg.push(b' ');
        }
        msg.extend_from_slice(&s);
    }
    if let Some(h) = host(vm) {
        h.log(level, &msg);
    }
    Ok(Ret::Values(0))
}

fn setresp(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    if !host(vm).is_some_and(|h| h.in_script()) {
        return Err(raise(
            vm,
            "redis.setresp can only be called inside a script invocation",
        ));
    }
    if n != 1 {
        return Err(raise(vm, "redis.setresp() requires one argument."));
    }
    let resp = vm.to_number(vm.slot(base)).unwrap_or(0.0) as i32;
    if resp != 2 && resp != 3 {
        return Err(raise(vm, "RESP version must be 2 or 3."));
    }
    let mut s = run_state(vm);
    s.resp3 = resp == 3;
    set_run_state(vm, s);
    Ok(Ret::Values(0))
}

fn set_repl(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let Some(h) = host(vm).filter(|h| h.in_script()) else {
        return Err(raise(
            vm,
            "redis.set_repl can only be called inside a script invocation",
        ));
    };
    if n != 1 {
        return Err(raise(vm, "redis.set_repl() requires two arguments."));
    }
    let flags = vm.to_number(vm.slot(base)).unwrap_or(0.0) as i32 as i64;
    if flags & !3 != 0 {
        return Err(raise(
            vm,
            "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
        ));
    }
    h.set_repl(flags);
    Ok(Ret::Values(0))
}

fn replicate_commands(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    vm.push(Value::Bool(true));
    Ok(Ret::Values(1))
}

/// eval.c `luaRedisBreakpointCommand`: true (and a stop at the next line) in a session.
fn breakpoint(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let on = host(vm).is_some_and(|h| h.breakpoint());
    vm.push(Value::Bool(on));
    Ok(Ret::Values(1))
}

/// eval.c `luaRedisDebugCommand`: `<debug> line N: v1, v2` in a session's log.
fn debug(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let Some(h) = host(vm).filter(|h| h.debugging()) else {
        return Ok(Ret::Values(0));
    };
    let line = vm.debug_levels().first().map_or(0, |l| l.line);
    let mut s = format!("<debug> line {line}: ").into_bytes();
    for i in 0..n {
        let v = vm.stack()[base + i];
        super::ldb_value::cat_value(vm, &mut s, v);
        if i + 1 != n {
            s.extend_from_slice(b", ");
        }
    }
    h.debug_log(s);
    Ok(Ret::Values(0))
}

fn acl_check_cmd(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let Some(h) = host(vm).filter(|h| h.in_script()) else {
        return Err(raise(
            vm,
            "redis.acl_check_cmd can only be called inside a script invocation",
        ));
    };
    let argv = match argv_of(vm, base, n) {
        Ok(a) => a,
        Err(msg) => return Err(raise(vm, msg)),
    };
    match h.acl_check(&argv) {
        Ok(b) => {
            vm.push(Value::Bool(b));
            Ok(Ret::Values(1))
        }
        Err(msg) => Err(raise(vm, &msg)),
    }
}

/// Redis's replacement of the global `pcall` (`luaRedisPcall`): an error object that is a
/// table with a string `err` field is returned as that string.
pub fn redis_pcall(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    Args::new(base, n).check_any(vm, 0)?;
    Ok(Ret::Call {
        func: base,
        nargs: n - 1,
        cont: Box::new(RedisPcallCont),
    })
}

struct RedisPcallCont;

impl ferrous_vm::Cont for RedisPcallCont {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        match r {
            Ok((b, n)) => {
                vm.insert_slot(b, Value::Bool(true));
                Ok(Ret::Values(n + 1))
            }
            Err(mut e) => {
                if let Value::Table(t) = e {
                    let k = vm.str("err");
                    let f = vm.heap().table(t).map(|t| t.get(k)).unwrap_or(Value::Nil);
                    if matches!(f, Value::Str(_) | Value::Num(_)) {
                        e = f;
                    }
                }
                vm.push(Value::Bool(false));
                vm.push(e);
                Ok(Ret::Values(2))
            }
        }
    }
    fn protected(&self) -> bool {
        true
    }
}
