//! The host API the Redis module uses, driven the way the module drives it: a VM with Redis's
//! libraries, scripts loaded as `@user_script`, the globals protected recursively, `KEYS` set
//! by the host, a budget hook that kills. Each test is named in ARCHITECTURE_ISSUES.md.

use ferrous_vm::value::StrRef;
use ferrous_vm::{LuaError, Throw, Value, Vm};

const RO: &str = "Attempt to modify a readonly table";

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_stdlib::open_all(&mut vm);
    vm
}

/// A VM set up as Redis's EVAL VM: everything reachable from `_G` read-only, the string
/// metatable too (Debian's build), `KEYS` set by the host afterwards.
fn sandboxed() -> Vm {
    let mut vm = vm();
    let g = vm.globals();
    vm.set_readonly_recursive(g).unwrap();
    let smt = vm.string_metatable().expect("string metatable");
    vm.set_readonly_recursive(smt).unwrap();
    let keys = vm.new_table();
    let k1 = vm.str("k1");
    vm.raw_set(keys, Value::Num(1.0), k1).unwrap();
    vm.set_global("KEYS", Value::Table(keys));
    vm
}

fn run(vm: &mut Vm, src: &str) -> Result<Vec<Value>, LuaError> {
    let f = vm
        .load(src.as_bytes(), "@user_script")
        .unwrap_or_else(|e| panic!("{src}: {e}"));
    vm.call(f, &[])
}

fn show(vm: &Vm, vals: &[Value]) -> String {
    vals.iter()
        .map(|v| String::from_utf8_lossy(&vm.tostring_basic(*v)).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

fn ok(vm: &mut Vm, src: &str) -> String {
    let r = run(vm, src).unwrap_or_else(|e| panic!("{src}: {}", e.message));
    show(vm, &r)
}

fn err(vm: &mut Vm, src: &str) -> LuaError {
    match run(vm, src) {
        Ok(v) => panic!("{src}: no error, returned {}", show(vm, &v)),
        Err(e) => e,
    }
}

// ---- read-only tables ----

#[test]
fn readonly_opcode_writes_are_positioned() {
    let mut vm = sandboxed();
    let pos = format!("user_script:1: {RO}");
    for src in [
        "x = 1",                  // SETGLOBAL
        "string.foo = 1",         // SETTABLE, field
        "string[1] = 1",          // SETTABLE, array key
        "redis_like = nil",       // storing nil is a write too
        "local t = _G t.y = 2",   // through a local
        "getmetatable('').x = 1", // the string metatable (Debian's Redis)
        "getmetatable('').__index.upper = nil",
        "KEYS = nil", // KEYS itself is writable, _G is not
    ] {
        let e = err(&mut vm, src);
        assert_eq!(e.message, pos, "{src}");
        assert!(!e.uncatchable);
        assert_eq!(
            (e.source.as_deref(), e.line),
            (Some("@user_script"), Some(1)),
            "{src}"
        );
    }
    // Read-only is checked before the key (Redis's luaV_settable order).
    assert_eq!(err(&mut vm, "string[nil] = 1").message, pos);
    // A __newindex chain that falls through into a read-only table.
    assert_eq!(
        err(
            &mut vm,
            "local t = setmetatable({}, {__newindex = string}) t.x = 1"
        )
        .message,
        pos
    );
    // A read-only table's own __newindex is never called (Redis checks the flag first).
    vm.set_global("called", Value::Bool(false));
    let t = vm.new_table();
    let mt = vm.new_table();
    let f = vm.load(b"called = true", "=f").unwrap();
    vm.set_field(mt, "__newindex", f);
    vm.heap_mut().table_mut(t).unwrap().set_meta(Some(mt));
    vm.set_readonly(t, true).unwrap();
    let chunk = vm
        .load(b"local ro = ...\nro.x = 1", "@user_script")
        .unwrap();
    let e = vm.call(chunk, &[Value::Table(t)]).unwrap_err();
    assert_eq!(e.message, format!("user_script:2: {RO}"));
    assert_eq!(e.line, Some(2));
    assert!(vm.get_global("called").raw_eq(Value::Bool(false)));
}

#[test]
fn readonly_native_writes_are_unpositioned() {
    let mut vm = sandboxed();
    for src in [
        "rawset(_G, 'x', 1)",
        "rawset(string, nil, 1)", // read-only before the key check, as lua_rawset
        "setmetatable(_G, {})",
        "setmetatable(string, nil)",
        "table.insert(string, 1)",
        "table.insert(string, 1, 'x')",
        "table.insert(KEYS, 'k2')",
        "table.remove(KEYS)",
        "table.remove(KEYS, 1)",
    ] {
        let mut vm2 = sandboxed();
        let Value::Table(keys) = vm2.get_global("KEYS") else {
            panic!("KEYS")
        };
        vm2.set_readonly(keys, true).unwrap();
        let e = err(&mut vm2, src);
        assert_eq!(e.message, RO, "{src}");
        assert_eq!(
            (e.source.as_deref(), e.line),
            (Some("@user_script"), Some(1)),
            "{src}"
        );
    }
    // table.sort writes only when it swaps; an unsorted read-only table fails at the first swap.
    let t = vm.new_table();
    for (i, x) in [3.0, 1.0, 2.0].iter().enumerate() {
        vm.raw_set(t, Value::Num(i as f64 + 1.0), Value::Num(*x))
            .unwrap();
    }
    vm.set_readonly(t, true).unwrap();
    let sort = vm.load(b"table.sort(...)", "@user_script").unwrap();
    assert_eq!(vm.call(sort, &[Value::Table(t)]).unwrap_err().message, RO);
    let sort_cmp = vm
        .load(
            b"table.sort(..., function(a, b) return a < b end)",
            "@user_script",
        )
        .unwrap();
    assert_eq!(
        vm.call(sort_cmp, &[Value::Table(t)]).unwrap_err().message,
        RO
    );
    // lua5.1's setn never writes: it stays 'obsolete' (Redis's too).
    assert_eq!(
        err(&mut vm, "table.setn(string, 1)").message,
        "user_script:1: 'setn' is obsolete"
    );
    // The metatable protection check comes first, as luaB_setmetatable.
    let e = err(
        &mut vm,
        "local t = setmetatable({}, {__metatable = 1}) setmetatable(t, {})",
    );
    assert_eq!(
        e.message,
        "user_script:1: cannot change a protected metatable"
    );
}

#[test]
fn readonly_errors_are_catchable_and_reads_work() {
    let mut vm = sandboxed();
    assert_eq!(
        ok(&mut vm, "return pcall(function() x = 1 end)"),
        format!("false,user_script:1: {RO}")
    );
    assert_eq!(
        ok(&mut vm, "return pcall(rawset, _G, 'x', 1)"),
        format!("false,{RO}")
    );
    assert_eq!(
        ok(
            &mut vm,
            "return select(2, xpcall(function() string.x = 1 end, function(e) return 'h: ' .. e end))"
        ),
        format!("h: user_script:1: {RO}")
    );
    // Reads, iteration, metatables, library calls, locals and new tables are unaffected.
    assert_eq!(
        ok(
            &mut vm,
            "local n = 0 for k, v in pairs(string) do n = n + 1 end \
             local m = 0 for i, v in ipairs(KEYS) do m = m + 1 end \
             local t = {} t.x = 1 t[1] = 2 rawset(t, 'y', 3) setmetatable(t, {}) table.insert(t, 4) \
             local s = 'abc' \
             return n > 10, m, KEYS[1], s:upper(), rawget(_G, 'KEYS') == KEYS, t.x + t.y + #t, \
                    getmetatable('').__index == string, next(KEYS), type(getmetatable(''))"
        ),
        "true,1,k1,ABC,true,6,true,1,table"
    );
    // Globals are still read through _G (no write needed).
    assert_eq!(
        ok(&mut vm, "return type(_G.string), _G._G == _G"),
        "table,true"
    );
}

#[test]
fn readonly_host_writes_and_toggle() {
    let mut vm = sandboxed();
    let g = vm.globals();
    assert!(vm.is_readonly(g));
    // The host writes through set_global (KEYS/ARGV) and raw_set_force; raw_set refuses.
    let argv = vm.new_table();
    vm.set_global("ARGV", Value::Table(argv));
    assert_eq!(ok(&mut vm, "return type(ARGV)"), "table");
    let k = vm.str("extra");
    assert!(matches!(
        vm.raw_set(g, k, Value::Num(1.0)),
        Err(Throw::ReadOnly)
    ));
    vm.raw_set_force(g, k, Value::Num(7.0)).unwrap();
    assert_eq!(ok(&mut vm, "return extra"), "7");
    // Removing a global: set_global(name, Nil).
    vm.set_global("extra", Value::Nil);
    assert_eq!(ok(&mut vm, "return extra"), "nil");
    // Lifting the protection briefly, as Redis does around KEYS/ARGV.
    vm.set_readonly(g, false).unwrap();
    assert_eq!(ok(&mut vm, "y = 5 return y"), "5");
    vm.set_readonly(g, true).unwrap();
    assert_eq!(
        err(&mut vm, "y = 6").message,
        format!("user_script:1: {RO}")
    );
    // A write the host makes during a script (from a native) is refused like any native's.
    assert_eq!(ok(&mut vm, "return y"), "5");
}

// ---- uncatchable errors ----

const KILL: &str = "ERR Script killed by user with SCRIPT KILL...";

/// Re-arms every 1000 units; on the 5th invocation raises the uncatchable kill.
fn kill_hook(vm: &mut Vm) -> Result<(), Throw> {
    let n = vm.ext_or_insert_with("kill_hook", || 0u32);
    *n += 1;
    if *n >= 5 {
        return Err(Throw::uncatchable(KILL));
    }
    vm.set_budget(1000);
    Ok(())
}

fn armed() -> Vm {
    let mut vm = vm();
    vm.set_hook(Some(kill_hook));
    vm.set_budget(1000);
    vm
}

fn disarm(vm: &mut Vm) {
    vm.set_hook(None);
    vm.set_budget(i64::MAX);
    vm.remove_ext("kill_hook");
}

/// After a kill the VM runs ordinary chunks, including pcall, errors and coroutines.
fn still_usable(vm: &mut Vm) {
    disarm(vm);
    assert_eq!(
        ok(
            vm,
            "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) \
             local x = co(1) local y = co(10) \
             local okp, e = pcall(error, 'e') \
             local t = {} for i = 1, 100 do t[#t + 1] = i end table.sort(t, function(a, b) return a > b end) \
             return x, y, okp, e, t[1], select('#', unpack(t))"
        ),
        "2,20,false,e,100,100"
    );
    let e = err(vm, "\nerror('plain')");
    assert!(!e.uncatchable);
    assert_eq!(e.message, "user_script:2: plain");
}

fn assert_killed(vm: &mut Vm, src: &str) -> LuaError {
    let e = err(vm, src);
    assert!(e.uncatchable, "{src}: {}", e.message);
    assert_eq!(e.message, KILL, "{src}");
    assert!(e.value.raw_eq(vm.str(KILL)));
    assert_eq!(e.source.as_deref(), Some("@user_script"), "{src}");
    e
}

#[test]
fn uncatchable_kill_passes_pcall_xpcall_and_coroutines() {
    let cases = [
        "while true do pcall(function() while true do end end) end",
        "pcall(pcall, pcall, function() while true do end end) return 'survived'",
        // inside a coroutine inside a pcall
        "pcall(function() local co = coroutine.create(function() while true do end end) \
         print_ok = coroutine.resume(co) end) return 'survived'",
        "while true do pcall(coroutine.wrap(function() while true do end end)) end",
        // nested coroutines
        "co1 = coroutine.create(function() \
           local co2 = coroutine.wrap(function() pcall(function() while true do end end) end) \
           co2() end) \
         while true do pcall(coroutine.resume, co1) end",
        // xpcall: the handler must not run
        "while true do xpcall(function() while true do end end, function(e) handled = true return e end) end",
        // a handler that loops forever is killed too
        "xpcall(function() error('x') end, function(e) while true do end end) return 'survived'",
        // an error loop: every iteration raises and catches
        "while true do pcall(error, 'again') end",
        "local function f() pcall(f) pcall(f) error('x') end f()",
        // inside a sort comparator and a gsub-free native continuation
        "local t = {} for i = 1, 100 do t[i] = i end \
         while true do pcall(table.sort, t, function(a, b) while true do end end) end",
        "table.foreach({1, 2, 3}, function() while true do end end)",
        "local m = setmetatable({}, {__index = function(t, k) while true do end end}) \
         pcall(function() return m.x end)",
        "tostring(setmetatable({}, {__tostring = function() while true do end end}))",
    ];
    for src in cases {
        let mut vm = armed();
        assert_killed(&mut vm, src);
        assert!(
            vm.get_global("handled").is_nil(),
            "{src}: the xpcall handler ran"
        );
        // A coroutine that was running is left dead.
        if let Value::Thread(co) = vm.get_global("co1") {
            assert_eq!(vm.co_status(co).unwrap(), "dead");
        }
        assert!(vm.running().is_none());
        still_usable(&mut vm);
    }
}

#[test]
fn uncatchable_kill_location_is_the_innermost_lua_frame() {
    let mut vm = armed();
    let e = assert_killed(
        &mut vm,
        "local function spin()\n  while true do\n  end\nend\npcall(spin)",
    );
    assert!(matches!(e.line, Some(2) | Some(3)), "{:?}", e.line);
    // Killed during a native's own work (table.sort comparisons, charged per comparison):
    // the location is the Lua line calling the native.
    let mut vm = crate::vm();
    fn kill_now(_: &mut Vm) -> Result<(), Throw> {
        Err(Throw::uncatchable(KILL))
    }
    vm.set_hook(Some(kill_now));
    vm.set_budget(1_000_000);
    let e = assert_killed(
        &mut vm,
        "local t = {} for i = 1, 100000 do t[i] = (i * 7919) % 100003 end\n\
         local cmp = function(a, b) return a < b end\n\
         table.sort(t, cmp)\n\
         return 'sorted'",
    );
    assert_eq!(e.line, Some(3));
    vm.set_budget(500_000);
    let e = assert_killed(
        &mut vm,
        "local t = {} for i = 1, 300000 do t[i] = 'x' end\n\
         local s = table.concat(t)\n\
         return #s",
    );
    assert_eq!(e.line, Some(2));
    // load with a reader that never ends
    vm.set_budget(100_000);
    let e = assert_killed(&mut vm, "\nload(function() return ' ' end)");
    assert_eq!(e.line, Some(2));
    still_usable(&mut vm);
}

#[test]
fn natives_charge_the_budget() {
    let mut vm = vm();
    let t = vm.new_table();
    for i in 1..=5000 {
        vm.raw_set(t, Value::Num(i as f64), Value::Num(i as f64))
            .unwrap();
    }
    for (src, at_least) in [
        ("return select('#', unpack(...))", 5000),
        ("return #table.concat(..., ',')", 5000),
        (
            "table.insert(..., 1, 0) return table.remove(..., 1)",
            2 * 5000,
        ),
    ] {
        let f = vm.load(src.as_bytes(), "@user_script").unwrap();
        vm.set_budget(1_000_000);
        vm.call(f, &[Value::Table(t)]).unwrap();
        let used = 1_000_000 - vm.budget();
        assert!(used >= at_least, "{src}: charged {used}");
        assert!(used < at_least + 100, "{src}: charged {used}");
    }
}

// ---- error location ----

#[test]
fn error_location_follows_redis_error_handler() {
    let mut vm = vm();
    let cases: [(&str, &str, u32); 7] = [
        ("local x = 1\nerror('boom')", "user_script:2: boom", 2),
        // a native's error: the Lua line calling it (level 3 under a C function)
        (
            "\n\nstring.rep()",
            "user_script:3: bad argument #1 to 'rep' (string expected, got no value)",
            3,
        ),
        // a runtime error inside a nested function: that function's line
        (
            "local function f()\n  return nil + 1\nend\nf()",
            "user_script:2: attempt to perform arithmetic on a nil value",
            2,
        ),
        // caught and re-raised: the re-raise point
        (
            "local ok, e = pcall(error, 'inner')\n\nerror(e, 0)",
            "inner",
            3,
        ),
        (
            "local ok, e = pcall(function()\n error('inner')\nend)\n\nerror(e, 0)",
            "user_script:2: inner",
            5,
        ),
        // a coroutine's error re-raised by wrap: the resumer's line
        (
            "local f = coroutine.wrap(function()\n error('in co', 0)\nend)\n\nf()",
            "user_script:5: in co",
            5,
        ),
        // error with a table value
        (
            "\nerror({err = 'MYERR y'})",
            "(error object is not a string)",
            2,
        ),
    ];
    for (src, msg, line) in cases {
        let e = err(&mut vm, src);
        assert_eq!(e.message, msg, "{src}");
        assert_eq!(
            (e.source.as_deref(), e.line),
            (Some("@user_script"), Some(line)),
            "{src}"
        );
        assert!(!e.uncatchable);
    }
    // No Lua function running: a native called directly by the host.
    let f = vm.get_global("error");
    let s = vm.str("x");
    let e = vm.call(f, &[s]).unwrap_err();
    assert_eq!((e.source, e.line), (None, None));
}

// ---- conveniences ----

#[test]
fn host_conveniences() {
    let mut vm = vm();
    // Compile errors carry Redis's chunk name form.
    assert_eq!(
        vm.load(b"return +", "@user_script")
            .unwrap_err()
            .to_string(),
        "user_script:1: unexpected symbol near '+'"
    );
    assert_eq!(
        vm.load(b"x = 1 +", "@user_script").unwrap_err().to_string(),
        "user_script:1: unexpected symbol near '<eof>'"
    );
    // The string metatable, whose __index is the string table.
    let smt = vm.string_metatable().expect("string metatable");
    let idx = vm.get_field(smt, "__index");
    assert!(idx.raw_eq(vm.get_global("string")));
    // Removing a global (Debian's Redis removes getfenv/setfenv/newproxy).
    vm.set_global("getfenv", Value::Nil);
    assert_eq!(ok(&mut vm, "return getfenv"), "nil");
}

// ---- CLI-only libraries ----

/// The libraries Redis scripts get have no `debug`, `io`, `os`, file loaders or `print`, and
/// their `string.dump` output does not load (Redis 7.0 refuses binary chunks); the CLI's
/// libraries have all of them and load their own dumps.
#[test]
fn cli_libraries_stay_out_of_the_redis_sandbox() {
    let mut redis = sandboxed();
    assert_eq!(
        ok(
            &mut redis,
            "return type(debug), type(io), type(os), type(print), type(dofile), \
             type(loadfile), type(require)"
        ),
        "nil,nil,nil,nil,nil,nil,nil"
    );
    assert_eq!(
        ok(
            &mut redis,
            "local f, e = loadstring(string.dump(function() return 1 end)) \
             return tostring(f), e"
        ),
        "nil,[string \"\u{1b}LuaQ\"]: bad binary format (precompiled chunks are not supported)"
    );
    let mut cli = Vm::new();
    ferrous_stdlib::open_cli(&mut cli);
    assert_eq!(
        ok(
            &mut cli,
            "return type(debug.getinfo), type(io.open), type(os.date), \
             loadstring(string.dump(function() return 1 end))()"
        ),
        "function,function,function,1"
    );
}

// ---- Per-run host paths (issue 11: the module's fixed cost per script) ----

/// `Heap::new_string_array` (KEYS/ARGV made from the command's arguments) makes the same
/// table as a `{...}` constructor of the strings, interned (equal to literals, usable as
/// keys), appendable, and charged as the table's size.
#[test]
fn host_string_arrays_match_constructors() {
    let mut vm = vm();
    let before = vm.heap().bytes;
    let t = vm.heap_mut().new_string_array(&[b"a", b"b", b"c"]);
    assert!(vm.heap().bytes >= before + vm.heap().table(t).unwrap().size_bytes());
    vm.set_global("K", Value::Table(t));
    let e = vm.heap_mut().new_string_array(&[]);
    vm.set_global("E", Value::Table(e));
    let n: Vec<&[u8]> = (0..6).map(|_| &b"x"[..]).collect();
    let m = vm.heap_mut().new_string_array(&n);
    vm.set_global("M", Value::Table(m));
    assert_eq!(
        ok(
            &mut vm,
            "local t = {} t[K[2]] = 1 K[5] = 'e' local n = 0 for _ in ipairs(K) do n = n + 1 end \
             return #K, n, table.concat(K, ','), t.b, rawequal(K[1], 'a'), #M, M[6], #E, next(E)"
        ),
        "3,3,a,b,c,1,true,6,x,0,nil"
    );
    assert_eq!(ok(&mut vm, "table.insert(E, 'z') return #E, E[1]"), "1,z");
}

/// `Heap::intern_hinted` / `new_string_array_hinted`: the result is `intern`'s whatever the
/// hint (right, other bytes, null, or the handle of a string collected since), and the
/// hints are updated to each item's handle.
#[test]
fn hinted_interning_matches_interning() {
    let mut vm = vm();
    let a = vm.heap_mut().intern(b"abc");
    assert_eq!(vm.heap_mut().intern_hinted(b"abc", a), a);
    let d = vm.heap_mut().intern_hinted(b"abd", a);
    assert_eq!(d, vm.heap_mut().intern(b"abd"));
    assert_ne!(d, a);
    let n = vm.heap_mut().intern_hinted(b"abc", StrRef::default());
    assert_eq!(n, a);
    // `abc` kept; a string nothing refers to, collected: its handle is stale.
    vm.set_global("A", Value::Str(a));
    let gone = vm.heap_mut().intern(b"a string about to be collected");
    vm.collect_garbage();
    assert!(vm.heap().str_bytes(gone).is_err());
    let again = vm
        .heap_mut()
        .intern_hinted(b"a string about to be collected", gone);
    assert_ne!(again, gone);
    assert_eq!(
        vm.heap().str_bytes(again).unwrap(),
        b"a string about to be collected"
    );
    assert_eq!(
        again,
        vm.heap_mut().intern(b"a string about to be collected")
    );
    let mut hints = [a, gone];
    let t = vm
        .heap_mut()
        .new_string_array_hinted(&[b"abc", b"xyz", b"tail"], &mut hints);
    let xyz = vm.heap_mut().intern(b"xyz");
    assert_eq!(hints, [a, xyz]);
    vm.set_global("T", Value::Table(t));
    assert_eq!(
        ok(&mut vm, "return #T, table.concat(T, ',')"),
        "3,abc,xyz,tail"
    );
}

/// `Vm::raw_set_strs_force`: several keys with one lookup, present ones in place, the rest
/// (from the first absent one) added, on a read-only table with a `__newindex` metatable.
#[test]
fn raw_set_strs_force_stores_present_and_absent_keys() {
    let mut vm = vm();
    ok(
        &mut vm,
        "G = setmetatable({a = 1}, {__newindex = function() error('no') end})",
    );
    let Value::Table(g) = vm.get_global("G") else {
        panic!("G is a table")
    };
    vm.set_readonly(g, true).unwrap();
    let key = |vm: &mut Vm, k: &str| match vm.str(k) {
        Value::Str(s) => s,
        _ => panic!("a string"),
    };
    let (a, b, c) = (key(&mut vm, "a"), key(&mut vm, "b"), key(&mut vm, "c"));
    vm.raw_set_strs_force(
        g,
        &[
            (a, Value::Num(2.0)),
            (b, Value::Num(3.0)),
            (c, Value::Num(4.0)),
        ],
    )
    .unwrap();
    assert_eq!(ok(&mut vm, "return G.a, rawget(G, 'b'), G.c"), "2,3,4");
    vm.raw_set_strs_force(g, &[(b, Value::Nil), (a, Value::Num(5.0))])
        .unwrap();
    assert_eq!(ok(&mut vm, "return G.a, rawget(G, 'b'), G.c"), "5,nil,4");
    vm.raw_set_strs_force(g, &[(b, Value::Num(6.0))]).unwrap();
    assert_eq!(ok(&mut vm, "return G.a, G.b, G.c"), "5,6,4");
    assert!(run(&mut vm, "G.a = 5").is_err());
}

/// `Vm::visit_global_names`: every GETGLOBAL/SETGLOBAL name of a function and its nested
/// functions, nothing for locals, fields, upvalues or natives.
#[test]
fn global_names_cover_nested_functions() {
    let mut vm = vm();
    let f = vm
        .load(
            b"local x = a.b local function f() c = d(KEYS) return function() return e end end \
              return x.y, f",
            "@user_script",
        )
        .unwrap();
    let mut names = Vec::new();
    vm.visit_global_names(f, &mut |n| {
        names.push(String::from_utf8_lossy(n.expect("a string constant")).into_owned())
    });
    names.sort();
    assert_eq!(names, ["KEYS", "a", "c", "d", "e"]);
    let p = vm.get_global("print");
    let mut n = 0;
    vm.visit_global_names(p, &mut |_| n += 1);
    vm.visit_global_names(Value::Nil, &mut |_| n += 1);
    assert_eq!(n, 0);
}

/// `Vm::lua_params`: a Lua function's parameter count and `...`; None for natives and
/// non-functions.
#[test]
fn lua_params_read_the_prototype() {
    let mut vm = vm();
    let f = vm
        .load(
            b"return function() end, function(a) end, function(a, b, c) end, function(a, ...) end",
            "@user_script",
        )
        .unwrap();
    let fs = vm.call(f, &[]).unwrap();
    let got: Vec<_> = fs.iter().map(|&f| vm.lua_params(f)).collect();
    assert_eq!(
        got,
        [
            Some((0, false)),
            Some((1, false)),
            Some((3, false)),
            Some((1, true))
        ]
    );
    let p = vm.get_global("print");
    assert_eq!(vm.lua_params(p), None);
    assert_eq!(vm.lua_params(Value::Nil), None);
}

/// `Vm::raw_set_str_force` (the host's per-run KEYS/ARGV): a present key is stored in place
/// and an absent one added, on a read-only table with a `__newindex` metatable (a raw store
/// consults neither).
#[test]
fn raw_set_str_force_stores_present_and_absent_keys() {
    let mut vm = vm();
    ok(
        &mut vm,
        "G = setmetatable({a = 1}, {__newindex = function() error('no') end})",
    );
    let Value::Table(g) = vm.get_global("G") else {
        panic!("G is a table")
    };
    vm.set_readonly(g, true).unwrap();
    for (k, v) in [("a", 2.0), ("b", 3.0), ("a", 4.0)] {
        let Value::Str(k) = vm.str(k) else {
            panic!("a string")
        };
        vm.raw_set_str_force(g, k, Value::Num(v)).unwrap();
    }
    assert_eq!(ok(&mut vm, "return G.a, rawget(G, 'b')"), "4,3");
    assert!(run(&mut vm, "G.a = 5").is_err());
}

/// `Vm::call_first` (a script run's reply) is `call`'s first result, nil when there is none,
/// and leaves the VM reusable after an error.
#[test]
fn call_first_keeps_the_first_result() {
    let mut vm = vm();
    let f = vm.load(b"return 7, 8", "@user_script").unwrap();
    assert!(vm.call_first(f, &[]).unwrap().raw_eq(Value::Num(7.0)));
    let f = vm.load(b"return", "@user_script").unwrap();
    assert!(vm.call_first(f, &[]).unwrap().is_nil());
    let f = vm.load(b"error('boom')", "@user_script").unwrap();
    assert_eq!(
        vm.call_first(f, &[]).unwrap_err().to_string(),
        "user_script:1: boom"
    );
    assert_eq!(ok(&mut vm, "return 1 + 1"), "2");
}

/// Indexed host data (`Vm::ext_slot`): read back by type, replaced when the slot holds
/// another type, independent of the keyed entries.
#[test]
fn ext_slots_hold_host_data_by_index() {
    let mut vm = vm();
    assert!(vm.ext_slot::<u32>(1).is_none());
    *vm.ext_slot_or_insert_with(1, || 5u32) += 1;
    assert_eq!(vm.ext_slot::<u32>(1), Some(&6));
    *vm.ext_slot_mut::<u32>(1).unwrap() *= 2;
    assert_eq!(vm.ext_slot::<u32>(1), Some(&12));
    assert!(vm.ext_slot_mut::<i64>(1).is_none());
    assert!(
        vm.ext_slot::<i64>(1).is_none(),
        "another type reads as absent"
    );
    assert_eq!(
        *vm.ext_slot_or_insert_with(1, || -1i64),
        -1,
        "and is replaced"
    );
    assert!(vm.ext_slot::<u32>(1).is_none());
    assert!(
        vm.ext_slot::<u32>(ferrous_vm::EXT_SLOTS).is_none(),
        "out of range"
    );
    vm.set_ext("one", 1u8);
    assert_eq!(vm.ext_slot::<i64>(1), Some(&-1));
}
