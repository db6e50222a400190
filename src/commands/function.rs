//! FCALL, FCALL_RO and FUNCTION LOAD | DELETE | LIST | DUMP | RESTORE | FLUSH | KILL | STATS |
//! HELP (functions.c). FUNCTION is one `allow-busy` command, so KILL and STATS reach it while
//! a script runs; every other subcommand then answers BUSY itself, as Redis would. The write
//! subcommands (LOAD, DELETE, RESTORE, FLUSH) check what Redis's `write`/`deny-oom` command
//! flags would (read-only replica, OOM) and are propagated verbatim.

use super::eval::{prepare, report_keys, run_script};
use super::wrong_arity;
use crate::config;
use crate::dump::{self as function_dump, Reader};
use crate::ffi::{self, Ctx, Replier};
use crate::functions::library::LibCtx;
use crate::functions::{self, CURRENT, LIBS};
use crate::glob::glob_match;
use crate::run::{self, EVAL_MODE, RUNNING, RunCtx};
use ferrous_stdlib::redis::convert::Sink;
use ferrous_vm::Value;
use redis_module::raw;
use std::sync::atomic::Ordering::Relaxed;

pub fn fcall(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, false)
}

pub fn fcall_ro(ctx: Ctx, argv: &[&[u8]]) {
    generic(ctx, argv, true)
}

/// `fcallCommandGeneric`.
fn generic(ctx: Ctx, argv: &[&[u8]], ro: bool) {
    let mut out = Replier(ctx);
    if ffi::is_keys_position_request(ctx) || argv.len() < 3 || crate::ldb::mode_of(ctx).is_some() {
        return not_a_plain_run(ctx, argv, ro, &mut out);
    }
    let found = LIBS.with(|l| l.borrow_mut().find_for_call(argv[1]));
    let Some((func, flags, name, seen)) = found else {
        return out.error_str("ERR Function not found");
    };
    let nkeys = match super::eval::numkeys(argv, "ERR Bad number of keys provided") {
        Ok(n) => n,
        Err(e) => return out.error_str(e),
    };
    let cflags = crate::ctx_flags::for_script(ctx);
    let from_master = ffi::must_obey(ctx, cflags);
    if let Err(e) = prepare(ctx, cflags, from_master, flags, ro) {
        return out.error_str(&e);
    }
    let ran = functions::try_with_vm(|vm| {
        crate::engine::apply_limits(vm);
        let (raw, argc) = crate::command_argv();
        let rc = RunCtx::new(ctx, name.clone(), flags, ro, cflags);
        // One thread-local access for both ends of the run (each is a `__tls_get_addr`
        // call in a shared object); STATS borrows it only while the script yields.
        CURRENT.with(|c| {
            let mut cur = c.borrow_mut();
            // Fresh tables for the arguments the callback can see (nil for one it drops).
            let (keys, rest) = argv[3..].split_at(nkeys);
            let keys = if seen.keys {
                let h = &mut cur.key_hints;
                Value::Table(vm.heap_mut().new_string_array_hinted(keys, h))
            } else {
                Value::Nil
            };
            let args = if seen.argv {
                let h = &mut cur.argv_hints;
                Value::Table(vm.heap_mut().new_string_array_hinted(rest, h))
            } else {
                Value::Nil
            };
            cur.start(name, raw, argc, config::drop_in(), rc.start);
            drop(cur);
            run_script(vm, func, &[keys, args], rc, false, from_master, &mut out);
            c.borrow_mut().stop();
        });
    });
    if ran.is_none() {
        out.error_str("ERR the function engine is busy");
    }
}

/// FCALL's rare cases, out of line (the common path stays small): a keys request, an arity
/// error, a debugging session to start.
#[cold]
#[inline(never)]
fn not_a_plain_run(ctx: Ctx, argv: &[&[u8]], ro: bool, out: &mut Replier) {
    if ffi::is_keys_position_request(ctx) {
        return report_keys(ctx, argv, 2);
    }
    let cmd = if ro { "fcall_ro" } else { "fcall" };
    if argv.len() < 3 {
        return wrong_arity(out, cmd);
    }
    if let Some(mode) = crate::ldb::mode_of(ctx) {
        if mode == crate::ldb::Mode::Yes {
            let start: crate::ldb::fork::Starter = crate::ldb::fcall::start_fcall;
            return crate::ldb::fork::start(ctx, argv, ro, start, out);
        }
        crate::ldb::fcall::start_fcall(ctx, argv, ro, mode, out);
    }
}

const HELP: &[&str] = &[
    "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "LOAD [REPLACE] <FUNCTION CODE>",
    "    Create a new library with the given library name and code.",
    "DELETE <LIBRARY NAME>",
    "    Delete the given library.",
    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
    "    Return general information on all the libraries:",
    "    * Library name",
    "    * The engine used to run the Library",
    "    * Library description",
    "    * Functions list",
    "    * Library code (if WITHCODE is given)",
    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
    "STATS",
    "    Return information about the current function running:",
    "    * Function name",
    "    * Command used to run the function",
    "    * Duration in MS that the function is running",
    "    If no function is running, return nil",
    "    In addition, returns a list of available engines.",
    "KILL",
    "    Kill the current running function.",
    "FLUSH [ASYNC|SYNC]",
    "    Delete all the libraries.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the libraries.",
    "    * SYNC: Synchronously flush the libraries.",
    "DUMP",
    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
    "    control how to handle existing libraries (default APPEND):",
    "    * FLUSH: delete all existing libraries.",
    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
    "      in case of functions name collision with another library).",
    "HELP",
    "    Prints this help.",
];

/// Subcommands, arities (commands/function-*.json) and whether they write (`write` flag:
/// refused on a read-only replica, propagated) and are `deny-oom`.
const SUBCOMMANDS: &[(&str, i64, bool, bool)] = &[
    ("load", -3, true, true),
    ("delete", 3, true, false),
    ("list", -2, false, false),
    ("dump", 2, false, false),
    ("restore", -3, true, true),
    ("flush", -2, true, false),
    ("kill", 2, false, false),
    ("stats", 2, false, false),
    ("help", 2, false, false),
];

/// The BUSY error for the script that is running.
pub fn busy_error() -> &'static str {
    if EVAL_MODE.load(Relaxed) {
        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
    } else {
        "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
    }
}

/// `addReplySubcommandSyntaxError`.
fn syntax_error(out: &mut Replier, sub: &[u8]) {
    let shown = &sub[..sub.len().min(128)];
    out.error_str(&format!(
        "ERR unknown subcommand or wrong number of arguments for '{}'. Try FUNCTION HELP.",
        String::from_utf8_lossy(shown)
    ));
}

pub fn function(ctx: Ctx, argv: &[&[u8]]) {
    let mut out = Replier(ctx);
    if argv.len() < 2 {
        return wrong_arity(&mut out, "function");
    }
    let sub = argv[1].to_ascii_lowercase();
    let Some(&(name, arity, write, denyoom)) =
        SUBCOMMANDS.iter().find(|(n, ..)| n.as_bytes() == sub)
    else {
        let shown = &argv[1][..argv[1].len().min(128)];
        return out.error_str(&format!(
            "ERR unknown subcommand '{}'. Try FUNCTION HELP.",
            String::from_utf8_lossy(shown)
        ));
    };
    let argc = argv.len() as i64;
    if (arity > 0 && argc != arity) || argc < -arity {
        return wrong_arity(&mut out, &format!("function|{name}"));
    }
    let running = RUNNING.load(Relaxed);
    let cflags = ffi::context_flags(ctx);
    let from_master = ffi::must_obey(ctx, cflags);
    // processCommand's order: OOM (not while a script yields), read-only replica, BUSY.
    if denyoom
        && !running
        && !from_master
        && cflags & raw::REDISMODULE_CTX_FLAGS_OOM != 0
        && cflags & raw::REDISMODULE_CTX_FLAGS_MAXMEMORY != 0
    {
        return out.error_str("OOM command not allowed when used memory > 'maxmemory'.");
    }
    if write
        && !from_master
        && cflags & raw::REDISMODULE_CTX_FLAGS_SLAVE != 0
        && cflags & raw::REDISMODULE_CTX_FLAGS_READONLY != 0
    {
        return out.error_str("READONLY You can't write against a read only replica.");
    }
    match name {
        "kill" => {
            return match run::kill(false) {
                None => out.ok(),
                Some(e) => out.error_str(e),
            };
        }
        "stats" => return stats(&mut out),
        _ => {}
    }
    if running {
        return out.error_str(busy_error());
    }
    let done = match name {
        "help" => {
            out.array(HELP.len());
            for l in HELP {
                out.status(l.as_bytes());
            }
            false
        }
        "load" => load(ctx, &mut out, argv),
        "delete" => delete(&mut out, argv[2]),
        "list" => {
            list(&mut out, argv);
            false
        }
        "dump" => {
            out.bulk(&functions::dump());
            false
        }
        "restore" => restore(&mut out, argv),
        "flush" => flush(&mut out, argv),
        _ => unreachable!(),
    };
    if done {
        // Without the filter's flag variant (`ferrous.FUNCTION.write`): replicas and AOF
        // files see the name the client sent.
        ffi::replicate_as(ctx, crate::script_flags::base_name(argv[0]), &argv[1..]);
    }
}

/// FUNCTION LOAD [REPLACE] code. True when a library was created.
fn load(ctx: Ctx, out: &mut Replier, argv: &[&[u8]]) -> bool {
    let mut replace = false;
    let mut pos = 2;
    while pos < argv.len() - 1 {
        let a = argv[pos];
        pos += 1;
        if a.eq_ignore_ascii_case(b"replace") {
            replace = true;
            continue;
        }
        let a = &a[..a.iter().position(|&c| c == 0).unwrap_or(a.len())];
        out.error_str(&format!(
            "ERR Unknown option given: {}",
            String::from_utf8_lossy(a)
        ));
        return false;
    }
    if pos >= argv.len() {
        out.error_str("ERR Function code is missing");
        return false;
    }
    // mustObeyClient: no time limit for the master and the AOF.
    let timeout = !ffi::must_obey(ctx, ffi::context_flags(ctx));
    let r = functions::with_vm(|vm| {
        LIBS.with(|l| {
            functions::create_library(vm, &mut l.borrow_mut(), argv[pos], replace, timeout)
        })
    });
    match r {
        Ok(name) => {
            out.bulk(&name);
            true
        }
        Err(e) => {
            let mut m = b"ERR ".to_vec();
            m.extend_from_slice(&e);
            out.error(&m);
            false
        }
    }
}

fn delete(out: &mut Replier, name: &[u8]) -> bool {
    let Some(lib) = LIBS.with(|l| l.borrow_mut().unlink(name)) else {
        out.error_str("ERR Library not found");
        return false;
    };
    functions::with_vm(|vm| functions::release(vm, &lib.functions));
    out.ok();
    true
}

fn list(out: &mut Replier, argv: &[&[u8]]) {
    let mut with_code = false;
    let mut pattern: Option<&[u8]> = None;
    let mut i = 2;
    while i < argv.len() {
        let a = argv[i];
        if !with_code && a.eq_ignore_ascii_case(b"withcode") {
            with_code = true;
            i += 1;
            continue;
        }
        if pattern.is_none() && a.eq_ignore_ascii_case(b"libraryname") {
            if i >= argv.len() - 1 {
                return out.error_str("ERR library name argument was not given");
            }
            pattern = Some(argv[i + 1]);
            i += 2;
            continue;
        }
        let a = &a[..a.iter().position(|&c| c == 0).unwrap_or(a.len())];
        return out.error_str(&format!(
            "ERR Unknown argument {}",
            String::from_utf8_lossy(a)
        ));
    }
    LIBS.with(|l| {
        let l = l.borrow();
        let libs: Vec<_> = l
            .libs
            .values()
            .filter(|lib| pattern.is_none_or(|p| glob_match(p, &lib.name, true)))
            .collect();
        out.array(libs.len());
        for lib in libs {
            out.map(if with_code { 4 } else { 3 });
            out.bulk(b"library_name");
            out.bulk(&lib.name);
            out.bulk(b"engine");
            out.bulk(b"LUA");
            out.bulk(b"functions");
            out.array(lib.functions.len());
            for f in &lib.functions {
                out.map(3);
                out.bulk(b"name");
                out.bulk(&f.name);
                out.bulk(b"description");
                match &f.desc {
                    Some(d) => out.bulk(d),
                    None => out.null(),
                }
                out.bulk(b"flags");
                let names = f.flags.names();
                out.set(names.len());
                for n in names {
                    out.status(n.as_bytes());
                }
            }
            if with_code {
                out.bulk(b"library_code");
                out.bulk(&lib.code);
            }
        }
    });
}

fn stats(out: &mut Replier) {
    if RUNNING.load(Relaxed) && EVAL_MODE.load(Relaxed) {
        return out.error_str(
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
        );
    }
    out.map(2);
    out.bulk(b"running_script");
    let shown = CURRENT.with(|c| {
        let c = c.borrow();
        c.running.then(|| {
            (
                c.name.as_bytes().to_vec(),
                c.argv[..c.argc].to_vec(),
                c.start.elapsed().as_millis() as i64,
            )
        })
    });
    match shown {
        Some((name, argv, ms)) if RUNNING.load(Relaxed) => {
            out.map(3);
            out.bulk(b"name");
            out.bulk(&name);
            out.bulk(b"command");
            out.array(argv.len());
            for a in &argv {
                out.bulk(a);
            }
            out.bulk(b"duration_ms");
            out.int(ms);
        }
        _ => out.null(),
    }
    let (libs, funcs) = functions::counts();
    out.bulk(b"engines");
    out.map(1);
    out.bulk(b"LUA");
    out.map(2);
    out.bulk(b"libraries_count");
    out.int(libs as i64);
    out.bulk(b"functions_count");
    out.int(funcs as i64);
}

/// FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE].
fn restore(out: &mut Replier, argv: &[&[u8]]) -> bool {
    if argv.len() > 4 {
        syntax_error(out, argv[1]);
        return false;
    }
    #[derive(PartialEq)]
    enum Policy {
        Append,
        Replace,
        Flush,
    }
    let policy = match argv.get(3) {
        None => Policy::Append,
        Some(p) if p.eq_ignore_ascii_case(b"append") => Policy::Append,
        Some(p) if p.eq_ignore_ascii_case(b"replace") => Policy::Replace,
        Some(p) if p.eq_ignore_ascii_case(b"flush") => Policy::Flush,
        Some(_) => {
            out.error_str(
                "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
            );
            return false;
        }
    };
    let data = argv[2];
    if !function_dump::verify(data) {
        out.error_str("ERR DUMP payload version or checksum are wrong");
        return false;
    }
    let r: Result<(), Vec<u8>> = functions::with_vm(|vm| {
        let mut tmp = LibCtx::default();
        let mut rd = Reader::new(data);
        let mut err = None;
        while rd.remaining() > 10 {
            match function_dump::read_record(&mut rd) {
                Ok(code) => {
                    if let Err(e) = functions::create_library(vm, &mut tmp, &code, false, false) {
                        err = Some(e);
                        break;
                    }
                }
                Err(e) => {
                    err = Some(e.as_bytes().to_vec());
                    break;
                }
            }
        }
        if let Some(e) = err {
            for lib in tmp.take_all() {
                functions::release(vm, &lib.functions);
            }
            return Err(e);
        }
        LIBS.with(|l| {
            let mut l = l.borrow_mut();
            if policy == Policy::Flush {
                for lib in l.take_all() {
                    functions::release(vm, &lib.functions);
                }
                for lib in tmp.take_all() {
                    l.link(lib);
                }
                Ok(())
            } else {
                let r = functions::join(vm, &mut l, &mut tmp, policy == Policy::Replace)
                    .map_err(String::into_bytes);
                for lib in tmp.take_all() {
                    functions::release(vm, &lib.functions);
                }
                r
            }
        })
    });
    match r {
        Ok(()) => {
            out.ok();
            true
        }
        Err(e) => {
            let mut m = b"ERR ".to_vec();
            m.extend_from_slice(&e);
            out.error(&m);
            false
        }
    }
}

/// FUNCTION FLUSH [ASYNC|SYNC].
fn flush(out: &mut Replier, argv: &[&[u8]]) -> bool {
    if argv.len() > 3 {
        syntax_error(out, argv[1]);
        return false;
    }
    if argv.len() == 3
        && !argv[2].eq_ignore_ascii_case(b"sync")
        && !argv[2].eq_ignore_ascii_case(b"async")
    {
        out.error_str("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        return false;
    }
    functions::flush_all();
    out.ok();
    true
}
