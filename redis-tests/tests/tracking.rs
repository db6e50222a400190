//! Client tracking of scripts' keys (issue 12): with `CLIENT TRACKING on`, a script that runs
//! a read-only command makes its caller track the script command's declared keys, and a later
//! write of them sends the invalidation (tracking.tcl "Tracking only occurs for scripts when a
//! command calls a read-only command"). Each scenario runs on the same server with the
//! built-in commands and then with the FERROUS.* ones (a fresh tracking client each), and the
//! transcripts — the script's reply, then every push or message up to a PING's reply after
//! another client wrote the keys — must be the same.

use ferrous_redis_tests::{Conn, Server, ServerOpts, escape, sha1_hex, side_args};

const READ: &str = "return redis.call('GET', 'other{t}')";
const WRITE: &str = "redis.call('SET', 'other{t}', 'x')";
const PING: &str = "return redis.call('PING')";
const LIB: &str = "#!lua name=tracklib\n\
    redis.register_function('r', function() return redis.call('GET', 'other{t}') end)\n\
    redis.register_function('w', function() return redis.call('SET', 'other{t}', 'y') end)\n\
    redis.register_function{function_name='p', callback=function() return redis.call('PING') end, flags={'no-writes'}}\n\
    redis.register_function{function_name='ro', callback=function() return redis.call('EXISTS', 'other{t}') end, flags={'no-writes'}}";

/// The reply to `PING marker`, which ends what a step reads.
const MARK: &[u8] = b"$6\r\nmarker\r\n";

/// Reads replies on `c` until `until` (the reply to the marker PING sent last), returning them all.
fn read_until(c: &mut Conn, until: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let r = c.read_reply().expect("read a reply or push");
        if r == until {
            return out;
        }
        out.push(r);
    }
}

/// One step: `t` runs `cmd` (its replies and pushes up to a PING are recorded), then `w` writes
/// both declared keys and `listener` (the tracking client, or the redirect target) records
/// what arrives before its marker PING's reply.
fn step(
    t: &mut Conn,
    w: &mut Conn,
    listener: Option<&mut Conn>,
    pong: &[u8],
    cmd: &[&str],
    ferrous: bool,
) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for c in cmd_seq(cmd) {
        t.send(&side_args(&c, ferrous)).unwrap();
    }
    t.send(&["PING", "marker"]).unwrap();
    out.extend(read_until(t, MARK));
    out.push(b"--- write".to_vec());
    assert_eq!(
        w.cmd(&["MSET", "key2{t}", "2", "key1{t}", "2"]),
        b"+OK\r\n",
        "MSET"
    );
    let l = match listener {
        Some(l) => l,
        None => t,
    };
    l.send(&["PING", "marker"]).unwrap();
    out.extend(read_until(l, pong));
    out
}

/// A step's commands: `MULTI ... EXEC` when the first word is `MULTI`, else the one command.
fn cmd_seq<'a>(cmd: &[&'a str]) -> Vec<Vec<&'a str>> {
    if cmd[0] == "MULTI" {
        vec![vec!["MULTI"], cmd[1..].to_vec(), vec!["EXEC"]]
    } else {
        vec![cmd.to_vec()]
    }
}

fn steps() -> Vec<Vec<&'static str>> {
    let two = ["2", "key1{t}", "key2{t}"];
    let with = |c: &'static str, s: &'static str| {
        let mut v = vec![c, s];
        v.extend_from_slice(&two);
        v
    };
    vec![
        // tracking.tcl's scenario: no read, a read, EVAL_RO without and with a read.
        with("EVAL", WRITE),
        with("EVAL", READ),
        with("EVAL_RO", PING),
        with("EVAL_RO", READ),
        // A compat script that only runs PING (not read-only): nothing tracked.
        with("EVAL", PING),
        // Cached scripts, by SHA (LOADed before).
        with(
            "EVALSHA",
            Box::leak(sha1_hex(READ.as_bytes()).into_boxed_str()),
        ),
        with(
            "EVALSHA_RO",
            Box::leak(sha1_hex(PING.as_bytes()).into_boxed_str()),
        ),
        // Shebang scripts.
        with(
            "EVAL",
            "#!lua flags=no-writes\nreturn redis.call('STRLEN', 'other{t}')",
        ),
        with("EVAL", "#!lua\nreturn redis.call('INCR', 'n{t}')"),
        // Functions.
        with("FCALL", "r"),
        with("FCALL", "w"),
        with("FCALL_RO", "p"),
        with("FCALL_RO", "ro"),
        // A read that fails still ran (WRONGTYPE), an error before any command does not.
        with("EVAL", "return redis.pcall('HGET', 'n{t}', 'f')"),
        with("EVAL", "error('no command')"),
        // A subcommand that reads.
        with("EVAL", "return redis.call('OBJECT', 'ENCODING', 'n{t}')"),
        // Only one of the keys declared, and none.
        vec!["EVAL", READ, "1", "key2{t}"],
        vec!["EVAL", READ, "0"],
        // Wrong arguments: the command fails before running anything.
        vec!["EVAL", READ, "3", "key1{t}"],
        // Queued in MULTI: tracked at EXEC.
        vec!["MULTI", "EVAL", READ, "2", "key1{t}", "key2{t}"],
        vec!["MULTI", "EVAL", WRITE, "2", "key1{t}", "key2{t}"],
    ]
}

/// Loads the scripts and the library for one side.
fn prepare(c: &mut Conn, ferrous: bool) {
    for s in [READ, PING] {
        let r = c.cmd(&side_args(&["SCRIPT", "LOAD", s], ferrous));
        assert!(r.starts_with(b"$40"), "SCRIPT LOAD: {}", escape(&r));
    }
    let r = c.cmd(&side_args(&["FUNCTION", "LOAD", "REPLACE", LIB], ferrous));
    assert_eq!(r, b"$8\r\ntracklib\r\n", "FUNCTION LOAD");
}

fn reset_keys(w: &mut Conn) {
    w.cmd(&["DEL", "other{t}", "n{t}"]);
    w.cmd(&["MSET", "key2{t}", "1", "key1{t}", "1"]);
}

/// The transcript of every step for one side, with a tracking client set up by `setup`.
fn transcript(
    s: &Server,
    ferrous: bool,
    mode: &[&str],
    redirect: bool,
) -> Vec<(String, Vec<Vec<u8>>)> {
    let mut w = s.conn();
    prepare(&mut w, ferrous);
    reset_keys(&mut w);
    let mut t = s.conn();
    let mut l = if redirect {
        let mut l = s.conn();
        let id = String::from_utf8(l.cmd(&["CLIENT", "ID"])).unwrap();
        let id = id.trim_start_matches(':').trim_end().to_string();
        let r = l.cmd(&["SUBSCRIBE", "__redis__:invalidate"]);
        assert!(r.starts_with(b"*3"), "SUBSCRIBE: {}", escape(&r));
        let mut args = vec!["CLIENT", "TRACKING", "on", "REDIRECT", id.as_str()];
        args.extend_from_slice(mode);
        assert_eq!(t.cmd(&args), b"+OK\r\n", "CLIENT TRACKING {args:?}");
        Some(l)
    } else {
        t.hello3();
        let mut args = vec!["CLIENT", "TRACKING", "on"];
        args.extend_from_slice(mode);
        assert_eq!(t.cmd(&args), b"+OK\r\n", "CLIENT TRACKING {args:?}");
        None
    };
    // A RESP2 subscriber's reply to the marker PING.
    let pong: &[u8] = if redirect {
        b"*2\r\n$4\r\npong\r\n$6\r\nmarker\r\n"
    } else {
        MARK
    };
    let mut out = Vec::new();
    for st in steps() {
        let mut cmd = st.clone();
        if mode.contains(&"OPTIN") {
            // Every step asks for caching (CLIENT CACHING yes applies to the next command).
            out.push((
                "CLIENT CACHING yes".to_string(),
                vec![t.cmd(&["CLIENT", "CACHING", "yes"])],
            ));
        }
        let r = step(&mut t, &mut w, l.as_mut(), pong, &cmd, ferrous);
        cmd.truncate(2);
        out.push((format!("{cmd:?}"), r));
        reset_keys(&mut w);
        // Leftovers of the reset (a key tracked by the step's own write) are part of the step.
        let l2 = match l.as_mut() {
            Some(l) => l,
            None => &mut t,
        };
        l2.send(&["PING", "marker"]).unwrap();
        out.push(("(reset)".to_string(), read_until(l2, pong)));
    }
    t.send(&["CLIENT", "TRACKING", "off"]).unwrap();
    out.push((
        "CLIENT TRACKING off".to_string(),
        read_until(&mut t, b"+OK\r\n"),
    ));
    // TRACK_DUMP=1 prints the transcripts.
    if std::env::var_os("TRACK_DUMP").is_some() {
        for (w, r) in &out {
            eprintln!(
                "{ferrous} {w}: {}",
                r.iter().map(|r| escape(r)).collect::<Vec<_>>().join(" ")
            );
        }
    }
    out
}

fn compare(mode: &[&str], redirect: bool) {
    let s = Server::start(ServerOpts::with_module());
    let b = transcript(&s, false, mode, redirect);
    let f = transcript(&s, true, mode, redirect);
    assert_eq!(b.len(), f.len());
    let mut invalidations = 0;
    for ((what, b), (_, f)) in b.iter().zip(&f) {
        let show = |v: &Vec<Vec<u8>>| v.iter().map(|r| escape(r)).collect::<Vec<_>>().join(" ");
        assert_eq!(
            show(f),
            show(b),
            "{mode:?} redirect={redirect}: {what} (left Ferrous, right built-in)"
        );
        invalidations += b
            .iter()
            .filter(|r| r.windows(10).any(|w| w == b"invalidate"))
            .count();
    }
    // The scenario must exercise tracking at all.
    assert!(invalidations >= 6, "only {invalidations} invalidations");
}

#[test]
fn resp3_tracking_of_scripts_keys_matches_the_builtin() {
    compare(&[], false);
}

#[test]
fn resp2_redirected_tracking_of_scripts_keys_matches_the_builtin() {
    compare(&[], true);
}

#[test]
fn optin_noloop_and_bcast_tracking_of_scripts_match_the_builtin() {
    let s = Server::start(ServerOpts::with_module());
    for mode in [&["OPTIN"][..], &["NOLOOP"], &["OPTOUT"]] {
        let b = transcript(&s, false, mode, false);
        let f = transcript(&s, true, mode, false);
        for ((what, b), (_, f)) in b.iter().zip(&f) {
            let show = |v: &Vec<Vec<u8>>| v.iter().map(|r| escape(r)).collect::<Vec<_>>().join(" ");
            assert_eq!(
                show(f),
                show(b),
                "{mode:?}: {what} (left Ferrous, right built-in)"
            );
        }
    }
    // BCAST: every key with the prefix, whatever the script read.
    let b = transcript(&s, false, &["BCAST", "PREFIX", "key"], false);
    let f = transcript(&s, true, &["BCAST", "PREFIX", "key"], false);
    assert_eq!(f, b, "BCAST");
}

/// The keys request that follows a run answers no keys when the script read nothing; ACL's
/// key check of the next command (pipelined, so its argv may reuse the address) and COMMAND
/// GETKEYS must still see the declared keys.
#[test]
fn acl_key_checks_after_a_run_see_the_declared_keys() {
    let s = Server::start(ServerOpts::with_module());
    let mut a = s.conn();
    let r = a.cmd(&["ACL", "SETUSER", "u", "on", "nopass", "+@all", "~allowed*"]);
    assert_eq!(r, b"+OK\r\n");
    for tracking in [false, true] {
        let mut per_side = Vec::new();
        for ferrous in [false, true] {
            let mut c = s.conn();
            assert_eq!(c.cmd(&["AUTH", "u", "x"]), b"+OK\r\n");
            if tracking {
                c.hello3();
                assert_eq!(c.cmd(&["CLIENT", "TRACKING", "on"]), b"+OK\r\n");
            }
            let mut out = Vec::new();
            for _ in 0..3 {
                let mut pipe = Vec::new();
                for key in ["allowed1", "forbidden", "allowed2", "forbidden"] {
                    pipe.extend(ferrous_redis_tests::encode_command(&side_args(
                        &["EVAL", "return 1", "1", key],
                        ferrous,
                    )));
                }
                c.send_raw(&pipe).unwrap();
                for _ in 0..4 {
                    out.push(escape(&c.read_reply().unwrap()));
                }
            }
            let getkeys = side_args(&["EVAL", "return 1", "2", "k1", "k2"], ferrous);
            let mut g = vec!["COMMAND".to_string(), "GETKEYS".to_string()];
            g.extend(getkeys);
            out.push(escape(&c.cmd(&g)));
            per_side.push(out);
        }
        assert_eq!(
            per_side[1], per_side[0],
            "tracking={tracking} (left Ferrous)"
        );
        assert!(per_side[0][1].contains("NOPERM"), "{:?}", per_side[0]);
    }
}
