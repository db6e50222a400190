//! Data-driven tests of the pattern library against lua5.1: `pattern_cases.txt` holds lua5.1's
//! results for the cases in `pattern_cases.lua` (regenerate with
//! `lua5.1 stdlib/src/string/pattern_cases.lua > stdlib/src/string/pattern_cases.txt`).
//! Each case is run here through the library API, encoded as the generator encodes lua5.1's
//! values, and compared token by token; then again with tiny budgets, resuming after every
//! interruption, which must give the same result and charge the same total work.

use super::*;

const CASES: &str = include_str!("pattern_cases.txt");

/// A decoded argument token of a case line.
#[derive(Debug, Clone)]
enum Tok {
    Str(Vec<u8>),
    Num(f64),
    Bool(bool),
    Nil,
}

fn decode(tok: &str) -> Tok {
    if let Some(body) = tok.strip_prefix('"') {
        let body = body.strip_suffix('"').expect("unterminated string token");
        let b = body.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                let d = std::str::from_utf8(&b[i + 1..i + 4]).unwrap();
                out.push(d.parse::<u8>().expect("bad \\ddd escape"));
                i += 4;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        Tok::Str(out)
    } else {
        match tok {
            "nil" => Tok::Nil,
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            n => Tok::Num(n.parse().unwrap_or_else(|_| panic!("bad token {:?}", n))),
        }
    }
}

/// The generator's `enc` for strings.
fn enc_str(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &c in s {
        if c < 0x20 || c == 0x7f || c == b'"' || c == b'\\' || c >= 0x80 {
            out.push_str(&format!("\\{:03}", c));
        } else {
            out.push(c as char);
        }
    }
    out.push('"');
    out
}

fn enc_cap(v: CapValue<'_>) -> String {
    match v {
        CapValue::Str(s) => enc_str(s),
        CapValue::Pos(p) => p.to_string(),
    }
}

fn cap_tostring(v: CapValue<'_>) -> Vec<u8> {
    match v {
        CapValue::Str(s) => s.to_vec(),
        CapValue::Pos(p) => p.to_string().into_bytes(),
    }
}

/// Runs the steps of a search on a budget of `chunk` units that is refilled (to `chunk`) only
/// after an interruption, as the VM does between hook calls; the step is resumed each time.
struct Meter {
    chunk: u64,
    budget: Budget,
    used: u64,
    interrupts: u64,
}

impl Meter {
    fn new(chunk: u64) -> Meter {
        Meter {
            chunk,
            budget: Budget::new(chunk),
            used: 0,
            interrupts: 0,
        }
    }

    fn drive<T>(
        &mut self,
        mut step: impl FnMut(&mut Budget) -> Result<T, PatternError>,
    ) -> Result<T, PatternError> {
        loop {
            let before = self.budget.used;
            let r = step(&mut self.budget);
            self.used += self.budget.used - before;
            match r {
                Err(PatternError::Interrupted) => {
                    assert_eq!(self.budget.remaining, 0, "interrupted with budget left");
                    self.interrupts += 1;
                    assert!(self.interrupts < 50_000_000, "no progress");
                    self.budget.remaining = self.chunk;
                }
                r => return r,
            }
        }
    }
}

fn arg_str(args: &[Tok], i: usize) -> Vec<u8> {
    match args.get(i) {
        Some(Tok::Str(s)) => s.clone(),
        other => panic!("argument {} is not a string: {:?}", i, other),
    }
}

fn arg_int(args: &[Tok], i: usize) -> Option<i64> {
    match args.get(i) {
        None | Some(Tok::Nil) => None,
        Some(Tok::Num(n)) => Some(*n as i64),
        other => panic!("argument {} is not a number: {:?}", i, other),
    }
}

fn arg_truthy(args: &[Tok], i: usize) -> bool {
    !matches!(args.get(i), None | Some(Tok::Nil) | Some(Tok::Bool(false)))
}

/// Runs one case; the result tokens as the generator writes them.
fn run_case(op: &str, args: &[Tok], meter: &mut Meter) -> Vec<String> {
    match run_case_inner(op, args, meter) {
        Ok(v) => v,
        Err(PatternError::Malformed(m)) => vec!["ERR".to_string(), enc_str(m.as_bytes())],
        Err(PatternError::Interrupted) => panic!("Interrupted escaped the meter"),
    }
}

fn run_case_inner(op: &str, args: &[Tok], meter: &mut Meter) -> Result<Vec<String>, PatternError> {
    let s = arg_str(args, 0);
    let p = arg_str(args, 1);
    let mut out = Vec::new();
    match op {
        "find" | "match" => {
            let init = find_init(arg_int(args, 2).unwrap_or(1), s.len());
            let mut search = if op == "find" {
                Search::find(&p, init, arg_truthy(args, 3))
            } else {
                Search::match_(&p, init)
            };
            match meter.drive(|b| search.run(&s, &p, b))? {
                None => out.push("nil".to_string()),
                Some(m) => {
                    let vals = if op == "find" {
                        out.push((m.start + 1).to_string());
                        out.push(m.end.to_string());
                        m.find_values(&s)?
                    } else {
                        m.match_values(&s)?
                    };
                    out.extend(vals.into_iter().map(enc_cap));
                }
            }
        }
        "gmatch" => {
            let mut g = Gmatch::new();
            for _ in 0..40 {
                match meter.drive(|b| g.next(&s, &p, b))? {
                    None => break,
                    Some(m) => {
                        out.extend(m.match_values(&s)?.into_iter().map(enc_cap));
                        out.push("|".to_string());
                    }
                }
            }
        }
        "gsub" | "gsubf" => {
            let (repl, max) = if op == "gsub" {
                (Some(arg_str(args, 2)), arg_int(args, 3))
            } else {
                (None, arg_int(args, 2))
            };
            // luaL_optint truncates to a C int
            let mut g = Gsub::new(&s, &p, max.map(|n| n as i32 as i64));
            let mut res = Vec::new();
            while let Some(site) = meter.drive(|b| g.next(&s, &p, b))? {
                res.extend_from_slice(&s[site.literal_start..site.m.start]);
                match &repl {
                    Some(r) => expand_replacement(r, &s, &site.m, &mut res)?,
                    None => {
                        let vals: Vec<Vec<u8>> = site
                            .m
                            .match_values(&s)?
                            .into_iter()
                            .map(cap_tostring)
                            .collect();
                        res.extend_from_slice(&vals.join(&b","[..]));
                    }
                }
                g.recycle(site.m);
            }
            res.extend_from_slice(&s[g.tail_start()..]);
            out.push(enc_str(&res));
            out.push(g.count().to_string());
        }
        other => panic!("unknown op {}", other),
    }
    Ok(out)
}

/// (line, op, args, expected result tokens) for every case.
fn cases() -> Vec<(usize, String, Vec<Tok>, Vec<String>)> {
    let mut v = Vec::new();
    for (n, line) in CASES.lines().enumerate() {
        let toks: Vec<&str> = line.split('\t').collect();
        let arrow = toks.iter().position(|&t| t == "=>").expect("no =>");
        let op = toks[0].to_string();
        let args = toks[1..arrow].iter().map(|t| decode(t)).collect();
        let expected = toks[arrow + 1..].iter().map(|t| t.to_string()).collect();
        v.push((n + 1, op, args, expected));
    }
    v
}

#[test]
fn pattern_cases_match_lua51() {
    let cases = cases();
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (line, op, args, expected) in &cases {
        let got = run_case(op, args, &mut Meter::new(u64::MAX));
        if &got != expected {
            failures.push(format!(
                "line {}: {} {:?}\n  expected {:?}\n  got      {:?}",
                line, op, args, expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from lua5.1:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn pattern_cases_resume_after_interrupt() {
    for (line, op, args, expected) in &cases() {
        let mut whole = Meter::new(u64::MAX);
        let base = run_case(op, args, &mut whole);
        assert_eq!(&base, expected, "line {}", line);
        for chunk in [1, 2, 3, 7, 64] {
            let mut m = Meter::new(chunk);
            let got = run_case(op, args, &mut m);
            assert_eq!(
                &got, expected,
                "line {} with budget chunks of {}",
                line, chunk
            );
            // nothing lost or repeated: the same work is charged in total
            assert_eq!(
                m.used, whole.used,
                "line {} with budget chunks of {}",
                line, chunk
            );
            // (a single charge can overshoot the budget by the largest scan here, < 20 units)
            if whole.used > chunk + 20 {
                assert!(
                    m.interrupts > 0,
                    "line {}: no interruption at {}",
                    line,
                    chunk
                );
            }
        }
    }
}

/// A few searches with real backtracking, interrupted at every unit of work.
#[test]
fn catastrophic_searches_resume_exactly() {
    let subject = [b"a".repeat(30), b"!".to_vec()].concat();
    let long = b"a".repeat(60);
    let cases: Vec<(&[u8], &[u8])> = vec![
        (&subject, b"(a*)*b"),
        (&subject, b"a*a*a*a*a*b"),
        (&long, b".-.-.-b"),
        (&long, b"(a-)%1b"),
        (&long, b"%f[a]a*a-a-$"),
    ];
    for (s, p) in cases {
        let mut whole = Budget::unlimited();
        let expected = find(s, p, 0, false, &mut whole);
        for chunk in [1u64, 5, 1000] {
            let mut search = Search::find(p, 0, false);
            let mut used = 0;
            let mut interrupts = 0u64;
            let got = loop {
                let mut b = Budget::new(chunk);
                let r = search.run(s, p, &mut b);
                used += b.used;
                if r != Err(PatternError::Interrupted) {
                    break r;
                }
                interrupts += 1;
            };
            assert_eq!(got, expected, "{:?}", String::from_utf8_lossy(p));
            assert_eq!(used, whole.used, "{:?}", String::from_utf8_lossy(p));
            assert!(interrupts >= whole.used / chunk.max(1) / 2);
        }
    }
}
