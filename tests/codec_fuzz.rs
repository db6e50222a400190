//! Bad input never panics: random and mutated inputs for every codec (cjson.decode,
//! cmsgpack.unpack, struct.unpack/pack, string.format, patterns) must give a value or a clean
//! Lua error. Deterministic (seeded) and bounded in time so it runs in CI.

use ferrous_vm::{Value, Vm};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, alphabet: &[u8], max: usize) -> Vec<u8> {
        let n = (self.next() as usize) % max;
        (0..n)
            .map(|_| alphabet[(self.next() as usize) % alphabet.len()])
            .collect()
    }
}

fn run(vm: &mut Vm, f: Value, arg: &[u8]) {
    let s = vm.bytes_value(arg);
    // Ok or a Lua error; a panic fails the test.
    let _ = vm.call(f, &[s]);
}

#[test]
fn codecs_never_panic_on_garbage() {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let json_alpha = b"{}[]:,\"\\/0123456789-+.eEtruefalsnl \tu\x00\x7f\xff";
    let all: Vec<u8> = (0..=255).collect();
    let targets: Vec<(&str, &[u8], usize)> = vec![
        ("return cjson.decode(...)", json_alpha, 64),
        ("return cjson.decode(...)", &all, 64),
        ("return cmsgpack.unpack(...)", &all, 64),
        ("return cmsgpack.unpack_limit(..., 3, 1)", &all, 64),
        (
            "return struct.unpack(..., string.rep('\\1', 40))",
            b"<>!=xbBhHlLTiIcsfd0123456789 ",
            12,
        ),
        (
            "return struct.pack(..., 1, 2, 3, 'abc', 5)",
            b"<>!=xbBhHlLTiIcsfd0123456789 ",
            12,
        ),
        (
            "return string.format(..., 1, 'x', 2.5)",
            b"%-+ #0123456789.dioxXcufeEgGqs%",
            12,
        ),
        (
            "return string.find(string.rep('ab(c)', 20), ...)",
            b"()[]^$%.*+-?abc1bf",
            16,
        ),
        (
            "return string.gsub('hello world', ..., '%1')",
            b"()[]^$%.*+-?lo1",
            12,
        ),
    ];
    for (src, alpha, max) in targets {
        let f = vm.load(src.as_bytes(), "=fuzz").expect("compiles");
        for _ in 0..3000 {
            let input = rng.bytes(alpha, max);
            run(&mut vm, f, &input);
        }
    }
    // Round trips of valid encodings survive truncation at every length.
    let enc = vm
        .load(b"return cmsgpack.pack({1, -2, 3.5, 'str', {a = {true, false}}, 2^40}), cjson.encode({1, {2, 'x'}, 'y'})", "=enc")
        .unwrap();
    let out = vm.call(enc, &[]).unwrap();
    let (mp, js) = (
        vm.str_bytes(out[0]).unwrap().to_vec(),
        vm.str_bytes(out[1]).unwrap().to_vec(),
    );
    let unpack = vm.load(b"return cmsgpack.unpack(...)", "=u").unwrap();
    let decode = vm.load(b"return cjson.decode(...)", "=d").unwrap();
    for i in 0..=mp.len() {
        run(&mut vm, unpack, &mp[..i]);
    }
    for i in 0..=js.len() {
        run(&mut vm, decode, &js[..i]);
    }
    // Absurd sizes are errors, not allocations or overflows.
    for src in [
        "return string.rep('x', 2^40)",
        "return string.format('%99999d', 1)",
        "return unpack({}, -2^31, 2^31)",
        "return struct.unpack('c2000000000', 'x')",
        "return struct.pack('i99999999999999', 1)",
        "return bit.tohex(1, -2^31)",
    ] {
        let f = vm.load(src.as_bytes(), "=absurd").unwrap();
        let _ = vm.call(f, &[]);
    }
}

/// The compiler and executor never panic on random token soup: every input either runs or
/// gives a compile/runtime error.
#[test]
fn compiler_never_panics_on_token_soup() {
    let tokens: &[&str] = &[
        "local",
        "function",
        "end",
        "if",
        "then",
        "else",
        "elseif",
        "while",
        "do",
        "for",
        "in",
        "repeat",
        "until",
        "return",
        "break",
        "and",
        "or",
        "not",
        "nil",
        "true",
        "false",
        "...",
        "..",
        "=",
        "==",
        "~=",
        "<",
        "<=",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ";",
        ":",
        ",",
        ".",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "#",
        "x",
        "y",
        "t",
        "f",
        "1",
        "0.5",
        "'s'",
        "[[long]]",
        "--c\n",
        "\n",
        "a.b",
        "f()",
        "t[1]",
        "x:m()",
        "{1,2}",
        "function() end",
    ];
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm.limits_mut().max_calls = 200;
    for _ in 0..20000 {
        let n = 1 + (rng.next() as usize) % 24;
        let src: Vec<&str> = (0..n)
            .map(|_| tokens[(rng.next() as usize) % tokens.len()])
            .collect();
        let src = src.join(" ");
        if let Ok(f) = vm.load(src.as_bytes(), "=soup") {
            // Budget the run so an accidental infinite loop ends.
            vm.set_budget(100_000);
            vm.set_hook(Some(|_| Err(ferrous_vm::Throw::msg("budget exhausted"))));
            let _ = vm.call(f, &[]);
            vm.set_hook(None);
            vm.set_budget(i64::MAX);
        }
    }
}
