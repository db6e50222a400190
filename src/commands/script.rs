//! SCRIPT LOAD | EXISTS | FLUSH | KILL | HELP | DEBUG (eval.c `scriptCommand`). Registered
//! as one `allow-busy` command so that SCRIPT KILL reaches it while a script runs; every
//! other subcommand then answers BUSY itself, as Redis would.

use super::wrong_arity;
use crate::engine::{self, ENGINE};
use crate::ffi::{self, Ctx, Replier};
use crate::ldb;
use crate::run::{self, RUNNING};
use ferrous_stdlib::redis::convert::Sink;
use std::sync::atomic::Ordering::Relaxed;

const HELP: &[&str] = &[
    "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DEBUG (YES|SYNC|NO)",
    "    Set the debug mode for subsequent scripts executed.",
    "EXISTS <sha1> [<sha1> ...]",
    "    Return information about the existence of the scripts in the script cache.",
    "FLUSH [ASYNC|SYNC]",
    "    Flush the Lua scripts cache. Very dangerous on replicas.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the scripts cache.",
    "    * SYNC: Synchronously flush the scripts cache.",
    "KILL",
    "    Kill the currently executing Lua script.",
    "LOAD <script>",
    "    Load a script into the scripts cache without executing it.",
    "HELP",
    "    Prints this help.",
];

/// Subcommands and their arities (commands/script-*.json).
const SUBCOMMANDS: &[(&str, i64)] = &[
    ("load", 3),
    ("exists", -3),
    ("flush", -2),
    ("kill", 2),
    ("debug", 3),
    ("help", 2),
];

pub fn script(ctx: Ctx, argv: &[&[u8]]) {
    let mut out = Replier(ctx);
    if argv.len() < 2 {
        return wrong_arity(&mut out, "script");
    }
    let sub = argv[1].to_ascii_lowercase();
    let Some(&(name, arity)) = SUBCOMMANDS.iter().find(|(n, _)| n.as_bytes() == sub) else {
        let shown = &argv[1][..argv[1].len().min(128)];
        return out.error_str(&format!(
            "ERR unknown subcommand '{}'. Try SCRIPT HELP.",
            String::from_utf8_lossy(shown)
        ));
    };
    let argc = argv.len() as i64;
    if (arity > 0 && argc != arity) || argc < -arity {
        return wrong_arity(&mut out, &format!("script|{name}"));
    }
    if name == "kill" {
        match run::kill(true) {
            None => out.ok(),
            Some(e) => out.error_str(e),
        }
        return;
    }
    if RUNNING.load(Relaxed) {
        return out.error_str(super::function::busy_error());
    }
    match name {
        "help" => {
            out.array(HELP.len());
            for l in HELP {
                out.status(l.as_bytes());
            }
        }
        "load" => engine::with_engine(|eng| {
            let sha = engine::sha1_hex(argv[2]);
            match eng.create(&sha, argv[2]) {
                Ok(()) => out.bulk(sha.as_bytes()),
                Err(e) => out.error(&e),
            }
        }),
        "exists" => {
            let known: Vec<bool> = ENGINE.with(|e| {
                let b = e.borrow();
                argv[2..]
                    .iter()
                    .map(|s| {
                        let s = String::from_utf8_lossy(s).to_ascii_lowercase();
                        b.as_ref()
                            .is_some_and(|eng| eng.scripts.contains_key(s.as_bytes()))
                    })
                    .collect()
            });
            out.array(known.len());
            for k in known {
                out.int(k as i64);
            }
        }
        "flush" => {
            let ok = argv.len() == 2
                || argv[2].eq_ignore_ascii_case(b"sync")
                || argv[2].eq_ignore_ascii_case(b"async");
            if argv.len() > 3 || !ok {
                return out.error_str("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            }
            engine::flush();
            out.ok();
        }
        "debug" => script_debug(ctx, argv[2], &mut out),
        _ => unreachable!(),
    }
}

/// SCRIPT DEBUG YES|SYNC|NO (eval.c `scriptCommand`). Inside MULTI the built-in finds the
/// EXEC reply pending, as for a pipeline; a module cannot see a pipeline's pending replies.
fn script_debug(ctx: Ctx, mode: &[u8], out: &mut Replier) {
    if ffi::context_flags(ctx) & redis_module::raw::REDISMODULE_CTX_FLAGS_MULTI != 0 {
        return out.error_str("ERR SCRIPT DEBUG must be called outside a pipeline");
    }
    let m = if mode.eq_ignore_ascii_case(b"no") {
        None
    } else if mode.eq_ignore_ascii_case(b"yes") {
        Some(ldb::Mode::Yes)
    } else if mode.eq_ignore_ascii_case(b"sync") {
        Some(ldb::Mode::Sync)
    } else {
        return out.error_str("ERR Use SCRIPT DEBUG YES/SYNC/NO");
    };
    ldb::set_mode(ctx, m);
    out.ok();
}
