//! Per-script command flags (issue 12): Redis derives EVAL's/FCALL's command flags from the
//! script's shebang or function flags, and processCommand's checks (CLIENT PAUSE WRITE, a
//! read-only replica, OOM, MULTI's EXECABORT) act on them. Each scenario runs the built-in
//! command and the FERROUS.* one on the same server and compares the replies.

use ferrous_redis_tests::{Conn, Server, ServerOpts, escape, ferrous_cmd, sha1_hex, side_args};
use std::time::Duration;

const RO_BODY: &str = "#!lua flags=no-writes\nreturn 'ro'";
const RW_BODY: &str = "#!lua\nreturn 'rw'";
const OOM_BODY: &str = "#!lua flags=allow-oom\nreturn 'allow-oom'";
const COMPAT_BODY: &str = "return 'compat'";
const LIB: &str = "#!lua name=flagslib\n\
    redis.register_function('w', function() return 'w' end)\n\
    redis.register_function{function_name='r', callback=function() return 'r' end, flags={'no-writes'}}";

/// Runs `cmds` on `c` for one side and returns the replies.
fn run(c: &mut Conn, cmds: &[&[&str]], ferrous: bool) -> Vec<Vec<u8>> {
    cmds.iter().map(|a| c.cmd(&side_args(a, ferrous))).collect()
}

/// Runs `cmds` on both sides and asserts the replies are the same; returns them.
fn same(c: &mut Conn, cmds: &[&[&str]], what: &str) -> Vec<Vec<u8>> {
    let b = run(c, cmds, false);
    let f = run(c, cmds, true);
    for (i, (b, f)) in b.iter().zip(&f).enumerate() {
        // FUNCTION LIST lists a library's functions in the built-in's dict (hash) order.
        let listing = cmds[i].len() > 1 && cmds[i][1].eq_ignore_ascii_case("list");
        let norm = |r: &[u8]| match ferrous_redis_tests::fcases::parse_resp(r) {
            Some(x) if listing => format!("{:?}", ferrous_redis_tests::fcases::sorted(x)),
            _ => escape(r),
        };
        assert_eq!(
            norm(f),
            norm(b),
            "{what}: reply {i} to {:?} (left Ferrous, right built-in)",
            cmds[i]
        );
    }
    b
}

fn load_both(c: &mut Conn) {
    for f in [false, true] {
        let r = c.cmd(&side_args(&["FUNCTION", "LOAD", "REPLACE", LIB], f));
        assert_eq!(r, b"$8\r\nflagslib\r\n", "FUNCTION LOAD");
        let r = c.cmd(&side_args(&["SCRIPT", "LOAD", RO_BODY], f));
        assert!(r.starts_with(b"$40"), "SCRIPT LOAD: {}", escape(&r));
    }
}

/// pause.tcl "Test RO scripts are not blocked by pause RO" and its MULTI variant, then
/// "Test scripts are blocked by pause RO".
#[test]
fn pause_write_lets_read_only_scripts_through() {
    let s = Server::start(ServerOpts::with_module());
    let mut admin = s.conn();
    load_both(&mut admin);
    let ro_sha = sha1_hex(RO_BODY.as_bytes());
    admin.cmd(&["SET", "x", "y"]);
    // Write scripts queued in MULTI before the pause: their EXEC is held.
    let mut queued = Vec::new();
    for ferrous in [false, true] {
        let mut d = s.conn();
        d.cmd(&["MULTI"]);
        assert_eq!(
            d.cmd(&side_args(&["EVAL", RW_BODY, "0"], ferrous)),
            b"+QUEUED\r\n"
        );
        queued.push(d);
    }
    assert_eq!(
        admin.cmd(&["CLIENT", "PAUSE", "60000", "WRITE"]),
        b"+OK\r\n"
    );
    let mut c = s.conn();
    c.set_timeout(Some(Duration::from_secs(5)));
    let unique = "#!lua flags=no-writes\nreturn 'unique script'";
    let unique_ro = "return redis.call('GeT', 'x')..' unique script'";
    let replies = same(
        &mut c,
        &[
            &["EVAL", RO_BODY, "0"],
            &["EVAL", RO_BODY, "0"],
            &["EVAL_RO", unique_ro, "1", "x"],
            &["EVALSHA", &ro_sha, "0"],
            &["EVALSHA_RO", &ro_sha, "0"],
            &["FCALL", "r", "0"],
            &["FCALL_RO", "r", "0"],
            &["MULTI"],
            &["EVAL", unique, "0"],
            &["FCALL", "r", "0"],
            &["EXEC"],
        ],
        "no-writes scripts during CLIENT PAUSE WRITE",
    );
    assert_eq!(replies[0], b"$2\r\nro\r\n");
    assert_eq!(
        replies[10], b"*2\r\n$13\r\nunique script\r\n$1\r\nr\r\n",
        "MULTI/EXEC of read-only scripts"
    );
    // Write scripts (a shebang without no-writes, no shebang, a write function, in MULTI)
    // are held until the pause ends.
    let held: &[&[&str]] = &[
        &["EVAL", RW_BODY, "0"],
        &["EVAL", COMPAT_BODY, "0"],
        &["FCALL", "w", "0"],
        &["EVAL", OOM_BODY, "0"],
    ];
    let mut waiting = Vec::new();
    for ferrous in [false, true] {
        for cmd in held {
            let mut d = s.conn();
            d.send(&side_args(cmd, ferrous)).unwrap();
            assert!(
                !d.wait_readable(Duration::from_millis(150)).unwrap(),
                "{cmd:?} (ferrous: {ferrous}) was not held by CLIENT PAUSE WRITE"
            );
            waiting.push(d);
        }
    }
    for (ferrous, d) in queued.iter_mut().enumerate() {
        d.send(&["EXEC"]).unwrap();
        assert!(
            !d.wait_readable(Duration::from_millis(150)).unwrap(),
            "EXEC of a write script (ferrous: {ferrous}) was not held"
        );
    }
    assert_eq!(admin.cmd(&["CLIENT", "UNPAUSE"]), b"+OK\r\n");
    // Released: the same replies on both sides.
    let got: Vec<Vec<u8>> = waiting
        .iter_mut()
        .chain(queued.iter_mut())
        .map(|d| d.read_reply().unwrap())
        .collect();
    let n = held.len();
    assert_eq!(
        got[..n],
        got[n..2 * n],
        "held scripts' replies (built-in, Ferrous)"
    );
    assert_eq!(got[2 * n], b"*1\r\n$2\r\nrw\r\n");
    assert_eq!(got[2 * n + 1], got[2 * n], "held EXEC (built-in, Ferrous)");
}

/// A no-writes script on a read-only replica runs, in MULTI too; a write script is refused
/// by processCommand, so in MULTI the transaction aborts (EXECABORT), as the built-in does.
#[test]
fn read_only_replica_refuses_write_scripts_before_queueing() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_both(&mut c);
    // A master that never answers: the replica stays read-only with its data (stale data
    // is served by default).
    let dead = Server::start(ServerOpts::plain());
    let dead_port = dead.port().to_string();
    drop(dead);
    assert_eq!(c.cmd(&["REPLICAOF", "127.0.0.1", &dead_port]), b"+OK\r\n");
    let ro_sha = sha1_hex(RO_BODY.as_bytes());
    let r = same(
        &mut c,
        &[
            &["EVAL", RO_BODY, "0"],
            &["EVAL", RW_BODY, "0"],
            &["EVAL", COMPAT_BODY, "0"],
            &["EVAL", OOM_BODY, "0"],
            &["EVALSHA", &ro_sha, "0"],
            &["FCALL", "r", "0"],
            &["FCALL", "w", "0"],
            &["FCALL_RO", "w", "0"],
            &["MULTI"],
            &["EVAL", RO_BODY, "0"],
            &["FCALL", "r", "0"],
            &["EXEC"],
            &["MULTI"],
            &["EVAL", RO_BODY, "0"],
            &["EVAL", RW_BODY, "0"],
            &["EXEC"],
            &["MULTI"],
            &["FCALL", "w", "0"],
            &["EXEC"],
        ],
        "read-only replica",
    );
    assert!(r[1].starts_with(b"-READONLY"), "{}", escape(&r[1]));
    assert!(r[15].starts_with(b"-EXECABORT"), "{}", escape(&r[15]));
    assert!(r[18].starts_with(b"-EXECABORT"), "{}", escape(&r[18]));
}

/// Over maxmemory: a write script (no allow-oom) is refused by processCommand, and so is the
/// EXEC of a transaction that queued one; no-writes, allow-oom and no-shebang scripts run.
#[test]
fn oom_refuses_deny_oom_scripts_before_queueing() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_both(&mut c);
    let ro_sha = sha1_hex(RO_BODY.as_bytes());
    c.cmd(&["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    // Transactions queued before the server goes over maxmemory: EXEC is refused as a whole
    // when a queued command is deny-oom (a write script), and runs otherwise.
    let mut queued = Vec::new();
    for ferrous in [false, true] {
        for body in [RW_BODY, RO_BODY] {
            let mut d = s.conn();
            d.cmd(&["MULTI"]);
            assert_eq!(
                d.cmd(&side_args(&["EVAL", body, "0"], ferrous)),
                b"+QUEUED\r\n"
            );
            queued.push(d);
        }
    }
    assert_eq!(c.cmd(&["CONFIG", "SET", "maxmemory", "1"]), b"+OK\r\n");
    let execs: Vec<Vec<u8>> = queued.iter_mut().map(|d| d.cmd(&["EXEC"])).collect();
    assert_eq!(
        escape(&execs[2]),
        escape(&execs[0]),
        "EXEC of a write script (Ferrous, built-in)"
    );
    assert_eq!(
        escape(&execs[3]),
        escape(&execs[1]),
        "EXEC of a no-writes script (Ferrous, built-in)"
    );
    assert!(
        execs[0].starts_with(b"-EXECABORT Transaction discarded because of: OOM"),
        "{}",
        escape(&execs[0])
    );
    assert_eq!(execs[1], b"*1\r\n$2\r\nro\r\n");
    let r = same(
        &mut c,
        &[
            &["EVAL", RO_BODY, "0"],
            &["EVAL", RW_BODY, "0"],
            &["EVAL", COMPAT_BODY, "0"],
            &["EVAL", OOM_BODY, "0"],
            &["EVALSHA", &ro_sha, "0"],
            &["FCALL", "r", "0"],
            &["FCALL", "w", "0"],
            &["MULTI"],
            &["EVAL", RO_BODY, "0"],
            &["EVAL", OOM_BODY, "0"],
            &["EXEC"],
            &["MULTI"],
            &["FCALL", "w", "0"],
            &["EXEC"],
        ],
        "over maxmemory",
    );
    c.cmd(&["CONFIG", "SET", "maxmemory", "0"]);
    assert!(r[1].starts_with(b"-OOM"), "{}", escape(&r[1]));
    assert_eq!(r[3], b"$9\r\nallow-oom\r\n");
    assert!(r[13].starts_with(b"-EXECABORT"), "{}", escape(&r[13]));
}

/// A variant name is not the caller's: FUNCTION STATS and COMMAND GETKEYS see the command
/// as sent, and ACL rules on a script command cover its variants.
#[test]
fn variants_are_invisible_to_acl_and_getkeys() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_both(&mut c);
    same(
        &mut c,
        &[
            &[
                "ACL", "SETUSER", "u", "on", "nopass", "-@all", "+eval", "+fcall", "+get",
            ],
            &["COMMAND", "GETKEYS", "EVAL", RO_BODY, "2", "a", "b"],
        ],
        "setup",
    );
    c.cmd(&[
        "ACL",
        "SETUSER",
        "u",
        &format!("+{}", ferrous_cmd("EVAL")),
        &format!("+{}", ferrous_cmd("FCALL")),
    ]);
    let mut u = s.conn();
    u.cmd(&["AUTH", "u", "x"]);
    same(
        &mut u,
        &[
            &["EVAL", RO_BODY, "0"],
            &["EVAL", RW_BODY, "0"],
            &["FCALL", "r", "0"],
            &["FCALL", "w", "0"],
        ],
        "a user allowed EVAL and FCALL",
    );
}

/// Drop-in mode: clients' EVAL/FCALL are routed to the flag variants too, and `ACL SETUSER`
/// rules naming `eval`/`fcall`/`@scripting` cover them.
#[test]
fn drop_in_routes_to_the_flag_variants() {
    let s = Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    );
    let mut c = s.conn();
    let r = c.cmd(&["FUNCTION", "LOAD", LIB]);
    assert_eq!(r, b"$8\r\nflagslib\r\n", "FUNCTION LOAD");
    c.cmd(&[
        "ACL",
        "SETUSER",
        "u",
        "on",
        "nopass",
        "-@all",
        "+eval",
        "+fcall_ro",
        "+@scripting",
        "-script",
    ]);
    let mut u = s.conn();
    u.cmd(&["AUTH", "u", "x"]);
    assert_eq!(c.cmd(&["CLIENT", "PAUSE", "60000", "WRITE"]), b"+OK\r\n");
    u.set_timeout(Some(Duration::from_secs(5)));
    assert_eq!(u.cmd(&["EVAL", RO_BODY, "0"]), b"$2\r\nro\r\n");
    assert_eq!(u.cmd(&["FCALL_RO", "r", "0"]), b"$1\r\nr\r\n");
    assert_eq!(u.cmd(&["fcall", "r", "0"]), b"$1\r\nr\r\n");
    u.send(&["EVAL", RW_BODY, "0"]).unwrap();
    assert!(
        !u.wait_readable(Duration::from_millis(150)).unwrap(),
        "a write script was not held by CLIENT PAUSE WRITE"
    );
    assert_eq!(c.cmd(&["CLIENT", "UNPAUSE"]), b"+OK\r\n");
    assert_eq!(u.read_reply().unwrap(), b"$2\r\nrw\r\n");
    assert!(
        u.cmd(&["SCRIPT", "FLUSH"]).starts_with(b"-NOPERM"),
        "-script"
    );
}

/// FUNCTION's subcommands carry Redis's flags: during CLIENT PAUSE WRITE, LIST, DUMP and
/// STATS answer while LOAD is held; on a read-only replica and over maxmemory, LOAD in MULTI
/// aborts the transaction; DELETE (write, not deny-oom) runs over maxmemory.
#[test]
fn function_subcommands_have_the_builtin_flags() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    load_both(&mut c);
    let other = "#!lua name=other\nredis.register_function('o', function() return 1 end)";
    assert_eq!(c.cmd(&["CLIENT", "PAUSE", "60000", "WRITE"]), b"+OK\r\n");
    let mut u = s.conn();
    u.set_timeout(Some(Duration::from_secs(5)));
    same(
        &mut u,
        &[
            &["FUNCTION", "LIST", "LIBRARYNAME", "flagslib"],
            &["FUNCTION", "STATS"],
        ],
        "FUNCTION reads during CLIENT PAUSE WRITE",
    );
    for ferrous in [false, true] {
        u.cmd(&side_args(&["FUNCTION", "DUMP"], ferrous));
        let mut d = s.conn();
        d.send(&side_args(&["FUNCTION", "LOAD", other], ferrous))
            .unwrap();
        assert!(
            !d.wait_readable(Duration::from_millis(150)).unwrap(),
            "FUNCTION LOAD (ferrous: {ferrous}) was not held by CLIENT PAUSE WRITE"
        );
        assert_eq!(c.cmd(&["CLIENT", "UNPAUSE"]), b"+OK\r\n");
        assert_eq!(d.read_reply().unwrap(), b"$5\r\nother\r\n");
        assert_eq!(c.cmd(&["CLIENT", "PAUSE", "60000", "WRITE"]), b"+OK\r\n");
    }
    assert_eq!(c.cmd(&["CLIENT", "UNPAUSE"]), b"+OK\r\n");

    c.cmd(&["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    c.cmd(&["CONFIG", "SET", "maxmemory", "1"]);
    let r = same(
        &mut c,
        &[
            &["FUNCTION", "LOAD", "REPLACE", LIB],
            &["FUNCTION", "DELETE", "other"],
            &["FUNCTION", "LIST", "LIBRARYNAME", "other"],
        ],
        "FUNCTION over maxmemory",
    );
    assert!(r[0].starts_with(b"-OOM"), "{}", escape(&r[0]));
    assert_eq!(r[1], b"+OK\r\n");
    c.cmd(&["CONFIG", "SET", "maxmemory", "0"]);

    let dead = Server::start(ServerOpts::plain());
    let dead_port = dead.port().to_string();
    drop(dead);
    assert_eq!(c.cmd(&["REPLICAOF", "127.0.0.1", &dead_port]), b"+OK\r\n");
    let r = same(
        &mut c,
        &[
            &["MULTI"],
            &["FUNCTION", "LIST", "LIBRARYNAME", "nosuchlib"],
            &["FUNCTION", "LOAD", LIB],
            &["EXEC"],
            &["FUNCTION", "FLUSH"],
        ],
        "FUNCTION on a read-only replica",
    );
    assert!(r[2].starts_with(b"-READONLY"), "{}", escape(&r[2]));
    assert!(r[3].starts_with(b"-EXECABORT"), "{}", escape(&r[3]));
}
