//! Redis's Lua libraries (cjson, bit, math.random) checked against Redis's built-in engine: the
//! same snippet runs through `EVAL` on a real Debian redis-server 7.0.15 (started here on a free
//! port, stopped by its own PID) and through Ferrous, and the replies must match after Redis's
//! Lua-to-RESP conversion. Expectations are never written by hand.

use ferrous_vm::{Value, Vm};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Option<Server> {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
        l.local_addr().ok()?.port()
    };
    let dir = std::env::temp_dir().join(format!("ferrous-redis-{}", port));
    let _ = std::fs::create_dir_all(&dir);
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = Server { child, port };
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// A RESP2 reply, as text for comparison.
fn read_reply(r: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    let line = line.trim_end_matches("\r\n");
    let (kind, rest) = line.split_at(1);
    match kind {
        "+" => format!("status:{}", rest),
        "-" => format!("error:{}", rest),
        ":" => format!("int:{}", rest),
        "$" => {
            let n: i64 = rest.parse().unwrap();
            if n < 0 {
                return "nil".into();
            }
            let mut buf = vec![0u8; n as usize + 2];
            r.read_exact(&mut buf).unwrap();
            buf.truncate(n as usize);
            format!("bulk:{}", String::from_utf8_lossy(&buf))
        }
        "*" => {
            let n: i64 = rest.parse().unwrap();
            if n < 0 {
                return "nil".into();
            }
            let items: Vec<String> = (0..n).map(|_| read_reply(r)).collect();
            format!("[{}]", items.join(", "))
        }
        _ => panic!("bad reply {}", line),
    }
}

fn eval_redis(conn: &mut TcpStream, reader: &mut BufReader<TcpStream>, script: &str) -> String {
    let cmd = format!(
        "*3\r\n$4\r\nEVAL\r\n${}\r\n{}\r\n$1\r\n0\r\n",
        script.len(),
        script
    );
    conn.write_all(cmd.as_bytes()).unwrap();
    let r = read_reply(reader);
    // Keep the message, drop Redis's ERR prefix and script/sha suffix.
    if let Some(e) = r.strip_prefix("error:") {
        let e = e.strip_prefix("ERR ").unwrap_or(e);
        let e = e.split(" script: ").next().unwrap_or(e);
        return format!("error:{}", e);
    }
    r
}

/// Redis's Lua → RESP2 conversion of a script's first return value.
fn to_resp(vm: &Vm, v: Value) -> String {
    match v {
        Value::Nil | Value::Bool(false) => "nil".into(),
        Value::Bool(true) => "int:1".into(),
        Value::Num(n) => format!("int:{}", ferrous_vm::api::f64_to_i64(n)),
        Value::Str(_) => format!("bulk:{}", String::from_utf8_lossy(vm.str_bytes(v).unwrap())),
        Value::Table(t) => {
            let tbl = vm.heap.table(t).unwrap();
            let mut items = Vec::new();
            let mut i = 1;
            loop {
                let x = tbl.get_int(i);
                if x.is_nil() {
                    break;
                }
                items.push(to_resp(vm, x));
                i += 1;
            }
            format!("[{}]", items.join(", "))
        }
        _ => "nil".into(),
    }
}

fn eval_ferrous(vm: &mut Vm, script: &str) -> String {
    let f = match vm.load(script.as_bytes(), "@user_script") {
        Ok(f) => f,
        Err(m) => return format!("error:{}", m),
    };
    match vm.call(f, &[]) {
        Ok(vals) => to_resp(vm, vals.first().copied().unwrap_or(Value::Nil)),
        Err(e) => format!("error:{}", e.message),
    }
}

/// Snippets whose replies are compared. JSON objects are decoded back (key order is the
/// table traversal order, which differs between engines), arrays and scalars are compared as
/// encoded text.
const CASES: &[&str] = &[
    // cjson.encode: scalars, arrays, escaping, numbers
    "return cjson.encode(1)",
    "return cjson.encode(-0)",
    "return cjson.encode(0.1)",
    "return cjson.encode(1/3)",
    "return cjson.encode(1e20)",
    "return cjson.encode(2^53)",
    "return cjson.encode(123456789012)",
    "return cjson.encode(-1.5e-7)",
    "return cjson.encode('plain')",
    "return cjson.encode('quote\" back\\\\ slash/ nl\\n tab\\t cr\\r')",
    "return cjson.encode('ctl\\1\\2\\31\\127 end')",
    "return cjson.encode('\\8\\12')",
    "return cjson.encode(true)",
    "return cjson.encode(false)",
    "return cjson.encode(nil)",
    "return cjson.encode(cjson.null)",
    "return cjson.encode({})",
    "return cjson.encode({1, 2, 3})",
    "return cjson.encode({1, 2, nil, 4})",
    "return cjson.encode({nil, nil, 3})",
    "return cjson.encode({{1}, {2, {3}}})",
    "return cjson.encode({'a', true, false, cjson.null})",
    "return cjson.encode({[1] = 1, [2] = 2, [4] = 4})",
    "return cjson.encode({[1] = 1, [20] = 2})",
    "return cjson.encode({[10] = 1})",
    "return cjson.encode({[11] = 1})",
    "return cjson.encode({[1] = 'a', [3] = 'c'})",
    "return cjson.encode({a = 1})",
    "return cjson.encode({[1.5] = 1})",
    "return cjson.encode({[-1] = 1})",
    "return cjson.encode({[0] = 1})",
    "return cjson.encode({[true] = 1})",
    "return cjson.encode({f = type})",
    "return cjson.encode(type)",
    "return cjson.encode(0/0)",
    "return cjson.encode(1/0)",
    "return cjson.encode({-1/0})",
    "return cjson.encode(coroutine.create(function() end))",
    "return cjson.encode()",
    "return cjson.encode(1, 2)",
    "local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return cjson.encode(t):len()",
    "local t = {} local c = t for i = 1, 1001 do c[1] = {} c = c[1] end return cjson.encode(t)",
    "return cjson.encode({a = {b = {c = {1, 2}}}}) == '{\"a\":{\"b\":{\"c\":[1,2]}}}'",
    "return cjson.encode({x = 'y'})",
    "return cjson.encode({[1] = 'one', [2] = 'two'})",
    "return cjson.encode({1, 'two', {three = 3}}):sub(1, 10)",
    // cjson.decode: values, structure, errors
    "return cjson.decode('1')",
    "return cjson.decode('-1.5e3')",
    "return cjson.decode(' 42 ')",
    "return cjson.decode('\"str\"')",
    "return cjson.decode('\"esc \\\\\" \\\\\\\\ \\\\/ \\\\n \\\\t\"')",
    "return cjson.decode('\"\\\\u0041\\\\u00e9\\\\u20ac\"')",
    "return cjson.decode('\"\\\\ud83d\\\\ude00\"')",
    "return cjson.decode('true')",
    "return cjson.decode('false')",
    "return cjson.decode('null') == cjson.null",
    "return type(cjson.decode('null'))",
    "return tostring(cjson.null)",
    "return cjson.decode('[1,2,3]')",
    "return cjson.decode('[]')",
    "return #cjson.decode('[]')",
    "return cjson.decode('[[1,[2]],[3]]')[1][2][1]",
    "return cjson.decode('{\"a\":1,\"b\":[1,2]}').b",
    "return cjson.decode('{\"a\":{\"b\":\"c\"}}').a.b",
    "return cjson.decode('{}') ~= nil",
    "return cjson.decode('[1,null,3]')[3]",
    "return cjson.decode('[1,null,3]')[2] == cjson.null",
    "return cjson.decode('12345678901234567890')",
    "return cjson.decode('1e400') == math.huge",
    "return tostring(cjson.decode('-0'))",
    "return cjson.decode('0.1') == 0.1",
    "return cjson.decode('')",
    "return cjson.decode(' ')",
    "return cjson.decode('[1,2')",
    "return cjson.decode('[1 2]')",
    "return cjson.decode('{\"a\":}')",
    "return cjson.decode('{\"a\" 1}')",
    "return cjson.decode('{1:2}')",
    "return cjson.decode('{\"a\":1,}')",
    "return cjson.decode('{\"a\":1 \"b\":2}')",
    "return cjson.decode('tru')",
    "return cjson.decode('nul')",
    "return cjson.decode('\"\\\\q\"')",
    "return cjson.decode('\"unterminated')",
    "return cjson.decode('\"\\\\u12\"')",
    "return cjson.decode('[1] x')",
    "return cjson.decode(' [ 1 , 2 ] x')",
    "return cjson.decode('@')",
    "return cjson.decode(']')",
    "return cjson.decode('-')",
    "return cjson.decode()",
    "return cjson.decode(123)",
    "return cjson.decode('[' .. string.rep('[', 1000) .. string.rep(']', 1001))",
    "return #cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))",
    // round trips
    "return cjson.encode(cjson.decode('[1,\"a\",true,null,[2]]'))",
    "local t = cjson.decode(cjson.encode({k = 'v', n = 5})) return {t.k, t.n}",
    "return cjson.encode(cjson.decode('\"\\\\u00e9\"'))",
    "local s = string.rep('x', 1000) return cjson.decode(cjson.encode(s)) == s",
    // module members and configuration
    "return cjson._NAME",
    "return cjson._VERSION",
    "return {cjson.encode_sparse_array()}",
    "return {cjson.encode_sparse_array(true, 3, 4)}",
    "cjson.encode_sparse_array(true) return cjson.encode({[1] = 1, [20] = 2}) ~= nil",
    "return cjson.encode_max_depth()",
    "return cjson.decode_max_depth()",
    "return cjson.encode_number_precision()",
    "cjson.encode_number_precision(3) return cjson.encode(1/3)",
    "return cjson.encode_number_precision(0)",
    "return cjson.encode_number_precision(15)",
    "return cjson.encode_keep_buffer()",
    "return cjson.encode_invalid_numbers()",
    "return cjson.decode_invalid_numbers()",
    "return type(cjson.new)",
    // bit
    "return bit.tobit(2^32 + 5)",
    "return bit.tohex(255)",
    "return bit.tohex(-1, -4)",
    "return bit.tohex(255, -2^31)",
    "return bit.band(0xff00, 0x0ff0)",
    "return bit.bor(1, 2, 4, 8)",
    "return bit.bxor(0xff, 0x0f)",
    "return bit.lshift(1, 31)",
    "return bit.rshift(-1, 28)",
    "return bit.arshift(-256, 4)",
    "return bit.rol(0x12345678, 8)",
    "return bit.ror(0x12345678, 8)",
    "return bit.bswap(0x12345678)",
    "return bit.bnot(0)",
    "return bit.tobit(1.5)",
    "return bit.tobit(2.5)",
    "return bit.band()",
    // struct
    "return struct.pack('>I2', 258)",
    "return struct.pack('<i4', -2)",
    "return struct.pack('>i4', -2)",
    "return struct.pack('b', 200)",
    "return struct.pack('B', -1)",
    "return struct.pack('>h', 1000)",
    "return struct.pack('>H', 65535)",
    "return struct.pack('>l', 2^40)",
    "return struct.pack('<L', 1)",
    "return struct.pack('>I8', -1)",
    "return struct.pack('>I16', 1)",
    "return struct.pack('>i3', -1)",
    "return struct.pack('>d', 1.5)",
    "return struct.pack('<d', -0.25)",
    "return struct.pack('>f', 0.5)",
    "return struct.pack('c3', 'abcdef')",
    "return struct.pack('c0', 'abcdef')",
    "return struct.pack('s', 'zero')",
    "return struct.pack('c5', 'ab')",
    "return struct.pack('x>I2x', 1)",
    "return struct.pack('!4 b i4', 1, 2)",
    "return struct.pack('!2 b h b d', 1, 2, 3, 4)",
    "return struct.pack('!3 i4', 1)",
    "return struct.pack('i33', 1)",
    "return struct.pack('y', 1)",
    "return struct.pack('>I2')",
    "return struct.pack('>I2', 'x')",
    "return struct.pack('i99999999999', 1)",
    "return struct.pack('c99999999999', 'a')",
    "return {struct.unpack('>I2', '\\1\\2')}",
    "return {struct.unpack('<i4', struct.pack('<i4', -123456))}",
    "return {struct.unpack('>i2', '\\255\\254')}",
    "return {struct.unpack('>I2', '\\255\\254')}",
    "return {struct.unpack('b B', '\\255\\255')}",
    "return {struct.unpack('>d', struct.pack('>d', 12.25))}",
    "return {struct.unpack('<f', struct.pack('<f', 0.75))}",
    "return {struct.unpack('c3', 'abcdef')}",
    "return {struct.unpack('s', 'ab\\0cd')}",
    "return {struct.unpack('s', 'abcd')}",
    "return {struct.unpack('>I2 c0', '\\0\\3xyzw')}",
    "return {struct.unpack('c0', 'abc')}",
    "return {struct.unpack('>I2', '\\1')}",
    "return {struct.unpack('>I2', '\\1\\2\\3\\4', 3)}",
    "return {struct.unpack('>I2', '\\1\\2\\3\\4', 4)}",
    "return {struct.unpack('>I2', '\\1\\2', 0)}",
    "return {struct.unpack('!4 b i4', struct.pack('!4 b i4', 7, 9))}",
    "return {struct.unpack('x b', '\\1\\2')}",
    "return {struct.unpack('>i16', string.rep('\\255', 16))}",
    "return {struct.unpack('>I9', string.rep('\\1', 9))}",
    "return {struct.unpack('i99999999999', 'a')}",
    "return {struct.unpack('>I2', '\\1\\2', 2^40)}",
    "return struct.size('>I2 i4 d')",
    "return struct.size('!8 b d')",
    "return struct.size('c10')",
    "return struct.size('s')",
    "return struct.size('c0')",
    "return struct.size('x')",
    "return struct.size('!5')",
    "return struct.size('q')",
    // cmsgpack (binary output compared as hex)
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(0))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(127))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(128))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(255))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(256))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(65535))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(65536))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(2^32))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-1))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-32))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-33))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-128))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-129))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-32769))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-2^31))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-2^31 - 1))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(2^63))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-2^63))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(1.5))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(0.1))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(1/0))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-1/0))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-0))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(''))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack('abc'))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('x', 31)))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('x', 32))):sub(1, 8)",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('x', 256))):sub(1, 8)",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('x', 65536))):sub(1, 12)",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(true, false, nil))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({1, 2, 3}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({1, nil, 3}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({a = 1}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({[2] = 1}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t = {} for i = 1, 16 do t[i] = i end return hex(cmsgpack.pack(t)):sub(1, 8)",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t = {} for i = 1, 70000 do t[i] = 0 end return hex(cmsgpack.pack(t)):sub(1, 10)",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t = {} t[1] = t return hex(cmsgpack.pack(t))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(type))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({{}, {{}}}))",
    "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(1, 'a', {2}))",
    "return cmsgpack.pack()",
    "return {cmsgpack.unpack(cmsgpack.pack(1, -1, 300, -300, 70000, 2^40))}",
    "return {cmsgpack.unpack(cmsgpack.pack('a', 'bc', true))}",
    "return cmsgpack.unpack(cmsgpack.pack({1, 2, {3, 4}}))[3][2]",
    "return cmsgpack.unpack(cmsgpack.pack({x = 'y'})).x",
    "return tostring(cmsgpack.unpack(cmsgpack.pack(1.5)))",
    "return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))",
    "return cmsgpack.unpack('\\192') == nil",
    "return {cmsgpack.unpack('\\147\\1\\2')}",
    "return {cmsgpack.unpack('\\193')}",
    "return {cmsgpack.unpack('\\205\\1')}",
    "return {cmsgpack.unpack('\\217\\5ab')}",
    "return {cmsgpack.unpack('\\196\\2hi')}",
    "return {cmsgpack.unpack('\\129\\192\\1')}",
    "return {cmsgpack.unpack('')}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 3)}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1), -1)}",
    "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}",
    "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}",
    "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)}",
    "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), -1)}",
    "return cmsgpack._VERSION",
    "return {cmsgpack.unpack(cmsgpack.pack(-2^63))}",
    "return {cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255')}",
    // math.random follows Redis's generator
    "return {math.random(100), math.random(100), math.random(100)}",
    "return tostring(math.random())",
    "math.randomseed(42) return {math.random(1000), math.random(1000)}",
    "return math.random(0)",
    "return math.random(3, 1)",
    "return math.random(1, 2, 3)",
];

#[test]
fn redis_libraries_match_builtin_eval() {
    let Some(server) = start_server() else {
        eprintln!("redis-server not available: skipping the built-in EVAL comparison");
        return;
    };
    let mut conn = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut failures = Vec::new();
    // One long-lived state on each side, as Redis keeps one (the random sequence and cjson's
    // settings carry over between scripts); settings are reset before each case on both.
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    for case in CASES {
        let reset =
            "cjson.encode_sparse_array(false, 2, 10) cjson.encode_number_precision(14) return 1";
        eval_redis(&mut conn, &mut reader, reset);
        eval_ferrous(&mut vm, reset);
        let want = eval_redis(&mut conn, &mut reader, case);
        let got = eval_ferrous(&mut vm, case);
        if want != got {
            failures.push(format!(
                "{}\n    redis:   {}\n    ferrous: {}",
                case, want, got
            ));
        }
    }
    drop(server);
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Redis's built-in EVAL:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
