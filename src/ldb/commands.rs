//! `FERROUS.LDB`: the commands the filter hands over while a session is open. The session's
//! client gets the debugger (eval.c `ldbRepl`); every other client a BUSY error.

use super::STEP_LOG;
use super::session::{self, MAX_BREAKPOINTS, Session, log_source_line};
use crate::ffi::{self, Ctx, Replier};
use ferrous_stdlib::redis::convert::Sink;
use ferrous_stdlib::redis::ldb_value::cat_value;
use ferrous_vm::{Value, Vm};
use std::sync::atomic::Ordering::Relaxed;

/// What other clients get while a session is open (the built-in's synchronous session
/// blocks the whole server instead).
pub const BUSY: &str = "BUSY Redis is busy running a script under the Lua debugger (SCRIPT DEBUG). Wait for the debugging session to end.";

const HELP: &[&str] = &[
    "Redis Lua debugger help:",
    "[h]elp               Show this help.",
    "[s]tep               Run current line and stop again.",
    "[n]ext               Alias for step.",
    "[c]ontinue           Run till next breakpoint.",
    "[l]ist               List source code around current line.",
    "[l]ist [line]        List source code around [line].",
    "                     line = 0 means: current position.",
    "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
    "                     to show before/after [line].",
    "[w]hole              List all source code. Alias for 'list 1 1000000'.",
    "[p]rint              Show all the local variables.",
    "[p]rint <var>        Show the value of the specified variable.",
    "                     Can also show global vars KEYS and ARGV.",
    "[b]reak              Show all breakpoints.",
    "[b]reak <line>       Add a breakpoint to the specified line.",
    "[b]reak -<line>      Remove breakpoint from the specified line.",
    "[b]reak 0            Remove all breakpoints.",
    "[t]race              Show a backtrace.",
    "[e]val <code>        Execute some Lua code (in a different callframe).",
    "[r]edis <cmd>        Execute a Redis command.",
    "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
    "                     Specifying zero as <len> means unlimited.",
    "[a]bort              Stop the execution of the script. In sync",
    "                     mode dataset changes will be retained.",
    "",
    "Debugger functions you can call from Lua scripts:",
    "redis.debug()        Produce logs in the debugger console.",
    "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
    "                     next line of code.",
];

/// The `FERROUS.LDB` handler: `argv[1..]` is the command as the client sent it.
pub fn ldb(ctx: Ctx, argv: &[&[u8]]) {
    let mut out = Replier(ctx);
    if super::fork::is_open() {
        return super::fork::ldb(ctx, argv, &mut out);
    }
    if session::with(|_| ()).is_none() {
        // Only the filter sends here, and only while a session is open.
        return out.error_str("ERR no Lua debugging session is open");
    }
    if !session::is_session_client(ffi::client_id(ctx)) {
        return out.error_str(BUSY);
    }
    dispatch(ctx, &argv[1..], &mut out);
}

/// One debugger command of the session (eval.c `ldbRepl`'s loop body), its reply to `out`.
pub fn dispatch(ctx: Ctx, args: &[&[u8]], out: &mut dyn Sink) {
    let Some(&cmd) = args.first() else {
        return unknown(out);
    };
    let is = |names: &[&str]| names.iter().any(|n| cmd.eq_ignore_ascii_case(n.as_bytes()));
    if is(&["h", "help"]) {
        for l in HELP {
            session::log(l.as_bytes().to_vec());
        }
        session::flush_logs(out);
    } else if is(&["s", "step", "n", "next"]) {
        session::resume(ctx, true, out);
    } else if is(&["c", "continue"]) {
        session::resume(ctx, false, out);
    } else if is(&["t", "trace"]) {
        trace();
        session::flush_logs(out);
    } else if is(&["m", "maxlen"]) {
        maxlen(args);
        session::flush_logs(out);
    } else if is(&["b", "break"]) {
        session::with(|s| brk(s, args));
        session::flush_logs(out);
    } else if is(&["e", "eval"]) {
        eval(args);
        session::flush_logs(out);
    } else if is(&["a", "abort"]) {
        session::abort(ctx, out);
    } else if args.len() > 1 && is(&["r", "redis"]) {
        redis(ctx, args);
        session::flush_logs(out);
    } else if is(&["p", "print"]) {
        match args.get(1) {
            Some(v) if args.len() == 2 => print_var(v),
            _ => print_all(),
        }
        session::flush_logs(out);
    } else if is(&["l", "list"]) {
        session::with(|s| {
            let mut around = s.currentline;
            if let Some(a) = args.get(1) {
                let n = atoi(a);
                if n > 0 {
                    around = n;
                }
            }
            let ctx_lines = args.get(2).map_or(5, |c| atoi(c));
            list(s, around, ctx_lines);
        });
        session::flush_logs(out);
    } else if is(&["w", "whole"]) {
        session::with(|s| list(s, 1, 1_000_000));
        session::flush_logs(out);
    } else {
        unknown(out);
    }
}

fn unknown(out: &mut dyn Sink) {
    session::log(
        b"<error> Unknown Redis Lua debugger command or wrong number of arguments.".to_vec(),
    );
    session::flush_logs(out);
}

/// C's `atoi` (leading blanks, a sign, digits; 0 when none).
fn atoi(b: &[u8]) -> i64 {
    let s = std::str::from_utf8(b).unwrap_or("").trim_start();
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n = digits.parse::<i64>().unwrap_or(0).min(i32::MAX as i64);
    if neg { -n } else { n }
}

/// util.c `string2l`: the whole argument a decimal integer, no `+`, no leading zeros.
fn string2l(b: &[u8]) -> Option<i64> {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if b == b"0" {
        return Some(0);
    }
    if digits.is_empty() || digits[0] == b'0' || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// `ldbList`.
fn list(s: &mut Session, around: i64, context: i64) {
    for j in 1..=s.src.len() as i64 {
        if around != 0 && (around - j).abs() > context {
            continue;
        }
        log_source_line(s, j);
    }
}

/// `ldbBreak`.
fn brk(s: &mut Session, args: &[&[u8]]) {
    if args.len() == 1 {
        if s.bps.is_empty() && s.fn_bps.is_empty() {
            s.logs
                .push(b"No breakpoints set. Use 'b <line>' to add one.".to_vec());
        } else {
            let n = s.bps.len() + s.fn_bps.len();
            s.logs.push(format!("{n} breakpoints set:").into_bytes());
            for bp in s.bps.clone() {
                log_source_line(s, bp);
            }
            // An FCALL session's function breakpoints (fcall.rs).
            for i in 0..s.fn_bps.len() {
                let l = format!("  #function {}", s.fn_bps[i].0).into_bytes();
                s.logs.push(l);
            }
        }
        return;
    }
    for arg in &args[1..] {
        if s.target == session::Target::Function
            && string2l(arg).is_none()
            && super::fcall::function_break(s, arg)
        {
            continue;
        }
        let Some(line) = string2l(arg) else {
            let mut m = b"Invalid argument:'".to_vec();
            m.extend_from_slice(arg);
            m.push(b'\'');
            s.logs.push(m);
            continue;
        };
        if line == 0 {
            s.bps.clear();
            s.fn_bps.clear();
            s.logs.push(b"All breakpoints removed.".to_vec());
        } else if line > 0 {
            if s.bps.len() == MAX_BREAKPOINTS {
                s.logs.push(b"Too many breakpoints set.".to_vec());
            } else if line <= s.src.len() as i64 && !s.bps.contains(&line) {
                s.bps.push(line);
                list(s, line, 1);
            } else {
                s.logs.push(b"Wrong line number.".to_vec());
            }
        } else if let Some(i) = s.bps.iter().position(|&b| b == -line) {
            s.bps.remove(i);
            s.logs.push(b"Breakpoint removed.".to_vec());
        } else {
            s.logs
                .push(b"No breakpoint in the specified line.".to_vec());
        }
    }
}

/// `ldbMaxlen`.
fn maxlen(args: &[&[u8]]) {
    session::with(|s| {
        if args.len() == 2 {
            let mut n = atoi(args[1]);
            s.hint_sent = true;
            if n != 0 && n <= 60 {
                n = 60;
            }
            s.maxlen = n.max(0) as usize;
        }
        let l = if s.maxlen != 0 {
            format!("<value> replies are truncated at {} bytes.", s.maxlen)
        } else {
            "<value> replies are unlimited.".to_string()
        };
        s.logs.push(l.into_bytes());
    });
}

fn target() -> Option<session::Target> {
    session::with(|s| s.target)
}

/// `ldbTrace`: the Lua levels of the script's own chunk, innermost first.
fn trace() {
    let Some(t) = target() else { return };
    let levels = session::with_vm(t, |vm| vm.debug_levels());
    session::with(|s| {
        if levels.is_empty() {
            s.logs.push(b"<error> Can't retrieve Lua stack.".to_vec());
        }
        for (i, l) in levels.iter().enumerate() {
            if !l.source.contains(s.chunk) {
                continue;
            }
            let name = l.name.as_deref().unwrap_or("top level");
            s.logs
                .push(format!("{} {}:", if i == 0 { "In" } else { "From" }, name).into_bytes());
            log_source_line(s, l.line as i64);
        }
    });
}

fn value_line(vm: &Vm, prefix: &[u8], v: Value) -> Vec<u8> {
    let mut l = prefix.to_vec();
    cat_value(vm, &mut l, v);
    l
}

/// `ldbPrint`: the first local of that name from the innermost level out, then the globals
/// KEYS and ARGV.
fn print_var(name: &[u8]) {
    let Some(t) = target() else { return };
    let line = session::with_vm(t, |vm| {
        for l in vm.debug_levels() {
            if let Some((_, v)) = vm
                .debug_locals(l.frame)
                .into_iter()
                .find(|(n, _)| n.as_bytes() == name)
            {
                return Some(value_line(vm, b"<value> ", v));
            }
        }
        if name == b"KEYS" || name == b"ARGV" {
            let g = vm.get_global(std::str::from_utf8(name).unwrap_or(""));
            return Some(value_line(vm, b"<value> ", g));
        }
        None
    });
    match line {
        Some(l) => session::log_trimmed(l),
        None => session::log(b"No such variable.".to_vec()),
    }
}

/// `ldbPrintAll`: the current level's locals.
fn print_all() {
    let Some(t) = target() else { return };
    let lines = session::with_vm(t, |vm| {
        let Some(l) = vm.debug_levels().into_iter().next() else {
            return Vec::new();
        };
        vm.debug_locals(l.frame)
            .into_iter()
            .map(|(n, v)| value_line(vm, format!("<value> {n} = ").as_bytes(), v))
            .collect::<Vec<_>>()
    });
    if lines.is_empty() {
        session::log(b"No local variables in the current context.".to_vec());
    }
    for l in lines {
        session::log_trimmed(l);
    }
}

/// `ldbEval`: the code as an expression (`return <code>`), else as statements, in a fresh
/// function; its first result is shown.
fn eval(args: &[&[u8]]) {
    let Some(t) = target() else { return };
    let code = args[1..].join(&b' ');
    let mut expr = b"return ".to_vec();
    expr.extend_from_slice(&code);
    let line = session::with_vm(t, |vm| {
        let f = match vm.load_raw(&expr, "@ldb_eval") {
            Ok(f) => f,
            Err(_) => match vm.load_raw(&code, "@ldb_eval") {
                Ok(f) => f,
                Err(e) => {
                    let mut m = b"<error> ".to_vec();
                    m.extend_from_slice(&e.message_bytes());
                    return (m, false);
                }
            },
        };
        match session::call_on_top(vm, f, &[]) {
            Ok(vals) => {
                let v = vals.first().copied().unwrap_or(Value::Nil);
                (value_line(vm, b"<retval> ", v), true)
            }
            Err(e) => (format!("<error> {}", e.message).into_bytes(), false),
        }
    });
    match line {
        (l, true) => session::log_trimmed(l),
        (l, false) => session::log(l),
    }
}

/// `ldbRedis`: the command as `redis.call` runs it, its command and reply logged (the
/// built-in calls `redis.call` itself; the host is what it calls, in EVAL and FCALL VMs alike).
fn redis(ctx: Ctx, args: &[&[u8]]) {
    use ferrous_stdlib::redis::Host;
    let Some(t) = target() else { return };
    crate::run::set_ctx(ctx);
    let resp3 = session::with_vm(t, |vm| ferrous_stdlib::redis::run_state(vm).resp3);
    STEP_LOG.store(true, Relaxed);
    let _ = crate::run::ModuleHost::default().call(&args[1..], resp3);
    STEP_LOG.store(false, Relaxed);
}
