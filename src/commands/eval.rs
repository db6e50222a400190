//! EVAL, EVALSHA, EVAL_RO, EVALSHA_RO (eval.c `evalGenericCommand`, script.c
//! `scriptPrepareForRun`, script_lua.c `luaCallFunction`).

use super::{parse_ll, wrong_arity};
use crate::engine::{self, ArgUse, STATS, bump};
use crate::ffi::{self, Ctx, Replier};
use crate::last_script::Found;
use crate::run::{self, HOOK_INSTRUCTIONS, RunCtx};
use crate::vm_memory;
use ferrous_stdlib::redis::convert::{
    REPLY_LIMIT_WITHOUT_MEMORY_LIMIT, ReplyTooLarge, Sink, check_reply_size, lua_to_reply,
};
use ferrous_stdlib::redis::flags::Flags;
use ferrous_stdlib::redis::{RunState, run_state, set_run_state};
use ferrous_vm::{LuaError, Throw, Value, Vm};
use redis_module::raw;

pub fn eval(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, false, false)
}
pub fn evalsha(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, true, false)
}
pub fn eval_ro(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, false, true)
}
pub fn evalsha_ro(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, true, true)
}

/// `COMMAND GETKEYS` / ACL / cluster key extraction: keys are `argv[3..3+numkeys]`.
pub fn report_keys(ctx: Ctx, argv: &[&[u8]], numkeys_at: usize) {
    if let Some(n) = argv.get(numkeys_at).and_then(|b| parse_ll(b)) {
        let first = numkeys_at + 1;
        if n > 0 && (n as usize) <= argv.len() - first {
            for i in 0..n as usize {
                ffi::key_at_pos(ctx, first + i);
            }
        }
    }
}

/// Parses numkeys at `argv[2]`; `not_integer` is the command's parse error (EVAL's
/// `ERR value is not an integer or out of range`, FCALL's `ERR Bad number of keys provided`).
pub fn numkeys(argv: &[&[u8]], not_integer: &'static str) -> Result<usize, &'static str> {
    let Some(n) = parse_ll(argv[2]) else {
        return Err(not_integer);
    };
    if n > (argv.len() - 3) as i64 {
        return Err("ERR Number of keys can't be greater than number of args");
    }
    if n < 0 {
        return Err("ERR Number of keys can't be negative");
    }
    Ok(n as usize)
}

fn generic(ctx: Ctx, argv: &[&[u8]], evalsha: bool, ro: bool) {
    let mut out = Replier(ctx);
    if ffi::is_keys_position_request(ctx)
        || crate::ldb::fork::is_session_client(ctx)
        || argv.len() < 3
        || (evalsha && argv[1].len() != 40)
        || crate::ldb::mode_of(ctx).is_some()
    {
        return not_a_plain_run(ctx, argv, evalsha, ro, &mut out);
    }
    let nkeys = match numkeys(argv, "ERR value is not an integer or out of range") {
        Ok(n) => n,
        Err(e) => return out.error_str(e),
    };
    engine::with_engine(|eng| {
        let found = if evalsha {
            eng.last_sha.get(argv[1]).or_else(|| by_sha(eng, argv[1]))
        } else {
            eng.last_body.get(argv[1]).or_else(|| by_body(eng, argv[1]))
        };
        let Found {
            sha,
            func,
            flags,
            args,
        } = match found {
            Some(f) => f,
            None if evalsha => {
                return out.error_str("NOSCRIPT No matching script. Please use EVAL.");
            }
            None => match compile(ctx, eng, argv[1]) {
                Ok(f) => f,
                Err(e) => return out.error(&e),
            },
        };
        let cflags = crate::ctx_flags::for_script(ctx);
        let from_master = ffi::must_obey(ctx, cflags);
        if let Err(e) = prepare(ctx, cflags, from_master, flags, ro) {
            return out.error_str(&e);
        }
        set_args(eng, &argv[3..], nkeys, args);
        let vm = &mut eng.vm;
        let rc = RunCtx::new(ctx, sha, flags, ro, cflags);
        run_script(vm, func, &[], rc, true, from_master, &mut out);
    });
}

/// EVALSHA's script when it is not the last one EVALSHA ran (remembered for the next).
#[inline(never)]
fn by_sha(eng: &mut engine::Engine, arg: &[u8]) -> Option<Found> {
    let mut lower = [0u8; 40];
    lower.copy_from_slice(arg);
    lower.make_ascii_lowercase();
    let s = eng.scripts.get(&lower[..])?;
    let f = Found {
        sha: s.sha.clone(),
        func: s.func,
        flags: s.flags,
        args: s.args,
    };
    eng.last_sha.set(arg, f.clone());
    Some(f)
}

/// EVAL's script by its body when it is not the last one EVAL ran (remembered for the next).
#[inline(never)]
fn by_body(eng: &mut engine::Engine, body: &[u8]) -> Option<Found> {
    let (k, (sha, func, flags, args)) = eng.by_body.get_key_value(body)?;
    let f = Found {
        sha: sha.clone(),
        func: *func,
        flags: *flags,
        args: *args,
    };
    eng.last_body.set(k.clone(), f.clone());
    Some(f)
}

/// A body EVAL has not seen: its SHA1, compiled and cached.
#[cold]
#[inline(never)]
fn compile(ctx: Ctx, eng: &mut engine::Engine, body: &[u8]) -> Result<Found, Vec<u8>> {
    let sha = engine::sha1_hex(body);
    create_killable(ctx, eng, &sha, body)?;
    if let Some(f) = by_body(eng, body) {
        return Ok(f);
    }
    // The sha was cached without this body (`create` keeps the first script of a sha).
    let s = &eng.scripts[sha.as_bytes()];
    Ok(Found {
        sha: s.sha.clone(),
        func: s.func,
        flags: s.flags,
        args: s.args,
    })
}

/// The command's rare cases, out of line (one request runs more code than the instruction
/// cache holds, so the common path stays small): a keys request, the debugger's `eval` in
/// a forked session, an arity error, a sha of the wrong length, a debugging session to
/// start.
#[cold]
#[inline(never)]
fn not_a_plain_run(ctx: Ctx, argv: &[&[u8]], evalsha: bool, ro: bool, out: &mut Replier) {
    if ffi::is_keys_position_request(ctx) {
        return report_keys(ctx, argv, 2);
    }
    if crate::ldb::fork::is_session_client(ctx) {
        // The debugger's `eval <code>` in a forked session (fork.rs).
        let mut args = vec![&b"eval"[..]];
        args.extend_from_slice(&argv[1..]);
        return crate::ldb::fork::relay(ctx, &args, out);
    }
    let name = match (evalsha, ro) {
        (false, false) => "eval",
        (true, false) => "evalsha",
        (false, true) => "eval_ro",
        (true, true) => "evalsha_ro",
    };
    if argv.len() < 3 {
        return wrong_arity(out, name);
    }
    if evalsha && argv[1].len() != 40 {
        return out.error_str("NOSCRIPT No matching script. Please use EVAL.");
    }
    if let Some(mode) = crate::ldb::mode_of(ctx) {
        if evalsha {
            return out.error_str("ERR Please use EVAL instead of EVALSHA for debugging");
        }
        if mode == crate::ldb::Mode::Yes {
            let start: crate::ldb::fork::Starter = crate::ldb::session::start_eval;
            return crate::ldb::fork::start(ctx, argv, ro, start, out);
        }
        crate::ldb::session::start_eval(ctx, argv, ro, mode, out);
    }
}

/// Compiles a new EVAL body as a run of its own: a huge body compiles for a while (the
/// compiler pays the budget), so the hook makes it busy-aware and SCRIPT KILL stops it.
fn create_killable(
    ctx: Ctx,
    eng: &mut engine::Engine,
    sha: &str,
    body: &[u8],
) -> Result<(), Vec<u8>> {
    let cflags = ffi::context_flags(ctx);
    let from_master = ffi::must_obey(ctx, cflags);
    let rc = RunCtx::new(ctx, sha.into(), Flags::default(), false, cflags);
    run::begin(rc, true, from_master);
    let guard = RunGuard;
    eng.vm.set_budget(HOOK_INSTRUCTIONS);
    eng.vm.set_hook(Some(run::hook));
    let r = eng.create(sha, body);
    eng.vm.set_hook(None);
    eng.vm.set_budget(i64::MAX);
    drop(guard);
    r
}

/// The script's limits, then KEYS and ARGV from `rest` (the arguments after numkeys): raw
/// sets into the read-only _G (Redis lifts the protection for these two), with the names
/// interned once (Engine::new), both stored with one lookup of _G. For the debugger's runs
/// (any code may be evaluated there).
pub fn set_keys_argv(eng: &mut engine::Engine, rest: &[&[u8]], nkeys: usize) {
    set_args(eng, rest, nkeys, ArgUse::BOTH)
}

/// `set_keys_argv` for a script that reaches only the globals in `uses`
/// (`engine::arg_use`): each of KEYS and ARGV it can reach is a fresh table, as in every
/// run of the built-in; one it cannot reach is not made (a script that cannot name it
/// cannot tell), and is cleared if it still holds an earlier run's table.
pub fn set_args(eng: &mut engine::Engine, rest: &[&[u8]], nkeys: usize, uses: ArgUse) {
    let vm = &mut eng.vm;
    engine::apply_limits(vm);
    let held = eng.args_held;
    let mut kv = [(eng.keys_name, Value::Nil), (eng.argv_name, Value::Nil)];
    let mut n = 0;
    if uses.keys {
        let t = vm
            .heap_mut()
            .new_string_array_hinted(&rest[..nkeys], &mut eng.key_hints);
        kv[n].1 = Value::Table(t);
        n += 1;
    } else if held.keys {
        n += 1;
    }
    if uses.argv || held.argv {
        kv[n] = (eng.argv_name, Value::Nil);
        if uses.argv {
            let t = vm
                .heap_mut()
                .new_string_array_hinted(&rest[nkeys..], &mut eng.argv_hints);
            kv[n].1 = Value::Table(t);
        }
        n += 1;
    }
    eng.args_held = uses;
    if n > 0 {
        let _ = vm.raw_set_strs_force(vm.globals(), &kv[..n]);
    }
}

/// The script's arguments as a Lua array (luaCreateArray): a fresh table per run.
#[inline]
pub fn array(vm: &mut Vm, items: &[&[u8]]) -> Value {
    Value::Table(vm.heap_mut().new_string_array(items))
}

/// The checks processCommand makes from a shebang script's flags, then scriptPrepareForRun's.
/// `from_master`: `ffi::must_obey(ctx, cflags)`.
pub fn prepare(
    ctx: Ctx,
    cflags: u32,
    from_master: bool,
    flags: Flags,
    ro: bool,
) -> Result<(), String> {
    crate::cluster::set_allow_cross_slot(
        flags.contains(Flags::COMPAT) || flags.contains(Flags::ALLOW_CROSS_SLOT),
    );
    let replica = cflags & raw::REDISMODULE_CTX_FLAGS_SLAVE != 0;
    let stale = replica && cflags & raw::REDISMODULE_CTX_FLAGS_REPLICA_IS_STALE != 0;
    let running_stale = stale && !crate::config::serve_stale_data();
    if flags.contains(Flags::COMPAT) {
        if running_stale {
            return Err(
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."
                    .into(),
            );
        }
        return Ok(());
    }
    let oom = cflags & raw::REDISMODULE_CTX_FLAGS_OOM != 0
        && cflags & raw::REDISMODULE_CTX_FLAGS_MAXMEMORY != 0;
    let write = !flags.contains(Flags::NO_WRITES);
    if oom
        && !(flags.contains(Flags::ALLOW_OOM) || flags.contains(Flags::NO_WRITES))
        && !from_master
    {
        return Err("OOM command not allowed when used memory > 'maxmemory'.".into());
    }
    if write && replica && cflags & raw::REDISMODULE_CTX_FLAGS_READONLY != 0 && !from_master {
        return Err("READONLY You can't write against a read only replica.".into());
    }
    if running_stale && !flags.contains(Flags::ALLOW_STALE) {
        return Err(
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."
                .into(),
        );
    }
    if flags.contains(Flags::NO_CLUSTER) && cflags & raw::REDISMODULE_CTX_FLAGS_CLUSTER != 0 {
        return Err("ERR Can not run script on cluster, 'no-cluster' flag is set.".into());
    }
    if write && ro {
        return Err("ERR Can not execute a script with write flag using *_ro command.".into());
    }
    if write
        && !replica
        && crate::config::min_replicas_to_write() > 0
        && not_enough_good_replicas(ctx)
    {
        return Err("NOREPLICAS Not enough good replicas to write.".into());
    }
    Ok(())
}

/// `min-replicas-to-write` (with `min-replicas-max-lag`) is set and fewer good replicas are
/// connected. The setting is cached (`config::refresh_server`); the count changes with
/// replicas' lag on the server's cron, so it is read (INFO) only when the setting is on
/// (`prepare` tests that inline: this stays off the usual run's path).
#[cold]
#[inline(never)]
fn not_enough_good_replicas(ctx: Ctx) -> bool {
    use ferrous_stdlib::redis::Reply;
    let need = crate::config::min_replicas_to_write();
    if need <= 0 {
        return false;
    }
    let Reply::Bulk(info) = ffi::call(ctx, &[b"INFO".to_vec(), b"replication".to_vec()], b"E")
    else {
        return false;
    };
    let info = String::from_utf8_lossy(&info);
    let Some(good) = info
        .lines()
        .find_map(|l| l.strip_prefix("min_slaves_good_slaves:"))
        .and_then(|v| v.trim().parse::<i64>().ok())
    else {
        return false;
    };
    good < need
}

/// Ends the run state even when the call unwinds.
struct RunGuard;
impl Drop for RunGuard {
    fn drop(&mut self) {
        run::finish();
    }
}

/// Calls `func(args)` as a script run and writes its reply (luaCallFunction).
pub fn run_script(
    vm: &mut Vm,
    func: Value,
    args: &[Value],
    rc: RunCtx,
    eval_mode: bool,
    from_master: bool,
    out: &mut Replier,
) {
    let name = rc.name.clone();
    run::begin(rc, eval_mode, from_master);
    let guard = RunGuard;
    set_run_state(vm, RunState::default());
    vm.set_budget(HOOK_INSTRUCTIONS);
    vm.set_hook(Some(run::hook));
    let heap_before = vm.heap().bytes;
    vm_memory::before_script(vm);
    // The reply is checked while the hook still runs: the size check of a large reply
    // charges the budget, so it stays busy-aware and killable.
    let r = vm.call_first(func, args).map(|v| (v, check_reply(vm, v)));
    vm.set_hook(None);
    vm.set_budget(i64::MAX);
    drop(guard);
    reply_result(vm, r, &name, out);
    vm_memory::after_script(out.0, vm, heap_before);
}

/// The script's reply, or its error reply, from how its run ended (also the debugger's
/// final reply).
pub fn reply_result(
    vm: &mut Vm,
    r: Result<(Value, Result<(), ReplyTooLarge>), LuaError>,
    name: &str,
    out: &mut dyn Sink,
) {
    bump(&STATS.calls);
    match r {
        Ok((v, Ok(()))) => {
            let resp3 = run_state(vm).resp3;
            lua_to_reply(vm, v, resp3, out);
        }
        r => reply_failure(vm, r, name, out),
    }
}

/// `reply_result` for a run that failed or whose reply is too large (out of line: the
/// common reply's path stays small).
#[cold]
#[inline(never)]
fn reply_failure(
    vm: &mut Vm,
    r: Result<(Value, Result<(), ReplyTooLarge>), LuaError>,
    name: &str,
    out: &mut dyn Sink,
) {
    match r {
        Ok((_, Ok(()))) => {} // reply_result writes these
        Ok((_, Err(stop))) => {
            let text = match stop {
                ReplyTooLarge::Exceeds { limit } => format!(
                    "ERR Script reply exceeds {limit} bytes (a table returned through shared or cyclic references?); the limit is ferrous.memory-limit"
                )
                .into_bytes(),
                ReplyTooLarge::Stopped(Throw::Uncatchable(m)) => {
                    bump(&STATS.kills);
                    m.into_bytes()
                }
                // The hook raises only the kill error; anything else is still an error reply.
                ReplyTooLarge::Stopped(_) => b"ERR Script stopped while writing its reply".to_vec(),
            };
            bump(&STATS.errors);
            out.error(&text);
        }
        Err(e) => {
            bump(&STATS.errors);
            if e.uncatchable {
                bump(&STATS.kills);
            }
            let text = error_text(vm, &e, name);
            out.error(&text);
        }
    }
}

/// Bounds the reply to a value (see `convert::reply_size`): the VM's memory limit, or
/// Redis's default `proto-max-bulk-len` when it has none. Scalars cannot expand.
pub(crate) fn check_reply(vm: &mut Vm, v: Value) -> Result<(), ReplyTooLarge> {
    if !matches!(v, Value::Table(_)) {
        return Ok(());
    }
    let limit = match vm.memory_limit() {
        0 => REPLY_LIMIT_WITHOUT_MEMORY_LIMIT,
        l => l,
    };
    check_reply_size(vm, v, limit)
}

/// The error reply for a script error: Redis's error handler turns the error into
/// `{err=...}` (tables kept as they are) and the reply is `<err> script: <name>, on
/// <source>:<line>.`.
pub fn error_text(vm: &mut Vm, e: &LuaError, name: &str) -> Vec<u8> {
    let msg: Option<Vec<u8>> = if e.uncatchable {
        Some(e.message.as_bytes().to_vec())
    } else {
        match e.value {
            Value::Table(t) => {
                let k = vm.str("err");
                let f = vm.heap().table(t).map(|t| t.get(k)).unwrap_or(Value::Nil);
                match f {
                    Value::Str(_) | Value::Num(_) => Some(vm.tostring_basic(f)),
                    _ => None,
                }
            }
            v => {
                let mut m = b"ERR ".to_vec();
                m.extend_from_slice(&vm.tostring_basic(v));
                Some(m)
            }
        }
    };
    let Some(mut msg) = msg else {
        // Redis 7.0 crashes here (NULL message); Ferrous answers instead.
        return format!(
            "ERR Error running script {name}, the error object is neither a string nor a table with a string 'err' field"
        )
        .into_bytes();
    };
    // luaExtractErrorInformation copies the message with sdsnew (strlen): a NUL ends it
    // before the location is appended.
    if let Some(z) = msg.iter().position(|&c| c == 0) {
        msg.truncate(z);
    }
    if let (Some(src), Some(line)) = (&e.source, e.line) {
        msg.extend_from_slice(format!(" script: {name}, on {src}:{line}.").as_bytes());
    }
    msg
}
