//! Ferrous as a Redis module: `FERROUS.EVAL`, `FERROUS.EVALSHA`, `FERROUS.EVAL_RO`,
//! `FERROUS.EVALSHA_RO` and `FERROUS.SCRIPT`, with Redis 7.0's semantics, plus a drop-in
//! mode (a command filter) that serves clients' `EVAL`/`EVALSHA`/`SCRIPT` commands.
//!
//! Only this crate touches Redis; raw module API calls are confined to `ffi.rs`. The Lua
//! side (the `redis` table, the sandbox, conversions) lives in `ferrous-stdlib`.

pub mod cluster;
pub mod cmd_memo;
pub mod cmdinfo;
pub mod command_docs;
pub mod commands;
pub mod config;
pub mod ctx_flags;
pub mod dropin;
pub mod dump;
pub mod engine;
// Crate-private: their safe wrappers take Redis's raw context and string pointers, valid only
// as Redis hands them to this crate's callbacks, so no other crate may call them.
pub(crate) mod ffi;
pub(crate) mod filter_name;
pub mod functions;
pub mod glob;
pub mod key_args;
pub mod last_script;
pub mod ldb;
pub mod persist;
pub mod resp;
pub mod run;
pub mod script_flags;
pub mod shebang;
pub mod tracking;
pub mod vm_memory;

use commands::Handler;
use ffi::{Ctx, RawArgv, Replier};
use redis_module::configuration::ConfigurationFlags;
use redis_module::{Context, InfoContext, RedisResult, RedisString, Status, redis_module};
use std::os::raw::c_int;
use std::sync::atomic::{AtomicI32, AtomicPtr, Ordering::Relaxed};

// The running script command's own argument vector (Redis keeps it while the command runs):
// FUNCTION STATS copies it only when it can be seen (functions::Current).
static COMMAND_ARGV: AtomicPtr<*mut redis_module::raw::RedisModuleString> =
    AtomicPtr::new(std::ptr::null_mut());
static COMMAND_ARGC: AtomicI32 = AtomicI32::new(0);

/// The running script command's argument vector and count (`dispatch`).
pub fn command_argv() -> (RawArgv, i32) {
    (COMMAND_ARGV.load(Relaxed), COMMAND_ARGC.load(Relaxed))
}

/// Runs a command handler; a panic becomes an error reply instead of aborting Redis.
/// `script`: the command runs a script (EVAL*, FCALL*), which starts a new cluster run.
fn dispatch(ctx: Ctx, argv: RawArgv, argc: c_int, h: Handler, script: bool) -> c_int {
    // Everything runs inside the guard: reading argv, the cluster note and the tracking
    // bookkeeping included.
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut inline = [std::mem::MaybeUninit::<&[u8]>::uninit(); ffi::INLINE_ARGS];
        let heap;
        // SAFETY: Redis hands a command `argc` live argument strings for its duration.
        let args: &[&[u8]] = if argc >= 0 && (argc as usize) <= ffi::INLINE_ARGS {
            unsafe { ffi::args_into(argv, argc, &mut inline) }
        } else {
            heap = unsafe { ffi::args(argv, argc) };
            &heap
        };
        let keys_request = ffi::is_keys_position_request(ctx);
        if script && keys_request && !tracking::report_keys(argv as usize) {
            return;
        }
        if script && !keys_request {
            cluster::note_command(args);
            tracking::run_starts();
            COMMAND_ARGV.store(argv, Relaxed);
            COMMAND_ARGC.store(argc, Relaxed);
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h(ctx, args)));
        if script && !keys_request {
            tracking::run_ends(argv as usize);
        }
        if let Err(p) = r {
            std::panic::resume_unwind(p);
        }
    }));
    if r.is_err() {
        after_panic(ctx);
    }
    redis_module::raw::REDISMODULE_OK as c_int
}

/// A command handler panicked: the VM may be half-way through something, so the next
/// script starts from a fresh one.
#[cold]
#[inline(never)]
fn after_panic(ctx: Ctx) {
    let _ = std::panic::catch_unwind(|| {
        engine::ENGINE.with(|e| {
            if let Ok(mut b) = e.try_borrow_mut() {
                *b = None;
            }
        });
        run::finish();
        Replier(ctx)
            .error_str("ERR internal error in Ferrous (panic caught); the script engine was reset");
    });
}

macro_rules! command {
    ($name:ident, $handler:path, $script:expr) => {
        extern "C" fn $name(ctx: Ctx, argv: RawArgv, argc: c_int) -> c_int {
            dispatch(ctx, argv, argc, $handler, $script)
        }
    };
}

command!(cmd_eval, commands::eval::eval, true);
command!(cmd_evalsha, commands::eval::evalsha, true);
command!(cmd_eval_ro, commands::eval::eval_ro, true);
command!(cmd_evalsha_ro, commands::eval::evalsha_ro, true);
command!(cmd_script, commands::script::script, false);
command!(cmd_fcall, commands::function::fcall, true);
command!(cmd_fcall_ro, commands::function::fcall_ro, true);
command!(cmd_function, commands::function::function, false);
command!(cmd_ldb, ldb::commands::ldb, false);

fn init(ctx: &Context, _args: &[RedisString]) -> Status {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("PANIC in ferrous: {info}");
        ffi::log(std::ptr::null_mut(), "warning", msg.as_bytes());
    }));
    engine::set_server_version(&ffi::server_version());
    let c = ctx.ctx;
    ffi::init_detached(c);
    cluster::init(c);
    ctx_flags::init(c);
    config::apply_busy_threshold();
    config::refresh_server(c);
    if let Err(e) = ffi::subscribe_config_changes(c, config::on_config_change) {
        ctx.log_warning(&e);
        return Status::Err;
    }
    // The script commands once per flag set their scripts can give them (script_flags.rs).
    let scripts: [ffi::CmdFn; 6] = [
        cmd_eval,
        cmd_evalsha,
        cmd_eval_ro,
        cmd_evalsha_ro,
        cmd_fcall,
        cmd_fcall_ro,
    ];
    for ((name, _, ro), f) in script_flags::COMMANDS.iter().zip(scripts) {
        for v in script_flags::Variant::ALL {
            let full = format!("{name}{}", v.suffix());
            let flags = script_flags::command_flags(*ro, v);
            if let Err(e) = ffi::create_command(c, &full, f, &flags) {
                ctx.log_warning(&e);
                return Status::Err;
            }
        }
    }
    let cmds: &[(&str, ffi::CmdFn, &str)] = &[
        (
            "ferrous.script",
            cmd_script,
            "deny-script allow-busy allow-stale",
        ),
        (
            ldb::COMMAND,
            cmd_ldb,
            "deny-script allow-busy allow-stale allow-loading",
        ),
    ];
    for (name, f, flags) in cmds {
        if let Err(e) = ffi::create_command(c, name, *f, flags) {
            ctx.log_warning(&e);
            return Status::Err;
        }
    }
    for v in script_flags::FUNCTION_VARIANTS {
        let name = format!("{}{}", script_flags::FUNCTION, v.suffix());
        let flags = script_flags::function_flags(v);
        if let Err(e) = ffi::create_command(c, &name, cmd_function, flags) {
            ctx.log_warning(&e);
            return Status::Err;
        }
    }
    config::PERSIST_FUNCTIONS.fix();
    if config::persist_functions()
        && let Err(e) = persist::register(c)
    {
        ctx.log_warning(&e);
        return Status::Err;
    }
    if config::persist_functions()
        && let Err(e) = ffi::subscribe_fork_born(c, persist::on_fork_born)
    {
        ctx.log_warning(&e);
        return Status::Err;
    }
    if let Err(e) = ffi::subscribe_role_changes(c, ctx_flags::set_replica) {
        ctx.log_warning(&e);
        return Status::Err;
    }
    if let Err(e) = ffi::subscribe_client_gone(c, ldb::client_gone) {
        ctx.log_warning(&e);
        return Status::Err;
    }
    if let Err(e) = ffi::register_filter::<dropin::DropIn>(c) {
        ctx.log_warning(&e);
        return Status::Err;
    }
    // The command table, read once now, with the module's own commands (no client can watch a start-up load) and again
    // when modules come and go: never a query while a script runs.
    cmdinfo::load_all(c);
    if let Err(e) = ffi::subscribe_module_changes(c, cmdinfo::load_all) {
        ctx.log_warning(&e);
        return Status::Err;
    }
    Status::Ok
}

fn info(ctx: &InfoContext, for_crash_report: bool) {
    // No panic may cross into Redis (INFO is also called while Redis writes a crash report).
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        info_fields(ctx, for_crash_report)
    }));
}

fn info_fields(ctx: &InfoContext, _for_crash_report: bool) {
    let (scripts, eval_mem) = engine::ENGINE.with(|e| match e.try_borrow() {
        Ok(b) => b.as_ref().map_or((0, Default::default()), |eng| {
            (eng.scripts.len(), eng.vm.memory_stats())
        }),
        Err(_) => (0, Default::default()),
    });
    let fn_mem = functions::vm_memory();
    let s = engine::STATS.snapshot();
    let (libraries, functions) = functions::counts();
    let _ = ctx
        .builder()
        .add_section("stats")
        .field("drop_in", if config::drop_in() { "yes" } else { "no" })
        .and_then(|b| b.field("cached_scripts", scripts.to_string()))
        // The VMs' heaps (what collectgarbage("count") sees and memory-limit bounds) and what
        // they hold besides (arenas, intern table, stacks); neither is in used_memory.
        .and_then(|b| b.field("used_memory_vm_eval", eval_mem.accounted_bytes.to_string()))
        .and_then(|b| {
            b.field(
                "reserved_memory_vm_eval",
                eval_mem.reserved_bytes.to_string(),
            )
        })
        .and_then(|b| b.field("gc_cycles_eval", eval_mem.gc_cycles.to_string()))
        .and_then(|b| b.field("libraries", libraries.to_string()))
        .and_then(|b| b.field("functions", functions.to_string()))
        .and_then(|b| {
            b.field(
                "used_memory_vm_functions",
                fn_mem.accounted_bytes.to_string(),
            )
        })
        .and_then(|b| {
            b.field(
                "reserved_memory_vm_functions",
                fn_mem.reserved_bytes.to_string(),
            )
        })
        .and_then(|b| b.field("memory_limit", config::memory_limit().to_string()))
        .and_then(|b| b.field("calls", s.calls.to_string()))
        .and_then(|b| b.field("errors", s.errors.to_string()))
        .and_then(|b| b.field("kills", s.kills.to_string()))
        .and_then(|b| b.field("script_flushes", s.flushes.to_string()))
        .and_then(|b| b.build_section())
        .and_then(|b| b.build_info());
}

redis_module! {
    name: "ferrous",
    version: 1,
    // The C library's allocator, not Redis's: like the built-in engine's Lua heap (plain
    // malloc), script memory is not in `used_memory`, so a script's temporary tables never
    // make `maxmemory` evict user keys. INFO ferrous reports it; `memory-limit` bounds it.
    allocator: (std::alloc::System, std::alloc::System),
    data_types: [],
    init: init,
    info: info,
    commands: [],
    configurations: [
        i64: [
            ["memory-limit", &config::MEMORY_LIMIT, config::DEFAULT_MEMORY_LIMIT, 0, i64::MAX, ConfigurationFlags::MEMORY, None],
            ["max-call-depth", &config::MAX_CALL_DEPTH, 20000, 100, 100_000_000, ConfigurationFlags::DEFAULT, None],
            ["busy-reply-threshold", &config::BUSY_THRESHOLD, -1, -1, i64::MAX, ConfigurationFlags::DEFAULT,
                Some(Box::new(|_: &redis_module::configuration::ConfigurationContext, _: &str, _: &'static std::sync::atomic::AtomicI64| {
                    // A config callback runs inside Redis's CONFIG SET: no panic may cross.
                    let _ = std::panic::catch_unwind(config::apply_busy_threshold);
                }))],
        ],
        string: [],
        bool: [
            ["drop-in", &config::DROP_IN, false, ConfigurationFlags::DEFAULT, None],
            ["persist-functions", &config::PERSIST_FUNCTIONS, true, ConfigurationFlags::DEFAULT, None],
        ],
        enum: [],
        module_args_as_configuration: true,
    ]
}
