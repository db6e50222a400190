-- String-key stores in one lookup (constructor fields, SETFIELD of new and present keys) and
-- the reads that follow them: pairs order as lua5.1's, collisions, removed fields, rehashes,
-- metatables that must still see absent keys, rawset.

local function keys(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
  return table.concat(out, " ")
end

-- Constructors of absent keys: the order lua5.1's main positions give.
print(keys({x = 1, y = 2}))
print(keys({y = 2, x = 1}))
print(keys({a = 1, b = 2, c = 3, d = 4, e = 5}))
print(keys({name = "n", kind = "k", size = 3, [1] = "one", flag = true}))
print(keys({alpha = 1, beta = 2, gamma = 3, delta = 4, epsilon = 5, zeta = 6, eta = 7}))
-- More fields than the constructor sized for (a later store rehashes).
local t = {p = 1, q = 2}
t.r = 3; t.s = 4; t.u = 5
print(keys(t))
-- The same key twice in one constructor: the last wins, one node.
print(keys({k = 1, k = 2, j = 3}))
-- nil values in a constructor: the key takes a node but pairs skips it.
print(keys({a = nil, b = 2, c = nil}))

-- SETFIELD of new keys one by one, then removals and re-insertions.
local o = {}
for _, k in ipairs({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}) do
  o[k] = #k
end
print(keys(o))
o.three = nil; o.seven = nil
print(keys(o))
o.seven = "back"; o.ten = 10
print(keys(o))
-- A removed field stored again keeps its node (next() stays valid while clearing).
local c = {a = 1, b = 2, c = 3, d = 4}
for k in pairs(c) do c[k] = nil end
print(keys(c), next(c))
c.b = "b"
print(keys(c))

-- Keys whose lua5.1 main positions collide in small parts (1-char names are 32 apart).
local col = {}
col["a"] = 1; col["A"] = 2; col["!"] = 3; col["a1"] = 4
print(keys(col))
local col2 = {a = 1, A = 2, ["!"] = 3}
print(keys(col2))

-- Stores into tables with metatables still go through __newindex for absent keys only.
local log = {}
local mt = {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 10) end}
local m = setmetatable({present = 1}, mt)
m.present = 2      -- present: raw store
m.absent = 3       -- absent: __newindex
m.absent = 4       -- now present: raw store
print(m.present, m.absent, table.concat(log, ","))
local m2 = setmetatable({}, {__newindex = {}})
m2.x = 1
print(rawget(m2, "x"), getmetatable(m2).__newindex.x)
rawset(m2, "y", 2)
m2.y = 3
print(rawget(m2, "y"))
-- A metatable set after the fields were stored.
local late = {f = 1}
setmetatable(late, {__newindex = function() error("newindex called") end})
late.f = 5
print(late.f, pcall(function() late.g = 1 end))

-- __index reads after fast stores: instance fields shadow the class, chains of classes.
local Base = {}; Base.__index = Base
function Base.hello() return "base hello" end
Base.shared = "base"
local Mid = setmetatable({}, Base); Mid.__index = Mid
Mid.shared = "mid"
function Mid.only_mid() return "mid" end
local Leaf = setmetatable({}, Mid); Leaf.__index = Leaf
local obj = setmetatable({own = "own"}, Leaf)
print(obj.own, obj.shared, obj.hello(), obj.only_mid(), obj.missing)
obj.shared = "shadow"
print(obj.shared, rawget(obj, "shared"), Mid.shared)
obj.shared = nil
print(obj.shared)
Mid.shared = nil
print(obj.shared)
-- A function __index at the end of a chain of tables.
local Top = setmetatable({}, {__index = function(t, k) return "fn:" .. k end})
Top.__index = Top
local Under = setmetatable({}, Top); Under.__index = Under
local u = setmetatable({}, Under)
print(u.anything, u.other)
Under.anything = "found"
print(u.anything)
-- Method calls through two levels, the method found at each level.
local A = {}; A.__index = A
function A:name() return "A:" .. self.id end
local B = setmetatable({}, A); B.__index = B
local x = setmetatable({id = 1}, B)
print(x:name())
function B:name() return "B:" .. self.id end
print(x:name())

-- Globals and library fields read after stores.
myglobal = 1
print(myglobal, math.abs(-3), string.format("%d", 4))
myglobal = nil
print(myglobal)

-- Non-string keys next to string keys keep their behaviour.
local mix = {[1.5] = "f", [true] = "t", s = "s"}
mix[2.5] = "g"; mix.s2 = "s2"
print(mix[1.5], mix[true], mix.s, mix[2.5], mix.s2)
print(pcall(function() local z = {}; z[nil] = 1 end))
print(pcall(function() local z = {}; z[0/0] = 1 end))

-- Many objects built by a constructor and read back (the benchmark's shape).
local Point = {}; Point.__index = Point
function Point.new(px, py) return setmetatable({x = px, y = py}, Point) end
function Point:add(q) return Point.new(self.x + q.x, self.y + q.y) end
local p, d = Point.new(0, 0), Point.new(1, -1)
for _ = 1, 1000 do p = p:add(d) end
print(p.x, p.y, keys(p))
