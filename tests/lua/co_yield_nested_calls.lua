-- yield from deep inside ordinary Lua calls
local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  local r = deep(n - 1)
  return r .. "<" .. n
end
local co = coroutine.create(function() return deep(5) end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resumed"))
local function helper(x) local got = coroutine.yield(x * 2) return got + 1 end
local co2 = coroutine.wrap(function(a)
  local b = helper(a)
  local c = helper(b)
  return "final", c
end)
print(co2(5))
print(co2(100))
print(co2(200))
local obj = {}
function obj:step(v) return coroutine.yield(self, v) end
local co3 = coroutine.create(function() return obj:step("method") end)
local ok, self_, v = coroutine.resume(co3)
print(ok, self_ == obj, v)
print(coroutine.resume(co3, "back"))
local co4 = coroutine.create(function() local t = {} for i = 1, 3 do t[i] = coroutine.yield(i) end return table.concat(t, ",") end)
coroutine.resume(co4)
coroutine.resume(co4, "x")
coroutine.resume(co4, "y")
print(coroutine.resume(co4, "z"))
