-- A tail call made inside a metamethod's Lua function is a `(tail call)` stack level.
local function lvl2() error("m", 2) end
local function where3() error("w", 3) end
local mt = {}
mt.__index = function(t, k) return lvl2() end
mt.__add = function(a, b) return where3() end
mt.__eq = function(a, b) return lvl2() end
mt.__concat = function(a, b) return lvl2() end
mt.__newindex = function(t, k, v) return lvl2() end
mt.__call = function(self) return lvl2() end
local a = setmetatable({}, mt)
local b = setmetatable({}, mt)
print(pcall(function() return a.x end))
print(pcall(function() return a + 1 end))
print(pcall(function() return a == b end))
print(pcall(function() return a .. "s" end))
print(pcall(function() a.y = 1 end))
print(pcall(function() return a() end))
-- two tail calls
local function two() return lvl2() end
mt.__index = function(t, k) return two() end
print(pcall(function() return a.x end))
mt.__index = function(t, k) return where3() end
print(pcall(function() return a.x end))
-- tracebacks and getinfo from inside the tail-called function
local function tb() return debug.traceback("tb", 1) end
mt.__index = function(t, k) return tb() end
print(a.x)
local function gi()
  local out = {}
  for l = 1, 4 do
    local i = debug.getinfo(l, "Sl")
    out[#out + 1] = i and (i.what .. " " .. i.short_src .. " " .. i.currentline) or "nil"
  end
  return table.concat(out, " | ")
end
mt.__index = function(t, k) return gi() end
print(a.x)
local function gp() print(gi()) return true end
mt.__lt = function(x, y) return gp() end
print(a < b)
mt.__le = function(x, y) return lvl2() end
print(pcall(function() return a <= b end))
-- a hook's Lua function that tail-calls (a count hook, at a call)
local function gs()
  local out = {}
  for l = 1, 4 do
    local i = debug.getinfo(l, "S")
    out[#out + 1] = i and (i.what .. " " .. i.short_src) or "nil"
  end
  return table.concat(out, " | ")
end
local function hk() debug.sethook() print(gs()) end
debug.sethook(function() return hk() end, "", 1)
local z = tostring(1)
