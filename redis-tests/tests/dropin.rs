//! Drop-in mode (`--loadmodule libferrous.so drop-in yes`): the plain EVAL/EVALSHA/SCRIPT that a
//! user types, through the real redis-cli binary and a raw connection, reach Ferrous.

use ferrous_redis_tests::{
    Server, ServerOpts, assert_reply, bulk_text, ferrous_cmd, ferrous_is_real, info_field,
    redis_cli, redis_cli_stdin, sha1_hex, skip_note,
};

fn dropin_server() -> Server {
    Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    )
}

/// `calls=` of one command in INFO commandstats (0 when absent).
fn calls(s: &Server, cmd: &str) -> u64 {
    let info = bulk_text(&s.conn().cmd(&["INFO", "commandstats"]));
    info_field(&info, &format!("cmdstat_{cmd}"))
        .and_then(|v| {
            v.split(',')
                .find_map(|kv| kv.strip_prefix("calls=").map(|n| n.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

#[test]
fn dropin_redis_cli_eval_returns_integers_from_ferrous() {
    let s = dropin_server();
    let before = calls(&s, "ferrous.eval");
    let out = redis_cli(
        s.port(),
        &["EVAL", "return redis.call('incr', KEYS[1])", "1", "k"],
    );
    assert_eq!(out, "1\n", "redis-cli EVAL output");
    let out = redis_cli(
        s.port(),
        &["EVAL", "return redis.call('incr', KEYS[1])", "1", "k"],
    );
    assert_eq!(out, "2\n", "second redis-cli EVAL output");
    let out = redis_cli(s.port(), &["EVAL", "return {1, 'two', {3}}", "0"]);
    assert_eq!(out, "1\ntwo\n3\n", "redis-cli EVAL array output");
    if !ferrous_is_real() {
        skip_note("proof that drop-in EVAL ran in Ferrous");
        return;
    }
    // The filter rewrote EVAL into FERROUS.EVAL: the module command's counter moved, the
    // built-in's did not.
    assert_eq!(
        calls(&s, "ferrous.eval"),
        before + 3,
        "cmdstat_ferrous.eval after three drop-in EVALs"
    );
    assert_eq!(calls(&s, "eval"), 0, "the built-in EVAL must not have run");
    // A Ferrous-only behaviour: error({}) crashes the built-in 7.0.15 but not Ferrous.
    let out = redis_cli(s.port(), &["EVAL", "error({})", "0"]);
    assert!(
        out.starts_with("ERR") || out.contains("(error)"),
        "error({{}}) through redis-cli: {out:?}"
    );
    assert_reply(
        &s.conn().cmd(&["PING"]),
        b"+PONG\r\n",
        "server alive after error({})",
    );
}

#[test]
fn dropin_info_ferrous_counters_move() {
    if !ferrous_is_real() {
        skip_note("INFO ferrous");
        return;
    }
    let s = dropin_server();
    let mut c = s.conn();
    let before = bulk_text(&c.cmd(&["INFO", "ferrous"]));
    assert!(
        before.contains("# "),
        "INFO ferrous has no section: {before:?}"
    );
    for _ in 0..3 {
        assert_eq!(redis_cli(s.port(), &["EVAL", "return 1", "0"]), "1\n");
    }
    let after = bulk_text(&c.cmd(&["INFO", "ferrous"]));
    assert_ne!(
        before, after,
        "INFO ferrous did not change after three EVALs"
    );
}

#[test]
fn dropin_script_load_and_evalsha_through_redis_cli() {
    let s = dropin_server();
    let body = "return 'via sha ' .. ARGV[1]";
    let sha = redis_cli(s.port(), &["SCRIPT", "LOAD", body]);
    assert_eq!(
        sha.trim(),
        sha1_hex(body.as_bytes()),
        "SCRIPT LOAD through redis-cli"
    );
    let out = redis_cli(s.port(), &["EVALSHA", sha.trim(), "0", "x"]);
    assert_eq!(out, "via sha x\n", "EVALSHA through redis-cli");
    let out = redis_cli(s.port(), &["EVALSHA", &sha.trim().to_uppercase(), "0", "y"]);
    assert_eq!(out, "via sha y\n", "EVALSHA with an upper-case sha");
    let out = redis_cli(
        s.port(),
        &[
            "SCRIPT",
            "EXISTS",
            sha.trim(),
            "ffffffffffffffffffffffffffffffffffffffff",
        ],
    );
    assert_eq!(out, "1\n0\n", "SCRIPT EXISTS through redis-cli");
    let out = redis_cli(
        s.port(),
        &["EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"],
    );
    assert!(
        out.contains("NOSCRIPT No matching script. Please use EVAL."),
        "unknown sha: {out:?}"
    );
    if ferrous_is_real() {
        // The script went into Ferrous's cache, not the built-in one.
        let mut c = s.conn();
        let r = c.cmd(&[ferrous_cmd("SCRIPT").as_str(), "EXISTS", sha.trim()]);
        assert_reply(
            &r,
            b"*1\r\n:1\r\n",
            "FERROUS.SCRIPT EXISTS of a drop-in SCRIPT LOAD",
        );
    }
    assert_eq!(redis_cli(s.port(), &["SCRIPT", "FLUSH"]), "OK\n");
    let out = redis_cli(s.port(), &["EVALSHA", sha.trim(), "0", "x"]);
    assert!(
        out.contains("NOSCRIPT"),
        "EVALSHA after SCRIPT FLUSH: {out:?}"
    );
}

#[test]
fn dropin_multi_exec_with_eval_inside() {
    let s = dropin_server();
    let out = redis_cli_stdin(
        s.port(),
        "MULTI\nEVAL \"return redis.call('incr','m')\" 0\nSET other 1\nEVAL \"return redis.call('incr','m')\" 0\nEXEC\n",
    );
    assert_eq!(
        out, "OK\nQUEUED\nQUEUED\nQUEUED\n1\nOK\n2\n",
        "MULTI/EXEC through redis-cli"
    );
    let mut c = s.conn();
    assert_reply(&c.cmd(&["MULTI"]), b"+OK\r\n", "MULTI");
    assert_reply(
        &c.cmd(&["EVAL", "return redis.call('get','m')", "0"]),
        b"+QUEUED\r\n",
        "EVAL queued",
    );
    assert_reply(
        &c.cmd(&["EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"]),
        b"+QUEUED\r\n",
        "EVALSHA queued",
    );
    assert_reply(
        &c.cmd(&["EXEC"]),
        b"*2\r\n$1\r\n2\r\n-NOSCRIPT No matching script. Please use EVAL.\r\n",
        "EXEC reply",
    );
}

#[test]
fn dropin_error_texts_name_the_typed_command() {
    let s = dropin_server();
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["EVAL", "return 1"]),
        b"-ERR wrong number of arguments for 'eval' command\r\n",
        "EVAL without numkeys",
    );
    assert_reply(
        &c.cmd(&["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"]),
        b"-ERR wrong number of arguments for 'evalsha' command\r\n",
        "EVALSHA without numkeys",
    );
    assert_reply(
        &c.cmd(&["SCRIPT", "EXISTS"]),
        b"-ERR wrong number of arguments for 'script|exists' command\r\n",
        "SCRIPT EXISTS without a sha",
    );
    assert_reply(
        &c.cmd(&["SCRIPT", "bogus"]),
        b"-ERR unknown subcommand 'bogus'. Try SCRIPT HELP.\r\n",
        "SCRIPT bogus",
    );
    assert_reply(
        &c.cmd(&["SCRIPT", "KILL"]),
        b"-NOTBUSY No scripts in execution right now.\r\n",
        "SCRIPT KILL",
    );
    let r = c.cmd(&["EVAL_RO", "return redis.call('set','k','v')", "0"]);
    let expected = format!(
        "-ERR Write commands are not allowed from read-only scripts. script: {}, on @user_script:1.\r\n",
        sha1_hex(b"return redis.call('set','k','v')")
    );
    assert_reply(&r, expected.as_bytes(), "EVAL_RO with a write");
    let r = c.cmd(&["eval", "return 'lower-case command name'", "0"]);
    assert_reply(&r, b"$23\r\nlower-case command name\r\n", "lower-case eval");
}

#[test]
fn dropin_can_be_switched_off_at_runtime() {
    if !ferrous_is_real() {
        skip_note("CONFIG SET ferrous.drop-in");
        return;
    }
    let s = dropin_server();
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["CONFIG", "GET", "ferrous.drop-in"]),
        b"*2\r\n$15\r\nferrous.drop-in\r\n$3\r\nyes\r\n",
        "CONFIG GET",
    );
    assert_reply(
        &c.cmd(&["EVAL", "return 1", "0"]),
        b":1\r\n",
        "EVAL in drop-in mode",
    );
    assert_eq!(
        calls(&s, "eval"),
        0,
        "built-in EVAL ran although drop-in is on"
    );
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "ferrous.drop-in", "no"]),
        b"+OK\r\n",
        "CONFIG SET drop-in no",
    );
    assert_reply(
        &c.cmd(&["EVAL", "return 1", "0"]),
        b":1\r\n",
        "EVAL with drop-in off",
    );
    assert_eq!(
        calls(&s, "eval"),
        1,
        "with drop-in off, EVAL must reach the built-in"
    );
    let r = c.cmd(&["CONFIG", "SET", "ferrous.drop-in", "yes"]);
    assert_reply(&r, b"+OK\r\n", "CONFIG SET drop-in yes");
    let n = calls(&s, "ferrous.eval");
    assert_reply(
        &c.cmd(&["EVAL", "return 2", "0"]),
        b":2\r\n",
        "EVAL in drop-in mode again",
    );
    assert_eq!(calls(&s, "ferrous.eval"), n + 1, "drop-in back on");
}

/// The filter's quick rejection (argument 0 read straight from Redis's structures after the
/// first command checked them against the API, src/filter_name.rs) lets every script name
/// through in any case, after other commands, and treats a name with a NUL inside as the
/// command Redis sees (unknown, as without the module).
#[test]
fn dropin_quick_rejection_keeps_every_script_name() {
    let s = dropin_server();
    let mut c = s.conn();
    for _ in 0..3 {
        assert_reply(&c.cmd(&["SET", "k", "1"]), b"+OK\r\n", "SET");
        assert_reply(&c.cmd(&["GET", "k"]), b"$1\r\n1\r\n", "GET");
    }
    let mut evals = 0;
    for name in ["EVAL", "eval", "eVaL", "Eval"] {
        assert_reply(&c.cmd(&[name, "return 7", "0"]), b":7\r\n", name);
        evals += 1;
    }
    let sha = sha1_hex(b"return 8");
    assert_reply(
        &c.cmd(&["script", "LOAD", "return 8"]),
        format!("${}\r\n{sha}\r\n", sha.len()).as_bytes(),
        "SCRIPT LOAD",
    );
    for name in ["EVALSHA", "evalSHA", "EVALSHA_RO"] {
        assert_reply(&c.cmd(&[name, &sha, "0"]), b":8\r\n", name);
    }
    assert_reply(&c.cmd(&["EVAL_RO", "return 9", "0"]), b":9\r\n", "EVAL_RO");
    evals += 1;
    let lib = "#!lua name=quick\nredis.register_function('q', function() return 10 end)";
    assert_reply(
        &c.cmd(&["Function", "LOAD", lib]),
        b"$5\r\nquick\r\n",
        "FUNCTION LOAD",
    );
    for name in ["FCALL", "fcall", "FCALL_RO"] {
        let r = c.cmd(&[name, "q", "0"]);
        if name == "FCALL_RO" {
            assert!(r.starts_with(b"-"), "FCALL_RO of a write function: {r:?}");
        } else {
            assert_reply(&r, b":10\r\n", name);
        }
    }
    // "eval\0x" is no command: the quick path sees "eval" (up to the NUL) and passes it to
    // the filter proper, which reads the whole name and leaves it alone.
    let r = c.cmd(&[&b"eval\0x"[..], b"return 1", b"0"]);
    assert!(
        r.starts_with(b"-ERR unknown command"),
        "name with a NUL: {r:?}"
    );
    if !ferrous_is_real() {
        skip_note("proof that the quick path routed every name to Ferrous");
        return;
    }
    assert_eq!(calls(&s, "eval"), 0, "the built-in EVAL must not have run");
    assert_eq!(calls(&s, "evalsha"), 0, "nor the built-in EVALSHA");
    assert_eq!(calls(&s, "fcall"), 0, "nor the built-in FCALL");
    assert_eq!(
        calls(&s, "ferrous.eval") + calls(&s, "ferrous.eval_ro"),
        evals,
        "every EVAL spelling reached Ferrous"
    );
}
