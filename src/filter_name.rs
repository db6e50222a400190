//! The command filter's first look at a command's name, without module calls.
//!
//! The filter runs before every command the server receives, and for nearly all of them it
//! only needs argument 0's length and first letter to know it has nothing to do. Through the
//! module API that is two calls (`RedisModule_CommandFilterArgGet`, `RedisModule_StringPtrLen`),
//! about 30 instructions — as much again as the quick test and the rest of the callback, and
//! what kept the filter's cost on GET above 2% (benches/redis_commandstats.sh). This module
//! reads the same name from Redis's own structures, the way those two calls do in 7.0:
//! `RedisModuleCommandFilterCtx` starts with `robj **argv`, and a string `robj` holds its
//! sds pointer at offset 8 (`type:4 encoding:4 lru:24`, `int refcount`, `void *ptr`).
//!
//! Both layouts are checked against the API's own answers on the first command the filter
//! sees (pointer comparisons, nothing dereferenced that the API did not return); on any
//! difference the filter uses the API from then on. The quick path is gated by one byte
//! (`SLOW`) that also carries the module's other reasons to look at every command (a
//! pending AOF-rewrite payload, an open debugging session). The read stops at the first NUL (an sds
//! is NUL-terminated), so a name with a NUL inside looks shorter than it is: the quick test
//! may then let it through to the filter proper (which reads it through the API), but never
//! rejects a name the filter acts on, since none contains a NUL.

use redis_module::raw;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

/// Why the filter callback must take its full path for every command (bits; 0: the quick
/// rejection may run). One byte, so the common case is one load and one test.
static SLOW: AtomicU8 = AtomicU8::new(LAYOUT_UNCHECKED);
/// The layouts have not been compared with the API yet (the first command).
const LAYOUT_UNCHECKED: u8 = 1;
/// They differ: argument 0 is always read through the API.
const LAYOUT_BAD: u8 = 2;
/// An AOF rewrite's libraries wait for the next command (`persist::before_command`).
pub const REWRITE_PENDING: u8 = 4;
/// A debugging session is open: every command goes to the debugger (`ldb`).
pub const SESSION_OPEN: u8 = 8;

/// Sets or clears a reason for the full path.
pub fn set_slow(reason: u8, on: bool) {
    if on {
        SLOW.fetch_or(reason, Relaxed);
    } else {
        SLOW.fetch_and(!reason, Relaxed);
    }
}

pub fn is_slow(reason: u8) -> bool {
    SLOW.load(Relaxed) & reason != 0
}

/// Whether the quick rejection may run (no reason for the full path).
#[inline(always)]
pub fn quick() -> bool {
    SLOW.load(Relaxed) == 0
}

/// Names longer than this are no filter name (the longest is `ferrous.evalsha_ro`, 18).
pub const MAX_NAME: usize = 19;

/// argv[0]'s sds, or null when argument 0 is not a raw or embedded string: the context's
/// first field is `robj **argv`, a string `robj` holds its sds pointer at offset 8. Only
/// those two encodings hold a pointer there; an integer-encoded name (another module's filter
/// may put one there with `RedisModule_CreateStringFromLongLong`) holds its value, so it takes
/// the API path.
///
/// # Safety
/// `fctx` is the live filter context Redis passed to the callback (a command always has its
/// name, argument 0), and the layouts were checked (`quick()` or `check`).
#[inline(always)]
pub unsafe fn name_ptr(fctx: *mut raw::RedisModuleCommandFilterCtx) -> *const u8 {
    // SAFETY: the caller's contract.
    unsafe {
        let o = **(fctx as *const *const *const u8);
        if !is_sds_string(*o) {
            return std::ptr::null();
        }
        *(o.add(8) as *const *const u8)
    }
}

/// The first byte of a `robj` (`type:4` in the low bits, `encoding:4` above them, as gcc lays
/// out the bit-fields on x86-64 and arm64): `OBJ_STRING` (0) with `OBJ_ENCODING_RAW` (0) or
/// `OBJ_ENCODING_EMBSTR` (8).
#[inline(always)]
fn is_sds_string(type_and_encoding: u8) -> bool {
    type_and_encoding & 0x7f == 0
}

/// The name at `s` up to its first NUL, at most `MAX_NAME` bytes (more means longer than
/// any filter name).
///
/// # Safety
/// `s` is an sds (NUL-terminated, so no byte past its end is read) that outlives `'a`.
#[inline(always)]
pub unsafe fn name_at<'a>(s: *const u8) -> &'a [u8] {
    let mut n = 0;
    // SAFETY: the caller's contract.
    unsafe {
        while n < MAX_NAME && *s.add(n) != 0 {
            n += 1;
        }
        std::slice::from_raw_parts(s, n)
    }
}

/// Compares the direct reads with the API's answers, on the first command the callback
/// sees (nothing is dereferenced that the API did not return): afterwards the quick path
/// runs, or never when they differ.
#[cold]
#[inline(never)]
pub fn check(fctx: *mut raw::RedisModuleCommandFilterCtx) {
    if SLOW.load(Relaxed) & (LAYOUT_UNCHECKED | LAYOUT_BAD) != LAYOUT_UNCHECKED {
        return;
    }
    // SAFETY: a live filter context, inside the callback.
    let ok = unsafe {
        let api = raw::RedisModule_CommandFilterArgGet.unwrap()(fctx, 0);
        !api.is_null() && **(fctx as *const *const *const u8) == api as *const u8 && {
            let mut len = 0usize;
            let p = raw::RedisModule_StringPtrLen.unwrap()(api, &mut len);
            // A command's name from the network is a raw or embedded string: its first byte
            // must read as one, and its sds pointer must be the API's.
            is_sds_string(*(api as *const u8))
                && *((api as *const u8).add(8) as *const *const u8) == p as *const u8
        }
    };
    set_slow(LAYOUT_UNCHECKED, false);
    if !ok {
        set_slow(LAYOUT_BAD, true);
    }
}
