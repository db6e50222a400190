//! The Lua debugger (issue 14): real `redis-cli --ldb-sync-mode` / `--ldb` sessions against the
//! built-in engine (`EVAL` on a server with the module loaded without drop-in) and against
//! Ferrous (a second server with `drop-in yes`), compared line by line. Pointers shown for
//! functions (`"function@0x..."`) are the only thing normalized.

use ferrous_redis_tests::{
    Server, ServerOpts, assert_reply, ferrous_is_real, redis_cli_input, skip_note,
};
use std::path::Path;

/// One debugging session: the script, `--eval`'s keys and arguments, the lines typed.
struct Case {
    name: &'static str,
    script: &'static str,
    args: &'static [&'static str],
    input: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "step, print, list, whole, break, trace, eval, redis, maxlen, help, continue",
        script: "local a = 1\nlocal t = {1,2,\"x\"}\nredis.call(\"set\", KEYS[1], ARGV[1])\nlocal v = redis.call(\"get\", KEYS[1])\nredis.debug(\"v is\", v, t)\nreturn {a, v}\n",
        args: &["k1", ",", "hello"],
        input: "s\ns\np\np t\nl\nw\nb 5\nb\nt\ne 1+2\nr get k1\nr incr k1\nm\nfoo\nh\nc\n",
    },
    Case {
        name: "nested calls, for and while loops, trace inside a function, hidden for state",
        script: "local function add(a, b)\n  local s = a + b\n  return s\nend\nlocal total = 0\nfor i = 1, 3 do\n  total = add(total, i)\nend\nlocal t = {name = \"x\", n = 1}\nwhile total > 5 do\n  total = total - 1\nend\nreturn total\n",
        args: &[],
        input: "s\ns\ns\ns\nt\ns\ns\np\ns\ns\ns\ns\ns\ns\ns\ns\ns\ns\ns\ns\ns\np\ns\ns\n",
    },
    Case {
        name: "redis.call errors and tables, redis.pcall, trimming and its hint, maxlen, redis command errors",
        script: "redis.call(\"set\",\"str\",\"abc\")\nlocal ok = redis.pcall(\"incr\",\"str\")\nlocal r = redis.pcall(\"nosuchcmd\")\nredis.call(\"rpush\",\"l\",\"a\",\"b\",\"c\")\nlocal l = redis.call(\"lrange\",\"l\",0,-1)\nlocal big = string.rep(\"x\", 300)\nredis.debug(big)\nreturn redis.call(\"incr\",\"str\")\n",
        args: &[],
        input: "s\ns\ns\ns\ns\ns\ns\np\np big\nm 10\np big\nm 0\np big\nm\nr hgetall nokey\nr set\nr ping\ns\n",
    },
    Case {
        name: "breakpoints (add, remove, 0, list, invalid), redis.breakpoint() inside pcall, print var, KEYS, ARGV, runtime error",
        script: "local a = 1\nredis.call(\"set\",\"k\",\"v\")\nlocal ok, e = pcall(function()\n  local inner = 5\n  redis.breakpoint()\n  return inner\nend)\nlocal x = nil\nreturn x.y\n",
        args: &["k1", ",", "a1", "a2"],
        input: "b 4\nb 99\nb 0 2 x -3 -0 +2 01\nb\nb -2\nb -2\nb 9\nc\nt\np\np a\np nope\np KEYS\np ARGV\nc\nt\nc\n",
    },
    Case {
        name: "eval (expression, statement, errors, tables, redis.call), list with arguments, unknown commands, abort",
        script: "local a = {1,2}\nlocal b = \"two\"\nredis.call(\"set\",\"k\",\"v\")\nlocal c = 3\nlocal d = 4\nlocal e = 5\nlocal f = 6\nlocal g = 7\nreturn a\n",
        args: &["k1"],
        input: "s\ns\ns\ne a\ne 1 +\ne error(\"x\")\ne {1,{2,{a=1}}}\ne redis.call(\"get\",\"k\")\ne KEYS\ne x = 1\ne local y = 2\nl 0\nl 3 1\nl 7 0\nl -5\nl 100\nl 2 x\nlist\nwhole\nSTEP\nget k\na\n",
    },
    Case {
        name: "timeout stop of an endless loop, then abort",
        script: "local i = 0\nwhile true do\n  i = i + 1\nend\n",
        args: &[],
        input: "c\nt\na\n",
    },
    Case {
        name: "a compile error ends the session before it starts",
        script: "return 1 +\n",
        args: &[],
        input: "s\n",
    },
    Case {
        name: "redis.debug of every type, nested tables, no locals yet, stepping into sort comparators and gsub callbacks",
        script: "redis.debug(1, 1.5, -0.25, 1e20, true, nil, \"a\\nb\\\"\", {}, {1, {2, {3}}}, {x = {y = 1}})\nlocal t = {3, 1, 2}\ntable.sort(t, function(a, b)\n  return a < b\nend)\nlocal s = string.gsub(\"ab\", \"%w\", function(c)\n  return c:upper()\nend)\nreturn s\n",
        args: &[],
        input: "p\ns\ns\ns\nt\ns\ns\ns\nb 7\nc\nt\np\nc\n",
    },
    Case {
        name: "stepping through a coroutine",
        script: "local co = coroutine.wrap(function(x)\n  local y = coroutine.yield(x + 1)\n  return y * 2\nend)\nlocal a = co(1)\nlocal b = co(10)\nreturn {a, b}\n",
        args: &[],
        input: "s\ns\ns\nt\ns\ns\np\ns\ns\ns\ns\n",
    },
];

/// Runs `redis-cli -p port <mode> --eval file args...` with `input` on stdin; its output,
/// pointers normalized.
fn session(port: u16, dir: &Path, mode: &str, case: &Case, tag: &str) -> String {
    let file = dir.join(format!("ldb-{tag}.lua"));
    std::fs::write(&file, case.script).expect("write script");
    let file = file.to_str().expect("utf-8 path");
    let mut args = vec![mode, "--eval", file];
    args.extend_from_slice(case.args);
    normalize(&redis_cli_input(port, &args, case.input))
}

/// `"function@0x55d0c0a1b2c0"` → `"function@ADDR"`.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("@0x") {
        out.push_str(&rest[..i]);
        out.push_str("@ADDR");
        rest = rest[i + 3..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

/// The built-in engine's server and Ferrous's (drop-in), both with a 300 ms busy threshold
/// (the timeout case).
fn servers() -> (Server, Server) {
    let builtin = Server::start(ServerOpts::with_module());
    let ferrous = Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    );
    for s in [&builtin, &ferrous] {
        let mut c = s.conn();
        assert_reply(
            &c.cmd(&["CONFIG", "SET", "busy-reply-threshold", "300"]),
            b"+OK\r\n",
            "CONFIG SET busy-reply-threshold",
        );
    }
    (builtin, ferrous)
}

/// A forked session's child is reaped by the server's cron (up to 100 ms after it ends); until
/// then the next YES session cannot fork (README).
fn wait_fork_reaped(s: &Server) {
    let t0 = std::time::Instant::now();
    while String::from_utf8_lossy(&s.conn().cmd(&["INFO", "persistence"]))
        .contains("module_fork_in_progress:1")
    {
        assert!(
            t0.elapsed().as_secs() < 10,
            "the session's child was never reaped"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn compare(mode: &str) {
    if !ferrous_is_real() {
        return skip_note("ldb transcripts (needs the module)");
    }
    let (builtin, ferrous) = servers();
    let mut same = 0;
    let mut diffs = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let tag = format!("{}{i}", &mode[2..]);
        builtin.conn().cmd(&["FLUSHALL"]);
        ferrous.conn().cmd(&["FLUSHALL"]);
        // In a forked (--ldb) session the client's non-debugger commands run in the server
        // on Ferrous (README): those lines are left out of that mode's input.
        let input: String = case
            .input
            .lines()
            .filter(|l| mode != "--ldb" || !matches!(*l, "foo" | "get k"))
            .map(|l| format!("{l}\n"))
            .collect();
        let case = &Case {
            input: Box::leak(input.into_boxed_str()),
            ..*case
        };
        let a = session(builtin.port(), builtin.dir(), mode, case, &tag);
        let b = session(ferrous.port(), ferrous.dir(), mode, case, &tag);
        wait_fork_reaped(&ferrous);
        assert!(
            a.contains("Lua debugging session started"),
            "{}: the built-in session did not start:\n{a}",
            case.name
        );
        if a == b {
            same += 1;
        } else {
            diffs.push(format!(
                "--- {} ({mode})\n--- built-in:\n{a}\n--- Ferrous:\n{b}",
                case.name
            ));
        }
    }
    eprintln!("ldb {mode}: {same}/{} sessions identical", CASES.len());
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn sync_sessions_match_the_built_in_line_by_line() {
    compare("--ldb-sync-mode");
}

#[test]
fn yes_sessions_match_the_built_in_line_by_line() {
    compare("--ldb");
}

/// The status lines of a debugger reply (`*N` then `+line`s).
fn log_lines(reply: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(reply);
    let mut it = s.split("\r\n");
    let head = it.next().unwrap_or("");
    assert!(head.starts_with('*'), "not a debugger log: {s}");
    it.filter_map(|l| l.strip_prefix('+').map(str::to_string))
        .collect()
}

fn ferrous_server() -> Option<Server> {
    if !ferrous_is_real() {
        skip_note("ldb (needs the module)");
        return None;
    }
    Some(Server::start(
        ServerOpts::with_module()
            .module_arg("drop-in")
            .module_arg("yes"),
    ))
}

const LIB: &str = "#!lua name=mylib\nlocal function helper(x)\n  return x * 2\nend\n\nredis.register_function('double', function(keys, args)\n  local n = tonumber(args[1])\n  local d = helper(n)\n  redis.call('set', keys[1], d)\n  return d\nend)\n\nredis.register_function('triple', function(keys, args)\n  return redis.call('fcall_ro', 'x', 0) or tonumber(args[1]) * 3\nend)\n";

#[test]
fn fcall_sessions_step_through_the_library_with_function_breakpoints() {
    let Some(s) = ferrous_server() else { return };
    let mut c = s.conn();
    assert_reply(
        &c.cmd(&["FUNCTION", "LOAD", LIB]),
        b"$5\r\nmylib\r\n",
        "FUNCTION LOAD",
    );
    assert_reply(
        &c.cmd(&["SCRIPT", "DEBUG", "SYNC"]),
        b"+OK\r\n",
        "SCRIPT DEBUG SYNC",
    );
    let mut run = |args: &[&str]| log_lines(&c.cmd(args));
    assert_eq!(
        run(&["FCALL", "double", "1", "k", "21"]),
        [
            "* Stopped at 7, stop reason = step over",
            "-> 7     local n = tonumber(args[1])"
        ]
    );
    assert_eq!(
        run(&["l", "2", "1"]),
        [
            "   1   #!lua name=mylib",
            "   2   local function helper(x)",
            "   3     return x * 2"
        ]
    );
    assert_eq!(
        run(&["b", "triple", "mylib.double", "9", "nosuch"]),
        [
            "Breakpoint set on function triple.",
            "Breakpoint set on function double.",
            "   8     local d = helper(n)",
            "  #9     redis.call('set', keys[1], d)",
            "   10    return d",
            "Invalid argument:'nosuch'",
        ]
    );
    assert_eq!(
        run(&["b"]),
        [
            "3 breakpoints set:",
            "  #9     redis.call('set', keys[1], d)",
            "  #function triple",
            "  #function double",
        ]
    );
    assert_eq!(
        run(&["s"]),
        [
            "* Stopped at 8, stop reason = step over",
            "-> 8     local d = helper(n)"
        ]
    );
    assert_eq!(
        run(&["s"]),
        [
            "* Stopped at 3, stop reason = step over",
            "-> 3     return x * 2"
        ]
    );
    assert_eq!(
        run(&["t"]),
        [
            "In helper:",
            "-> 3     return x * 2",
            "From top level:",
            "   8     local d = helper(n)",
        ]
    );
    assert_eq!(run(&["p"]), ["<value> x = 21"]);
    assert_eq!(
        run(&["c"]),
        [
            "* Stopped at 9, stop reason = break point",
            "->#9     redis.call('set', keys[1], d)"
        ]
    );
    assert_eq!(run(&["p", "d"]), ["<value> 42"]);
    assert_eq!(run(&["r", "get", "k"]), ["<redis> get k", "<reply> NULL"]);
    assert_eq!(
        run(&["s"]),
        [
            "<redis> set k 42",
            "<reply> \"+OK\"",
            "* Stopped at 10, stop reason = step over",
            "-> 10    return d",
        ]
    );
    assert_eq!(run(&["c"]), ["<endsession>"]);
    assert_reply(
        &c.read_reply().expect("the FCALL reply"),
        b":42\r\n",
        "the FCALL reply after <endsession>",
    );
    assert_reply(
        &c.cmd(&["GET", "k"]),
        b"$2\r\n42\r\n",
        "the session's write",
    );
    // The session ended the client's debug mode (the built-in closes the connection).
    assert_reply(
        &c.cmd(&["FCALL", "double", "1", "k", "1"]),
        b":2\r\n",
        "FCALL after the session",
    );
    // YES: the same session in a forked child, whose write vanishes.
    assert_reply(
        &c.cmd(&["SCRIPT", "DEBUG", "YES"]),
        b"+OK\r\n",
        "SCRIPT DEBUG YES",
    );
    assert_eq!(
        log_lines(&c.cmd(&["FCALL", "double", "1", "k2", "5"])),
        [
            "* Stopped at 7, stop reason = step over",
            "-> 7     local n = tonumber(args[1])"
        ]
    );
    assert_eq!(log_lines(&c.cmd(&["c"])), ["<endsession>"]);
    assert_reply(
        &c.read_reply().expect("the FCALL reply"),
        b":10\r\n",
        "the forked FCALL's reply",
    );
    assert_reply(
        &c.cmd(&["GET", "k2"]),
        b"$-1\r\n",
        "the forked FCALL's write",
    );
}

#[test]
fn other_clients_get_busy_while_a_session_is_open_and_a_disconnect_aborts_it() {
    let Some(s) = ferrous_server() else { return };
    let mut a = s.conn();
    let mut b = s.conn();
    assert_reply(
        &a.cmd(&["SCRIPT", "DEBUG", "SYNC"]),
        b"+OK\r\n",
        "SCRIPT DEBUG SYNC",
    );
    let first = log_lines(&a.cmd(&[
        "EVAL",
        "redis.call('set','a','1')\nredis.call('set','b','2')\nreturn 1",
        "0",
    ]));
    assert_eq!(first[0], "* Stopped at 1, stop reason = step over");
    for cmd in [
        &["GET", "a"][..],
        &["EVAL", "return 1", "0"],
        &["SCRIPT", "KILL"],
        &["s"],
    ] {
        let r = b.cmd(cmd);
        assert!(
            r.starts_with(b"-BUSY "),
            "{cmd:?} from another client: {}",
            String::from_utf8_lossy(&r)
        );
    }
    // The session's client: anything but a debugger command is an unknown debugger command.
    assert_eq!(
        log_lines(&a.cmd(&["GET", "a"])),
        ["<error> Unknown Redis Lua debugger command or wrong number of arguments."]
    );
    assert_eq!(
        log_lines(&a.cmd(&["s"])),
        [
            "<redis> set a 1",
            "<reply> \"+OK\"",
            "* Stopped at 2, stop reason = step over",
            "-> 2   redis.call('set','b','2')"
        ]
    );
    drop(a);
    // The disconnect aborts the script; its writes so far stay.
    let t0 = std::time::Instant::now();
    loop {
        let r = b.cmd(&["GET", "a"]);
        if r == b"$1\r\n1\r\n" {
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 10,
            "the session did not end: {}",
            String::from_utf8_lossy(&r)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_reply(
        &b.cmd(&["GET", "b"]),
        b"$-1\r\n",
        "the aborted script's later write",
    );
    assert_reply(
        &b.cmd(&["EVAL", "return redis.breakpoint()", "0"]),
        b"$-1\r\n",
        "redis.breakpoint() outside a session",
    );
}

#[test]
fn evalsha_and_multi_are_refused_as_the_built_in_refuses_them() {
    let Some(f) = ferrous_server() else { return };
    let builtin = Server::start(ServerOpts::with_module());
    for s in [&builtin, &f] {
        let mut c = s.conn();
        assert_reply(
            &c.cmd(&["SCRIPT", "DEBUG", "YES"]),
            b"+OK\r\n",
            "SCRIPT DEBUG YES",
        );
        assert_reply(
            &c.cmd(&["EVALSHA", "0123456789012345678901234567890123456789", "0"]),
            b"-ERR Please use EVAL instead of EVALSHA for debugging\r\n",
            "EVALSHA in debug mode",
        );
        assert_reply(
            &c.cmd(&["SCRIPT", "DEBUG", "MAYBE"]),
            b"-ERR Use SCRIPT DEBUG YES/SYNC/NO\r\n",
            "SCRIPT DEBUG MAYBE",
        );
        assert_reply(
            &c.cmd(&["SCRIPT", "DEBUG", "NO"]),
            b"+OK\r\n",
            "SCRIPT DEBUG NO",
        );
        assert_reply(
            &c.cmd(&["EVAL", "return 7", "0"]),
            b":7\r\n",
            "EVAL after SCRIPT DEBUG NO",
        );
        assert_reply(&c.cmd(&["MULTI"]), b"+OK\r\n", "MULTI");
        assert_reply(
            &c.cmd(&["SCRIPT", "DEBUG", "YES"]),
            b"+QUEUED\r\n",
            "queued",
        );
        assert_reply(
            &c.cmd(&["EXEC"]),
            b"*1\r\n-ERR SCRIPT DEBUG must be called outside a pipeline\r\n",
            "SCRIPT DEBUG in MULTI",
        );
    }
}

#[test]
fn yes_sessions_run_in_a_fork_whose_writes_vanish_and_other_clients_keep_running() {
    let Some(f) = ferrous_server() else { return };
    let builtin = Server::start(ServerOpts::with_module());
    let case = Case {
        name: "a write in a YES session",
        script: "redis.call('set', KEYS[1], 'written')\nreturn redis.call('get', KEYS[1])\n",
        args: &["wk"],
        input: "s\nc\n",
    };
    let a = session(builtin.port(), builtin.dir(), "--ldb", &case, "yes-w");
    let b = session(f.port(), f.dir(), "--ldb", &case, "yes-w");
    assert_eq!(a, b, "{}", case.name);
    assert!(b.contains("\"written\""), "{b}");
    wait_fork_reaped(&f);
    for s in [&builtin, &f] {
        assert_reply(
            &s.conn().cmd(&["GET", "wk"]),
            b"$-1\r\n",
            "the key after --ldb",
        );
    }
    // While a forked session waits for its client, the server serves everyone else: their
    // commands, their scripts, and Redis's own error for the debugger's words.
    let mut a = f.conn();
    let mut other = f.conn();
    assert_reply(
        &a.cmd(&["SCRIPT", "DEBUG", "YES"]),
        b"+OK\r\n",
        "SCRIPT DEBUG YES",
    );
    let first = log_lines(&a.cmd(&["EVAL", "redis.call('set','x','1')\nreturn 1", "0"]));
    assert_eq!(first[0], "* Stopped at 1, stop reason = step over");
    assert_reply(
        &other.cmd(&["SET", "y", "2"]),
        b"+OK\r\n",
        "another client's SET",
    );
    assert_reply(
        &other.cmd(&["EVAL", "return redis.call('get','y')", "0"]),
        b"$1\r\n2\r\n",
        "another client's EVAL",
    );
    // ... on Ferrous, not on the built-in engine the filter would otherwise leave it to.
    let stats = String::from_utf8_lossy(&other.cmd(&["INFO", "commandstats"])).into_owned();
    assert!(!stats.contains("cmdstat_eval:"), "{stats}");
    assert_reply(
        &other.cmd(&["s", "x"]),
        b"-ERR unknown command 's', with args beginning with: 'x' \r\n",
        "another client's `s`",
    );
    assert_eq!(
        log_lines(&a.cmd(&["e", "redis.call('get','y')"])),
        // The child's dataset is the one at the fork: the later SET is not in it.
        ["<retval> false"]
    );
    assert_eq!(log_lines(&a.cmd(&["c"])), ["<endsession>"]);
    assert_reply(
        &a.read_reply().expect("EVAL reply"),
        b":1\r\n",
        "the EVAL reply",
    );
    assert_reply(
        &other.cmd(&["GET", "x"]),
        b"$-1\r\n",
        "the forked session's write",
    );
    wait_fork_reaped(&f);
    // A disconnect kills the child: the server can fork again at once.
    assert_reply(
        &a.cmd(&["SCRIPT", "DEBUG", "YES"]),
        b"+OK\r\n",
        "SCRIPT DEBUG YES",
    );
    let first = log_lines(&a.cmd(&["EVAL", "return 1", "0"]));
    assert_eq!(first[0], "* Stopped at 1, stop reason = step over");
    drop(a);
    let t0 = std::time::Instant::now();
    loop {
        let r = other.cmd(&["BGSAVE"]);
        if r.starts_with(b"+Background saving started") {
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 10,
            "the child was not killed: {}",
            String::from_utf8_lossy(&r)
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
