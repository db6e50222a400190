//! Module configuration (`CONFIG SET ferrous.<name>`, or `--loadmodule ferrous.so <name>
//! <value> ...`).

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

/// `ferrous.persist-functions` (immutable, default yes): save the function libraries in
/// every RDB (module aux data, `persist.rs`) and load them back. A server or replica
/// without Ferrous cannot load such an RDB (Redis stops: "no matching module
/// 'ferrousfn'"), and a module with a data type cannot be unloaded: `no` keeps the module
/// out of RDB files (libraries then live only as long as the process, or in the AOF).
pub static PERSIST_FUNCTIONS: AtomicBool = AtomicBool::new(true);

pub fn persist_functions() -> bool {
    PERSIST_FUNCTIONS.load(Relaxed)
}

/// A server configuration value (`CONFIG GET name` through the running command's context).
pub fn server_config(ctx: crate::ffi::Ctx, name: &str) -> Option<Vec<u8>> {
    use ferrous_stdlib::redis::Reply;
    match crate::ffi::call(ctx, &[&b"CONFIG"[..], b"GET", name.as_bytes()], "E") {
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

/// `replica-serve-stale-data` (Redis's `repl_serve_stale_data`).
pub fn serve_stale_data(ctx: crate::ffi::Ctx) -> bool {
    server_config(ctx, "replica-serve-stale-data").as_deref() != Some(b"no")
}
