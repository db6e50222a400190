-- CALL of natives: result counts 0, 1, 2 and all against natives returning 0, 1 and many
-- values, the registers around the call, the same call site alternating a Lua function, a
-- native and a callable table, and call errors naming the callee.
local function show(...)
  local t = {}
  for i = 1, select('#', ...) do t[#t + 1] = tostring((select(i, ...))) end
  print(select('#', ...), table.concat(t, ","))
end

local before, after = "b", "a"
local x = math.abs(-3)
print(before, x, after)
local p, q = math.abs(-4)
print(p, q)
local u, v, w = string.byte("xyz", 1, -1)
print(u, v, w)
local m1, m2, m3, m4 = string.byte("xy", 1, -1)
print(m1, m2, m3, m4)
show(string.byte("hello", 1, -1))
show(string.byte("hello", 10))
show(math.abs(-1), string.byte("ab", 1, 2))
show(select(2, "a", "b", "c"))
show(unpack({1, nil, 3}))
local t = {math.floor(2.5), string.byte("abc", 1, 3)}
print(#t, t[1], t[2], t[4])
math.abs(-9) -- result discarded
print(type(print), (string.gsub("aaa", "a", "b")))

-- One call site, three kinds of callee.
local lua_fn = function(a) return a * 2, "lua" end
local callable = setmetatable({}, {__call = function(self, a) return a + 100, "call" end})
for _, f in ipairs({lua_fn, math.abs, callable, tostring, lua_fn}) do
  local r1, r2 = f(-5)
  print(r1, r2)
end

-- Natives in tail position keep all their results.
local function tail_byte(s) return string.byte(s, 1, -1) end
show(tail_byte("abc"))
local function tail_none() return print() end
show(tail_none())

-- Deep registers: a native result in a frame with many locals.
local function many()
  local a1, a2, a3, a4, a5, a6, a7, a8 = 1, 2, 3, 4, 5, 6, 7, 8
  local r = math.max(a1, a2, a3, a4, a5, a6, a7, a8)
  local s1, s2 = math.modf(7.25)
  return a1 + a8 + r + s1 + s2
end
print(many())

-- Call errors name the callee.
print(pcall(function() local nope; nope() end))
print(pcall(function() return undefined_global(1) end))
print(pcall(function() local t = {} t.field(1) end))
print(pcall(math.floor, "x"))
