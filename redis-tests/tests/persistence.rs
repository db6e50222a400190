//! Persistence of Ferrous function libraries (src/persist.rs): RDB aux data (`ferrousfn`)
//! across a restart, DEBUG RELOAD's options as the built-in handles them, the AOF (verbatim
//! `ferrous.function` commands, FCALL effects, rewrites with and without the RDB preamble),
//! a replica's full sync, what a server without the module does with such an RDB, and
//! `persist-functions no`.

use ferrous_redis_tests::{Conn, Server, ServerOpts, assert_reply, escape, no_module, target_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIB1: &str = "#!lua name=lib1\nredis.register_function('f1', function(keys, args) return 'one' end)\nredis.register_function{function_name='f1ro', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}";
const LIB2: &str = "#!lua name=lib2\nredis.register_function('setx', function(keys, args) return redis.call('set', keys[1], args[1]) end)";

/// A fresh data folder shared by the servers of one test.
fn data_dir(name: &str) -> PathBuf {
    let d = target_dir()
        .join("redis-tests")
        .join(format!("persist-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create data dir");
    d
}

fn on_dir(opts: ServerOpts, dir: &Path) -> ServerOpts {
    opts.arg("--dir").arg(dir.to_str().expect("utf-8 path"))
}

fn dropin() -> ServerOpts {
    ServerOpts::with_module()
        .module_arg("drop-in")
        .module_arg("yes")
}

fn list(c: &mut Conn) -> Vec<u8> {
    c.cmd(&["FUNCTION", "LIST", "WITHCODE"])
}

fn load_both(c: &mut Conn) {
    assert_reply(
        &c.cmd(&["FUNCTION", "LOAD", LIB1]),
        b"$4\r\nlib1\r\n",
        "LOAD lib1",
    );
    assert_reply(
        &c.cmd(&["FUNCTION", "LOAD", LIB2]),
        b"$4\r\nlib2\r\n",
        "LOAD lib2",
    );
}

fn check_both(c: &mut Conn, what: &str) {
    assert_reply(
        &c.cmd(&["FCALL", "f1", "0"]),
        b"$3\r\none\r\n",
        &format!("FCALL f1 {what}"),
    );
    assert_reply(
        &c.cmd(&["FCALL", "setx", "1", "fk", "fv"]),
        b"+OK\r\n",
        &format!("FCALL setx {what}"),
    );
    assert_reply(
        &c.cmd(&["FCALL_RO", "f1ro", "1", "fk"]),
        b"$2\r\nfv\r\n",
        &format!("FCALL_RO f1ro {what}"),
    );
    let stats = c.cmd(&["FUNCTION", "STATS"]);
    assert!(
        escape(&stats).contains("libraries_count\\r\\n:2\\r\\n$15\\r\\nfunctions_count\\r\\n:3"),
        "FUNCTION STATS {what}: {}",
        escape(&stats)
    );
}

#[test]
fn rdb_keeps_libraries_across_a_restart() {
    if no_module() {
        return;
    }
    let dir = data_dir("rdb");
    let (before, ferrous_cmds) = {
        let s = Server::start(on_dir(dropin(), &dir));
        let mut c = s.conn();
        load_both(&mut c);
        assert_reply(&c.cmd(&["SET", "plain", "value"]), b"+OK\r\n", "SET");
        assert_reply(&c.cmd(&["SAVE"]), b"+OK\r\n", "SAVE");
        (list(&mut c), c.cmd(&["FERROUS.FUNCTION", "LIST"]))
    };
    assert!(dir.join("dump.rdb").is_file(), "SAVE wrote no dump.rdb");
    let s = Server::start(on_dir(dropin(), &dir));
    let mut c = s.conn();
    assert_reply(
        &list(&mut c),
        &before,
        "FUNCTION LIST WITHCODE after the restart",
    );
    assert_reply(
        &c.cmd(&["FERROUS.FUNCTION", "LIST"]),
        &ferrous_cmds,
        "FERROUS.FUNCTION LIST after the restart",
    );
    assert_reply(
        &c.cmd(&["FERROUS.FCALL", "f1", "0"]),
        b"$3\r\none\r\n",
        "FERROUS.FCALL after the restart",
    );
    check_both(&mut c, "after the restart");
    assert_reply(
        &c.cmd(&["GET", "plain"]),
        b"$5\r\nvalue\r\n",
        "a plain key after the restart",
    );
    // The built-in engine has no library: the RDB's function section was empty.
    drop(c);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

fn free_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port().to_string()
}

/// Runs redis-server until it exits by itself (or 10 s); returns (exited, log).
fn run_until_exit(args: &[&str], dir: &Path) -> (bool, String) {
    let log = dir.join("plain.log");
    let mut child =
        Command::new(std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".into()))
            .args([
                "--port",
                &free_port(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(dir)
            .arg("--logfile")
            .arg(&log)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
    let t0 = Instant::now();
    let exited = loop {
        if let Ok(Some(_)) = child.try_wait() {
            break true;
        }
        if t0.elapsed() > Duration::from_secs(10) {
            // SAFETY: `kill` takes plain integers; the child is ours and not reaped yet.
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGKILL);
            }
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (exited, std::fs::read_to_string(&log).unwrap_or_default())
}

#[test]
fn a_server_without_the_module_refuses_the_rdb() {
    if no_module() {
        return;
    }
    let dir = data_dir("nomodule");
    {
        let s = Server::start(on_dir(dropin(), &dir));
        let mut c = s.conn();
        load_both(&mut c);
        assert_reply(&c.cmd(&["SAVE"]), b"+OK\r\n", "SAVE");
    }
    // Redis's rdbLoad: module aux data of an unknown module type stops the server.
    let (exited, log) = run_until_exit(&[], &dir);
    assert!(
        exited,
        "the plain server kept running with a Ferrous RDB:\n{log}"
    );
    assert!(
        log.contains(
            "The RDB file contains AUX module data I can't load: no matching module 'ferrousfn'"
        ),
        "log of the plain server:\n{log}"
    );
    // With the module it loads again.
    let s = Server::start(on_dir(dropin(), &dir));
    check_both(&mut s.conn(), "after the plain server refused the RDB");
    drop(s);

    // persist-functions no: no aux data, so a plain server loads the RDB (keys only).
    let dir2 = data_dir("nopersist");
    {
        let s = Server::start(on_dir(
            dropin().module_arg("persist-functions").module_arg("no"),
            &dir2,
        ));
        let mut c = s.conn();
        load_both(&mut c);
        assert_reply(&c.cmd(&["SET", "k", "v"]), b"+OK\r\n", "SET");
        assert_reply(
            &c.cmd(&["CONFIG", "SET", "ferrous.persist-functions", "yes"]),
            b"-ERR CONFIG SET failed (possibly related to argument 'ferrous.persist-functions') - persist-functions is fixed when the module loads (module arguments or the config file); changing it takes a restart\r\n",
            "persist-functions is fixed at load",
        );
        assert_reply(
            &c.cmd(&["CONFIG", "SET", "ferrous.persist-functions", "no"]),
            b"+OK\r\n",
            "persist-functions set to the value in effect",
        );
        assert_reply(&c.cmd(&["SAVE"]), b"+OK\r\n", "SAVE");
    }
    let plain = Server::start(on_dir(ServerOpts::plain(), &dir2));
    assert_reply(
        &plain.conn().cmd(&["GET", "k"]),
        b"$1\r\nv\r\n",
        "plain server reads the keys",
    );
    drop(plain);
    let s = Server::start(on_dir(
        dropin().module_arg("persist-functions").module_arg("no"),
        &dir2,
    ));
    assert_reply(
        &list(&mut s.conn()),
        b"*0\r\n",
        "no libraries without persistence",
    );
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

/// functions.tcl's DEBUG RELOAD tests, run on the built-in and on Ferrous (drop-in): the
/// transcripts must match.
#[test]
fn debug_reload_follows_the_builtin() {
    if no_module() {
        return;
    }
    let t = "#!lua name=test\nredis.register_function('test', function() return 'hello' end)";
    let t1 = "#!lua name=test1\nredis.register_function('test1', function() return 'hello' end)";
    let t2 = "#!lua name=test2\nredis.register_function('test2', function() return 'hello' end)";
    let script: Vec<Vec<&str>> = vec![
        vec!["FUNCTION", "LOAD", t],
        vec!["DEBUG", "RELOAD"],
        vec!["FCALL", "test", "0"],
        vec!["DEBUG", "RELOAD", "NOFLUSH"],
        vec!["DEBUG", "RELOAD", "NOFLUSH", "MERGE"],
        vec!["FUNCTION", "LIST"],
        vec!["FUNCTION", "DELETE", "test"],
        vec!["SET", "x", "1"],
        vec!["FUNCTION", "LOAD", t1],
        vec!["DEBUG", "RELOAD"],
        vec!["FUNCTION", "LOAD", t2],
        vec!["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"],
        vec!["FCALL", "test1", "0"],
        vec!["FCALL", "test2", "0"],
        vec!["GET", "x"],
        vec!["DEBUG", "RELOAD", "MERGE"],
        // (Two libraries list in hash order in Redis, in name order in Ferrous.)
        vec!["FUNCTION", "STATS"],
        vec!["FCALL", "test1", "0"],
        vec!["FCALL", "test2", "0"],
        vec!["FUNCTION", "FLUSH"],
        vec!["DEBUG", "RELOAD", "NOSAVE"],
        vec!["FCALL", "test2", "0"],
        vec!["FUNCTION", "STATS"],
    ];
    let run = |opts: ServerOpts| -> Vec<String> {
        let s = Server::start(opts.arg("--enable-debug-command").arg("yes"));
        let mut c = s.conn();
        script
            .iter()
            .map(|cmd| format!("{} -> {}", cmd[0..2].join(" "), escape(&c.cmd(cmd))))
            .collect()
    };
    let builtin = run(ServerOpts::plain());
    let ferrous = run(dropin());
    for (b, f) in builtin.iter().zip(&ferrous) {
        assert_eq!(f, b, "Ferrous vs built-in");
    }
}

fn aof_opts(dir: &Path) -> ServerOpts {
    on_dir(dropin(), dir)
        .arg("--appendonly")
        .arg("yes")
        .arg("--appendfsync")
        .arg("always")
}

fn read_dir_text(dir: &Path, suffix: &str) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir)
        .expect("read appendonlydir")
        .flatten()
    {
        let p = e.path();
        if p.to_string_lossy().ends_with(suffix) {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(&p).unwrap_or_default(),
            ));
        }
    }
    out
}

fn rewrite(c: &mut Conn) {
    let r = c.cmd(&["BGREWRITEAOF"]);
    assert!(
        escape(&r).contains("rewriting"),
        "BGREWRITEAOF: {}",
        escape(&r)
    );
    ferrous_redis_tests::wait_aof_rewrite(c);
}

#[test]
fn aof_replay_and_rewrites_keep_libraries() {
    if no_module() {
        return;
    }
    let dir = data_dir("aof");
    let aofdir = dir.join("appendonlydir");
    let before = {
        let s = Server::start(aof_opts(&dir));
        let mut c = s.conn();
        load_both(&mut c);
        assert_reply(
            &c.cmd(&["FCALL", "setx", "1", "x", "1"]),
            b"+OK\r\n",
            "FCALL setx",
        );
        assert_reply(
            &c.cmd(&[
                "FUNCTION",
                "LOAD",
                "#!lua name=gone\nredis.register_function('g', function() return 1 end)",
            ]),
            b"$4\r\ngone\r\n",
            "LOAD gone",
        );
        assert_reply(
            &c.cmd(&["FUNCTION", "DELETE", "gone"]),
            b"+OK\r\n",
            "DELETE gone",
        );
        list(&mut c)
    };
    // The FUNCTION commands are in the AOF verbatim, FCALL as its effects.
    // (The drop-in filter keeps the client's spelling: `ferrous.FUNCTION`.)
    let incr = read_dir_text(&aofdir, ".incr.aof").to_ascii_lowercase();
    assert!(
        incr.contains("$16\r\nferrous.function\r\n$4\r\nload\r\n"),
        "AOF:\n{incr}"
    );
    assert!(
        incr.contains("$16\r\nferrous.function\r\n$6\r\ndelete\r\n$4\r\ngone\r\n"),
        "AOF:\n{incr}"
    );
    assert!(
        incr.contains("*3\r\n$3\r\nset\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        "FCALL's effect in the AOF:\n{incr}"
    );
    assert!(!incr.contains("fcall"), "FCALL itself in the AOF:\n{incr}");

    // Replay on restart.
    {
        let s = Server::start(aof_opts(&dir));
        let mut c = s.conn();
        assert_reply(&list(&mut c), &before, "libraries after the AOF replay");
        assert_reply(
            &c.cmd(&["GET", "x"]),
            b"$1\r\n1\r\n",
            "FCALL's effect after the AOF replay",
        );
        // A rewrite with the RDB preamble (the default): the preamble carries the aux data.
        rewrite(&mut c);
        // The new incr file starts with the libraries as one AOF-only RESTORE (persist.rs
        // `on_fork_born`; with the preamble it only repeats the aux data).
        let incr = read_dir_text(&aofdir, ".incr.aof");
        assert!(
            incr.starts_with(
                "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*4\r\n$16\r\nferrous.function\r\n$7\r\nRESTORE\r\n"
            ) && incr.ends_with("$7\r\nREPLACE\r\n")
                && incr.matches("ferrous.function").count() == 1,
            "the new incr file: {}",
            escape(incr.as_bytes())
        );
        assert_reply(
            &c.cmd(&["FCALL", "setx", "1", "y", "2"]),
            b"+OK\r\n",
            "FCALL after the rewrite",
        );
    }
    {
        let s = Server::start(aof_opts(&dir));
        let mut c = s.conn();
        assert_reply(
            &list(&mut c),
            &before,
            "libraries after a preamble rewrite and restart",
        );
        check_both(&mut c, "after a preamble rewrite");
        assert_reply(
            &c.cmd(&["GET", "y"]),
            b"$1\r\n2\r\n",
            "y after a preamble rewrite",
        );
        // Without the preamble, Redis 7.0 writes the built-in's FUNCTION LOADs and the keys,
        // and has no hook for module aux data: the RESTORE in the new incr file keeps them.
        assert_reply(
            &c.cmd(&["CONFIG", "SET", "aof-use-rdb-preamble", "no"]),
            b"+OK\r\n",
            "preamble off",
        );
        rewrite(&mut c);
    }
    let s = Server::start(aof_opts(&dir));
    let mut c = s.conn();
    assert_reply(
        &list(&mut c),
        &before,
        "libraries after a rewrite without the preamble",
    );
    check_both(&mut c, "after a rewrite without the preamble");
    assert_reply(
        &c.cmd(&["GET", "y"]),
        b"$1\r\n2\r\n",
        "keys after a rewrite without the preamble",
    );
    drop(c);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn debug_loadaof_keeps_libraries() {
    if no_module() {
        return;
    }
    let dir = data_dir("loadaof");
    let s = Server::start(aof_opts(&dir).arg("--enable-debug-command").arg("yes"));
    let mut c = s.conn();
    load_both(&mut c);
    let before = list(&mut c);
    assert_reply(&c.cmd(&["DEBUG", "LOADAOF"]), b"+OK\r\n", "DEBUG LOADAOF");
    assert_reply(&list(&mut c), &before, "libraries after DEBUG LOADAOF");
    rewrite(&mut c);
    assert_reply(
        &c.cmd(&["DEBUG", "LOADAOF"]),
        b"+OK\r\n",
        "DEBUG LOADAOF after a rewrite",
    );
    assert_reply(
        &list(&mut c),
        &before,
        "libraries after DEBUG LOADAOF of the preamble",
    );
    check_both(&mut c, "after DEBUG LOADAOF");
    drop(c);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libraries_reach_a_replica_by_full_sync() {
    if no_module() {
        return;
    }
    for diskless in ["no", "yes"] {
        let master = Server::start(
            dropin()
                .arg("--repl-diskless-sync")
                .arg(diskless)
                .arg("--repl-diskless-sync-delay")
                .arg("0"),
        );
        let mut m = master.conn();
        load_both(&mut m);
        assert_reply(&m.cmd(&["SET", "k", "v"]), b"+OK\r\n", "SET");
        let replica = Server::start(
            dropin()
                .arg("--replicaof")
                .arg("127.0.0.1")
                .arg(&master.port().to_string())
                .arg("--repl-diskless-load")
                .arg(if diskless == "yes" {
                    "on-empty-db"
                } else {
                    "disabled"
                }),
        );
        replica.wait_replica_linked();
        let mut r = replica.conn();
        assert_reply(
            &list(&mut r),
            &list(&mut m),
            &format!("replica's libraries after a full sync (diskless {diskless})"),
        );
        assert_reply(
            &r.cmd(&["FCALL", "f1ro", "1", "k"]),
            b"$1\r\nv\r\n",
            "FCALL on the replica",
        );
        assert_reply(&r.cmd(&["GET", "k"]), b"$1\r\nv\r\n", "keys on the replica");
        // The replica's own libraries are replaced by the master's at the next full sync.
        assert_reply(
            &r.cmd(&["REPLICAOF", "NO", "ONE"]),
            b"+OK\r\n",
            "REPLICAOF NO ONE",
        );
        assert_reply(
            &r.cmd(&["FUNCTION", "DELETE", "lib1"]),
            b"+OK\r\n",
            "DELETE on the ex-replica",
        );
        assert_reply(
            &r.cmd(&[
                "FUNCTION",
                "LOAD",
                "#!lua name=own\nredis.register_function('own', function() return 1 end)",
            ]),
            b"$3\r\nown\r\n",
            "LOAD own",
        );
        assert_reply(
            &m.cmd(&["FUNCTION", "DELETE", "lib2"]),
            b"+OK\r\n",
            "DELETE lib2 on the master",
        );
        let mport = master.port().to_string();
        assert_reply(
            &r.cmd(&["REPLICAOF", "127.0.0.1", &mport]),
            b"+OK\r\n",
            "REPLICAOF again",
        );
        let t0 = Instant::now();
        loop {
            if list(&mut r) == list(&mut m) {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(15),
                "replica never resynced: {}",
                escape(&list(&mut r))
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
