-- yielding from the main thread is an error
print(pcall(coroutine.yield))
print(pcall(coroutine.yield, 1, 2))
print(pcall(function() coroutine.yield("x") end))
print(pcall(function() local v = coroutine.yield() return v end))
print(coroutine.running())
local co = coroutine.create(function() return coroutine.running() end)
local ok, r = coroutine.resume(co)
print(ok, type(r), r == co)
print(select('#', coroutine.running()))
-- after a failed yield from the main thread, coroutines still work normally
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end return "done" end)
print(gen(), gen(), gen(), gen())
-- a yield inside a coroutine nested in a pcall on the main thread is fine
print(pcall(function()
  local co = coroutine.create(function(a) local b = coroutine.yield(a * 2) return a + b end)
  local _, first = coroutine.resume(co, 5)
  local _, second = coroutine.resume(co, 10)
  return first, second, coroutine.status(co)
end))
-- yield from a function called by the coroutine body, not the body itself
local function helper(v) return coroutine.yield(v) end
local co = coroutine.create(function() local r = helper("from helper") return "helper got " .. tostring(r) end)
print(coroutine.resume(co))
print(coroutine.resume(co, "reply"))
print(pcall(helper, "main thread again"))
