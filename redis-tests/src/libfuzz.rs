//! A seeded generator of random library calls for the differential library fuzzer
//! (`tests/lib_fuzz.rs`): cjson, cmsgpack, struct, bit, `string.format` and `tonumber` on
//! random inputs made of the pieces their edges are made of. Each script returns one string:
//! the call's results (through `pcall`) dumped deterministically (sorted keys, `%.17g`
//! numbers, `%q` strings), so the built-in engine and Ferrous can be compared byte for byte.
//! Inputs whose output depends on table traversal order (objects with several keys) are not
//! generated: that order is pinned by its own suites.

use crate::hostile::grammar::Rng;

/// The classes of generated cases, in report order.
pub const CLASSES: &[&str] = &[
    "tonumber",
    "cjson.decode",
    "cjson.encode",
    "cmsgpack",
    "struct",
    "bit",
    "string.format",
];

/// The dump helper every script starts with.
const PRELUDE: &str = r#"local function key_lt(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == 'number' or ta == 'string' then return a < b end
  return tostring(ta) < tostring(tb)
end
local function dump(v, d)
  d = d or 0
  local t = type(v)
  if t == 'string' then return string.format('%q', v) end
  if t == 'number' then return string.format('%.17g', v) end
  if t == 'userdata' then return v == cjson.null and 'null' or 'userdata' end
  if t ~= 'table' then return t == 'boolean' and tostring(v) or t end
  if d > 12 then return '{...}' end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, key_lt)
  local out = {}
  for i = 1, math.min(#keys, 64) do
    local k = keys[i]
    out[#out + 1] = dump(k, d + 1) .. '=' .. dump(v[k], d + 1)
  end
  if #keys > 64 then out[#out + 1] = '...' .. #keys end
  return '{' .. table.concat(out, ',') .. '}'
end
local function dumpall(...)
  local out = {}
  for i = 1, select('#', ...) do out[i] = dump((select(i, ...))) end
  return table.concat(out, ' ')
end
"#;

/// The cjson settings' defaults, restored after a case that changes them (the built-in
/// keeps them in its Lua state).
const CJSON_DEFAULTS: &str = "cjson.encode_sparse_array(false, 2, 10) cjson.encode_max_depth(1000) \
cjson.decode_max_depth(1000) cjson.encode_number_precision(14) cjson.encode_keep_buffer(true) \
cjson.encode_invalid_numbers(false) cjson.decode_invalid_numbers(true)";

/// A Lua string literal of arbitrary bytes (decimal escapes for anything unusual).
pub fn lua_str(b: &[u8]) -> String {
    let mut s = String::from("'");
    for &c in b {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b' ' => s.push(c as char),
            b'.' | b',' | b'[' | b']' | b'{' | b'}' | b':' | b'+' | b'-' | b'(' | b')' => {
                s.push(c as char)
            }
            _ => s.push_str(&format!("\\{:03}", c)),
        }
    }
    s.push('\'');
    s
}

fn pieces(rng: &mut Rng, from: &[&[u8]], max: usize) -> Vec<u8> {
    let n = rng.below(max + 1);
    let mut out = Vec::new();
    for _ in 0..n {
        let p: &&[u8] = rng.pick(from);
        out.extend_from_slice(p);
    }
    out
}

const NUMBER_TEXT: &[&[u8]] = &[
    b"0",
    b"1",
    b"7",
    b"9",
    b"f",
    b"a",
    b"e",
    b"E",
    b"p",
    b"P",
    b"x",
    b"X",
    b"0x",
    b".",
    b"+",
    b"-",
    b" ",
    b"\t",
    b"\n",
    b"\x0b",
    b"\0",
    b"inf",
    b"INF",
    b"inity",
    b"nan",
    b"NaN",
    b"(",
    b")",
    b"_",
    b"z",
    b"1e400",
    b"0x1p-1074",
    b"99999999999999999999",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1.5",
    "2.5",
    "-2.5",
    "255",
    "256",
    "65535",
    "2^31",
    "-2^31",
    "2^31 - 1",
    "-2^31 - 1",
    "2^32",
    "2^32 + 65",
    "2^52",
    "2^53 + 1",
    "2^63",
    "-2^63",
    "2^64",
    "2^65",
    "-2^64",
    "1e300",
    "-1e300",
    "1/0",
    "-1/0",
    "0/0",
    "-(0/0)",
    "1e-310",
    "0.1",
    "123.456",
    "'12'",
    "' 0x10 '",
    "'1e1'",
    "'x'",
    "{}",
    "nil",
    "true",
];

fn number(rng: &mut Rng) -> &'static str {
    let n: &&'static str = rng.pick(NUMBERS);
    n
}

fn gen_tonumber(rng: &mut Rng) -> String {
    let s = lua_str(&pieces(rng, NUMBER_TEXT, 5));
    let base = rng.pick(&["2", "8", "10", "16", "36"]);
    format!(
        "local s = {s}\nreturn dumpall(tonumber(s), tonumber(s, {base}), {{pcall(function() return s + 0 end)}}, {{pcall(bit.tobit, s)}})"
    )
}

const JSON_TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"a\"",
    b"\"b\"",
    b"\"\\u00e9\"",
    b"\"\\u+041\"",
    b"\"\\ud83d\\ude00\"",
    b"\"\\udc00\"",
    b"\"\\u12",
    b"\"\\",
    b"\"x\\ny\"",
    b"\"\\q\"",
    b"1",
    b"-0",
    b"01",
    b"1e5",
    b"1.",
    b".5",
    b"-",
    b"+1",
    b"0x1p3",
    b"0x10",
    b"nan",
    b"-nan",
    b"nan(1)",
    b"inf",
    b"-Infinity",
    b"true",
    b"false",
    b"null",
    b"nul",
    b"tru",
    b" ",
    b"\n",
    b"\0",
    b"\x7f",
    b"\xc3\xa9",
    b"12345678901234567890",
    b"1e400",
];

fn gen_decode(rng: &mut Rng) -> String {
    let s = lua_str(&pieces(rng, JSON_TOKENS, 7));
    let strict = if rng.chance(1, 3) {
        "cjson.decode_invalid_numbers(false) "
    } else {
        ""
    };
    format!("{strict}local r = dumpall(pcall(cjson.decode, {s}))\n{CJSON_DEFAULTS}\nreturn r")
}

/// A Lua expression for a value cjson/cmsgpack can meet: scalars, arrays (dense or sparse),
/// single-key objects, nesting.
fn value(rng: &mut Rng, depth: usize) -> String {
    match rng.below(if depth > 3 { 4 } else { 8 }) {
        0 => number(rng).replace("{}", "'t'").replace("nil", "'n'"),
        1 => lua_str(&pieces(
            rng,
            &[b"a", b"/", b"\"", b"\\", b"\0", b"\n", b"\x7f", b"\xe9"],
            4,
        )),
        2 => rng.pick(&["true", "false", "cjson.null"]).to_string(),
        3 => "nil".to_string(),
        4 | 5 => {
            let n = rng.below(5);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            format!("{{{}}}", items.join(", "))
        }
        6 => {
            // (Not 2^31 - 1: with a sparse ratio of 0 the built-in writes 2^31 elements.)
            let k = rng.pick(&[
                "1", "2", "5", "11", "20", "2^31", "2^40", "-1", "0.5", "1/0",
            ]);
            format!("{{[{k}] = {}}}", value(rng, depth + 1))
        }
        _ => {
            let k = rng.pick(&["'k'", "true", "'1'", "1", "2^53"]);
            format!("{{[{k}] = {}}}", value(rng, depth + 1))
        }
    }
}

fn gen_encode(rng: &mut Rng) -> String {
    let v = value(rng, 0);
    let mut cfg = String::new();
    if rng.chance(1, 3) {
        let conv = rng.pick(&["true", "false", "'on'", "nil"]);
        let ratio = rng.pick(&["0", "1", "2", "3", "nil"]);
        let safe = rng.pick(&["0", "1", "10", "nil"]);
        cfg.push_str(&format!(
            "cjson.encode_sparse_array({conv}, {ratio}, {safe}) "
        ));
    }
    if rng.chance(1, 4) {
        let o = rng.pick(&["'on'", "'off'", "'null'", "true", "'x'"]);
        cfg.push_str(&format!("pcall(cjson.encode_invalid_numbers, {o}) "));
    }
    if rng.chance(1, 4) {
        let p = rng.pick(&["1", "3", "14", "15", "0", "2^32 + 5"]);
        cfg.push_str(&format!("pcall(cjson.encode_number_precision, {p}) "));
    }
    format!("{cfg}local r = dumpall(pcall(cjson.encode, {v}))\n{CJSON_DEFAULTS}\nreturn r")
}

fn gen_cmsgpack(rng: &mut Rng) -> String {
    if rng.chance(1, 3) {
        let vals: Vec<String> = (0..1 + rng.below(3)).map(|_| value(rng, 1)).collect();
        let vals = vals.join(", ").replace("cjson.null", "nil");
        return format!(
            "local p = cmsgpack.pack({vals})\nreturn dumpall(p, pcall(cmsgpack.unpack, p))"
        );
    }
    const BYTES: &[&[u8]] = &[
        b"\x00",
        b"\x01",
        b"\x7f",
        b"\x80",
        b"\x81",
        b"\x91",
        b"\x92",
        b"\x90",
        b"\xa1a",
        b"\xa3",
        b"\xc0",
        b"\xc1",
        b"\xc2",
        b"\xc3",
        b"\xca",
        b"\xcb",
        b"\xcc",
        b"\xcd",
        b"\xce",
        b"\xcf",
        b"\xd0",
        b"\xd1",
        b"\xd2",
        b"\xd3",
        b"\xd9",
        b"\xda",
        b"\xdb",
        b"\xdc",
        b"\xdd",
        b"\xde",
        b"\xdf",
        b"\xe0",
        b"\xff",
        b"\x00\x00\x00\x01",
    ];
    let s = lua_str(&pieces(rng, BYTES, 8));
    match rng.below(3) {
        0 => format!("return dumpall(pcall(cmsgpack.unpack, {s}))"),
        1 => {
            let off = rng.pick(&["0", "1", "2", "-1", "2^32", "2^32 + 1", "1.5"]);
            format!("return dumpall(pcall(cmsgpack.unpack_one, {s}, {off}))")
        }
        _ => {
            let lim = rng.pick(&["0", "1", "2", "-1", "3"]);
            let off = rng.pick(&["0", "1", "-1", "2^33"]);
            format!("return dumpall(pcall(cmsgpack.unpack_limit, {s}, {lim}, {off}))")
        }
    }
}

fn gen_struct(rng: &mut Rng) -> String {
    const OPTS: &[&[u8]] = &[
        b"b", b"B", b"h", b"H", b"l", b"L", b"T", b"i", b"I", b"i3", b"I5", b"i16", b"c2", b"c0",
        b"s", b"x", b"d", b"f", b"<", b">", b"!", b"!4", b"!3", b" ", b"=", b"\0", b"c", b"i33",
    ];
    let fmt = lua_str(&pieces(rng, OPTS, 4));
    match rng.below(3) {
        0 => {
            let args: Vec<&str> = (0..rng.below(5)).map(|_| number(rng)).collect();
            let args = args.join(", ").replace("nil", "'n'");
            let sep = if args.is_empty() { "" } else { ", " };
            format!("return dumpall(pcall(struct.pack, {fmt}{sep}{args}))")
        }
        1 => {
            let data = lua_str(&pieces(
                rng,
                &[b"\x00", b"\x01", b"\xff", b"a", b"2", b"\x80"],
                12,
            ));
            let off = rng.pick(&["", ", 1", ", 2", ", 0", ", -1", ", 2^64", ", 1/0"]);
            format!("return dumpall(pcall(struct.unpack, {fmt}, {data}{off}))")
        }
        _ => format!("return dumpall(pcall(struct.size, {fmt}))"),
    }
}

fn gen_bit(rng: &mut Rng) -> String {
    let op = rng.pick(&[
        "tobit", "bnot", "band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror",
        "bswap", "tohex",
    ]);
    let args: Vec<&str> = (0..rng.below(4)).map(|_| number(rng)).collect();
    let sep = if args.is_empty() { "" } else { ", " };
    format!("return dumpall(pcall(bit.{op}{sep}{}))", args.join(", "))
}

fn gen_format(rng: &mut Rng) -> String {
    const SPECS: &[&[u8]] = &[
        b"%d", b"%5.2f", b"%c", b"%x", b"%X", b"%o", b"%u", b"%e", b"%g", b"%G", b"%q", b"%s",
        b"%i", b"%%", b"%-5d", b"%05d", b"%+d", b"% d", b"%#x", b"%#o", b"%.3s", b"%10s", b"%\0",
        b"%y", b"%.20f", b"%99d", b"%100d", b"%.14g", b"[", b"x", b"%5c", b"%-+ #0d",
    ];
    let fmt = lua_str(&pieces(rng, SPECS, 3));
    let args: Vec<&str> = (0..rng.below(4)).map(|_| number(rng)).collect();
    let sep = if args.is_empty() { "" } else { ", " };
    format!(
        "return dumpall(pcall(string.format, {fmt}{sep}{}))",
        args.join(", ")
    )
}

/// Case `i` of `seed`: its class and script (the same numbers give the same case).
pub fn case(seed: u64, i: u64) -> (&'static str, String) {
    let mut rng = Rng::new(seed.wrapping_mul(0x1_0000_0001).wrapping_add(i));
    let class = *rng.pick(CLASSES);
    let body = match class {
        "tonumber" => gen_tonumber(&mut rng),
        "cjson.decode" => gen_decode(&mut rng),
        "cjson.encode" => gen_encode(&mut rng),
        "cmsgpack" => gen_cmsgpack(&mut rng),
        "struct" => gen_struct(&mut rng),
        "bit" => gen_bit(&mut rng),
        _ => gen_format(&mut rng),
    };
    (class, format!("{PRELUDE}{body}\n"))
}
