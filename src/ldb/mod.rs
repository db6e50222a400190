//! The Lua debugger (eval.c's LDB): `SCRIPT DEBUG YES|SYNC|NO` and the sessions
//! `redis-cli --ldb` drives.
//!
//! The built-in reads debugger commands from the client's socket while the script runs; a
//! module cannot, so each debugger command is one module command that resumes the suspended
//! script until its next stop (`session.rs`). While a session is open the command filter
//! hands every command to `FERROUS.LDB` (`filter`): the session's client gets the debugger
//! (`commands.rs`), every other client a BUSY error, as the built-in's synchronous session
//! blocks the server. `YES` sessions run as `SYNC` ones (see README: the writes are kept).

pub mod commands;
pub mod fcall;
pub mod fork;
pub mod record;
pub mod render;
pub mod session;

use crate::ffi::{self, Ctx, FilterCmd};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// The module command the filter hands a session's commands to.
pub const COMMAND: &str = "ferrous.ldb";

/// A session is open: the filter rewrites every command (read on each command).
pub static OPEN: AtomicBool = AtomicBool::new(false);

/// Opens or closes the session state the command filter looks at.
pub fn set_open(open: bool) {
    OPEN.store(open, Relaxed);
    crate::filter_name::set_slow(crate::filter_name::SESSION_OPEN, open);
}
/// redis.call logs `<redis>`/`<reply>` lines (eval.c `ldbIsEnabled`: active and stepping).
pub static STEP_LOG: AtomicBool = AtomicBool::new(false);

/// What `SCRIPT DEBUG` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Yes,
    Sync,
}

thread_local! {
    /// Clients that ran `SCRIPT DEBUG YES|SYNC`: their next EVAL opens a session.
    static CLIENTS: RefCell<HashMap<u64, Mode>> = RefCell::new(HashMap::new());
}

/// `CLIENTS` is not empty: every EVAL reads this static instead of the thread-local (a
/// `__tls_get_addr` call in a shared object).
static ANY_CLIENT: AtomicBool = AtomicBool::new(false);

/// `SCRIPT DEBUG`: `None` is `NO`.
pub fn set_mode(ctx: Ctx, mode: Option<Mode>) {
    let id = ffi::client_id(ctx);
    CLIENTS.with(|c| {
        let mut c = c.borrow_mut();
        match mode {
            Some(m) => c.insert(id, m),
            None => c.remove(&id),
        };
        ANY_CLIENT.store(!c.is_empty(), Relaxed);
    });
}

/// The debug mode of the command's client, if its next EVAL opens a session.
pub fn mode_of(ctx: Ctx) -> Option<Mode> {
    if !ANY_CLIENT.load(Relaxed) {
        return None;
    }
    mode_of_client(ctx)
}

#[cold]
#[inline(never)]
fn mode_of_client(ctx: Ctx) -> Option<Mode> {
    let id = ffi::client_id(ctx);
    CLIENTS.with(|c| c.borrow().get(&id).copied())
}

fn forget_client(id: u64) {
    CLIENTS.with(|c| {
        let mut c = c.borrow_mut();
        c.remove(&id);
        ANY_CLIENT.store(!c.is_empty(), Relaxed);
    });
}

/// The command filter's part while a session is open: every command goes to `FERROUS.LDB`
/// (a forked session's: only the debugger's words). False when the command is left to the
/// rest of the filter.
pub fn filter(cmd: &mut FilterCmd) -> bool {
    if cmd.first().eq_ignore_ascii_case(COMMAND.as_bytes()) {
        return true;
    }
    if fork::is_open() {
        return fork::filter(cmd);
    }
    cmd.insert(0, COMMAND.as_bytes());
    true
}

/// A client disconnected: its debug mode goes, and its session ends (the script is aborted;
/// its writes so far stay, as in a synchronous session of the built-in).
pub fn client_gone(ctx: Ctx, id: u64) {
    forget_client(id);
    fork::client_gone(id);
    session::client_gone(ctx, id);
}

/// redis.call reached the command itself (its reply is logged, not only its error).
static EXECUTED: AtomicBool = AtomicBool::new(false);

/// Called by redis.call right before it runs the command.
#[inline]
pub fn note_executed() {
    EXECUTED.store(true, Relaxed);
}

/// `<redis> cmd args` (script_lua.c: at most 10 arguments, then `... (N more)`).
pub fn log_redis_command(argv: &[&[u8]]) {
    EXECUTED.store(false, Relaxed);
    let mut l = b"<redis>".to_vec();
    for (j, a) in argv.iter().enumerate() {
        if j == 10 {
            l.extend_from_slice(format!(" ... ({} more)", argv.len() - j - 1).as_bytes());
            break;
        }
        l.push(b' ');
        l.extend_from_slice(a);
    }
    session::log(l);
}

/// `<error> ...` for an error (luaPushErrorBuff), then `<reply> ...` for a reply of the
/// command itself.
pub fn log_redis_reply(r: &ferrous_stdlib::redis::Reply, resp3: bool) {
    if let ferrous_stdlib::redis::Reply::Error(e) = r {
        let mut l = b"<error> ".to_vec();
        l.extend_from_slice(e);
        session::log(l);
    }
    if EXECUTED.load(Relaxed) {
        let mut l = b"<reply> ".to_vec();
        render::reply_to_human(&mut l, r, resp3);
        session::log_trimmed(l);
    }
}

/// `redis.breakpoint()`: in a session, a stop at the next line.
pub fn breakpoint() -> bool {
    session::with(|s| s.luabp = true).is_some()
}
