//! Differential library fuzzer: seeded random calls of cjson, cmsgpack, struct, bit,
//! `string.format` and `tonumber` (`src/libfuzz.rs`) run on ONE server through the built-in
//! `EVAL` and `FERROUS.EVAL`, in RESP2 and RESP3, the raw replies compared byte for byte, with
//! a PING after each case. Prints cases and mismatches by class; any mismatch fails.
//!
//! Knobs: `FERROUS_LIBFUZZ_SEED` (default 1), `FERROUS_LIBFUZZ_CASES` (default 50000, the CI
//! slice), `FERROUS_LIBFUZZ_SECS` (run until this many seconds have passed instead; for long
//! runs), `FERROUS_LIBFUZZ_SHOW=n` (print the first n cases with the built-in's reply). A case
//! is named `seed-<seed>-<i>` and depends only on both numbers.

use ferrous_redis_tests::libfuzz::{CLASSES, case};
use ferrous_redis_tests::{Conn, Server, ServerOpts, escape_short, ferrous_is_real, side_prefix};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| {
            let v = v.trim();
            match v.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16).ok(),
                None => v.parse().ok(),
            }
        })
        .unwrap_or(default)
}

fn start() -> (Server, Conn, Conn) {
    let server = Server::start(ServerOpts::with_module());
    let mut c2 = server.conn();
    let mut c3 = server.conn3();
    c2.set_timeout(Some(Duration::from_secs(10)));
    c3.set_timeout(Some(Duration::from_secs(10)));
    (server, c2, c3)
}

/// The script without the shared dump prelude.
fn body_of(script: &str) -> &[u8] {
    let end = "return table.concat(out, ' ')\nend\n";
    script.split_once(end).map_or(script, |(_, s)| s).as_bytes()
}

#[test]
fn builtin_vs_ferrous_libraries() {
    if !ferrous_is_real() {
        eprintln!("lib_fuzz: needs the real module and the built-in engine side by side; skipped");
        return;
    }
    let seed = env_u64("FERROUS_LIBFUZZ_SEED", 1);
    let secs = env_u64("FERROUS_LIBFUZZ_SECS", 0);
    let cases = if secs > 0 {
        u64::MAX
    } else {
        env_u64("FERROUS_LIBFUZZ_CASES", 50000)
    };
    let show = env_u64("FERROUS_LIBFUZZ_SHOW", 0);
    let ferrous_eval = format!("{}EVAL", side_prefix());
    let (mut server, mut c2, mut c3) = start();
    let began = Instant::now();
    let mut ran: BTreeMap<&str, u64> = BTreeMap::new();
    let mut bad: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut i = 0;
    while i < cases && (secs == 0 || began.elapsed() < Duration::from_secs(secs)) {
        let (class, script) = case(seed, i);
        *ran.entry(class).or_default() += 1;
        let mut failure = None;
        let mut restart = false;
        for proto in [2, 3] {
            let c = if proto == 2 { &mut c2 } else { &mut c3 };
            let r = (|| -> std::io::Result<Option<String>> {
                let b = c.try_cmd(&["EVAL", script.as_str(), "0"])?;
                let f = c.try_cmd(&[ferrous_eval.as_str(), script.as_str(), "0"])?;
                if proto == 2 && i < show {
                    eprintln!(
                        "seed-{seed}-{i} {}\n  -> {}",
                        escape_short(body_of(&script), 300),
                        escape_short(&b, 300)
                    );
                }
                let p = c.try_cmd(&["PING"])?;
                if p != b"+PONG\r\n" {
                    return Ok(Some(format!(
                        "PING after the case: {}",
                        escape_short(&p, 80)
                    )));
                }
                Ok((b != f).then(|| {
                    format!(
                        "RESP{proto}\n      built-in: {}\n      ferrous:  {}",
                        escape_short(&b, 400),
                        escape_short(&f, 400)
                    )
                }))
            })();
            match r {
                Ok(None) => {}
                Ok(Some(m)) => {
                    failure = Some(m);
                    break;
                }
                Err(e) => {
                    failure = Some(format!("connection failed: {e}\n{}", server.log_excerpt(8)));
                    restart = true;
                    break;
                }
            }
        }
        if restart {
            (server, c2, c3) = start();
        }
        if let Some(m) = failure {
            bad.entry(class).or_default().push(format!(
                "seed-{seed}-{i} ({class}): {m}\n    script: {}",
                escape_short(body_of(&script), 600)
            ));
        }
        // Keep both script caches small on long runs (Ferrous's counts against its
        // memory-limit: ~170k distinct cached scripts reach the default).
        if i % 1000 == 999 {
            let _ = c2.try_cmd(&["SCRIPT", "FLUSH"]);
            let _ = c2.try_cmd(&[format!("{}SCRIPT", side_prefix()).as_str(), "FLUSH"]);
        }
        i += 1;
    }
    let total: u64 = ran.values().sum();
    let mismatches: usize = bad.values().map(Vec::len).sum();
    eprintln!(
        "lib_fuzz seed {seed}: {total} cases in {:.1} s, {mismatches} mismatching",
        began.elapsed().as_secs_f64()
    );
    for class in CLASSES {
        eprintln!(
            "  {class:<14} cases {:>6}  mismatches {:>4}",
            ran.get(class).copied().unwrap_or(0),
            bad.get(class).map_or(0, Vec::len)
        );
    }
    for (class, list) in &bad {
        for m in list.iter().take(3) {
            eprintln!("MISMATCH {m}\n");
        }
        if list.len() > 3 {
            eprintln!("  ... {} more in {class}", list.len() - 3);
        }
    }
    assert_eq!(mismatches, 0, "library fuzz mismatches (see above)");
}
