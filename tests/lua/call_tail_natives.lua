-- Tail calls of natives run as calls: every result kept, zero results, natives that push
-- frames (pcall, xpcall) or switch coroutines (yield) in tail position, errors from them.
local function many(s) return string.byte(s, 1, -1) end
print(many("abcde"))
print(select('#', many("")))
local function none() return print() end
print(select('#', none()))
local function sel(...) return select(2, ...) end
print(sel(1, 2, 3, nil, 5))
print(select('#', sel(1, nil, nil)))
local function prot(f, ...) return pcall(f, ...) end
print(prot(function(a, b) return a + b, a * b end, 6, 7))
print(prot(function() error("boom") end))
print(type(select(2, prot(function() error({code = 1}) end))))
local function xp() return xpcall(function() error("deep") end, function(m) return "handled: " .. m end) end
print(xp())
local function abs_of(x) return math.abs(x) end
print(abs_of(-3), abs_of("-4.5"))
print(pcall(abs_of, {}))
print(pcall(abs_of))
local function tos(x) return tostring(x) end
print(tos(nil), tos(1.5), tos("s"))
-- A callable table whose __call is a native, in tail position.
local callable = setmetatable({}, {__call = rawequal})
local function call_it(...) return callable(...) end
print(call_it(callable), call_it(1))
-- yield in tail position, inside a coroutine, with values both ways.
local co = coroutine.create(function(a)
  local function y(...) return coroutine.yield(...) end
  local b, c = y(a + 1, a + 2)
  local d = y(b * c)
  return d, "done"
end)
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, "last"))
print(coroutine.resume(co))
print(coroutine.status(co))
local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i, i * i) end
  return "end"
end)
print(gen()) print(gen()) print(gen()) print(gen())
print(pcall(gen))
-- Nested coroutines: resume from inside a coroutine, yields in both.
local inner = coroutine.create(function(x)
  while true do x = coroutine.yield(x * 2) end
end)
local outer = coroutine.create(function()
  local s = 0
  for i = 1, 4 do
    local ok, v = coroutine.resume(inner, i)
    s = s + v
    coroutine.yield(s)
  end
  return coroutine.status(inner), s
end)
for _ = 1, 6 do print(coroutine.resume(outer)) end
-- Comparisons and lookups that leave the fast path, operands read back from the instruction.
local mt = {__lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end,
            __eq = function(a, b) return a.v == b.v end}
local p, q = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
local r = setmetatable({v = 1}, mt)
print(p < q, p <= q, q < p, p == r, p ~= q, "a" < "b", "b" <= "a", 1 < 2, 2 <= 1)
print(pcall(function() return p < 1 end))
print(pcall(function() local t = {} return t < t end))
print(pcall(function() return {} <= 2 end))
local proxy = setmetatable({}, {__index = function(t, k) return k .. "!" end})
local function get(t, k) return t[k] end
print(proxy.x, proxy[1], get(proxy, "y"), rawget(proxy, "x"))
local s = "text"
print(s:upper(), s.len == string.len, ("x"):rep(3))
print(pcall(function() local n = nil; return n.field end))
print(pcall(function() local n = 5; return n:method() end))
print(pcall(function() return undefined_global.x end))
setmetatable(_G, {__index = function(_, k) return "global " .. k end})
print(some_missing_name)
setmetatable(_G, nil)
print(select('#', abs_of(1)))
