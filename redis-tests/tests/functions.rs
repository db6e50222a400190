//! Redis 7.0 Functions, differential: every case of `cases/functions/*.txt` runs on ONE server
//! through the built-in FUNCTION/FCALL/FCALL_RO and through FERROUS.FUNCTION/FCALL/FCALL_RO
//! (RESP2, then RESP3), replies compared byte-for-byte (format in `src/fcases.rs`). Also:
//! every EVAL case of `cases/*.txt` wrapped as a function (Redis's own `is_eval=0` pass of
//! scripting.tcl does the same), and DUMP payloads moved between the engines.
//!
//! `FERROUS_CASES=<substring>` selects cases; `FERROUS_SHOW=1` prints the built-in replies.

use ferrous_redis_tests::casefile::{Side, label};
use ferrous_redis_tests::cases::CmdKind;
use ferrous_redis_tests::fcases::{FCase, Step, parse_resp, sorted};
use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, bulk_body, escape_short, ferrous_cmd, ferrous_is_real,
    side_prefix, skip_note,
};
use std::time::Duration;

fn start() -> (Server, Conn, Conn) {
    let s = Server::start(ServerOpts::with_module());
    let mut c2 = s.conn();
    let mut c3 = s.conn3();
    c2.set_timeout(Some(Duration::from_secs(10)));
    c3.set_timeout(Some(Duration::from_secs(10)));
    (s, c2, c3)
}

fn substitute(tok: &[u8], side: &Side, code: &Option<Vec<u8>>, dump: &Option<Vec<u8>>) -> Vec<u8> {
    for b in ["$FUNCTION", "$FCALL_RO", "$FCALL", "$SCRIPT", "$EVAL"] {
        if tok == b.as_bytes() {
            return side.name(&b[1..]);
        }
    }
    if tok == b"$CODE" {
        return code.clone().unwrap_or_default();
    }
    if tok == b"$DUMP" {
        return dump.clone().unwrap_or_default();
    }
    tok.to_vec()
}

type Replies = Vec<(String, Vec<u8>)>;

fn prepare(c: &mut Conn, side: &Side) -> std::io::Result<()> {
    let r = c.try_cmd(&["FLUSHALL"])?;
    assert_reply(&r, b"+OK\r\n", "FLUSHALL");
    let r = c.try_cmd(&[side.name("FUNCTION"), b"FLUSH".to_vec()])?;
    assert_reply(&r, b"+OK\r\n", &format!("{} FUNCTION FLUSH", side.label));
    Ok(())
}

/// The function VM keeps cjson's settings across FUNCTION FLUSH (in both engines), while each
/// EVAL case starts from SCRIPT FLUSH's fresh state: put lua-cjson's defaults back first.
fn reset_cjson(c: &mut Conn, side: &Side) -> std::io::Result<()> {
    const RESET: &str = "#!lua name=cjson_reset\nredis.register_function('cjson_reset', \
        function() cjson.encode_sparse_array(false, 2, 10) cjson.encode_number_precision(14) \
        cjson.encode_max_depth(1000) cjson.decode_max_depth(1000) \
        cjson.encode_invalid_numbers(false) cjson.decode_invalid_numbers(true) \
        cjson.encode_keep_buffer(true) return 1 end)";
    prepare(c, side)?;
    let r = c.try_cmd(&[
        side.name("FUNCTION"),
        b"LOAD".to_vec(),
        RESET.as_bytes().to_vec(),
    ])?;
    assert_reply(
        &r,
        b"$11\r\ncjson_reset\r\n",
        "FUNCTION LOAD of the cjson reset",
    );
    let r = c.try_cmd(&[side.name("FCALL"), b"cjson_reset".to_vec(), b"0".to_vec()])?;
    assert_reply(&r, b":1\r\n", "FCALL cjson_reset");
    Ok(())
}

fn run_fcase(c: &mut Conn, side: &Side, case: &FCase) -> std::io::Result<Replies> {
    prepare(c, side)?;
    for s in &case.setup {
        c.try_cmd(s)?;
    }
    let mut out = Replies::new();
    let mut dump: Option<Vec<u8>> = None;
    for (step, code) in &case.steps {
        let cmd: Vec<Vec<u8>> = match step {
            Step::Load { code, replace } => {
                let mut v = vec![side.name("FUNCTION"), b"LOAD".to_vec()];
                if *replace {
                    v.push(b"REPLACE".to_vec());
                }
                v.push(code.clone());
                v
            }
            Step::Cmd(a) => a.iter().map(|t| substitute(t, side, code, &dump)).collect(),
        };
        let r = c.try_cmd(&cmd)?;
        let is_dump = cmd.len() == 2
            && cmd[0] == side.name("FUNCTION")
            && cmd[1].eq_ignore_ascii_case(b"dump");
        if is_dump {
            dump = bulk_body(&r);
        }
        let r = if case.sort {
            format!("{:?}", parse_resp(&r).map(sorted)).into_bytes()
        } else {
            r
        };
        // A dump's bytes depend on rdbcompression (the built-in compresses); what it
        // restores to is compared instead.
        let r = if is_dump { b"<dump>".to_vec() } else { r };
        let l = match step {
            Step::Load { .. } => "FUNCTION LOAD".to_string(),
            Step::Cmd(a) => label(a),
        };
        out.push((l, r));
    }
    let r = c.try_cmd(&["PING"])?;
    assert_reply(&r, b"+PONG\r\n", "PING after the case");
    Ok(out)
}

fn show(r: &Replies) -> String {
    r.iter()
        .map(|(l, r)| format!("      {l}: {}", escape_short(r, 300)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn diff(a: &Replies, b: &Replies) -> String {
    let mut msg = String::new();
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        if x.map(|v| &v.1) != y.map(|v| &v.1) {
            let l = x.or(y).map(|v| v.0.clone()).unwrap_or_default();
            msg.push_str(&format!(
                "\n    {l}:\n      built-in: {}\n      ferrous:  {}",
                x.map(|v| escape_short(&v.1, 400))
                    .unwrap_or_else(|| "(none)".into()),
                y.map(|v| escape_short(&v.1, 400))
                    .unwrap_or_else(|| "(none)".into())
            ));
        }
    }
    msg
}

#[test]
fn function_cases_builtin_vs_ferrous() {
    let cases = ferrous_redis_tests::fcases::load_all();
    let filter = std::env::var("FERROUS_CASES").ok();
    let showing = std::env::var("FERROUS_SHOW").is_ok_and(|v| !v.is_empty());
    let [builtin, ferrous] = Side::pair();
    let (mut server, mut c2, mut c3) = start();
    let (mut ran, mut ok) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        if filter
            .as_ref()
            .is_some_and(|f| !case.name.contains(f.as_str()))
        {
            continue;
        }
        for &proto in &case.resp {
            ran += 1;
            let mut results = Vec::new();
            let mut broken = None;
            for side in [&builtin, &ferrous] {
                let c = if proto == 2 { &mut c2 } else { &mut c3 };
                match run_fcase(c, side, case) {
                    Ok(r) => results.push(r),
                    Err(e) => {
                        broken = Some(format!(
                            "{} side failed: {e}\n    server log:\n{}",
                            side.label,
                            server.log_excerpt(8)
                        ));
                        break;
                    }
                }
            }
            if let Some(e) = broken {
                failures.push(format!("{} ({}) RESP{proto}: {e}", case.name, case.origin));
                (server, c2, c3) = start();
                continue;
            }
            if showing {
                eprintln!("{} RESP{proto}:\n{}", case.name, show(&results[0]));
            }
            if results[0] == results[1] {
                ok += 1;
            } else {
                failures.push(format!(
                    "{} ({}) RESP{proto}: replies differ{}",
                    case.name,
                    case.origin,
                    diff(&results[0], &results[1])
                ));
            }
        }
    }
    eprintln!(
        "function cases: {} in files, runs: {ran}, identical: {ok}, differing: {}",
        cases.len(),
        failures.len()
    );
    for f in &failures {
        eprintln!("MISMATCH {f}\n");
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} function comparison runs failed; first: {}",
        failures.len(),
        failures[0]
    );
    assert!(ran > 0 || filter.is_some(), "no case ran");
}

/// The library scripting.tcl's `run_script` builds in its FCALL pass.
fn wrap(body: &[u8]) -> Vec<u8> {
    let mut v =
        b"#!lua name=test\nredis.register_function('test', function(KEYS, ARGV)\n ".to_vec();
    v.extend_from_slice(body);
    v.extend_from_slice(b" \nend)");
    v
}

/// Every plain EVAL case of `cases/*.txt` (no raw commands, not skipped, not ferrous-only,
/// no shebang) as `FUNCTION LOAD REPLACE <wrapped>` + `FCALL test numkeys keys args`.
#[test]
fn eval_cases_as_functions() {
    let cases = ferrous_redis_tests::cases::load_all();
    let filter = std::env::var("FERROUS_CASES").ok();
    let [builtin, ferrous] = Side::pair();
    let (mut server, mut c2, mut c3) = start();
    let (mut ran, mut ok) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let Some(script) = &case.script else { continue };
        if !case.raw.is_empty()
            || case.skip.is_some()
            || case.ferrous_only.is_some()
            || case.cmd != CmdKind::Eval
            || script.starts_with(b"#!")
            || filter
                .as_ref()
                .is_some_and(|f| !case.name.contains(f.as_str()))
        {
            continue;
        }
        let code = wrap(script);
        let numkeys = case
            .numkeys
            .clone()
            .unwrap_or_else(|| case.keys.len().to_string().into_bytes());
        for &proto in &case.resp {
            ran += 1;
            let mut results: Vec<Replies> = Vec::new();
            let mut broken = None;
            for side in [&builtin, &ferrous] {
                let c = if proto == 2 { &mut c2 } else { &mut c3 };
                let r = (|| -> std::io::Result<Replies> {
                    reset_cjson(c, side)?;
                    prepare(c, side)?;
                    for s in &case.setup {
                        c.try_cmd(s)?;
                    }
                    let mut out = Replies::new();
                    let r = c.try_cmd(&[side.name("FUNCTION"), b"LOAD".to_vec(), code.clone()])?;
                    out.push(("FUNCTION LOAD".into(), r));
                    let mut cmd = vec![side.name("FCALL"), b"test".to_vec(), numkeys.clone()];
                    cmd.extend(case.keys.iter().cloned());
                    cmd.extend(case.args.iter().cloned());
                    out.push(("FCALL".into(), c.try_cmd(&cmd)?));
                    for a in &case.after {
                        out.push((label(a), c.try_cmd(a)?));
                    }
                    let p = c.try_cmd(&["PING"])?;
                    assert_reply(&p, b"+PONG\r\n", "PING after the case");
                    Ok(out)
                })();
                match r {
                    Ok(r) => results.push(r),
                    Err(e) => {
                        broken = Some(format!(
                            "{} side failed: {e}\n    server log:\n{}",
                            side.label,
                            server.log_excerpt(8)
                        ));
                        break;
                    }
                }
            }
            if let Some(e) = broken {
                failures.push(format!("{} ({}) RESP{proto}: {e}", case.name, case.origin));
                (server, c2, c3) = start();
                continue;
            }
            if results[0] == results[1] {
                ok += 1;
            } else {
                failures.push(format!(
                    "{} ({}) RESP{proto}: replies differ{}",
                    case.name,
                    case.origin,
                    diff(&results[0], &results[1])
                ));
            }
        }
    }
    eprintln!(
        "EVAL cases as functions: runs: {ran}, identical: {ok}, differing: {}",
        failures.len()
    );
    for f in &failures {
        eprintln!("MISMATCH {f}\n");
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} runs failed; first: {}",
        failures.len(),
        failures[0]
    );
}

fn long_library(name: &str, n: usize) -> Vec<u8> {
    // Long and repetitive: the built-in's DUMP compresses it with LZF.
    let mut s = format!("#!lua name={name}\n");
    for i in 0..n {
        s.push_str(&format!(
            "redis.register_function('{name}_f{i}', function(keys, args) return '{name}' .. {i} end)\n"
        ));
    }
    s.into_bytes()
}

fn list(c: &mut Conn, prefix: &str) -> String {
    let r = c.cmd(&[format!("{prefix}FUNCTION").as_str(), "LIST", "WITHCODE"]);
    format!("{:?}", parse_resp(&r).map(sorted))
}

#[test]
fn dump_payloads_move_between_the_engines() {
    if !ferrous_is_real() {
        return skip_note("dump_payloads_move_between_the_engines");
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    let f = ferrous_cmd("FUNCTION");
    let libs = [
        long_library("big", 40),
        long_library("small", 1),
        b"#!lua name=tiny\nredis.register_function('t', function() return 1 end)".to_vec(),
    ];
    for l in &libs {
        let r = c.cmd(&[&b"FUNCTION"[..], b"LOAD", l]);
        assert!(
            r.starts_with(b"$"),
            "built-in load: {}",
            escape_short(&r, 200)
        );
    }
    // The built-in's payload (LZF-compressed records included) restores into Ferrous.
    let bdump = bulk_body(&c.cmd(&["FUNCTION", "DUMP"])).unwrap();
    assert!(
        bdump.windows(1).any(|w| w[0] == 0xc3),
        "the built-in DUMP should hold an LZF string"
    );
    assert_reply(
        &c.cmd(&[f.as_bytes(), b"RESTORE", &bdump]),
        b"+OK\r\n",
        "FERROUS.FUNCTION RESTORE of the built-in's DUMP",
    );
    assert_eq!(
        list(&mut c, ""),
        list(&mut c, &side_prefix()),
        "libraries after the restore"
    );
    assert_reply(
        &c.cmd(&[ferrous_cmd("FCALL").as_str(), "BIG_F39", "0"]),
        b"$5\r\nbig39\r\n",
        "FCALL of a restored function",
    );
    // Ferrous's payload restores into the built-in.
    let fdump = bulk_body(&c.cmd(&[f.as_str(), "DUMP"])).unwrap();
    assert_reply(&c.cmd(&["FUNCTION", "FLUSH"]), b"+OK\r\n", "FUNCTION FLUSH");
    assert_reply(
        &c.cmd(&[&b"FUNCTION"[..], b"RESTORE", &fdump]),
        b"+OK\r\n",
        "built-in FUNCTION RESTORE of Ferrous's DUMP",
    );
    assert_eq!(
        list(&mut c, ""),
        list(&mut c, &side_prefix()),
        "libraries after the reverse restore"
    );
    // Collisions, policies and bad payloads behave alike and never drop libraries.
    for (args, what) in [
        (vec![b"RESTORE".to_vec(), bdump.clone()], "APPEND collision"),
        (
            vec![b"RESTORE".to_vec(), bdump.clone(), b"bogus".to_vec()],
            "bad policy",
        ),
        (
            vec![b"RESTORE".to_vec(), bdump[..bdump.len() - 1].to_vec()],
            "truncated",
        ),
        (
            vec![b"RESTORE".to_vec(), {
                let mut d = bdump.clone();
                d[5] ^= 1;
                d
            }],
            "bad crc",
        ),
        (
            vec![b"RESTORE".to_vec(), bdump.clone(), b"REPLACE".to_vec()],
            "REPLACE",
        ),
        (
            vec![b"RESTORE".to_vec(), bdump.clone(), b"FLUSH".to_vec()],
            "FLUSH",
        ),
    ] {
        let mut b = vec![b"FUNCTION".to_vec()];
        b.extend(args.iter().cloned());
        let mut fr = vec![f.as_bytes().to_vec()];
        fr.extend(args.iter().cloned());
        let rb = c.cmd(&b);
        let rf = c.cmd(&fr);
        if what == "APPEND collision" {
            // Which colliding library is named first is a hash order in Redis.
            for r in [&rb, &rf] {
                let t = String::from_utf8_lossy(r);
                assert!(
                    t.starts_with("-ERR Library ") && t.ends_with(" already exists\r\n"),
                    "{what}: {t:?}"
                );
            }
        } else {
            assert_reply(&rf, &rb, what);
        }
        assert_eq!(
            list(&mut c, ""),
            list(&mut c, &side_prefix()),
            "libraries after {what}"
        );
    }
}
