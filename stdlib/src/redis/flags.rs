//! Script and function flags (script.h `SCRIPT_FLAG_*`): what a shebang declares and what
//! `redis.register_function` takes.

/// Script flags (script.h `SCRIPT_FLAG_*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub no_writes: bool,
    pub allow_oom: bool,
    pub allow_stale: bool,
    pub no_cluster: bool,
    pub allow_cross_slot: bool,
    /// No shebang: EVAL's backwards-compatible mode.
    pub compat: bool,
}

impl Flags {
    pub fn compat() -> Flags {
        Flags {
            compat: true,
            ..Default::default()
        }
    }

    /// Sets the flag named `name` (as written in shebangs and `register_function`).
    pub fn set_by_name(&mut self, name: &[u8]) -> bool {
        match name {
            b"no-writes" => self.no_writes = true,
            b"allow-oom" => self.allow_oom = true,
            b"allow-stale" => self.allow_stale = true,
            b"no-cluster" => self.no_cluster = true,
            b"allow-cross-slot-keys" => self.allow_cross_slot = true,
            _ => return false,
        }
        true
    }

    /// The flag names, in Redis's order (FUNCTION LIST shows them so).
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.no_writes {
            v.push("no-writes");
        }
        if self.allow_oom {
            v.push("allow-oom");
        }
        if self.allow_stale {
            v.push("allow-stale");
        }
        if self.no_cluster {
            v.push("no-cluster");
        }
        if self.allow_cross_slot {
            v.push("allow-cross-slot-keys");
        }
        v
    }
}
