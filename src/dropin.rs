//! Drop-in mode: a command filter that hands clients' `EVAL`, `EVALSHA`, `EVAL_RO`,
//! `EVALSHA_RO` and `SCRIPT` to the `FERROUS.*` commands (a module cannot take the built-in
//! names in Redis 7.0). Because ACL rules then apply to the module commands, which Redis
//! 7.0 cannot put in `@scripting`, `ACL SETUSER` rules that grant or revoke `@scripting` or
//! one of the replaced commands are mirrored onto the module commands.

use crate::config;
use crate::ffi::FilterCmd;
use crate::run;
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

pub fn filter(cmd: &mut FilterCmd) {
    let name = cmd.arg(0);
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
    if !config::drop_in() {
        return;
    }
    if let Some((from, to)) = MAP
        .iter()
        .find(|(from, _)| name.eq_ignore_ascii_case(from.as_bytes()))
    {
        if from.starts_with('f') {
            // FCALL / FCALL_RO / FUNCTION: `ferrous.` + the name as the client spelled it,
            // so FUNCTION STATS can show the caller's command as Redis does.
            let mut n = b"ferrous.".to_vec();
            n.extend_from_slice(name);
            cmd.replace(0, &n);
        } else {
            cmd.replace(0, to.as_bytes());
        }
        return;
    }
    if name.eq_ignore_ascii_case(b"acl") && cmd.arg(1).eq_ignore_ascii_case(b"setuser") {
        mirror_acl_rules(cmd);
    }
}

/// The module-command rules a user rule implies (`+@scripting` → `+ferrous.eval ...`).
fn mirrored(rule: &[u8]) -> Vec<String> {
    let (sign, body) = match rule.first() {
        Some(b'+') => ('+', &rule[1..]),
        Some(b'-') => ('-', &rule[1..]),
        _ => return Vec::new(),
    };
    let body = body.to_ascii_lowercase();
    if body == b"@scripting" {
        return MAP.iter().map(|(_, to)| format!("{sign}{to}")).collect();
    }
    // `+script|kill` and friends: the module's SCRIPT is one command.
    let base = body.split(|&c| c == b'|').next().unwrap_or(&[]);
    MAP.iter()
        .filter(|(from, _)| from.as_bytes() == base)
        .map(|(_, to)| format!("{sign}{to}"))
        .collect()
}

fn mirror_acl_rules(cmd: &mut FilterCmd) {
    let mut i = 3;
    while i < cmd.len() {
        let extra = mirrored(cmd.arg(i));
        for (k, r) in extra.iter().enumerate() {
            cmd.insert(i + 1 + k, r.as_bytes());
        }
        i += 1 + extra.len();
    }
}
