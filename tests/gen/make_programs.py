#!/usr/bin/env python3
"""Writes the Lua conformance programs in tests/lua/ (deterministic output only).

Hand-written programs live in PROGRAMS; expression batteries are expanded into one program per
batch of cases so a failure points at a small area. Expected outputs are never written here:
tests/regen-expected.sh produces them by running lua5.1.
"""
import os, textwrap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lua")
PROGRAMS = {}

def prog(name, code):
    PROGRAMS[name] = textwrap.dedent(code).lstrip("\n")

def battery(prefix, exprs, per=6, pre="", wrap=None):
    """One program per `per` expressions; each prints the expression text and its values via
    pcall, so errors show their messages."""
    for k in range(0, len(exprs), per):
        chunk = exprs[k:k + per]
        lines = [pre]
        for e in chunk:
            body = wrap % e if wrap else e
            lines.append("print(%r, pcall(function() return %s end))" % (e, body))
        PROGRAMS["%s_%02d" % (prefix, k // per + 1)] = "\n".join(lines) + "\n"

# ---------------------------------------------------------------- expression batteries
battery("num_tostring", [
    "1e15", "1e16", "0.1", "1/3", "-0", "2^53", "2^63", "1e300*1e10", "-1e300*1e10", "1e-310",
    "123456789012345", "1234567890123456", "0.1+0.2", "100", "-123.456", "1e100", "5e-324",
    "2^-1074", "12345.6789e10", "3.14159265358979", "1/7", "-1/7", "255/256", "1e14", "1e-5",
    "0.0001", "123e-7", "2^31", "-2^31", "2^32+0.5", "math.huge", "-math.huge", "10/2", "7/2",
])
battery("num_coerce", [
    '"10"+1', '" 0x10 "*1', '"1e1"*1', '"  5  "-0', '"abc"+1', '"0x"+0', '"1e"+0', '"-0x10"+0',
    '10 .. ""', '1.5 .. "x"', '"3" * "4"', '"2"^"3"', '-"2"', '"10" % 3', '"9" / "2"',
    'tonumber("  12  ")', 'tonumber("12a")', 'tonumber("1e5")', 'tonumber(".5")', 'tonumber("5.")',
    'tonumber("0x1F")', 'tonumber("")', 'tonumber(" ")', 'tonumber("- 1")', 'tonumber("inf")',
    'tonumber("nan")', 'tonumber(nil)', 'tonumber(true)', 'tonumber({})', 'tonumber("10", 2)',
    'tonumber("ff", 16)', 'tonumber("zz", 36)', 'tonumber("777", 8)', 'tonumber("12", 3)',
    'tonumber("8", 8)', 'tonumber(" 11 ", 2)', 'tonumber("1", 1)', 'tonumber("1", 37)',
])
battery("op_arith", [
    "7 % 3", "-7 % 3", "7 % -3", "-7 % -3", "5.5 % 2", "-5.5 % 2", "2^10", "2^0.5", "(-8)^(1/3)",
    "-2^2", "2^-2", "2^3^2", "1/0", "-1/0", "0/0 ~= 0/0", "10 - 2 - 3", "2 * 3 + 4 * 5", "7 / 2",
    "3 % math.huge", "-3 % math.huge", "5 % 0 ~= 5 % 0", "1e308 * 10", "-(2^53) - 1", "0.1 * 3",
    "100000000000000 * 10", "-(-3)", "- -3", "2 ^ 63 == 2^63", "1 + nil", "{} + 1", "'a' + 1",
    "nil - 1", "(function() end) * 2", "true / 1", "-{}", "-'x'",
])
battery("op_compare", [
    "1 < 2", "2 <= 2", "'a' < 'b'", "'a' < 'B'", "'abc' < 'abd'", "'' < 'a'", "'a\\0b' < 'a\\0c'",
    "'Z' < 'a'", "1 == 1.0", "'1' == 1", "{} == {}", "nil == false", "1 < '2'", "{} < {}",
    "nil < 1", "true < false", "'10' < '9'", "2 > 1", "2 >= 3", "not 1 == 2", "not nil",
    "not not 0", "1 ~= 2", "'a' ~= 'a'", "0 == -0", "1/0 > 1e308", "'\\255' > 'a'", "function() end < 1",
])
battery("op_logic", [
    "nil and 1", "false and error('x')", "1 and 2", "nil or 'd'", "false or nil", "1 or error('x')",
    "1 and nil or 3", "nil and nil or false", "(nil or false) == false", "0 and 'zero is true'",
    "'' and 'empty is true'", "not (1 and nil)", "1 == 1 and 'y' or 'n'", "(1 < 2) == true",
])
battery("op_concat", [
    "1 .. 2", "'a' .. 'b' .. 'c'", "1.5 .. ''", "-0 .. ''", "2^53 .. ''", "'x' .. 1e100",
    "'a' .. nil", "'a' .. {}", "{} .. 'a'", "true .. ''", "#('abc' .. 'de')", "('x'):rep(3) .. 1",
])
battery("op_len", [
    "#'hello'", "#''", "#'\\0\\0'", "#{1,2,3}", "#{}", "#{n=1}", "#{1,2,nil}", "#{nil}",
    "#nil", "#5", "#{[1]=1,[2]=2,[3]=3}",
])
battery("str_format", [
    "string.format('%d', 3.7)", "string.format('%d', -3.7)", "string.format('%5d|%-5d|', 42, 42)",
    "string.format('%05.1f', 3.14159)", "string.format('%.3f', 2/3)", "string.format('%e', 0)",
    "string.format('%g', 1e-5)", "string.format('%g', 123456789)", "string.format('%G', 1e-20)",
    "string.format('%x', 255)", "string.format('%X', 3735928559)", "string.format('%o', 64)",
    "string.format('%c%c%c', 76, 117, 97)", "string.format('%q', 'line1\\nline2')",
    "string.format('%q', '\\0\\r\\\\\"')", "string.format('%s', 12)", "string.format('%.2s', 'abc')",
    "string.format('%10.3s|', 'abcdef')", "string.format('%%')", "string.format('%5.2f%%', 99.5)",
    "string.format('%d', 2^31)", "string.format('%d', -2^31)", "string.format('%+.2e', 12345)",
    "string.format('% d', 7)", "string.format('%#o', 8)", "string.format('%#x', 0)", "string.format('%.0f', 0.5)",
    "string.format('%.0f', 1.5)", "string.format('%.0f', 2.5)", "string.format('%.1f', 0.05)",
    "string.format('%y', 1)", "string.format('%d')", "string.format('%d', 'x')", "string.format('%s')",
    "string.format('%123d', 1)", "string.format('%------d', 1)", "string.format('%.123f', 1)",
    "string.format('%5s|%-5s|', 'a', 'b')", "string.format('%i', 42)", "string.format('%u', 42)",
    "string.format('%g', 0.1)", "string.format('%g', 100000)", "string.format('%g', 1000000)",
    "string.format('%.14g', 0.1)", "string.format('%.20g', 0.1)", "string.format('%10.4f|', math.pi)",
    "string.format('%-12.5e|', -1/3)", "string.format('%+g', 5)", "string.format('%#g', 1)",
    "string.format('%5.1E', 1234.5)", "string.format('%s %s', 1, 2)", "string.format('%d', 0/0)",
])
battery("str_basic", [
    "('abc'):sub(2)", "('abc'):sub(-2)", "('abc'):sub(2, 10)", "('abc'):sub(0)", "('abc'):sub(3, 2)",
    "('abc'):sub(-10, -2)", "string.sub('hello', 2, -2)", "('ab'):rep(3)", "('ab'):rep(0)",
    "('ab'):rep(-1)", "string.byte('ABC')", "string.byte('ABC', 2)", "string.byte('ABC', -1)",
    "string.byte('ABC', 1, 3)", "string.byte('', 1)", "string.char()", "string.char(104, 105)",
    "string.char(256)", "string.upper('mIxEd 123')", "string.lower('MiXeD')", "string.len('a\\0b')",
    "string.reverse('abc')", "string.reverse('')", "('x'):upper()", "#string.rep('ab', 1000)",
    "string.sub('abc', 2.7)", "string.byte('a', 1.9)", "string.len(123)", "string.upper(12)",
    "string.rep()", "string.sub()", "string.char('x')", "tostring(12):len()",
])
battery("str_find", [
    "string.find('hello world', 'o')", "string.find('hello world', 'o', 6)", "string.find('hello', 'l+')",
    "string.find('hello', 'xyz')", "string.find('a.b', '.', 1, true)", "string.find('a.b', '%.')",
    "string.find('abc', '')", "string.find('abc', '', 10)", "string.find('abc', '', 4)",
    "string.find('abc', 'c', -1)", "string.find('abc', 'a', -10)", "string.find('aaa', 'a-', 2)",
    "string.find('[test]', '[', 1, true)", "string.find('key = value', '(%w+)%s*=%s*(%w+)')",
    "string.find('THE (quick) fox', '%((%a+)%)')", "string.find('abc', '()b()')", "string.find('', '^$')",
    "string.find('abc', '^b')", "string.find('abc', 'c$')", "string.find('a$c', '$c')",
])
battery("str_match", [
    "string.match('key=val', '(%w+)=(%w+)')", "string.match('  trim  ', '^%s*(.-)%s*$')",
    "string.match('2024-01-05', '(%d+)-(%d+)-(%d+)')", "string.match('hello', '.-(l+)(.*)')",
    "string.match('f(a(b)c)d', '%b()')", "string.match('abc', '(a)(b)(c)')", "string.match('abc', '()')",
    "string.match('hello', 'h(.)(.)')", "string.match('x = 10', '^(%a+)%s*=%s*(%d+)$')",
    "string.match('abab', '(ab)%1')", "string.match('abba', '(a)(b)%2%1')", "string.match('aaa', 'a*')",
    "string.match('aaa', 'a-')", "string.match('aaa', 'a-$')", "string.match('ab', 'a?b')",
    "string.match('b', 'a?b')", "string.match('THE END', '%u+')", "string.match('x1y2', '%d')",
    "string.match('\\0ab', '%z')", "string.match('tab\\there', '%s')", "string.match('a,b;c', '[,;]')",
    "string.match('a]b', '[]]')", "string.match('a-b', '[a-]+')", "string.match('A1_b', '[%w_]+')",
    "string.match('hello', '[^aeiou]+')", "string.match('word boundary', '%f[%w]%w+$')",
    "string.match('x', '%')", "string.match('x', '[x')", "string.match('x', '(')", "string.match('x', ')')",
    "string.match('x', '%1')", "string.match('x', '%b')", "string.match('x', '%f')", "string.match('a', '(()')",
    "string.match(string.rep('a', 40), string.rep('(a)', 33))",
])
battery("str_gsub", [
    "string.gsub('hello world', 'o', '0')", "string.gsub('abc', '%w', '%0%0')", "string.gsub('hello', '', '-')",
    "string.gsub('abc', 'b*', 'X')", "string.gsub('hello world', '(%w+)', '<%1>')", "string.gsub('abc', '.', {a=1, b=true})",
    "string.gsub('abc', '.', {a='A'})", "string.gsub('hello', 'l', 'L', 1)", "string.gsub('hello', 'l', 'L', 0)",
    "string.gsub('abc', '^a', 'X')", "string.gsub('aaa', '^a', 'X')", "string.gsub('x y', '%s', '%%')",
    "string.gsub('abc', '(b)', '%2')", "string.gsub('abc', 'b', '%')", "string.gsub('a b', '%w', function(c) return nil end)",
    "string.gsub('a b', '%w', function(c) return c:upper() .. '!' end)", "string.gsub('abc', '()', '%1')",
    "string.gsub('a,b,,c', ',', ';')", "string.gsub('$x and $y', '%$(%w+)', {x='1', y=2})",
    "string.gsub('abc', '.', function() return {} end)", "string.gsub('abc', 'b', 5)", "string.gsub('abc', 'b', true)",
    "string.gsub(string.rep('ab', 5), 'ab', 'x', 3)", "string.gsub('one two three', '(%w+) (%w+)', '%2 %1')",
])
battery("tbl_lib", [
    "table.concat({1, 2, 3}, ', ')", "table.concat({})", "table.concat({'a', 'b'}, '-', 2)",
    "table.concat({'a', 'b', 'c'}, '', 2, 3)", "table.concat({1, {}, 3})", "table.concat({1, 2}, 3)",
    "table.maxn({1, 2, [10] = 3})", "table.maxn({})", "table.maxn({[1.5] = 1})", "table.getn({1, 2, 3})",
    "select('#', table.remove({}))", "table.remove({1, 2, 3})", "table.remove({1, 2, 3}, 1)",
    "table.insert({}, 1, 2, 3)", "table.insert(nil, 1)", "table.setn({}, 1)", "unpack({1, 2, 3})",
    "unpack({1, 2, 3}, 2)", "unpack({1, 2, 3}, 2, 3)", "unpack({}, 1, 3)", "select('#', unpack({}, 1, 0))",
    "unpack({1, nil, 3})", "select(2, 'a', 'b', 'c')", "select(-1, 'a', 'b', 'c')", "select('#')",
    "select(0, 1)", "select(-5, 1)", "next({})", "next({10})", "rawget({5}, 1)", "rawequal('a', 'a')",
    "rawequal({}, {})", "rawlen == nil", "type(table.foreach)",
])
battery("math_lib", [
    "math.floor(3.7)", "math.floor(-3.7)", "math.ceil(3.2)", "math.ceil(-3.2)", "math.abs(-4)",
    "math.max(1, 5, 3)", "math.min(4, 2, 8)", "math.max(1)", "math.sqrt(16)", "math.fmod(7, 3)",
    "math.fmod(-7, 3)", "math.modf(3.7)", "math.modf(-3.7)", "math.huge > 1e308", "math.pi",
    "math.sin(0)", "math.cos(0)", "math.exp(0)", "math.log(1)", "math.log10(1000)", "math.pow(2, 10)",
    "math.deg(math.pi)", "math.rad(180)", "math.frexp(8)", "math.frexp(0)", "math.frexp(-0.375)",
    "math.ldexp(0.5, 4)", "math.mod(7, 3)", "math.tan(0)", "math.atan2(1, 1)", "math.floor('2.5')",
    "math.max()", "math.floor()", "math.floor('x')", "math.sinh(0)", "math.tanh(0)", "math.asin(1)",
])
battery("misc_base", [
    "type(nil)", "type(1)", "type('')", "type({})", "type(print)", "type(type)", "type()",
    "tostring(nil)", "tostring(true)", "tostring(false)", "tostring(-0)", "tostring(1e300 * 1e300)",
    "_VERSION", "type(_G)", "_G._G == _G", "type(coroutine.create(function() end))", "select('#', nil, nil)",
    "assert(1, 2, 3)", "assert(false)", "assert(nil, 'custom message')", "assert(false, 42)",
    "error('boom')", "error('boom', 0)", "error('boom', 2)", "select(2, pcall(error, {code = 1})).code", "error(nil)",
    "error(42)", "pcall(error)", "select('#', pcall(pcall))", "xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)",
    "getmetatable('').__index == string", "getmetatable({})", "setmetatable({}, nil) ~= nil",
    "setmetatable({}, 1)", "setmetatable(1, {})", "rawset({}, nil, 1)", "rawget(1, 1)",
    "loadstring('return 1 + 1')()", "select(2, loadstring('syntax error here'))", "select(2, loadstring('x = '))",
    "loadstring('return ...', 'chunk')(4, 5)", "select('#', loadstring('return')())",
    "gcinfo() > 0", "collectgarbage('count') > 0", "collectgarbage('bogus')", "collectgarbage()",
])
battery("err_compile", [
    "loadstring('x = = 1')", "loadstring('local 1 = 2')", "loadstring('f(')", "loadstring('if x then')",
    "loadstring('for i = 1 do end')", "loadstring('x = }')", "loadstring('return return')",
    "loadstring('break')", "loadstring('local function end')", "loadstring('a.b:c = 1')",
    "loadstring('x = 1 +')", "loadstring('\"unfinished')", "loadstring('[[unfinished')",
    "loadstring('--[[unfinished')", "loadstring('x = 3x')", "loadstring('x = \"\\\\300\"')",
    "loadstring('f()\\n(g)()')", "loadstring('x = ...')", "loadstring('function f() x = ... end')",
    "loadstring('local t = {1, 2')", "loadstring('while true do')", "loadstring('repeat until')",
    "loadstring('x.y.z')", "loadstring('(x) = 1')", "loadstring('x = 0x')", "loadstring('x = [==[ a ]=]')",
    "loadstring('@')", "loadstring('x = #')", "loadstring('goto x')", "loadstring('return 1,')",
    "loadstring('local a <const> = 1')", "loadstring('x = 1 // 2')", "loadstring('f{} {}')",
    "loadstring(string.rep('(', 300) .. '1' .. string.rep(')', 300))",
], wrap="(function(f, m) return type(f), m end)(%s)")


battery("str_pattern", [
    "string.match('hello world', '%a+', 3)", "string.match('abc123def', '%d+')", "string.match('  x', '^%s*()')",
    "string.match('[[nested]]', '%[(%b[])%]')", "string.match('a.b.c', '^(.-)%.')", "string.match('a.b.c', '^(.*)%.')",
    "string.match('path/to/file.txt', '([^/]+)$')", "string.match('path/to/file.txt', '%.(%w+)$')",
    "string.match('CamelCaseWord', '%u%l+', 2)", "string.match('x=1,y=2', 'y=(%d)')", "string.match('aaa', '^(a-)a$')",
    "string.match('hello', '(h)(e)(l)(l)(o)')", "string.match('abc', '[%a-]+')", "string.match('a-z', '[a%-z]+')",
    "string.match('%d', '%%d')", "string.match('1+1=2', '%d%+%d')", "string.match('ab\ncd', 'b.c')",
    "string.match('caps LOCK', '%l+ (%u+)')", "string.match('tab\tsep', '([^\t]+)\t(.+)')",
    "string.match('0x1F', '^0[xX](%x+)$')", "string.match('  ', '^%s+$')", "string.match('', '.*')",
    "string.match('abc', '.-b')", "string.match('abcabc', '(abc)%1')", "string.match('x', '[^%a]')",
    "string.match('<a><b>', '<(.-)>')", "string.match('<a><b>', '<(.*)>')", "string.match('key: value', '(%w+):%s*(%w+)')",
    "string.match('(1+(2*3))', '%b()')", "string.match('if x then y end', '%f[%w]then%f[%W]')",
    "string.match('THE END', '%f[%a]%a+%f[%A]')", "string.match('3.14', '^%-?%d+%.?%d*$')",
])
battery("str_gmatch", [
    "(function() local t = {} for w in string.gmatch('one two three', '%a+') do t[#t+1] = w end return table.concat(t, '|') end)()",
    "(function() local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end return table.concat(t) end)()",
    "(function() local n = 0 for _ in string.gmatch('abc', '') do n = n + 1 end return n end)()",
    "(function() local t = {} for p in string.gmatch('abc', '()') do t[#t+1] = p end return table.concat(t, ',') end)()",
    "(function() local t = {} for d in ('1,22,,333'):gmatch('[^,]*') do t[#t+1] = '[' .. d .. ']' end return table.concat(t) end)()",
    "(function() local t = {} for c in string.gfind('xyz', '.') do t[#t+1] = c end return table.concat(t, ' ') end)()",
    "(function() local t = {} for a in string.gmatch('^a^a', '^a') do t[#t+1] = a end return #t end)()",
    "(function() local s = 0 for n in string.gmatch('10 20 30', '%d+') do s = s + n end return s end)()",
])
battery("num_edge", [
    "math.floor(-0.5)", "math.ceil(-0.5)", "-0 == 0", "1/(-0)", "1/0 - 1/0 ~= 1/0 - 1/0", "math.huge - math.huge ~= 0",
    "2^1023 * 2", "-(2^1023) * 2", "math.fmod(5.5, 2)", "math.fmod(-5.5, 2)", "math.floor(2^52 + 0.5)",
    "(2^53 + 1) - 2^53", "0.1 + 0.7", "1e15 + 0.3", "99999999999999", "999999999999999", "-99999999999999",
    "1e-4", "1e-5", "123.456e2", "5 // 1 == nil", "8 % 3.5", "-8 % 3.5", "2^0", "0^0", "(-2)^2", "(-2)^0.5 ~= (-2)^0.5",
])
prog("meta_inheritance", """
    local Animal = {}
    Animal.__index = Animal
    function Animal.new(name) return setmetatable({name = name}, Animal) end
    function Animal:speak() return self.name .. ' makes a sound' end
    function Animal:kind() return 'animal' end
    local Dog = setmetatable({}, {__index = Animal})
    Dog.__index = Dog
    function Dog.new(name) local d = Animal.new(name) return setmetatable(d, Dog) end
    function Dog:speak() return self.name .. ' barks' end
    local Puppy = setmetatable({}, {__index = Dog})
    Puppy.__index = Puppy
    function Puppy.new(name) return setmetatable(Dog.new(name), Puppy) end
    function Puppy:speak() return Dog.speak(self) .. ' softly' end
    local a, d, p = Animal.new('cat'), Dog.new('rex'), Puppy.new('bit')
    print(a:speak(), d:speak(), p:speak())
    print(a:kind(), d:kind(), p:kind())
    print(getmetatable(p) == Puppy, rawget(p, 'speak'))
    local count = 0
    local Counted = setmetatable({}, {__index = function(t, k) count = count + 1 return nil end})
    local _ = Counted.a, Counted.b
    print(count)
""")
prog("clo_upvalue_chain", """
    local function level1()
      local a = 1
      return function()
        local b = 2
        return function()
          local c = 3
          return function() a = a + 1; b = b + 1; c = c + 1; return a + b + c end
        end
      end
    end
    local f = level1()()()
    print(f(), f(), f())
    local g = level1()()()
    print(g())
    local fns = {}
    for i = 1, 3 do
      local v = i
      fns[i] = function() return function() v = v * 2 return v end end
    end
    local d1, d2 = fns[1](), fns[1]()
    print(d1(), d2(), d1(), fns[3]()())
    local function rec_local()
      local function inner(n) if n == 0 then return 'base' end return inner(n - 1) end
      return inner(10)
    end
    print(rec_local())
""")
prog("co_wrap_loops", """
    local function producer(items)
      return coroutine.wrap(function() for _, v in ipairs(items) do coroutine.yield(v) end return nil end)
    end
    local function filter(src, pred)
      return coroutine.wrap(function() for v in src do if pred(v) then coroutine.yield(v) end end end)
    end
    local out = {}
    for v in filter(producer({1, 2, 3, 4, 5, 6, 7, 8}), function(x) return x % 2 == 0 end) do out[#out + 1] = v end
    print(table.concat(out, ','))
    local acc = coroutine.wrap(function(a) local total = a while true do total = total + coroutine.yield(total) end end)
    print(acc(1), acc(2), acc(3), acc(4))
    local co = coroutine.create(function(...) return select('#', ...), ... end)
    print(coroutine.resume(co, nil, nil))
    local many = coroutine.create(function() for i = 1, 1000 do coroutine.yield(i) end return 'fin' end)
    local last
    for i = 1, 1001 do local ok, v = coroutine.resume(many) last = v end
    print(last, coroutine.status(many))
""")
prog("tbl_length", """
    print(#{}, #{1}, #{1, 2}, #{1, 2, 3})
    local t = {}
    for i = 1, 10 do t[i] = i end
    print(#t)
    t[10] = nil print(#t)
    t[9] = nil print(#t)
    local u = {n = 1, 1, 2}
    print(#u)
    local v = {}
    v[1] = 'a' v[2] = 'b' v[3] = 'c'
    table.remove(v) print(#v)
    table.insert(v, 'z') print(#v, v[3])
    local w = {10, 20, 30}
    table.insert(w, 2, 15) print(#w, table.concat(w, ' '))
    print(table.remove(w, 1), #w, table.concat(w, ' '))
    local s = string.rep('x', 7)
    print(#s, #(s .. s))
""")
prog("misc_globals", """
    x = 10
    print(x, _G.x, _G['x'])
    _G.y = 'via _G'
    print(y)
    local env = setmetatable({}, {__index = _G})
    local f = loadstring('z = 5; return x')
    setfenv(f, env)
    print(f(), rawget(env, 'z'), z)
    local reads = {}
    local spy = setmetatable({}, {__index = function(t, k) reads[#reads + 1] = k return _G[k] end})
    local g = loadstring('return tostring(1), type(2)')
    setfenv(g, spy)
    print(g())
    print(table.concat(reads, ','))
    print(rawequal(_G, getfenv()), type(getfenv(1)))
""")


battery("op_precedence", [
    "2 + 3 * 4", "(2 + 3) * 4", "2 * 3 ^ 2", "-3 ^ 2", "not true == false", "1 .. 2 .. 3", "'a' .. 1 + 2",
    "1 + 2 < 4", "1 < 2 == true", "1 == 1 and 2 or 3", "nil or false and 1", "#'abc' + 1", "-#'abc'",
    "2 ^ 2 ^ 3", "10 - 5 - 2", "100 / 10 / 2", "7 % 4 % 3", "not not nil", "1 + -2", "- - -2",
    "('x'):rep(2) .. 'y'", "#{1, 2} * 2", "3 > 2 and 2 > 1", "'b' >= 'a' or error('no')",
])
battery("misc_select_unpack", [
    "select(1, 'a', 'b')", "select(2, 'a', 'b')", "select(3, 'a', 'b')", "select('#', 1, nil, nil)",
    "select(-2, 1, 2, 3)", "select('2', 'a', 'b')", "select('x', 1)", "unpack({'a', 'b'}, -1, 1)",
    "unpack({1, 2, 3}, 3, 1)", "unpack({n = 3})", "select('#', unpack({1, 2, 3}, 1, 5))", "unpack(nil)",
])
battery("co_status", [
    "coroutine.status(coroutine.create(function() end))",
    "(function() local co = coroutine.create(function() end) coroutine.resume(co) return coroutine.status(co) end)()",
    "(function() local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) return coroutine.status(co) end)()",
    "coroutine.resume(coroutine.create(function(...) return ... end), 1, 2, 3)",
    "coroutine.resume(coroutine.create(function() return coroutine.yield(1) end))",
    "coroutine.status(nil)", "coroutine.resume(nil)", "coroutine.wrap(function() return 'w' end)()",
    "type(coroutine.running())", "coroutine.yield()",
    "select('#', coroutine.resume(coroutine.create(function() end)))",
    "coroutine.resume(coroutine.create(function() local t = setmetatable({}, {__index = function() coroutine.yield() end}) return t.x end))",
])


battery("meta_ops", [
    "setmetatable({}, {__index = {a = 1}}).a", "setmetatable({}, {__index = function(t, k) return k * 2 end})[21]",
    "rawget(setmetatable({}, {__index = {a = 1}}), 'a')", "getmetatable(setmetatable({}, {__metatable = false}))",
    "#setmetatable({1, 2}, {__len = function() return 9 end})", "tostring(setmetatable({}, {__tostring = function() return 'T' end}))",
    "setmetatable({}, {__call = function(_, x) return x + 1 end})(41)", "setmetatable({}, {__unm = function() return 'neg' end}) and -setmetatable({}, {__unm = function() return 'neg' end})",
    "setmetatable({}, {__concat = function(a, b) return 'cc' end}) .. 1", "1 .. setmetatable({}, {__concat = function(a, b) return type(a) end})",
    "setmetatable({}, {__eq = function() return true end}) == setmetatable({}, {__eq = function() return true end})",
    "setmetatable({}, {__lt = function() return true end}) < setmetatable({}, {__lt = function() return true end})",
    "setmetatable({}, {__le = function() return false end}) <= setmetatable({}, {__le = function() return false end})",
    "setmetatable({}, {__mod = function() return 'mod' end}) % 2", "2 ^ setmetatable({}, {__pow = function() return 'pow' end})",
    "setmetatable({}, {__div = function(a, b) return b end}) / 5", "setmetatable({}, {__index = 'str'}).len == string.len",
    "setmetatable({}, {__newindex = function() error('ro') end}).x == nil",
    "(function() local t = setmetatable({}, {__newindex = function() error('ro', 0) end}) t.x = 1 end)()",
    "getmetatable('x').__index.upper('q')", "('abc'):len()", "(5):type()", "('x').y",
    "setmetatable({}, {__index = setmetatable({}, {__index = {deep = 1}})}).deep",
])
battery("str_bytes", [
    "string.byte(string.char(0, 127, 128, 255), 1, -1)", "#string.char(0, 0, 0)", "string.char(65):byte()",
    "('\65\066\0067'):byte(1, -1)", "'\x41' == 'x41'", "'a\z' == 'az'", "'\'' .. '\"'", "#'\\'",
    "string.format('%q', string.char(1, 2, 255))", "('%d'):rep(3, '')", "string.len(string.rep('\0', 10))",
    "string.upper('\0a\0b')", "string.reverse('a\0b')", "tostring('\0x') == '\0x'",
    "('abc'):find('b', 1, true)", "('a+b'):find('+', 1, true)", "('a+b'):gsub('%+', '-')",
    "('hello'):byte(-1)",
])


battery("tbl_keys", [
    "(function() local t = {} t[1] = 'a' t[1.0] = 'b' return t[1] end)()", "(function() local t = {} t['1'] = 's' t[1] = 'n' return t['1'], t[1] end)()",
    "(function() local t = {} t[-0] = 'z' return t[0] end)()", "(function() local t = {} t[2^53] = 'big' return t[2^53] end)()",
    "(function() local t = {} t[true] = 1 t[false] = 2 return t[true], t[false] end)()", "(function() local t = {} local k = {} t[k] = 'tk' return t[k], t[{}] end)()",
    "(function() local t = {} t[1.5] = 'f' return t[1.5], t[1] end)()", "(function() local t = {[1] = 'a', [2] = 'b'} return #t end)()",
    "(function() local t = {} t[nil] = 1 end)()", "(function() local t = {} t[0/0] = 1 end)()", "({})[nil]",
    "(function() local t = {} t[print] = 'fn' return t[print] end)()", "(function() local t = {10, 20} t[#t + 1] = 30 return #t, t[3] end)()",
    "(function() local t = {} for i = 1, 5 do t[i * 2] = i end return t[4], t[5] end)()",
    "(function() local t = {} t.x, t.y = 1, 2 return t.x + t.y end)()", "(function() local t = {a = {b = {c = 'deep'}}} return t.a.b.c end)()",
    "(function() local t = setmetatable({}, {__mode = 'v'}) t[1] = 'str' return t[1] end)()",
    "(function() local t = {} rawset(t, 'k', 'v') return rawget(t, 'k') end)()",
])
battery("misc_tostring", [
    "tostring(1)", "tostring(-1.5)", "tostring(1e100)", "tostring(2^63)", "tostring('s')", "tostring(nil)",
    "tostring(0.1 + 0.2 == 0.3)", "tostring(12345678901234)", "tostring(3.0)", "tostring(-0.0)",
    "tostring(1/3 * 3)", "tostring(100 * 1.1)", "tostring(2^-10)", "tostring(1e-300 * 1e-300)",
    "tostring(123e45)", "tostring(0x7fffffff)", "tostring(0xffffffff + 1)", "tostring(tonumber('0x10') + tonumber('010'))",
    "tostring(tonumber('1e2'))", "tostring(tonumber('  -7.25  '))", "tostring()", "tostring(tostring)== tostring(tostring)",
    "#tostring(12.5)", "tostring(1e15 + 1)",
])


battery("str_rep_sub_more", [
    "('abc'):rep(2, nil)", "string.rep('-', 10)", "string.rep('ab', 3):sub(2, 4)", "('hello'):sub(2, -2):upper()",
    "('x'):rep(0) == ''", "#('abc'):rep(100)", "('abcdef'):sub(-3, -2)", "('abcdef'):sub(4, 100)", "('abcdef'):sub(0, 0)",
    "('abcdef'):sub(-100, 2)", "string.sub('abc', 2, 1.9)", "string.sub('abc', '2')", "('%d'):format(42)", "('%s|%s'):format('a', 'b')",
    "string.format('%5.1s|', 'abc')", "string.format('%-5d|', -7)", "string.format('%+5.1f', 2.25)", "string.format('%o %X', 8, 254)",
    "string.format('%e', 1e-300)", "string.format('%g', 1e300)", "string.format('%g', -0.0)", "string.format('%.3g', 123456)",
    "string.format('%c', 0) == '\\0'", "string.format('%q', 1/3)",
])
battery("tbl_sort_more", [
    "(function() local t = {3, 1, 2} table.sort(t, function(a, b) return a > b end) return table.concat(t, ',') end)()",
    "(function() local t = {'b', 'A', 'a', 'B'} table.sort(t) return table.concat(t, ',') end)()",
    "(function() local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end table.sort(t) return t[1], t[50], t[100] end)()",
    "(function() local t = {5, 5, 5, 1} table.sort(t) return table.concat(t, ',') end)()",
    "(function() local t = {1} table.sort(t) return t[1] end)()", "(function() local t = {} table.sort(t) return #t end)()",
    "(function() local t = {2, 1} table.sort(t, function(a, b) return a < b end) return t[1] end)()",
    "pcall(table.sort, {1, 2, nil, 4})", "pcall(table.sort, {{}, {}})",
    "(function() local t = {3, 2, 1} table.sort(t, function(a, b) return tostring(a) < tostring(b) end) return table.concat(t) end)()",
    "(function() local t = {0.5, -1, 1e10, -1e10} table.sort(t) return table.concat(t, ' ') end)()",
    "(function() local t = {'10', '9', '100'} table.sort(t) return table.concat(t, ' ') end)()",
    "table.concat({1, 2, 3}, ', ', 2, 3)", "table.concat({'a'}, 'x', 1, 1)", "table.concat({}, 'x', 1, 0)",
    "(function() local t = {1, 2, 3} table.insert(t, 2, 'x') return table.concat(t, ',') end)()",
    "(function() local t = {1, 2, 3} return table.remove(t, 2), table.concat(t, ',') end)()",
    "(function() local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') return table.concat(t) end)()",
])
battery("math_more", [
    "math.floor(-0.0)", "math.ceil(-0.5)", "math.abs(-0.0)", "math.max(-1, -2, -3)", "math.min(1, 2, -3)", "math.sqrt(2)",
    "math.exp(1)", "math.log(math.exp(2))", "math.log10(0.001)", "math.pow(2, 0.5)", "math.fmod(5, -3)", "math.fmod(-5, -3)",
    "math.modf(-0.5)", "math.modf(2^53)", "math.frexp(1)", "math.frexp(-3)", "math.ldexp(1, -1074)", "math.ldexp(1, 1024)",
    "math.atan2(0, -1)", "math.atan2(-1, 0)", "math.cos(math.pi)", "math.sin(math.pi / 2)", "math.floor(1e300)", "math.ceil(-1e-300)",
])

# ---------------------------------------------------------------- hand-written programs
prog("err_names", """
    local function try(f) print(select(2, pcall(f))) end
    local x
    try(function() return x.y end)
    try(function() return undefinedglobal.y end)
    local t = {}
    try(function() return t.a.b end)
    try(function() t.m:go() end)
    try(function() undefinedfunc() end)
    try(function() t.nofield() end)
    try(function() local s = "x" .. {} end)
    try(function() return x + 1 end)
    try(function() return 1 + t end)
    try(function() return t < 1 end)
    try(function() return {} < {} end)
    try(function() return #x end)
    try(function() x() end)
    try(function() local up = x; return (function() return up.z end)() end)
    try(function() t[nil] = 1 end)
    try(function() t[0/0] = 1 end)
    try(function() for i = 1, 'x' do end end)
    try(function() for i = 'a', 2 do end end)
    try(function() for i = 1, 2, {} do end end)
    try(function() return -t end)
    try(function() return ('x')() end)
    try(function() return t.a.b.c end)
""")
prog("err_levels", """
    local function lvl0() error("zero", 0) end
    local function lvl1() error("one", 1) end
    local function lvl2() error("two", 2) end
    local function caller() lvl2() end
    print(pcall(lvl0))
    print(pcall(lvl1))
    print(pcall(caller))
    print(pcall(error, "direct"))
    print(pcall(error, "direct", 2))
    local ok, e = pcall(error, {msg = "tbl"})
    print(ok, type(e), e.msg)
    print(pcall(function() error() end))
    print(pcall(function() error(setmetatable({}, {__tostring = function() return "meta" end})) end) )
    print(select('#', pcall(error)))
    local ok2, e2 = pcall(function() local a = nil; return a.b end)
    print(ok2, e2)
    print(xpcall(function() return 1, 2 end, print))
    print(xpcall(function() error("deep") end, function(m) return "H:" .. m end))
    print(xpcall(function() error({1}) end, function(m) return type(m) end))
    print(pcall(pcall, error, "x"))
    local function rec(n) if n == 0 then error("bottom") end return rec(n - 1) end
    print(pcall(rec, 50))
""")
prog("err_stack_overflow", """
    local function f() return 1 + f() end
    local ok, msg = pcall(f)
    print(ok, string.find(msg, "stack overflow", 1, true) ~= nil)
    local function g(n) return g(n + 1) end
    -- tail calls do not grow the stack: stop it with a counter instead
    local function h(n) if n == 0 then return "done" end return h(n - 1) end
    print(h(100000))
    local co = coroutine.create(function() return 1 + f() end)
    local ok2, msg2 = coroutine.resume(co)
    print(ok2, string.find(msg2, "stack overflow", 1, true) ~= nil, coroutine.status(co))
""")
prog("call_varargs", """
    local function count(...) return select('#', ...) end
    print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
    local function pass(...) return ... end
    print(pass(1, nil, 3))
    print((pass(1, 2, 3)))
    local function mid(...) local a, b = ..., 'x' return a, b end
    print(mid(1, 2, 3))
    local t = {pass(1, 2, 3), pass(4, 5, 6)}
    print(#t, t[1], t[2], t[3], t[4])
    local t2 = {pass(1, 2), 10}
    print(#t2, t2[1], t2[2])
    local function last(...) return select(-1, ...) end
    print(last(1, 2, 3))
    local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...)) end return s end
    print(sum(1, 2, 3, 4, 5))
    local function packn(...) return {n = select('#', ...), ...} end
    local p = packn(nil, 2, nil)
    print(p.n, p[1], p[2], p[3])
    print(unpack({1, 2, 3}))
    local a, b, c, d = pass(1, 2)
    print(a, b, c, d)
    local x, y = 1
    print(x, y)
    print(pcall(pass, 'a', 'b'))
    print(string.format('%s %s %s', pass('p', 'q', 'r')))
    local function va_tail(...) return select('#', ...), ... end
    print(va_tail(nil, nil, nil))
""")
prog("call_multret", """
    local function three() return 1, 2, 3 end
    local function none() end
    print(three())
    print(three(), 'x')
    print('x', three())
    print((three()))
    print(none())
    print(none(), 'after')
    print({three()}[3], #{three(), three()})
    local t = {three(), three(), n = 'k'}
    print(#t)
    local a, b, c, d, e = three(), three()
    print(a, b, c, d, e)
    local function ret_call() return three() end
    print(ret_call())
    local function ret_paren() return (three()) end
    print(ret_paren())
    print(select('#', none()), select('#', (none())))
    print(math.max(three()))
    print(string.rep('ab', three()))
    local s = 0 for i, v in ipairs({three()}) do s = s + v end print(s)
""")
prog("call_tail", """
    local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
    print(loop(200000, 0))
    local even, odd
    function even(n) if n == 0 then return true end return odd(n - 1) end
    function odd(n) if n == 0 then return false end return even(n - 1) end
    print(even(100001), odd(77777))
    local obj = {n = 0}
    function obj:inc(k) if k == 0 then return self.n end self.n = self.n + 1 return self:inc(k - 1) end
    print(obj:inc(50000))
    local function tail_native() return tostring(42) end
    print(tail_native())
    local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
    print(fib(20))
    local function ack(m, n)
      if m == 0 then return n + 1 end
      if n == 0 then return ack(m - 1, 1) end
      return ack(m - 1, ack(m, n - 1))
    end
    print(ack(2, 3))
""")
prog("call_methods", """
    local Account = {}
    Account.__index = Account
    function Account.new(b) return setmetatable({balance = b}, Account) end
    function Account:deposit(v) self.balance = self.balance + v return self end
    function Account:get() return self.balance end
    local a = Account.new(100)
    print(a:deposit(50):deposit(25):get())
    print(a.get(a), Account.get(a))
    local s = "hello"
    print(s:upper(), s:len(), ("%d-%d"):format(1, 2))
    local t = {f = function(self, x) return self.v + x end, v = 10}
    print(t:f(5), t.f(t, 6))
    print(pcall(function() return t:nomethod() end))
""")
prog("clo_loops", """
    local fs = {}
    for i = 1, 3 do fs[i] = function() return i end end
    print(fs[1](), fs[2](), fs[3]())
    local gs = {}
    for k, v in ipairs({'a', 'b', 'c'}) do gs[k] = function() return k .. v end end
    print(gs[1](), gs[2](), gs[3]())
    local hs = {}
    local j = 0
    while j < 3 do j = j + 1 local captured = j * 10 hs[j] = function() captured = captured + 1 return captured end end
    print(hs[1](), hs[1](), hs[2](), hs[3]())
    local rs = {}
    local n = 0
    repeat n = n + 1 local m = n rs[n] = function() return m end until m >= 3
    print(rs[1](), rs[2](), rs[3]())
    local shared = {}
    for i = 1, 2 do
      local x = i
      shared[i] = {get = function() return x end, set = function(v) x = v end}
    end
    shared[1].set(100)
    print(shared[1].get(), shared[2].get())
    local mods = {}
    for i = 1, 3 do mods[i] = function() i = i + 100 return i end end
    print(mods[1](), mods[1](), mods[2]())
""")
prog("clo_counters", """
    local function counter()
      local c = 0
      return function() c = c + 1 return c end, function() return c end
    end
    local inc, get = counter()
    inc() inc()
    local inc2, get2 = counter()
    inc2()
    print(get(), get2())
    local function outer()
      local a = 1
      local function mid()
        local b = 2
        local function inner() a = a + 1 b = b + 1 return a + b end
        return inner
      end
      return mid(), function() return a end
    end
    local inner, geta = outer()
    print(inner(), inner(), geta())
    local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
    print(fact(10))
    local function mk(n) return function(x) return x + n end end
    local add5, add10 = mk(5), mk(10)
    print(add5(1), add10(1))
    local x = 1
    local function f() return x end
    x = 2
    print(f())
    local t = {}
    do local y = 'block' t.f = function() return y end end
    print(t.f())
""")
prog("clo_loadstring", """
    local a = 'outer'
    local f = loadstring("local a = 'inner'; return function() return a end")
    local g = f()
    print(g(), a)
    x = 'global'
    local h = loadstring("return x")
    print(h())
    local chunk = loadstring("local n = ... ; return n * 2")
    print(chunk(21))
    local env = {y = 5}
    local k = loadstring("return y")
    setfenv(k, env)
    print(k())
    print(getfenv(k) == env, getfenv(print) == _G, getfenv(0) == _G)
    local function setter() setfenv(1, {print = print, z = 'in env'}) print(z) end
    setter()
""")
prog("meta_index", """
    local base = {greet = function() return 'hi' end, x = 1}
    local derived = setmetatable({y = 2}, {__index = base})
    print(derived.x, derived.y, derived.greet(), derived.none)
    local fn = setmetatable({}, {__index = function(t, k) return k .. '!' end})
    print(fn.abc, fn[1])
    local chain = setmetatable({}, {__index = setmetatable({}, {__index = setmetatable({}, {__index = {deep = 'yes'}})})})
    print(chain.deep)
    local log = {}
    local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v * 2) end})
    proxy.a = 1 proxy.b = 2 proxy.a = 10
    print(proxy.a, proxy.b, table.concat(log, ','))
    local store = {}
    local redirect = setmetatable({}, {__newindex = store})
    redirect.q = 'stored'
    print(rawget(redirect, 'q'), store.q)
    print(rawget(derived, 'x'), rawget(derived, 'y'))
    local ok, e = pcall(function() local t = setmetatable({}, {__index = function() error('in index') end}) return t.x end)
    print(ok, e)
""")
prog("meta_arith", """
    local V = {}
    V.__index = V
    local function v(x, y) return setmetatable({x = x, y = y}, V) end
    V.__add = function(a, b) return v(a.x + b.x, a.y + b.y) end
    V.__sub = function(a, b) return v(a.x - b.x, a.y - b.y) end
    V.__mul = function(a, b) if type(b) == 'number' then return v(a.x * b, a.y * b) end return a.x * b.x + a.y * b.y end
    V.__div = function(a, b) return v(a.x / b, a.y / b) end
    V.__mod = function(a, b) return v(a.x % b, a.y % b) end
    V.__pow = function(a, b) return v(a.x ^ b, a.y ^ b) end
    V.__unm = function(a) return v(-a.x, -a.y) end
    V.__tostring = function(a) return '(' .. a.x .. ',' .. a.y .. ')' end
    V.__concat = function(a, b) return tostring(a) .. '|' .. tostring(b) end
    V.__len = function(a) return 99 end
    local a, b = v(1, 2), v(3, 4)
    print(tostring(a + b), tostring(a - b), a * b, tostring(a * 2), tostring(b / 2))
    print(tostring(b % 2), tostring(a ^ 2), tostring(-a))
    print(a .. b, a .. 'str', 'str' .. a, 1 .. a)
    print(#a)
    print(pcall(function() return a + 1 end))
    local N = setmetatable({}, {__add = function(x, y) return 'added' end})
    print(N + 1, 1 + N, N + N)
""")
prog("meta_compare", """
    local C = {}
    C.__eq = function(a, b) return a.v == b.v end
    C.__lt = function(a, b) return a.v < b.v end
    local function c(v) return setmetatable({v = v}, C) end
    local x, y, z = c(1), c(2), c(1)
    print(x == z, x ~= y, x < y, y < x, x <= y, y <= x, x > y, x >= z)
    C.__le = function(a, b) return 'le called' end
    print(x <= y)
    local D = {__eq = function() return true end}
    local d1 = setmetatable({}, D)
    local d2 = setmetatable({}, {__eq = function() return true end})
    print(d1 == d2, d1 == setmetatable({}, D))
    print(pcall(function() return x < 1 end))
    print(pcall(function() return {} < {} end))
    local E = {__lt = function() return true end}
    local e1, e2 = setmetatable({}, E), setmetatable({}, E)
    print(e1 < e2, e1 > e2, e1 <= e2)
    print(1 == setmetatable({}, {__eq = function() return true end}))
""")
prog("meta_call_tostring", """
    local callable = setmetatable({}, {__call = function(self, a, b) return 'called', a, b end})
    print(callable(1, 2))
    print(pcall(callable, 'x'))
    local obj = setmetatable({}, {__tostring = function() return 'custom object' end})
    print(obj, tostring(obj))
    local prot = setmetatable({}, {__metatable = 'locked'})
    print(getmetatable(prot))
    print(pcall(setmetatable, prot, {}))
    local t = setmetatable({}, {__index = string})
    print(t.upper('x'))
    local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1 return self.n end})
    counter() counter()
    print(counter())
    print(type(getmetatable('abc')), getmetatable('abc').__index == string)
    local weak = setmetatable({}, {__mode = 'k'})
    print(getmetatable(weak).__mode)
""")
prog("co_basic", """
    local co = coroutine.create(function(a, b)
      print('start', a, b)
      local c = coroutine.yield(a + b)
      print('got', c)
      local d, e = coroutine.yield(c * 2)
      print('got', d, e)
      return 'end', 'values'
    end)
    print(coroutine.status(co))
    print(coroutine.resume(co, 1, 2))
    print(coroutine.status(co))
    print(coroutine.resume(co, 10))
    print(coroutine.resume(co, 'x', 'y'))
    print(coroutine.status(co))
    print(coroutine.resume(co))
    print(coroutine.running())
    local inside
    local co2 = coroutine.create(function() inside = coroutine.running() return coroutine.status(inside) end)
    print(coroutine.resume(co2))
    print(inside == co2, coroutine.status(co2))
""")
prog("co_generators", """
    local function range(n)
      return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
    end
    local s = 0
    for i in range(10) do s = s + i end
    print(s)
    local function permgen(a, n)
      n = n or #a
      if n <= 1 then coroutine.yield(a) else
        for i = 1, n do
          a[n], a[i] = a[i], a[n]
          permgen(a, n - 1)
          a[n], a[i] = a[i], a[n]
        end
      end
    end
    local count = 0
    for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do count = count + 1 end
    print(count)
    local gen = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end)
    print(gen(), gen(), gen())
    print(pcall(gen))
""")
prog("co_errors", """
    local co = coroutine.create(function() error('inside') end)
    print(coroutine.resume(co))
    print(coroutine.status(co))
    print(coroutine.resume(co))
    print(pcall(coroutine.yield, 1))
    print(select(2, pcall(coroutine.resume, 1)))
    local co2 = coroutine.create(function() local ok, e = pcall(function() coroutine.yield(1) end) return ok, e end)
    print(coroutine.resume(co2))
    local w = coroutine.wrap(function() error('wrapped error') end)
    print(pcall(w))
    local w2 = coroutine.wrap(function() error({code = 7}) end)
    local ok, e = pcall(w2)
    print(ok, type(e), e.code)
    local co3 = coroutine.create(function() return pcall(error, 'caught inside') end)
    print(coroutine.resume(co3))
    local co4
    co4 = coroutine.create(function() return coroutine.resume(co4) end)
    print(coroutine.resume(co4))
    print(pcall(coroutine.create, print))
    print(pcall(coroutine.wrap, 1))
""")
prog("co_nested", """
    local log = {}
    local inner = coroutine.create(function()
      log[#log + 1] = 'inner1'
      coroutine.yield('from inner')
      log[#log + 1] = 'inner2'
    end)
    local outer = coroutine.create(function()
      log[#log + 1] = 'outer1'
      print('outer sees', coroutine.resume(inner))
      print('inner status from outer', coroutine.status(inner))
      coroutine.yield('from outer')
      print('outer sees', coroutine.resume(inner))
      return 'outer done'
    end)
    print(coroutine.resume(outer))
    print(coroutine.resume(outer))
    print(table.concat(log, ' '))
    print(coroutine.status(outer), coroutine.status(inner))
    local function deep(n) if n == 0 then return coroutine.yield('bottom') end return deep(n - 1) end
    local co = coroutine.create(function() return deep(1000) end)
    print(coroutine.resume(co))
    print(coroutine.resume(co, 'back up'))
""")
prog("tbl_constructors", """
    local t = {1, 2, 3, n = 'x', [10] = 'ten', 'four'; 'five'}
    print(t[1], t[4], t[5], t.n, t[10], #t)
    local k = {['a b'] = 1, [1.5] = 2, [true] = 3}
    print(k['a b'], k[1.5], k[true])
    local i = {[1] = 'a', [2] = 'b'}
    print(i[1], i[2], #i)
    local f = {1.0, [2.0] = 'two'}
    print(f[1], f[2])
    local nested = {{1, 2}, {3, {4, 5}}}
    print(nested[2][2][2])
    local s = {}
    s['1'] = 'string key' s[1] = 'number key'
    print(s['1'], s[1])
    local big = {}
    for j = 1, 10000 do big[j] = j end
    print(#big, big[10000])
    for j = 10000, 5001, -1 do big[j] = nil end
    print(#big)
    local trailing = {1, 2, 3,}
    print(#trailing)
    local many = {}
    for j = 1, 100 do many[#many + 1] = j * j end
    print(many[100], #many)
    local keys = {}
    for key in pairs({a = 1, b = 2, c = 3, d = 4}) do keys[#keys + 1] = key end
    table.sort(keys)
    print(table.concat(keys, ','))
""")
prog("tbl_next_pairs", """
    local t = {10, 20, 30, x = 1, y = 2}
    local n = 0
    for k, v in pairs(t) do n = n + 1 end
    print(n)
    local sum = 0
    for i, v in ipairs(t) do sum = sum + v end
    print(sum)
    local holes = {1, 2, nil, 4}
    local c = 0
    for i, v in ipairs(holes) do c = c + 1 end
    print(c)
    local clear = {a = 1, b = 2, c = 3, d = 4, e = 5}
    for k in pairs(clear) do clear[k] = nil end
    print(next(clear))
    print(pcall(next, {}, 'nokey'))
    local keys = {}
    for k, v in next, {p = 1, q = 2} do keys[#keys + 1] = k end
    table.sort(keys)
    print(table.concat(keys))
    print(pcall(pairs, nil))
    print(pcall(ipairs))
""")
prog("tbl_sort", """
    local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 10}
    table.sort(t) print(table.concat(t, ' '))
    table.sort(t, function(a, b) return a > b end) print(table.concat(t, ' '))
    local w = {'banana', 'apple', 'Cherry', 'date'}
    table.sort(w) print(table.concat(w, ' '))
    local recs = {{n = 'b', v = 2}, {n = 'a', v = 3}, {n = 'c', v = 1}}
    table.sort(recs, function(x, y) return x.v < y.v end)
    print(recs[1].n, recs[2].n, recs[3].n)
    local big = {}
    for i = 1, 1000 do big[i] = (i * 7919) % 1009 end
    table.sort(big)
    local ok = true
    for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
    print(ok, big[1], big[1000])
    print(pcall(table.sort, {1, 'x', 2}))
    print(pcall(table.sort, {3, 1, 2}, 42))
    local calls = 0
    table.sort({3, 1, 2}, function(a, b) calls = calls + 1 return a < b end)
    print(calls > 0)
    local objs = {}
    local M = {__lt = function(a, b) return a.k < b.k end}
    for i = 1, 20 do objs[i] = setmetatable({k = (i * 37) % 20}, M) end
    table.sort(objs)
    print(objs[1].k, objs[20].k)
    local nested = {{3, 1, 2}, {9, 8}}
    table.sort(nested, function(a, b) table.sort(a) table.sort(b) return #a < #b end)
    print(#nested[1], table.concat(nested[2], ','))
""")
prog("misc_loops", """
    for i = 1, 3 do io.write(i, ' ') end print()
    for i = 3, 1, -1 do io.write(i, ' ') end print()
    for i = 1, 0 do io.write('never') end print('empty')
    for i = 0, 1, 0.25 do io.write(i, ' ') end print()
    local x = 0
    for i = 0.1, 1, 0.1 do x = x + 1 end print(x)
    for i = 1, 3 do local i = i * 2 io.write(i, ' ') end print()
    local n = 0
    while true do n = n + 1 if n > 5 then break end end print(n)
    local m = 0
    repeat m = m + 1 until m == 4 print(m)
    for i = 1, 3 do for j = 1, 3 do if j == 2 then break end io.write(i, j, ' ') end end print()
    local function iter(s, c) if c < s then return c + 1 end end
    for v in iter, 3, 0 do io.write(v, ' ') end print()
    local t = {}
    for i = 10, 1, -3 do t[#t + 1] = i end print(table.concat(t, ','))
    for i = '1', '3' do io.write(i, ' ') end print()
    local last
    for i = 1, 3 do last = i end print(last)
""")
prog("misc_scope", """
    local x = 1
    do local x = 2 print(x) end
    print(x)
    local function shadow(x) local x = x + 1 return x end
    print(shadow(5))
    g1 = 'global'
    local g1 = 'local'
    print(g1, _G.g1)
    local a, b, c = 1, 2
    print(a, b, c)
    local p, q = 1, 2, 3
    print(p, q)
    local u, v = 1, 2
    u, v = v, u
    print(u, v)
    local t = {1, 2}
    local i = 1
    i, t[i] = i + 1, 'changed'
    print(i, t[1], t[2])
    local s = 'outer'
    local function get() return s end
    local s = 'shadowed'
    print(get(), s)
    print(type(undefined_thing))
""")

def main():
    os.makedirs(OUT, exist_ok=True)
    for name, code in PROGRAMS.items():
        with open(os.path.join(OUT, name + ".lua"), "w") as f:
            f.write(code)
    print(len(PROGRAMS), "programs")

if __name__ == "__main__":
    main()
