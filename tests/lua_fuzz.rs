//! Differential fuzzer (a) of issue 15: random, deterministic, terminating Lua 5.1 programs
//! (tests/fuzz/gen.rs) run by `lua5.1` and the `ferrous` CLI, compared byte for byte (stdout,
//! stderr, exit status). A mismatching program is reduced (tests/fuzz/reduce.rs) and written
//! to target/lua_fuzz/.
//!
//! CI runs a seeded slice: `cargo test --release -p ferrous-cli --test lua_fuzz`.
//! Long runs: `FERROUS_LUAFUZZ_SECS=3600 FERROUS_LUAFUZZ_SEED=7 cargo test --release -p
//! ferrous-cli --test lua_fuzz -- --nocapture`. Other knobs: `FERROUS_LUAFUZZ_PROGRAMS` (the
//! slice's size when no time is given), `FERROUS_LUAFUZZ_SHOW=<index>` prints one program of
//! the seed (as its mismatch report names it) and stops, `FERROUS_LUAFUZZ_BIN` runs another
//! `ferrous` binary (a copy, so rebuilding meanwhile does not swap it).

#[path = "fuzz/gen.rs"]
mod generator;
#[path = "fuzz/program.rs"]
mod program;
#[path = "fuzz/reduce.rs"]
mod reduce;
#[path = "fuzz/run.rs"]
mod run;

use program::{Node, render};
use run::{Outcome, Runner, sections};
use std::time::{Duration, Instant};

/// Programs per process in batch mode.
const BATCH: usize = 100;
/// Every this many programs, one also runs standalone (uncaught errors, exit status).
const STANDALONE_EVERY: usize = 10;
/// The CI slice (about 2 minutes in release on the project machine).
const DEFAULT_PROGRAMS: usize = 25_000;
/// Mismatches reported before the run stops.
const MAX_REPORTS: usize = 20;

fn env_num(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn program_seed(seed: u64, index: usize) -> u64 {
    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (index as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

fn generate(seed: u64, index: usize) -> (Vec<Node>, bool) {
    let standalone = index.is_multiple_of(STANDALONE_EVERY);
    let mut g = generator::Gen::new(program_seed(seed, index));
    (g.program(standalone), standalone)
}

struct Fuzz {
    runner: Runner,
    seed: u64,
    reports: Vec<String>,
    skipped: usize,
    classes: std::collections::HashSet<String>,
    duplicates: usize,
}

/// A mismatch's class: the first line where the outputs differ, from both, without digits
/// (program numbers, line numbers).
fn class_key(r: &Outcome, o: &Outcome) -> String {
    let text = |x: &Outcome| {
        let mut v = x.stdout.clone();
        v.extend_from_slice(&x.stderr);
        v.extend_from_slice(format!("{:?}", x.code).as_bytes());
        String::from_utf8_lossy(&v).into_owned()
    };
    let (a, b) = (text(r), text(o));
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let k = (0..la.len().max(lb.len()))
        .find(|&k| la.get(k) != lb.get(k))
        .unwrap_or(0);
    let strip = |s: Option<&&str>| {
        s.map(|s| {
            s.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        })
    };
    format!("{:?} / {:?}", strip(la.get(k)), strip(lb.get(k)))
}

impl Fuzz {
    fn batch_outcome(&self, programs: &[(usize, String)]) -> (Outcome, Outcome) {
        self.runner
            .run_both("batch.lua", &Runner::batch_source(programs))
    }

    /// Runs programs in batches; returns on the first mismatch index (handled by the caller).
    fn run_batch(&mut self, programs: &[(usize, Vec<Node>)]) {
        let mut start = 0;
        while start < programs.len() {
            let texts: Vec<(usize, String)> = programs[start..]
                .iter()
                .map(|(i, p)| (*i, render(p)))
                .collect();
            let (r, o) = self.batch_outcome(&texts);
            if r.code.is_none() {
                eprintln!(
                    "lua5.1 timed out on the batch from program {}; skipped",
                    programs[start].0
                );
                self.skipped += programs.len() - start;
                return;
            }
            if r == o {
                return;
            }
            let (rs, os) = (sections(&r.stdout), sections(&o.stdout));
            let mut bad = None;
            for (k, (i, _)) in programs[start..].iter().enumerate() {
                let a = rs.iter().find(|s| s.0 == *i);
                let b = os.iter().find(|s| s.0 == *i);
                if a != b {
                    bad = Some(start + k);
                    break;
                }
            }
            let bad = bad.unwrap_or(programs.len() - 1);
            let (index, prog) = &programs[bad];
            self.mismatch(*index, prog.clone(), false);
            start = bad + 1;
        }
    }

    /// The outcomes when `prog` alone still mismatches.
    fn interesting(
        &self,
        index: usize,
        prog: &[Node],
        standalone: bool,
    ) -> Option<(Outcome, Outcome)> {
        let (r, o) = if standalone {
            self.runner
                .run_both("prog.lua", &Runner::standalone_source(&render(prog)))
        } else {
            self.batch_outcome(&[(index, render(prog))])
        };
        (r.code.is_some() && r != o).then_some((r, o))
    }

    fn mismatch(&mut self, index: usize, prog: Vec<Node>, standalone: bool) {
        let Some((r, o)) = self.interesting(index, &prog, standalone) else {
            return self.report(index, prog, standalone, false);
        };
        // One report per class: the first differing lines with digits removed.
        let key = class_key(&r, &o);
        if !self.classes.insert(key) {
            self.duplicates += 1;
            return;
        }
        self.report(index, prog, standalone, true);
    }

    fn report(&mut self, index: usize, prog: Vec<Node>, standalone: bool, alone: bool) {
        let reduced = if alone {
            reduce::reduce(prog.clone(), &mut |cand| {
                self.interesting(index, cand, standalone).is_some()
            })
        } else {
            prog.clone()
        };
        let (r, o) = self
            .interesting(index, &reduced, standalone)
            .unwrap_or_else(|| self.batch_outcome(&[(index, render(&reduced))]));
        let report = format!(
            "=== mismatch: seed {} program {} ({}{})\n--- program ---\n{}=== lua5.1\n{}=== ferrous\n{}",
            self.seed,
            index,
            if standalone { "standalone" } else { "batch" },
            if alone {
                ""
            } else {
                ", only inside its batch; not reduced"
            },
            render(&reduced),
            r.describe(),
            o.describe()
        );
        eprintln!("{}", report);
        let dir = self.runner.dir.parent().unwrap().to_path_buf();
        let _ = std::fs::write(
            dir.join(format!("mismatch-{}-{}.txt", self.seed, index)),
            &report,
        );
        let _ = std::fs::write(
            dir.join(format!("mismatch-{}-{}.lua", self.seed, index)),
            Runner::standalone_source(&render(&reduced)),
        );
        self.reports.push(report);
    }
}

#[test]
fn lua_fuzz() {
    if std::process::Command::new("lua5.1")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("lua5.1 not installed: lua_fuzz skipped");
        return;
    }
    let seed = env_num("FERROUS_LUAFUZZ_SEED").unwrap_or(1);
    if let Some(i) = env_num("FERROUS_LUAFUZZ_SHOW") {
        let (p, _) = generate(seed, i as usize);
        println!("{}", Runner::standalone_source(&render(&p)));
        return;
    }
    let secs = env_num("FERROUS_LUAFUZZ_SECS");
    let max_programs = env_num("FERROUS_LUAFUZZ_PROGRAMS")
        .map(|n| n as usize)
        .unwrap_or(if secs.is_some() {
            usize::MAX
        } else {
            DEFAULT_PROGRAMS
        });
    let deadline = secs.map(|s| Instant::now() + Duration::from_secs(s));
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/lua_fuzz");
    let dir = base.join(format!("work-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut fuzz = Fuzz {
        runner: Runner {
            ferrous: std::env::var("FERROUS_LUAFUZZ_BIN")
                .unwrap_or_else(|_| env!("CARGO_BIN_EXE_ferrous").into())
                .into(),
            dir: dir.clone(),
            timeout: Duration::from_secs(20),
        },
        seed,
        reports: Vec::new(),
        skipped: 0,
        classes: Default::default(),
        duplicates: 0,
    };
    let started = Instant::now();
    let mut next = 0usize;
    while next < max_programs
        && deadline.is_none_or(|d| Instant::now() < d)
        && fuzz.reports.len() < MAX_REPORTS
    {
        let end = (next + BATCH).min(max_programs);
        let programs: Vec<(usize, Vec<Node>, bool)> = (next..end)
            .map(|i| {
                let (p, s) = generate(seed, i);
                (i, p, s)
            })
            .collect();
        let batch: Vec<(usize, Vec<Node>)> =
            programs.iter().map(|(i, p, _)| (*i, p.clone())).collect();
        fuzz.run_batch(&batch);
        for (i, p, standalone) in programs {
            if standalone && fuzz.interesting(i, &p, true).is_some() {
                fuzz.mismatch(i, p, true);
            }
        }
        next = end;
        if next.is_multiple_of(2000) {
            eprintln!(
                "lua_fuzz: seed {} {} programs, {:.0?}",
                seed,
                next,
                started.elapsed()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "lua_fuzz: seed {}: {} programs in {:.1?}, {} mismatch classes (+{} repeats), {} skipped (lua5.1 timed out)",
        seed,
        next,
        started.elapsed(),
        fuzz.reports.len(),
        fuzz.duplicates,
        fuzz.skipped
    );
    assert!(
        fuzz.reports.is_empty(),
        "{} mismatch(es) with lua5.1 (reports in target/lua_fuzz/)",
        fuzz.reports.len()
    );
}
