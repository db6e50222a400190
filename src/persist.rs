//! RDB persistence of the function libraries (functions.c saves its libraries in every RDB;
//! module functions need their own place): a module data type, `ferrousfn`, that never has
//! keys and exists for its aux callbacks. Every RDB (SAVE, BGSAVE, a replica's full sync,
//! the AOF's RDB preamble) carries, before the keyspace, one aux record:
//!
//! ```text
//! u64 count, then count × string (a library's whole source, `#!lua name=...` header included)
//! ```
//!
//! (encoding version 1). Loading re-creates each library as FUNCTION LOAD does (no time
//! limit, like the master/AOF), into a temporary store that is installed only when every
//! library loaded; a failure logs the reason and fails the RDB load as Redis does for its own
//! libraries (`DEBUG RELOAD` answers `Error trying to load the RDB dump`; at start-up the
//! server stops).
//!
//! What replaces what follows the built-in's `emptyData` + `rdbLoad`: a load (start-up,
//! full sync, `DEBUG RELOAD`, `DEBUG LOADAOF`) first drops the current libraries, except
//! `DEBUG RELOAD NOFLUSH`, where a library that already exists fails the load, or is
//! replaced with `NOFLUSH MERGE` (RDBFLAGS_ALLOW_DUP). The command filter notes DEBUG RELOAD's
//! options (`note_debug`), since the module API tells aux_load nothing about them.

use crate::ffi::{self, AuxIo};
use crate::functions::library::LibCtx;
use crate::functions::{self, LIBS};
use redis_module::raw;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

/// The data type's name (exactly 9 characters) and encoding version.
pub const TYPE_NAME: &str = "ferrousfn";
pub const ENCVER: i32 = 1;

const PENDING: u8 = 1;
const NOFLUSH: u8 = 2;
const MERGE: u8 = 4;

/// DEBUG RELOAD's options, as seen by the command filter before the command runs.
static DEBUG_RELOAD: AtomicU8 = AtomicU8::new(0);
/// How the load in progress treats existing libraries.
static MODE: AtomicU8 = AtomicU8::new(0);

/// Registers the data type (OnLoad).
pub fn register(ctx: ffi::Ctx) -> Result<(), String> {
    ffi::create_aux_type(ctx, TYPE_NAME, ENCVER, save, load, on_loading)
}

/// The command filter saw `DEBUG <sub> ...`.
pub fn note_debug(sub: &[u8], opts: impl Iterator<Item = Vec<u8>>) {
    if !sub.eq_ignore_ascii_case(b"reload") {
        return;
    }
    let mut f = PENDING;
    for o in opts {
        if o.eq_ignore_ascii_case(b"noflush") {
            f |= NOFLUSH;
        } else if o.eq_ignore_ascii_case(b"merge") {
            f |= MERGE;
        }
    }
    DEBUG_RELOAD.store(f, Relaxed);
}

fn on_loading(sub: u64) {
    match sub {
        raw::REDISMODULE_SUBEVENT_LOADING_RDB_START => {
            // Start-up or DEBUG RELOAD (no command runs before the start-up load).
            let d = DEBUG_RELOAD.swap(0, Relaxed);
            let mode = if d & NOFLUSH != 0 { d } else { 0 };
            MODE.store(mode, Relaxed);
            if mode == 0 {
                functions::flush_all();
            }
        }
        raw::REDISMODULE_SUBEVENT_LOADING_AOF_START
        | raw::REDISMODULE_SUBEVENT_LOADING_REPL_START => {
            // Start-up, DEBUG LOADAOF, a replica's full sync: Redis emptied the dataset and
            // its own libraries.
            DEBUG_RELOAD.store(0, Relaxed);
            MODE.store(0, Relaxed);
            functions::flush_all();
        }
        _ => MODE.store(0, Relaxed),
    }
}

thread_local! {
    /// The libraries (a FUNCTION DUMP payload) as they were when an AOF rewrite forked, not
    /// yet propagated.
    static REWRITE_LIBS: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// A forked child: when it is an AOF rewrite, the libraries as they are now go to the AOF
/// (only) as one `ferrous.function RESTORE <dump> REPLACE`. The rewrite writes the built-in's
/// libraries as FUNCTION LOAD commands but a module's aux data only into an RDB, so with
/// `aof-use-rdb-preamble no` the new base file has none of ours; the incremental file Redis
/// opened for the rewrite (before the fork) gets them instead, first. (With the preamble the
/// base has them too, and the replay replaces them by the same libraries; a BGREWRITEAOF while
/// AOF is off writes only the base file, which stays without them.)
///
/// Not propagated here: the fork usually happens inside a command (BGREWRITEAOF, CONFIG SET
/// appendonly yes), and RedisModule_Replicate counts as that command's change, so Redis would
/// propagate the command itself. The payload is taken now (the state the child saves) and
/// propagated before the next command runs (`before_command`), or from a timer if none comes.
pub fn on_fork_born(ctx: ffi::Ctx) {
    if !ffi::aof_rewrite_in_progress(ctx) || functions::counts().0 == 0 {
        return;
    }
    REWRITE_LIBS.with(|r| *r.borrow_mut() = Some(functions::dump()));
    crate::filter_name::set_slow(crate::filter_name::REWRITE_PENDING, true);
    ffi::after(ctx, 0, flush_rewrite_libs);
}

/// The command filter: a command is about to run (the filter takes its full path while the
/// payload waits: `filter_name::REWRITE_PENDING`).
pub fn before_command() {
    if crate::filter_name::is_slow(crate::filter_name::REWRITE_PENDING) {
        let ctx = ffi::detached();
        if !ctx.is_null() {
            flush_rewrite_libs(ctx);
        }
    }
}

fn flush_rewrite_libs(ctx: ffi::Ctx) {
    crate::filter_name::set_slow(crate::filter_name::REWRITE_PENDING, false);
    if let Some(dump) = REWRITE_LIBS.with(|r| r.borrow_mut().take()) {
        ffi::replicate_to_aof(ctx, "ferrous.function", [b"RESTORE", &dump, b"REPLACE"]);
    }
}

fn save(io: &mut AuxIo) {
    let codes: Vec<Vec<u8>> = LIBS.with(|l| match l.try_borrow() {
        Ok(l) => l.libs.values().map(|lib| lib.code.clone()).collect(),
        Err(_) => Vec::new(),
    });
    io.save_u64(codes.len() as u64);
    for c in &codes {
        io.save_bytes(c);
    }
}

fn warn(msg: &str) {
    ffi::log(std::ptr::null_mut(), "warning", msg.as_bytes());
}

fn load(io: &mut AuxIo, encver: i32) -> bool {
    if encver != ENCVER {
        warn(&format!(
            "ferrous: the RDB holds function libraries in encoding version {encver}; this Ferrous reads version {ENCVER}"
        ));
        return false;
    }
    let Some(n) = io.load_u64() else { return false };
    let mut codes = Vec::new();
    for _ in 0..n {
        let Some(c) = io.load_bytes() else {
            return false;
        };
        codes.push(c);
    }
    let mode = MODE.load(Relaxed);
    match install(&codes, mode & NOFLUSH != 0, mode & MERGE != 0) {
        Ok(()) => true,
        Err(e) => {
            warn(&format!(
                "ferrous: failed loading a function library from the RDB: {}",
                String::from_utf8_lossy(&e)
            ));
            false
        }
    }
}

/// Creates `codes` in a temporary store, then adds them to the current libraries: with
/// `keep` the existing ones stay (a name collision fails unless `replace`), else they go.
/// On any error nothing changes.
pub fn install(codes: &[Vec<u8>], keep: bool, replace: bool) -> Result<(), Vec<u8>> {
    if functions::FVM.with(|v| v.try_borrow_mut().is_err())
        || LIBS.with(|l| l.try_borrow_mut().is_err())
    {
        return Err(b"the function engine is busy".to_vec());
    }
    if !keep {
        functions::flush_all();
    }
    functions::with_vm(|vm| {
        let mut tmp = LibCtx::default();
        for code in codes {
            if let Err(e) = functions::create_library(vm, &mut tmp, code, false, false) {
                for lib in tmp.take_all() {
                    functions::release(vm, &lib.functions);
                }
                return Err(e);
            }
        }
        LIBS.with(|l| {
            let r = functions::join(vm, &mut l.borrow_mut(), &mut tmp, replace)
                .map_err(String::into_bytes);
            for lib in tmp.take_all() {
                functions::release(vm, &lib.functions);
            }
            r
        })
    })
}
