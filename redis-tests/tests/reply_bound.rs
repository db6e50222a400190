//! Replies are bounded (issue 10): a shared or cyclic table cannot expand into an unbounded
//! reply, the bound's walk stays killable, and the default `memory-limit` is protective.

use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, escape_short, ferrous_cmd, ferrous_is_real, skip_note,
};
use std::time::{Duration, Instant};

fn eval(c: &mut Conn, script: &str) -> Vec<u8> {
    c.cmd(&[ferrous_cmd("EVAL").as_str(), script, "0"])
}

fn assert_too_large(r: &[u8], what: &str) {
    assert!(
        r.starts_with(b"-ERR Script reply exceeds "),
        "{what}: expected the reply-size error, got {}",
        escape_short(r, 300)
    );
}

#[test]
fn shared_and_cyclic_tables_cannot_expand_the_reply() {
    if !ferrous_is_real() {
        skip_note("reply bound");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    // The protective default, visible to CONFIG GET.
    assert_reply(
        &c.cmd(&["CONFIG", "GET", "ferrous.memory-limit"]),
        b"*2\r\n$20\r\nferrous.memory-limit\r\n$9\r\n536870912\r\n",
        "default memory-limit",
    );
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "ferrous.memory-limit", "10000000"]),
        b"+OK\r\n",
        "CONFIG SET memory-limit",
    );
    for (script, what) in [
        (
            "local t = {} t[1] = t t[2] = t return t",
            "a cycle through two slots",
        ),
        (
            "local t = {1} for i = 1, 40 do t = {t, t} end return t",
            "a DAG of depth 40, two references per level",
        ),
        (
            "local s = string.rep('x', 1000000) local t = {} for i = 1, 100 do t[i] = s end return t",
            "one 1 MB string a hundred times",
        ),
        (
            "local m = {} local t = {map = m} m[1] = t m[2] = t return t",
            "a cyclic map reply",
        ),
    ] {
        assert_too_large(&eval(&mut c, script), what);
        assert_reply(&c.cmd(&["PING"]), b"+PONG\r\n", "PING after the script");
    }
    // Replies that fit are written as before, identical to the built-in's.
    for script in [
        "local t = {} for i = 1, 100000 do t[i] = i end return t",
        "local s = {'a'} local t = {} for i = 1, 1000 do t[i] = s end return t",
        "local t = {1} for i = 1, 10 do t = {t, t} end return t",
        "local t = {} t[1] = t return t",
    ] {
        let b = c.cmd(&["EVAL", script, "0"]);
        let f = eval(&mut c, script);
        assert!(
            b == f,
            "{script}: built-in {} vs ferrous {}",
            escape_short(&b, 200),
            escape_short(&f, 200)
        );
    }
}

#[test]
fn the_reply_bound_walk_is_killable() {
    if !ferrous_is_real() {
        skip_note("reply bound kill");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut a = s.conn();
    let mut b = s.conn();
    // No memory limit: the bound is 512 MiB of reply, about a second of walking.
    for (k, v) in [
        ("ferrous.memory-limit", "0"),
        ("busy-reply-threshold", "50"),
    ] {
        assert_reply(&a.cmd(&["CONFIG", "SET", k, v]), b"+OK\r\n", "CONFIG SET");
    }
    let script = "local t = {} t[1] = t t[2] = t return t";
    a.send(&[ferrous_cmd("EVAL").as_str(), script, "0"])
        .expect("send EVAL");
    let t0 = Instant::now();
    loop {
        let r = b.cmd(&["PING"]);
        if r.starts_with(b"-BUSY") {
            break;
        }
        if t0.elapsed() > Duration::from_secs(10) {
            panic!("the reply walk never made the server busy");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"+OK\r\n",
        "SCRIPT KILL during the reply walk",
    );
    let r = a.read_reply().expect("the killed script's reply");
    assert!(
        r.starts_with(b"-ERR Script killed by user with SCRIPT KILL"),
        "killed reply: {}",
        escape_short(&r, 200)
    );
    assert_reply(&b.cmd(&["PING"]), b"+PONG\r\n", "PING after the kill");
}
