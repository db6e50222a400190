//! Table iteration order against lua5.1 (`/usr/bin/lua5.1`): thousands of random sequences of
//! inserts, deletes (of present and absent keys), rehashes and traversals that clear or
//! update fields, over string (short, long, sampled-alike), integer (array candidates, far,
//! negative, zero), float and boolean keys and their mixtures, in fresh and constructor-made
//! tables. Each program prints the `pairs` order at checkpoints; the `ferrous` CLI must print
//! exactly what lua5.1 prints. Programs come from a fixed seed, so a failure reproduces.

use std::fmt::Write as _;
use std::process::Command;

/// xorshift64*: a fixed, dependency-free sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PROGRAMS: usize = 50;
const SEQUENCES: usize = 80;

/// A key as Lua source, from one of the pools (or a mixture of all).
fn key(r: &mut Rng, pool: u64) -> String {
    let pool = if pool == 5 { r.below(5) } else { pool };
    match pool {
        0 => match r.below(6) {
            0 => format!("\"{}\"", (b'a' + r.below(26) as u8) as char),
            1 => "\"\"".to_string(),
            // Long strings that differ only in characters lua5.1 does not hash: they
            // collide in the CLI (and not in Redis's every-character hash).
            2 => format!("(\"x\"):rep({}) .. \"{}\"", 32 + r.below(40), r.below(4)),
            3 => format!("\"{}\" .. (\"y\"):rep(40)", r.below(8)),
            _ => format!("\"k{}\"", r.below(60)),
        },
        1 => match r.below(4) {
            0 => format!("{}", 1 + r.below(40)),
            1 => format!("{}", 1 + r.below(8)),
            2 => format!("{}", r.below(5000)),
            _ => format!("-{}", r.below(20)),
        },
        2 => match r.below(4) {
            0 => format!("{}.5", r.below(30)),
            1 => format!("-{}.25", r.below(10)),
            2 => ["1e300", "2^53", "-0", "1/3", "2^31", "2^32+1"][r.below(6) as usize].to_string(),
            _ => format!("{}/8", r.below(64)),
        },
        3 => ["true", "false"][r.below(2) as usize].to_string(),
        _ => format!("{}", 1 + r.below(64)),
    }
}

fn constructor(r: &mut Rng, pool: u64) -> String {
    let mut s = String::from("{");
    for _ in 0..r.below(12) {
        match r.below(3) {
            0 => write!(s, "{}, ", r.below(100)).unwrap(),
            1 => write!(s, "[{}] = {}, ", key(r, pool), r.below(100)).unwrap(),
            _ => write!(s, "f{} = true, ", r.below(20)).unwrap(),
        }
    }
    s + "}"
}

fn program(r: &mut Rng) -> String {
    // A collection would turn removed string keys into dead keys in lua5.1 (a later store
    // of the same string then takes a new node): that depends on when it runs, so neither
    // interpreter collects here.
    let mut p = String::from(
        "collectgarbage('stop')\nlocal function dump(t)\n  local o = {}\n  for k, v in pairs(t) do\n    \
         if type(k) == 'string' and #k > 12 then k = 'L' .. #k .. k:sub(-2) end\n    \
         o[#o + 1] = tostring(k) .. '=' .. tostring(v)\n  end\n  print(table.concat(o, ' '))\nend\n",
    );
    for s in 0..SEQUENCES {
        let pool = r.below(6);
        writeln!(p, "do -- sequence {s}").unwrap();
        if r.below(3) == 0 {
            writeln!(p, "local t = {}", constructor(r, pool)).unwrap();
        } else {
            writeln!(p, "local t = {{}}").unwrap();
        }
        let long = r.below(4) == 0;
        let n = 1 + r.below(if long { 200 } else { 40 });
        for i in 0..n {
            match r.below(100) {
                0..=59 => writeln!(p, "t[{}] = {}", key(r, pool), i).unwrap(),
                60..=79 => writeln!(p, "t[{}] = nil", key(r, pool)).unwrap(),
                80..=84 => writeln!(p, "table.insert(t, {i})").unwrap(),
                85..=89 => writeln!(p, "dump(t)").unwrap(),
                90..=94 => {
                    // Clears some fields and updates others while traversing (allowed).
                    let m = 2 + r.below(3);
                    writeln!(
                        p,
                        "do local c = 0 for k in pairs(t) do c = c + 1 \
                         if c % {m} == 0 then t[k] = nil else t[k] = c end end end"
                    )
                    .unwrap();
                }
                _ => writeln!(p, "for j = 1, {} do t[{}] = j end", r.below(30), key(r, 1)).unwrap(),
            }
        }
        writeln!(p, "dump(t)\nend").unwrap();
    }
    p
}

fn run(cmd: &str, path: &std::path::Path) -> String {
    let out = Command::new(cmd).arg(path).output().expect("run");
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn pairs_order_matches_lua51() {
    if Command::new("lua5.1").arg("-v").output().is_err() {
        eprintln!("lua5.1 not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("ferrous-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut r = Rng(0x5eed_0f_7ab1e);
    let mut lines = 0;
    for i in 0..PROGRAMS {
        let path = dir.join(format!("order{i}.lua"));
        std::fs::write(&path, program(&mut r)).unwrap();
        let want = run("lua5.1", &path);
        let got = run(env!("CARGO_BIN_EXE_ferrous"), &path);
        if got != want {
            let (n, (g, w)) = got
                .lines()
                .zip(want.lines())
                .enumerate()
                .find(|(_, (g, w))| g != w)
                .unwrap_or((0, ("", "")));
            panic!(
                "{}: line {} differs\nferrous: {g}\nlua5.1:  {w}",
                path.display(),
                n + 1
            );
        }
        lines += want.lines().count();
        std::fs::remove_file(&path).ok();
    }
    std::fs::remove_dir(&dir).ok();
    // Every sequence printed at least once.
    assert!(lines >= PROGRAMS * SEQUENCES, "{lines}");
    eprintln!(
        "{} sequences, {lines} traversals compared",
        PROGRAMS * SEQUENCES
    );
}
