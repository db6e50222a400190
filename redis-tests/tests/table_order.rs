//! Table iteration order against Redis's built-in Lua in the same server: random sequences of
//! inserts, deletes (of present and absent keys), rehashes and traversals that clear fields,
//! over string (short and long: Redis hashes every character of a long string), integer,
//! float and boolean keys. Each script returns the `pairs` order at checkpoints,
//! `cjson.encode` and `cmsgpack.pack` of the table; `EVAL` and `FERROUS.EVAL` must reply the
//! same bytes. A RESP3 map reply (`{map = t}`) is compared too. Fixed seed.

use ferrous_redis_tests::{Server, ServerOpts, escape_short, ferrous_cmd};
use std::fmt::Write as _;

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

const SCRIPTS: usize = 200;
const SEQUENCES: usize = 20;

fn key(r: &mut Rng, pool: u64) -> String {
    let pool = if pool == 4 { r.below(4) } else { pool };
    match pool {
        0 => match r.below(5) {
            0 => format!("'{}'", (b'a' + r.below(26) as u8) as char),
            // Long strings differing only where lua5.1 would not hash (Redis does).
            1 => format!("('x'):rep({}) .. '{}'", 32 + r.below(40), r.below(4)),
            2 => format!("'{}' .. ('y'):rep(40)", r.below(8)),
            _ => format!("'k{}'", r.below(60)),
        },
        1 => match r.below(3) {
            0 => format!("{}", 1 + r.below(40)),
            1 => format!("{}", r.below(5000)),
            _ => format!("-{}", r.below(20)),
        },
        2 => match r.below(2) {
            0 => format!("{}.5", r.below(30)),
            _ => format!("{}/8", r.below(64)),
        },
        _ => ["true", "false"][r.below(2) as usize].to_string(),
    }
}

fn script(r: &mut Rng) -> String {
    let mut p = String::from(
        "collectgarbage('stop')\nlocal out = {}\nlocal function dump(t)\n  local o = {}\n  \
         for k, v in pairs(t) do\n    if type(k) == 'string' and #k > 12 then k = 'L' .. #k .. k:sub(-2) end\n    \
         o[#o + 1] = tostring(k) .. '=' .. tostring(v)\n  end\n  out[#out + 1] = table.concat(o, ' ')\nend\n\
         local function codecs(t)\n  local ok, j = pcall(cjson.encode, t)\n  out[#out + 1] = ok and j or 'no json'\n  \
         ok, j = pcall(cmsgpack.pack, t)\n  out[#out + 1] = ok and j or 'no msgpack'\nend\n",
    );
    for _ in 0..SEQUENCES {
        let pool = r.below(5);
        writeln!(p, "do\nlocal t = {{}}").unwrap();
        for i in 0..1 + r.below(60) {
            match r.below(100) {
                0..=64 => writeln!(p, "t[{}] = {}", key(r, pool), i).unwrap(),
                65..=84 => writeln!(p, "t[{}] = nil", key(r, pool)).unwrap(),
                85..=89 => writeln!(p, "dump(t)").unwrap(),
                _ => writeln!(
                    p,
                    "do local c = 0 for k in pairs(t) do c = c + 1 \
                     if c % {} == 0 then t[k] = nil else t[k] = c end end end",
                    2 + r.below(3)
                )
                .unwrap(),
            }
        }
        writeln!(p, "dump(t)\ncodecs(t)\nend").unwrap();
    }
    p + "collectgarbage('restart')\nreturn out\n"
}

#[test]
fn pairs_order_and_encodings_match_the_builtin() {
    let server = Server::start(ServerOpts::with_module());
    let mut c = server.conn();
    let ferrous_eval = ferrous_cmd("EVAL");
    let mut r = Rng(0x7ab1_e0_0de7);
    for i in 0..SCRIPTS {
        let s = script(&mut r);
        let want = c.cmd(&["EVAL", s.as_str(), "0"]);
        let got = c.cmd(&[ferrous_eval.as_str(), s.as_str(), "0"]);
        assert!(
            got == want,
            "script {i} differs\nscript:\n{s}\nferrous: {}\nbuilt-in: {}",
            escape_short(&got, 4000),
            escape_short(&want, 4000)
        );
        assert!(want.starts_with(b"*"), "{}", escape_short(&want, 200));
    }
    eprintln!("{} sequences compared", SCRIPTS * SEQUENCES);
}

#[test]
fn resp3_map_replies_follow_the_builtin_order() {
    let server = Server::start(ServerOpts::with_module());
    let mut c = server.conn3();
    let ferrous_eval = ferrous_cmd("EVAL");
    let mut r = Rng(0x3a9_5eed);
    for i in 0..100 {
        let mut s = String::from("redis.setresp(3)\nlocal t = {}\n");
        for _ in 0..1 + r.below(40) {
            let k = key(&mut r, 4);
            if r.below(5) == 0 {
                writeln!(s, "t[{k}] = nil").unwrap();
            } else {
                writeln!(s, "t[{k}] = 1").unwrap();
            }
        }
        s.push_str("return {map = t}\n");
        let want = c.cmd(&["EVAL", s.as_str(), "0"]);
        let got = c.cmd(&[ferrous_eval.as_str(), s.as_str(), "0"]);
        assert!(
            got == want,
            "script {i} differs\nscript:\n{s}\nferrous: {}\nbuilt-in: {}",
            escape_short(&got, 2000),
            escape_short(&want, 2000)
        );
    }
}

#[test]
fn constructor_fields_set_to_nil_keep_their_node() {
    // `{x = nil, y = 5}` inserts `x` with a nil value (lua5.1's luaH_set), which decides where
    // a later `x` goes: the msgpack bytes of a self-referencing pair show it.
    let server = Server::start(ServerOpts::with_module());
    let mut c = server.conn();
    let s = "local a = {x = nil, y = 5}\nlocal b = {x = a}\na.x = b\n\
             local e = cmsgpack.pack(a)\nlocal keys = {}\n\
             for k in pairs(a) do keys[#keys + 1] = k end\n\
             return {e, table.concat(keys, ','), cjson.encode({a = 1, b = 2, c = 3, d = 4, e = 5})}";
    let want = c.cmd(&["EVAL", s, "0"]);
    let got = c.cmd(&[ferrous_cmd("EVAL").as_str(), s, "0"]);
    assert_eq!(escape_short(&got, 4000), escape_short(&want, 4000));
}
