//! Per-script command flags (eval.c `evalGetCommandFlags`, functions.c
//! `fcallGetCommandFlags`, script.c `scriptFlagsToCmdFlags`).
//!
//! Redis computes EVAL's and FCALL's command flags from the script's shebang or the
//! function's flags before processCommand's checks (CLIENT PAUSE WRITE, read-only replica,
//! OOM, stale replica, MULTI's EXECABORT). A 7.0 module command has fixed flags and no
//! per-call flags callback, so every script command is registered once per flag set Redis
//! can compute (`Variant`), and the command filter renames a call to the variant its
//! script's flags give, looking them up by body (the shebang), SHA or function name.
//! FUNCTION, one module command for all its subcommands, gets the same treatment: its write
//! subcommands go to variants with Redis's `write`/`deny-oom` flags.

use crate::engine::ENGINE;
use crate::functions::LIBS;
use crate::shebang::eval_shebang;
use ferrous_stdlib::redis::flags::Flags;

/// The command flags `scriptFlagsToCmdFlags` can give a script command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// No shebang (EVAL only), an unknown script or function: the command's own flags.
    Compat,
    /// `write deny-oom`: a shebang or function without `no-writes`/`allow-oom`.
    Write,
    WriteStale,
    /// `write` without `deny-oom` (`allow-oom`).
    AllowOom,
    AllowOomStale,
    /// Neither `write` nor `may-replicate` (`no-writes`, which implies `allow-oom`).
    NoWrites,
    NoWritesStale,
}

impl Variant {
    pub const ALL: [Variant; 7] = [
        Variant::Compat,
        Variant::Write,
        Variant::WriteStale,
        Variant::AllowOom,
        Variant::AllowOomStale,
        Variant::NoWrites,
        Variant::NoWritesStale,
    ];

    /// `scriptFlagsToCmdFlags`: a script that declared flags drops the command's
    /// `stale`/`deny-oom`/`write`/`may-replicate` and gets them from its flags.
    pub fn of(f: Flags) -> Variant {
        if f.contains(Flags::COMPAT) {
            return Variant::Compat;
        }
        match (
            f.contains(Flags::NO_WRITES),
            f.contains(Flags::ALLOW_OOM),
            f.contains(Flags::ALLOW_STALE),
        ) {
            (true, _, false) => Variant::NoWrites,
            (true, _, true) => Variant::NoWritesStale,
            (false, true, false) => Variant::AllowOom,
            (false, true, true) => Variant::AllowOomStale,
            (false, false, false) => Variant::Write,
            (false, false, true) => Variant::WriteStale,
        }
    }

    /// What the variant's command name adds to the base name (`ferrous.eval.no-writes`).
    pub fn suffix(self) -> &'static str {
        match self {
            Variant::Compat => "",
            Variant::Write => ".write",
            Variant::WriteStale => ".write.allow-stale",
            Variant::AllowOom => ".allow-oom",
            Variant::AllowOomStale => ".allow-oom.allow-stale",
            Variant::NoWrites => ".no-writes",
            Variant::NoWritesStale => ".no-writes.allow-stale",
        }
    }

    /// The module-API flags that vary (EVAL's and FCALL's own: `may-replicate allow-stale`;
    /// `command_flags` drops `may-replicate` for the `*_ro` commands).
    pub fn cmd_flags(self) -> &'static str {
        match self {
            Variant::Compat => "may-replicate allow-stale",
            Variant::Write => "write deny-oom",
            Variant::WriteStale => "write deny-oom allow-stale",
            Variant::AllowOom => "write",
            Variant::AllowOomStale => "write allow-stale",
            Variant::NoWrites => "",
            Variant::NoWritesStale => "allow-stale",
        }
    }
}

/// How a script command names its script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// argv[1] is the body.
    Eval,
    /// argv[1] is the SHA.
    EvalSha,
    /// argv[1] is the function name.
    Fcall,
}

/// The script commands, by module name: how each names its script, and whether it is a
/// `*_ro` command (`readonly`).
pub const COMMANDS: [(&str, Kind, bool); 6] = [
    ("ferrous.eval", Kind::Eval, false),
    ("ferrous.evalsha", Kind::EvalSha, false),
    ("ferrous.eval_ro", Kind::Eval, true),
    ("ferrous.evalsha_ro", Kind::EvalSha, true),
    ("ferrous.fcall", Kind::Fcall, false),
    ("ferrous.fcall_ro", Kind::Fcall, true),
];

/// The module-API flags of a script command's variant.
pub fn command_flags(ro: bool, v: Variant) -> String {
    // `readonly` on every variant: after it returns, `call()` asks a tracking caller's keys
    // (tracking.rs); module commands get no `@read` ACL category from it, and 7.0's other
    // readers of the flag (cluster, replica clients) look at `write`/`may-replicate`.
    // Not `no-monitor` (EVAL's own flag, as evalGenericCommand feeds monitors itself): a
    // module cannot feed monitors, so `call()` shows the command, after the commands it ran
    // and under the variant's name (the filter rewrites argv in place).
    let mut f = String::from("deny-script no-mandatory-keys getkeys-api readonly");
    let vf = match v {
        // EVAL_RO's and FCALL_RO's own flags have no `may-replicate`.
        Variant::Compat if ro => "allow-stale",
        v => v.cmd_flags(),
    };
    if !vf.is_empty() {
        f.push(' ');
        f.push_str(vf);
    }
    f
}

/// The module's FUNCTION command and the variants its subcommands use.
pub const FUNCTION: &str = "ferrous.function";
pub const FUNCTION_VARIANTS: [Variant; 3] = [Variant::Compat, Variant::Write, Variant::AllowOom];

/// The flags of FUNCTION's subcommand `sub` (commands/function-*.json): LOAD and RESTORE are
/// `write deny-oom`, DELETE and FLUSH `write`, the others neither (no `may-replicate`).
pub fn function_variant(sub: &[u8]) -> Variant {
    let is = |n: &[u8]| sub.eq_ignore_ascii_case(n);
    if is(b"load") || is(b"restore") {
        Variant::Write
    } else if is(b"delete") || is(b"flush") {
        Variant::AllowOom
    } else {
        Variant::Compat
    }
}

/// The module-API flags of a FUNCTION variant. All are `allow-busy` (KILL and STATS must
/// reach the command while a script runs; the others answer BUSY themselves); the write
/// ones are not `allow-stale`, as Redis's write subcommands are not.
pub fn function_flags(v: Variant) -> &'static str {
    match v {
        Variant::Write => "deny-script allow-busy write deny-oom",
        Variant::AllowOom => "deny-script allow-busy write",
        _ => "deny-script allow-busy allow-stale",
    }
}

/// The variant suffixes of module command `name` (any case): what an ACL rule naming it
/// must also name.
pub fn variant_suffixes(name: &[u8]) -> Vec<&'static str> {
    if kind_of(name).is_some() {
        Variant::ALL[1..].iter().map(|v| v.suffix()).collect()
    } else if name.eq_ignore_ascii_case(FUNCTION.as_bytes()) {
        FUNCTION_VARIANTS[1..].iter().map(|v| v.suffix()).collect()
    } else {
        Vec::new()
    }
}

/// `ferrous.fcall.no-writes` → `ferrous.fcall` (the name as the client sent it, any case).
pub fn base_name(a0: &[u8]) -> &[u8] {
    const P: usize = "ferrous.".len();
    if a0.len() > P && a0[..P].eq_ignore_ascii_case(b"ferrous.") {
        if let Some(dot) = a0[P..].iter().position(|&c| c == b'.') {
            return &a0[..P + dot];
        }
    }
    a0
}

/// The script command `name` (a module name, any case, without a variant suffix).
pub fn kind_of(name: &[u8]) -> Option<Kind> {
    COMMANDS
        .iter()
        .find(|(n, ..)| name.eq_ignore_ascii_case(n.as_bytes()))
        .map(|&(_, k, _)| k)
}

/// The script's flags as Redis finds them when the command arrives: EVAL reads the shebang
/// (the cache holds the same flags), EVALSHA and FCALL look the script up; anything not
/// found (or an engine busy running a script) keeps the command's own flags.
pub fn lookup(kind: Kind, arg1: &[u8]) -> Flags {
    match kind {
        // A shebang that does not parse keeps the command's flags (the run reports it).
        Kind::Eval => eval_shebang(arg1).map_or(Flags::COMPAT, |(f, _)| f),
        Kind::EvalSha => {
            if arg1.len() != 40 {
                return Flags::COMPAT;
            }
            let mut lower = [0u8; 40];
            lower.copy_from_slice(arg1);
            lower.make_ascii_lowercase();
            ENGINE.with(|e| {
                e.try_borrow()
                    .ok()
                    .and_then(|b| {
                        b.as_ref()
                            .and_then(|eng| eng.scripts.get(&lower[..]))
                            .map(|s| s.flags)
                    })
                    .unwrap_or(Flags::COMPAT)
            })
        }
        Kind::Fcall => LIBS.with(|l| {
            l.try_borrow()
                .ok()
                .and_then(|l| l.find(arg1).map(|f| f.flags))
                // fcallGetCommandFlags: an unknown function keeps the command's flags.
                .unwrap_or(Flags::COMPAT)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_follow_script_flags_to_cmd_flags() {
        let mut f = Flags::default();
        assert_eq!(Variant::of(Flags::COMPAT), Variant::Compat);
        assert_eq!(Variant::of(f), Variant::Write);
        f.insert(Flags::NO_WRITES);
        assert_eq!(Variant::of(f), Variant::NoWrites);
        f.insert(Flags::ALLOW_OOM);
        assert_eq!(Variant::of(f), Variant::NoWrites);
        f.insert(Flags::ALLOW_STALE);
        assert_eq!(Variant::of(f), Variant::NoWritesStale);
        f.remove(Flags::NO_WRITES);
        assert_eq!(Variant::of(f), Variant::AllowOomStale);
        assert_eq!(
            command_flags(true, Variant::Compat),
            "deny-script no-mandatory-keys getkeys-api readonly allow-stale"
        );
        assert_eq!(
            command_flags(true, Variant::NoWrites),
            "deny-script no-mandatory-keys getkeys-api readonly"
        );
    }

    #[test]
    fn function_subcommands_and_base_names() {
        assert_eq!(function_variant(b"LOAD"), Variant::Write);
        assert_eq!(function_variant(b"flush"), Variant::AllowOom);
        assert_eq!(function_variant(b"list"), Variant::Compat);
        assert_eq!(base_name(b"ferrous.FUNCTION.write"), b"ferrous.FUNCTION");
        assert_eq!(
            base_name(b"ferrous.eval.no-writes.allow-stale"),
            b"ferrous.eval"
        );
        assert_eq!(base_name(b"ferrous.fcall"), b"ferrous.fcall");
        assert_eq!(
            variant_suffixes(b"FERROUS.FUNCTION"),
            [".write", ".allow-oom"]
        );
        assert_eq!(variant_suffixes(b"ferrous.script"), Vec::<&str>::new());
    }

    #[test]
    fn suffixes_are_distinct() {
        for (i, a) in Variant::ALL.iter().enumerate() {
            for b in &Variant::ALL[i + 1..] {
                assert_ne!(a.suffix(), b.suffix());
            }
        }
    }
}
