//! AOF rewrites keep Ferrous's function libraries without the RDB preamble (issue 12, found
//! by Redis 7.0.15's unit/aofrw): the rewrite writes the built-in's libraries as FUNCTION LOAD
//! commands and module aux data only into an RDB, so the module appends its libraries, as they
//! were at the fork, to the AOF only (src/persist.rs `on_fork_born`). Compared with the
//! built-in on a plain server: the libraries after a restart, including a library deleted by a
//! command pipelined right after BGREWRITEAOF; and nothing of it reaches a replica.

use ferrous_redis_tests::{Server, ServerOpts, bulk_text, escape, no_module, target_dir};
use std::path::{Path, PathBuf};
use std::time::Duration;

const LIB_A: &str = "#!lua name=liba\nredis.register_function('fa', function() return 'a' end)";
const LIB_B: &str = "#!lua name=libb\nredis.register_function('fb', function(keys) return redis.call('incr', keys[1]) end)";

fn data_dir(name: &str) -> PathBuf {
    let d = target_dir()
        .join("redis-tests")
        .join(format!("aofrw-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create data dir");
    d
}

fn opts(ferrous: bool, dir: &Path) -> ServerOpts {
    let o = if ferrous {
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes")
    } else {
        ServerOpts::plain()
    };
    o.arg("--dir")
        .arg(dir.to_str().expect("utf-8 path"))
        .arg("--appendonly")
        .arg("yes")
        .arg("--appendfsync")
        .arg("always")
        .arg("--aof-use-rdb-preamble")
        .arg("no")
}

/// What one side's libraries and functions look like after each restart.
fn scenario(ferrous: bool) -> Vec<String> {
    let dir = data_dir(if ferrous { "ferrous" } else { "builtin" });
    let mut seen = Vec::new();
    {
        let s = Server::start(opts(ferrous, &dir));
        let mut c = s.conn();
        for lib in [LIB_A, LIB_B] {
            assert!(c.cmd(&["FUNCTION", "LOAD", lib]).starts_with(b"$4"));
        }
        assert_eq!(c.cmd(&["FCALL", "fb", "1", "n"]), b":1\r\n");
        // BGREWRITEAOF and, in the same write, a change of the libraries: the replay must see
        // the change after the libraries the rewrite saved.
        let mut pipe = ferrous_redis_tests::encode_command(&["BGREWRITEAOF"]);
        pipe.extend(ferrous_redis_tests::encode_command(&[
            "FUNCTION", "DELETE", "liba",
        ]));
        c.send_raw(&pipe).unwrap();
        let r = c.read_reply().unwrap();
        assert!(escape(&r).contains("rewriting"), "{}", escape(&r));
        assert_eq!(c.read_reply().unwrap(), b"+OK\r\n");
        ferrous_redis_tests::wait_aof_rewrite(&mut c);
        assert_eq!(c.cmd(&["FCALL", "fb", "1", "n"]), b":2\r\n");
    }
    for round in 0..2 {
        let s = Server::start(opts(ferrous, &dir));
        let mut c = s.conn();
        seen.push(escape(&c.cmd(&["FUNCTION", "LIST", "WITHCODE"])));
        seen.push(escape(&c.cmd(&["FCALL", "fb", "1", "n"])));
        seen.push(escape(&c.cmd(&["FCALL", "fa", "0"])));
        if round == 0 {
            // A second rewrite, idle afterwards (the module's timer writes the libraries).
            assert!(escape(&c.cmd(&["BGREWRITEAOF"])).contains("rewriting"));
            std::thread::sleep(Duration::from_millis(200));
            ferrous_redis_tests::wait_aof_rewrite(&mut c);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    seen
}

#[test]
fn rewrite_without_preamble_keeps_libraries_as_the_builtin() {
    if no_module() {
        return;
    }
    let b = scenario(false);
    let f = scenario(true);
    assert_eq!(f, b, "left Ferrous, right built-in");
    assert!(b[0].contains("libb") && !b[0].contains("liba"), "{b:?}");
}

#[test]
fn rewrite_propagates_nothing_to_replicas() {
    if no_module() {
        return;
    }
    let dir = data_dir("master");
    let master = Server::start(opts(true, &dir));
    let replica = Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes")
            .arg("--replicaof")
            .arg("127.0.0.1")
            .arg(&master.port().to_string()),
    );
    replica.wait_replica_linked();
    let mut m = master.conn();
    assert!(m.cmd(&["FUNCTION", "LOAD", LIB_A]).starts_with(b"$4"));
    // The replica has applied the load (acknowledged its offset) before its stats are reset.
    assert_eq!(m.cmd(&["WAIT", "1", "5000"]), b":1\r\n");
    let mut r = replica.conn();
    r.cmd(&["CONFIG", "RESETSTAT"]);
    assert!(escape(&m.cmd(&["BGREWRITEAOF"])).contains("rewriting"));
    assert_eq!(m.cmd(&["SET", "k", "v"]), b"+OK\r\n");
    ferrous_redis_tests::wait_aof_rewrite(&mut m);
    assert_eq!(m.cmd(&["WAIT", "1", "5000"]), b":1\r\n");
    let stats = bulk_text(&r.cmd(&["INFO", "commandstats"]));
    assert!(stats.contains("cmdstat_set:calls=1,"), "{stats}");
    for c in ["ferrous.function", "bgrewriteaof", "function"] {
        assert!(
            !stats.contains(&format!("cmdstat_{c}")),
            "{c} on the replica:\n{stats}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
