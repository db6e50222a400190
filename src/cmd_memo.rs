//! `redis.call`'s last two commands, kept by the host: each one's name as the script spelled
//! it, NUL-terminated for RedisModule_Call, and its `CmdInfo`.
//!
//! A script calls the same command again and again (`INCR` in a loop), or two in turn (`GET`
//! and `SET`, `HGET` and `HSET`; the benchmark's 100 INCR then one GET, run after run).
//! `cmdinfo::lookup_raw` finds a repeated name through a thread-local (a `__tls_get_addr`
//! call and a `RefCell` borrow), compares it with `memcmp`, clones the `Rc`, and the name was
//! then copied into a C string for RM_Call on every call. Here one inline comparison gives
//! both for the last command; the one before it is found by a second comparison (out of
//! line) and becomes the last. Commands with subcommands (`CONFIG GET`, `CLIENT ...`) are not
//! kept: their info depends on the second argument. The command table is re-read when
//! modules load or unload; entries read before are forgotten then (`cmdinfo::GENERATION`).

use crate::cmdinfo::{self, CmdInfo};
use std::ffi::c_char;
use std::rc::Rc;
use std::sync::atomic::Ordering::Relaxed;

/// Longer names are looked up every time (command names are short: the longest is 20).
const MAX_NAME: usize = 31;

#[derive(Default)]
struct Entry {
    /// The name, NUL-terminated.
    name: [u8; MAX_NAME + 1],
    len: u8,
    /// The command has subcommands: remembered only so that it is not looked up twice.
    subcommands: bool,
    /// The command table's generation `info` was read from.
    generation: u32,
    info: Option<Rc<CmdInfo>>,
}

impl Entry {
    #[inline(always)]
    fn holds(&self, name: &[u8]) -> bool {
        self.info.is_some()
            && self.len as usize == name.len()
            && crate::key_args::same_bytes(&self.name, name)
            && self.generation == cmdinfo::GENERATION.load(Relaxed)
    }

    /// The entry's info and C name, None for a command with subcommands (or no info).
    #[inline(always)]
    fn found(&self) -> Option<(&CmdInfo, *const c_char)> {
        if self.subcommands {
            return None;
        }
        let info = self.info.as_deref()?;
        Some((info, self.name.as_ptr() as *const c_char))
    }
}

/// The last command (`last`) and the one before it (`prev`).
#[derive(Default)]
pub struct CmdMemo {
    last: Entry,
    prev: Entry,
}

impl CmdMemo {
    /// The info and C name of the command `name` names, remembering it first if needed;
    /// None for names not kept (unknown, too long, with subcommands).
    #[inline(always)]
    pub fn lookup(&mut self, name: &[u8]) -> Option<(&CmdInfo, *const c_char)> {
        if self.last.holds(name) {
            return self.last.found();
        }
        self.lookup_other(name)
    }

    /// A name other than the last command's: the one before it, or a command looked up now;
    /// either becomes the last.
    #[cold]
    #[inline(never)]
    fn lookup_other(&mut self, name: &[u8]) -> Option<(&CmdInfo, *const c_char)> {
        if !self.prev.holds(name) {
            let fresh = remember(name)?;
            self.prev = fresh;
        }
        std::mem::swap(&mut self.last, &mut self.prev);
        self.last.found()
    }
}

/// An entry for `name`, None when it is not kept (too long, holding a NUL, unknown).
fn remember(name: &[u8]) -> Option<Entry> {
    if name.len() > MAX_NAME || name.contains(&0) {
        return None;
    }
    let generation = cmdinfo::GENERATION.load(Relaxed);
    // The command itself (one argument: no subcommand lookup).
    let info = cmdinfo::lookup_raw(&[name])?;
    let mut e = Entry {
        len: name.len() as u8,
        subcommands: !info.subcommands.is_empty(),
        generation,
        info: Some(info),
        ..Default::default()
    };
    e.name[..name.len()].copy_from_slice(name);
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &[u8], subcommands: bool) -> Entry {
        let mut e = Entry {
            len: name.len() as u8,
            subcommands,
            generation: cmdinfo::GENERATION.load(Relaxed),
            info: Some(Rc::new(CmdInfo::default())),
            ..Default::default()
        };
        e.name[..name.len()].copy_from_slice(name);
        e
    }

    #[test]
    fn the_two_last_commands_are_found_and_the_found_one_becomes_the_last() {
        let mut m = CmdMemo {
            last: entry(b"INCR", false),
            prev: entry(b"get", false),
        };
        assert!(m.lookup(b"INCR").is_some());
        assert_eq!(&m.last.name[..4], b"INCR");
        // The one before: found without a lookup, and swapped in.
        let (_, c) = m.lookup(b"get").unwrap();
        assert_eq!(c, m.last.name.as_ptr() as *const c_char);
        assert_eq!(&m.last.name[..4], b"get\0");
        assert_eq!(&m.prev.name[..5], b"INCR\0");
        assert!(m.lookup(b"INCR").is_some());
        assert_eq!(&m.last.name[..5], b"INCR\0");
        // Spelled otherwise: not held (the name is passed as spelled).
        assert!(!m.last.holds(b"incr") && !m.prev.holds(b"incr"));
        assert!(!m.last.holds(b"INC") && !m.last.holds(b"INCRBY"));
    }

    #[test]
    fn commands_with_subcommands_and_stale_generations_are_not_found() {
        let mut m = CmdMemo {
            last: entry(b"object", true),
            prev: Entry::default(),
        };
        assert!(m.lookup(b"object").is_none());
        let mut e = entry(b"incr", false);
        e.generation = e.generation.wrapping_sub(1);
        assert!(!e.holds(b"incr"));
        assert!(Entry::default().found().is_none());
    }
}
