//! `redis.call`'s last command, kept by the host: its name as the script spelled it,
//! NUL-terminated for RedisModule_Call, and its `CmdInfo`.
//!
//! A script calls the same command again and again (`INCR` in a loop). `cmdinfo::lookup_raw`
//! finds a repeated name through a thread-local (a `__tls_get_addr` call and a `RefCell`
//! borrow), compares it with `memcmp`, clones the `Rc`, and the name was then copied into a
//! C string for RM_Call on every call. Here one inline comparison gives both. Commands with
//! subcommands (`CONFIG GET`, `CLIENT ...`) are not kept: their info depends on the second
//! argument. The command table is re-read when modules load or unload; the memo is
//! forgotten then (`cmdinfo::GENERATION`).

use crate::cmdinfo::{self, CmdInfo};
use std::ffi::c_char;
use std::rc::Rc;
use std::sync::atomic::Ordering::Relaxed;

/// Longer names are looked up every time (command names are short: the longest is 20).
const MAX_NAME: usize = 31;

#[derive(Default)]
pub struct CmdMemo {
    /// The name, NUL-terminated.
    name: [u8; MAX_NAME + 1],
    len: u8,
    /// The command has subcommands: remembered only so that it is not looked up twice.
    subcommands: bool,
    /// The command table's generation `info` was read from.
    generation: u32,
    info: Option<Rc<CmdInfo>>,
}

impl CmdMemo {
    /// The info and C name of the command `name` names, remembering it first if needed;
    /// None for names not kept (unknown, too long, with subcommands).
    #[inline(always)]
    pub fn lookup(&mut self, name: &[u8]) -> Option<(&CmdInfo, *const c_char)> {
        if !self.holds(name) {
            self.remember(name);
        }
        if self.subcommands || !self.holds(name) {
            return None;
        }
        let info = self.info.as_deref()?;
        Some((info, self.name.as_ptr() as *const c_char))
    }

    #[inline(always)]
    fn holds(&self, name: &[u8]) -> bool {
        self.info.is_some()
            && self.len as usize == name.len()
            && crate::key_args::same_bytes(&self.name, name)
            && self.generation == cmdinfo::GENERATION.load(Relaxed)
    }

    #[cold]
    #[inline(never)]
    fn remember(&mut self, name: &[u8]) {
        if name.len() > MAX_NAME || name.contains(&0) {
            return;
        }
        let generation = cmdinfo::GENERATION.load(Relaxed);
        // The command itself (one argument: no subcommand lookup).
        let Some(info) = cmdinfo::lookup_raw(&[name]) else {
            return;
        };
        self.name[..name.len()].copy_from_slice(name);
        self.name[name.len()] = 0;
        self.len = name.len() as u8;
        self.subcommands = !info.subcommands.is_empty();
        self.generation = generation;
        self.info = Some(info);
    }
}
