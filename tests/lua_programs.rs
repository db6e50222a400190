//! Runs every `tests/lua/*.lua` program in-process and compares its output with the
//! `.expected` file next to it (produced by lua5.1: see tests/regen-expected.sh). When `lua5.1`
//! is on PATH, each program is also run through it and the expectation must still match.
//! Uncaught errors append a last line `error: <message>`.

use libtest_mimic::{Arguments, Failed, Trial};
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

#[derive(Clone)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lua_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lua")
}

/// Runs a program like `ferrous <file>` (run from tests/lua), returning stdout + error line.
pub fn run_ferrous(path: &Path) -> Vec<u8> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let src = std::fs::read(path).unwrap();
    let mut vm = ferrous_vm::Vm::new();
    ferrous_stdlib::open_cli(&mut vm);
    let out = Rc::new(RefCell::new(Vec::new()));
    ferrous_stdlib::os_io::set_output(&mut vm, Box::new(Sink(out.clone())));
    let result = match vm.load(
        ferrous_stdlib::os_io::skip_shebang(&src),
        &format!("@{}", name),
    ) {
        // As lua.c: a nil error object prints nothing.
        Ok(f) => vm.call(f, &[]).map(|_| ()).map_err(|e| {
            if e.value.is_nil() {
                String::new()
            } else {
                e.message
            }
        }),
        Err(m) => Err(m.to_string()),
    };
    let mut text = out.borrow().clone();
    if let Err(m) = result {
        text.extend_from_slice(format!("error: {}\n", m).as_bytes());
    }
    text
}

fn run_lua51(path: &Path) -> Option<Vec<u8>> {
    let name = path.file_name().unwrap();
    let out = std::process::Command::new("lua5.1")
        .arg(name)
        .current_dir(path.parent().unwrap())
        .output()
        .ok()?;
    let mut text = out.stdout;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("");
        let first = first.strip_prefix("lua5.1: ").unwrap_or(first);
        text.extend_from_slice(format!("error: {}\n", first).as_bytes());
    }
    Some(text)
}

fn check(path: PathBuf, with_lua: bool) -> Result<(), Failed> {
    let expected_path = path.with_extension("lua.expected");
    let expected =
        std::fs::read(&expected_path).map_err(|e| format!("{}: {}", expected_path.display(), e))?;
    if with_lua {
        if let Some(reference) = run_lua51(&path) {
            if reference != expected {
                return Err(format!(
                    "{} is stale: lua5.1 now prints\n{}",
                    expected_path.display(),
                    String::from_utf8_lossy(&reference)
                )
                .into());
            }
        }
    }
    let p2 = path.clone();
    let got = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || run_ferrous(&p2))
        .unwrap()
        .join()
        .map_err(|_| "ferrous panicked")?;
    if got != expected {
        let (g, e) = (
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected),
        );
        let diff_at = g
            .lines()
            .zip(e.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(g.lines().count().min(e.lines().count()));
        return Err(format!(
            "output differs at line {}:\n  ferrous: {:?}\n  lua5.1:  {:?}\n--- full ferrous output ---\n{}",
            diff_at + 1,
            g.lines().nth(diff_at).unwrap_or("<end>"),
            e.lines().nth(diff_at).unwrap_or("<end>"),
            g
        )
        .into());
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let with_lua = std::process::Command::new("lua5.1")
        .arg("-v")
        .output()
        .is_ok();
    let mut files: Vec<PathBuf> = std::fs::read_dir(lua_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    files.sort();
    let trials = files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(name, move || check(p, with_lua))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
