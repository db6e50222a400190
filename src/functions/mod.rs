//! The function engine (Redis 7.0 Functions): one VM for every library, separate from the
//! EVAL VM (function_lua.c), the library store (`library.rs`), and the
//! library creation logic of functions.c (`functionsCreateWithLibraryCtx`, `libraryJoin`).
//!
//! Re-entrancy: FUNCTION KILL / STATS run inside a busy FCALL's `RedisModule_Yield`. The VM
//! (`FVM`) stays borrowed for the whole call, so STATS only reads the store (`LIBS`, borrowed
//! briefly by FCALL before the call) and `CURRENT`.

use crate::engine;
use crate::ffi;
use crate::run::{HOOK_INSTRUCTIONS, ModuleHost};
use ferrous_stdlib::redis::function_env::{self, BAD_NAME};
pub mod library;

use ferrous_vm::value::StrRef;
use ferrous_vm::{LuaError, Throw, Value, Vm};
use library::{Func, LibCtx, Library, parse_meta};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// FUNCTION LOAD's time limit (functions.h `LOAD_TIMEOUT_MS`).
pub const LOAD_TIMEOUT: Duration = Duration::from_millis(500);

/// The FCALL being run, for FUNCTION STATS. STATS can only see it from inside the FCALL's
/// `RedisModule_Yield` (the hook, past the busy threshold), so the caller's command is copied
/// there (`before_yield`), not on every FCALL: `start` notes the command's own argument
/// vector, which Redis keeps while the command runs. The buffers are kept from one copy to
/// the next.
pub struct Current {
    pub running: bool,
    pub name: Rc<str>,
    /// The caller's command (`argv[..argc]`; later entries are spare buffers), once copied.
    pub argv: Vec<Vec<u8>>,
    pub argc: usize,
    pub start: Instant,
    /// The running FCALL's argument vector and count, and the drop-in setting, until copied.
    pending: Option<(ffi::RawArgv, i32, bool)>,
    /// The strings the last FCALL's first keys and first args were interned as in the
    /// function VM (`Heap::new_string_array_hinted`; a handle from a replaced VM is only a
    /// hint that fails).
    pub key_hints: [StrRef; engine::ARG_HINTS],
    pub argv_hints: [StrRef; engine::ARG_HINTS],
}

thread_local! {
    pub static FVM: RefCell<Option<Vm>> = const { RefCell::new(None) };
    pub static LIBS: RefCell<LibCtx> = RefCell::new(LibCtx::default());
    pub static CURRENT: RefCell<Current> = RefCell::new(Current::new());
    static LOAD_START: Cell<Option<Instant>> = const { Cell::new(None) };
}

impl Current {
    fn new() -> Current {
        Current {
            running: false,
            name: "".into(),
            argv: Vec::new(),
            argc: 0,
            start: Instant::now(),
            pending: None,
            key_hints: Default::default(),
            argv_hints: Default::default(),
        }
    }

    /// An FCALL of `name` starts; `argv`/`argc` are the command's own arguments (valid until
    /// it returns); in drop-in mode the client sent the built-in name, which the filter
    /// replaced, and STATS shows that. `start`: the run's start (`RunCtx::start`: one clock
    /// read per FCALL).
    pub fn start(
        &mut self,
        name: Rc<str>,
        argv: ffi::RawArgv,
        argc: i32,
        drop_in: bool,
        start: Instant,
    ) {
        self.running = true;
        self.start = start;
        self.name = name;
        self.argc = 0;
        self.pending = Some((argv, argc, drop_in));
    }

    /// The FCALL ended.
    pub fn stop(&mut self) {
        self.running = false;
        self.pending = None;
    }

    /// Copies the running FCALL's command (the first time STATS may look).
    fn copy_command(&mut self) {
        let Some((raw, argc, drop_in)) = self.pending.take() else {
            return;
        };
        // SAFETY: `start` noted the running command's own arguments, and this runs inside
        // that command (its hook).
        let argv = unsafe { ffi::args(raw, argc) };
        if self.argv.len() < argv.len() {
            self.argv.resize_with(argv.len(), Vec::new);
        }
        for (dst, src) in self.argv.iter_mut().zip(&argv) {
            dst.clear();
            dst.extend_from_slice(src);
        }
        self.argc = argv.len();
        if let Some(a0) = self.argv.first_mut()
            && a0.len() > 8
            && a0[..8].eq_ignore_ascii_case(b"ferrous.")
        {
            // The filter's flag variant (`ferrous.fcall.no-writes`) is not the caller's name.
            let n = crate::script_flags::base_name(a0).len();
            a0.truncate(n);
            if drop_in {
                a0.drain(..8);
            }
        }
    }
}

/// A script is about to yield (its hook, past the busy threshold): FUNCTION STATS may run.
pub fn before_yield() {
    CURRENT.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            c.copy_command();
        }
    });
}

/// A fresh function VM: the function environment, the shared PRNG, the configured limits.
pub fn new_vm() -> Vm {
    let mut vm =
        function_env::new_function_vm(Rc::new(ModuleHost::default()), &engine::server_version());
    ferrous_stdlib::math::share_rand_state(&mut vm, engine::rand());
    engine::apply_limits(&mut vm);
    vm
}

/// Runs `f` with the function VM (created on first use).
/// `with_vm`, or None when the VM is in use (one thread-local access for FCALL's check
/// and run).
pub fn try_with_vm<R>(f: impl FnOnce(&mut Vm) -> R) -> Option<R> {
    FVM.with(|v| {
        let mut b = v.try_borrow_mut().ok()?;
        Some(f(b.get_or_insert_with(new_vm)))
    })
}

pub fn with_vm<R>(f: impl FnOnce(&mut Vm) -> R) -> R {
    FVM.with(|v| {
        let mut b = v.borrow_mut();
        let vm = b.get_or_insert_with(new_vm);
        f(vm)
    })
}

fn load_hook(vm: &mut Vm) -> Result<(), Throw> {
    vm.set_budget(HOOK_INSTRUCTIONS);
    if let Some(t) = LOAD_START.with(|s| s.get())
        && t.elapsed() > LOAD_TIMEOUT
    {
        // Redis re-raises on every line from here on: nothing can catch it.
        return Err(Throw::Uncatchable("ERR FUNCTION LOAD timeout".into()));
    }
    Ok(())
}

/// `luaExtractErrorInformation`'s message for an error out of a library body.
fn load_error_message(vm: &mut Vm, e: &LuaError) -> Vec<u8> {
    if e.uncatchable {
        return e.message.clone().into_bytes();
    }
    let bytes = match e.value {
        Value::Str(_) | Value::Num(_) => {
            let mut m = b"ERR ".to_vec();
            m.extend_from_slice(&vm.tostring_basic(e.value));
            m
        }
        Value::Table(t) => {
            let v = vm.get_field(t, "err");
            match v {
                Value::Str(_) | Value::Num(_) => vm.tostring_basic(v),
                _ => b"(null)".to_vec(),
            }
        }
        _ => b"(null)".to_vec(),
    };
    bytes
}

fn cat(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut v = a.to_vec();
    v.extend_from_slice(b);
    v
}

/// Compiles a library body and runs it with the load API (`luaEngineCreate`). Returns the
/// registered functions (pinned in the VM).
fn engine_create(vm: &mut Vm, body: &[u8], timeout: bool) -> Result<Vec<Func>, Vec<u8>> {
    engine_create_with(vm, body, timeout, false)
}

/// `engine_create`, optionally compiling the library with debugger line traps (a debugging
/// session's own copy of a library: `debug_copy`).
fn engine_create_with(
    vm: &mut Vm,
    body: &[u8],
    timeout: bool,
    debug: bool,
) -> Result<Vec<Func>, Vec<u8>> {
    let f = if debug {
        vm.load_debug(body, "@user_function")
            .map_err(|e| cat(b"Error compiling function: ", &e.message_bytes()))?
    } else {
        vm.load_raw(body, "@user_function")
            .map_err(|e| cat(b"Error compiling function: ", &e.message_bytes()))?
    };
    engine::apply_limits(vm);
    function_env::begin_load(vm);
    LOAD_START.with(|s| s.set(timeout.then(Instant::now)));
    vm.set_budget(HOOK_INSTRUCTIONS);
    vm.set_hook(Some(load_hook));
    let r = vm.call(f, &[]);
    vm.set_hook(None);
    vm.set_budget(i64::MAX);
    LOAD_START.with(|s| s.set(None));
    let regs = function_env::end_load(vm);
    let funcs: Vec<Func> = regs
        .into_iter()
        .map(|r| Func {
            run_name: String::from_utf8_lossy(&r.name).into(),
            args: library::args_seen(vm, r.func),
            name: r.name,
            desc: r.desc,
            flags: r.flags,
            func: r.func,
            pin: r.pin,
        })
        .collect();
    match r {
        Ok(_) => Ok(funcs),
        Err(e) => {
            release(vm, &funcs);
            Err(cat(
                b"Error registering functions: ",
                &load_error_message(vm, &e),
            ))
        }
    }
}

/// A debugging session's copy of library `code`'s functions, compiled with line traps (the
/// library's body runs again: it can only register functions). The caller releases them.
pub fn debug_copy(vm: &mut Vm, code: &[u8]) -> Result<Vec<Func>, Vec<u8>> {
    let md = parse_meta(code)?;
    engine_create_with(vm, &code[md.code_start..], true, true)
}

/// Unpins the callbacks of `funcs`.
pub fn release(vm: &mut Vm, funcs: &[Func]) {
    for f in funcs {
        function_env::unpin(vm, f.pin);
    }
}

/// `functionsCreateWithLibraryCtx`: creates the library `code` in `ctx`. Returns its name,
/// or the error text (without the `ERR ` code). On failure `ctx` is as it was.
pub fn create_library(
    vm: &mut Vm,
    ctx: &mut LibCtx,
    code: &[u8],
    replace: bool,
    timeout: bool,
) -> Result<Vec<u8>, Vec<u8>> {
    let md = parse_meta(code)?;
    if !function_env::verify_name(&md.name) {
        return Err(BAD_NAME.into());
    }
    if !md.engine.eq_ignore_ascii_case(b"lua") {
        return Err(cat(&cat(b"Engine '", &md.engine), b"' not found"));
    }
    let exists = ctx.libs.contains_key(&md.name);
    if exists && !replace {
        return Err(cat(&cat(b"Library '", &md.name), b"' already exists"));
    }
    let old = if exists { ctx.unlink(&md.name) } else { None };
    let relink = |ctx: &mut LibCtx, old: Option<Library>| {
        if let Some(o) = old {
            ctx.link(o);
        }
    };
    let funcs = match engine_create(vm, &code[md.code_start..], timeout) {
        Ok(f) => f,
        Err(e) => {
            relink(ctx, old);
            return Err(e);
        }
    };
    if funcs.is_empty() {
        relink(ctx, old);
        return Err(b"No functions registered".to_vec());
    }
    if let Some(f) = funcs.iter().find(|f| ctx.has_function(&f.name)) {
        let e = cat(&cat(b"Function ", &f.name), b" already exists");
        release(vm, &funcs);
        relink(ctx, old);
        return Err(e);
    }
    ctx.link(Library {
        name: md.name.clone(),
        code: code.to_vec(),
        functions: funcs,
    });
    if let Some(o) = old {
        release(vm, &o.functions);
    }
    Ok(md.name)
}

/// `libraryJoin`: moves every library of `src` into `dst`; on a collision (a library of the
/// same name without `replace`, or a function name) nothing changes and the error is
/// returned.
pub fn join(vm: &mut Vm, dst: &mut LibCtx, src: &mut LibCtx, replace: bool) -> Result<(), String> {
    let mut replaced = Vec::new();
    let names: Vec<Vec<u8>> = src.libs.keys().cloned().collect();
    let mut err = None;
    for n in &names {
        if dst.libs.contains_key(n) {
            if !replace {
                err = Some(format!(
                    "Library {} already exists",
                    String::from_utf8_lossy(n)
                ));
                break;
            }
            replaced.extend(dst.unlink(n));
        }
    }
    if err.is_none()
        && let Some(f) = src
            .libs
            .values()
            .flat_map(|l| l.functions.iter())
            .find(|f| dst.has_function(&f.name))
    {
        err = Some(format!(
            "Function {} already exists",
            String::from_utf8_lossy(&f.name)
        ));
    }
    if let Some(e) = err {
        for l in replaced {
            dst.link(l);
        }
        return Err(e);
    }
    for l in src.take_all() {
        dst.link(l);
    }
    for l in replaced {
        release(vm, &l.functions);
    }
    Ok(())
}

/// Drops every library (FUNCTION FLUSH): a new VM, an empty store.
pub fn flush_all() {
    LIBS.with(|l| l.borrow_mut().take_all());
    FVM.with(|v| *v.borrow_mut() = None);
}

/// FUNCTION DUMP's payload (libraries in FUNCTION LIST order).
pub fn dump() -> Vec<u8> {
    LIBS.with(|l| {
        let l = l.borrow();
        crate::dump::dump(l.libs.values().map(|lib| lib.code.as_slice()))
    })
}

/// (libraries, functions), for INFO.
pub fn counts() -> (usize, usize) {
    LIBS.with(|l| l.try_borrow().map(|l| l.counts()).unwrap_or((0, 0)))
}

/// Bytes held by the function VM, for INFO (0 while it runs).
/// The function VM's memory (zeros before its first use or while it runs).
pub fn vm_memory() -> ferrous_vm::MemoryStats {
    FVM.with(|v| {
        v.try_borrow()
            .ok()
            .and_then(|b| b.as_ref().map(|vm| vm.memory_stats()))
            .unwrap_or_default()
    })
}
