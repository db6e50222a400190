//! The compiler on hostile shapes (issue 10): 1,000,000-link left-deep chains compile and run
//! on a 256 KiB thread (no Rust recursion per link in the parser, constant folding, code
//! generation or the syntax tree's drop); right-recursive shapes and deep nesting stop at the
//! 200 syntax levels; size limits give lua5.1's messages. Expected values and messages come from
//! lua5.1 5.1.5 (`loadstring(src, "=test")`, then the chunk called).

use ferrous_vm::{Value, Vm};
use std::process::Command;

const SMALL_STACK: usize = 256 * 1024;
const N: usize = 1_000_000;

fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .expect("test thread failed");
}

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm
}

/// Compiles and runs `src`; the results as `tostring` texts, or the error message.
fn run(vm: &mut Vm, src: &str) -> Result<Vec<Value>, String> {
    let f = vm.load(src.as_bytes(), "=test")?;
    vm.call(f, &[]).map_err(|e| e.message)
}

fn show(vm: &Vm, vals: &[Value]) -> String {
    vals.iter()
        .map(|v| String::from_utf8_lossy(&vm.tostring_basic(*v)).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

fn rep(item: &str, n: usize, sep: &str) -> String {
    vec![item; n].join(sep)
}

/// The left-deep chains of /tmp/chains.py (and two more: a chain that does not fold, and `>`,
/// whose operands are evaluated right first). Each returns the chain's value, then for the
/// chains that end in an object, that object (which the value must be).
fn chains(n: usize) -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("add", format!("return {}", rep("1", n, "+")), "1000000"),
        ("and", format!("return {}", rep("true", n, " and ")), "true"),
        ("or", format!("return {}", rep("false", n, " or ")), "false"),
        (
            "eq",
            format!("local a=1 return {}", rep("a", n, " == ")),
            "false",
        ),
        (
            "field",
            format!("local t={{}} t.a=t return t{}, t", ".a".repeat(n)),
            "same",
        ),
        (
            "index",
            format!("local t={{}} t[1]=t return t{}, t", "[1]".repeat(n)),
            "same",
        ),
        (
            "call",
            format!(
                "local function f() return f end return f{}, f",
                "()".repeat(n)
            ),
            "same",
        ),
        (
            "method",
            format!(
                "local o={{}} function o:m() return self end return o{}, o",
                ":m()".repeat(n)
            ),
            "same",
        ),
        (
            "arith",
            format!("local a=1 return a{}", " + 1".repeat(n)),
            "1000001",
        ),
        (
            "gt",
            format!("local a=2 return a{}", " > a".repeat(n)),
            "error: test:1: attempt to compare number with boolean",
        ),
    ]
}

fn check_chain(vm: &mut Vm, name: &str, src: &str, want: &str) {
    let got = match run(vm, src) {
        Ok(v) if want == "same" => {
            assert_eq!(v.len(), 2, "{name}");
            assert!(v[0].raw_eq(v[1]), "{name}: {}", show(vm, &v));
            "same".to_string()
        }
        Ok(v) => show(vm, &v),
        Err(e) => format!("error: {e}"),
    };
    assert_eq!(got, want, "{name}");
}

#[test]
fn left_deep_chains_compile_and_run_on_a_small_stack() {
    on_small_stack(|| {
        let mut vm = vm();
        for (name, src, want) in chains(N) {
            check_chain(&mut vm, name, &src, want);
        }
    });
}

/// The same chains in conditions (`if`/`while` jump lists) and as statements and assignment
/// targets.
#[test]
fn chains_in_conditions_statements_and_targets() {
    on_small_stack(|| {
        let mut vm = vm();
        let cases = [
            (
                format!(
                    "local t = true if {} then return 1 else return 2 end",
                    rep("t", 10_000, " and ")
                ),
                "1",
            ),
            (
                format!(
                    "local f = false if {} then return 1 else return 2 end",
                    rep("f", 10_000, " or ")
                ),
                "2",
            ),
            (
                format!(
                    "local t, n = true, 0 while {} do n = n + 1 if n == 3 then break end end return n",
                    rep("t", 10_000, " and ")
                ),
                "3",
            ),
            (
                format!("local t = {{}} t.a = t t{} = 5 return t.a", ".a".repeat(N)),
                "5",
            ),
            (
                format!(
                    "local function f() return f end f{} return 1",
                    "()".repeat(N)
                ),
                "1",
            ),
            (
                format!("local a = 1 return {}", rep("a * 2 - 1", N, " + ")),
                "1000000",
            ),
            (
                format!(
                    "local function f() return f end return f{} ~= nil, f{} ~= nil",
                    "\"s\"".repeat(N),
                    "{}".repeat(N)
                ),
                "true,true",
            ),
            (format!("return -({})", rep("2", N, " * 1 + ")), "-2000000"),
        ];
        for (src, want) in cases {
            let got = match run(&mut vm, &src) {
                Ok(v) => show(&vm, &v),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, want, "{}", &src[..60]);
        }
    });
}

/// Right-recursive shapes and deep nesting stop at lua5.1's 200 syntax levels.
#[test]
fn right_recursive_shapes_and_nesting_hit_the_syntax_level_limit() {
    on_small_stack(|| {
        let mut vm = vm();
        let cases = [
            format!("return {}1{}", "(".repeat(N), ")".repeat(N)),
            format!("return {}", rep("\"a\"", N, "..")),
            format!("return {}", rep("1", N, "^")),
            format!("return {}1", "- ".repeat(N)),
            format!("return {}1", "not ".repeat(N)),
            format!("{}{}", "do ".repeat(N), "end ".repeat(N)),
            format!(
                "return {}1{}",
                "function() return ".repeat(300),
                " end".repeat(300)
            ),
            format!("return {}{}", "{".repeat(N), "}".repeat(N)),
            format!("local a = {}{}", "{a=".repeat(N), "}".repeat(N)),
        ];
        for src in cases {
            assert_eq!(
                run(&mut vm, &src).unwrap_err(),
                "test:1: chunk has too many syntax levels",
                "{}",
                &src[..40]
            );
        }
    });
}

/// Sizes: long statement lists, constructors, literals and `elseif` chains compile; the
/// limits lua5.1 enforces give its messages (those from luaM_growvector have no position).
#[test]
fn size_limits_match_lua51() {
    on_small_stack(|| {
        let mut vm = vm();
        let elseifs: String = (1..=10_000)
            .map(|i| format!("elseif x == {i} then return {i}\n"))
            .collect();
        let cases = [
            (
                format!("local x = 0\n{}return x", "x = x + 1\n".repeat(N)),
                "1000000",
            ),
            (format!("return #{{{}}}", "1,".repeat(N)), "1000000"),
            (format!("return #\"{}\"", "x".repeat(10 * N)), "10000000"),
            (
                format!("local x = 10000\nif x == 0 then return 0\n{elseifs}end"),
                "10000",
            ),
            (
                format!(
                    "local t = {{{}}} return #t",
                    (0..70_000)
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                "70000",
            ),
            (
                format!(
                    "local t = {{{}}} return #t",
                    (0..300_000)
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                "error: constant table overflow",
            ),
            (
                format!("{}return 1", "do local a end\n".repeat(32_767)),
                "1",
            ),
            (
                format!("{}return 1", "do local a end\n".repeat(32_768)),
                "error: too many local variables",
            ),
            (
                format!("{}return 1", "x = function() end\n".repeat(270_000)),
                "error: constant table overflow",
            ),
            (
                "local function f() end\n".repeat(N),
                "error: test:201: main function has more than 200 local variables",
            ),
            (
                format!("x = 1 {} y", "%s".repeat(N)),
                "error: test:1: '=' expected near '<eof>'",
            ),
            (
                format!("return \"{}", "%s".repeat(N)),
                "error: test:1: unfinished string near '<eof>'",
            ),
            (
                format!("local {} = = 1", "a".repeat(N)),
                "error: test:1: unexpected symbol near '='",
            ),
        ];
        for (src, want) in cases {
            let got = match run(&mut vm, &src) {
                Ok(v) => show(&vm, &v),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, want, "{}", &src[..40.min(src.len())]);
        }
    });
}

/// The CLI on its ordinary main thread runs the 1M-link chain files as lua5.1 does.
#[test]
fn cli_runs_million_link_chains() {
    let dir = std::env::temp_dir().join(format!("ferrous-chains-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shapes = [
        ("add", format!("print({})", rep("1", N, "+")), "1000000"),
        ("and", format!("print({})", rep("true", N, " and ")), "true"),
        ("or", format!("print({})", rep("false", N, " or ")), "false"),
        (
            "eq",
            format!("local a=1 print({})", rep("a", N, " == ")),
            "false",
        ),
        (
            "field",
            format!("local t={{}} t.a=t print(t{} == t)", ".a".repeat(N)),
            "true",
        ),
        (
            "index",
            format!("local t={{}} t[1]=t print(t{} == t)", "[1]".repeat(N)),
            "true",
        ),
        (
            "call",
            format!(
                "local function f() return f end print(f{} == f)",
                "()".repeat(N)
            ),
            "true",
        ),
        (
            "method",
            format!(
                "local o={{}} function o:m() return self end print(o{} == o)",
                ":m()".repeat(N)
            ),
            "true",
        ),
        (
            "arith",
            format!("local a=1 print(a{})", " + 1".repeat(N)),
            "1000001",
        ),
    ];
    for (name, src, want) in shapes {
        let path = dir.join(format!("{name}.lua"));
        std::fs::write(&path, &src).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_ferrous"))
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout.trim_end(), want, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
