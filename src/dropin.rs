//! Drop-in mode: a command filter that hands clients' `EVAL`, `EVALSHA`, `EVAL_RO`,
//! `EVALSHA_RO` and `SCRIPT` to the `FERROUS.*` commands (a module cannot take the built-in
//! names in Redis 7.0). Because ACL rules then apply to the module commands, which Redis
//! 7.0 cannot put in `@scripting`, `ACL SETUSER` rules that grant or revoke `@scripting` or
//! one of the replaced commands are mirrored onto the module commands.
//!
//! The filter also renames script commands (clients' and direct `FERROUS.*` calls alike) to
//! the variant whose command flags Redis would compute from the script's flags
//! (`script_flags`), so processCommand's pause/replica/OOM checks see them.

use crate::config;
use crate::ffi::{CommandFilter, FilterCmd};
use crate::run;
use crate::script_flags::{self, Variant};
use std::sync::atomic::Ordering::Relaxed;

/// Built-in name → module command.
pub const MAP: &[(&str, &str)] = &[
    ("eval", "ferrous.eval"),
    ("evalsha", "ferrous.evalsha"),
    ("eval_ro", "ferrous.eval_ro"),
    ("evalsha_ro", "ferrous.evalsha_ro"),
    ("script", "ferrous.script"),
    ("fcall", "ferrous.fcall"),
    ("fcall_ro", "ferrous.fcall_ro"),
    ("function", "ferrous.function"),
];

/// The drop-in command filter (registered with `ffi::register_filter`).
pub struct DropIn;

impl CommandFilter for DropIn {
    fn may_concern_first(c: u8) -> bool {
        QUICK[((c | 0x20) & 31) as usize] != 0
    }
    fn may_concern(name: &[u8]) -> bool {
        // While a debugging session is open every command goes to the debugger (ldb/); the
        // callback's quick path is then off (`filter_name::SESSION_OPEN`).
        crate::ldb::OPEN.load(Relaxed) || may_concern(name)
    }
    fn filter(cmd: &mut FilterCmd) {
        filter(cmd)
    }
}

/// Whether `name` may be one the filter acts on (`MAP`, `debug`, `acl`, the module's script
/// commands), by length and first letter: the filter runs before every command the server
/// receives, and this rejects `GET`, `SET` and most others with one table load and a bit
/// test (no branch per letter: a `match` compiled to a jump table, an indirect branch per
/// command). Letters share a row with the bytes that equal them in their low five bits
/// once lower-cased, which lets a few non-names through to the filter proper; no name the
/// filter acts on is rejected (`the_quick_check_passes_every_name_the_filter_acts_on`).
#[inline(always)]
fn may_concern(name: &[u8]) -> bool {
    let (Some(&c), n) = (name.first(), name.len()) else {
        return false;
    };
    n < 32 && QUICK[((c | 0x20) & 31) as usize] & (1 << n) != 0
}

/// By first letter (low five bits, lower-cased): a bit per name length `may_concern` passes.
const QUICK: [u32; 32] = {
    let mut t = [0u32; 32];
    t[(b'e' & 31) as usize] = 1 << 4 | 1 << 7 | 1 << 10;
    t[(b's' & 31) as usize] = 1 << 6;
    t[(b'f' & 31) as usize] = 1 << 5 | 1 << 8 | 1 << 12 | 1 << 13 | 1 << 15 | 1 << 16 | 1 << 18;
    t[(b'd' & 31) as usize] = 1 << 5;
    t[(b'a' & 31) as usize] = 1 << 3;
    t
};

/// The filter proper, for names `may_concern` let through.
#[inline(never)]
fn filter(cmd: &mut FilterCmd) {
    if crate::ldb::OPEN.load(Relaxed) && crate::ldb::filter(cmd) {
        return;
    }
    let name = cmd.first();
    if name.eq_ignore_ascii_case(b"debug") && cmd.len() >= 2 {
        if cmd.arg(1).eq_ignore_ascii_case(b"reload") {
            // Its options decide what an RDB's libraries replace (persist.rs).
            crate::persist::note_debug(cmd.arg(1), (2..cmd.len()).map(|i| cmd.arg(i).to_vec()));
        } else if cmd.len() >= 3 && cmd.arg(1).eq_ignore_ascii_case(b"set-disable-deny-scripts") {
            // Observed so that redis.call honours it as the built-in engine does.
            run::DENY_SCRIPTS_DISABLED.store(cmd.arg(2) != b"0", Relaxed);
        }
        return;
    }
    if let Some(kind) = script_flags::kind_of(name) {
        // A direct FERROUS.EVAL (FCALL, ...): only the flags' variant.
        let v = Variant::of(script_flags::lookup(kind, cmd.arg(1)));
        if v != Variant::Compat {
            let mut n = name.to_vec();
            n.extend_from_slice(v.suffix().as_bytes());
            cmd.replace(0, &n);
        }
        return;
    }
    if name.eq_ignore_ascii_case(script_flags::FUNCTION.as_bytes()) {
        let v = script_flags::function_variant(cmd.arg(1));
        if v != Variant::Compat {
            let mut n = name.to_vec();
            n.extend_from_slice(v.suffix().as_bytes());
            cmd.replace(0, &n);
        }
        return;
    }
    let drop_in = config::drop_in();
    if name.eq_ignore_ascii_case(b"acl") && cmd.arg(1).eq_ignore_ascii_case(b"setuser") {
        return mirror_acl_rules(cmd, drop_in);
    }
    if !drop_in {
        return;
    }
    if let Some((from, to)) = MAP
        .iter()
        .find(|(from, _)| name.eq_ignore_ascii_case(from.as_bytes()))
    {
        let mut n = if from.starts_with('f') {
            // FCALL / FCALL_RO / FUNCTION: `ferrous.` + the name as the client spelled it,
            // so FUNCTION STATS can show the caller's command as Redis does.
            let mut n = b"ferrous.".to_vec();
            n.extend_from_slice(name);
            n
        } else {
            to.as_bytes().to_vec()
        };
        if let Some(kind) = script_flags::kind_of(to.as_bytes()) {
            let v = Variant::of(script_flags::lookup(kind, cmd.arg(1)));
            n.extend_from_slice(v.suffix().as_bytes());
        } else if *to == script_flags::FUNCTION {
            let v = script_flags::function_variant(cmd.arg(1));
            n.extend_from_slice(v.suffix().as_bytes());
        }
        cmd.replace(0, &n);
    }
}

/// The module-command rules a user rule implies (`+@scripting` → `+ferrous.eval ...`; in
/// drop-in mode only, but `+ferrous.eval` → its variants always).
fn mirrored(rule: &[u8], drop_in: bool) -> Vec<String> {
    let (sign, body) = match rule.first() {
        Some(b'+') => ('+', &rule[1..]),
        Some(b'-') => ('-', &rule[1..]),
        _ => return Vec::new(),
    };
    let body = body.to_ascii_lowercase();
    // A module command stands for itself and its flag variants.
    let with_variants = |to: &str| -> Vec<String> {
        let mut v = vec![format!("{sign}{to}")];
        v.extend(
            script_flags::variant_suffixes(to.as_bytes())
                .iter()
                .map(|x| format!("{sign}{to}{x}")),
        );
        v
    };
    // `+script|kill` and friends: the module's SCRIPT is one command.
    let base = body.split(|&c| c == b'|').next().unwrap_or(&[]);
    let own = script_flags::variant_suffixes(base);
    if !own.is_empty() {
        // `+ferrous.eval`: its variants too (the base rule stays as the user wrote it).
        let base = String::from_utf8_lossy(base);
        return own.iter().map(|x| format!("{sign}{base}{x}")).collect();
    }
    if !drop_in {
        return Vec::new();
    }
    if body == b"@scripting" {
        return MAP.iter().flat_map(|(_, to)| with_variants(to)).collect();
    }
    MAP.iter()
        .filter(|(from, _)| from.as_bytes() == base)
        .flat_map(|(_, to)| with_variants(to))
        .collect()
}

fn mirror_acl_rules(cmd: &mut FilterCmd, drop_in: bool) {
    let mut i = 3;
    while i < cmd.len() {
        let extra = mirrored(cmd.arg(i), drop_in);
        for (k, r) in extra.iter().enumerate() {
            cmd.insert(i + 1 + k, r.as_bytes());
        }
        i += 1 + extra.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_passes_every_name_the_filter_acts_on() {
        let names = MAP
            .iter()
            .map(|(from, _)| *from)
            .chain(["debug", "acl"])
            .chain(script_flags::COMMANDS.iter().map(|(n, ..)| *n));
        for n in names {
            assert!(may_concern(n.as_bytes()), "{n}");
            assert!(may_concern(n.to_ascii_uppercase().as_bytes()), "{n}");
        }
        for n in ["get", "SET", "incr", "hset", "ping", "", "expire", "mget"] {
            assert!(!may_concern(n.as_bytes()), "{n}");
        }
    }
}
