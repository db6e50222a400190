//! Differential test: every case of `cases/*.txt` runs on ONE server through the built-in `EVAL`
//! and through `FERROUS.EVAL` (RESP2, then RESP3), and the raw replies are compared
//! byte-for-byte.
//!
//! `FERROUS_CASES=<substring>` runs only the cases whose name contains it; `FERROUS_SHOW=1` prints
//! every case's replies (built-in side) for review; `FERROUS_CASES_DIR` reads the case files from
//! another folder.

use ferrous_redis_tests::casefile::{Side, label};
use ferrous_redis_tests::cases::{Case, CmdKind};
use ferrous_redis_tests::{Conn, Server, ServerOpts, escape_short, ferrous_is_real};

struct Conns {
    server: Server,
    c2: Conn,
    c3: Conn,
}

fn start() -> Conns {
    let server = Server::start(ServerOpts::with_module());
    // A hung case fails after 10 s (and the server is restarted) instead of 30.
    let mut c2 = server.conn();
    let mut c3 = server.conn3();
    c2.set_timeout(Some(std::time::Duration::from_secs(10)));
    c3.set_timeout(Some(std::time::Duration::from_secs(10)));
    Conns { server, c2, c3 }
}

fn substitute(tok: &[u8], side: &Side, sha: &str) -> Vec<u8> {
    let bases = ["$EVALSHA_RO", "$EVALSHA", "$EVAL_RO", "$EVAL", "$SCRIPT"];
    for b in bases {
        if tok == b.as_bytes() {
            return side.name(&b[1..]);
        }
    }
    let s = String::from_utf8_lossy(tok);
    if s.contains("$SHA") {
        return s
            .replace("$SHAUP", &sha.to_uppercase())
            .replace("$SHA", sha)
            .into_bytes();
    }
    tok.to_vec()
}

type Replies = Vec<(String, Vec<u8>)>;

/// Why a side could not produce its replies.
enum SideError {
    /// The connection failed: the server died or hung. The server is restarted.
    Io(String),
    /// A preparation step (FLUSHALL, SCRIPT FLUSH, a setup command) answered an error.
    Setup(String),
}

/// Runs one case on one side.
fn run_side(c: &mut Conn, side: &Side, case: &Case) -> Result<Replies, SideError> {
    let io = |e: std::io::Error| SideError::Io(format!("I/O error: {e}"));
    let mut out = Replies::new();
    let r = c.try_cmd(&["FLUSHALL"]).map_err(io)?;
    if r != b"+OK\r\n" {
        return Err(SideError::Setup(format!(
            "FLUSHALL: {}",
            escape_short(&r, 200)
        )));
    }
    let r = c
        .try_cmd(&[side.name("SCRIPT"), b"FLUSH".to_vec()])
        .map_err(io)?;
    if r != b"+OK\r\n" {
        return Err(SideError::Setup(format!(
            "{} SCRIPT FLUSH: {}",
            side.label,
            escape_short(&r, 200)
        )));
    }
    for s in &case.setup {
        let r = c.try_cmd(s).map_err(io)?;
        if r.starts_with(b"-") {
            return Err(SideError::Setup(format!(
                "setup `{}` failed: {}",
                label(s),
                escape_short(&r, 200)
            )));
        }
    }
    let script = case.script.clone().unwrap_or_default();
    let sha = ferrous_redis_tests::sha1_hex(&script);
    if !case.raw.is_empty() {
        for raw in &case.raw {
            let cmd: Vec<Vec<u8>> = raw.iter().map(|t| substitute(t, side, &sha)).collect();
            let r = c.try_cmd(&cmd).map_err(io)?;
            out.push((format!("raw `{}`", label(raw)), r));
        }
    } else {
        let numkeys = case
            .numkeys
            .clone()
            .unwrap_or_else(|| case.keys.len().to_string().into_bytes());
        let mut cmd: Vec<Vec<u8>> = Vec::new();
        match case.cmd {
            CmdKind::Eval | CmdKind::EvalRo => {
                cmd.push(side.name(if case.cmd == CmdKind::Eval {
                    "EVAL"
                } else {
                    "EVAL_RO"
                }));
                cmd.push(script.clone());
            }
            CmdKind::EvalSha | CmdKind::EvalShaRo => {
                let r = c
                    .try_cmd(&[side.name("SCRIPT"), b"LOAD".to_vec(), script.clone()])
                    .map_err(io)?;
                let loaded = ferrous_redis_tests::bulk_body(&r)
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                out.push(("SCRIPT LOAD".to_string(), r));
                let loaded = loaded.unwrap_or_default();
                let use_sha = match case.sha.as_deref() {
                    None => loaded,
                    Some("upper") => loaded.to_uppercase(),
                    Some(lit) => lit.to_string(),
                };
                cmd.push(side.name(if case.cmd == CmdKind::EvalSha {
                    "EVALSHA"
                } else {
                    "EVALSHA_RO"
                }));
                cmd.push(use_sha.into_bytes());
            }
        }
        cmd.push(numkeys);
        cmd.extend(case.keys.iter().cloned());
        cmd.extend(case.args.iter().cloned());
        let r = c.try_cmd(&cmd).map_err(io)?;
        out.push(("reply".to_string(), r));
    }
    for a in &case.after {
        let r = c.try_cmd(a).map_err(io)?;
        out.push((format!("after `{}`", label(a)), r));
    }
    let r = c.try_cmd(&["PING"]).map_err(io)?;
    if r != b"+PONG\r\n" {
        return Err(SideError::Setup(format!(
            "PING after the case: {}",
            escape_short(&r, 200)
        )));
    }
    Ok(out)
}

fn show(replies: &Replies) -> String {
    replies
        .iter()
        .map(|(l, r)| format!("      {l}: {}", escape_short(r, 400)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn builtin_vs_ferrous() {
    let cases = ferrous_redis_tests::cases::load_all();
    let filter = std::env::var("FERROUS_CASES").ok();
    let showing = std::env::var("FERROUS_SHOW").is_ok_and(|v| !v.is_empty());
    let [builtin, ferrous] = Side::pair();
    let mut conns = start();
    let mut failures: Vec<String> = Vec::new();
    let (mut ran, mut ok, mut skipped, mut selected) = (0usize, 0usize, 0usize, 0usize);
    let mut skip_reasons = Vec::new();
    for case in &cases {
        if let Some(f) = &filter
            && !case.name.contains(f.as_str())
        {
            continue;
        }
        selected += 1;
        if let Some(reason) = &case.skip {
            skipped += 1;
            skip_reasons.push(format!("  {} ({}): {reason}", case.name, case.origin));
            continue;
        }
        for &proto in &case.resp {
            if let Some(reason) = &case.ferrous_only {
                if !ferrous_is_real() {
                    skipped += 1;
                    skip_reasons.push(format!(
                        "  {} ({}) RESP{proto}: ferrous-only ({reason})",
                        case.name, case.origin
                    ));
                    continue;
                }
                ran += 1;
                let conn = if proto == 2 {
                    &mut conns.c2
                } else {
                    &mut conns.c3
                };
                match run_side(conn, &ferrous, case) {
                    Ok(replies) => {
                        let main = replies
                            .iter()
                            .find(|(l, _)| l == "reply" || l.starts_with("raw"));
                        if main.is_some_and(|(_, r)| r.starts_with(b"-")) {
                            ok += 1;
                        } else {
                            failures.push(format!(
                                "{} ({}) RESP{proto}: expected an error reply from Ferrous\n{}",
                                case.name,
                                case.origin,
                                show(&replies)
                            ));
                        }
                    }
                    Err(SideError::Setup(e)) => {
                        failures.push(format!(
                            "{} ({}) RESP{proto}: Ferrous side: {e}",
                            case.name, case.origin
                        ));
                    }
                    Err(SideError::Io(e)) => {
                        failures.push(format!(
                            "{} ({}) RESP{proto}: Ferrous side failed: {e}\n    server log:\n{}",
                            case.name,
                            case.origin,
                            conns.server.log_excerpt(8)
                        ));
                        conns = start();
                    }
                }
                continue;
            }
            ran += 1;
            let mut results = Vec::new();
            let mut failed = None;
            let mut restart = false;
            for side in [&builtin, &ferrous] {
                let conn = if proto == 2 {
                    &mut conns.c2
                } else {
                    &mut conns.c3
                };
                match run_side(conn, side, case) {
                    Ok(r) => results.push(r),
                    Err(SideError::Setup(e)) => {
                        failed = Some(format!("{} side: {e}", side.label));
                        break;
                    }
                    Err(SideError::Io(e)) => {
                        failed = Some(format!(
                            "{} side failed: {e}\n    server log:\n{}",
                            side.label,
                            conns.server.log_excerpt(8)
                        ));
                        restart = true;
                        break;
                    }
                }
            }
            if let Some(e) = failed {
                failures.push(format!("{} ({}) RESP{proto}: {e}", case.name, case.origin));
                if restart {
                    conns = start();
                }
                continue;
            }
            if showing {
                eprintln!("{} RESP{proto}:\n{}", case.name, show(&results[0]));
            }
            if results[0] == results[1] {
                ok += 1;
            } else {
                let mut msg = format!(
                    "{} ({}) RESP{proto}: replies differ",
                    case.name, case.origin
                );
                let n = results[0].len().max(results[1].len());
                for i in 0..n {
                    let b = results[0].get(i);
                    let f = results[1].get(i);
                    if b.map(|x| &x.1) != f.map(|x| &x.1) {
                        let l = b.or(f).map(|x| x.0.clone()).unwrap_or_default();
                        msg.push_str(&format!(
                            "\n    {l}:\n      built-in: {}\n      ferrous:  {}",
                            b.map(|x| escape_short(&x.1, 400))
                                .unwrap_or_else(|| "(none)".into()),
                            f.map(|x| escape_short(&x.1, 400))
                                .unwrap_or_else(|| "(none)".into())
                        ));
                    }
                }
                failures.push(msg);
            }
        }
    }
    eprintln!(
        "comparison cases: {} in files, {selected} selected, {} excluded or ferrous-only-skipped runs; \
         runs: {ran}, identical: {ok}, differing: {}",
        cases.len(),
        skipped,
        failures.len()
    );
    if !skip_reasons.is_empty() {
        eprintln!("not compared:\n{}", skip_reasons.join("\n"));
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("MISMATCH {f}\n");
        }
        panic!(
            "{} of {ran} comparison runs failed (each is printed above with both replies escaped); first: {}",
            failures.len(),
            failures[0]
        );
    }
    assert!(ran > 0 || filter.is_some(), "no comparison case ran");
}
