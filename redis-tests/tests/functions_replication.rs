//! Functions and replication (redis-scripting-7.0.md §1.9): FUNCTION LOAD / DELETE / RESTORE
//! / FLUSH are propagated verbatim, so a replica that also runs Ferrous ends with the same
//! libraries; FCALL propagates its effects, so even a replica without the module gets the
//! data. A read-only replica refuses FUNCTION LOAD/DELETE from its own clients.
//! (Libraries that exist before a replica's full sync travel as RDB aux data:
//! persistence.rs::libraries_reach_a_replica_by_full_sync.)

use ferrous_redis_tests::{Conn, Server, ServerOpts, assert_reply, no_module};

fn dropin() -> ServerOpts {
    ServerOpts::with_module()
        .module_arg("drop-in")
        .module_arg("yes")
}

fn replica_of(master: &Server, opts: ServerOpts) -> Server {
    let r = Server::start(
        opts.arg("--replicaof")
            .arg("127.0.0.1")
            .arg(&master.port().to_string()),
    );
    r.wait_replica_linked();
    r
}

fn wait(m: &mut Conn, n: &str) {
    assert_reply(
        &m.cmd(&["WAIT", n, "3000"]),
        format!(":{n}\r\n").as_bytes(),
        "WAIT",
    );
}

const LIB: &str = "#!lua name=test\nredis.register_function{function_name='test', callback=function(keys, args) return 'hello' end, flags={'no-writes'}}";
const WLIB: &str = "#!lua name=w\nredis.register_function('setx', function(keys, args) return redis.call('set', keys[1], args[1]) end)";

#[test]
fn function_commands_reach_a_replica_with_the_module() {
    if no_module() {
        return;
    }
    // persist-functions no: the plain replica could not load an RDB carrying Ferrous's aux
    // data (persistence.rs covers the full sync of libraries).
    let master = Server::start(dropin().module_arg("persist-functions").module_arg("no"));
    let replica = replica_of(&master, dropin());
    let plain = replica_of(&master, ServerOpts::plain());
    let mut m = master.conn();
    let mut r = replica.conn();
    let mut p = plain.conn();
    let list = |c: &mut Conn| c.cmd(&["FUNCTION", "LIST", "WITHCODE"]);

    assert_reply(
        &m.cmd(&["FUNCTION", "LOAD", LIB]),
        b"$4\r\ntest\r\n",
        "LOAD on the master",
    );
    wait(&mut m, "2");
    assert_reply(
        &list(&mut r),
        &list(&mut m),
        "replica's libraries after LOAD",
    );
    assert_reply(
        &r.cmd(&["FCALL", "test", "0"]),
        b"$5\r\nhello\r\n",
        "FCALL on the replica",
    );
    assert_reply(
        &r.cmd(&["FCALL_RO", "TEST", "0"]),
        b"$5\r\nhello\r\n",
        "FCALL_RO on the replica",
    );

    let dump = ferrous_redis_tests::bulk_body(&m.cmd(&["FUNCTION", "DUMP"])).unwrap();
    assert_reply(
        &m.cmd(&["FUNCTION", "DELETE", "test"]),
        b"+OK\r\n",
        "DELETE",
    );
    wait(&mut m, "2");
    assert_reply(&list(&mut r), b"*0\r\n", "replica's libraries after DELETE");
    assert_reply(
        &m.cmd(&[&b"FUNCTION"[..], b"RESTORE", &dump]),
        b"+OK\r\n",
        "RESTORE",
    );
    wait(&mut m, "2");
    assert_reply(
        &list(&mut r),
        &list(&mut m),
        "replica's libraries after RESTORE",
    );
    assert_reply(
        &m.cmd(&["FUNCTION", "LOAD", "REPLACE", WLIB]),
        b"$1\r\nw\r\n",
        "LOAD REPLACE",
    );
    wait(&mut m, "2");
    assert_reply(
        &list(&mut r),
        &list(&mut m),
        "replica's libraries after a second LOAD",
    );

    // FCALL's effects reach both replicas as plain writes.
    assert_reply(
        &m.cmd(&["FCALL", "setx", "1", "x", "1"]),
        b"+OK\r\n",
        "FCALL setx",
    );
    wait(&mut m, "2");
    assert_reply(
        &r.cmd(&["GET", "x"]),
        b"$1\r\n1\r\n",
        "x on the module replica",
    );
    assert_reply(
        &p.cmd(&["GET", "x"]),
        b"$1\r\n1\r\n",
        "x on the plain replica",
    );
    // The plain replica never received the libraries (it has no module: the verbatim
    // `ferrous.function` commands failed there) and the module replica refuses writes.
    assert_reply(
        &p.cmd(&["FUNCTION", "LIST"]),
        b"*0\r\n",
        "plain replica's built-in libraries",
    );
    assert_reply(
        &r.cmd(&["FCALL", "setx", "1", "x", "2"]),
        b"-READONLY You can't write against a read only replica.\r\n",
        "write function on the read-only replica",
    );
    assert_reply(
        &r.cmd(&["FUNCTION", "LOAD", LIB]),
        b"-READONLY You can't write against a read only replica.\r\n",
        "FUNCTION LOAD on the read-only replica",
    );
    assert_reply(
        &r.cmd(&["FUNCTION", "DELETE", "w"]),
        b"-READONLY You can't write against a read only replica.\r\n",
        "FUNCTION DELETE on the read-only replica",
    );
    assert_reply(
        &r.cmd(&["FUNCTION", "FLUSH"]),
        b"-READONLY You can't write against a read only replica.\r\n",
        "FUNCTION FLUSH on the read-only replica",
    );

    assert_reply(&m.cmd(&["FUNCTION", "FLUSH"]), b"+OK\r\n", "FLUSH");
    wait(&mut m, "2");
    assert_reply(&list(&mut r), b"*0\r\n", "replica's libraries after FLUSH");
}
