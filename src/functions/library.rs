//! The function library store (functions.c `functionsLibCtx`): libraries by name
//! (case-sensitive), every function by name across libraries (case-insensitive, as
//! `functionDictType`), the library metadata header, and FUNCTION LIST's glob.
//!
//! Each library keeps its full source code (`#!lua name=...` included), which is all that
//! FUNCTION DUMP and persistence need: the compiled callbacks live in the function VM and
//! can always be recreated from the code.

use crate::engine::ArgUse;
use crate::shebang::split_args;
use ferrous_stdlib::redis::flags::Flags;
use ferrous_vm::Value;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A registered function.
#[derive(Clone, Debug)]
pub struct Func {
    pub name: Vec<u8>,
    /// The name as every FCALL's run shares it (`RunCtx::name`), made once at load.
    /// Function names are ASCII (`verify_name`): the lossy conversion copies them as is.
    pub run_name: std::rc::Rc<str>,
    pub desc: Option<Vec<u8>>,
    pub flags: Flags,
    /// The callback in the function VM.
    pub func: Value,
    /// Its registry pin there (`function_env::unpin`).
    pub pin: u64,
    /// Which of its two arguments (the keys and args tables) it can see (`args_seen`).
    pub args: ArgUse,
}

/// Which of FCALL's two arguments (keys, args) callback `func` can see: a Lua function
/// without `...` drops the arguments past its parameters, so a table passed there is never
/// seen (FCALL passes nil instead of making it). Natives see both.
pub fn args_seen(vm: &ferrous_vm::Vm, func: Value) -> ArgUse {
    match vm.lua_params(func) {
        Some((n, false)) => ArgUse {
            keys: n >= 1,
            argv: n >= 2,
        },
        _ => ArgUse::BOTH,
    }
}

#[derive(Clone, Debug)]
pub struct Library {
    pub name: Vec<u8>,
    /// The whole FUNCTION LOAD payload, header included.
    pub code: Vec<u8>,
    /// In registration order.
    pub functions: Vec<Func>,
}

/// Libraries (listed in name order) and the global function index.
#[derive(Default, Debug)]
pub struct LibCtx {
    pub libs: BTreeMap<Vec<u8>, Library>,
    /// Lowercased function name → library name and a copy of the function (libraries are
    /// immutable once linked), so FCALL finds it with one lookup. FxHash: the lookup runs on
    /// every FCALL and the names are the server's own (FUNCTION LOAD needs the same rights
    /// as FCALL), so SipHash's flooding defence buys nothing here.
    funcs: FxHashMap<Vec<u8>, (Vec<u8>, Func)>,
    /// The function the last FCALL ran (`find_for_call`); forgotten at every link/unlink.
    last: LastFunc,
}

/// What FCALL needs of a function: its callback, flags and run name.
pub type CallTarget = (Value, Flags, std::rc::Rc<str>, ArgUse);

/// The function the last FCALL ran, by its name as the client spelled it (up to 32 bytes):
/// a repeated FCALL compares the name inline instead of scanning it for capitals, hashing it
/// and probing the index (one request runs more code than the instruction cache holds).
#[derive(Default, Debug)]
struct LastFunc {
    len: usize,
    name: [u8; LAST_NAME_MAX],
    target: Option<CallTarget>,
}

const LAST_NAME_MAX: usize = 32;

impl LibCtx {
    /// `libraryLink`.
    pub fn link(&mut self, lib: Library) {
        self.last = LastFunc::default();
        for f in &lib.functions {
            self.funcs
                .entry(f.name.to_ascii_lowercase())
                .or_insert_with(|| (lib.name.clone(), f.clone()));
        }
        self.libs.insert(lib.name.clone(), lib);
    }

    /// `libraryUnlink`.
    pub fn unlink(&mut self, name: &[u8]) -> Option<Library> {
        self.last = LastFunc::default();
        let lib = self.libs.remove(name)?;
        for f in &lib.functions {
            let k = f.name.to_ascii_lowercase();
            if self.funcs.get(&k).map(|(l, _)| l.as_slice()) == Some(name) {
                self.funcs.remove(&k);
            }
        }
        Some(lib)
    }

    /// A function by name, case-insensitively.
    pub fn find(&self, name: &[u8]) -> Option<&Func> {
        // A name without capitals (the usual FCALL) is looked up as it is.
        if !name.iter().any(u8::is_ascii_uppercase) {
            return self.funcs.get(name).map(|(_, f)| f);
        }
        // Lower-cased on the stack for the usual lengths.
        let mut buf = [0u8; 64];
        let heap;
        let lower: &[u8] = if name.len() <= buf.len() {
            let l = &mut buf[..name.len()];
            l.copy_from_slice(name);
            l.make_ascii_lowercase();
            l
        } else {
            heap = name.to_ascii_lowercase();
            &heap
        };
        self.funcs.get(lower).map(|(_, f)| f)
    }

    /// `find` for FCALL: the function the last FCALL ran when the name is spelled the same.
    #[inline]
    pub fn find_for_call(&mut self, name: &[u8]) -> Option<CallTarget> {
        if let Some(t) = &self.last.target
            && self.last.len == name.len()
            && crate::key_args::same_bytes(&self.last.name, name)
        {
            return Some(t.clone());
        }
        self.find_and_remember(name)
    }

    #[inline(never)]
    fn find_and_remember(&mut self, name: &[u8]) -> Option<CallTarget> {
        let f = self.find(name)?;
        let t = (f.func, f.flags, f.run_name.clone(), f.args);
        if name.len() <= LAST_NAME_MAX {
            self.last.name[..name.len()].copy_from_slice(name);
            self.last.len = name.len();
            self.last.target = Some(t.clone());
        }
        Some(t)
    }

    pub fn has_function(&self, name: &[u8]) -> bool {
        self.funcs.contains_key(&name.to_ascii_lowercase())
    }

    /// (libraries_count, functions_count) as FUNCTION STATS counts them.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.libs.len(),
            self.libs.values().map(|l| l.functions.len()).sum(),
        )
    }

    /// Empties the store, returning the libraries.
    pub fn take_all(&mut self) -> Vec<Library> {
        self.last = LastFunc::default();
        self.funcs.clear();
        std::mem::take(&mut self.libs).into_values().collect()
    }
}

/// The library header (functions.c `functionExtractLibMetaData`).
#[derive(Debug, PartialEq, Eq)]
pub struct Meta {
    pub engine: Vec<u8>,
    pub name: Vec<u8>,
    /// Where the code handed to the engine starts (the header's `\n`, kept for line numbers).
    pub code_start: usize,
}

/// C-string view (`%s`, `strchr`): up to the first NUL.
fn cstr(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

/// Parses `#!<engine> name=<lib>` (sdssplitargs quoting). The error text has no code.
pub fn parse_meta(payload: &[u8]) -> Result<Meta, Vec<u8>> {
    let c = cstr(payload);
    if !c.starts_with(b"#!") {
        return Err(b"Missing library metadata".to_vec());
    }
    let Some(nl) = c.iter().position(|&b| b == b'\n') else {
        return Err(b"Invalid library metadata".to_vec());
    };
    let parts = match split_args(&payload[..nl]) {
        Some(p) if !p.is_empty() => p,
        _ => return Err(b"Invalid library metadata".to_vec()),
    };
    let engine = parts[0].get(2..).unwrap_or_default().to_vec();
    let mut name: Option<Vec<u8>> = None;
    for part in &parts[1..] {
        if part.len() >= 5 && part[..5].eq_ignore_ascii_case(b"name=") {
            if name.is_some() {
                return Err(
                    b"Invalid metadata value, name argument was given multiple times".to_vec(),
                );
            }
            name = Some(part[5..].to_vec());
            continue;
        }
        let mut e = b"Invalid metadata value given: ".to_vec();
        e.extend_from_slice(cstr(part));
        return Err(e);
    }
    let Some(name) = name else {
        return Err(b"Library name was not given".to_vec());
    };
    Ok(Meta {
        engine,
        name,
        code_start: nl,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        let m = parse_meta(b"#!lua name=lib\nx").unwrap();
        assert_eq!(
            (m.engine.as_slice(), m.name.as_slice(), m.code_start),
            (&b"lua"[..], &b"lib"[..], 14)
        );
        assert_eq!(parse_meta(b"#!LUA NAME=\"a b\"\n").unwrap().name, b"a b");
        assert_eq!(
            parse_meta(b"return 1").unwrap_err(),
            b"Missing library metadata"
        );
        assert_eq!(
            parse_meta(b"#!lua name=x").unwrap_err(),
            b"Invalid library metadata"
        );
        assert_eq!(
            parse_meta(b"#!lua name=\"x\n").unwrap_err(),
            b"Invalid library metadata"
        );
        assert_eq!(
            parse_meta(b"#!lua\n").unwrap_err(),
            b"Library name was not given"
        );
        assert_eq!(
            parse_meta(b"#!lua name=a foo=bar\n").unwrap_err(),
            b"Invalid metadata value given: foo=bar"
        );
        assert_eq!(
            parse_meta(b"#!lua name=a name=b\n").unwrap_err(),
            b"Invalid metadata value, name argument was given multiple times"
        );
        assert_eq!(parse_meta(b"#! name=a\n").unwrap().engine, b"");
    }

    #[test]
    fn store_links_case_insensitively() {
        let f = |n: &str| Func {
            name: n.as_bytes().to_vec(),
            run_name: n.into(),
            desc: None,
            flags: Flags::default(),
            func: Value::Nil,
            pin: 0,
            args: ArgUse::BOTH,
        };
        let mut c = LibCtx::default();
        c.link(Library {
            name: b"a".to_vec(),
            code: vec![],
            functions: vec![f("Foo"), f("bar")],
        });
        assert!(c.find(b"FOO").is_some());
        // Names without capitals are looked up as they are.
        assert!(c.find(b"foo").is_some() && c.find(b"bar").is_some());
        assert!(c.find(b"baz").is_none());
        assert!(c.has_function(b"BAR"));
        assert_eq!(c.counts(), (1, 2));
        c.unlink(b"a").unwrap();
        assert!(c.find(b"foo").is_none());
        assert_eq!(c.counts(), (0, 0));
    }

    #[test]
    fn the_last_call_is_forgotten_when_libraries_change() {
        let f = |n: &str, v: f64| Func {
            name: n.as_bytes().to_vec(),
            run_name: n.into(),
            desc: None,
            flags: Flags::default(),
            func: Value::Num(v),
            pin: 0,
            args: ArgUse::BOTH,
        };
        let lib = |name: &str, funcs: Vec<Func>| Library {
            name: name.as_bytes().to_vec(),
            code: vec![],
            functions: funcs,
        };
        let num = |t: Option<CallTarget>| match t {
            Some((Value::Num(n), ..)) => Some(n),
            _ => None,
        };
        let mut c = LibCtx::default();
        c.link(lib("a", vec![f("foo", 1.0)]));
        assert_eq!(num(c.find_for_call(b"foo")), Some(1.0));
        assert_eq!(num(c.find_for_call(b"foo")), Some(1.0));
        assert_eq!(num(c.find_for_call(b"FOO")), Some(1.0));
        assert_eq!(num(c.find_for_call(b"fo")), None);
        assert_eq!(num(c.find_for_call(b"foox")), None);
        // Replaced (FUNCTION LOAD REPLACE unlinks, then links the new code).
        c.unlink(b"a").unwrap();
        assert_eq!(num(c.find_for_call(b"FOO")), None);
        c.link(lib("a", vec![f("foo", 2.0)]));
        assert_eq!(num(c.find_for_call(b"FOO")), Some(2.0));
        c.take_all();
        assert_eq!(num(c.find_for_call(b"FOO")), None);
        // Names past the remembered length are still found.
        let long = "f".repeat(LAST_NAME_MAX + 1);
        c.link(lib("b", vec![f(&long, 3.0)]));
        assert_eq!(num(c.find_for_call(long.as_bytes())), Some(3.0));
        assert_eq!(num(c.find_for_call(long.as_bytes())), Some(3.0));
    }
}
