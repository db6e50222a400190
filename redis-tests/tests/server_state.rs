//! The server settings the per-script checks read (issue 11): cached by the module and
//! refreshed on config-change events instead of queried on every call, so they must follow
//! CONFIG SET exactly as the built-in engine does, and a script run sends no INFO or
//! CONFIG command of its own (they would show in MONITOR and commandstats).

use ferrous_redis_tests::{Conn, Server, ServerOpts, assert_reply, ferrous_cmd, ferrous_is_real};

const SHEBANG_WRITE: &str = "#!lua\nreturn redis.call('INCR', KEYS[1])";
const SHEBANG_READ: &str = "#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])";
const COMPAT_WRITE: &str = "return redis.call('INCR', KEYS[1])";
const LIB: &str = "#!lua name=statelib\n\
    redis.register_function('w', function(keys) return redis.call('INCR', keys[1]) end)\n\
    redis.register_function{function_name='r', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}";

/// The built-in's reply and Ferrous's for `cmd args...` (`cmd` a scripting command).
fn both(c: &mut Conn, cmd: &str, args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let mut b = vec![cmd];
    b.extend_from_slice(args);
    let builtin = c.cmd(&b);
    let f = ferrous_cmd(cmd);
    let mut fa = vec![f.as_str()];
    fa.extend_from_slice(args);
    (builtin, c.cmd(&fa))
}

fn assert_same(c: &mut Conn, cmd: &str, args: &[&str], expected_prefix: &[u8], what: &str) {
    let (b, f) = both(c, cmd, args);
    if b.starts_with(b"-") {
        assert_reply(&f, &b, what);
    }
    // Writes count in the shared key: only the kind of a success is compared.
    assert!(
        f.starts_with(expected_prefix),
        "{what}: Ferrous answered {}",
        String::from_utf8_lossy(&f)
    );
    assert!(
        b.starts_with(expected_prefix),
        "{what}: the built-in answered {}",
        String::from_utf8_lossy(&b)
    );
}

/// Loads the test library into both engines.
fn load_lib(c: &mut Conn) {
    assert_reply(
        &c.cmd(&["FUNCTION", "LOAD", LIB]),
        b"$8\r\nstatelib\r\n",
        "FUNCTION LOAD",
    );
    assert_reply(
        &c.cmd(&[ferrous_cmd("FUNCTION").as_str(), "LOAD", LIB]),
        b"$8\r\nstatelib\r\n",
        "FERROUS FUNCTION LOAD",
    );
}

/// The writing scripts of every kind answer `write` (a reply prefix) in both engines, and a
/// no-writes script reads; `what` names the server state.
fn assert_scripts(c: &mut Conn, what: &str, write: &[u8]) {
    // A script without flags is checked at its first write (the error names the script).
    assert_same(
        c,
        "EVAL",
        &[COMPAT_WRITE, "1", "k"],
        write,
        &format!("{what}: plain EVAL"),
    );
    assert_same(
        c,
        "EVAL",
        &[SHEBANG_WRITE, "1", "k"],
        write,
        &format!("{what}: shebang EVAL"),
    );
    assert_same(
        c,
        "FCALL",
        &["w", "1", "k"],
        write,
        &format!("{what}: FCALL"),
    );
    assert_same(
        c,
        "EVAL",
        &[SHEBANG_READ, "1", "k"],
        b"$",
        &format!("{what}: no-writes EVAL"),
    );
}

#[test]
fn min_replicas_to_write_follows_config_set() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_lib(&mut c);
    // Off (the default), then on, then with the lag check off, then off again: each state is
    // seen by the next script in both engines.
    for (to_write, lag, refused) in [
        ("0", "10", false),
        ("1", "10", true),
        ("1", "0", false),
        ("2", "10", true),
        ("0", "10", false),
    ] {
        c.cmd(&["CONFIG", "SET", "min-replicas-to-write", to_write]);
        c.cmd(&["CONFIG", "SET", "min-replicas-max-lag", lag]);
        let what = format!("min-replicas-to-write {to_write}, max-lag {lag}");
        let expect: &[u8] = if refused { b"-NOREPLICAS" } else { b":" };
        assert_scripts(&mut c, &what, expect);
        assert_same(
            &mut c,
            "FCALL_RO",
            &["r", "1", "k"],
            b"$",
            &format!("{what}: FCALL_RO"),
        );
    }
}

/// The replica and maxmemory checks of a run follow REPLICAOF and CONFIG SET maxmemory as
/// the built-in's do: the module asks the server for its context flags only when one of them
/// can be set (a replica, or maxmemory on), from role-change and config events
/// (src/ctx_flags.rs).
#[test]
fn script_checks_follow_role_and_maxmemory_changes() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_lib(&mut c);
    // A master that never answers: the replica stays read-only (and stale).
    let dead = Server::start(ServerOpts::plain());
    let dead_port = dead.port().to_string();
    drop(dead);
    let states: [(&[&str], &[u8]); 5] = [
        (&["CONFIG", "SET", "maxmemory", "0"], b":"),
        (&["REPLICAOF", "127.0.0.1", &dead_port], b"-"),
        (&["REPLICAOF", "NO", "ONE"], b":"),
        (&["CONFIG", "SET", "maxmemory", "1"], b"-"),
        (&["CONFIG", "SET", "maxmemory", "0"], b":"),
    ];
    c.cmd(&["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    for (change, expect) in states {
        assert_reply(&c.cmd(change), b"+OK\r\n", &change.join(" "));
        let what = change.join(" ");
        assert_scripts(&mut c, &what, expect);
    }
}

/// The number of calls `stats` (INFO commandstats) shows for `cmd` (0 when absent).
fn calls(stats: &str, cmd: &str) -> u64 {
    stats
        .lines()
        .find_map(|l| l.strip_prefix(&format!("cmdstat_{cmd}:calls=")))
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn script_runs_send_no_server_queries() {
    if !ferrous_is_real() {
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    c.cmd(&[ferrous_cmd("FUNCTION").as_str(), "LOAD", LIB]);
    // Once each first (the command table is read at load; nothing per name).
    c.cmd(&[ferrous_cmd("EVAL").as_str(), SHEBANG_WRITE, "1", "k"]);
    c.cmd(&[ferrous_cmd("FCALL").as_str(), "w", "1", "k"]);
    c.cmd(&[ferrous_cmd("FCALL_RO").as_str(), "r", "1", "k"]);
    c.cmd(&["CONFIG", "RESETSTAT"]);
    for _ in 0..20 {
        c.cmd(&[ferrous_cmd("EVAL").as_str(), SHEBANG_WRITE, "1", "k"]);
        c.cmd(&[ferrous_cmd("EVAL").as_str(), COMPAT_WRITE, "1", "k"]);
        c.cmd(&[ferrous_cmd("FCALL").as_str(), "w", "1", "k"]);
        c.cmd(&[ferrous_cmd("FCALL_RO").as_str(), "r", "1", "k"]);
    }
    // The INFO that reads the stats is counted after its own reply.
    let stats = String::from_utf8_lossy(&c.cmd(&["INFO", "commandstats"])).into_owned();
    for cmd in ["info", "config|get", "command|info"] {
        assert_eq!(calls(&stats, cmd), 0, "calls of {cmd}:\n{stats}");
    }
    assert_eq!(calls(&stats, "incr"), 60, "{stats}");
}

/// Nothing the module asks the server shows to users: scripts calling commands they never
/// called before, and CONFIG SET of settings the module does not cache, leave no `COMMAND`,
/// `INFO` or `CONFIG GET` in commandstats or MONITOR (the built-in beside).
#[test]
fn first_use_of_commands_and_config_set_send_no_queries() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    c.cmd(&["CONFIG", "RESETSTAT"]);
    let mut monitor = s.conn();
    assert_eq!(monitor.cmd(&["MONITOR"]), b"+OK\r\n");
    let cmds = [
        "return redis.call('SET', KEYS[1], 'v')",
        "return redis.call('APPEND', KEYS[1], 'w')",
        "return redis.call('STRLEN', KEYS[1])",
        "return redis.call('GETRANGE', KEYS[1], 0, 1)",
        "return redis.call('HSET', KEYS[1]..'h', 'f', 'v')",
        "return redis.call('OBJECT', 'ENCODING', KEYS[1])",
        "return redis.call('NOSUCHCOMMAND')",
    ];
    for (i, body) in cmds.iter().enumerate() {
        // A fresh key per side: the built-in's own inner commands are in the same stream.
        let f = c.cmd(&[ferrous_cmd("EVAL").as_str(), body, "1", &format!("f{i}")]);
        let b = c.cmd(&["EVAL", body, "1", &format!("b{i}")]);
        assert_eq!(
            f.first(),
            b.first(),
            "{body}: Ferrous {f:?}, built-in {b:?}"
        );
    }
    assert_eq!(
        c.cmd(&["CONFIG", "SET", "maxmemory-samples", "6"]),
        b"+OK\r\n"
    );
    c.cmd(&["PING"]);
    let stats = String::from_utf8_lossy(&c.cmd(&["INFO", "commandstats"])).into_owned();
    for cmd in ["info", "config|get", "command", "command|info"] {
        assert_eq!(calls(&stats, cmd), 0, "calls of {cmd}:\n{stats}");
    }
    // MONITOR: everything up to the PING, none of it a query of the module's.
    let mut seen = String::new();
    monitor.set_timeout(Some(std::time::Duration::from_secs(5)));
    while !seen.contains("\"PING\"") {
        let line = monitor.read_reply().expect("a MONITOR line");
        seen.push_str(&String::from_utf8_lossy(&line));
    }
    for q in [
        "\"COMMAND\"",
        "\"INFO\"",
        "\"CONFIG\" \"GET\"",
        "\"config\"",
    ] {
        assert!(!seen.contains(q), "MONITOR shows {q}:\n{seen}");
    }
    assert!(seen.contains("\"APPEND\""), "{seen}");
}
