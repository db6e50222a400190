//! The EVAL engine: one VM for every EVAL script (as Redis keeps one Lua state), the script
//! cache keyed by SHA1, and the statistics INFO shows. SCRIPT FLUSH replaces the VM and the
//! cache but keeps the PRNG state, as Redis 7.0 does.

use crate::config;
use crate::last_script::{LastBody, LastSha};
use crate::run::ModuleHost;
use crate::shebang;
use ferrous_stdlib::redis::api::Flavor;
use ferrous_stdlib::redis::flags::Flags;
use ferrous_stdlib::redis::sandbox;
use ferrous_vm::value::StrRef;
use ferrous_vm::{Value, Vm};
use std::cell::RefCell;
// foldhash (hashbrown's default hasher, seeded per process): the SHA of every EVALSHA and
// the body of every EVAL are hashed per call, SipHash cost ~300 instructions for a SHA.
use hashbrown::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

pub struct Script {
    /// The sha again, shared with every run's `RunCtx` (no copy per run).
    pub sha: Rc<str>,
    pub func: Value,
    pub flags: Flags,
    pub body_len: usize,
    pub args: ArgUse,
}

/// Which of the globals KEYS and ARGV a script's code can reach (`arg_use`): a run makes
/// only those (fresh, as every run of the built-in does); the others are unobservable.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ArgUse {
    pub keys: bool,
    pub argv: bool,
}

impl ArgUse {
    pub const BOTH: ArgUse = ArgUse {
        keys: true,
        argv: true,
    };
}

/// Globals of Redis's script environment whose values give no path to the globals table
/// (library tables and functions that return only what they are given or make): code that
/// names no other global reaches `_G.KEYS`/`_G.ARGV` only by those names. `_G`, `getfenv`,
/// `setfenv`, `loadstring`, `getmetatable`, `coroutine`, `__redis__err__handler` (a Lua
/// function of the globals' environment) and every other name count as reaching both.
const ISOLATED_GLOBALS: &[&[u8]] = &[
    b"redis",
    b"string",
    b"table",
    b"math",
    b"cjson",
    b"cmsgpack",
    b"struct",
    b"bit",
    b"tonumber",
    b"tostring",
    b"type",
    b"ipairs",
    b"pairs",
    b"next",
    b"select",
    b"unpack",
    b"error",
    b"assert",
    b"pcall",
    b"xpcall",
    b"rawequal",
    b"rawget",
    b"rawset",
    b"setmetatable",
];

/// Which of KEYS and ARGV the code of `func` (a compiled script) can reach: the global
/// names it uses (`Vm::visit_global_names`) are KEYS, ARGV and `ISOLATED_GLOBALS`, or it
/// is taken to reach both. Dynamic access to a global needs a reference to the globals
/// table, which a script gets only through a global it names.
pub fn arg_use(vm: &Vm, func: Value) -> ArgUse {
    let mut u = ArgUse {
        keys: false,
        argv: false,
    };
    vm.visit_global_names(func, &mut |name| match name {
        Some(b"KEYS") => u.keys = true,
        Some(b"ARGV") => u.argv = true,
        Some(n) if ISOLATED_GLOBALS.contains(&n) => {}
        _ => u = ArgUse::BOTH,
    });
    u
}

/// What `Engine::by_body` holds for a body: its sha, function, flags and KEYS/ARGV use.
pub type BodyEntry = (Rc<str>, Value, Flags, ArgUse);

pub struct Engine {
    pub vm: Vm,
    /// Keyed by the sha's bytes (lowercase hex): EVALSHA looks its argument up without a
    /// UTF-8 check.
    pub scripts: HashMap<Box<[u8]>, Script>,
    /// EVAL's body → (sha, function, flags, KEYS/ARGV use): a repeated EVAL finds its script by hashing the
    /// body (foldhash, about one instruction per byte) instead of computing its SHA1 (about
    /// 2,000 instructions for a one-line body). Keyed by the whole body, compared in full.
    /// The key is shared with `last_body` (no copy of the body to remember it).
    pub by_body: HashMap<Rc<[u8]>, BodyEntry>,
    /// The scripts the last EVAL and EVALSHA ran (`last_script`).
    pub last_body: LastBody,
    pub last_sha: LastSha,
    /// The global names EVAL sets before each run, interned once and pinned in the registry.
    pub keys_name: StrRef,
    pub argv_name: StrRef,
    /// Which of `_G.KEYS`/`_G.ARGV` may hold a run's table (a run that cannot reach one
    /// clears it, once, so that an old argument list is not kept alive).
    pub args_held: ArgUse,
    /// The strings the last run's first keys and first args were interned as: tried first
    /// when the next run interns its own (`Heap::new_string_array_hinted`).
    pub key_hints: [StrRef; ARG_HINTS],
    pub argv_hints: [StrRef; ARG_HINTS],
}

/// How many leading keys (and args) are interned through a hint.
pub const ARG_HINTS: usize = 2;

#[derive(Default, Clone, Copy)]
pub struct Stats {
    pub calls: u64,
    pub errors: u64,
    pub kills: u64,
    pub flushes: u64,
}

/// INFO's counters, bumped by every run: statics, not a thread-local (a `__tls_get_addr`
/// call in a shared object). Only Redis's main thread runs scripts, so a load and a store
/// suffice (no locked read-modify-write).
pub struct Counters {
    pub calls: AtomicU64,
    pub errors: AtomicU64,
    pub kills: AtomicU64,
    pub flushes: AtomicU64,
}

pub static STATS: Counters = Counters {
    calls: AtomicU64::new(0),
    errors: AtomicU64::new(0),
    kills: AtomicU64::new(0),
    flushes: AtomicU64::new(0),
};

impl Counters {
    pub fn snapshot(&self) -> Stats {
        Stats {
            calls: self.calls.load(Relaxed),
            errors: self.errors.load(Relaxed),
            kills: self.kills.load(Relaxed),
            flushes: self.flushes.load(Relaxed),
        }
    }
}

/// Adds one to a counter of `STATS`.
#[inline]
pub fn bump(c: &AtomicU64) {
    c.store(c.load(Relaxed) + 1, Relaxed);
}

thread_local! {
    pub static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static VERSION: RefCell<String> = RefCell::new("7.0.15".into());
}

pub fn set_server_version(v: &str) {
    VERSION.with(|x| *x.borrow_mut() = v.to_string());
}

pub fn server_version() -> String {
    VERSION.with(|x| x.borrow().clone())
}

/// A fresh VM with Redis's EVAL environment and the configured limits.
pub fn new_vm(flavor: Flavor) -> Vm {
    let mut vm = sandbox::new_script_vm(Rc::new(ModuleHost::default()), flavor, &server_version());
    apply_limits(&mut vm);
    vm
}

pub fn apply_limits(vm: &mut Vm) {
    vm.set_memory_limit(config::memory_limit());
    vm.limits_mut().max_calls = config::max_call_depth();
    // Redis runs a script through one lua_pcall: one C level below the chunk.
    vm.limits_mut().c_base = 1;
}

/// The server-wide PRNG state every script VM shares.
pub fn rand() -> ferrous_stdlib::math::RandState {
    thread_local! {
        static RAND: ferrous_stdlib::math::RandState =
            ferrous_stdlib::math::rand_state(&mut Vm::new());
    }
    RAND.with(|r| r.clone())
}

impl Engine {
    pub fn new() -> Engine {
        let mut vm = new_vm(Flavor::Eval);
        ferrous_stdlib::math::share_rand_state(&mut vm, rand());
        let keys_name = pinned_name(&mut vm, "KEYS");
        let argv_name = pinned_name(&mut vm, "ARGV");
        Engine {
            vm,
            scripts: HashMap::new(),
            by_body: HashMap::new(),
            last_body: LastBody::default(),
            last_sha: LastSha::default(),
            keys_name,
            argv_name,
            args_held: ArgUse {
                keys: false,
                argv: false,
            },
            key_hints: Default::default(),
            argv_hints: Default::default(),
        }
    }

    /// Compiles and caches `body` under `sha` (luaCreateFunction). The error is the full
    /// reply text (`ERR Error compiling script ...`, shebang errors), as bytes.
    pub fn create(&mut self, sha: &str, body: &[u8]) -> Result<(), Vec<u8>> {
        if self.scripts.contains_key(sha.as_bytes()) {
            return Ok(());
        }
        let (flags, skip) =
            shebang::eval_shebang(body).map_err(|e| format!("ERR {e}").into_bytes())?;
        let src = chunk_source(&body[skip..]);
        let func = self
            .vm
            .load_raw(&src, "@user_script")
            .map_err(|e| match e {
                // SCRIPT KILL during a long compile: the kill error as is.
                ferrous_vm::exec::load::LoadError::Throw(ferrous_vm::Throw::Uncatchable(m)) => {
                    m.into_bytes()
                }
                e => {
                    let mut m = b"ERR Error compiling script (new function): ".to_vec();
                    m.extend_from_slice(&e.message_bytes());
                    m
                }
            })?;
        self.vm.pin(&format!("f_{sha}"), func);
        let shared: Rc<str> = sha.into();
        let args = arg_use(&self.vm, func);
        self.by_body
            .insert(body.into(), (shared.clone(), func, flags, args));
        self.scripts.insert(
            sha.as_bytes().into(),
            Script {
                sha: shared,
                func,
                flags,
                body_len: body.len(),
                args,
            },
        );
        Ok(())
    }
}

/// `name` interned and pinned in the registry (it lives as long as the VM).
fn pinned_name(vm: &mut Vm, name: &str) -> StrRef {
    let v = vm.str(name);
    vm.pin(&format!("ferrous.{name}"), v);
    match v {
        Value::Str(s) => s,
        _ => unreachable!("Vm::str makes a string"),
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

/// The source handed to the compiler. `luaL_loadbuffer` neither skips a first `#` line
/// nor accepts bytecode in Redis (its parser always runs on text), while `Vm::load` does
/// the former and refuses the latter with its own message: a leading space gives lua5.1's
/// syntax errors for both without changing line numbers.
pub fn chunk_source(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match body.first() {
        Some(b'#') | Some(0x1b) => {
            let mut v = Vec::with_capacity(body.len() + 1);
            v.push(b' ');
            v.extend_from_slice(body);
            std::borrow::Cow::Owned(v)
        }
        _ => std::borrow::Cow::Borrowed(body),
    }
}

pub fn sha1_hex(body: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = sha1_smol::Sha1::from(body).digest().bytes();
    let mut s = String::with_capacity(40);
    for b in d {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Runs `f` with the EVAL engine (created on first use).
pub fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|e| {
        let mut b = e.borrow_mut();
        let eng = b.get_or_insert_with(Engine::new);
        f(eng)
    })
}

/// SCRIPT FLUSH: a brand-new VM and cache; the PRNG continues.
pub fn flush() {
    ENGINE.with(|e| {
        let mut b = e.borrow_mut();
        let mut eng = Engine::new();
        ferrous_stdlib::math::share_rand_state(&mut eng.vm, rand());
        *b = Some(eng);
    });
    bump(&STATS.flushes);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// KEYS/ARGV are made for a script whose code names them, or names any global that may
    /// lead to the globals table; not for one that names only isolated library globals.
    #[test]
    fn arg_use_follows_the_names_a_script_uses() {
        let mut eng = Engine::new();
        let mut at = |body: &str| {
            let f = eng.vm.load_raw(body.as_bytes(), "@user_script").unwrap();
            let u = arg_use(&eng.vm, f);
            (u.keys, u.argv)
        };
        assert_eq!(at("return 1"), (false, false));
        assert_eq!(at("return redis.call('INCR', KEYS[1])"), (true, false));
        assert_eq!(at("return ARGV[1]"), (false, true));
        assert_eq!(at("return tostring(#ARGV), type(string)"), (false, true));
        assert_eq!(
            at("local f = function() return KEYS end return f"),
            (true, false)
        );
        for dynamic in [
            "return _G",
            "return getfenv(0)",
            "return setfenv(1, {})",
            "return loadstring('return 1')",
            "return getmetatable('')",
            "return coroutine.running()",
            "return __redis__err__handler",
            "return nosuch",
            "x = 1",
            "local function f() return debug end return f",
        ] {
            assert_eq!(at(dynamic), (true, true), "{dynamic}");
        }
    }
}
