//! Script and function flags (script.h `SCRIPT_FLAG_*`): what a shebang declares and what
//! `redis.register_function` takes.

bitflags::bitflags! {
    /// Script flags, with script.h's bit values.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Flags: u8 {
        const NO_WRITES = 1 << 0;
        const ALLOW_OOM = 1 << 1;
        const ALLOW_STALE = 1 << 2;
        const NO_CLUSTER = 1 << 3;
        /// No shebang: EVAL's backwards-compatible mode (`SCRIPT_FLAG_EVAL_COMPAT_MODE`).
        const COMPAT = 1 << 4;
        const ALLOW_CROSS_SLOT = 1 << 5;
    }
}

/// The flags a script or function can declare, by name, in Redis's order (FUNCTION LIST
/// shows them so).
const NAMED: [(&str, Flags); 5] = [
    ("no-writes", Flags::NO_WRITES),
    ("allow-oom", Flags::ALLOW_OOM),
    ("allow-stale", Flags::ALLOW_STALE),
    ("no-cluster", Flags::NO_CLUSTER),
    ("allow-cross-slot-keys", Flags::ALLOW_CROSS_SLOT),
];

impl Flags {
    /// Sets the flag named `name` (as written in shebangs and `register_function`).
    pub fn set_by_name(&mut self, name: &[u8]) -> bool {
        match NAMED.iter().find(|(n, _)| n.as_bytes() == name) {
            Some(&(_, f)) => {
                self.insert(f);
                true
            }
            None => false,
        }
    }

    /// The declared flags' names, in Redis's order.
    pub fn names(&self) -> Vec<&'static str> {
        NAMED
            .iter()
            .filter(|(_, f)| self.contains(*f))
            .map(|&(n, _)| n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_redis_order() {
        let mut f = Flags::default();
        for n in ["allow-cross-slot-keys", "no-writes", "allow-stale"] {
            assert!(f.set_by_name(n.as_bytes()));
        }
        assert!(!f.set_by_name(b"compat"));
        assert_eq!(
            f.names(),
            ["no-writes", "allow-stale", "allow-cross-slot-keys"]
        );
        assert_eq!(f.bits(), 0b100101);
    }
}
