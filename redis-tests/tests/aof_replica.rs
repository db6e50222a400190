//! The AOF-loading client and the master's link are never refused by replica checks (Redis's
//! `mustObeyClient`): a read-only replica replays `FUNCTION LOAD/DELETE/FLUSH` from its AOF,
//! at start-up and on DEBUG LOADAOF. Each scenario runs on a drop-in server and on a plain
//! one (the built-in engine) and compares what they end with.

use ferrous_redis_tests::{Conn, Server, ServerOpts, escape, target_dir};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LIB: &str = "#!lua name=test\nredis.register_function('test', function() return 'hello' end)";
const LIB2: &str = "#!lua name=two\nredis.register_function('two', function() return 2 end)";

fn dropin() -> ServerOpts {
    ServerOpts::with_module()
        .module_arg("drop-in")
        .module_arg("yes")
}

fn data_dir(name: &str) -> PathBuf {
    let d = target_dir()
        .join("redis-tests")
        .join(format!("aofreplica-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create data dir");
    d
}

fn on_dir(opts: ServerOpts, dir: &Path) -> ServerOpts {
    opts.arg("--dir").arg(dir.to_str().expect("utf-8 path"))
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !f() {
        assert!(t0.elapsed() < Duration::from_secs(15), "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The library names in a FUNCTION LIST reply, sorted (the built-in lists them in its
/// dict's order).
fn names(list: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(list);
    let mut v: Vec<String> = text
        .split("library_name\r\n")
        .skip(1)
        .filter_map(|rest| rest.split("\r\n").nth(1).map(str::to_string))
        .collect();
    v.sort();
    v
}

fn ok(c: &mut Conn, args: &[&str]) {
    let r = c.cmd(args);
    assert_eq!(escape(&r), escape(b"+OK\r\n"), "{args:?}");
}

/// functions.tcl "FUNCTION can processes create, delete and flush commands in AOF when doing
/// "debug loadaof" in read-only slaves": the FUNCTION LIST after each step.
fn loadaof_scenario(opts: ServerOpts) -> Vec<Vec<u8>> {
    let s = Server::start(opts.arg("--enable-debug-command").arg("yes"));
    let mut r = s.conn();
    ok(&mut r, &["CONFIG", "SET", "appendonly", "yes"]);
    wait_until("the first AOF rewrite", || {
        ferrous_redis_tests::no_aof_rewrite_running(&mut r)
    });
    let mut lists = Vec::new();
    let reload = |r: &mut Conn| {
        ok(r, &["CONFIG", "SET", "slave-read-only", "yes"]);
        ok(r, &["SLAVEOF", "127.0.0.1", "0"]);
        ok(r, &["DEBUG", "LOADAOF"]);
        ok(r, &["SLAVEOF", "NO", "ONE"]);
        r.cmd(&["FUNCTION", "LIST"])
    };
    assert_eq!(r.cmd(&["FUNCTION", "LOAD", LIB]), b"$4\r\ntest\r\n");
    lists.push(reload(&mut r));
    ok(&mut r, &["FUNCTION", "DELETE", "test"]);
    lists.push(reload(&mut r));
    assert_eq!(r.cmd(&["FUNCTION", "LOAD", LIB]), b"$4\r\ntest\r\n");
    ok(&mut r, &["FUNCTION", "FLUSH"]);
    lists.push(reload(&mut r));
    assert!(
        !s.log().contains("READONLY"),
        "the AOF replay was refused:\n{}",
        s.log_tail(20)
    );
    lists
}

#[test]
fn debug_loadaof_on_a_read_only_replica_replays_function_commands() {
    let builtin = loadaof_scenario(ServerOpts::plain());
    let ferrous = loadaof_scenario(dropin());
    assert!(
        builtin[0].starts_with(b"*1"),
        "built-in after LOAD: {}",
        escape(&builtin[0])
    );
    for (i, (b, f)) in builtin.iter().zip(&ferrous).enumerate() {
        assert_eq!(
            escape(f),
            escape(b),
            "FUNCTION LIST after step {i} (Ferrous, built-in)"
        );
    }
}

/// A replica with `appendonly yes` gets one library by full sync and one through the master
/// link (into its AOF), is restarted still a replica (of a master that is gone), and must
/// replay both from its AOF.
fn replica_restart_scenario(opts: ServerOpts, name: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = data_dir(name);
    let master = Server::start(opts.clone());
    let mut m = master.conn();
    assert_eq!(m.cmd(&["FUNCTION", "LOAD", LIB]), b"$4\r\ntest\r\n");
    let replica_opts = on_dir(opts, &dir)
        .arg("--appendonly")
        .arg("yes")
        .arg("--appendfsync")
        .arg("always");
    let replica = Server::start(
        replica_opts
            .clone()
            .arg("--replicaof")
            .arg("127.0.0.1")
            .arg(&master.port().to_string()),
    );
    replica.wait_replica_linked();
    let mut r = replica.conn();
    wait_until("the replica's AOF rewrite after the sync", || {
        ferrous_redis_tests::no_aof_rewrite_running(&mut r)
            && names(&r.cmd(&["FUNCTION", "LIST"])) == names(&m.cmd(&["FUNCTION", "LIST"]))
    });
    assert_eq!(m.cmd(&["FUNCTION", "LOAD", LIB2]), b"$3\r\ntwo\r\n");
    let expected = m.cmd(&["FUNCTION", "LIST"]);
    // Compared by names: each server lists its libraries in its own dict order.
    wait_until("lib two on the replica", || {
        names(&r.cmd(&["FUNCTION", "LIST"])) == names(&expected)
    });
    drop(r);
    drop(replica);
    let dead_port = master.port().to_string();
    drop(m);
    drop(master);
    let replica = Server::start(
        replica_opts
            .arg("--replicaof")
            .arg("127.0.0.1")
            .arg(&dead_port),
    );
    let mut r = replica.conn();
    let after = r.cmd(&["FUNCTION", "LIST"]);
    assert!(
        !replica.log().contains("READONLY"),
        "{name}: the AOF replay was refused:\n{}",
        replica.log_tail(20)
    );
    drop(r);
    drop(replica);
    let _ = std::fs::remove_dir_all(&dir);
    (expected, after)
}

#[test]
fn an_appendonly_replica_keeps_its_libraries_across_a_restart() {
    let (b_expected, b_after) = replica_restart_scenario(ServerOpts::plain(), "builtin");
    assert_eq!(names(&b_expected), ["test", "two"]);
    assert_eq!(names(&b_after), names(&b_expected), "built-in replica");
    let (f_expected, f_after) = replica_restart_scenario(dropin(), "ferrous");
    assert_eq!(
        names(&f_expected),
        names(&b_expected),
        "libraries (Ferrous, built-in)"
    );
    assert_eq!(
        names(&f_after),
        names(&f_expected),
        "Ferrous replica after the restart"
    );
}
