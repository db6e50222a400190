//! Busy scripts, BUSY replies and SCRIPT KILL (redis-scripting-7.0.md §1.8), with two clients.

use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, escape, ferrous_cmd, ferrous_is_real, sha1_hex,
    skip_note,
};
use std::time::{Duration, Instant};

const BUSY: &[u8] =
    b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
const UNKILLABLE: &[u8] = b"-UNKILLABLE Sorry the script already executed write commands against the dataset. \
You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n";

fn killed(script: &str) -> Vec<u8> {
    format!(
        "-ERR Script killed by user with SCRIPT KILL... script: {}, on @user_script:1.\r\n",
        sha1_hex(script.as_bytes())
    )
    .into_bytes()
}

/// Starts a server whose scripts become busy after 100 ms.
fn server_with_threshold() -> Server {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "busy-reply-threshold", "100"]),
        b"+OK\r\n",
        "CONFIG SET busy-reply-threshold",
    );
    s
}

/// Sends PING until the server answers BUSY (the script may not have started yet). Returns the
/// time it took.
fn wait_busy(c: &mut Conn) -> Duration {
    let t0 = Instant::now();
    loop {
        let r = c.cmd(&["PING"]);
        if r.starts_with(b"-BUSY") {
            assert_reply(&r, BUSY, "BUSY reply to PING");
            return t0.elapsed();
        }
        assert_reply(&r, b"+PONG\r\n", "PING before the script became busy");
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the script never made the server BUSY"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn start_script(a: &mut Conn, script: &str) {
    a.send(&[ferrous_cmd("EVAL").as_str(), script, "0"])
        .expect("send EVAL");
}

#[test]
fn script_kill_stops_a_busy_script() {
    let s = server_with_threshold();
    let mut a = s.conn();
    let mut b = s.conn();
    let script = "while true do end";
    start_script(&mut a, script);
    wait_busy(&mut b);
    // Other commands are refused while busy, the module's own ones included.
    assert_reply(&b.cmd(&["GET", "k"]), BUSY, "GET while busy");
    assert_reply(
        &b.cmd(&[ferrous_cmd("EVAL").as_str(), "return 1", "0"]),
        BUSY,
        "EVAL while busy",
    );
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "LOAD", "return 1"]),
        BUSY,
        "SCRIPT LOAD while busy",
    );
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"+OK\r\n",
        "SCRIPT KILL",
    );
    let r = a.read_reply().expect("the killed EVAL's reply");
    assert_reply(&r, &killed(script), "reply of the killed script");
    assert_reply(&b.cmd(&["PING"]), b"+PONG\r\n", "PING after the kill");
    // The link of the killed script is still usable.
    assert_reply(
        &a.cmd(&[ferrous_cmd("EVAL").as_str(), "return 'alive'", "0"]),
        b"$5\r\nalive\r\n",
        "EVAL after the kill",
    );
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"-NOTBUSY No scripts in execution right now.\r\n",
        "KILL again",
    );
}

/// Starts `script` on one link, sends SCRIPT KILL from another once the server answers BUSY,
/// and checks the killed script's reply and that the server answers again.
fn kill_running(script: &str) {
    let s = server_with_threshold();
    let mut a = s.conn();
    let mut b = s.conn();
    start_script(&mut a, script);
    wait_busy(&mut b);
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"+OK\r\n",
        "SCRIPT KILL",
    );
    assert_reply(
        &a.read_reply().expect("reply"),
        &killed(script),
        &format!("reply of the killed `{script}`"),
    );
    assert_reply(&b.cmd(&["PING"]), b"+PONG\r\n", "PING after the kill");
}

#[test]
fn script_kill_stops_a_pcall_loop() {
    kill_running("while true do pcall(function() while true do end end) end");
}

#[test]
fn script_kill_stops_a_read_loop() {
    kill_running("while true do redis.call('get', 'k') redis.pcall('ping') end");
}

#[test]
fn script_kill_when_nothing_runs_is_notbusy() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"-NOTBUSY No scripts in execution right now.\r\n",
        "SCRIPT KILL with no script running",
    );
}

#[test]
fn script_that_wrote_is_unkillable_and_shutdown_nosave_stops_the_server() {
    let mut s = server_with_threshold();
    let mut a = s.conn();
    let mut b = s.conn();
    start_script(&mut a, "redis.call('set', 'x', 'y') while true do end");
    wait_busy(&mut b);
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        UNKILLABLE,
        "SCRIPT KILL after a write",
    );
    assert_reply(&b.cmd(&["PING"]), BUSY, "still busy after the refused kill");
    b.send(&["SHUTDOWN", "NOSAVE"])
        .expect("send SHUTDOWN NOSAVE");
    assert!(
        s.wait_exit(Duration::from_secs(10)),
        "SHUTDOWN NOSAVE did not stop the server\nlog:\n{}",
        s.log_tail(20)
    );
    assert!(
        a.read_reply().is_err(),
        "the busy script's client should see the connection close"
    );
}

#[test]
fn shutdown_nosave_stops_a_busy_read_only_script() {
    let mut s = server_with_threshold();
    let mut a = s.conn();
    let mut b = s.conn();
    start_script(&mut a, "while true do end");
    wait_busy(&mut b);
    let r = b.cmd(&["SHUTDOWN"]);
    assert!(
        r.starts_with(b"-"),
        "plain SHUTDOWN while busy should be refused, got {}",
        escape(&r)
    );
    b.send(&["SHUTDOWN", "NOSAVE"])
        .expect("send SHUTDOWN NOSAVE");
    assert!(
        s.wait_exit(Duration::from_secs(10)),
        "SHUTDOWN NOSAVE did not stop the server\nlog:\n{}",
        s.log_tail(20)
    );
}

#[test]
fn module_busy_reply_threshold_config() {
    if !ferrous_is_real() {
        skip_note("ferrous.busy-reply-threshold");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut b = s.conn();
    // The server's own threshold stays at its 5000 ms default; the module's setting wins.
    assert_reply(
        &b.cmd(&["CONFIG", "SET", "ferrous.busy-reply-threshold", "100"]),
        b"+OK\r\n",
        "CONFIG SET",
    );
    assert_reply(
        &b.cmd(&["CONFIG", "GET", "ferrous.busy-reply-threshold"]),
        b"*2\r\n$28\r\nferrous.busy-reply-threshold\r\n$3\r\n100\r\n",
        "CONFIG GET",
    );
    let mut a = s.conn();
    let script = "local i = 0 while true do i = i + 1 end";
    start_script(&mut a, script);
    let took = wait_busy(&mut b);
    assert!(
        took < Duration::from_millis(3000),
        "BUSY came after {took:?}: the module threshold (100 ms) was not used"
    );
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"+OK\r\n",
        "SCRIPT KILL",
    );
    assert_reply(
        &a.read_reply().expect("reply"),
        &killed(script),
        "reply of the killed script",
    );
    // -1 follows the server's threshold again.
    assert_reply(
        &b.cmd(&["CONFIG", "SET", "ferrous.busy-reply-threshold", "-1"]),
        b"+OK\r\n",
        "CONFIG SET -1",
    );
}
