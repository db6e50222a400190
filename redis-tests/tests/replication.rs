//! Effects replication (redis-scripting-7.0.md §1.9): a master with the module and a real
//! replica process WITHOUT it. Scripts replicate their writes as plain commands (several in
//! MULTI/EXEC), `redis.set_repl(redis.REPL_NONE)` holds writes back, and read-only scripts
//! propagate nothing.

use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, bulk_text, escape, ferrous_cmd, info_field,
};

struct Pair {
    master: Server,
    replica: Server,
}

fn pair() -> Pair {
    // No periodic master PINGs during the test, so the replication offset only moves for writes.
    // persist-functions no: a replica without the module cannot load an RDB that carries
    // Ferrous's aux data (Redis stops), so this master writes none.
    let master = Server::start(
        ServerOpts::with_module()
            .module_arg("persist-functions")
            .module_arg("no")
            .arg("--repl-ping-replica-period")
            .arg("3600")
            .arg("--repl-diskless-sync-delay")
            .arg("0"),
    );
    let replica = Server::start(
        ServerOpts::plain()
            .arg("--replicaof")
            .arg("127.0.0.1")
            .arg(&master.port().to_string()),
    );
    replica.wait_replica_linked();
    Pair { master, replica }
}

fn eval(c: &mut Conn, script: &str) -> Vec<u8> {
    c.cmd(&[ferrous_cmd("EVAL").as_str(), script, "0"])
}

fn wait_replica(m: &mut Conn) {
    assert_reply(
        &m.cmd(&["WAIT", "1", "2000"]),
        b":1\r\n",
        "WAIT 1 2000 on the master",
    );
}

fn offset(m: &mut Conn) -> u64 {
    let info = bulk_text(&m.cmd(&["INFO", "replication"]));
    info_field(&info, "master_repl_offset")
        .and_then(|v| v.parse().ok())
        .expect("master_repl_offset")
}

fn replica_calls(r: &mut Conn, cmd: &str) -> u64 {
    let info = bulk_text(&r.cmd(&["INFO", "commandstats"]));
    info_field(&info, &format!("cmdstat_{cmd}"))
        .and_then(|v| {
            v.split(',')
                .find_map(|kv| kv.strip_prefix("calls=").map(|n| n.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

#[test]
fn script_writes_reach_a_replica_without_the_module() {
    let p = pair();
    let mut m = p.master.conn();
    let mut r = p.replica.conn();
    // Several writes: replicated as MULTI ... EXEC.
    let reply = eval(
        &mut m,
        "redis.call('set','a','1') redis.call('incr','a') redis.call('rpush','l','x','y') return redis.call('get','a')",
    );
    assert_reply(&reply, b"$1\r\n2\r\n", "multi-write script on the master");
    wait_replica(&mut m);
    assert_reply(&r.cmd(&["GET", "a"]), b"$1\r\n2\r\n", "replica GET a");
    assert_reply(
        &r.cmd(&["LRANGE", "l", "0", "-1"]),
        b"*2\r\n$1\r\nx\r\n$1\r\ny\r\n",
        "replica LRANGE l",
    );
    assert_eq!(
        replica_calls(&mut r, "exec"),
        1,
        "the replica should have run one MULTI/EXEC"
    );
    assert_eq!(
        replica_calls(&mut r, "multi"),
        1,
        "the replica should have run one MULTI"
    );
    // A single write goes bare.
    assert_reply(
        &eval(&mut m, "return redis.call('set','single','1')"),
        b"+OK\r\n",
        "single-write script",
    );
    wait_replica(&mut m);
    assert_reply(
        &r.cmd(&["GET", "single"]),
        b"$1\r\n1\r\n",
        "replica GET single",
    );
    assert_eq!(
        replica_calls(&mut r, "exec"),
        1,
        "a single write must not be wrapped in MULTI/EXEC"
    );
    // Effects, not the script: a non-deterministic write replicates its result.
    let reply = eval(
        &mut m,
        "redis.call('incrbyfloat','f','1.5') return redis.call('get','f')",
    );
    assert_reply(&reply, b"$3\r\n1.5\r\n", "INCRBYFLOAT script");
    wait_replica(&mut m);
    assert_reply(&r.cmd(&["GET", "f"]), b"$3\r\n1.5\r\n", "replica GET f");
    // EVALSHA replicates effects too.
    let body = "return redis.call('incr', KEYS[1])";
    let sha = bulk_text(&m.cmd(&[ferrous_cmd("SCRIPT").as_str(), "LOAD", body]));
    assert_reply(
        &m.cmd(&[ferrous_cmd("EVALSHA").as_str(), sha.as_str(), "1", "viasha"]),
        b":1\r\n",
        "EVALSHA",
    );
    wait_replica(&mut m);
    assert_reply(
        &r.cmd(&["GET", "viasha"]),
        b"$1\r\n1\r\n",
        "replica GET viasha",
    );
}

#[test]
fn set_repl_none_holds_writes_back() {
    let p = pair();
    let mut m = p.master.conn();
    let mut r = p.replica.conn();
    let script = "redis.set_repl(redis.REPL_NONE) redis.call('set','nr','1') \
                  redis.set_repl(redis.REPL_ALL) redis.call('set','yr','1') return 1";
    assert_reply(&eval(&mut m, script), b":1\r\n", "set_repl script");
    assert_reply(
        &m.cmd(&["MGET", "nr", "yr"]),
        b"*2\r\n$1\r\n1\r\n$1\r\n1\r\n",
        "master has both keys",
    );
    wait_replica(&mut m);
    assert_reply(
        &r.cmd(&["MGET", "nr", "yr"]),
        b"*2\r\n$-1\r\n$1\r\n1\r\n",
        "replica has only the REPL_ALL key",
    );
    // REPL_AOF only: not sent to replicas either.
    assert_reply(
        &eval(
            &mut m,
            "redis.set_repl(redis.REPL_AOF) redis.call('set','aofonly','1') return 1",
        ),
        b":1\r\n",
        "REPL_AOF",
    );
    assert_reply(
        &eval(&mut m, "return redis.call('set','after','1')"),
        b"+OK\r\n",
        "plain write",
    );
    wait_replica(&mut m);
    assert_reply(
        &r.cmd(&["MGET", "aofonly", "after"]),
        b"*2\r\n$-1\r\n$1\r\n1\r\n",
        "replica after REPL_AOF",
    );
}

#[test]
fn read_only_scripts_propagate_nothing() {
    let p = pair();
    let mut m = p.master.conn();
    assert_reply(
        &eval(&mut m, "return redis.call('set','k','v')"),
        b"+OK\r\n",
        "write",
    );
    wait_replica(&mut m);
    let before = offset(&mut m);
    assert_reply(
        &eval(&mut m, "return redis.call('get','k')"),
        b"$1\r\nv\r\n",
        "read-only EVAL",
    );
    let r = m.cmd(&[
        ferrous_cmd("EVAL_RO").as_str(),
        "return redis.call('exists','k')",
        "0",
    ]);
    assert_reply(&r, b":1\r\n", "EVAL_RO");
    let r = eval(
        &mut m,
        "local x = redis.pcall('set','k') return 'failed write only'",
    );
    assert!(r.starts_with(b"$"), "failed write script: {}", escape(&r));
    let r = m.cmd(&[
        ferrous_cmd("SCRIPT").as_str(),
        "LOAD",
        "return 'not propagated'",
    ]);
    assert!(r.starts_with(b"$40\r\n"), "SCRIPT LOAD: {}", escape(&r));
    assert_reply(
        &m.cmd(&[ferrous_cmd("SCRIPT").as_str(), "FLUSH"]),
        b"+OK\r\n",
        "SCRIPT FLUSH",
    );
    let r = eval(
        &mut m,
        "#!lua flags=no-writes\nreturn redis.call('get','k')",
    );
    assert_reply(&r, b"$1\r\nv\r\n", "no-writes shebang script");
    let after = offset(&mut m);
    assert_eq!(
        before, after,
        "read-only scripts, SCRIPT LOAD and SCRIPT FLUSH moved the replication offset"
    );
}
