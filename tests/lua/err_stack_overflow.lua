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
