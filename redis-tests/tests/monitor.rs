//! MONITOR of scripts (issue 12). The built-in feeds monitors the EVAL/FCALL line itself
//! (evalGenericCommand, fcallCommandGeneric) before the script runs, then each command the
//! script runs as `[db lua]`. A module cannot feed monitors: Redis's `call()` shows the script
//! command after it returns (after the commands it ran) under the name the command filter
//! gave it (`ferrous.eval.write`), and each `RedisModule_Call` as its fake client `[db ?:0]`.
//! The test runs the same client commands against a plain server and a drop-in server and
//! checks that, undoing exactly that difference, the MONITOR streams are the same.

use ferrous_redis_tests::{Server, ServerOpts, escape, sha1_hex};

const LIB: &str = "#!lua name=monlib\n\
    redis.register_function('f', function(keys, args) redis.call('set', keys[1], args[1]); return redis.call('get', keys[1]) end)\n\
    redis.register_function{function_name='r', callback=function(keys) return redis.call('exists', keys[1]) end, flags={'no-writes'}}";
const BODY: &str = "redis.call('set', KEYS[1], ARGV[1]); return redis.call('incr', 'n')";

fn commands() -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let sha = sha1_hex(BODY.as_bytes());
    vec![
        s(&["eval", BODY, "1", "foo", "bar"]),
        s(&["evalsha", &sha, "1", "foo", "baz"]),
        s(&["eval_ro", "return redis.call('get', KEYS[1])", "1", "foo"]),
        s(&[
            "eval",
            "#!lua flags=no-writes\nreturn redis.call('ping')",
            "0",
        ]),
        s(&["eval", "return redis.pcall('incr', 'foo')", "0"]),
        s(&["eval", "redis.call('del', 'x'); error('boom')", "0"]),
        s(&["eval", "return 1", "0"]),
        s(&["fcall", "f", "1", "k", "v"]),
        s(&["fcall_ro", "r", "1", "k"]),
        s(&["multi"]),
        s(&["eval", BODY, "1", "foo", "qux"]),
        s(&["get", "foo"]),
        s(&["exec"]),
        s(&["evalsha", &"0".repeat(40), "0"]),
    ]
}

/// The MONITOR lines (timestamps dropped, a client's address written `client`) of the client
/// commands, for one server.
fn monitor_lines(s: &Server) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut c = s.conn();
    assert!(c.cmd(&["SCRIPT", "LOAD", BODY]).starts_with(b"$40"));
    assert_eq!(
        c.cmd(&["FUNCTION", "LOAD", "REPLACE", LIB]),
        b"$6\r\nmonlib\r\n"
    );
    let mut m = s.conn();
    assert_eq!(m.cmd(&["MONITOR"]), b"+OK\r\n");
    let mut replies = Vec::new();
    for cmd in commands() {
        replies.push(c.cmd(&cmd));
    }
    c.cmd(&["PING", "end"]);
    let mut lines = Vec::new();
    loop {
        let r = m.read_reply().expect("a MONITOR line");
        let l = String::from_utf8_lossy(&r).into_owned();
        let l = l.trim_start_matches('+').trim_end().to_string();
        // "<ts> [db addr] args": drop the timestamp, name the client's address.
        let rest = l.split_once(' ').map(|x| x.1).unwrap_or(&l).to_string();
        let (who, args) = rest.split_once("] ").expect("[db addr] args");
        let (db, addr) = who.trim_start_matches('[').split_once(' ').unwrap();
        let addr = if addr == "lua" || addr == "?:0" {
            addr
        } else {
            "client"
        };
        let line = format!("[{db} {addr}] {args}");
        if args == "\"PING\" \"end\"" {
            return (lines, replies);
        }
        lines.push(line);
    }
}

/// Ferrous's stream rewritten as the built-in's: each script command line moved before the
/// `?:0` lines that precede it (the commands it ran), named as the client sent it, and those
/// lines shown as `lua`.
fn as_builtin(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut inner: Vec<String> = Vec::new();
    for l in lines {
        if l.contains(" ?:0] ") {
            inner.push(l.replace(" ?:0] ", " lua] "));
            continue;
        }
        let (who, args) = l.split_once("] ").unwrap();
        if let Some(rest) = args.strip_prefix("\"ferrous.") {
            let (name, tail) = rest.split_once('"').unwrap();
            // `eval.write` → `eval` (the flag variant's suffix).
            let base = name.split('.').next().unwrap();
            out.push(format!("{who}] \"{base}\"{tail}"));
            out.append(&mut inner);
        } else {
            assert!(inner.is_empty(), "commands run by no script: {inner:?}");
            out.push(l.clone());
        }
    }
    assert!(inner.is_empty(), "commands run by no script: {inner:?}");
    out
}

#[test]
fn monitor_shows_scripts_and_their_commands_as_recorded() {
    let plain = Server::start(ServerOpts::plain());
    let dropin = Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    );
    let (b, breplies) = monitor_lines(&plain);
    let (f, freplies) = monitor_lines(&dropin);
    for (i, (b, f)) in breplies.iter().zip(&freplies).enumerate() {
        assert_eq!(
            escape(f),
            escape(b),
            "reply {i} (left Ferrous, right built-in)"
        );
    }
    if std::env::var_os("MON_DUMP").is_some() {
        eprintln!("built-in:\n{}\nFerrous:\n{}", b.join("\n"), f.join("\n"));
    }
    let shown = as_builtin(&f);
    assert_eq!(
        shown.join("\n"),
        b.join("\n"),
        "left Ferrous (rewritten), right built-in; Ferrous as shown:\n{}",
        f.join("\n")
    );
    // The built-in's stream does have both kinds of lines.
    assert!(b.iter().any(|l| l.contains(" lua] \"set\"")), "{b:?}");
    assert!(b.iter().any(|l| l.contains("\"fcall\" \"f\"")), "{b:?}");
}

/// The script command's line names the caller's address and database (as the built-in's),
/// the commands it ran the fake client's `?:0` in the same database.
#[test]
fn script_command_lines_carry_the_callers_address_and_db() {
    let s = Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    );
    let mut c = s.conn();
    assert_eq!(c.cmd(&["SELECT", "3"]), b"+OK\r\n");
    let info = String::from_utf8_lossy(&c.cmd(&["CLIENT", "INFO"])).into_owned();
    let addr = info
        .split_whitespace()
        .find_map(|f| f.strip_prefix("addr="))
        .expect("addr= in CLIENT INFO")
        .to_string();
    let mut m = s.conn();
    assert_eq!(m.cmd(&["MONITOR"]), b"+OK\r\n");
    c.cmd(&["eval", "return redis.call('get', KEYS[1])", "1", "a"]);
    let mut lines = Vec::new();
    for _ in 0..2 {
        let l = String::from_utf8_lossy(&m.read_reply().unwrap()).into_owned();
        lines.push(l.split_once(' ').unwrap().1.trim_end().to_string());
    }
    assert_eq!(
        lines,
        [
            "[3 ?:0] \"get\" \"a\"".to_string(),
            format!(
                "[3 {addr}] \"ferrous.eval\" \"return redis.call('get', KEYS[1])\" \"1\" \"a\""
            ),
        ]
    );
}
