//! The context flags a script run checks (replica, read-only replica, stale link, OOM,
//! maxmemory, cluster, replicated), without `RedisModule_GetContextFlags` on every run when
//! none of them can be set.
//!
//! On a master without `maxmemory` the only one that can be set is the cluster flag:
//! `REPLICA`/`READONLY`/`REPLICA_IS_STALE` need `masterhost`, `REPLICATED` a master client
//! (which exists only on a replica), `OOM`/`MAXMEMORY` a `maxmemory`. The role is known at
//! load and from the replication-role events (`replicationSetMaster`/`UnsetMaster` fire
//! them: REPLICAOF, FAILOVER, CLUSTER REPLICATE/FAILOVER), `maxmemory` at load and from the
//! config events (CONFIG SET is the only way it changes at run time). Otherwise the server is
//! asked, as before. RM_GetContextFlags was ~130 instructions and ~15 instruction-cache
//! misses of every EVALSHA.

use crate::ffi::{self, Ctx};
use redis_module::raw;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};

static REPLICA: AtomicBool = AtomicBool::new(false);
static MAXMEMORY: AtomicBool = AtomicBool::new(false);
/// The flags of a plain master (the cluster flag, fixed at start).
static PLAIN: AtomicU32 = AtomicU32::new(0);

/// Reads the role and the cluster mode (OnLoad; `config::refresh_server` notes `maxmemory`).
pub fn init(ctx: Ctx) {
    let f = ffi::context_flags(ctx);
    REPLICA.store(f & raw::REDISMODULE_CTX_FLAGS_SLAVE != 0, Relaxed);
    PLAIN.store(f & raw::REDISMODULE_CTX_FLAGS_CLUSTER, Relaxed);
}

/// The replication role changed (`now_replica`: REPLICAOF host port; false: NO ONE).
pub fn set_replica(now_replica: bool) {
    REPLICA.store(now_replica, Relaxed);
}

/// `maxmemory` is set (non-zero).
pub fn set_maxmemory(on: bool) {
    MAXMEMORY.store(on, Relaxed);
}

/// RedisModule_GetContextFlags for a script run's checks: only the bits those read are
/// meaningful.
#[inline]
pub fn for_script(ctx: Ctx) -> u32 {
    if REPLICA.load(Relaxed) || MAXMEMORY.load(Relaxed) {
        return ffi::context_flags(ctx);
    }
    PLAIN.load(Relaxed)
}
