//! Running generated programs through `lua5.1` and the `ferrous` CLI, many per process.
//!
//! A batch file holds the prelude and, per program, a marker line and the program's source in
//! a long string, compiled by `loadstring` under its own chunk name (`=p<n>`, so positions are
//! the program's own) and run under pcall. A standalone program is a file of its own, run as
//! `lua5.1 prog.lua`, to compare lua.c's uncaught-error report and exit status too.

use super::program::PRELUDE;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a process did: stdout, stderr with the program name prefix made neutral, exit code
/// (`None`: killed at the time limit).
#[derive(PartialEq, Eq, Clone, Debug)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub code: Option<i32>,
}

impl Outcome {
    pub fn describe(&self) -> String {
        format!(
            "--- stdout ---\n{}--- stderr ---\n{}--- exit: {:?}\n",
            String::from_utf8_lossy(&self.stdout),
            String::from_utf8_lossy(&self.stderr),
            self.code
        )
    }
}

pub struct Runner {
    pub ferrous: PathBuf,
    pub dir: PathBuf,
    pub timeout: Duration,
}

/// Marker printed before each program's output in a batch.
pub const MARK: &str = "@@ ";

impl Runner {
    pub fn batch_source(programs: &[(usize, String)]) -> String {
        let mut s = String::from(PRELUDE);
        s.push_str(
            "local function RUN(src, name)\n  local f, e = loadstring(src, '=' .. name)\n  \
             if not f then P('compile', e) return end\n  P('ret', pcall(f))\nend\n",
        );
        for (i, src) in programs {
            let mut eq = String::from("=");
            while src.contains(&format!("]{}]", eq)) {
                eq.push('=');
            }
            s.push_str(&format!(
                "io.write('{}{}\\n')\nRUN([{eq}[\n{}]{eq}], 'p{}')\n",
                MARK, i, src, i
            ));
        }
        s
    }

    pub fn standalone_source(program: &str) -> String {
        format!("{}{}", PRELUDE, program)
    }

    /// Runs `source` as a file through both engines.
    pub fn run_both(&self, name: &str, source: &str) -> (Outcome, Outcome) {
        let path = self.dir.join(name);
        std::fs::write(&path, source).unwrap();
        let reference = self.run(Path::new("lua5.1"), &path, "lua5.1: ");
        let ours = self.run(&self.ferrous, &path, "ferrous: ");
        (reference, ours)
    }

    fn run(&self, exe: &Path, file: &Path, prefix: &str) -> Outcome {
        let out_path = self.dir.join("out.txt");
        let err_path = self.dir.join("err.txt");
        let mut child = Command::new(exe)
            .arg(file.file_name().unwrap())
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(File::create(&out_path).unwrap())
            .stderr(File::create(&err_path).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {}", exe.display(), e));
        let start = Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code().or(Some(-1));
            }
            if start.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let stdout = mask_addresses(&std::fs::read(&out_path).unwrap());
        let mut stderr = mask_addresses(&std::fs::read(&err_path).unwrap());
        if stderr.starts_with(prefix.as_bytes()) {
            stderr.drain(..prefix.len());
            stderr.splice(0..0, b"LUA: ".iter().copied());
        }
        Outcome {
            stdout,
            stderr,
            code,
        }
    }
}

/// Splits a batch's stdout at the markers: (program index, its output).
pub fn sections(stdout: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    for line in stdout.split_inclusive(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(MARK.as_bytes()) {
            let n = std::str::from_utf8(rest)
                .ok()
                .and_then(|s| s.trim().parse().ok());
            if let Some(n) = n {
                out.push((n, Vec::new()));
                continue;
            }
        }
        if let Some(last) = out.last_mut() {
            last.1.extend_from_slice(line);
        }
    }
    out
}

/// `table: 0x55d0…` → `table: 0xADDR`: addresses are unspecified (a program may reach one
/// through `tostring` after its `__tostring` went away, or an error value), so both engines'
/// outputs show them the same way.
pub fn mask_addresses(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b": 0x") {
            out.extend_from_slice(b": 0xADDR");
            i += 4;
            while i < b.len() && b[i].is_ascii_hexdigit() {
                i += 1;
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}
