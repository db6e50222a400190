//! A hostile-input harness: scripts built to break an embedded VM (deep or long syntax, huge
//! literals, metamethod and callback recursion, cyclic replies, allocation bombs, collector
//! extremes, endless loops) plus seeded random programs and their mutants, run one by one
//! against a real `redis-server` with the module. [`runner`] checks every script ends (or is
//! killed), the server still answers, memory comes back and the log has no panic.

pub mod grammar;
pub mod runner;
pub mod shapes;

/// What a hostile script must do. Every variant also requires a reply within the time bound,
/// a live server afterwards, memory back near the baseline and no panic in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A value (not an error). Under a memory limit, `not enough memory` is accepted too.
    Value,
    /// An error reply whose text contains this (empty: any clean error). Under a memory limit,
    /// `not enough memory` is accepted too.
    Error(&'static str),
    /// Any reply (value or error) whose text contains this; for `loadstring` variants that
    /// return the compile message as a value.
    Contains(&'static str),
    /// A value, or `not enough memory` in any configuration: shapes lua5.1 compiles in one
    /// pass with little memory, whose syntax tree in Ferrous can exceed the default
    /// `memory-limit` (a million statements: ~420 MB of tree).
    ValueOrMemory,
    /// [`Expect::Contains`], or `not enough memory` in any configuration.
    ContainsOrMemory(&'static str),
    /// A value or a clean error.
    Clean,
    /// Never ends by itself: the runner sends SCRIPT KILL once the server is busy and the reply
    /// must be the kill error.
    Killed,
    /// May run for a long time (random programs, exponential work): a reply within a short
    /// wait is checked like [`Expect::Clean`], else SCRIPT KILL must stop it.
    CleanOrKilled,
}

/// One hostile script.
#[derive(Clone, Debug)]
pub struct Case {
    /// The class it belongs to (one row of the report).
    pub class: &'static str,
    /// A short name, unique within the class.
    pub name: String,
    /// The EVAL body (`numkeys` 0 unless `keys` is set).
    pub script: Vec<u8>,
    pub expect: Expect,
    /// Scripts run right after it in the same VM (collector settings persist), each must give
    /// a value.
    pub followups: Vec<String>,
    /// Keys passed to the EVAL (random programs touch a few).
    pub keys: Vec<String>,
}

impl Case {
    pub fn new(
        class: &'static str,
        name: impl Into<String>,
        script: impl Into<Vec<u8>>,
        expect: Expect,
    ) -> Case {
        Case {
            class,
            name: name.into(),
            script: script.into(),
            expect,
            followups: Vec::new(),
            keys: Vec::new(),
        }
    }

    pub fn then(mut self, script: &str) -> Case {
        self.followups.push(script.to_string());
        self
    }
}
