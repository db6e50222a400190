//! A debugging session: the suspended script, its breakpoints and log, and the legs that
//! resume it (eval.c `ldbStartSession`, `luaLdbLineHook`, `ldbEndSession`).
//!
//! Each debugger command that runs the script (`step`, `continue`) is one leg: the VM resumes
//! until the line hook stops it again or the script ends. A stop answers the command with the
//! log lines as an array of status strings (`ldbSendLogs`); the end answers with the log and
//! `<endsession>`, then the script's reply as a second reply, which `redis-cli` reads next.

use super::{Mode, STEP_LOG};
use crate::commands::eval::{check_reply, numkeys, prepare, reply_result, set_keys_argv};
use crate::engine::{self, STATS, bump};
use crate::ffi::{self, Ctx};
use crate::run::{self, HOOK_INSTRUCTIONS, RunCtx};
use ferrous_stdlib::redis::convert::Sink;
use ferrous_stdlib::redis::{RunState, set_run_state};
use ferrous_vm::exec::debug::Run;
use ferrous_vm::{LuaError, Throw, Value, Vm};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

/// eval.c LDB_BREAKPOINTS_MAX.
pub const MAX_BREAKPOINTS: usize = 64;
/// eval.c LDB_MAX_LEN_DEFAULT.
pub const MAXLEN_DEFAULT: usize = 256;

/// Which VM the session's script runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Eval,
    Function,
}

pub struct Session {
    pub client: u64,
    pub mode: Mode,
    pub target: Target,
    /// The source, split into lines (trailing newlines dropped first).
    pub src: Vec<Vec<u8>>,
    /// The chunk name's part the line hook stops in (`user_script`, `user_function`).
    pub chunk: &'static str,
    pub bps: Vec<i64>,
    pub step: bool,
    /// `redis.breakpoint()` was called: stop at the next line.
    pub luabp: bool,
    pub currentline: i64,
    pub maxlen: usize,
    pub hint_sent: bool,
    pub logs: Vec<Vec<u8>>,
    /// The script's name in error replies (its sha, or the function's name).
    pub name: Rc<str>,
    /// The debugger's `eval`/`redis` is running: no stops.
    pub in_eval: bool,
    /// The busy threshold passed while running without stops.
    pub timeout: bool,
    pub leg_start: Instant,
    pub threshold_ms: i64,
    /// An FCALL session's copy of the library's functions (released at the end).
    pub functions: Vec<crate::functions::library::Func>,
    /// Function breakpoints of an FCALL session: (name, function).
    pub fn_bps: Vec<(String, Value)>,
}

thread_local! {
    pub static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Applies `f` to the open session.
pub fn with<R>(f: impl FnOnce(&mut Session) -> R) -> Option<R> {
    SESSION.with(|s| s.borrow_mut().as_mut().map(f))
}

/// Whether `client` is the one debugging.
pub fn is_session_client(client: u64) -> bool {
    with(|s| s.client == client).unwrap_or(false)
}

pub fn log(line: Vec<u8>) {
    with(|s| s.logs.push(line));
}

/// `ldbLogWithMaxLen`.
pub fn log_trimmed(mut line: Vec<u8>) {
    with(|s| {
        let cut = super::render::trim(&mut line, s.maxlen);
        s.logs.push(line);
        if cut && !s.hint_sent {
            s.hint_sent = true;
            s.logs.push(super::render::HINT.to_vec());
        }
    });
}

/// `ldbGetSourceLine`.
pub fn source_line(s: &Session, line: i64) -> Vec<u8> {
    match usize::try_from(line - 1).ok().and_then(|i| s.src.get(i)) {
        Some(l) => l.clone(),
        None => b"<out of range source code line>".to_vec(),
    }
}

/// `ldbLogSourceLine`: `-> 3   code`, with `#` for a breakpoint.
pub fn log_source_line(s: &mut Session, line: i64) {
    let bp = s.bps.contains(&line);
    let current = s.currentline == line;
    let prefix = match (current, bp) {
        (true, true) => "->#",
        (true, false) => "-> ",
        (false, true) => "  #",
        (false, false) => "   ",
    };
    let mut l = format!("{prefix}{line:<3} ").into_bytes();
    l.extend_from_slice(&source_line(s, line));
    s.logs.push(l);
}

/// `ldbSendLogs`: the log as an array of status strings (CR and LF shown as spaces).
pub fn send_logs(out: &mut dyn Sink, logs: Vec<Vec<u8>>) {
    out.array(logs.len());
    for mut l in logs {
        for c in l.iter_mut() {
            if *c == b'\r' || *c == b'\n' {
                *c = b' ';
            }
        }
        out.status(&l);
    }
}

/// Sends and clears the session's log.
pub fn flush_logs(out: &mut dyn Sink) {
    let logs = with(|s| std::mem::take(&mut s.logs)).unwrap_or_default();
    send_logs(out, logs);
}

/// Runs `f` with the VM of the session's script.
pub fn with_vm<R>(target: Target, f: impl FnOnce(&mut Vm) -> R) -> R {
    match target {
        Target::Eval => engine::with_engine(|eng| f(&mut eng.vm)),
        Target::Function => crate::functions::with_vm(f),
    }
}

/// The busy threshold a stop for `timeout reached` waits (eval.c: busy-reply-threshold, 5000
/// ms when it is 0).
fn threshold_ms() -> i64 {
    let own = crate::config::busy_threshold();
    let t = if own >= 0 {
        own
    } else {
        crate::config::server_busy_threshold()
    };
    if t > 0 { t } else { 5000 }
}

/// EVAL with debugging on (eval.c `evalGenericCommandWithDebugging`).
/// A session that ends before its script starts: `<endsession>` and the error.
pub fn fail(ctx: Ctx, out: &mut dyn Sink, e: &[u8]) {
    send_logs(out, vec![b"<endsession>".to_vec()]);
    out.error(e);
    super::set_mode(ctx, None);
}

pub fn start_eval(ctx: Ctx, argv: &[&[u8]], ro: bool, mode: Mode, out: &mut dyn Sink) {
    let fail = |out: &mut dyn Sink, e: &[u8]| fail(ctx, out, e);
    if with(|_| ()).is_some() {
        return fail(out, b"ERR a Lua debugging session is already open");
    }
    let nkeys = match numkeys(argv, "ERR value is not an integer or out of range") {
        Ok(n) => n,
        Err(e) => return fail(out, e.as_bytes()),
    };
    engine::with_engine(|eng| {
        let sha = engine::sha1_hex(argv[1]);
        // The script enters the cache as the built-in's luaCreateFunction does.
        if let Err(e) = eng.create(&sha, argv[1]) {
            return fail(out, &e);
        }
        let flags = eng.scripts[sha.as_bytes()].flags;
        let skip = crate::shebang::eval_shebang(argv[1]).map_or(0, |(_, k)| k);
        let cflags = ffi::context_flags(ctx);
        if let Err(e) = prepare(ctx, cflags, ffi::must_obey(ctx, cflags), flags, ro) {
            return fail(out, e.as_bytes());
        }
        set_keys_argv(eng, &argv[3..], nkeys);
        let vm = &mut eng.vm;
        let src = engine::chunk_source(&argv[1][skip..]);
        let func = match vm.load_debug(&src, "@user_script") {
            Ok(f) => f,
            Err(e) => {
                let mut m = b"ERR Error compiling script (new function): ".to_vec();
                m.extend_from_slice(&e.message_bytes());
                return fail(out, &m);
            }
        };
        let name: Rc<str> = sha.as_str().into();
        open(
            ctx,
            mode,
            Target::Eval,
            argv[1],
            "user_script",
            name.clone(),
        );
        let rc = RunCtx::new(ctx, name, flags, ro, cflags);
        run::begin(rc, true, ffi::must_obey(ctx, cflags));
        set_run_state(vm, RunState::default());
        arm(vm);
        let r = vm.start_run(func, &[]);
        after_leg(vm, r, out);
    })
}

/// Opens the session (eval.c `ldbEnable` + `ldbStartSession`).
pub fn open(
    ctx: Ctx,
    mode: Mode,
    target: Target,
    source: &[u8],
    chunk: &'static str,
    name: Rc<str>,
) {
    let mut body = source;
    while let Some((&last, rest)) = body.split_last() {
        if last != b'\n' && last != b'\r' {
            break;
        }
        body = rest;
    }
    let src = if body.is_empty() {
        Vec::new()
    } else {
        body.split(|&c| c == b'\n').map(|l| l.to_vec()).collect()
    };
    // A YES session's child runs this too (fork.rs), as the built-in's child runs its session.
    ffi::log(
        ctx,
        "warning",
        b"Redis synchronous debugging eval session started",
    );
    SESSION.with(|s| {
        *s.borrow_mut() = Some(Session {
            client: ffi::client_id(ctx),
            mode,
            target,
            src,
            chunk,
            bps: Vec::new(),
            step: true,
            luabp: false,
            currentline: 0,
            maxlen: MAXLEN_DEFAULT,
            hint_sent: false,
            logs: Vec::new(),
            name,
            in_eval: false,
            timeout: false,
            leg_start: Instant::now(),
            threshold_ms: threshold_ms(),
            functions: Vec::new(),
            fn_bps: Vec::new(),
        })
    });
    super::set_open(true);
    STEP_LOG.store(true, Relaxed);
}

pub fn arm(vm: &mut Vm) {
    vm.set_line_hook(Some(line_hook));
    vm.set_hook(Some(budget_hook));
    vm.set_budget(HOOK_INSTRUCTIONS);
}

fn disarm(vm: &mut Vm) {
    vm.set_line_hook(None);
    vm.set_hook(None);
    vm.set_budget(i64::MAX);
}

/// After a leg: a stop answers with the log; the end closes the session.
pub fn after_leg(vm: &mut Vm, r: Result<Run, LuaError>, out: &mut dyn Sink) {
    disarm(vm);
    match r {
        Ok(Run::Suspended) => flush_logs(out),
        Ok(Run::Done(vals)) => {
            let v = vals.first().copied().unwrap_or(Value::Nil);
            let checked = check_reply(vm, v);
            finish(vm, Ok((v, checked)), out);
        }
        Err(e) => finish(vm, Err(e), out),
    }
}

/// eval.c `ldbEndSession`: the log with `<endsession>`, then the script's reply.
fn finish(
    vm: &mut Vm,
    r: Result<
        (
            Value,
            Result<(), ferrous_stdlib::redis::convert::ReplyTooLarge>,
        ),
        LuaError,
    >,
    out: &mut dyn Sink,
) {
    let s = SESSION.with(|s| s.borrow_mut().take());
    super::set_open(false);
    STEP_LOG.store(false, Relaxed);
    let Some(s) = s else { return };
    crate::functions::release(vm, &s.functions);
    let mut logs = s.logs;
    logs.push(b"<endsession>".to_vec());
    send_logs(out, logs);
    reply_result(vm, r, &s.name, out);
    let ctx = run::RUN.with(|r| r.borrow().as_ref().map(|rc| rc.ctx));
    end_run(ctx.unwrap_or(std::ptr::null_mut()), s.client);
}

/// The run state ends; the client's debug mode too (the built-in closes its connection).
fn end_run(ctx: Ctx, client: u64) {
    run::finish();
    super::forget_client(client);
    ffi::log(
        ctx,
        "warning",
        b"Redis synchronous debugging eval session ended",
    );
}

/// Resumes the script for `step` (true) or `continue`.
pub fn resume(ctx: Ctx, step: bool, out: &mut dyn Sink) {
    let Some(target) = with(|s| {
        s.step = step;
        s.timeout = false;
        s.leg_start = Instant::now();
        s.target
    }) else {
        return;
    };
    STEP_LOG.store(step, Relaxed);
    run::set_ctx(ctx);
    with_vm(target, |vm| {
        arm(vm);
        let r = vm.resume_run();
        after_leg(vm, r, out);
    })
}

/// `abort`: the script ends with the built-in's error (writes so far stay).
pub fn abort(ctx: Ctx, out: &mut dyn Sink) {
    let Some(target) = with(|s| s.target) else {
        return;
    };
    run::set_ctx(ctx);
    with_vm(target, |vm| {
        let e = vm.abort_run("ERR script aborted for user request");
        finish(vm, Err(e), out);
    })
}

/// The debugging client went away: the script is aborted without a reply.
pub fn client_gone(ctx: Ctx, id: u64) {
    if !is_session_client(id) {
        return;
    }
    let Some(s) = SESSION.with(|s| s.borrow_mut().take()) else {
        return;
    };
    super::set_open(false);
    STEP_LOG.store(false, Relaxed);
    run::set_ctx(ctx);
    with_vm(s.target, |vm| {
        let _ = vm.abort_run("ERR script aborted: the debugging client disconnected");
        crate::functions::release(vm, &s.functions);
    });
    bump(&STATS.calls);
    end_run(ctx, id);
}

/// eval.c `luaLdbLineHook`: stop at a breakpoint, after `redis.breakpoint()`, when
/// stepping, or when the busy threshold passed; the stop's log lines.
fn line_hook(vm: &mut Vm, _loop_target: bool) -> bool {
    let Some(level) = vm.debug_levels().into_iter().next() else {
        return false;
    };
    let stop = with(|s| {
        if s.in_eval || !level.source.contains(s.chunk) {
            return false;
        }
        s.currentline = level.line as i64;
        let fn_bp = level.entry
            && s.fn_bps
                .iter()
                .any(|(_, f)| f.identity() == level.func.identity());
        let bp = s.bps.contains(&s.currentline) || s.luabp || fn_bp;
        let timeout = s.timeout && !s.step && !bp;
        if !(s.step || bp || timeout) {
            return false;
        }
        let reason = if bp {
            if s.luabp {
                "redis.breakpoint() called"
            } else {
                "break point"
            }
        } else if timeout {
            "timeout reached, infinite loop?"
        } else {
            "step over"
        };
        s.step = false;
        s.luabp = false;
        s.timeout = false;
        let line = s.currentline;
        s.logs
            .push(format!("* Stopped at {line}, stop reason = {reason}").into_bytes());
        log_source_line(s, line);
        true
    })
    .unwrap_or(false);
    if stop {
        STEP_LOG.store(false, Relaxed);
    }
    stop
}

/// The budget hook of a session's legs: notes the busy threshold passing (the next line
/// stops with `timeout reached`); the debugger's own `eval` is stopped with an error there
/// instead (the built-in would wait forever).
fn budget_hook(vm: &mut Vm) -> Result<(), Throw> {
    vm.set_budget(HOOK_INSTRUCTIONS);
    with(|s| {
        let late = s.leg_start.elapsed().as_millis() as i64 >= s.threshold_ms;
        if s.in_eval {
            if late {
                return Err(Throw::msg(
                    "the debugger's eval ran past the busy threshold",
                ));
            }
        } else if late && !s.step {
            s.timeout = true;
        }
        Ok(())
    })
    .unwrap_or(Ok(()))
}

/// Runs `f(args)` on top of the suspended script (the debugger's `eval` and `redis`), with
/// stops off and the eval's time bounded.
pub fn call_on_top(vm: &mut Vm, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
    with(|s| {
        s.in_eval = true;
        s.leg_start = Instant::now();
    });
    vm.set_hook(Some(budget_hook));
    vm.set_budget(HOOK_INSTRUCTIONS);
    let r = vm.call_while_suspended(f, args);
    disarm(vm);
    with(|s| s.in_eval = false);
    r
}
