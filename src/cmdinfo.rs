//! What the scripting checks need to know about a Redis command (arity and flags): the whole
//! command table, read with one `COMMAND` when the module loads (when the server starts, no
//! client can watch) and again when another module loads or unloads. A script's lookup never
//! queries the server, so users never see the module's own queries in MONITOR or
//! commandstats after start-up (the 7.0 module API has no other way to read command flags).

use crate::ffi::{self, Ctx};
use ferrous_stdlib::redis::Reply;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// XREAD / XREADGROUP: refused with BLOCK from scripts.
pub const SPECIAL_XREAD: u8 = 1;
/// SORT / SORT_RO: BY a constant pattern sorts ALPHA for scripts.
pub const SPECIAL_SORT: u8 = 2;
/// SELECT: later calls run in the selected database.
pub const SPECIAL_SELECT: u8 = 4;

#[derive(Debug, Default)]
pub struct CmdInfo {
    pub arity: i64,
    pub write: bool,
    pub readonly: bool,
    pub denyoom: bool,
    pub noscript: bool,
    pub stale: bool,
    pub may_replicate: bool,
    /// `SPECIAL_*` bits: a command `redis.call` treats on its own (by name, found once).
    pub special: u8,
    /// Another module's command (it may hold or modify its argument strings in place).
    pub module: bool,
    /// COMMAND's legacy key range (first key, last key, step; 0 when none): positions that
    /// are key names whatever the command's other arguments say (`key_mask`).
    pub first_key: i64,
    pub last_key: i64,
    pub key_step: i64,
    /// `key_mask` when it does not depend on the argument count (last key ≥ 0), else None.
    fixed_keys: Option<u32>,
    pub subcommands: HashMap<Vec<u8>, Rc<CmdInfo>>,
}

impl CmdInfo {
    fn from_reply(r: &Reply) -> Option<CmdInfo> {
        let Reply::Array(f) = r else { return None };
        let arity = match f.get(1) {
            Some(Reply::Int(a)) => *a,
            _ => return None,
        };
        let int = |i: usize| match f.get(i) {
            Some(Reply::Int(v)) => *v,
            _ => 0,
        };
        let mut info = CmdInfo {
            arity,
            first_key: int(3),
            last_key: int(4),
            key_step: int(5),
            ..Default::default()
        };
        if let Some(Reply::Array(flags) | Reply::Set(flags)) = f.get(2) {
            for fl in flags {
                if let Reply::Status(s) | Reply::Bulk(s) = fl {
                    match s.as_slice() {
                        b"write" => info.write = true,
                        b"readonly" => info.readonly = true,
                        b"denyoom" => info.denyoom = true,
                        b"noscript" => info.noscript = true,
                        b"stale" => info.stale = true,
                        b"may_replicate" => info.may_replicate = true,
                        b"module" => info.module = true,
                        _ => {}
                    }
                }
            }
        }
        // COMMAND INFO hides `may_replicate` on purpose (server.c); these are the 7.0
        // commands that carry it and scripts may call (read-only scripts refuse them).
        if let Some(Reply::Bulk(n) | Reply::Status(n)) = f.first()
            && matches!(n.as_slice(), b"publish" | b"spublish" | b"pfcount")
        {
            info.may_replicate = true;
        }
        if let Some(Reply::Bulk(n) | Reply::Status(n)) = f.first() {
            info.special = match n.to_ascii_lowercase().as_slice() {
                b"xread" | b"xreadgroup" => SPECIAL_XREAD,
                b"sort" | b"sort_ro" => SPECIAL_SORT,
                b"select" => SPECIAL_SELECT,
                _ => 0,
            };
        }
        info.fixed_keys = (info.last_key >= 0).then(|| info.count_keys(32));
        if let Some(Reply::Array(subs)) = f.get(9) {
            for s in subs {
                if let (Reply::Array(sf), Some(sub)) = (s, CmdInfo::from_reply(s)) {
                    if let Some(Reply::Bulk(name) | Reply::Status(name)) = sf.first() {
                        // "config|get" → "get"
                        let short = match name.iter().position(|&c| c == b'|') {
                            Some(p) => name[p + 1..].to_ascii_lowercase(),
                            None => name.to_ascii_lowercase(),
                        };
                        info.subcommands.insert(short, Rc::new(sub));
                    }
                }
            }
        }
        Some(info)
    }
}

/// Every command name looked up, and the last one again: a script mostly repeats one
/// command, and comparing its name is cheaper than hashing it.
#[derive(Default)]
struct Cache {
    map: rustc_hash::FxHashMap<Vec<u8>, Rc<CmdInfo>>,
    last: Option<(Vec<u8>, Rc<CmdInfo>)>,
    /// `redis.call`'s last command name as the script spelled it, and its (base) command:
    /// a repeated call finds it by one comparison, before any lower-casing.
    last_raw: Option<(Vec<u8>, Rc<CmdInfo>)>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Default::default());
}

/// Reads the whole command table (`COMMAND`), replacing the cached one.
pub fn load_all(ctx: Ctx) {
    let Reply::Array(items) = ffi::call(ctx, &[b"COMMAND".to_vec()], b"E") else {
        return;
    };
    let mut map = rustc_hash::FxHashMap::default();
    for item in &items {
        if let (Reply::Array(f), Some(info)) = (item, CmdInfo::from_reply(item))
            && let Some(Reply::Bulk(n) | Reply::Status(n)) = f.first()
        {
            map.insert(n.to_ascii_lowercase(), Rc::new(info));
        }
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        c.map = map;
        c.last = None;
        c.last_raw = None;
    });
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// Bumped each time the table is read: infos kept elsewhere (`cmd_memo`) are stale then.
pub static GENERATION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Redis's `lookupCommand(argv, argc)`: the command (or subcommand) `argv` names, or None.
pub fn lookup<A: AsRef<[u8]>>(argv: &[A]) -> Option<Rc<CmdInfo>> {
    let name = argv.first()?.as_ref().to_ascii_lowercase();
    lookup_lower(&name, argv)
}

/// `lookup` for `redis.call`: the name as spelled in `argv[0]` is compared with the previous
/// call's first.
pub fn lookup_raw(argv: &[&[u8]]) -> Option<Rc<CmdInfo>> {
    let raw = *argv.first()?;
    let hit = CACHE.with(|c| {
        let c = c.borrow();
        match &c.last_raw {
            Some((n, i)) if n.as_slice() == raw => Some(i.clone()),
            _ => None,
        }
    });
    let base = match hit {
        Some(b) => b,
        None => {
            let base = lookup_base(&raw.to_ascii_lowercase())?;
            CACHE.with(|c| c.borrow_mut().last_raw = Some((raw.to_vec(), base.clone())));
            base
        }
    };
    with_subcommand(base, argv)
}

/// `lookup` with `argv[0]` already lower-cased as `name`.
pub fn lookup_lower<A: AsRef<[u8]>>(name: &[u8], argv: &[A]) -> Option<Rc<CmdInfo>> {
    with_subcommand(lookup_base(name)?, argv)
}

/// The command (not subcommand) named `name` (lower case), or None.
fn lookup_base(name: &[u8]) -> Option<Rc<CmdInfo>> {
    if name.is_empty() || name.iter().any(|&c| c == b'|' || c == 0) {
        return None;
    }
    // Not in the table: no such command (the table is complete).
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((n, i)) = &c.last
            && n.as_slice() == name
        {
            return Some(i.clone());
        }
        let i = c.map.get(name).cloned()?;
        c.last = Some((name.to_vec(), i.clone()));
        Some(i)
    })
}

/// The subcommand `argv[1]` names when `base` has subcommands.
#[inline]
fn with_subcommand<A: AsRef<[u8]>>(base: Rc<CmdInfo>, argv: &[A]) -> Option<Rc<CmdInfo>> {
    if !base.subcommands.is_empty() && argv.len() >= 2 {
        return base
            .subcommands
            .get(&argv[1].as_ref().to_ascii_lowercase())
            .cloned();
    }
    Some(base)
}

impl CmdInfo {
    /// Bit `i` set: argument `i` (< 32) of an `argc`-argument call is a key name by the
    /// legacy key range (Redis only reads a key argument's bytes: `dbAdd` copies them).
    /// None for module commands: a module may modify an unshared argument in place
    /// (`RM_StringAppendBuffer` refuses a shared one).
    #[inline]
    pub fn key_mask(&self, argc: usize) -> u32 {
        match self.fixed_keys {
            Some(m) => m & (((1u64 << argc.min(32)) - 1) as u32),
            None => self.count_keys(argc),
        }
    }

    fn count_keys(&self, argc: usize) -> u32 {
        let (first, step) = (self.first_key, self.key_step);
        if first <= 0 || step <= 0 || self.module {
            return 0;
        }
        let last = if self.last_key < 0 {
            argc as i64 + self.last_key
        } else {
            self.last_key
        };
        let last = last.min(argc as i64 - 1).min(31);
        let mut mask = 0u32;
        let mut i = first;
        while i <= last {
            mask |= 1 << i;
            i += step;
        }
        mask
    }
}

/// `(arity > 0 && arity != argc) || argc < -arity`.
pub fn arity_ok(info: &CmdInfo, argc: usize) -> bool {
    let argc = argc as i64;
    !((info.arity > 0 && info.arity != argc) || argc < -info.arity)
}
