//! Busy functions, FUNCTION KILL / SCRIPT KILL cross-cases and FUNCTION STATS while a script
//! runs (redis-scripting-7.0.md §1.8), with two clients. Each scenario runs twice: on a plain
//! server (the built-in engines) and on a server with Ferrous in drop-in mode, sending the
//! same commands; the two transcripts must be identical (FUNCTION STATS's `duration_ms` is
//! masked).

use ferrous_redis_tests::{Conn, Server, ServerOpts, assert_reply, escape, no_module};
use std::time::{Duration, Instant};

const LOOP_LIB: &str = "#!lua name=test\nredis.register_function('test', function(keys, args)\n local a = 1 while true do a = a + 1 end \nend)";
const WRITE_LOOP_LIB: &str = "#!lua name=w\nredis.register_function('wloop', function(keys, args)\n redis.call('set', 'x', 'y') while true do end \nend)";
const PCALL_LOOP_LIB: &str = "#!lua name=p\nredis.register_function('ploop', function(keys, args)\n while true do pcall(function() while true do end end) end \nend)";

fn server(ferrous: bool) -> Server {
    let opts = if ferrous {
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes")
    } else {
        ServerOpts::plain()
    };
    let s = Server::start(opts);
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "busy-reply-threshold", "50"]),
        b"+OK\r\n",
        "CONFIG SET busy-reply-threshold",
    );
    s
}

/// PINGs until BUSY; returns the BUSY reply.
fn wait_busy(c: &mut Conn) -> Vec<u8> {
    let t0 = Instant::now();
    loop {
        let r = c.cmd(&["PING"]);
        if r.starts_with(b"-BUSY") {
            return r;
        }
        assert_reply(&r, b"+PONG\r\n", "PING before the script became busy");
        assert!(t0.elapsed() < Duration::from_secs(10), "never became BUSY");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Masks the digits of `duration_ms`'s value in a FUNCTION STATS reply.
fn mask_duration(r: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(r).into_owned();
    let Some(p) = s.find("duration_ms\r\n:") else {
        return r.to_vec();
    };
    let start = p + "duration_ms\r\n:".len();
    let end = start + s[start..].find('\r').unwrap_or(0);
    format!("{}<ms>{}", &s[..start], &s[end..]).into_bytes()
}

type Transcript = Vec<(String, Vec<u8>)>;

fn run_both(scenario: fn(&mut Server, &mut Transcript)) {
    let mut results = Vec::new();
    for ferrous in [false, true] {
        let mut s = server(ferrous);
        let mut t = Transcript::new();
        scenario(&mut s, &mut t);
        results.push(t);
    }
    if no_module() {
        return;
    }
    let (b, f) = (&results[0], &results[1]);
    let mut diffs = String::new();
    for i in 0..b.len().max(f.len()) {
        if b.get(i).map(|x| &x.1) != f.get(i).map(|x| &x.1) {
            diffs.push_str(&format!(
                "\n  {}:\n    built-in: {}\n    ferrous:  {}",
                b.get(i).or(f.get(i)).map(|x| x.0.as_str()).unwrap_or(""),
                b.get(i).map(|x| escape(&x.1)).unwrap_or_default(),
                f.get(i).map(|x| escape(&x.1)).unwrap_or_default()
            ));
        }
    }
    assert!(diffs.is_empty(), "transcripts differ:{diffs}");
}

fn step(t: &mut Transcript, c: &mut Conn, args: &[&str]) -> Vec<u8> {
    let r = mask_duration(&c.cmd(args));
    t.push((args.join(" "), r.clone()));
    r
}

#[test]
fn function_kill_stops_a_busy_function() {
    run_both(|s, t| {
        let mut a = s.conn();
        let mut b = s.conn();
        step(t, &mut b, &["FUNCTION", "LOAD", LOOP_LIB]);
        a.send(&["FCALL", "test", "0"]).unwrap();
        let busy = wait_busy(&mut b);
        t.push(("PING while busy".into(), busy));
        step(t, &mut b, &["FUNCTION", "STATS"]);
        step(t, &mut b, &["SCRIPT", "KILL"]);
        step(t, &mut b, &["GET", "k"]);
        step(t, &mut b, &["FCALL", "test", "0"]);
        step(t, &mut b, &["EVAL", "return 1", "0"]);
        step(t, &mut b, &["SCRIPT", "LOAD", "return 1"]);
        step(t, &mut b, &["FUNCTION", "LIST"]);
        step(t, &mut b, &["FUNCTION", "LOAD", LOOP_LIB]);
        step(t, &mut b, &["FUNCTION", "DUMP"]);
        step(t, &mut b, &["FUNCTION", "FLUSH"]);
        step(t, &mut b, &["FUNCTION", "bogus"]);
        step(t, &mut b, &["FUNCTION", "DELETE"]);
        step(t, &mut b, &["FUNCTION", "KILL"]);
        t.push(("killed FCALL".into(), a.read_reply().unwrap()));
        step(t, &mut b, &["PING"]);
        step(t, &mut b, &["FUNCTION", "KILL"]);
        step(t, &mut b, &["FUNCTION", "STATS"]);
        // The killed client's link still works.
        step(t, &mut a, &["FCALL_RO", "TEST", "1", "k"]);
    });
}

#[test]
fn function_kill_reaches_a_pcall_loop() {
    run_both(|s, t| {
        let mut a = s.conn();
        let mut b = s.conn();
        step(t, &mut b, &["FUNCTION", "LOAD", PCALL_LOOP_LIB]);
        a.send(&["FCALL", "ploop", "0"]).unwrap();
        wait_busy(&mut b);
        step(t, &mut b, &["FUNCTION", "KILL"]);
        t.push(("killed FCALL".into(), a.read_reply().unwrap()));
        step(t, &mut a, &["FCALL_RO", "ploop", "0"]);
        step(t, &mut b, &["PING"]);
    });
}

#[test]
fn function_kill_does_not_work_on_eval() {
    run_both(|s, t| {
        let mut a = s.conn();
        let mut b = s.conn();
        step(t, &mut b, &["FUNCTION", "LOAD", LOOP_LIB]);
        a.send(&["EVAL", "local a = 1 while true do a = a + 1 end", "0"])
            .unwrap();
        let busy = wait_busy(&mut b);
        t.push(("PING while busy".into(), busy));
        step(t, &mut b, &["FUNCTION", "KILL"]);
        step(t, &mut b, &["FUNCTION", "STATS"]);
        step(t, &mut b, &["FUNCTION", "LIST"]);
        step(t, &mut b, &["FUNCTION", "HELP"]);
        step(t, &mut b, &["FCALL", "test", "0"]);
        step(t, &mut b, &["SCRIPT", "KILL"]);
        t.push(("killed EVAL".into(), a.read_reply().unwrap()));
        step(t, &mut b, &["PING"]);
        step(t, &mut b, &["FUNCTION", "LIST"]);
    });
}

#[test]
fn function_that_wrote_is_unkillable() {
    run_both(|s, t| {
        let mut a = s.conn();
        let mut b = s.conn();
        step(t, &mut b, &["FUNCTION", "LOAD", WRITE_LOOP_LIB]);
        a.send(&["FCALL", "wloop", "0"]).unwrap();
        wait_busy(&mut b);
        step(t, &mut b, &["FUNCTION", "KILL"]);
        step(t, &mut b, &["SCRIPT", "KILL"]);
        step(t, &mut b, &["FUNCTION", "STATS"]);
        b.send(&["SHUTDOWN", "NOSAVE"]).unwrap();
        assert!(
            s.wait_exit(Duration::from_secs(10)),
            "SHUTDOWN NOSAVE did not stop the server"
        );
        t.push((
            "busy client after SHUTDOWN".into(),
            format!("{}", a.read_reply().is_err()).into_bytes(),
        ));
    });
}

#[test]
fn function_stats_shows_the_running_function() {
    if no_module() {
        return;
    }
    let s = server(true);
    let mut a = s.conn();
    let mut b = s.conn();
    b.cmd(&["FUNCTION", "LOAD", LOOP_LIB]);
    a.send(&["FCALL", "TEST", "1", "key", "arg"]).unwrap();
    wait_busy(&mut b);
    std::thread::sleep(Duration::from_millis(120));
    let r = b.cmd(&["FUNCTION", "STATS"]);
    let text = String::from_utf8_lossy(&r).into_owned();
    let expected = "*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\ntest\r\n$7\r\ncommand\r\n*5\r\n$5\r\nFCALL\r\n$4\r\nTEST\r\n$1\r\n1\r\n$3\r\nkey\r\n$3\r\narg\r\n$11\r\nduration_ms\r\n:";
    assert!(
        text.starts_with(expected),
        "FUNCTION STATS while busy: {}",
        escape(&r)
    );
    let ms: i64 = text[expected.len()..]
        .split('\r')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        ms >= 100,
        "duration_ms {ms} should count from the FCALL's start"
    );
    assert_reply(&b.cmd(&["FUNCTION", "KILL"]), b"+OK\r\n", "FUNCTION KILL");
    a.read_reply().unwrap();
}
