//! Redis Cluster checks on `redis.call` (script.c `scriptVerifyClusterState`).
//!
//! * A key another node serves (or a command whose own keys span slots, or an unbound slot):
//!   `RedisModule_Call` runs cluster.c's `getNodeByQuery` itself (with the caller's READONLY
//!   and ASKING flags) and fails with its own texts, which `after_call` turns into the
//!   scripting ones (`Script attempted to access a non local key in a cluster node`, and
//!   the two cluster-down variants).
//! * Keys of different slots within one script (`Script attempted to access keys that do
//!   not hash to the same slot`), unless the script has `allow-cross-slot-keys`: the slot of
//!   the declared keys (Redis's `original_c->slot`, noted by `note_command` when the
//!   command arrives) or else of the first key the script accessed must match every later
//!   command's slot. `before_call` checks it before the command runs; when the command's
//!   slot is not served here it reports the non-local error instead, as Redis checks that
//!   first.
//! * `no-cluster` scripts are refused in `commands::eval::prepare`.
//!
//! Nothing here runs unless the server is in cluster mode; the master's and the AOF's
//! scripts are not checked (mustObeyClient).

use crate::ffi::{self, Ctx};
use crate::run::FROM_MASTER;
use ferrous_stdlib::redis::Reply;
use redis_module::raw;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering::Relaxed};

pub const NON_LOCAL: &str = "Script attempted to access a non local key in a cluster node";
pub const CROSS_SLOT: &str = "Script attempted to access keys that do not hash to the same slot";
const DOWN: &str = "Script attempted to execute a command while the cluster is down";
const DOWN_RO: &str =
    "Script attempted to execute a write command while the cluster is down and readonly";

// Statics, not thread-locals: every script command writes them and a thread-local in a
// shared object costs a `__tls_get_addr` call. Only Redis's main thread runs scripts.
/// The slot of the running script's keys so far (-1: none yet).
static SLOT: AtomicI32 = AtomicI32::new(-1);
static ALLOW_CROSS_SLOT: AtomicBool = AtomicBool::new(false);

/// cluster.c's `crc16` is CRC-16/XMODEM (CCITT polynomial, no reflection, init 0).
const CRC16: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM);

fn crc16(b: &[u8]) -> u16 {
    CRC16.checksum(b)
}

/// `keyHashSlot`: the `{hash tag}` if there is a non-empty one, else the whole key.
pub fn key_slot(key: &[u8]) -> i32 {
    let part = key
        .iter()
        .position(|&c| c == b'{')
        .and_then(|s| {
            let rest = &key[s + 1..];
            rest.iter()
                .position(|&c| c == b'}')
                .filter(|&e| e > 0)
                .map(|e| &rest[..e])
        })
        .unwrap_or(key);
    (crc16(part) & 0x3FFF) as i32
}

/// Whether the server runs in cluster mode (`cluster-enabled` cannot change while it runs),
/// read once when the module loads.
static CLUSTER: AtomicBool = AtomicBool::new(false);

/// Notes the server's mode at load.
pub fn init(ctx: Ctx) {
    CLUSTER.store(
        ffi::context_flags(ctx) & raw::REDISMODULE_CTX_FLAGS_CLUSTER != 0,
        Relaxed,
    );
}

/// Every script command passes here first: it starts a new run with the slot of its
/// declared keys (Redis's `c->slot` from processCommand).
pub fn note_command(args: &[&[u8]]) {
    ALLOW_CROSS_SLOT.store(false, Relaxed);
    let mut slot = -1;
    if CLUSTER.load(Relaxed)
        && args.len() > 3
        && let Some(n) = std::str::from_utf8(args[2])
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
        && n > 0
    {
        slot = key_slot(args[3]);
    }
    SLOT.store(slot, Relaxed);
}

/// The script's `allow-cross-slot-keys` flag (set once its flags are known).
pub fn set_allow_cross_slot(allow: bool) {
    ALLOW_CROSS_SLOT.store(allow, Relaxed);
}

/// Before `redis.call` runs `argv` (context flags `flags`): the cross-slot check. Ok holds
/// the slot to record as the script's once the command passed RM_Call's own checks.
#[inline(always)]
pub fn before_call(ctx: Ctx, argv: &[&[u8]], flags: u32) -> Result<Option<i32>, Reply> {
    if flags & raw::REDISMODULE_CTX_FLAGS_CLUSTER == 0 {
        return Ok(None);
    }
    before_call_in_cluster(ctx, argv)
}

/// `before_call` on a cluster node (out of line: most servers are not).
#[inline(never)]
fn before_call_in_cluster(ctx: Ctx, argv: &[&[u8]]) -> Result<Option<i32>, Reply> {
    if FROM_MASTER.load(Relaxed) || ALLOW_CROSS_SLOT.load(Relaxed) {
        return Ok(None);
    }
    let keys = ffi::command_keys(ctx, argv);
    let mut slots = keys
        .iter()
        .filter_map(|&i| argv.get(i))
        .map(|k| key_slot(k));
    let Some(first) = slots.next() else {
        return Ok(None);
    };
    if slots.any(|s| s != first) {
        // getNodeByQuery's CROSS_SLOT: RM_Call answers with the non-local error.
        return Ok(None);
    }
    let current = SLOT.load(Relaxed);
    if current == -1 {
        return Ok(Some(first));
    }
    if current == first {
        return Ok(None);
    }
    if serves_slot(ctx, first) {
        Err(Reply::Error(CROSS_SLOT.as_bytes().to_vec()))
    } else {
        Err(Reply::Error(NON_LOCAL.as_bytes().to_vec()))
    }
}

/// After RM_Call: its cluster errors in the scripting wording; records the script's slot.
pub fn after_call(pending: Option<i32>, r: Reply) -> Reply {
    if let Reply::Error(e) = &r {
        let e = e.strip_prefix(b"-").unwrap_or(e);
        let e = e.strip_prefix(b"ERR ").unwrap_or(e);
        if e.starts_with(b"Attempted to access a non local key in a cluster node") {
            return Reply::Error(NON_LOCAL.as_bytes().to_vec());
        }
        if e.starts_with(b"Can not execute a write command '")
            && e.ends_with(b"while the cluster is down and readonly")
        {
            return Reply::Error(DOWN_RO.as_bytes().to_vec());
        }
        if e.starts_with(b"Can not execute a command '")
            && e.ends_with(b"while the cluster is down")
        {
            return Reply::Error(DOWN.as_bytes().to_vec());
        }
    }
    if let Some(slot) = pending {
        SLOT.store(slot, Relaxed);
    }
    r
}

/// Whether this node (or, on a replica, its master) serves `slot`, from `CLUSTER NODES`.
/// Only on the error path.
fn serves_slot(ctx: Ctx, slot: i32) -> bool {
    let r = ffi::call(ctx, &[b"CLUSTER".to_vec(), b"NODES".to_vec()], b"E");
    let text = match r {
        Reply::Bulk(b) | Reply::Verbatim(_, b) => String::from_utf8_lossy(&b).into_owned(),
        _ => return true,
    };
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    let Some(me) = lines.iter().find(|f| {
        f.get(2)
            .is_some_and(|fl| fl.split(',').any(|x| x == "myself"))
    }) else {
        return true;
    };
    let owner = if me[2].split(',').any(|x| x == "slave") {
        lines.iter().find(|f| f.first() == me.get(3)).unwrap_or(me)
    } else {
        me
    };
    owner.iter().skip(8).any(|r| {
        if r.starts_with('[') {
            return false;
        }
        let mut it = r.splitn(2, '-');
        let a = it.next().and_then(|x| x.parse::<i32>().ok());
        let b = it.next().and_then(|x| x.parse::<i32>().ok()).or(a);
        matches!((a, b), (Some(a), Some(b)) if a <= slot && slot <= b)
    })
}
