-- The specialised opcodes (a register with a constant operand, two registers, a constant
-- string key) behave as the generic ones: coercions, metamethods, errors and their names.
local function try(f, ...)
  local ok, e = pcall(f, ...)
  print(ok, e)
end

-- arithmetic: register op constant, register op register
local s, n = "10", 4
print(s + 1, s - 1, s * 2, s / 4, s % 3, n + 0.5, n - 1, n * 3, n / 8, n % 3)
print(s + s, s - n, n * s, n / s, -7 % 3, 7 % -3, 5.5 % 2, 1 / 0 % 2 ~= 1 / 0 % 2)
local inf = 1 / 0
print(n / 0, -n / 0, inf - inf ~= inf - inf, n % inf ~= n % inf)
local mt = {}
mt.__add = function(a, b) return "add" end
mt.__sub = function(a, b) return "sub" end
mt.__mul = function(a, b) return "mul" end
mt.__div = function(a, b) return "div" end
mt.__mod = function(a, b) return "mod" end
local o = setmetatable({}, mt)
print(o + 1, o - 1, o * 1, o / 1, o % 1, o + o, o - o, o * o, o / o)
print(1 + o, 2 - o)
local t = {x = 1, name = "t"}
try(function() return t.y + 1 end)
try(function() return t.x + t.y end)
try(function() local u; return u * 2 end)
try(function() return t % 3 end)
try(function() local a = "x"; return a - 1 end)
try(function() return t.y / t.x end)

-- comparisons with a constant
local function cmp(v)
  local r = {}
  r[#r + 1] = v == 1
  r[#r + 1] = v == "a"
  r[#r + 1] = v ~= 2
  if v == nil then r[#r + 1] = "nil" end
  if v == true then r[#r + 1] = "true" end
  return table.concat((function()
    local out = {}
    for i = 1, #r do out[i] = tostring(r[i]) end
    return out
  end)(), ",")
end
print(cmp(1), cmp("a"), cmp(2), cmp(nil), cmp(true), cmp(0 / 0))
local x = 3
print(x < 4, x < 3, x <= 3, x <= 2.5, x > 2, x >= 4, 0 / 0 < 1, 0 / 0 <= 1)
local a = "b"
print(a < "c", a <= "a", a > "a")
try(function() return t < 1 end)
try(function() return a < 1 end)
try(function() return t <= 1 end)
local lmt = {__lt = function(p, q) return true end, __le = function(p, q) return false end}
local lo = setmetatable({}, lmt)
print(pcall(function() return lo < 1 end))
print(pcall(function() return lo <= 1 end))
local e1 = setmetatable({}, {__eq = function() return true end})
print(e1 == 1, e1 == "a")

-- constant string keys: fields, methods, inherited fields, __index functions, strings
local Base = {kind = "base"}
Base.__index = Base
function Base:hello() return "hello from " .. self.kind end
local Derived = setmetatable({kind = "derived"}, Base)
Derived.__index = Derived
local d = setmetatable({}, Derived)
print(d.kind, d:hello(), d.missing, Base.kind)
local f = setmetatable({}, {__index = function(_, k) return "f:" .. k end})
print(f.anything, f.other)
local str = "abc"
print(str:upper(), str.len == string.len, ("x"):rep(3), #str:sub(2))
try(function() return t.y.z end)
try(function() return t.y:m() end)
try(function() return str.x.y end)
try(function() local q = nil; return q.field end)
try(function() return t:nomethod() end)
try(function() return (1).x end)
t[1] = "one"
print(t.x, t.name, t[1], rawget(t, "name"))

-- constant string keys stored: existing fields in place, new ones, __newindex, errors
local rec = {a = 1, b = 2}
rec.a = 10; rec.b = nil; rec.c = 3; rec.b = 4
print(rec.a, rec.b, rec.c)
local logged = {}
local guarded = setmetatable({present = 1}, {__newindex = function(tt, k, v)
  logged[#logged + 1] = k
  rawset(tt, k, v)
end})
guarded.present = 2; guarded.absent = 3; guarded.absent = 4
print(guarded.present, guarded.absent, table.concat(logged, ","))
local proxy = setmetatable({}, {__newindex = rec})
proxy.a = 99
print(rawget(proxy, "a"), rec.a)
for r = 1, 3 do
  local objs = {}
  for j = 1, 200 do
    local o = {v = 0}
    for s2 = 1, 5 do o.v = {s2, j}; o.w = "x" .. s2 end
    objs[j] = o
  end
  collectgarbage()
  print(r, objs[200].v[1], objs[200].v[2], objs[1].w)
end
try(function() local q; q.field = 1 end)
try(function() local sv = "s"; sv.field = 1 end)
try(function() t.y.z = 1 end)

-- a constructor long enough for SETLIST to keep its block number in the next word
local src = "return {" .. string.rep("1,", 50 * 524 + 3) .. "}"
local big = loadstring(src)()
print(#big, big[1], big[50 * 524 + 3])
