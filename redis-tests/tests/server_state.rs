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

#[test]
fn min_replicas_to_write_follows_config_set() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
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
        assert_same(
            &mut c,
            "EVAL",
            &[SHEBANG_WRITE, "1", "k"],
            expect,
            &format!("{what}: shebang EVAL"),
        );
        assert_same(
            &mut c,
            "FCALL",
            &["w", "1", "k"],
            expect,
            &format!("{what}: FCALL"),
        );
        // A script without flags is checked at its first write (the error names the script).
        assert_same(
            &mut c,
            "EVAL",
            &[COMPAT_WRITE, "1", "k"],
            expect,
            &format!("{what}: plain EVAL"),
        );
        assert_same(
            &mut c,
            "EVAL",
            &[SHEBANG_READ, "1", "k"],
            b"$",
            &format!("{what}: no-writes EVAL"),
        );
        assert_same(
            &mut c,
            "FCALL_RO",
            &["r", "1", "k"],
            b"$",
            &format!("{what}: FCALL_RO"),
        );
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
    // Once each first: a command's flags are looked up (COMMAND INFO) once per name.
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
