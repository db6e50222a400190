//! What `COMMAND DOCS` shows for the module's commands (redis-cli's hints and client code
//! generators read it): the built-in command's summary, since, complexity and arguments, as
//! Redis 7.0.15 reports them for EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, FCALL, FCALL_RO, SCRIPT and
//! FUNCTION. A flag variant (`ferrous.eval.no-writes`, …) documents its base command.

/// An argument's type (`RedisModuleCommandArgType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    String,
    Integer,
    /// A key name (its key spec is the command's first).
    Key,
}

#[derive(Debug)]
pub struct Arg {
    pub name: &'static str,
    pub kind: ArgKind,
    /// Optional and multiple (`REDISMODULE_CMD_ARG_OPTIONAL | _MULTIPLE`).
    pub repeated: bool,
}

#[derive(Debug)]
pub struct Docs {
    pub summary: &'static str,
    pub since: &'static str,
    pub complexity: &'static str,
    pub args: &'static [Arg],
}

const fn arg(name: &'static str, kind: ArgKind, repeated: bool) -> Arg {
    Arg {
        name,
        kind,
        repeated,
    }
}

/// `script numkeys [key ...] [arg ...]` with the first argument's name.
macro_rules! script_args {
    ($first:expr) => {
        &[
            arg($first, ArgKind::String, false),
            arg("numkeys", ArgKind::Integer, false),
            arg("key", ArgKind::Key, true),
            arg("arg", ArgKind::String, true),
        ]
    };
}

const SCRIPT: &str = "Depends on the script that is executed.";
const FUNCTION: &str = "Depends on the function that is executed.";

static DOCS: &[(&str, Docs)] = &[
    (
        "ferrous.eval",
        Docs {
            summary: "Execute a Lua script server side",
            since: "2.6.0",
            complexity: SCRIPT,
            args: script_args!("script"),
        },
    ),
    (
        "ferrous.evalsha",
        Docs {
            summary: "Execute a Lua script server side",
            since: "2.6.0",
            complexity: SCRIPT,
            args: script_args!("sha1"),
        },
    ),
    (
        "ferrous.eval_ro",
        Docs {
            summary: "Execute a read-only Lua script server side",
            since: "7.0.0",
            complexity: SCRIPT,
            args: script_args!("script"),
        },
    ),
    (
        "ferrous.evalsha_ro",
        Docs {
            summary: "Execute a read-only Lua script server side",
            since: "7.0.0",
            complexity: SCRIPT,
            args: script_args!("sha1"),
        },
    ),
    (
        "ferrous.fcall",
        Docs {
            summary: "Invoke a function",
            since: "7.0.0",
            complexity: FUNCTION,
            args: script_args!("function"),
        },
    ),
    (
        "ferrous.fcall_ro",
        Docs {
            summary: "Invoke a read-only function",
            since: "7.0.0",
            complexity: FUNCTION,
            args: script_args!("function"),
        },
    ),
    (
        "ferrous.script",
        Docs {
            summary: "A container for Lua scripts management commands",
            since: "2.6.0",
            complexity: "Depends on subcommand.",
            args: &[],
        },
    ),
    (
        "ferrous.function",
        Docs {
            summary: "A container for function commands",
            since: "7.0.0",
            complexity: "Depends on subcommand.",
            args: &[],
        },
    ),
];

/// The docs of a module command: its own, or its base command's for a flag variant.
pub fn for_command(name: &str) -> Option<&'static Docs> {
    DOCS.iter()
        .filter(|(base, _)| {
            name == *base
                || name
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .max_by_key(|(base, _)| base.len())
        .map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_take_their_base_commands_docs() {
        let base = for_command("ferrous.eval").unwrap();
        assert!(std::ptr::eq(
            for_command("ferrous.eval.no-writes").unwrap(),
            base
        ));
        let ro = for_command("ferrous.eval_ro.allow-oom").unwrap();
        assert_eq!(ro.summary, "Execute a read-only Lua script server side");
        assert!(for_command("ferrous.evalx").is_none());
        assert!(for_command("ferrous.function.write").is_some());
    }
}
