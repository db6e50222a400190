//! Module configuration (`CONFIG SET ferrous.<name>`, or `--loadmodule ferrous.so <name>
//! <value> ...`).

use redis_module::RedisError;
use redis_module::configuration::{ConfigurationContext, ConfigurationValue};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering::Relaxed};

/// `ferrous.drop-in`: serve EVAL/EVALSHA/EVAL_RO/EVALSHA_RO/SCRIPT (and FCALL, FCALL_RO,
/// FUNCTION) sent by clients, through a command filter.
pub static DROP_IN: AtomicBool = AtomicBool::new(false);
/// `ferrous.memory-limit`: bytes each script VM may hold (0: no limit). Crossing it raises
/// `not enough memory` in the script. It also bounds a script's reply. The default is
/// protective: the VMs' memory is not in `used_memory` (see lib.rs, the allocator), so
/// `maxmemory` does not stop a runaway script; this does.
pub const DEFAULT_MEMORY_LIMIT: i64 = 512 * 1024 * 1024;
pub static MEMORY_LIMIT: AtomicI64 = AtomicI64::new(DEFAULT_MEMORY_LIMIT);
/// `ferrous.max-call-depth`: Lua call depth before `stack overflow`.
pub static MAX_CALL_DEPTH: AtomicI64 = AtomicI64::new(20000);

pub fn drop_in() -> bool {
    DROP_IN.load(Relaxed)
}

pub fn memory_limit() -> usize {
    MEMORY_LIMIT.load(Relaxed).max(0) as usize
}

pub fn max_call_depth() -> usize {
    MAX_CALL_DEPTH.load(Relaxed).max(1) as usize
}

/// `ferrous.busy-reply-threshold`: milliseconds before a script is busy (other clients get
/// BUSY, SCRIPT KILL works); 0 never, -1 (default) follows Redis's `busy-reply-threshold`.
/// A module can only yield to clients once Redis's own threshold has passed (RM_Yield's
/// gate), so setting this also sets Redis's `busy-reply-threshold` to the same value.
pub static BUSY_THRESHOLD: AtomicI64 = AtomicI64::new(-1);

pub fn busy_threshold() -> i64 {
    BUSY_THRESHOLD.load(Relaxed)
}

/// Mirrors a non-negative module threshold onto the server's.
pub fn apply_busy_threshold() {
    let v = busy_threshold();
    if v >= 0 {
        crate::ffi::call_detached(&[
            b"CONFIG".to_vec(),
            b"SET".to_vec(),
            b"busy-reply-threshold".to_vec(),
            v.to_string().into_bytes(),
        ]);
    }
}

/// `ferrous.persist-functions` (default yes): save the function libraries in every RDB
/// (module aux data, `persist.rs`) and load them back. A server or replica without Ferrous
/// cannot load such an RDB (Redis stops: "no matching module 'ferrousfn'"), and a module
/// with a data type cannot be unloaded: `no` keeps the module out of RDB files (libraries
/// then live only as long as the process, or in the AOF).
///
/// The data type exists or not from OnLoad on (`RedisModule_CreateDataType` works only
/// there, and Redis 7.0 writes a registered type's aux record into every RDB), so the value
/// is fixed at load. It is not IMMUTABLE, so that CONFIG SET of every CONFIG GET pair
/// succeeds (tools re-apply a whole config): setting the value in effect is accepted, a
/// change is refused with the reason.
pub struct PersistFunctions {
    value: AtomicBool,
    fixed: AtomicBool,
}

impl PersistFunctions {
    /// OnLoad, after the load-time values (module arguments, config file) were applied.
    pub fn fix(&self) {
        self.fixed.store(true, Relaxed);
    }
}

impl ConfigurationValue<bool> for PersistFunctions {
    fn get(&self, _ctx: &ConfigurationContext) -> bool {
        self.value.load(Relaxed)
    }
    fn set(&self, _ctx: &ConfigurationContext, val: bool) -> Result<(), RedisError> {
        if self.fixed.load(Relaxed) && val != self.value.load(Relaxed) {
            return Err(RedisError::Str(
                "persist-functions is fixed when the module loads (module arguments or the config file); changing it takes a restart",
            ));
        }
        self.value.store(val, Relaxed);
        Ok(())
    }
}

pub static PERSIST_FUNCTIONS: PersistFunctions = PersistFunctions {
    value: AtomicBool::new(true),
    fixed: AtomicBool::new(false),
};

pub fn persist_functions() -> bool {
    PERSIST_FUNCTIONS.value.load(Relaxed)
}

/// A server configuration value (`CONFIG GET name` through `ctx`). Only from `refresh_server`
/// and on rare paths: a per-call query would cost more than the script and show in MONITOR
/// and commandstats.
pub fn server_config(ctx: crate::ffi::Ctx, name: &str) -> Option<Vec<u8>> {
    use ferrous_stdlib::redis::Reply;
    match crate::ffi::call(ctx, &[&b"CONFIG"[..], b"GET", name.as_bytes()], b"E") {
        Reply::Array(mut v) if v.len() == 2 => match v.pop() {
            Some(Reply::Bulk(b)) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// An integer server configuration value.
pub fn server_config_int(ctx: crate::ffi::Ctx, name: &str) -> Option<i64> {
    std::str::from_utf8(&server_config(ctx, name)?)
        .ok()?
        .parse()
        .ok()
}

// The server settings the per-script checks read, cached: read at load and again on every
// config-change server event that names one of them (`on_config_change`). CONFIG SET is the only way
// they change at run time.
/// `replica-serve-stale-data` (Redis's `repl_serve_stale_data`).
static SERVE_STALE_DATA: AtomicBool = AtomicBool::new(true);
/// `min-replicas-to-write` when `min-replicas-max-lag` is also set (Redis checks good
/// replicas only then), else 0.
static MIN_REPLICAS_TO_WRITE: AtomicI64 = AtomicI64::new(0);
/// The server's `busy-reply-threshold` (ms).
static SERVER_BUSY_THRESHOLD: AtomicI64 = AtomicI64::new(5000);

/// The settings `refresh_server` reads, by their canonical names (what the config-change
/// event reports) and aliases.
const WATCHED: &[&[u8]] = &[
    b"maxmemory",
    b"replica-serve-stale-data",
    b"slave-serve-stale-data",
    b"min-replicas-to-write",
    b"min-slaves-to-write",
    b"min-replicas-max-lag",
    b"min-slaves-max-lag",
    b"busy-reply-threshold",
    b"lua-time-limit",
];

/// A config-change event: the cache is read again only when a setting it holds changed, so a
/// user's CONFIG SET of anything else sends no CONFIG GET (it would show in commandstats).
pub fn on_config_change(ctx: crate::ffi::Ctx, names: &[&[u8]]) {
    if names
        .iter()
        .any(|n| WATCHED.iter().any(|w| n.eq_ignore_ascii_case(w)))
    {
        refresh_server(ctx);
    }
}

/// Reads the cached server settings again (OnLoad and config-change events).
pub fn refresh_server(ctx: crate::ffi::Ctx) {
    SERVE_STALE_DATA.store(
        server_config(ctx, "replica-serve-stale-data").as_deref() != Some(b"no"),
        Relaxed,
    );
    let lag = server_config_int(ctx, "min-replicas-max-lag").unwrap_or(0);
    let need = server_config_int(ctx, "min-replicas-to-write").unwrap_or(0);
    MIN_REPLICAS_TO_WRITE.store(if lag > 0 { need } else { 0 }, Relaxed);
    SERVER_BUSY_THRESHOLD.store(
        server_config_int(ctx, "busy-reply-threshold").unwrap_or(5000),
        Relaxed,
    );
    // Unknown: ask the server on every run (ctx_flags).
    crate::ctx_flags::set_maxmemory(server_config_int(ctx, "maxmemory").is_none_or(|m| m != 0));
}

pub fn serve_stale_data() -> bool {
    SERVE_STALE_DATA.load(Relaxed)
}

pub fn min_replicas_to_write() -> i64 {
    MIN_REPLICAS_TO_WRITE.load(Relaxed)
}

pub fn server_busy_threshold() -> i64 {
    SERVER_BUSY_THRESHOLD.load(Relaxed)
}
