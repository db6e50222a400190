//! Client tracking of a script's declared keys (server.c `call()`, tracking.c
//! `trackingRememberKeys`).
//!
//! Redis makes a tracking caller of EVAL/FCALL remember the script command's declared keys
//! when the script runs a read-only command. A module's `RedisModule_Call` runs on a client
//! of its own, so Redis never does that for a module's script. What the 7.0 API does allow:
//! after a `readonly` command returns, `call()` asks the command's keys (the module's
//! `getkeys-api` callback, with the caller's own argv) for a tracking caller. So every script
//! command is `readonly`, and the keys request that follows a run on the same argv answers
//! the declared keys only if the script ran a read-only command, and none otherwise.
//!
//! That request is told from the others (ACL, cluster, COMMAND GETKEYS, which always get the
//! declared keys) by the argv array's address, recorded when the run ends; the command filter
//! clears the record before every new command, so a later command whose argv happens to get
//! the same address is never taken for it (EXEC's queued commands have their own, live
//! arrays).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

// Statics, not thread-locals: `new_command` runs for every command the server receives and
// `note_read` for every read-only `redis.call`, and a thread-local in a shared object costs a
// `__tls_get_addr` call there. Only Redis's main thread runs module commands and the filter.

/// A read-only command reached `RedisModule_Call` during the current run.
static READ: AtomicBool = AtomicBool::new(false);
// The argv of the run that just ended (0: none) and whether it read.
static ENDED_ARGV: AtomicUsize = AtomicUsize::new(0);
static ENDED_READ: AtomicBool = AtomicBool::new(false);

/// A script command starts running (not a keys request).
pub fn run_starts() {
    READ.store(false, Relaxed);
    ENDED_ARGV.store(0, Relaxed);
}

/// The script called a read-only command (as `call()` sees `CMD_READONLY`).
pub fn note_read() {
    READ.store(true, Relaxed);
}

/// The script command with this argv returned.
pub fn run_ends(argv: usize) {
    let read = READ.swap(false, Relaxed);
    ENDED_READ.store(read, Relaxed);
    ENDED_ARGV.store(argv, Relaxed);
}

/// A new command arrives (the command filter sees every command first).
#[inline]
pub fn new_command() {
    ENDED_ARGV.store(0, Relaxed);
}

/// A keys request for the command with this argv: false when it is `call()`'s tracking
/// request after a run that read nothing (the built-in then tracks no keys).
pub fn report_keys(argv: usize) -> bool {
    if argv != 0 && ENDED_ARGV.load(Relaxed) == argv {
        ENDED_ARGV.store(0, Relaxed);
        return ENDED_READ.load(Relaxed);
    }
    true
}
