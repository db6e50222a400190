-- Generates pattern_cases.txt, the expected results of stdlib/src/string/pattern.rs's
-- data-driven test, from the installed lua5.1:
--
--   lua5.1 stdlib/src/string/pattern_cases.lua > stdlib/src/string/pattern_cases.txt
--
-- One line per case, fields separated by tabs:
--   op  arg...  =>  result...
-- op is find, match, gmatch, gsub (string replacement) or gsubf (function replacement that
-- returns its arguments, tostring'ed, joined with ','). Strings are "quoted" with \ddd escapes
-- for control bytes, '"', '\' and bytes >= 128; numbers are %.14g; nil is nil. An error is
-- ERR "message". gmatch results are each iteration's values followed by a | token.

local function enc(v)
  local t = type(v)
  if v == nil then return "nil"
  elseif t == "number" then return string.format("%.14g", v)
  elseif t == "boolean" then return tostring(v)
  elseif t == "string" then
    return '"' .. (v:gsub('[%c"\\\128-\255]', function(c)
      return string.format("\\%03d", c:byte())
    end)) .. '"'
  else error("cannot encode " .. t) end
end

local function pack(...) return { n = select('#', ...), ... } end

local function encall(t, from)
  local out = {}
  for i = from or 1, t.n do out[#out + 1] = enc(t[i]) end
  return table.concat(out, "\t")
end

local function joinargs(...)
  local out = {}
  for i = 1, select('#', ...) do out[i] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end

local ops = {
  find = string.find,
  match = string.match,
  gsub = string.gsub,
  gsubf = function(s, p, n) return string.gsub(s, p, joinargs, n) end,
  gmatch = function(s, p)
    local out = {}
    local it = string.gmatch(s, p)
    for _ = 1, 40 do
      local r = pack(it())
      if r[1] == nil then break end
      for i = 1, r.n do out[#out + 1] = r[i] end
      out[#out + 1] = "|"
    end
    return out
  end,
}

local cases = {}
local function C(op, ...) cases[#cases + 1] = pack(op, ...) end

local ALL = {}
for i = 0, 255 do ALL[#ALL + 1] = string.char(i) end
ALL = table.concat(ALL)

-- character classes over all 256 bytes (what remains after deleting the class, and the count)
for _, cl in ipairs { "a", "c", "d", "l", "p", "s", "u", "w", "x", "z" } do
  C("gsub", ALL, "%" .. cl, "")
  C("gsub", ALL, "%" .. cl:upper(), "")
  C("gsub", ALL, "[%" .. cl .. "]", "")
  C("gsub", ALL, "[^%" .. cl .. "]", "")
end
C("gsub", ALL, ".", "x")
C("gsub", ALL, "[%a%d_]", "")
C("gsub", ALL, "[\128-\255]", "")
C("gsub", ALL, "[^\1-\254]", "<%0>")
-- letters that are not classes, and escaped non-alphanumerics
C("find", "agb", "%g")
C("find", "aqb", "%q")
C("find", "aGb", "%G")
C("find", "a.b", "%.")
C("find", "a%b", "%%")
C("find", "a]b", "%]")
C("find", "a(b)", "%(b%)")
C("match", "x^$*+?.([%-]y", "%^%$%*%+%?%.%(%[%%%-%]")
C("match", "a\0b", "%z")
C("find", "a\0b", "%z")
C("find", "a\0b", "[%z]")
C("match", "a\0b", "%Z+")

-- sets
C("match", "hello world", "[abc]")
C("match", "cabbage", "[a-c]+")
C("match", "cabbage", "[^a-c]+")
C("match", "a]b", "[]]")
C("match", "]]]x", "[]]+")
C("match", "]]]x", "[^]]+")
C("match", "a-b", "[a-]+")
C("match", "-a-b", "[-a]+")
C("match", "x]y", "[%]]")
C("match", "a-z", "[%-]")
C("match", "a-z", "[a%-z]+")
C("match", "foo_bar9 x", "[%a_]+")
C("match", "abc", "[z-a]")
C("match", "abc", "[c-a]")
C("match", "a.b", "[.]")
C("match", "a.b", "[%.]")
C("match", "abcde", "[a-c-e]+")
C("match", "d-e", "[a-c-e]+")
C("match", "x^y", "[x^]+")
C("match", "^^x", "[^^]+")
C("match", "a1b2", "[%d]+")
C("match", "a1b2", "[^%d]+")
C("match", "a1b2", "[%D]+")
C("match", "\200\201a", "[\128-\255]+")
C("match", "Hello", "[A-Z][a-z]*")
C("match", "abc", "[]")
C("match", "abc", "[^]")
C("match", "abc", "[a")
C("match", "abc", "[%")
C("match", "abc", "[a%")
C("match", "abc", "[%]")
C("match", "abc", "x[")
C("find", "abc", "[b-]")
C("find", "a-c", "[%a-]+")

-- quantifiers
C("find", "aaab", "a*")
C("find", "aaab", "a+")
C("find", "aaab", "a-")
C("find", "aaab", "a-b")
C("find", "aaab", "a?")
C("find", "bbb", "a*")
C("find", "bbb", "a+")
C("find", "", "a*")
C("find", "", "a+")
C("find", "", "a?")
C("find", "", "a-")
C("match", "aaa", "a?a?aa")
C("match", "aaa", "(a*)(a-)b")
C("match", "aaab", "(a*)(a-)b")
C("match", "aaab", "(a-)(a*)b")
C("match", "aaab", "(a+)(a+)")
C("match", "<a><b>", "<(.-)>")
C("match", "<a><b>", "<(.*)>")
C("match", "%%%x", "%%*")
C("match", "12ab", "%d+%a-$")
C("match", "key = value", "(%w+)%s*=%s*(%w+)")
C("match", "  trim me  ", "^%s*(.-)%s*$")
C("match", "a+b", "a+b")
C("match", "aab", "a+b")
C("match", "a?", "a?%?")
C("match", "x", "x**")
C("match", "x*", "x**")
C("match", "ab", "a-b-")
C("match", "abbb", "ab-")
C("match", "abbb", "ab-$")
C("match", "abcabc", "(.-)c")
C("match", "abcabc", "(.*)c")
C("match", "abc", "*a")
C("match", "*abc", "*a")
C("match", "+a", "+a")
C("match", "-a", "-a")
C("match", "?a", "?a")

-- anchors
C("find", "abcabc", "^abc")
C("find", "abcabc", "^bc")
C("find", "abcabc", "bc", 3)
C("find", "abcabc", "^bc", 2)
C("find", "abcabc", "^abc", 4)
C("find", "a^b", "a^b")
C("find", "a^b", "^a^b")
C("find", "^^", "^^")
C("find", "abc", "c$")
C("find", "abc", "b$")
C("find", "a$b", "a$b")
C("find", "a$", "$$")
C("find", "a$", "a$$")
C("find", "", "^$")
C("find", "x", "^$")
C("find", "abc", "$")
C("find", "abc", "^")
C("match", "abc", "^(a)")
C("match", "abc", "()$")
C("match", "abc", "a$*")
C("match", "a$$$b", "a$*b")

-- captures
C("match", "ab", "(a)(b)")
C("find", "xab", "(a)(b)")
C("match", "ab", "((a)(b))")
C("match", "abc", "()")
C("find", "abc", "()")
C("match", "abc", "()a()")
C("match", "abc", "b()")
C("match", "abc", "(a()b)")
C("match", "hello", "(h)(e)(l)(l)(o)")
C("match", "hello", "()ll()")
C("find", "hello", "()ll()")
C("match", "abc", "(a")
C("find", "abc", "(a")
C("match", "abc", "a)")
C("match", "abc", ")")
C("match", "abc", "((a)")
C("match", "abc", "(a))")
C("find", "abc", "x(")
C("match", "", "()")
C("match", "", "(.*)")
C("match", "", "(.-)")
C("match", "ab", "(.?)(.?)(.?)")
C("match", "abc", string.rep("(.)", 3))
C("match", string.rep("x", 32), string.rep("(.)", 32))
C("match", string.rep("x", 33), string.rep("(.)", 33))
C("match", "", string.rep("()", 32))
C("match", "", string.rep("()", 33))
C("match", "x", string.rep("(", 32) .. "x" .. string.rep(")", 32))
C("match", "x", string.rep("(", 33) .. "x" .. string.rep(")", 33))
C("match", "x", string.rep("(", 32))
C("find", "y", "x" .. string.rep("(", 33))

-- back-references
C("match", "aa", "(a)%1")
C("match", "ab", "(a)%1")
C("match", "hello hello world", "(%a+) %1")
C("match", "hello world world", "(%a+) %1")
C("find", "xyzxyz", "(x(y)z)%1%2")
C("match", "abab", "(ab)%1")
C("match", "abc", "%0")
C("match", "abc", "(a)%2")
C("match", "abc", "(a%1)")
C("match", "aa", "()a%1")
C("match", "abc", "%1")
C("match", "abc", "x%1")
C("match", "\"quoted\" and 'single'", "([\"'])(.-)%1")
C("match", "aaaa", "(a-)%1$")
C("match", "abab", "((a)(b))%3%2")
C("match", "a9", "(a)%9")

-- %b
C("match", "f(a(b)c)d", "%b()")
C("match", "f(a(b)c", "%b()")
C("match", "f(a(b)c", "%b)(")
C("find", "x[[y]]", "%b[]")
C("match", "xx", "%bxx")
C("match", "abc", "%b")
C("match", "abc", "%ba")
C("find", "abc", "x%b")
C("match", "if (a (b) c) then", "(%b())%s*(%a+)")
C("match", "(()", "%b()")
C("match", "((x)", "%b()$")
C("gsub", "a(b)c(d(e))f", "%b()", "")
C("match", "<<a>", "%b<>+")

-- %f
C("match", "THE (quick) fox", "%f[%a]%a+")
C("gsub", "THE (quick) fox", "%f[%a]%a+", "X")
C("gsub", "hello world", "%f[%w]%w+", "<%0>")
C("gsub", "hello world", "%f[%W]", "|")
C("find", "abc", "%f[%z]")
C("find", "abc", "%f[^%z]")
C("find", "a\0b", "%f[%z]")
C("find", "aaa", "%f[a]")
C("find", "aaa", "%f[^a]")
C("match", "abc", "%fa")
C("match", "abc", "%f")
C("match", "abc", "%f[a")
C("find", "abc", "x%f")
C("gsub", "THE (quick) fox", "%f[%a]", "^")
C("gsub", "one two  three", "%f[%S]", "[")
C("match", "word1 word2", "%f[%d](%d)")

-- errors
C("match", "abc", "%")
C("match", "abc", "a%")
C("find", "abc", "x%")
C("find", "abc", "[")
C("find", "abc", "[]")
C("find", "abc", "[^")
C("find", "abc", "%b(")
C("find", "abc", "%f")
C("find", "abc", "%1")
C("find", "abc", "(()")
C("find", "abc", "())")
C("match", "a", "(.)(.)%3")

-- find: plain, init, NUL
C("find", "a.b", ".", 1, true)
C("find", "a.b", ".")
C("find", "a+b", "+b")
C("find", "a+b", "+b", 1, true)
C("find", "hello", "l")
C("find", "hello", "l", 4)
C("find", "hello", "l", -1)
C("find", "hello", "l", -2)
C("find", "hello", "l", -100)
C("find", "hello", "l", 100)
C("find", "hello", "", 100)
C("find", "hello", "", 6)
C("find", "hello", "", 5)
C("find", "hello", "", -1)
C("find", "", "")
C("find", "", "", 2)
C("find", "hello", "lo", 0)
C("find", "hello", "xyz")
C("find", "hello", "hello!")
C("find", "a\0b", "\0b")
C("find", "a\0b*", "\0b*")
C("find", "ab*", "b*\0x")
C("find", "ab*", "b%*\0x")
C("match", "a\0b", "a\0b")
C("match", "xa\0b", "a\0b")
C("find", "a\0b\0c", "b\0")
C("find", "a\0b\0c", "%zc")
C("find", "abc", "b", nil, true)
C("find", "a(b", "(", 1, true)
C("find", "a(b", "(")
C("match", "hello", "l+", 4)
C("match", "hello", ".", -1)
C("match", "hello", "^h", 2)
C("match", "hello", "()", 10)

-- gmatch
C("gmatch", "hello world from lua", "%a+")
C("gmatch", "abc", "a*")
C("gmatch", "abc", "")
C("gmatch", "", "")
C("gmatch", "^a^a", "^a")
C("gmatch", "aaa", "^a")
C("gmatch", "k1=v1, k2=v2", "(%w+)=(%w+)")
C("gmatch", "abc", "()")
C("gmatch", "abc", ".-")
C("gmatch", "abc", "$")
C("gmatch", "a,b,,c", "([^,]*)")
C("gmatch", "one two", "%f[%w]()%w+()")
C("gmatch", "abc", "(")
C("gmatch", "abc", "[a")
C("gmatch", "aXbXc", "X*")
C("gmatch", "xyz", "%a")

-- gsub with string replacements
C("gsub", "hello world", "o", "0")
C("gsub", "hello world", "%w+", "%0 %0")
C("gsub", "hello world", "(%w+)", "<%1>")
C("gsub", "hello world", "%w+", "<%1>")
C("gsub", "hello world", "%w+", "<%2>")
C("gsub", "hello world", "(%w+)", "<%2>")
C("gsub", "hello world", "(%w+) (%w+)", "%2 %1")
C("gsub", "abc", "%w", "%%")
C("gsub", "abc", "%w", "%x")
C("gsub", "abc", "%w", "%")
C("gsub", "abc", "%w", "a%")
C("gsub", "abc", "(%w)()", "%2")
C("gsub", "abc", "()", "%1")
C("gsub", "abc", "", "-")
C("gsub", "", "", "-")
C("gsub", "", "x*", "-")
C("gsub", "abc", "a*", "-")
C("gsub", "abc", "x*", "-")
C("gsub", "abc", "b*", "-")
C("gsub", "aaa", "a", "b", 2)
C("gsub", "aaa", "a", "b", 0)
C("gsub", "aaa", "a", "b", -1)
C("gsub", "aaa", "", "-", 2)
C("gsub", "aaa", "^a", "b")
C("gsub", "aaa", "^", "b")
C("gsub", "baaa", "^a", "b")
C("gsub", "aaa", "^a*", "b")
C("gsub", "abc", "^x*", "-")
C("gsub", "abc", "$", "!")
C("gsub", "abc", ".-", "-")
C("gsub", "hello", "l+", "%0%0")
C("gsub", "a,b,,c", ",", ";")
C("gsub", "abc", "%w", "%0%1")
C("gsub", "abc", "(%w)", "%0%1%9")
C("gsub", "abc", "[", "x")
C("gsub", "x = 1, y = 2", "(%w+) = (%w+)", "%2 = %1")
C("gsub", "abc", "b", "\0")
C("gsub", "abc", "(", "x")
C("gsub", "abc", "x(", "x")

-- gsub with a function replacement (receives the captures, or the whole match)
C("gsubf", "hello world", "%w+")
C("gsubf", "hello world", "(%w)(%w*)")
C("gsubf", "abc", "()")
C("gsubf", "abc", "(%w)()")
C("gsubf", "abc", "")
C("gsubf", "abc", "%w", 2)
C("gsubf", "abc", "(%w")

for _, c in ipairs(cases) do
  local op = c[1]
  local r = pack(pcall(ops[op], unpack(c, 2, c.n)))
  local res
  if not r[1] then
    -- errors raised under a Lua caller (gmatch's iterator, gsubf) carry its position
    res = "ERR\t" .. enc((r[2]:gsub("^[^:]*:%d+: ", "")))
  elseif op == "gmatch" then
    local out = {}
    for i, v in ipairs(r[2]) do out[i] = (v == "|") and "|" or enc(v) end
    res = table.concat(out, "\t")
  else
    res = encall(r, 2)
  end
  io.write(op, "\t", encall(c, 2), "\t=>", res == "" and "" or "\t", res, "\n")
end
