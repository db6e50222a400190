-- debug.traceback (messages, levels, threads, the 12 + 10 level cut), debug.getfenv/setfenv
-- on functions and threads, debug.getmetatable/setmetatable on every type, getregistry,
-- sethook/gethook.
local function lvl3() return debug.traceback("msg") end
local function lvl2() return lvl3() .. "" end
print(lvl2())
print(debug.traceback("at 2", 2))
print(debug.traceback())
print(debug.traceback(nil, 1))
print(debug.traceback(12))
print(type(debug.traceback({})), type(debug.traceback(print)))
local function deep(n)
  if n == 0 then return debug.traceback("deep") end
  return (deep(n - 1))
end
print(deep(40))
print(deep(15))
local co = coroutine.create(function() local function inner() coroutine.yield() end inner() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "co msg"))
print(select(2, xpcall(function() error("boom") end, debug.traceback)))

local env = {print = print}
local function useenv() return x end
print(debug.getfenv(useenv) == _G)
print(debug.setfenv(useenv, env) == useenv, debug.getfenv(useenv) == env)
env.x = "from env"
print(useenv())
print(pcall(debug.setfenv, 1, {}))
print(debug.getfenv(1), debug.getfenv("s"))
local thr = coroutine.create(function() return y end)
print(debug.getfenv(thr) == _G)
debug.setfenv(thr, {y = "thread env"})
print(debug.getfenv(thr).y)
print(debug.getfenv(print) == _G)

local mt = {__index = function(a, b) return a .. ":" .. tostring(b) end}
print(debug.setmetatable(10, mt))
print(getmetatable(1) == mt, (5)[3])
debug.setmetatable(1, nil)
print(getmetatable(1))
debug.setmetatable(nil, {__add = function(a, b) return (a or 0) + (b or 0) end})
print(nil + 3, 4 + nil)
debug.setmetatable(nil, nil)
print(pcall(function() return nil + 1 end))
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), type(debug.getmetatable(prot)))
print(debug.getmetatable(print))
print(pcall(debug.setmetatable, {}, 1))
print(type(debug.getregistry()))
print(debug.gethook())
local function hook() end
debug.sethook(hook, "c", 3)
local h, m, c = debug.gethook()
print(h == hook, m, c)
debug.sethook()
print(debug.gethook())
