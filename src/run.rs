//! The state of the script being run: what `redis.call` checks against (read-only mode,
//! OOM at start, writes done, replication flags), the instruction-count hook that makes
//! scripts killable, and the kill flags that `SCRIPT KILL` sets while the script yields.
//!
//! `SCRIPT KILL` runs re-entrantly inside the script's `RedisModule_Yield`, on the same
//! thread: everything it reads or writes is an atomic, and no `RefCell` borrow is held
//! across a yield.

use crate::cmdinfo;
use crate::ffi::{self, Ctx};
use ferrous_stdlib::redis::flags::Flags;
use ferrous_stdlib::redis::{Host, Reply};
use ferrous_vm::{Throw, Vm};
use redis_module::raw;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicPtr, AtomicU32, Ordering::Relaxed};
use std::time::Instant;

/// Lua instructions between two hook calls (Redis: a count hook every 100000 instructions).
pub const HOOK_INSTRUCTIONS: i64 = 100_000;

pub const BUSY_EVAL: &std::ffi::CStr =
    c"Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
pub const BUSY_FUNCTION: &std::ffi::CStr =
    c"Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

pub static RUNNING: AtomicBool = AtomicBool::new(false);
pub static KILLED: AtomicBool = AtomicBool::new(false);
/// The script ran a write command (SCRIPT_WRITE_DIRTY): it can no longer be killed.
pub static DIRTY: AtomicBool = AtomicBool::new(false);
pub static EVAL_MODE: AtomicBool = AtomicBool::new(true);
/// The script came from the master or the AOF (mustObeyClient): unkillable, no OOM checks.
pub static FROM_MASTER: AtomicBool = AtomicBool::new(false);
/// `DEBUG set-disable-deny-scripts` as observed by the command filter.
pub static DENY_SCRIPTS_DISABLED: AtomicBool = AtomicBool::new(false);

pub struct RunCtx {
    pub ctx: Ctx,
    /// The sha (EVAL) or function name (FCALL), for messages.
    pub name: std::rc::Rc<str>,
    /// SCRIPT_READ_ONLY: `*_RO` commands and `no-writes` scripts.
    pub read_only: bool,
    pub allow_oom: bool,
    /// maxmemory set and over it when the script started (pre_command_oom_state).
    pub oom_at_start: bool,
    /// `redis.set_repl` flags (PROPAGATE_AOF | PROPAGATE_REPL).
    pub repl: i64,
    pub start: Instant,
    pub timed_out: bool,
    /// The server's busy-reply-threshold in ms, read at the first hook call.
    pub threshold_ms: Option<i64>,
    /// The caller's database, restored when the script ends (a SELECT inside the script
    /// only affects the script's own later calls, as in Redis): noted at the script's first
    /// SELECT, so a run without one asks the server nothing.
    pub caller_db: Option<i32>,
    /// RedisModule_GetContextFlags when the script started (a script is atomic: the server
    /// state the per-call checks read does not change under it).
    pub ctx_flags: u32,
}

impl RunCtx {
    /// The state of a run that starts now: `ro` for the *_RO commands, `flags` the script's
    /// shebang or function flags, `cflags` the context flags read before the run.
    pub fn new(ctx: Ctx, name: std::rc::Rc<str>, flags: Flags, ro: bool, cflags: u32) -> RunCtx {
        RunCtx {
            ctx,
            name,
            read_only: ro || flags.contains(Flags::NO_WRITES),
            allow_oom: flags.contains(Flags::ALLOW_OOM),
            oom_at_start: cflags & redis_module::raw::REDISMODULE_CTX_FLAGS_OOM != 0,
            repl: 3,
            start: Instant::now(),
            timed_out: false,
            threshold_ms: None,
            caller_db: None,
            ctx_flags: cflags,
        }
    }
}

thread_local! {
    pub static RUN: RefCell<Option<RunCtx>> = const { RefCell::new(None) };
}

// What every `redis.call` reads of the run, copied out of `RunCtx` by `begin` (and kept in
// step by `set_ctx`/`set_repl`): statics, not the thread-local, since a thread-local in a
// shared object costs a `__tls_get_addr` call and a RefCell borrow per access. Only Redis's
// main thread runs scripts.
static CALL_CTX: AtomicPtr<raw::RedisModuleCtx> = AtomicPtr::new(std::ptr::null_mut());
static CALL_CFLAGS: AtomicU32 = AtomicU32::new(0);
static CALL_REPL: AtomicI64 = AtomicI64::new(3);
/// `CALL_*` bits: the run is read-only / allows OOM / started over maxmemory.
static CALL_MODE: AtomicU32 = AtomicU32::new(0);
const MODE_READ_ONLY: u32 = 1;
const MODE_ALLOW_OOM: u32 = 2;
const MODE_OOM_AT_START: u32 = 4;

/// Starts a run: sets the shared state; `finish` undoes it.
pub fn begin(rc: RunCtx, eval_mode: bool, from_master: bool) {
    KILLED.store(false, Relaxed);
    DIRTY.store(false, Relaxed);
    EVAL_MODE.store(eval_mode, Relaxed);
    FROM_MASTER.store(from_master, Relaxed);
    CALL_CTX.store(rc.ctx, Relaxed);
    CALL_CFLAGS.store(rc.ctx_flags, Relaxed);
    CALL_REPL.store(rc.repl, Relaxed);
    CALL_MODE.store(
        (rc.read_only as u32 * MODE_READ_ONLY)
            | (rc.allow_oom as u32 * MODE_ALLOW_OOM)
            | (rc.oom_at_start as u32 * MODE_OOM_AT_START),
        Relaxed,
    );
    RUN.with(|r| *r.borrow_mut() = Some(rc));
    RUNNING.store(true, Relaxed);
}

/// The running script continues under another command's context (the debugger's legs).
pub fn set_ctx(ctx: Ctx) {
    RUN.with(|r| {
        if let Some(rc) = r.borrow_mut().as_mut() {
            rc.ctx = ctx;
            CALL_CTX.store(ctx, Relaxed);
        }
    });
}

pub fn finish() {
    RUNNING.store(false, Relaxed);
    KILLED.store(false, Relaxed);
    if let Some(rc) = RUN.with(|r| r.borrow_mut().take())
        && let Some(db) = rc.caller_db
        && ffi::selected_db(rc.ctx) != db
    {
        ffi::select_db(rc.ctx, db);
    }
}

/// The VM hook: every HOOK_INSTRUCTIONS instructions. Past the busy threshold it lets Redis
/// serve other clients (which get BUSY) and raises the kill error once SCRIPT KILL was
/// called. The kill error is uncatchable, so `pcall` cannot swallow it.
pub fn hook(vm: &mut Vm) -> Result<(), Throw> {
    vm.set_budget(HOOK_INSTRUCTIONS);
    let step = RUN.with(|r| {
        let mut b = r.borrow_mut();
        let rc = b.as_mut()?;
        let threshold = match rc.threshold_ms {
            Some(t) => t,
            None => {
                let own = crate::config::busy_threshold();
                let t = if own >= 0 {
                    own
                } else {
                    crate::config::server_busy_threshold()
                };
                rc.threshold_ms = Some(t);
                t
            }
        };
        if threshold <= 0 {
            return None;
        }
        let elapsed = rc.start.elapsed().as_millis() as i64;
        if elapsed < threshold {
            return None;
        }
        if !rc.timed_out {
            rc.timed_out = true;
            let eval = EVAL_MODE.load(Relaxed);
            let msg = format!(
                "Slow script detected: still in execution after {} milliseconds. You can try killing the script using the {} command. Script name is: {}.",
                elapsed,
                if eval { "SCRIPT KILL" } else { "FUNCTION KILL" },
                rc.name
            );
            ffi::log(rc.ctx, "warning", msg.as_bytes());
        }
        Some(rc.ctx)
    });
    let Some(ctx) = step else { return Ok(()) };
    crate::functions::before_yield();
    let busy = if EVAL_MODE.load(Relaxed) {
        BUSY_EVAL
    } else {
        BUSY_FUNCTION
    };
    ffi::yield_to_clients(ctx, busy);
    if KILLED.load(Relaxed) {
        ffi::log(
            ctx,
            "warning",
            b"Lua script killed by user with SCRIPT KILL.",
        );
        return Err(Throw::Uncatchable(
            "ERR Script killed by user with SCRIPT KILL...".into(),
        ));
    }
    Ok(())
}

/// SCRIPT KILL / FUNCTION KILL (script.c `scriptKill`). Returns the error text or None
/// for OK.
pub fn kill(is_eval: bool) -> Option<&'static str> {
    if !RUNNING.load(Relaxed) {
        return Some("NOTBUSY No scripts in execution right now.");
    }
    if FROM_MASTER.load(Relaxed) {
        return Some(
            "UNKILLABLE The busy script was sent by a master instance in the context of replication and cannot be killed.",
        );
    }
    if DIRTY.load(Relaxed) {
        return Some(
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.",
        );
    }
    let eval_mode = EVAL_MODE.load(Relaxed);
    if is_eval && !eval_mode {
        return Some(
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.",
        );
    }
    if !is_eval && eval_mode {
        return Some(
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
        );
    }
    KILLED.store(true, Relaxed);
    None
}

/// The `redis` table's connection to Redis.
#[derive(Default)]
pub struct ModuleHost {
    /// Key arguments kept as module strings across calls (`key_args`). Borrowed across
    /// RM_Call, where nothing reaches this host again (scripts cannot run scripts); a
    /// failed borrow would only pass the keys as buffers.
    keys: RefCell<crate::key_args::Cache>,
    /// The last command called, with its info and C name (`cmd_memo`); borrowed across
    /// RM_Call as `keys` is (a failed borrow only looks the command up).
    cmd: RefCell<crate::cmd_memo::CmdMemo>,
}

#[cold]
#[inline(never)]
fn script_error(msg: &str) -> Reply {
    // A message without a code: redis.call's error table gets "ERR ".
    Reply::Error(msg.as_bytes().to_vec())
}

impl ModuleHost {
    /// A call in a debugging session that logs commands and replies.
    #[cold]
    #[inline(never)]
    fn call_logged(&self, argv: &[&[u8]], resp3: bool) -> Reply {
        crate::ldb::log_redis_command(argv);
        let r = self.call_inner(argv, resp3);
        crate::ldb::log_redis_reply(&r, resp3);
        r
    }

    /// `redis.call`/`redis.pcall`: every scripting check, then the command. Inlined into
    /// `Host::call` (one frame less per call; the debugger's path has its own copy).
    #[inline(always)]
    fn call_inner(&self, argv: &[&[u8]], resp3: bool) -> Reply {
        if !RUNNING.load(Relaxed) {
            return script_error("redis.call/pcall can only be called inside a script invocation");
        }
        let ctx = CALL_CTX.load(Relaxed);
        let mode = CALL_MODE.load(Relaxed);
        let (read_only, allow_oom, oom_at_start) = (
            mode & MODE_READ_ONLY != 0,
            mode & MODE_ALLOW_OOM != 0,
            mode & MODE_OOM_AT_START != 0,
        );
        let repl = CALL_REPL.load(Relaxed);
        let flags = CALL_CFLAGS.load(Relaxed);
        let name = argv[0];
        let mut memo = self.cmd.try_borrow_mut().ok();
        let looked_up;
        let (info, cname) = match memo.as_deref_mut().and_then(|m| m.lookup(name)) {
            Some((info, cname)) => (info, Some(cname)),
            None => {
                // A command other than the last one: rare in a script's steady state.
                std::hint::cold_path();
                let Some(i) = cmdinfo::lookup_raw(argv) else {
                    return script_error("Unknown Redis command called from script");
                };
                looked_up = i;
                (&*looked_up, None)
            }
        };
        if !cmdinfo::arity_ok(&info, argv.len()) {
            return script_error("Wrong number of args calling Redis command from script");
        }
        if info.noscript && !DENY_SCRIPTS_DISABLED.load(Relaxed) {
            return script_error("This Redis command is not allowed from script");
        }
        let from_master = FROM_MASTER.load(Relaxed);
        if flags & raw::REDISMODULE_CTX_FLAGS_SLAVE != 0
            && flags & raw::REDISMODULE_CTX_FLAGS_REPLICA_IS_STALE != 0
            && !info.stale
            && !crate::config::serve_stale_data()
        {
            return script_error("Can not execute the command on a stale replica");
        }
        if read_only && (info.write || info.may_replicate) {
            return script_error("Write commands are not allowed from read-only scripts.");
        }
        let dirty = DIRTY.load(Relaxed);
        let first_write = info.write && !dirty;
        if first_write
            && flags & raw::REDISMODULE_CTX_FLAGS_SLAVE != 0
            && flags & raw::REDISMODULE_CTX_FLAGS_READONLY != 0
            && !from_master
        {
            return fixed_error(b"-READONLY You can't write against a read only replica.");
        }
        if !allow_oom && oom_at_start && !dirty && info.denyoom && !from_master {
            return fixed_error(b"-OOM command not allowed when used memory > 'maxmemory'.");
        }
        if info.write {
            DIRTY.store(true, Relaxed);
        }
        if info.special & cmdinfo::SPECIAL_XREAD != 0 && has_block(argv) {
            return xread_block_error(name);
        }
        let sorted = if info.special & cmdinfo::SPECIAL_SORT != 0 {
            sort_for_script(ctx, argv)
        } else {
            None
        };
        let sorted_refs: Vec<&[u8]>;
        let argv: &[&[u8]] = match &sorted {
            Some(v) => {
                std::hint::cold_path();
                sorted_refs = v.iter().map(|a| a.as_slice()).collect();
                &sorted_refs
            }
            None => argv,
        };
        let (f, n) =
            &CALL_FLAGS[(repl & 3) as usize | (resp3 as usize) << 2 | (first_write as usize) << 3];
        debug_assert!(f[*n..].iter().all(|&b| b == 0));
        let slot = match crate::cluster::before_call(ctx, argv, flags) {
            Ok(s) => s,
            Err(e) => return e,
        };
        crate::ldb::note_executed();
        let keys = info.key_mask(argv.len());
        let mut cache = if keys != 0 {
            self.keys.try_borrow_mut().ok()
        } else {
            None
        };
        let mut r = match cname {
            Some(c) => ffi::call_named(ctx, c, &argv[1..], f, keys, cache.as_deref_mut()),
            None => call_unremembered(ctx, argv, &f[..*n], keys, cache.as_deref_mut()),
        };
        drop(cache);
        // call() makes the caller track the script's keys after a read-only command; one
        // that RedisModule_Call refused for the caller's ACL never reached call().
        if info.readonly && !is_acl_refusal(&r) {
            crate::tracking::note_read();
        }
        if slot.is_some() || matches!(r, Reply::Error(_)) {
            r = map_call_error(crate::cluster::after_call(slot, r));
        }
        if info.special & cmdinfo::SPECIAL_SELECT != 0 {
            after_select(ctx, argv, &r);
        }
        r
    }
}

/// RM_Call's replication flags by `redis.set_repl` value (PROPAGATE_AOF = 1, _REPL = 2):
/// `!` replicates, `R` leaves replicas out, `A` leaves the AOF out.
const REPL_FLAGS: [(u8, u8, usize); 4] =
    [(0, 0, 0), (b'!', b'R', 2), (b'!', b'A', 2), (b'!', 0, 1)];

/// RM_Call's flags (after the arguments' format) and their count, for every `redis.set_repl`
/// value (bits 0-1), RESP3 (bit 2) and first write (bit 3), built at compile time: E (errors
/// as replies), C (the caller's ACL user), !/A/R (redis.set_repl), 3 (setresp), and S
/// (script mode: NOREPLICAS and friends) only before the script's first write, as Redis
/// checks. One load per call instead of assembling them.
const CALL_FLAGS: [([u8; 8], usize); 16] = call_flag_sets();

const fn call_flag_sets() -> [([u8; 8], usize); 16] {
    let mut out = [([0u8; 8], 0usize); 16];
    let mut i = 0;
    while i < 16 {
        let (r0, r1, rn) = REPL_FLAGS[i & 3];
        let mut f = [b'E', b'C', r0, r1, 0, 0, 0, 0];
        let mut n = 2 + rn;
        if i & 4 != 0 {
            f[n] = b'3';
            n += 1;
        }
        if i & 8 != 0 {
            f[n] = b'S';
            n += 1;
        }
        out[i] = (f, n);
        i += 1;
    }
    out
}

// The rare paths of `call_inner`, out of line: the common call's code stays small (one
// request runs more code than the instruction cache holds, benches/redis_callgrind.sh).

#[cold]
#[inline(never)]
fn fixed_error(text: &[u8]) -> Reply {
    Reply::Error(text.to_vec())
}

/// RM_Call of a command the memo does not hold (`ffi::call_with_keys` looks its name up):
/// out of line, so that `redis.call`'s usual path holds one copy of the argument loop.
#[cold]
#[inline(never)]
fn call_unremembered(
    ctx: Ctx,
    argv: &[&[u8]],
    flags: &[u8],
    keys: u32,
    cache: Option<&mut crate::key_args::Cache>,
) -> Reply {
    ffi::call_with_keys(ctx, argv, flags, keys, cache)
}

#[cold]
#[inline(never)]
fn has_block(argv: &[&[u8]]) -> bool {
    argv[1..].iter().any(|a| a.eq_ignore_ascii_case(b"block"))
}

/// t_stream.c refuses BLOCK for CLIENT_SCRIPT callers, naming the command as spelled.
#[cold]
#[inline(never)]
fn xread_block_error(name: &[u8]) -> Reply {
    let n = String::from_utf8_lossy(name);
    Reply::Error(
        format!("-ERR {n} command is not allowed with BLOCK option from scripts").into_bytes(),
    )
}

/// Later calls run in the selected database; finish() restores the caller's.
#[cold]
#[inline(never)]
fn after_select(ctx: Ctx, argv: &[&[u8]], r: &Reply) {
    if *r == Reply::Status(b"OK".to_vec())
        && let Some(db) = std::str::from_utf8(argv[1])
            .ok()
            .and_then(|s| s.parse().ok())
    {
        RUN.with(|r| {
            if let Some(rc) = r.borrow_mut().as_mut() {
                rc.caller_db.get_or_insert_with(|| ffi::selected_db(ctx));
            }
        });
        ffi::select_db(ctx, db);
    }
}

impl Host for ModuleHost {
    fn in_script(&self) -> bool {
        // `begin` sets RUNNING with RUN, `finish` clears both.
        RUNNING.load(Relaxed)
    }

    fn call(&self, argv: &[&[u8]], resp3: bool) -> Reply {
        if crate::ldb::STEP_LOG.load(Relaxed) {
            return self.call_logged(argv, resp3);
        }
        self.call_inner(argv, resp3)
    }

    fn breakpoint(&self) -> bool {
        crate::ldb::breakpoint()
    }

    fn debugging(&self) -> bool {
        crate::ldb::OPEN.load(Relaxed)
    }

    fn debug_log(&self, line: Vec<u8>) {
        crate::ldb::session::log(line)
    }

    fn log(&self, level: i64, msg: &[u8]) {
        let ctx = RUN.with(|r| r.borrow().as_ref().map(|rc| rc.ctx));
        let lvl = ["debug", "verbose", "notice", "warning"][level.clamp(0, 3) as usize];
        ffi::log(ctx.unwrap_or(std::ptr::null_mut()), lvl, msg);
    }

    fn acl_check(&self, argv: &[Vec<u8>]) -> Result<bool, String> {
        let Some(ctx) = RUN.with(|r| r.borrow().as_ref().map(|rc| rc.ctx)) else {
            return Err("redis.acl_check_cmd can only be called inside a script invocation".into());
        };
        if cmdinfo::lookup(argv).is_none() {
            return Err("Invalid command passed to redis.acl_check_cmd()".into());
        }
        Ok(ffi::acl_allowed(ctx, argv))
    }

    fn set_repl(&self, flags: i64) {
        RUN.with(|r| {
            if let Some(rc) = r.borrow_mut().as_mut() {
                rc.repl = flags;
                CALL_REPL.store(flags, Relaxed);
            }
        })
    }
}

/// sort.c forces ALPHA sorting of a set sorted `BY` a constant pattern for CLIENT_SCRIPT
/// callers, so that scripts stay deterministic: the same rewrite of the arguments.
#[cold]
#[inline(never)]
fn sort_for_script(ctx: Ctx, argv: &[&[u8]]) -> Option<Vec<Vec<u8>>> {
    let by = argv
        .iter()
        .enumerate()
        .skip(2)
        .find(|(i, a)| a.eq_ignore_ascii_case(b"by") && *i + 1 < argv.len())?
        .0;
    if argv[by + 1].contains(&b'*') {
        return None;
    }
    let t = ffi::call(ctx, &[&b"TYPE"[..], argv[1]], b"E");
    if t != Reply::Status(b"set".to_vec()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = argv[..by].iter().map(|a| a.to_vec()).collect();
    out.extend(argv[by + 2..].iter().map(|a| a.to_vec()));
    if !out.iter().any(|a| a.eq_ignore_ascii_case(b"alpha")) {
        out.push(b"ALPHA".to_vec());
    }
    Some(out)
}

fn is_acl_refusal(r: &Reply) -> bool {
    matches!(r, Reply::Error(e) if e.starts_with(b"-ERR acl verification failed, ")
        || e.starts_with(b"-acl verification failed, "))
}

/// RedisModule_Call's own texts for checks Redis's scripting phrases differently.
#[cold]
#[inline(never)]
fn map_call_error(r: Reply) -> Reply {
    if let Reply::Error(e) = &r {
        for prefix in [
            &b"-ERR acl verification failed, "[..],
            b"-acl verification failed, ",
        ] {
            if let Some(rest) = e.strip_prefix(prefix) {
                let rest = rest.strip_suffix(b".").unwrap_or(rest);
                let mut m = b"The user executing the script ".to_vec();
                m.extend_from_slice(rest);
                return Reply::Error(m);
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_flags_follow_set_repl_setresp_and_the_first_write() {
        let at = |repl: usize, resp3: bool, first_write: bool| {
            let (f, n) = &CALL_FLAGS[repl | (resp3 as usize) << 2 | (first_write as usize) << 3];
            String::from_utf8(f[..*n].to_vec()).unwrap()
        };
        // redis.REPL_NONE, REPL_AOF, REPL_REPLICA, REPL_ALL.
        assert_eq!(at(0, false, false), "EC");
        assert_eq!(at(1, false, false), "EC!R");
        assert_eq!(at(2, false, false), "EC!A");
        assert_eq!(at(3, false, false), "EC!");
        assert_eq!(at(3, true, false), "EC!3");
        assert_eq!(at(3, false, true), "EC!S");
        assert_eq!(at(1, true, true), "EC!R3S");
        assert_eq!(at(0, true, true), "EC3S");
    }
}
