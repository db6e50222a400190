//! Memory limit, and panic safety on bad or absurd input: clear error replies, a live server.
//! Where the built-in gives a deterministic answer, Ferrous must give the same bytes.

use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, escape, escape_short, ferrous_cmd, ferrous_is_real,
    skip_note,
};

/// Runs the same EVAL through the built-in and through Ferrous and asserts identical replies.
fn both(c: &mut Conn, script: &[u8], rest: &[&[u8]]) -> Vec<u8> {
    let mut b: Vec<&[u8]> = vec![b"EVAL", script];
    b.extend_from_slice(rest);
    let fname = ferrous_cmd("EVAL");
    let mut f: Vec<&[u8]> = vec![fname.as_bytes(), script];
    f.extend_from_slice(rest);
    let rb = c.cmd(&b);
    let rf = c.cmd(&f);
    assert!(
        rb == rf,
        "script {}:\n  built-in: {}\n  ferrous:  {}",
        escape_short(script, 120),
        escape_short(&rb, 400),
        escape_short(&rf, 400)
    );
    assert_reply(&c.cmd(&["PING"]), b"+PONG\r\n", "PING after the script");
    rf
}

#[test]
fn memory_limit_gives_an_error_and_the_next_script_works() {
    if !ferrous_is_real() {
        skip_note("ferrous.memory-limit");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "ferrous.memory-limit", "10000000"]),
        b"+OK\r\n",
        "CONFIG SET memory-limit",
    );
    for script in [
        "local t = {} for i = 1, 1e8 do t[i] = i end return #t",
        "local t = {} for i = 1, 1e7 do t[i] = tostring(i) end return #t",
        "return #string.rep('x', 1e9)",
        "local s = 'x' for i = 1, 40 do s = s .. s end return #s",
        "local t = {} for i = 1, 1e7 do t['k' .. i] = {i} end return 1",
    ] {
        let r = c.cmd(&[ferrous_cmd("EVAL").as_str(), script, "0"]);
        assert!(
            r.starts_with(b"-") && String::from_utf8_lossy(&r).contains("not enough memory"),
            "script {script:?} under a 10 MB limit should fail with 'not enough memory', got {}",
            escape_short(&r, 300)
        );
        assert_reply(
            &c.cmd(&[ferrous_cmd("EVAL").as_str(), "return 1", "0"]),
            b":1\r\n",
            "the next script",
        );
    }
    // A script that fits still runs under the limit, and pcall cannot hide the limit forever.
    let r = c.cmd(&[
        ferrous_cmd("EVAL").as_str(),
        "local t = {} for i = 1, 1000 do t[i] = i end return #t",
        "0",
    ]);
    assert_reply(&r, b":1000\r\n", "a small script under the limit");
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "ferrous.memory-limit", "0"]),
        b"+OK\r\n",
        "CONFIG SET memory-limit 0",
    );
    let r = c.cmd(&[
        ferrous_cmd("EVAL").as_str(),
        "local t = {} for i = 1, 1e6 do t[i] = i end return #t",
        "0",
    ]);
    assert_reply(&r, b":1000000\r\n", "no limit again");
}

#[test]
fn absurd_numkeys_are_clear_errors() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    for nk in [
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "4294967296",
        "2147483647",
        "-2147483648",
        "0x10",
        "1e3",
        "\u{0}",
        "١",
    ] {
        let r = both(&mut c, b"return #KEYS", &[nk.as_bytes(), b"a", b"b"]);
        assert!(r.starts_with(b"-ERR "), "numkeys {nk:?}: {}", escape(&r));
    }
}

#[test]
fn huge_arguments_and_many_keys() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    let big = vec![b'x'; 20_000_000];
    let r = both(&mut c, b"return #ARGV[1]", &[b"0", &big]);
    assert_reply(&r, b":20000000\r\n", "a 20 MB argument");
    let r = both(
        &mut c,
        b"return redis.call('set', 'big', ARGV[1])",
        &[b"0", &big],
    );
    assert_reply(&r, b"+OK\r\n", "SET of a 20 MB argument");
    let r = both(&mut c, b"return #redis.call('get', 'big')", &[b"0"]);
    assert_reply(&r, b":20000000\r\n", "GET of a 20 MB value");
    let many: Vec<Vec<u8>> = (0..100_000).map(|i| format!("k{i}").into_bytes()).collect();
    let mut rest: Vec<&[u8]> = vec![b"100000"];
    rest.extend(many.iter().map(|v| v.as_slice()));
    let r = both(&mut c, b"return {#KEYS, KEYS[100000], #ARGV}", &rest);
    assert_reply(
        &r,
        b"*3\r\n:100000\r\n$6\r\nk99999\r\n:0\r\n",
        "100000 keys",
    );
    rest[0] = b"0";
    let r = both(&mut c, b"return #ARGV", &rest);
    assert_reply(&r, b":100000\r\n", "100000 args");
    let r = both(&mut c, b"return #string.rep('ab', 5e6)", &[b"0"]);
    assert_reply(&r, b":10000000\r\n", "a 10 MB string built in the script");
}

#[test]
fn binary_and_garbage_scripts() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    // Every byte but the quote, the backslash and line ends, inside a string literal.
    let mut script = b"return '".to_vec();
    script.extend((0u8..=255).filter(|b| !matches!(b, b'\'' | b'\\' | b'\n' | b'\r')));
    script.extend_from_slice(b"'");
    let r = both(&mut c, &script, &[b"0"]);
    assert!(
        r.starts_with(b"$252\r\n"),
        "all bytes literal: {}",
        escape_short(&r, 100)
    );
    // Deterministic pseudo-random garbage: compile errors, identical on both sides.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for len in [1usize, 2, 7, 64, 500, 4096] {
        let garbage: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        let r = both(&mut c, &garbage, &[b"0"]);
        assert!(
            r.starts_with(b"-") || r == b"$-1\r\n",
            "garbage script of {len} bytes: {}",
            escape_short(&r, 200)
        );
    }
    for script in [
        &b"return 1\x00 + 1"[..],
        b"\x00",
        b"\xef\xbb\xbfreturn 1",
        b"return '\xc3\x28'",
        b"return \"unterminated\x00",
        b"--[==[ \x00 ]==] return 2",
    ] {
        both(&mut c, script, &[b"0"]);
    }
}

#[test]
fn deep_nesting_and_recursion_are_errors_not_crashes() {
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    let deep_parens = format!("return {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let r = both(&mut c, deep_parens.as_bytes(), &[b"0"]);
    assert!(
        r.starts_with(b"-ERR Error compiling script"),
        "deep parentheses: {}",
        escape_short(&r, 200)
    );
    let deep_tables = format!("return {}{}", "{".repeat(100_000), "}".repeat(100_000));
    both(&mut c, deep_tables.as_bytes(), &[b"0"]);
    let many_locals = "local a = 1\n".repeat(300);
    let r = both(&mut c, many_locals.as_bytes(), &[b"0"]);
    assert!(
        r.starts_with(b"-ERR Error compiling script"),
        "300 locals: {}",
        escape_short(&r, 200)
    );
    for script in [
        "local function f(n) if n == 0 then return 'bottom' end return select(2, pcall(f, n - 1)) end return f(250)",
        "local function f(n) if n == 0 then return 'bottom' end return coroutine.wrap(f)(n - 1) end return f(250)",
        "local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x",
        "local s = string.rep('a', 100000) return #string.gsub(s, 'a', 'bb')",
    ] {
        both(&mut c, script.as_bytes(), &[b"0"]);
    }
}

/// A script that compiles a huge source with `loadstring` under the memory limit gets lua5.1's
/// `not enough memory` (as `nil, msg` from loadstring, or raised through `assert`), the server
/// never holds the syntax tree such a source would need (hundreds of MB), and the next script
/// works.
#[test]
fn huge_loadstring_under_the_memory_limit_is_not_enough_memory() {
    if !ferrous_is_real() {
        skip_note("ferrous.memory-limit");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["CONFIG", "SET", "ferrous.memory-limit", "32000000"]),
        b"+OK\r\n",
        "CONFIG SET memory-limit",
    );
    let eval = ferrous_cmd("EVAL");
    let r = c.cmd(&[
        eval.as_str(),
        "return assert(loadstring('return '..string.rep('1+', 3000000)..'1'))",
        "0",
    ]);
    assert!(
        r.starts_with(b"-") && String::from_utf8_lossy(&r).contains("not enough memory"),
        "got {}",
        escape_short(&r, 300)
    );
    let r = c.cmd(&[
        eval.as_str(),
        "local f, m = loadstring('return '..string.rep('1+', 3000000)..'1') return {tostring(f), m}",
        "0",
    ]);
    assert_reply(
        &r,
        b"*2\r\n$3\r\nnil\r\n$17\r\nnot enough memory\r\n",
        "loadstring's results",
    );
    let info = String::from_utf8_lossy(&c.cmd(&["INFO", "memory"])).into_owned();
    let peak: usize = ferrous_redis_tests::info_field(&info, "used_memory_peak")
        .and_then(|v| v.parse().ok())
        .expect("used_memory_peak");
    assert!(peak < 150_000_000, "used_memory_peak {peak}");
    assert_reply(
        &c.cmd(&[eval.as_str(), "return 1", "0"]),
        b":1\r\n",
        "the next script",
    );
}

/// SCRIPT KILL stops a script that is compiling a 20M-token source with `loadstring` (no memory
/// limit): the compile reports its work to the busy hook, and the kill is not a compile error.
#[test]
fn script_kill_stops_a_long_compile() {
    let s = Server::start(ServerOpts::with_module());
    let mut a = s.conn();
    let mut b = s.conn();
    assert_reply(
        &b.cmd(&["CONFIG", "SET", "busy-reply-threshold", "50"]),
        b"+OK\r\n",
        "CONFIG SET busy-reply-threshold",
    );
    let script = "local s = 'return '..string.rep('1+', 10000000)..'1' \
                  local f, m = pcall(loadstring, s) return 'not killed'";
    a.send(&[ferrous_cmd("EVAL").as_str(), script, "0"])
        .expect("send EVAL");
    let t0 = std::time::Instant::now();
    loop {
        let r = b.cmd(&["PING"]);
        if r.starts_with(b"-BUSY") {
            break;
        }
        assert!(t0.elapsed().as_secs() < 10, "never busy");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let t1 = std::time::Instant::now();
    assert_reply(
        &b.cmd(&[ferrous_cmd("SCRIPT").as_str(), "KILL"]),
        b"+OK\r\n",
        "SCRIPT KILL",
    );
    let r = a.read_reply().expect("the killed EVAL's reply");
    let took = t1.elapsed();
    assert!(
        String::from_utf8_lossy(&r).starts_with("-ERR Script killed by user with SCRIPT KILL"),
        "got {}",
        escape_short(&r, 300)
    );
    assert!(took.as_millis() < 1000, "the kill took {took:?}");
    assert_reply(&b.cmd(&["PING"]), b"+PONG\r\n", "PING after the kill");
}
